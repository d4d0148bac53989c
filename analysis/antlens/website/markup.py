"""HTML for the pages: escaping, tables, links to claims, and blocks a cell displays.

Everything that comes from data is escaped (`html_text`, `html_attr`) before it reaches a page,
so an article that contains markup or script shows it as text. A `Block` is what a cell shows:
its output is `text/markdown` holding a raw HTML block, which Quarto and the built-in engine pass
through as it is (a `text/html` output would make Quarto load require.js and jQuery from a CDN).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from antlens.charts.display import raw_block
from antlens.website.urls import claim_href


@dataclass(frozen=True)
class Block:
    """Raw HTML for a page, with what print shows instead (`markdown`, none by default).

    On screen the HTML shows. In print (PDF) an HTML table becomes a print table, other HTML is
    left out, and `markdown`, when given, is shown instead.
    """

    html: str
    markdown: str = ""

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, str]:
        text = raw_block(self.html, "html")
        if self.markdown:
            text += f'\n\n::: {{.content-visible unless-format="html"}}\n{self.markdown}\n:::'
        return {"text/markdown": text + "\n", "text/plain": ""}


@dataclass(frozen=True)
class Markdown:
    """Pandoc markdown for a page, on screen and in print alike (headings, prose, lists).

    Whoever makes one escapes what comes from data (`markdown_text`)."""

    text: str

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, str]:
        return {"text/markdown": self.text + "\n", "text/plain": ""}


def html_text(value: Any) -> str:
    """`value` as escaped HTML text (None → "")."""
    return html.escape("" if value is None else str(value), quote=False)


def html_attr(value: Any) -> str:
    """`value` escaped for an HTML attribute value (quotes too; None → "")."""
    return html.escape("" if value is None else str(value), quote=True)


def markdown_text(value: str) -> str:
    """Plain text for pandoc markdown: every ASCII punctuation mark backslash-escaped."""
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", " ".join(str(value).splitlines()))


def html_table(
    columns: list[str], rows: list[list[str]], *, caption: str = "", css_class: str = ""
) -> str:
    """A `<table>` from already-escaped cell HTML; `caption` and headers are escaped here."""
    head = "".join(f"<th>{html_text(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in r) + "</tr>" for r in rows)
    cap = f"<caption>{html_text(caption)}</caption>" if caption else ""
    klass = f' class="{html_attr(css_class)}"' if css_class else ""
    return f"<table{klass}>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def link(href: str, text_html: str, *, external: bool = False) -> str:
    """An `<a>` to `href` (escaped here) around already-escaped HTML."""
    rel = ' rel="noopener noreferrer"' if external else ""
    return f'<a href="{html_attr(href)}"{rel}>{text_html}</a>'


def claim_link(row: dict[str, Any], text: str | None = None) -> str:
    """An escaped `<a>` to the claim's sentence, showing `text` (default: the quote, among the
    words of its sentence where the row has them and the quote is short)."""
    href = claim_href(row["source_id"], row["claim_id"])
    shown = text if text is not None else row.get("quote_in_context") or row["quote"]
    return link(href, html_text(shown))


def callout(text_html: str, markdown: str = "", kind: str = "note") -> Block:
    """A highlighted paragraph (already-escaped HTML), e.g. what the articles do not say.

    `markdown` is the same text for print; without it the callout is left out of the PDF.
    """
    return Block(f'<div class="callout callout-{html_attr(kind)}">{text_html}</div>', markdown)
