"""The words a suggested quote holds: the clause around the number, unique in the text.

A sentence is cut into clauses at its commas, semicolons, colons and dashes (never inside
brackets, never inside a number); a clause holding several figures is cut again between them at
the last joining word ("and", "on", "with", …). A quote never crosses its sentence's ends, and
is widened word by word until it occurs once in the text (or given its occurrence).
"""

from __future__ import annotations

import re
from functools import lru_cache

from antlens.anchors import occurrences

_SEPARATOR = re.compile(r"[,;:][”\"](?=\s)|(?:,|;|:)(?=\s)|\s[—–-]\s|—|\s--\s")
_JOIN = re.compile(
    r"\s(?:and|while|whereas|but|on|with|compared with|versus|against|from|of which|after|"
    r"before|including|plus|or)\s"
)
_PREPOSITION = re.compile(r"\s(?:at|in|for|by|to|than|as|each|per)\s")
_REPORTING = re.compile(
    r"(?:^|\s)(?:said|says|say|reported|reports|showed|shows|estimated|estimates|"
    r"according to [^,]+,|noted|added)(?: that)?\s"
)
# Words that open a clause of their own after the statement's words.
_SUBORDINATE = re.compile(
    r"\s(?:which|who|whom|whose|where|when|while|whereas|after|before|because|although|though|"
    r"amid|following|according to|unless|so that|as well as|during which|in an effort to|"
    r"in order to|so as to|in a bid to|to comply with|for (?=\w+ing\b)|"
    r"as (?!of\b|much\b|many\b|well\b|part\b|a\b|an\b)(?=\w)|and (?=[a-z]+s\b))"
)
# A clause's own subject or object relative pronoun before the figure: the quote starts there
# ("the fintech group | whose record $37bn IPO …"), or after "that" ("an IPO that | would have
# raised more than three billion US dollars").
_RELATIVE = re.compile(r"\s(?:(which|who|whom|whose)|that)\s")
# A duration the words after it date ("two days after …"): no subordinate clause there.
_DATED_BY = re.compile(r"\s(?:after|before)\s")
_DANGLING = re.compile(
    r"\s+(?:of|the|a|an|to|and|or|in|on|for|with|by|from|than|at|as|its|their|his|her)$",
    re.IGNORECASE,
)
_LEADING = re.compile(
    r"(?:and|but|while|whereas|or|so|then|also|than)\s+|[“\"‘](?=[^”\"’]*$)", re.IGNORECASE
)
_TRAILING = " \t,;:.—–-"
LEFT_WORDS, RIGHT_WORDS = 12, 8


def segments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The clauses of the sentence text[start:end], as spans without their separators."""
    cuts, depth = [], 0
    for at in range(start, end):
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(text[at], 0)
        depth = max(depth, 0)
        if depth == 0 and (m := _SEPARATOR.match(text, at, end)):
            cuts.append((m.start(), m.end()))
    spans, left = [], start
    for cut_start, cut_end in cuts:
        if cut_start >= left:
            spans.append((left, cut_start))
            left = cut_end
    spans.append((left, end))
    return [s for s in (tidy(text, *span) for span in spans) if s[0] < s[1]]


def tidy(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without blanks at its ends and without trailing punctuation."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    return start, end


def clause(
    text: str,
    segment: tuple[int, int],
    figure: tuple[int, int],
    others: list[tuple[int, int]],
    dated: bool = False,
) -> tuple[int, int]:
    """The words around `figure` (a span) within `segment`, cut between it and the `others`
    (spans of the other figures in the segment), without a leading reporting verb or the words
    before a relative pronoun, ending before a subordinate clause (unless `dated`: a duration
    that "after …" completes), at most LEFT_WORDS words before the figure and RIGHT_WORDS
    after it."""
    start, end = segment
    for other_start, other_end in others:
        if other_end <= figure[0]:
            cut = _cut(text, other_end, figure[0])
            # No word parts them ("… over 30 days were 1.08%"): the words before the other
            # figure lead into this one too, and the quote keeps them.
            start = start if cut == figure[0] else max(start, cut)
        elif other_start >= figure[1]:
            end = min(end, _cut(text, figure[1], other_start))
    if reported := list(_REPORTING.finditer(text, start, figure[0])):
        start = reported[-1].end()
    if relative := list(_RELATIVE.finditer(text, start, figure[0])):
        start = relative[-1].start(1) if relative[-1][1] else relative[-1].end()
    subordinate = _SUBORDINATE.search(text, figure[1], end)
    if subordinate and not (dated and _DATED_BY.match(text, subordinate.start())):
        end = subordinate.start()  # "… 8.6 percent in premarket trading | after news of …"
    start = _words_back(text, start, figure[0], LEFT_WORDS)
    end = _words_on(text, figure[1], end, RIGHT_WORDS)
    start, end = tidy(text, start, end)
    while (leading := _LEADING.match(text, start, figure[0])) and leading.end() > start:
        start = leading.end()
    while (dangling := _DANGLING.search(text, figure[1], end)) and dangling.end() == end:
        end = dangling.start()  # "Ant funded 2% of the" -> "Ant funded 2%"
    return start, max(end, figure[1])


def bare(text: str, span: tuple[int, int], figures: list[tuple[int, int]]) -> bool:
    """Whether the span holds hardly more than its figures (a word at most besides them)."""
    rest, at = [], span[0]
    for start, end in sorted(f for f in figures if span[0] <= f[0] < span[1]):
        rest.append(text[at:start])
        at = max(at, end)
    rest.append(text[at : span[1]])
    return len(" ".join(rest).split()) <= 1


def lead_in(text: str, start: int, at: int) -> int:
    """Where the words leading into the figure at `at` begin: `start` (a clause's start), or
    LEFT_WORDS words before the figure."""
    return tidy(text, _words_back(text, start, at, LEFT_WORDS), at)[0]


def _cut(text: str, a: int, b: int) -> int:
    """Where to part the words between two figures (a: the first one's end, b: the second
    one's start): before the last joining word, else before the first preposition, else at
    the second figure."""
    joins = list(_JOIN.finditer(text, a, b))
    if joins:
        return joins[-1].start() + 1
    preposition = _PREPOSITION.search(text, a, b)
    return preposition.start() + 1 if preposition else b


def _words_back(text: str, start: int, at: int, count: int) -> int:
    words = list(re.finditer(r"\S+", text[start:at]))
    return start + words[-count].start() if len(words) > count else start


def _words_on(text: str, at: int, end: int, count: int) -> int:
    words = list(re.finditer(r"\S+", text[at:end]))
    return at + words[count - 1].end() if len(words) > count else end


def shrink(span: tuple[int, int], figure: tuple[int, int], away: list[tuple[int, int]]):
    """`span` cut so that it holds none of the spans `away`, keeping `figure`."""
    start, end = span
    for away_start, away_end in away:
        if away_end <= figure[0]:
            start = max(start, away_end)
        elif away_start >= figure[1]:
            end = min(end, away_start)
    return start, end


def unique(
    text: str, span: tuple[int, int], bounds: tuple[int, int], keep_out: list[tuple[int, int]]
) -> tuple[int, int, int | None]:
    """`span` widened word by word within `bounds` (right first, then left) until its words
    occur once in the text, never taking in a span of `keep_out`; when that cannot be done,
    the span as it was with its occurrence number."""
    start, end = span
    original = span
    keep_out = [(s, e) for s, e in keep_out if s < bounds[1] and bounds[0] < e]
    while _repeated(text, text[start:end]):
        wider = _wider(text, start, end, bounds, keep_out)
        if wider is None:
            start, end = original
            return start, end, _places(text, text[start:end]).index(start) + 1
        start, end = wider
    return start, end, None


@lru_cache(maxsize=4096)
def _places(text: str, words: str) -> list[int]:
    # A repeated figure is looked up once per article, not once per mention (a str keeps its
    # hash, so a long text costs nothing to key on).
    return occurrences(text, words)


def _repeated(text: str, words: str) -> bool:
    """Whether `words` occur more than once in `text` (stops at the second)."""
    first = text.find(words)
    return first != -1 and text.find(words, first + 1) != -1


def _wider(text, start, end, bounds, keep_out) -> tuple[int, int] | None:
    following = _next_word(text, end, bounds[1])
    if following is not None and not _touches(start, following, keep_out):
        return start, following
    previous = _previous_word(text, start, bounds[0])
    if previous is not None and not _touches(previous, end, keep_out):
        return previous, end
    return None


def _next_word(text: str, end: int, limit: int) -> int | None:
    match = re.compile(r"\s*\S+").match(text, end, limit)
    return match.end() if match else None


def _previous_word(text: str, start: int, limit: int) -> int | None:
    # Words are short: look back a little way first, not to the start of a long line.
    for window in (max(limit, start - 200), limit):
        words = list(re.finditer(r"\S+\s*", text[window:start]))
        if words and (words[-1].start() > 0 or window == limit):
            return window + words[-1].start()
    return None


def _touches(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)
