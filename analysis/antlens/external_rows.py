"""An external dataset's CSV: its header and each row, checked, as observations.

A row is located by `row` (data rows counted from 1) and `line` (the line it starts on; the
header is line 1). A row with the wrong number of fields is reported and left out; the others
are still checked. Rows are kept in the order of the file, but nothing depends on that order:
a row is known by its id.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import replace
from pathlib import Path

from antlens.encodings import not_utf8_problem
from antlens.problems import (
    BAD_ID,
    BAD_ROW,
    DUPLICATE_COLUMN,
    DUPLICATE_ID,
    MISPLACED_COLUMN,
    MISSING_COLUMN,
    MISSING_FILE,
    MISSING_ID,
    NOT_A_NUMBER,
    UNKNOWN_UNIT,
    Problem,
)

ROW_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")  # a row's id: no "_" or "/", unlike a dataset_id
SEPARATOR = "/"  # observation_id = <dataset_id>/<id>: a dataset_id never holds a "/"
_BOM = b"\xef\xbb\xbf"  # as spreadsheets write it; it would otherwise stick to "id"


def observation_id(dataset_id: str, row_id: str) -> str:
    """The id by which annotations cite a row: `<dataset_id>/<id>`."""
    return f"{dataset_id}{SEPARATOR}{row_id}"


def read_rows(catalogue, table: Path, shown: str, descriptor: dict) -> tuple[list, list]:
    """The CSV's rows as observations, with every problem of its header and rows."""
    try:
        data = table.read_bytes().removeprefix(_BOM)
    except FileNotFoundError:
        return [], [MISSING_FILE(file=shown, hint="add the CSV or fix `table` in dataset.yaml")]
    if problem := not_utf8_problem(data, shown, "put {converted} in its place and run again"):
        return [], [problem]
    columns = catalogue.record_keys("external_row")
    reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
    header = next(reader, [])
    problems = _header_problems(header, list(columns), shown)
    if any(p.slug == "duplicate-column" or p.column not in ("", "id") for p in problems):
        return [], problems  # which field is which is unknown: the rows cannot be read
    rows, seen, line, number = [], {}, reader.line_num, 0
    for fields in reader:
        first, line = line + 1, reader.line_num
        if not fields:
            continue  # a blank line
        number += 1
        where = {"file": shown, "row": number, "line": first}
        if len(fields) != len(header):
            problems.append(_shape_problem(where, len(header), len(fields)))
            continue
        raw = dict(zip(header, fields, strict=True))
        row, row_problems = _observation(descriptor, columns, raw, where)
        problems += row_problems + _duplicate_problems(row, where, seen)
        rows.append((where, row))
    problems += _row_schema_problems(catalogue, rows, shown, problems)
    return [row for _, row in rows], problems


def _header_problems(header: list[str], columns: list[str], shown: str) -> list[Problem]:
    """A header's duplicated and missing columns, and an `id` column that is not first."""
    where = {"file": shown, "line": 1}
    found = ", ".join(header) or "an empty first line"
    problems = []
    for name in dict.fromkeys(header):
        places = [str(i) for i, c in enumerate(header, start=1) if c == name]
        if len(places) > 1:
            named = f"{', '.join(places[:-1])} and {places[-1]}"
            named += " are all" if len(places) > 2 else " are both"
            problems.append(
                DUPLICATE_COLUMN(
                    **where,
                    column=name,
                    expected="each column named once",
                    found=f"columns {named} named {name!r}",
                    hint="rename or remove all but one of them",
                )
            )
    if "id" not in header:
        problems.append(
            MISSING_COLUMN(
                **where,
                column="id",
                expected="a first column `id`: a slug unique within the dataset (credit-card-2017)",
                found=found,
                hint="add the column; annotations cite a row as <dataset_id>/<id>",
            )
        )
    elif header[0] != "id":
        problems.append(
            MISPLACED_COLUMN(
                **where,
                column="id",
                expected="`id` as the first column",
                found=f"`id` as column {header.index('id') + 1}",
                hint="move the id column to the front",
            )
        )
    missing = [c for c in columns if c != "id" and c not in header]
    if missing:
        problems.append(
            MISSING_COLUMN(
                **where,
                column=", ".join(missing),
                expected=", ".join(columns),
                found=found,
                hint="add the missing columns (or fix their names) in the header",
            )
        )
    return problems


def _shape_problem(where: dict, width: int, count: int) -> Problem:
    """A row with more or fewer fields than the header: its fields cannot be told apart."""
    return BAD_ROW(
        **where,
        expected=f"{width} fields, as in the header",
        found=f"{count} fields",
        hint="quote a field that holds a comma"
        if count > width
        else "give every column a field (an empty one is two commas in a row)",
    )


def _observation(descriptor: dict, columns: dict, raw: dict, where: dict):
    problems = _row_id_problems(raw.get("id"), where) if "id" in raw else []
    value = _number(raw["value"])
    units = descriptor.get("units") or {}
    conversion = units.get(raw["unit"])  # None too for a unit whose scale is reported already
    faults = (
        (
            value is None,
            NOT_A_NUMBER,
            "value",
            "a finite number",
            "write the figure as digits, e.g. 1206.18",
        ),
        (
            raw["unit"] not in units,
            UNKNOWN_UNIT,
            "unit",
            "a unit listed under `units` in dataset.yaml",
            "add the unit with its base_unit and scale to dataset.yaml",
        ),
    )
    problems += [
        kind(**where, column=column, expected=expected, found=repr(raw[column]), hint=hint)
        for wrong, kind, column, expected, hint in faults
        if wrong
    ]
    scale = float(conversion["scale"]) if conversion else None
    row_id = raw.get("id") or ""
    row = {
        "observation_id": observation_id(descriptor["dataset_id"], row_id)
        if ROW_ID.match(row_id)
        else None,
        "dataset_id": descriptor["dataset_id"],
        **{c: (raw[c] or None) for c in columns if c not in ("id", "value")},
        "value": value,
        "value_base": value * scale if value is not None and scale is not None else None,
        "base_unit": conversion.get("base_unit") if conversion else None,
    }
    return row, problems


def _number(text: str) -> float | None:
    """The figure in a value cell ("1,206.18" -> 1206.18); None unless a finite number."""
    try:
        value = float(text.replace(",", ""))
    except ValueError:
        return None
    return value if math.isfinite(value) else None  # inf, nan, 1e400


def _row_id_problems(row_id: str, where: dict) -> list[Problem]:
    if not row_id:
        return [
            MISSING_ID(
                **where,
                column="id",
                expected="a slug unique within the dataset, e.g. credit-card-2017",
                found="an empty cell",
                hint="give the row an id; annotations cite it as <dataset_id>/<id>",
            )
        ]
    if not ROW_ID.match(row_id):
        return [
            BAD_ID(
                **where,
                column="id",
                expected="a slug: a-z, 0-9 and -, starting with a letter or digit",
                found=repr(row_id),
                hint="write the id in lower case with hyphens, e.g. credit-card-2017",
            )
        ]
    return []


def _duplicate_problems(row: dict, where: dict, seen: dict) -> list[Problem]:
    """A row whose id an earlier row has, naming both rows."""
    key = row["observation_id"]
    if key is None:
        return []
    if key not in seen:
        seen[key] = where
        return []
    first, here = _row_name(seen[key]), _row_name(where)
    return [
        DUPLICATE_ID(
            **where,
            column="id",
            expected="an id no other row of the dataset has",
            found=f"{key.split(SEPARATOR, 1)[1]!r}, also the id of {first}",
            hint=f"give one of {first} and {here} another id",
        )
    ]


def _row_name(where: dict) -> str:
    return f"row {where['row']} (line {where['line']})"


def _row_schema_problems(
    catalogue, rows: list[tuple[dict, dict]], shown: str, known: list[Problem]
) -> list[Problem]:
    """Each row against the external_observations schema, located by its row and line.

    What the row checks reported already (by row and column) is left out, and so are the ids,
    which the row checks cover in the CSV's terms (id, not observation_id), and the base unit,
    which comes from the descriptor and is reported there.
    """
    if not rows:
        return []
    frame = catalogue.frame("external_observations", [row for _, row in rows])
    found = catalogue.validate("external_observations", frame, shown)
    reported = {(p.row, p.column) for p in known}
    located = [_in_csv_terms(p, [where for where, _ in rows]) for p in found]
    return [
        p
        for p in located
        if (p.row, p.column) not in reported
        and p.column not in ("observation_id", "dataset_id", "base_unit")
    ]


def _in_csv_terms(problem: Problem, places: list[dict]) -> Problem:
    """A schema problem located in the CSV: the n-th row checked is the CSV's row and line
    `places[n - 1]` (rows with the wrong number of fields are not checked)."""
    if problem.row is not None and problem.row <= len(places):
        where = places[problem.row - 1]
        return replace(problem, row=where["row"], line=where["line"])
    return problem
