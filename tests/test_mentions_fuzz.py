"""Property test: the detector never fails and its spans are always well formed."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from antlens.mentions import detect_mentions
from tests.conftest import SCHEMAS

vocabulary = SCHEMAS.vocabulary


PIECES = [
    "0", "1", "7", "42", "2019", "1,234", "3.5", "28.7", "71/kloc-0", " ", "  ", "\n", "\t",
    "\u00a0", ",", ".", "-", "–", "/", "%", "％", "$", "US$", "HK$", "RMB", "¥", "(", ")", "“",
    "”", "’", ";", ":", "~", "billion", "million", "bn", "m", "tn", "k", "trillion", "thousand",
    "yuan", "per cent", "percent", "pct", "users", "merchants", "years", "days", "old", "ago",
    "more than", "nearly", "about", "at least", "no more than", "up to", "or more", "or less",
    "between", "and", "after", "since", "one", "two", "twenty", "five", "hundred", "dozen",
    "a", "an", "the", "first", "half", "third", "quarter", "of", "in", "Q2", "H1", "FY",
    "Nov.", "June", "December", "tens", "millions", "score", "age", "No.", "times", "share",
    "é", "中文", "٣", "\U0001f600", "\u0301",
    # signs, comma chains, exponents and non-ASCII digits
    "-", "−", "-5", "−5", " -3", "(-", ",", ",000", ",00", ",2345", "1,000,00", "3,4,5", "e",
    "E", "e6", "e-3", "1e10", "2.5e6", "1e400", "9" * 400, "１", "２３", "０", "．", "٤٠",
    "٪", "٫", "٬", "٢٠١٩", "\U0001d7d7",
    # currencies, per cent, counts, decades, codes and fractions
    "S$", "€", "£", "RM", "NT$", "EUR", "Rs", "euros", "US dollars", "pct", "per cent", "pc",
    "small firms", "registered users", "user base", "shares", "40s", "'90s", "’90s", "their",
    "9988", ".HK", "SH:", "688001", "00700", "stock code", "two-thirds", "-fold", "half-",
    "crore", "In", "since",
]  # fmt: skip

mixed_text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=40).map(
    "".join
)


def check(text: str) -> None:
    found = detect_mentions(text)
    previous_end = 0
    for m in found:
        assert 0 <= m.char_start < m.char_end <= len(text)
        assert m.char_start >= previous_end  # sorted and non-overlapping
        previous_end = m.char_end
        assert text[m.char_start : m.char_end] == m.text
        assert m.kind in vocabulary("kinds")
        assert m.qualifier in vocabulary("qualifiers")
        assert m.unit is None or m.unit in vocabulary("units")
        assert m.flag in (None, "garbled", "ambiguous")
        assert (m.value is None) == (m.flag is not None or m.is_code)
        assert not (m.is_code and m.flag)
        assert m.percent_equivalent is None or m.kind == "share"
        assert m.counted is None or m.kind in ("count", "other")
        assert m.value is None or math.isfinite(m.value)
        assert m.value is None or math.isfinite(m.value_base)
        assert (m.date is not None) == (m.kind == "date")
        assert isinstance(m.scale, float) and m.scale > 0


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text(text):
    check(text)


@settings(max_examples=300, deadline=None)
@given(mixed_text)
def test_number_like_text(text):
    check(text)


numeral_text = st.lists(
    st.one_of(
        st.sampled_from(["-", "−", ",", ".", "e", "E", " ", "(", "%", "٪", "٫", "٬", "$", "m"]),
        st.text(alphabet="0123456789１２٠٣٤۵𝟗", min_size=1, max_size=5),
    ),
    max_size=30,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(numeral_text)
def test_numeral_soup(text):
    check(text)
