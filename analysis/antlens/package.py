"""Stage 6 — the data package: every table as CSV and Parquet, and datapackage.json.

The outputs replace data/processed/ whole (antlens.writing), so a failed or interrupted build
leaves the previous tables as they were.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import polars as pl

from antlens.paths import Paths
from antlens.schemas import Schemas
from antlens.sources import sha256_of
from antlens.workbook import write_workbook
from antlens.writing import replacing_folder


def table_problems(schemas: Schemas, tables: dict[str, pl.DataFrame], shown_of) -> list:
    """Every table checked against its schema. A row made from a claim is reported against the
    claim in its annotation file (`shown_of(source_id)`), where it can be fixed."""
    problems = []
    for name, df in tables.items():
        by_claim = "claim_id" in df.columns and name != "mentions"
        found = schemas.validate(
            name, df, f"data/processed/{name}.csv", "claim_id" if by_claim else None
        )
        if by_claim and found:
            source_of = dict(zip(*tables["claims"].select("claim_id", "source_id"), strict=True))
            found = [
                replace(p, file=shown_of(source_of[p.record])) if p.record in source_of else p
                for p in found
            ]
        problems += found
    return problems


def provenance(registry: list[dict], datasets: list[dict]) -> list[dict]:
    """The data package's `sources`: every article and external dataset the tables rest on."""
    articles = [{"title": r["title"], "path": r["path"], "sha256": r["sha256"]} for r in registry]
    external = [
        {
            "title": d["title"],
            "path": f"data/external/{d['dataset_id']}",
            "publisher": d["publisher"],
        }
        for d in datasets
    ]
    return articles + external


def write_package(
    paths: Paths, schemas: Schemas, tables: dict[str, pl.DataFrame], sources: list[dict]
) -> None:
    """Write `tables` and their descriptor to data/processed/, replacing it as one step."""
    metadata = {k: v for k, v in schemas.package.items() if k != "tables"}
    with replacing_folder(paths.processed) as staging:
        resources = [_write_table(staging, schemas, name, df) for name, df in tables.items()]
        descriptor = {**metadata, "sources": sources, "resources": sum(resources, [])}
        write_workbook(staging / paths.workbook.name, schemas, tables)
        (staging / paths.datapackage.name).write_text(
            json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )


def _write_table(folder: Path, schemas: Schemas, name: str, df: pl.DataFrame) -> list[dict]:
    csv_path, parquet_path = folder / f"{name}.csv", folder / f"{name}.parquet"
    df.write_csv(csv_path, line_terminator="\n")
    df.write_parquet(parquet_path, compression="zstd", statistics=False)
    schema = schemas.table(name)
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
