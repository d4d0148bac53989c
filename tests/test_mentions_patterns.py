"""The word patterns the scanner is built from (antlens.mentions.patterns)."""

from __future__ import annotations

import re

from antlens.mentions.patterns import spellings, trie


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
