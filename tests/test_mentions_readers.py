"""What each reader makes of news phrasing: currencies, per cent, counted nouns, ages by decade,
stock codes and fractions (antlens.mentions.readers)."""

from __future__ import annotations

import pytest

from antlens.mentions import Mention, detect_mentions
from antlens.mentions.readers import counted_after
from tests.conftest import SCHEMAS

vocabulary = SCHEMAS.vocabulary


def reading(m: Mention) -> tuple:
    return (m.text, m.value, m.scale, m.unit, m.kind, m.qualifier)


def readings(text: str) -> list[tuple]:
    return [reading(m) for m in detect_mentions(text)]


# ------------------------------------------------------------------ currencies


AMOUNTS = [  # sentence, the mention, value × scale, unit: by sign or code, then spelt out
    ("Ant was fined S$1.35 billion, the paper said.", "S$1.35 billion", 1.35e9, "SGD"),
    ("The penalty, about €904 million, is large.", "about €904 million", 904e6, "EUR"),
    ("Its valuation fell to €25bn.", "€25bn", 25e9, "EUR"),
    ("a stake worth £5.2bn in London", "£5.2bn", 5.2e9, "GBP"),
    ("raising US$37 billion (RM154 billion) in all", "RM154 billion", 154e9, "MYR"),
    ("Taiwan's market is worth NT$5 trillion.", "NT$5 trillion", 5e12, "TWD"),
    ("Afterpay was bought for A$39bn.", "A$39bn", 39e9, "AUD"),
    ("a deal of EUR 5 million with a bank", "EUR 5 million", 5e6, "EUR"),
    ("Paytm raised Rs 500 crore", "Rs 500 crore", 5e9, "INR"),
    ("It plans to raise 5 billion US dollars.", "5 billion US dollars", 5e9, "USD"),
    ("the fine was more than three billion US dollars", "more than three billion US dollars",
     3e9, "USD"),
    ("a loan of 81,000 US dollars to a shop", "81,000 US dollars", 81e3, "USD"),
    ("or about 904 million euros", "about 904 million euros", 904e6, "EUR"),
    ("The unit lost 20 million pounds last year.", "20 million pounds", 20e6, "GBP"),
    ("fined 1.35 billion Singapore dollars", "1.35 billion Singapore dollars", 1.35e9, "SGD"),
    ("It will cost 300 billion yen", "300 billion yen", 300e9, "JPY"),
    ("a 2 billion ringgit credit line", "2 billion ringgit", 2e9, "MYR"),
    ("worth 10 billion Hong Kong dollars", "10 billion Hong Kong dollars", 10e9, "HKD"),
]  # fmt: skip


@pytest.mark.parametrize("sentence, text, value_base, unit", AMOUNTS)
def test_currencies_by_sign_code_or_name(sentence, text, value_base, unit):
    [m] = [m for m in detect_mentions(sentence) if m.text == text]
    assert (m.unit, m.kind) == (unit, "amount")
    assert m.value_base == pytest.approx(value_base)


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


COUNTS = [  # sentence, the mention, value × scale, unit, counted words
    ("Ant serves 12 million small firms.", "12 million small firms", 12e6, "enterprises",
     "small firms"),
    ("Alipay has 300 million registered users.", "300 million registered users", 300e6,
     "persons", "registered users"),
    ("It will sell 1.5 billion shares.", "1.5 billion shares", 1.5e9, "shares", "shares"),
    ("Ant has about 10,000 employees.", "about 10,000 employees", 1e4, "persons", "employees"),
    ("Jack Ma and two top executives were summoned.", "two top executives", 2, "persons",
     "top executives"),
    ("It serves 80 million small businesses.", "80 million small businesses", 80e6,
     "enterprises", "small businesses"),
    ("which has more than 700 million monthly active user, also", "more than 700 million "
     "monthly active user", 700e6, "persons", "monthly active user"),
    ("It made 2 million loans last year.", "2 million loans", 2e6, "loans", "loans"),
    ("Alipay works in more than 200 countries and regions.", "more than 200 countries and "
     "regions", 200, "countries", "countries and regions"),
    ("Ant sold 1.67 billion H shares.", "1.67 billion H shares", 1.67e9, "shares", "H shares"),
    ("Ant has a half-billion user base.", "a half-billion user base", 0.5e9, "persons",
     "user base"),
]  # fmt: skip


@pytest.mark.parametrize("sentence, text, value_base, unit, counted", COUNTS)
def test_a_count_takes_the_unit_of_what_it_counts(sentence, text, value_base, unit, counted):
    [m] = detect_mentions(sentence)
    assert (m.text, m.unit, m.kind, m.counted) == (text, unit, "count", counted)
    assert m.value_base == pytest.approx(value_base)


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


@pytest.mark.parametrize(
    "sentence, text, unit, counted",
    [
        ("MYbank served 20.87 million small and micro enterprises.",
         "20.87 million small and micro enterprises", "enterprises",
         "small and micro enterprises"),
        ("It works with 2,000 county and village managers.",
         "2,000 county and village managers", "persons", "county and village managers"),
        ("a pledge to serve 40 million female business owners", "40 million female business "
         "owners", "persons", "female business owners"),
        ("Taiwan has about two million Alipay users.", "about two million Alipay users",
         "persons", "Alipay users"),
        ("It has lured more than 600 million Chinese investors.",
         "more than 600 million Chinese investors", "persons", "Chinese investors"),
        ("with nearly ten major overseas smart payment companies including Paytm",
         "nearly ten major overseas smart payment companies", "enterprises",
         "major overseas smart payment companies"),
    ],
)  # fmt: skip
def test_a_counted_noun_after_names_and_joined_words(sentence, text, unit, counted):
    [m] = detect_mentions(sentence)
    assert (m.text, m.unit, m.kind, m.counted) == (text, unit, "count", counted)


def test_words_joined_by_and_stop_after_a_plural_noun():
    # "merchants" is a second thing counted, not what the users are
    assert readings("It serves 5 million users and merchants.") == [
        ("5 million users", 5.0, 1e6, "persons", "count", "exact")
    ]  # fmt: skip
    m = detect_mentions("linking seven Asian e-wallets and merchants")[0]
    assert (m.text, m.unit, m.counted) == ("seven", None, "Asian e-wallets")
    m = detect_mentions("10 firms lending customers money")[0]
    assert (m.unit, m.counted) == ("enterprises", "firms")


def test_a_capitalised_noun_is_no_counted_noun():
    # a defined term of a prospectus, not the vocabulary's shares
    found = detect_mentions("It offers 41,768,000 H Shares and 1,670,706,000 Offer Shares.")
    assert [(m.text, m.unit, m.kind) for m in found] == [
        ("41,768,000", None, "other"), ("1,670,706,000", None, "other")
    ]  # fmt: skip


@pytest.mark.parametrize(
    "sentence, text, unit, counted",
    [
        ("before a 28-member panel of experts", "28-member", "persons", "member"),
        ("a 500-employee firm", "500-employee", "persons", "employee"),
        ("a 10-bank consortium", "10-bank", "institutions", "bank"),
    ],
)
def test_a_singular_counted_noun_against_the_number(sentence, text, unit, counted):
    [m] = detect_mentions(sentence)
    assert (m.text, m.unit, m.kind, m.counted) == (text, unit, "count", counted)


def test_a_noun_against_the_number_that_counts_nothing_names_no_unit():
    [m] = detect_mentions("a 5-star hotel")
    assert (m.text, m.unit, m.kind) == ("5", None, "other")


@pytest.mark.parametrize(
    "sentence, text, unit, counted",
    [
        ("Alipay has a billion users, 711 million of whom are active monthly.", "711 million",
         "persons", "users"),
        ("with 80 million merchants, 20 million of which are small", "20 million", "merchants",
         "merchants"),
        ("Alipay's Chinese users have surpassed 700 million and", "700 million", "persons",
         "users"),
        ("Worldwide users of Alipay, China's leading online payment platform, exceed 1 billion, "
         "it said.", "1 billion", "persons", "users"),
        ("Its merchants reached 80 million last year.", "80 million", "merchants", "merchants"),
    ],
)  # fmt: skip
def test_a_count_whose_noun_comes_before_it(sentence, text, unit, counted):
    [m] = [m for m in detect_mentions(sentence) if m.text == text]
    assert (m.unit, m.kind, m.counted) == (unit, "count", counted)


@pytest.mark.parametrize(
    "sentence",
    [
        "Its users grew and revenue reached 10 billion.",  # another clause's subject
        "The company's revenue reached 10 billion.",  # a singular noun is no subject counted
        "Users fell in 2019. Revenue reached 10 billion.",  # another sentence
        "Its revenue, 10 billion of which came from abroad",  # no counted noun before
    ],
)
def test_a_count_takes_no_unit_from_another_clause(sentence):
    [m] = [m for m in detect_mentions(sentence) if m.text == "10 billion"]
    assert (m.unit, m.kind, m.counted) == (None, "other", None)


def test_a_bare_amount_in_a_list_of_amounts_takes_their_currency():
    found = detect_mentions(
        "Vanguard (VMMXX, $131.2 billion), Fidelity (FDRXX, $115.5B) and JPMorgan (CJPXX, 104.9b)."
    )
    assert [(m.text, m.unit, m.kind) for m in found] == [
        ("$131.2 billion", "USD", "amount"), ("$115.5B", "USD", "amount"),
        ("104.9b", "USD", "amount"),
    ]  # fmt: skip
    found = detect_mentions("Ant said it has 1bn annual users, with 711m active monthly.")
    assert [(m.text, m.unit, m.counted) for m in found] == [
        ("1bn annual users", "persons", "annual users"), ("711m", "persons", "users")
    ]  # fmt: skip


@pytest.mark.parametrize(
    "sentence",
    [
        "It raised $5 billion, up from 4 billion.",  # words between: no list
        "It raised $5 billion, 3 times more.",  # no scale word: a multiple, not an amount
        "It raised $5 billion in 2019 and 4 billion in 2020.",  # the year stands between
    ],
)
def test_a_bare_number_out_of_a_list_keeps_no_unit(sentence):
    bare = [m for m in detect_mentions(sentence) if m.text in ("4 billion", "3 times")]
    assert [(m.unit, m.kind) for m in bare] == [(None, "other")]


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


def test_digits_in_a_sentence_about_tickers_are_codes():
    found = detect_mentions("The stock ticker in Shanghai will be 688688; in Hong Kong it is 6688.")
    assert [(m.text, m.is_code, m.value) for m in found] == [
        ("688688", True, None), ("6688", True, None)
    ]  # fmt: skip
    found = detect_mentions("The ticker symbol was set in 2020. It sold 6688 phones.")
    assert [(m.text, m.is_code, m.counted) for m in found] == [
        ("2020", False, None), ("6688", False, "phones")
    ]  # fmt: skip


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
