"""Rules read off the words around a number: what it counts, a scale shared on a "to" range,
months sharing a year, multiples as verbs, digits that belong to a name, ages, signs written
as words, more currencies and the days of shopping festivals (antlens.mentions).
Each rule comes with the nearby cases it must leave alone."""

from __future__ import annotations

import pytest

from antlens.mentions import detect_mentions


def found(text: str) -> list[tuple]:
    return [(m.text, m.value, m.scale, m.unit, m.kind, m.date) for m in detect_mentions(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Ant oversees 5 entities", ("5 entities", "enterprises")),
        ("Regulators told 14 internet giants to", ("14 internet giants", "enterprises")),
        ("two tech giants", ("two tech giants", "enterprises")),
        ("to empower half a billion Indians with", ("half a billion Indians", "persons")),
        ("30 Americans.", ("30 Americans", "persons")),
        # a demonym before another noun is an adjective: the noun is counted
        ("25 Chinese banks", ("25 Chinese banks", "institutions")),
        ("25 Chinese fintech apps", ("25", None)),
        ("the fintech giant's 3 apps", ("3", None)),
    ],
)
def test_counted_nouns_by_meaning(text, expected):
    assert [(m.text, m.unit) for m in detect_mentions(text)] == [expected]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("an 80-million-strong merchant network in China",
         ("80-million-strong merchant network", 80.0, 1e6, "merchants", "count")),
        # a group of nothing the vocabulary counts is no count
        ("a 3,000-strong workforce of users", ("3,000", 3000.0, 1.0, None, "other")),
        ("a 300-strong team", ("300", 300.0, 1.0, None, "other")),
    ],
)  # fmt: skip
def test_a_strong_group_counts_its_noun(text, expected):
    assert [row[:5] for row in found(text)] == [expected]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("- Total shares sold: 25.51 million", ("25.51 million", "shares", "count")),
        ("Users: 25 million\n", ("25 million", "persons", "count")),
        # a label without a counted noun, or a colon inside a sentence further back, names none
        ("- Deal value: 25.51 million", ("25.51 million", None, "other")),
        ("Total shares sold were many. He said: 25 million", ("25 million", None, "other")),
    ],
)
def test_a_line_label_names_what_its_number_counts(text, expected):
    assert [(m.text, m.unit, m.kind) for m in detect_mentions(text)] == [expected]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("valued between $45 to $50 billion",
         [("$45", 45.0, 1e9, "USD", "amount", None),
          ("$50 billion", 50.0, 1e9, "USD", "amount", None)]),
        ("from 5 to 10 million users",
         [("5", 5.0, 1e6, "persons", "count", None),
          ("10 million users", 10.0, 1e6, "persons", "count", None)]),
        # no scale to share, a larger first number, another currency: each as written
        ("$45 to $50", [("$45", 45.0, 1.0, "USD", "amount", None),
                        ("$50", 50.0, 1.0, "USD", "amount", None)]),
        ("cut from 500 to 3 million", [("500", 500.0, 1.0, None, "other", None),
                                       ("3 million", 3.0, 1e6, None, "other", None)]),
        ("€45 to $50 billion", [("€45", 45.0, 1.0, "EUR", "amount", None),
                                ("$50 billion", 50.0, 1e9, "USD", "amount", None)]),
        ("45% to $50 billion", [("45%", 45.0, 1.0, "percent", "share", None),
                                ("$50 billion", 50.0, 1e9, "USD", "amount", None)]),
    ],
)  # fmt: skip
def test_a_scale_written_once_on_a_to_range_is_both_bounds(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("grew between March and August 2024 year-on-year",
         [("March", 2024.0, 1.0, "date", "date", "2024-03"),
          ("August 2024", 2024.0, 1.0, "date", "date", "2024-08")]),
        ("from Sept. to Dec. 2019", [("Sept.", 2019.0, 1.0, "date", "date", "2019-09"),
                                     ("Dec. 2019", 2019.0, 1.0, "date", "date", "2019-12")]),
        ("March–May 2020", [("March", 2020.0, 1.0, "date", "date", "2020-03"),
                            ("May 2020", 2020.0, 1.0, "date", "date", "2020-05")]),
        # without a year the months are no mentions; a month with its own year keeps it
        ("between March and August", []),
        ("the March launch", []),
        ("March 2023 and August 2024", [("March 2023", 2023.0, 1.0, "date", "date", "2023-03"),
                                        ("August 2024", 2024.0, 1.0, "date", "date", "2024-08")]),
    ],
)  # fmt: skip
def test_a_month_shares_the_year_of_the_next(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("the number has tripled during", [("tripled", 3.0, 1.0, None, "other", None)]),
        ("Doubled in a year", [("Doubled", 2.0, 1.0, None, "other", None)]),
        ("sales quadrupled.", [("quadrupled", 4.0, 1.0, None, "other", None)]),
        ("a doubles match, tripledecker", []),
        ("grew more than quadruple in", [("more than quadruple", 4.0, 1.0, None, "other", None)]),
        ("is expected to double by", [("double", 2.0, 1.0, None, "other", None)]),
        # a bare form alone is an adjective
        ("a triple-A rating and double digits", []),
    ],
)
def test_verbs_of_a_multiple(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("3.5 million small-business customers",
         [("3.5 million small-business customers", 3.5, 1e6, "enterprises", "count", None)]),
        ("serve 10 million profitable SMEs and help create",
         [("10 million profitable SMEs", 10.0, 1e6, "enterprises", "count", None)]),
        ("20 million micro-entrepreneurs",
         [("20 million micro-entrepreneurs", 20.0, 1e6, "persons", "count", None)]),
        ("120m Chinese travellers went abroad",
         [("120m Chinese travellers", 120.0, 1e6, "persons", "count", None)]),
        ("70 million to 80 million small businesses",
         [("70 million", 70.0, 1e6, "enterprises", "count", None),
          ("80 million small businesses", 80.0, 1e6, "enterprises", "count", None)]),
        # a lower bound larger than the upper names something else
        ("from 90 million to 80 million small businesses",
         [("90 million", 90.0, 1e6, None, "other", None),
          ("80 million small businesses", 80.0, 1e6, "enterprises", "count", None)]),
    ],
)  # fmt: skip
def test_compounds_acronyms_and_ranges_name_what_is_counted(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("said Huang, 43, who was", [("43", 43.0, 1.0, "years", "duration", None)]),
        ("In Shanghai 43, who", [("43", 43.0, 1.0, None, "other", None)]),
        ("from minus 40 to 85", [("minus 40", -40.0, 1.0, None, "other", None),
                                 ("85", 85.0, 1.0, None, "other", None)]),
        ("a score of 8 million tpmC", [("a score of 8 million", 8.0, 1e6, None, "other", None)]),
        ("a credit score of 750", [("a credit score of 750", 750.0, 1.0, "points", "score", None)]),
        ("one single workstation", [("one", 1.0, 1.0, None, "other", None)]),
        ("no one single-handedly", []),
        ("the COVID-19 pandemic, in mid-2020", [("2020", 2020.0, 1.0, "date", "date", "2020")]),
        ("paid Dh17.8 billion", [("Dh17.8 billion", 17.8, 1e9, "AED", "amount", None)]),
        ("5 billion baht and Rp 3 trillion", [("5 billion baht", 5.0, 1e9, "THB", "amount", None),
                                              ("Rp 3 trillion", 3.0, 1e12, "IDR", "amount", None)]),
    ],
)  # fmt: skip
def test_ages_signs_scores_names_and_more_currencies(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("this year's 11/11 Global Shopping Festival",
         [("11/11", 11.0, 1.0, "date", "date", "--11-11")]),
        ("the Global Shopping Festival on 11.11.",
         [("11.11", 11.0, 1.0, "date", "date", "--11-11")]),
        ("the 6.18 shopping festival", [("6.18", 18.0, 1.0, "date", "date", "--06-18")]),
        # elsewhere, or with a scale, they are numbers
        ("shares rose 11.11 million during the festival",
         [("11.11 million", 11.11, 1e6, None, "other", None)]),
        ("3/10 of the firms", [("3", 3.0, 1.0, None, "other", None),
                               ("10", 10.0, 1.0, None, "other", None)]),
        ("a yield of 2.05", [("2.05", 2.05, 1.0, None, "other", None)]),
    ],
)  # fmt: skip
def test_the_days_of_shopping_festivals(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Ant owned 24.86% of One 97 in December. One97 bought back shares.", ["24.86%"]),
        # the same digits with no joined spelling in the text are a number
        ("Ant owned 24.86% of One 97 in December.", ["24.86%", "97"]),
        ("Group 5 met. Group5 is a band.", []),
        ("Alipay 7 days", ["7 days"]),  # a unit makes it a quantity whatever the text writes
    ],
)
def test_digits_written_joined_to_a_name_elsewhere_are_no_mention(text, expected):
    assert [m.text for m in detect_mentions(text)] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("lent to millions of users", []),
        ("dozens of banks and thousands of firms", []),
        ("hundreds of", []),
        ("revenue is tens of millions,", [("tens of millions", 10.0, 1e6, None, "other", None)]),
        ("hundreds of millions of borrowers",
         [("hundreds of millions", 100.0, 1e6, None, "other", None)]),
    ],
)  # fmt: skip
def test_an_indefinite_plural_alone_is_no_mention(text, expected):
    assert found(text) == expected


def test_indian_digit_grouping_is_read_as_written():
    assert found("2,59,930 shares were sold") == [
        ("2,59,930 shares", 259930.0, 1.0, "shares", "count", None)
    ]


def test_a_line_label_is_read_on_the_number_s_own_line():
    assert [m.unit for m in detect_mentions("x\nTotal shares sold: 25 million")] == ["shares"]
    # the label of the line before names nothing on this one
    assert [m.unit for m in detect_mentions("Total shares sold:\n25 million")] == [None]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The plan is to grow the number of merchants to 6,000.",
         [("6,000", 6000.0, 1.0, "merchants", "count", None)]),
        ("grew its number of merchants from 200 in 2016 to 2,000.",
         [("200", 200.0, 1.0, "merchants", "count", None),
          ("2016", 2016.0, 1.0, "date", "date", "2016"),
          ("2,000", 2000.0, 1.0, "merchants", "count", None)]),
        # "the number of" in another sentence names nothing
        ("The number of merchants grew. Prices rose to 6,000.",
         [("6,000", 6000.0, 1.0, None, "other", None)]),
        ("an outflow of 150 million people every year, with",
         [("150 million people", 150.0, 1e6, "persons", "count", None)]),
        ("1.2 million Chinese visited Australia",
         [("1.2 million Chinese", 1.2, 1e6, "persons", "count", None)]),
        ("over 16 million Touch 'n Go eWallet customers",
         [("over 16 million Touch 'n Go eWallet customers", 16.0, 1e6, "persons", "count", None)]),
        ("20,000 Alipay acceptance points", [("20,000 Alipay acceptance points", 20000.0, 1.0,
                                              "scenarios", "count", None)]),
        ("a 50-store chain", [("50-store", 50.0, 1.0, "merchants", "count", None)]),
        ("eight consecutive days", [("eight consecutive days", 8.0, 1.0, "days", "duration",
                                     None)]),
    ],
)  # fmt: skip
def test_what_a_count_counts_beyond_the_next_words(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a 51:49 ownership", [("51", 51.0, 1.0, "percent", "share", None),
                               ("49", 49.0, 1.0, "percent", "share", None)]),
        ("a ratio of 3:1", [("3", 3.0, 1.0, None, "other", None),
                            ("1", 1.0, 1.0, None, "other", None)]),
        ("from Oct. 1 to 7 this year", [("Oct. 1", 1.0, 1.0, "date", "date", "--10-01"),
                                        ("7", 7.0, 1.0, "date", "date", "--10-07")]),
        ("June 3-5, 2019", [("June 3", 2019.0, 1.0, "date", "date", "2019-06-03"),
                            ("5, 2019", 2019.0, 1.0, "date", "date", "2019-06-05")]),
        # a number after the day that counts something is no second day
        ("May 3 to 10 cities", [("May 3", 3.0, 1.0, "date", "date", "--05-03"),
                                ("10 cities", 10.0, 1.0, "cities", "count", None)]),
        ("RM698.1bil and RM5 mil", [("RM698.1bil", 698.1, 1e9, "MYR", "amount", None),
                                    ("RM5 mil", 5.0, 1e6, "MYR", "amount", None)]),
        ("$US235 billion", [("$US235 billion", 235.0, 1e9, "USD", "amount", None)]),
        ("1,979 Chinese yuan", [("1,979 Chinese yuan", 1979.0, 1.0, "CNY", "amount", None)]),
        # a capitalised number word inside a sentence, before a name, is part of it
        ("and Switzerland's Six Group.", []),
        ("Ant Adds Two Million Users", [("Two Million Users", 2.0, 1e6, "persons", "count",
                                         None)]),
    ],
)  # fmt: skip
def test_splits_day_ranges_scales_and_names(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Q1FY26 and FY25", [("Q1FY26", 2026.0, 1.0, "date", "date", "2026-Q1"),
                             ("FY25", 2025.0, 1.0, "date", "date", "2025")]),
        ("Rs 20.65 Bn and Tk1,880crore", [("Rs 20.65 Bn", 20.65, 1e9, "INR", "amount", None),
                                          ("Tk1,880crore", 1880.0, 1e7, "BDT", "amount", None)]),
        ("Tk2.5 lakh crore", [("Tk2.5 lakh crore", 2.5, 1e12, "BDT", "amount", None)]),
        ("P350 billion, the P2P lender and its P3 plan",
         [("P350 billion", 350.0, 1e9, "PHP", "amount", None)]),
        ("289.6 billion pesos", [("289.6 billion pesos", 289.6, 1e9, "PHP", "amount", None)]),
        ("US$2 million (230 billion won)", [("US$2 million", 2.0, 1e6, "USD", "amount", None),
                                            ("230 billion won", 230.0, 1e9, "KRW", "amount",
                                             None)]),
        # after a bare number, "won" is the verb
        ("The 3 won a licence", [("3", 3.0, 1.0, None, "other", None)]),
        ("about one out of six", [("about one out of six", 1 / 6, 1.0, None, "share", None)]),
        ("nearly twice as many", [("nearly twice", 2.0, 1.0, None, "other", None)]),
        ("on the 18th, and on the 3rd floor", [("18th", 18.0, 1.0, "date", "date", "---18")]),
        ("at 10:49 am", [("10:49 am", 10.0, 1.0, None, "other", None)]),
    ],
)  # fmt: skip
def test_south_asian_scales_fiscal_years_and_more(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # the rupee of the country the text names more often
        ("Telenor's Pakistan bank lent Rs.1.245 billion across Pakistan.", "PKR"),
        ("Paytm in India raised Rs 500 crore.", "INR"),
        ("Pakistan and India: 50 rupees in India, and in India again", "INR"),
    ],
)
def test_a_rupee_is_the_rupee_of_the_country_the_text_is_about(text, expected):
    assert [m.unit for m in detect_mentions(text)] == [expected]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("more than 10,000 7-Eleven convenience stores",
         [("more than 10,000 7-Eleven convenience stores", 10000.0, 1.0, "merchants", "count",
           None)]),
        ("the stake in One 97 Communications, which", []),
        ("users now numbering about 3 million.",
         [("about 3 million", 3.0, 1e6, "persons", "count", None)]),
        ("The customer base has now crossed the 5.1 crore mark",
         [("5.1 crore", 5.1, 1e7, "persons", "count", None)]),
        # a headline counts capitalised nouns; a defined term of a prospectus is no count
        ("Ant Group Adds 300 New Merchants",
         [("300 New Merchants", 300.0, 1.0, "merchants", "count", None)]),
        ("A total of 1,670,706,000 Offer Shares",
         [("1,670,706,000", 1670706000.0, 1.0, None, "other", None)]),
    ],
)  # fmt: skip
def test_names_subjects_and_headlines(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("$1bln fine and USD$2.82 billion and US $984 million",
         [("$1bln", 1.0, 1e9, "USD", "amount", None),
          ("USD$2.82 billion", 2.82, 1e9, "USD", "amount", None),
          ("US $984 million", 984.0, 1e6, "USD", "amount", None)]),
        ("the 08/16/2022 close", [("08/16/2022", 2022.0, 1.0, "date", "date", "2022-08-16")]),
        ("November 20 and November 23 2020",
         [("November 20", 2020.0, 1.0, "date", "date", "2020-11-20"),
          ("November 23 2020", 2020.0, 1.0, "date", "date", "2020-11-23")]),
        ("cut Ant Group in half in its", [("half", 0.5, 1.0, None, "share", None)]),
        ("more than halving the limit", [("more than halving", 0.5, 1.0, None, "other", None)]),
        ("More Than a Third of China", [("a Third", 1 / 3, 1.0, None, "share", None)]),
        ("a pair of national champions", [("a pair", 2.0, 1.0, None, "other", None)]),
        ("two online lending subsidiaries",
         [("two online lending subsidiaries", 2.0, 1.0, "enterprises", "count", None)]),
    ],
)  # fmt: skip
def test_wire_spellings_us_dates_and_halves(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("May 29 in 2013 and February in 2014 and Jul.1",
         [("May 29 in 2013", 2013.0, 1.0, "date", "date", "2013-05-29"),
          ("February in 2014", 2014.0, 1.0, "date", "date", "2014-02"),
          ("Jul.1", 1.0, 1.0, "date", "date", "--07-01")]),
        ("Double 11 and Double Eleven", [("Double 11", 11.0, 1.0, "date", "date", "--11-11"),
                                         ("Double Eleven", 11.0, 1.0, "date", "date",
                                          "--11-11")]),
        ("a 4.5-billion-dollar deal", [("4.5-billion-dollar", 4.5, 1e9, "USD", "amount", None)]),
        ("US$ 14,000", [("US$ 14,000", 14000.0, 1.0, "USD", "amount", None)]),
        ("for one year, within one week, and one day he said",
         [("one year", 1.0, 1.0, "years", "duration", None),
          ("one week", 1.0, 1.0, None, "duration", None)]),
        ("for 7 and 14 days", [("7", 7.0, 1.0, "days", "duration", None),
                               ("14 days", 14.0, 1.0, "days", "duration", None)]),
        # a multiple joined by "to" keeps its own reading
        ("grew 10-fold to 100,000 locations",
         [("10-fold", 10.0, 1.0, None, "other", None),
          ("100,000 locations", 100000.0, 1.0, "scenarios", "count", None)]),
        ("about a third more than", [("about a third", 1 / 3, 1.0, None, "share", None)]),
    ],
)  # fmt: skip
def test_dates_with_in_festival_names_and_shared_durations(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("many investors hold two A-share accounts (one in Shanghai",
         [("two A-share accounts", 2.0, 1.0, "accounts", "count", None)]),
        ("three of the people said", [("three", 3.0, 1.0, "persons", "count", None)]),
        ("top-ups at 7-Eleven stores", []),
        ("the COVID 19 pandemic", []),
        ("A Green Movement with 300 Million Participants and 13 Million Trees",
         [("300 Million Participants", 300.0, 1e6, "persons", "count", None),
          ("13 Million", 13.0, 1e6, None, "count", None)]),
        ("Over 600 Million People Planted Trees",
         [("Over 600 Million People", 600.0, 1e6, "persons", "count", None)]),
    ],
)  # fmt: skip
def test_counts_of_the_people_names_and_headline_scales(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("in 4Q21 and 1H2020", [("4Q21", 2021.0, 1.0, "date", "date", "2021-Q4"),
                                ("1H2020", 2020.0, 1.0, "date", "date", "2020-H1")]),
        ("on 7/9/21 the", [("7/9/21", 2021.0, 1.0, "date", "date", "2021-07-09")]),
        ("return has been ~-3% since", [("-3%", -3.0, 1.0, "percent", "share", None)]),
        ("over 1T GMV", [("over 1T", 1.0, 1e12, None, "other", None)]),
        ("about one-fourth of", [("about one-fourth", 0.25, 1.0, None, "share", None)]),
        ("the fourth quarter of 2020",
         [("the fourth quarter of 2020", 2020.0, 1.0, "date", "date", "2020-Q4")]),
        ("the S&P 500 and CSI 300 and Nifty-50", []),
        ("900 million and 507 million users",
         [("900 million", 900.0, 1e6, "persons", "count", None),
          ("507 million users", 507.0, 1e6, "persons", "count", None)]),
        ("18 Alibaba co-founders and more than 90 universities",
         [("18 Alibaba co-founders", 18.0, 1.0, "persons", "count", None),
          ("more than 90 universities", 90.0, 1.0, "institutions", "count", None)]),
    ],
)  # fmt: skip
def test_quarters_before_years_short_us_dates_indexes_and_lists(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("valued at USD 60billion at", [("USD 60billion", 60.0, 1e9, "USD", "amount", None)]),
        ("the 10m or so merchants who",
         [("10m or so merchants", 10.0, 1e6, "merchants", "count", None)]),
        ("the 90 million-strong Alipay+ global merchants network",
         [("90 million-strong Alipay+ global merchants", 90.0, 1e6, "merchants", "count",
           None)]),
        ("(2019\u20112020)", [("2019", 2019.0, 1.0, "date", "date", "2019"),
                             ("2020", 2020.0, 1.0, "date", "date", "2020")]),
        ("the COVID\u201119 pandemic", []),
        ("spent 150% more over 2024.", [("150%", 150.0, 1.0, "percent", "share", None),
                                        ("2024", 2024.0, 1.0, "date", "date", "2024")]),
        ("over 2000 companies", [("over 2000 companies", 2000.0, 1.0, "enterprises", "count",
                                  None)]),
        ("at Money20/20 Europe", []),
        ("https://www.businesswire.com/news/home/20250204295908/en/", []),
        ("it has 520m payments customers",
         [("520m payments customers", 520.0, 1e6, "persons", "count", None)]),
        ("the most Alipay accounts, with 900 million; another 300 million are abroad",
         [("900 million", 900.0, 1e6, "accounts", "count", None),
          ("300 million", 300.0, 1e6, "accounts", "count", None)]),
        ("revenue of 5 billion yuan, with 3 billion from loans",
         [("5 billion yuan", 5.0, 1e9, "CNY", "amount", None),
          ("3 billion", 3.0, 1e9, "CNY", "amount", None)]),
        ("more than 1 billion users. Facebook has more than 2 billion.",
         [("more than 1 billion users", 1.0, 1e9, "persons", "count", None),
          ("more than 2 billion", 2.0, 1e9, "persons", "count", None)]),
        ("valued at $150 billion. Alipay passed the 1 billion mark.",
         [("$150 billion", 150.0, 1e9, "USD", "amount", None),
          ("1 billion", 1.0, 1e9, None, "other", None)]),
        ("more than 1 billion users.\nFacebook has 2 billion.",
         [("more than 1 billion users", 1.0, 1e9, "persons", "count", None),
          ("2 billion", 2.0, 1e9, None, "other", None)]),
    ],
)  # fmt: skip
def test_glued_scales_names_after_slashes_elided_nouns_and_years_over(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a page's date lines: a date after a middle dot, a US day with its year after a space
        ("Qi Lu Wan Bao·2025-10-21 03:34",
         [("2025-10-21", 2025.0, 1.0, "date", "date", "2025-10-21"),
          ("03:34", 3.0, 1.0, None, "other", None)]),
        ("12/23 2025", [("12/23 2025", 2025.0, 1.0, "date", "date", "2025-12-23")]),
        ("Nov 6, 2020 | Ad tech", [("Nov 6, 2020", 2020.0, 1.0, "date", "date", "2020-11-06")]),
        # notes' markers and versions are no numbers; a year in brackets, a decimal after a
        # verb or with a unit, are
        ("as the report says [1][2]. Also [11].", []),
        ("in [2020] it", [("2020", 2020.0, 1.0, "date", "date", "2020")]),
        ("Ling 2.0 and Web 2.0 grew 2.0% to a 2.0 rating",
         [("2.0%", 2.0, 1.0, "percent", "share", None), ("2.0", 2.0, 1.0, None, "other", None)]),
        # "24/7" is "always"; "T+2" a settlement cycle in days
        ("open 24/7, settling T+2 and then T+0, and 3/7 of",
         [("T+2", 2.0, 1.0, "days", "duration", None),
          ("T+0", 0.0, 1.0, "days", "duration", None),
          ("3", 3.0, 1.0, None, "other", None), ("7", 7.0, 1.0, None, "other", None)]),
        # "N of its …", "N of a name's …" count the noun after them, past a number
        ("approximately 2 million of its 450 million users",
         [("approximately 2 million", 2.0, 1e6, "persons", "count", None),
          ("450 million users", 450.0, 1e6, "persons", "count", None)]),
        ("four of China's top financial regulation institutions",
         [("four", 4.0, 1.0, "institutions", "count", None)]),
        ("four of its products", [("four", 4.0, 1.0, None, "other", None)]),
        # a capitalised number word opening a quoted name is part of it
        ("a platform named “Two Chains and One Bridge,” which", []),
        ("“Two hundred users came,” he said.",
         [("Two hundred users", 200.0, 1.0, "persons", "count", None)]),
        ("Two Prior Divestments", [("Two", 2.0, 1.0, None, "other", None)]),
    ],
)  # fmt: skip
def test_page_dates_markers_versions_settlement_and_of_a_name(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a sign written before a change, a "+" after a lower bound
        ("up +12.5% y/y and -3%",
         [("+12.5%", 12.5, "percent", "exact"), ("-3%", -3.0, "percent", "exact")]),
        ("in 100+ countries for 5+ years",
         [("100+ countries", 100.0, "countries", "at_least"),
          ("5+ years", 5.0, "years", "at_least")]),
        # telephone numbers and standards are no numbers of the text; "+" between digits is
        # no sign
        ("Call +86 571 2688 8888 or +1-202-555-0143.", []),
        ("certified to ISO 27001", []),
        ("a 10+5 deal", [("10", 10.0, None, "exact")]),
    ],
)  # fmt: skip
def test_signs_lower_bounds_phone_numbers_and_standards(text, expected):
    found_ = [(m.text, m.value, m.unit, m.qualifier) for m in detect_mentions(text)]
    assert found_ == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a group's noun before "of" names what the number counts; other nouns do not
        ("Mongolia’s population of just 3.28 million",
         [("3.28 million", 3.28, 1e6, "persons", "count", None)]),
        ("its initial user base of 120 million",
         [("120 million", 120.0, 1e6, "persons", "count", None)]),
        ("a loan of 5 million", [("5 million", 5.0, 1e6, None, "other", None)]),
        ("Shares totalling 176.4 million",
         [("176.4 million", 176.4, 1e6, "shares", "count", None)]),
        ("the world’s 10 largest economies",
         [("10 largest economies", 10.0, 1.0, "countries", "count", None)]),
        # days written day first or year first with dots, a range's ordinal second day
        ("on 29.01.2019 and 2019.01.29",
         [("29.01.2019", 2019.0, 1.0, "date", "date", "2019-01-29"),
          ("2019.01.29", 2019.0, 1.0, "date", "date", "2019-01-29")]),
        ("from July 7th to 9th", [("July 7", 7.0, 1.0, "date", "date", "--07-07"),
                                  ("9th", 9.0, 1.0, "date", "date", "--07-09")]),
        # events and plans named by their year
        ("UEFA Euro 2020 and Expo 2020 and Vision 2030", []),
        # a glued "x" is a multiple, not before a letter or digit; half a year is a duration
        ("grew more than 20x, a 3.5x multiple, not 0x1F or 3x3",
         [("more than 20x", 20.0, 1.0, None, "other", None),
          ("3.5x", 3.5, 1.0, None, "other", None)]),
        ("in under half a year, half the market",
         [("under half a year", 0.5, 1.0, "years", "duration", None),
          ("half", 0.5, 1.0, None, "share", None)]),
    ],
)  # fmt: skip
def test_groups_of_dotted_days_events_and_multiples(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Sina GMT2017-10-13 09:26",
         [("2017-10-13", 2017.0, 1.0, "date", "date", "2017-10-13"),
          ("09:26", 9.0, 1.0, None, "other", None)]),
        ("36Kr科技新知2025-07-17", [("2025-07-17", 2025.0, 1.0, "date", "date", "2025-07-17")]),
        # not a day: a range, a thirteenth month
        ("a 10-13 range", [("10", 10.0, 1.0, None, "other", None),
                           ("13", 13.0, 1.0, None, "other", None)]),
        ("AB2017-13-13", [("13", 13.0, 1.0, None, "other", None),
                          ("13", 13.0, 1.0, None, "other", None)]),
    ],
)  # fmt: skip
def test_a_day_glued_to_a_word(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Friday, 2024 November 22", [("2024 November 22", 2024.0, 1.0, "date", "date",
                                       "2024-11-22")]),
        # a frequency is no multiple; a multiple alone is
        ("twice-monthly reports", []),
        ("it grew twice.", [("twice", 2.0, 1.0, None, "other", None)]),
        # shares named after a letter count shares; tiers are labels
        ("1,670,706,000 H-shares",
         [("1,670,706,000 H-shares", 1670706000.0, 1.0, "shares", "count", None)]),
        ("Tier 1 net capital in tier-1 cities", []),
        ("cut by half from US$280 billion",
         [("half", 0.5, 1.0, None, "share", None),
          ("US$280 billion", 280.0, 1e9, "USD", "amount", None)]),
    ],
)  # fmt: skip
def test_date_bars_frequencies_lettered_shares_and_tiers(text, expected):
    assert found(text) == expected
