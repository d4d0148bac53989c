"""`antlens trace`: a claim, its sentence and source, and the facts and figures beside it."""

from __future__ import annotations

import polars as pl

from antlens.trace import trace


def test_a_claim_is_traced_to_its_words_its_facts_and_its_comparisons(repo):
    text = trace("monthly-active-users", repo)
    facts = pl.read_parquet(repo / "data/processed/facts.parquet")
    fact = facts.filter(pl.col("claim_ids") == "monthly-active-users").row(0, named=True)
    assert "»Ant Group has 71/kloc-0 monthly active users«" in text
    assert f"fact      {fact['fact_id']}: {fact['statements']} statement(s), agree" in text
    assert f"also stated by: {fact['observation_ids']}" in text
    compared = pl.read_parquet(repo / "data/processed/comparisons.parquet").filter(
        pl.col("claim_id") == "monthly-active-users"
    )
    assert [line for line in text.splitlines() if line.startswith("compared")] == [
        f"compared  {o} (same): {v:g} persons"
        for o, v in compared.select("observation_id", "value_base").rows()
    ]
