"""The claims stage: anchoring, the careful editor's checks, and mention accounting."""

import datetime

import polars as pl
import pytest
import yaml

from antlens.build import build
from antlens.claims import curate
from antlens.ingest import ingest
from antlens.mentions import detect_mentions
from antlens.problems import ProblemsFound
from antlens.sentences import split_sentences
from tests.conftest import SCHEMAS

BOUNDARY = "data/annotations/ant_boundary.yaml"
DUALITY = "data/annotations/ant_duality.yaml"
INTERVIEW_QUOTE = "quote: other four ministries and commissions interviewed Ma Yun"
ANECDOTE_EXCLUSION = (
    "  - quote: a 30-year-old Beijing employee\n"
    "    reason: The age of a person in an anecdote, not a statement about Ant Group.\n"
)


def problems_of(root, **options) -> list:
    with pytest.raises(ProblemsFound) as found:
        build(root, **options)
    return found.value.problems


def test_every_claim_and_mention_slices_its_source_exactly(repo_copy):
    build(repo_copy)
    processed = repo_copy / "data/processed"
    sources = pl.read_parquet(processed / "sources.parquet")
    texts = {
        row["source_id"]: (repo_copy / row["path"]).read_text(encoding="utf-8")
        for row in sources.iter_rows(named=True)
    }
    for table, column in (("claims", "quote"), ("mentions", "text"), ("sentences", "text")):
        for row in pl.read_parquet(processed / f"{table}.parquet").iter_rows(named=True):
            text = texts[row["source_id"]]
            assert text[row["char_start"] : row["char_end"]] == row[column], (table, row)


def test_claims_sit_in_the_sentence_they_name(repo_copy):
    build(repo_copy)
    processed = repo_copy / "data/processed"
    sentences = pl.read_parquet(processed / "sentences.parquet")
    claims = pl.read_parquet(processed / "claims.parquet").join(
        sentences.select("sentence_id", s_start="char_start", s_end="char_end"), on="sentence_id"
    )
    assert claims.height == pl.read_parquet(processed / "claims.parquet").height
    assert (claims["char_start"] >= claims["s_start"]).all()
    assert (claims["char_start"] < claims["s_end"]).all()


def test_every_mention_is_claimed_or_excluded(repo_copy):
    build(repo_copy)
    mentions = pl.read_parquet(repo_copy / "data/processed/mentions.parquet")
    assert set(mentions["status"]) <= {"claimed", "excluded"}
    claimed = mentions.filter(pl.col("status") == "claimed")
    assert claimed["claim_id"].null_count() == 0
    excluded = mentions.filter(pl.col("status") == "excluded")
    assert excluded["exclusion_reason"].null_count() == 0


def test_a_typo_in_a_value_is_an_error(repo_copy, edit):
    edit(BOUNDARY, "    value: 28.7\n", "    value: 27.8\n")
    (problem,) = problems_of(repo_copy)
    assert (problem.slug, problem.file, problem.record, problem.column) == (
        "value-mismatch",
        BOUNDARY,
        "micro-loan-income-2019h1",
        "value",
    )
    assert "27.8" in problem.expected and "28.7" in problem.found


def test_a_wrong_scale_is_an_error(repo_copy, edit):
    edit(BOUNDARY, "    scale: billion\n", "    scale: million\n")
    assert [p.slug for p in problems_of(repo_copy)] == ["value-mismatch"]


def test_a_quote_not_in_the_source_names_source_and_claim(repo_copy, edit):
    edit(BOUNDARY, "accounting for 40% of the total income", "accounting for 40% of all income")
    (problem,) = problems_of(repo_copy)
    assert (problem.slug, problem.record) == ("quote-not-found", "micro-loan-share-2019h1")
    assert "ant_boundary" in problem.expected


def test_an_ambiguous_quote_asks_for_an_occurrence(repo_copy, edit):
    edit(
        BOUNDARY,
        INTERVIEW_QUOTE + " and core executives of ant financial services",
        INTERVIEW_QUOTE,
    )
    problems = problems_of(repo_copy)
    assert [(p.slug, p.record) for p in problems] == [("quote-ambiguous", "regulators-interview")]
    assert "occurrence" in problems[0].fix


def test_a_quote_run_on_into_the_next_sentence_is_refused(repo_copy, edit):
    edit(
        BOUNDARY,
        "interviewed Ma Yun\n    suffix: . In a sense\n",
        "interviewed Ma Yun. In a sense\n",
    )
    (problem,) = problems_of(repo_copy)
    assert (problem.slug, problem.record, problem.column) == (
        "quote-crosses-sentence",
        "regulators-interview-again",
        "quote",
    )
    assert problem.found.startswith("other four ministries") and "suffix" in problem.fix


def test_occurrence_picks_the_nth_place(repo_copy, edit):
    edit(
        BOUNDARY,
        INTERVIEW_QUOTE + " and core executives of ant financial services",
        INTERVIEW_QUOTE + "\n    occurrence: 1",
    )
    build(repo_copy)
    claims = pl.read_parquet(repo_copy / "data/processed/claims.parquet")
    first, again = (
        claims.filter(pl.col("claim_id") == i)["char_start"].item()
        for i in ("regulators-interview", "regulators-interview-again")
    )
    assert first < again


def test_duplicate_claim_ids_across_files(repo_copy, edit):
    edit(DUALITY, "claim_id: merchants", "claim_id: loan-ceiling")
    (problem,) = problems_of(repo_copy)
    assert (problem.slug, problem.record) == ("duplicate-id", "loan-ceiling")
    assert "ant_boundary" in problem.found


def test_unknown_unit_and_topic_are_reported_together(repo_copy, edit):
    edit(BOUNDARY, "    unit: scenarios\n", "    unit: scenes\n")
    edit(BOUNDARY, "    topic: ownership\n", "    topic: ownershp\n")
    problems = problems_of(repo_copy)
    assert sorted((p.record, p.column, p.found) for p in problems) == [
        ("ma-yun-stake-cap", "topic", "'ownershp'"),
        ("sesame-credit-scenarios", "unit", "'scenes'"),
    ]
    assert all(p.file == BOUNDARY for p in problems)


def test_a_misspelt_key_is_reported(repo_copy, edit):
    edit(BOUNDARY, "    qualifier: nearly\n", "    qualifer: nearly\n")
    (problem,) = problems_of(repo_copy)
    assert (problem.slug, problem.column) == ("unknown-field", "qualifer")


def test_percentages_must_lie_between_0_and_100(repo_copy, edit):
    edit(BOUNDARY, "    value: 40\n    unit: percent\n", "    value: 140\n    unit: percent\n")
    problems = problems_of(repo_copy)
    assert "percent-out-of-range" in [p.slug for p in problems]


def test_garbled_words_need_a_cited_interpretation(repo_copy, edit):
    edit(DUALITY, "    interpretation_source: ant_prospectus/alipay-mau-2020-06\n", "")
    (problem,) = problems_of(repo_copy)
    assert (problem.slug, problem.record) == ("garbled-without-source", "monthly-active-users")


def test_a_citation_must_exist(repo_copy, edit):
    edit(
        DUALITY,
        "interpretation_source: ant_prospectus/alipay-mau-2020-06",
        "interpretation_source: ant_prospectus/no-such-row",
    )
    (problem,) = problems_of(repo_copy)
    assert (problem.slug, problem.found) == ("unknown-citation", "ant_prospectus/no-such-row")


def test_garbled_claim_keeps_the_raw_words_and_its_source(repo_copy):
    build(repo_copy)
    claims = pl.read_parquet(repo_copy / "data/processed/claims.parquet")
    claim = claims.filter(pl.col("claim_id") == "monthly-active-users").row(0, named=True)
    assert "71/kloc-0" in claim["quote"]
    assert claim["flag"] == "garbled"
    assert claim["value_base"] == 711e6
    assert claim["interpretation_source"] == "ant_prospectus/alipay-mau-2020-06"


def test_unaccounted_mentions_fail_the_build_and_are_listed(repo_copy, edit):
    edit(BOUNDARY, ANECDOTE_EXCLUSION, "")
    (problem,) = problems_of(repo_copy)
    assert (problem.slug, problem.file, problem.column) == ("unaccounted-mention", BOUNDARY, "text")
    assert "30-year-old" in problem.found
    assert "--allow-unaccounted" in problem.fix


def test_allow_unaccounted_keeps_them_as_unreviewed(repo_copy, edit):
    edit(BOUNDARY, ANECDOTE_EXCLUSION, "")
    report = build(repo_copy, allow_unaccounted=True)
    assert [row["text"] for row in report.first_unreviewed] == ["30-year-old"]
    assert report.unreviewed == 1
    mentions = pl.read_parquet(repo_copy / "data/processed/mentions.parquet")
    unreviewed = mentions.filter(pl.col("status") == "unreviewed")
    assert unreviewed.to_dicts() == report.first_unreviewed


def test_a_misspelt_section_and_a_wrong_source_id_are_reported(repo_copy, edit):
    edit(BOUNDARY, "exclusions:\n", "exclusion:\n")
    edit(DUALITY, "source_id: ant_duality", "source_id: ant_boundary")
    problems = problems_of(repo_copy)
    assert sorted((p.slug, p.file, p.column) for p in problems) == [
        ("unknown-field", BOUNDARY, "exclusion"),
        ("wrong-source", DUALITY, "source_id"),
    ]


def test_todo_entries_left_are_counted(repo_copy):
    with (repo_copy / DUALITY).open("a", encoding="utf-8") as annotation:
        annotation.write("todo:\n  - quote: three\n    value: 3\n")
    report = build(repo_copy)
    assert report.todo == {DUALITY: 1}


@pytest.mark.parametrize(
    ("old", "new", "column"),
    [
        (
            "    quote: In order to borrow 30000 yuan\n",
            "    quote: In order to borrow 30000 yuan\n    occurrence: two\n",
            "occurrence",
        ),
        (
            "    licence: {kind: futures, sector: securities and futures, status: held}\n",
            "    licence: futures\n",
            "licence",
        ),
        (
            "    qualifier: at_most\n    period: 2012-02\n",
            "    qualifier: at_most\n    period: 2012-02\n    compare_with: an-observation\n",
            "compare_with",
        ),
        ('    period: "1992"\n    event: Ma Yun sets up', "    event: Ma Yun sets up", "event"),
    ],
)
def test_a_key_of_the_wrong_shape_is_reported(repo_copy, edit, old, new, column):
    file = DUALITY if "licence" in old else BOUNDARY
    edit(file, old, new)
    (problem,) = problems_of(repo_copy)
    assert (problem.slug, problem.file, problem.column) == ("bad-field", file, column)


def test_a_theme_row_that_breaks_its_schema_is_reported_at_its_claim(repo_copy, edit):
    edit(DUALITY, "sector: securities and futures, status: held}", "sector: stocks, status: held}")
    (problem,) = problems_of(repo_copy)
    assert (problem.file, problem.record, problem.column, problem.found) == (
        DUALITY,
        "licence-futures",
        "sector",
        "'stocks'",
    )


def test_an_annotation_that_is_not_a_mapping_is_reported(repo_copy):
    (repo_copy / DUALITY).write_text("- one\n- two\n", encoding="utf-8")
    (problem,) = problems_of(repo_copy)
    assert (problem.slug, problem.file, problem.found) == ("bad-record", DUALITY, "list")


@pytest.mark.parametrize(
    ("old", "new", "slug", "column"),
    [
        (
            "    value: 7.3\n    unit: percent\n",
            "    value: 7.3\n    unit: CNY\n",
            "unit-mismatch",
            "unit",
        ),
        (
            "    unit: percent\n    qualifier: at_most\n",
            "    unit: percent\n",
            "qualifier-missing",
            "qualifier",
        ),
        ("    period: 2008-12\n", "    period: 2008-12-10\n", "period-mismatch", "period"),
    ],
)
def test_an_annotation_that_contradicts_its_quote_is_reported(
    repo_copy, edit, old, new, slug, column
):
    edit(BOUNDARY, old, new)
    (problem,) = problems_of(repo_copy)
    assert (problem.slug, problem.file, problem.column) == (slug, BOUNDARY, column)


@pytest.mark.parametrize("period", ["2019-h1", "2019-H3", "2019-13", "H1 2019", "spring"])
def test_a_period_that_is_not_iso_8601_is_reported(repo_copy, edit, period):
    edit(BOUNDARY, "    period: 2019-H1\n", f'    period: "{period}"\n')
    problems = problems_of(repo_copy)
    assert ("micro-loan-income-2019h1", "period") in {(p.record, p.column) for p in problems}


def test_a_key_given_twice_is_reported_with_its_line(repo_copy, edit):
    edit(
        BOUNDARY,
        "    metric: share of total income\n",
        "    metric: share of total income\n    metric: something else\n",
    )
    (problem,) = problems_of(repo_copy)
    assert (problem.slug, problem.file) == ("yaml-syntax", BOUNDARY)
    assert "'metric' is given twice" in problem.found and problem.line is not None


def test_an_impossible_date_is_reported_not_crashed_on(repo_copy, edit):
    edit(BOUNDARY, "    period: 2008-12\n", "    period: 2019-02-30\n")
    (problem,) = problems_of(repo_copy)
    assert (problem.slug, problem.file) == ("yaml-value", BOUNDARY)


def test_a_bad_scale_and_a_value_in_words_say_how_to_write_them(repo_copy, edit):
    edit(BOUNDARY, "    scale: billion\n", "    scale: bn\n")
    edit(BOUNDARY, "    value: 750\n", "    value: seven hundred and fifty\n")
    problems = {p.slug: p for p in problems_of(repo_copy)}
    assert problems["bad-scale"].found == "'bn'" and "million" in problems["bad-scale"].hint
    assert problems["bad-value"].record == "sesame-visa-threshold" and problems["bad-value"].hint


# ---------------------------------------------------------------- a date without its year
UNDATED = "On Aug. 26 Ant Group filed for its listing. It had 1bn users."
FILING = {
    "claim_id": "filing",
    "quote": "On Aug. 26 Ant Group filed for its listing",
    "topic": "timeline",
    "entity": "Ant Group",
    "metric": "date",
    "unit": "date",
    "event": "Ant Group filed for its listing",
}
OTHER = {"quote": "1bn users", "reason": "Not this test's."}


def _undated_claim(period, published) -> tuple[list, dict | None, dict]:
    """The problems, claim row and mention columns of a claim quoting "On Aug. 26 …" with
    `period`, in a source published on `published`."""
    document = {"source_id": "u", "claims": [FILING | {"period": period}], "exclusions": [OTHER]}
    starts = [start for start, _ in split_sentences(UNDATED)]
    mentions = detect_mentions(UNDATED)
    curation = curate(SCHEMAS, "u", UNDATED, starts, mentions, document, "u.yaml", published)
    return curation.problems, (curation.claims or [None])[0], curation.mentions


def test_a_day_without_its_year_takes_the_year_of_the_published_date():
    problems, row, mentions = _undated_claim("2020-08-26", datetime.date(2020, 9, 1))
    assert problems == [] and row["period"] == "2020-08-26" and row["note"] is None
    dated = mentions["text"].index("Aug. 26")
    assert (mentions["status"][dated], mentions["claim_id"][dated]) == ("claimed", "filing")


def test_a_period_against_the_resolved_day_is_refused_saying_how_it_was_read():
    (problem,) = _undated_claim("2019-08-26", datetime.date(2020, 9, 1))[0]
    assert (problem.slug, problem.record, problem.column) == ("period-mismatch", "filing", "period")
    assert "2020-08-26" in problem.expected and "'Aug. 26'" in problem.expected
    assert problem.found == "2019-08-26"


def test_without_a_published_date_the_curators_year_is_taken_and_said():
    problems, row, mentions = _undated_claim("2020-08-26", None)
    assert problems == [] and row["period"] == "2020-08-26"
    assert "'Aug. 26' names no year" in row["note"]
    assert mentions["status"][mentions["text"].index("Aug. 26")] == "claimed"


def test_without_a_published_date_the_words_still_check_the_day():
    (problem,) = _undated_claim("2020-08-27", None)[0]
    assert problem.slug == "period-mismatch" and "YYYY-08-26" in problem.expected


def test_the_build_dates_the_day_with_the_registrys_published_date(repo_copy, edit):
    article = repo_copy / "undated.txt"
    article.write_text(UNDATED + "\n", encoding="utf-8")
    ingest(article, "undated", {"title": "Undated", "published": "2020-09-01"}, repo_copy)
    document = {
        "source_id": "undated",
        "claims": [FILING | {"period": "2020-08-26"}],
        "exclusions": [OTHER],
    }
    annotation = "data/annotations/undated.yaml"
    (repo_copy / annotation).write_text(yaml.safe_dump(document), encoding="utf-8")
    build(repo_copy)
    claims = pl.read_parquet(repo_copy / "data/processed/claims.parquet")
    filing = claims.filter(pl.col("claim_id") == "filing").row(0, named=True)
    assert (filing["period"], filing["note"]) == ("2020-08-26", None)  # no note: dated by it
    edit(annotation, "2020-08-26", "2019-08-26")
    assert [p.slug for p in problems_of(repo_copy)] == ["period-mismatch"]


@pytest.mark.parametrize(("period", "slugs"), [("2020-Q1", []), ("2019-Q1", ["period-mismatch"])])
def test_a_quarter_without_its_year_is_dated_likewise(period, slugs):
    text = "Revenue rose 38% in the first quarter."
    claim = {
        "claim_id": "revenue",
        "quote": text[:-1],
        "topic": "valuation",
        "entity": "Ant Group",
        "metric": "revenue",
        "value": 38,
        "unit": "percent",
        "period": period,
    }
    document = {"source_id": "q", "claims": [claim]}
    curation = curate(
        SCHEMAS,
        "q",
        text,
        [0],
        detect_mentions(text),
        document,
        "q.yaml",
        datetime.date(2020, 6, 1),
    )
    assert [p.slug for p in curation.problems] == slugs
    assert set(curation.mentions["status"]) == {"claimed"}


@pytest.mark.parametrize(
    ("text", "slugs"),
    [
        ("Revenue rose 38% this year\nin the payments unit. Costs fell.", []),  # a wrapped line
        (
            "Revenue rose 38% this year. In the payments unit costs fell.",
            ["quote-crosses-sentence"],
        ),
    ],
)
def test_a_quote_may_run_over_a_wrapped_line_but_not_past_a_full_stop(text, slugs):
    quote = text[: text.index("unit") + 4]
    claim = {
        "claim_id": "revenue",
        "quote": quote,
        "topic": "valuation",
        "entity": "Ant Group",
        "metric": "revenue",
        "value": 38,
        "unit": "percent",
    }
    starts = [start for start, _ in split_sentences(text)]
    assert len([s for s in starts if s < len(quote)]) == 2  # the splitter breaks both texts
    document = {"source_id": "q", "claims": [claim]}
    curation = curate(SCHEMAS, "q", text, starts, detect_mentions(text), document, "q.yaml")
    assert [p.slug for p in curation.problems] == slugs
