"""Stage 6 — the data package: every table as CSV and Parquet, and datapackage.json.

The outputs replace data/processed/ whole (antlens.writing), so a failed or interrupted build
leaves the previous tables as they were. A large table whose files the previous build wrote from
the same rows, with the same code, is not written again: its files are carried over once their
bytes are checked against the hashes recorded when they were written.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from antlens.paths import Paths
from antlens.schemas import Schemas
from antlens.workbook import SHEET_ROWS, write_workbook
from antlens.writing import link_or_copy, replacing_folder


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
    made_of: str | None = None  # a fingerprint of the rows, when they have one

    def frame(self) -> pl.DataFrame:
        return pl.concat(list(self.parts()))


def write_package(
    paths: Paths,
    schemas: Schemas,
    tables: dict[str, pl.DataFrame | Streamed],
    sources: list[dict],
    kept: dict[str, dict] | None = None,
) -> dict[str, dict]:
    """Write `tables` and their descriptor to data/processed/, replacing it as one step.

    `kept` is what the previous build returned: a streamed table found in it with the same
    fingerprint keeps its files. Returns, per streamed table, what the next build needs for that.
    """
    metadata = {k: v for k, v in schemas.package.items() if k != "tables"}
    written, resources = {}, []
    with replacing_folder(paths.processed) as staging:
        for name, table in tables.items():
            files, written[name] = _write_table(staging, paths.processed, name, table, kept or {})
            resources += _resources(schemas, name, files)
        descriptor = {**metadata, "sources": sources, "resources": resources}
        write_workbook(staging / paths.workbook.name, schemas, _sheets(tables))
        (staging / paths.datapackage.name).write_text(
            json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    return {name: record for name, record in written.items() if record}


def _sheets(tables: dict[str, pl.DataFrame | Streamed]) -> dict[str, pl.DataFrame | int]:
    """The workbook's tables: a streamed table only when it fits a sheet, else its height."""
    return {
        name: (table.frame() if table.height <= SHEET_ROWS else table.height)
        if isinstance(table, Streamed)
        else table
        for name, table in tables.items()
    }


def _write_table(folder: Path, previous: Path, name: str, table, kept: dict) -> tuple:
    """The table's CSV and Parquet files in `folder`, each with its size and hash, and what
    the next build needs to keep them (None for a table held in memory)."""
    files = (folder / f"{name}.csv", folder / f"{name}.parquet")
    made_of = _made_of(table)
    integrity = _kept_files(previous, files, made_of, kept.get(name))
    if integrity is None:
        _write_rows(*files, table)
        integrity = [_integrity(path) for path in files]
    record = {"made_of": made_of, "hashes": [i["hash"] for i in integrity]} if made_of else None
    return list(zip(files, integrity, strict=True)), record


def _made_of(table) -> str | None:
    """A streamed table's fingerprint joined with this module's code and the writing
    libraries' versions: the same value means the same bytes would be written."""
    if not isinstance(table, Streamed) or table.made_of is None:
        return None
    versions = f"{table.made_of} polars {pl.__version__} pyarrow {pa.__version__}"
    return hashlib.sha256(versions.encode() + Path(__file__).read_bytes()).hexdigest()


def _kept_files(previous: Path, files: tuple, made_of: str | None, record: dict | None):
    """The size and hash of a table's files in the previous package, linked to `files`, when
    they were written from what the table is made of now and still hold the bytes written then;
    else None, with nothing left at `files`."""
    if made_of is None or not record or record["made_of"] != made_of:
        return None
    try:
        for path in files:
            link_or_copy(previous / path.name, path)
        integrity = [_integrity(path) for path in files]
    except OSError:  # gone or unreadable: written afresh
        integrity = None
    if integrity and [i["hash"] for i in integrity] == record["hashes"]:
        return integrity
    for path in files:
        path.unlink(missing_ok=True)
    return None


def _write_rows(csv_path: Path, parquet_path: Path, table) -> None:
    parts = table.parts() if isinstance(table, Streamed) else [table]
    with csv_path.open("wb") as csv, _ParquetStream(parquet_path) as parquet:
        for number, part in enumerate(parts):
            part.write_csv(csv, include_header=number == 0, line_terminator="\n")
            parquet.write(part)


def _resources(schemas: Schemas, name: str, files: list[tuple[Path, dict]]) -> list[dict]:
    """The descriptor's two resources of a table: its CSV and its Parquet file."""
    (csv_path, csv_integrity), (parquet_path, parquet_integrity) = files
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
            **csv_integrity,
            **common,
        },
        {
            "name": f"{name}-parquet",
            "path": parquet_path.name,
            "format": "parquet",
            "mediatype": "application/vnd.apache.parquet",
            # Frictionless reads Parquet through a library that cannot count its bytes, so a
            # `bytes` here would fail validation; the hash still pins the file.
            "hash": parquet_integrity["hash"],
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
