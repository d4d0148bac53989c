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
from functools import partial
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from antlens import workbook
from antlens.paths import Paths
from antlens.schemas import Schemas
from antlens.workbook import write_workbook
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
    made_of: str  # a fingerprint of the rows

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

    `kept` is what the previous build returned: a table's files (or the workbook) found in it
    with the same fingerprint of what they are written from are kept. Returns the same for the
    next build.
    """
    metadata = {k: v for k, v in schemas.package.items() if k != "tables"}
    previous, kept, written, resources = paths.processed, kept or {}, {}, []
    made_of = {name: _made_of(table) for name, table in tables.items()}
    with replacing_folder(paths.processed) as staging:
        for name, table in tables.items():
            files = (staging / f"{name}.csv", staging / f"{name}.parquet")
            write = partial(_write_rows, *files, table)
            integrity, written[name] = _kept_or_written(
                previous, files, made_of[name], kept.get(name), write
            )
            resources += _resources(schemas, name, list(zip(files, integrity, strict=True)))
        book = staging / paths.workbook.name
        _, written[book.name] = _kept_or_written(
            previous, (book,), _workbook_made_of(paths, tables, made_of), kept.get(book.name),
            lambda: write_workbook(book, schemas, _sheets(tables)),
        )  # fmt: skip
        descriptor = {**metadata, "sources": sources, "resources": resources}
        (staging / paths.datapackage.name).write_text(
            json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    return written


def _sheets(tables: dict[str, pl.DataFrame | Streamed]) -> dict[str, pl.DataFrame | int]:
    """The workbook's tables: a streamed table only when it fits a sheet, else its height."""
    return {
        name: table.height
        if _too_large(table)
        else (table.frame() if isinstance(table, Streamed) else table)
        for name, table in tables.items()
    }


def _too_large(table: pl.DataFrame | Streamed) -> bool:
    return table.height > workbook.SHEET_ROWS


def _kept_or_written(previous: Path, files: tuple, made_of: str, record, write) -> tuple:
    """The size and hash of each of `files`, kept from the previous package or written by
    `write`, and what the next build needs to keep them."""
    integrity = _kept_files(previous, files, made_of, record)
    if integrity is None:
        write()
        integrity = [_integrity(path) for path in files]
    return integrity, {"made_of": made_of, "hashes": [i["hash"] for i in integrity]}


def _made_of(table: pl.DataFrame | Streamed) -> str:
    """A fingerprint of a table's rows (a streamed table brings its own) and of the code that
    writes them: the same value means the same bytes would be written."""
    rows = (
        table.made_of if isinstance(table, Streamed) else _sha256(table.write_ipc(None).getvalue())
    )
    return _sha256(f"{rows} polars {pl.__version__} pyarrow {pa.__version__}".encode(), __file__)


def _workbook_made_of(paths: Paths, tables: dict, made_of: dict[str, str]) -> str:
    """The workbook's fingerprint: of its sheets (a table's fingerprint, or the height of one
    too large for a sheet), of the schemas that describe them and of the code that writes it."""
    import xlsxwriter

    rows = " ".join(
        f"{name} {table.height if _too_large(table) else made_of[name]}"
        for name, table in tables.items()
    )
    writer = f"{rows} xlsxwriter {xlsxwriter.__version__}"
    return _sha256(writer.encode(), workbook.__file__, *sorted(paths.schemas.glob("*.yaml")))


def _sha256(data: bytes, *files) -> str:
    digest = hashlib.sha256(data)
    for file in files:
        digest.update(Path(file).read_bytes())
    return digest.hexdigest()


def _kept_files(previous: Path, files: tuple, made_of: str, record: dict | None):
    """The size and hash of `files` as the previous package has them, linked into place, when
    they were written from what has the fingerprint `made_of` and still hold the bytes written
    then; else None, with nothing left at `files`."""
    if not record or record["made_of"] != made_of:
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
