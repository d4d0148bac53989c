"""Stage 6 — the data package: every table as CSV and Parquet, and datapackage.json.

The outputs replace data/processed/ whole (antlens.writing), so a failed or interrupted build
leaves the previous tables as they were.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from antlens.config import Paths
from antlens.schemas import table_schema
from antlens.sources import sha256_of
from antlens.writing import replacing_folder

PACKAGE = {
    "name": "antlens",
    "title": "Quantitative statements about Ant Group, with sentence-level provenance",
    "description": (
        "Every quantitative statement in two translated news articles about Ant Group, as "
        "validated tables whose rows point at the exact words they came from, with published "
        "figures (prospectus, World Bank, national statistics) to set beside them."
    ),
    "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0"}],
}


def write_package(paths: Paths, tables: dict[str, pl.DataFrame], sources: list[dict]) -> None:
    """Write `tables` and their descriptor to data/processed/, replacing it as one step."""
    with replacing_folder(paths.processed) as staging:
        resources = [_write_table(staging, name, df) for name, df in tables.items()]
        descriptor = {**PACKAGE, "sources": sources, "resources": sum(resources, [])}
        (staging / "datapackage.json").write_text(
            json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )


def _write_table(folder: Path, name: str, df: pl.DataFrame) -> list[dict]:
    csv_path, parquet_path = folder / f"{name}.csv", folder / f"{name}.parquet"
    df.write_csv(csv_path, line_terminator="\n")
    df.write_parquet(parquet_path, compression="zstd", statistics=False)
    schema = table_schema(name)
    fields = {"fields": schema["fields"], **_keys(schema)}
    common = {"title": schema["title"], "description": schema["description"], "schema": fields}
    return [
        {
            "name": name,
            "path": csv_path.name,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            **_integrity(csv_path),
            **common,
        },
        {
            "name": f"{name}-parquet",
            "path": parquet_path.name,
            "format": "parquet",
            "mediatype": "application/vnd.apache.parquet",
            # Frictionless reads Parquet through a library that cannot count its bytes, so a
            # `bytes` here would fail validation; the hash still pins the file.
            "hash": _integrity(parquet_path)["hash"],
            **common,
        },
    ]


def _keys(schema: dict) -> dict:
    return {key: schema[key] for key in ("primaryKey", "foreignKeys") if key in schema}


def _integrity(path: Path) -> dict:
    data = path.read_bytes()
    return {"bytes": len(data), "hash": f"sha256:{sha256_of(data)}"}
