"""External datasets: published figures to set beside the articles, validated and traced.

Each dataset is a folder `data/external/<dataset_id>/` with a `dataset.yaml` descriptor (title,
publisher, url, retrieved, licence, the table's file name, and how each published unit converts to
a base unit) and a CSV with one row per figure, each naming where it was read (locator, url) and
the supporting phrase.
"""

from __future__ import annotations

import ast
import csv
import io
import os
import shutil
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from antlens import config, schemas
from antlens.config import Paths
from antlens.problems import Problem, ProblemsFound, raise_if_any
from antlens.sources import SLUG
from antlens.yamlio import read_yaml

DESCRIPTOR = "dataset.yaml"
DESCRIPTOR_KEYS = ("dataset_id", "title", "publisher", "licence", "table", "units")
COLUMNS = (
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


def dataset_folders(paths: Paths) -> list[Path]:
    """Every folder under data/external/ that holds a dataset descriptor, sorted by name."""
    if not paths.external.is_dir():
        return []
    return sorted(p.parent for p in paths.external.glob(f"*/{DESCRIPTOR}"))


def load_dataset(paths: Paths, folder: Path) -> tuple[dict, list[dict]]:
    """A dataset's descriptor and its observation rows, with every problem collected."""
    shown = paths.relative(folder / DESCRIPTOR)
    descriptor = read_yaml(folder / DESCRIPTOR, shown) or {}
    problems = _descriptor_problems(descriptor, folder, shown)
    raise_if_any(problems)
    table = folder / str(descriptor["table"])
    rows, problems = _read_rows(table, paths.relative(table), descriptor)
    raise_if_any(problems)
    return descriptor, rows


def _descriptor_problems(descriptor: dict, folder: Path, shown: str) -> list[Problem]:
    if not isinstance(descriptor, dict):
        return [Problem("bad-descriptor", shown, expected="a mapping", found=repr(descriptor))]
    problems = [
        Problem("missing-field", shown, "descriptor", key, "a value", "nothing")
        for key in DESCRIPTOR_KEYS
        if not descriptor.get(key)
    ]
    dataset_id = str(descriptor.get("dataset_id") or "")
    if dataset_id and (dataset_id != folder.name or not SLUG.match(dataset_id)):
        problems.append(
            Problem(
                "bad-id",
                shown,
                "descriptor",
                "dataset_id",
                f"a slug equal to the folder name ({folder.name})",
                dataset_id,
            )
        )
    table = descriptor.get("table")
    if table and not (folder / str(table)).resolve().is_relative_to(folder.resolve()):
        problems.append(
            Problem(
                "path-outside-repository",
                shown,
                "descriptor",
                "table",
                "a file in " + folder.name,
                str(table),
            )
        )
    return problems


def _read_rows(table: Path, shown: str, descriptor: dict) -> tuple[list[dict], list[Problem]]:
    try:
        text = table.read_text(encoding="utf-8")
    except FileNotFoundError:
        return [], [
            Problem("missing-file", shown, hint="add the CSV or fix `table` in dataset.yaml")
        ]
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        return [], [
            Problem(
                "missing-column",
                shown,
                "header",
                ", ".join(missing),
                ", ".join(COLUMNS),
                ", ".join(reader.fieldnames or []),
            )
        ]
    rows, problems = [], []
    for number, raw in enumerate(reader, start=1):
        row, row_problems = _observation(descriptor, number, raw, shown)
        rows.append(row)
        problems += row_problems
    return rows, problems


def _observation(descriptor: dict, number: int, raw: dict, shown: str):
    record = f"row {number} (line {number + 1})"
    problems = []
    try:
        value = float(raw["value"].replace(",", ""))
    except ValueError:
        value = None
        problems.append(
            Problem(
                "not-a-number",
                shown,
                record,
                "value",
                "a number",
                repr(raw["value"]),
                "write the figure as digits, e.g. 1206.18",
            )
        )
    conversion = (descriptor.get("units") or {}).get(raw["unit"])
    if conversion is None:
        problems.append(
            Problem(
                "unknown-unit",
                shown,
                record,
                "unit",
                "a unit listed under `units` in dataset.yaml",
                repr(raw["unit"]),
                "add the unit with its base_unit and scale to dataset.yaml",
            )
        )
    scale = float(conversion["scale"]) if conversion else None
    row = {
        "observation_id": f"{descriptor['dataset_id']}-{number}",
        "dataset_id": descriptor["dataset_id"],
        **{c: (raw[c] or None) for c in COLUMNS if c != "value"},
        "value": value,
        "value_base": value * scale if value is not None and scale is not None else None,
        "base_unit": conversion["base_unit"] if conversion else None,
    }
    return row, problems


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
            f"  {len(self.rows)} observation(s), {dataset_id}-1 to {dataset_id}-{len(self.rows)}; "
            + ", ".join(f"{n} {c} confidence" for c, n in confidence.items() if n),
            "  units: " + "; ".join(units),
        ]
        if self.left_out:
            lines.append("  not copied: " + ", ".join(self.left_out))
        lines.append("next: `antlens build` puts them in the external_observations table")
        return "\n".join(lines)


def add_external(path, descriptor_file=None, root=None) -> AddedDataset:
    """Check the dataset at `path` completely and copy it into data/external/<dataset_id>/.

    `path` is a folder holding dataset.yaml and the CSV it names, or a CSV with its descriptor
    given as `descriptor_file`. Every problem is collected — descriptor fields, units, each
    row's numbers, units and confidence (by row number), an existing dataset_id — and raised as
    one ProblemsFound; then nothing is copied. The copy is checked in a staging folder under
    data/external/ and renamed into place, so a failure leaves no half-copied dataset.
    """
    paths = config.paths(root)
    descriptor_path, table_path, given_folder = _inputs(Path(path), descriptor_file)
    descriptor = read_yaml(descriptor_path, str(descriptor_path))
    if not isinstance(descriptor, dict):
        raise ProblemsFound(
            [
                Problem(
                    "bad-descriptor",
                    str(descriptor_path),
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
            [Problem("missing-file", str(path), expected="a dataset folder or a CSV file")]
        )
    if path.is_dir():
        descriptor = Path(descriptor_file) if descriptor_file else path / DESCRIPTOR
        table, folder = None, path
    elif descriptor_file:
        descriptor, table, folder = Path(descriptor_file), path, None
    else:
        raise ProblemsFound(
            [
                Problem(
                    "missing-descriptor",
                    str(path),
                    expected="a folder with dataset.yaml, or a CSV with --descriptor FILE",
                    found="a CSV without a descriptor",
                    hint="write a dataset.yaml like data/external/findex/dataset.yaml",
                )
            ]
        )
    if not descriptor.is_file():
        raise ProblemsFound(
            [
                Problem(
                    "missing-file",
                    str(descriptor),
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
            Problem(
                "bad-id",
                shown,
                "descriptor",
                "dataset_id",
                "a slug: a-z, 0-9, _ and -, starting with a letter or digit",
                repr(dataset_id),
            )
        ]
    if (paths.external / dataset_id).exists():
        return [
            Problem(
                "duplicate-id",
                shown,
                "descriptor",
                "dataset_id",
                "an id no dataset in data/external/ has",
                dataset_id,
                "choose another dataset_id (new figures for an existing dataset are added "
                "to its CSV)",
            )
        ]
    return []


def _table_name_problems(descriptor: dict, table_path: Path | None, shown: str) -> list[Problem]:
    named = descriptor.get("table")
    if not named or table_path is None or table_path.name == str(named):
        return []
    return [
        Problem(
            "table-mismatch",
            shown,
            "descriptor",
            "table",
            f"the name of the CSV given ({table_path.name})",
            str(named),
            f"set `table: {table_path.name}` in the descriptor",
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

    Beyond `load_dataset` (which stops after descriptor problems), it reads the rows whenever
    the CSV can be found, checks each unit's base unit and each row against the
    `external_observations` schema (confidence and base unit from schemas/vocabularies.yaml),
    and refuses a dataset without rows.
    """
    shown = paths.relative(folder / DESCRIPTOR)
    descriptor = read_yaml(folder / DESCRIPTOR, shown) or {}
    problems = _descriptor_problems(descriptor, folder, shown)
    if not isinstance(descriptor, dict):
        return {}, [], problems
    vocabularies = read_yaml(paths.schemas / "vocabularies.yaml") or {}
    problems += _unit_problems(descriptor, shown, vocabularies.get("units") or {})
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
    if shape_problems := _row_shape_problems(table, table_shown):
        return descriptor, [], problems + shape_problems
    rows, row_problems = _read_rows(table, table_shown, readable)
    problems += row_problems
    if not rows and not row_problems:
        problems.append(
            Problem("empty-table", table_shown, expected="one row per figure", found="no rows")
        )
    return descriptor, rows, problems + _row_schema_problems(rows, table_shown, row_problems)


def _row_shape_problems(table: Path, shown: str) -> list[Problem]:
    """Rows with more or fewer fields than the header (the row reader needs every field)."""
    try:
        lines = list(csv.reader(io.StringIO(table.read_text(encoding="utf-8"))))
    except (FileNotFoundError, UnicodeDecodeError):
        return []  # the row reader names a missing file; a non-UTF-8 one fails there too
    width = len(lines[0]) if lines else 0
    return [
        Problem(
            "bad-row",
            shown,
            f"row {number} (line {number + 1})",
            expected=f"{width} fields, as in the header",
            found=f"{len(fields)} fields",
            hint="quote a field that holds a comma"
            if len(fields) > width
            else "give every column a field (an empty one is two commas in a row)",
        )
        for number, fields in enumerate(lines[1:], start=1)
        if len(fields) != width
    ]


def _unit_problems(descriptor: dict, shown: str, allowed: dict) -> list[Problem]:
    units = descriptor.get("units")
    if units is None:
        return []  # reported as a missing field
    if not isinstance(units, dict):
        return [
            Problem("bad-units", shown, "descriptor", "units", "a mapping", type(units).__name__)
        ]
    problems = []
    for unit, conversion in units.items():
        conversion = conversion if isinstance(conversion, dict) else {}
        scale = conversion.get("scale")
        if not _positive(scale):
            problems.append(
                Problem(
                    "bad-scale",
                    shown,
                    f"unit {unit!r}",
                    "scale",
                    "a positive number (1000000.0 for millions)",
                    repr(scale),
                )
            )
        if conversion.get("base_unit") not in allowed:
            problems.append(
                Problem(
                    "unknown-base-unit",
                    shown,
                    f"unit {unit!r}",
                    "base_unit",
                    "one of " + ", ".join(allowed),
                    repr(conversion.get("base_unit")),
                    "use a unit of schemas/vocabularies.yaml, or add one there",
                )
            )
    return problems


def _usable_units(descriptor: dict) -> dict:
    """The unit conversions that have a positive scale (the others are reported already)."""
    units = descriptor.get("units")
    if not isinstance(units, dict):
        return {}
    return {
        unit: conversion
        for unit, conversion in units.items()
        if isinstance(conversion, dict) and _positive(conversion.get("scale"))
    }


def _positive(number) -> bool:
    return isinstance(number, int | float) and not isinstance(number, bool) and number > 0


def _row_schema_problems(rows: list[dict], shown: str, known: list[Problem]) -> list[Problem]:
    """Each row against the external_observations schema, named by row and line number."""
    if not rows:
        return []
    try:
        schemas.validate(
            "external_observations", schemas.frame("external_observations", rows), shown
        )
    except ProblemsFound as found:
        reported = {(p.record, p.column) for p in known}
        renamed = [_in_csv_terms(p) for p in found.problems]
        return [p for p in renamed if (p.record, p.column) not in reported]
    return []


def _in_csv_terms(problem: Problem) -> Problem:
    """A schema problem as a CSV's author reads it: "row 3 (line 4)", "one of high, low"."""
    record, expected = problem.record, problem.expected
    if record.startswith("row ") and record[4:].isdigit():
        record = f"{record} (line {int(record[4:]) + 1})"  # line 1 is the header
    if expected == "not_nullable":
        expected = "a value: the column is required"
    elif expected.startswith("isin([") and expected.endswith("])"):
        expected = "one of " + ", ".join(map(str, ast.literal_eval(expected[5:-1])))
    return replace(problem, record=record, expected=expected)
