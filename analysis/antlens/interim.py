"""The interim store (data/interim/): each source's sentences and detected mentions between builds.

Splitting and detecting depend only on a source's bytes and on the code that does them, so a
rebuild takes them from here for every source whose sha256 and code are unchanged, and redoes
only what an annotation change touches. The store is a cache: deleting it changes no output.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from antlens import mentions, sentences
from antlens.paths import Paths
from antlens.writing import write_atomically

_STATUS_COLUMNS = ("status", "claim_id", "exclusion_reason")


def code_fingerprint() -> str:
    """A hash of the code that splits and detects: a change to it invalidates the store."""
    digest = hashlib.sha256()
    for module in (sentences, mentions):
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()


@dataclass
class Interim:
    """Sentences and detected mentions of the sources last built, keyed by (source_id, sha256)."""

    sentences: pl.DataFrame | None = None
    mentions: pl.DataFrame | None = None
    keys: set[tuple[str, str]] = field(default_factory=set)
    counts: dict[str, int] = field(default_factory=dict)  # source_id → number of sentences

    def cached(self, source_id: str, sha256: str) -> bool:
        return (source_id, sha256) in self.keys

    def rows_for(self, sources: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
        """Cached sentence and mention rows of `sources` (source_id, sha256, position); the
        mentions come back unreviewed, as a source without annotations has them."""
        keys = ["source_id", "sha256"]
        sentences = self.sentences.join(sources, on=keys).drop("sha256")
        mentions = self.mentions.join(sources, on=keys).drop("sha256")
        return sentences, mentions.with_columns(
            status=pl.lit("unreviewed"),
            claim_id=pl.lit(None, pl.String),
            exclusion_reason=pl.lit(None, pl.String),
        )


def load_interim(paths: Paths) -> Interim:
    """The store, or an empty one when it is missing, unreadable or made by other code."""
    manifest = paths.cache / "manifest.json"
    try:
        if json.loads(manifest.read_text())["code"] != code_fingerprint():
            return Interim()
        stored = [pl.read_parquet(paths.cache / f"{name}.parquet") for name in _NAMES]
    except (OSError, ValueError, KeyError, pl.exceptions.PolarsError):
        return Interim()
    keys = stored[0].select("source_id", "sha256").unique()
    counts = dict(stored[0].group_by("source_id").len().iter_rows())
    return Interim(stored[0], stored[1], set(keys.iter_rows()), counts)


_NAMES = ("sentences", "mentions")


def save_interim(paths: Paths, sentence_rows: pl.DataFrame, mention_rows: pl.DataFrame, shas):
    """Store every source's sentences and detected mentions (without their review status)."""
    paths.cache.mkdir(parents=True, exist_ok=True)
    manifest = paths.cache / "manifest.json"
    manifest.unlink(missing_ok=True)  # until it is written again, the store counts as empty
    frames = (sentence_rows, mention_rows.drop(_STATUS_COLUMNS))
    for name, frame in zip(_NAMES, frames, strict=True):
        frame = frame.drop("position").join(shas, on="source_id")
        temporary = paths.cache / f".{name}.parquet"
        frame.write_parquet(temporary, compression="lz4", statistics=False)
        temporary.replace(paths.cache / f"{name}.parquet")
    write_atomically(manifest, json.dumps({"code": code_fingerprint()}))
