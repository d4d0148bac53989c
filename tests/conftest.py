"""Shared fixtures: the real repository, and throwaway copies of it to break on purpose."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from antlens import schemas

REPO = Path(__file__).resolve().parents[1]
SCHEMAS = schemas.load(REPO / "schemas")  # the repository's own schemas
_COPIED = ("data", "schemas", "reports", "_quarto.yml")


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


def copy_repository(target: Path) -> Path:
    """A copy of the repository's data, schemas and reports under `target`."""
    for name in _COPIED:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(
                source, target / name, ignore=shutil.ignore_patterns("interim", ".antlens.lock")
            )
        elif source.exists():
            shutil.copy2(source, target / name)
    return target


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    return copy_repository(tmp_path / "repo")


@pytest.fixture
def edit(repo_copy: Path):
    """Replace text in a file of the repository copy: edit("data/x.yaml", old, new)."""

    def _edit(relative: str, old: str, new: str, count: int = 1) -> None:
        path = repo_copy / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {relative}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    return _edit
