"""The numeric-mention detector on the seed articles and on business-news phrasing."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from antlens.mentions import Mention, detect_mentions
from tests.conftest import SCHEMAS

vocabulary = SCHEMAS.vocabulary


ARTICLES = Path(__file__).resolve().parents[1] / "data" / "raw" / "articles"
SEED_000 = ARTICLES / "000_4ef738e29a43aba1.txt"
SEED_002 = ARTICLES / "002_c9c604f76d26af63.txt"


def record(m: Mention) -> tuple:
    return (m.text, m.value, m.scale, m.unit, m.kind, m.qualifier, m.date, m.flag)


def only(text: str) -> tuple:
    found = detect_mentions(text)
    assert len(found) == 1, found
    return record(found[0])


def texts(text: str) -> list[str]:
    return [m.text for m in detect_mentions(text)]


@pytest.fixture(scope="module")
def seed_000() -> str:
    return SEED_000.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed_002() -> str:
    return SEED_002.read_text(encoding="utf-8")


# ------------------------------------------------------------------ the seed articles

SEED_000_EXPECTED = [
    ("0", 0.0, 1.0, None, "other", "exact", None, None),
    ("43", 43.0, 1.0, None, "other", "exact", None, None),
    ("four ministries and commissions", 4.0, 1.0, "institutions", "count", "exact", None, None),
    ("2.4 trillion yuan", 2.4, 1e12, "CNY", "amount", "exact", None, None),
    ("1992", 1992.0, 1.0, "date", "date", "exact", "1992", None),
    ("30000 yuan", 30000.0, 1.0, "CNY", "amount", "exact", None, None),
    ("more than ten years ago", 10.0, 1.0, "years", "duration", "more_than", None, None),
    ("December 2008", 2008.0, 1.0, "date", "date", "exact", "2008-12", None),
    ("April 2010", 2010.0, 1.0, "date", "date", "exact", "2010-04", None),
    ("01", 1.0, 1.0, None, "other", "exact", None, None),
    ("after 2011", 2011.0, 1.0, "date", "date", "more_than", "2011", None),
    ("February 2012", 2012.0, 1.0, "date", "date", "exact", "2012-02", None),
    ("10 days", 10.0, 1.0, "days", "duration", "exact", None, None),
    ("no more than 7.3%", 7.3, 1.0, "percent", "share", "at_most", None, None),
    ("October 2014", 2014.0, 1.0, "date", "date", "exact", "2014-10", None),
    ("three years", 3.0, 1.0, "years", "duration", "exact", None, None),
    ("02", 2.0, 1.0, None, "other", "exact", None, None),
    ("tens of millions", 10.0, 1e6, None, "other", "at_least", None, None),
    ("2019", 2019.0, 1.0, "date", "date", "exact", "2019", None),
    ("75%", 75.0, 1.0, "percent", "share", "exact", None, None),
    ("over the age of 15", 15.0, 1.0, "years", "duration", "more_than", None, None),
    ("more than 63%", 63.0, 1.0, "percent", "share", "more_than", None, None),
    ("20%", 20.0, 1.0, "percent", "share", "exact", None, None),
    ("more than 5 million yuan", 5.0, 1e6, "CNY", "amount", "more_than", None, None),
    ("January 2015", 2015.0, 1.0, "date", "date", "exact", "2015-01", None),
    ("nearly 100 scenes", 100.0, 1.0, "scenarios", "count", "nearly", None, None),
    ("30-year-old", 30.0, 1.0, "years", "duration", "exact", None, None),
    ("a score of 750 or more", 750.0, 1.0, "points", "score", "at_least", None, None),
    ("03", 3.0, 1.0, None, "other", "exact", None, None),
    ("four ministries and commissions", 4.0, 1.0, "institutions", "count", "exact", None, None),
    ("two", 2.0, 1.0, None, "count", "exact", None, None),
    ("the first half of 2019", 2019.0, 1.0, "date", "date", "exact", "2019-H1", None),
    ("28.7 billion yuan", 28.7, 1e9, "CNY", "amount", "exact", None, None),
    ("40%", 40.0, 1.0, "percent", "share", "exact", None, None),
]

SEED_002_EXPECTED = [
    ("2000", 2000.0, 1.0, "date", "date", "exact", "2000", None),
    ("71/kloc-0 monthly active users", None, 1.0, "persons", "count", "exact", None, "garbled"),
    ("80 million merchants", 80.0, 1e6, "merchants", "count", "exact", None, None),
    ("three", 3.0, 1.0, None, "count", "exact", None, None),
]


def test_seed_000_every_mention(seed_000):
    assert [record(m) for m in detect_mentions(seed_000)] == SEED_000_EXPECTED


def test_seed_002_every_mention(seed_002):
    assert [record(m) for m in detect_mentions(seed_002)] == SEED_002_EXPECTED


@pytest.mark.parametrize("path", [SEED_000, SEED_002], ids=["000", "002"])
def test_every_digit_of_the_seeds_is_inside_a_mention(path):
    text = path.read_text(encoding="utf-8")
    covered = {i for m in detect_mentions(text) for i in range(m.char_start, m.char_end)}
    missed = [text[d.start() - 20 : d.end() + 20] for d in re.finditer(r"\d", text)
              if d.start() not in covered]  # fmt: skip
    assert missed == []


def test_seed_mentions_are_exact_slices(seed_000):
    for m in detect_mentions(seed_000):
        assert seed_000[m.char_start : m.char_end] == m.text


@pytest.mark.parametrize(
    "sentence, expected",
    [
        (
            "In the first half of 2019, the micro loan business of ant group brought 28.7 "
            "billion yuan of income, accounting for 40% of the total income.",
            ["the first half of 2019", "28.7 billion yuan", "40%"],
        ),
        (
            "Huabei and jiebei are two pillars of ant group’s credit business",
            ["two"],
        ),
        (
            "The supervision of ant group actually involves three aspects: first, ants are",
            ["three"],
        ),
        (
            "Ant Group has 71/kloc-0 monthly active users and 80 million merchants, and",
            ["71/kloc-0 monthly active users", "80 million merchants"],
        ),
    ],
)
def test_seed_sentences(sentence, expected):
    assert texts(sentence) == expected


def test_value_base():
    m = detect_mentions("brought 28.7 billion yuan of income")[0]
    assert m.value_base == pytest.approx(28.7e9)
    assert detect_mentions("71/kloc-0 monthly active users")[0].value_base is None


# ------------------------------------------------------------------ business news


@pytest.mark.parametrize(
    "text, expected",
    [
        ("US$34.4 billion", ("US$34.4 billion", 34.4, 1e9, "USD", "amount", "exact", None, None)),
        (
            "RMB 118 trillion",
            ("RMB 118 trillion", 118.0, 1e12, "CNY", "amount", "exact", None, None),
        ),
        (
            "118 trillion yuan",
            ("118 trillion yuan", 118.0, 1e12, "CNY", "amount", "exact", None, None),
        ),
        ("CNY 5bn", ("CNY 5bn", 5.0, 1e9, "CNY", "amount", "exact", None, None)),
        ("HK$80", ("HK$80", 80.0, 1.0, "HKD", "amount", "exact", None, None)),
        ("$1.7tn", ("$1.7tn", 1.7, 1e12, "USD", "amount", "exact", None, None)),
        ("1.7tn", ("1.7tn", 1.7, 1e12, None, "other", "exact", None, None)),
        ("5bn", ("5bn", 5.0, 1e9, None, "other", "exact", None, None)),
        ("300m.", ("300m", 300.0, 1e6, None, "other", "exact", None, None)),
        ("5 per cent", ("5 per cent", 5.0, 1.0, "percent", "share", "exact", None, None)),
        ("5 percent", ("5 percent", 5.0, 1.0, "percent", "share", "exact", None, None)),
        ("5 pct", ("5 pct", 5.0, 1.0, "percent", "share", "exact", None, None)),
        ("1,234,567", ("1,234,567", 1234567.0, 1.0, None, "other", "exact", None, None)),
        ("3.5 times", ("3.5 times", 3.5, 1.0, None, "other", "exact", None, None)),
        ("No. 1", ("No. 1", 1.0, 1.0, None, "other", "exact", None, None)),
        ("a third of", ("a third", 1 / 3, 1.0, None, "share", "exact", None, None)),
        ("half of them", ("half", 0.5, 1.0, None, "share", "exact", None, None)),
        ("a quarter.", ("a quarter", 0.25, 1.0, None, "share", "exact", None, None)),
        ("one in five", ("one in five", 0.2, 1.0, None, "share", "exact", None, None)),
        ("a dozen", ("a dozen", 12.0, 1.0, None, "other", "exact", None, None)),
        ("one billion", ("one billion", 1.0, 1e9, None, "other", "exact", None, None)),
        ("twenty-five", ("twenty-five", 25.0, 1.0, None, "other", "exact", None, None)),
        (
            "three hundred thousand yuan",
            ("three hundred thousand yuan", 300.0, 1e3, "CNY", "amount", "exact", None, None),
        ),
        ("HK$80 per share", ("HK$80 per share", 80.0, 1.0, "HKD", "amount", "exact", None, None)),
        ("Nov. 3", ("Nov. 3", 3.0, 1.0, "date", "date", "exact", "--11-03", None)),
        ("Nov 3, 2020", ("Nov 3, 2020", 2020.0, 1.0, "date", "date", "exact", "2020-11-03", None)),
        ("2020-06-30", ("2020-06-30", 2020.0, 1.0, "date", "date", "exact", "2020-06-30", None)),
        ("June 30", ("June 30", 30.0, 1.0, "date", "date", "exact", "--06-30", None)),
        (
            "30 June 2020",
            ("30 June 2020", 2020.0, 1.0, "date", "date", "exact", "2020-06-30", None),
        ),
        ("Q2 2020", ("Q2 2020", 2020.0, 1.0, "date", "date", "exact", "2020-Q2", None)),
        (
            "the second quarter of 2020",
            ("the second quarter of 2020", 2020.0, 1.0, "date", "date", "exact", "2020-Q2", None),
        ),
        ("second quarter", ("second quarter", 2.0, 1.0, "date", "date", "exact", "--Q2", None)),
        (
            "the second half of 2019",
            ("the second half of 2019", 2019.0, 1.0, "date", "date", "exact", "2019-H2", None),
        ),
        ("the 1990s", ("1990s", 1990.0, 1.0, "date", "date", "exact", "199", None)),
        ("since 2015", ("since 2015", 2015.0, 1.0, "date", "date", "at_least", "2015", None)),
        ("more than 2000", ("more than 2000", 2000.0, 1.0, None, "other", "more_than", None, None)),
        ("after 10 days", ("10 days", 10.0, 1.0, "days", "duration", "exact", None, None)),
        (
            "tens of thousands of users",
            ("tens of thousands", 10.0, 1e3, None, "other", "at_least", None, None),
        ),
        ("30 cities", ("30 cities", 30.0, 1.0, "cities", "count", "exact", None, None)),
        ("two pillars", ("two", 2.0, 1.0, None, "count", "exact", None, None)),
    ],
)
def test_news_phrases(text, expected):
    assert only(text) == expected


@pytest.mark.parametrize(
    "words, qualifier",
    [
        ("about", "approximately"),
        ("around", "approximately"),
        ("approximately", "approximately"),
        ("roughly", "approximately"),
        ("some", "approximately"),
        ("estimated", "approximately"),
        ("an estimated", "approximately"),
        ("nearly", "nearly"),
        ("almost", "nearly"),
        ("close to", "nearly"),
        ("more than", "more_than"),
        ("over", "more_than"),
        ("above", "more_than"),
        ("exceeding", "more_than"),
        ("less than", "less_than"),
        ("under", "less_than"),
        ("below", "less_than"),
        ("fewer than", "less_than"),
        ("at least", "at_least"),
        ("no less than", "at_least"),
        ("not less than", "at_least"),
        ("at most", "at_most"),
        ("no more than", "at_most"),
        ("Not more than", "at_most"),
        ("up to", "at_most"),
        ("Up to", "at_most"),
    ],
)
def test_leading_qualifiers(words, qualifier):
    m = only(f"It was {words} 42 million yuan.")
    assert m == (f"{words} 42 million yuan", 42.0, 1e6, "CNY", "amount", qualifier, None, None)


@pytest.mark.parametrize(
    "tail, qualifier",
    [("or more", "at_least"), ("or above", "at_least"), ("or less", "at_most"),
     ("or fewer", "at_most")],
)  # fmt: skip
def test_trailing_qualifiers(tail, qualifier):
    assert only(f"users with 600 points {tail}.")[5] == qualifier


def test_hyphen_range_gives_lower_and_upper_bound():
    found = [record(m) for m in detect_mentions("a margin of 10-15% last year")]
    assert found == [
        ("10", 10.0, 1.0, "percent", "share", "at_least", None, None),
        ("15%", 15.0, 1.0, "percent", "share", "at_most", None, None),
    ]


def test_between_range_gives_lower_and_upper_bound():
    found = [record(m) for m in detect_mentions("growth of between 3 and 5 per cent")]
    assert found == [
        ("between 3", 3.0, 1.0, "percent", "share", "at_least", None, None),
        ("5 per cent", 5.0, 1.0, "percent", "share", "at_most", None, None),
    ]


def test_range_shares_currency_and_scale():
    found = [record(m) for m in detect_mentions("worth $3-5bn")]
    assert found == [
        ("$3", 3.0, 1e9, "USD", "amount", "at_least", None, None),
        ("5bn", 5.0, 1e9, "USD", "amount", "at_most", None, None),
    ]


def test_from_to_is_two_exact_mentions():
    assert [m.qualifier for m in detect_mentions("grew from 5% to 10%")] == ["exact", "exact"]


# ------------------------------------------------------------------ what is not a mention


@pytest.mark.parametrize(
    "text",
    [
        "from the first day, there is no one and no one can put Alipay in his pocket",
        "He has no time to do it until one day, when he sees users",
        "Anyone who knows a little; someone else knows more.",
        "First, past lives. Second, the financial attributes. Third, the nature.",
        "The second is risk control technology; the third is based on the big data.",
        "Alipay has transformed from a third party payment company",
        "third-party service providers, strategic partners",
        "5G networks, the A380 and the 21st century",
        "one of the banks",
        "",
    ],
)
def test_non_mentions(text):
    assert detect_mentions(text) == []


def test_garbled_numeral():
    assert only("Ant Group has 71/kloc-0 monthly active users") == (
        "71/kloc-0 monthly active users", None, 1.0, "persons", "count", "exact", None, "garbled",
    )  # fmt: skip
    assert only("about 71/kloc-0 of them")[7] == "garbled"


def test_mention_text_at_start_and_end_of_text():
    assert texts("2019") == ["2019"]
    assert texts("75% of users") == ["75%"]
    assert texts("growth was 40%") == ["40%"]


def test_vocabularies_are_closed():
    for m in detect_mentions(SEED_000.read_text(encoding="utf-8") + "\n$5bn, a third of, 10-15%"):
        assert m.kind in vocabulary("kinds") and m.qualifier in vocabulary("qualifiers")
        assert m.unit is None or m.unit in vocabulary("units")


def test_mention_is_frozen():
    m = detect_mentions("40%")[0]
    with pytest.raises(AttributeError):
        m.value = 1.0  # type: ignore[misc]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("More than half its revenue", ("More than half", 0.5, 1.0, None, "share", "more_than")),
        ("about two-thirds of", ("about two-thirds", 2 / 3, 1.0, None, "share", "approximately")),
        ("Rmb18bn", ("Rmb18bn", 18.0, 1e9, "CNY", "amount", "exact")),
        ("$34.5B raised", ("$34.5B", 34.5, 1e9, "USD", "amount", "exact")),
        ("First-half profit", ("First-half", 1.0, 1.0, "date", "date", "exact")),
    ],
)
def test_more_news_phrasing(text, expected):
    assert only(text)[:6] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("As of the third quarter, 2019 Alipay had", [("the third quarter, 2019", "2019-Q3")]),
        ("It grew in the third and fourth quarters of 2017.",
         [("the third", "2017-Q3"), ("fourth quarters of 2017", "2017-Q4")]),
        ("in the first and second halves", [("the first", "--H1"), ("second halves", "--H2")]),
        ("On September, 19 Ant announced it", [("September, 19", "--09-19")]),
        ("In June, 2020 it did", [("June, 2020", "2020-06")]),
    ],
)  # fmt: skip
def test_periods_and_days_written_apart(text, expected):
    found = detect_mentions(text)
    assert [(m.text, m.date) for m in found] == expected
    assert {(m.unit, m.kind) for m in found} == {("date", "date")}


def test_a_comma_after_a_month_makes_no_date_without_on():
    assert only("By September, 19 banks had joined.")[:5] == (
        "19 banks", 19.0, 1.0, "institutions", "count"
    )  # fmt: skip


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The games began at 8pm on Aug 8.", ("8pm", 8.0)),
        ("doors open at 10:30 a.m. sharp", ("10:30 a.m.", 10.0)),
        ("Updated at 15:21:21 |", ("15:21:21", 15.0)),
        ("it closes at 11 AM.", ("11 AM", 11.0)),
    ],
)
def test_clock_times_are_the_hour_without_a_unit(text, expected):
    m = detect_mentions(text)[0]
    assert (m.text, m.value, m.unit, m.kind) == (*expected, None, "other")


def test_one_joined_to_a_duration_is_a_number():
    assert only("The one-week gap in Hong Kong")[:5] == ("one-week", 1.0, 1.0, None, "duration")
    assert only("a one-year loan")[:5] == ("one-year", 1.0, 1.0, "years", "duration")
    assert texts("One day it will; one of them") == []


def test_basis_points_have_no_unit():
    assert only("a decline of over 100 basis points")[:6] == (
        "over 100 basis points", 100.0, 1.0, None, "other", "more_than"
    )  # fmt: skip
    assert only("a 25 basis point cut")[3:5] == (None, "other")
    assert only("a score of 700 points")[3:5] == ("points", "score")


def test_a_bare_magnitude_word_is_no_number():
    assert texts("billion-dollar deals, the billions, million-strong crowds") == []


# ------------------------------------------------------------------ signs, commas, notation


def mention(start: int, text: str, value, scale=1.0, unit=None, kind="other", qualifier="exact",
            date=None, flag=None, counted=None) -> Mention:  # fmt: skip
    """The whole record of a mention of `text` at `start`; a percentage is its own
    `percent_equivalent`."""
    percent = value if unit == "percent" and value is not None else None
    return Mention(start, start + len(text), text, value, scale, unit, kind, qualifier, date, flag,
                   counted, percent)  # fmt: skip


@pytest.mark.parametrize(
    "text, expected",
    [
        ("−5%", [mention(0, "−5%", -5.0, unit="percent", kind="share")]),
        ("-5%", [mention(0, "-5%", -5.0, unit="percent", kind="share")]),
        (
            "a loss of -3 billion yuan",
            [mention(10, "-3 billion yuan", -3.0, 1e9, "CNY", "amount")],
        ),
        (
            "a loss of −3 billion yuan",
            [mention(10, "−3 billion yuan", -3.0, 1e9, "CNY", "amount")],
        ),
        ("growth (-5%) fell", [mention(8, "-5%", -5.0, unit="percent", kind="share")]),
        (
            "more than −5%",
            [
                mention(
                    0, "more than −5%", -5.0, unit="percent", kind="share", qualifier="more_than"
                )
            ],
        ),  # fmt: skip
        (
            "between -3 and 5 per cent",
            [
                mention(0, "between -3", -3.0, unit="percent", kind="share", qualifier="at_least"),
                mention(15, "5 per cent", 5.0, unit="percent", kind="share", qualifier="at_most"),
            ],
        ),
        ("-2019", [mention(0, "-2019", -2019.0)]),  # a signed number is no year
        ("-$5", [mention(1, "$5", 5.0, unit="USD", kind="amount")]),  # the sign must touch
    ],
)
def test_signs(text, expected):
    assert detect_mentions(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("the COVID-19 outbreak", []),  # digits of a name, no sign and no number
        (
            "in 2019-20",
            [
                mention(3, "2019", 2019.0, unit="date", kind="date", qualifier="at_least",
                        date="2019"),
                mention(8, "20", 2020.0, unit="date", kind="date", qualifier="at_most",
                        date="2020"),
            ],
        ),
        (
            "in 2019−20",  # U+2212 between two numbers: a range, as the hyphen
            [
                mention(3, "2019", 2019.0, unit="date", kind="date", qualifier="at_least",
                        date="2019"),
                mention(8, "20", 2020.0, unit="date", kind="date", qualifier="at_most",
                        date="2020"),
            ],
        ),
        (
            "a margin of 10-15%",
            [
                mention(12, "10", 10.0, unit="percent", kind="share", qualifier="at_least"),
                mention(15, "15%", 15.0, unit="percent", kind="share", qualifier="at_most"),
            ],
        ),
        (
            "-10-15%",
            [
                mention(0, "-10", -10.0, unit="percent", kind="share", qualifier="at_least"),
                mention(4, "15%", 15.0, unit="percent", kind="share", qualifier="at_most"),
            ],
        ),
    ],
)  # fmt: skip
def test_hyphens_that_are_no_sign(text, expected):
    assert detect_mentions(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "1,2345 yuan",
            [mention(0, "1", 1.0), mention(2, "2345 yuan", 2345.0, unit="CNY", kind="amount")],
        ),
        (
            "in cities 3,4,5.",
            [mention(10, "3", 3.0), mention(12, "4", 4.0), mention(14, "5", 5.0)],
        ),
        (
            "1,2,3,4,5,6,7,8,9,0 ",
            [mention(2 * i, str((i + 1) % 10), float((i + 1) % 10)) for i in range(10)],
        ),
        ("1234,567", [mention(0, "1234", 1234.0), mention(5, "567", 567.0)]),
        (
            "1,000,00 users",
            [
                mention(
                    0,
                    "1,000,00 users",
                    None,
                    unit="persons",
                    kind="count",
                    flag="ambiguous",
                    counted="users",
                )
            ],  # fmt: skip
        ),
        ("1,234,5678", [mention(0, "1,234,5678", None, flag="ambiguous")]),
        ("1,00,000", [mention(0, "1,00,000", 100000.0)]),  # Indian grouping: one lakh
        ("1,00,0000", [mention(0, "1,00,0000", None, flag="ambiguous")]),
        (
            "US$1,234,567.5 million",
            [mention(0, "US$1,234,567.5 million", 1234567.5, 1e6, "USD", "amount")],
        ),
        (
            "$1,000-2,000",
            [
                mention(0, "$1,000", 1000.0, unit="USD", kind="amount", qualifier="at_least"),
                mention(7, "2,000", 2000.0, unit="USD", kind="amount", qualifier="at_most"),
            ],
        ),
    ],
)
def test_comma_groups(text, expected):
    assert detect_mentions(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("7" * 1_000_000, [mention(0, "7" * 1_000_000, None, flag="garbled")]),
        ("1e400", [mention(0, "1e400", None, flag="garbled")]),
        ("1e308 trillion", [mention(0, "1e308 trillion", None, 1e12, flag="garbled")]),
        (
            "two" + " hundred" * 200,
            [mention(0, "two" + " hundred" * 200, None, flag="garbled")],
        ),
        ("No. " + "9" * 400, [mention(0, "No. " + "9" * 400, None, flag="garbled")]),
    ],
    ids=["million-digits", "1e400", "1e308-trillion", "hundred-x200", "numero"],
)
def test_values_beyond_a_float_are_garbled(text, expected):
    assert detect_mentions(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1e10", [mention(0, "1e10", 1e10)]),
        ("2.5e6", [mention(0, "2.5e6", 2.5e6)]),
        ("about 1.5E-3 of it", [mention(0, "about 1.5E-3", 1.5e-3, qualifier="approximately")]),
        ("2e3 yuan", [mention(0, "2e3 yuan", 2000.0, unit="CNY", kind="amount")]),
    ],
)
def test_scientific_notation(text, expected):
    assert detect_mentions(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("１２３", [mention(0, "１２３", 123.0)]),
        ("٣", [mention(0, "٣", 3.0)]),
        ("٤٠٪", [mention(0, "٤٠٪", 40.0, unit="percent", kind="share")]),
        ("up ５０％", [mention(3, "５０％", 50.0, unit="percent", kind="share")]),
        ("in ٢٠١٩", [mention(3, "٢٠١٩", 2019.0, unit="date", kind="date", date="2019")]),
        (
            "revenue of ٣٫٥ billion yuan",
            [mention(11, "٣٫٥ billion yuan", 3.5, 1e9, "CNY", "amount")],
        ),
        (
            "٣٬٥٠٠ users",
            [mention(0, "٣٬٥٠٠ users", 3500.0, unit="persons", kind="count", counted="users")],
        ),
        ("US$５ billion", [mention(0, "US$５ billion", 5.0, 1e9, "USD", "amount")]),
        (
            "\U0001d7d7 users",
            [mention(0, "\U0001d7d7 users", 9.0, unit="persons", kind="count", counted="users")],
        ),
        (
            "Nov. ３, ２０２０ saw −٥%",
            [
                mention(
                    0, "Nov. ３, ２０２０", 2020.0, unit="date", kind="date", date="2020-11-03"
                ),
                mention(17, "−٥%", -5.0, unit="percent", kind="share"),
            ],
        ),  # fmt: skip
    ],
)
def test_unicode_digits(text, expected):
    assert detect_mentions(text) == expected


def test_unicode_digits_keep_the_ascii_mentions_around_them():
    text = "In 2019 it earned 28.7 billion yuan; in ٢٠٢٠, ٣٠ billion yuan (40%)."
    assert [(m.text, m.value) for m in detect_mentions(text)] == [
        ("2019", 2019.0), ("28.7 billion yuan", 28.7), ("٢٠٢٠", 2020.0),
        ("٣٠ billion yuan", 30.0), ("40%", 40.0),
    ]  # fmt: skip


def test_mention_id_is_the_one_the_table_writes():
    import polars as pl

    from antlens.mentions import MENTION_LETTER, mention_id
    from antlens.sentences import id_expression

    frame = pl.DataFrame({"source_id": ["000_4ef738e29a43aba1"], "index": [7]})
    written = frame.select(id_expression("index", MENTION_LETTER)).item()
    assert written == mention_id("000_4ef738e29a43aba1", 7) == "000_4ef738e29a43aba1-m0007"


def test_mention_columns_carry_what_a_count_counts_a_share_in_percent_and_codes():
    from antlens.mentions import mention_columns

    found = detect_mentions("Alibaba (9988.HK) holds a two-thirds stake; 12 million small firms.")
    columns = mention_columns("000_4ef738e29a43aba1", found, [0])
    assert columns["is_code"] == [True, False, False]
    assert columns["percent_equivalent"] == [None, pytest.approx(200 / 3), None]
    assert columns["counted"] == [None, None, "small firms"]


def test_importing_the_package_compiles_no_pattern_until_the_first_detection():
    """`Mention` and the table helpers come without the detector's regexes; the first
    `detect_mentions` call compiles them, through either public name."""
    probe = (
        "import sys, antlens, antlens.mentions, antlens.corpus, antlens.claims, antlens.curate\n"
        "from antlens.mentions import Mention, mention_columns, mention_frame, mention_id\n"
        "before = 'antlens.mentions.patterns' in sys.modules\n"
        "found = antlens.detect_mentions('it earned 28.7 billion yuan')\n"
        "print(before, 'antlens.mentions.patterns' in sys.modules, found[0].text)\n"
    )
    analysis = str(Path(__file__).resolve().parents[1] / "analysis")
    env = {**os.environ, "PYTHONPATH": analysis}
    run = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    )
    assert run.stdout.strip().split(maxsplit=2) == ["False", "True", "28.7 billion yuan"]
