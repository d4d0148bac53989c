"""What each reader makes of news phrasing: currencies, per cent, counted nouns, ages by decade,
stock codes and fractions (antlens.mentions.readers)."""

from __future__ import annotations

import pytest

from antlens.mentions import Mention, detect_mentions
from antlens.mentions.readers import counted_after
from antlens.schemas import vocabulary


def reading(m: Mention) -> tuple:
    return (m.text, m.value, m.scale, m.unit, m.kind, m.qualifier)


def readings(text: str) -> list[tuple]:
    return [reading(m) for m in detect_mentions(text)]


# ------------------------------------------------------------------ currencies


@pytest.mark.parametrize(
    "sentence, expected",
    [
        (
            "Ant was fined S$1.35 billion, Singapore's Straits Times reported.",
            ("S$1.35 billion", 1.35, 1e9, "SGD", "amount", "exact"),
        ),
        (
            "The penalty, about €904 million, is among the largest.",
            ("about €904 million", 904.0, 1e6, "EUR", "amount", "approximately"),
        ),
        (
            "Ant's valuation fell to €25bn from €31bn.",
            ("€25bn", 25.0, 1e9, "EUR", "amount", "exact"),
        ),
        ("a stake worth £5.2bn in London", ("£5.2bn", 5.2, 1e9, "GBP", "amount", "exact")),
        (
            "raising about US$37 billion (RM154 billion), including the greenshoe",
            ("RM154 billion", 154.0, 1e9, "MYR", "amount", "exact"),
        ),
        (
            "Taiwan's market is worth NT$5 trillion a year.",
            ("NT$5 trillion", 5.0, 1e12, "TWD", "amount", "exact"),
        ),
        ("Afterpay was bought for A$39bn.", ("A$39bn", 39.0, 1e9, "AUD", "amount", "exact")),
        (
            "a deal of EUR 5 million with a European bank",
            ("EUR 5 million", 5.0, 1e6, "EUR", "amount", "exact"),
        ),
        ("Paytm raised Rs 500 crore", ("Rs 500 crore", 500.0, 1e7, "INR", "amount", "exact")),
    ],
)
def test_currency_signs_and_codes(sentence, expected):
    assert expected in readings(sentence)


@pytest.mark.parametrize(
    "sentence, expected",
    [
        (
            "It plans to raise 5 billion US dollars in Hong Kong.",
            ("5 billion US dollars", 5.0, 1e9, "USD", "amount", "exact"),
        ),
        (
            "the fine was more than three billion US dollars",
            ("more than three billion US dollars", 3.0, 1e9, "USD", "amount", "more_than"),
        ),
        (
            "a loan of 81,000 US dollars to a family business",
            ("81,000 US dollars", 81000.0, 1.0, "USD", "amount", "exact"),
        ),
        (
            "a fine of 7.1 billion yuan, or about 904 million euros",
            ("about 904 million euros", 904.0, 1e6, "EUR", "amount", "approximately"),
        ),
        (
            "The unit lost 20 million pounds last year.",
            ("20 million pounds", 20.0, 1e6, "GBP", "amount", "exact"),
        ),
        (
            "fined 1.35 billion Singapore dollars",
            ("1.35 billion Singapore dollars", 1.35, 1e9, "SGD", "amount", "exact"),
        ),
        (
            "It will cost 300 billion yen",
            ("300 billion yen", 300.0, 1e9, "JPY", "amount", "exact"),
        ),
        (
            "a 2 billion ringgit credit line",
            ("2 billion ringgit", 2.0, 1e9, "MYR", "amount", "exact"),
        ),
        (
            "worth 10 billion Hong Kong dollars",
            ("10 billion Hong Kong dollars", 10.0, 1e9, "HKD", "amount", "exact"),
        ),
    ],
)
def test_currencies_spelt_out(sentence, expected):
    assert expected in readings(sentence)


def test_every_currency_is_a_unit_of_the_vocabulary():
    text = "S$1, €2, £3, RM4, NT$5, A$6, C$7, ₹8, JP¥9, 10 euros, 11 rupees, 12 Swiss francs"
    found = detect_mentions(text)
    assert len(found) == 12
    assert all(m.kind == "amount" and m.unit in vocabulary("units") for m in found)


# ------------------------------------------------------------------ per cent


@pytest.mark.parametrize(
    "sentence, text, value",
    [
        ("Profit rose 5per cent in the quarter.", "5per cent", 5.0),
        ("Shares fell 5pct on Monday.", "5pct", 5.0),
        ("Its stake grew to 33pc of the group.", "33pc", 33.0),
        ("a rate of 5 per cent a year", "5 per cent", 5.0),
        ("a rate of 5 percent a year", "5 percent", 5.0),
    ],
)
def test_per_cent_against_the_number_or_spaced(sentence, text, value):
    assert readings(sentence) == [(text, value, 1.0, "percent", "share", "exact")]


# ------------------------------------------------------------------ counted nouns


@pytest.mark.parametrize(
    "sentence, expected, counted",
    [
        (
            "Ant serves 12 million small firms across China.",
            ("12 million small firms", 12.0, 1e6, "enterprises", "count", "exact"),
            "small firms",
        ),
        (
            "Alipay has 300 million registered users.",
            ("300 million registered users", 300.0, 1e6, "persons", "count", "exact"),
            "registered users",
        ),
        (
            "It will sell 1.5 billion shares in Shanghai.",
            ("1.5 billion shares", 1.5, 1e9, "shares", "count", "exact"),
            "shares",
        ),
        (
            "Ant has about 10,000 employees.",
            ("about 10,000 employees", 10000.0, 1.0, "persons", "count", "approximately"),
            "employees",
        ),
        (
            "Jack Ma and two top executives were summoned.",
            ("two top executives", 2.0, 1.0, "persons", "count", "exact"),
            "top executives",
        ),
        (
            "Ant now provides 80 million small businesses with loans.",
            ("80 million small businesses", 80.0, 1e6, "enterprises", "count", "exact"),
            "small businesses",
        ),
        (
            "Alipay, which has more than 700 million monthly active user, also counts",
            (
                "more than 700 million monthly active user", 700.0, 1e6, "persons", "count",
                "more_than",
            ),
            "monthly active user",
        ),
        (
            "It made 2 million loans and handled 4,000 transactions a second.",
            ("2 million loans", 2.0, 1e6, "loans", "count", "exact"),
            "loans",
        ),
        (
            "Alipay works in more than 200 countries and regions.",
            ("more than 200 countries and regions", 200.0, 1.0, "countries", "count",
             "more_than"),
            "countries and regions",
        ),
        (
            "Ant sold 1.67 billion H shares in Hong Kong.",
            ("1.67 billion H shares", 1.67, 1e9, "shares", "count", "exact"),
            "H shares",
        ),
        (
            "Ant has a half-billion user base.",
            ("a half-billion user base", 0.5, 1e9, "persons", "count", "exact"),
            "user base",
        ),
    ],
)  # fmt: skip
def test_a_count_takes_the_unit_of_what_it_counts(sentence, expected, counted):
    [m] = [m for m in detect_mentions(sentence) if m.kind == "count"][:1]
    assert (reading(m), m.counted) == (expected, counted)


def test_an_unknown_counted_noun_is_kept_without_a_unit():
    m = detect_mentions("Huabei and Jiebei are two pillars of the credit business.")[0]
    assert (m.text, m.unit, m.kind, m.counted) == ("two", None, "count", "pillars")
    m = detect_mentions("It opened offices in 30 big cities.")[0]
    assert (m.text, m.unit, m.kind, m.counted) == ("30 big cities", "cities", "count", "big cities")
    m = detect_mentions("The app offers 40 lifestyle mini-programs.")[0]
    assert (m.text, m.unit, m.kind, m.counted) == ("40", None, "count", "lifestyle mini-programs")


def test_a_year_before_a_noun_stays_a_year():
    found = detect_mentions("In 2020 regulators halted the listing; since 2021 banks lend less.")
    assert [(m.text, m.date) for m in found] == [("2020", "2020"), ("since 2021", "2021")]
    assert reading(detect_mentions("It had 2000 users.")[0]) == (
        "2000 users", 2000.0, 1.0, "persons", "count", "exact"
    )  # fmt: skip


@pytest.mark.parametrize(
    "after, expected",
    [
        (" registered users.", ("persons", "registered users", 17)),
        (" user base grew", ("persons", "user base", 10)),
        (" monthly active user, also", ("persons", "monthly active user", 20)),
        (" user accounts", ("accounts", "user accounts", 14)),
        (" pillars of it", (None, "pillars", 0)),
        (" of its users", (None, None, 0)),
        (" in revenue", (None, None, 0)),
        (" company plans", (None, "company plans", 0)),  # a singular noun only ends them
        ("", (None, None, 0)),
    ],
)
def test_counted_after(after, expected):
    unit, counted, end = expected
    assert counted_after(after, 0) == (unit, counted, end)


# ------------------------------------------------------------------ ages and decades


def test_ages_by_decade():
    found = detect_mentions("Young people in their 20s and 30s borrow most; their parents, 40s.")
    assert [reading(m) for m in found] == [
        ("20s", 20.0, 1.0, "years", "duration", "at_least"),
        ("30s", 30.0, 1.0, "years", "duration", "at_least"),
        ("40s", 40.0, 1.0, "years", "duration", "at_least"),
    ]


@pytest.mark.parametrize(
    "sentence, text, date",
    [
        ("Alibaba was founded in the 1990s.", "1990s", "199"),
        ("a relic of the ’90s internet", "90s", "199"),
        ("a relic of the '90s internet", "90s", "199"),
        ("China in the 2010s", "2010s", "201"),
    ],
)
def test_decades_are_dates(sentence, text, date):
    [m] = detect_mentions(sentence)
    assert (m.text, m.kind, m.date) == (text, "date", date)


# ------------------------------------------------------------------ stock codes


@pytest.mark.parametrize(
    "sentence, text",
    [
        ("Shares of Alibaba (9988.HK) fell 3%.", "9988.HK"),
        ("Tencent (0700.HK) rose.", "0700.HK"),
        ("Kweichow Moutai (SH:600519) led the index.", "SH:600519"),
        ("It trades as HKEX: 9988 in Hong Kong.", "HKEX: 9988"),
        ("The STAR Market listing, 688001, opened.", "688001"),
        ("Ant (stock code: 688688) was to list.", "stock code: 688688"),
        ("Xiaomi (1810.HK) fell.", "1810.HK"),
    ],
)
def test_stock_codes_are_marked_and_have_no_value(sentence, text):
    [code] = [m for m in detect_mentions(sentence) if m.is_code]
    assert (code.text, code.value, code.unit, code.kind, code.flag) == (
        text, None, None, "other", None
    )  # fmt: skip


def test_numbers_near_codes_are_still_numbers():
    found = detect_mentions("Alibaba (9988.HK) fell 3% in 2020 to 0700 GMT")
    assert [(m.text, m.is_code) for m in found] == [
        ("9988.HK", True), ("3%", False), ("2020", False), ("0700", False)
    ]  # fmt: skip


# ------------------------------------------------------------------ fractions and shares


@pytest.mark.parametrize(
    "sentence, text, value, percent",
    [
        ("Alibaba holds a two-thirds stake in the unit.", "two-thirds", 2 / 3, 200 / 3),
        ("It kept one-third of the shares.", "one-third", 1 / 3, 100 / 3),
        ("More than half its revenue", "More than half", 0.5, 50.0),
        ("three-quarters of users", "three-quarters", 0.75, 75.0),
        ("one in five adults", "one in five", 0.2, 20.0),
        ("a 33 per cent stake", "33 per cent", 33.0, 33.0),
    ],
)
def test_a_share_keeps_its_value_and_gives_its_percentage(sentence, text, value, percent):
    [m] = detect_mentions(sentence)
    assert (m.text, m.kind) == (text, "share")
    assert m.value == pytest.approx(value) and m.percent_equivalent == pytest.approx(percent)


def test_only_shares_have_a_percentage():
    found = detect_mentions("80 million merchants and 28.7 billion yuan in 2019")
    assert [m.percent_equivalent for m in found] == [None, None, None]


def test_multiples_written_as_one_word():
    assert readings("an eightfold jump") == [("eightfold", 8.0, 1.0, None, "other", "exact")]
    assert readings("a tenfold rise") == [("tenfold", 10.0, 1.0, None, "other", "exact")]
