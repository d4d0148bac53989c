"""The detector's regular expressions, built once from the word tables at import.

`SCAN` finds every mention in one pass: a separator, a cheap lookahead gate on the first
word, then one alternative per shape of mention, each ending in an empty group that names
it (`lastgroup`). `DETAIL[name]` is that alternative with its named groups, matched once at
each mention found; `readers` turns the groups into `Mention` records.
"""

from __future__ import annotations

import re

from antlens.number_words import (
    DATE_QUALIFIERS,
    FRACTIONS,
    MAGNITUDES,
    MONTHS,
    MULTIPLE_VERBS,
    MULTIPLIERS,
    NUMERIC_QUALIFIERS,
    ORDINALS,
    SMALL_NUMBERS,
    SPACED_SCALES,
    SPELT_SCALES,
    TRAILING_QUALIFIERS,
    VAGUE,
)
from antlens.units import (
    ACRONYMS,
    ATTACHED_PERCENT,
    CURRENCY_CODES,
    CURRENCY_SYMBOLS,
    DURATION_ADJECTIVES,
    DURATION_WORDS,
    UNIT_WORDS,
    UNITLESS_WORDS,
)

SP = r"[ \t\u00a0]+"  # blanks inside a mention: never a line break


def _compiled(pattern: str) -> re.Pattern:
    """`pattern` compiled with each greedy optional group "(…)?" written as a branch with an
    empty alternative, "(?:(…)|)": the same matches, found faster. The engine runs an
    optional group through its repeat machinery at every try, and a branch through a quick
    test of each alternative's first character; the scan and the readers' matches take a
    tenth less time."""
    return re.compile(_branch_optionals(pattern))


def _branch_optionals(pattern: str) -> str:
    groups: list[list[str]] = [[]]  # the text of each open group, innermost last
    i = 0
    while i < len(pattern):
        c = pattern[i]
        end = i + 2 if c == "\\" else _class_end(pattern, i) if c == "[" else i + 1
        if c == "(":
            groups.append([])
        elif c == ")":
            group = "".join(groups.pop()) + ")"
            optional = pattern.startswith("?", end) and not pattern.startswith(("??", "?+"), end)
            if optional and not group.startswith(("(?=", "(?!", "(?<")):  # no lookaround
                group = group[:-1] + "|)" if group.startswith("(?:") else f"(?:{group}|)"
                end += 1
            groups[-1].append(group)
            i = end
            continue
        groups[-1].append(pattern[i:end])
        i = end
    return "".join(groups[0])


def _class_end(pattern: str, start: int) -> int:
    """Where the character class opening at `start` ends (a first "]" is a member)."""
    i = start + 1
    i += pattern.startswith("^", i)
    i += pattern.startswith("]", i)
    while pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    return i + 1


def cased(words) -> list[str]:
    """Each word as written and with its first letter upper-cased."""
    return [v for w in words for v in dict.fromkeys((w, w[:1].upper() + w[1:]))]


def spellings(words) -> list[str]:
    """Each lower-case vocabulary entry as news writes it: as it is, first letter upper-cased,
    every word but the last capitalised ("Hong Kong dollars"), a short first word or code in
    capitals ("US dollars", "H shares", "USD", "SMEs")."""
    found: dict[str, None] = {}
    for word in words:
        head, _, rest = word.rpartition(" ")
        first = word.split(" ")[0]
        upper_first = first.upper() + word[len(first) :] if len(first.strip(".")) <= 3 else word
        acronym = word[:-1].upper() + "s" if word in ACRONYMS else word
        titled = " ".join(w.capitalize() for w in head.split(" ")) + " " + rest if head else word
        for spelling in (word, word[:1].upper() + word[1:], titled, upper_first, acronym):
            found[spelling] = None
    return list(found)


def trie(words, prefix_only: bool = False, then: dict[str, str] | None = None) -> str:
    """Words as a character-trie regex (a space matches any run of blanks).

    Every branch starts with a literal, which the regex engine rejects in one step, so a
    trie fails fast where a flat alternation tries each word in turn.  Greedy optional tails
    make the longest word win ("more than" over "more").  With `prefix_only` the pattern
    succeeds as soon as any whole word has been read (for the lookahead gate), or, for a word
    of `then`, once its regex matches after it ("over" only before a number).
    """
    root: dict = {}
    for word in [*words, *(then or {})]:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = (then or {}).get(word, "")

    def build(node: dict) -> str:
        if prefix_only and node.get("") == "":
            return ""
        alts = [(SP if ch == " " else re.escape(ch)) + build(child) for ch, child in node.items()
                if ch]  # fmt: skip
        if prefix_only and "" in node:  # a word that needs what follows it, or a longer word
            return "(?:" + "|".join([node[""], *alts]) + ")"
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(root)


def _lower(words: dict[str, str], lower: bool) -> dict[str, str]:
    """The entries of `words` that start in lower case (or, with `lower` False, do not)."""
    return {w: then for w, then in words.items() if w[0].islower() == lower}


def alt(words) -> str:
    """Any of the words, first letter in either case."""
    return "(?:" + trie(cased(words)) + ")"


def _uncaptured(pattern: str) -> str:
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


YEAR = r"(?:1[89][0-9][0-9]|20[0-9][0-9]|2100)(?![0-9])"
DAY = r"(?:[12][0-9]|3[01]|0?[1-9])"
# Digits, then a comma chain when the digits are one to three and the next group looks like
# a thousands group: three digits ("1,234", "1,000,00"), or two digits with more groups to
# follow ("1,00,000").  `digits_value` reads the chain as thousands when every group after
# the first has three digits, or as Indian grouping ("2,59,930"), otherwise as one malformed
# number (flag "ambiguous").
# Other commas end the number ("1,2345" -> "1" and "2345", "3,4,5" -> "3", "4", "5": the
# comma is a separator of the scan).  Then a decimal part and an exponent ("2.5e6").  The
# possessive `++` leaves no digit to backtrack into, so that a plain number fails fast.
DIGITS = (
    r"[0-9]++(?:,(?<![0-9]{4},)(?:[0-9]{3}(?![0-9])|[0-9]{2}(?=,[0-9]))(?:,[0-9]+)*+)?"
    r"(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?"
)
# A sign directly before the digits, after a blank, an opening bracket or quote, or at the
# start of the text; a hyphen inside a word or a range ("2019-20") is none.
# "-40", "~-3%", "minus 40", and "+12.5%" (a change written with its sign)
SIGN = rf"(?:-(?<![^\s(\[{{\"“‘'~]-)(?=[0-9])|\+(?=[0-9])|[Mm]inus{SP}(?=[0-9]))"
MONTH = "(?:" + trie([m.title() for m in MONTHS]) + r")\.?"  # capitalised: "may" is a verb
NUMWORD = alt([*SMALL_NUMBERS, *MULTIPLIERS, *MAGNITUDES]) + r"\b"
HALF_OF_A = (
    rf"(?:[Aa]{SP})?[Hh]alf(?=(?:-|{SP}an?{SP}|{SP}){alt(MAGNITUDES)}\b)(?:{SP}an?(?={SP}))?"
)
# A word number starts with two … ninety, "a"/"an" + magnitude or "half a" + magnitude
# ("a half-billion"): a bare "billion" is none.  "eight" may be written against "fold".
WORDNUM = (
    rf"(?:[Aa]n?{SP}{alt([*MULTIPLIERS, *MAGNITUDES])}\b|{alt(SMALL_NUMBERS)}(?:\b|(?=fold\b))"
    rf"|{HALF_OF_A})"
    rf"(?:(?:-|{SP}|(?:(?<=hundred)|(?<=thousand)|(?<=million)){SP}and{SP}){NUMWORD})*"
)
# 5bn, 300m, 1.7tn, $34.5B, RM698.1bil, Tk1,880crore
SCALE_ATTACHED = (  # "5bn", "1T"; the whole word too, a common slip: "USD 60billion"
    r"(?:billion|million|trillion|thousand|bn|bil|bln|tn|trn|mn|mil|mln|crore|cr|[mbkKMBT])"
    r"(?![A-Za-z0-9])"
)
# "5 bn", "20.65 Bn", "2.5 lakh crore", "3 billion", "a 5-billion"
SCALE_SPACED = rf"(?:{SP}{alt(SPACED_SCALES)}\b|(?:{SP}|-){alt(SPELT_SCALES)}\b)"
PERCENT_ATTACHED = rf"(?:{trie(ATTACHED_PERCENT)})\b"  # "5per cent", "5pct", "5pc"
CURRENCY_SIGNS = [symbol.upper() for symbol in CURRENCY_SYMBOLS]  # "US$", "€", "S$"
# Codes in capitals, and those written capitalised ("Rmb18bn", "Rs 500", "Dh17.8bn"): other
# capitalised spellings would send every "Europe" and "Audit" through the alternatives.
CURRENCY_LETTERS = [code.upper() for code in CURRENCY_CODES] + [
    "Rmb",
    "Rs",
    "Rs.",
    "Dh",
    "Rp",
    "Tk",
]
AMOUNT_AHEAD = r"[0-9][0-9.,]*(?:[ \t]?(?:[bmBM]n?|billion|million|trillion|thousand)\b|,[0-9]{3})"
CURRENCY = (
    rf"(?:{trie(CURRENCY_SIGNS)}(?:[ \t](?=[0-9]))?|(?:{trie(CURRENCY_LETTERS)})[ \t]?(?=[0-9])"
    rf"|(?:P|Php|PHP)[ \t]?(?={AMOUNT_AHEAD}))"
)
# no "5G", "A380", "0x1F", garbled; a glued "x" alone is a multiple ("more than 20x")
NOT_IN_NUMBER = r"(?![A-Za-wyz0-9]|x[A-Za-z0-9]|\.[0-9]|/kloc)"
# One number: currency sign, digits and scale ("US$34.4 billion", "5bn") or number words.
NUMBER = (
    rf"(?:{CURRENCY}?{SIGN}?{DIGITS}(?:{SCALE_ATTACHED}|(?={PERCENT_ATTACHED})"
    rf"|{NOT_IN_NUMBER}{SCALE_SPACED}?)|{WORDNUM})"
)
# The same with named parts, for the number that starts the general case.
NUMBER_PARTS = (
    rf"(?:(?P<cur>{CURRENCY})?(?P<sg>{SIGN})?(?P<d>{DIGITS})(?:(?P<s>{SCALE_ATTACHED})"
    rf"|(?={PERCENT_ATTACHED})|{NOT_IN_NUMBER}(?P<s2>{SCALE_SPACED})?)|(?P<w>{WORDNUM}))"
)
UNIT_NOUNS = (
    "(?:" + trie(spellings(w for w in [*UNIT_WORDS, *UNITLESS_WORDS] if w[0].isalpha())) + ")"
)
UNIT = (
    rf"(?:[ \t]?(?P<pct>[%％])|(?P<pct2>{PERCENT_ATTACHED})|(?:{SP}|-)(?P<word>{UNIT_NOUNS})\b"
    rf"|(?:{SP}|-)(?:{alt(DURATION_ADJECTIVES)}{SP})?(?P<dur>{alt(DURATION_WORDS)})"
    rf"(?:-old|{SP}old|{SP}ago)?\b"
    rf"|{SP}(?P<times>times)\b|-?(?P<fold>fold)\b|(?P<x>x)(?![A-Za-z0-9]))?"
    rf"(?:{SP}(?P<trail>{alt(TRAILING_QUALIFIERS)})\b)?"  # "750 or more"
    rf"(?:{SP}(?:per|a){SP}share\b)?"
)
QUAL = alt([*NUMERIC_QUALIFIERS, *DATE_QUALIFIERS])
DQUAL = rf"(?:(?P<dq>{alt(DATE_QUALIFIERS)}){SP})?"  # "after 2011", "since Q2 2020"
# A fraction is followed by "of", a determiner or punctuation: "a third party" is none.
# Written with a hyphen ("two-thirds", "one-third") it is one before any noun ("a
# two-thirds stake").
FRACTION_END = (
    r"(?=[ \t]+(?:of|the|a|an|its|their|his|her|our|all|these|those|more|less|from)\b"
    r"|[ \t]*(?:[^\w\s-]|\n|$))"
)
FRACTION_NUMERATORS = alt(list(SMALL_NUMBERS)[:10])

# The year of a half or quarter: "of 2019", ", 2019", " 2019", "of the year" (none written).
PERIOD_YEAR = rf"(?:,?{SP}(?:of{SP})?(?P<year>{YEAR})|{SP}of{SP}(?:the|this|last|next){SP}year\b)?"

# Each alternative is a small regex with its own named groups; every date alternative may
# be preceded by DQUAL.  The scanner below is assembled from them.
DATE_ALTERNATIVES = {
    # 2020-06-30, 2020/6/30
    # and "2024 November 22", as a page's date bar writes it
    "iso": rf"(?P<year>{YEAR})(?:-(?P<mo>0?[1-9]|1[0-2])-(?P<day>{DAY})"
    rf"|/(?P<mo2>0?[1-9]|1[0-2])/(?P<day2>{DAY})|{SP}(?P<mon>{MONTH}){SP}(?P<day3>{DAY}))(?![0-9])",
    # Nov. 3 | Nov 3, 2020 | 30 June 2020 | December 2008
    # "On September, 19": the comma is read as a date's only after "on" (readers._month_day)
    "month_day": rf"(?P<mon>{MONTH})(?P<comma>,)?(?:{SP}|(?<=\.))(?P<day>{DAY})(?:st|nd|rd|th)?"
    rf"(?![0-9A-Za-z:])(?:(?:,?{SP}|{SP}in{SP})(?P<year>{YEAR})"
    rf"|(?:{SP}to{SP}|[ \t]?[-–][ \t]?)(?P<day2>{DAY})(?:st|nd|rd|th)?(?![0-9A-Za-z:])"
    rf"(?:,?{SP}(?P<year2>{YEAR}))?)?",  # "Oct. 1 to 7": two days of the month
    "day_month": rf"(?P<day>{DAY})(?:st|nd|rd|th)?{SP}(?P<mon>{MONTH})"
    rf"(?:,?{SP}(?P<year>{YEAR}))?(?![A-Za-z])",
    "month_year": rf"(?P<mon>{MONTH}),?{SP}(?:in{SP})?(?P<year>{YEAR})",  # "February in 2014"
    # between March and August 2024: two months of the one year, "March" and "August 2024"
    "months": rf"(?P<mon>{MONTH})(?:{SP}(?:and|or|to|through|until){SP}|[ \t]?[-–][ \t]?)"
    rf"(?P<mon2>{MONTH}),?{SP}(?P<year>{YEAR})",
    # the third and fourth quarters of 2017: two periods, "the third" and "fourth quarters of 2017"
    "periods": rf"(?:[Tt]he{SP})?(?P<ord>{alt(ORDINALS)}){SP}(?:and|or){SP}"
    rf"(?P<ord2>{alt(ORDINALS)})(?:{SP}|-)(?P<name>halves|half|quarters|quarter)\b{PERIOD_YEAR}",
    # the first half of 2019 | the third quarter, 2019 | the second quarter | Q2 2020 | 2020 Q2
    # | H1 2019 | FY2020
    "period": rf"(?:[Tt]he{SP})?(?P<ord>{alt(ORDINALS)})(?:{SP}|-)(?P<name>half|quarter)\b"
    rf"{PERIOD_YEAR}",
    "qtr": rf"(?:(?P<p>[QH])(?P<n>[1-4])(?:[ \t]?(?P<year>{YEAR}))?\b"
    rf"|(?P<year2>{YEAR})[ \t]?(?P<p2>[QH])(?P<n2>[1-4])\b"
    rf"|(?P<n3>[1-4])(?P<p3>[QH])(?P<year3>{YEAR}|[0-9]{{2}})\b)",  # "4Q21", "1H2020"
    # 29.01.2019, as European pages write a day, and 2019.01.29
    "dotted": rf"(?:(?P<day>{DAY})\.(?P<mo>0?[1-9]|1[0-2])\.(?P<year>{YEAR})"
    rf"|(?P<year2>{YEAR})\.(?P<mo2>0?[1-9]|1[0-2])\.(?P<day2>{DAY}))(?![0-9]|\.[0-9])",
    # 08/16/2022, as US pages write a day
    # and "12/23 2025", as a page's date line writes it
    "us_date": rf"(?P<mo>0?[1-9]|1[0-2])/(?P<day>{DAY})"
    rf"(?:/(?P<year>{YEAR}|[0-9]{{2}}(?![0-9]))|[ \t](?P<year2>{YEAR})(?![0-9]))",
    # FY2020, FY25, Q1FY26 (the fiscal year as written, its quarter)
    # "on the 18th": a day of the month named before
    "day": rf"(?<=[Oo]n[ \t]the[ \t])(?P<day>{DAY})(?:st|nd|rd|th)\b"
    r"(?=[ \t]*(?:[.,;:)]|$)|[ \t]+(?:of|and|at|in|when|after|before)\b)",
    "fy": rf"(?:Q(?P<n>[1-4])[ \t]?)?FY[ \t]?'?(?:(?P<year>{YEAR})|(?P<yy>[0-9]{{2}})(?![0-9]))",
    "decade": r"(?P<year>(?:1[89]|20)[0-9]0)'?s\b",  # the 1990s -> ISO decade "199"
}
OTHER_ALTERNATIVES = {
    # "open 24/7": a set phrase for "always", no number of the text
    "always": r"24/7(?![0-9/])",
    # a telephone number with its country code, "+86 571 2688 8888", "+1-202-555-0143"
    "phone": r"\+[0-9]{1,3}(?:[ \t-]\(?[0-9]{1,4}\)?)?(?:[ \t-][0-9]{2,8}){1,4}(?![0-9])",
    # "T+2", a settlement cycle: two (business) days after the trade
    "settlement": r"T\+(?P<days>[0-9]{1,2})(?![0-9]|[.,][0-9])",
    # a clock time: "8pm", "10:30 a.m." (its value is the hour; the vocabulary has no time)
    "clock": r"(?:(?P<hour>1[0-2]|0?[0-9])(?::[0-5][0-9])?[ \t]?"
    r"(?:[AaPp]\.[Mm]\.|[AaPp][Mm])(?![A-Za-z0-9])"
    r"|(?P<hour2>[01]?[0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9])?(?![0-9:]))",  # "15:21:21"
    "garbled": rf"[0-9]+(?:\.[0-9]+)?/kloc-[0-9]+(?:{SP}(?P<word>{UNIT_NOUNS})\b)?",
    "numero": r"No\.[ \t]?(?P<no>[0-9]+)(?![0-9])",
    # an ownership split, "51:49": two shares of a hundred (readers._split)
    "split": r"(?P<a>[1-9][0-9]?):(?P<b>[1-9][0-9]?)(?![0-9:])",
    "ratio": rf"(?:(?P<q>{alt(NUMERIC_QUALIFIERS)}){SP})?"
    rf"(?P<num>[Oo]ne|[Tt]wo|[Tt]hree|[0-9]{{1,3}}){SP}(?:in|out{SP}of){SP}"
    rf"(?P<den>{alt(['two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'])}"
    rf"\b|[0-9]{{1,3}}(?![0-9.,]))",
    # an order of magnitude, "tens of millions"; alone, "millions of users" names no value
    "vague": rf"(?P<vague>{alt(VAGUE)}){SP}of{SP}(?P<scale>thousands|millions|billions)\b",
    # the dates that name a shopping festival, "11.11", "11/11", "6.18" (readers._festival)
    "festival": r"(?:(?P<mo>1[0-2]|0?[1-9])[./](?P<day>[12][0-9]|3[01]|0[1-9])(?![0-9]|[./][0-9])"
    r"|Double[ \t-]?(?P<double>11|12|Eleven|Twelve)\b)",  # Singles' Day is "Double 11"
    # "has tripled", "more than triple": 3, as "threefold"
    # "twice-monthly" is a frequency, no multiple
    "multiple": rf"(?:(?P<q>{alt(NUMERIC_QUALIFIERS)}){SP})?(?P<verb>{alt(MULTIPLE_VERBS)})\b"
    r"(?!-[a-z])",
    "fraction": rf"(?:(?P<q>{alt(NUMERIC_QUALIFIERS)}){SP})?"
    rf"(?:(?P<num>{FRACTION_NUMERATORS})-(?P<den>{alt(FRACTIONS)})\b"
    rf"|(?P<num2>[Aa]n?|{FRACTION_NUMERATORS})[ \t]+(?P<den2>{alt(FRACTIONS)})\b{FRACTION_END}"
    rf"|[Hh]alf\b(?!{SP}an?{SP}{alt(MAGNITUDES)}\b)(?:{FRACTION_END}|(?<=\b[Ii]n[ \t]half)))",
    # ages and decades written with two digits: "in their 40s", "the '90s", "the ’90s"
    "tens": r"(?P<apos>[’'])?(?P<tens>[0-9]0)s\b",
    # the general case: qualifier, score/age prefix, a number or a range, unit, tail
    "num": rf"(?:(?P<q>{QUAL}){SP})?"
    rf"(?P<pre>(?:[Aa]n?{SP})?(?:(?:credit|sesame|average){SP})?[Ss]core{SP}of{SP}"
    rf"|(?:[Tt]he{SP})?[Aa]ges?{SP}of{SP}|[Aa]ged{SP})?"
    rf"(?:(?P<q2>{alt(NUMERIC_QUALIFIERS)}){SP})?"
    rf"(?:(?P<btw>[Bb]etween){SP}(?P<ba>{NUMBER}){SP}and{SP}(?P<bb>{NUMBER})"
    rf"|(?P<a>{NUMBER_PARTS})(?P<plus>\+(?![0-9+]))?"  # "100+ countries": at least 100
    rf"(?:(?P<apct>[ \t]?[%％])?[ \t]?[-–—~][ \t]?(?P<b>{NUMBER}))?)" + UNIT,
}
# Per-alternative regexes with named groups, matched once at each mention found.
DETAIL = {
    **{name: _compiled(DQUAL + body) for name, body in DATE_ALTERNATIVES.items()},
    **{name: _compiled(body) for name, body in OTHER_ALTERNATIVES.items()},
    "num": _compiled(f"(?P<num>{OTHER_ALTERNATIVES['num']})"),
}
NUMBER_ALONE = _compiled(NUMBER_PARTS)  # the parts of a range's bounds

# First words of every alternative: a word start that is none of these is skipped at once.
_GATE_WORDS = [
    *cased([*SMALL_NUMBERS, *MULTIPLIERS, *MULTIPLE_VERBS, "half", "minus", "aged"]),
    *cased([f"{article} {word}" for article in ("a", "an") for word in [
        *MULTIPLIERS, *MAGNITUDES, *FRACTIONS]]),
    *cased([f"a {word.title()}" for word in FRACTIONS]),  # a headline's "by a Third"
    *(month.title() for month in MONTHS),
    "No.", "T+", "Q1", "Q2", "Q3", "Q4", "H1", "H2", "FY", "Php", "’0", "’1", "’2", "’3", "’4",
    "’5", "’6", "’7", "’8", "’9", *CURRENCY_SIGNS, *CURRENCY_LETTERS,
]  # fmt: skip
# Common words that start a mention only before what they qualify or name: "over" before a
# number ("over 80 million", "over the age of 60"), "first" before a half or quarter, "score"
# before "of"; elsewhere ("over the years", "the first time") the gate turns them away.
_WORDS_AFTER_A_QUALIFIER = [
    *SMALL_NUMBERS,
    *MULTIPLE_VERBS,
    *NUMERIC_QUALIFIERS,
    "half",
    "minus",
    "aged",
    "ages",
    "age",
]
_WORDS_AFTER_ITS_ARTICLE = [
    *MULTIPLIERS,
    *MAGNITUDES,
    *FRACTIONS,
    "half",
    "score",
    "credit",
    "sesame",
    "average",
]
_QUALIFIED = (
    rf"{SP}(?:[0-9$€£¥￥₹₩₱฿₫₽₦’'(-]|[A-Z]|{alt(_WORDS_AFTER_A_QUALIFIER)}\b"
    rf"|an?{SP}{alt(_WORDS_AFTER_ITS_ARTICLE)}\b"
    rf"|the{SP}(?:{alt([*ORDINALS, 'age', 'ages'])})\b"
    rf"|(?:(?:credit|sesame|average){SP})?score{SP}of\b)"
)
_PERIOD_AFTER = rf"(?:(?:{SP}|-)(?:half|halves|quarters?)\b|{SP}(?:and|or){SP})"
_GATE_THEN = {
    **{w: _QUALIFIED for w in cased([*NUMERIC_QUALIFIERS, *DATE_QUALIFIERS, "between"])},
    **{w: _PERIOD_AFTER for w in cased([*ORDINALS, *(f"the {o}" for o in ORDINALS)])},
    **{w: rf"{SP}of\b" for w in cased([*VAGUE, "score", "age", "ages", "the age", "the ages"])},
    **{w: rf"{SP}score{SP}of\b" for w in cased(["credit", "sesame", "average"])},
    **{w: rf"(?:{SP}(?:credit|sesame|average))?{SP}score{SP}of\b"
       for w in cased(["a", "an"])},
}  # fmt: skip
# Lower-case words first and the rest behind one check: frequent word starts fail soonest.
_GATE = (
    f"(?={trie([w for w in _GATE_WORDS if w[0].islower()], True, _lower(_GATE_THEN, True))}"
    "|(?=[^a-z])(?:[0-9$¥￥]|-[0-9]|P[0-9]|\\+[0-9]"  # "P350 billion", "+86 571"
    f"|{trie([w for w in _GATE_WORDS if not w[0].islower()], True, _lower(_GATE_THEN, False))}"
    r"|(?=[^\x00-\x7f])[^\D0-9]))"
)
# The scanner holds no capturing group inside the alternatives — with ~80 of them the
# engine copies its group marks at every backtracking point, a third of the time — only an
# empty group at the end of each alternative that names it (`lastgroup`). The general case
# keeps its groups, inside one named "num" as in DETAIL: it is most mentions, and its match
# in the scanner is the one DETAIL would make, so it is read without a second match.
_SCAN_BODY = (
    f"{_GATE}(?:{_uncaptured(DQUAL)}(?:"
    + "|".join(f"{_uncaptured(b)}(?P<{n}>)" for n, b in DATE_ALTERNATIVES.items())
    + ")|"
    + "|".join(
        f"(?P<num>{b})" if n == "num" else f"{_uncaptured(b)}(?P<{n}>)"
        for n, b in OTHER_ALTERNATIVES.items()
    )
    # A non-ASCII digit, maybe after a currency or a short word ("$٣", "No.٣", "RMB ５"):
    # detect_mentions then scans a copy with ASCII digits.
    + r"|(?:[A-Za-z$¥￥.]{1,3}+[ \t]?)?[^\D0-9](?P<unicode_digit>))"
)
# A mention follows a blank, an opening bracket or quote, a dash, slash, colon, semicolon or
# comma (the comma splits "3,4,5" and "1,2345", which are no thousands groups).
# That one character is consumed, so the engine skips to candidates in C; the text's first
# character, which follows nothing, is tried with SCAN_AT_START.  The blanks are listed
# rather than written \s: a plain character set is tested faster.
_SEPARATOR = (
    "[ \t\n\r\f\v\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
    "(\\[{\"“‘'/:;,~…—–·•|-]"
)
SCAN = _compiled(_SEPARATOR + _SCAN_BODY)
SCAN_AT_START = _compiled(_SCAN_BODY)

# After a number without a unit: the words that may name what it counts ("12 million small
# firms"), up to four lower-case words that are no function words.
_FUNCTION_WORDS = (
    "of|the|a|an|and|or|nor|but|to|in|on|at|by|for|from|with|as|into|than|that|which|who|whom"
    "|whose|this|these|those|it|its|their|his|her|our|your|my|is|are|was|were|be|been|being"
    "|has|have|had|do|does|did|will|would|could|should|can|may|might|must|said|says|say|also"
    "|only|just|now|then|still|each|per|not|no|less|about|after|before|since|until|while|when"
    "|where|if|so|such|all|both|over|under|up|down|out|off|last|next|ago|old|later|earlier"
    "|via|including|against|among|between|during|through|across|within|without|versus|vs|yet"
    "|there|here|they|we|he|she|you"
)
# A capitalised word may be one of them ("two million Alipay users", "600 million Chinese
# investors"); after the first, "and"/"or" may join two ("small and micro enterprises").
# Names may be written "eWallet", "Touch 'n Go", "7-Eleven" or "Alipay+".
_COUNTED_WORD = (
    rf"(?!(?i:{_FUNCTION_WORDS})(?![\w'’-]))"
    r"(['’]n|[a-z][A-Za-z'-]*|[A-Z][A-Za-z'’-]*(?:\+(?=[ \t]))?|[0-9]+-[A-Z][a-z]+)(?:\b|(?<=\+))"
)
COUNTED_WORD = _compiled(rf"[ \t]+{_COUNTED_WORD}")
COUNTED_WORD_JOINED = _compiled(rf"[ \t]+(?:and|or)[ \t]+{_COUNTED_WORD}")
# A singular counted noun against the number, as a compound: "a 28-member panel".
HYPHENED_NOUN = _compiled(r"-([a-z]+)\b")
# A count of a group named after "-strong": "an 80-million-strong merchant network" (merchants).
STRONG = _compiled(r"-strong\b")
# A label that names what the number on its line counts: "- Total shares sold: 25.51 million".
LINE_LABEL = _compiled(r"[ \t]*(?:[-•*][ \t]+)?([A-Za-z][A-Za-z' ]{0,40}):[ \t]*")
# A capitalised word right before digits, which may write one name with them: "One 97" where
# the text also writes "One97".
WORD_BEFORE = _compiled(r"([A-Z][A-Za-z]*)[ \t]\Z")
# Two numbers joined by "to": a scale written on the second only is the first's too ("$45 to
# $50 billion").
TO_BETWEEN = _compiled(r"[ \t]+to[ \t]+")
# A count that names what it counts before it: "a billion users, 711 million of whom".
OF_WHOM = _compiled(r"[ \t]+of[ \t]+(?:whom|which|them|these|those)\b")
ANTECEDENT = _compiled(r"([a-z]+)[ \t]*,[ \t]*\Z")
# A count after "with" counts the noun before the comma: "the most accounts, with 900 million".
NOUN_WITH = _compiled(r"\b([a-z]+)[ \t]*,[ \t]*with[ \t]+\Z")
# "the number of merchants grew from 200 … to 2,000": what "the number of" names is counted.
NUMBER_OF = _compiled(r"\b[Nn]umbers?[ \t]+of[ \t]+((?:[A-Za-z'’-]+[ \t]+){0,3}?)([a-z]+)\b")
# A count after a verb of reaching counts the clause's subject: "users have surpassed 700
# million", "Worldwide users of Alipay, China's leading platform, exceed 1 billion".
REACHING_VERB = _compiled(
    r"\b(?:exceed(?:s|ed)?|surpass(?:es|ed)?|top(?:s|ped)?|reach(?:es|ed)?|hit|hits"
    r"|total(?:s|led|ed|ling|ing)?|number(?:s|ed|ing)?|cross(?:es|ed)?"
    r"|(?:stood|stands|grew|rose|climbed|jumped)[ \t]+(?:at|to))"
    r"[ \t]+(?:the[ \t]+)?\Z"
)
# The words of the subject before such a verb, back to the clause's start; a digit or a word
# that starts another clause between the noun and the verb stops the search.
SUBJECT_WORDS = _compiled(r"[A-Za-z]+|[0-9]|[.!?;:]")
CLAUSE_BREAKS = frozenset(["and", "but", "while", "whereas", "which", "who", "that"])
# A plural noun right after a bare number makes it a count ("two pillars", "30 cities").
PLURAL = _compiled(
    r"(?!(?:was|has|does|this|thus|plus|less|across|its|his|whereas|unless|always"
    r"|perhaps|besides|towards|is|as|us)\b)[a-z]{2,}s\b"
)
# A code of a listed stock, not a quantity: "9988.HK", "SH:600519", "stock code 688001".
CODE_SUFFIX = _compiled(r"\.(?:HK|SS|SH|SZ|SI|TW|KS|KQ|T|L|N|O)\b")
CODE_PREFIX = _compiled(
    r"(?:\b(?:SH|SZ|SS|HK|HKEX|HKG|SEHK|SSE|SZSE|SHA|SHE|STAR)[ \t]?[:：][ \t]?"
    r"|\b(?:[Ss]tock[ \t]+)?(?:[Cc]ode|[Tt]icker|[Ss]ymbol)[ \t]*[:：]?[ \t]*)\Z"
)
# A bare number in a sentence that names a ticker or stock code is a code: "The stock ticker
# in Shanghai will be 688688; in Hong Kong it is 6688."
CODE_WORDS = _compiled(r"\b(?:[Tt]icker|[Ss]tock[ \t]+code|[Ss]ymbol)s?\b")
SENTENCE_END = _compiled(r"[.!?][ \t\n]|\n")
# What may stand between the numbers of a list, so that a bare one takes the unit of the one
# before it: "(VMMXX, $131.2 billion), Fidelity (FDRXX, $115.5B) and (CJPXX, 104.9b)".
LIST_GLUE = _compiled(r"(?:[ \t,;()\[\]&.]|and\b|or\b|with\b|[A-Z][A-Za-z0-9'’-]*+)*+")
# "On September, 19": a comma between month and day only after "on".
ON_BEFORE = _compiled(r"\b[Oo]n[ \t]+\Z")
# A word before a bare year that makes it one even with a noun after: "In 2020 banks lent".
YEAR_PREPOSITION = _compiled(r"\b(?:[Ii]n|[Ss]ince|[Bb]y|[Dd]uring|[Uu]ntil|[Ff]rom)[ \t]+\Z")
# Digits that write no quantity in English text, so a code: "00700", "09988", "688001".
BARE_CODE = _compiled(r"0[0-9]{4,5}|[36][0-9]{5}")
# A sentence about a shopping festival, where "11.11" and "11/11" are its day.
FESTIVAL_WORDS = _compiled(r"[Ff]estival|[Ss]hopping|[Ss]ingles|[Ss]ales? day|Double")
# A modal or qualifier before a bare verb of a multiple: "will double", "expected to triple".
MODAL_BEFORE = _compiled(r"\b(?:to|will|would|could|can|may|might|should|must)[ \t]+\Z")
# A capitalised word written against the digits by a hyphen, naming something: "COVID-19",
# "Boeing-737" (but "Mid-2020", "Pre-2020" are dates).
NAME_AFTER = _compiled(r"-[A-Z][a-z]")  # "7-Eleven"
# A word with digits or a domain before a slash: what follows is part of a name or an address
# ("Money20/20", "businesswire.com/news/home/20250204295908/").
NAME_OR_ADDRESS = _compiled(r"[A-Za-z][0-9]|\.[a-z]")
NAME_BEFORE = _compiled(r"\b(?!(?:Mid|Pre|Post|Early|Late|End|Year|Top)-)[A-Z][A-Za-z]*-\Z")
# A name and a comma before a bare number, as news gives a person's age: "said Huang, 43, who".
APPOSITIVE_AGE = _compiled(r"\b[A-Z][a-z]+,[ \t]\Z")
# A capitalised word after a capitalised number word inside a sentence: a name ("Six Group").
CAPITALISED_NAME = _compiled(r"[ \t]+[A-Z]")
# Between two days of one year: "November 20 and November 23 2020".
DATES_JOINED = _compiled(r"[ \t]*(?:,|and|or|to|through|until|[-–])[ \t]*")
# A day written against a word, as pages' date lines glue it: "GMT2017-10-13" (the scanner
# starts no mention inside a word, so it meets the month first).
GLUED_ISO = _compiled(
    rf"(?<=[^\W\d_])(?P<year>{YEAR})-(?P<mo>0[1-9]|1[0-2])-(?P<day>{DAY})(?![0-9])"
)
# "half a year": a duration of 0.5 years.
HALF_A_PERIOD = _compiled(r"[ \t]+an?[ \t]+(year|month|day)\b")
# "a population of 3.28 million": a group's noun before "of" and the number.
GROUP_OF = _compiled(
    r"\b([a-z]+(?:[ \t][a-z]+)?)[ \t]+of[ \t]+(?:just[ \t]+|only[ \t]+|some[ \t]+)?\Z"
)
# "three of the people", "four of China's top regulators", "2 million of its 450 million
# users": the noun after "of the", "of its" or "of a name's" is what a bare number counts.
OF_THE = _compiled(
    r"[ \t]+of[ \t]+(?:the|its|their|our|his|her|[A-Z][\w&.-]*['’]s)"
    r"(?:[ \t]+[0-9][0-9,.]*(?:[ \t]*(?:thousand|million|billion|trillion|m|bn)\b)?)?(?=[ \t])"
)
# A scale word capitalised after the digits, as a headline writes it: "Over 600 Million People".
HEADLINE_SCALE = _compiled(r"[0-9][ \t]+(?:Thousand|Million|Billion|Trillion)\b")
# Between a bare number and a number with a unit that it shares: "for 7 and 14 days".
AND_BETWEEN = _compiled(r"[ \t]+(?:and|or|to)[ \t]+")
# Names whose number is part of them, a word before the digits: the pandemic ("COVID-19",
# "COVID 19"), market indexes ("S&P 500", "CSI 300", "Nifty-50"), standards ("ISO 27001") and
# events and plans named by their year ("UEFA Euro 2024", "Expo 2020", "Vision 2030"), and
# tiers ("Tier 1 capital", "tier-2 cities").
NAMES_BEFORE_DIGITS = frozenset(
    ["COVID", "Covid", "S&P", "FTSE", "Nasdaq", "NASDAQ", "Nikkei", "CSI", "Russell", "DAX",
     "CAC", "KOSPI", "Nifty", "NIFTY", "Sensex", "MSCI", "ISO", "Euro", "EURO", "Expo",
     "EXPO", "Vision", "Tier", "tier"]
)  # fmt: skip
