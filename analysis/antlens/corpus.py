"""The text of every source, in registry order and in partitions: sentences, mentions, claims.

The registry is cut into partitions of `PARTITION_SOURCES` sources. Each partition is checked,
split, scanned and curated on its own and its sentence and mention rows written to the new
interim store, so a build holds one partition's rows at a time; partitions run on every core
when there are many sources to scan. What the interim store already holds (see antlens.interim)
is taken from there instead: a partition whose sources are all unchanged and unannotated whole,
a source's rows when its bytes are unchanged and it has no annotation, and an annotated source's
sentences and mentions, to curate again, when its bytes are unchanged.
"""

from __future__ import annotations

import os
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

import polars as pl

from antlens import schemas as schema_files
from antlens.annotations import load_annotation
from antlens.claims import curate, unaccounted_problems
from antlens.interim import (
    TABLES,
    current,
    partition_entry,
    partition_file,
    settled,
    write_partition,
)
from antlens.mentions import detect_mentions, mention_frame, mention_table
from antlens.paths import Paths
from antlens.problems import Problem, ProblemsFound
from antlens.sentences import sentence_columns, sentence_frame, sentence_table
from antlens.sources import read_source, source_row
from antlens.suggest.periods import published_date

PARTITION_SOURCES = 500
PARALLEL_FROM = 1_000  # sources to scan afresh before starting worker processes pays off
FIRST_UNREVIEWED = 50  # unreviewed mentions a build report lists by name


@dataclass(frozen=True)
class Job:
    """One partition to process: its sources (registry position, record, annotated or not)."""

    root: Path
    number: int
    sources: list[tuple[int, dict, bool]]
    store: Path  # the new interim store being written
    allow_unaccounted: bool
    clock: int  # the build's start on the file system's clock (see `interim.settled`)


@dataclass
class Partition:
    """What one partition adds up to; its sentence and mention rows are in the store."""

    number: int
    sources: list[dict] = field(default_factory=list)
    claims: list[dict] = field(default_factory=list)
    details: list[dict] = field(default_factory=list)  # per claim: its theme keys
    problems: list[Problem] = field(default_factory=list)
    table_problems: list[Problem] = field(default_factory=list)  # of the rows the build made
    troubled: set[str] = field(default_factory=set)  # sources whose annotation has problems
    todo: dict[str, int] = field(default_factory=dict)  # annotation file → todo entries left
    stamps: dict[str, list | None] = field(default_factory=dict)  # source_id → its file's stamp
    index: dict = field(default_factory=dict)  # the partition's entry in the store's manifest
    unreviewed: int = 0
    first_unreviewed: list[dict] = field(default_factory=list)


def shown(paths: Paths, source_id: str) -> str:
    """A source's annotation file, as problems name it."""
    return paths.relative(paths.annotation_file(source_id))


def partitions(
    paths: Paths, registry: list[dict], annotated: set[str], store: Path, allow: bool
) -> list[Partition]:
    """Every partition of the registry, processed (on every core when it pays off), in order."""
    entries = [(n, r, r["source_id"] in annotated) for n, r in enumerate(registry)]
    clock = store.stat().st_mtime_ns  # the store was just made: now, on the disk's clock
    jobs = [
        Job(paths.root, number, entries[start : start + PARTITION_SOURCES], store, allow, clock)
        for number, start in enumerate(range(0, len(entries), PARTITION_SOURCES))
    ]
    interim = current(paths)
    fresh = sum(1 for _, r, a in entries if a or not interim.cached(r["source_id"], r["sha256"]))
    workers = min(os.cpu_count() or 1, len(jobs), 4)
    if fresh < PARALLEL_FROM or workers < 2:
        return [process(job) for job in jobs]
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        return list(pool.map(process, jobs))


def process(job: Job) -> Partition:
    """Check, split, scan and curate one partition's sources; write its rows to the store."""
    paths = Paths(job.root)
    catalogue = schema_files.load(paths.schemas)
    interim = current(paths)
    if kept := interim.kept_partition(paths, job.number, job.sources):
        return _kept(catalogue, paths, job, interim, kept)
    result = Partition(job.number)
    columns = {table: defaultdict(list, position=[]) for table in ("sentences", "mentions")}
    cached = []
    for position, record, annotated in job.sources:
        source_id = record["source_id"]
        known = not annotated and interim.unchanged(paths, record)
        try:
            source = None if known else read_source(paths, record)
            document = load_annotation(paths, source_id) if annotated else {}
        except ProblemsFound as found:
            result.problems += found.problems
            continue
        result.stamps[source_id] = (
            interim.entries[source_id][3] if known else settled(source.stamp, job.clock)
        )
        if not annotated and interim.cached(source_id, record["sha256"]):
            result.sources.append(interim.source_row(record))
            cached.append({**_key(record), "position": position})
            continue
        scan = interim.scanned(source_id, record["sha256"]) if annotated else None
        _curate(catalogue, paths, result, columns, position, source, document, scan)
    fresh = _fresh(catalogue, columns)
    sentence_rows, mention_rows = _rows(interim, fresh, cached)
    _check(catalogue, paths, job, result, fresh, mention_rows)
    files = write_partition(job.store, job.number, sentence_rows, mention_rows)
    plain = not any(annotated for *_, annotated in job.sources)
    result.index = partition_entry(result.sources, sentence_rows, result.stamps, plain, files)
    return result


def _kept(catalogue, paths, job, interim, entry: dict) -> Partition:
    """A partition taken whole from the store: its files linked into the new one, its source
    rows from the manifest; only its mentions are read, for the build's report."""
    result = Partition(job.number, index=entry)
    interim.keep_partition(job.number, job.store)
    result.sources = [interim.source_row(record) for _, record, _ in job.sources]
    file = partition_file(job.store, job.number, "mentions")
    # Every mention of a plain partition is unreviewed: when that is allowed, the report only
    # counts them and names the first.
    mention_rows = pl.read_parquet(file, n_rows=FIRST_UNREVIEWED if job.allow_unaccounted else None)
    _check(catalogue, paths, job, result, (), mention_rows)
    result.unreviewed = pl.scan_parquet(file).select(pl.len()).collect().item()
    return result


def _curate(catalogue, paths, result, columns, position, source, document, scan) -> None:
    """Curate one source read afresh, its sentences and mentions found anew or, when `scan` has
    them (its bytes and the detector unchanged since the store was written), taken from it."""
    sentences, found = scan or (
        sentence_columns(source.source_id, source.text),
        detect_mentions(source.text),
    )
    file = shown(paths, source.source_id)
    curation = curate(
        catalogue, source.source_id, source.text, sentences["char_start"],
        found, document, file,
        published_date(source.record.get("published")),
    )  # fmt: skip
    result.problems += curation.problems
    if curation.claims:
        frame = catalogue.frame("claims", curation.claims)
        result.problems += catalogue.validate("claims", frame, file, "claim_id")
    if curation.todo:
        result.todo[file] = curation.todo
    result.sources.append(source_row(source.record, len(source.text), len(sentences["index"])))
    add_rows(columns["sentences"], sentences, position)
    add_rows(columns["mentions"], curation.mentions, position)
    result.claims += curation.claims
    result.details += curation.details
    if curation.problems:  # its numbers are not reported again as unaccounted
        result.troubled.add(source.source_id)


def add_rows(table: dict[str, list], columns: dict[str, list], position: int) -> None:
    """One source's columns appended to a table's, each row marked with the source's place in
    the registry (`position`), by which the tables are ordered."""
    for name, values in columns.items():
        table.setdefault(name, []).extend(values)
    table.setdefault("position", []).extend([position] * len(columns["index"]))


def _key(record: dict) -> dict:
    return {"source_id": record["source_id"], "sha256": record["sha256"]}


def _fresh(catalogue, columns) -> list[pl.DataFrame]:
    """The sentence and mention rows (ids not yet formatted) of the sources scanned."""
    return [
        sentence_frame(columns["sentences"], catalogue.polars_types("sentences")),
        mention_frame(columns["mentions"], catalogue.polars_types("mentions")),
    ]


def _rows(interim, fresh, cached) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The partition's sentence and mention rows: the fresh ones and those of the sources taken
    from the store, in registry order."""
    if cached:
        stored = interim.rows_for(pl.DataFrame(cached))
        fresh = [pl.concat([f, c.select(f.columns)]) for f, c in zip(fresh, stored, strict=True)]
    return tuple(frame.sort("position", "index") for frame in fresh)


def _check(catalogue, paths, job, result, fresh, mention_rows) -> None:
    """The fresh sentences and mentions against their schemas (rows from the store were checked
    against the same schemas when they were stored), and the partition's unreviewed mentions: a
    problem each unless the build allows them."""
    for name, table, rows in zip(TABLES, (sentence_table, mention_table), fresh, strict=False):
        if rows.height:
            frame = table(rows, catalogue.polars_types(name))
            result.table_problems += catalogue.validate(name, frame, f"data/processed/{name}.csv")
    unreviewed = mention_rows.filter(pl.col("status") == "unreviewed")
    result.unreviewed = unreviewed.height
    named = mention_table(unreviewed.head(FIRST_UNREVIEWED), catalogue.polars_types("mentions"))
    result.first_unreviewed = named.to_dicts()
    if not job.allow_unaccounted:
        result.problems += unaccounted_problems(
            mention_rows, result.troubled, lambda source_id: shown(paths, source_id)
        )
