"""The text of every source, in registry order: its sentences, its mentions and its claims.

A source whose bytes and annotation the interim cache already knows is taken from there (only
its keys are kept here); any other is split, scanned and curated afresh.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import polars as pl

from antlens.annotations import load_annotation
from antlens.claims import curate
from antlens.interim import Interim
from antlens.mentions import detect_mentions, mention_frame
from antlens.paths import Paths
from antlens.problems import Problem, ProblemsFound
from antlens.schemas import Schemas
from antlens.sentences import sentence_columns, sentence_frame
from antlens.sources import read_source, source_row


@dataclass
class Corpus:
    """What the sources add up to; fresh sentences and mentions as columns, cached ones as keys."""

    paths: Paths
    schemas: Schemas
    interim: Interim
    sources: list[dict] = field(default_factory=list)
    sentences: dict[str, list] = field(default_factory=lambda: defaultdict(list, position=[]))
    mentions: dict[str, list] = field(default_factory=lambda: defaultdict(list, position=[]))
    cached: list[dict] = field(default_factory=list)  # source_id, sha256, position
    claims: list[dict] = field(default_factory=list)
    details: list[dict] = field(default_factory=list)  # per claim: its theme keys
    problems: list[Problem] = field(default_factory=list)
    troubled: set[str] = field(default_factory=set)  # sources whose annotation has problems
    todo: dict[str, int] = field(default_factory=dict)  # annotation file → todo entries left

    def shown(self, source_id: str) -> str:
        """A source's annotation file, as problems name it."""
        return self.paths.relative(self.paths.annotation_file(source_id))

    def add(self, position: int, record: dict, annotated: bool) -> None:
        """Check a source's bytes; split, detect and curate it unless the interim store has it."""
        try:
            source = read_source(self.paths, record)
            document = load_annotation(self.paths, source.source_id) if annotated else {}
        except ProblemsFound as found:
            self.problems += found.problems
            return
        if not annotated and self.interim.cached(source.source_id, record["sha256"]):
            self.sources.append(source_row(source, self.interim.counts[source.source_id]))
            key = {"source_id": record["source_id"], "sha256": record["sha256"]}
            self.cached.append({**key, "position": position})
            return
        sentences = sentence_columns(source.source_id, source.text)
        shown = self.shown(source.source_id)
        mentions = detect_mentions(source.text)
        curation = curate(
            self.schemas, source.source_id, source.text, sentences["char_start"], mentions,
            document, shown,
        )  # fmt: skip
        if curation.problems:
            self.problems += curation.problems
            self.troubled.add(source.source_id)
        if curation.claims:
            frame = self.schemas.frame("claims", curation.claims)
            self.problems += self.schemas.validate("claims", frame, shown, "claim_id")
        if curation.todo:
            self.todo[shown] = curation.todo
        self.sources.append(source_row(source, len(sentences["index"])))
        self._extend(position, sentences, curation.mentions)
        self.claims += curation.claims
        self.details += curation.details

    def _extend(self, position: int, sentences: dict[str, list], mentions: dict[str, list]):
        for table, columns in ((self.sentences, sentences), (self.mentions, mentions)):
            for name, values in columns.items():
                table[name].extend(values)
            table["position"].extend([position] * len(columns["index"]))

    def text_rows(self) -> tuple[pl.DataFrame, pl.DataFrame]:
        """Sentence and mention rows (ids not yet formatted) of every source, in registry order."""
        fresh = [
            sentence_frame(self.sentences, self.schemas.polars_types("sentences")),
            mention_frame(self.mentions, self.schemas.polars_types("mentions")),
        ]
        if self.cached:
            cached = self.interim.rows_for(pl.DataFrame(self.cached))
            fresh = [
                pl.concat([f, c.select(f.columns)]) for f, c in zip(fresh, cached, strict=True)
            ]
        return tuple(frame.sort("position", "index") for frame in fresh)
