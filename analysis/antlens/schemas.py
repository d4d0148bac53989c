"""Table and record schemas: read from `schemas/*.yaml`, the single source of truth.

Every table's columns, types, units and allowed values are Frictionless Table Schemas (`unit` on a
field, `enum_from` naming a list in `schemas/vocabularies.yaml`); `schemas/package.yaml` holds the
data package's metadata and the order of its tables; `schemas/records.yaml` the keys of the
records people write (the registry, annotation claims and exclusions, dataset descriptors).
Nothing else restates a column. `load(folder)` gives the `Schemas` of one repository.
"""

from __future__ import annotations

from functools import cache, cached_property
from pathlib import Path
from typing import Any

import polars as pl

from antlens import problems as kinds
from antlens.problems import Problem
from antlens.yamlio import read_yaml

_POLARS_TYPES = {
    "string": pl.String,
    "integer": pl.Int64,
    "number": pl.Float64,
    "boolean": pl.Boolean,
}


@cache
def load(folder: Path) -> Schemas:
    """The schemas in `folder` (a repository's `schemas/`), read once per folder."""
    return Schemas(Path(folder).resolve())


class Schemas:
    """The schemas of one repository: tables, records, vocabularies and the package."""

    def __init__(self, folder: Path):
        self.folder = folder

    def _read(self, name: str) -> Any:
        return read_yaml(self.folder / f"{name}.yaml", f"schemas/{name}.yaml")

    @cached_property
    def vocabularies(self) -> dict[str, dict[str, Any]]:
        return self._read("vocabularies")

    def vocabulary(self, name: str) -> dict[str, Any]:
        """An allowed-values list, value → description (or value → details)."""
        return self.vocabularies[name]

    @cached_property
    def package(self) -> dict[str, Any]:
        """The data package's metadata and `tables`, the order tables are written in."""
        return self._read("package")

    @property
    def table_names(self) -> list[str]:
        return list(self.package["tables"])

    @cached_property
    def records(self) -> dict[str, Any]:
        return self._read("records")

    def record_keys(self, name: str) -> dict[str, dict[str, Any]]:
        """The keys of a written record (`registry`, `claim`, `exclusion`, `dataset`): key →
        {required, type, description}."""
        return self.records[name]

    @cache  # noqa: B019 - one Schemas per folder, kept for the process
    def table(self, name: str) -> dict[str, Any]:
        """The Frictionless table schema of table `name`, with every `enum_from` list inlined."""
        schema = self._read(name)
        for field in schema["fields"]:
            if vocabulary := field.pop("enum_from", None):
                field.setdefault("constraints", {})["enum"] = list(self.vocabulary(vocabulary))
        return schema

    def columns(self, name: str) -> list[str]:
        return [f["name"] for f in self.table(name)["fields"]]

    def polars_types(self, name: str) -> dict[str, pl.DataType]:
        """Column name → polars type, in schema order."""
        return {f["name"]: _POLARS_TYPES[f["type"]] for f in self.table(name)["fields"]}

    def allowed(self, name: str, column: str) -> list[str]:
        """The allowed values of a column, in the order its vocabulary lists them."""
        field = next(f for f in self.table(name)["fields"] if f["name"] == column)
        return list(field["constraints"]["enum"])

    def project(self, name: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """`rows` cut to the columns of table `name`: for a table whose rows are other rows
        (a coverage row is its claim) with fewer columns."""
        columns = self.columns(name)
        return [{c: row.get(c) for c in columns} for row in rows]

    def frame(self, name: str, rows: list[dict[str, Any]]) -> pl.DataFrame:
        """A DataFrame of `rows` with exactly the columns and types of table `name`.

        A key the schema does not declare is a bug in the stage that made the row, so it stops
        the build. Values in string columns are written as text (YAML reads a year as a number).
        """
        types = self.polars_types(name)
        undeclared = sorted({key for row in rows for key in row} - types.keys())
        if undeclared:
            raise ValueError(f"rows for table {name!r} carry undeclared columns {undeclared}")
        data = {c: [row.get(c) for row in rows] for c in types}
        for column, dtype in types.items():
            if dtype == pl.String:
                data[column] = [None if v is None else str(v) for v in data[column]]
        return pl.DataFrame(data, schema=types)

    def validate(
        self, name: str, df: pl.DataFrame, file: str, id_column: str | None = None
    ) -> list[Problem]:
        """Every failure of `df` against schema `name` as a problem, one per cell at fault.

        `file` names where the rows came from; `id_column` the column that names a record in
        messages (row numbers are used without it).
        """
        import pandera.errors

        try:
            _pandera_schema(self, name).validate(df, lazy=True)
        except pandera.errors.SchemaErrors as errors:
            return _problems(self.table(name), errors.failure_cases, df, file, id_column)
        return []


@cache
def _pandera_schema(schemas: Schemas, name: str):
    import pandera.polars as pa

    columns = {}
    for field in schemas.table(name)["fields"]:
        constraints = field.get("constraints", {})
        columns[field["name"]] = pa.Column(
            _POLARS_TYPES[field["type"]],
            checks=_checks(constraints),
            nullable=not constraints.get("required", False),
            unique=constraints.get("unique", False),
            description=field.get("description"),
        )
    return pa.DataFrameSchema(columns, strict=True, ordered=True, name=name)


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


# pandera's description of a failed check → (problem kind, what the schema expects, in plain words)
def _expectation(check: str, field: dict[str, Any]) -> tuple[kinds.Kind, str]:
    constraints = field.get("constraints", {})
    if check.startswith("isin("):
        return kinds.SCHEMA_ENUM, "one of " + ", ".join(constraints["enum"])
    if check.startswith("greater_than_or_equal_to("):
        return kinds.SCHEMA_RANGE, f"a value of at least {constraints['minimum']}"
    if check.startswith("less_than_or_equal_to("):
        return kinds.SCHEMA_RANGE, f"a value of at most {constraints['maximum']}"
    if check.startswith("str_matches("):
        return kinds.SCHEMA_PATTERN, f"text of the form {constraints['pattern']}"
    if check in ("not_nullable", "field_nullable"):
        return kinds.SCHEMA_REQUIRED, "a value"
    if check in ("field_uniqueness", "unique"):
        return kinds.SCHEMA_UNIQUE, "a value no other row has"
    if check.startswith("dtype"):
        return kinds.SCHEMA_TYPE, f"a {field['type']}"
    return kinds.SCHEMA_COLUMNS, "the schema's columns"


def _problems(schema, failures: pl.DataFrame, df, file, id_column) -> list[Problem]:
    fields = {f["name"]: f for f in schema["fields"]}
    problems, seen = [], set()
    for case in failures.iter_rows(named=True):
        column, index = str(case.get("column") or ""), case.get("index")
        kind, expected = _expectation(str(case.get("check")), fields.get(column, {}))
        record = ""
        if index is not None and id_column and id_column in df.columns:
            record = str(df[id_column][index])
        # A repeated id fails uniqueness once per row; one mistake is one problem.
        key = (kind.slug, column, str(case.get("failure_case")))
        if kind is kinds.SCHEMA_UNIQUE and key in seen:
            continue
        seen.add(key)
        problems.append(
            kind(
                file=file,
                row=None if index is None or record else index + 1,
                record=record,
                column=column,
                expected=expected,
                found=_shown(case.get("failure_case")),
                hint=f"see schemas/{schema['name']}.yaml",
            )
        )
    return problems


def _shown(value: Any) -> str:
    return "nothing" if value is None else repr(value)
