"""Facts and tables for the theme pages: income mix, population coverage, licences, timeline.

Each `*_facts()` returns the formatted values a page's prose puts in inline expressions; each
table or callout (`coverage_table`, `named_without_figure`, ...) is HTML built from the processed
tables with every value escaped and every figure linked to its words on a source page.
"""

from __future__ import annotations

from types import SimpleNamespace

import polars as pl

from antlens.charts.marks import split_ids
from antlens.charts.wording import PERCENT, number, period_text
from antlens.website.markup import (
    Block,
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


def income_facts() -> SimpleNamespace:
    """Formatted values for the income-mix prose, from the first period with a derived total."""
    found, unit = evidence(), unit_of("income_mix", "amount")
    income = table("income_mix")
    total = income.filter(pl.col("basis") == "derived").row(0, named=True)
    period = income.filter(pl.col("period") == total["period"])
    stated = period.filter((pl.col("basis") == "stated") & pl.col("amount").is_not_null())
    first = stated.row(0, named=True)
    rest = period.filter(pl.col("basis") == "unattributed").row(0, named=True)
    named = income.filter(pl.col("amount").is_null() & pl.col("share").is_null())
    named_claims = [
        found.claim(i) for row in named.iter_rows(named=True) for i in split_ids(row["claim_ids"])
    ]
    quantity = found.words.quantity
    return SimpleNamespace(
        period=period_text(total["period"]),
        stated_segment=first["segment"],
        stated_amount=quantity(first["amount"], unit),
        stated_share=quantity(first["share"], PERCENT),
        total_amount=quantity(total["amount"], unit),
        formula=total["formula"],
        rest_amount=quantity(rest["amount"], unit),
        rest_share=quantity(rest["share"], PERCENT),
        named_segments=", ".join(named["segment"].to_list()) or "none",
        named_claims=named_claims,
    )


def named_without_figure() -> Block:
    """The segments the articles name as income without a figure, each with its words."""
    facts = income_facts()
    items = "".join(
        f"<li>“{claim_link(c)}” ({html_text(c['source_id'])}): no figure is given,"
        " so none is drawn.</li>"
        for c in facts.named_claims
    )
    printed = " ".join(
        f"“{markdown_text(c['quote'])}” ({markdown_text(c['source_id'])})."
        for c in facts.named_claims
    )
    return callout(
        f"<p><strong>Named without a figure:</strong> {html_text(facts.named_segments)}.</p>"
        f"<ul>{items}</ul>",
        f"**Named without a figure:** {markdown_text(facts.named_segments)}. {printed}"
        " No figure is given, so none is drawn.",
    )


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


def coverage_facts() -> SimpleNamespace:
    """Formatted values for the population-coverage prose."""
    coverage = table("population_coverage")
    units = coverage["unit"].unique(maintain_order=True).to_list()
    flagged = coverage.filter(pl.col("flag").is_not_null())
    found = evidence()
    garbled = [found.claim(c) for c in flagged["claim_id"]]
    return SimpleNamespace(
        n_rows=number(coverage.height),
        n_units=number(len(units)),
        units=", ".join(units),
        garbled_quote=garbled[0]["quote"] if garbled else "",
        garbled_reading=found.words.qualified(garbled[0]) if garbled else "",
        garbled_source=garbled[0]["interpretation_source"] if garbled else "",
    )


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
            html_text(r["licence_kind"]),
            html_text(r["status"]),
            html_text(r["sector"]),
            html_text(period_text(r["since"]) if r["since"] else "—"),
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
    found = evidence()
    rows = [
        [
            html_text(period_text(r["date"])),
            html_text(r["precision"]),
            html_text(r["event"]),
            f"“{claim_link(found.claim(r['claim_id']))}”",
        ]
        for r in table("timeline").iter_rows(named=True)
    ]
    return Block(html_table(["Date", "Precision", "Event", "Words"], rows, css_class="timeline"))
