"""Annotation files: `data/annotations/<source_id>.yaml`, read and checked for shape.

A file holds a source's `claims` (each written with its quote, not its offsets), its `exclusions`
(numbers that are no statements, with a reason) and the `todo` entries `antlens ingest` listed.
The sections and the keys of an entry come from `schemas/records.yaml`; a key not listed there is
a problem naming it. What the entries say is checked against the text by the claims stage.
"""

from __future__ import annotations

from typing import Any

from antlens.paths import Paths
from antlens.problems import (
    BAD_FIELD,
    BAD_RECORD,
    MISSING_FIELD,
    THEME_DETAIL_MISSING,
    UNKNOWN_FIELD,
    UNREGISTERED_ANNOTATION,
    WRONG_SOURCE,
    Problem,
)
from antlens.schemas import Schemas
from antlens.yamlio import read_yaml

ANCHOR_KEYS = ("quote", "occurrence", "prefix", "suffix")


def load_annotation(paths: Paths, source_id: str) -> Any:
    """The annotation document of a source; an empty one when the file does not exist yet."""
    path = paths.annotation_file(source_id)
    if not path.exists():
        return {}
    return read_yaml(path, paths.relative(path)) or {}


def annotated_sources(paths: Paths, registry: list[dict]) -> tuple[set[str], list[Problem]]:
    """The registered sources that have an annotation file, and a problem for each file that
    annotates no registered source (it would otherwise be ignored without a word)."""
    registered = {record["source_id"] for record in registry}
    files = sorted(paths.annotations.glob("*.yaml"))
    problems = [
        UNREGISTERED_ANNOTATION(
            file=paths.relative(path),
            expected="a source_id of data/sources.yaml: " + ", ".join(sorted(registered)),
            found=path.stem,
        )
        for path in files
        if path.stem not in registered
    ]
    return {path.stem for path in files} & registered, problems


def document_problems(schemas: Schemas, document: Any, source_id: str, shown: str) -> list:
    """The top level of an annotation file: its own source id, and only the known sections."""
    if not isinstance(document, dict):
        found = type(document).__name__
        return [BAD_RECORD(file=shown, expected="a mapping of sections", found=found)]
    sections = schemas.record_keys("annotation")
    problems = [
        UNKNOWN_FIELD(file=shown, column=str(key), expected="one of " + ", ".join(sections))
        for key in document
        if key not in sections
    ]
    if document and document.get("source_id") != source_id:
        found = str(document.get("source_id"))
        problems.append(
            WRONG_SOURCE(file=shown, column="source_id", expected=source_id, found=found)
        )
    return problems


def entry_problems(schemas: Schemas, kind: str, entry: Any, position: int, shown: str) -> list:
    """The shape of one `claims` or `exclusions` entry (`kind` is claim or exclusion): a
    mapping, with every required key, no unknown key, and values of the right shape."""
    section = f"{kind}s entry {position}"
    if not isinstance(entry, dict):
        return [
            BAD_RECORD(
                file=shown,
                record=section,
                expected="a mapping of keys",
                found=repr(entry),
                hint="write the entry as `- key: value` lines",
            )
        ]
    keys = schemas.record_keys(kind)
    record = str(entry.get("claim_id") or entry.get("quote") or section)
    problems = [
        MISSING_FIELD(file=shown, record=record, column=key, hint=f"add `{key}:` to the entry")
        for key, spec in keys.items()
        if spec.get("required") and entry.get(key) in (None, "")
    ]
    problems += [
        UNKNOWN_FIELD(
            file=shown,
            record=record,
            column=str(key),
            expected="one of " + ", ".join(sorted(keys)),
        )
        for key in entry
        if key not in keys
    ]
    if kind == "claim":
        problems += _theme_problems(schemas, entry, record, shown)
    return problems + [
        BAD_FIELD(file=shown, record=record, column=key, expected=expected, found=repr(entry[key]))
        for key, (expected, fits) in _SHAPES.items()
        if entry.get(key) is not None and not fits(entry[key], entry)
    ]


def _theme_problems(schemas: Schemas, entry: dict, record: str, shown: str) -> list[Problem]:
    theme = schemas.records["theme_details"].get(str(entry.get("topic")))
    return (
        [
            THEME_DETAIL_MISSING(
                file=shown,
                record=record,
                column=key,
                expected=f"`{key}:`, which the {theme['table']} table needs of this topic",
                found="nothing",
                hint=f"add `{key}:` (see schemas/records.yaml), or give the claim another topic",
            )
            for key in theme["needs"]
            if entry.get(key) in (None, "")
        ]
        if theme
        else []
    )


# The keys whose value must have a particular shape, with what is expected and a test.
_SHAPES = {
    "occurrence": (
        "a whole number from 1",
        lambda v, _: isinstance(v, int) and not isinstance(v, bool) and v >= 1,
    ),
    "licence": (
        "a mapping with kind, sector and status (and since, optional)",
        lambda v, _: isinstance(v, dict) and {"kind", "sector", "status"} <= set(v),
    ),
    "compare_with": (
        "a list of observation ids, or of mappings with `observation`",
        lambda v, _: isinstance(v, list) and all(isinstance(e, str | dict) for e in v),
    ),
    "event": ("an event with a period (the date it happened)", lambda _, e: bool(e.get("period"))),
}
