"""The workbook: a sheet describing every table from the schemas, then each table, typed."""

from __future__ import annotations

import polars as pl
import pytest

from antlens.build import build
from antlens.workbook import write_workbook
from tests.conftest import SCHEMAS

openpyxl = pytest.importorskip("openpyxl")


def _tables(repo) -> dict[str, pl.DataFrame]:
    return {n: pl.read_parquet(repo / f"data/processed/{n}.parquet") for n in SCHEMAS.table_names}


def test_one_sheet_per_table_after_a_sheet_describing_every_column(repo, tmp_path):
    tables = _tables(repo)
    write_workbook(tmp_path / "w.xlsx", SCHEMAS, tables)
    book = openpyxl.load_workbook(tmp_path / "w.xlsx", read_only=True)
    assert book.sheetnames == ["tables", *SCHEMAS.table_names]
    described = list(book["tables"].iter_rows(values_only=True))
    assert described[0][:4] == ("table", "table_title", "rows", "column")
    expected = [(n, c) for n in SCHEMAS.table_names for c in SCHEMAS.columns(n)]
    assert [(row[0], row[3]) for row in described[1:]] == expected


def test_cells_keep_their_types_and_text_stays_text(repo, tmp_path):
    claims = (
        _tables(repo)["claims"]
        .head(3)
        .with_columns(quote=pl.Series(["=1+1", "0700.HK", "https://example.org"]))
    )
    write_workbook(tmp_path / "w.xlsx", SCHEMAS, {"claims": claims})
    rows = list(openpyxl.load_workbook(tmp_path / "w.xlsx")["claims"].iter_rows(values_only=True))
    header, first = rows[0], dict(zip(rows[0], rows[1], strict=True))
    assert list(header) == claims.columns
    assert [dict(zip(header, r, strict=True))["quote"] for r in rows[1:]] == claims[
        "quote"
    ].to_list()
    assert first["claim_id"] == claims["claim_id"][0]
    assert isinstance(first["char_start"], int)
    assert first["value"] is None or isinstance(first["value"], float | int)


def test_the_workbook_is_byte_identical_between_builds(repo_copy):
    build(repo_copy)
    first = (repo_copy / "data/processed/antlens.xlsx").read_bytes()
    build(repo_copy)
    assert (repo_copy / "data/processed/antlens.xlsx").read_bytes() == first


def test_a_table_too_large_for_a_sheet_says_where_its_rows_are(tmp_path, monkeypatch):
    monkeypatch.setattr("antlens.workbook.SHEET_ROWS", 2)
    timeline = pl.read_parquet(SCHEMAS.folder.parent / "data/processed/timeline.parquet")
    write_workbook(tmp_path / "w.xlsx", SCHEMAS, {"timeline": timeline})
    rows = list(openpyxl.load_workbook(tmp_path / "w.xlsx")["timeline"].iter_rows(values_only=True))
    assert rows[0] == ("note",)
    assert rows[1][0].startswith(f"{timeline.height} rows") and "timeline.csv" in rows[1][0]
