"""Stage 1 — sources: the registry in data/sources.yaml and the raw text it vouches for."""

from __future__ import annotations

import difflib
import functools
import hashlib
import json
import os
import posixpath
import re
from dataclasses import dataclass, replace
from pathlib import Path
from stat import S_ISLNK

from antlens import schemas
from antlens.encodings import not_utf8_problem
from antlens.paths import Paths
from antlens.problems import (
    BAD_ID,
    BAD_RECORD,
    DUPLICATE_ID,
    EMPTY_REGISTRY,
    MISSING_FIELD,
    MISSING_FILE,
    PATH_OUTSIDE_REPOSITORY,
    SOURCE_CHANGED,
    UNKNOWN_FIELD,
    UNREADABLE_FILE,
    Problem,
    ProblemsFound,
    raise_if_any,
)
from antlens.writing import link_or_copy
from antlens.yamlio import read_yaml

SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@dataclass(frozen=True)
class Source:
    """A registered article and its verified text."""

    record: dict
    text: str
    stamp: list | None = None  # the file's stamp (see `unchanged`), taken before its bytes

    @property
    def source_id(self) -> str:
        return self.record["source_id"]


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _stamp(relative: str, found: os.stat_result) -> list:
    """What tells, without reading it, that a source's file changed: its path, size, mtime and
    ctime (in nanoseconds) and inode. A write always moves the ctime to the time of writing, and
    no tool sets it back, so even a change that keeps the size and the mtime changes the stamp."""
    return [relative, found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino]


def load_registry(paths: Paths) -> list[dict]:
    """The records of data/sources.yaml, each checked for required fields and a safe path."""
    return checked_registry(paths)[0]


def checked_registry(paths: Paths) -> tuple[list[dict], str | None]:
    """The checked records of data/sources.yaml and the key to keep them under in the interim
    store (`write_registry_cache`; None when the file changed while it was read). Records kept
    there under the same key (the same bytes, checked by the same code against the same record
    keys) are taken as they are: YAML is slow to parse at ten thousand records, JSON is not."""
    key = _registry_key(paths)
    try:
        cached = json.loads((paths.cache / _cache_name(key)).read_text(encoding="utf-8"))
        return cached["sources"], key
    except (OSError, ValueError, KeyError, TypeError):
        pass
    shown = paths.relative(paths.sources_file)
    document = read_yaml(paths.sources_file, shown)
    if _registry_key(paths) != key:
        key = None
    if not document:  # an emptied file would otherwise build empty tables over the old ones
        raise ProblemsFound([EMPTY_REGISTRY(file=shown, expected="`sources:` and its records")])
    records = document.get("sources") if isinstance(document, dict) else document
    if not isinstance(document, dict) or not isinstance(records, list | None):
        raise ProblemsFound(
            [
                BAD_RECORD(
                    file=shown,
                    record="sources",
                    column="",
                    expected="a list of source records under `sources:`",
                    found=type(records).__name__,
                )
            ]
        )
    records = records or []
    keys = schemas.load(paths.schemas).record_keys("registry")
    problems, seen = [], set()
    for position, record in enumerate(records, start=1):
        problems += _record_problems(shown, keys, position, record, seen)
    raise_if_any(problems)
    return [{key: record.get(key) for key in keys} for record in records], key


def _registry_key(paths: Paths) -> str | None:
    try:
        files = (paths.sources_file, paths.schema_file("records"), Path(__file__))
        return sha256_of(b"".join(file.read_bytes() for file in files))
    except OSError:  # reading the registry says what is wrong
        return None


def _cache_name(key: str | None) -> str:
    return f"registry-{key}.json"


def write_registry_cache(paths: Paths, store: Path, registry: list[dict], key: str | None):
    """Keep the checked registry in the new interim store under `key` (see `checked_registry`):
    the previous store's file when it has the same key, else written afresh."""
    if key is None:
        return
    target, previous = store / _cache_name(key), paths.cache / _cache_name(key)
    if previous.is_file():
        link_or_copy(previous, target)
    else:
        target.write_text(json.dumps({"sources": registry}, default=str), encoding="utf-8")


def _record_problems(shown: str, keys: dict, position: int, record, seen: set) -> list[Problem]:
    if not isinstance(record, dict):
        return [BAD_RECORD(file=shown, record=f"source {position}", expected="a mapping")]
    where = str(record.get("source_id") or f"source {position}")
    problems = [
        MISSING_FIELD(file=shown, record=where, column=key, expected="a value", found="nothing")
        for key, spec in keys.items()
        if spec["required"] and not record.get(key)
    ]
    problems += [
        UNKNOWN_FIELD(file=shown, record=where, column=str(key), expected=_nearest(key, keys))
        for key in record
        if key not in keys
    ]
    source_id = str(record.get("source_id") or "")
    if source_id and not SLUG.match(source_id):
        problems.append(
            BAD_ID(
                file=shown,
                record=where,
                column="source_id",
                expected="a slug: a-z, 0-9, _ and -",
                found=source_id,
            )
        )
    if source_id in seen:
        problems.append(
            DUPLICATE_ID(
                file=shown,
                record=where,
                column="source_id",
                expected="a unique id",
                found=source_id,
            )
        )
    seen.add(source_id)
    if record.get("path") and not _inside(str(record["path"])):
        problems.append(
            PATH_OUTSIDE_REPOSITORY(
                file=shown,
                record=where,
                column="path",
                expected="a path inside the repository",
                found=record["path"],
                hint="copy the file under data/raw/articles/ (antlens ingest does it)",
            )
        )
    return problems


def _nearest(key, keys: dict) -> str:
    close = difflib.get_close_matches(str(key), list(keys), n=1)
    return f"{close[0]} (a known key)" if close else "one of " + ", ".join(keys)


def _inside(relative: str) -> bool:
    """Whether a registry path stays inside the repository (judged on the words of the path)."""
    normal = posixpath.normpath(relative.replace("\\", "/"))
    return not posixpath.isabs(normal) and normal != ".." and not normal.startswith("../")


def unchanged(paths: Paths, record: dict, stamp: list) -> bool:
    """Whether the source's file still has the stamp `stamp` taken of it when its bytes were
    read (`Source.stamp`), judged without reading it: its path, size, mtime, ctime and inode. A
    write always moves the ctime to the time of writing and no tool sets it back, so even a
    change that keeps the size and the mtime is seen. A link is never judged so: it is read."""
    path = os.path.join(paths.root, record["path"])
    try:
        found = os.lstat(path)
    except OSError:
        return False
    return (
        not S_ISLNK(found.st_mode)
        and stamp == _stamp(record["path"], found)
        and _folder_inside(os.path.dirname(path), paths.root)
    )


def read_source(paths: Paths, record: dict) -> Source:
    """The source's text, after checking that its bytes still match the recorded sha256."""
    shown, where = record["path"], record["source_id"]
    stamp, data = _raw_bytes(paths, record, shown, where)
    digest = sha256_of(data)
    if digest != str(record["sha256"]).lower():
        hint = (
            "restore the original bytes, or accept the new text with "
            f"`antlens reanchor {record['source_id']}`"
        )
        raise ProblemsFound(
            [
                SOURCE_CHANGED(
                    file=shown,
                    record=where,
                    column="sha256",
                    expected=record["sha256"],
                    found=digest,
                    hint=hint,
                )
            ]
        )
    try:
        return Source(record, data.decode("utf-8"), stamp)
    except UnicodeDecodeError:
        problem = not_utf8_problem(data, shown)
        raise ProblemsFound([replace(problem, record=record["source_id"])]) from None


def _really_inside(path: Path, root: Path) -> bool:
    """Whether the file, followed through any links, is inside the repository; checked through
    its folder once per folder, as resolving every one of 10,000 paths is slow."""
    target = path.resolve() if path.is_symlink() else path
    return _folder_inside(str(target.parent), root)


@functools.cache
def _folder_inside(folder: str, root: Path) -> bool:
    return Path(folder).resolve().is_relative_to(root.resolve())


def _raw_bytes(paths: Paths, record: dict, shown: str, where: str) -> tuple[list, bytes]:
    """The raw file's stamp and bytes; a missing file, a folder or a link out of the repository
    is a problem. The stamp is taken first: a write after it changes the next stamp."""
    path = paths.root / record["path"]
    if not _really_inside(path, paths.root):
        raise ProblemsFound(
            [
                PATH_OUTSIDE_REPOSITORY(
                    file=shown,
                    record=where,
                    column="path",
                    expected="a file inside the repository",
                    found=f"a link to {path.resolve()}",
                    hint="copy the file under data/raw/articles/ (antlens ingest does it)",
                )
            ]
        )
    try:
        return _stamp(record["path"], path.stat()), path.read_bytes()
    except FileNotFoundError:
        problem = MISSING_FILE(file=shown, record=where, hint="restore the file or fix its path")
    except OSError as error:
        problem = UNREADABLE_FILE(
            file=shown,
            record=where,
            column="path",
            expected="a readable file",
            found=error.strerror or str(error),
            hint="point the path at the article's file",
        )
    raise ProblemsFound([problem]) from None


def source_row(record: dict, n_chars: int, n_sentences: int) -> dict:
    """The row of the `sources` table for one source."""
    return {**record, "n_chars": n_chars, "n_sentences": n_sentences}
