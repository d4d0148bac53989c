"""The catalogue of problem kinds: defined once, used by name, listed in the README."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from antlens import problems
from antlens.problems import CATALOGUE, QUOTE_NOT_FOUND, Problem, ProblemsFound, raise_if_any
from tests.conftest import REPO

PACKAGE = REPO / "analysis" / "antlens"


def _modules() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if p.name != "problems.py"]


def test_no_module_builds_a_problem_by_hand():
    """Every problem comes from a kind of the catalogue, never `Problem(...)` with a slug."""
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Problem":
                pytest.fail(f"{path.relative_to(REPO)}:{node.lineno} builds a Problem directly")


def test_every_kind_a_module_names_is_in_the_catalogue():
    kinds = {name for name, value in vars(problems).items() if isinstance(value, problems.Kind)}
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "antlens.problems":
                for alias in node.names:
                    if alias.name.isupper():
                        assert alias.name in kinds, f"{path.name} imports unknown {alias.name}"


def test_every_template_formats_with_any_location():
    for kind in CATALOGUE.values():
        assert kind.slug == kind.slug.lower() and " " not in kind.slug
        assert kind(file="f", record="r", column="c", found="x").message


def test_the_readme_lists_every_kind():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `([a-z0-9-]+)` \|", readme, re.M))
    assert set(CATALOGUE) <= listed, sorted(set(CATALOGUE) - listed)


def test_a_problem_reads_as_where_what_expected_found_and_fix():
    problem = QUOTE_NOT_FOUND(
        file="data/annotations/x.yaml", line=4, record="claim-1", column="quote", found="'xyz'"
    )
    assert problem.flat() == (
        "data/annotations/x.yaml",
        4,
        None,
        "claim-1",
        "quote",
        "quote-not-found",
    )
    assert str(problem).splitlines() == [
        "[quote-not-found] data/annotations/x.yaml, line 4, claim-1, quote",
        "    the quote is not in the source text",
        "    found:    'xyz'",
        "    fix:      copy the words exactly from the article",
    ]


def test_problems_are_raised_together_and_only_when_there_are_some():
    raise_if_any([])
    with pytest.raises(ProblemsFound) as found:
        raise_if_any([QUOTE_NOT_FOUND(file="a"), QUOTE_NOT_FOUND(file="b")])
    assert [p.file for p in found.value.problems] == ["a", "b"]
    assert str(found.value).startswith("2 problem(s) found:")
    assert isinstance(found.value.problems[0], Problem)
