"""A chart figure in a page: the chart, its caption, and the table of the words behind it.

`show(figure)` displays a `charts.Figure`. The chart loads the site's one Vega bundle file
(`urls.VEGA_BUNDLE`) by a URL relative to the page, so pages work from `file://` too; the
"Sources of this chart" table lists exactly the rows the chart draws, each with a link to its
words, so every mark can be followed without the chart.
"""

from __future__ import annotations

import polars as pl

from antlens.charts import Figure, chart_output
from antlens.website import urls
from antlens.website.markup import Block, claim_link, html_table, html_text, link, markdown_text
from antlens.website.tables import project_root


def show(figure: Figure) -> None:
    """Display a chart figure: the chart, its caption, and the table of its sources."""
    from IPython.display import display

    bundle_src = urls.site_url(urls.VEGA_BUNDLE, project_root())
    display(chart_output(figure.chart, name=figure.name, bundle_src=bundle_src))
    click = " Click a mark to read its sentence."  # on screen only: paper has no clicks
    caption = f'<p class="figure-caption">{html_text(figure.caption + click)}</p>'
    display(Block(caption, f"*{markdown_text(figure.caption)}*"))
    display(Block(chart_sources_html(figure.marks)))


def chart_sources_html(marks: pl.DataFrame) -> str:
    """The "Sources of this chart" table: each mark's value and the words or page behind it."""
    rows = []
    for mark in marks.iter_rows(named=True):
        if mark["side"] == "external":
            url = urls.safe_url(mark.get("url"))
            where = html_text(mark["publisher"])
            if url:
                where = link(url, where, external=True)
            words = f"“{html_text(mark['quote'])}”"
            origin = f"{where} ({html_text(mark['confidence'])} confidence)"
        else:
            words = f"“{claim_link(mark)}”"
            origin = link(urls.source_href(mark["source_id"]), html_text(mark["source_id"]))
        rows.append([html_text(mark["label"]), html_text(mark["value_text"]), words, origin])
    table_html = html_table(
        ["Mark", "Value", "Words", "From"],
        rows,
        caption="Sources of this chart",
        css_class="chart-sources",
    )
    return f'<div class="chart-sources-wrap">{table_html}</div>'
