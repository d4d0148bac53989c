"""Stage 1 — sources: the registry in data/sources.yaml and the raw text it vouches for."""

from __future__ import annotations

import functools
import hashlib
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from antlens.config import Paths
from antlens.problems import Problem, ProblemsFound, raise_if_any
from antlens.yamlio import read_yaml

SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_REQUIRED = ("source_id", "title", "language", "path", "sha256")
_OPTIONAL = ("author", "publisher", "translation_note", "url", "published")


@dataclass(frozen=True)
class Source:
    """A registered article and its verified text."""

    record: dict
    text: str

    @property
    def source_id(self) -> str:
        return self.record["source_id"]


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load_registry(paths: Paths) -> list[dict]:
    """The records of data/sources.yaml, each checked for required fields and a safe path."""
    shown = paths.relative(paths.sources_file)
    document = read_yaml(paths.sources_file, shown) or {}
    records = document.get("sources") if isinstance(document, dict) else document
    if not isinstance(document, dict) or not isinstance(records, list | None):
        raise ProblemsFound(
            [
                Problem(
                    "bad-record",
                    shown,
                    "sources",
                    "",
                    "a list of source records under `sources:`",
                    type(records).__name__,
                )
            ]
        )
    records = records or []
    problems, seen = [], set()
    for position, record in enumerate(records, start=1):
        problems += _record_problems(shown, position, record, seen)
    raise_if_any(problems)
    return [{key: record.get(key) for key in (*_REQUIRED, *_OPTIONAL)} for record in records]


def _record_problems(shown: str, position: int, record, seen: set) -> list[Problem]:
    if not isinstance(record, dict):
        return [Problem("bad-record", shown, f"source {position}", expected="a mapping")]
    where = f"source {record.get('source_id') or position}"
    problems = [
        Problem("missing-field", shown, where, key, expected="a value", found="nothing")
        for key in _REQUIRED
        if not record.get(key)
    ]
    source_id = str(record.get("source_id") or "")
    if source_id and not SLUG.match(source_id):
        problems.append(
            Problem("bad-id", shown, where, "source_id", "a slug: a-z, 0-9, _ and -", source_id)
        )
    if source_id in seen:
        problems.append(
            Problem("duplicate-id", shown, where, "source_id", "a unique id", source_id)
        )
    seen.add(source_id)
    if record.get("path") and not _inside(str(record["path"])):
        problems.append(
            Problem(
                "path-outside-repository",
                shown,
                where,
                "path",
                "a path inside the repository",
                record["path"],
                "copy the file under data/raw/articles/ (antlens ingest does it)",
            )
        )
    return problems


def _inside(relative: str) -> bool:
    """Whether a registry path stays inside the repository (judged on the words of the path)."""
    normal = posixpath.normpath(relative.replace("\\", "/"))
    return not posixpath.isabs(normal) and normal != ".." and not normal.startswith("../")


def read_source(paths: Paths, record: dict) -> Source:
    """The source's text, after checking that its bytes still match the recorded sha256."""
    shown, where = record["path"], f"source {record['source_id']}"
    data = _raw_bytes(paths, record, shown, where)
    digest = sha256_of(data)
    if digest != str(record["sha256"]).lower():
        hint = (
            "restore the original bytes, or accept the new text with "
            f"`antlens reanchor {record['source_id']}`"
        )
        raise ProblemsFound(
            [Problem("source-changed", shown, where, "sha256", record["sha256"], digest, hint)]
        )
    try:
        return Source(record, data.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise ProblemsFound(
            [
                Problem(
                    "not-utf8",
                    shown,
                    where,
                    "",
                    "UTF-8 text",
                    f"byte {error.start} is not UTF-8",
                    "convert the file to UTF-8 (antlens ingest names the encoding it looks like)",
                )
            ]
        ) from None


def _really_inside(path: Path, root: Path) -> bool:
    """Whether the file, followed through any links, is inside the repository; checked through
    its folder once per folder, as resolving every one of 10,000 paths is slow."""
    target = path.resolve() if path.is_symlink() else path
    return _resolved(target.parent).is_relative_to(_resolved(root))


@functools.cache
def _resolved(folder: Path) -> Path:
    return folder.resolve()


def _raw_bytes(paths: Paths, record: dict, shown: str, where: str) -> bytes:
    """The raw file's bytes; a missing file, a folder or a link out of the repository is a
    problem."""
    path = paths.root / record["path"]
    if not _really_inside(path, paths.root):
        raise ProblemsFound(
            [
                Problem(
                    "path-outside-repository",
                    shown,
                    where,
                    "path",
                    "a file inside the repository",
                    f"a link to {path.resolve()}",
                    "copy the file under data/raw/articles/ (antlens ingest does it)",
                )
            ]
        )
    try:
        return path.read_bytes()
    except FileNotFoundError:
        problem = Problem("missing-file", shown, where, hint="restore the file or fix its path")
    except OSError as error:
        problem = Problem(
            "unreadable-file",
            shown,
            where,
            "path",
            "a readable file",
            error.strerror or str(error),
            "point the path at the article's file",
        )
    raise ProblemsFound([problem]) from None


def source_row(source: Source, n_sentences: int) -> dict:
    """The row of the `sources` table for one source."""
    return {**source.record, "n_chars": len(source.text), "n_sentences": n_sentences}
