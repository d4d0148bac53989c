"""Stage 4 — claims: the curator's annotations anchored to the text and checked against it.

`data/annotations/<source_id>.yaml` lists, per source, the claims (each written with its quote, not
its offsets) and the exclusions (numbers that are not statements, with a reason). Here each quote
is anchored, its number is checked against the detector's reading of the same words, and every
mention ends up claimed, excluded or — only when the user allows it — unreviewed.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass, field

from antlens.anchors import anchor_quote
from antlens.config import Paths
from antlens.mentions import Mention, mention_columns
from antlens.problems import Problem
from antlens.schemas import vocabulary
from antlens.sentences import sentence_id
from antlens.yamlio import read_yaml

SCALE_WORDS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_ANCHOR_KEYS = {"quote", "occurrence", "prefix", "suffix"}
# Keys a claim may carry beyond the claims table: theme details (segment for income_mix, licence
# for licence_breadth, event for the timeline, population/measure for population_coverage) and
# the external observations to set beside the claim (compare_with).
THEME_KEYS = {"segment", "licence", "event", "population", "measure", "compare_with"}
CLAIM_KEYS = (
    _ANCHOR_KEYS
    | THEME_KEYS
    | {
        "claim_id",
        "topic",
        "entity",
        "metric",
        "value",
        "unit",
        "scale",
        "qualifier",
        "period",
        "flag",
        "interpretation",
        "interpretation_source",
        "note",
    }
)
EXCLUSION_KEYS = _ANCHOR_KEYS | {"reason"}
# `todo` holds the mentions `antlens ingest` listed for review; the build counts what is left.
DOCUMENT_KEYS = ("source_id", "claims", "exclusions", "todo")


@dataclass
class Curation:
    """What the claims stage makes of one source."""

    claims: list[dict] = field(default_factory=list)  # claims rows, plus theme keys
    mentions: dict[str, list] = field(default_factory=dict)  # mentions columns, with status
    problems: list[Problem] = field(default_factory=list)
    todo: int = 0  # entries still waiting in the annotation's todo section


@dataclass
class _Source:
    source_id: str
    text: str
    sentence_starts: list[int]
    mentions: list[Mention]
    shown: str  # the annotation file, as named in problems

    def __post_init__(self):
        self.mention_starts = [m.char_start for m in self.mentions]

    def sentence_index(self, offset: int) -> int:
        return max(bisect.bisect_right(self.sentence_starts, offset) - 1, 0)

    def sentence_of(self, offset: int) -> str:
        return sentence_id(self.source_id, self.sentence_index(offset))

    def mention_id(self, index: int) -> str:
        return f"{self.source_id}-m{index:04d}"

    def inside(self, start: int, end: int) -> list[int]:
        """Indices of the mentions wholly inside [start, end)."""
        first = bisect.bisect_left(self.mention_starts, start)
        last = bisect.bisect_left(self.mention_starts, end, lo=first)
        return [i for i in range(first, last) if self.mentions[i].char_end <= end]


def annotation_path(paths: Paths, source_id: str):
    return paths.annotations / f"{source_id}.yaml"


def annotation_file(paths: Paths, source_id: str) -> str:
    """A source's annotation file as problems name it: relative to the repository root."""
    return paths.relative(annotation_path(paths, source_id))


def load_annotation(paths: Paths, source_id: str) -> dict:
    """The annotation document of a source; an empty one when the file does not exist yet."""
    path = annotation_path(paths, source_id)
    if not path.exists():
        return {}
    return read_yaml(path, paths.relative(path)) or {}


def curate(
    source_id: str,
    text: str,
    sentence_starts: list[int],
    mentions: list[Mention],
    annotation: dict,
    shown: str,
) -> Curation:
    """Anchor and check every claim and exclusion of one source; account for every mention."""
    source = _Source(source_id, text, sentence_starts, mentions, shown)
    result = Curation(problems=_document_problems(annotation, source))
    if not isinstance(annotation, dict):
        result.mentions = _mention_columns(source, {})
        return result
    result.todo = len(annotation.get("todo") or [])
    status: dict[int, tuple[str, str | None, str | None]] = {}
    for position, entry in enumerate(annotation.get("claims") or [], start=1):
        if row := _claim(source, result, status, entry, position):
            result.claims.append(row)
    for position, entry in enumerate(annotation.get("exclusions") or [], start=1):
        _exclusion(source, result, status, entry, position)
    result.mentions = _mention_columns(source, status)
    return result


def _document_problems(annotation, source: _Source) -> list[Problem]:
    """The top level of an annotation file: its own source id, and only the known sections."""
    if not isinstance(annotation, dict):
        return [
            Problem(
                "bad-record",
                source.shown,
                "file",
                "",
                "a mapping of sections",
                type(annotation).__name__,
            )
        ]
    problems = [
        Problem(
            "unknown-field",
            source.shown,
            "file",
            key,
            "one of " + ", ".join(DOCUMENT_KEYS),
            key,
            "check the spelling of the section",
        )
        for key in annotation
        if key not in DOCUMENT_KEYS
    ]
    if annotation and annotation.get("source_id") != source.source_id:
        problems.append(
            Problem(
                "wrong-source",
                source.shown,
                "file",
                "source_id",
                source.source_id,
                str(annotation.get("source_id")),
                "name the source this file annotates",
            )
        )
    return problems


def _claim(source: _Source, result: Curation, status: dict, entry, position: int) -> dict | None:
    required = ("claim_id", "quote", "topic")
    problems = _shape_problems(entry, CLAIM_KEYS, required, f"claims entry {position}", source)
    if problems:
        result.problems += problems
        return None
    claim_id = str(entry["claim_id"])
    span = _anchor(source, result, entry, claim_id)
    if span is None:
        return None
    inside = source.inside(*span)
    scale = _scale(source, result, entry.get("scale"), claim_id)
    problems_before = len(result.problems)
    value_index = _value_mention(source, result, entry, scale, inside, claim_id)
    result.problems += _agreement_problems(source, entry, inside, value_index, claim_id)
    # A claim whose value is in doubt covers all its quote's numbers, so that the one problem
    # is not reported again as unaccounted mentions.
    in_doubt = len(result.problems) > problems_before
    for index in inside:
        mention = source.mentions[index]
        is_period = mention.kind == "date" and mention.date == _text(entry.get("period"))
        if (index == value_index or is_period or in_doubt) and index not in status:
            status[index] = ("claimed", claim_id, None)
    value = entry.get("value")
    value = float(value) if isinstance(value, int | float) else None
    start, end = span
    return {
        **{key: entry.get(key) for key in CLAIM_KEYS - _ANCHOR_KEYS},
        "claim_id": claim_id,
        "source_id": source.source_id,
        "sentence_id": source.sentence_of(start),
        "char_start": start,
        "char_end": end,
        "quote": source.text[start:end],
        "value": value,
        "scale": scale,
        "value_base": value * scale if value is not None else None,
        "qualifier": entry.get("qualifier") or "exact",
        "period": _text(entry.get("period")),
        "mention_id": None if value_index is None else source.mention_id(value_index),
    }


def _text(value) -> str | None:
    return None if value is None else str(value)


def _shape_problems(entry, allowed, required, where: str, source: _Source) -> list[Problem]:
    if not isinstance(entry, dict):
        return [
            Problem(
                "bad-record",
                source.shown,
                where,
                "",
                "a mapping of keys",
                repr(entry),
                "write the entry as `- key: value` lines",
            )
        ]
    record = str(entry.get("claim_id") or entry.get("quote") or where)
    problems = [
        Problem(
            "missing-field",
            source.shown,
            record,
            key,
            "a value",
            "nothing",
            f"add `{key}:` to the entry",
        )
        for key in required
        if entry.get(key) in (None, "")
    ]
    problems += [
        Problem(
            "unknown-field",
            source.shown,
            record,
            key,
            "one of " + ", ".join(sorted(allowed)),
            key,
            "check the spelling of the key",
        )
        for key in entry
        if key not in allowed
    ]
    return problems + [
        Problem("bad-field", source.shown, record, key, expected, repr(entry[key]))
        for key, (expected, fits) in _SHAPES.items()
        if entry.get(key) is not None and not fits(entry[key], entry)
    ]


# The keys whose value must have a particular shape, with what is expected and a test.
_SHAPES = {
    "occurrence": (
        "a whole number from 1",
        lambda v, _: isinstance(v, int) and not isinstance(v, bool) and v >= 1,
    ),
    "licence": (
        "a mapping with kind, sector and status (and since, optional)",
        lambda v, _: isinstance(v, dict) and {"kind", "sector", "status"} <= set(v),
    ),
    "compare_with": (
        "a list of observation ids, or of mappings with `observation`",
        lambda v, _: isinstance(v, list) and all(isinstance(e, str | dict) for e in v),
    ),
    "event": ("an event with a period (the date it happened)", lambda _, e: bool(e.get("period"))),
}


def _anchor(source: _Source, result: Curation, entry, record: str) -> tuple[int, int] | None:
    quote = str(entry["quote"])
    found = anchor_quote(
        source.text,
        quote,
        entry.get("occurrence"),
        entry.get("prefix") or "",
        entry.get("suffix") or "",
    )
    if found.start is not None:
        return found.start, found.end
    if found.count == 0 and found.reason == "not found":
        problem = Problem(
            "quote-not-found",
            source.shown,
            record,
            "quote",
            f"words that occur in source {source.source_id}",
            _clip(quote),
            "copy the words exactly from the source (spaces, curly quotes and line breaks count)",
        )
    else:
        problem = Problem(
            "quote-ambiguous",
            source.shown,
            record,
            "occurrence",
            "a quote that picks one place in the text",
            found.reason,
            f"the quote occurs {found.count} times: add `occurrence: N` or a prefix/suffix",
        )
    result.problems.append(problem)
    return None


def _scale(source: _Source, result: Curation, raw, record: str) -> float:
    if raw is None:
        return 1.0
    if isinstance(raw, int | float) and not isinstance(raw, bool) and raw > 0:
        return float(raw)
    if str(raw) in SCALE_WORDS:
        return SCALE_WORDS[str(raw)]
    result.problems.append(
        Problem(
            "bad-scale",
            source.shown,
            record,
            "scale",
            "a positive number or one of " + ", ".join(SCALE_WORDS),
            repr(raw),
            "write a scale word (million) or a number (1e6)",
        )
    )
    return 1.0


def _value_mention(source, result, entry, scale, inside, record) -> int | None:
    """The mention in the quote that carries the claim's value; a problem when none does."""
    mentions = source.mentions
    if entry.get("flag") == "garbled":
        garbled = [i for i in inside if mentions[i].flag == "garbled"]
        if garbled and entry.get("interpretation") and entry.get("interpretation_source"):
            return garbled[0]
        found = ", ".join(mentions[i].text for i in inside) or "no numeral in the quote"
        result.problems.append(
            Problem(
                "garbled-without-source",
                source.shown,
                record,
                "interpretation",
                "a garbled numeral in the quote, an interpretation and an interpretation_source",
                found,
                "quote the garbled words and cite the external observation that supports a reading",
            )
        )
        return None
    value = entry.get("value")
    if value is None:
        return None
    if not isinstance(value, int | float) or isinstance(value, bool):
        result.problems.append(
            Problem(
                "bad-value",
                source.shown,
                record,
                "value",
                "a number",
                repr(value),
                "write the number as the quote does (28.7), its scale word under `scale`",
            )
        )
        return None
    for i in inside:
        if _same(mentions[i].value, value) and _same(mentions[i].scale, scale):
            return i
    readings = [
        f"{mentions[i].text!r} = {mentions[i].value:g} × {mentions[i].scale:g}"
        for i in inside
        if mentions[i].value is not None
    ]
    result.problems.append(
        Problem(
            "value-mismatch",
            source.shown,
            record,
            "value",
            f"{value:g} × {scale:g}, as annotated, among the quote's numbers",
            "; ".join(readings) or "no number in the quote",
            "make value and scale agree with the quote's words, or quote the right words",
        )
    )
    return None


def _agreement_problems(source: _Source, entry: dict, inside, value_index, record) -> list:
    """What the quote's own words say against the annotation: its unit, a bound or an
    approximation the annotation leaves out, and a date other than the annotated period."""
    problems = []
    mentions = source.mentions
    if value_index is not None:
        mention = mentions[value_index]
        unit = entry.get("unit")
        # An unknown unit is the schema's to report; a known one must be the quote's.
        if mention.unit and unit in vocabulary("units") and mention.unit != unit:
            problems.append(
                Problem(
                    "unit-mismatch",
                    source.shown,
                    record,
                    "unit",
                    f"{mention.unit}, as the words {mention.text!r} say",
                    str(entry["unit"]),
                    "make the unit agree with the quote",
                )
            )
        qualifier = entry.get("qualifier") or "exact"
        if mention.kind != "date" and mention.qualifier != "exact" and qualifier == "exact":
            problems.append(
                Problem(
                    "qualifier-missing",
                    source.shown,
                    record,
                    "qualifier",
                    f"a qualifier for the words {mention.text!r} ({mention.qualifier})",
                    "exact",
                    "add the qualifier the words give (or the reading you take)",
                )
            )
    dates = [mentions[i].date for i in inside if mentions[i].kind == "date" and mentions[i].date]
    period = _text(entry.get("period"))
    if period and dates and period not in dates:
        problems.append(
            Problem(
                "period-mismatch",
                source.shown,
                record,
                "period",
                "the date the quote gives: " + ", ".join(dates),
                period,
                "make the period agree with the quote's date",
            )
        )
    return problems


def _same(a: float | None, b: float) -> bool:
    return a is not None and math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def _exclusion(source: _Source, result: Curation, status: dict, entry, position: int) -> None:
    where = f"exclusions entry {position}"
    problems = _shape_problems(entry, EXCLUSION_KEYS, ("quote", "reason"), where, source)
    if problems:
        result.problems += problems
        return
    record = f"exclusion {_clip(str(entry['quote']))!r}"
    span = _anchor(source, result, entry, record)
    if span is None:
        return
    inside = [i for i in source.inside(*span) if i not in status]
    if not inside:
        result.problems.append(
            Problem(
                "exclusion-without-mention",
                source.shown,
                record,
                "quote",
                "a number the detector found and no claim took",
                "none",
                "remove the exclusion, or quote the number's words",
            )
        )
    for index in inside:
        status[index] = ("excluded", None, str(entry["reason"]))


def _mention_columns(source: _Source, status: dict) -> dict[str, list]:
    """The `mentions` columns of one source: what was detected, and what became of it."""
    states = [status.get(i, _UNREVIEWED) for i in range(len(source.mentions))]
    return {
        **mention_columns(source.source_id, source.mentions, source.sentence_starts),
        "status": [state[0] for state in states],
        "claim_id": [state[1] for state in states],
        "exclusion_reason": [state[2] for state in states],
    }


_UNREVIEWED = ("unreviewed", None, None)


def unaccounted_problem(shown: str, row: dict) -> Problem:
    """The problem of a mention that is neither claimed nor excluded."""
    return Problem(
        "unaccounted-mention",
        shown,
        f"{row['source_id']}-m{row['index']:04d}",
        "text",
        "a claim or an exclusion that covers it",
        f"{row['text']!r} at characters {row['char_start']}-{row['char_end']}",
        "add a claim or an exclusion for it, or build with --allow-unaccounted",
    )


def _clip(words: str, width: int = 60) -> str:
    return words if len(words) <= width else words[: width - 1] + "…"
