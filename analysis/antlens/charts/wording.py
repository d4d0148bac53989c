"""Numbers in words, for chart labels and tooltips and for the pages' prose.

`number`, `counted`, `scale_of`, `scale_word` and `period_text` need nothing but their value.
`Words` knows the words of each unit and qualifier (read from `schemas/vocabularies.yaml` by
whoever makes it: the website does, tests make small ones), and says a value with its unit and
qualifier: "28.7 billion yuan", "more than 63%", "interpreted (garbled words in the source)".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from antlens.number_words import MAGNITUDE_SCALES

# The scale words prose uses, largest first (thousands are written out: "30,000 yuan").
_SCALE_WORDS = tuple(
    sorted(((f, w) for w, f in MAGNITUDE_SCALES.items() if f >= 1e6), reverse=True)
)
_MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
_ORDINALS = ["first", "second", "third", "fourth"]
PERCENT, DATE = "percent", "date"  # the units said without a scale word


def number(value: float, digits: int = 2) -> str:
    """A number for prose: thousands separators, at most `digits` decimals, no trailing zeros."""
    text = f"{value:,.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def counted(n: int, noun: str) -> str:
    """A count with its noun in the right number: "1 claim", "47 claims"."""
    return f"{number(n)} {plural(n, noun)}"


def plural(n: int, noun: str) -> str:
    """The noun in the number `n` asks for: "claim" for 1, "claims" otherwise."""
    return f"{noun}{'' if n == 1 else 's'}"


def scale_of(value: float) -> tuple[float, str]:
    """The largest scale word that keeps the number at or above 1: (1e9, "billion")."""
    for factor, word in _SCALE_WORDS:
        if abs(value) >= factor:
            return factor, word
    return 1.0, ""


def scale_word(scale: float) -> str:
    """The word for a scale multiplier (1e9 → "billion"); "" for 1, "× n" for any other."""
    words = {factor: word for word, factor in MAGNITUDE_SCALES.items()}
    if scale == 1:
        return ""
    return words.get(scale, f"× {number(scale)}")


SHORT_QUOTE_WORDS = 2  # a quote of this many words or fewer is shown with the words around it
CONTEXT_WORDS = 4  # words shown on each side of a short quote


def quote_in_context(quote: str, sentence: str, offset: int) -> str:
    """A short quote with up to CONTEXT_WORDS words of its sentence on each side, the quote in
    brackets ("… payment, micro-loan, [fund], fund sales, futures …"), so that one word of a
    list still reads as what the sentence says; a longer quote as it is. `offset` is where the
    quote starts in the sentence."""
    if len(quote.split()) > SHORT_QUOTE_WORDS:
        return quote
    before = re.search(rf"(?:\S+\s+){{0,{CONTEXT_WORDS}}}\Z", sentence[:offset])
    after = re.match(rf"(?:\s*\S+){{0,{CONTEXT_WORDS}}}", sentence[offset + len(quote) :])
    lead = "… " if before.start() > 0 else ""
    tail = " …" if after.end() < len(sentence) - offset - len(quote) else ""
    words = " ".join(f"{before.group()}[{quote}]{after.group()}".split())
    return f"{lead}{words}{tail}"


def period_text(period: str | None) -> str:
    """An ISO period for prose: "2019-H1" → "first half of 2019", "2008-12" → "December 2008"."""
    if not period:
        return "undated"
    match = re.fullmatch(r"(\d{4})-H([12])", period)
    if match:
        return f"{'first' if match[2] == '1' else 'second'} half of {match[1]}"
    match = re.fullmatch(r"(\d{4})-Q([1-4])", period)
    if match:
        return f"{_ORDINALS[int(match[2]) - 1]} quarter of {match[1]}"
    match = re.fullmatch(r"(\d{4})-(\d{2})", period)
    if match:
        return f"{_MONTHS[int(match[2]) - 1]} {match[1]}"
    return period


# How a qualifier bounds a date: "more than 2011" is read "after 2011".
_DATE_BOUNDS = {
    "more_than": "after",
    "less_than": "before",
    "at_least": "in or after",
    "at_most": "in or before",
    "approximately": "around",
    "nearly": "just before",
}


def date_bound(qualifier: str | None) -> str:
    """The words a qualifier puts before a date: "after" for more_than, "" for exact."""
    return _DATE_BOUNDS.get(qualifier or "", "")


def dated_text(period: str | None, qualifier: str | None) -> str:
    """A date with its bound, for prose: "after 2011", "around March 2015", "2008"."""
    return f"{date_bound(qualifier)} {period_text(period)}".strip()


OPEN_LIST = ("at_least", "more_than")  # qualifiers that make a list of kinds a lower bound


@dataclass(frozen=True)
class Words:
    """The words of every unit ("CNY" → "yuan") and qualifier ("more_than" → "more than")."""

    units: dict[str, str]
    qualifiers: dict[str, str]

    def unit(self, unit: str | None) -> str:
        """The noun of a unit ("" for none or an unknown one)."""
        return self.units.get(unit or "", "")

    def quantity(self, value_base: float | None, unit: str | None) -> str:
        """`value_base` in words: "28.7 billion yuan", "40%", "711 million people"."""
        if value_base is None:
            return "no figure"
        if unit == DATE:  # a year as written, no thousands separator
            return f"{value_base:.0f}"
        if unit == PERCENT:
            return f"{number(value_base)}%"
        factor, word = scale_of(value_base)
        scaled = " ".join(part for part in (number(value_base / factor), word) if part)
        return f"{scaled} {self.unit(unit)}".strip()

    def qualified(self, row: dict[str, Any]) -> str:
        """A claim-like row's value with its qualifier: "more than 63%", "nearly 100 scenarios"."""
        words = self.qualifiers.get(row.get("qualifier") or "", "")
        return f"{words} {self.quantity(row.get('value_base'), row.get('unit'))}".strip()

    def kinds(self, count: int, qualifiers: list[str]) -> str:
        """A count of kinds, "at least 8" when a list of them is open: a claim of the list
        carries `at_least` (or `more_than`), as "… insurance agency and other categories" does."""
        bound = next((q for q in OPEN_LIST if q in qualifiers), None)
        return f"{self.qualifiers[bound]} {number(count)}" if bound else number(count)

    def qualifier_text(self, row: dict[str, Any]) -> str:
        """How far to take the number: "exact", "more than", "interpreted (garbled words)"."""
        if row.get("flag"):
            return f"interpreted ({row['flag']} words in the source)"
        return self.qualifiers.get(row.get("qualifier") or "") or "exact"

    def is_bound(self, words: str) -> bool:
        """Whether `words` are a qualifier's words ("more than"), e.g. in a published unit."""
        return bool(words) and words in self.qualifiers.values()
