"""Stage 6 — the data package: every table as CSV and Parquet, and datapackage.json.

The outputs replace data/processed/ whole (antlens.writing), so a failed or interrupted build
leaves the previous tables as they were.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq

from antlens.paths import Paths
from antlens.schemas import Schemas
from antlens.workbook import SHEET_ROWS, write_workbook
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


@dataclass(frozen=True)
class Streamed:
    """A table too large to hold at once, written from its parts in order."""

    parts: Callable[[], Iterable[pl.DataFrame]]
    height: int

    def frame(self) -> pl.DataFrame:
        return pl.concat(list(self.parts()))


def write_package(
    paths: Paths, schemas: Schemas, tables: dict[str, pl.DataFrame | Streamed], sources: list[dict]
) -> None:
    """Write `tables` and their descriptor to data/processed/, replacing it as one step."""
    metadata = {k: v for k, v in schemas.package.items() if k != "tables"}
    with replacing_folder(paths.processed) as staging:
        resources = [_write_table(staging, schemas, name, df) for name, df in tables.items()]
        descriptor = {**metadata, "sources": sources, "resources": sum(resources, [])}
        write_workbook(staging / paths.workbook.name, schemas, _sheets(tables))
        (staging / paths.datapackage.name).write_text(
            json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )


def _sheets(tables: dict[str, pl.DataFrame | Streamed]) -> dict[str, pl.DataFrame | int]:
    """The workbook's tables: a streamed table only when it fits a sheet, else its height."""
    return {
        name: (table.frame() if table.height <= SHEET_ROWS else table.height)
        if isinstance(table, Streamed)
        else table
        for name, table in tables.items()
    }


def _write_table(folder: Path, schemas: Schemas, name: str, table) -> list[dict]:
    csv_path, parquet_path = folder / f"{name}.csv", folder / f"{name}.parquet"
    parts = table.parts() if isinstance(table, Streamed) else [table]
    with csv_path.open("wb") as csv, _ParquetStream(parquet_path) as parquet:
        for number, part in enumerate(parts):
            part.write_csv(csv, include_header=number == 0, line_terminator="\n")
            parquet.write(part)
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


class _ParquetStream:
    """A Parquet file written part by part in row groups of a fixed size, so its bytes are the
    same however the rows arrive."""

    ROW_GROUP = 100_000

    def __init__(self, path: Path):
        self.path, self.writer, self.pending, self.pending_rows = path, None, [], 0

    def __enter__(self) -> _ParquetStream:
        return self

    def write(self, frame: pl.DataFrame) -> None:
        table = frame.to_arrow()
        if self.writer is None:
            self.writer = pq.ParquetWriter(
                self.path, table.schema, compression="zstd", write_statistics=False
            )
        self.pending.append(table)
        self.pending_rows += table.num_rows
        while self.pending_rows >= self.ROW_GROUP:
            self._flush(self.ROW_GROUP)

    def _flush(self, rows: int) -> None:
        import pyarrow as pa

        table = pa.concat_tables(self.pending)
        self.writer.write_table(table.slice(0, rows), row_group_size=rows)
        rest = table.slice(rows)
        self.pending, self.pending_rows = [rest], rest.num_rows

    def __exit__(self, kind, error, trace) -> None:
        if self.writer is None:
            return
        try:
            if error is None and self.pending_rows:
                self._flush(self.pending_rows)
        finally:
            self.writer.close()


def _keys(schema: dict) -> dict:
    return {key: schema[key] for key in ("primaryKey", "foreignKeys") if key in schema}


def _integrity(path: Path) -> dict:
    with path.open("rb") as data:
        digest = hashlib.file_digest(data, "sha256").hexdigest()
    return {"bytes": path.stat().st_size, "hash": f"sha256:{digest}"}
