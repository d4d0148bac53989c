"""The site's overview pages: `reports/index.qmd` and the claims explorer `reports/claims.qmd`.

`overview_facts` counts rows over all tables for their prose; `headlines` shows one card per
theme figure, `sources_overview` and `tables_overview` list the articles and the processed
tables, and `claims_explorer` puts every claim in one table filterable by words, topic, source
and flag. Every value is escaped and every figure links to its words on a source page.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import polars as pl

from antlens.website.report import (
    Block,
    claim,
    claim_href,
    html_attr,
    html_table,
    html_text,
    number,
    period_text,
    project_root,
    qualified,
    qualifier_text,
    quantity,
    scale_word,
    source_href,
    split_ids,
    table,
)


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


# ---------------------------------------------------------------------------- overview


def headline_cards(items: list[tuple[str, str, dict[str, Any]]]) -> Block:
    """Figures as cards: (figure text, what it is, claim row) → a linked card per figure."""
    cards = []
    for figure, label, row in items:
        href = claim_href(row["source_id"], row["claim_id"])
        cards.append(
            '<div class="card">'
            f'<div class="card-figure">{html_text(figure)}</div>'
            f'<div class="card-label">{html_text(label)}</div>'
            f'<div class="card-link"><a href="{html_attr(href)}">the words →</a></div></div>'
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
                f'<a href="{html_attr(source_href(source["source_id"]))}">'
                f"{html_text(source['title'])}</a>",
                html_text(source["author"] or "—"),
                html_text(source["publisher"] or "—"),
                html_text(source["translation_note"] or "—"),
                html_text(number(source["n_sentences"])),
                html_text(number(n_claims)),
            ]
        )
    columns = ["Article", "Author", "Publisher", "Text", "Sentences", "Claims"]
    return Block(html_table(columns, rows, css_class="sources"))


def tables_overview() -> Block:
    """The processed tables with their row counts and descriptions."""
    from antlens.api import tables

    rows = [
        [
            f"<code>{html_text(r['name'])}</code>",
            html_text(number(r["rows"])),
            html_text(r["description"]),
        ]
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
        options = "".join(f'<option value="{html_attr(v)}">{html_text(v)}</option>' for v in values)
        controls.append(
            f'<label>{html_text(label)} <select name="{key}"><option value="">all</option>'
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
    head = "".join(f"<th>{html_text(h)}</th>" for h in header)
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
        f'<a href="{html_attr(claim_href(c["source_id"], c["claim_id"]))}"><code>'
        f"{html_text(c['claim_id'])}</code></a>"
        f'<br><a class="source-link" href="{html_attr(source_href(c["source_id"]))}">'
        f"{html_text(c['source_id'])}</a>",
        f"“{html_text(c['quote'])}”",
        html_text(c["topic"]),
        f'<span class="numeric">{html_text(value)}</span>',
        html_text(c["unit"] or "—"),
        html_text(qualifier_text(c)),
        html_text(c["period"] or "—"),
        f'<span class="flag">{html_text(c["flag"])}</span>' if c["flag"] else "",
    ]
    attrs = (
        f'data-topic="{html_attr(c["topic"])}" data-source="{html_attr(c["source_id"])}" '
        f'data-flag="{html_attr(c["flag"] or "")}" id="row-{html_attr(c["claim_id"])}"'
    )
    return f"<tr {attrs}>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"
