"""Reusing the tables from code: `antlens.load`, `antlens.tables` and SQL over the Parquet files."""

import json

import duckdb
import pandas as pd
import polars as pl
import pytest

import antlens
from antlens.problems import ProblemsFound


def _package(repo) -> dict:
    return json.loads((repo / "data/processed/datapackage.json").read_text(encoding="utf-8"))


def _table_names(repo) -> list[str]:
    return [r["name"] for r in _package(repo)["resources"] if r["format"] == "csv"]


def test_tables_lists_every_table_of_the_package_with_description_and_rows(repo):
    listing = antlens.tables(repo)
    assert listing["name"].to_list() == _table_names(repo)
    for row in listing.iter_rows(named=True):
        assert row["title"] and row["description"]
        csv_rows = pl.read_csv(repo / row["csv"], infer_schema=False).height
        assert row["rows"] == csv_rows == pl.read_parquet(repo / row["parquet"]).height


def test_every_table_loads_in_polars_and_pandas_alike(repo):
    for name in _table_names(repo):
        polars_df = antlens.load(name, root=repo)
        pandas_df = antlens.load(name, backend="pandas", root=repo)
        assert isinstance(polars_df, pl.DataFrame) and isinstance(pandas_df, pd.DataFrame)
        resource = next(r for r in _package(repo)["resources"] if r["name"] == name)
        columns = [field["name"] for field in resource["schema"]["fields"]]
        assert polars_df.columns == list(pandas_df.columns) == columns
        assert polars_df.height == len(pandas_df)


def test_an_unknown_table_is_a_problem_naming_the_known_ones(repo):
    with pytest.raises(ProblemsFound) as found:
        antlens.load("claim", root=repo)
    (problem,) = found.value.problems
    assert (problem.slug, problem.record, problem.found) == ("unknown-table", "claim", "claim")
    assert "claims" in problem.expected and "mentions" in problem.expected


def test_an_unknown_backend_is_a_problem(repo):
    with pytest.raises(ProblemsFound) as found:
        antlens.load("claims", backend="arrow", root=repo)
    assert [(p.slug, p.found) for p in found.value.problems] == [("unknown-backend", "arrow")]


def test_sql_over_the_parquet_files_joins_claims_to_their_sentences(repo):
    processed = (repo / "data/processed").as_posix()
    rows = duckdb.sql(
        f"""
        SELECT c.claim_id, c.quote, s.text AS sentence,
               c.char_start - s.char_start AS offset_in_sentence,
               contains(s.text, c.quote) AS inside
        FROM '{processed}/claims.parquet' AS c
        JOIN '{processed}/sentences.parquet' AS s USING (sentence_id)
        ORDER BY c.claim_id
        """
    ).fetchall()
    assert len(rows) == antlens.load("claims", root=repo).height > 0
    for claim_id, quote, sentence, offset, inside in rows:
        assert inside, claim_id  # every quote stays inside its sentence
        assert sentence[offset : offset + len(quote)] == quote, claim_id


def test_sql_counts_mentions_by_status(repo):
    processed = (repo / "data/processed").as_posix()
    counts = dict(
        duckdb.sql(
            f"SELECT status, count(*) FROM '{processed}/mentions.parquet' GROUP BY status"
        ).fetchall()
    )
    mentions = antlens.load("mentions", root=repo)
    assert counts == dict(mentions.group_by("status").len().iter_rows())


def test_a_damaged_table_file_says_to_rebuild(repo_copy):
    (repo_copy / "data/processed/claims.parquet").write_bytes(b"not parquet")
    with pytest.raises(ProblemsFound) as found:
        antlens.load("claims", root=repo_copy)
    (problem,) = found.value.problems
    assert (problem.slug, problem.file) == ("unreadable-table", "data/processed/claims.parquet")
    assert "antlens build" in problem.fix


def test_the_public_functions_survive_their_modules_being_imported(repo_copy):
    import antlens.build  # noqa: F401  (binding the module's name on the package, as any import does)
    import antlens.trace  # noqa: F401

    assert callable(antlens.build) and callable(antlens.trace)
    assert "micro-loan" in antlens.trace("micro-loan-income-2019h1", repo_copy)
    assert "micro-loan" in antlens.trace("micro-loan-income-2019h1", repo_copy)  # and again
