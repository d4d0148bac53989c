"""`antlens ingest`: a new article in — a byte-exact copy, a registry record, a curation stub.

The copy is `data/raw/articles/<source_id>.txt`: ids are unique slugs, so the name cannot clash
with another source's and says which record vouches for it. The record is appended to
data/sources.yaml as text, so the file's comments and layout stay as they are. The stub
`data/annotations/<source_id>.yaml` lists every number the detector found under `todo:` — a key
the build ignores — each entry ready to be moved under `claims:` or `exclusions:`.

Nothing is written until every check has passed. The three files are then written beside their
targets and renamed into place, the registry last: a failure midway leaves no file half-written
and no record pointing at a missing file. The source's report page is made last, from the reports'
template.
"""

from __future__ import annotations

import bisect
import datetime
import os
import re
import stat
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from antlens.anchors import occurrences
from antlens.claims import SCALE_WORDS
from antlens.mentions import Mention, detect_mentions
from antlens.paths import Paths, locate
from antlens.problems import (
    BAD_DATE,
    BAD_ID,
    DUPLICATE_ID,
    DUPLICATE_SOURCE,
    EMPTY_ARTICLE,
    FILE_EXISTS,
    MISSING_FILE,
    NOT_A_FILE,
    NOT_TEXT,
    NOT_UTF8,
    REGISTRY_LAYOUT,
    TOO_LARGE,
    UNKNOWN_FIELD,
    UNREADABLE_FILE,
    Problem,
    ProblemsFound,
    raise_if_any,
)
from antlens.sentences import split_sentences
from antlens.sources import SLUG, load_registry, sha256_of
from antlens.writing import temporary_beside

MAX_ID_LENGTH = 64
METADATA = ("title", "author", "publisher", "language", "translation_note", "url", "published")
MAX_BYTES = 20_000_000  # far beyond any article; a bigger file is a corpus or not text
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
_BOMS = {
    b"\xff\xfe\x00\x00": "UTF-32LE",
    b"\x00\x00\xfe\xff": "UTF-32BE",
    b"\xff\xfe": "UTF-16LE",
    b"\xfe\xff": "UTF-16BE",
}
_SCALE_NAMES = {factor: word for word, factor in SCALE_WORDS.items()}


@dataclass
class Ingested:
    """What `ingest` wrote and found, for the CLI to print."""

    record: dict  # the registry record; its `path` is the raw copy's
    stub: str  # the annotation stub, relative to the root
    text: str
    mentions: list[Mention]
    sentences: list[tuple[int, int]]
    pages: list[str] = field(default_factory=list)  # report pages created, relative to the root

    def counts(self) -> dict[str, int]:
        """Mentions by kind, most frequent first."""
        return dict(Counter(m.kind for m in self.mentions).most_common())

    def excerpt(self, mention: Mention, width: int = 50) -> str:
        """The mention's sentence, clipped around it, with the mention marked »…«."""
        return excerpt(self.text, self.sentences, mention, width)

    def summary(self) -> str:
        """What was written, the mentions by kind, and each mention in its sentence."""
        record = self.record
        counts = ", ".join(f"{n} {kind}" for kind, n in self.counts().items())
        lines = [
            f"ingested source {record['source_id']}: {record['path']} "
            f"({len(self.text)} characters, sha256 {record['sha256'][:12]}…)",
            f"  registered in data/sources.yaml; curation stub {self.stub}",
            *(f"  report page {page}" for page in self.pages),
            f"{len(self.mentions)} mention(s) found" + (f": {counts}" if counts else ""),
        ]
        for index, mention in enumerate(self.mentions):
            lines.append(f"  m{index:04d} {mention.kind:<8} {self.excerpt(mention)}")
        lines.append(
            "next: move each entry of the stub's `todo:` under `claims:` or `exclusions:`; "
            "meanwhile `antlens build --allow-unaccounted` builds with them as 'unreviewed'"
        )
        return "\n".join(lines)


def ingest(file, source_id: str, metadata: dict | None = None, root=None) -> Ingested:
    """Add the article at `file` as source `source_id`; raise ProblemsFound and write nothing
    when it is not a UTF-8 text article, the id is taken or bad, or its text is registered."""
    paths = locate(root)
    registry = load_registry(paths)
    data, text, problems = read_article(Path(file))
    problems += _id_problems(paths, source_id, registry)
    problems += _metadata_problems(metadata or {})
    if data is not None:
        problems += _duplicate_problems(paths, registry, sha256_of(data))
    raise_if_any(problems)

    raw_path = paths.raw_articles / f"{source_id}.txt"
    record = _record(paths, source_id, metadata or {}, text, raw_path, sha256_of(data))
    registry_text = _appended_registry(paths, record)
    mentions = detect_mentions(text)
    sentences = split_sentences(text)
    stub_path = paths.annotation_file(source_id)
    stub = stub_text(record, text, mentions, sentences)
    _write_all(
        [(raw_path, data, 0o444), (stub_path, stub.encode("utf-8"), 0o644)],
        (paths.sources_file, registry_text.encode("utf-8")),
    )
    result = Ingested(record, paths.relative(stub_path), text, mentions, sentences)
    _make_source_pages(paths, result)
    return result


# ---------------------------------------------------------------- is it a text article?


def read_article(file: Path) -> tuple[bytes | None, str, list[Problem]]:
    """The file's bytes and text, or the problem that makes it no UTF-8 text article."""
    shown = str(file)
    try:
        if file.exists() and not file.is_dir() and not file.is_file():
            return (
                None,
                "",
                [
                    NOT_A_FILE(
                        file=shown,
                        expected="a text file",
                        found="a device or pipe",
                        hint="save the article to a file",
                    )
                ],
            )
        if file.is_file() and file.stat().st_size > MAX_BYTES:
            return (
                None,
                "",
                [
                    TOO_LARGE(
                        file=shown,
                        expected=f"at most {MAX_BYTES:,} bytes",
                        found=f"{file.stat().st_size:,} bytes",
                        hint="an article is text; split a corpus into articles",
                    )
                ],
            )
        data = file.read_bytes()
    except OSError as error:
        return None, "", [_unreadable(shown, error)]
    problem = _binary_problem(data, shown) or _encoding_problem(data, shown)
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
    if b"\x00" in data and not _unicode_guess(data):
        return _binary(shown, "binary data (NUL bytes)")
    if data.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
        return _binary(shown, "an HTML page")
    return None


def _control_share(text: str) -> float:
    """Share of control characters other than white space (tabs, line and page breaks)."""
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and not c.isspace())
    return controls / len(text)


def _encoding_problem(data: bytes, shown: str) -> Problem | None:
    try:
        data.decode("utf-8")
        return None
    except UnicodeDecodeError as error:
        first_bad = f"byte 0x{data[error.start]:02x} at offset {error.start} is not UTF-8"
    encoding = guess_encoding(data)
    looks = f"; it looks like {encoding}" if encoding else ""
    convert = encoding or "ITS-ENCODING"
    return NOT_UTF8(
        file=shown,
        expected="text encoded as UTF-8",
        found=first_bad + looks,
        hint=f"convert it: `iconv -f {convert} -t UTF-8 in.txt > out.txt`, then ingest out.txt",
    )


def guess_encoding(data: bytes) -> str | None:
    """The likeliest encoding of bytes that are not UTF-8, by its iconv name, or None.

    A byte-order mark decides; then UTF-16 without one (NULs in every other byte); then the
    Chinese double-byte encodings, which decode text of the other sort as rare characters;
    then the single-byte ones, which decode anything.
    """
    if guess := _unicode_guess(data):
        return guess
    chinese = [name for name in ("GB18030", "BIG5") if _mostly_chinese(data, name)]
    if chinese:
        return max(chinese, key=lambda name: _common_share(data, name))
    try:
        data.decode("cp1252")
        return "WINDOWS-1252"
    except UnicodeDecodeError:
        return "ISO-8859-1"


def _unicode_guess(data: bytes) -> str | None:
    """UTF-16 or UTF-32, by the byte-order mark or, without one, by where the NULs sit."""
    for bom, name in _BOMS.items():
        if data.startswith(bom):
            return name
    return _utf16_guess(data)


def _utf16_guess(data: bytes) -> str | None:
    """UTF-16LE/BE without a byte-order mark: NULs in (nearly) every other byte, as in mostly
    ASCII text, or — for mostly Chinese text — a decoding into Chinese, ASCII and white space
    only, with at least one blank or full stop to show the code units are read the right way."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    half = len(data) // 2
    if odd > 0.6 * half and even < 0.1 * half:
        return "UTF-16LE"
    if even > 0.6 * half and odd < 0.1 * half:
        return "UTF-16BE"
    for name in ("UTF-16LE", "UTF-16BE"):
        text = _decoded(data, name)
        if text and set(text) & set(" \n\u3001\u3002\uff0c") and _plain_share(text) > 0.95:
            return name
    return None


def _plain_share(text: str) -> float:
    """Share of ASCII, white space and Chinese characters and punctuation in `text`."""
    return sum(1 for c in text if c.isspace() or " " <= c <= "~" or _chinese(c)) / len(text)


def _chinese(character: str) -> bool:
    return "\u3000" <= character <= "\u9fff" or "\uff00" <= character <= "\uffef"


def _decoded(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _mostly_chinese(data: bytes, encoding: str) -> bool:
    text = _decoded(data, encoding)
    if text is None:
        return False
    wide = [c for c in text if ord(c) > 127]
    return bool(wide) and sum(map(_chinese, wide)) >= 0.8 * len(wide)


def _common_share(data: bytes, encoding: str) -> float:
    """Share of the decoded ideographs in the encoding's own first (most common) level.

    GB text read as Big5, or Big5 read as GB, lands on rarer characters: this tells them apart.
    """
    code, first, last = ("gb2312", 0xB0, 0xD7) if encoding == "GB18030" else ("big5", 0xA4, 0xC6)
    ideographs = [c for c in data.decode(encoding) if "\u4e00" <= c <= "\u9fff"]
    common = sum(1 for c in ideographs if first <= _lead_byte(c, code) <= last)
    return common / len(ideographs) if ideographs else 0.0


def _lead_byte(character: str, encoding: str) -> int:
    """The first byte of the character's code in `encoding`; 0 when it has none there."""
    try:
        return character.encode(encoding)[0]
    except UnicodeEncodeError:
        return 0


# ---------------------------------------------------------------- id, metadata, duplicates


def _id_problems(paths: Paths, source_id: str, registry: list[dict]) -> list[Problem]:
    shown = paths.relative(paths.sources_file)
    if not SLUG.match(source_id) or len(source_id) > MAX_ID_LENGTH:
        return [
            BAD_ID(
                file="command line",
                record="--id",
                column="source_id",
                expected=f"a slug of at most {MAX_ID_LENGTH} characters: a-z, 0-9, _ and -, "
                "starting with a letter or digit",
                found=repr(source_id),
                hint="e.g. --id reuters_ant_ipo_2020",
            )
        ]
    if any(r["source_id"] == source_id for r in registry):
        return [
            DUPLICATE_ID(
                file=shown,
                record=f"source {source_id}",
                column="source_id",
                expected="an id no source has",
                found=source_id,
                hint="choose another --id",
            )
        ]
    taken = [paths.annotation_file(source_id), paths.raw_articles / f"{source_id}.txt"]
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


def _metadata_problems(metadata: dict) -> list[Problem]:
    unknown = [key for key in metadata if key not in METADATA]
    problems = [
        UNKNOWN_FIELD(
            file="command line",
            record=key,
            column=key,
            expected="one of " + ", ".join(METADATA),
            found=key,
        )
        for key in unknown
    ]
    published = metadata.get("published")
    if published and not _iso_date(str(published)):
        problems.append(
            BAD_DATE(
                file="command line",
                record="--published",
                column="published",
                expected="an ISO 8601 date: YYYY, YYYY-MM or YYYY-MM-DD",
                found=repr(published),
            )
        )
    return problems


def _duplicate_problems(paths: Paths, registry: list[dict], digest: str) -> list[Problem]:
    return [
        DUPLICATE_SOURCE(
            file=paths.relative(paths.sources_file),
            record=f"source {r['source_id']}",
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


def _appended_registry(paths: Paths, record: dict) -> str:
    """data/sources.yaml with `record` appended as text; checked by parsing it back."""
    old = paths.sources_file.read_text(encoding="utf-8")
    items = re.findall(r"^([ \t]*)- source_id:", old, flags=re.MULTILINE)
    indent = items[-1] if items else "  "
    lines = [f"{key}: {_scalar(value)}" for key, value in record.items()]
    entry = f"{indent}- {lines[0]}\n" + "".join(f"{indent}  {line}\n" for line in lines[1:])
    new = old + ("" if old.endswith("\n") or not old else "\n") + entry
    if _sources(new) != [*(_sources(old) or []), record]:
        raise ProblemsFound(
            [
                REGISTRY_LAYOUT(
                    file=paths.relative(paths.sources_file),
                    expected="a block list `sources:` at the end of the file, to append to",
                    found="a layout a record cannot be appended to as text",
                    hint="add this record at the end of the list by hand:\n" + entry,
                )
            ]
        )
    return new


def _sources(registry_text: str) -> list | None:
    """The `sources` list of a registry's text; None when the text does not parse to one."""
    try:
        document = yaml.safe_load(registry_text) or {}
    except yaml.YAMLError:
        return None
    return (document.get("sources") or []) if isinstance(document, dict) else None


def _scalar(value) -> str:
    """One YAML scalar on one line, quoted when it needs to be."""
    options = {"allow_unicode": True, "width": 1_000_000, "default_flow_style": True}
    dumped = yaml.safe_dump(value, **options).removesuffix("\n").removesuffix("\n...")
    if _one_line(dumped) != dumped:  # a line break or control character: spelt as an escape
        dumped = yaml.safe_dump(value, default_style='"', **options).removesuffix("\n")
    return dumped


# ---------------------------------------------------------------- annotation stub


def stub_text(record: dict, text: str, mentions: list[Mention], sentences) -> str:
    """The annotation stub: every mention under `todo:`, with its sentence as a comment."""
    source_id = record["source_id"]
    header = f"""\
# Curation of {record["path"]} (source {source_id}),
# started by `antlens ingest`.
# The detector's numbers are listed under `todo:`, which the build does not read: until each is
# moved under `claims:` or `exclusions:`, it stays "unreviewed" and only
# `antlens build --allow-unaccounted` accepts it. For each entry:
#   a statement  -> move it under claims:, add claim_id, topic, entity, metric (README, "Curating
#                   an article"); a quote widened to the statement's words needs its own
#                   occurrence, or none when it is unique;
#   no statement -> move it under exclusions:, keep quote (and occurrence), add a reason, drop
#                   the other keys.
# The comment above an entry gives its mention id, kind and sentence, the number marked »…«.
source_id: {source_id}
claims:
exclusions:
"""
    if not mentions:
        return header + "todo: []  # the detector found no number in this text\n"
    places = _places(text, mentions)
    entries = [
        _stub_entry(source_id, index, mention, text, sentences, places[mention.text])
        for index, mention in enumerate(mentions)
    ]
    return header + "todo:\n" + "".join(entries)


def _places(text: str, mentions: list[Mention]) -> dict[str, dict[int, int]]:
    """For each distinct mention text, its occurrences in `text`: start → occurrence number.
    Searched once per distinct text, so a long article of repeated figures stays fast."""
    return {
        quote: {start: n for n, start in enumerate(occurrences(text, quote), start=1)}
        for quote in {m.text for m in mentions}
    }


def _stub_entry(source_id, index, mention: Mention, text: str, sentences, places) -> str:
    fields = {"quote": mention.text}
    if len(places) > 1:
        fields["occurrence"] = places[mention.char_start]
    fields["value"] = _number(mention.value)
    fields["scale"] = _SCALE_NAMES.get(mention.scale) or _number(mention.scale)
    fields["unit"] = mention.unit
    fields["qualifier"] = mention.qualifier
    if mention.date:
        fields["period"] = mention.date
    if mention.flag:
        fields["flag"] = mention.flag
    comment = (
        f"  # {source_id}-m{index:04d} {mention.kind}: {excerpt(text, sentences, mention, 60)}\n"
    )
    lines = [f"{key}: {_scalar(value)}" for key, value in fields.items()]
    return comment + f"  - {lines[0]}\n" + "".join(f"    {line}\n" for line in lines[1:])


def _whole(value: float | None) -> bool:
    return value is not None and float(value).is_integer() and abs(value) < 1e15


def _number(value: float | None) -> int | float | None:
    """Whole numbers written without ".0", as a curator would."""
    return int(value) if _whole(value) else value


def excerpt(text: str, sentences, mention: Mention, width: int = 50) -> str:
    """The sentence around `mention`, at most `width` characters either side, marked »…«."""
    index = bisect.bisect_right(sentences, (mention.char_start, float("inf"))) - 1
    start, end = sentences[index] if index >= 0 else (mention.char_start, mention.char_end)
    start, end = min(start, mention.char_start), max(end, mention.char_end)
    before = text[max(start, mention.char_start - width) : mention.char_start]
    after = text[mention.char_end : min(end, mention.char_end + width)]
    lead = "…" if mention.char_start - width > start else ""
    tail = "…" if mention.char_end + width < end else ""
    return _one_line(f"{lead}{before}»{mention.text}«{after}{tail}")


def _one_line(words: str) -> str:
    """Words fit for a one-line comment or message: line breaks and control characters as blanks."""
    return "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in words)


# ---------------------------------------------------------------- writing


def _write_all(new_files: list[tuple[Path, bytes, int]], registry: tuple[Path, bytes]) -> None:
    """Write new files, then the registry, each via a temporary file renamed into place.

    If anything fails, the new files already renamed are removed again: the registry, renamed
    last, is then still the old one and nothing points at them.
    """
    registry_path, registry_data = registry
    mode = stat.S_IMODE(registry_path.stat().st_mode)
    staged: list[tuple[Path, Path]] = []
    placed: list[Path] = []
    try:
        for target, data, file_mode in [*new_files, (registry_path, registry_data, mode)]:
            staged.append((temporary_beside(target, data, file_mode), target))
        for temporary, target in staged:
            os.replace(temporary, target)
            placed.append(target)
    except BaseException:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        for target in placed:
            if target != registry_path:
                target.unlink(missing_ok=True)
        raise


def _make_source_pages(paths: Paths, result: Ingested) -> None:
    """Create the source's report page from the reports' template (when it has one)."""
    from antlens.website.source_pages import ensure_source_pages  # the reports' module, only here

    result.pages = [paths.relative(page) for page in ensure_source_pages(paths.root)]
