"""Stage 2 — sentences: split a source's text into sentences with exact character offsets.

A line is never joined to the next (headings, page counters and section numbers stand alone);
inside a line a sentence ends at . ! or ? (and any closing quotes) before a capital, a digit, an
opening quote or bracket — but not after a common abbreviation ("Nov.", "No.", "U.S.").
"""

from __future__ import annotations

import re

_LINE = re.compile(r"[^\r\n]+")
_END = re.compile(r"[.!?][”\"’')]*(?=\s+[A-Z“\"‘'(\d])")
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|No|Nos|Co|Corp|Inc|Ltd|vs|etc|e\.g|i\.e|approx|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)|\b[A-Z](?:\.[A-Z])*)$"
)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(char_start, char_end) of every sentence in `text`, in order, without surrounding spaces."""
    spans = []
    for line in _LINE.finditer(text):
        start = line.start()
        for end in _END.finditer(text, line.start(), line.end()):
            if _ABBREVIATION.search(text, line.start(), end.start()):
                continue
            spans.append((start, end.end()))
            start = end.end()
        spans.append((start, line.end()))
    return [span for span in map(lambda s: _strip(text, *s), spans) if span[0] < span[1]]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentence_rows(source_id: str, text: str) -> list[dict]:
    """Rows of the `sentences` table for one source."""
    return [
        {
            "sentence_id": sentence_id(source_id, index),
            "source_id": source_id,
            "index": index,
            "char_start": start,
            "char_end": end,
            "text": text[start:end],
        }
        for index, (start, end) in enumerate(split_sentences(text))
    ]


def sentence_id(source_id: str, index: int) -> str:
    return f"{source_id}-s{index:04d}"
