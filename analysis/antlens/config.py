"""Where everything lives. The only module that spells out paths.

The repository root is the first folder, from the working directory upwards, that holds
`data/sources.yaml`; `ANTLENS_ROOT` overrides it. That lets the same installed package work on a
checkout, on a temporary copy of one, and in tests.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

_MARKER = Path("data") / "sources.yaml"
_PACKAGE_REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Paths:
    """Every path antlens reads or writes, derived from the repository root."""

    root: Path

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def raw_articles(self) -> Path:
        return self.data / "raw" / "articles"

    @property
    def sources_file(self) -> Path:
        return self.data / "sources.yaml"

    @property
    def annotations(self) -> Path:
        return self.data / "annotations"

    @property
    def external(self) -> Path:
        return self.data / "external"

    @property
    def processed(self) -> Path:
        return self.data / "processed"

    @property
    def cache(self) -> Path:
        return self.data / "interim"

    @property
    def schemas(self) -> Path:
        return self.root / "schemas"

    @property
    def reports(self) -> Path:
        return self.root / "reports"

    @property
    def site(self) -> Path:
        return self.root / "_site"

    def relative(self, path: Path) -> str:
        """`path` relative to the root, with forward slashes, for messages and tables."""
        for candidate, root in ((path, self.root), (path.resolve(), self.root.resolve())):
            if candidate.is_relative_to(root):
                return candidate.relative_to(root).as_posix()
        return str(path)


_ACTIVE_ROOT: ContextVar[Path | None] = ContextVar("antlens_root", default=None)


@contextmanager
def active_root(root: Path | str | None):
    """Within this block, every path (schemas included) is taken from `root`, when given."""
    token = _ACTIVE_ROOT.set(Path(root).resolve() if root else _ACTIVE_ROOT.get())
    try:
        yield
    finally:
        _ACTIVE_ROOT.reset(token)


def find_root(start: Path | None = None) -> Path:
    """The repository root: the active root, $ANTLENS_ROOT, else the nearest parent holding
    data/sources.yaml."""
    if active := _ACTIVE_ROOT.get():
        return active
    if env := os.environ.get("ANTLENS_ROOT"):
        return Path(env).resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / _MARKER).is_file():
            return folder
    return _PACKAGE_REPO


def paths(root: Path | None = None) -> Paths:
    """Paths for the repository at `root` (found with `find_root` when not given)."""
    return Paths(Path(root).resolve() if root else find_root())
