"""`antlens ingest`: a new article in — a byte-exact copy, a registry record, a curation stub.

The copy is `data/raw/articles/<source_id>.txt`: ids are unique slugs, so the name cannot clash
with another source's and says which record vouches for it. The record is appended to
data/sources.yaml as text (`registry`), so the file's comments and layout stay as they are. The
stub `data/annotations/<source_id>.yaml` (`stub`) lists every number the detector found under
`todo:`, each entry ready to be moved under `claims:` or `exclusions:`.

Nothing is written until every check has passed. The three files are one transaction
(`writing.write_together`): written beside their targets and renamed into place, the registry
last, so a failure midway leaves no file and no record pointing at a missing file. The source's
report page is made by `antlens render`.
"""

from __future__ import annotations

import bisect
import datetime
import re
import unicodedata
import urllib.parse
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from antlens.encodings import not_utf8_problem, unicode_guess
from antlens.mentions import Mention, detect_mentions
from antlens.paths import Paths, locate
from antlens.problems import (
    BAD_DATE,
    BAD_ID,
    BAD_URL,
    DUPLICATE_ID,
    DUPLICATE_SOURCE,
    EMPTY_ARTICLE,
    FILE_EXISTS,
    MISSING_FILE,
    NOT_A_FILE,
    NOT_TEXT,
    TOO_LARGE,
    UNKNOWN_FIELD,
    UNREADABLE_FILE,
    Problem,
    raise_if_any,
)
from antlens.registry import appended_registry
from antlens.sentences import split_sentences
from antlens.sources import SLUG, load_registry, sha256_of
from antlens.suggest.stub import suggested_stub
from antlens.writing import file_mode, new_file_mode, write_together
from antlens.yamlio import one_line

MAX_ID_LENGTH = 64
METADATA = ("title", "author", "publisher", "language", "translation_note", "url", "published")
MAX_BYTES = 20_000_000  # far beyond any article; a bigger file is a corpus or not text
SHOWN_MENTIONS = 20  # mentions printed in their sentence; the stub lists them all
_ISO_DATE = re.compile(r"^[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?$")
# What a non-text file starts with, and what it is: named so the hint can say how to convert it.
_SIGNATURES = {
    b"%PDF": "a PDF document (extract the text, e.g. `pdftotext in.pdf out.txt`)",
    b"PK\x03\x04": "a ZIP archive (a .docx/.xlsx is one; save the article as plain text)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"{\\rtf": "an RTF document (save it as plain text)",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office document (save it as plain text)",
}


@dataclass
class Ingested:
    """What `ingest` wrote and found, for the CLI to print."""

    record: dict  # the registry record; its `path` is the raw copy's
    stub: str  # the annotation stub, relative to the root
    text: str
    mentions: list[Mention]
    sentences: list[tuple[int, int]]

    def counts(self) -> dict[str, int]:
        """Mentions by kind, most frequent first."""
        return dict(Counter(m.kind for m in self.mentions).most_common())

    def excerpt(self, mention: Mention, width: int = 50) -> str:
        """The mention's sentence, clipped around it, with the mention marked »…«."""
        return excerpt(self.text, self.sentences, mention, width)

    def summary(self, most: int = SHOWN_MENTIONS) -> str:
        """What was written, the mentions by kind, and the first `most` in their sentence."""
        record = self.record
        counts = ", ".join(f"{n} {kind}" for kind, n in self.counts().items())
        lines = [
            f"ingested source {record['source_id']}: {record['path']} "
            f"({len(self.text)} characters, sha256 {record['sha256'][:12]}…)",
            f"  registered in data/sources.yaml; curation stub {self.stub}",
            f"{len(self.mentions)} mention(s) found" + (f": {counts}" if counts else ""),
        ]
        for index, mention in enumerate(self.mentions[:most]):
            lines.append(f"  m{index:04d} {mention.kind:<8} {self.excerpt(mention)}")
        if len(self.mentions) > most:
            lines.append(
                f"  … and {len(self.mentions) - most} more, each under `todo:` in {self.stub}"
            )
        lines.append(
            f"next: `antlens review {record['source_id']}` to accept, correct or exclude each "
            "suggestion in the browser (or `antlens curate`); meanwhile `antlens build "
            "--allow-unaccounted` builds with them as 'unreviewed'"
        )
        return "\n".join(lines)


def ingest(file, source_id: str, metadata: dict | None = None, root=None) -> Ingested:
    """Add the article at `file` as source `source_id`; raise ProblemsFound and write nothing
    when it is not a UTF-8 text article, the id is taken or bad, or its text is registered."""
    paths = locate(root)
    metadata = metadata or {}

    # Check the inputs.
    registry = load_registry(paths)
    data, text, problems = read_article(Path(file))
    problems += _id_problems(paths, source_id, registry)
    problems += _metadata_problems(metadata)
    if data is not None:
        problems += _duplicate_problems(paths, registry, sha256_of(data))
    raise_if_any(problems)

    # Make the record and the stub.
    raw_path = paths.raw_article(source_id)
    record = _record(paths, source_id, metadata, text, raw_path, sha256_of(data))
    registry_text, problems = appended_registry(paths, record)
    raise_if_any(problems)
    mentions = detect_mentions(text)
    sentences = split_sentences(text)
    stub_path = paths.annotation_file(source_id)
    stub = suggested_stub(paths, record, text, mentions, sentences)

    # Write them: all three, or none.
    write_together(
        [
            (raw_path, data, 0o444 & new_file_mode()),
            (stub_path, stub.encode("utf-8"), new_file_mode()),
            (paths.sources_file, registry_text.encode("utf-8"), file_mode(paths.sources_file)),
        ]
    )
    return Ingested(record, paths.relative(stub_path), text, mentions, sentences)


# ---------------------------------------------------------------- is it a text article?


def read_article(file: Path) -> tuple[bytes | None, str, list[Problem]]:
    """The file's bytes and text, or the problem that makes it no UTF-8 text article."""
    shown = str(file)
    try:
        if file.exists() and not file.is_dir() and not file.is_file():
            problem = NOT_A_FILE(
                file=shown,
                expected="a text file",
                found="a device or pipe",
                hint="save the article to a file",
            )
            return None, "", [problem]
        if file.is_file() and file.stat().st_size > MAX_BYTES:
            problem = TOO_LARGE(
                file=shown,
                expected=f"at most {MAX_BYTES:,} bytes",
                found=f"{file.stat().st_size:,} bytes",
                hint="an article is text; split a corpus into articles",
            )
            return None, "", [problem]
        data = file.read_bytes()
    except OSError as error:
        return None, "", [_unreadable(shown, error)]
    problem = _binary_problem(data, shown) or not_utf8_problem(data, shown, "ingest {converted}")
    text = "" if problem else data.decode("utf-8")
    if problem is None and not text.strip():
        found = f"{len(data)} bytes of white space" if data else "an empty file"
        problem = EMPTY_ARTICLE(file=shown, expected="an article's text", found=found)
    if problem is None and _control_share(text) > 0.1:
        problem = _binary(shown, "mostly control characters")
    return (None, "", [problem]) if problem else (data, text, [])


def _unreadable(shown: str, error: OSError) -> Problem:
    if isinstance(error, FileNotFoundError):
        return MISSING_FILE(file=shown, expected="a text file", found="nothing")
    if isinstance(error, IsADirectoryError):
        return NOT_A_FILE(file=shown, expected="a text file", found="a folder")
    return UNREADABLE_FILE(file=shown, expected="a readable file", found=str(error))


def _binary(shown: str, found: str) -> Problem:
    return NOT_TEXT(
        file=shown,
        expected="a plain-text article (UTF-8)",
        found=found,
        hint="save the article as plain text (UTF-8) and ingest that file",
    )


def _binary_problem(data: bytes, shown: str) -> Problem | None:
    for signature, kind in _SIGNATURES.items():
        if data.startswith(signature):
            return _binary(shown, kind)
    if b"\x00" in data and not unicode_guess(data):
        return _binary(shown, "binary data (NUL bytes)")
    if data.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
        return _binary(shown, "an HTML page")
    return None


def _control_share(text: str) -> float:
    """Share of control characters other than white space (tabs, line and page breaks)."""
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and not c.isspace())
    return controls / len(text)


# ---------------------------------------------------------------- id, metadata, duplicates


def _id_problems(paths: Paths, source_id: str, registry: list[dict]) -> list[Problem]:
    if not SLUG.match(source_id) or len(source_id) > MAX_ID_LENGTH:
        return [
            BAD_ID(
                file="command line",
                column="--id",
                expected=f"a slug of at most {MAX_ID_LENGTH} characters: a-z, 0-9, _ and -, "
                "starting with a letter or digit",
                found=repr(source_id),
                hint="e.g. --id reuters_ant_ipo_2020",
            )
        ]
    if any(r["source_id"] == source_id for r in registry):
        return [
            DUPLICATE_ID(
                file=paths.relative(paths.sources_file),
                record=source_id,
                column="source_id",
                expected="an id no source has",
                found=source_id,
                hint="choose another --id",
            )
        ]
    taken = [paths.annotation_file(source_id), paths.raw_article(source_id)]
    return [
        FILE_EXISTS(
            file=paths.relative(path),
            record=source_id,
            expected="no file of that name yet",
            found="a file no registered source owns",
            hint="remove the leftover file, or choose another --id",
        )
        for path in taken
        if path.exists()
    ]


def _iso_date(words: str) -> bool:
    """YYYY, YYYY-MM or YYYY-MM-DD naming a date that exists."""
    if not _ISO_DATE.match(words):
        return False
    try:
        datetime.date.fromisoformat((words + "-01-01")[:10])
    except ValueError:
        return False
    return True


def _web_address(words: str) -> bool:
    """An http or https address with a host: nothing a browser would run (javascript:, data:)."""
    parts = urllib.parse.urlsplit(words)
    return parts.scheme in ("http", "https") and bool(parts.hostname) and words.isprintable()


# The metadata that must have a form: its problem kind, the form in words, and the check.
_METADATA_FORMS = {
    "published": (BAD_DATE, "an ISO 8601 date: YYYY, YYYY-MM or YYYY-MM-DD", _iso_date),
    "url": (BAD_URL, "an http:// or https:// address", _web_address),
}


def _metadata_problems(metadata: dict) -> list[Problem]:
    problems = [
        UNKNOWN_FIELD(
            file="command line", column=key, expected="one of " + ", ".join(METADATA), found=key
        )
        for key in metadata
        if key not in METADATA
    ]
    problems += [
        kind(
            file="command line",
            column=f"--{key}",
            expected=expected,
            found=repr(metadata[key]),
        )
        for key, (kind, expected, valid) in _METADATA_FORMS.items()
        if metadata.get(key) and not valid(str(metadata[key]))
    ]
    return problems


def _duplicate_problems(paths: Paths, registry: list[dict], digest: str) -> list[Problem]:
    return [
        DUPLICATE_SOURCE(
            file=paths.relative(paths.sources_file),
            record=r["source_id"],
            column="sha256",
            expected="a text no source has",
            found=f"the same bytes as {r['path']} (sha256 {digest[:12]}…)",
            hint=f"it is already registered as {r['source_id']}; nothing to add",
        )
        for r in registry
        if r["sha256"] == digest
    ]


# ---------------------------------------------------------------- registry record


def _record(
    paths: Paths, source_id: str, metadata: dict, text: str, raw_path: Path, digest: str
) -> dict:
    title = metadata.get("title") or _first_line(text)
    return {
        "source_id": source_id,
        "title": title,
        "author": metadata.get("author"),
        "publisher": metadata.get("publisher"),
        "language": metadata.get("language") or "en",
        "translation_note": metadata.get("translation_note"),
        "url": metadata.get("url"),
        "published": metadata.get("published"),
        "path": paths.relative(raw_path),
        "sha256": digest,
    }


def _first_line(text: str, width: int = 120) -> str:
    line = next(line.strip() for line in text.lstrip("\ufeff").splitlines() if line.strip())
    return line if len(line) <= width else line[: width - 1] + "…"


def excerpt(text: str, sentences, mention: Mention, width: int = 50) -> str:
    """The sentence around `mention`, at most `width` characters either side, marked »…«."""
    index = bisect.bisect_right(sentences, (mention.char_start, float("inf"))) - 1
    start, end = sentences[index] if index >= 0 else (mention.char_start, mention.char_end)
    start, end = min(start, mention.char_start), max(end, mention.char_end)
    before = text[max(start, mention.char_start - width) : mention.char_start]
    after = text[mention.char_end : min(end, mention.char_end + width)]
    lead = "…" if mention.char_start - width > start else ""
    tail = "…" if mention.char_end + width < end else ""
    return one_line(f"{lead}{before}»{mention.text}«{after}{tail}")
