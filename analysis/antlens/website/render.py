"""Render the Quarto reports (`reports/*.qmd`) with Quarto when it is installed, else by ourselves.

The built-in engine reads the same `_quarto.yml` and `.qmd` files Quarto does, runs the
```` ```{python} ```` cells and `` `{python} expr` `` inline expressions in one Jupyter kernel
(nbclient), and turns each page into HTML with pandoc, or into PDF with pandoc → Typst →
the `typst` wheel. The output layout mirrors Quarto's: a page at `reports/sources/x.qmd`
(relative to the project root, where `_quarto.yml` lives) becomes `_site/reports/sources/x.html`.
PDFs go to `_site/pdf/<same relative path>.pdf`.

Cells show HTML as `text/markdown` holding raw blocks (`markup.Block`, `charts.chart_output`),
which Quarto passes through as it is; charts load the one Vega bundle file of the site.

This module runs a render; its parts live beside it: `project` reads `_quarto.yml` and the
`.qmd` pages, `markdown` turns an executed page into pandoc markdown, `writers` writes that
markdown as HTML or PDF, and `publish` adds what a site needs beyond its pages (the Vega bundle,
downloads of every table, a front page).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from antlens.paths import find_root
from antlens.website import publish, urls
from antlens.website.markdown import MarkdownTarget, page_markdown
from antlens.website.project import (
    Cell,
    Inline,
    Page,
    Project,
    RenderError,
    cell_option,
    load_project,
    page_options,
    parse_qmd,
    title_of,
)
from antlens.website.writers import write_html, write_pdf
from antlens.writing import replacing_folder

_PDF_DIR = urls.PDF.as_posix()


# ---------------------------------------------------------------------------- public types


@dataclass(frozen=True)
class RenderReport:
    """What `render_site` did: pages rendered, engine used, outputs and duration."""

    to: str
    engine: str  # "quarto" or "builtin"
    reason: str  # why that engine, e.g. "no quarto on PATH"
    pages: list[Path]  # sources, relative to the project root
    outputs: list[Path]  # absolute paths of the files written
    site_dir: Path
    seconds: float

    def summary(self) -> str:
        """One line for the CLI, e.g. `rendered 7 pages with the built-in engine (...) → _site/`."""
        n = len(self.pages)
        what = "PDF" if self.to == "pdf" else "page"
        label = "Quarto" if self.engine == "quarto" else "the built-in engine"
        dest = self.site_dir.name + "/" + (f"{_PDF_DIR}/" if self.to == "pdf" else "")
        return (
            f"rendered {n} {what}{'s' if n != 1 else ''} with {label} ({self.reason}) → {dest}"
            f" in {self.seconds:.1f}s"
        )


# ---------------------------------------------------------------------------- execution

_INLINE_MIME = "text/x-antlens-inline"


class _Kernel:
    """One python3 Jupyter kernel reused across the pages of a render (reset per page)."""

    def __init__(self, root: Path):
        import nbformat
        from nbclient import NotebookClient

        nb = nbformat.v4.new_notebook()
        self.client = NotebookClient(
            nb, kernel_name="python3", timeout=600, resources={"metadata": {"path": str(root)}}
        )

    @contextmanager
    def running(self) -> Iterator[_Kernel]:
        # The kernel's own stderr is only startup chatter; cell output arrives over iopub.
        with self.client.setup_kernel(stderr=subprocess.DEVNULL):
            yield self

    def run(self, code: str) -> list[dict[str, Any]]:
        """Execute code; return its outputs. Raises nbclient's CellExecutionError on error."""
        import nbformat

        cell = nbformat.v4.new_code_cell(code)
        self.client.nb.cells = [cell]
        self.client.execute_cell(cell, 0, store_history=False)
        return cell.outputs


def execute_pages(project: Project, pages: list[Path]) -> Iterator[Page]:
    """Each page parsed and run, in order, in one kernel: its cells carry their outputs."""
    parsed = [parse_qmd((project.root / p).read_text(encoding="utf-8"), p) for p in pages]
    with _Kernel(project.root).running() as kernel:
        for page in parsed:
            _execute_page(kernel, project, page)
            yield page


def _execute_page(kernel: _Kernel, project: Project, page: Page) -> None:
    """Run the page's cells and inline expressions in order, storing outputs on them."""
    # Same as Quarto's setup cell: fresh namespace and the page's folder as working directory.
    page_dir = (project.root / page.source).parent
    kernel.run(f"%reset -f\nimport os as _os\n_os.chdir({str(page_dir)!r})\n")
    options = page_options(project, page)
    for chunk in page.chunks:
        if isinstance(chunk, Cell):
            if cell_option(options, chunk, "eval"):
                chunk.outputs = _run_checked(kernel, page, chunk.code, chunk.describe())
        elif isinstance(chunk, Inline):
            code = (
                "from IPython.display import display as _display\n"
                f"_display({{{_INLINE_MIME!r}: str({chunk.expr})}}, raw=True)"
            )
            where = f"inline expression `{chunk.expr}` (line {chunk.line})"
            outputs = _run_checked(kernel, page, code, where)
            chunk.value = next(
                (o["data"][_INLINE_MIME] for o in outputs if _INLINE_MIME in o.get("data", {})), ""
            )


def _run_checked(kernel: _Kernel, page: Page, code: str, where: str) -> list[dict[str, Any]]:
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    try:
        return kernel.run(code)
    except CellExecutionError as err:
        last = f"{err.ename}: {err.evalue}" if err.ename else str(err).strip().splitlines()[-1]
    except (CellTimeoutError, DeadKernelError) as err:
        last = f"{type(err).__name__}: {str(err).strip().splitlines()[0]}"
    raise RenderError(f"{page.source}: {where} failed: {last}")


# ---------------------------------------------------------------------------- site


def render_site(root: Path | None, to: str = "html", *, engine: str = "auto") -> RenderReport:
    """Render every page listed in `root/_quarto.yml` into its output dir (`_site/`).

    `to="html"` replaces the whole site (keeping an existing `_site/pdf/`); `to="pdf"` replaces
    `_site/pdf/` with one PDF per page chosen by `antlens: pdf:` (default: all pages).
    `engine` is `"auto"` (Quarto when a `quarto` executable is on PATH, else built-in),
    `"quarto"` or `"builtin"`. The new output is built beside the old one and swapped in
    only when every page succeeded, so a failed render leaves the previous site untouched.
    `root=None` means the project found from the working directory. Before listing pages,
    every source in `data/sources.yaml` without a page gets one from
    `reports/sources/_template.qmd` (when the project has that template) and the Vega bundle
    file is written; an HTML site also gets every file of the data package in `downloads/` and
    a front page `index.html` (see `publish`).
    Raises `RenderError` with a one-line, user-facing message.
    """
    if to not in ("html", "pdf"):
        raise RenderError(f"unknown output format {to!r}: use 'html' or 'pdf'")
    started = time.monotonic()
    root = Path(root) if root is not None else find_root()
    publish.prepare(root)
    project = load_project(root)
    quarto = shutil.which("quarto")
    if engine == "auto":
        engine, reason = (
            ("quarto", f"found {quarto}") if quarto else ("builtin", "no quarto on PATH")
        )
    elif engine == "quarto" and not quarto:
        raise RenderError("engine 'quarto' requested but no quarto executable is on PATH")
    else:
        reason = "requested"
    pages = project.pages if to == "html" else project.pdf_pages
    final = project.output_dir / _PDF_DIR if to == "pdf" else project.output_dir
    keep = (_PDF_DIR,) if to == "html" else ()  # an HTML render keeps earlier PDFs
    with replacing_folder(final, keep) as staging:
        if engine == "quarto":
            _render_with_quarto(project, pages, to, staging, quarto)
        else:
            _render_builtin(project, pages, to, staging)
        if to == "html":
            publish.finish(project, staging, copy_resources=engine == "builtin")
        written = sorted(p for p in staging.rglob("*") if p.is_file())
        outputs = [final / p.relative_to(staging) for p in written]
    return RenderReport(
        to=to,
        engine=engine,
        reason=reason,
        pages=pages,
        outputs=outputs,
        site_dir=project.output_dir,
        seconds=time.monotonic() - started,
    )


def _render_builtin(project: Project, pages: list[Path], to: str, staging: Path) -> None:
    titles = {p: title_of(project.root / p) for p in project.pages}
    with tempfile.TemporaryDirectory(prefix="antlens-render-") as tmp:
        for page in execute_pages(project, pages):
            workdir = Path(tmp) / page.source.with_suffix("")
            workdir.mkdir(parents=True)
            target = MarkdownTarget(to=to, workdir=workdir)
            markdown = page_markdown(project, page, target)
            if to == "html":
                out = staging / page.source.with_suffix(".html")
                write_html(project, page, markdown, out, workdir, titles)
            else:
                out = staging / page.source.with_suffix(".pdf")
                write_pdf(project, page, markdown, out, workdir)


def _render_with_quarto(
    project: Project, pages: list[Path], to: str, staging: Path, quarto: str
) -> None:
    """`quarto render` into the staging folder (HTML: whole project; PDF: chosen pages)."""
    out_dir = os.path.relpath(staging, project.root)
    if to == "html":
        commands = [[quarto, "render", "--output-dir", out_dir]]
    else:
        commands = [
            [quarto, "render", str(p), "--to", "typst", "--output-dir", out_dir] for p in pages
        ]
    for command in commands:
        done = subprocess.run(command, cwd=project.root, capture_output=True, text=True)
        if done.returncode != 0:
            tail = (done.stderr or done.stdout).strip().splitlines()[-5:]
            raise RenderError(f"{' '.join(command[1:])} failed:\n" + "\n".join(tail))
    if to == "pdf":  # keep only the PDFs, at the same relative paths as the built-in engine
        for path in sorted(staging.rglob("*"), reverse=True):  # children before parents
            if path.is_file() and path.suffix != ".pdf":
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
