"""Reading the processed tables back, for people reusing them from Python."""

from __future__ import annotations

import json

import polars as pl

from antlens import config
from antlens.problems import Problem, ProblemsFound


def _descriptor(paths: config.Paths) -> dict:
    path = paths.processed / "datapackage.json"
    if not path.exists():
        raise ProblemsFound(
            [Problem("missing-file", paths.relative(path), hint="run `antlens build` first")]
        )
    return json.loads(path.read_text(encoding="utf-8"))


def tables(root=None) -> pl.DataFrame:
    paths = config.paths(root)
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
    paths = config.paths(root)
    names = [r["name"] for r in _descriptor(paths)["resources"] if r["format"] == "csv"]
    if name not in names:
        raise ProblemsFound(
            [
                Problem(
                    "unknown-table",
                    "data/processed/datapackage.json",
                    name,
                    "name",
                    "one of " + ", ".join(names),
                    name,
                )
            ]
        )
    if backend not in ("polars", "pandas"):
        raise ProblemsFound(
            [
                Problem(
                    "unknown-backend", "antlens.load", name, "backend", "polars or pandas", backend
                )
            ]
        )
    df = read_table(paths, name)
    return df.to_pandas() if backend == "pandas" else df


def read_table(paths: config.Paths, name: str) -> pl.DataFrame:
    """A processed table; a missing or damaged file is a problem that says to rebuild."""
    path = paths.processed / f"{name}.parquet"
    try:
        return pl.read_parquet(path)
    except (OSError, pl.exceptions.PolarsError) as error:
        raise ProblemsFound(
            [
                Problem(
                    "unreadable-table",
                    paths.relative(path),
                    "",
                    "",
                    "a Parquet file written by antlens build",
                    str(error).splitlines()[0],
                    "run `antlens build`",
                )
            ]
        ) from None
