"""The unit words agree with the `units` and `kinds` vocabularies (antlens.units)."""

from __future__ import annotations

from antlens.units import (
    COUNTED_NOUNS,
    CURRENCY_CODES,
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    DEMONYMS,
    DURATION_WORDS,
    KIND_OF_UNIT,
    UNIT_WORDS,
    UNITLESS_WORDS,
)
from tests.conftest import SCHEMAS

vocabulary = SCHEMAS.vocabulary


def test_every_unit_is_in_the_vocabulary_with_a_kind():
    units = set(vocabulary("units"))
    named = {*CURRENCY_SYMBOLS.values(), *CURRENCY_CODES.values(), *CURRENCY_WORDS.values(),
             *COUNTED_NOUNS.values(), *UNIT_WORDS.values()}  # fmt: skip
    named |= {unit for unit in DURATION_WORDS.values() if unit}
    assert named <= units
    assert set(KIND_OF_UNIT) == units
    assert set(KIND_OF_UNIT.values()) <= set(vocabulary("kinds"))


def test_currencies_are_amounts_and_counted_nouns_counts():
    for unit in {*CURRENCY_SYMBOLS.values(), *CURRENCY_WORDS.values()}:
        assert KIND_OF_UNIT[unit] == "amount", unit
    for noun, unit in COUNTED_NOUNS.items():
        assert KIND_OF_UNIT[unit] == "count", noun


def test_vocabulary_keys_are_lower_case():
    for table in (CURRENCY_SYMBOLS, CURRENCY_CODES, CURRENCY_WORDS, COUNTED_NOUNS, UNIT_WORDS,
                  DEMONYMS):  # fmt: skip
        assert all(key == key.lower() for key in table)


def test_the_policy_maps_nouns_that_count_the_same_thing_to_one_unit():
    assert {COUNTED_NOUNS[n] for n in ("users", "customers", "people", "employees")} == {"persons"}
    assert {COUNTED_NOUNS[n] for n in ("firms", "companies", "businesses", "smes")} == {
        "enterprises"
    }
    assert COUNTED_NOUNS["shares"] == "shares" and COUNTED_NOUNS["lenders"] == "institutions"


def test_managers_and_business_owners_are_persons_and_basis_points_no_unit():
    assert {COUNTED_NOUNS[n] for n in ("managers", "business owners", "owners")} == {"persons"}
    # "points" stays the unit of scores: basis points are named, but no unit of the vocabulary
    assert UNIT_WORDS["points"] == "points"
    assert set(UNITLESS_WORDS) == {"basis points", "basis point"}
    assert not set(UNITLESS_WORDS) & set(UNIT_WORDS)


def test_entities_and_giants_are_enterprises_and_demonyms_persons():
    assert {COUNTED_NOUNS[n] for n in ("entities", "giants", "internet giants")} == {"enterprises"}
    assert set(DEMONYMS.values()) == {"persons"} and "indians" in DEMONYMS
    # a demonym is read only where capitalised, never as a lower-case counted noun
    assert not set(DEMONYMS) & set(COUNTED_NOUNS)
