"""Helpers the report pages call: tables, numbers for prose, links to sentences, HTML blocks.

Pages (`reports/*.qmd`) stay thin: they load a table here, put a number in a sentence with an
inline `` `{python} ...` `` expression formatted here, and display blocks built here. Everything
that comes from data is escaped with `html.escape` before it reaches a page, so an article that
contains markup or script shows it as text.

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
from types import SimpleNamespace
from typing import Any

import polars as pl
import yaml

from antlens import config
from antlens.api import load

SOURCE_PAGES = "sources"  # folder of the source pages, relative to the theme pages
SOURCE_TEMPLATE = Path("reports") / "sources" / "_template.qmd"
_TEMPLATE_SLOT = "{{source_id}}"

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
    return config.find_root()


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
    return f'<a href="{_attr(href)}">{_text(text if text is not None else row["quote"])}</a>'


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


def _text(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=False)


def _attr(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def markdown_text(value: str) -> str:
    """Plain text for pandoc markdown: every ASCII punctuation mark backslash-escaped."""
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", " ".join(str(value).splitlines()))


def html_table(
    columns: list[str], rows: list[list[str]], *, caption: str = "", css_class: str = ""
) -> str:
    """A `<table>` from already-escaped cell HTML; `caption` and headers are escaped here."""
    head = "".join(f"<th>{_text(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in r) + "</tr>" for r in rows)
    cap = f"<caption>{_text(caption)}</caption>" if caption else ""
    klass = f' class="{_attr(css_class)}"' if css_class else ""
    return f"<table{klass}>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def show(figure) -> None:
    """Display a chart figure: the chart, its caption, and the table of its sources.

    `figure` is a `charts.Figure`. The table lists exactly the rows the chart draws, each with a
    link to its sentence, so every mark can be followed without the chart.
    """
    from IPython.display import display

    from antlens.render import chart_output

    display(chart_output(figure.chart, name=figure.name))
    click = " Click a mark to read its sentence."  # on screen only: paper has no clicks
    caption = f'<p class="figure-caption">{_text(figure.caption + click)}</p>'
    display(Block(caption, f"*{markdown_text(figure.caption)}*"))
    display(Block(chart_sources_html(figure.marks)))


def chart_sources_html(marks: pl.DataFrame) -> str:
    """The "Sources of this chart" table: each mark's value and the words or page behind it."""
    rows = []
    for mark in marks.iter_rows(named=True):
        if mark["side"] == "external":
            url = safe_url(mark.get("url"))
            where = _text(mark["publisher"])
            if url:
                where = f'<a href="{_attr(url)}" rel="noopener noreferrer">{where}</a>'
            words = f"“{_text(mark['quote'])}”"
            origin = f"{where} ({_text(mark['confidence'])} confidence)"
        else:
            words = f"“{claim_link(mark)}”"
            origin = (
                f'<a href="{_attr(source_href(mark["source_id"]))}">{_text(mark["source_id"])}</a>'
            )
        rows.append([_text(mark["label"]), _text(mark["value_text"]), words, origin])
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
    return Block(f'<div class="callout callout-{_attr(kind)}">{text_html}</div>', markdown)


# ---------------------------------------------------------------------------- overview


def headline_cards(items: list[tuple[str, str, dict[str, Any]]]) -> Block:
    """Figures as cards: (figure text, what it is, claim row) → a linked card per figure."""
    cards = []
    for figure, label, row in items:
        href = claim_href(row["source_id"], row["claim_id"])
        cards.append(
            '<div class="card">'
            f'<div class="card-figure">{_text(figure)}</div>'
            f'<div class="card-label">{_text(label)}</div>'
            f'<div class="card-link"><a href="{_attr(href)}">the words →</a></div></div>'
        )
    return Block(f'<div class="cards">{"".join(cards)}</div>')


def sources_overview() -> Block:
    """Every source with its title, publisher, counts and a link to its page."""
    claims = table("claims")
    rows = []
    for source in table("sources").iter_rows(named=True):
        n_claims = claims.filter(pl.col("source_id") == source["source_id"]).height
        rows.append(
            [
                f'<a href="{_attr(source_href(source["source_id"]))}">{_text(source["title"])}</a>',
                _text(source["author"] or "—"),
                _text(source["publisher"] or "—"),
                _text(source["translation_note"] or "—"),
                _text(number(source["n_sentences"])),
                _text(number(n_claims)),
            ]
        )
    columns = ["Article", "Author", "Publisher", "Text", "Sentences", "Claims"]
    return Block(html_table(columns, rows, css_class="sources"))


def tables_overview() -> Block:
    """The processed tables with their row counts and descriptions."""
    from antlens.api import tables

    rows = [
        [f"<code>{_text(r['name'])}</code>", _text(number(r["rows"])), _text(r["description"])]
        for r in tables(project_root()).iter_rows(named=True)
    ]
    return Block(html_table(["Table", "Rows", "One row per …"], rows, css_class="tables"))


# ---------------------------------------------------------------------------- claims explorer

_FILTERS = (("topic", "Topic"), ("source", "Source"), ("flag", "Flag"))
_EXPLORER_SCRIPT = """<script>
(function () {
  // Filters the claims table in place: free text over each row, and one select per column.
  var root = document.getElementById("claims-explorer");
  var search = root.querySelector("input[type=search]");
  var selects = Array.prototype.slice.call(root.querySelectorAll("select"));
  var rows = Array.prototype.slice.call(root.querySelectorAll("tbody tr"));
  var count = root.querySelector(".explorer-count");
  function apply() {
    var words = search.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (row) {
      var keep = !words || row.textContent.toLowerCase().indexOf(words) !== -1;
      selects.forEach(function (select) {
        if (select.value && row.getAttribute("data-" + select.name) !== select.value) keep = false;
      });
      row.hidden = !keep;
      if (keep) shown += 1;
    });
    count.textContent = shown + " of " + rows.length + " claims shown";
  }
  search.addEventListener("input", apply);
  selects.forEach(function (select) { select.addEventListener("change", apply); });
  apply();
})();
</script>"""


def claims_explorer() -> Block:
    """Every claim in a table filterable by words, topic, source and flag (inline JS, no CDN)."""
    claims = table("claims").sort(["source_id", "char_start"])
    rows = [_explorer_row(c) for c in claims.iter_rows(named=True)]
    controls = ['<input type="search" placeholder="Filter by any words…" aria-label="Filter">']
    for key, label in _FILTERS:
        column = "source_id" if key == "source" else key
        values = sorted({v for v in claims[column].to_list() if v})
        options = "".join(f'<option value="{_attr(v)}">{_text(v)}</option>' for v in values)
        controls.append(
            f'<label>{_text(label)} <select name="{key}"><option value="">all</option>'
            f"{options}</select></label>"
        )
    header = [
        "Claim and source",
        "Quote",
        "Topic",
        "Value",
        "Unit",
        "Qualifier",
        "Period",
        "Flag",
    ]
    head = "".join(f"<th>{_text(h)}</th>" for h in header)
    return Block(
        '<div id="claims-explorer" class="explorer">'
        f'<div class="explorer-controls">{"".join(controls)}'
        f'<span class="explorer-count" aria-live="polite">{len(rows)} claims</span></div>'
        f'<table class="claims"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}'
        f"</tbody></table></div>\n{_EXPLORER_SCRIPT}"
    )


def _explorer_row(c: dict[str, Any]) -> str:
    value = "—"
    if c["value"] is not None:
        value = f"{c['value']:.0f}" if c["unit"] == "date" else number(c["value"])
        value = f"{value} {scale_word(c['scale'])}".strip()
    cells = [
        f'<a href="{_attr(claim_href(c["source_id"], c["claim_id"]))}"><code>'
        f"{_text(c['claim_id'])}</code></a>"
        f'<br><a class="source-link" href="{_attr(source_href(c["source_id"]))}">'
        f"{_text(c['source_id'])}</a>",
        f"“{_text(c['quote'])}”",
        _text(c["topic"]),
        f'<span class="numeric">{_text(value)}</span>',
        _text(c["unit"] or "—"),
        _text(qualifier_text(c)),
        _text(c["period"] or "—"),
        f'<span class="flag">{_text(c["flag"])}</span>' if c["flag"] else "",
    ]
    attrs = (
        f'data-topic="{_attr(c["topic"])}" data-source="{_attr(c["source_id"])}" '
        f'data-flag="{_attr(c["flag"] or "")}" id="row-{_attr(c["claim_id"])}"'
    )
    return f"<tr {attrs}>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"


# ---------------------------------------------------------------------------- source pages


@dataclass(frozen=True)
class _Span:
    """A stretch of text to wrap in a tag; `layer` orders nesting (sentence, claim, mention)."""

    start: int
    end: int
    layer: int
    order: int
    tag: str
    attrs: str  # on the first element
    continued: str  # on later pieces, when another span forces it to be split


def source_page(source_id: str) -> Block:
    """A source's full text with every sentence anchored and every claim highlighted.

    Sentences get `id="<sentence_id>"`, claims `<mark id="claim-<claim_id>">`, excluded mentions a
    dotted underline with the reason as their title, garbled words a wavy underline. The text is
    the raw file itself, escaped, so what a reader sees is what the offsets point into.
    """
    source = _source_row(source_id)
    text = (project_root() / source["path"]).read_text(encoding="utf-8")
    claims = table("claims").filter(pl.col("source_id") == source_id).sort("char_start")
    spans = _spans(source_id, text, claims)
    body = "".join(_nest(text, spans))
    return Block(
        _source_header(source, claims.height)
        + _source_legend()
        + f'<div class="article" lang="{_attr(source["language"])}">{body}</div>'
        + _source_claims(claims)
    )


def source_title(source_id: str) -> str:
    """The title of a source, as text (the page heading escapes it)."""
    return _source_row(source_id)["title"]


def _source_row(source_id: str) -> dict[str, Any]:
    rows = table("sources").filter(pl.col("source_id") == source_id)
    if rows.is_empty():
        raise KeyError(
            f"source {source_id!r} is not in data/processed/sources: add it to data/sources.yaml"
            f" and run `antlens build`, or delete reports/sources/{source_id}.qmd"
        )
    return rows.row(0, named=True)


def _spans(source_id: str, text: str, claims: pl.DataFrame) -> list[_Span]:
    sentences = table("sentences").filter(pl.col("source_id") == source_id)
    mentions = table("mentions").filter(pl.col("source_id") == source_id)
    spans = [
        _Span(s["char_start"], s["char_end"], 0, i, "span", _sentence_attrs(s), 'class="sentence"')
        for i, s in enumerate(sentences.iter_rows(named=True))
    ]
    for i, c in enumerate(claims.iter_rows(named=True)):
        if text[c["char_start"] : c["char_end"]] != c["quote"]:
            raise ValueError(f"claim {c['claim_id']}: offsets do not match the quote in the text")
        spans.append(_Span(c["char_start"], c["char_end"], 1, i, "mark", *_claim_attrs(c)))
    for i, m in enumerate(mentions.iter_rows(named=True)):
        attrs = _mention_attrs(m)
        if attrs:
            spans.append(_Span(m["char_start"], m["char_end"], 2, i, "span", attrs, attrs))
    return spans


def _sentence_attrs(sentence: dict[str, Any]) -> str:
    return f'class="sentence" id="{_attr(sentence["sentence_id"])}"'


def _claim_attrs(c: dict[str, Any]) -> tuple[str, str]:
    value = qualified(c) if c["value_base"] is not None else "no number"
    flag = f"; {c['flag']} words, read as: {c['interpretation']}" if c["flag"] else ""
    title = f"{c['claim_id']} · {c['topic']} · {value}{flag}"
    klass = "claim flagged" if c["flag"] else "claim"
    data = f'data-claim-id="{_attr(c["claim_id"])}" title="{_attr(title)}"'
    return (
        f'class="{klass}" id="claim-{_attr(c["claim_id"])}" {data}',
        f'class="{klass} continued" {data}',
    )


def _mention_attrs(m: dict[str, Any]) -> str:
    if m["flag"]:
        title = f"{m['flag']} in the source: the words are kept as written"
        return f'class="mention garbled" title="{_attr(title)}"'
    if m["status"] == "excluded":
        title = f"Not a claim: {m['exclusion_reason']}"
        return f'class="mention excluded" title="{_attr(title)}"'
    if m["status"] == "unreviewed":
        return 'class="mention unreviewed" title="A number nobody has reviewed yet"'
    return 'class="mention claimed"'


def _nest(text: str, spans: list[_Span]) -> list[str]:
    """Escaped text with every span's tag, properly nested.

    Text is cut at every span boundary; for each piece the wanted stack of open tags is the
    covering spans in layer order. Tags not in the common prefix of the open and wanted stacks
    are closed and reopened, so spans that cross (a claim running over a sentence end) become
    several elements and only the first carries the id.
    """
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    opened: set[_Span] = set()
    stack: list[_Span] = []
    out: list[str] = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        wanted = sorted(
            (s for s in spans if s.start <= start and s.end >= end),
            key=lambda s: (s.layer, s.start, -s.end, s.order),
        )
        keep = 0
        while keep < min(len(stack), len(wanted)) and stack[keep] is wanted[keep]:
            keep += 1
        out += [f"</{s.tag}>" for s in reversed(stack[keep:])]
        for span in wanted[keep:]:
            out.append(f"<{span.tag} {span.continued if span in opened else span.attrs}>")
            opened.add(span)
        stack = wanted
        out.append(html.escape(text[start:end], quote=False))
    out += [f"</{s.tag}>" for s in reversed(stack)]
    return out


def _source_header(source: dict[str, Any], n_claims: int) -> str:
    fields = [
        ("Title", source["title"]),
        ("Author", source["author"]),
        ("Publisher", source["publisher"]),
        ("Language", source["language"]),
        ("Translation", source["translation_note"]),
        ("Published", source["published"]),
        ("File", source["path"]),
        ("SHA-256", source["sha256"]),
        (
            "Counted",
            ", ".join(
                counted(n, noun)
                for n, noun in (
                    (source["n_chars"], "character"),
                    (source["n_sentences"], "sentence"),
                    (n_claims, "claim"),
                )
            ),
        ),
    ]
    items = "".join(
        f"<dt>{_text(name)}</dt><dd>{_text(value)}</dd>" for name, value in fields if value
    )
    url = safe_url(source["url"])
    if url:
        items += f'<dt>Address</dt><dd><a href="{_attr(url)}">{_text(url)}</a></dd>'
    heading = f'<h2 class="source-title">{_text(source["title"])}</h2>'
    return f'{heading}<dl class="source-meta">{items}</dl>'


def _source_legend() -> str:
    return (
        '<p class="article-legend">'
        '<mark class="claim">highlighted</mark> a claim (hover for its value; its link is '
        '<code>#claim-…</code>) · <span class="mention excluded">dotted</span> a number that is '
        'not a claim (hover for why) · <span class="mention garbled">wavy</span> words garbled '
        "in the source, kept as written</p>"
    )


def _source_claims(claims: pl.DataFrame) -> str:
    rows = [
        [
            f'<a href="#claim-{_attr(c["claim_id"])}"><code>{_text(c["claim_id"])}</code></a>',
            _text(c["topic"]),
            _text(qualified(c) if c["value_base"] is not None else "no number"),
            _text(qualifier_text(c)),
            _text(c["period"] or "—"),
        ]
        for c in claims.iter_rows(named=True)
    ]
    columns = ["Claim", "Topic", "Value", "Qualifier", "Period"]
    return "<h2>Claims in this article</h2>" + html_table(columns, rows, css_class="claims")


def ensure_source_pages(root: Path) -> list[Path]:
    """Write `reports/sources/<source_id>.qmd` from the template for every source lacking one.

    Called by `render_site` before it lists the pages, so a source added to `data/sources.yaml`
    gets its page on the next render. Existing pages are never touched. Returns the new pages.
    """
    root = Path(root)
    template, registry = root / SOURCE_TEMPLATE, root / "data" / "sources.yaml"
    if not template.is_file() or not registry.is_file():
        return []
    records = (yaml.safe_load(registry.read_text(encoding="utf-8")) or {}).get("sources") or []
    ids = [str(r.get("source_id")) for r in records if isinstance(r, dict)]
    written = []
    for source_id in ids:
        page = template.parent / f"{source_id}.qmd"
        # Only slugs become file names and code: the registry's own check rejects the rest.
        if re.fullmatch(r"[a-z0-9][a-z0-9_-]*", source_id) and not page.exists():
            content = template.read_text(encoding="utf-8").replace(_TEMPLATE_SLOT, source_id)
            page.write_text(content, encoding="utf-8")
            written.append(page)
    return written


def allowed(table_name: str, column: str) -> list[str]:
    """The allowed values of a column, in the order its schema lists them (`schemas/*.yaml`)."""
    from antlens.schemas import table_schema

    schema = table_schema(table_name, project_root() / "schemas")
    field = next(f for f in schema["fields"] if f["name"] == column)
    return list(field["constraints"]["enum"])


# ---------------------------------------------------------------------------- facts for prose


def income_facts() -> SimpleNamespace:
    """Formatted values for the income-mix prose, from the first period with a derived total."""
    income = table("income_mix")
    total = income.filter(pl.col("basis") == "derived").row(0, named=True)
    period = income.filter(pl.col("period") == total["period"])
    stated = period.filter((pl.col("basis") == "stated") & pl.col("amount").is_not_null())
    first = stated.row(0, named=True)
    rest = period.filter(pl.col("basis") == "unattributed").row(0, named=True)
    named = income.filter(pl.col("amount").is_null() & pl.col("share").is_null())
    named_claims = [
        claim(i) for row in named.iter_rows(named=True) for i in split_ids(row["claim_ids"])
    ]
    return SimpleNamespace(
        period=period_text(total["period"]),
        stated_segment=first["segment"],
        stated_amount=quantity(first["amount"], "CNY"),
        stated_share=quantity(first["share"], "percent"),
        total_amount=quantity(total["amount"], "CNY"),
        formula=total["formula"],
        rest_amount=quantity(rest["amount"], "CNY"),
        rest_share=quantity(rest["share"], "percent"),
        rest_note=rest["note"],
        named_segments=", ".join(named["segment"].to_list()) or "none",
        named_claims=named_claims,
        n_stated=stated.height,
    )


def named_without_figure() -> Block:
    """The segments the articles name as income without a figure, each with its words."""
    facts = income_facts()
    items = "".join(
        f"<li>“{claim_link(c)}” ({_text(c['source_id'])}): no figure is given, so none is drawn."
        "</li>"
        for c in facts.named_claims
    )
    printed = " ".join(
        f"“{markdown_text(c['quote'])}” ({markdown_text(c['source_id'])})."
        for c in facts.named_claims
    )
    return callout(
        f"<p><strong>Named without a figure:</strong> {_text(facts.named_segments)}.</p>"
        f"<ul>{items}</ul>",
        f"**Named without a figure:** {markdown_text(facts.named_segments)}. {printed}"
        " No figure is given, so none is drawn.",
    )


def external_for(claim_id: str) -> Block:
    """Published figures set beside a claim that has no figure of its own, as a table."""
    pairs = table("comparisons").filter(pl.col("claim_id") == claim_id)
    rows = []
    for pair in pairs.iter_rows(named=True):
        seen = observation(pair["observation_id"])
        url = safe_url(seen["url"])
        publisher = _text(seen["source_publisher"])
        if url:
            publisher = f'<a href="{_attr(url)}" rel="noopener noreferrer">{publisher}</a>'
        rows.append(
            [
                _text(seen["metric"]),
                _text(seen["period"]),
                _text(quantity(pair["value_base"], pair["unit"])),
                f"“{_text(seen['supporting_phrase'])}” — {publisher}",
                _text(seen["confidence"]),
                _text(pair["note"] or ""),
            ]
        )
    columns = ["External figure", "Period", "Value", "Where it was read", "Confidence", "Note"]
    return Block(html_table(columns, rows, css_class="external"))


def coverage_facts() -> SimpleNamespace:
    """Formatted values for the population-coverage prose."""
    coverage = table("population_coverage")
    units = coverage["unit"].unique(maintain_order=True).to_list()
    flagged = coverage.filter(pl.col("flag").is_not_null())
    garbled = [claim(c) for c in flagged["claim_id"]]
    return SimpleNamespace(
        n_rows=number(coverage.height),
        n_units=number(len(units)),
        units=", ".join(units),
        garbled_quote=garbled[0]["quote"] if garbled else "",
        garbled_reading=qualified(garbled[0]) if garbled else "",
        garbled_source=garbled[0]["interpretation_source"] if garbled else "",
        n_garbled=number(len(garbled)),
    )


def coverage_table() -> Block:
    """Every population_coverage row, in its own unit, with its qualifier and its words."""
    coverage = table("population_coverage")
    rows = []
    for row in coverage.iter_rows(named=True):
        c = claim(row["claim_id"])
        rows.append(
            [
                _text(row["population"]),
                _text(row["measure"]),
                f'<span class="numeric">{_text(qualified(row))}</span>',
                _text(row["unit"]),
                _text(period_text(row["period"]) if row["period"] else "undated"),
                _text(qualifier_text(row)),
                f"“{claim_link(c)}”",
            ]
        )
    columns = ["Who", "What is counted", "Value", "Unit", "Period", "Qualifier", "Words"]
    return Block(html_table(columns, rows, css_class="coverage"))


def licence_facts() -> SimpleNamespace:
    """Counts and lists of the licences table for prose."""
    licences = table("licences")

    def kinds(status: str) -> list[str]:
        return licences.filter(pl.col("status") == status)["licence_kind"].to_list()

    held = licences.filter(pl.col("status") == "held")
    dated = held.filter(pl.col("since").is_not_null())
    return SimpleNamespace(
        n_held=number(held.height),
        n_held_sectors=number(held["sector"].n_unique()),
        n_sectors=number(len(allowed("licences", "sector"))),
        held=", ".join(kinds("held")),
        qualifications=", ".join(kinds("qualification")) or "none",
        n_partners=number(len(kinds("partner"))),
        partners=", ".join(kinds("partner")),
        n_designations=number(len(kinds("designation"))),
        designations="; ".join(kinds("designation")),
        dated=", ".join(
            f"{r['licence_kind']} ({period_text(r['since'])})" for r in dated.iter_rows(named=True)
        ),
        n_rows=number(licences.height),
    )


def licence_table() -> Block:
    """The licences table by status and sector, each row linked to its words."""
    licences = table("licences")
    statuses, sectors = allowed("licences", "status"), allowed("licences", "sector")
    ordered = licences.sort(
        pl.col("status").replace_strict({s: i for i, s in enumerate(statuses)}),
        pl.col("sector").replace_strict({s: i for i, s in enumerate(sectors)}),
    )
    rows = [
        [
            _text(r["licence_kind"]),
            _text(r["status"]),
            _text(r["sector"]),
            _text(period_text(r["since"]) if r["since"] else "—"),
            f"“{claim_link(r)}”",
        ]
        for r in ordered.iter_rows(named=True)
    ]
    columns = ["Licence, partner or designation", "Status", "Sector", "Since", "Words"]
    return Block(html_table(columns, rows, css_class="licences"))


def timeline_facts() -> SimpleNamespace:
    """The span and size of the timeline, for prose."""
    events = table("timeline")
    return SimpleNamespace(
        n_events=number(events.height),
        first=period_text(events["date"].min()),
        last=period_text(events["date"].max()),
        n_sources=number(events["source_id"].n_unique()),
    )


def timeline_table() -> Block:
    """Every dated event with its date as written, its precision and its words."""
    rows = [
        [
            _text(period_text(r["date"])),
            _text(r["precision"]),
            _text(r["event"]),
            f"“{claim_link(claim(r['claim_id']))}”",
        ]
        for r in table("timeline").iter_rows(named=True)
    ]
    return Block(html_table(["Date", "Precision", "Event", "Words"], rows, css_class="timeline"))


def overview_facts() -> SimpleNamespace:
    """Counts over all tables for the overview page."""
    mentions = table("mentions")
    claims = table("claims")
    return SimpleNamespace(
        n_sources=number(table("sources").height),
        n_sentences=number(table("sentences").height),
        n_mentions=number(mentions.height),
        n_excluded=number(mentions.filter(pl.col("status") == "excluded").height),
        n_unreviewed=number(mentions.filter(pl.col("status") == "unreviewed").height),
        n_claims=number(claims.height),
        n_flagged=number(claims.filter(pl.col("flag").is_not_null()).height),
        n_observations=number(table("external_observations").height),
        n_comparisons=number(table("comparisons").height),
    )


def headlines() -> Block:
    """The overview's headline figures: one card per theme figure, each linked to its words."""
    income = table("income_mix")
    total = income.filter(pl.col("basis") == "derived").row(0, named=True)
    stated = income.filter((pl.col("basis") == "stated") & pl.col("amount").is_not_null())
    micro = stated.row(0, named=True)
    micro_claims = [claim(i) for i in split_ids(micro["claim_ids"])]
    amount_claim = next(c for c in micro_claims if c["unit"] == "CNY")
    coverage = table("population_coverage")
    licences = table("licences").filter(pl.col("status") == "held")
    valuation = table("claims").filter(pl.col("topic") == "valuation")
    items = [(qualified(c), c["metric"], c) for c in valuation.head(1).iter_rows(named=True)]
    items += [
        (
            quantity(micro["amount"], "CNY"),
            f"{micro['segment']} income, {period_text(micro['period'])}"
            f" = {quantity(micro['share'], 'percent')} of income",
            amount_claim,
        ),
        (
            f"≈ {quantity(total['amount'], 'CNY')}",
            f"total income, {period_text(total['period'])}, derived:"
            f" {quantity(micro['amount'], 'CNY')} ÷ {quantity(micro['share'], 'percent')}",
            amount_claim,
        ),
    ]
    # The first coverage figure of each kind of count: a share, people, merchants.
    firsts = coverage.filter(pl.col("unit").is_in(["percent", "persons", "merchants"]))
    for row in firsts.unique("unit", keep="first", maintain_order=True).iter_rows(named=True):
        c = claim(row["claim_id"])
        note = " (interpreted from garbled words)" if row["flag"] else ""
        items.append((qualified(row), f"{row['population']}: {row['measure']}{note}", c))
    if licences.height:
        first = claim(licences["claim_id"][0])
        items.append(
            (number(licences.height), "financial licences held, by the articles' count", first)
        )
    return headline_cards(items)
