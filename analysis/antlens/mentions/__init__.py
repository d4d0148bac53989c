"""Numeric mentions in English (business-news) text, found by one regular-expression pass.

`detect_mentions(text)` returns every number-like expression — amounts, shares, counts,
dates, durations, scores — as `Mention` records with exact character offsets.  The package
holds the stage: `patterns` (the regexes), `readers` (a match -> mentions), `record` (the
`Mention`); the words are in `antlens.number_words` and `antlens.units`.

Span conventions (documented here once, relied on by the tests):

* A mention covers its qualifier words ("more than", "nearly", "a score of … or more",
  "10m or so"), the number, the scale word ("billion", "bn", "m", also written against the
  digits: "USD 60billion"), and the currency/unit word when present ("yuan", "%", "per
  cent", "5pct", "merchants", "years").  A count's unit is the noun
  phrase it counts, kept as `counted` (policy in `antlens.units`): the phrase is in the
  span when it names a unit ("12 million small firms" -> enterprises, counted "small
  firms"); other plural nouns are left out of the span but still make the mention a count
  and are kept as `counted` ("two pillars" -> span "two", kind count, counted "pillars").
  The words before the noun may be capitalised ("two million Alipay users", "600 million
  Chinese investors") or joined by "and"/"or" ("small and micro enterprises"); the noun
  itself is lower case ("41,768,000 H Shares" is a defined term, no count of shares). A
  singular noun against the number counts too ("a 28-member panel" -> persons, counted
  "member"). A count whose noun comes before it takes that noun's unit: "a billion users,
  711 million of whom", "the most accounts, with 900 million", and the subject of a verb of
  reaching, "users have surpassed 700 million" (persons, counted "users"). A bare number
  with a scale word right after an amount or a count, with only list punctuation, "and",
  "or", "with" and names between, takes its unit: "($131.2 billion) … (CJPXX, 104.9b)" ->
  USD, "1bn users, with 711m active" -> persons; after a count, so does one later in its
  paragraph, its noun left out ("1 billion users. Facebook has 2 billion" -> persons). Of
  two counted nouns in a row the second is what is counted ("520m payments customers" ->
  persons). "basis points" are in the span but no unit (kind other). A demonym ending the
  counted words counts persons ("half a billion Indians"); "N-strong" counts the vocabulary
  noun of the group it names, among names too ("an 80-million-strong merchant network",
  "the 90 million-strong Alipay+ global merchants network" -> merchants, in the span); a
  label starting the line names what its number counts ("- Total shares sold: 25.51
  million" -> shares).
* Currencies: a sign or code before the digits ("US$", "S$", "€", "£", "RM", "NT$", "RMB",
  "EUR") or a name after the number ("yuan", "US dollars", "euros", "Singapore dollars").
  "$" and "¥" are read as USD and CNY.
* Dates: the span never includes "in"/"on"/"In" ("In 1992" -> "1992"), but does include
  the comparison words after/before/since/until ("after 2011", qualifier more_than).
  `date` is ISO 8601: "1992", "2008-12", "2020-11-03", "2019-H1"/"2019-H2" for halves,
  "2020-Q2" for quarters, "199" for "the 1990s".  Without a year the ISO 8601:2000
  truncated form is used: "--11-03" for "Nov. 3", "--Q2" for "second quarter", "--H1" for
  "the first half of the year".  `value` is the year when one is written, otherwise the
  last number written (the day, the quarter or half number).  "the third quarter, 2019" is
  2019-Q3; "the third and fourth quarters of 2017" is two mentions, "the third" (2017-Q3)
  and "fourth quarters of 2017" (2017-Q4).  A comma between month and day is a date's only
  after "on" ("On September, 19" -> "--09-19"; "By September, 19 banks" -> 19 banks).
  A bare integer 1800-2100 with nothing after it is a year, unless a comparison qualifier
  ("more than 2000") makes it a plain number; after "in", "since", "by", "during", "until"
  or "from" it is a year whatever noun follows ("In 2020 banks lent" -> "2020"), and after
  "over" it is the year over which ("spent more over 2024" -> "2024").  Decades:
  "the 1990s", "the ’90s" and "the 90s" -> "199" ('00s to '20s are this century's).
  Without "the" or an apostrophe two digits and "s" are an age by decade: "in their 40s"
  -> 40 years, kind duration, qualifier at_least. "between March and August 2024" is two
  mentions of the one year, "March" (2024-03) and "August 2024" (2024-08); a month with no
  year of its own or shared is none.
* Ranges ("10-15%", "$3-5bn", "between 3 and 5 per cent") give TWO mentions: the lower
  bound with qualifier at_least (span "10", "between 3") and the upper bound with
  qualifier at_most (span "15%", "5 per cent"); unit, scale and currency written once are
  shared.  "from 5 to 10" is not a range (it usually describes a change): two exact mentions;
  but a scale written on the second only is the first's too when the first is the smaller
  and has the same unit or none ("$45 to $50 billion" -> 45 and 50 billion USD).
* Vague magnitudes: "tens of millions" -> value 10, scale 1e6, qualifier at_least, kind
  "other"; "hundreds of millions" -> 100 x 1e6. An indefinite plural alone names no value and
  is no mention ("dozens of banks", "thousands of firms", "millions of users").
* Number words: two … nineteen, twenty … ninety, hundred, thousand, million, billion,
  trillion, compounds ("twenty-five", "three hundred thousand"), "a dozen", "a hundred",
  fractions ("half of", "a third of", "two thirds", "a quarter." -> kind share, value 0.5,
  1/3, …; a fraction must be followed by "of"/"the"/"a" or punctuation so that "a third
  party" is not one; written with a hyphen, "two-thirds", "one-third", it is one before
  any noun: "a two-thirds stake") and ratios ("one in five" -> value 0.2, kind share).
  A share keeps its value as written and gives `percent_equivalent` (66.67 for
  "two-thirds", 40 for "40%").  "a half-billion", "half a million" -> 0.5 x 1e9, 1e6;
  "eightfold" -> 8, kind other, and so the verbs "doubled", "tripled", "trebled",
  "quadrupled" -> 2, 3, 3, 4.  A trailing
  magnitude word becomes the scale ("thirty thousand" -> 30 x 1e3).  Bare "one" is only
  a number before a scale, currency or percent word ("one billion", "one per cent") or in
  a ratio, or joined to a duration ("a one-week gap" -> 1, kind duration; weeks have no
  unit); ordinals ("first", "the third is") are never mentions.
* Clock times: "8pm", "10:30 a.m." -> value the hour (8, 10.5), no unit, kind other.
* Signs: a hyphen-minus or a Unicode minus (U+2212) directly before a digit, at the start
  of the text or after a blank or an opening bracket or quote, makes the value negative and
  is inside the span ("a loss of -3 billion yuan" -> "-3 billion yuan", value -3 x 1e9;
  "(−5%)" -> "−5%").  A hyphen inside a word ("COVID-19" -> "19") or between two numbers
  (the ranges "2019-20", "10-15%", also written with U+2212) is no sign; neither is one
  before a currency sign ("-$5" -> "$5").  A signed number is never a year.  The hyphens
  U+2010 and U+2011 (non-breaking) are read as the hyphen-minus ("(2019‑2020)").
* Commas: a comma chain is a thousands number only when its first group has one to three
  digits and every later group exactly three ("1,234,567").  A chain whose first group has
  one to three digits and whose next group looks like a thousands group — three digits, or
  two with more groups after them — but which breaks the rule is ONE mention with value
  None and flag "ambiguous" ("1,000,00 users", "1,234,5678"), unless it is Indian grouping
  (one or two digits, pairs, three: "2,59,930" -> 259930, "1,00,000" -> 100000).  Otherwise the
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
* Stock codes — digits with an exchange suffix or prefix ("9988.HK", "SH:600519", "HKEX:
  9988", "stock code 688688") or digits no quantity is written as ("00700", six digits from
  3 or 6: "688001"), or four to six digits in a sentence that names a ticker or stock code
  ("in Hong Kong it is 6688") — are one mention each with `is_code` set, value None and kind
  other: no statement.  Digits after a capitalised word that the text also writes joined
  to them are part of a name and no mention ("One 97" where "One97" is written nearby);
  so are digits after a slash that ends a word with digits or a domain ("Money20/20",
  "businesswire.com/news/home/20250204295908/").
* `flag` is None, "garbled" (no value can be read) or "ambiguous" (the digits are one
  number but can be read several ways); `value` is None exactly when `flag` is set or the
  mention is a code.
* Garbled numerals ("71/kloc-0", a known machine-translation artefact) get value None,
  flag "garbled", and the unit of the noun that follows, if any.
* Mentions never span a line break.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata

from antlens.mentions.record import Mention

__all__ = [
    "Mention", "detect_mentions", "mention_columns", "mention_frame", "mention_id",
    "mention_table",
]  # fmt: skip


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
    if not any(dash in text for dash in _UNICODE_DASHES):  # fast substring searches
        found = _detect(text, text)
        if found is not None:
            return found
    # A Unicode minus sign or hyphen, or a mention that starts with a non-ASCII digit: scan a
    # copy in which these are ASCII ("١٢" -> "12", "−" -> "-", "2019‑2020" -> "2019-2020");
    # each character stays one character, so the offsets hold and the mentions' text is cut
    # from `text` itself.
    return _detect(text.translate(_ascii_numerals()), text)


def _detect(scanned: str, text: str) -> list[Mention] | None:
    """The mentions of `text`, found and read in `scanned` (`text` or its ASCII copy); None
    when a mention starts with a non-ASCII digit, which only `scanned` in ASCII can read."""
    scan, scan_at_start, detail, readers, with_shared_units = _detector()
    found: list[Mention] = []
    first = scan_at_start.match(scanned)
    if first:
        name = first.lastgroup
        if name == "unicode_digit":
            return None
        found += readers[name](scanned, detail[name].match(scanned, 0))
    for hit in scan.finditer(scanned, first.end() if first else 0):
        name = hit.lastgroup  # the separator is one character: the mention starts after it
        if name == "unicode_digit":
            return None
        if found and hit.start() + 1 < found[-1].char_end:
            continue  # inside the words a count counts: "10,000 7-Eleven stores"
        m = hit if name == "num" else detail[name].match(scanned, hit.start() + 1)
        found += readers[name](scanned, m)
    found = with_shared_units(scanned, found)
    if scanned is not text:  # the readers read the ASCII copy; the mentions quote `text`
        found = [m._replace(text=text[m.char_start : m.char_end]) for m in found]
    return found


@functools.cache
def _detector():
    """The scanner, the per-alternative regexes and their readers, compiled on first use: the
    package is imported for `Mention` and the table helpers far more often than it detects."""
    from antlens.mentions.patterns import DETAIL, SCAN, SCAN_AT_START
    from antlens.mentions.readers import READERS, with_shared_units

    return SCAN, SCAN_AT_START, DETAIL, READERS, with_shared_units


# U+2212, the minus sign, and U+2010 and U+2011, the hyphen and the non-breaking hyphen: read
# as the hyphen-minus "-".
_UNICODE_DASHES = ("\u2212", "\u2010", "\u2011")


@functools.cache
def _ascii_numerals() -> dict[int, int]:
    """`str.translate` table: every non-ASCII decimal digit (Unicode category Nd: full-width
    "１", Arabic-Indic "٣", …) to its ASCII digit, the Unicode dashes to "-", the Arabic
    percent, decimal and thousands signs to "%", "." and ",", the full-width full stop to "."."""
    planes = "".join(map(chr, range(0x80, 0x20000)))  # no decimal digit lies beyond plane 1
    table = {ord(d): ord("0") + unicodedata.digit(d) for d in re.findall(r"[^\D0-9]", planes)}
    signs = {ord(dash): ord("-") for dash in _UNICODE_DASHES}
    return table | signs | {ord(a): ord(b) for a, b in zip("٪٫٬．", "%.,.", strict=True)}


# --- the `mentions` table -------------------------------------------------------------------

MENTION_LETTER = "m"  # a mention's id: "<source_id>-m<index, 4 digits>", in text order


def mention_id(source_id: str, index: int) -> str:
    """The id of a source's mention number `index`: "000_4ef738e29a43aba1-m0007"."""
    return f"{source_id}-{MENTION_LETTER}{index:04d}"


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
        # Read by the table once its schema has these columns (schemas/mentions.yaml).
        "counted": [m.counted for m in mentions],
        "percent_equivalent": [m.percent_equivalent for m in mentions],
        "is_code": [m.is_code for m in mentions],
    }


def mention_frame(columns: dict[str, list], table_types: dict):
    """Mention rows from the columns of every source (with `position` and the review columns);
    `table_types` are the `mentions` schema's column types."""
    import polars as pl

    types = {"index": pl.Int64, "sentence_index": pl.Int64, "position": pl.Int64} | {
        c: dtype for c, dtype in table_types.items() if c not in ("mention_id", "sentence_id")
    }
    return pl.DataFrame({c: columns.get(c, []) for c in types}, schema=types)


def mention_table(rows, table_types: dict):
    """The `mentions` table from mention rows, ids formatted in one pass (as `mention_id`)."""
    from antlens.sentences import id_expression

    return rows.with_columns(
        mention_id=id_expression("index", MENTION_LETTER),
        sentence_id=id_expression("sentence_index", "s"),
    ).select(list(table_types))
