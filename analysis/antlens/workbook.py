"""The tables as one spreadsheet workbook, for people who work in Excel or LibreOffice.

The first sheet describes every table and column from the schemas; then one sheet per table,
columns typed (numbers as numbers, text as text: ids, quotes and a leading "=" stay text). The
document's dates are fixed, so identical tables give identical bytes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from antlens.schemas import Schemas

# Rows a table's sheet holds at most. A worksheet takes 1,048,575, but a spreadsheet of that
# size is slow to write and to open; a larger table's sheet says where its rows are instead.
SHEET_ROWS = 5_000
_FIXED_DATE = datetime(2020, 1, 1, tzinfo=UTC)  # no build time in the file


def write_workbook(path: Path, schemas: Schemas, tables: dict[str, pl.DataFrame | int]) -> None:
    """Write `tables` and a sheet describing them to the workbook at `path`; a table given as
    its number of rows is too large for a sheet, which says where its rows are instead."""
    from xlsxwriter import Workbook
    from xlsxwriter.exceptions import FileCreateError

    try:
        _write(path, schemas, tables, Workbook)
    except FileCreateError as error:  # the disk's refusal, as every other writer reports it
        cause = error.args[0] if error.args else None
        raise (cause if isinstance(cause, OSError) else error) from None


def _write(path: Path, schemas: Schemas, tables: dict, Workbook) -> None:
    options = {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
    with Workbook(path, options) as workbook:
        workbook.set_properties(
            {"title": schemas.package["title"], "created": _FIXED_DATE, "author": "antlens"}
        )
        workbook.set_custom_property("generator", "antlens build")
        _columns_sheet(schemas, tables).write_excel(
            workbook, "tables", autofit=True, freeze_panes="A2", table_style="Table Style Light 1"
        )
        for name, df in tables.items():
            _table_sheet(workbook, name, df)


def _columns_sheet(schemas: Schemas, tables: dict[str, pl.DataFrame | int]) -> pl.DataFrame:
    rows = []
    for name, table in tables.items():
        schema = schemas.table(name)
        for field in schema["fields"]:
            rows.append(
                {
                    "table": name,
                    "table_title": schema["title"],
                    "rows": table if isinstance(table, int) else table.height,
                    "column": field["name"],
                    "type": field["type"],
                    "unit": field.get("unit"),
                    "description": field.get("description"),
                    "allowed_values": ", ".join(field.get("constraints", {}).get("enum", [])),
                }
            )
    return pl.DataFrame(rows, infer_schema_length=None)


def _table_sheet(workbook, name: str, df: pl.DataFrame | int) -> None:
    height = df if isinstance(df, int) else df.height
    if height > SHEET_ROWS:
        note = f"{height} rows, more than a sheet here holds: read {name}.csv or {name}.parquet"
        pl.DataFrame({"note": [note]}).write_excel(workbook, name)
        return
    df.write_excel(
        workbook,
        name,
        dtype_formats={pl.Float64: "General", pl.Int64: "0"},
        freeze_panes="A2",
        table_style="Table Style Light 1",
        autofilter=True,
    )
