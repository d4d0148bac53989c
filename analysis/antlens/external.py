"""External datasets: published figures to set beside the articles, validated and traced.

Each dataset is a folder `data/external/<dataset_id>/` with a `dataset.yaml` descriptor (its keys
are the `dataset` record of schemas/records.yaml: title, publisher, licence, the table's file
name, and how each published unit converts to a base unit) and a CSV with one row per figure
(`external_rows`). The observation's id is `<dataset_id>/<id>` (e.g. `findex/credit-card-2017`),
so reordering a CSV's rows changes nothing that cites them. The build and `add-external` check a
dataset with the same `check_dataset`.
"""

from __future__ import annotations

import math
from pathlib import Path

from antlens import schemas
from antlens.external_rows import read_rows
from antlens.paths import Paths
from antlens.problems import (
    BAD_DESCRIPTOR,
    BAD_ID,
    BAD_SCALE,
    BAD_UNITS,
    EMPTY_TABLE,
    MISSING_FIELD,
    PATH_OUTSIDE_REPOSITORY,
    UNKNOWN_BASE_UNIT,
    UNKNOWN_FIELD,
    Problem,
    ProblemsFound,
    raise_if_any,
)
from antlens.sources import SLUG
from antlens.yamlio import read_yaml


def dataset_folders(paths: Paths) -> list[Path]:
    """Every folder under data/external/ that holds a dataset descriptor, sorted by name."""
    if not paths.external.is_dir():
        return []
    return sorted(p.parent for p in paths.external.glob(f"*/{paths.descriptor_name}"))


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


def load_dataset(paths: Paths, folder: Path) -> tuple[dict, list[dict]]:
    """A dataset's descriptor and its observation rows; every problem raised at once."""
    descriptor, rows, problems = check_dataset(paths, folder)
    raise_if_any(problems)
    return descriptor, rows


def check_dataset(paths: Paths, folder: Path) -> tuple[dict, list[dict], list[Problem]]:
    """Descriptor, rows and every problem of the dataset in `folder`, collected, not raised.

    The one check of a dataset, for the build (`load_dataset`) and for `add-external`: the
    descriptor's keys and each unit's scale and base unit; the CSV's header and rows
    (`external_rows`). The rows are read whenever the CSV can be found, to report everything at
    once, and a dataset without rows is refused.
    """
    descriptor_path = folder / paths.descriptor_name
    shown = paths.relative(descriptor_path)
    descriptor = read_yaml(descriptor_path, shown) or {}
    catalogue = schemas.load(paths.schemas)
    problems = _descriptor_problems(descriptor, folder, shown, catalogue.record_keys("dataset"))
    if not isinstance(descriptor, dict):
        return {}, [], problems
    problems += _unit_problems(descriptor, shown, catalogue.vocabulary("units"))
    table = named_table(folder, descriptor.get("table"))
    if table is None:
        return descriptor, [], problems
    # Rows are read even when the descriptor lacks its id or units, to report them all at once.
    readable = {
        **descriptor,
        "dataset_id": descriptor.get("dataset_id") or folder.name,
        "units": _usable_units(descriptor),
    }
    table_shown = paths.relative(table)
    rows, row_problems = read_rows(catalogue, table, table_shown, readable)
    problems += row_problems
    if not rows and not row_problems:
        problems.append(
            EMPTY_TABLE(file=table_shown, expected="one row per figure", found="no rows")
        )
    return descriptor, rows, problems


def named_table(folder: Path, table) -> Path | None:
    """The CSV a descriptor names, when it names one inside its own folder."""
    if not table or not (folder / str(table)).resolve().is_relative_to(folder.resolve()):
        return None
    return folder / str(table)


def _descriptor_problems(descriptor, folder: Path, shown: str, keys: dict) -> list[Problem]:
    if not isinstance(descriptor, dict):
        return [BAD_DESCRIPTOR(file=shown, expected="a mapping", found=repr(descriptor))]
    problems = [
        MISSING_FIELD(file=shown, column=key, expected="a value", found="nothing")
        for key, spec in keys.items()
        if spec["required"] and not descriptor.get(key)
    ]
    problems += [
        UNKNOWN_FIELD(file=shown, column=str(key), expected="one of " + ", ".join(keys), found=key)
        for key in descriptor
        if key not in keys
    ]
    dataset_id = str(descriptor.get("dataset_id") or "")
    if dataset_id and (dataset_id != folder.name or not SLUG.match(dataset_id)):
        problems.append(
            BAD_ID(
                file=shown,
                column="dataset_id",
                expected=f"a slug equal to the folder name ({folder.name})",
                found=dataset_id,
            )
        )
    table = descriptor.get("table")
    if table and named_table(folder, table) is None:
        problems.append(
            PATH_OUTSIDE_REPOSITORY(
                file=shown,
                column="table",
                expected="a file in " + folder.name,
                found=str(table),
            )
        )
    return problems


def _unit_problems(descriptor: dict, shown: str, allowed: dict) -> list[Problem]:
    units = descriptor.get("units")
    if units is None:
        return []  # reported as a missing field
    if not isinstance(units, dict):
        return [
            BAD_UNITS(file=shown, column="units", expected="a mapping", found=type(units).__name__)
        ]
    problems = []
    for unit, conversion in units.items():
        conversion = conversion if isinstance(conversion, dict) else {}
        scale = conversion.get("scale")
        if not _positive(scale):
            problems.append(
                BAD_SCALE(
                    file=shown,
                    record=str(unit),
                    column="scale",
                    expected="a positive number (1000000.0 for millions)",
                    found=repr(scale),
                )
            )
        if conversion.get("base_unit") not in allowed:
            problems.append(
                UNKNOWN_BASE_UNIT(
                    file=shown,
                    record=str(unit),
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
