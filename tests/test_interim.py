"""The interim store: a rebuild redoes only what changed, and writes what a clean build writes."""

import hashlib
import shutil

import pytest

import antlens.build
import antlens.corpus
import antlens.interim
import antlens.problems
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


def test_a_rebuild_detects_only_annotated_or_changed_sources(corpus, monkeypatch):
    build(corpus, allow_unaccounted=True)
    calls = _count_detections(monkeypatch)
    build(corpus, allow_unaccounted=True)
    assert len(calls) == 2  # the two annotated sources; the extra one comes from the store


def test_cached_and_clean_builds_write_the_same_bytes(corpus, edit):
    build(corpus, allow_unaccounted=True)
    edit("data/annotations/ant_boundary.yaml", "Section number.", "A section number.")
    build(corpus, allow_unaccounted=True)
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
    assert (corpus / "data/interim/registry.json").is_file()
    edit("data/sources.yaml", "title: Extra", "title: Renamed extra")
    build(corpus, allow_unaccounted=True)
    titles = (corpus / "data/processed/sources.csv").read_text(encoding="utf-8")
    assert "Renamed extra" in titles
    edit("data/sources.yaml", "    language: en\n", "    language: en\n    colour: red\n")
    with pytest.raises(antlens.problems.ProblemsFound) as found:
        build(corpus, allow_unaccounted=True)
    assert {p.slug for p in found.value.problems} == {"unknown-field"}
