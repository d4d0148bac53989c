"""The text of every source, in registry order and in partitions: sentences, mentions, claims.

The registry is cut into partitions of `PARTITION_SOURCES` sources. Each partition is checked,
split, scanned and curated on its own and its sentence and mention rows written to the new
interim store, so a build holds one partition's rows at a time; partitions run on every core
when there are many sources to scan. A source the interim store already knows (same bytes, no
annotation) is taken from there instead of being scanned again.
"""

from __future__ import annotations

import os
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from multiprocessing import get_context
from pathlib import Path

import polars as pl

from antlens import schemas as schema_files
from antlens.annotations import load_annotation
from antlens.claims import curate, unaccounted_problems
from antlens.interim import load_interim, partition_index, write_partition
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
    index: dict[str, tuple[str, int]] = field(default_factory=dict)  # for the store's manifest
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
    jobs = [
        Job(paths.root, number, entries[start : start + PARTITION_SOURCES], store, allow)
        for number, start in enumerate(range(0, len(entries), PARTITION_SOURCES))
    ]
    interim = _interim(paths.root, _stamp(paths))
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
    interim = _interim(paths.root, _stamp(paths))
    result = Partition(job.number)
    columns = {table: defaultdict(list, position=[]) for table in ("sentences", "mentions")}
    cached, scanned = [], False
    for position, record, annotated in job.sources:
        try:
            source = read_source(paths, record)
            document = load_annotation(paths, source.source_id) if annotated else {}
        except ProblemsFound as found:
            result.problems += found.problems
            continue
        if not annotated and interim.cached(source.source_id, record["sha256"]):
            result.sources.append(source_row(source, interim.counts[source.source_id]))
            cached.append({**_key(record), "position": position})
            continue
        _curate(catalogue, paths, result, columns, position, source, document)
        scanned = True
    sentence_rows, mention_rows = _rows(catalogue, interim, columns, cached)
    _check(catalogue, paths, job, result, sentence_rows, mention_rows, scanned)
    write_partition(job.store, job.number, sentence_rows, mention_rows)
    result.index = partition_index(result.sources, sentence_rows)
    return result


def _curate(catalogue, paths, result, columns, position, source, document) -> None:
    sentences = sentence_columns(source.source_id, source.text)
    file = shown(paths, source.source_id)
    curation = curate(
        catalogue, source.source_id, source.text, sentences["char_start"],
        detect_mentions(source.text), document, file,
        published_date(source.record.get("published")),
    )  # fmt: skip
    result.problems += curation.problems
    if curation.claims:
        frame = catalogue.frame("claims", curation.claims)
        result.problems += catalogue.validate("claims", frame, file, "claim_id")
    if curation.todo:
        result.todo[file] = curation.todo
    result.sources.append(source_row(source, len(sentences["index"])))
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


def _rows(catalogue, interim, columns, cached) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The partition's sentence and mention rows (ids not yet formatted), in registry order."""
    fresh = [
        sentence_frame(columns["sentences"], catalogue.polars_types("sentences")),
        mention_frame(columns["mentions"], catalogue.polars_types("mentions")),
    ]
    if cached:
        stored = interim.rows_for(pl.DataFrame(cached))
        fresh = [pl.concat([f, c.select(f.columns)]) for f, c in zip(fresh, stored, strict=True)]
    return tuple(frame.sort("position", "index") for frame in fresh)


def _check(catalogue, paths, job, result, sentence_rows, mention_rows, scanned: bool) -> None:
    """The partition's sentences and mentions against their schemas (rows from the store were
    checked against the same schemas when they were stored), and its unreviewed mentions: a
    problem each unless the build allows them."""
    checked = (("sentences", sentence_table), ("mentions", mention_table)) if scanned else ()
    for name, table in checked:
        rows = sentence_rows if name == "sentences" else mention_rows
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


def _stamp(paths: Paths) -> tuple:
    """What identifies the store on disk, so a process rereads it only when it changed."""
    try:
        stat = (paths.cache / "manifest.json").stat()
    except OSError:
        return ()
    return stat.st_mtime_ns, stat.st_size, stat.st_ino


@cache
def _interim(root: Path, stamp: tuple):
    return load_interim(Paths(root))
