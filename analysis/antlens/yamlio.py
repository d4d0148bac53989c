"""YAML in and out: the one safe reader (with a problem for a file that does not parse), the
one way to write a scalar on a line of its own, and the round trip that rewrites a file by hand
written (comments, quotes and layout kept).

Every YAML file antlens reads goes through `read_yaml` or `parse_yaml`: the safe loader, a key
given twice refused, an alias refused at once (an "alias bomb" of nested aliases otherwise
expands to gigabytes), and a file larger than `MAX_YAML_BYTES` refused before it is parsed.
"""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from antlens.problems import (
    MISSING_FILE,
    TOO_LARGE,
    UNREADABLE_FILE,
    YAML_ALIAS,
    YAML_SYNTAX,
    YAML_VALUE,
    ProblemsFound,
)

# Far above a registry of 10,000 sources (about 3 MB) or the stub of a 5 MB article (19 MB).
MAX_YAML_BYTES = 64_000_000

# libyaml's safe loader is many times faster on a registry of thousands of sources; both are safe.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _AliasFound(yaml.constructor.ConstructorError):
    """A node met a second time while constructing: the document uses an alias."""


class _StrictLoader(_Base):
    """The safe loader, refusing a key given twice in one mapping (YAML lets the last one win,
    which would silently drop a curator's section or value) and any alias."""

    def construct_object(self, node, deep=False):
        if node in self.constructed_objects or node in self.recursive_objects:
            where = f"the value anchored at line {node.start_mark.line + 1}"
            raise _AliasFound(None, None, f"an alias (*name) repeats {where}", node.start_mark)
        return super().construct_object(node, deep=deep)

    def construct_mapping(self, node, deep=False):
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":  # `<<: *name` merges an alias
                where = f"the value anchored at line {value_node.start_mark.line + 1}"
                raise _AliasFound(None, None, f"a merge (<<) repeats {where}", key_node.start_mark)
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
            del self.constructed_objects[key_node]  # constructed again below: no alias
        return super().construct_mapping(node, deep=deep)


def read_yaml(path: Path, shown_as: str | None = None) -> Any:
    """Parse `path` with the safe loader; a missing, oversized or malformed file raises
    ProblemsFound."""
    shown = shown_as or str(path)
    return parse_yaml(_read_text(path, shown), shown)


def _read_text(path: Path, shown: str) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_YAML_BYTES:
            raise ProblemsFound(
                [
                    TOO_LARGE(
                        file=shown,
                        expected=f"at most {MAX_YAML_BYTES:,} bytes of YAML",
                        found=f"{size:,} bytes",
                        hint="split the file, or remove what does not belong in it",
                    )
                ]
            )
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ProblemsFound([MISSING_FILE(file=shown, hint="create it or fix the path")]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ProblemsFound(
            [UNREADABLE_FILE(file=shown, expected="a UTF-8 text file", found=str(error))]
        ) from None


def parse_yaml(text: str, shown: str) -> Any:
    """Parse YAML `text` (read from `shown`) with the safe loader; raise ProblemsFound if it
    does not parse, gives a key twice or uses an alias."""
    try:
        return yaml.load(text, Loader=_StrictLoader)
    except yaml.YAMLError as error:
        raise ProblemsFound([_syntax_problem(error, shown)]) from None
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


def _syntax_problem(error: yaml.YAMLError, shown: str):
    mark = getattr(error, "problem_mark", None)
    line = mark.line + 1 if mark else None
    problem = getattr(error, "problem", None) or str(error)
    if isinstance(error, _AliasFound):
        return YAML_ALIAS(file=shown, line=line, expected="every value written out", found=problem)
    return YAML_SYNTAX(file=shown, line=line, found=problem)


def scalar(value) -> str:
    """One YAML scalar on one line, quoted when it needs to be."""
    options = {"allow_unicode": True, "width": 1_000_000, "default_flow_style": True}
    dumped = yaml.safe_dump(value, **options).removesuffix("\n").removesuffix("\n...")
    if one_line(dumped) != dumped:  # a line break or control character: spelt as an escape
        dumped = yaml.safe_dump(value, default_style='"', **options).removesuffix("\n")
    return dumped


def one_line(words: str) -> str:
    """Words fit for a one-line comment or message: line breaks and control characters as blanks."""
    return "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in words)


def read_round_trip(path: Path, shown_as: str | None = None) -> tuple[Any, str]:
    """The document at `path` as a round trip keeps it (for writing back), and the text it was
    read from. The safe reader checks it first, so a file it refuses is a ProblemsFound here too."""
    shown = shown_as or str(path)
    text = _read_text(path, shown)
    parse_yaml(text, shown)
    return load_round_trip(text), text


def load_round_trip(text: str) -> Any:
    """YAML `text` as mappings and lists that keep its comments, quotes and layout."""
    return _round_trip().load(text)


def dump_round_trip(document: Any) -> str:
    """A document of `load_round_trip` as YAML text, in the annotation files' indentation."""
    buffer = io.StringIO()
    _round_trip().dump(document, buffer)
    return buffer.getvalue()


def _round_trip():
    from ruamel.yaml import YAML  # only the commands that rewrite a file need it

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml
