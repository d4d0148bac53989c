"""Stage 2 — sentences: split a source's text into sentences with exact character offsets.

A line is never joined to the next (headings, page counters and section numbers stand alone);
inside a line a sentence ends at . ! or ? (and any closing quotes) before a capital, a digit, an
opening quote or bracket — but not after a common abbreviation ("Nov.", "No.", "U.S.").
"""

from __future__ import annotations

import re

import polars as pl

_LINE = re.compile(r"[^\r\n]+")
_CLOSERS = "”\"’')"  # closing quotes and brackets a sentence's stop may carry
_END = re.compile(rf"[.!?][{_CLOSERS}]*(?=\s+[A-Z“\"‘'(\d])")
# A stop before a line's end: there a line break ends a statement, not only a line.
_STOPPED = re.compile(rf"[.!?…][{_CLOSERS}\]]*\s*\Z")
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|No|Nos|Co|Corp|Inc|Ltd|vs|etc|e\.g|i\.e|approx|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)|\b[A-Z](?:\.[A-Z])*)$"
)


def ends_with_stop(text: str) -> bool:
    """Whether `text` ends with a stop (. ! ? …, closing quotes and brackets after it, then any
    spaces): a sentence boundary there ends a statement, where one after a bare line end (a
    hard-wrapped text) does not."""
    return _STOPPED.search(text) is not None


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(char_start, char_end) of every sentence in `text`, in order, without surrounding spaces."""
    spans = []
    for line in _LINE.finditer(text):
        start = line.start()
        for end in _END.finditer(text, line.start(), line.end()):
            # Only the few characters before the stop can hold an abbreviation.
            if _ABBREVIATION.search(text, max(line.start(), end.start() - 8), end.start()):
                continue
            spans.append((start, end.end()))
            start = end.end()
        spans.append((start, line.end()))
    return [span for span in (strip_span(text, *s) for s in spans) if span[0] < span[1]]


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without the white space at either end."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentence_columns(source_id: str, text: str) -> dict[str, list]:
    """The `sentences` columns of one source, as lists (ids are added by `sentence_table`)."""
    spans = split_sentences(text)
    return {
        "source_id": [source_id] * len(spans),
        "index": list(range(len(spans))),
        "char_start": [start for start, _ in spans],
        "char_end": [end for _, end in spans],
        "text": [text[start:end] for start, end in spans],
    }


def sentence_frame(columns: dict[str, list], table_types: dict) -> pl.DataFrame:
    """Sentence rows from the columns of `sentence_columns` (plus `position`), ids not yet made;
    `table_types` are the `sentences` schema's column types."""
    types = {c: dtype for c, dtype in table_types.items() if c != "sentence_id"}
    if "position" in columns:  # the source's place in the registry, for ordering
        types["position"] = pl.Int64
    return pl.DataFrame({c: columns.get(c, []) for c in types}, schema=types)


def sentence_table(rows: pl.DataFrame, table_types: dict) -> pl.DataFrame:
    """The `sentences` table from sentence rows, ids formatted in one pass."""
    columns = list(table_types)
    return rows.with_columns(sentence_id=id_expression("index", "s")).select(columns)


def id_expression(index_column: str, letter: str) -> pl.Expr:
    """`<source_id>-<letter><index, 4 digits>` as a polars expression (see `sentence_id`)."""
    number = pl.col(index_column).cast(pl.String).str.zfill(4)
    return pl.concat_str([pl.col("source_id"), pl.lit(f"-{letter}"), number])


def sentence_id(source_id: str, index: int) -> str:
    """`<source_id>-s<index, 4 digits>`: the id of a source's sentence."""
    return f"{source_id}-s{index:04d}"
