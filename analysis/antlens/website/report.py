"""Shared helpers of the report pages: tables, numbers for prose, links to sentences, HTML blocks.

Pages (`reports/*.qmd`) stay thin: they load a table here, put a number in a sentence with an
inline `` `{python} ...` `` expression formatted here, and display blocks built here or in
`overview`, `theme_pages` and `source_pages`. Everything that comes from data is escaped
(`html_text`, `html_attr`) before it reaches a page, so an article that contains markup or
script shows it as text.

Links: the theme pages live in `reports/`, the source pages in `reports/sources/`, and the site
mirrors that layout (`_site/reports/sources/<source_id>.html`), so a claim's sentence is at the
relative URL `sources/<source_id>.html#claim-<claim_id>` from any theme page.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl

from antlens.api import load
from antlens.paths import find_root

SOURCE_PAGES = "sources"  # folder of the source pages, relative to the theme pages

QUALIFIER_WORDS = {
    "exact": "",
    "approximately": "about",
    "at_least": "at least",
    "at_most": "at most",
    "more_than": "more than",
    "less_than": "less than",
    "nearly": "nearly",
}
UNIT_WORDS = {
    "CNY": "yuan",
    "USD": "US dollars",
    "HKD": "Hong Kong dollars",
    "persons": "people",
    "merchants": "merchants",
    "enterprises": "enterprises",
    "institutions": "institutions",
    "scenarios": "scenarios",
    "licences": "licences",
    "points": "points",
    "years": "years",
    "months": "months",
    "days": "days",
}
_SCALE_WORDS = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


# ---------------------------------------------------------------------------- tables


def project_root() -> Path:
    """The project being rendered: the nearest folder upwards holding `_quarto.yml`.

    Pages run with their own folder as working directory (as under Quarto). Looking for
    `_quarto.yml` first keeps a rendered copy of the repository reading its own tables even when
    `ANTLENS_ROOT` points elsewhere.
    """
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "_quarto.yml").is_file() and (folder / "data").is_dir():
            return folder
    return find_root()


def table(name: str, root: Path | None = None) -> pl.DataFrame:
    """A processed table (`data/processed/<name>.parquet`) of the project being rendered."""
    return _table(Path(root or project_root()).resolve(), name)


@cache
def _table(root: Path, name: str) -> pl.DataFrame:
    # One render reads each table many times; the files do not change during a render.
    return load(name, root=root)


def claim(claim_id: str, root: Path | None = None) -> dict[str, Any]:
    """One claim as a dict; a clear error names the id when it is not in the claims table."""
    rows = table("claims", root).filter(pl.col("claim_id") == claim_id)
    if rows.is_empty():
        raise KeyError(f"claim {claim_id!r} is not in data/processed/claims (run `antlens build`)")
    return rows.row(0, named=True)


def observation(observation_id: str, root: Path | None = None) -> dict[str, Any]:
    """One external observation as a dict."""
    rows = table("external_observations", root).filter(pl.col("observation_id") == observation_id)
    if rows.is_empty():
        raise KeyError(f"observation {observation_id!r} is not in external_observations")
    return rows.row(0, named=True)


def split_ids(claim_ids: str | None) -> list[str]:
    """The claim ids of a theme row's `claim_ids` (";"-separated)."""
    return [part for part in (claim_ids or "").split(";") if part]


# ---------------------------------------------------------------------------- numbers


def number(value: float, digits: int = 2) -> str:
    """A number for prose: thousands separators, at most `digits` decimals, no trailing zeros."""
    text = f"{value:,.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def counted(n: int, noun: str) -> str:
    """A count with its noun in the right number: "1 claim", "47 claims"."""
    return f"{number(n)} {noun}{'' if n == 1 else 's'}"


def scale_of(value: float) -> tuple[float, str]:
    """The largest scale word that keeps the number at or above 1: (1e9, "billion")."""
    for factor, word in _SCALE_WORDS:
        if abs(value) >= factor:
            return factor, word
    return 1.0, ""


def scale_word(scale: float) -> str:
    """The word for a scale multiplier (1e9 → "billion"); "" for 1, "× n" for any other."""
    words = {factor: word for factor, word in (*_SCALE_WORDS, (1e3, "thousand"))}
    if scale == 1:
        return ""
    return words.get(scale, f"× {number(scale)}")


def quantity(value_base: float | None, unit: str | None) -> str:
    """`value_base` in words: "28.7 billion yuan", "40%", "711 million people"."""
    if value_base is None:
        return "no figure"
    if unit == "date":  # a year as written, no thousands separator
        return f"{value_base:.0f}"
    if unit == "percent":
        return f"{number(value_base)}%"
    factor, word = scale_of(value_base)
    scaled = " ".join(part for part in (number(value_base / factor), word) if part)
    noun = UNIT_WORDS.get(unit or "", "")
    return f"{scaled} {noun}".strip()


def qualified(row: dict[str, Any]) -> str:
    """A claim-like row's value with its qualifier: "more than 63%", "nearly 100 scenarios"."""
    words = QUALIFIER_WORDS.get(row.get("qualifier") or "exact", "")
    text = quantity(row.get("value_base"), row.get("unit"))
    return f"{words} {text}".strip()


def qualifier_text(row: dict[str, Any]) -> str:
    """How far to take the number: "exact", "more than", "interpreted (garbled words)"."""
    if row.get("flag"):
        return f"interpreted ({row['flag']} words in the source)"
    return QUALIFIER_WORDS.get(row.get("qualifier") or "exact") or "exact"


def period_text(period: str | None) -> str:
    """An ISO period for prose: "2019-H1" → "first half of 2019", "2008-12" → "December 2008"."""
    if not period:
        return "undated"
    match = re.fullmatch(r"(\d{4})-H([12])", period)
    if match:
        return f"{'first' if match[2] == '1' else 'second'} half of {match[1]}"
    match = re.fullmatch(r"(\d{4})-(\d{2})", period)
    if match:
        return f"{_MONTHS[int(match[2]) - 1]} {match[1]}"
    return period


_MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip


# ---------------------------------------------------------------------------- links


def claim_href(source_id: str, claim_id: str) -> str:
    """Relative URL, from a page in `reports/`, of a claim's highlighted words."""
    return f"{SOURCE_PAGES}/{source_id}.html#claim-{claim_id}"


def source_href(source_id: str) -> str:
    """Relative URL, from a page in `reports/`, of a source's page."""
    return f"{SOURCE_PAGES}/{source_id}.html"


def safe_url(url: str | None) -> str | None:
    """`url` when it is an http(s) address, else None: data never becomes a `javascript:` link."""
    return url if url and re.match(r"^https?://", url, re.I) else None


def claim_link(row: dict[str, Any], text: str | None = None) -> str:
    """An escaped `<a>` to the claim's sentence, showing `text` (default: the quote)."""
    href = claim_href(row["source_id"], row["claim_id"])
    return (
        f'<a href="{html_attr(href)}">{html_text(text if text is not None else row["quote"])}</a>'
    )


# ---------------------------------------------------------------------------- HTML blocks


@dataclass(frozen=True)
class Block:
    """Raw HTML for a page; shown as HTML on the site.

    Print (PDF) takes a block only if it holds a `<table>` (converted to a print table) or when
    `markdown` is given; other blocks (filters, legends) are left out of print.
    """

    html: str
    markdown: str = ""

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict[str, str]:
        bundle = {"text/html": self.html, "text/plain": ""}
        if self.markdown:
            bundle["text/markdown"] = self.markdown
        return bundle


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


def show(figure) -> None:
    """Display a chart figure: the chart, its caption, and the table of its sources.

    `figure` is a `charts.marks.Figure`. The table lists exactly the rows the chart draws, each
    with a link to its sentence, so every mark can be followed without the chart.
    """
    from IPython.display import display

    from antlens.charts.display import chart_output

    display(chart_output(figure.chart, name=figure.name))
    click = " Click a mark to read its sentence."  # on screen only: paper has no clicks
    caption = f'<p class="figure-caption">{html_text(figure.caption + click)}</p>'
    display(Block(caption, f"*{markdown_text(figure.caption)}*"))
    display(Block(chart_sources_html(figure.marks)))


def chart_sources_html(marks: pl.DataFrame) -> str:
    """The "Sources of this chart" table: each mark's value and the words or page behind it."""
    rows = []
    for mark in marks.iter_rows(named=True):
        if mark["side"] == "external":
            url = safe_url(mark.get("url"))
            where = html_text(mark["publisher"])
            if url:
                where = f'<a href="{html_attr(url)}" rel="noopener noreferrer">{where}</a>'
            words = f"“{html_text(mark['quote'])}”"
            origin = f"{where} ({html_text(mark['confidence'])} confidence)"
        else:
            words = f"“{claim_link(mark)}”"
            href = html_attr(source_href(mark["source_id"]))
            origin = f'<a href="{href}">{html_text(mark["source_id"])}</a>'
        rows.append([html_text(mark["label"]), html_text(mark["value_text"]), words, origin])
    table_html = html_table(
        ["Mark", "Value", "Words", "From"],
        rows,
        caption="Sources of this chart",
        css_class="chart-sources",
    )
    return f'<div class="chart-sources-wrap">{table_html}</div>'


def callout(text_html: str, markdown: str = "", kind: str = "note") -> Block:
    """A highlighted paragraph (already-escaped HTML), e.g. what the articles do not say.

    `markdown` is the same text for print; without it the callout is left out of the PDF.
    """
    return Block(f'<div class="callout callout-{html_attr(kind)}">{text_html}</div>', markdown)


def allowed(table_name: str, column: str) -> list[str]:
    """The allowed values of a column, in the order its schema lists them (`schemas/*.yaml`)."""
    from antlens import schemas

    return schemas.load(project_root() / "schemas").allowed(table_name, column)
