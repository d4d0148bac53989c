"""Deciding on suggestions without a browser: the same checks, atomic writes, no lost updates."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from antlens.build import build
from antlens.curate import Decision, Session, run_curate
from antlens.ingest import ingest
from antlens.paths import locate
from antlens.problems import ProblemsFound
from tests.conftest import REPO

ARTICLE = REPO / "tests" / "fixtures" / "articles" / "ipo_filing.txt"


@pytest.fixture
def source(repo_copy: Path) -> Path:
    """The repository copy with the ipo_filing article ingested (its stub as ingest writes it)."""
    ingest(ARTICLE, "ipo_filing", {"published": "2020-08-25"}, repo_copy)
    return repo_copy


def _annotation(root: Path) -> Path:
    return locate(root).annotation_file("ipo_filing")


def _first(root: Path, action: str = "claim"):
    session = Session(locate(root), "ipo_filing")
    return next(p for p in session.pending() if p.suggestion.action == action)


def test_accepting_a_suggestion_moves_it_under_claims_and_keeps_the_comments(source: Path):
    before = _annotation(source).read_text(encoding="utf-8")
    item = _first(source)
    message = run_curate("ipo_filing", source, accept=[item.mention_id])
    after = _annotation(source).read_text(encoding="utf-8")
    document = yaml.safe_load(after)
    assert document["claims"] == [item.suggestion.entry]
    assert item.mention_id not in str(document.get("todo"))
    assert len(document["todo"]) == len(yaml.safe_load(before)["todo"]) - 1
    assert before.split("source_id:")[0] == after.split("source_id:")[0]  # header comments kept
    assert "decision(s) saved" in message
    assert not list(_annotation(source).parent.glob(".*.part"))  # no temporary file left


def test_a_claim_can_be_named_by_its_suggested_id(source: Path):
    item = _first(source)
    run_curate("ipo_filing", source, accept=[item.suggestion.entry["claim_id"]])
    claims = yaml.safe_load(_annotation(source).read_text(encoding="utf-8"))["claims"]
    assert [c["claim_id"] for c in claims] == [item.suggestion.entry["claim_id"]]


def test_excluding_with_a_reason_writes_an_exclusion(source: Path):
    item = _first(source)
    run_curate("ipo_filing", source, exclude=[item.mention_id], reason="A forecast, not a fact.")
    exclusions = yaml.safe_load(_annotation(source).read_text(encoding="utf-8"))["exclusions"]
    assert exclusions == [{"quote": "about $30bn", "reason": "A forecast, not a fact."}]


def test_accepting_every_suggestion_gives_an_annotation_the_build_accepts(source: Path):
    run_curate("ipo_filing", source, accept_suggested=True)
    document = yaml.safe_load(_annotation(source).read_text(encoding="utf-8"))
    assert "todo" not in document and document["claims"] and document["exclusions"]
    report = build(source)
    assert report.unreviewed == 0 and report.todo == {}
    assert Session(locate(source), "ipo_filing").pending() == []


def test_a_decision_that_fails_a_check_saves_nothing(source: Path):
    before = _annotation(source).read_bytes()
    item = _first(source)
    wrong = {**item.suggestion.entry, "value": 31}
    outcome = Session(locate(source), "ipo_filing").decide(
        [Decision(item.mention_id, "accept", entry=wrong)]
    )
    claim_id = item.suggestion.entry["claim_id"]
    assert [p.flat()[3:] for p in outcome.problems] == [(claim_id, "value", "value-mismatch")]
    assert not outcome.saved and _annotation(source).read_bytes() == before


def test_an_exclusion_needs_a_reason_and_an_unknown_number_is_refused(source: Path):
    before = _annotation(source).read_bytes()
    item = _first(source)
    with pytest.raises(ProblemsFound) as raised:
        run_curate("ipo_filing", source, exclude=[item.mention_id], accept=["ipo_filing-m0999"])
    slugs = sorted(p.slug for p in raised.value.problems)
    assert slugs == ["not-pending", "reason-missing"]
    assert _annotation(source).read_bytes() == before


def test_the_suggested_reason_is_used_when_none_is_given(source: Path):
    item = _first(source, "exclusion")
    run_curate("ipo_filing", source, exclude=[item.mention_id])
    exclusions = yaml.safe_load(_annotation(source).read_text(encoding="utf-8"))["exclusions"]
    assert exclusions == [item.suggestion.entry]


def test_two_reviews_of_one_source_never_overwrite_each_other(source: Path):
    first, second = (Session(locate(source), "ipo_filing") for _ in range(2))
    one, two = first.pending()[:2]
    assert first.decide([Decision(one.mention_id, "accept")]).saved
    saved = _annotation(source).read_bytes()
    outcome = second.decide([Decision(two.mention_id, "accept")])
    assert [p.slug for p in outcome.problems] == ["annotation-changed"]
    assert _annotation(source).read_bytes() == saved
    second.reload()
    assert second.decide([Decision(two.mention_id, "accept")]).saved
    claims = yaml.safe_load(_annotation(source).read_text(encoding="utf-8"))["claims"]
    assert len(claims) == 2


def test_a_file_edited_by_hand_meanwhile_is_not_overwritten(source: Path):
    session = Session(locate(source), "ipo_filing")
    item = session.pending()[0]
    path = _annotation(source)
    path.write_text(path.read_text(encoding="utf-8") + "# a note added by hand\n", encoding="utf-8")
    outcome = session.decide([Decision(item.mention_id, "accept")])
    assert [p.slug for p in outcome.problems] == ["annotation-changed"]
    assert path.read_text(encoding="utf-8").endswith("# a note added by hand\n")


def test_a_source_without_an_annotation_file_gets_one(repo_copy: Path):
    ingest(ARTICLE, "ipo_filing", {"published": "2020-08-25"}, repo_copy)
    _annotation(repo_copy).unlink()
    run_curate("ipo_filing", repo_copy, accept_suggested=True)
    document = yaml.safe_load(_annotation(repo_copy).read_text(encoding="utf-8"))
    assert document["source_id"] == "ipo_filing" and document["claims"]


def test_the_stubs_suggestions_are_reviewed_as_the_curator_left_them(source: Path):
    """A stub written with suggestions: an entry corrected by hand under todo: is accepted as
    corrected, without its suggested:/mention: marks."""
    from antlens.mentions import detect_mentions
    from antlens.sentences import split_sentences
    from antlens.suggest.stub import suggested_stub

    paths = locate(source)
    text = ARTICLE.read_text(encoding="utf-8")
    record = {"source_id": "ipo_filing", "path": "x", "published": "2020-08-25"}
    stub = suggested_stub(paths, record, text, detect_mentions(text), split_sentences(text))
    stub = stub.replace("metric: amount raised", "metric: money the offering raises", 1)
    _annotation(source).write_text(stub, encoding="utf-8")
    item = _first(source)
    assert item.suggestion.entry["metric"] == "money the offering raises"
    run_curate("ipo_filing", source, accept=[item.mention_id])
    document = yaml.safe_load(_annotation(source).read_text(encoding="utf-8"))
    assert document["claims"] == [item.suggestion.entry]
    assert set(document["claims"][0]) & {"suggested", "mention", "unit_addition"} == set()
    assert all(entry["suggested"] for entry in document["todo"])


def test_without_decisions_the_command_lists_what_waits(source: Path):
    listing = run_curate("ipo_filing", source).splitlines()
    assert listing[0] == "data/annotations/ipo_filing.yaml: 27 number(s) waiting for review"
    assert listing[1].startswith("  ipo_filing-m0000 claim ")
    assert any(" exclude '($2.6bn)': Conversion" in line for line in listing)


def test_the_command_takes_the_parsed_arguments(source: Path, capsys):
    from argparse import Namespace

    from antlens.curate import command

    args = Namespace(
        source_id="ipo_filing", root=str(source), accept=None, exclude=["ipo_filing-m0000"],
        reason="A forecast.", accept_suggested=False,
    )  # fmt: skip
    assert command(args) == 0
    assert "1 decision(s) saved" in capsys.readouterr().out


def test_a_percentage_out_of_range_is_refused_as_the_build_refuses_it(repo_copy, tmp_path):
    article = tmp_path / "growth.txt"
    article.write_text("Ant Group said its revenue rose 150% last year.\n", encoding="utf-8")
    ingest(article, "growth", {"published": "2020-08-25"}, repo_copy)
    with pytest.raises(ProblemsFound) as raised:
        run_curate("growth", repo_copy, accept_suggested=True)
    assert [p.flat()[4:] for p in raised.value.problems] == [("value", "percent-out-of-range")]


def test_a_day_without_its_year_is_quoted_and_dated_and_the_build_agrees(repo_copy, tmp_path):
    article = tmp_path / "filing.txt"
    article.write_text("On Aug. 26 Ant Group filed to list in Shanghai.\n", encoding="utf-8")
    ingest(article, "filing", {"published": "2020-09-01"}, repo_copy)
    run_curate("filing", repo_copy, accept_suggested=True)
    document = yaml.safe_load(locate(repo_copy).annotation_file("filing").read_text())
    (claim,) = document["claims"]
    assert "Aug. 26" in claim["quote"] and str(claim["period"]) == "2020-08-26"
    build(repo_copy)  # the build dates the quoted day as the review did
