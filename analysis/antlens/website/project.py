"""A Quarto project as the built-in engine reads it: `_quarto.yml`, and each page's `.qmd`.

`load_project` reads the pages to render and their options from `_quarto.yml`; `parse_qmd`
splits a page into front matter, markdown, executable ```` ```{python} ```` cells (with their
`#|` options) and inline `` `{python} expr` `` expressions; `page_options` and `cell_option`
resolve the execution options the way Quarto does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml


class RenderError(Exception):
    """A page could not be rendered; the message is meant for the user as-is."""


@dataclass
class Project:
    """The parts of `_quarto.yml` the built-in engine uses."""

    root: Path
    output_dir: Path
    pages: list[Path]  # relative to root, in render order
    execute: dict[str, Any]
    website: dict[str, Any]
    pdf_pages: list[Path]
    css: list[Path] = field(default_factory=list)  # `format: html: css:`, relative to root
    resources: list[str] = field(default_factory=list)  # `project: resources:` globs


# ---------------------------------------------------------------------------- project


def load_project(root: Path) -> Project:
    """Read `root/_quarto.yml`: pages to render (`project: render:`, globs allowed), options.

    Without `project: render:`, every `.qmd` under root is a page (skipping `_*`/`.*` names and
    the output folder), like Quarto. PDFs are made for the globs in `antlens: pdf:` (a key
    Quarto ignores), or for every page when that key is absent.
    """
    root = Path(root).resolve()
    config_path = root / "_quarto.yml"
    if not config_path.exists():
        raise RenderError(f"no _quarto.yml in {root}")
    config = _read_config(config_path)
    project = config.get("project") or {}
    output_dir = root / project.get("output-dir", "_site")
    patterns = project.get("render") or ["**/*.qmd"]
    if not isinstance(patterns, str | list) or not all(isinstance(p, str) for p in patterns):
        raise RenderError(
            f"_quarto.yml: project: render: must be a list of paths, not {patterns!r}"
        )
    missing = [p for p in _as_list(patterns) if not _is_glob(p) and not (root / p).is_file()]
    if missing:
        raise RenderError(f"_quarto.yml lists pages that do not exist: {', '.join(missing)}")
    pages = _expand(root, patterns, output_dir)
    if not pages:
        raise RenderError(f"_quarto.yml in {root} lists no .qmd pages")
    pdf_patterns = (config.get("antlens") or {}).get("pdf")
    pdf_pages = (
        [p for p in _expand(root, pdf_patterns, output_dir) if p in pages]
        if pdf_patterns
        else pages
    )
    html_format = ((config.get("format") or {}).get("html")) or {}
    css = html_format.get("css") if isinstance(html_format, dict) else None
    return Project(
        root=root,
        output_dir=output_dir,
        pages=pages,
        execute=config.get("execute") or {},
        website=config.get("website") or {},
        pdf_pages=pdf_pages,
        css=[Path(c) for c in ([css] if isinstance(css, str) else css or [])],
        resources=_as_list(project.get("resources") or []),
    )


def _read_config(path: Path) -> dict:
    """_quarto.yml as a mapping; a file that does not parse is a one-line RenderError."""
    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise RenderError(f"_quarto.yml does not parse{where}: {error.problem}") from None
    if not isinstance(config, dict):
        raise RenderError("_quarto.yml must be a mapping of options (project:, website:, …)")
    return config


def _as_list(patterns: list[str] | str) -> list[str]:
    return [patterns] if isinstance(patterns, str) else patterns


def _is_glob(pattern: str) -> bool:
    return pattern.startswith("!") or any(c in pattern for c in "*?[")


def _expand(root: Path, patterns: list[str] | str, output_dir: Path) -> list[Path]:
    """Quarto-style render list: globs, `!pattern` exclusions, no `_`/`.` names, in order."""
    chosen: list[Path] = []
    for pattern in _as_list(patterns):
        negate = pattern.startswith("!")
        hits = sorted(root.glob(pattern.lstrip("!")))
        rel = [h.relative_to(root) for h in hits if h.suffix == ".qmd" and h.is_file()]
        rel = [r for r in rel if not any(part[0] in "_." for part in r.parts)]
        rel = [r for r in rel if not (root / r).is_relative_to(output_dir)]
        if negate:
            chosen = [c for c in chosen if c not in rel]
        else:
            chosen += [r for r in rel if r not in chosen]
    return chosen


# ---------------------------------------------------------------------------- .qmd parsing


@dataclass
class Cell:
    """An executable ```` ```{python} ```` cell, with its `#|` options stripped from the code."""

    code: str
    options: dict[str, Any]
    number: int  # 1-based among the page's cells
    line: int
    outputs: list[dict[str, Any]] = field(default_factory=list)

    def describe(self) -> str:
        label = self.options.get("label")
        where = f"cell {self.number}, line {self.line}"
        return f"cell '{label}' ({where})" if label else where


@dataclass
class Inline:
    """An inline `` `{python} expr` ``; `value` is `str(expr)` after execution."""

    expr: str
    line: int
    value: str = ""


@dataclass
class Page:
    source: Path  # relative to the project root
    meta: dict[str, Any]
    chunks: list[str | Cell | Inline]  # markdown text, cells and inline expressions, in order

    @property
    def cells(self) -> list[Cell]:
        return [c for c in self.chunks if isinstance(c, Cell)]

    @property
    def title(self) -> str:
        return str(self.meta.get("title") or self.source.stem)


_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*(.*?)\s*$")
_INLINE = re.compile(r"(?<!`)`\{python\}\s+([^`]+?)\s*`(?!`)")


def parse_qmd(text: str, source: Path) -> Page:
    """Split a .qmd into front matter, markdown, executable cells and inline expressions."""
    lines = text.splitlines()
    meta, start = _front_matter(lines, source)
    chunks: list[str | Cell | Inline] = []
    markdown: list[str] = []
    i = start
    while i < len(lines):
        match = _FENCE.match(lines[i])
        if not match:
            markdown.append(lines[i])
            i += 1
            continue
        indent, fence, info = match.groups()
        end = _fence_end(lines, i, fence)
        body = lines[i + 1 : end]
        engine = re.fullmatch(r"\{([A-Za-z][\w-]*)\b[^}]*\}", info)
        if engine and engine[1] == "python":
            _flush_markdown(markdown, chunks, start_line=i + 1 - len(markdown))
            code, options = _cell_options(body, source, i + 2)
            number = sum(isinstance(c, Cell) for c in chunks) + 1
            chunks.append(Cell(code=code, options=options, number=number, line=i + 1))
        else:
            # Non-executable code is copied verbatim (no inline expressions inside); a
            # `{lang}` cell we cannot run is shown as a plain `lang` code block.
            _flush_markdown(markdown, chunks, start_line=i + 1 - len(markdown))
            markdown += [f"{indent}{fence}{engine[1] if engine else info}", *body, indent + fence]
            _flush_markdown(markdown, chunks, start_line=i + 1, verbatim=True)
        i = end + 1
    _flush_markdown(markdown, chunks, start_line=len(lines) - len(markdown) + 1)
    return Page(source=source, meta=meta, chunks=chunks)


def _front_matter(lines: list[str], source: Path) -> tuple[dict[str, Any], int]:
    if not lines or lines[0].strip() != "---":
        return {}, 0
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            try:
                meta = yaml.safe_load("\n".join(lines[1:end])) or {}
            except yaml.YAMLError as err:
                raise RenderError(f"{source}: front matter is not valid YAML: {err}") from None
            return meta, end + 1
    raise RenderError(f"{source}: front matter starting at line 1 is never closed with ---")


def _fence_end(lines: list[str], start: int, fence: str) -> int:
    closer = re.compile(rf"^\s*{re.escape(fence[0])}{{{len(fence)},}}\s*$")
    for j in range(start + 1, len(lines)):
        if closer.match(lines[j]):
            return j
    return len(lines)  # unclosed fence runs to the end, as in pandoc


def _cell_options(body: list[str], source: Path, first_line: int) -> tuple[str, dict[str, Any]]:
    n = 0
    while n < len(body) and body[n].lstrip().startswith("#|"):
        n += 1
    option_text = "\n".join(line.lstrip()[2:].removeprefix(" ") for line in body[:n])
    try:
        options = yaml.safe_load(option_text) or {} if n else {}
    except yaml.YAMLError as err:
        raise RenderError(f"{source}: bad #| options at line {first_line}: {err}") from None
    if not isinstance(options, dict):
        raise RenderError(f"{source}: #| options at line {first_line} must be `key: value` lines")
    return "\n".join(body[n:]).strip("\n"), options


def _flush_markdown(markdown: list[str], chunks: list, start_line: int, verbatim=False) -> None:
    """Move pending markdown lines into chunks, splitting out inline expressions."""
    if not markdown:
        return
    text = "\n".join(markdown) + "\n"  # every text chunk ends a line, so blocks stay apart
    markdown.clear()
    if verbatim:
        chunks.append(text)
        return
    pos = 0
    for match in _INLINE.finditer(text):
        chunks.append(text[pos : match.start()])
        line = start_line + text.count("\n", 0, match.start())
        chunks.append(Inline(expr=match[1], line=line))
        pos = match.end()
    chunks.append(text[pos:])


# ---------------------------------------------------------------------------- options


def page_options(project: Project, page: Page) -> dict[str, Any]:
    """Execution options: Quarto defaults < `_quarto.yml` execute < front matter execute."""
    options = {"echo": True, "eval": True, "output": True, "include": True, "warning": True}
    options.update(project.execute)
    options.update(page.meta.get("execute") or {})
    for key in ("echo", "eval", "output", "warning"):  # also accepted at top level
        if key in page.meta:
            options[key] = page.meta[key]
    return options


def cell_option(page_options: dict[str, Any], cell: Cell, key: str) -> Any:
    """A cell's option: its own `#|` value, else the page's."""
    return cell.options.get(key, page_options.get(key))


def title_of(path: Path) -> str:
    """A page's title from its front matter (its file name when it has none or cannot be read)."""
    try:
        meta, _ = _front_matter(path.read_text(encoding="utf-8").splitlines(), path)
    except (OSError, RenderError):
        meta = {}
    return str(meta.get("title") or path.stem)
