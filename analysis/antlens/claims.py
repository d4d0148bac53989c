"""Stage 4 — claims: the curator's annotations anchored to the text and checked against it.

Each claim's quote is anchored in its source, its number is checked against the detector's
reading of the same words, and every mention ends up claimed, excluded or — only when the user
allows it — unreviewed. Checks that span sources (ids, citations, ranges) run over all claims.
"""

from __future__ import annotations

import bisect
import datetime
import math
import re
from dataclasses import dataclass, field

from antlens.anchors import DISAGREES, anchor_quote
from antlens.annotations import ANCHOR_KEYS, document_problems, entry_problems
from antlens.mentions import Mention, mention_columns, mention_id
from antlens.number_words import MAGNITUDE_SCALES
from antlens.problems import (
    ANCHOR_MISMATCH,
    BAD_SCALE,
    BAD_VALUE,
    DUPLICATE_ID,
    EXCLUSION_WITHOUT_MENTION,
    GARBLED_WITHOUT_SOURCE,
    INTERPRETATION_WITHOUT_FLAG,
    PERCENT_OUT_OF_RANGE,
    PERIOD_MISMATCH,
    QUALIFIER_MISSING,
    QUOTE_AMBIGUOUS,
    QUOTE_CROSSES_SENTENCE,
    QUOTE_NOT_FOUND,
    UNACCOUNTED_MENTION,
    UNIT_MISMATCH,
    UNKNOWN_CITATION,
    VALUE_MISMATCH,
    Problem,
)
from antlens.schemas import Schemas
from antlens.sentences import ends_with_stop, sentence_id
from antlens.suggest.periods import resolve, written_year

SCALE_WORDS = MAGNITUDE_SCALES  # a claim's `scale:` may be written as a word


@dataclass
class Curation:
    """What the claims stage makes of one source."""

    claims: list[dict] = field(default_factory=list)  # rows of the claims table
    details: list[dict] = field(default_factory=list)  # per claim: its keys beyond the table
    mentions: dict[str, list] = field(default_factory=dict)  # mentions columns, with status
    problems: list[Problem] = field(default_factory=list)
    todo: int = 0  # entries still waiting in the annotation's todo section


@dataclass
class _Source:
    schemas: Schemas
    source_id: str
    text: str
    sentence_starts: list[int]
    mentions: list[Mention]
    shown: str  # the annotation file, as named in problems
    published: datetime.date | None = None  # the registry's, to date a day without its year

    def __post_init__(self):
        self.mention_starts = [m.char_start for m in self.mentions]

    def sentence_index(self, offset: int) -> int:
        return max(bisect.bisect_right(self.sentence_starts, offset) - 1, 0)

    def sentence_of(self, offset: int) -> str:
        return sentence_id(self.source_id, self.sentence_index(offset))

    def mention_id(self, index: int) -> str:
        return mention_id(self.source_id, index)

    def inside(self, start: int, end: int) -> list[int]:
        """Indices of the mentions wholly inside [start, end)."""
        first = bisect.bisect_left(self.mention_starts, start)
        last = bisect.bisect_left(self.mention_starts, end, lo=first)
        return [i for i in range(first, last) if self.mentions[i].char_end <= end]

    def quote_dates(self, inside: list[int], start: int) -> dict[int, str]:
        """The period each date mention of a quote (`inside`, starting at `start`) gives. A date
        without a year ("Aug. 26", `--08-26`) takes the year its sentence writes, else the one
        of the source's published date, as suggestions resolve it; it stays as the detector
        reads it when neither is known."""
        dates = {i: self.mentions[i].date for i in inside if self.mentions[i].kind == "date"}
        dates = {i: date for i, date in dates.items() if date}
        if not any(date.startswith("--") for date in dates.values()):
            return dates
        sentence = self.sentence_index(start)
        bounds = self.sentence_starts[sentence : sentence + 2] + [len(self.text)]
        year = written_year(self.mentions, self.inside(bounds[0], bounds[1]))
        return {i: resolve(date, self.published, year) or date for i, date in dates.items()}


def curate(
    schemas: Schemas,
    source_id: str,
    text: str,
    sentence_starts: list[int],
    mentions: list[Mention],
    annotation: dict,
    shown: str,
    published: datetime.date | None = None,
) -> Curation:
    """Anchor and check every claim and exclusion of one source; account for every mention.
    `published` (the registry's date) dates a day or quarter the words give without a year."""
    source = _Source(schemas, source_id, text, sentence_starts, mentions, shown, published)
    result = Curation(problems=document_problems(schemas, annotation, source_id, shown))
    if not isinstance(annotation, dict):
        result.mentions = _mention_columns(source, {})
        return result
    result.todo = len(annotation.get("todo") or [])
    status: dict[int, tuple[str, str | None, str | None]] = {}
    for position, entry in enumerate(annotation.get("claims") or [], start=1):
        if row := _claim(source, result, status, entry, position):
            columns = source.schemas.columns("claims")
            result.claims.append({key: row.get(key) for key in columns})
            result.details.append({k: v for k, v in row.items() if k not in columns})
    for position, entry in enumerate(annotation.get("exclusions") or [], start=1):
        _exclusion(source, result, status, entry, position)
    result.mentions = _mention_columns(source, status)
    return result


def _claim(source: _Source, result: Curation, status: dict, entry, position: int) -> dict | None:
    problems = entry_problems(source.schemas, "claim", entry, position, source.shown)
    if problems:
        result.problems += problems
        return None
    claim_id = str(entry["claim_id"])
    span = _anchor(source, result, entry, claim_id)
    if span is None:
        return None
    if crossing := _sentence_problems(source, span, claim_id):
        result.problems += crossing
        return None
    inside = source.inside(*span)
    scale = _scale(source, result, entry.get("scale"), claim_id)
    problems_before = len(result.problems)
    value_index = _value_mention(source, result, entry, scale, inside, claim_id)
    dates = source.quote_dates(inside, span[0])
    period = _text(entry.get("period"))
    result.problems += _agreement_problems(source, entry, inside, value_index, claim_id)
    result.problems += _period_problems(source, dates, period, claim_id)
    # A claim whose value is in doubt covers all its quote's numbers, so that the one problem
    # is not reported again as unaccounted mentions.
    in_doubt = len(result.problems) > problems_before
    for index in inside:
        is_period = index in dates and _agrees(dates[index], period)
        if (index == value_index or is_period or in_doubt) and index not in status:
            status[index] = ("claimed", claim_id, None)
    value = entry.get("value")
    value = float(value) if isinstance(value, int | float) else None
    start, end = span
    return {
        **{key: value for key, value in entry.items() if key not in ANCHOR_KEYS},
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
        "period": period,
        "note": _undated_note(source, entry.get("note"), dates, period),
        "mention_id": None if value_index is None else source.mention_id(value_index),
    }


def _text(value) -> str | None:
    return None if value is None else str(value)


def _sentence_problems(source: _Source, span, record: str) -> list[Problem]:
    """A quote that runs on past its sentence's stop: a claim's provenance is one sentence. A
    boundary the splitter makes at a line end without a stop (a hard-wrapped text) does not end
    the statement, so a quote may run over it."""
    first, last = source.sentence_index(span[0]), source.sentence_index(span[1] - 1)
    starts = source.sentence_starts[first + 1 : last + 1]
    if not any(ends_with_stop(source.text[span[0] : start]) for start in starts):
        return []
    return [
        QUOTE_CROSSES_SENTENCE(
            file=source.shown,
            record=record,
            column="quote",
            expected=f"words inside sentence {source.sentence_of(span[0])}",
            found=_clip(source.text[span[0] : span[1]]),
        )
    ]


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
        problem = QUOTE_NOT_FOUND(
            file=source.shown,
            record=record,
            column="quote",
            expected=f"words that occur in source {source.source_id}",
            found=_clip(quote),
            hint="copy the words exactly (spaces, curly quotes and line breaks count)",
        )
    elif found.reason == DISAGREES:
        problem = ANCHOR_MISMATCH(
            file=source.shown,
            record=record,
            column="occurrence",
            expected="an occurrence whose surrounding words are the prefix/suffix",
            found=found.reason,
            hint="keep either occurrence or prefix/suffix, or make them pick the same place",
        )
    else:
        problem = QUOTE_AMBIGUOUS(
            file=source.shown,
            record=record,
            column="occurrence",
            expected="a quote that picks one place in the text",
            found=found.reason,
            hint=f"the quote occurs {found.count} times: add `occurrence: N` or a prefix/suffix",
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
        BAD_SCALE(
            file=source.shown,
            record=record,
            column="scale",
            expected="a positive number or one of " + ", ".join(SCALE_WORDS),
            found=repr(raw),
            hint="write a scale word (million) or a number (1e6)",
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
            GARBLED_WITHOUT_SOURCE(
                file=source.shown,
                record=record,
                column="interpretation",
                expected="a garbled numeral, an interpretation and an interpretation_source",
                found=found,
                hint="quote the garbled words; cite the observation that supports a reading",
            )
        )
        return None
    value = entry.get("value")
    if value is None:
        return None
    if not isinstance(value, int | float) or isinstance(value, bool):
        result.problems.append(
            BAD_VALUE(
                file=source.shown,
                record=record,
                column="value",
                expected="a number",
                found=repr(value),
                hint="write the number as the quote does (28.7), its scale word under `scale`",
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
        VALUE_MISMATCH(
            file=source.shown,
            record=record,
            column="value",
            expected=f"{value:g} × {scale:g}, as annotated, among the quote's numbers",
            found="; ".join(readings) or "no number in the quote",
            hint="make value and scale agree with the quote's words, or quote the right words",
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
        if mention.unit and unit in source.schemas.vocabulary("units") and mention.unit != unit:
            problems.append(
                UNIT_MISMATCH(
                    file=source.shown,
                    record=record,
                    column="unit",
                    expected=f"{mention.unit}, as the words {mention.text!r} say",
                    found=str(entry["unit"]),
                    hint="make the unit agree with the quote",
                )
            )
        qualifier = entry.get("qualifier") or "exact"
        if mention.kind != "date" and mention.qualifier != "exact" and qualifier == "exact":
            problems.append(
                QUALIFIER_MISSING(
                    file=source.shown,
                    record=record,
                    column="qualifier",
                    expected=f"a qualifier for the words {mention.text!r} ({mention.qualifier})",
                    found="exact",
                    hint="add the qualifier the words give (or the reading you take)",
                )
            )
    return problems


def _period_problems(source: _Source, dates: dict[int, str], period, record) -> list[Problem]:
    """A period that none of the quote's dates gives (`dates`, as `quote_dates` reads them)."""
    if not period or not dates or any(_agrees(d, period) for d in dates.values()):
        return []
    return [
        PERIOD_MISMATCH(
            file=source.shown,
            record=record,
            column="period",
            expected="the date the quote gives: "
            + ", ".join(_date_words(source, i, d) for i, d in dates.items()),
            found=period,
            hint="make the period agree with the quote's date, or quote other words",
        )
    ]


def _agrees(date: str, period: str | None) -> bool:
    """Whether `period` is the quote's `date`; a date left without a year ("--08-26") takes
    any year ("2020-08-26"), as the curator gives it."""
    if period is None:
        return False
    return date == period or (
        date.startswith("--") and re.fullmatch(r"\d{4}" + re.escape(date[1:]), period) is not None
    )


def _date_words(source: _Source, index: int, date: str) -> str:
    """A date of the quote for a problem, saying how a date without a year was read."""
    words = source.mentions[index].text
    if date.startswith("--"):
        return f"YYYY{date[1:]} ({words!r} names no year, the source no published date)"
    if source.mentions[index].date != date:
        return f"{date} ({words!r}, its year from the sentence or the published date)"
    return date


def _undated_note(source: _Source, note, dates: dict[int, str], period) -> str | None:
    """The curator's note, and that the period's year is the curator's alone where the quote's
    date names none and the source has no published date to take one from."""
    undated = [
        source.mentions[i].text
        for i, d in dates.items()
        if d.startswith("--") and _agrees(d, period)
    ]
    if not undated:
        return None if note is None else str(note)
    said = f"Period {period} as curated: {undated[0]!r} names no year, the source no date."
    return f"{note} {said}" if note else said


def _same(a: float | None, b: float) -> bool:
    return a is not None and math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def _exclusion(source: _Source, result: Curation, status: dict, entry, position: int) -> None:
    problems = entry_problems(source.schemas, "exclusion", entry, position, source.shown)
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
            EXCLUSION_WITHOUT_MENTION(
                file=source.shown,
                record=record,
                column="quote",
                expected="a number the detector found and no claim took",
                found="none",
                hint="remove the exclusion, or quote the number's words",
            )
        )
    for index in inside:
        status[index] = ("excluded", None, str(entry["reason"]))


def _mention_columns(source: _Source, status: dict) -> dict[str, list]:
    """The `mentions` columns of one source: what was detected, and what became of it."""
    unreviewed = tuple(UNREVIEWED.values())
    states = [status.get(i, unreviewed) for i in range(len(source.mentions))]
    columns = mention_columns(source.source_id, source.mentions, source.sentence_starts)
    return columns | {name: [s[n] for s in states] for n, name in enumerate(UNREVIEWED)}


# The review columns of a mention nobody has claimed or excluded (what the build, the interim
# store and the batch scan all give such a mention).
UNREVIEWED = {"status": "unreviewed", "claim_id": None, "exclusion_reason": None}


def unaccounted_problems(mention_rows, troubled: set[str], shown_of) -> list[Problem]:
    """Mentions no claim or exclusion covers, in sources whose annotations are otherwise sound
    (a broken claim's numbers would be reported twice). `shown_of` names a source's file."""
    import polars as pl

    unreviewed = mention_rows.filter(
        (pl.col("status") == "unreviewed") & ~pl.col("source_id").is_in(sorted(troubled))
    )
    return [
        UNACCOUNTED_MENTION(
            file=shown_of(row["source_id"]),
            record=mention_id(row["source_id"], row["index"]),
            column="text",
            expected="a claim or an exclusion that covers it",
            found=f"{row['text']!r} at characters {row['char_start']}-{row['char_end']}",
        )
        for row in unreviewed.iter_rows(named=True)
    ]


def cross_source_problems(claims: list[dict], cited, shown_of) -> list[Problem]:
    """Checks that span sources: unique ids, cited observations (`cited`: observation id →
    observation, or None when external data did not load), flags, percentages in range."""
    problems, seen = [], {}
    for claim in claims:
        shown, record = shown_of(claim["source_id"]), claim["claim_id"]
        if record in seen:
            found = f"also used in {seen[record]}"
            problems.append(DUPLICATE_ID(file=shown, record=record, column="claim_id", found=found))
        seen[record] = shown
        problems += _citation_problems(claim, cited, shown)
        value = claim.get("value")
        if claim.get("unit") == "percent" and value is not None and not 0 <= value <= 100:
            problems.append(
                PERCENT_OUT_OF_RANGE(file=shown, record=record, column="value", found=f"{value:g}")
            )
    return problems


def _citation_problems(claim: dict, cited, shown: str) -> list[Problem]:
    record, source = claim["claim_id"], claim.get("interpretation_source")
    problems = []
    if source and cited is not None and source not in cited:
        problems.append(
            UNKNOWN_CITATION(
                file=shown,
                record=record,
                column="interpretation_source",
                found=source,
                hint="cite an external observation, e.g. ant_prospectus/alipay-mau-2020-06",
            )
        )
    if bool(claim.get("interpretation")) != bool(claim.get("flag")):
        problems.append(
            INTERPRETATION_WITHOUT_FLAG(
                file=shown,
                record=record,
                column="interpretation",
                expected="an interpretation only for flagged (garbled, ambiguous) words",
                found=str(claim.get("interpretation") or "no interpretation"),
            )
        )
    return problems


def _clip(words: str, width: int = 60) -> str:
    return words if len(words) <= width else words[: width - 1] + "…"
