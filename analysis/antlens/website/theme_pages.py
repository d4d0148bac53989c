"""Prose and tables for the theme pages: income mix, population coverage, licences, timeline.

Each `*_prose()` says what a page's table holds, every count and figure computed from it, so no
sentence turns false when a source is added; each table or callout (`coverage_table`,
`named_without_figure`, ...) is HTML built from the processed tables with every value escaped
and every figure linked to its words on a source page.
"""

from __future__ import annotations

import polars as pl

from antlens import charts
from antlens.charts.marks import split_ids
from antlens.charts.wording import PERCENT, counted, dated_text, number, period_text, plural
from antlens.website.figures import show
from antlens.website.markup import (
    Block,
    Markdown,
    callout,
    claim_link,
    html_table,
    html_text,
    link,
    markdown_text,
)
from antlens.website.tables import allowed, evidence, table, unit_of
from antlens.website.urls import safe_url

# ---------------------------------------------------------------------------- facts for prose


def income_prose() -> Markdown:
    """What the income_mix table says, period by period: stated, total, unattributed."""
    income, found = table("income_mix"), evidence()
    unit = unit_of("income_mix", "amount")
    quantity = found.words.quantity
    figured = income.filter(pl.col("amount").is_not_null() | pl.col("share").is_not_null())
    if figured.is_empty():
        return Markdown("The articles give no amount or share of income yet.")
    periods = figured["period"].unique(maintain_order=True).to_list()
    lines = [
        f"The articles give {counted(_stated_figures(figured), 'figure')} of income in"
        f" {counted(len(periods), 'period')}:",
        "",
    ]
    for period in periods:
        rows = income.filter(pl.col("period") == period)
        parts = []
        for row in rows.iter_rows(named=True):
            if row["amount"] is None and row["share"] is None:
                continue
            said = ", ".join(
                text
                for text in (
                    quantity(row["amount"], unit) if row["amount"] is not None else "",
                    f"{quantity(row['share'], PERCENT)} of income"
                    if row["share"] is not None and row["segment"] != "total"
                    else "",
                )
                if text
            )
            how = {
                "stated": "stated",
                "derived": f"derived: {row['formula']}",
                "unattributed": "not broken down by the articles, kept as one block",
            }[row["basis"]]
            approx = "about " if row["basis"] != "stated" else ""
            parts.append(f"{row['segment']} {approx}{said} ({how})")
        lines.append(
            f"- **{markdown_text(period_text(period))}**: " + markdown_text("; ".join(parts)) + "."
        )
    return Markdown("\n".join(lines))


def _stated_figures(income: pl.DataFrame) -> int:
    stated = income.filter(pl.col("basis") == "stated")
    return (
        stated["amount"].is_not_null().sum()
        + stated.filter(pl.col("segment") != "total")["share"].is_not_null().sum()
    )


def _named() -> pl.DataFrame:
    return table("income_mix").filter(pl.col("amount").is_null() & pl.col("share").is_null())


def named_claims() -> list[dict]:
    """The claims of segments the articles name as income without a figure."""
    found = evidence()
    return [
        found.claim(i)
        for row in _named().iter_rows(named=True)
        for i in split_ids(row["claim_ids"])
    ]


def named_without_figure() -> Block | Markdown:
    """The segments the articles name as income without a figure, each with its words."""
    claims = named_claims()
    if not claims:
        return Markdown("")
    segments = ", ".join(_named()["segment"].unique(maintain_order=True))
    items = "".join(
        f"<li>“{claim_link(c)}” ({html_text(c['source_id'])}): no figure is given,"
        " so none is drawn.</li>"
        for c in claims
    )
    printed = " ".join(
        f"“{markdown_text(c['quote'])}” ({markdown_text(c['source_id'])})." for c in claims
    )
    return callout(
        f"<p><strong>Named without a figure:</strong> {html_text(segments)}.</p><ul>{items}</ul>",
        f"**Named without a figure:** {markdown_text(segments)}. {printed}"
        " No figure is given, so none is drawn.",
    )


def comparisons_section(topic: str) -> None:
    """A "Beside published figures" section for a topic's claims, when any has comparisons:
    its heading, which publications, and one chart per claim; nothing otherwise."""
    from IPython.display import display

    found = evidence()
    compared = table("comparisons")
    figures_of_topic = charts.comparisons(topic, compared, found)
    if not figures_of_topic:
        return
    ids = set(found.claims.filter(pl.col("topic") == topic)["claim_id"])
    seen = compared.filter(pl.col("claim_id").is_in(list(ids)))["observation_id"]
    publications = sorted({found.observation(o)["source_title"] for o in seen.unique().to_list()})
    display(Markdown("## Beside published figures"))
    display(
        Markdown(
            f"Curators set {counted(len(figures_of_topic), 'claim')} of this page beside figures"
            " published outside the articles ("
            + markdown_text("; ".join(publications))
            + "). Periods and definitions may differ: each row names its own, so the bars sit"
            " side by side for reading, not for subtraction."
        )
    )
    for figure in figures_of_topic:
        show(figure)


def external_for(claim_id: str) -> Block:
    """Published figures set beside a claim that has no figure of its own, as a table."""
    pairs = table("comparisons").filter(pl.col("claim_id") == claim_id)
    found = evidence()
    rows = []
    for pair in pairs.iter_rows(named=True):
        seen = found.observation(pair["observation_id"])
        url = safe_url(seen["url"])
        publisher = html_text(seen["source_publisher"])
        if url:
            publisher = link(url, publisher, external=True)
        rows.append(
            [
                html_text(seen["metric"]),
                html_text(seen["period"]),
                html_text(found.words.quantity(pair["value_base"], pair["unit"])),
                f"“{html_text(seen['supporting_phrase'])}” — {publisher}",
                html_text(seen["confidence"]),
                html_text(pair["note"] or ""),
            ]
        )
    columns = ["External figure", "Period", "Value", "Where it was read", "Confidence", "Note"]
    return Block(html_table(columns, rows, css_class="external"))


def coverage_prose() -> Markdown:
    """How many coverage statements, in which units, and which rest on garbled words."""
    coverage = table("population_coverage")
    if coverage.is_empty():
        return Markdown("The articles make no statement about coverage yet.")
    found = evidence()
    units = coverage["unit"].drop_nulls().unique(maintain_order=True).to_list()
    text = (
        f"The articles make {counted(coverage.height, 'statement')} about coverage, in"
        f" {counted(len(units), 'unit')} ({markdown_text(', '.join(units))})."
    )
    if len(units) > 1:
        text += (
            " Different units do not belong on one axis: the percentages share one chart and"
            " the table below keeps every row in its own unit."
        )
    for claim_id in coverage.filter(pl.col("flag").is_not_null())["claim_id"]:
        claim = found.claim(claim_id)
        reading = found.words.qualified(claim)
        basis = claim["interpretation_source"]
        text += (
            f" The article has “{markdown_text(claim['quote'])}” ({claim['flag']} words), read as"
            f" {markdown_text(reading)}"
            + (f" because the published figure {markdown_text(basis)} supports it" if basis else "")
            + "; its marks are lighter and dashed, and marked *interpreted*."
        )
    return Markdown(text)


def coverage_table() -> Block:
    """Every population_coverage row, in its own unit, with its qualifier and its words."""
    coverage = table("population_coverage")
    found = evidence()
    rows = []
    for row in coverage.iter_rows(named=True):
        c = found.claim(row["claim_id"])
        rows.append(
            [
                html_text(row["population"]),
                html_text(row["measure"]),
                f'<span class="numeric">{html_text(found.words.qualified(row))}</span>',
                html_text(row["unit"]),
                html_text(period_text(row["period"])),
                html_text(found.words.qualifier_text(row)),
                f"“{claim_link(c)}”",
            ]
        )
    columns = ["Who", "What is counted", "Value", "Unit", "Period", "Qualifier", "Words"]
    return Block(html_table(columns, rows, css_class="coverage"))


def licence_prose() -> Markdown:
    """The licence kinds by status, counted as kinds (one kind named twice is one kind)."""
    licences = table("licences")
    if licences.is_empty():
        return Markdown("The articles name no licence yet.")
    found = evidence()
    parts = []
    for status in allowed("licences", "status"):
        rows = licences.filter(pl.col("status") == status)
        if rows.is_empty():
            continue
        kinds = []
        for (kind,), group in rows.group_by("licence_kind", maintain_order=True):
            since = group["since"].drop_nulls()
            sources = group["source_id"].n_unique()
            notes = [f"since {period_text(since[0])}" if since.len() else ""]
            notes.append(f"named by {sources} sources" if sources > 1 else "")
            aside = ", ".join(n for n in notes if n)
            kinds.append(f"{kind} ({aside})" if aside else kind)
        sectors = rows["sector"].n_unique()
        qualifiers = [found.claim(i)["qualifier"] for i in rows["claim_id"]]
        shown = f"{found.words.kinds(len(kinds), qualifiers)} {plural(len(kinds), 'kind')}"
        parts.append(
            f"**{status}**: {shown} in {counted(sectors, 'sector')}"
            f" ({markdown_text(', '.join(kinds))})"
        )
    dated = licences.filter(pl.col("since").is_not_null())["licence_kind"].n_unique()
    return Markdown(
        "What the articles say of licences, by status: "
        + "; ".join(parts)
        + f". Dated: {counted(dated, 'kind')}."
    )


def licence_table() -> Block:
    """The licences table by status and sector, each row linked to its words."""
    licences, found = table("licences"), evidence()
    statuses, sectors = allowed("licences", "status"), allowed("licences", "sector")
    ordered = licences.sort(
        pl.col("status").replace_strict({s: i for i, s in enumerate(statuses)}),
        pl.col("sector").replace_strict({s: i for i, s in enumerate(sectors)}),
    )
    rows = [
        [
            html_text(r["licence_kind"]),
            html_text(r["status"]),
            html_text(r["sector"]),
            html_text(period_text(r["since"]) if r["since"] else "—"),
            f"“{claim_link(found.claim(r['claim_id']))}”",
        ]
        for r in ordered.iter_rows(named=True)
    ]
    columns = ["Licence, partner or designation", "Status", "Sector", "Since", "Words"]
    return Block(html_table(columns, rows, css_class="licences"))


def timeline_prose() -> Markdown:
    """The span and size of the timeline, and how many dates are bounds."""
    events = table("timeline")
    if events.is_empty():
        return Markdown("The articles date no event yet.")
    bounds = events.filter(pl.col("qualifier") != "exact").height
    text = (
        f"The articles date {counted(events.height, 'event')}, from"
        f" {period_text(events['date'].min())} to {period_text(events['date'].max())}, across"
        f" {counted(events['source_id'].n_unique(), 'article')}."
    )
    if bounds:
        text += f" Bounds rather than dates (the event lies after or before it): {number(bounds)}."
    return Markdown(text)


def timeline_table() -> Block:
    """Every dated event with its date as written, its precision and its words."""
    found = evidence()
    rows = [
        [
            html_text(dated_text(r["date"], r["qualifier"])),
            html_text(r["precision"]),
            html_text(r["event"]),
            f"“{claim_link(found.claim(r['claim_id']))}”",
        ]
        for r in table("timeline").iter_rows(named=True)
    ]
    return Block(html_table(["Date", "Precision", "Event", "Words"], rows, css_class="timeline"))
