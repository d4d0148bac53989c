"""Problems found in a user's input, kept as records and shown together.

A user's mistake (a quote not in its source, a value that disagrees with its words, a YAML file
that does not parse) is a `Problem`, never a traceback. Stages collect problems and raise one
`ProblemsFound` at the end so a user sees everything at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, in terms a curator can act on."""

    slug: str  # machine-readable kind, e.g. "quote-not-found"
    file: str  # path relative to the repository root
    record: str = ""  # claim id, line number or row the problem is in
    column: str = ""  # field or column
    expected: str = ""
    found: str = ""
    hint: str = ""  # how to fix it

    def as_dict(self) -> dict[str, str]:
        return asdict(self)

    def __str__(self) -> str:
        where = ", ".join(p for p in (self.file, self.record, self.column) if p)
        lines = [f"[{self.slug}] {where}"]
        if self.expected:
            lines.append(f"    expected: {self.expected}")
        if self.found:
            lines.append(f"    found:    {self.found}")
        if self.hint:
            lines.append(f"    fix:      {self.hint}")
        return "\n".join(lines)


class ProblemsFound(Exception):
    """Raised with every problem a stage found; the CLI prints them and exits 1."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__(f"{len(self.problems)} problem(s)")

    def __str__(self) -> str:
        body = "\n".join(str(p) for p in self.problems)
        return f"{len(self.problems)} problem(s) found:\n{body}"


def raise_if_any(problems: list[Problem]) -> None:
    """Raise `ProblemsFound` when the list is not empty."""
    if problems:
        raise ProblemsFound(problems)
