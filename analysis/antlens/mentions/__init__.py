"""Numeric mentions in English (business-news) text, found by one regular-expression pass.

`detect_mentions(text)` returns every number-like expression — amounts, shares, counts,
dates, durations, scores — as `Mention` records with exact character offsets.

Span conventions (documented here once, relied on by the tests):

* A mention covers its qualifier words ("more than", "nearly", "a score of … or more"),
  the number, the scale word ("billion", "bn", "m"), and the currency/unit word when present
  ("yuan", "%", "per cent", "merchants", "years").  A counted noun is only included when it
  determines the unit ("80 million merchants" -> merchants); other plural nouns are left
  out but still make the mention a count ("two pillars" -> span "two", kind count).
* Dates: the span never includes "in"/"on"/"In" ("In 1992" -> "1992"), but does include
  the comparison words after/before/since/until ("after 2011", qualifier more_than).
  `date` is ISO 8601: "1992", "2008-12", "2020-11-03", "2019-H1"/"2019-H2" for halves,
  "2020-Q2" for quarters, "199" for "the 1990s".  Without a year the ISO 8601:2000
  truncated form is used: "--11-03" for "Nov. 3", "--Q2" for "second quarter", "--H1" for
  "the first half of the year".  `value` is the year when one is written, otherwise the
  last number written (the day, the quarter or half number).  A bare integer 1800-2100
  with nothing after it is a year, unless a comparison qualifier ("more than 2000") makes
  it a plain number.
* Ranges ("10-15%", "$3-5bn", "between 3 and 5 per cent") give TWO mentions: the lower
  bound with qualifier at_least (span "10", "between 3") and the upper bound with
  qualifier at_most (span "15%", "5 per cent"); unit, scale and currency written once are
  shared.  "from 5 to 10" is not a range (it usually describes a change): two exact mentions.
* Vague magnitudes: "tens of millions" -> value 10, scale 1e6, qualifier at_least;
  "hundreds of" -> 100; "thousands of" -> value 1, scale 1e3; "dozens of" -> 12.
  Without a currency or noun such a mention is kind "other".
* Number words: two … nineteen, twenty … ninety, hundred, thousand, million, billion,
  trillion, compounds ("twenty-five", "three hundred thousand"), "a dozen", "a hundred",
  fractions ("half of", "a third of", "two thirds", "a quarter." -> kind share, value 0.5,
  1/3, …; a fraction must be followed by "of"/"the"/"a" or punctuation so that "a third
  party" is not one) and ratios ("one in five" -> value 0.2, kind share).  A trailing
  magnitude word becomes the scale ("thirty thousand" -> 30 x 1e3).  Bare "one" is only
  a number before a scale, currency or percent word ("one billion", "one per cent") or in
  a ratio; ordinals ("first", "the third is") are never mentions.
* Signs: a hyphen-minus or a Unicode minus (U+2212) directly before a digit, at the start
  of the text or after a blank or an opening bracket or quote, makes the value negative and
  is inside the span ("a loss of -3 billion yuan" -> "-3 billion yuan", value -3 x 1e9;
  "(−5%)" -> "−5%").  A hyphen inside a word ("COVID-19" -> "19") or between two numbers
  (the ranges "2019-20", "10-15%", also written with U+2212) is no sign; neither is one
  before a currency sign ("-$5" -> "$5").  A signed number is never a year.
* Commas: a comma chain is a thousands number only when its first group has one to three
  digits and every later group exactly three ("1,234,567").  A chain whose first group has
  one to three digits and whose next group looks like a thousands group — three digits, or
  two with more groups after them — but which breaks the rule is ONE mention with value
  None and flag "ambiguous" ("1,000,00 users", "1,234,5678", "1,00,000").  Otherwise the
  comma separates mentions: "1,2345 yuan" -> "1" and "2345 yuan", "3,4,5" -> "3", "4",
  "5", "1234,567" -> "1234" and "567".
* Scientific notation ("1e10", "2.5e6", "1.5E-3") is read in full: value 2.5e6, scale 1.0.
* A number that does not fit a float — its value or `value * scale` would be inf or nan, as
  for a run of hundreds of digits, "1e400" or "two hundred hundred … hundred" — keeps its
  span but gets value None and flag "garbled".
* Unicode decimal digits (category Nd: full-width "１２３", Arabic-Indic "٣", …) are read as
  their ASCII digits, the Arabic percent, decimal and thousands signs "٪" "٫" "٬" as "%" "."
  ",", and the full-width full stop as ".": "٤٠٪" -> value 40, unit percent.  Such a
  mention is found where an ASCII one would be (after a blank, bracket, quote or other
  separator, a currency sign or a short word such as "No."); "收入１２３" (digits right
  after a CJK character) is no more found than "收入123" is.
* `flag` is None, "garbled" (no value can be read) or "ambiguous" (the digits are one
  number but can be read several ways); `value` is None exactly when `flag` is set.
* Garbled numerals ("71/kloc-0", a known machine-translation artefact) get value None,
  flag "garbled", and the unit of the noun that follows, if any.
* Mentions never span a line break.  "$" and "¥" are read as USD and CNY.
"""

from __future__ import annotations

import bisect
import functools
import re
import sys
import unicodedata
from dataclasses import dataclass

__all__ = ["Mention", "detect_mentions", "mention_columns", "mention_frame", "mention_table"]


@dataclass(frozen=True, slots=True)
class Mention:
    """One number-like expression; `text[char_start:char_end] == self.text`."""

    char_start: int
    char_end: int
    text: str
    value: float | None
    scale: float
    unit: str | None
    kind: str
    qualifier: str
    date: str | None
    flag: str | None

    @property
    def value_base(self) -> float | None:
        """The value in base units (`value * scale`), None when the numeral is garbled."""
        return None if self.value is None else self.value * self.scale


# ---------------------------------------------------------------- vocabularies (lower case)

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
}  # fmt: skip
SMALL_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
MULTIPLIERS = {"hundred": 100, "dozen": 12}  # multiply the running group: "two hundred"
SCALE_WORDS = {
    "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "ten thousand": 1e4, "wan": 1e4, "hundred million": 1e8,
    "k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "b": 1e9, "bn": 1e9, "tn": 1e12, "trn": 1e12,
}  # fmt: skip
VAGUE = {"dozens": (12.0, 1.0), "tens": (10.0, 1.0), "hundreds": (100.0, 1.0),
         "thousands": (1.0, 1e3), "millions": (1.0, 1e6), "billions": (1.0, 1e9)}  # fmt: skip
FRACTIONS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
    "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7,
    "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10,
}  # fmt: skip
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3,
            "4th": 4}  # fmt: skip
MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
CURRENCY_PREFIXES = {"us$": "USD", "$": "USD", "hk$": "HKD", "rmb": "CNY", "cny": "CNY",
                     "usd": "USD", "hkd": "HKD", "¥": "CNY", "￥": "CNY"}  # fmt: skip
UNIT_WORDS = {
    # currencies
    "yuan": "CNY", "renminbi": "CNY", "rmb": "CNY", "cny": "CNY", "yuan renminbi": "CNY",
    "dollars": "USD", "us dollars": "USD", "u.s. dollars": "USD", "usd": "USD",
    "hong kong dollars": "HKD", "hk dollars": "HKD", "hkd": "HKD",
    # shares
    "%": "percent", "％": "percent", "per cent": "percent", "percent": "percent",
    "pct": "percent", "percentage points": "percent", "percentage point": "percent",
    # counted nouns that fix the unit
    "people": "persons", "persons": "persons", "users": "persons", "customers": "persons",
    "consumers": "persons", "employees": "persons", "staff": "persons",
    "individuals": "persons", "residents": "persons", "citizens": "persons",
    "members": "persons", "clients": "persons", "subscribers": "persons",
    "investors": "persons", "borrowers": "persons", "students": "persons",
    "active users": "persons", "monthly active users": "persons",
    "daily active users": "persons", "annual active users": "persons",
    "merchants": "merchants", "sellers": "merchants", "vendors": "merchants",
    "enterprises": "enterprises", "companies": "enterprises", "firms": "enterprises",
    "businesses": "enterprises", "smes": "enterprises",
    "institutions": "institutions", "ministries": "institutions",
    "ministries and commissions": "institutions", "commissions": "institutions",
    "regulators": "institutions", "agencies": "institutions", "banks": "institutions",
    "scenes": "scenarios", "scenarios": "scenarios",
    "licences": "licences", "licenses": "licences", "licence": "licences", "license": "licences",
    "points": "points", "point": "points", "basis points": "points",
}  # fmt: skip
DURATION_WORDS = {"year": "years", "years": "years", "month": "months", "months": "months",
                  "day": "days", "days": "days", "week": None, "weeks": None, "hour": None,
                  "hours": None}  # fmt: skip
KIND_OF_UNIT = {
    "CNY": "amount", "USD": "amount", "HKD": "amount", "percent": "share",
    "persons": "count", "merchants": "count", "enterprises": "count",
    "institutions": "count", "scenarios": "count", "licences": "count", "points": "score",
    "years": "duration", "months": "duration", "days": "duration", "date": "date",
}  # fmt: skip
COMPARISONS = {"more_than", "less_than", "at_least", "at_most", "nearly"}


# ---------------------------------------------------------------- pattern building

SP = r"[ \t\u00a0]+"  # blanks inside a mention: never a line break


def _cased(words) -> list[str]:
    """Each word as written and with its first letter upper-cased."""
    return [v for w in words for v in dict.fromkeys((w, w[:1].upper() + w[1:]))]


def _trie(words, prefix_only: bool = False) -> str:
    """Words as a character-trie regex (a space matches any run of blanks).

    Every branch starts with a literal, which the regex engine rejects in one step, so a
    trie fails fast where a flat alternation tries each word in turn.  Greedy optional tails
    make the longest word win ("more than" over "more").  With `prefix_only` the pattern
    succeeds as soon as any whole word has been read (for the lookahead gate).
    """
    root: dict = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        if prefix_only and "" in node:
            return ""
        alts = [(SP if ch == " " else re.escape(ch)) + build(child) for ch, child in node.items()
                if ch]  # fmt: skip
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(root)


def _alt(words) -> str:
    """Any of the words, first letter in either case."""
    return "(?:" + _trie(_cased(words)) + ")"


def _uncaptured(pattern: str) -> str:
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


YEAR = r"(?:1[89][0-9][0-9]|20[0-9][0-9]|2100)(?![0-9])"
DAY = r"(?:[12][0-9]|3[01]|0?[1-9])"
# Digits, then a comma chain when the digits are one to three and the next group looks like
# a thousands group: three digits ("1,234", "1,000,00"), or two digits with more groups to
# follow ("1,00,000").  `_number` reads the chain as thousands only when every group after
# the first has three digits, otherwise as one malformed number (flag "ambiguous").  Other
# commas end the number ("1,2345" -> "1" and "2345", "3,4,5" -> "3", "4", "5": the comma
# is a separator of the scan).  Then a decimal part and an exponent ("2.5e6").  The
# possessive `++` leaves no digit to backtrack into, so that a plain number fails fast.
DIGITS = (
    r"[0-9]++(?:,(?<![0-9]{4},)(?:[0-9]{3}(?![0-9])|[0-9]{2}(?=,[0-9]))(?:,[0-9]+)*+)?"
    r"(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?"
)
# A sign directly before the digits, after a blank, an opening bracket or quote, or at the
# start of the text; a hyphen inside a word or a range ("2019-20") is none.
SIGN = r"(?:-(?<![^\s(\[{\"“‘']-)(?=[0-9]))"
MONTH = "(?:" + _trie([m.title() for m in MONTHS]) + r")\.?"  # capitalised: "may" is a verb
SCALES = ["hundred million", "ten thousand", "thousand", "million", "billion", "trillion"]
NUMWORD = _alt([*SMALL_NUMBERS, *MULTIPLIERS, *SCALES[2:]]) + r"\b"
# A word number starts with two … ninety or "a"/"an" + magnitude: a bare "billion" is none.
WORDNUM = (
    rf"(?:[Aa]n?{SP}{_alt([*MULTIPLIERS, *SCALES[2:]])}\b|{_alt(SMALL_NUMBERS)}\b)"
    rf"(?:(?:-|{SP}|(?:(?<=hundred)|(?<=thousand)|(?<=million)){SP}and{SP}){NUMWORD})*"
)
SCALE_ATTACHED = r"(?:bn|tn|trn|mn|mln|[mbkKMB])(?![A-Za-z0-9])"  # 5bn, 300m, 1.7tn, $34.5B
SCALE_SPACED = rf"(?:{SP}(?:bn|tn|mn|mln|wan)\b|(?:{SP}|-){_alt(SCALES)}\b)"
SCALE = f"(?:{SCALE_ATTACHED}|{SCALE_SPACED})"
CURRENCY = r"(?:US\$|HK\$|\$|¥|￥|(?:RMB|Rmb|CNY|USD|HKD)[ \t]?(?=[0-9]))"
NOT_IN_NUMBER = r"(?![A-Za-z0-9]|\.[0-9]|/kloc)"  # no "5G", "A380", "3.5x", garbled
# One number: currency sign, digits and scale ("US$34.4 billion", "5bn") or number words.
NUMBER = (
    rf"(?:{CURRENCY}?{SIGN}?{DIGITS}(?:{SCALE_ATTACHED}|{NOT_IN_NUMBER}{SCALE_SPACED}?)"
    rf"|{WORDNUM})"
)
# The same with named parts, for the number that starts the general case.
NUMBER_PARTS = (
    rf"(?:(?P<cur>{CURRENCY})?(?P<sg>{SIGN})?(?P<d>{DIGITS})(?:(?P<s>{SCALE_ATTACHED})"
    rf"|{NOT_IN_NUMBER}(?P<s2>{SCALE_SPACED})?)|(?P<w>{WORDNUM}))"
)
UNIT_NOUNS = _alt([w for w in UNIT_WORDS if w[0].isalpha()])
UNIT = (
    rf"(?:[ \t]?(?P<pct>[%％])|{SP}(?P<word>{UNIT_NOUNS})\b"
    rf"|(?:{SP}|-)(?P<dur>{_alt(DURATION_WORDS)})(?:-old|{SP}old|{SP}ago)?\b"
    rf"|{SP}(?P<times>times)\b|-?(?P<fold>fold)\b)?"
    rf"(?:{SP}(?P<trail>{_alt(TRAILING_QUALIFIERS)})\b)?"  # "750 or more"
    rf"(?:{SP}(?:per|a){SP}share\b)?"
)
QUAL = _alt([*NUMERIC_QUALIFIERS, *DATE_QUALIFIERS])
DQUAL = rf"(?:(?P<dq>{_alt(DATE_QUALIFIERS)}){SP})?"  # "after 2011", "since Q2 2020"
# A fraction is followed by "of", a determiner or punctuation: "a third party" is none.
FRACTION_END = (
    r"(?=[ \t]+(?:of|the|a|an|its|their|his|her|our|all|these|those)\b|[ \t]*(?:[^\w\s-]|$))"
)

# Each alternative is a small regex with its own named groups; every date alternative may
# be preceded by DQUAL.  The scanner below is assembled from them.
_DATE_ALTERNATIVES = {
    # 2020-06-30, 2020/6/30
    "iso": rf"(?P<year>{YEAR})(?:-(?P<mo>0?[1-9]|1[0-2])-(?P<day>{DAY})"
    rf"|/(?P<mo2>0?[1-9]|1[0-2])/(?P<day2>{DAY}))(?![0-9])",
    # Nov. 3 | Nov 3, 2020 | 30 June 2020 | December 2008
    "month_day": rf"(?P<mon>{MONTH}){SP}(?P<day>{DAY})(?:st|nd|rd|th)?(?![0-9A-Za-z:])"
    rf"(?:,?{SP}(?P<year>{YEAR}))?",
    "day_month": rf"(?P<day>{DAY})(?:st|nd|rd|th)?{SP}(?P<mon>{MONTH})"
    rf"(?:,?{SP}(?P<year>{YEAR}))?(?![A-Za-z])",
    "month_year": rf"(?P<mon>{MONTH}),?{SP}(?P<year>{YEAR})",
    # the first half of 2019 | the second quarter | Q2 2020 | 2020 Q2 | H1 2019 | FY2020
    "period": rf"(?:[Tt]he{SP})?(?P<ord>{_alt(ORDINALS)})(?:{SP}|-)(?P<name>half|quarter)\b"
    rf"(?:{SP}(?:of{SP})?(?P<year>{YEAR})|{SP}of{SP}(?:the|this|last|next){SP}year\b)?",
    "qtr": rf"(?:(?P<p>[QH])(?P<n>[1-4])(?:[ \t]?(?P<year>{YEAR}))?\b"
    rf"|(?P<year2>{YEAR})[ \t]?(?P<p2>[QH])(?P<n2>[1-4])\b)",
    "fy": rf"FY[ \t]?(?P<year>{YEAR})",
    "decade": r"(?P<year>(?:1[89]|20)[0-9]0)'?s\b",  # the 1990s -> ISO decade "199"
}
_OTHER_ALTERNATIVES = {
    "garbled": rf"[0-9]+(?:\.[0-9]+)?/kloc-[0-9]+(?:{SP}(?P<word>{UNIT_NOUNS})\b)?",
    "numero": r"No\.[ \t]?(?P<no>[0-9]+)(?![0-9])",
    "ratio": rf"(?P<num>[Oo]ne|[Tt]wo|[Tt]hree|[0-9]{{1,3}}){SP}in{SP}"
    rf"(?P<den>{_alt(['two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'])}"
    rf"\b|[0-9]{{1,3}}(?![0-9.,]))",
    "vague": rf"(?P<vague>{_alt(VAGUE)})(?:{SP}of{SP}(?P<scale>thousands|millions|billions)\b"
    rf"|(?={SP}of\b))",
    "fraction": rf"(?:(?P<q>{_alt(NUMERIC_QUALIFIERS)}){SP})?"
    rf"(?:(?P<num>[Aa]n?|{_alt(list(SMALL_NUMBERS)[:10])})[ \t-]+(?P<den>{_alt(FRACTIONS)})"
    rf"|[Hh]alf)\b{FRACTION_END}",
    # the general case: qualifier, score/age prefix, a number or a range, unit, tail
    "num": rf"(?:(?P<q>{QUAL}){SP})?"
    rf"(?P<pre>(?:[Aa]n?{SP})?(?:(?:credit|sesame|average){SP})?[Ss]core{SP}of{SP}"
    rf"|(?:[Tt]he{SP})?[Aa]ges?{SP}of{SP}|[Aa]ged{SP})?"
    rf"(?:(?P<q2>{_alt(NUMERIC_QUALIFIERS)}){SP})?"
    rf"(?:(?P<btw>[Bb]etween){SP}(?P<ba>{NUMBER}){SP}and{SP}(?P<bb>{NUMBER})"
    rf"|(?P<a>{NUMBER_PARTS})(?:(?P<apct>[ \t]?[%％])?[ \t]?[-–—~][ \t]?(?P<b>{NUMBER}))?)" + UNIT,
}
# Per-alternative regexes with named groups, matched once at each mention found.
_DETAIL = {
    **{name: re.compile(DQUAL + body) for name, body in _DATE_ALTERNATIVES.items()},
    **{name: re.compile(body) for name, body in _OTHER_ALTERNATIVES.items()},
}
_NUMBER = re.compile(NUMBER_PARTS)  # the parts of a range's bounds

# First words of every alternative: a word start that is none of these is skipped at once.
_GATE_WORDS = [
    *_cased([*NUMERIC_QUALIFIERS, *DATE_QUALIFIERS, *SMALL_NUMBERS, *MULTIPLIERS, *VAGUE,
             *SCALES[2:], "half", "between", "score", "age", "aged", "ages", "credit score",
             "sesame score", "average score", *ORDINALS]),
    *_cased([f"{article} {word}" for article in ("a", "an") for word in [
        *MULTIPLIERS, *SCALES[2:], *FRACTIONS, "score", "credit", "sesame", "average"]]),
    *_cased([f"the {word}" for word in [*ORDINALS, "age"]]),
    *(month.title() for month in MONTHS),
    "No.", "Q1", "Q2", "Q3", "Q4", "H1", "H2", "FY",
    "US$", "HK$", "RMB", "Rmb", "CNY", "USD", "HKD",
]  # fmt: skip
# Lower-case words first and the rest behind one check: frequent word starts fail soonest.
_GATE = (
    f"(?={_trie([w for w in _GATE_WORDS if w[0].islower()], prefix_only=True)}"
    f"|(?=[^a-z])(?:[0-9$¥￥]|-[0-9]|{_trie([w for w in _GATE_WORDS if not w[0].islower()], True)}"
    r"|(?=[^\x00-\x7f])[^\D0-9]))"
)
# The scanner holds no capturing group inside the alternatives — with ~80 of them the
# engine copies its group marks at every backtracking point, a third of the time — only an
# empty group at the end of each alternative that names it (`lastgroup`).
_SCAN_BODY = (
    f"{_GATE}(?:{_uncaptured(DQUAL)}(?:"
    + "|".join(f"{_uncaptured(b)}(?P<{n}>)" for n, b in _DATE_ALTERNATIVES.items())
    + ")|"
    + "|".join(f"{_uncaptured(b)}(?P<{n}>)" for n, b in _OTHER_ALTERNATIVES.items())
    # A non-ASCII digit, maybe after a currency or a short word ("$٣", "No.٣", "RMB ５"):
    # detect_mentions then scans a copy with ASCII digits.
    + r"|(?:[A-Za-z$¥￥.]{1,3}+[ \t]?)?[^\D0-9](?P<unicode_digit>))"
)
# A mention follows a blank, an opening bracket or quote, a dash, slash, colon, semicolon or
# comma (the comma splits "3,4,5" and "1,2345", which are no thousands groups).
# That one character is consumed, so the engine skips to candidates in C; the text's first
# character, which follows nothing, is tried with _SCAN_AT_START.  The blanks are listed
# rather than written \s: a plain character set is tested faster.
_SEPARATOR = (
    "[ \t\n\r\f\v\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
    "(\\[{\"“‘'/:;,~…—–-]"
)
_SCAN = re.compile(_SEPARATOR + _SCAN_BODY)
_SCAN_AT_START = re.compile(_SCAN_BODY)

_WORD_SPLIT = re.compile(r"[\s-]+")
# A plural noun right after a bare number makes it a count ("two pillars", "30 cities").
_PLURAL = (
    r"(?!(?:was|has|does|this|thus|plus|less|across|its|his|whereas|unless|always"
    r"|perhaps|besides|towards|is|as|us)\b)[a-z]{2,}s\b"
)
_PLURAL_NOUN = re.compile(rf"[ \t]+{_PLURAL}")
_OF_PLURAL_NOUN = re.compile(rf"[ \t]+of[ \t]+{_PLURAL}")  # "millions of users"


# ---------------------------------------------------------------- conversion


def _key(s: str) -> str:
    return " ".join(s.lower().split())


def _look(table: dict, word: str):
    """A vocabulary lookup; the common, already normalised spelling needs no _key()."""
    found = table.get(word)
    return found if found is not None else table[_key(word)]


def _words_value(words: str) -> tuple[float, float]:
    """Number words -> (value, scale): "three hundred thousand" -> (300.0, 1e3)."""
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
    return (total + current) / top, top


def _number(m: re.Match) -> tuple[float | None, float, str | None, bool, str | None]:
    """NUMBER_PARTS groups -> (value, scale, currency, is a plain integer, flag).

    A comma chain that is no thousands grouping ("1,000,00") has value None, flag
    "ambiguous".
    """
    cur, sign, digits, scale_word, spaced, words = m.group("cur", "sg", "d", "s", "s2", "w")
    currency = _look(CURRENCY_PREFIXES, cur.rstrip(" \t").lower()) if cur else None
    if digits is None:
        value, scale = _words_value(words)
        return value, scale, currency, False, None
    scale_word = scale_word or spaced
    scale = _look(SCALE_WORDS, scale_word.lstrip(" \t\u00a0-")) if scale_word else 1.0
    plain = scale_word is None and currency is None and sign is None and digits.isdigit()
    if "," in digits:
        groups = digits.partition(".")[0].partition("e")[0].partition("E")[0].split(",")
        if any(len(group) != 3 for group in groups[1:]):
            return None, scale, currency, False, "ambiguous"
        digits = digits.replace(",", "")
    value = float(digits)
    return (-value if sign else value), scale, currency, plain, None


# The frozen dataclass __init__ sets each field through object.__setattr__; setting the
# slots directly builds the same object in less than half the time (it is per mention).
_LARGEST = sys.float_info.max
_NEW = object.__new__
(_SET_START, _SET_END, _SET_TEXT, _SET_VALUE, _SET_SCALE, _SET_UNIT, _SET_KIND, _SET_QUALIFIER,
 _SET_DATE, _SET_FLAG) = (Mention.__dict__[f].__set__ for f in Mention.__slots__)  # fmt: skip


def _mention(text, start, end, value, scale=1.0, unit=None, kind="other", qualifier="exact",
             date=None, flag=None) -> Mention:  # fmt: skip
    if value is not None and not -_LARGEST <= value * scale <= _LARGEST:  # also NaN
        value, flag = None, "garbled"  # "7777…" beyond a float, "hundred hundred … hundred"
    m = _NEW(Mention)
    _SET_START(m, start)
    _SET_END(m, end)
    _SET_TEXT(m, text[start:end])
    _SET_VALUE(m, value)
    _SET_SCALE(m, scale)
    _SET_UNIT(m, unit)
    _SET_KIND(m, kind)
    _SET_QUALIFIER(m, qualifier)
    _SET_DATE(m, date)
    _SET_FLAG(m, flag)
    return m


def _date(text, m, value: float, date: str) -> list[Mention]:
    qualifier = _look(DATE_QUALIFIERS, m["dq"]) if m["dq"] else "exact"
    return [_mention(text, m.start(), m.end(), value, 1.0, "date", "date", qualifier, date)]


def _iso(text, m):
    year, month, day = m["year"], int(m["mo"] or m["mo2"]), int(m["day"] or m["day2"])
    return _date(text, m, float(year), f"{year}-{month:02d}-{day:02d}")


def _month_day(text, m):
    month, day, year = _look(MONTHS, m["mon"].rstrip(".").lower()), int(m["day"]), m["year"]
    if year:
        return _date(text, m, float(year), f"{year}-{month:02d}-{day:02d}")
    return _date(text, m, float(day), f"--{month:02d}-{day:02d}")


def _month_year(text, m):
    month = _look(MONTHS, m["mon"].rstrip(".").lower())
    return _date(text, m, float(m["year"]), f"{m['year']}-{month:02d}")


def _half_or_quarter(text, m, letter: str, number: int, year: str | None):
    if letter == "H" and number > 2:
        return []  # "the third half" is no period
    if year:
        return _date(text, m, float(year), f"{year}-{letter}{number}")
    return _date(text, m, float(number), f"--{letter}{number}")


def _period(text, m):
    letter = "H" if m["name"] == "half" else "Q"
    return _half_or_quarter(text, m, letter, _look(ORDINALS, m["ord"].lower()), m["year"])


def _qtr(text, m):
    if m["p"]:
        return _half_or_quarter(text, m, m["p"], int(m["n"]), m["year"])
    return _half_or_quarter(text, m, m["p2"], int(m["n2"]), m["year2"])


def _fy(text, m):
    return _date(text, m, float(m["year"]), m["year"])


def _decade(text, m):
    return _date(text, m, float(m["year"]), m["year"][:3])


def _garbled(text, m):
    unit = _look(UNIT_WORDS, m["word"]) if m["word"] else None
    kind = KIND_OF_UNIT[unit] if unit else "count"
    return [_mention(text, m.start(), m.end(), None, 1.0, unit, kind, flag="garbled")]


def _numero(text, m):
    return [_mention(text, m.start(), m.end(), float(m["no"]))]


def _ratio(text, m):
    num, den = (_words_value(g)[0] if g[0].isalpha() else float(g) for g in (m["num"], m["den"]))
    return [_mention(text, m.start(), m.end(), num / den, kind="share")] if den else []


def _vague(text, m):
    value, scale = _look(VAGUE, m["vague"])
    if m["scale"]:
        scale = VAGUE[m["scale"]][1]
    kind = "count" if not m["scale"] and _OF_PLURAL_NOUN.match(text, m.end()) else "other"
    return [_mention(text, m.start(), m.end(), value, scale, None, kind, "at_least")]


def _fraction(text, m):
    numerator = _look(SMALL_NUMBERS, m["num"]) if m["num"] and len(m["num"]) > 2 else 1
    denominator = _look(FRACTIONS, m["den"]) if m["den"] else 2  # bare "half"
    qualifier = _look(NUMERIC_QUALIFIERS, m["q"]) if m["q"] else "exact"
    return [_mention(text, m.start(), m.end(), numerator / denominator, 1.0, None, "share",
                     qualifier)]  # fmt: skip


def _unit_of(m: re.Match) -> tuple[str | None, str | None]:
    """The unit suffix -> (unit, kind); (None, None) when there is none."""
    pct, word, duration, times, fold = m.group("pct", "word", "dur", "times", "fold")
    if pct:
        return "percent", "share"
    if word:
        unit = _look(UNIT_WORDS, word)
        return unit, KIND_OF_UNIT[unit]
    if duration:
        return _look(DURATION_WORDS, duration), "duration"
    if times or fold:
        return None, "other"
    return None, None


def _num(text, m):
    q, q2, pre, btw, b, w, trail = m.group("q", "q2", "pre", "btw", "b", "w", "trail")
    unit, kind = _unit_of(m)
    if pre:
        unit, kind = ("points", "score") if "core" in pre else ("years", "duration")
    date_q = DATE_QUALIFIERS.get(q.lower()) if q and not q2 else None  # "after 2011"
    qualifier = _look(NUMERIC_QUALIFIERS, q2 or q) if q2 or (q and not date_q) else "exact"
    if trail:
        qualifier = _look(TRAILING_QUALIFIERS, trail)
    # where the span starts when a leading "after"/"since" turns out not to qualify a year
    body = m.start("pre") if pre else m.start("q2") if q2 else m.start("btw" if btw else "a")
    if btw or b:
        return _range(text, m, unit, kind, qualifier, body if date_q else m.start())
    value, scale, currency, plain, flag = _number(m)
    if currency and unit is None:
        unit, kind = currency, "amount"
    if w and w.lower() == "one" and kind not in ("amount", "share"):
        return []  # "no one", "one day": not quantities
    year = plain and unit is None and 1800 <= value <= 2100
    year = year and (date_q is not None or qualifier not in COMPARISONS)
    if date_q and year:
        qualifier = date_q
    start = body if date_q and not year else m.start()
    return [_classified(text, start, m.end(), value, scale, unit, kind, qualifier, year, flag)]


def _range(text, m, unit, kind, qualifier, lo_start):
    """Two mentions for "10-15%" or "between 3 and 5 per cent": lower and upper bound."""
    lo, hi = (m["ba"], m["bb"]) if m["btw"] else (m["a"], m["b"])
    lo_value, lo_scale, lo_cur, lo_plain, lo_flag = _number(_NUMBER.match(lo))
    hi_value, hi_scale, hi_cur, hi_plain, hi_flag = _number(_NUMBER.match(hi))
    if m["apct"] and unit is None:
        unit, kind = "percent", "share"
    if (lo_cur or hi_cur) and unit is None:
        unit, kind = lo_cur or hi_cur, "amount"
    if lo_plain and hi_plain and len(hi) == 2 and unit is None and 1800 <= lo_value <= 2100:
        hi_value += lo_value // 100 * 100  # "2019-20" -> 2020
    lo_scale = lo_scale if lo_scale != 1.0 else hi_scale  # "3-5bn": one scale for both
    lo_end = m.end("apct") if m["apct"] else m.end("ba") if m["btw"] else m.end("a")
    hi_start = m.start("bb") if m["btw"] else m.start("b")
    lo_q = qualifier if m["q"] or m["q2"] else "at_least"
    hi_q = qualifier if m["trail"] else "at_most"
    year = lo_plain and hi_plain and unit is None and 1800 <= lo_value <= hi_value <= 2100
    return [
        _classified(text, lo_start, lo_end, lo_value, lo_scale, unit, kind, lo_q, year, lo_flag),
        _classified(text, hi_start, m.end(), hi_value, hi_scale, unit, kind, hi_q, year, hi_flag),
    ]


def _classified(text, start, end, value, scale, unit, kind, qualifier, year, flag) -> Mention:
    """A year, or a number whose kind is still open: count (a plural noun follows) or other."""
    if year:
        date = f"{int(value):04d}"
        return _mention(text, start, end, value, 1.0, "date", "date", qualifier, date)
    if kind is None:
        kind = "count" if _PLURAL_NOUN.match(text, end) else "other"
    return _mention(text, start, end, value, scale, unit, kind, qualifier, None, flag)


_HANDLERS = {
    "iso": _iso, "month_day": _month_day, "day_month": _month_day, "month_year": _month_year,
    "period": _period, "qtr": _qtr, "fy": _fy, "decade": _decade, "garbled": _garbled,
    "numero": _numero, "ratio": _ratio, "vague": _vague, "fraction": _fraction, "num": _num,
}  # fmt: skip


def detect_mentions(text: str) -> list[Mention]:
    """Find every number-like expression in `text`, in order, as `Mention` records.

    The text is scanned once by a single precompiled regular expression; each mention found
    is then read by its alternative's small regex.  Mentions are sorted by `char_start`, do
    not overlap, and satisfy ``text[m.char_start:m.char_end] == m.text``.  The module
    docstring gives the span conventions for dates, ranges, vague magnitudes and number
    words.

    >>> found = detect_mentions("In the first half of 2019 it earned 28.7 billion yuan, 40%.")
    >>> [(m.text, m.value, m.scale, m.unit, m.kind, m.date) for m in found]
    [('the first half of 2019', 2019.0, 1.0, 'date', 'date', '2019-H1'), \
('28.7 billion yuan', 28.7, 1000000000.0, 'CNY', 'amount', None), \
('40%', 40.0, 1.0, 'percent', 'share', None)]
    >>> [(m.text, m.qualifier) for m in detect_mentions("no more than 7.3% of its shares")]
    [('no more than 7.3%', 'at_most')]
    """
    if "\u2212" not in text:  # a fast substring search: U+2212 is the Unicode minus sign
        found = _detect(text, text)
        if found is not None:
            return found
    # A Unicode minus sign, or a mention that starts with a non-ASCII digit: scan a copy in
    # which these are ASCII ("١٢" -> "12", "−" -> "-"); each character stays one character,
    # so the offsets hold and the mentions' text is cut from `text` itself.
    return _detect(text.translate(_ascii_numerals()), text)


def _detect(scanned: str, text: str) -> list[Mention] | None:
    """The mentions of `text`, found in `scanned` (`text` or its ASCII-numeral copy); None
    when a mention starts with a non-ASCII digit, which only `scanned` in ASCII can read."""
    found: list[Mention] = []
    first = _SCAN_AT_START.match(scanned)
    if first:
        name = first.lastgroup
        if name == "unicode_digit":
            return None
        found += _HANDLERS[name](text, _DETAIL[name].match(scanned, 0))
    for hit in _SCAN.finditer(scanned, first.end() if first else 0):
        name = hit.lastgroup  # the separator is one character: the mention starts after it
        if name == "unicode_digit":
            return None
        found += _HANDLERS[name](text, _DETAIL[name].match(scanned, hit.start() + 1))
    return found


@functools.cache
def _ascii_numerals() -> dict[int, int]:
    """`str.translate` table: every non-ASCII decimal digit (Unicode category Nd: full-width
    "１", Arabic-Indic "٣", …) to its ASCII digit, the Unicode minus sign to "-", the Arabic
    percent, decimal and thousands signs to "%", "." and ",", the full-width full stop to "."."""
    planes = "".join(map(chr, range(0x80, 0x20000)))  # no decimal digit lies beyond plane 1
    table = {ord(d): ord("0") + unicodedata.digit(d) for d in re.findall(r"[^\D0-9]", planes)}
    return table | {ord(a): ord(b) for a, b in zip("\u2212٪٫٬．", "-%.,.", strict=True)}


# --- the `mentions` table -------------------------------------------------------------------

_DETECTED = ("char_start", "char_end", "text", "value", "scale", "unit", "kind", "qualifier")


def mention_columns(source_id: str, mentions: list[Mention], sentence_starts: list[int]):
    """The detected columns of one source's mentions, as lists (`mention_table` adds ids)."""
    n = len(mentions)
    return {
        "source_id": [source_id] * n,
        "index": list(range(n)),
        "sentence_index": [
            max(bisect.bisect_right(sentence_starts, m.char_start) - 1, 0) for m in mentions
        ],
        **{name: [getattr(m, name) for m in mentions] for name in _DETECTED},
        "value_base": [m.value_base for m in mentions],
        "date": [m.date for m in mentions],
        "flag": [m.flag for m in mentions],
    }


def mention_frame(columns: dict[str, list]):
    """Mention rows from the columns of every source (with `position` and the review columns)."""
    import polars as pl

    from antlens.schemas import polars_schema

    types = {"index": pl.Int64, "sentence_index": pl.Int64, "position": pl.Int64} | {
        c: dtype for c, dtype in polars_schema("mentions").items()
        if c not in ("mention_id", "sentence_id")
    }  # fmt: skip
    return pl.DataFrame({c: columns.get(c, []) for c in types}, schema=types)


def mention_table(rows):
    """The `mentions` table from mention rows, ids formatted in one pass."""
    from antlens.schemas import polars_schema
    from antlens.sentences import id_expression

    return rows.with_columns(
        mention_id=id_expression("index", "m"), sentence_id=id_expression("sentence_index", "s")
    ).select(list(polars_schema("mentions")))
