"""`antlens reanchor SOURCE_ID`: accept a changed article text and move its annotations onto it.

Each claim's and exclusion's quote is found again in the new text. Where the words occur more than
once, the words around the old position decide (as a W3C TextQuoteSelector's prefix and suffix
do); where the words themselves changed (re-spacing, a corrected typo), the old surroundings locate
the new words. A quote that is gone or ambiguous stops the whole operation with a clear message:
nothing is re-anchored to a guessed place, and nothing is written until every entry is placed.
The annotation and the registry's new sha256 are then written together: both or neither.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import polars as pl

from antlens.anchors import anchor_quote, fold_whitespace, occurrences
from antlens.encodings import not_utf8_problem
from antlens.paths import Paths, locate
from antlens.problems import (
    QUOTE_AMBIGUOUS,
    QUOTE_GONE,
    UNKNOWN_SOURCE,
    Problem,
    ProblemsFound,
    raise_if_any,
)
from antlens.sentences import strip_span
from antlens.sources import load_registry, sha256_of
from antlens.writing import file_mode, write_together
from antlens.yamlio import dump_round_trip, read_round_trip

CONTEXT = 32  # characters of surrounding text that identify a position


@dataclass
class ReanchorReport:
    """What reanchor did: entries placed as before, moved, or with changed words."""

    source_id: str
    old_sha256: str
    new_sha256: str
    unchanged: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    reworded: list[tuple[str, str, str]] = field(default_factory=list)  # (entry, old, new)

    def summary(self) -> str:
        if self.old_sha256 == self.new_sha256:
            return f"{self.source_id}: text unchanged, nothing to do"
        lines = [
            f"{self.source_id}: accepted the new text (sha256 {self.new_sha256[:12]}…);"
            f" {len(self.unchanged)} entries in place, {len(self.moved)} moved,"
            f" {len(self.reworded)} with changed words — review these:"
        ]
        lines += [f"  {entry}: {old!r} → {new!r}" for entry, old, new in self.reworded]
        return "\n".join(lines)


def reanchor(source_id: str, root=None) -> ReanchorReport:
    """Re-anchor every annotation of `source_id` on its new text, then record the new sha256."""
    paths = locate(root)
    record = _record(paths, source_id)
    data = (paths.root / record["path"]).read_bytes()
    report = ReanchorReport(source_id, record["sha256"], sha256_of(data))
    if report.old_sha256 == report.new_sha256:
        return report
    new_text = _decode(data, record["path"], source_id)
    old_text = _old_text(paths, source_id)
    path = paths.annotation_file(source_id)
    document = read_round_trip(path, paths.relative(path))[0] if path.exists() else None
    shown = paths.relative(path)
    placed = [_place(entry, name, old_text, new_text, report) for name, entry in _entries(document)]
    raise_if_any([_where(problem, shown) for problem in placed if problem is not None])
    registry = paths.sources_file.read_text(encoding="utf-8")
    files = (
        [] if document is None else [(path, dump_round_trip(document).encode(), file_mode(path))]
    )
    new_registry = registry.replace(report.old_sha256, report.new_sha256).encode("utf-8")
    write_together([*files, (paths.sources_file, new_registry, file_mode(paths.sources_file))])
    return report


def _record(paths: Paths, source_id: str) -> dict:
    for record in load_registry(paths):
        if record["source_id"] == source_id:
            return record
    raise ProblemsFound(
        [
            UNKNOWN_SOURCE(
                file=paths.relative(paths.sources_file),
                record=source_id,
                column="source_id",
                expected="a registered source id",
                found=source_id,
                hint=f"see {paths.relative(paths.sources_file)}",
            )
        ]
    )


def _decode(data: bytes, shown: str, source_id: str) -> str:
    problem = not_utf8_problem(data, shown, f"put it in place of {shown} and reanchor again")
    raise_if_any([replace(problem, record=source_id)] if problem else [])
    return data.decode("utf-8")


def _old_text(paths: Paths, source_id: str) -> str | None:
    """The previous text as the last build saw it, rebuilt from its sentences.

    The spaces between sentences are not kept, so they are filled with blanks: anchoring against
    it folds whitespace.
    """
    table = paths.table_file("sentences")
    if not table.exists():
        return None
    sentences = pl.read_parquet(table).filter(pl.col("source_id") == source_id).sort("index")
    if sentences.is_empty():
        return None
    parts, at = [], 0
    for row in sentences.iter_rows(named=True):
        parts += [" " * (row["char_start"] - at), row["text"]]
        at = row["char_end"]
    return "".join(parts)


def _entries(document) -> list[tuple[str, dict]]:
    if not document:
        return []
    claims = [(f"claim {c.get('claim_id')}", c) for c in document.get("claims") or []]
    exclusions = [(f"exclusion {e.get('quote')!r}", e) for e in document.get("exclusions") or []]
    return claims + exclusions


def _place(entry, name: str, old_text: str | None, new_text: str, report) -> Problem | None:
    """Find the entry's words in the new text and rewrite its selector; a Problem if it cannot."""
    quote = str(entry["quote"])
    before, after = _old_context(entry, quote, old_text)
    found = _loose_occurrences(new_text, quote)
    candidates = found
    if len(found) > 1 and (before or after):
        candidates = [c for c in found if _context_agrees(new_text, c, before, after)]
    elif not found and (before or after):
        candidates = _between_context(new_text, before, after, len(quote))
    if len(candidates) > 1:  # identical words and surroundings: the curator's selector decides
        candidates = _selected(entry, new_text, quote, candidates) or candidates
    if len(candidates) != 1:
        return _not_placed(name, quote, max(len(candidates), len(found)))
    start, end = candidates[0]
    new_quote = new_text[start:end]
    kept = anchor_quote(
        new_text,
        new_quote,
        entry.get("occurrence"),
        entry.get("prefix") or "",
        entry.get("suffix") or "",
    )
    if new_quote != quote:
        report.reworded.append((name, quote, new_quote))
        entry["quote"] = new_quote
    elif kept.start == start:
        report.unchanged.append(name)
        return None
    else:
        report.moved.append(name)
    if kept.start != start:
        _select_occurrence(entry, new_text, new_quote, start)
    return None


def _selected(entry, text: str, quote: str, candidates: list[tuple[int, int]]):
    """The candidate the entry's own occurrence, prefix or suffix picks in the new text."""
    if not any(entry.get(key) for key in ("occurrence", "prefix", "suffix")):
        return []
    picked = anchor_quote(
        text, quote, entry.get("occurrence"), entry.get("prefix") or "", entry.get("suffix") or ""
    )
    return [c for c in candidates if c[0] == picked.start]


def _old_context(entry, quote: str, old_text: str | None) -> tuple[str, str]:
    if old_text is None:
        return "", ""
    spans = _loose_occurrences(old_text, quote)
    chosen = _chosen(entry, old_text, spans)
    if chosen is None:
        return "", ""
    start, end = chosen
    return fold_whitespace(old_text[max(0, start - CONTEXT * 2) : start])[
        -CONTEXT:
    ], fold_whitespace(old_text[end : end + CONTEXT * 2])[:CONTEXT]


def _chosen(entry, text: str, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The old span the entry's selector picked (occurrence, prefix/suffix, or the only one)."""
    if entry.get("occurrence"):
        index = int(entry["occurrence"]) - 1
        return spans[index] if 0 <= index < len(spans) else None
    if entry.get("prefix") or entry.get("suffix"):
        prefix, suffix = (
            fold_whitespace(entry.get("prefix") or ""),
            fold_whitespace(entry.get("suffix") or ""),
        )
        spans = [s for s in spans if _context_agrees(text, s, prefix, suffix)]
    return spans[0] if len(spans) == 1 else None


def _loose_occurrences(text: str, quote: str) -> list[tuple[int, int]]:
    """Where `quote` occurs in `text` when any run of whitespace may stand for any other."""
    if not quote.strip():
        return []
    parts = re.split(r"(\s+)", quote)
    pattern = re.compile("".join(r"\s+" if p.isspace() else re.escape(p) for p in parts if p))
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def _context_agrees(text: str, span: tuple[int, int], before: str, after: str) -> bool:
    start, end = span
    here_before = fold_whitespace(text[max(0, start - CONTEXT * 2) : start])
    here_after = fold_whitespace(text[end : end + CONTEXT * 2])
    return here_before.endswith(before) and here_after.startswith(after)


def _between_context(text: str, before: str, after: str, length: int) -> list[tuple[int, int]]:
    """New words that sit exactly where the old surroundings still stand, once each."""
    if not (before and after):
        return []
    starts = [m.end() for m in re.finditer(_loose(before), text)]
    ends = [m.start() for m in re.finditer(_loose(after), text)]
    spans = [(s, e) for s in starts for e in ends if 0 < e - s <= 2 * length + CONTEXT]
    spans = [strip_span(text, s, e) for s, e in spans]
    return [(s, e) for s, e in spans if s < e]  # nothing left between them: the words are gone


def _loose(words: str) -> str:
    return r"\s*".join(re.escape(w) for w in words.split())


def _select_occurrence(entry, text: str, quote: str, start: int) -> None:
    """Point the entry at `start` with an occurrence number (the old selector no longer does)."""
    for key in ("prefix", "suffix"):
        entry.pop(key, None)
    entry["occurrence"] = occurrences(text, quote).index(start) + 1


def _not_placed(name: str, quote: str, count: int) -> Problem:
    if count == 0:
        return QUOTE_GONE(
            file="",
            record=name,
            column="quote",
            expected="the words in the new text",
            found=quote,
            hint="edit the quote to the new words (or remove the entry), then run reanchor again",
        )
    return QUOTE_AMBIGUOUS(
        file="",
        record=name,
        column="quote",
        expected="one place in the new text",
        found=f"{count} places with the same words and surroundings",
        hint="add `occurrence: N` to the entry for the right place, then run reanchor again",
    )


def _where(problem: Problem, shown: str) -> Problem:
    return replace(problem, file=shown)
