"""External datasets: published figures to set beside the articles, validated and traced.

Each dataset is a folder `data/external/<dataset_id>/` with a `dataset.yaml` descriptor (title,
publisher, url, retrieved, licence, the table's file name, and how each published unit converts to
a base unit) and a CSV with one row per figure, each naming where it was read (locator, url) and
the supporting phrase.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

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
