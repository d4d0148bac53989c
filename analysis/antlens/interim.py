"""The interim store (data/interim/): every source's sentences and mentions, in partitions.

A build processes the registry in partitions of sources and writes each partition's sentence and
mention rows here; the processed tables are then streamed from these files, so memory stays
bounded whatever the corpus size. The next build takes from the store what cannot have changed:

- a source's rows, when its sha256 and the splitting and detecting code are unchanged (a source
  with annotations is always curated afresh, from its stored sentences and mentions);
- a partition's files, linked into the new store unread, when it holds the same sources in the
  same order, none of them annotated then or now and none changed (by its stamp, below);
- a source's sha256 without reading its file, when the file's stamp (`sources.unchanged`:
  path, size, mtime, ctime, inode) is the one recorded when its bytes were last hashed. As in
  git's "racy git" rule, a stamp is recorded only when the file's times are older than the
  start of the build on the file system's own clock (the new store's creation time): a file
  written in the clock tick in which it was hashed could change again within that tick without
  its stamp moving, so such a file is hashed again by the next build. This holds while the raw
  files and data/ share a file system whose clock does not go back;
- a processed table's files, when what they are written from has the fingerprint recorded for
  them (`table_fingerprint`; antlens.package checks their bytes before keeping them).

Deleting the store changes no output.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from antlens import mentions, number_words, sentences, units
from antlens.claims import UNREVIEWED
from antlens.paths import Paths
from antlens.sources import source_row, unchanged
from antlens.writing import link_or_copy

MANIFEST = "manifest.json"
_DETECTOR_HELPERS = tuple(Path(m.__file__) for m in (number_words, units))
TABLES = ("sentences", "mentions")
_SENTENCE_COLUMNS = ("source_id", "index", "char_start", "char_end", "text")  # sentence_columns


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


def table_fingerprint(paths: Paths, table: str, partitions: list[dict]) -> str:
    """What a processed table streamed from the store is made of: the code and schemas its rows
    come from and the bytes of its partition files, in order."""
    digest = hashlib.sha256(code_fingerprint(paths).encode())
    for partition in partitions:
        digest.update(partition["files"][table].encode())
    return digest.hexdigest()


def partition_file(folder: Path, number: int, table: str) -> Path:
    return folder / f"part-{number:05d}.{table}.parquet"


def settled(stamp: list | None, clock: int) -> list | None:
    """`stamp` when the file's mtime and ctime are older than `clock`, the build's start on the
    file system's clock; else None, and the file is hashed again next time (the racy-git rule)."""
    return stamp if stamp and max(stamp[2], stamp[3]) < clock else None


@dataclass
class Interim:
    """The store of the last build: its partitions as the manifest lists them, where each
    source is, and the fingerprints of the processed tables written from it."""

    folder: Path | None = None
    partitions: list[dict] = field(default_factory=list)
    tables: dict[str, dict] = field(default_factory=dict)  # kept for antlens.package
    where: dict[tuple[str, str], int] = field(default_factory=dict)  # (id, sha256) → partition
    entries: dict[str, list] = field(
        default_factory=dict
    )  # id → sha256, n_sentences, n_chars, stamp

    def cached(self, source_id: str, sha256: str) -> bool:
        return (source_id, sha256) in self.where

    def unchanged(self, paths: Paths, record: dict) -> bool:
        """Whether the source's file is, by its stamp and without reading it, the one whose
        bytes were hashed to the registry's sha256 and whose rows are stored."""
        entry = self.entries.get(record["source_id"])
        return bool(entry and entry[0] == record["sha256"] and entry[3]) and unchanged(
            paths, record, entry[3]
        )

    def source_row(self, record: dict) -> dict:
        _, n_sentences, n_chars, _ = self.entries[record["source_id"]]
        return source_row(record, n_chars, n_sentences)

    def kept_partition(self, paths: Paths, number: int, sources: list) -> dict | None:
        """Partition `number`'s entry when the partition can be taken whole for `sources`
        (position, record, annotated): the same sources in the same order, none annotated
        then or now, none changed."""
        if number >= len(self.partitions) or not self.partitions[number]["plain"]:
            return None
        entry = self.partitions[number]
        stored = [(source_id, known[0]) for source_id, known in entry["sources"].items()]
        if stored != [(r["source_id"], r["sha256"]) for _, r, _ in sources]:
            return None
        fresh = all(not annotated and self.unchanged(paths, r) for _, r, annotated in sources)
        return entry if fresh else None

    def keep_partition(self, number: int, folder: Path) -> None:
        """Partition `number`'s files, unread, in the new store `folder`."""
        for table in TABLES:
            link_or_copy(
                partition_file(self.folder, number, table), partition_file(folder, number, table)
            )

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

    def scanned(self, source_id: str, sha256: str) -> tuple[dict[str, list], list] | None:
        """The sentence columns and `Mention`s the last scan of these bytes of a source found,
        read back from the store (so an annotated source is curated without a new scan); None
        when the store holds no rows for them."""
        number = self.where.get((source_id, sha256))
        if number is None:
            return None
        sentence_rows, mention_rows = (
            pl.scan_parquet(partition_file(self.folder, number, table))
            .filter(pl.col("source_id") == source_id)
            .sort("index")
            .collect()
            for table in TABLES
        )
        columns = sentence_rows.select(_SENTENCE_COLUMNS).to_dict(as_series=False)
        fields = mention_rows.select(mentions.Mention._fields).iter_rows()
        return columns, [mentions.Mention(*values) for values in fields]


def load_interim(paths: Paths) -> Interim:
    """The store, or an empty one when it is missing, unreadable or made by other code."""
    try:
        manifest = json.loads((paths.cache / MANIFEST).read_text(encoding="utf-8"))
        if manifest["code"] != code_fingerprint(paths):
            return Interim()
        where, entries = {}, {}
        for number, partition in enumerate(manifest["partitions"]):
            for source_id, entry in partition["sources"].items():
                where[(source_id, entry[0])] = number
                entries[source_id] = entry
            for table in TABLES:  # a footer that does not read marks a damaged file
                pq.read_metadata(partition_file(paths.cache, number, table))
        tables = dict(manifest["tables"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError, pa.ArrowException):
        return Interim()
    return Interim(paths.cache, manifest["partitions"], tables, where, entries)


def current(paths: Paths) -> Interim:
    """The store on disk, read once per process for as long as its manifest stays the same."""
    try:
        found = (paths.cache / MANIFEST).stat()
        stamp = found.st_mtime_ns, found.st_ctime_ns, found.st_size, found.st_ino
    except OSError:
        stamp = ()
    return _loaded(paths.root, stamp)


@cache
def _loaded(root: Path, stamp: tuple) -> Interim:
    return load_interim(Paths(root))


def write_partition(folder: Path, number: int, sentence_rows, mention_rows) -> dict[str, str]:
    """One partition's rows, as the store and the processed tables will read them; returns
    the sha256 of each table's file."""
    hashes = {}
    for table, rows in zip(TABLES, (sentence_rows, mention_rows), strict=True):
        path = partition_file(folder, number, table)
        rows.write_parquet(path, compression="lz4")
        with path.open("rb") as data:
            hashes[table] = hashlib.file_digest(data, "sha256").hexdigest()
    return hashes


def write_manifest(paths: Paths, folder: Path, partitions: list[dict], tables: dict) -> None:
    """The store's index, written last: until it is there, the store counts as empty."""
    document = {"code": code_fingerprint(paths), "partitions": partitions, "tables": tables}
    (folder / MANIFEST).write_text(json.dumps(document), encoding="utf-8")


def partition_entry(
    sources: list[dict], sentence_rows: pl.DataFrame, stamps: dict, plain: bool, files: dict
) -> dict:
    """The manifest's entry for one partition: per source its sha256, number of sentences and
    of characters and its file's stamp (or None); whether no source was annotated; the sha256
    of its files."""
    counts = defaultdict(int, sentence_rows.group_by("source_id").len().rows())
    known = {
        s["source_id"]: [s["sha256"], counts[s["source_id"]], s["n_chars"], stamps[s["source_id"]]]
        for s in sources
    }
    return {"sources": known, "plain": plain, "files": files}
