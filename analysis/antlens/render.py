"""Render the Quarto reports (`reports/*.qmd`) with Quarto when it is installed, else by ourselves.

The built-in engine reads the same `_quarto.yml` and `.qmd` files Quarto does, runs the
```` ```{python} ```` cells and `` `{python} expr` `` inline expressions in one Jupyter kernel
(nbclient), and turns each page into HTML with pandoc, or into PDF with pandoc → Typst →
the `typst` wheel. The output layout mirrors Quarto's: a page at `reports/sources/x.qmd`
(relative to the project root, where `_quarto.yml` lives) becomes `_site/reports/sources/x.html`.
PDFs go to `_site/pdf/<same relative path>.pdf`.

Charts: cells call `chart_output(chart, name=...)`, whose display bundle carries both an
offline vega-embed `text/html` view and a static `image/svg+xml` for print.
"""

from __future__ import annotations

import base64
import html
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "ChartOutput",
    "RenderError",
    "RenderReport",
    "chart_output",
    "load_project",
    "render_site",
]

BUNDLE_ENV = "ANTLENS_VEGA_BUNDLE"  # "page": the renderer puts the vega bundle in the page head
_PDF_DIR = "pdf"


# ---------------------------------------------------------------------------- public types


class RenderError(Exception):
    """A page could not be rendered; the message is meant for the user as-is."""


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


# ---------------------------------------------------------------------------- charts


@dataclass(frozen=True)
class ChartOutput:
    """A chart displayed by Jupyter as interactive HTML (offline vega-embed) plus a static SVG."""

    spec: dict[str, Any]
    name: str

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, str]:
        return {
            "text/html": _chart_html(self.spec, self.name),
            "image/svg+xml": _chart_svg(self.spec),
            "text/plain": f"<chart {self.name}>",
        }


def chart_output(chart: Any, *, name: str) -> ChartOutput:
    """Wrap an Altair chart (or a Vega-Lite dict) for display in a report cell.

    Make it the last expression of a cell (or pass it to `display`). `name` becomes the HTML id
    (`antlens-chart-<name>`). The HTML view needs no network: the Vega/Vega-Lite/vega-embed
    bundle comes from vl-convert, inlined once per page (in the page head under the built-in
    engine; with the first chart of the document under Quarto).
    """
    spec = chart.to_dict() if hasattr(chart, "to_dict") else dict(chart)
    return ChartOutput(spec=spec, name=name)


def _session_state() -> dict[str, Any]:
    """Per-document state: IPython's user namespace, which Quarto and we `%reset` per page."""
    try:
        from IPython import get_ipython

        shell = get_ipython()
    except ImportError:
        shell = None
    return shell.user_ns if shell is not None else _MODULE_STATE


_MODULE_STATE: dict[str, Any] = {}


def _chart_html(spec: dict[str, Any], name: str) -> str:
    state = _session_state()
    seen = state.setdefault("_antlens_chart_ids", {})
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "chart"
    seen[slug] = seen.get(slug, 0) + 1
    dom_id = f"antlens-chart-{slug}" + (f"-{seen[slug]}" if seen[slug] > 1 else "")
    parts = []
    if os.environ.get(BUNDLE_ENV) != "page" and not state.get("_antlens_vega_loaded"):
        state["_antlens_vega_loaded"] = True  # once per document: `%reset` clears it
        parts.append(vega_bundle_script(_vl_version(spec)))
    parts.append(
        f'<div id="{dom_id}" class="antlens-chart" data-antlens-chart="{slug}"></div>\n'
        f'<script type="application/json" id="{dom_id}-spec">{_safe_json(spec)}</script>\n'
        f"<script>\n(function () {{\n"
        f'  var el = document.getElementById("{dom_id}");\n'
        f'  var spec = JSON.parse(document.getElementById("{dom_id}-spec").textContent);\n'
        f'  vegaEmbed(el, spec, {{actions: false, renderer: "svg"}}).then(function (result) {{\n'
        f"    (window.antlensViews = window.antlensViews || {{}})[el.id] = result.view;\n"
        f"  }}).catch(function (err) {{\n"
        f'    el.textContent = "Chart could not be drawn: " + err;\n'
        f"    console.error(err);\n  }});\n}})();\n</script>"
    )
    return "\n".join(parts)


def _safe_json(value: Any) -> str:
    """JSON for a <script> block: `<`, `>`, `&` escaped so data can never close the tag."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _vl_version(spec: dict[str, Any]) -> str | None:
    """The vl-convert Vega-Lite version matching the spec's `$schema` (major.minor), if any."""
    import vl_convert

    match = re.search(r"/v(\d+)\.(\d+)", str(spec.get("$schema", "")))
    if not match:
        return None
    wanted = f"{match[1]}.{match[2]}"
    known = vl_convert.get_vegalite_versions()
    if wanted in known:
        return wanted
    same_major = [v for v in known if v.split(".")[0] == match[1]]
    return same_major[-1] if same_major else None


_PRINT_WIDTH = 720  # pixels: a `width: "container"` chart has no container in print


def _chart_svg(spec: dict[str, Any]) -> str:
    import vl_convert

    return vl_convert.vegalite_to_svg(_print_spec(spec), vl_version=_vl_version(spec))


def _print_spec(spec: Any) -> Any:
    """The spec with every `width: "container"` set to the print width."""
    if isinstance(spec, dict):
        return {
            k: _PRINT_WIDTH if k == "width" and v == "container" else _print_spec(v)
            for k, v in spec.items()
        }
    if isinstance(spec, list):
        return [_print_spec(v) for v in spec]
    return spec


def vega_bundle_script(vl_version: str | None = None) -> str:
    """`<script>` with the Vega, Vega-Lite and vega-embed bundle from vl-convert (no network)."""
    js = _vega_bundle(vl_version).replace("</script", "<\\/script")
    return f"<script data-antlens-vega-bundle>\n{js}\n</script>"


@cache
def _vega_bundle(vl_version: str | None) -> str:
    """The bundle takes ~3 s to build, so it is cached on disk per vl-convert version."""
    import vl_convert

    cache_dir = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "antlens"
    path = cache_dir / f"vega-bundle-{vl_convert.__version__}-{vl_version or 'latest'}.js"
    if path.exists():
        return path.read_text(encoding="utf-8")
    js = vl_convert.javascript_bundle(vl_version=vl_version)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(js, encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass  # a read-only home only costs time
    return js


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
    config = yaml.safe_load(config_path.read_text(encoding="utf-8")) or {}
    project = config.get("project") or {}
    output_dir = root / project.get("output-dir", "_site")
    patterns = project.get("render") or ["**/*.qmd"]
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
    )


def _expand(root: Path, patterns: list[str] | str, output_dir: Path) -> list[Path]:
    """Quarto-style render list: globs, `!pattern` exclusions, no `_`/`.` names, in order."""
    chosen: list[Path] = []
    for pattern in [patterns] if isinstance(patterns, str) else patterns:
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


def _execute_page(kernel: _Kernel, project: Project, page: Page, bundle_in_head: bool) -> None:
    """Run the page's cells and inline expressions in order, storing outputs on them."""
    # Same as Quarto's setup cell: fresh namespace and the page's folder as working directory.
    page_dir = (project.root / page.source).parent
    setup = f"%reset -f\nimport os as _os\n_os.chdir({str(page_dir)!r})\n"
    setup += f"_os.environ[{BUNDLE_ENV!r}] = {'page' if bundle_in_head else ''!r}\n"
    kernel.run(setup)
    options = _page_options(project, page)
    for chunk in page.chunks:
        if isinstance(chunk, Cell):
            if _cell_option(options, chunk, "eval"):
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


def _page_options(project: Project, page: Page) -> dict[str, Any]:
    """Execution options: Quarto defaults < `_quarto.yml` execute < front matter execute."""
    options = {"echo": True, "eval": True, "output": True, "include": True, "warning": True}
    options.update(project.execute)
    options.update(page.meta.get("execute") or {})
    for key in ("echo", "eval", "output", "warning"):  # also accepted at top level
        if key in page.meta:
            options[key] = page.meta[key]
    return options


def _cell_option(page_options: dict[str, Any], cell: Cell, key: str) -> Any:
    return cell.options.get(key, page_options.get(key))


# ---------------------------------------------------------------------------- markdown

_HTML_ORDER = ["text/html", "text/markdown", "image/svg+xml", "image/png", "image/jpeg"]
_PDF_ORDER = ["text/markdown", "image/svg+xml", "image/png", "image/jpeg", "text/html"]
_IMAGE_EXT = {"image/svg+xml": "svg", "image/png": "png", "image/jpeg": "jpg"}


@dataclass
class _Target:
    """Where markdown is headed: `html`, or `pdf` with a folder for image files."""

    to: str
    workdir: Path | None = None
    images: int = 0


def page_markdown(project: Project, page: Page, target: _Target) -> str:
    """The executed page as pandoc markdown (front matter removed; outputs spliced in)."""
    options = _page_options(project, page)
    parts = []
    for chunk in page.chunks:
        if isinstance(chunk, str):
            parts.append(chunk)
        elif isinstance(chunk, Inline):
            parts.append(_escape_markdown(chunk.value))
        else:
            parts.append("\n\n" + _cell_markdown(chunk, options, target) + "\n\n")
    return "".join(parts)


def _escape_markdown(text: str) -> str:
    """Inline values are text: backslash-escape all ASCII punctuation so none becomes markup."""
    text = " ".join(text.splitlines())
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", text)


def _cell_markdown(cell: Cell, options: dict[str, Any], target: _Target) -> str:
    if not _cell_option(options, cell, "include"):
        return ""
    blocks = []
    if _cell_option(options, cell, "echo") and cell.code.strip():
        blocks.append(_fenced(cell.code, "python"))
    output_mode = _cell_option(options, cell, "output")
    if output_mode:
        show_stderr = bool(_cell_option(options, cell, "warning"))
        asis = output_mode == "asis"
        outs = [_output_markdown(o, target, asis, show_stderr) for o in cell.outputs]
        blocks += [o for o in outs if o]
    caption = cell.options.get("fig-cap")
    if caption:
        blocks.append(f"::: {{.figure-caption}}\n{caption}\n:::")
    if not blocks:
        return ""
    label = cell.options.get("label")
    attrs = (f"#{label} " if label and re.fullmatch(r"[\w.:-]+", str(label)) else "") + ".cell"
    return f":::: {{{attrs}}}\n" + "\n\n".join(blocks) + "\n::::"


def _output_markdown(output: dict[str, Any], target: _Target, asis: bool, stderr: bool) -> str:
    kind = output.get("output_type")
    if kind == "stream":
        if output.get("name") == "stderr" and not stderr:
            return ""
        text = output.get("text", "")
        return text if asis else _div(_fenced(text.rstrip("\n"), ""), output.get("name", "stdout"))
    if kind not in ("display_data", "execute_result"):
        return ""
    data = output.get("data", {})
    mime = _choose_mime(data, target.to)
    if mime is None:
        text = data.get("text/plain", "")
        if not text:
            return ""
        return text if asis else _div(_fenced(text, ""), "display")
    value = data[mime]
    if mime == "text/markdown":
        return value
    if mime == "text/html":
        if target.to == "html":
            return _fenced(value, "{=html}")
        return _fenced(_html_to_typst(value), "{=typst}")
    return _image_markdown(mime, value, target)


def _choose_mime(data: dict[str, Any], to: str) -> str | None:
    """Quarto's choice: html first for HTML; for print, html only when it holds a table."""
    for mime in _HTML_ORDER if to == "html" else _PDF_ORDER:
        if mime in data:
            if to != "html" and mime == "text/html" and not re.search(r"<table", data[mime], re.I):
                continue
            return mime
    return None


def _image_markdown(mime: str, value: str, target: _Target) -> str:
    raw = value.encode() if mime == "image/svg+xml" else base64.b64decode(value)
    if target.to == "html":
        uri = f"data:{mime};base64,{base64.b64encode(raw).decode()}"
        return f'```{{=html}}\n<img src="{uri}" alt="">\n```'
    target.images += 1
    name = f"output-{target.images}.{_IMAGE_EXT[mime]}"
    (target.workdir / name).write_bytes(raw)
    width = _svg_width(value) if mime == "image/svg+xml" else None
    size = f"{{width={min(100, round(width / 6.5))}%}}" if width else ""
    return f"![]({name}){size}"


def _svg_width(svg: str) -> float | None:
    match = re.search(r'<svg[^>]*\swidth="([\d.]+)', svg)
    return float(match[1]) if match else None


def _fenced(text: str, info: str) -> str:
    """A code or raw block whose fence is longer than any backtick run inside it."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{info}\n{text}\n{fence}"


def _div(block: str, stream: str) -> str:
    return f"::: {{.cell-output .cell-output-{stream}}}\n{block}\n:::"


# ---------------------------------------------------------------------------- pandoc


def _assets() -> Path:
    return Path(str(resources.files("antlens") / "_site_assets"))


def _pandoc(markdown: str, to: str, args: list[str], output: Path) -> None:
    import pypandoc

    try:
        pypandoc.convert_text(
            markdown,
            to,
            format="markdown",
            extra_args=args,
            outputfile=str(output),
            sandbox=False,
        )
    except RuntimeError as err:
        raise RenderError(f"pandoc failed on {output.name}: {str(err).strip()}") from None


def _html_to_typst(fragment: str) -> str:
    """HTML tables (e.g. a DataFrame's repr) become native Typst tables for print."""
    import pypandoc

    fragment = re.sub(r"<style.*?</style>|<script.*?</script>", "", fragment, flags=re.S | re.I)
    return pypandoc.convert_text(fragment, "typst", format="html", sandbox=False)


def _metadata_file(page: Page, project: Project, workdir: Path) -> Path:
    skip = {"execute", "format", "jupyter", "engine", "echo", "eval", "output", "warning"}
    meta = {k: v for k, v in page.meta.items() if k not in skip}
    meta.setdefault("pagetitle", page.title)
    site_title = project.website.get("title")
    if site_title and site_title != page.title:
        meta["site-title"] = str(site_title)
    path = workdir / f"{page.source.stem}.meta.yaml"
    path.write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    return path


def _navbar_html(project: Project, page: Page, titles: dict[Path, str]) -> str:
    """Links to every `website: navbar:` entry, relative to this page like Quarto's."""
    here = (project.root / page.source).parent
    navbar = project.website.get("navbar") or {}
    items = []
    for entry in [*(navbar.get("left") or []), *(navbar.get("right") or [])]:
        entry = {"href": entry} if isinstance(entry, str) else entry
        href = str(entry.get("href", ""))
        source = Path(href)
        text = entry.get("text") or titles.get(source) or source.stem
        if re.match(r"^[a-z][\w+.-]*:", href):
            link = href
        else:
            link = os.path.relpath(project.root / source.with_suffix(".html"), here)
            link = Path(link).as_posix()
        current = ' aria-current="page"' if source == page.source else ""
        items.append(
            f'<li><a href="{html.escape(link)}"{current}>{html.escape(str(text))}</a></li>'
        )
    first = project.pages[0]
    home = Path(os.path.relpath(project.root / first.with_suffix(".html"), here)).as_posix()
    title = html.escape(str(project.website.get("title") or titles.get(first, "")))
    return (
        '<nav class="site-nav" aria-label="Site"><div class="inner">'
        f'<a class="site-title" href="{html.escape(home)}">{title}</a>'
        f"<ul>{''.join(items)}</ul></div></nav>"
    )


def _footer_html(project: Project) -> str:
    footer = project.website.get("page-footer")
    text = html.escape(footer) if isinstance(footer, str) else ""
    made = "Rendered by antlens with pandoc (built-in engine; no Quarto)."
    inner = f"{text} <small>{made}</small>"
    return f'<footer class="site-footer"><div class="inner">{inner}</div></footer>'


def _write_html(
    project: Project, page: Page, markdown: str, out: Path, workdir: Path, titles: dict[Path, str]
) -> None:
    assets = _assets()
    head = workdir / "head.html"
    head_parts = [f"<style>\n{(assets / 'site.css').read_text(encoding='utf-8')}</style>"]
    for css in project.css:  # the project's own stylesheets, after ours so they win (as Quarto)
        try:
            head_parts.append(
                f"<style>\n{(project.root / css).read_text(encoding='utf-8')}</style>"
            )
        except OSError as err:
            raise RenderError(f"_quarto.yml: stylesheet {css} cannot be read: {err}") from None
    if _has_chart(page):  # the vega bundle only on pages that draw charts
        head_parts.append(vega_bundle_script(_page_vl_version(page)))
    head.write_text("\n".join(head_parts), encoding="utf-8")
    before = workdir / "before.html"
    before.write_text(_navbar_html(project, page, titles), encoding="utf-8")
    after = workdir / "after.html"
    after.write_text(_footer_html(project), encoding="utf-8")
    out.parent.mkdir(parents=True, exist_ok=True)
    args = [
        "--standalone",
        f"--template={assets / 'page.html'}",
        f"--metadata-file={_metadata_file(page, project, workdir)}",
        f"--include-in-header={head}",
        f"--include-before-body={before}",
        f"--include-after-body={after}",
        f"--lua-filter={assets / 'links.lua'}",
    ]
    _pandoc(markdown, "html5", args, out)


def _page_vl_version(page: Page) -> str | None:
    """The Vega-Lite version of the page's first chart, so the bundle matches its specs."""
    for cell in page.cells:
        for output in cell.outputs:
            text = output.get("data", {}).get("text/html", "")
            match = re.search(r"vega-lite/v(\d+\.\d+)", text)
            if "data-antlens-chart" in text and match:
                return _vl_version({"$schema": f"/v{match[1]}"})
    return None


def _has_chart(page: Page) -> bool:
    return any(
        "data-antlens-chart" in o.get("data", {}).get("text/html", "")
        for c in page.cells
        for o in c.outputs
    )


def _write_pdf(project: Project, page: Page, markdown: str, out: Path, workdir: Path) -> None:
    import typst

    typ = workdir / f"{page.source.stem}.typ"
    meta = _metadata_file(page, project, workdir)
    args = [
        "--standalone",
        f"--metadata-file={meta}",
        "--metadata=papersize:a4",
        f"--include-in-header={_assets() / 'typst-header.typ'}",
        f"--lua-filter={_assets() / 'links.lua'}",
    ]
    _pandoc(markdown, "typst", args, typ)
    out.parent.mkdir(parents=True, exist_ok=True)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")  # reproducible PDFs when set
    try:
        typst.compile(
            str(typ), output=str(out), root=str(workdir), timestamp=int(epoch) if epoch else None
        )
    except Exception as err:  # typst raises its own TypstError with a readable message
        raise RenderError(f"{page.source}: typst could not make the PDF: {err}") from None


# ---------------------------------------------------------------------------- site


def render_site(root: Path | None, to: str = "html", *, engine: str = "auto") -> RenderReport:
    """Render every page listed in `root/_quarto.yml` into its output dir (`_site/`).

    `to="html"` replaces the whole site (keeping an existing `_site/pdf/`); `to="pdf"` replaces
    `_site/pdf/` with one PDF per page chosen by `antlens: pdf:` (default: all pages).
    `engine` is `"auto"` (Quarto when a `quarto` executable is on PATH, else built-in),
    `"quarto"` or `"builtin"`. The new output is built beside the old one and swapped in
    only when every page succeeded, so a failed render leaves the previous site untouched.
    `root=None` means the repository found from the working directory. Before listing pages,
    every source in `data/sources.yaml` without a page gets one from
    `reports/sources/_template.qmd` (when the project has that template).
    Raises `RenderError` with a one-line, user-facing message.
    """
    if to not in ("html", "pdf"):
        raise RenderError(f"unknown output format {to!r}: use 'html' or 'pdf'")
    started = time.monotonic()
    root = Path(root) if root is not None else _default_root()
    _prepare_pages(root)
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
    with _staging(final) as staging:
        if engine == "quarto":
            _render_with_quarto(project, pages, to, staging, quarto)
        else:
            _render_builtin(project, pages, to, staging)
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


def _default_root() -> Path:
    """The repository found from the working directory, as the other commands find it."""
    from antlens.config import find_root

    return find_root()


def _prepare_pages(root: Path) -> None:
    """Pages generated before rendering: one per source in data/sources.yaml (from a template)."""
    from antlens.report import ensure_source_pages

    ensure_source_pages(root)


@contextmanager
def _staging(final: Path) -> Iterator[Path]:
    """A fresh folder beside `final`, swapped in on success and deleted on any failure."""
    final.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{final.name}.new-", dir=final.parent))
    try:
        yield staging
        old = final.with_name(f".{final.name}.old-{os.getpid()}-{time.time_ns()}")
        if final.exists():
            final.rename(old)
        try:
            staging.rename(final)
        except OSError:
            if old.exists():
                old.rename(final)  # put the previous site back
            raise
        keep = old / _PDF_DIR  # an HTML render keeps the PDFs of an earlier PDF render
        if keep.is_dir() and not (final / _PDF_DIR).exists():
            keep.rename(final / _PDF_DIR)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _render_builtin(project: Project, pages: list[Path], to: str, staging: Path) -> None:
    parsed = [parse_qmd((project.root / p).read_text(encoding="utf-8"), p) for p in pages]
    titles = {p: _title_of(project.root / p) for p in project.pages}
    with (
        tempfile.TemporaryDirectory(prefix="antlens-render-") as tmp,
        _Kernel(project.root).running() as kernel,
    ):
        for page in parsed:
            _execute_page(kernel, project, page, bundle_in_head=True)
            workdir = Path(tmp) / page.source.with_suffix("")
            workdir.mkdir(parents=True)
            target = _Target(to=to, workdir=workdir)
            markdown = page_markdown(project, page, target)
            if to == "html":
                out = staging / page.source.with_suffix(".html")
                _write_html(project, page, markdown, out, workdir, titles)
            else:
                out = staging / page.source.with_suffix(".pdf")
                _write_pdf(project, page, markdown, out, workdir)


def _title_of(path: Path) -> str:
    try:
        meta, _ = _front_matter(path.read_text(encoding="utf-8").splitlines(), path)
    except (OSError, RenderError):
        meta = {}
    return str(meta.get("title") or path.stem)


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
