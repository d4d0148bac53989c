"""antlens — quantitative statements about Ant Group as validated tables with provenance.

Public API::

    import antlens
    antlens.tables()                      # the processed tables, with descriptions
    claims = antlens.load("claims")       # a polars DataFrame
    antlens.load("claims", backend="pandas")
    antlens.detect_mentions("income of 28.7 billion yuan")
    antlens.build()                       # rebuild data/processed/
    print(antlens.trace("micro-loan-income-2019h1"))
"""

from __future__ import annotations

import sys
import types

__all__ = ["Mention", "build", "detect_mentions", "load", "tables", "trace"]
__version__ = "0.1.0"


def __getattr__(name: str):
    # The detector is imported on first use, so `antlens --help` stays instant.
    if name in {"Mention", "detect_mentions"}:
        from antlens import mentions

        return getattr(mentions, name)
    raise AttributeError(f"module 'antlens' has no attribute {name!r}")


def load(name: str, backend: str = "polars", root=None):
    """A processed table as a DataFrame: polars by default, or `backend="pandas"`.

    Reads `data/processed/<name>.parquet`; `antlens.tables()` lists the names.
    """
    from antlens.api import load as _load

    return _load(name, backend, root)


def tables(root=None):
    """The processed tables: name, title, description, rows and file paths (a polars DataFrame)."""
    from antlens.api import tables as _tables

    return _tables(root)


def build(root=None, allow_unaccounted: bool = False):
    """Build every table into data/processed/ (see `antlens build`), holding the repository's
    lock as the command does, so a script and a command never write at once."""
    from antlens.build import build as _build
    from antlens.locking import repository_lock
    from antlens.paths import locate

    with repository_lock(locate(root), "antlens.build() from Python"):
        return _build(root, allow_unaccounted)


def trace(claim_id: str, root=None) -> str:
    """A claim, its sentence with the quote marked, and its source, as text."""
    from antlens.trace import trace as _trace

    return _trace(claim_id, root)


class _Package(types.ModuleType):
    """The package, whose functions `build` and `trace` share their names with the pipeline's
    modules `antlens.build` and `antlens.trace`: importing such a module binds its name on the
    package, which would hide the function from then on. The functions stay."""

    def __setattr__(self, name: str, value) -> None:
        if name in __all__ and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
