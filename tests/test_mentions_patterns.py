"""The word patterns the scanner is built from (antlens.mentions.patterns)."""

from __future__ import annotations

import re

import pytest

from antlens.mentions import patterns
from antlens.mentions.patterns import SCAN, _branch_optionals, spellings, trie


def test_spellings_as_news_writes_them():
    assert {"US dollars", "us dollars", "Us dollars"} <= set(spellings(["us dollars"]))
    assert "Hong Kong dollars" in spellings(["hong kong dollars"])
    assert "U.S. dollars" in spellings(["u.s. dollars"])
    assert "SMEs" in spellings(["smes"])
    assert "H shares" in spellings(["h shares"])


def test_a_trie_matches_the_longest_word_and_blank_runs():
    pattern = re.compile(trie(["more", "more than", "per cent"]))
    assert pattern.match("more than 5").group() == "more than"
    assert pattern.match("more  5").group() == "more"
    assert pattern.match("per\u00a0cent").group() == "per\u00a0cent"
    assert re.compile(trie(["more", "more than"], prefix_only=True)).match("more than").group() == (
        "more"
    )


@pytest.mark.parametrize(
    ("pattern", "rewritten"),
    [
        (r"a(?:bc)?d", r"a(?:bc|)d"),
        (r"(?P<q>x)?y", r"(?:(?P<q>x)|)y"),
        (r"(?:a(?:b)?)?", r"(?:a(?:b|)|)"),
        (r"(?=a)?(?!b)?", r"(?=a)?(?!b)?"),  # lookarounds are left as they are
        (r"(?:a)??(?:b)?+", r"(?:a)??(?:b)?+"),  # lazy and possessive too
        (r"\(a\)?[()?](?:[]a)])?", r"\(a\)?[()?](?:[]a)]|)"),  # escapes and classes
        (r"[^]x](?:y)?", r"[^]x](?:y|)"),
    ],
)
def test_optional_groups_become_branches(pattern, rewritten):
    assert _branch_optionals(pattern) == rewritten


def test_the_rewritten_scanner_finds_what_the_pattern_says():
    texts = [
        "In the first half of 2019 it earned 28.7 billion yuan, up 40% (more than $4bn).",
        "Between 3 and 5 per cent of 12 million small firms; a score of 750 or more since Q2 2020.",
    ]
    source = patterns._SEPARATOR + patterns._SCAN_BODY
    for text in texts:
        found = [(m.span(), m.lastgroup) for m in re.finditer(source, " " + text)]
        assert found and found == [(m.span(), m.lastgroup) for m in SCAN.finditer(" " + text)]
