"""The theme tables rest on the claims: ids exist, values match, derived rows follow their formula.

The tables are built fresh from the repository's data into a temporary copy, so these tests check
what the pipeline makes now, not what was committed.
"""

from __future__ import annotations

import math

import polars as pl
import pytest

from antlens.api import load
from antlens.build import build
from tests.conftest import copy_repository


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
