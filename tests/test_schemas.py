"""Schemas: the single source of columns, records and allowed values, and plain-word checks."""

from __future__ import annotations

import polars as pl
import pytest

from antlens import schemas
from tests.conftest import REPO, SCHEMAS


def test_the_package_lists_every_table_schema_once():
    files = {p.stem for p in (REPO / "schemas").glob("*.yaml")}
    assert sorted(SCHEMAS.table_names) == sorted(files - {"vocabularies", "package", "records"})
    assert len(set(SCHEMAS.table_names)) == len(SCHEMAS.table_names)


def test_every_column_and_record_key_is_described():
    for name in SCHEMAS.table_names:
        for field in SCHEMAS.table(name)["fields"]:
            assert field.get("description"), (name, field["name"])
    for record, keys in SCHEMAS.records.items():
        if record == "theme_details":
            continue
        for key, spec in keys.items():
            assert spec.get("description") and isinstance(spec["required"], bool), (record, key)


def test_a_row_with_an_undeclared_column_is_refused():
    with pytest.raises(ValueError, match="undeclared columns \\['colour'\\]"):
        SCHEMAS.frame("timeline", [{"date": "2020", "colour": "red"}])


def test_a_frame_has_exactly_the_schema_columns_and_types():
    frame = SCHEMAS.frame("timeline", [{"date": 2020, "event": "listing"}])
    assert frame.columns == SCHEMAS.columns("timeline")
    assert frame["date"].to_list() == ["2020"]  # YAML reads a year as a number
    assert frame.schema == pl.Schema(SCHEMAS.polars_types("timeline"))


def _claims(**changes) -> pl.DataFrame:
    claims = pl.read_parquet(REPO / "data/processed/claims.parquet").head(2)
    return claims.with_columns(
        **{k: pl.Series(v, dtype=claims[k].dtype) for k, v in changes.items()}
    )


def test_failures_read_in_plain_words():
    problems = SCHEMAS.validate("claims", _claims(unit=["stars", "CNY"]), "claims.csv", "claim_id")
    (problem,) = problems
    assert problem.slug == "schema-enum" and problem.column == "unit"
    assert problem.expected.startswith("one of CNY, USD, HKD")
    assert problem.found == "'stars'" and problem.record == _claims()["claim_id"][0]
    assert "isin" not in str(problem) and "field_uniqueness" not in str(problem)


def test_one_repeated_id_is_one_problem():
    first = _claims()["claim_id"][0]
    problems = SCHEMAS.validate("claims", _claims(claim_id=[first, first]), "claims.csv")
    assert [(p.slug, p.column, p.row) for p in problems] == [("schema-unique", "claim_id", 1)]


def test_the_schemas_of_another_folder_are_its_own(repo_copy):
    path = repo_copy / "schemas/vocabularies.yaml"
    path.write_text(path.read_text().replace("  CNY:", "  RMB:"), encoding="utf-8")
    assert "RMB" in schemas.load(repo_copy / "schemas").vocabulary("units")
    assert "RMB" not in SCHEMAS.vocabulary("units")
