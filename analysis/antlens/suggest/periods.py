"""When a statement holds: the dates of its sentence, resolved against the article's date.

The detector reads dates with a numeral ("2019", "30 June 2020", "the first half of 2019", and
without a year "Aug. 26" as `--08-26`). Here those are completed with the year the article was
published in (`resolve`, which the build's check of a claim's period uses too), and the words
the detector leaves alone because they hold no numeral — "last year", "the June quarter", "the
first half", "at the end of June", "in February" — are read as periods too. A period is as
precise as the words: "as of the end of 2019" is 2019.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from antlens.mentions import Mention
from antlens.number_words import MONTHS

_MONTH_NAMES = "|".join(
    sorted((m.title() for m in MONTHS if len(m) > 3 or m == "may"), key=len, reverse=True)
)
# Dating words without a numeral. Each pattern's named groups say what it gives.
_WORDS = re.compile(
    r"\b(?:(?P<relative>last|this|next)\s+(?P<span>year|month)"
    rf"|(?P<last>last|this)\s+(?P<named>{_MONTH_NAMES})\b"
    rf"|the\s+(?P<quarter_month>{_MONTH_NAMES})\s+quarter"
    r"|the\s+(?P<half>first|second)\s+half(?!\s+of\s+(?:19|20)\d\d)"
    rf"|(?:(?:in|at\s+the\s+end\s+of|by\s+the\s+end\s+of|end\s+of|since|until|by|in\s+early|"
    rf"in\s+late|in\s+mid|early|late|mid-?)\s+)(?P<month>{_MONTH_NAMES})\b(?!\.?\s*\d)(?!\s+(?:19|20)\d\d))",
    re.IGNORECASE,
)
_CASED_MONTH = re.compile(rf"^(?:{_MONTH_NAMES})$")


@dataclass(frozen=True)
class Dating:
    """A period found in a sentence: where its words are and the ISO 8601 period they give.
    `mention` is the detector's mention index when the words are one (None for other words)."""

    start: int
    end: int
    period: str
    mention: int | None = None


def sentence_datings(
    text: str,
    span: tuple[int, int],
    mentions: list[Mention],
    inside: list[int],
    published: datetime.date | None,
) -> list[Dating]:
    """Every period the sentence at `span` gives, in text order: its date mentions (`inside`
    are the indices of the mentions in the sentence) and its dating words."""
    year = written_year(mentions, inside)
    datings = [
        Dating(mentions[i].char_start, mentions[i].char_end, period, i)
        for i in inside
        if mentions[i].kind == "date" and mentions[i].date
        if (period := resolve(mentions[i].date, published, year))
    ]
    taken = [(d.start, d.end) for d in datings]
    for match in _WORDS.finditer(text, *span):
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        if period := _words_period(match, published, year):
            datings.append(Dating(match.start(), match.end(), period))
    return sorted(datings, key=lambda d: d.start)


def published_date(value) -> datetime.date | None:
    """A registry's `published` as a date: None when it is missing or no whole day
    ("2020", "2020-11"), since a date without a year cannot be placed against it then."""
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def written_year(mentions: list[Mention], inside: list[int]) -> int | None:
    """The year the mentions `inside` (a sentence's) write out, when they write one."""
    for i in inside:
        date = mentions[i].date or ""
        if mentions[i].kind == "date" and re.match(r"^\d{4}", date):
            return int(date[:4])
    return None


def resolve(date: str, published: datetime.date | None, year: int | None = None) -> str | None:
    """A detector date as a full ISO 8601 period: "--08-26" with the article's year (or the year
    before, when the day would fall after publication), "--H1" and "--Q2" likewise; None when
    no year can be known. `year` is one the sentence writes, which wins."""
    if not date.startswith("--"):
        return date if re.fullmatch(r"\d{4}(-.+)?", date) else None
    rest = date[2:]
    if year is None and published is None:
        return None
    if m := re.fullmatch(r"(\d\d)-(\d\d)", rest):
        month, day = int(m[1]), int(m[2])
        chosen = year or _latest_year(published, month, day)
        return f"{chosen}-{month:02d}-{day:02d}"
    if m := re.fullmatch(r"(\d\d)", rest):
        return f"{year or _latest_year(published, int(m[1]), 1)}-{rest}"
    if m := re.fullmatch(r"([HQ])([1-4])", rest):
        return f"{year or _latest_part_year(published, m[1], int(m[2]))}-{rest}"
    return None


def _latest_year(published: datetime.date, month: int, day: int) -> int:
    """The year of the (month, day) nearest the publication date: in its year unless that
    would be more than three months after it ("Nov 5" in an article of Nov 3 is two days on)."""
    ahead = (month - published.month) * 31 + (day - published.day)
    return published.year if ahead <= 92 else published.year - 1


def _latest_part_year(published: datetime.date, letter: str, number: int) -> int:
    """The year of the latest half or quarter that has begun by the publication date."""
    first_month = 1 + (number - 1) * (6 if letter == "H" else 3)
    return published.year if first_month <= published.month else published.year - 1


def _words_period(match: re.Match, published: datetime.date | None, year: int | None) -> str | None:
    if match["relative"]:
        if published is None:
            return None
        shift = {"last": -1, "this": 0, "next": 1}[match["relative"].lower()]
        if match["span"].lower() == "year":
            return str(published.year + shift)
        month = published.month + shift
        chosen = published.year + (month - 1) // 12
        return f"{chosen}-{(month - 1) % 12 + 1:02d}"
    if match["named"]:
        if not _CASED_MONTH.match(match["named"]) or published is None:
            return None
        month = MONTHS[match["named"].lower()]
        before = month < published.month or match["last"].lower() == "this"
        return f"{published.year if before else published.year - 1}-{month:02d}"
    if match["quarter_month"]:
        quarter = (MONTHS[match["quarter_month"].lower()] - 1) // 3 + 1
        return _part(published, year, "Q", quarter)
    if match["half"]:
        return _part(published, year, "H", 1 if match["half"].lower() == "first" else 2)
    name = match["month"]
    if not _CASED_MONTH.match(name):  # "may" and "march" in lower case are words, not months
        return None
    month = MONTHS[name.lower()]
    if year is not None:
        return f"{year}-{month:02d}"
    if published is None:
        return None
    return f"{_latest_year(published, month, 1)}-{month:02d}"


def _part(published, year, letter: str, number: int) -> str | None:
    if year is not None:
        return f"{year}-{letter}{number}"
    if published is None:
        return None
    return f"{_latest_part_year(published, letter, number)}-{letter}{number}"
