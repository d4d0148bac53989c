"""External datasets: published figures to set beside the articles, validated and traced.

Each dataset is a folder `data/external/<dataset_id>/` with a `dataset.yaml` descriptor (title,
publisher, url, retrieved, licence, the table's file name, and how each published unit converts to
a base unit) and a CSV with one row per figure, each naming where it was read (locator, url) and
the supporting phrase. A row's first column, `id`, is a slug unique within its dataset; the
observation's id is `<dataset_id>/<id>` (e.g. `findex/credit-card-2017`), so reordering a CSV's rows
changes nothing that cites them.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from antlens import schemas
from antlens.paths import Paths, locate
from antlens.problems import (
    BAD_DESCRIPTOR,
    BAD_ID,
    BAD_ROW,
    BAD_SCALE,
    BAD_UNITS,
    DUPLICATE_COLUMN,
    DUPLICATE_ID,
    EMPTY_TABLE,
    MISPLACED_COLUMN,
    MISSING_COLUMN,
    MISSING_DESCRIPTOR,
    MISSING_FIELD,
    MISSING_FILE,
    MISSING_ID,
    NOT_A_NUMBER,
    NOT_UTF8,
    PATH_OUTSIDE_REPOSITORY,
    TABLE_MISMATCH,
    UNKNOWN_BASE_UNIT,
    UNKNOWN_UNIT,
    Problem,
    ProblemsFound,
    raise_if_any,
)
from antlens.sources import SLUG
from antlens.yamlio import read_yaml

DESCRIPTOR = "dataset.yaml"
DESCRIPTOR_KEYS = ("dataset_id", "title", "publisher", "licence", "table", "units")
ROW_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")  # a row's id: no "_" or "/", unlike a dataset_id
SEPARATOR = "/"  # observation_id = <dataset_id>/<id>: a dataset_id never holds a "/"
COLUMNS = (
    "id",
    "entity",
    "metric",
    "period",
    "value",
    "unit",
    "confidence",
    "source_title",
    "source_publisher",
    "locator",
    "url",
    "supporting_phrase",
)
TEXT_COLUMNS = tuple(c for c in COLUMNS if c not in ("id", "value"))


def dataset_folders(paths: Paths) -> list[Path]:
    """Every folder under data/external/ that holds a dataset descriptor, sorted by name."""
    if not paths.external.is_dir():
        return []
    return sorted(p.parent for p in paths.external.glob(f"*/{DESCRIPTOR}"))


def load_dataset(paths: Paths, folder: Path) -> tuple[dict, list[dict]]:
    """A dataset's descriptor and its observation rows; every problem raised at once.

    The build and `add-external` check a dataset with the same `check_dataset`.
    """
    descriptor, rows, problems = check_dataset(paths, folder)
    raise_if_any(problems)
    return descriptor, rows


def observation_id(dataset_id: str, row_id: str) -> str:
    """The id by which annotations cite a row: `<dataset_id>/<id>`."""
    return f"{dataset_id}{SEPARATOR}{row_id}"


def _descriptor_problems(descriptor: dict, folder: Path, shown: str) -> list[Problem]:
    if not isinstance(descriptor, dict):
        return [BAD_DESCRIPTOR(file=shown, expected="a mapping", found=repr(descriptor))]
    problems = [
        MISSING_FIELD(
            file=shown, record="descriptor", column=key, expected="a value", found="nothing"
        )
        for key in DESCRIPTOR_KEYS
        if not descriptor.get(key)
    ]
    dataset_id = str(descriptor.get("dataset_id") or "")
    if dataset_id and (dataset_id != folder.name or not SLUG.match(dataset_id)):
        problems.append(
            BAD_ID(
                file=shown,
                record="descriptor",
                column="dataset_id",
                expected=f"a slug equal to the folder name ({folder.name})",
                found=dataset_id,
            )
        )
    table = descriptor.get("table")
    if table and not (folder / str(table)).resolve().is_relative_to(folder.resolve()):
        problems.append(
            PATH_OUTSIDE_REPOSITORY(
                file=shown,
                record="descriptor",
                column="table",
                expected="a file in " + folder.name,
                found=str(table),
            )
        )
    return problems


def _read_rows(catalogue, table: Path, shown: str, descriptor: dict) -> tuple[list, list]:
    """The CSV's rows as observations, with every problem of its header and rows.

    Each row is named "row N (line L)": N counts the data rows from 1, L is the line it starts
    on (the header is line 1). A row with the wrong number of fields is reported and left out;
    the others are still checked. Rows are kept in the order of the file, but nothing depends
    on that order: a row is known by its id.
    """
    try:
        # utf-8-sig: a byte order mark (as spreadsheets write) would otherwise stick to "id".
        text = table.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return [], [MISSING_FILE(file=shown, hint="add the CSV or fix `table` in dataset.yaml")]
    except UnicodeDecodeError as error:
        return [], [
            NOT_UTF8(
                file=shown,
                record=f"byte {error.start}",
                expected="UTF-8 text",
                found=f"{error.object[error.start : error.start + 4]!r} ({error.reason})",
                hint="save the CSV as UTF-8, e.g. iconv -f GB18030 -t UTF-8 in.csv > out.csv",
            )
        ]
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, [])
    problems = _header_problems(header, shown)
    if any(p.slug == "duplicate-column" or p.column not in ("", "id") for p in problems):
        return [], problems  # which field is which is unknown: the rows cannot be read
    rows, seen, line, number = [], {}, reader.line_num, 0
    for fields in reader:
        first, line = line + 1, reader.line_num
        if not fields:
            continue  # a blank line
        number += 1
        record = f"row {number} (line {first})"
        if len(fields) != len(header):
            problems.append(_shape_problem(shown, record, len(header), len(fields)))
            continue
        row, row_problems = _observation(
            descriptor, record, dict(zip(header, fields, strict=True)), shown
        )
        problems += row_problems + _duplicate_problems(row, record, seen, shown)
        rows.append((record, row))
    return [row for _, row in rows], problems + _row_schema_problems(
        catalogue, rows, shown, problems
    )


def _header_problems(header: list[str], shown: str) -> list[Problem]:
    """A header's duplicated and missing columns, and an `id` column that is not first."""
    record, found = "header (line 1)", ", ".join(header) or "an empty first line"
    problems = []
    for name in dict.fromkeys(header):
        places = [str(i) for i, c in enumerate(header, start=1) if c == name]
        if len(places) > 1:
            problems.append(
                DUPLICATE_COLUMN(
                    file=shown,
                    record=record,
                    column=name,
                    expected="each column named once",
                    found=f"columns {', '.join(places[:-1])} and {places[-1]} are all named {name!r}"
                    if len(places) > 2
                    else f"columns {places[0]} and {places[1]} are both named {name!r}",
                    hint="rename or remove all but one of them",
                )
            )
    if "id" not in header:
        problems.append(
            MISSING_COLUMN(
                file=shown,
                record=record,
                column="id",
                expected="a first column `id`: a slug unique within the dataset, e.g. credit-card-2017",
                found=found,
                hint="add the column; annotations cite a row as <dataset_id>/<id>",
            )
        )
    elif header[0] != "id":
        problems.append(
            MISPLACED_COLUMN(
                file=shown,
                record=record,
                column="id",
                expected="`id` as the first column",
                found=f"`id` as column {header.index('id') + 1}",
                hint="move the id column to the front",
            )
        )
    missing = [c for c in COLUMNS if c != "id" and c not in header]
    if missing:
        problems.append(
            MISSING_COLUMN(
                file=shown,
                record=record,
                column=", ".join(missing),
                expected=", ".join(COLUMNS),
                found=found,
                hint="add the missing columns (or fix their names) in the header",
            )
        )
    return problems


def _shape_problem(shown: str, record: str, width: int, count: int) -> Problem:
    """A row with more or fewer fields than the header: its fields cannot be told apart."""
    return BAD_ROW(
        file=shown,
        record=record,
        expected=f"{width} fields, as in the header",
        found=f"{count} fields",
        hint="quote a field that holds a comma"
        if count > width
        else "give every column a field (an empty one is two commas in a row)",
    )


def _observation(descriptor: dict, record: str, raw: dict, shown: str):
    problems = _row_id_problems(raw.get("id"), record, shown) if "id" in raw else []
    value = _number(raw["value"])
    if value is None:
        problems.append(
            NOT_A_NUMBER(
                file=shown,
                record=record,
                column="value",
                expected="a finite number",
                found=repr(raw["value"]),
                hint="write the figure as digits, e.g. 1206.18",
            )
        )
    units = descriptor.get("units") or {}
    conversion = units.get(raw["unit"])  # None too for a unit whose scale is reported already
    if raw["unit"] not in units:
        problems.append(
            UNKNOWN_UNIT(
                file=shown,
                record=record,
                column="unit",
                expected="a unit listed under `units` in dataset.yaml",
                found=repr(raw["unit"]),
                hint="add the unit with its base_unit and scale to dataset.yaml",
            )
        )
    scale = float(conversion["scale"]) if conversion else None
    row_id = raw.get("id") or ""
    row = {
        "observation_id": observation_id(descriptor["dataset_id"], row_id)
        if ROW_ID.match(row_id)
        else None,
        "dataset_id": descriptor["dataset_id"],
        **{c: (raw[c] or None) for c in TEXT_COLUMNS},
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


def _row_id_problems(row_id: str, record: str, shown: str) -> list[Problem]:
    if not row_id:
        return [
            MISSING_ID(
                file=shown,
                record=record,
                column="id",
                expected="a slug unique within the dataset, e.g. credit-card-2017",
                found="an empty cell",
                hint="give the row an id; annotations cite it as <dataset_id>/<id>",
            )
        ]
    if not ROW_ID.match(row_id):
        return [
            BAD_ID(
                file=shown,
                record=record,
                column="id",
                expected="a slug: a-z, 0-9 and -, starting with a letter or digit",
                found=repr(row_id),
                hint="write the id in lower case with hyphens, e.g. credit-card-2017",
            )
        ]
    return []


def _duplicate_problems(row: dict, record: str, seen: dict, shown: str) -> list[Problem]:
    """A row whose id an earlier row has, naming both rows."""
    key = row["observation_id"]
    if key is None:
        return []
    if key not in seen:
        seen[key] = record
        return []
    return [
        DUPLICATE_ID(
            file=shown,
            record=record,
            column="id",
            expected="an id no other row of the dataset has",
            found=f"{key.split(SEPARATOR, 1)[1]!r}, also the id of {seen[key]}",
            hint=f"give one of {seen[key]} and {record} another id",
        )
    ]


def load_external(paths: Paths) -> tuple[list[dict], list[dict]]:
    """Descriptors and observation rows of every external dataset, problems from all of them."""
    descriptors, rows, problems = [], [], []
    for folder in dataset_folders(paths):
        try:
            descriptor, dataset_rows = load_dataset(paths, folder)
        except ProblemsFound as found:
            problems += found.problems
            continue
        descriptors.append(descriptor)
        rows += dataset_rows
    raise_if_any(problems)
    return descriptors, rows


# ---------------------------------------------------------------- adding a dataset


@dataclass
class AddedDataset:
    """What `add_external` registered, for the CLI to print."""

    descriptor: dict
    rows: list[dict]
    folder: Path  # data/external/<dataset_id>/
    files: list[str]  # the files copied into it
    left_out: list[str] = field(default_factory=list)  # files beside them that were not copied

    def summary(self) -> str:
        """What was copied where, and what the rows hold."""
        units = sorted({row["unit"] for row in self.rows})
        confidence = {c: sum(r["confidence"] == c for r in self.rows) for c in ("high", "low")}
        dataset_id = self.descriptor["dataset_id"]
        lines = [
            f"added dataset {dataset_id}: data/external/{dataset_id}/ ({', '.join(self.files)})",
            f"  {self.descriptor['title']} — {self.descriptor['publisher']}",
            f"  {len(self.rows)} observation(s), {_listed(self.rows)}; "
            + ", ".join(f"{n} {c} confidence" for c, n in confidence.items() if n),
            "  units: " + "; ".join(units),
        ]
        if self.left_out:
            lines.append("  not copied: " + ", ".join(self.left_out))
        lines.append("next: `antlens build` puts them in the external_observations table")
        return "\n".join(lines)


def _listed(rows: list[dict], most: int = 4) -> str:
    """The rows' observation ids, the first few of a long list."""
    ids = [row["observation_id"] for row in rows]
    return ", ".join(ids) if len(ids) <= most else ", ".join(ids[: most - 1]) + ", … " + ids[-1]


def add_external(path, descriptor_file=None, root=None) -> AddedDataset:
    """Check the dataset at `path` completely and copy it into data/external/<dataset_id>/.

    `path` is a folder holding dataset.yaml and the CSV it names, or a CSV with its descriptor
    given as `descriptor_file`. Every problem is collected — descriptor fields, units, each
    row's numbers, units and confidence (by row number), an existing dataset_id — and raised as
    one ProblemsFound; then nothing is copied. The copy is checked in a staging folder under
    data/external/ and renamed into place, so a failure leaves no half-copied dataset.
    """
    paths = locate(root)
    descriptor_path, table_path, given_folder = _inputs(Path(path), descriptor_file)
    descriptor = read_yaml(descriptor_path, str(descriptor_path))
    if not isinstance(descriptor, dict):
        raise ProblemsFound(
            [
                BAD_DESCRIPTOR(
                    file=str(descriptor_path),
                    expected="a mapping of dataset_id, title, publisher, licence, table, units",
                    found="an empty file" if descriptor is None else type(descriptor).__name__,
                )
            ]
        )
    dataset_id = str(descriptor.get("dataset_id") or "")
    problems = _new_id_problems(paths, dataset_id, str(descriptor_path))
    problems += _table_name_problems(descriptor, table_path, str(descriptor_path))
    # The CSV is staged under the name the descriptor gives it, so that its rows are checked
    # even when a CSV given on its own has another name (reported above).
    table_path = table_path or _named_table(descriptor_path.parent, descriptor.get("table"))
    paths.external.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".adding-", dir=paths.external))
    try:
        folder = staging / (dataset_id if SLUG.match(dataset_id) else "dataset")
        shown = _stage(paths, folder, descriptor_path, table_path, descriptor.get("table"))
        checked, rows, found = check_dataset(paths, folder)
        # The folder-name check is about the staging copy; _new_id_problems covers the id.
        problems += [_as_given(p, shown) for p in found if p.slug != "bad-id"]
        raise_if_any(problems)
        target = paths.external / dataset_id
        os.replace(folder, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    files = [DESCRIPTOR, str(checked["table"])]
    return AddedDataset(
        checked, rows, target, files, _left_out(given_folder, descriptor_path, files)
    )


def _inputs(path: Path, descriptor_file) -> tuple[Path, Path | None, Path | None]:
    """The descriptor, the CSV (None: the one the descriptor names) and the folder given."""
    if not path.exists():
        raise ProblemsFound(
            [MISSING_FILE(file=str(path), expected="a dataset folder or a CSV file")]
        )
    if path.is_dir():
        descriptor = Path(descriptor_file) if descriptor_file else path / DESCRIPTOR
        table, folder = None, path
    elif descriptor_file:
        descriptor, table, folder = Path(descriptor_file), path, None
    else:
        raise ProblemsFound(
            [
                MISSING_DESCRIPTOR(
                    file=str(path),
                    expected="a folder with dataset.yaml, or a CSV with --descriptor FILE",
                    found="a CSV without a descriptor",
                    hint="write a dataset.yaml like data/external/findex/dataset.yaml",
                )
            ]
        )
    if not descriptor.is_file():
        raise ProblemsFound(
            [
                MISSING_FILE(
                    file=str(descriptor),
                    expected="the dataset descriptor (dataset.yaml)",
                    hint="write one like data/external/findex/dataset.yaml",
                )
            ]
        )
    return descriptor, table, folder


def _left_out(folder: Path | None, descriptor: Path, files: list[str]) -> list[str]:
    """Files in the folder given that were not copied: neither descriptor nor table."""
    if folder is None:
        return []
    copied = {descriptor.resolve(), *((folder / name).resolve() for name in files[1:])}
    return sorted(p.name for p in folder.iterdir() if p.resolve() not in copied)


def _named_table(folder: Path, table) -> Path | None:
    """The CSV a descriptor names, when it names one inside its own folder."""
    if not table or not (folder / str(table)).resolve().is_relative_to(folder.resolve()):
        return None
    return folder / str(table)


def _new_id_problems(paths: Paths, dataset_id: str, shown: str) -> list[Problem]:
    if not dataset_id:
        return []  # reported as a missing field by the descriptor check
    if not SLUG.match(dataset_id):
        return [
            BAD_ID(
                file=shown,
                record="descriptor",
                column="dataset_id",
                expected="a slug: a-z, 0-9, _ and -, starting with a letter or digit",
                found=repr(dataset_id),
            )
        ]
    if (paths.external / dataset_id).exists():
        return [
            DUPLICATE_ID(
                file=shown,
                record="descriptor",
                column="dataset_id",
                expected="an id no dataset in data/external/ has",
                found=dataset_id,
                hint="choose another dataset_id (new figures for an existing dataset are added "
                "to its CSV)",
            )
        ]
    return []


def _table_name_problems(descriptor: dict, table_path: Path | None, shown: str) -> list[Problem]:
    named = descriptor.get("table")
    if not named or table_path is None or table_path.name == str(named):
        return []
    return [
        TABLE_MISMATCH(
            file=shown,
            record="descriptor",
            column="table",
            expected=f"the name of the CSV given ({table_path.name})",
            found=str(named),
            hint=f"set `table: {table_path.name}` in the descriptor",
        )
    ]


def _stage(paths: Paths, folder: Path, descriptor: Path, table: Path | None, name) -> dict:
    """Copy the descriptor and the CSV (as `name`) into `folder`.

    Returns each staged file's name in problems -> the file as the user gave it.
    """
    folder.mkdir()
    shutil.copyfile(descriptor, folder / DESCRIPTOR)
    shown = {paths.relative(folder / DESCRIPTOR): str(descriptor)}
    if not name:
        return shown
    staged = folder / str(name)
    if table is not None and table.is_file() and _named_table(folder, name):
        staged.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(table, staged)
    shown[paths.relative(staged)] = str(table or descriptor.parent / str(name))
    return shown


def _as_given(problem: Problem, shown: dict[str, str]) -> Problem:
    """The problem, naming the user's file rather than its staged copy."""
    return replace(problem, file=shown.get(problem.file, problem.file))


def check_dataset(paths: Paths, folder: Path) -> tuple[dict, list[dict], list[Problem]]:
    """Descriptor, rows and every problem of the dataset in `folder`, collected, not raised.

    The one check of a dataset, for the build (`load_dataset`) and for `add-external`: the
    descriptor's fields and each unit's scale and base unit; the CSV's header (an `id` column
    first, every column once); each row's id (a slug, unique in the dataset), number of fields,
    value, unit, and the `external_observations` schema (confidence and base unit from
    schemas/vocabularies.yaml). The rows are read whenever the CSV can be found, to report
    everything at once, and a dataset without rows is refused.
    """
    shown = paths.relative(folder / DESCRIPTOR)
    descriptor = read_yaml(folder / DESCRIPTOR, shown) or {}
    problems = _descriptor_problems(descriptor, folder, shown)
    if not isinstance(descriptor, dict):
        return {}, [], problems
    catalogue = schemas.load(paths.schemas)
    problems += _unit_problems(descriptor, shown, catalogue.vocabulary("units"))
    table = _named_table(folder, descriptor.get("table"))
    if table is None:
        return descriptor, [], problems
    # Rows are read even when the descriptor lacks its id or units, to report them all at once.
    readable = {
        **descriptor,
        "dataset_id": descriptor.get("dataset_id") or folder.name,
        "units": _usable_units(descriptor),
    }
    table_shown = paths.relative(table)
    rows, row_problems = _read_rows(catalogue, table, table_shown, readable)
    problems += row_problems
    if not rows and not row_problems:
        problems.append(
            EMPTY_TABLE(file=table_shown, expected="one row per figure", found="no rows")
        )
    return descriptor, rows, problems


def _unit_problems(descriptor: dict, shown: str, allowed: dict) -> list[Problem]:
    units = descriptor.get("units")
    if units is None:
        return []  # reported as a missing field
    if not isinstance(units, dict):
        return [
            BAD_UNITS(
                file=shown,
                record="descriptor",
                column="units",
                expected="a mapping",
                found=type(units).__name__,
            )
        ]
    problems = []
    for unit, conversion in units.items():
        conversion = conversion if isinstance(conversion, dict) else {}
        scale = conversion.get("scale")
        if not _positive(scale):
            problems.append(
                BAD_SCALE(
                    file=shown,
                    record=f"unit {unit!r}",
                    column="scale",
                    expected="a positive number (1000000.0 for millions)",
                    found=repr(scale),
                )
            )
        if conversion.get("base_unit") not in allowed:
            problems.append(
                UNKNOWN_BASE_UNIT(
                    file=shown,
                    record=f"unit {unit!r}",
                    column="base_unit",
                    expected="one of " + ", ".join(allowed),
                    found=repr(conversion.get("base_unit")),
                    hint="use a unit of schemas/vocabularies.yaml, or add one there",
                )
            )
    return problems


def _usable_units(descriptor: dict) -> dict:
    """Each unit the descriptor lists -> its conversion, or None when its scale is not a positive
    number (reported once, for the descriptor, rather than for every row in that unit)."""
    units = descriptor.get("units")
    if not isinstance(units, dict):
        return {}
    return {
        unit: conversion
        if isinstance(conversion, dict) and _positive(conversion.get("scale"))
        else None
        for unit, conversion in units.items()
    }


def _positive(number) -> bool:
    """A unit's scale: a number (not text, not true/false) above 0 and finite."""
    return (
        isinstance(number, int | float)
        and not isinstance(number, bool)
        and math.isfinite(number)
        and number > 0
    )


def _row_schema_problems(
    catalogue, rows: list[tuple[str, dict]], shown: str, known: list[Problem]
) -> list[Problem]:
    """Each row against the external_observations schema, named by its row and line.

    What the row checks reported already (by row and column) is left out, and so are the ids,
    which the row checks cover in the CSV's terms (id, not observation_id), and the base unit,
    which comes from the descriptor and is reported there.
    """
    if not rows:
        return []
    frame = catalogue.frame("external_observations", [row for _, row in rows])
    found = catalogue.validate("external_observations", frame, shown)
    reported = {(p.record, p.column) for p in known}
    renamed = [_in_csv_terms(p, [record for record, _ in rows]) for p in found]
    return [
        p
        for p in renamed
        if (p.record, p.column) not in reported
        and p.column not in ("observation_id", "dataset_id", "base_unit")
    ]


def _in_csv_terms(problem: Problem, records: list[str]) -> Problem:
    """A schema problem as a CSV's author reads it: "row 3 (line 4)", "one of high, low".

    `records` names each row checked, in order (rows with the wrong number of fields are not).
    """
    if problem.row is not None and problem.row <= len(records):
        return replace(problem, row=None, record=records[problem.row - 1])
    return problem
