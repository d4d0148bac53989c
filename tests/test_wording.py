"""Numbers in words, with the words of every unit and qualifier read from the vocabularies."""

from __future__ import annotations

import pytest

from antlens.charts.wording import (
    Words,
    counted,
    number,
    period_text,
    quote_in_context,
    scale_of,
    scale_word,
)
from antlens.website import tables
from tests.conftest import REPO, SCHEMAS

vocabulary = SCHEMAS.vocabulary


@pytest.fixture(scope="module")
def words() -> Words:
    return tables.words(REPO)


def test_every_unit_and_qualifier_has_its_words():
    assert set(vocabulary("unit_words")) == set(vocabulary("units"))
    assert set(vocabulary("qualifier_words")) == set(vocabulary("qualifiers"))
    assert all(isinstance(w, str) for w in vocabulary("unit_words").values())
    assert vocabulary("qualifier_words")["exact"] == ""  # an exact number is said bare


def test_the_words_are_the_vocabularies(words: Words):
    assert words.units == vocabulary("unit_words")
    assert words.qualifiers == vocabulary("qualifier_words")


def test_quantities(words: Words):
    assert words.quantity(71_750_000_000, "CNY") == "71.75 billion yuan"
    assert words.quantity(711e6, "persons") == "711 million people"
    assert words.quantity(2.4e12, "CNY") == "2.4 trillion yuan"
    assert words.quantity(40.0, "percent") == "40%"
    assert words.quantity(2008, "date") == "2008"
    assert words.quantity(8, "licences") == "8 licences"
    assert words.quantity(None, "CNY") == "no figure"


def test_qualifiers(words: Words):
    row = {"value_base": 63.0, "unit": "percent", "qualifier": "more_than"}
    assert words.qualified(row) == "more than 63%"
    assert words.qualified({**row, "qualifier": "exact"}) == "63%"
    assert words.qualifier_text(row) == "more than"
    assert words.qualifier_text({**row, "qualifier": "exact"}) == "exact"
    assert words.qualifier_text({**row, "flag": "garbled"}) == (
        "interpreted (garbled words in the source)"
    )
    assert words.is_bound("more than") and not words.is_bound("") and not words.is_bound("x")


def test_words_come_from_what_is_handed_in():
    said = Words(units={"CNY": "renminbi"}, qualifiers={"nearly": "almost"})
    assert said.qualified({"value_base": 3e9, "unit": "CNY", "qualifier": "nearly"}) == (
        "almost 3 billion renminbi"
    )


def test_numbers_periods_and_scales():
    assert number(1234567.891) == "1,234,567.89" and number(40.0) == "40"
    assert counted(1, "claim") == "1 claim" and counted(47, "claim") == "47 claims"
    assert scale_of(28.7e9) == (1e9, "billion") and scale_of(12) == (1.0, "")
    assert scale_word(1e9) == "billion" and scale_word(1) == "" and scale_word(1e3) == "thousand"
    assert scale_word(100) == "× 100"
    assert period_text("2019-H1") == "first half of 2019"
    assert period_text("2019-H2") == "second half of 2019"
    assert period_text("2008-12") == "December 2008"
    assert period_text("2020") == "2020" and period_text(None) == "undated"


def test_a_count_of_kinds_is_a_lower_bound_when_its_list_is_open(words: Words):
    assert words.kinds(8, ["exact", "at_least", "exact"]) == "at least 8"
    assert words.kinds(5, ["more_than"]) == "more than 5"
    assert words.kinds(8, ["exact", "nearly"]) == "8"


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        ("fund", "… has banking, payment, micro-loan, [fund], fund sales, futures, …"),
        ("Ant", "[Ant] has banking, payment, micro-loan, …"),
        ("categories", "… futures, insurance and other [categories]."),
        ("banking, payment, micro-loan", "banking, payment, micro-loan"),  # long enough alone
    ],
)
def test_a_short_quote_is_shown_among_the_words_of_its_sentence(quote, expected):
    sentence = (
        "Ant has banking, payment, micro-loan, fund, fund sales, futures, insurance and other"
        " categories."
    )
    assert quote_in_context(quote, sentence, sentence.index(quote)) == expected
