"""The interim store: a rebuild redoes only what changed, and writes what a clean build writes."""

import hashlib
import json
import os
import shutil
import time

import pytest

import antlens.build
import antlens.corpus
import antlens.interim
import antlens.package
import antlens.problems
import antlens.schemas
import antlens.workbook
from antlens.build import build

from .test_build import _files


@pytest.fixture
def corpus(repo_copy):
    """The repository copy with a third, unannotated source, so that one source is cacheable."""
    raw = repo_copy / "data/raw/articles"
    data = (raw / "002_c9c604f76d26af63.txt").read_bytes() + b"\nAnother 12 pages.\n"
    (raw / "extra.txt").write_bytes(data)
    with (repo_copy / "data/sources.yaml").open("a", encoding="utf-8") as registry:
        registry.write(
            "  - source_id: extra\n    title: Extra\n    language: en\n"
            "    path: data/raw/articles/extra.txt\n"
            f"    sha256: {hashlib.sha256(data).hexdigest()}\n"
        )
    return repo_copy


def _count_detections(monkeypatch) -> list[int]:
    calls = []
    real = antlens.corpus.detect_mentions

    def counting(text):
        calls.append(len(text))
        return real(text)

    monkeypatch.setattr(antlens.corpus, "detect_mentions", counting)
    return calls


def test_a_rebuild_detects_only_changed_sources(corpus, monkeypatch):
    build(corpus, allow_unaccounted=True)
    calls = _count_detections(monkeypatch)
    build(corpus, allow_unaccounted=True)
    assert calls == []  # the annotated sources are curated again from their stored mentions


def test_an_annotated_source_whose_bytes_changed_is_detected_again(corpus, monkeypatch):
    build(corpus, allow_unaccounted=True)
    raw = corpus / "data/raw/articles/000_4ef738e29a43aba1.txt"
    old = raw.read_bytes()
    raw.write_bytes(old + b"\nAnother 12 pages.\n")
    registry = corpus / "data/sources.yaml"
    new_hash = hashlib.sha256(raw.read_bytes()).hexdigest()
    registry.write_text(
        registry.read_text(encoding="utf-8").replace(hashlib.sha256(old).hexdigest(), new_hash),
        encoding="utf-8",
    )
    calls = _count_detections(monkeypatch)
    build(corpus, allow_unaccounted=True)
    assert calls == [len(raw.read_text(encoding="utf-8"))]  # the changed source only
    cached = _files(corpus / "data/processed")
    shutil.rmtree(corpus / "data/interim")
    build(corpus, allow_unaccounted=True)
    assert _files(corpus / "data/processed") == cached


# An exclusion's reason is in the mentions table only; a claim's note in claims and the workbook.
EDITS = {
    "exclusion": ("Section number.", "A section number."),
    "claim": ("the article gives no date for the estimate.", "no date is given."),
}


@pytest.mark.parametrize("change", EDITS)
def test_cached_and_clean_builds_write_the_same_bytes(corpus, edit, change, monkeypatch):
    build(corpus, allow_unaccounted=True)
    edit("data/annotations/ant_boundary.yaml", *EDITS[change])
    calls = _count_detections(monkeypatch)
    build(corpus, allow_unaccounted=True)
    assert calls == []  # the edited source's mentions came from the store
    cached = _files(corpus / "data/processed")
    shutil.rmtree(corpus / "data/interim")
    build(corpus, allow_unaccounted=True)
    assert _files(corpus / "data/processed") == cached


def test_a_changed_detector_invalidates_the_store(corpus, monkeypatch):
    build(corpus, allow_unaccounted=True)
    monkeypatch.setattr(antlens.interim, "code_fingerprint", lambda paths: "other code")
    calls = _count_detections(monkeypatch)
    build(corpus, allow_unaccounted=True)
    assert len(calls) == 3


def test_a_damaged_store_is_ignored(corpus):
    build(corpus, allow_unaccounted=True)
    before = _files(corpus / "data/processed")
    (corpus / "data/interim/part-00000.mentions.parquet").write_bytes(b"not parquet")
    build(corpus, allow_unaccounted=True)
    assert _files(corpus / "data/processed") == before


def test_unaccounted_mentions_of_a_cached_source_are_still_reported(corpus):
    build(corpus, allow_unaccounted=True)
    with pytest.raises(antlens.problems.ProblemsFound) as found:
        build(corpus)
    records = {p.record for p in found.value.problems}
    assert {p.slug for p in found.value.problems} == {"unaccounted-mention"}
    assert records and all(r.startswith("extra-m") for r in records)


def test_an_edited_registry_is_read_again_not_taken_from_the_store(corpus, edit):
    build(corpus, allow_unaccounted=True)
    assert len(list((corpus / "data/interim").glob("registry-*.json"))) == 1
    edit("data/sources.yaml", "title: Extra", "title: Renamed extra")
    build(corpus, allow_unaccounted=True)
    titles = (corpus / "data/processed/sources.csv").read_text(encoding="utf-8")
    assert "Renamed extra" in titles
    edit("data/sources.yaml", "    language: en\n", "    language: en\n    colour: red\n")
    with pytest.raises(antlens.problems.ProblemsFound) as found:
        build(corpus, allow_unaccounted=True)
    assert {p.slug for p in found.value.problems} == {"unknown-field"}


def test_other_record_keys_check_the_registry_again(corpus, edit):
    build(corpus, allow_unaccounted=True)
    edit("schemas/records.yaml", "  language: {required: true,", "  lang: {required: true,")
    antlens.schemas.load.cache_clear()  # as a new process reads them
    with pytest.raises(antlens.problems.ProblemsFound) as found:
        build(corpus, allow_unaccounted=True)
    assert {(p.slug, p.column) for p in found.value.problems} >= {("unknown-field", "language")}


def _settle():
    """Let the clock move past the files just written: a file written in the clock tick its
    build starts in is hashed again by the next build (the racy-git rule)."""
    time.sleep(0.05)


def _reads(monkeypatch) -> list[str]:
    """The source ids whose raw file a build reads."""
    read = []
    real = antlens.corpus.read_source

    def counting(paths, record):
        read.append(record["source_id"])
        return real(paths, record)

    monkeypatch.setattr(antlens.corpus, "read_source", counting)
    return read


def _stamps(root) -> dict:
    manifest = json.loads((root / "data/interim/manifest.json").read_text(encoding="utf-8"))
    return {i: e[3] for part in manifest["partitions"] for i, e in part["sources"].items()}


def test_an_unchanged_file_is_not_read_again(corpus, monkeypatch):
    _settle()
    build(corpus, allow_unaccounted=True)
    read = _reads(monkeypatch)
    build(corpus, allow_unaccounted=True)
    assert sorted(read) == ["ant_boundary", "ant_duality"]  # annotated: their text is curated


@pytest.mark.parametrize("keep_mtime", [False, True])
def test_a_change_that_keeps_the_size_still_stops_the_build(corpus, keep_mtime):
    _settle()
    build(corpus, allow_unaccounted=True)
    assert _stamps(corpus)["extra"] is not None  # the build trusts its stamp from now on
    path = corpus / "data/raw/articles/extra.txt"
    before, data = path.stat(), path.read_bytes()
    path.write_bytes(data.replace(b"12 pages", b"13 pages"))
    if keep_mtime:  # as a tool that restores times would: only the ctime still moves
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    with pytest.raises(antlens.problems.ProblemsFound) as found:
        build(corpus, allow_unaccounted=True)
    assert [(p.slug, p.record) for p in found.value.problems] == [("source-changed", "extra")]


def test_a_stamp_is_trusted_only_once_the_clock_has_moved_past_it():
    stamp = ["a.txt", 10, 1_000, 2_000, 7]  # path, size, mtime_ns, ctime_ns, inode
    assert antlens.interim.settled(stamp, 2_001) == stamp
    assert antlens.interim.settled(stamp, 2_000) is None  # written in the tick the build began
    assert antlens.interim.settled(["a.txt", 10, 3_000, 2_000, 7], 2_001) is None
    assert antlens.interim.settled(None, 2_001) is None


@pytest.fixture
def plain_partitions(corpus, monkeypatch):
    """The corpus in partitions of one source: the extra source's partition is plain."""
    monkeypatch.setattr(antlens.corpus, "PARTITION_SOURCES", 1)
    _settle()
    build(corpus, allow_unaccounted=True)
    return corpus


def _inodes(folder) -> dict[str, int]:
    return {p.name: p.stat().st_ino for p in folder.iterdir()}


def _fresh_build(root) -> dict[str, bytes]:
    shutil.rmtree(root / "data/interim")
    build(root, allow_unaccounted=True)
    return _files(root / "data/processed")


def test_an_unchanged_plain_partition_is_kept_unread(plain_partitions, edit, monkeypatch):
    store = plain_partitions / "data/interim"
    before = _inodes(store)
    read = _reads(monkeypatch)
    edit("data/annotations/ant_boundary.yaml", "Section number.", "A section number.")
    build(plain_partitions, allow_unaccounted=True)
    after = _inodes(store)
    kept = {name for name in before if name.startswith("part-") and after[name] == before[name]}
    assert kept == {"part-00002.sentences.parquet", "part-00002.mentions.parquet"}
    assert "extra" not in read
    rebuilt = _files(plain_partitions / "data/processed")
    assert rebuilt == _fresh_build(plain_partitions)


def test_a_partition_whose_source_gains_an_annotation_is_curated_afresh(plain_partitions):
    annotation = plain_partitions / "data/annotations/extra.yaml"
    quote = "Another 12 pages"
    annotation.write_text(
        f'source_id: extra\nexclusions:\n  - quote: "{quote}"\n    reason: A test.\n',
        encoding="utf-8",
    )
    build(plain_partitions, allow_unaccounted=True)
    mentions = (plain_partitions / "data/processed/mentions.csv").read_text(encoding="utf-8")
    assert "A test." in mentions
    rebuilt = _files(plain_partitions / "data/processed")
    assert rebuilt == _fresh_build(plain_partitions)


@pytest.mark.parametrize(
    ("change", "sheet_rows", "written"),
    [
        ("exclusion", 10, {"mentions.csv", "mentions.parquet"}),  # too many mentions for a sheet
        ("claim", 5_000, {"claims.csv", "claims.parquet", "antlens.xlsx"}),
    ],
)
def test_unchanged_files_are_kept_changed_ones_written(
    corpus, edit, monkeypatch, change, sheet_rows, written
):
    monkeypatch.setattr(antlens.workbook, "SHEET_ROWS", sheet_rows)
    build(corpus, allow_unaccounted=True)
    processed = corpus / "data/processed"
    before = _inodes(processed)
    edit("data/annotations/ant_boundary.yaml", *EDITS[change])
    build(corpus, allow_unaccounted=True)
    after = _inodes(processed)
    assert {name for name in before if after[name] != before[name]} == written | {
        "datapackage.json"
    }


def test_a_kept_table_edited_by_hand_or_gone_is_written_again(corpus):
    build(corpus, allow_unaccounted=True)
    clean = _files(corpus / "data/processed")
    sentences = corpus / "data/processed/sentences.csv"
    data = sentences.read_bytes()
    sentences.write_bytes(data.replace(b"Ant", b"Tna", 1))  # same size
    (corpus / "data/processed/mentions.parquet").unlink()
    build(corpus, allow_unaccounted=True)
    assert _files(corpus / "data/processed") == clean


def test_other_writing_code_writes_the_tables_again(corpus, monkeypatch):
    build(corpus, allow_unaccounted=True)
    before = _inodes(corpus / "data/processed")
    monkeypatch.setattr(antlens.package.pa, "__version__", "0.0")
    build(corpus, allow_unaccounted=True)
    assert _inodes(corpus / "data/processed")["sentences.csv"] != before["sentences.csv"]
