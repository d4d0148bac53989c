"""The interim store (data/interim/): every source's sentences and mentions, in partitions.

A build processes the registry in partitions of sources and writes each partition's sentence and
mention rows here; the processed tables are then streamed from these files, so memory stays
bounded whatever the corpus size. The next build reuses a source's rows when its sha256 and the
splitting and detecting code are unchanged (a source with annotations is always curated afresh),
reading only the partition files that hold it. Deleting the store changes no output.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from antlens import mentions, number_words, sentences, units
from antlens.claims import UNREVIEWED
from antlens.paths import Paths

MANIFEST = "manifest.json"
_DETECTOR_HELPERS = tuple(Path(m.__file__) for m in (number_words, units))
TABLES = ("sentences", "mentions")


def code_fingerprint(paths: Paths) -> str:
    """A hash of the code that splits and detects and of the schemas its rows are checked
    against: a change to either invalidates the store."""
    digest = hashlib.sha256()
    for name in TABLES + ("vocabularies",):
        digest.update(paths.schema_file(name).read_bytes())
    folder = Path(mentions.__file__).parent
    for path in (Path(sentences.__file__), *sorted(folder.glob("*.py")), *_DETECTOR_HELPERS):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def partition_file(folder: Path, number: int, table: str) -> Path:
    return folder / f"part-{number:05d}.{table}.parquet"


@dataclass
class Interim:
    """The store of the last build: which source (and sha256) is in which partition."""

    folder: Path | None = None
    where: dict[tuple[str, str], int] = field(default_factory=dict)  # (id, sha256) → partition
    counts: dict[str, int] = field(default_factory=dict)  # source_id → number of sentences

    def cached(self, source_id: str, sha256: str) -> bool:
        return (source_id, sha256) in self.where

    def rows_for(self, sources: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
        """Cached sentence and mention rows of `sources` (source_id, sha256, position), read
        from the partitions that hold them; the mentions come back unreviewed, as a source
        without annotations has them."""
        numbers = sorted({self.where[key] for key in sources.select("source_id", "sha256").rows()})
        keys = sources.select("source_id", "position")
        found = []
        for table in TABLES:
            parts = [pl.read_parquet(partition_file(self.folder, n, table)) for n in numbers]
            rows = pl.concat(parts).drop("position").join(keys, on="source_id")
            found.append(rows)
        return found[0], found[1].with_columns(
            pl.lit(value, pl.String).alias(name) for name, value in UNREVIEWED.items()
        )


def load_interim(paths: Paths) -> Interim:
    """The store, or an empty one when it is missing, unreadable or made by other code."""
    try:
        manifest = json.loads((paths.cache / MANIFEST).read_text(encoding="utf-8"))
        if manifest["code"] != code_fingerprint(paths):
            return Interim()
        where, counts = {}, {}
        for number, partition in enumerate(manifest["partitions"]):
            for source_id, (sha256, n_sentences) in partition.items():
                where[(source_id, sha256)] = number
                counts[source_id] = n_sentences
            for table in TABLES:  # a footer that does not read marks a damaged file
                pq.read_metadata(partition_file(paths.cache, number, table))
    except (OSError, ValueError, KeyError, TypeError, pa.ArrowException):
        return Interim()
    return Interim(paths.cache, where, counts)


def write_partition(folder: Path, number: int, sentence_rows, mention_rows) -> None:
    """One partition's rows, as the store and the processed tables will read them."""
    for table, rows in zip(TABLES, (sentence_rows, mention_rows), strict=True):
        rows.write_parquet(partition_file(folder, number, table), compression="lz4")


def write_manifest(paths: Paths, folder: Path, partitions: list[dict[str, tuple[str, int]]]):
    """The store's index, written last: until it is there, the store counts as empty."""
    document = {"code": code_fingerprint(paths), "partitions": partitions}
    (folder / MANIFEST).write_text(json.dumps(document), encoding="utf-8")


def partition_index(sources: list[dict], sentence_rows: pl.DataFrame) -> dict:
    """source_id → (sha256, number of sentences) for the sources of one partition."""
    counts = defaultdict(int, sentence_rows.group_by("source_id").len().rows())
    return {s["source_id"]: (s["sha256"], counts[s["source_id"]]) for s in sources}
