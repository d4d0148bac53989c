"""Number words and scale words, read into values (antlens.number_words)."""

from __future__ import annotations

import pytest

from antlens.number_words import (
    MAGNITUDE_SCALES,
    MAGNITUDES,
    SCALE_WORDS,
    SPACED_SCALES,
    SPELT_SCALES,
    digits_value,
    fraction_value,
    look,
    words_value,
)


@pytest.mark.parametrize(
    "words, expected",
    [
        ("twenty-five", (25.0, 1.0)),
        ("three hundred thousand", (300.0, 1e3)),
        ("one billion", (1.0, 1e9)),
        ("a dozen", (12.0, 1.0)),
        ("two hundred and fifty million", (250.0, 1e6)),
        ("a half-billion", (0.5, 1e9)),
        ("half a million", (0.5, 1e6)),
    ],
)
def test_words_value(words, expected):
    assert words_value(words) == expected


@pytest.mark.parametrize(
    "digits, expected",
    [("1,234,567", 1234567.0), ("28.7", 28.7), ("2.5e6", 2.5e6), ("1,000,00", None),
     ("1,234,5678", None), ("2,59,930", 259930.0), ("1,00,00,000", 1e7), ("12,34,567.5", 1234567.5),
     ("123,45,678", None), ("1,00,0000", None)],
)  # fmt: skip
def test_digits_value(digits, expected):
    assert digits_value(digits) == expected


def test_fraction_value():
    assert fraction_value("two", "thirds") == pytest.approx(2 / 3)
    assert fraction_value("a", "quarter") == 0.25
    assert fraction_value(None, None) == 0.5


def test_every_scale_word_is_defined_once_with_its_multiplier():
    assert set(SPELT_SCALES) | set(SPACED_SCALES) <= set(SCALE_WORDS)
    assert set(MAGNITUDES) <= set(SPELT_SCALES)
    assert look(SCALE_WORDS, "Billion") == 1e9 and look(SCALE_WORDS, "ten  thousand") == 1e4


def test_the_magnitudes_are_the_scale_words_an_annotation_writes():
    assert MAGNITUDE_SCALES == {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
