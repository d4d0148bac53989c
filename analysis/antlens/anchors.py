"""Finding a quoted passage in a text: the n-th exact occurrence, or the one its context picks.

A quote is anchored like a W3C Web Annotation TextQuoteSelector: the exact words, optionally with
the words just before (`prefix`) and after (`suffix`) to choose among several occurrences.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Anchor:
    """Where a quote was found, or why it was not (`start` is None then)."""

    start: int | None
    end: int | None
    count: int  # how many times the exact quote occurs in the text
    reason: str = ""


# `Anchor.reason` when `occurrence` and `prefix`/`suffix` are both given and pick different places.
DISAGREES = "occurrence and prefix/suffix disagree"


def occurrences(text: str, quote: str) -> list[int]:
    """Start offsets of every occurrence of `quote` in `text` (overlapping ones included)."""
    starts, at = [], text.find(quote)
    while at != -1 and quote:
        starts.append(at)
        at = text.find(quote, at + 1)
    return starts


def anchor_quote(
    text: str, quote: str, occurrence: int | None = None, prefix: str = "", suffix: str = ""
) -> Anchor:
    """Anchor `quote` in `text`.

    With `occurrence` (from 1) the n-th occurrence is taken. Otherwise the quote must be unique,
    or made unique by its `prefix`/`suffix` context; an ambiguous quote is not anchored. Given
    both, they must agree: an occurrence whose words around it are not the prefix/suffix is not
    anchored (reason `DISAGREES`), rather than anchored where only one of them points.
    """
    starts = occurrences(text, quote)
    if not starts:
        return Anchor(None, None, 0, "not found")
    if occurrence is not None:
        if not 1 <= occurrence <= len(starts):
            return Anchor(None, None, len(starts), f"occurrence {occurrence} of {len(starts)}")
        start = starts[occurrence - 1]
        if (prefix or suffix) and not _context_matches(text, start, len(quote), prefix, suffix):
            return Anchor(None, None, len(starts), DISAGREES)
        return Anchor(start, start + len(quote), len(starts))
    if prefix or suffix:
        starts = [s for s in starts if _context_matches(text, s, len(quote), prefix, suffix)]
    if len(starts) != 1:
        reason = "context matches no occurrence" if not starts else "ambiguous"
        return Anchor(None, None, len(starts), reason)
    return Anchor(starts[0], starts[0] + len(quote), 1)


def _context_matches(text: str, start: int, length: int, prefix: str, suffix: str) -> bool:
    before = text[max(0, start - len(prefix)) : start]
    after = text[start + length : start + length + len(suffix)]
    return fold_whitespace(before).endswith(fold_whitespace(prefix)) and fold_whitespace(
        after
    ).startswith(fold_whitespace(suffix))


def fold_whitespace(words: str) -> str:
    """Whitespace folded to single blanks, so words survive re-spacing of the text."""
    return " ".join(words.split())
