"""How much of a suggested curation a curator keeps, and how long a review would take.

`python benchmarks/curation.py` runs `antlens.suggest` on the articles that have a hand
curation (`<name>.curation.yaml`, written before the suggester's output on them was looked at):
the two of `tests/fixtures/articles/heldout/`, reported as "tuned on" since the suggester was
changed by reading their misses, and those of `tests/fixtures/articles/curation_2026_12/`,
"held out". It compares, number by number, what it suggests with what the curator wrote; a
suggestion is paired with the hand-curated entry whose quote holds its number.

For each claim of the hand curation it counts a field as kept when the suggestion gives the
curator's value: the quote span (the exact words; a second figure also counts spans within three
words of the curator's at each end), value, scale, unit, qualifier, period and topic. A claim is
kept whole when all seven are. An exclusion is kept when the suggestion is an exclusion too. It
prints the share kept per field and per article, every field that was not kept, and the figures
for each set together; `curation_rows()` gives the figures as rows for `benchmarks/run.py`.

The review time is an ESTIMATE, not a measurement: the keys the review page needs to turn the
suggestions into the hand curation and a decision per number and per corrected field, timed
with the Keystroke-Level Model (Card, Moran & Newell 1980), plus reading the article once.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from antlens import schemas
from antlens.anchors import occurrences
from antlens.mentions import detect_mentions
from antlens.sentences import split_sentences
from antlens.suggest import suggest
from antlens.suggest.periods import published_date

REPO = Path(__file__).resolve().parents[1]
ARTICLES = REPO / "tests" / "fixtures" / "articles"
# The hand-curated articles, by how they stand to the suggester: the first two were measured
# blind once and the suggester was tuned on them since; the new one nothing was tuned on.
SETS = (("tuned on", ARTICLES / "heldout"), ("held out", ARTICLES / "curation_2026_12"))
FIELDS = ("quote", "value", "scale", "unit", "qualifier", "period", "topic")
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, None: 1.0}

# The Keystroke-Level Model (Card, Moran & Newell 1980): K, one keystroke of an average typist;
# M, the mental preparation before a decision (here: each number's, and each field corrected).
KEYSTROKE_S, MENTAL_S = 0.28, 1.35
READING_WPM = 240  # reading the article once, at an adult's average speed


@dataclass
class Measured:
    """One article's comparison: fields kept and compared, what was not kept, and what its
    review takes on the page (keys pressed and decisions made) to reach the hand curation."""

    name: str
    words: int
    kept: Counter = field(default_factory=Counter)
    compared: Counter = field(default_factory=Counter)
    lost: list[str] = field(default_factory=list)
    keys: int = 0
    decisions: int = 0

    def seconds(self) -> float:
        """The estimated review time: reading, keys and decisions (KLM)."""
        reading = 60 * self.words / READING_WPM
        return reading + KEYSTROKE_S * self.keys + MENTAL_S * self.decisions


def measure(folder: Path, name: str, catalogue) -> Measured:
    """What a curator keeps of the suggestions for one hand-curated article, and the keys the
    review page takes to turn them into the hand curation."""
    text = (folder / f"{name}.txt").read_text(encoding="utf-8")
    gold = yaml.safe_load((folder / f"{name}.curation.yaml").read_text(encoding="utf-8"))
    published = published_date(gold.get("published"))
    mentions = detect_mentions(text)
    suggestions = suggest(text, published, mentions, split_sentences(text), catalogue)
    by_span = {}
    for item in suggestions.items:
        by_span.setdefault(item.mention, item)
    result = Measured(name, words=len(text.split()))
    decided = set()
    for entry in gold["claims"]:
        start = occurrences(text, entry["quote"])[0]
        span = (start, start + len(entry["quote"]))
        item = _paired(mentions, by_span, span, entry)
        result.compared["claim"] += 1
        result.decisions += 1
        if item is None or item.action != "claim":
            result.lost.append(f"  {name}: no claim suggested for {entry['quote']!r}")
            result.compared.update(FIELDS)
            result.keys += _typed(entry, FIELDS) + 2  # e, the fields typed, Enter
            result.decisions += len(FIELDS)
            decided.add(item.mention if item else None)
            continue
        decided.add(item.mention)
        wrong = []
        for column in FIELDS:
            result.compared[column] += 1
            ok, shown = _same(column, entry, item.entry, text)
            if ok:
                result.kept[column] += 1
            else:
                wrong.append(column)
                result.lost.append(
                    f"  {name}: {column}: curator {shown[0]!r}, suggested {shown[1]!r}"
                )
            if column == "quote" and _near(text, entry["quote"], item.entry, 3):
                result.kept["quote within three words"] += 1
        result.compared["quote within three words"] += 1
        result.kept["claim"] += not wrong
        result.decisions += len(wrong)
        if "quote" in wrong:  # widened or narrowed a word a key: [ ] { }
            result.keys += _word_moves(text, entry["quote"], item.entry)
        fields = [f for f in wrong if f != "quote"]
        result.keys += (_typed(entry, fields) + 1 if fields else 0) + 1  # e …, then a
    for entry in gold.get("exclusions") or []:
        start = occurrences(text, entry["quote"])[0]
        item = _paired(mentions, by_span, (start, start + len(entry["quote"])), None)
        result.compared["exclusion"] += 1
        result.decisions += 1
        decided.add(item.mention if item else None)
        if item is not None and item.action == "exclusion":
            result.kept["exclusion"] += 1
            result.keys += 1  # a: accept the suggested exclusion
        else:
            result.keys += 2  # x, then the digit of a common reason
            result.lost.append(
                f"  {name}: exclusion {entry['quote']!r} ({entry['reason']}) suggested as claim"
            )
    # The numbers the curation does not list are decided too, each accepted as suggested.
    rest = [i for i in suggestions.items if i.covered_by is None and i.mention not in decided]
    result.keys += len(rest)
    result.decisions += len(rest)
    return result


def _paired(mentions, by_span, span, entry):
    """The suggestion for the number inside `span` (for a claim: the one of its value)."""
    inside = [
        i for i, m in enumerate(mentions) if span[0] <= m.char_start and m.char_end <= span[1]
    ]
    if entry is not None:
        value = entry["value"] * _SCALES[entry.get("scale")]
        matching = [i for i in inside if _close(mentions[i].value_base, value)]
        inside = matching or [i for i in inside if mentions[i].kind != "date"] or inside
    return next((by_span[i] for i in inside if i in by_span), None)


def _close(a, b) -> bool:
    return a is not None and abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1)


def _same(field: str, gold: dict, suggested: dict, text: str) -> tuple[bool, tuple]:
    if field == "quote":
        return gold["quote"] == suggested["quote"], (gold["quote"], suggested["quote"])
    if field == "value":
        a, b = gold.get("value"), suggested.get("value")
        return a is not None and b is not None and _close(float(a), float(b)), (a, b)
    if field == "scale":
        a, b = gold.get("scale"), suggested.get("scale")
        return _SCALES.get(a, a) == _SCALES.get(b, b), (a, b)
    a, b = gold.get(field), suggested.get(field)
    if field == "qualifier":
        a, b = a or "exact", b or "exact"
    a, b = (None if v is None else str(v) for v in (a, b))
    return a == b, (a, b)


def _near(text: str, gold_quote: str, suggested: dict, words: int) -> bool:
    """The suggested quote's ends within `words` words of the curator's."""
    gold_start = occurrences(text, gold_quote)[0]
    places = occurrences(text, suggested["quote"])
    start = places[(suggested.get("occurrence") or 1) - 1]
    spans = [(gold_start, gold_start + len(gold_quote)), (start, start + len(suggested["quote"]))]
    (a, b), (c, d) = spans
    return all(
        len(re.findall(r"\S+", text[min(x, y) : max(x, y)])) <= words for x, y in ((a, c), (b, d))
    )


def _typed(entry: dict, fields) -> int:
    """Keys to correct `fields` on the page: Tab to each, select its words (Ctrl-A, two keys),
    type the curator's value."""
    return sum(3 + len(str(entry.get(f) if entry.get(f) is not None else "")) for f in fields)


def _word_moves(text: str, gold_quote: str, suggested: dict) -> int:
    """Keys that move the suggested quote's ends onto the curator's, a word a key."""
    gold_start = occurrences(text, gold_quote)[0]
    start = occurrences(text, suggested["quote"])[(suggested.get("occurrence") or 1) - 1]
    ends = ((gold_start, start), (gold_start + len(gold_quote), start + len(suggested["quote"])))
    return sum(len(re.findall(r"\S+", text[min(x, y) : max(x, y)])) for x, y in ends)


def measured() -> list[tuple[str, list[Measured]]]:
    """Every hand-curated article of each set, measured."""
    catalogue = schemas.load(REPO / "schemas")
    return [
        (label, [measure(folder, p.name.removesuffix(".curation.yaml"), catalogue)
                 for p in sorted(folder.glob("*.curation.yaml"))])
        for label, folder in SETS
    ]  # fmt: skip


def _total(name: str, articles: list[Measured]) -> Measured:
    total = Measured(name, sum(a.words for a in articles))
    for article in articles:
        total.kept.update(article.kept)
        total.compared.update(article.compared)
        total.keys += article.keys
        total.decisions += article.decisions
    total.kept["fields"] = sum(total.kept[f] for f in FIELDS)
    total.compared["fields"] = sum(total.compared[f] for f in FIELDS)
    return total


def _share(m: Measured, column: str) -> str:
    if column == "fields":
        kept, compared = sum(m.kept[f] for f in FIELDS), sum(m.compared[f] for f in FIELDS)
    else:
        kept, compared = m.kept[column], m.compared[column]
    return f"{100 * kept / compared:.1f}%" if compared else "—"


def curation_rows(sets: list[tuple[str, list[Measured]]] | None = None) -> list[tuple[str, str]]:
    """The benchmark's figures as (what, figure) rows: fields and whole claims kept, per set
    of articles, and the estimated review time of an article."""
    rows = []
    for label, articles in sets or measured():
        total = _total(label, articles)
        names = ", ".join(a.name for a in articles)
        per_field = ", ".join(f"{f} {_share(total, f)}" for f in FIELDS)
        rows.append(
            (
                f"suggestions kept, {label} ({names})",
                f"fields {_share(total, 'fields')}, whole claims {_share(total, 'claim')}"
                f" ({per_field})",
            )
        )
    every = [a for _, articles in sets or measured() for a in articles]
    average = sum(a.seconds() for a in every) / len(every)
    rows.append(
        (
            "review time per article, estimated (KLM: reading, keys, decisions)",
            f"{average / 60:.1f} min on average over {len(every)} articles (an estimate, "
            "not a measurement)",
        )
    )
    return rows


def main() -> int:
    sets = measured()
    columns = [*FIELDS, "quote within three words", "fields", "claim", "exclusion"]
    print("| set | article | " + " | ".join(columns) + " |")
    print("| --- | --- |" + " ---: |" * len(columns))
    for label, articles in sets:
        for m in [*articles, *([_total("all", articles)] if len(articles) > 1 else [])]:
            print(f"| {label} | {m.name} | " + " | ".join(_share(m, c) for c in columns) + " |")
    print("\nreview time, estimated with the Keystroke-Level Model (not a measurement):")
    print(f"K = {KEYSTROKE_S} s a key, M = {MENTAL_S} s a decision, reading {READING_WPM} wpm")
    print("| article | words | reading | keys | decisions | estimate |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for _, articles in sets:
        for m in articles:
            reading = 60 * m.words / READING_WPM
            print(
                f"| {m.name} | {m.words} | {reading:.0f} s | {m.keys} | {m.decisions} |"
                f" {m.seconds() / 60:.1f} min |"
            )
    print()
    for what, figure in curation_rows(sets):
        print(f"{what}: {figure}")
    print("\nnot kept:")
    for _, articles in sets:
        print("\n".join(line for m in articles for line in m.lost))
    return 0


if __name__ == "__main__":
    sys.exit(main())
