"""Suggested curation: for every number the detector found, a claim or an exclusion to review.

`suggest(text, published, mentions, sentences, schemas)` is a pure function: from the article's
text and date, the detector's mentions, the sentence spans and the schemas' vocabularies it
makes one `Suggestion` per mention — a claim with its quote widened to the clause that carries
the statement, value, scale, unit, qualifier, period, topic, entity, metric and id, or an
exclusion with its reason (bylines, captions, tickers, page counters, section numbers, a
bracketed conversion, an exchange rate, a headline printed twice). A suggestion is only that
until a person accepts it (`antlens.curate`); the stub keeps them under `todo:`, each marked
`suggested:`, and the build counts them as left to review.
"""

from __future__ import annotations

import bisect
import datetime
from collections import defaultdict
from dataclasses import dataclass, field, replace

from antlens.anchors import occurrences
from antlens.mentions import Mention
from antlens.schemas import Schemas
from antlens.suggest import spans, words
from antlens.suggest.periods import Dating, sentence_datings
from antlens.suggest.rules import REASONS, conversion_span, exclusion_reasons

__all__ = ["REASONS", "Suggestion", "Suggestions", "suggest"]

_SCALE_NAMES = {1e3: "thousand", 1e6: "million", 1e9: "billion", 1e12: "trillion"}
_LEADING_DATE = ("in", "as", "by", "at", "during", "for", "since", "last", "this", "on", "over")


@dataclass(frozen=True)
class Suggestion:
    """What to do with one mention: `action` "claim" or "exclusion", and the annotation entry
    it would add, exactly as it would be written under `claims:` or `exclusions:`."""

    mention: int  # index of the mention in the detector's list
    action: str
    entry: dict
    unit_addition: str | None = None  # a counted noun the vocabulary has no unit for
    # A date another suggested claim's quote holds as its period: decided with that claim (the
    # mention index here), and an exclusion of its own only if that claim is not accepted.
    covered_by: int | None = None


@dataclass
class Suggestions:
    """Every suggestion of a text, in mention order, and the units they would add."""

    items: list[Suggestion] = field(default_factory=list)

    @property
    def unit_additions(self) -> list[str]:
        return sorted({s.unit_addition for s in self.items if s.unit_addition})


@dataclass
class _Text:
    text: str
    mentions: list[Mention]
    sentences: list[tuple[int, int]]
    published: datetime.date | None
    schemas: Schemas

    def __post_init__(self):
        starts = [s for s, _ in self.sentences]
        self.sentence_of = [
            max(bisect.bisect_right(starts, m.char_start) - 1, 0) for m in self.mentions
        ]
        self.lines = _lines(self.text)
        line_starts = [s for s, _ in self.lines]
        self.line_of = [
            max(bisect.bisect_right(line_starts, m.char_start) - 1, 0) for m in self.mentions
        ]
        self.by_sentence = defaultdict(list)
        for index, sentence in enumerate(self.sentence_of):
            self.by_sentence[sentence].append(index)
        self.starts = [m.char_start for m in self.mentions]

    def in_sentence(self, sentence: int) -> list[int]:
        return self.by_sentence.get(sentence, [])

    def indices_within(self, bounds: tuple[int, int]) -> range:
        """The mentions that start inside `bounds`, found by bisection, so that a long article
        stays linear."""
        first = bisect.bisect_left(self.starts, bounds[0])
        return range(first, bisect.bisect_left(self.starts, bounds[1], lo=first))

    def spans_within(self, bounds: tuple[int, int], skip: int) -> list[tuple[int, int]]:
        """The spans of the mentions that start inside `bounds`, but mention `skip`'s."""
        return [self.span(i) for i in self.indices_within(bounds) if i != skip]

    def span(self, index: int) -> tuple[int, int]:
        mention = self.mentions[index]
        return mention.char_start, mention.char_end


def suggest(
    text: str,
    published: datetime.date | None,
    mentions: list[Mention],
    sentences: list[tuple[int, int]],
    schemas: Schemas,
    taken_ids: frozenset[str] | set[str] = frozenset(),
    only: set[int] | None = None,
) -> Suggestions:
    """A suggestion for each mention (or each of the indices in `only`); claim ids avoid
    `taken_ids` (the ids other claims have) and each other."""
    source = _Text(text, mentions, sentences, published, schemas)
    reasons = exclusion_reasons(text, mentions, source.lines, source.line_of)
    taken = _Taken(taken_ids)
    by_mention: dict[int, Suggestion] = {}
    for sentence in sorted(set(source.sentence_of)):
        inside = source.in_sentence(sentence)
        by_mention |= _sentence_suggestions(source, sentence, inside, reasons, taken)
    items = [by_mention[i] for i in sorted(by_mention) if only is None or i in only]
    return Suggestions(items)


def _sentence_suggestions(source: _Text, sentence: int, inside, reasons, taken) -> dict:
    text, mentions = source.text, source.mentions
    bounds = source.sentences[sentence] if source.sentences else (0, len(text))
    bounds = (min(bounds[0], *(mentions[i].char_start for i in inside)), bounds[1])
    datings = sentence_datings(text, bounds, mentions, inside, source.published)
    clauses = spans.segments(text, *bounds)
    figures = [i for i in inside if i not in reasons and mentions[i].kind != "date"]
    result: dict[int, Suggestion] = {}
    periods_used: dict[int, list[str]] = {}  # date mention → claims it dates
    covered: dict[int, int] = {}  # date mention → the figure whose claim quote holds it
    earlier = None  # the metric, kind and unit of the sentence's figure before
    for index in figures:
        suggestion, dating, kept = _claim(
            source, index, bounds, clauses, figures, datings, taken, earlier
        )
        result[index] = suggestion
        mention = source.mentions[index]
        earlier = (suggestion.entry["metric"], mention.kind, mention.unit)
        covered |= {date: index for date in kept if date not in covered}
        if dating is not None and dating.mention is not None:
            periods_used.setdefault(dating.mention, []).append(suggestion.entry["claim_id"])
    for index in inside:
        if index in reasons:
            result[index] = _exclusion(source, index, bounds, reasons[index])
        elif mentions[index].kind == "date":
            if index in periods_used or index in covered:
                dated = ", ".join(
                    periods_used.get(index) or [result[covered[index]].entry["claim_id"]]
                )
                reason = f"Gives the period of {dated}, not a statement of its own."
                exclusion = _exclusion(source, index, bounds, reason)
                result[index] = replace(exclusion, covered_by=covered.get(index))
            else:
                dating = next((d for d in datings if d.mention == index), None)
                result[index] = _date_claim(source, index, bounds, clauses, figures, dating, taken)
    return result


def _claim(source: _Text, index: int, bounds, clauses, figures, datings, taken, earlier):
    """A claim for a figure: its clause, its period and what it is about. Also the dating it
    took its period from and the date mentions its quote holds."""
    text, mention = source.text, source.mentions[index]
    figure = _figure(source, index)
    segment_at = next(
        (n for n, (s, e) in enumerate(clauses) if s <= figure[0] < e), len(clauses) - 1
    )
    segment = clauses[segment_at]
    others = _other_figures(source, index, figures, segment)
    span = spans.clause(text, segment, figure, others, dated=mention.kind == "duration")
    if not others:  # "Two years ago, | Mr Ma largely disappeared from view"
        span = _with_next_clause(source, span, segment, clauses, figure, figures)
    if segment_at > 0 and spans.bare(text, segment, [figure, *others]):
        # a list item alone in its clause ("…were 1.08%, 1.43% and 1.56%"): the words that
        # lead into the list belong to its quote
        span = (spans.lead_in(text, clauses[segment_at - 1][0], figure[0]), span[1])
    dating = _period_dating(text, datings, span, clauses, segment_at, figure)
    period = dating.period if dating else None
    opening = dating is not None and dating.start < span[0] and segment_at == 1 and not others
    if opening and not any(source.span(i)[0] < span[0] for i in figures if i != index):
        span = (clauses[0][0], span[1])  # "In the first half of 2019, … 28.7 billion yuan"
    # Each date mention as the period it gives ("Aug. 26" with the article's year), as the
    # build reads it: a quote may hold its own period's date, never another.
    dates = {d.mention: d.period for d in datings if d.mention is not None}
    away = _kept_out(source, index, span, period, dates)
    span = spans.tidy(text, *spans.shrink(span, figure, away))
    keep_out = away + [
        source.span(i) for i in figures if i != index and _same_figure(source, i, index)
    ]
    start, end, occurrence = spans.unique(text, span, bounds, keep_out)
    quote, sentence = text[start:end], text[bounds[0] : bounds[1]]
    kept = {
        i
        for i in source.indices_within((start, end))
        if source.mentions[i].kind == "date"
        and source.mentions[i].char_end <= end
        and dates.get(i, source.mentions[i].date) == period
    }
    unit, unit_addition = _unit(source.schemas, mention)
    entity = words.entity(sentence, figure[0] - bounds[0])
    topic = words.topic(source.schemas.vocabulary("signals"), quote, sentence, mention)
    number = (mention.char_start - start, mention.char_end - start)
    # A list measures one thing: "… were 1.08%, 1.43% and 1.56%".
    alike = earlier and earlier[1:] == (mention.kind, mention.unit)
    metric = words.metric(quote, number, mention.counted, earlier[0] if alike else None)
    theme = _theme_fields(source.schemas, topic, quote, sentence)
    if topic == "licence_breadth" and not theme:
        topic = "regulation"  # a licence without a sector the words name is not the table's
    if topic == "timeline":
        topic, theme = _timeline(quote, period)
    entry = {
        "claim_id": _new_id(taken, entity, metric, period),
        "quote": quote,
        **({"occurrence": occurrence} if occurrence else {}),
        "topic": topic,
        "entity": entity,
        "metric": metric,
        **_number_fields(mention, unit),
        **({"period": period} if period else {}),
        **theme,
    }
    if mention.flag:
        entry["flag"] = mention.flag
    return Suggestion(index, "claim", entry, unit_addition), dating, kept


def _unit(schemas: Schemas, mention: Mention) -> tuple[str | None, str | None]:
    """(unit, unit to add to the vocabulary): the detector's unit, else the noun it read as
    counted ("40 lifestyle mini-programs" -> mini-programs), a unit if the vocabulary has it
    and a suggested addition if not."""
    if mention.unit is not None or not mention.counted or mention.value is None:
        return mention.unit, None
    noun = mention.counted.split()[-1].lower()
    return (noun, None) if noun in schemas.vocabulary("units") else (None, noun)


def _with_next_clause(source: _Text, span, segment, clauses, figure, figures):
    """A span of three words at most, all its clause ("In 1992, | Ma Yun set up a small
    enterprise"), widened to the next clause when no figure stands there: that clause says what
    the number dates or measures."""
    following = next((c for c in clauses if c[0] >= segment[1]), None)
    if following is None or len(source.text[span[0] : span[1]].split()) > 3:
        return span
    if any(following[0] <= source.span(i)[0] < following[1] for i in figures):
        return span
    return span[0], spans.clause(source.text, (segment[0], following[1]), figure, [])[1]


def _figure(source: _Text, index: int) -> tuple[int, int]:
    """The figure's span, with a bracketed conversion after it ("Rmb18bn ($2.6bn)")."""
    start, end = source.span(index)
    following = index + 1
    if following < len(source.mentions):
        rest = source.text[end : source.mentions[following].char_start]
        if rest.strip() in ("(", "(about", "(around", "(approximately") and source.text[
            source.mentions[following].char_end :
        ].lstrip().startswith(")"):
            end = conversion_span(source.text, source.mentions[following])[1]
    return start, end


def _other_figures(source: _Text, index: int, figures: list[int], segment) -> list:
    """The spans of the segment's other figures, a range's other bound left out (a range is one
    statement in two mentions: "$200bn to $300bn")."""
    mention = source.mentions[index]
    result = []
    for other in figures:
        if other == index:
            continue
        start, end = source.span(other)
        if not (segment[0] <= start < segment[1]):
            continue
        if _range_partners(source, index, other) or _range_partners(source, other, index):
            continue
        if mention.char_start < start < _figure(source, index)[1]:
            continue  # the conversion in brackets belongs to the figure
        result.append((start, end))
    return result


def _range_partners(source: _Text, low: int, high: int) -> bool:
    a, b = source.mentions[low], source.mentions[high]
    between = source.text[a.char_end : b.char_start]
    bounds = a.qualifier == "at_least" and b.qualifier == "at_most" and len(between) <= 6
    spelt = between.strip().lower() in ("to", "-", "–", "~", "and") and a.unit == b.unit
    return high == low + 1 and (bounds or spelt)


def _same_figure(source: _Text, one: int, other: int) -> bool:
    a, b = source.mentions[one], source.mentions[other]
    return a.value == b.value and a.scale == b.scale


def _period_dating(text, datings: list[Dating], span, clauses, segment_at, figure):
    """The period of a clause: a dating inside it (the nearest to its figure), else one in the
    clause's own words, else one that opens the sentence ("In 2019, …", "Last year, …") or
    closes it ("… in 2019")."""
    inside = [d for d in datings if span[0] <= d.start and d.end <= span[1]]
    if inside:
        return min(inside, key=lambda d: min(abs(d.start - figure[1]), abs(figure[0] - d.end)))
    segment = clauses[segment_at]
    beside = [d for d in datings if segment[0] <= d.start and d.end <= segment[1]]
    if beside:  # in the clause's own words, cut off between figures or after "said"
        return min(beside, key=lambda d: min(abs(d.start - span[1]), abs(span[0] - d.end)))
    first, last = clauses[0], clauses[-1]
    for dating in datings:
        opens = first[0] <= dating.start < first[1] and segment_at > 0
        if opens and text[first[0] : dating.start].strip().lower() in ("", *_LEADING_DATE):
            return dating
        if opens and text[first[0] : first[1]].split()[0].lower() in _LEADING_DATE:
            return dating
        closes = last[0] <= dating.start and segment_at < len(clauses) - 1
        if closes and len(text[last[0] : last[1]].split()) <= 6:
            return dating
    return None


def _kept_out(source: _Text, index: int, span, period: str | None, dates: dict) -> list:
    """Mentions the quote must not hold: a date other than the claim's period (`dates`: the
    period each date mention gives; the build would read it as the period), and the same
    figure before this one (it would be read instead)."""
    away, mention = [], source.mentions[index]
    for other in source.indices_within(span):
        m = source.mentions[other]
        if other == index or m.char_end > span[1]:
            continue
        other_date = m.kind == "date" and dates.get(other, m.date) != period
        earlier_same = _same_figure(source, other, index) and m.char_start < mention.char_start
        if other_date or earlier_same:
            away.append((m.char_start, m.char_end))
    return away


def _date_claim(source: _Text, index: int, bounds, clauses, figures, dating, taken) -> Suggestion:
    """A timeline claim for a date no figure's claim takes: the clause around it as its event."""
    text, mention = source.text, source.mentions[index]
    segment = next((c for c in clauses if c[0] <= mention.char_start < c[1]), bounds)
    others = [source.span(i) for i in figures if segment[0] <= source.span(i)[0] < segment[1]]
    span = spans.clause(text, segment, source.span(index), others)
    if not others:
        span = _with_next_clause(source, span, segment, clauses, source.span(index), figures)
    start, end, occurrence = spans.unique(text, span, bounds, others)
    quote, sentence = text[start:end], text[bounds[0] : bounds[1]]
    period = dating.period if dating else None
    entity = words.entity(sentence, mention.char_start - bounds[0])
    topic, event = _timeline(quote, period)
    entry = {
        "claim_id": _new_id(taken, entity, "date", period or mention.date),
        "quote": quote,
        **({"occurrence": occurrence} if occurrence else {}),
        "topic": topic,
        "entity": entity,
        "metric": "date",
        **_number_fields(mention, "date"),
        **({"period": period} if period else {}),
        **event,
    }
    return Suggestion(index, "claim", entry)


def _timeline(quote: str, period: str | None) -> tuple[str, dict]:
    """(topic, event field) of a claim about when something happened: on the timeline, with the
    clause as its event, where the words give a date; undated history where they do not (the
    timeline places every event at its date)."""
    if period is None:
        return "history", {}
    return "timeline", {"event": " ".join(quote.split())}


def _exclusion(source: _Text, index: int, bounds, reason: str) -> Suggestion:
    text, mention = source.text, source.mentions[index]
    span = source.span(index)
    if reason == REASONS["conversion"]:
        span = conversion_span(text, mention)
    line = source.lines[source.line_of[index]]
    others = source.spans_within(line, index)
    start, end, occurrence = spans.unique(text, span, line, others)
    if occurrence and text[line[0] : line[1]].strip() == mention.text:
        wider = (max(line[0] - 1, 0), min(line[1] + 1, len(text)))  # a number alone on its line
        if len(occurrences(text, text[wider[0] : wider[1]])) == 1:
            start, end, occurrence = wider[0], wider[1], None
    entry = {"quote": text[start:end], **({"occurrence": occurrence} if occurrence else {})}
    return Suggestion(index, "exclusion", {**entry, "reason": reason})


def _number_fields(mention: Mention, unit: str | None) -> dict:
    fields = {"value": _plain(mention.value)}
    if mention.scale != 1:
        fields["scale"] = _SCALE_NAMES.get(mention.scale) or _plain(mention.scale)
    fields["unit"] = unit
    fields["qualifier"] = mention.qualifier
    return fields


def _plain(value: float | None) -> int | float | None:
    """Whole numbers without ".0", as a curator writes them."""
    if value is not None and float(value).is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def _theme_fields(schemas: Schemas, topic: str, quote: str, sentence: str) -> dict:
    """The details a topic's table needs (schemas/records.yaml `theme_details`)."""
    if topic == "income_mix":
        return {"segment": words.segment(quote, sentence)}
    if topic == "licence_breadth":
        licence = words.licence(schemas.allowed("licences", "sector"), quote)
        return {"licence": licence} if licence else {}
    return {}


class _Taken(set):
    """Claim ids in use, and for each base the next number to try, so that an article of many
    like claims numbers them in one step each."""

    def __init__(self, ids):
        super().__init__(ids)
        self.next_number: dict[str, int] = {}


def _new_id(taken: _Taken, entity: str, metric: str, period: str | None) -> str:
    """A claim id from entity, metric and period, unique among `taken` (which it joins)."""
    short = entity.split()[0] if entity else ""
    base = words.slug(short, metric, (period or "").lower())
    claim_id, n = base, taken.next_number.get(base, 2)
    while claim_id in taken:
        claim_id, n = f"{base}-{n}", n + 1
    taken.next_number[base] = n
    taken.add(claim_id)
    return claim_id


def _lines(text: str) -> list[tuple[int, int]]:
    lines, start = [], 0
    for part in text.split("\n"):
        lines.append((start, start + len(part)))
        start += len(part) + 1
    return lines
