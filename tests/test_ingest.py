"""`antlens ingest`: a real article in, end to end; anything else refused, nothing written."""

import errno
import hashlib
import subprocess
import sys
from collections import Counter
from pathlib import Path

import polars as pl
import pytest
import yaml

from antlens import detect_mentions
from antlens.build import build
from antlens.cli import main
from antlens.curate import run_curate
from antlens.ingest import ingest
from antlens.problems import ProblemsFound
from antlens.sentences import split_sentences

ARTICLE = Path(__file__).parent / "fixtures" / "articles" / "ipo_suspended.txt"
CHINESE = "蚂蚁集团2020年上半年营业收入725亿元，其中数字金融科技平台收入占百分之六十三。"
METADATA = {"publisher": "Reuters and others", "published": "2020-11-03"}


def _tree(root: Path) -> dict[str, bytes]:
    """Every file under `root`, by relative path: compared before and after to see any write."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and p.name != ".antlens.lock"  # the lock names its last holder
    }


def _registry(root: Path) -> list[dict]:
    return yaml.safe_load((root / "data/sources.yaml").read_text(encoding="utf-8"))["sources"]


def test_an_article_is_copied_registered_and_stubbed(repo_copy):
    registry_before = (repo_copy / "data/sources.yaml").read_text(encoding="utf-8")
    records_before = _registry(repo_copy)

    result = ingest(ARTICLE, "ipo_suspended", METADATA, repo_copy)

    data = ARTICLE.read_bytes()
    raw = repo_copy / "data/raw/articles/ipo_suspended.txt"
    assert raw.read_bytes() == data
    registry_after = (repo_copy / "data/sources.yaml").read_text(encoding="utf-8")
    assert registry_after.startswith(registry_before)  # comments and old records untouched
    assert _registry(repo_copy) == [
        *records_before,
        {
            "source_id": "ipo_suspended",
            "title": result.record["title"],
            "author": None,
            "publisher": "Reuters and others",
            "language": "en",
            "translation_note": None,
            "url": None,
            "published": "2020-11-03",
            "path": "data/raw/articles/ipo_suspended.txt",
            "sha256": hashlib.sha256(data).hexdigest(),
        },
    ]
    assert result.record["title"].startswith("HONG KONG, Nov 3 — The Shanghai stock exchange")
    assert result.stub == "data/annotations/ipo_suspended.yaml"


def test_the_report_page_is_left_to_render_and_ingest_needs_no_website(repo_copy):
    reports = _tree(repo_copy / "reports")
    ingest(ARTICLE, "ipo_suspended", METADATA, repo_copy)
    assert _tree(repo_copy / "reports") == reports
    imported = subprocess.run(
        [sys.executable, "-c", "import sys, antlens.ingest; print(sorted(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "antlens.website" not in imported


def test_the_stub_suggests_a_claim_or_an_exclusion_for_every_detected_mention(repo_copy):
    ingest(ARTICLE, "ipo_suspended", METADATA, repo_copy)
    stub_text = (repo_copy / "data/annotations/ipo_suspended.yaml").read_text(encoding="utf-8")
    stub = yaml.safe_load(stub_text)
    mentions = detect_mentions(ARTICLE.read_text(encoding="utf-8"))
    assert (stub["source_id"], stub["claims"], stub["exclusions"]) == ("ipo_suspended", None, None)
    ids = [entry["mention"] for entry in stub["todo"]]
    assert len(ids) == len(set(ids)) > 20
    assert set(ids) <= {f"ipo_suspended-m{i:04d}" for i in range(len(mentions))}
    assert {entry["suggested"] for entry in stub["todo"]} == {"claim", "exclusion"}
    by_mention = {entry["mention"]: entry for entry in stub["todo"]}
    raised = by_mention["ipo_suspended-m0001"]
    assert (raised["suggested"], raised["value"], raised["scale"], raised["unit"]) == (
        "claim",
        37,
        "billion",
        "USD",
    )
    assert "about US$37 billion" in raised["quote"]
    # The kind and the sentence ride along as the comment above each entry.
    assert "# ipo_suspended-m0001 amount: " in stub_text
    assert "»about US$37 billion«" in stub_text


def test_the_build_takes_the_new_source_as_unreviewed_and_refuses_it_without_the_flag(repo_copy):
    result = ingest(ARTICLE, "ipo_suspended", METADATA, repo_copy)
    text = ARTICLE.read_text(encoding="utf-8")

    build(repo_copy, allow_unaccounted=True)

    processed = repo_copy / "data/processed"
    sources = pl.read_parquet(processed / "sources.parquet")
    assert "ipo_suspended" in sources["source_id"].to_list()
    sentences = pl.read_parquet(processed / "sentences.parquet").filter(
        pl.col("source_id") == "ipo_suspended"
    )
    assert sentences.height == len(split_sentences(text))
    mentions = pl.read_parquet(processed / "mentions.parquet").filter(
        pl.col("source_id") == "ipo_suspended"
    )
    assert mentions["text"].to_list() == [m.text for m in result.mentions]
    assert set(mentions["status"]) == {"unreviewed"}

    with pytest.raises(ProblemsFound) as found:
        build(repo_copy)
    assert {p.slug for p in found.value.problems} == {"unaccounted-mention"}
    assert [p.record for p in found.value.problems] == mentions["mention_id"].to_list()


def test_the_stub_accepted_as_suggested_builds_cleanly(repo_copy):
    ingest(ARTICLE, "ipo_suspended", METADATA, repo_copy)
    run_curate("ipo_suspended", repo_copy, accept_suggested=True)

    report = build(repo_copy)

    assert report.todo == {} and report.unreviewed == 0
    claims = pl.read_parquet(repo_copy / "data/processed/claims.parquet")
    raised = claims.filter(pl.col("mention_id") == "ipo_suspended-m0001").row(0, named=True)
    assert (raised["value_base"], raised["unit"], raised["qualifier"]) == (
        37e9,
        "USD",
        "approximately",
    )


# ---------------------------------------------------------------- refusals


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


REFUSED_FILES = {
    "gb18030": (CHINESE.encode("gb18030"), "not-utf8", "GB18030"),
    "big5": (
        "螞蟻集團今天宣布，公司的營業收入達到了一千二百億元。".encode("big5"),
        "not-utf8",
        "BIG5",
    ),
    "utf16": ("Ant Group raised US$34.5 billion.".encode("utf-16"), "not-utf8", "UTF-16LE"),
    "cp1252": ("Ant’s “boundary” — 2.4 trillion yuan".encode("cp1252"), "not-utf8", "WINDOWS-1252"),
    "empty": (b"", "empty-article", "an empty file"),
    "whitespace": (b" \n\t\r\n  \n", "empty-article", "white space"),
    "nul bytes": (b"Ant Group\x00\x01\x02\x00\xff\x10 raised", "not-text", "NUL"),
    "control characters": (bytes(range(1, 9)) * 20 + b"Ant", "not-text", "control"),
    "pdf": (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\n", "not-text", "PDF"),
    "html": (b"<!DOCTYPE html><html><body>Ant</body></html>", "not-text", "HTML"),
}


@pytest.mark.parametrize("case", REFUSED_FILES)
def test_what_is_not_a_utf8_text_article_is_refused_and_nothing_written(repo_copy, tmp_path, case):
    data, slug, found_words = REFUSED_FILES[case]
    path = _write(tmp_path, "article.txt", data)
    before = _tree(repo_copy)
    with pytest.raises(ProblemsFound) as found:
        ingest(path, "new_article", root=repo_copy)
    (problem,) = found.value.problems
    assert (problem.slug, problem.file) == (slug, str(path))
    assert found_words in problem.found
    assert problem.expected
    assert _tree(repo_copy) == before


@pytest.mark.parametrize(
    ("source_id", "slug"),
    [
        ("Bad ID!", "bad-id"),
        ("-leading-dash", "bad-id"),
        ("a" * 65, "bad-id"),
        ("ant_boundary", "duplicate-id"),
    ],
)
def test_a_bad_or_taken_id_is_refused(repo_copy, source_id, slug):
    before = _tree(repo_copy)
    with pytest.raises(ProblemsFound) as found:
        ingest(ARTICLE, source_id, root=repo_copy)
    assert [p.slug for p in found.value.problems] == [slug]
    assert _tree(repo_copy) == before


def test_a_leftover_file_of_the_same_name_is_refused(repo_copy):
    (repo_copy / "data/annotations/ipo_suspended.yaml").write_text("claims:\n", encoding="utf-8")
    before = _tree(repo_copy)
    with pytest.raises(ProblemsFound) as found:
        ingest(ARTICLE, "ipo_suspended", root=repo_copy)
    (problem,) = found.value.problems
    assert (problem.slug, problem.file) == ("file-exists", "data/annotations/ipo_suspended.yaml")
    assert _tree(repo_copy) == before


def test_a_missing_file_is_refused(repo_copy, tmp_path):
    before = _tree(repo_copy)
    with pytest.raises(ProblemsFound) as found:
        ingest(tmp_path / "nowhere.txt", "new_article", root=repo_copy)
    assert [p.slug for p in found.value.problems] == ["missing-file"]
    assert _tree(repo_copy) == before


def test_a_text_already_registered_is_refused_by_its_sha256(repo_copy, tmp_path):
    copy = _write(
        tmp_path,
        "copy.txt",
        (repo_copy / "data/raw/articles/000_4ef738e29a43aba1.txt").read_bytes(),
    )
    before = _tree(repo_copy)
    with pytest.raises(ProblemsFound) as found:
        ingest(copy, "boundary_again", root=repo_copy)
    (problem,) = found.value.problems
    assert (problem.slug, problem.record) == ("duplicate-source", "ant_boundary")
    assert "ant_boundary" in problem.hint
    assert _tree(repo_copy) == before


def test_every_problem_is_reported_at_once(repo_copy, tmp_path):
    path = _write(tmp_path, "article.txt", b"")
    with pytest.raises(ProblemsFound) as found:
        ingest(path, "Bad ID", {"published": "3 Nov 2020"}, repo_copy)
    assert [p.slug for p in found.value.problems] == ["empty-article", "bad-id", "bad-date"]


@pytest.mark.parametrize("error", [OSError("a bug"), OSError(errno.ENOSPC, "No space left")])
def test_a_failure_midway_leaves_nothing_half_written(repo_copy, monkeypatch, error):
    import antlens.writing

    def replace_but_not_the_registry(source, target):
        if Path(target).name == "sources.yaml":
            raise error
        real_replace(source, target)

    real_replace = antlens.writing.os.replace
    monkeypatch.setattr(antlens.writing.os, "replace", replace_but_not_the_registry)
    before = _tree(repo_copy)
    with pytest.raises((OSError, ProblemsFound)) as raised:
        ingest(ARTICLE, "ipo_suspended", root=repo_copy)
    assert _tree(repo_copy) == before  # no raw copy, no stub, no temporary file
    if error.errno:  # the disk refusing is a problem naming the folder, not an internal error
        (problem,) = raised.value.problems
        assert (problem.slug, problem.file) == ("cannot-write", "data")
        assert problem.found.startswith("no space is left on the device")
    # and nothing is left in the way of trying again
    monkeypatch.setattr(antlens.writing.os, "replace", real_replace)
    ingest(ARTICLE, "ipo_suspended", root=repo_copy)


def test_a_registry_the_record_cannot_be_appended_to_is_left_alone(repo_copy, edit):
    edit("data/sources.yaml", "sources:\n", "version: 1\nsources:\n")
    registry = repo_copy / "data/sources.yaml"
    registry.write_text(registry.read_text(encoding="utf-8") + "notes: none\n", encoding="utf-8")
    before = _tree(repo_copy)
    with pytest.raises(ProblemsFound) as found:
        ingest(ARTICLE, "ipo_suspended", root=repo_copy)
    (problem,) = found.value.problems
    assert problem.slug == "registry-layout"
    assert "- source_id: ipo_suspended" in problem.hint
    assert _tree(repo_copy) == before


# ---------------------------------------------------------------- the command line


def test_the_command_prints_counts_by_kind_and_each_mention_in_its_sentence(repo_copy, capsys):
    code = main(["--root", str(repo_copy), "ingest", str(ARTICLE), "--id", "ipo_suspended"])
    out = capsys.readouterr().out
    assert code == 0
    assert "ingested source ipo_suspended: data/raw/articles/ipo_suspended.txt" in out
    kinds = Counter(m.kind for m in detect_mentions(ARTICLE.read_text(encoding="utf-8")))
    counts = ", ".join(f"{n} {kind}" for kind, n in kinds.most_common())
    assert f"{kinds.total()} mention(s) found: {counts}\n" in out
    assert "m0001 amount   " in out and "»about US$37 billion«" in out


def test_the_command_refuses_with_problems_on_stderr_and_no_traceback(repo_copy, tmp_path, capsys):
    path = _write(tmp_path, "article.txt", CHINESE.encode("gb18030"))
    before = _tree(repo_copy)
    code = main(["--root", str(repo_copy), "ingest", str(path), "--id", "new_article"])
    captured = capsys.readouterr()
    assert code == 1
    assert captured.out == ""
    assert "[not-utf8]" in captured.err and "iconv -f GB18030" in captured.err
    assert "Traceback" not in captured.err
    assert _tree(repo_copy) == before


def test_a_device_a_bad_date_and_a_long_repetitive_article(repo_copy, tmp_path):
    with pytest.raises(ProblemsFound) as found:
        ingest(Path("/dev/zero"), "zero", root=repo_copy)
    assert [p.slug for p in found.value.problems] == ["not-a-file"]
    article = tmp_path / "a.txt"
    article.write_text("Ant Group earned 12 billion yuan. " * 20_000, encoding="utf-8")
    with pytest.raises(ProblemsFound) as found:
        ingest(article, "long", {"published": "2020-13-45"}, root=repo_copy)
    assert [p.slug for p in found.value.problems] == ["bad-date"]
    ingest(article, "long", root=repo_copy)  # 20,000 equal mentions, in seconds
    stub = (repo_copy / "data/annotations/long.yaml").read_text(encoding="utf-8")
    assert "occurrence: 20000\n" in stub
