"""Safe YAML reading with a clear problem for a file that does not parse."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from antlens.problems import MISSING_FILE, UNREADABLE_FILE, YAML_SYNTAX, YAML_VALUE, ProblemsFound

# libyaml's safe loader is many times faster on a registry of thousands of sources; both are safe.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_Base):
    """The safe loader, refusing a key given twice in one mapping (YAML lets the last one win,
    which would silently drop a curator's section or value)."""

    def construct_mapping(self, node, deep=False):
        seen = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    f"while reading a mapping (line {seen[key] + 1})",
                    node.start_mark,
                    f"the key {key!r} is given twice",
                    key_node.start_mark,
                )
            seen[key] = key_node.start_mark.line
        return super().construct_mapping(node, deep=deep)


def read_yaml(path: Path, shown_as: str | None = None) -> Any:
    """Parse `path` with the safe loader; a missing or malformed file raises ProblemsFound."""
    shown = shown_as or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ProblemsFound([MISSING_FILE(file=shown, hint="create it or fix the path")]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ProblemsFound(
            [UNREADABLE_FILE(file=shown, expected="a UTF-8 text file", found=str(error))]
        ) from None
    try:
        return yaml.load(text, Loader=_StrictLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        raise ProblemsFound(
            [YAML_SYNTAX(file=shown, record=where, found=problem, hint="fix the YAML syntax")]
        ) from None
    except ValueError as error:  # a value YAML reads as a date that does not exist: 2019-02-30
        raise ProblemsFound(
            [
                YAML_VALUE(
                    file=shown,
                    found=str(error),
                    hint='quote a date-like value ("2019-02-30") or correct it',
                )
            ]
        ) from None
