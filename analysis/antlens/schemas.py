"""Table schemas: read from `schemas/*.yaml`, turned into pandera checks and data package fields.

The YAML files are the single source of truth for every table's columns, types, units and allowed
values (Frictionless Table Schema, with `unit` on a field and `enum_from` naming a list in
`schemas/vocabularies.yaml`). Nothing here restates a column.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import polars as pl

from antlens import config
from antlens.problems import Problem, ProblemsFound
from antlens.yamlio import read_yaml

_POLARS_TYPES = {
    "string": pl.String,
    "integer": pl.Int64,
    "number": pl.Float64,
    "boolean": pl.Boolean,
}


def _folder() -> Path:
    """The schemas/ folder of the repository being worked on (see config.find_root)."""
    return config.paths().schemas


@cache
def _vocabularies(folder: Path) -> dict[str, dict[str, str]]:
    return read_yaml(folder / "vocabularies.yaml", "schemas/vocabularies.yaml")


@cache
def _table_schema(name: str, folder: Path) -> dict[str, Any]:
    schema = read_yaml(folder / f"{name}.yaml", f"schemas/{name}.yaml")
    vocabularies = _vocabularies(folder)
    for field in schema["fields"]:
        if vocabulary := field.pop("enum_from", None):
            field.setdefault("constraints", {})["enum"] = list(vocabularies[vocabulary])
    return schema


def table_schema(name: str, folder: Path | None = None) -> dict[str, Any]:
    """The Frictionless table schema of table `name`, with every `enum_from` list inlined."""
    return _table_schema(name, folder or _folder())


def vocabulary(name: str) -> dict[str, str]:
    """An allowed-values list from vocabularies.yaml, value → description."""
    return _vocabularies(_folder())[name]


def table_names() -> list[str]:
    """Every table that has a schema, in file-name order."""
    return sorted(p.stem for p in _folder().glob("*.yaml") if p.stem != "vocabularies")


def polars_schema(name: str) -> dict[str, pl.DataType]:
    """Column name → polars type, in schema order."""
    return {f["name"]: _POLARS_TYPES[f["type"]] for f in table_schema(name)["fields"]}


def frame(name: str, rows: list[dict[str, Any]]) -> pl.DataFrame:
    """A DataFrame of `rows` with exactly the columns and types of table `name`.

    Values in string columns are written as text (a YAML date or year arrives as a number).
    """
    columns = polars_schema(name)
    text = [c for c, dtype in columns.items() if dtype == pl.String]
    data = {c: [row.get(c) for row in rows] for c in columns}
    for c in text:
        data[c] = [None if v is None else str(v) for v in data[c]]
    return pl.DataFrame(data, schema=columns)


def _checks(constraints: dict[str, Any]) -> list:
    import pandera.polars as pa

    checks = []
    if "enum" in constraints:
        checks.append(pa.Check.isin(constraints["enum"]))
    if "minimum" in constraints:
        checks.append(pa.Check.ge(constraints["minimum"]))
    if "maximum" in constraints:
        checks.append(pa.Check.le(constraints["maximum"]))
    if "pattern" in constraints:
        checks.append(pa.Check.str_matches(constraints["pattern"]))
    return checks


def pandera_schema(name: str):
    """The pandera (polars) schema of table `name`: strict, typed, with every constraint."""
    return _pandera_schema(name, _folder())


@cache
def _pandera_schema(name: str, folder: Path):
    import pandera.polars as pa

    schema = _table_schema(name, folder)
    columns = {}
    for field in schema["fields"]:
        constraints = field.get("constraints", {})
        columns[field["name"]] = pa.Column(
            _POLARS_TYPES[field["type"]],
            checks=_checks(constraints),
            nullable=not constraints.get("required", False),
            unique=constraints.get("unique", False),
            description=field.get("description"),
        )
    return pa.DataFrameSchema(columns, strict=True, ordered=True, name=name)


def validate(name: str, df: pl.DataFrame, file: str, id_column: str | None = None) -> None:
    """Check `df` against schema `name`, collecting every failure (lazy) as a Problem.

    `file` names where the rows came from; `id_column` names the column that identifies a
    record in messages (row numbers are used when it is not given).
    """
    import pandera.errors

    try:
        pandera_schema(name).validate(df, lazy=True)
    except pandera.errors.SchemaErrors as errors:
        raise ProblemsFound(_problems(errors.failure_cases, df, name, file, id_column)) from None


def _problems(failures: pl.DataFrame, df: pl.DataFrame, name, file, id_column) -> list[Problem]:
    problems = []
    for case in failures.iter_rows(named=True):
        index = case.get("index")
        record = f"row {index + 1}" if index is not None else ""
        if index is not None and id_column and id_column in df.columns:
            record = f"{id_column} {df[id_column][index]}"
        problems.append(
            Problem(
                slug=f"schema-{name}",
                file=file,
                record=record,
                column=str(case.get("column") or ""),
                expected=str(case.get("check")),
                found=repr(case.get("failure_case")),
                hint=f"see schemas/{name}.yaml for the allowed values",
            )
        )
    return problems
