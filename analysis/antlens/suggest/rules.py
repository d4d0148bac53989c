"""Numbers that are no statements, and why: the exclusions a stub suggests.

Each rule looks at a mention, its line and its sentence and gives a reason or nothing. The
reasons are the ones a curator writes; the review page offers the same ones one key away.
"""

from __future__ import annotations

import re

from antlens.mentions import Mention

# The common reasons, in the order the review page numbers them (keys 1 to 9).
REASONS = {
    "conversion": "Conversion of the figure before it: one statement in two units.",
    "headline": "Headline printed twice; the first printing is the statement.",
    "exchange_rate": "Exchange rate used for a conversion, not a statement.",
    "byline": "Byline or timestamp of the page, not a statement.",
    "caption": "Photo caption, not a statement.",
    "ticker": "Ticker or stock code, not a statement.",
    "page_counter": "Page counter of the page the text was copied from, not a statement.",
    "section": "Section number.",
    "dateline": "Dateline of the report, not a statement.",
}

_SECTION_LINE = re.compile(r"^\s*(?:0\d|[IVX]{1,4}|\d{1,2}[.)])\s*$|^\s*\d{1,2}[.)]\s+[A-Z]")
_PAGE_LINE = re.compile(r"^\s*(?:(?:page|p\.)\s*)?\d+\s*(?:(?:/|of)\s*\d+)?\s*$", re.IGNORECASE)
_BYLINE = re.compile(
    r"^\s*(?:by\s+[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)*\s*(?:[|,•·]|$)|(?:updated|published|posted"
    r"|last\s+updated)\b)|\b\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?|GMT|HKT|UTC|ET|BST|CST)?\b",
    re.IGNORECASE,
)
_CAPTION = re.compile(
    r"^\s*(?:\(?(?:file\s+)?photo\b|image\b|picture\b|caption\b)|\bphoto(?:graph)?\s+by\b"
    r"|\b(?:REUTERS|AFP|AP|Getty Images|Bloomberg)/",
    re.IGNORECASE,
)
_TICKER_AFTER = re.compile(r"^\.(?:HK|SS|SZ|SH|N|O|T|L|KS|US)\b")
_TICKER_BEFORE = re.compile(
    r"(?:\b(?:HKEX|HKG|SEHK|SHA|SSE|SZSE|NYSE|NASDAQ|stock\s+code|ticker|code)\s*:?\s*)$",
    re.IGNORECASE,
)
_RATE = re.compile(
    r"exchange\s+rate|\b(?:US\$|HK\$|\$|RMB|Rmb|¥)\s?1(?:\.0+)?\s*=|=\s*(?:US\$|HK\$|\$|RMB|Rmb|¥)"
    r"|\b1\s+(?:US\s+)?(?:dollar|yuan)\s*=",
    re.IGNORECASE,
)
_DATELINE = re.compile(r"^[A-Z][A-Z .’']+,\s*$")


def exclusion_reasons(
    text: str, mentions: list[Mention], lines: list[tuple[int, int]], line_of: list[int]
) -> dict[int, str]:
    """Mention index → the reason it is no statement, for the mentions a rule recognises.
    `lines` are the text's line spans and `line_of` each mention's line index."""
    seen_lines: dict[str, int] = {}
    repeated = set()
    for index, (start, end) in enumerate(lines):
        words = " ".join(text[start:end].split())
        if words and len(words) > 20 and words in seen_lines:
            repeated.add(index)
        seen_lines.setdefault(words, index)
    reasons, kinds = {}, {}
    for index, mention in enumerate(mentions):
        start, end = lines[line_of[index]]
        if line_of[index] not in kinds:  # once per line: a long line is read once, not per number
            kinds = {line_of[index]: _line_reason(text[start:end])}
        reason = _reason(text, mention, mentions, index, kinds[line_of[index]], start)
        if reason is None and line_of[index] in repeated:
            reason = REASONS["headline"]
        if reason:
            reasons[index] = reason
    return reasons


def _line_reason(line: str) -> str | None:
    """What a whole line says of every number on it: a section heading (for a number that
    opens it), a page counter, a caption or a byline."""
    if _SECTION_LINE.match(line):
        return "section"
    if _PAGE_LINE.match(line):
        return "page_counter"
    if _CAPTION.search(line):
        return "caption"
    if len(line) < 160 and _BYLINE.search(line):
        return "byline"
    return None


def _reason(text: str, mention: Mention, mentions, index: int, line_kind, line_start: int):
    before = text[max(line_start, mention.char_start - 80) : mention.char_start]
    opens_line = not text[line_start : mention.char_start].strip() if len(before) < 80 else False
    after = text[mention.char_end : mention.char_end + 12]
    if line_kind == "section" and opens_line:
        return REASONS["section"]
    if line_kind == "page_counter":
        return REASONS["page_counter"]
    if mention.is_code or _TICKER_AFTER.match(after) or _TICKER_BEFORE.search(before):
        return REASONS["ticker"]
    if line_kind in ("caption", "byline"):
        return REASONS[line_kind]
    at_start = mention.char_start - line_start < 80
    if (
        mention.kind == "date"
        and at_start
        and _DATELINE.match(before)
        and re.match(r"\s*[—–-]", after)
    ):
        return REASONS["dateline"]
    if _is_conversion(text, mention, mentions, index):
        return REASONS["conversion"]
    near = max(line_start, mention.char_start - 60)
    sentence_words = text[near : near + 160].split("\n", 1)[0]
    if mention.kind == "amount" and _RATE.search(sentence_words):
        return REASONS["exchange_rate"]
    return None


def _is_conversion(text: str, mention: Mention, mentions: list[Mention], index: int) -> bool:
    """An amount in brackets right after an amount in another unit: "Rmb18bn ($2.6bn)"."""
    if index == 0 or mention.kind != "amount" or not mention.unit:
        return False
    opening = text[: mention.char_start].rstrip()
    closing = text[mention.char_end :].lstrip()
    if not (opening.endswith("(") and closing.startswith(")")):
        return False
    previous = mentions[index - 1]
    between = text[previous.char_end : mention.char_start]
    return (
        previous.kind == "amount"
        and previous.unit is not None
        and previous.unit != mention.unit
        and re.fullmatch(r"\s*\(\s*(?:about|around|approximately|roughly|or)?\s*", between)
        is not None
    )


def conversion_span(text: str, mention: Mention) -> tuple[int, int]:
    """The bracketed words of a conversion, brackets included."""
    start = text.rindex("(", 0, mention.char_start)
    end = text.index(")", mention.char_end) + 1
    return start, end
