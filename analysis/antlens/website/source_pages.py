"""The source pages: an article's full text with every sentence anchored and every claim marked.

`reports/sources/<source_id>.qmd` calls `source_page(source_id)`; `ensure_source_pages` writes
that page from `reports/sources/_template.qmd` for every source that lacks one. The claim marks
(`#claim-<claim_id>`) are where every link and chart mark of the theme pages leads.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from antlens.charts.wording import Words, counted
from antlens.website.markup import Block, html_attr, html_table, html_text, link
from antlens.website.tables import project_root, registered_sources, table, words
from antlens.website.urls import claim_anchor, safe_url

SOURCE_TEMPLATE = Path("reports") / "sources" / "_template.qmd"
_TEMPLATE_SLOT = "{{source_id}}"


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
    said = words()
    body = "".join(_nest(text, _spans(source_id, text, claims, said)))
    return Block(
        _source_header(source, claims.height)
        + _source_legend()
        + f'<div class="article" lang="{html_attr(source["language"])}">{body}</div>'
        + _source_claims(claims, said)
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


def _spans(source_id: str, text: str, claims: pl.DataFrame, said: Words) -> list[_Span]:
    sentences = table("sentences").filter(pl.col("source_id") == source_id)
    mentions = table("mentions").filter(pl.col("source_id") == source_id)
    spans = [
        _Span(s["char_start"], s["char_end"], 0, i, "span", _sentence_attrs(s), 'class="sentence"')
        for i, s in enumerate(sentences.iter_rows(named=True))
    ]
    for i, c in enumerate(claims.iter_rows(named=True)):
        if text[c["char_start"] : c["char_end"]] != c["quote"]:
            raise ValueError(f"claim {c['claim_id']}: offsets do not match the quote in the text")
        spans.append(_Span(c["char_start"], c["char_end"], 1, i, "mark", *_claim_attrs(c, said)))
    for i, m in enumerate(mentions.iter_rows(named=True)):
        attrs = _mention_attrs(m)
        if attrs:
            spans.append(_Span(m["char_start"], m["char_end"], 2, i, "span", attrs, attrs))
    return spans


def _sentence_attrs(sentence: dict[str, Any]) -> str:
    return f'class="sentence" id="{html_attr(sentence["sentence_id"])}"'


def _claim_attrs(c: dict[str, Any], said: Words) -> tuple[str, str]:
    value = _value(c, said)
    flag = f"; {c['flag']} words, read as: {c['interpretation']}" if c["flag"] else ""
    title = f"{c['claim_id']} · {c['topic']} · {value}{flag}"
    klass = "claim flagged" if c["flag"] else "claim"
    data = f'data-claim-id="{html_attr(c["claim_id"])}" title="{html_attr(title)}"'
    return (
        f'class="{klass}" id="{html_attr(claim_anchor(c["claim_id"]))}" {data}',
        f'class="{klass} continued" {data}',
    )


def _mention_attrs(m: dict[str, Any]) -> str:
    if m["flag"]:
        title = f"{m['flag']} in the source: the words are kept as written"
        return f'class="mention garbled" title="{html_attr(title)}"'
    if m["status"] == "excluded":
        title = f"Not a claim: {m['exclusion_reason']}"
        return f'class="mention excluded" title="{html_attr(title)}"'
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
    waiting = sorted(spans, key=lambda s: s.start, reverse=True)  # next to open at the end
    covering: list[_Span] = []
    opened: set[_Span] = set()
    stack: list[_Span] = []
    out: list[str] = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        # One sweep: a span covers the piece from its start until its end, so the covering set
        # changes only at cuts, and the page is linear in the text's size.
        while waiting and waiting[-1].start <= start:
            covering.append(waiting.pop())
        covering = [s for s in covering if s.end > start]
        wanted = sorted(covering, key=lambda s: (s.layer, s.start, -s.end, s.order))
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
        f"<dt>{html_text(name)}</dt><dd>{html_text(value)}</dd>" for name, value in fields if value
    )
    url = safe_url(source["url"])
    if url:
        items += f"<dt>Address</dt><dd>{link(url, html_text(url))}</dd>"
    heading = f'<h2 class="source-title">{html_text(source["title"])}</h2>'
    return f'{heading}<dl class="source-meta">{items}</dl>'


def _source_legend() -> str:
    return (
        '<p class="article-legend">'
        '<mark class="claim">highlighted</mark> a claim (hover for its value; its link is '
        '<code>#claim-…</code>) · <span class="mention excluded">dotted</span> a number that is '
        'not a claim (hover for why) · <span class="mention garbled">wavy</span> words garbled '
        "in the source, kept as written</p>"
    )


def _value(c: dict[str, Any], said: Words) -> str:
    return said.qualified(c) if c["value_base"] is not None else "no number"


def _source_claims(claims: pl.DataFrame, said: Words) -> str:
    rows = [
        [
            link(f"#{claim_anchor(c['claim_id'])}", f"<code>{html_text(c['claim_id'])}</code>"),
            html_text(c["topic"]),
            html_text(_value(c, said)),
            html_text(said.qualifier_text(c)),
            html_text(c["period"] or "—"),
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
    template = Path(root) / SOURCE_TEMPLATE
    if not template.is_file():
        return []
    written = []
    for source_id in registered_sources(root):
        page = template.parent / f"{source_id}.qmd"
        # Only slugs become file names and code: the registry's own check rejects the rest.
        if re.fullmatch(r"[a-z0-9][a-z0-9_-]*", source_id) and not page.exists():
            content = template.read_text(encoding="utf-8").replace(_TEMPLATE_SLOT, source_id)
            page.write_text(content, encoding="utf-8")
            written.append(page)
    return written
