"""The site's overview pages: `reports/index.qmd` and the claims explorer `reports/claims.qmd`.

`overview_facts` counts rows over all tables for their prose; `headlines` shows one card per
theme figure, `sources_overview` lists the articles, `tables_overview` the processed tables with
links to their files in the site (`downloads/`, copied there by the render), and
`claims_explorer` puts every claim in one table filterable by words, topic, source and flag.
Every value is escaped and every figure links to its words on a source page.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import polars as pl

from antlens.charts.marks import Evidence, split_ids
from antlens.charts.wording import counted, number, period_text, scale_word
from antlens.website import urls
from antlens.website.markup import (
    Block,
    Markdown,
    html_attr,
    html_table,
    html_text,
    link,
    markdown_text,
)
from antlens.website.tables import (
    evidence,
    processed_files,
    project_root,
    table,
    table_list,
    unit_of,
)
from antlens.website.topic_pages import facts_table


def overview_facts() -> SimpleNamespace:
    """Counts over all tables for the overview page, each a number or words made from one."""
    mentions = table("mentions")
    claims = table("claims")
    sources = table("sources")
    excluded = mentions.filter(pl.col("status") == "excluded")
    translated = sources.filter(pl.col("translation_note").is_not_null()).height
    no_number = claims.filter(pl.col("value").is_null())["claim_id"]
    naming = table("licences")["claim_id"].is_in(no_number.implode()).sum()
    return SimpleNamespace(
        sources=counted(sources.height, "news article"),
        translated=f"{number(translated)} of them translated" if translated else "none translated",
        n_sentences=number(table("sentences").height),
        mentions=counted(mentions.height, "number-like expression"),
        claims=counted(claims.height, "claim"),
        n_claims=number(claims.height),
        with_number=number(claims.height - no_number.len()),
        naming_kinds=number(naming),
        without_number=number(no_number.len() - naming),
        excluded=counted(excluded.height, "number"),
        n_unreviewed=number(mentions.filter(pl.col("status") == "unreviewed").height),
        n_flagged=number(claims.filter(pl.col("flag").is_not_null()).height),
        observations=counted(table("external_observations").height, "published figure"),
        comparisons=counted(table("comparisons").height, "pairing"),
        facts=counted(table("facts").height, "fact"),
        shared=counted(
            table("facts").filter(pl.col("agreement") != "single_source").height, "fact"
        ),
    )


def headlines() -> Block:
    """The overview's headline figures: one card per theme figure, each linked to its words."""
    found = evidence()
    coverage = table("population_coverage")
    valuation = table("claims").filter(
        (pl.col("topic") == "valuation") & pl.col("value").is_not_null()
    )
    items = [
        (found.words.qualified(c), c["metric"], c) for c in valuation.head(1).iter_rows(named=True)
    ]
    items += _income_headlines(found)
    # The first coverage figure of each unit.
    for row in (
        coverage.unique("unit", keep="first", maintain_order=True).head(3).iter_rows(named=True)
    ):
        note = " (interpreted from garbled words)" if row["flag"] else ""
        label = f"{row['population']}: {row['measure']}{note}"
        items.append((found.words.qualified(row), label, found.claim(row["claim_id"])))
    held = table("licences").filter(pl.col("status") == "held")
    if held.height:
        first = found.claim(held["claim_id"][0])
        qualifiers = [found.claim(i)["qualifier"] for i in held["claim_id"]]
        kinds = found.words.kinds(held["licence_kind"].n_unique(), qualifiers)
        items.append((kinds, "kinds of licence held, as the articles name them", first))
    if not items:
        return Block('<p class="empty">No claims yet: add an article (see the README).</p>')
    return headline_cards(items)


def _income_headlines(found: Evidence) -> list[tuple[str, str, dict[str, Any]]]:
    """The first period's total (stated or derived) and the segment it rests on, linked."""
    income = table("income_mix")
    totals = income.filter((pl.col("segment") == "total") & pl.col("amount").is_not_null())
    if totals.is_empty():
        return []
    total = totals.row(0, named=True)
    unit = unit_of("income_mix", "amount")
    claim = found.claim(split_ids(total["claim_ids"])[0])
    words = found.words.quantity(total["amount"], unit)
    if total["basis"] == "stated":
        return [(words, f"total income, {period_text(total['period'])}, stated", claim)]
    return [
        (f"≈ {words}", f"total income, {period_text(total['period'])}: {total['formula']}", claim)
    ]


def exclusion_reasons() -> Markdown:
    """The reasons numbers were excluded for, each with how many, from the mentions table."""
    excluded = table("mentions").filter(pl.col("status") == "excluded")
    if excluded.is_empty():
        return Markdown("")
    reasons = excluded.group_by("exclusion_reason", maintain_order=True).len()
    items = "; ".join(
        f"{markdown_text(r['exclusion_reason'] or 'no reason given')} ({number(r['len'])})"
        for r in reasons.iter_rows(named=True)
    )
    return Markdown(f"The reasons given for excluding them: {items}.")


def shared_facts() -> Block | Markdown:
    """The facts more than one source states (articles or published figures), as a table."""
    shared = table("facts").filter(pl.col("agreement") != "single_source")
    if shared.is_empty():
        return Markdown("No fact is stated by more than one source yet.")
    return facts_table(shared)


# ---------------------------------------------------------------------------- overview


def headline_cards(items: list[tuple[str, str, dict[str, Any]]]) -> Block:
    """Figures as cards: (figure text, what it is, claim row) → a linked card per figure."""
    cards = []
    for figure, label, row in items:
        href = urls.claim_href(row["source_id"], row["claim_id"])
        cards.append(
            '<div class="card">'
            f'<div class="card-figure">{html_text(figure)}</div>'
            f'<div class="card-label">{html_text(label)}</div>'
            f'<div class="card-link">{link(href, "the words →")}</div></div>'
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
                link(urls.source_href(source["source_id"]), html_text(source["title"])),
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
    """The processed tables with their row counts, descriptions and files to download."""
    root = project_root()
    files = {path.name: _download_link(path, root) for path in processed_files(root)}
    rows, listed = [], set()
    for r in table_list(root).iter_rows(named=True):
        names = [Path(r[kind]).name for kind in ("csv", "parquet")]
        listed.update(names)
        rows.append(
            [
                f"<code>{html_text(r['name'])}</code>",
                html_text(number(r["rows"])),
                html_text(r["description"]),
                " · ".join(files[name] for name in names),
            ]
        )
    others = " · ".join(link_html for name, link_html in files.items() if name not in listed)
    columns = ["Table", "Rows", "One row per …", "Download"]
    return Block(
        html_table(columns, rows, css_class="tables")
        + f'<p class="downloads">Every table at once: {others}.</p>'
    )


def _download_link(path: Path, root: Path) -> str:
    """A link to a table file's copy in the site (`downloads/`), named by its file name."""
    href = urls.site_url(urls.download_path(path), root)
    return link(href, f"<code>{html_text(path.name)}</code>")


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
    qualifier_text = evidence().words.qualifier_text
    rows = [_explorer_row(c, qualifier_text(c)) for c in claims.iter_rows(named=True)]
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


def _explorer_row(c: dict[str, Any], qualifier: str) -> str:
    value = "—"
    if c["value"] is not None:
        value = f"{c['value']:.0f}" if c["unit"] == "date" else number(c["value"])
        value = f"{value} {scale_word(c['scale'])}".strip()
    cells = [
        link(
            urls.claim_href(c["source_id"], c["claim_id"]),
            f"<code>{html_text(c['claim_id'])}</code>",
        )
        + f'<br><a class="source-link" href="{html_attr(urls.source_href(c["source_id"]))}">'
        f"{html_text(c['source_id'])}</a>",
        f"“{html_text(c['quote'])}”",
        html_text(c["topic"]),
        f'<span class="numeric">{html_text(value)}</span>',
        html_text(c["unit"] or "—"),
        html_text(qualifier),
        html_text(c["period"] or "—"),
        f'<span class="flag">{html_text(c["flag"])}</span>' if c["flag"] else "",
    ]
    attrs = (
        f'data-topic="{html_attr(c["topic"])}" data-source="{html_attr(c["source_id"])}" '
        f'data-flag="{html_attr(c["flag"] or "")}" id="row-{html_attr(c["claim_id"])}"'
    )
    return f"<tr {attrs}>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"
