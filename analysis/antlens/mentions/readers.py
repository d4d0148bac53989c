"""Reading each match of the scanner into `Mention` records, one reader per alternative.

`READERS[name](text, match)` takes the alternative's own match (`patterns.DETAIL[name]`) and
returns its mentions: none, one, or two for a range.
"""

from __future__ import annotations

import functools
import re

from antlens.mentions.patterns import (
    AND_BETWEEN,
    ANTECEDENT,
    APPOSITIVE_AGE,
    BARE_CODE,
    CAPITALISED_NAME,
    CLAUSE_BREAKS,
    CODE_PREFIX,
    CODE_SUFFIX,
    CODE_WORDS,
    COUNTED_WORD,
    COUNTED_WORD_JOINED,
    DATES_JOINED,
    DETAIL,
    FESTIVAL_WORDS,
    GLUED_ISO,
    GROUP_OF,
    HALF_A_PERIOD,
    HEADLINE_SCALE,
    HYPHENED_NOUN,
    LINE_LABEL,
    LIST_GLUE,
    MODAL_BEFORE,
    NAME_AFTER,
    NAME_BEFORE,
    NAME_OR_ADDRESS,
    NAMES_BEFORE_DIGITS,
    NOUN_WITH,
    NUMBER_ALONE,
    NUMBER_OF,
    OF_THE,
    OF_WHOM,
    ON_BEFORE,
    PLURAL,
    REACHING_VERB,
    SENTENCE_END,
    STRONG,
    SUBJECT_WORDS,
    TO_BETWEEN,
    WORD_BEFORE,
    YEAR_PREPOSITION,
)
from antlens.mentions.record import Mention, make_mention
from antlens.number_words import (
    COMPARISONS,
    DATE_QUALIFIERS,
    MONTHS,
    MULTIPLE_VERBS,
    NUMERIC_QUALIFIERS,
    ORDINALS,
    SCALE_WORDS,
    TRAILING_QUALIFIERS,
    VAGUE,
    digits_value,
    fraction_value,
    key,
    look,
    words_value,
)
from antlens.units import (
    COUNTED_NOUNS,
    CURRENCY_CODES,
    CURRENCY_CODES_BEFORE_AMOUNTS,
    CURRENCY_SYMBOLS,
    DEMONYMS,
    DURATION_WORDS,
    GROUP_NOUNS,
    IRREGULAR_PLURALS,
    KIND_OF_UNIT,
    NOUNS_OF_NO_UNIT,
    RUPEE_SPELLINGS,
    UNIT_WORDS,
    UNITLESS_WORDS,
)
from antlens.wordnet import unit_of_plural

# ---------------------------------------------------------------- dates


def _date(text, m, value: float, date: str, span: tuple[int, int] | None = None) -> list[Mention]:
    qualifier = look(DATE_QUALIFIERS, m["dq"]) if m["dq"] else "exact"
    start, end = span or m.span()
    return [make_mention(text, start, end, value, 1.0, "date", "date", qualifier, date)]


def _iso(text, m):
    month = int(m["mo"] or m["mo2"]) if m["mon"] is None else _month_number(m["mon"])
    return [_day(text, m, month, int(m["day"] or m["day2"] or m["day3"]), m["year"])]


def _dotted(text, m):
    month, day = int(m["mo"] or m["mo2"]), int(m["day"] or m["day2"])
    return [_day(text, m, month, day, m["year"] or m["year2"])]


def _month_number(name: str) -> int:
    """ "Nov." -> 11."""
    return look(MONTHS, name.rstrip(".").lower())


def _month_day(text, m):
    if m["comma"] and not ON_BEFORE.search(text, max(m.start("mon") - 4, 0), m.start("mon")):
        # "By September, 19 banks had joined": a month name, then a number of its own
        return _number_at(text, m, m.start("day"))
    return _day_month(text, m)


def _number_at(text, m, position: int) -> list[Mention]:
    """The mentions of the general case read at `position` of `m`'s text, for a shape that
    turns out to be none ("September, 19 banks", "3/10", "51:49" that is no split)."""
    number = DETAIL["num"].match(m.string, position)
    return _num(text, number) if number else []


def _day_month(text, m):
    if "day2" in m.re.groupindex and m["day2"]:
        return _days(text, m)
    month, day, year = _month_number(m["mon"]), int(m["day"]), m["year"]
    return [_day(text, m, month, day, year)]


def _day(text, m, month: int, day: int, year: str | None, span=None) -> Mention:
    if year:
        return _date(text, m, float(year), f"{year}-{month:02d}-{day:02d}", span)[0]
    return _date(text, m, float(day), f"--{month:02d}-{day:02d}", span)[0]


def _days(text, m):
    """ "Oct. 1 to 7", "June 3-5, 2019": two days of the one month, "Oct. 1" and "7"."""
    month, year = _month_number(m["mon"]), m["year2"]
    first, last = int(m["day"]), int(m["day2"])
    number = _number_at(text, m, m.start("day2"))
    if last <= first or any(n.unit or n.counted for n in number):
        # "June 9 to 2 people", "May 3 to 10 cities": a day, then a number of its own
        return [_day(text, m, month, first, None, (m.start(), m.end("day"))), *number]
    return [
        _day(text, m, month, first, year, (m.start(), m.end("day"))),
        _day(text, m, month, last, year, (m.start("day2"), m.end())),
    ]


def _month_year(text, m, span: tuple[int, int] | None = None, group: str = "mon"):
    month = _month_number(m[group])
    return _date(text, m, float(m["year"]), f"{m['year']}-{month:02d}", span)


def _months(text, m):
    """ "between March and August 2024": two months of the one year, "March" (2024-03) and
    "August 2024" (2024-08)."""
    return [
        *_month_year(text, m, (m.start(), m.end("mon"))),
        *_month_year(text, m, (m.start("mon2"), m.end()), "mon2"),
    ]


def _half_or_quarter(text, m, letter: str, number: int, year: str | None, span=None):
    if letter == "H" and number > 2:
        return []  # "the third half" is no period
    if year:
        return _date(text, m, float(year), f"{year}-{letter}{number}", span)
    return _date(text, m, float(number), f"--{letter}{number}", span)


def _period(text, m):
    letter = "H" if m["name"] == "half" else "Q"
    return _half_or_quarter(text, m, letter, look(ORDINALS, m["ord"].lower()), m["year"])


def _periods(text, m):
    """ "the third and fourth quarters of 2017": two periods of the one year, "the third"
    and "fourth quarters of 2017"."""
    letter = "H" if m["name"].startswith("hal") else "Q"
    first, second = (look(ORDINALS, m[group].lower()) for group in ("ord", "ord2"))
    return [
        *_half_or_quarter(text, m, letter, first, m["year"], (m.start(), m.end("ord"))),
        *_half_or_quarter(text, m, letter, second, m["year"], (m.start("ord2"), m.end())),
    ]


def _qtr(text, m):
    if m["p"]:
        return _half_or_quarter(text, m, m["p"], int(m["n"]), m["year"])
    if m["p2"]:
        return _half_or_quarter(text, m, m["p2"], int(m["n2"]), m["year2"])
    return _half_or_quarter(text, m, m["p3"], int(m["n3"]), _full_year(m["year3"]))


def _full_year(year: str) -> str:
    """A year as written, two digits read as this century's: "21" -> "2021"."""
    return year if len(year) == 4 else f"20{year}"


def _ordinal_day(text, m):
    """ "on the 18th": the day of a month the text names before (ISO "---18")."""
    day = int(m["day"])
    return [make_mention(text, m.start(), m.end(), float(day), 1.0, "date", "date",
                         date=f"---{day:02d}")]  # fmt: skip


def _us_date(text, m):
    year = m["year2"] or _full_year(m["year"])
    return [_day(text, m, int(m["mo"]), int(m["day"]), year)]


def _fy(text, m):
    """ "FY2020", "FY25" (2025), "Q1FY26" (2026-Q1): the fiscal year as written."""
    year = m["year"] or _full_year(m["yy"])
    if m["n"]:
        return _half_or_quarter(text, m, "Q", int(m["n"]), year)
    return _date(text, m, float(year), year)


def _decade(text, m):
    return _date(text, m, float(m["year"]), m["year"][:3])


def _tens(text, m):
    """ "the ’90s", "the 90s": a decade (ISO "199"; '00s to '20s are this century's);
    otherwise an age by decade, "in their 40s": at least 40 years."""
    tens, start = int(m["tens"]), m.start("tens")
    before = text[max(start - 4, 0) : start]  # the ASCII apostrophe is the scan's separator
    if m["apos"] or before.endswith("'") or before in ("the ", "The "):
        decade = ("20" if tens <= 20 else "19") + m["tens"][0]
        return [make_mention(text, start, m.end(), float(decade + "0"), 1.0, "date", "date",
                             date=decade)]  # fmt: skip
    return [make_mention(text, start, m.end(), float(tens), 1.0, "years", "duration", "at_least")]


# ---------------------------------------------------------------- other shapes


def _word_unit(word: str) -> tuple[str | None, str]:
    """A unit word after a number -> (unit, kind): "yuan" -> CNY, amount; "basis points" ->
    no unit, kind other (the vocabulary has no unit for them)."""
    if word[0] in "Bb" and key(word) in UNITLESS_WORDS:
        return None, "other"
    unit = look(UNIT_WORDS, word)
    return unit, KIND_OF_UNIT[unit]


def _garbled(text, m):
    unit, kind = _word_unit(m["word"]) if m["word"] else (None, "count")
    counted = m["word"] if kind == "count" else None
    return [make_mention(text, m.start(), m.end(), None, 1.0, unit, kind, flag="garbled",
                         counted=counted)]  # fmt: skip


def _clock(text, m):
    """ "8pm" -> 8, "10:30 a.m." -> 10, "15:21:21" -> 15: the hour, no unit (the vocabulary
    has no time of day)."""
    return [make_mention(text, m.start(), m.end(), float(m["hour"] or m["hour2"]))]


def _numero(text, m):
    return [make_mention(text, m.start(), m.end(), float(m["no"]))]


def _no_number(text, m):
    return []  # "24/7", a telephone number


def _settlement(text, m):
    return [make_mention(text, m.start(), m.end(), float(m["days"]), 1.0, "days", "duration")]


def _ratio(text, m):
    """ "one in three", "about one out of six": a share, as a fraction."""
    num, den = (words_value(g)[0] if g[0].isalpha() else float(g) for g in (m["num"], m["den"]))
    qualifier = look(NUMERIC_QUALIFIERS, m["q"]) if m["q"] else "exact"
    if not den:
        return []
    return [make_mention(text, m.start(), m.end(), num / den, 1.0, None, "share", qualifier)]


def _split(text, m):
    """ "a 51:49 ownership": two shares that make a hundred, 51 and 49 percent; other pairs
    ("10:30", "3:1") are two numbers of their own."""
    a, b = int(m["a"]), int(m["b"])
    if a + b == 100:
        return [make_mention(text, *m.span(group), float(m[group]), 1.0, "percent", "share")
                for group in ("a", "b")]  # fmt: skip
    return [*_number_at(text, m, m.start("a")), *_number_at(text, m, m.start("b"))]


def _vague(text, m):
    value = look(VAGUE, m["vague"])[0]
    scale = VAGUE[m["scale"]][1]
    return [make_mention(text, m.start(), m.end(), value, scale, None, "other", "at_least")]


def _multiple(text, m):
    """ "has tripled", "more than quadruple", "will double": the multiple, no unit; a bare form
    with neither a qualifier nor a modal before it is an adjective ("triple-A")."""
    verb, qualifier = m["verb"], look(NUMERIC_QUALIFIERS, m["q"]) if m["q"] else "exact"
    bare = verb.lower().endswith("le")
    if bare and not m["q"] and not MODAL_BEFORE.search(text, max(m.start() - 12, 0), m.start()):
        return []
    value = float(look(MULTIPLE_VERBS, verb))
    return [make_mention(text, m.start(), m.end(), value, 1.0, None, "other", qualifier)]


def _festival(text, m):
    """ "11.11", "11/11", "6.18" in a sentence about a shopping festival, and "Double 11": the
    day of the year (--11-11); elsewhere the digits are read as any number ("11.11 million",
    "3/10")."""
    if m["double"]:
        day = 11 if m["double"] in ("11", "Eleven") else 12
        return [make_mention(text, m.start(), m.end(), float(day), 1.0, "date", "date",
                             date=f"--{day}-{day}")]  # fmt: skip
    number = DETAIL["num"].match(m.string, m.start())
    if number.end() <= m.end() and FESTIVAL_WORDS.search(
        text, max(m.start() - 80, 0), m.end() + 60
    ):
        month, day = int(m["mo"]), int(m["day"])
        return [make_mention(text, m.start(), m.end(), float(day), 1.0, "date", "date",
                             date=f"--{month:02d}-{day:02d}")]  # fmt: skip
    second = _number_at(text, m, m.start("day")) if number.end() < m.end() else []
    return [*_num(text, number), *second]  # "3/10": 3 and 10


def _fraction(text, m):
    value = fraction_value(m["num"] or m["num2"], m["den"] or m["den2"])
    qualifier = look(NUMERIC_QUALIFIERS, m["q"]) if m["q"] else "exact"
    if value == 0.5 and (period := HALF_A_PERIOD.match(text, m.end())):
        unit = DURATION_WORDS[period[1]]  # "in under half a year": 0.5 years
        return [make_mention(text, m.start(), period.end(), value, 1.0, unit, "duration",
                             qualifier)]  # fmt: skip
    return [make_mention(text, m.start(), m.end(), value, 1.0, None, "share", qualifier)]


# ---------------------------------------------------------------- numbers and counts


COUNTED_WORDS_MAX = 5  # "nearly ten major overseas smart payment companies"


def counted_after(
    text: str, end: int, start: int | None = None
) -> tuple[str | None, str | None, int]:
    """What the number ending at `end` counts -> (unit, counted words, end of the mention).

    Up to five words follow that are no function words — capitalised ones too ("600 million
    Chinese investors"), two joined by "and"/"or" ("small and micro enterprises") — and end
    after a plural noun of the vocabulary; the last of them that is a counted noun of the
    vocabulary names the unit and ends the mention ("300 million registered users" -> persons,
    "registered users"); a two-word noun counts too ("user base"). A singular noun counts
    only where the words end before a sixth ("monthly active user,"), so that "company
    plans" names no company, or written against the number ("a 28-member panel" -> persons,
    "member"). Without a known noun, the first plural within three words is what is counted,
    with the unit WordNet gives it (`antlens.wordnet`: "40 lawmakers" -> persons) or none, when
    the mention keeps its end ("two pillars" -> "pillars", "40 lifestyle mini-programs" ->
    "lifestyle mini-programs").
    """
    if strong := STRONG.match(text, end):
        return _strong_group(text, end, strong.end())
    if text[end - 1 : end].isalpha() and (of_the := OF_THE.match(text, end)):
        unit, counted, _ = counted_after(text, of_the.end())
        return (unit, counted, end) if unit else (None, None, end)  # "three of the people"
    if (hyphened := HYPHENED_NOUN.match(text, end)) and (unit := COUNTED_NOUNS.get(hyphened[1])):
        return unit, hyphened[1], hyphened.end()
    words = _words_after(text, end)
    capitalised = words and words[0][1][0].isupper() and start is not None
    if capitalised and (headline := _headline_count(text, words, end, start)):
        return headline
    for i in range(len(words) - 1, -1, -1):
        noun = words[i][1]
        if not noun[0].islower():
            # a demonym is what is counted where a verb follows ("1.2 million Chinese visited")
            noun_last = i == len(words) - 1 or words[i + 1][1].endswith("ed")
            unit = _acronym_unit(noun) or (DEMONYMS.get(noun.lower()) if noun_last else None)
            if unit:
                return unit, text[words[0].start(1) : words[i].end()], words[i].end()
            continue  # a name ("Alipay users") or a defined term ("41,768,000 H Shares")
        # the head of a compound before the noun names what is counted: "small-business
        # customers" are businesses
        pair = f"{words[i - 1][1].lower().rpartition('-')[2]} {noun}" if i else None
        if (unit := COUNTED_NOUNS.get(pair)) is None:
            unit = COUNTED_NOUNS.get(noun) or COUNTED_NOUNS.get(noun.rpartition("-")[2])
            last = i == len(words) - 1 and len(words) < COUNTED_WORDS_MAX
            unit = unit if _is_plural(noun) or last else None
        if unit:
            return unit, text[words[0].start(1) : words[i].end()], words[i].end()
    for word in words[:3]:
        if PLURAL.fullmatch(noun := word[1].rpartition("-")[2]):
            counted = text[words[0].start(1) : word.end()]
            # "40 lawmakers": WordNet's persons; "1,670,706,000 H-shares": the noun after a letter
            hyphened = COUNTED_NOUNS.get(noun) if "-" in word[1] else None
            if unit := hyphened or _wordnet_unit(noun):
                return unit, counted, word.end()
            return None, counted, end
    return None, None, end


def _acronym_unit(word: str) -> str | None:
    """The unit of a plural acronym of the vocabulary: "SMEs", "MSMEs" -> enterprises."""
    return COUNTED_NOUNS.get(word.lower()) if word[:-1].isupper() and word[-1] == "s" else None


def _strong_group(text: str, end: int, after: int) -> tuple[str | None, str | None, int]:
    """ "80-million-strong merchant network" -> merchants, "merchant network": a group's size,
    counting the noun of the vocabulary among its words, singular or plural; a group of
    nothing the vocabulary counts ("a 300-strong team") is no count."""
    words = _words_after(text, after)
    for word in words:
        if unit := COUNTED_NOUNS.get(word[1]):
            return unit, text[words[0].start(1) : words[-1].end()], words[-1].end()
    return None, None, end


def _words_after(text: str, end: int) -> list[re.Match]:
    """The words after a number that may name what it counts (see `counted_after`)."""
    words: list[re.Match] = []
    position = end
    while len(words) < COUNTED_WORDS_MAX:
        word = COUNTED_WORD.match(text, position)
        if word is None and words and not PLURAL.fullmatch(words[-1][1].rpartition("-")[2]):
            word = COUNTED_WORD_JOINED.match(text, position)  # "small and micro enterprises"
        if word is None:
            break
        words.append(word)
        position = word.end()
        if _is_counted_plural(word[1]) and not _is_counted_plural(_next_word(text, position)):
            break  # "10 firms lending customers money" counts firms, "payments customers" persons
    return words


def _is_counted_plural(word: str | None) -> bool:
    return word is not None and _is_plural(word) and (word in COUNTED_NOUNS or _acronym_unit(word))


def _next_word(text: str, position: int) -> str | None:
    word = COUNTED_WORD.match(text, position)
    return word[1] if word else None


def counted_before(text: str, start: int, end: int) -> tuple[str | None, str | None]:
    """What a number counts that names it before itself -> (unit, counted noun): the noun
    before "N of whom" ("a billion users, 711 million of whom" -> persons, "users"), or the
    subject of a verb of reaching ("users have surpassed 700 million" -> persons, "users"),
    or what "the number of" names earlier in the sentence ("the number of merchants grew from
    200 … to 2,000" -> merchants, "merchants"), or a group's noun before "of" ("a population of
    3.28 million" -> persons); (None, None) otherwise."""
    if label := _line_label(text, start):
        return label
    if found := _number_of(text, start):
        return found
    if text.startswith("of", start - 3) or text.startswith("of", start - 8):
        group = GROUP_OF.search(text, max(start - 40, 0), start)
        if group and (unit := GROUP_NOUNS.get(group[1]) or GROUP_NOUNS.get(group[1].split()[-1])):
            return unit, group[1]  # "a population of 3.28 million"
    if OF_WHOM.match(text, end):
        antecedent = ANTECEDENT.search(text, max(start - 40, 0), start)
        if antecedent and (unit := COUNTED_NOUNS.get(antecedent[1])):
            return unit, antecedent[1]
        return None, None
    window = max(start - 40, 0)  # "with" is rare before a number: looked for before the regex
    noun = text.find("with", window, start) != -1 and NOUN_WITH.search(text, window, start)
    if noun and (unit := COUNTED_NOUNS.get(noun[1])) and _is_plural(noun[1]):
        return unit, noun[1]
    verb = REACHING_VERB.search(text, max(start - 24, 0), start)
    if verb is None:
        return None, None
    words = SUBJECT_WORDS.findall(text, max(verb.start() - 160, 0), verb.start())
    after = ""
    for word in reversed(words):
        noun = word.lower()
        if not noun.isalpha() or noun in CLAUSE_BREAKS:
            break  # a digit, a clause's end or another clause's start
        if unit := COUNTED_NOUNS.get(f"{noun} {after}"):
            return unit, f"{word} {after}"  # "The customer base has now crossed …"
        if (unit := COUNTED_NOUNS.get(noun)) and _is_plural(noun):
            return unit, word
        after = noun
    return None, None


def _number_of(text: str, start: int) -> tuple[str, str] | None:
    """The counted noun of "the number of …" in the sentence before `start`, None without."""
    if text.find("umber", max(start - 100, 0), start) == -1:
        return None  # most numbers: no "number" before them to look for in their sentence
    window = _sentence_start(text, start, 100)
    named = [found[2] for found in NUMBER_OF.finditer(text, window, start)]
    noun = named[-1] if named else None
    if noun and _is_plural(noun) and (unit := COUNTED_NOUNS.get(noun) or _wordnet_unit(noun)):
        return unit, noun
    return None


def _wordnet_unit(noun: str) -> str | None:
    """The unit WordNet gives a plural noun outside the vocabulary, unless the policy reads it
    otherwise (`NOUNS_OF_NO_UNIT`)."""
    return None if noun in NOUNS_OF_NO_UNIT else unit_of_plural(noun)


def _is_plural(noun: str) -> bool:
    return noun.endswith("s") or noun in IRREGULAR_PLURALS


def _line_label(text: str, start: int) -> tuple[str, str] | None:
    """The counted noun of a label that starts the number's line: "- Total shares sold: 25.51
    million" -> (shares, "shares"); None without such a label."""
    if ":" not in text[max(start - 3, 0) : start]:
        return None  # most numbers: no colon before them, no label
    window = max(start - 48, 0)  # a label is short: never search a long line back
    line = text.rfind("\n", window, start) + 1
    label = LINE_LABEL.fullmatch(text, line, start) if line or not window else None
    for word in reversed(label[1].split() if label else []):
        if word.endswith("s") and (unit := COUNTED_NOUNS.get(word.lower())):
            return unit, word
    return None


def _written_joined(text: str, start: int, end: int) -> bool:
    """Whether the digits `text[start:end]` are part of a name the text also writes as one
    word with the capitalised word before them: "One 97" where "One97" is written nearby."""
    if start < 2 or text[start - 1] != " " or not text[start - 2].isalpha():
        return False
    word = WORD_BEFORE.search(text, max(start - 24, 0), start)
    joined = word and word[1] + text[start:end]
    return bool(joined) and text.find(joined, max(start - 4000, 0), end + 4000) != -1


def _code_span(text: str, start: int, end: int, year: bool) -> tuple[int, int] | None:
    """The span of the stock code whose digits are `text[start:end]` ("9988.HK",
    "SH:600519", "stock code 6688", "6688" in a sentence about tickers), None when the words
    around them name no exchange and no code."""
    if (suffix := CODE_SUFFIX.match(text, end)) is not None:
        return start, suffix.end()
    if (prefix := CODE_PREFIX.search(text, max(start - 16, 0), start)) is not None:
        return prefix.start(), end
    if not year and end - start >= 4 and _in_a_sentence_about_codes(text, start):
        return start, end
    return None


def _in_a_sentence_about_codes(text: str, start: int) -> bool:
    """Whether the sentence before `start` names a ticker or stock code: "The stock ticker in
    Shanghai will be 688688; in Hong Kong it is 6688"."""
    return CODE_WORDS.search(text, _sentence_start(text, start, 160), start) is not None


def _sentence_start(text: str, start: int, reach: int) -> int:
    """Where the sentence holding `start` begins, looking back at most `reach` characters."""
    window = max(start - reach, 0)
    for sentence_end in SENTENCE_END.finditer(text, window, start):
        window = sentence_end.end()
    return window


def _after_year_preposition(text: str, m: re.Match) -> bool:
    """Whether the number follows "in", "since", "by", … with nothing between: a year."""
    if m["q"] or m["q2"] or m["pre"]:
        return bool(m["q"] and not m["q2"] and not m["pre"] and m["q"].lower() in DATE_QUALIFIERS)
    start = m.start("num")
    return YEAR_PREPOSITION.search(text, max(start - 8, 0), start) is not None


def _number(m: re.Match) -> tuple[float | None, float, str | None, bool, str | None]:
    """NUMBER_PARTS groups -> (value, scale, currency, is a plain integer, flag).

    A comma chain that is no thousands grouping ("1,000,00") has value None, flag
    "ambiguous".
    """
    cur, sign, digits, scale_word, spaced, words = m.group("cur", "sg", "d", "s", "s2", "w")
    currency = None
    if cur:
        cur = cur.rstrip(" \t").lower()
        currency = (
            CURRENCY_SYMBOLS.get(cur)
            or CURRENCY_CODES.get(cur)
            or CURRENCY_CODES_BEFORE_AMOUNTS[cur]
        )
        if cur in RUPEE_SPELLINGS:
            currency = _rupee_of(m.string)
    if digits is None:
        value, scale = words_value(words)
        return value, scale, currency, False, None
    scale_word = scale_word or spaced
    scale = look(SCALE_WORDS, scale_word.lstrip(" \t\u00a0-")) if scale_word else 1.0
    plain = scale_word is None and currency is None and sign is None and digits.isdigit()
    value = digits_value(digits)
    if value is None:
        return None, scale, currency, False, "ambiguous"
    return (-value if sign and sign[0] != "+" else value), scale, currency, plain, None


def _unit_of(m: re.Match) -> tuple[str | None, str | None, str | None]:
    """The unit suffix -> (unit, kind, counted noun); all None when there is none."""
    pct, pct2, word, duration, times, fold, x = m.group(
        "pct", "pct2", "word", "dur", "times", "fold", "x"
    )
    if pct or pct2:
        return "percent", "share", None
    if word:
        unit, kind = _word_unit(word)
        return unit, kind, word if kind == "count" else None
    if duration:
        return look(DURATION_WORDS, duration), "duration", None
    if times or fold or x:
        return None, "other", None
    return None, None, None


def _num(text, m):
    q, q2, pre, btw, b, w, trail, digits = m.group("q", "q2", "pre", "btw", "b", "w", "trail", "d")
    num_start, end = m.span("num")
    if (
        text[num_start - 1 : num_start] == "-"
        and (glued := _glued_day(text, num_start)) is not None
    ):
        return glued
    unit, kind, counted = _unit_of(m)
    if pre:
        unit, kind = ("points", "score") if "core" in pre else ("years", "duration")
    date_q = DATE_QUALIFIERS.get(q.lower()) if q and not q2 else None  # "after 2011"
    qualifier = look(NUMERIC_QUALIFIERS, q2 or q) if q2 or (q and not date_q) else "exact"
    if trail:
        qualifier = look(TRAILING_QUALIFIERS, trail)
    elif m["plus"]:
        qualifier = "at_least"
    # where the span starts when a leading "after"/"since" turns out not to qualify a year
    body = m.start("pre") if pre else m.start("q2") if q2 else m.start("btw" if btw else "a")
    if btw or b:
        return _range(text, m, (unit, kind, counted), qualifier, body if date_q else num_start)
    value, scale, currency, plain, flag = _number(m)
    if m["word"]:
        unit, kind, end = _written_unit(text, m, unit, kind, scale)
        if kind == "count" and _is_counted_plural(_next_word(text, m.end("word"))):
            unit, counted, end = counted_after(text, m.end("a"))  # "520m payments customers"
    if pre and unit == "points" and scale != 1.0:
        unit, kind = None, None  # "a score of 8 million tpmC" is no credit score
    if currency and unit is None:
        unit, kind = currency, "amount"
    if w and w.lower() == "one" and not _one_is_a_number(text, m, kind):
        return []  # "no one", "one day": not quantities
    if (
        w
        and w[0].isupper()
        and kind is None
        and (_mid_sentence(text, num_start) or text[num_start - 1 : num_start] in ("“", '"'))
        and CAPITALISED_NAME.match(text, m.end("num"))
    ):
        return []  # "Switzerland's Six Group", "“Two Chains and One Bridge”": names
    if digits and _after_a_name(text, num_start):
        return []  # "COVID-19", "COVID 19": digits of a name
    bare = digits and kind is None and currency is None and scale == 1.0 and not q
    if bare and _is_a_marker_or_version(text, num_start, end):
        return []  # "[1]", a note's marker; "Web 2.0", a version
    if plain and kind is None and _is_an_age(text, num_start, end, value):
        unit, kind = "years", "duration"  # "said Huang, 43, who ..."
    if plain and kind == "count" and 1800 <= value <= 2100 and _after_year_preposition(text, m):
        unit, kind, counted, end = None, None, None, m.end("a")  # "In 2020 banks lent"
    during = q is not None and q2 is None and q.lower() == "over"  # "spent more over 2024"
    year = plain and unit is None and 1800 <= value <= 2100
    year = year and (date_q is not None or during or qualifier not in COMPARISONS)
    if date_q and year:
        qualifier = date_q
    start = body if date_q and not year else num_start
    if during and year:
        qualifier, start = "exact", m.start("a")
    code = plain and kind is None and 3 <= len(digits) <= 6 and _code_span(text, start, end, year)
    if code:
        return [make_mention(text, *code, None, is_code=True)]
    if kind is None and not year:
        unit, counted, end = counted_after(text, end, start)
        if counted is None:
            unit, counted = counted_before(text, start, end)
        if plain and counted is None and qualifier == "exact":
            if BARE_CODE.fullmatch(digits):
                return [make_mention(text, start, end, None, is_code=True)]
            if _written_joined(text, start, end) or _inside_a_name(text, m, end):
                return []  # "One 97", "7-Eleven": digits of a name
    return [_classified(text, start, end, value, scale, unit, kind, qualifier, year, flag, counted)]


def _glued_day(text: str, start: int) -> list[Mention] | None:
    """The mention of a day glued to a word ("GMT2017-10-13") where `start` is its month, no
    mention where it is its day; None where `start` is in no such day."""
    day = GLUED_ISO.search(text, max(start - 5, 0), start + 6)
    if day is None or not day.start("mo") <= start <= day.start("day"):
        return None
    if start == day.start("day"):
        return []
    iso = f"{day['year']}-{day['mo']}-{int(day['day']):02d}"
    return [make_mention(text, day.start(), day.end(), float(day["year"]), 1.0, "date", "date",
                         date=iso)]  # fmt: skip


def _written_unit(text: str, m: re.Match, unit, kind, scale: float) -> tuple:
    """(unit, kind, end of the mention), where the text decides what a unit word means: a
    rupee is the rupee of the country the text is about (`_rupee_of`); "won" after a bare
    number is a verb ("in 2016 won a licence"), after an amount the Korean won."""
    word = key(m["word"])
    if word in RUPEE_SPELLINGS:
        return _rupee_of(text), kind, m.end("num")
    if word == "won" and scale == 1.0 and "," not in (m["d"] or ""):
        return None, None, m.end("a")
    return unit, kind, m.end("num")


@functools.lru_cache(maxsize=8)
def _rupee_of(text: str) -> str:
    """The rupee a text means when it writes "Rs" or "rupees" without a country: PKR where it
    names Pakistan more often than India, INR otherwise."""
    return "PKR" if text.count("Pakistan") > text.count("India") else "INR"


def _headline_count(text: str, words: list[re.Match], end: int, start: int) -> tuple | None:
    """What a number written as a headline writes it counts: its first capitalised plural noun
    of the vocabulary, where the number follows a capitalised word inside its line ("Ant Adds
    300 New Merchants") or has a capitalised scale ("Over 600 Million People Planted …"); with
    a capitalised scale, a plural noun the vocabulary lacks too ("13 Million Trees", no unit).
    None otherwise: a defined term ("A total of 1,670,706,000 Offer Shares") or a name ("One
    97 Communications") is no headline."""
    scaled = HEADLINE_SCALE.search(text, start, start + 40) is not None
    if not scaled:
        word = WORD_BEFORE.search(text, max(start - 24, 0), start)
        if word is None or not _mid_sentence(text, word.start()):
            return None
    for i, word in enumerate(words):
        lower = word[1].lower()
        if (unit := COUNTED_NOUNS.get(lower)) and _is_plural(lower):
            return unit, text[words[0].start(1) : word.end()], word.end()
        if scaled and PLURAL.fullmatch(lower) and i < 3:
            return None, text[words[0].start(1) : word.end()], end
    return None


def _inside_a_name(text: str, m: re.Match, end: int) -> bool:
    """Whether bare digits are part of a name: written against a capitalised word by a hyphen
    ("7-Eleven"), or between two capitalised words inside a sentence ("One 97 Communications",
    "Vision Fund 2 Limited")."""
    if NAME_AFTER.match(text, end):
        return True
    start = m.start("num")
    return (
        WORD_BEFORE.search(text, max(start - 24, 0), start) is not None
        and _mid_sentence(text, m.start("num"))
        and CAPITALISED_NAME.match(text, end) is not None
    )


def _one_is_a_number(text: str, m: re.Match, kind: str | None) -> bool:
    """Whether a bare "one" is a quantity: an amount or share ("one billion yuan", "one per
    cent"), a duration longer than a day ("a one-week gap", "for one year") or stressed ("one
    single workstation"), not "no one" or "one day" (some day)."""
    end = m.end("a")
    if kind == "duration":
        return text.startswith("-", end) or m["dur"].lower() not in ("day", "days")
    return kind in ("amount", "share") or text.startswith(" single ", end)


def _after_a_name(text: str, start: int) -> bool:
    """Whether the digits at `start` are written against a name: "COVID-19", "COVID 19", or
    part of a name or address after a slash: "Money20/20", "businesswire.com/news/home/2025…"."""
    before = text[start - 1 : start]
    if before == "/":
        run = text[max(start - 80, 0) : start].split()[-1:]  # the word the slash ends
        return bool(run) and run[0][0].isalpha() and NAME_OR_ADDRESS.search(run[0]) is not None
    if before == "-" and NAME_BEFORE.search(text, max(start - 24, 0), start):
        return True
    if before not in (" ", "-"):
        return False
    word = text[max(start - 9, 0) : start - 1].rpartition(" ")[2].lstrip("([{\"“‘'")
    return word in NAMES_BEFORE_DIGITS


def _is_a_marker_or_version(text: str, start: int, end: int) -> bool:
    """Whether bare digits are a note's marker in brackets ("… users [1][2]") or a version
    after a name ("Web 2.0", "Ling 2.0": a whole number written with ".0")."""
    if text[start - 1 : start] == "[" and text[end : end + 1] == "]":
        return end - start <= 3 and text[start:end].isdigit()
    return (
        text.endswith(".0", start, end)
        and text[start:end].count(".") == 1
        and WORD_BEFORE.search(text, max(start - 24, 0), start) is not None
    )


def _mid_sentence(text: str, start: int) -> bool:
    """Whether `start` follows words of its sentence, not its start, a quote or a colon."""
    before = text[max(start - 3, 0) : start].rstrip(" \t\u00a0")
    return bool(before) and before[-1] not in ".!?:;\"“‘'(\n"


def _is_an_age(text: str, start: int, end: int, value: float) -> bool:
    """Whether a bare number between commas after a name is a person's age: "Huang, 43,"."""
    return (
        16 <= value <= 110
        and text.startswith(",", end)
        and APPOSITIVE_AGE.search(text, max(start - 30, 0), start) is not None
    )


def _range(text, m, suffix, qualifier, lo_start):
    """Two mentions for "10-15%" or "between 3 and 5 per cent": lower and upper bound."""
    unit, kind, counted = suffix
    lo, hi = (m["ba"], m["bb"]) if m["btw"] else (m["a"], m["b"])
    if lo[-1].isdigit() and hi[0].isalpha():
        return []  # "7-Eleven": a name, no range
    lo_value, lo_scale, lo_cur, lo_plain, lo_flag = _number(NUMBER_ALONE.match(lo))
    hi_value, hi_scale, hi_cur, hi_plain, hi_flag = _number(NUMBER_ALONE.match(hi))
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
    hi_end = m.end("num")
    if kind is None and not year:
        unit, counted, hi_end = counted_after(text, hi_end)
    return [
        _classified(text, lo_start, lo_end, lo_value, lo_scale, unit, kind, lo_q, year, lo_flag,
                    counted),
        _classified(text, hi_start, hi_end, hi_value, hi_scale, unit, kind, hi_q, year, hi_flag,
                    counted),
    ]  # fmt: skip


def _classified(text, start, end, value, scale, unit, kind, qualifier, year, flag, counted):
    """A year, or a number whose kind is still open: count (it counts something) or other."""
    if year:
        date = f"{int(value):04d}"
        return make_mention(text, start, end, value, 1.0, "date", "date", qualifier, date)
    if kind is None:
        kind = "count" if counted else "other"
    return make_mention(text, start, end, value, scale, unit, kind, qualifier, None, flag, counted)


def with_shared_units(text: str, found: list[Mention]) -> list[Mention]:
    """`found`, where a number takes the scale or unit written on its neighbour:

    * the first of two numbers joined by "to", with no scale or the same, takes the second's
      scale and unit when it is the smaller: "$45 to $50 billion" -> 45 billion USD;
    * a bare number with a scale word that follows an amount or a count takes its unit:
      "(VMMXX, $131.2 billion) … and (CJPXX, 104.9b)" -> 104.9b USD; "1bn annual users, with
      711m active monthly" -> 711m persons. Only list punctuation, "and", "or", "with" and
      capitalised names may stand between the two, or, after a count, anything but a line
      break: "more than 1 billion users. Facebook has more than 2 billion" -> persons;
    * a day without a year takes the year of the day it is joined to: "November 20 and
      November 23 2020" -> 2020-11-20;
    * a bare number joined by "and", "or" or "to" to a duration or count takes its unit: "for
      7 and 14 days" -> 7 days.
    """
    for i in range(1, len(found)):
        m = found[i]
        before = found[i - 1]
        if m.unit == "date" and before.unit == "date" and _year_carries_back(text, before, m):
            year = m.date[:4]
            found[i - 1] = make_mention(text, before.char_start, before.char_end, float(year),
                                        1.0, "date", "date", before.qualifier,
                                        year + before.date[1:])  # fmt: skip
        elif _unit_carries_back(text, before, m):
            found[i - 1] = make_mention(text, before.char_start, before.char_end, before.value,
                                        before.scale, m.unit, m.kind, before.qualifier,
                                        counted=m.counted)  # fmt: skip
        if m.scale == 1.0 or m.value is None:
            continue
        if before.scale in (1.0, m.scale) and _scale_carries_back(text, before, m):
            found[i - 1] = make_mention(text, before.char_start, before.char_end, before.value,
                                        m.scale, m.unit, m.kind, before.qualifier,
                                        counted=m.counted)  # fmt: skip
        elif m.unit is None and m.kind == "other" and _unit_carries_on(text, before, m):
            found[i] = make_mention(text, m.char_start, m.char_end, m.value, m.scale,
                                    before.unit, before.kind, m.qualifier,
                                    counted=before.counted)  # fmt: skip
    return found


def _unit_carries_back(text: str, before: Mention, m: Mention) -> bool:
    """Whether the bare number `before` shares the unit of the duration or count `m` it is
    joined to by "and" or "or" ("for 7 and 14 days", "900 million and 507 million users"), or
    by "to" when it is the smaller ("3 to 4 banks")."""
    if m.unit is None or before.unit is not None or m.kind not in ("duration", "count"):
        return False  # most pairs: the words between are not read
    joined = AND_BETWEEN.fullmatch(text, before.char_end, m.char_start)
    return (
        joined is not None
        and before.kind == "other"
        and not before.text.endswith(("fold", "times"))  # "10-fold to 100,000" shares nothing
        and before.scale == m.scale
        and before.value is not None
        and m.value is not None
        and ("to" not in joined[0] or before.value < m.value)
    )


def _year_carries_back(text: str, before: Mention, m: Mention) -> bool:
    """Whether the day `before` ("--11-20") is joined to the dated day `m` ("2020-11-23")."""
    return (
        before.date is not None
        and before.date.startswith("--")
        and len(before.date) == 7
        and m.date is not None
        and len(m.date) == 10
        and DATES_JOINED.fullmatch(text, before.char_end, m.char_start) is not None
    )


def _scale_carries_back(text: str, before: Mention, m: Mention) -> bool:
    """Whether `before` is the lower bound of "`before` to `m`", sharing `m`'s scale and unit
    ("70 million to 80 million small businesses": both enterprises)."""
    return (
        before.value is not None
        and before.kind in ("amount", "other")
        and before.unit in (None, m.unit)
        and before.value < m.value
        and TO_BETWEEN.fullmatch(text, before.char_end, m.char_start) is not None
    )


def _unit_carries_on(text: str, before: Mention, m: Mention) -> bool:
    """Whether `m` is listed after the amount or count `before`, taking its unit, or follows
    the count in its paragraph with the noun left out: "more than 1 billion users. Facebook
    has more than 2 billion" (an amount's currency is not carried so far: "$150 billion …
    passed the 1 billion mark")."""
    between = (before.char_end, m.char_start)
    if before.unit is None or before.kind not in ("amount", "count"):
        return False
    if between[1] - between[0] <= 80 and LIST_GLUE.fullmatch(text, *between) is not None:
        return True
    return before.kind == "count" and "\n" not in text[between[0] : between[1]]


READERS = {
    "iso": _iso, "month_day": _month_day, "day_month": _day_month, "month_year": _month_year,
    "periods": _periods, "period": _period, "qtr": _qtr, "fy": _fy, "us_date": _us_date,
    "dotted": _dotted, "day": _ordinal_day, "decade": _decade, "months": _months,
    "clock": _clock, "always": _no_number, "phone": _no_number, "settlement": _settlement,
    "garbled": _garbled, "numero": _numero, "ratio": _ratio, "split": _split, "vague": _vague,
    "multiple": _multiple, "festival": _festival, "fraction": _fraction, "tens": _tens,
    "num": _num,
}  # fmt: skip
