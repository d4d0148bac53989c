"""Adding a record to data/sources.yaml as text, so its comments and layout stay as they are.

The new record is appended in the layout of the records before it and the result is parsed back:
it must read as the old records plus the new one, or nothing is written.
"""

from __future__ import annotations

import re

from antlens.paths import Paths
from antlens.problems import REGISTRY_LAYOUT, Problem, ProblemsFound
from antlens.yamlio import parse_yaml, scalar


def appended_registry(paths: Paths, record: dict) -> tuple[str, list[Problem]]:
    """data/sources.yaml with `record` appended as text, checked by parsing it back; or the
    problem that the file's layout takes no record appended as text."""
    shown = paths.relative(paths.sources_file)
    old = paths.sources_file.read_text(encoding="utf-8")
    items = re.findall(r"^([ \t]*)- source_id:", old, flags=re.MULTILINE)
    indent = items[-1] if items else "  "
    lines = [f"{key}: {scalar(value)}" for key, value in record.items()]
    entry = f"{indent}- {lines[0]}\n" + "".join(f"{indent}  {line}\n" for line in lines[1:])
    new = old + ("" if old.endswith("\n") or not old else "\n") + entry
    if _sources(new, shown) == [*(_sources(old, shown) or []), record]:
        return new, []
    problem = REGISTRY_LAYOUT(
        file=shown,
        expected="a block list `sources:` at the end of the file, to append to",
        found="a layout a record cannot be appended to as text",
        hint="add this record at the end of the list by hand:\n" + entry,
    )
    return old, [problem]


def _sources(registry_text: str, shown: str) -> list | None:
    """The `sources` list of a registry's text; None when the text does not parse to one."""
    try:
        document = parse_yaml(registry_text, shown) or {}
    except ProblemsFound:
        return None
    return (document.get("sources") or []) if isinstance(document, dict) else None
