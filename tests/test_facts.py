"""Facts: statements of one entity, metric, period and unit, reconciled across sources."""

from __future__ import annotations

import pytest

from antlens.facts import TOLERANCE, facts, normal_period


def _claim(claim_id, value, source="a", entity="Ant Group (Alipay)", period="2020-06"):
    return {"claim_id": claim_id, "source_id": source, "entity": entity, "period": period,
            "metric": "Monthly active users", "unit": "persons", "value_base": value}  # fmt: skip


def _observation(observation_id, value, period="2020-06", entity="Alipay"):
    return {"observation_id": observation_id, "dataset_id": observation_id.split("/")[0],
            "entity": entity, "metric": "monthly active users.", "period": period,
            "base_unit": "persons", "value_base": value}  # fmt: skip


def test_a_claim_and_an_observation_of_the_same_figure_agree():
    (fact,) = facts([_claim("mau", 711e6)], [_observation("prospectus/mau", 711e6)])
    assert (fact["claim_ids"], fact["observation_ids"]) == ("mau", "prospectus/mau")
    assert (fact["sources"], fact["statements"], fact["agreement"]) == ("a;prospectus", 2, "agree")
    assert fact["tolerance"] == TOLERANCE


def test_values_apart_by_more_than_the_tolerance_conflict():
    (fact,) = facts([_claim("x", 700e6), _claim("y", 711e6, source="b")], [])
    assert (fact["value_min"], fact["value_max"], fact["agreement"]) == (700e6, 711e6, "conflict")


def test_statements_of_one_source_are_a_single_source_fact():
    (fact,) = facts([_claim("x", 700e6), _claim("y", 711e6)], [])
    assert fact["agreement"] == "single_source"


def test_other_periods_and_entities_are_other_facts():
    rows = facts(
        [_claim("x", 1.0), _claim("y", 1.0, period="2019-12"), _claim("z", 1.0, entity="MYbank")],
        [],
    )
    assert sorted(row["claim_ids"] for row in rows) == ["x", "y", "z"]


def test_claims_without_a_number_state_no_fact():
    assert facts([_claim("licence", None)], []) == []


@pytest.mark.parametrize(
    ("written", "iso"),
    [("FY2019", "2019"), ("H1 2020", "2020-H1"), ("end-2019", "2019"), ("2020-06", "2020-06")],
)
def test_observation_periods_are_read_as_iso(written, iso):
    assert normal_period(written) == iso


def test_fact_ids_do_not_move_when_another_fact_is_added():
    alone = facts([_claim("x", 1.0)], [])
    more = facts([_claim("x", 1.0), _claim("q", 5.0, entity="Other")], [])
    assert alone[0]["fact_id"] in {row["fact_id"] for row in more}
