"""Stage 1 — sources: the registry in data/sources.yaml and the raw text it vouches for."""

from __future__ import annotations

import hashlib
import posixpath
import re
from dataclasses import dataclass

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
    try:
        data = (paths.root / record["path"]).read_bytes()
    except FileNotFoundError:
        raise ProblemsFound(
            [Problem("missing-file", shown, where, hint="restore the file or fix its path")]
        ) from None
    digest = sha256_of(data)
    if digest != record["sha256"]:
        raise ProblemsFound(
            [
                Problem(
                    "source-changed",
                    shown,
                    where,
                    "sha256",
                    record["sha256"],
                    digest,
                    f"restore the original bytes, or accept the new text with "
                    f"`antlens reanchor {record['source_id']}`",
                )
            ]
        )
    return Source(record, data.decode("utf-8"))


def source_row(source: Source, n_sentences: int) -> dict:
    """The row of the `sources` table for one source."""
    return {**source.record, "n_chars": len(source.text), "n_sentences": n_sentences}
