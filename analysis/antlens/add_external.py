"""`antlens add-external PATH`: a dataset checked completely, then copied in whole or not at all.

`PATH` is a folder holding dataset.yaml and the CSV it names, or a CSV with its descriptor
given apart. The copy is staged in a folder under data/external/, checked there with the same
`check_dataset` the build uses, and renamed into place: a failure leaves no half-copied dataset.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field, replace
from pathlib import Path

from antlens.external import check_dataset, named_table
from antlens.paths import Paths, locate
from antlens.problems import (
    BAD_DESCRIPTOR,
    BAD_ID,
    DUPLICATE_ID,
    MISSING_DESCRIPTOR,
    MISSING_FILE,
    TABLE_MISMATCH,
    Problem,
    ProblemsFound,
    raise_if_any,
)
from antlens.sources import SLUG
from antlens.writing import STAGING, disk_refusals_as_problems, fresh_folder, remove_tree
from antlens.yamlio import read_yaml


@dataclass
class AddedDataset:
    """What `add_external` registered, for the CLI to print."""

    descriptor: dict
    rows: list[dict]
    folder: Path  # data/external/<dataset_id>/
    files: list[str]  # the files copied into it
    left_out: list[str] = field(default_factory=list)  # files beside them that were not copied
    shown: str = ""  # the folder, relative to the root

    def summary(self) -> str:
        """What was copied where, and what the rows hold."""
        units = sorted({row["unit"] for row in self.rows})
        confidence = {c: sum(r["confidence"] == c for r in self.rows) for c in ("high", "low")}
        added = f"added dataset {self.descriptor['dataset_id']}: {self.shown}/"
        lines = [
            f"{added} ({', '.join(self.files)})",
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

    Every problem is collected — descriptor keys, units, each row's numbers, units and
    confidence (by row and line), an existing dataset_id — and raised as one ProblemsFound;
    then nothing is copied.
    """
    paths = locate(root)
    descriptor_path, table_path, given_folder = _inputs(paths, Path(path), descriptor_file)
    descriptor = _descriptor(descriptor_path)
    dataset_id = str(descriptor.get("dataset_id") or "")
    problems = _new_id_problems(paths, dataset_id, str(descriptor_path))
    problems += _table_name_problems(descriptor, table_path, str(descriptor_path))
    # The CSV is staged under the name the descriptor gives it, so that its rows are checked
    # even when a CSV given on its own has another name (reported above).
    table_path = table_path or named_table(descriptor_path.parent, descriptor.get("table"))
    target = paths.dataset_folder(dataset_id)
    with disk_refusals_as_problems(paths.external):
        staging = fresh_folder(paths.external, STAGING)
        try:
            folder = staging / (dataset_id if SLUG.match(dataset_id) else "dataset")
            shown = _stage(paths, folder, descriptor_path, table_path, descriptor.get("table"))
            checked, rows, found = check_dataset(paths, folder)
            # The folder-name check is about the staging copy; _new_id_problems covers the id.
            problems += [_as_given(p, shown) for p in found if p.slug != "bad-id"]
            raise_if_any(problems)
            os.replace(folder, target)
        finally:
            remove_tree(staging)
    files = [paths.descriptor_name, str(checked["table"])]
    left_out = _left_out(given_folder, descriptor_path, files)
    return AddedDataset(checked, rows, target, files, left_out, paths.relative(target))


def _descriptor(descriptor_path: Path) -> dict:
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
    return descriptor


def _inputs(paths: Paths, path: Path, descriptor_file) -> tuple[Path, Path | None, Path | None]:
    """The descriptor, the CSV (None: the one the descriptor names) and the folder given."""
    example = paths.relative(paths.descriptor_file("findex"))
    name = paths.descriptor_name
    if not path.exists():
        raise ProblemsFound(
            [MISSING_FILE(file=str(path), expected="a dataset folder or a CSV file")]
        )
    if path.is_dir():
        descriptor = Path(descriptor_file) if descriptor_file else path / paths.descriptor_name
        table, folder = None, path
    elif descriptor_file:
        descriptor, table, folder = Path(descriptor_file), path, None
    else:
        raise ProblemsFound(
            [
                MISSING_DESCRIPTOR(
                    file=str(path),
                    expected=f"a folder with {name}, or a CSV with --descriptor FILE",
                    found="a CSV without a descriptor",
                    hint=f"write a {name} like {example}",
                )
            ]
        )
    if not descriptor.is_file():
        raise ProblemsFound(
            [
                MISSING_FILE(
                    file=str(descriptor),
                    expected=f"the dataset descriptor ({paths.descriptor_name})",
                    hint=f"write one like {example}",
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


def _new_id_problems(paths: Paths, dataset_id: str, shown: str) -> list[Problem]:
    if not dataset_id:
        return []  # reported as a missing field by the descriptor check
    if not SLUG.match(dataset_id):
        return [
            BAD_ID(
                file=shown,
                column="dataset_id",
                expected="a slug: a-z, 0-9, _ and -, starting with a letter or digit",
                found=repr(dataset_id),
            )
        ]
    if paths.dataset_folder(dataset_id).exists():
        return [
            DUPLICATE_ID(
                file=shown,
                record=dataset_id,
                column="dataset_id",
                expected=f"an id no dataset in {paths.relative(paths.external)}/ has",
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
    staged_descriptor = folder / paths.descriptor_name
    shutil.copyfile(descriptor, staged_descriptor)
    shown = {paths.relative(staged_descriptor): str(descriptor)}
    if not name:
        return shown
    staged = folder / str(name)
    if table is not None and table.is_file() and named_table(folder, name):
        staged.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(table, staged)
    shown[paths.relative(staged)] = str(table or descriptor.parent / str(name))
    return shown


def _as_given(problem: Problem, shown: dict[str, str]) -> Problem:
    """The problem, naming the user's file rather than its staged copy."""
    return replace(problem, file=shown.get(problem.file, problem.file))
