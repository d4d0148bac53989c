"""The theme tables rest on the claims: ids exist, values match, derived rows follow their formula.

The tables are built fresh from the repository's data into a temporary copy, so these tests check
what the pipeline makes now, not what was committed.
"""

from __future__ import annotations

import math

import polars as pl
import pytest

from antlens import themes
from antlens.annotations import entry_problems
from antlens.api import load
from antlens.build import build
from tests.conftest import SCHEMAS, copy_repository


@pytest.fixture(scope="module")
def tables(tmp_path_factory) -> dict[str, pl.DataFrame]:
    root = copy_repository(tmp_path_factory.mktemp("themes") / "repo")
    build(root)
    names = [
        "claims",
        "income_mix",
        "population_coverage",
        "licences",
        "timeline",
        "comparisons",
        "external_observations",
    ]
    return {name: load(name, root=root) for name in names}


def _claims(tables) -> dict[str, dict]:
    return {row["claim_id"]: row for row in tables["claims"].iter_rows(named=True)}


def _ids(value: str) -> list[str]:
    return [part for part in value.split(";") if part]


def test_every_theme_row_cites_existing_claims(tables):
    known = set(tables["claims"]["claim_id"])
    cited = {
        "income_mix": [i for ids in tables["income_mix"]["claim_ids"] for i in _ids(ids)],
        "population_coverage": tables["population_coverage"]["claim_id"].to_list(),
        "licences": tables["licences"]["claim_id"].to_list(),
        "timeline": tables["timeline"]["claim_id"].to_list(),
        "comparisons": tables["comparisons"]["claim_id"].to_list(),
    }
    assert {name: sorted(set(ids) - known) for name, ids in cited.items()} == {
        name: [] for name in cited
    }
    assert all(cited.values()), "every theme table has rows"


def test_stated_income_rows_repeat_their_claims(tables):
    claims = _claims(tables)
    stated = tables["income_mix"].filter(pl.col("basis") == "stated")
    for row in stated.iter_rows(named=True):
        cited = [claims[i] for i in _ids(row["claim_ids"])]
        assert all(c["topic"] == "income_mix" for c in cited)
        amounts = [c["value_base"] for c in cited if c["unit"] == "CNY"]
        shares = [c["value"] for c in cited if c["unit"] == "percent"]
        assert (row["amount"], row["share"]) == (
            amounts[0] if amounts else None,
            shares[0] if shares else None,
        ), row["segment"]


def test_derived_income_follows_its_formula(tables):
    income = tables["income_mix"]
    claims = _claims(tables)
    derived = income.filter(pl.col("basis") == "derived")
    assert derived.height >= 1
    for total in derived.iter_rows(named=True):
        cited = [claims[i] for i in _ids(total["claim_ids"])]
        amount = next(c["value_base"] for c in cited if c["unit"] == "CNY")
        share = next(c["value"] for c in cited if c["unit"] == "percent")
        assert math.isclose(total["amount"], amount / (share / 100))
        assert total["share"] == 100
        # The formula shows the same numbers the row was computed from.
        assert f"{amount:.0f} / ({share:g} / 100) = {total['amount']:.0f}" in total["formula"]


def test_unattributed_income_is_the_remainder_in_one_row(tables):
    income = tables["income_mix"]
    for period in income.filter(pl.col("basis") == "derived")["period"]:
        rows = income.filter(pl.col("period") == period)
        total = rows.filter(pl.col("basis") == "derived").row(0, named=True)
        stated = rows.filter((pl.col("basis") == "stated") & pl.col("amount").is_not_null())
        rest = rows.filter(pl.col("basis") == "unattributed")
        assert rest.height == 1, "the remainder is never split into segments"
        rest_row = rest.row(0, named=True)
        assert rest_row["segment"] == "not broken down"
        assert math.isclose(rest_row["amount"], total["amount"] - stated["amount"].sum())
        assert math.isclose(rest_row["share"], 100 - stated["share"].sum())
        # Nothing but stated segments, the total and the one remainder.
        assert set(rows["basis"]) <= {"stated", "derived", "unattributed"}


def test_payments_is_named_without_a_figure(tables):
    income = tables["income_mix"]
    claims = _claims(tables)
    payments = income.filter(pl.col("segment") == "payments")
    assert payments.height == 1
    row = payments.row(0, named=True)
    assert (row["amount"], row["share"], row["basis"]) == (None, None, "stated")
    assert [claims[i]["value"] for i in _ids(row["claim_ids"])] == [None]
    assert "no figure" in row["note"]


def test_licence_rows_are_the_licence_claims(tables):
    claims = _claims(tables)
    licences = tables["licences"]
    licence_claims = {i for i, c in claims.items() if c["topic"] == "licence_breadth"}
    assert set(licences["claim_id"]) == licence_claims
    for row in licences.iter_rows(named=True):
        claim = claims[row["claim_id"]]
        assert (row["quote"], row["source_id"]) == (claim["quote"], claim["source_id"])
        if row["since"]:
            assert row["since"] == claim["period"]
    assert licences.filter(pl.col("status") == "held").height > 0


def test_population_rows_repeat_their_claims(tables):
    claims = _claims(tables)
    coverage = tables["population_coverage"]
    topic = {i for i, c in claims.items() if c["topic"] == "population_coverage"}
    assert set(coverage["claim_id"]) == topic
    columns = ["value", "unit", "scale", "value_base", "period", "qualifier", "flag", "source_id"]
    for row in coverage.iter_rows(named=True):
        claim = claims[row["claim_id"]]
        assert {c: row[c] for c in columns} == {c: claim[c] for c in columns}
        assert bool(row["flag"]) == bool(row["interpretation"])


def test_timeline_dates_are_their_claims_periods(tables):
    claims = _claims(tables)
    for row in tables["timeline"].iter_rows(named=True):
        assert row["date"] == claims[row["claim_id"]]["period"]
    assert tables["timeline"]["date"].to_list() == sorted(tables["timeline"]["date"])


def test_comparisons_convert_published_figures(tables):
    claims = _claims(tables)
    observations = {
        row["observation_id"]: row for row in tables["external_observations"].iter_rows(named=True)
    }
    comparisons = tables["comparisons"]
    assert set(comparisons["conversion"]) == {"same", "complement"}
    for row in comparisons.iter_rows(named=True):
        claim, seen = claims[row["claim_id"]], observations[row["observation_id"]]
        expected = {"same": seen["value_base"], "complement": 100 - seen["value_base"]}
        assert math.isclose(row["value_base"], expected[row["conversion"]])
        assert row["unit"] == seen["base_unit"]
        if claim["unit"]:
            assert row["unit"] == claim["unit"]
        if row["conversion"] == "complement":
            assert row["unit"] == "percent"


def _income_claim(claim_id, segment, metric, value, unit, period="2019", **fields) -> dict:
    scale = fields.pop("scale", 1)
    return {
        "claim_id": claim_id,
        "source_id": fields.pop("source_id", "s1"),
        "topic": "income_mix",
        "segment": segment,
        "metric": metric,
        "value": value,
        "unit": unit,
        "value_base": None if value is None else value * scale,
        "period": period,
        **fields,
    }


def _rows_of(rows: list[dict]) -> list[tuple]:
    return [(r["period"], r["segment"], r["amount"], r["share"], r["basis"]) for r in rows]


def test_a_stated_total_without_a_share_is_used_as_the_total():
    claims = [
        _income_claim("total-2019", "total", "revenue", 120.6, "CNY", scale=1e9),
        _income_claim("pay-2019", "payments", "share of revenue", 43, "percent"),
    ]
    rows = _rows_of(themes.income_mix(claims))
    assert rows[:2] == [
        ("2019", "payments", None, 43, "stated"),
        ("2019", "total", 120.6e9, 100.0, "stated"),
    ]
    period, segment, amount, share, basis = rows[2]
    assert (period, segment, basis) == ("2019", "not broken down", "unattributed")
    assert math.isclose(share, 57) and math.isclose(amount, 120.6e9 * 0.57)


def test_a_percentage_that_is_no_share_of_income_never_becomes_one():
    claims = [
        _income_claim("loans", "credit", "income", 30, "CNY", scale=1e9),
        _income_claim("loans-share", "credit", "share of total income", 25, "percent"),
        _income_claim("profit-fell", "net profit", "net profit change", -65, "percent"),
        _income_claim("growth", "credit", "income growth", 150, "percent"),
    ]
    rows = themes.income_mix(claims)
    assert _rows_of(rows) == [
        ("2019", "credit", 30e9, 25, "stated"),
        ("2019", "total", 120e9, 100.0, "derived"),
        ("2019", "not broken down", 90e9, 75.0, "unattributed"),
    ]
    assert "profit-fell" not in ";".join(r["claim_ids"] for r in rows)


def test_every_period_with_an_amount_and_a_share_gets_its_total():
    claims = [
        _income_claim(f"{kind}-{year}", "credit", metric, value, unit, period=year)
        for year, amount, share in (("2019", 41.9, 34.7), ("2020-H1", 28.6, 39.4))
        for kind, metric, value, unit in (
            ("amount", "income", amount * 1e9, "CNY"),
            ("share", "share of income", share, "percent"),
        )
    ]
    rows = themes.income_mix(claims)
    totals = [(r["period"], r["basis"]) for r in rows if r["segment"] == "total"]
    assert totals == [("2019", "derived"), ("2020-H1", "derived")]
    assert all(r["share"] >= 0 for r in rows)


def test_stated_segments_beyond_the_total_leave_no_negative_remainder():
    claims = [
        _income_claim("total", "total", "total income", 10, "CNY"),
        _income_claim("a", "a", "income", 8, "CNY"),
        _income_claim("b", "b", "income", 5, "CNY"),
    ]
    rows = themes.income_mix(claims)
    assert [r["segment"] for r in rows] == ["a", "b", "total"]
    assert "more than this total" in rows[-1]["note"]


def test_the_timeline_keeps_quarters_and_bounds():
    claims = [
        {"claim_id": "q", "source_id": "s", "period": "2020-Q1", "event": "filed"},
        {"claim_id": "b", "source_id": "s", "period": "2011", "event": "hope",
         "qualifier": "more_than"},
    ]  # fmt: skip
    rows = themes.timeline(claims)
    assert [(r["date"], r["precision"], r["qualifier"]) for r in rows] == [
        ("2011", "year", "more_than"),
        ("2020-Q1", "quarter", "exact"),
    ]


def test_the_seeds_small_loan_company_licence_is_the_micro_loan_kind(tables):
    micro = tables["licences"].filter(pl.col("licence_kind") == "micro-loan")
    assert sorted(micro["source_id"]) == ["ant_boundary", "ant_duality"]
    assert micro["since"].drop_nulls().to_list() == ["2010-04"]
    held = tables["licences"].filter(pl.col("status") == "held")
    assert held["licence_kind"].n_unique() == 8


def test_every_claim_of_a_theme_topic_has_its_row(tables):
    """What a theme needs is required at build time, so no claim of its topic is left out."""
    for topic, theme in SCHEMAS.records["theme_details"].items():
        rows = tables[theme["table"]]
        cited = rows["claim_id"] if "claim_id" in rows.columns else rows["claim_ids"]
        found = {i for ids in cited.drop_nulls() for i in _ids(ids)}
        of_topic = tables["claims"].filter(pl.col("topic") == topic)["claim_id"]
        assert of_topic.len() and set(of_topic) <= found, topic


@pytest.mark.parametrize(
    ("missing", "expected"),
    [("event", ("theme-detail-missing", "event")), ("period", ("bad-field", "event"))],
)
def test_a_timeline_claim_without_its_event_or_date_is_one_problem(missing, expected):
    """No event: the timeline needs one. An event without its date: the event key says so."""
    entry = {"claim_id": "c", "quote": "q", "topic": "timeline", "entity": "A", "metric": "m"}
    entry |= {"period": "2012", "event": "The group is founded"}
    del entry[missing]
    problems = entry_problems(SCHEMAS, "claim", entry, 1, "data/annotations/x.yaml")
    assert [(p.slug, p.column) for p in problems] == [expected]
