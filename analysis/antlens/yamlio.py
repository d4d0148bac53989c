"""Safe YAML reading with a clear problem for a file that does not parse."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from antlens.problems import Problem, ProblemsFound

# libyaml's safe loader is many times faster on a registry of thousands of sources; both are safe.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path, shown_as: str | None = None) -> Any:
    """Parse `path` with the safe loader; a missing or malformed file raises ProblemsFound."""
    shown = shown_as or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ProblemsFound(
            [Problem("missing-file", shown, hint="create it or fix the path")]
        ) from None
    try:
        return yaml.load(text, Loader=_SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        raise ProblemsFound(
            [Problem("yaml-syntax", shown, record=where, found=problem, hint="fix the YAML syntax")]
        ) from None


def write_yaml(path: Path, data: Any) -> None:
    """Write `data` as block-style YAML, keys in the given order, unicode kept."""
    path.write_text(
        yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8"
    )
