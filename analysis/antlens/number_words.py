"""The English words of numbers, and reading a numeral or number words into a value and scale.

This is the one place scale words ("billion", "bn", "wan") and number words ("twenty-five",
"a dozen", "two-thirds") are defined; the detector's patterns (`mention_patterns`) are built
from these tables and its mentions (`mentions`) read with the functions below. All keys are
lower case; `look` finds a spelling in another case or with other blanks.
"""

from __future__ import annotations

import re

NUMERIC_QUALIFIERS = {
    "about": "approximately", "around": "approximately", "approximately": "approximately",
    "roughly": "approximately", "some": "approximately", "estimated": "approximately",
    "an estimated": "approximately", "nearly": "nearly", "almost": "nearly",
    "close to": "nearly", "more than": "more_than", "over": "more_than",
    "above": "more_than", "exceeding": "more_than", "in excess of": "more_than",
    "less than": "less_than", "under": "less_than", "below": "less_than",
    "fewer than": "less_than", "at least": "at_least", "no less than": "at_least",
    "not less than": "at_least", "no fewer than": "at_least", "at most": "at_most",
    "no more than": "at_most", "not more than": "at_most", "up to": "at_most",
}  # fmt: skip
# Comparison words that only qualify dates ("after 2011"); dropped from other spans.
DATE_QUALIFIERS = {
    "after": "more_than", "before": "less_than", "since": "at_least",
    "until": "at_most", "till": "at_most",
}  # fmt: skip
TRAILING_QUALIFIERS = {
    "or more": "at_least", "or above": "at_least", "and above": "at_least",
    "or over": "at_least", "or less": "at_most", "or fewer": "at_most",
    "or below": "at_most", "and below": "at_most", "or under": "at_most",
    "or so": "approximately",
}  # fmt: skip
# Qualifiers that bound or approximate a number, as opposed to "exact".
COMPARISONS = {"more_than", "less_than", "at_least", "at_most", "nearly"}

SMALL_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
# multiply the running group: "two hundred", "a dozen", "a pair"
MULTIPLIERS = {"hundred": 100, "dozen": 12, "pair": 2}
# Every scale word, spelt out or abbreviated ("5bn", "300m", "2 wan"), with its multiplier.
SCALE_WORDS = {
    "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "ten thousand": 1e4, "wan": 1e4, "hundred million": 1e8, "lakh": 1e5, "crore": 1e7,
    "lakh crore": 1e12, "cr": 1e7,
    "k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "mil": 1e6, "b": 1e9, "bn": 1e9, "bil": 1e9,
    "bln": 1e9, "t": 1e12,
    "tn": 1e12, "trn": 1e12,
}  # fmt: skip
# The scale words spelt out, longest first where one begins another ("ten thousand").
SPELT_SCALES = ["hundred million", "ten thousand", "thousand", "million", "billion", "trillion"]
MAGNITUDES = SPELT_SCALES[2:]  # the scale words that are also number words: "one billion"
# The magnitudes with their multipliers, as a reader or an annotation writes a scale:
# {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}.
MAGNITUDE_SCALES = {word: SCALE_WORDS[word] for word in MAGNITUDES}
# Written after a blank, not against the digits: "5 bn", "2 wan", "Rs 500 crore".
SPACED_SCALES = [
    "bn", "bil", "bln", "tn", "trn", "mn", "mil", "mln", "wan", "lakh crore", "lakh", "crore", "cr",
]  # fmt: skip
# Indefinite plurals: a mention only as an order of magnitude ("tens of millions" -> 10 x 1e6);
# alone ("dozens of", "millions of users") they name no value.
VAGUE = {"dozens": (12.0, 1.0), "tens": (10.0, 1.0), "hundreds": (100.0, 1.0),
         "thousands": (1.0, 1e3), "millions": (1.0, 1e6), "billions": (1.0, 1e9)}  # fmt: skip
# Verbs of a multiple, read as "twofold", "threefold": "has tripled" -> 3. The bare forms are
# verbs only after a qualifier or a modal ("more than triple", "will double"): alone they are
# adjectives ("a triple-A rating", "double digits").
MULTIPLE_VERBS = {
    "twice": 2, "thrice": 3, "doubling": 2, "tripling": 3, "halving": 0.5, "halved": 0.5,
    "doubled": 2, "tripled": 3, "trebled": 3, "quadrupled": 4,
    "double": 2, "triple": 3, "treble": 3, "quadruple": 4,
}  # fmt: skip
FRACTIONS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
    "fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7,
    "sevenths": 7, "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9, "tenth": 10,
    "tenths": 10,
}  # fmt: skip
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3,
            "4th": 4}  # fmt: skip
MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

_WORD_SPLIT = re.compile(r"[\s-]+")


def key(words: str) -> str:
    """The vocabulary spelling of `words`: lower case, single blanks."""
    return " ".join(words.lower().split())


def look(table: dict, words: str):
    """A vocabulary lookup; the common, already normalised spelling needs no key()."""
    found = table.get(words)
    return found if found is not None else table[key(words)]


def words_value(words: str) -> tuple[float, float]:
    """Number words -> (value, scale): "three hundred thousand" -> (300.0, 1e3), "a
    half-billion" -> (0.5, 1e9); a trailing magnitude word becomes the scale."""
    total = current = 0.0
    top = 1.0
    for token in _WORD_SPLIT.split(words.lower()):
        if token in SMALL_NUMBERS:
            current += SMALL_NUMBERS[token]
        elif token in MULTIPLIERS:
            current = (current or 1.0) * MULTIPLIERS[token]
        elif token in SCALE_WORDS:
            total += (current or 1.0) * SCALE_WORDS[token]
            current = 0.0
            top = max(top, SCALE_WORDS[token])
        elif token == "half":
            current = 0.5
    return (total + current) / top, top


def digits_value(digits: str) -> float | None:
    """ASCII digits with thousands commas, a decimal part and an exponent -> their value;
    Indian grouping (lakh, crore) too: "2,59,930" -> 259930, "1,00,00,000" -> 10000000.
    None when the commas are neither ("1,000,00", "1,234,5678", "123,45,678")."""
    if "," in digits:
        groups = digits.partition(".")[0].partition("e")[0].partition("E")[0].split(",")
        if any(len(group) != 3 for group in groups[1:]) and not _indian_grouping(groups):
            return None
        digits = digits.replace(",", "")
    return float(digits)


def _indian_grouping(groups: list[str]) -> bool:
    """Whether comma groups are Indian: one or two digits first, then pairs, then three."""
    return len(groups[0]) <= 2 and len(groups[-1]) == 3 and all(len(g) == 2 for g in groups[1:-1])


def fraction_value(numerator: str | None, denominator: str | None) -> float:
    """A fraction's words -> its value: ("two", "thirds") -> 2/3, ("a", "quarter") -> 1/4,
    (None, None) -> 1/2 for a bare "half"."""
    top = look(SMALL_NUMBERS, numerator) if numerator and len(numerator) > 2 else 1
    bottom = look(FRACTIONS, denominator) if denominator else 2
    return top / bottom
