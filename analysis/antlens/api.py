"""Reading the processed tables back, for people reusing them from Python."""

from __future__ import annotations

import json

import polars as pl

from antlens.paths import Paths, locate
from antlens.problems import (
    MISSING_FILE,
    UNKNOWN_BACKEND,
    UNKNOWN_TABLE,
    UNREADABLE_TABLE,
    ProblemsFound,
)


def _descriptor(paths: Paths) -> dict:
    path = paths.processed / "datapackage.json"
    if not path.exists():
        raise ProblemsFound(
            [MISSING_FILE(file=paths.relative(path), hint="run `antlens build` first")]
        )
    return json.loads(path.read_text(encoding="utf-8"))


def tables(root=None) -> pl.DataFrame:
    paths = locate(root)
    rows = []
    for resource in _descriptor(paths)["resources"]:
        if resource["format"] != "csv":
            continue
        parquet = paths.processed / f"{resource['name']}.parquet"
        rows.append(
            {
                "name": resource["name"],
                "title": resource["title"],
                "description": resource["description"],
                "rows": read_table(paths, resource["name"]).height,
                "csv": paths.relative(paths.processed / resource["path"]),
                "parquet": paths.relative(parquet),
            }
        )
    return pl.DataFrame(rows)


def load(name: str, backend: str = "polars", root=None):
    paths = locate(root)
    names = [r["name"] for r in _descriptor(paths)["resources"] if r["format"] == "csv"]
    if name not in names:
        raise ProblemsFound(
            [
                UNKNOWN_TABLE(
                    file="data/processed/datapackage.json",
                    record=name,
                    column="name",
                    expected="one of " + ", ".join(names),
                    found=name,
                )
            ]
        )
    if backend not in ("polars", "pandas"):
        raise ProblemsFound(
            [
                UNKNOWN_BACKEND(
                    file="antlens.load",
                    record=name,
                    column="backend",
                    expected="polars or pandas",
                    found=backend,
                )
            ]
        )
    df = read_table(paths, name)
    return df.to_pandas() if backend == "pandas" else df


def read_table(paths: Paths, name: str) -> pl.DataFrame:
    """A processed table; a missing or damaged file is a problem that says to rebuild."""
    path = paths.processed / f"{name}.parquet"
    try:
        return pl.read_parquet(path)
    except (OSError, pl.exceptions.PolarsError) as error:
        raise ProblemsFound(
            [
                UNREADABLE_TABLE(
                    file=paths.relative(path),
                    record="",
                    column="",
                    expected="a Parquet file written by antlens build",
                    found=str(error).splitlines()[0],
                    hint="run `antlens build`",
                )
            ]
        ) from None
