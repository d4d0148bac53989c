"""Anchoring a quote: the n-th occurrence, or the one its prefix and suffix pick — never both
pointing at different places."""

from antlens.anchors import DISAGREES, Anchor, anchor_quote

TEXT = "income of 10 yuan; costs of 10 yuan; profit of 10 yuan"


def test_occurrence_and_context_each_pick_a_place():
    assert anchor_quote(TEXT, "10 yuan", occurrence=2) == Anchor(28, 35, 3)
    assert anchor_quote(TEXT, "10 yuan", prefix="costs of ") == Anchor(28, 35, 1)


def test_an_occurrence_and_a_context_that_agree_anchor_there():
    assert anchor_quote(TEXT, "10 yuan", occurrence=2, prefix="costs  of", suffix=";") == Anchor(
        28, 35, 3
    )


def test_an_occurrence_and_a_context_that_disagree_anchor_nowhere():
    found = anchor_quote(TEXT, "10 yuan", occurrence=1, prefix="costs of ")
    assert (found.start, found.count, found.reason) == (None, 3, DISAGREES)
