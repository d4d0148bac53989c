"""An executed page as pandoc markdown: its text, inline values and cell outputs spliced in.

Outputs are chosen per target as Quarto chooses them: HTML first for the site; for print,
markdown, images, and HTML only when it holds a table. In print, an HTML table (an output's, or
one in a markdown output's raw HTML block) becomes a Typst table, as Quarto reads HTML tables
into the document; other raw HTML is left out of print.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from antlens.charts.display import fenced, raw_block
from antlens.website.project import Cell, Inline, Page, Project, cell_option, page_options

_HTML_ORDER = ["text/html", "text/markdown", "image/svg+xml", "image/png", "image/jpeg"]
_PDF_ORDER = ["text/markdown", "image/svg+xml", "image/png", "image/jpeg", "text/html"]
_IMAGE_EXT = {"image/svg+xml": "svg", "image/png": "png", "image/jpeg": "jpg"}


@dataclass
class MarkdownTarget:
    """Where markdown is headed: `html`, or `pdf` with a folder for image files."""

    to: str
    workdir: Path | None = None
    images: int = 0


def page_markdown(project: Project, page: Page, target: MarkdownTarget) -> str:
    """The executed page as pandoc markdown (front matter removed; outputs spliced in)."""
    options = page_options(project, page)
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


def _cell_markdown(cell: Cell, options: dict[str, Any], target: MarkdownTarget) -> str:
    if not cell_option(options, cell, "include"):
        return ""
    blocks = []
    if cell_option(options, cell, "echo") and cell.code.strip():
        blocks.append(fenced(cell.code, "python"))
    output_mode = cell_option(options, cell, "output")
    if output_mode:
        show_stderr = bool(cell_option(options, cell, "warning"))
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


def _output_markdown(
    output: dict[str, Any], target: MarkdownTarget, asis: bool, stderr: bool
) -> str:
    kind = output.get("output_type")
    if kind == "stream":
        if output.get("name") == "stderr" and not stderr:
            return ""
        text = output.get("text", "")
        return text if asis else _div(fenced(text.rstrip("\n"), ""), output.get("name", "stdout"))
    if kind not in ("display_data", "execute_result"):
        return ""
    data = output.get("data", {})
    mime = _choose_mime(data, target.to)
    if mime is None:
        text = data.get("text/plain", "")
        if not text:
            return ""
        return text if asis else _div(fenced(text, ""), "display")
    value = data[mime]
    if mime == "text/markdown":
        return value if target.to == "html" else _RAW_HTML.sub(_print_raw_html, value)
    if mime == "text/html":
        if target.to == "html":
            return raw_block(value, "html")
        return raw_block(_html_to_typst(value), "typst")
    return _image_markdown(mime, value, target)


def _choose_mime(data: dict[str, Any], to: str) -> str | None:
    """Quarto's choice: html first for HTML; for print, html only when it holds a table."""
    for mime in _HTML_ORDER if to == "html" else _PDF_ORDER:
        if mime in data:
            if to != "html" and mime == "text/html" and not re.search(r"<table", data[mime], re.I):
                continue
            return mime
    return None


def _image_markdown(mime: str, value: str, target: MarkdownTarget) -> str:
    raw = value.encode() if mime == "image/svg+xml" else base64.b64decode(value)
    if target.to == "html":
        uri = f"data:{mime};base64,{base64.b64encode(raw).decode()}"
        return raw_block(f'<img src="{uri}" alt="">', "html")
    target.images += 1
    name = f"output-{target.images}.{_IMAGE_EXT[mime]}"
    (target.workdir / name).write_bytes(raw)
    width = _svg_width(value) if mime == "image/svg+xml" else None
    size = f"{{width={min(100, round(width / 6.5))}%}}" if width else ""
    return f"![]({name}){size}"


def _svg_width(svg: str) -> float | None:
    match = re.search(r'<svg[^>]*\swidth="([\d.]+)', svg)
    return float(match[1]) if match else None


_RAW_HTML = re.compile(r"^(`{3,})\{=html\}\n(.*?)\n\1$", re.M | re.S)


def _print_raw_html(match: re.Match) -> str:
    """A raw HTML block in print: its tables as a Typst table, anything else left out."""
    if re.search(r"<table", match[2], re.I):
        return raw_block(_html_to_typst(match[2]), "typst")
    return ""


def _div(block: str, stream: str) -> str:
    return f"::: {{.cell-output .cell-output-{stream}}}\n{block}\n:::"


def _html_to_typst(fragment: str) -> str:
    """HTML tables (e.g. a DataFrame's repr) become native Typst tables for print."""
    import pypandoc

    fragment = re.sub(r"<style.*?</style>|<script.*?</script>", "", fragment, flags=re.S | re.I)
    return pypandoc.convert_text(fragment, "typst", format="html", sandbox=False)
