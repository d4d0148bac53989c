"""How much of a suggested curation a curator keeps, on articles nothing was tuned on.

`python benchmarks/curation.py` runs `antlens.suggest` on the held-out articles that have a hand
curation (`tests/fixtures/articles/heldout/<name>.curation.yaml`, written before the suggester's
output on them was looked at) and compares, number by number, what it suggests with what the
curator wrote. A suggestion is paired with the hand-curated entry whose quote holds its number.

For each claim of the hand curation it counts a field as kept when the suggestion gives the
curator's value: the quote span (the exact words; a second figure also counts spans within three
words of the curator's at each end), value, scale, unit, qualifier, period and topic. A claim is
kept whole when all seven are. An exclusion is kept when the suggestion is an exclusion too. It
prints the share kept per field and per article, every field that was not kept, and the figures
for all the articles together.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import yaml

from antlens import schemas
from antlens.anchors import occurrences
from antlens.mentions import detect_mentions
from antlens.sentences import split_sentences
from antlens.suggest import suggest
from antlens.suggest.periods import published_date

REPO = Path(__file__).resolve().parents[1]
HELDOUT = REPO / "tests" / "fixtures" / "articles" / "heldout"
FIELDS = ("quote", "value", "scale", "unit", "qualifier", "period", "topic")
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, None: 1.0}


def measure(name: str, catalogue) -> tuple[Counter, Counter, list[str]]:
    """(kept, compared, what was not kept) for one hand-curated article."""
    text = (HELDOUT / f"{name}.txt").read_text(encoding="utf-8")
    gold = yaml.safe_load((HELDOUT / f"{name}.curation.yaml").read_text(encoding="utf-8"))
    published = published_date(gold.get("published"))
    mentions = detect_mentions(text)
    suggestions = suggest(text, published, mentions, split_sentences(text), catalogue)
    by_span = {}
    for item in suggestions.items:
        by_span.setdefault(item.mention, item)
    kept, compared, lost = Counter(), Counter(), []
    for entry in gold["claims"]:
        start = occurrences(text, entry["quote"])[0]
        span = (start, start + len(entry["quote"]))
        item = _paired(mentions, by_span, span, entry)
        compared["claim"] += 1
        if item is None or item.action != "claim":
            lost.append(f"  {name}: no claim suggested for {entry['quote']!r}")
            compared.update(FIELDS)
            continue
        whole = True
        for field in FIELDS:
            compared[field] += 1
            ok, shown = _same(field, entry, item.entry, text)
            if ok:
                kept[field] += 1
            else:
                whole = False
                lost.append(f"  {name}: {field}: curator {shown[0]!r}, suggested {shown[1]!r}")
            if field == "quote" and _near(text, entry["quote"], item.entry, 3):
                kept["quote within three words"] += 1
        compared["quote within three words"] += 1
        kept["claim"] += whole
    for entry in gold.get("exclusions") or []:
        start = occurrences(text, entry["quote"])[0]
        item = _paired(mentions, by_span, (start, start + len(entry["quote"])), None)
        compared["exclusion"] += 1
        if item is not None and item.action == "exclusion":
            kept["exclusion"] += 1
        else:
            lost.append(
                f"  {name}: exclusion {entry['quote']!r} ({entry['reason']}) suggested as claim"
            )
    return kept, compared, lost


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


def main() -> int:
    catalogue = schemas.load(REPO / "schemas")
    names = sorted(p.name.removesuffix(".curation.yaml") for p in HELDOUT.glob("*.curation.yaml"))
    total_kept, total_compared, all_lost = Counter(), Counter(), []
    rows = []
    for name in names:
        kept, compared, lost = measure(name, catalogue)
        rows.append((name, kept, compared))
        total_kept.update(kept)
        total_compared.update(compared)
        all_lost += lost
    rows.append(("all", total_kept, total_compared))
    columns = [*FIELDS, "quote within three words", "fields", "claim", "exclusion"]
    print("| article | " + " | ".join(columns) + " |")
    print("| --- |" + " ---: |" * len(columns))
    for name, kept, compared in rows:
        kept["fields"] = sum(kept[f] for f in FIELDS)
        compared["fields"] = sum(compared[f] for f in FIELDS)
        cells = [f"{100 * kept[c] / compared[c]:.1f}%" if compared[c] else "—" for c in columns]
        print(f"| {name} | " + " | ".join(cells) + " |")
    print(
        f"\nclaims compared: {total_compared['claim']}, exclusions: {total_compared['exclusion']}"
    )
    print("\nnot kept:")
    print("\n".join(all_lost))
    return 0


if __name__ == "__main__":
    sys.exit(main())
