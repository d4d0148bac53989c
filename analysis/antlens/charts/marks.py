"""What every chart shares: the evidence it points at, the rows it draws, the house style.

A chart is made from DataFrames and an `Evidence`: the claims, their sources and the published
figures that marks point back at, the words for values, and the site's link to a claim's words.
It draws one row per mark (`mark_table`, columns `MARK_COLUMNS`), each with its `claim_id` and
the `href` of the claim's highlighted words; `article_mark` and `external_mark` make those rows
from a claim and from a published figure compared with it. Styles are fixed per kind of mark
(`KINDS`) so the pages agree: blue for what an article states, outlined for what is derived, grey
for what the articles leave unattributed, orange for published figures from outside the articles
(lighter and dashed when only one secondary source gives them).
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import altair as alt
import polars as pl

from antlens.charts.wording import Words, period_text

FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
INK, MUTED, RULE = "#1f2328", "#59636e", "#d1d9e0"
ARTICLE, ARTICLE_LIGHT = "#2563a6", "#b9d3ee"
EXTERNAL, EXTERNAL_LIGHT = "#c2570c", "#fbd5b5"
UNATTRIBUTED, UNATTRIBUTED_STROKE = "#e4e8ec", "#7a8591"
PERCENT_RANGE = (0, 100)  # a share is drawn on its whole range, so bars read as parts of a whole


@dataclass(frozen=True)
class Style:
    """How one kind of mark looks, and the legend line that says what it is."""

    label: str
    fill: str
    stroke: str
    dash: tuple[int, ...]


KINDS = {
    "stated": Style("Article, stated: a sentence gives the number", ARTICLE, ARTICLE, ()),
    "interpreted": Style(
        "Article, interpreted: garbled words read with a published figure",
        ARTICLE_LIGHT,
        ARTICLE,
        (4, 2),
    ),
    "derived": Style(
        "Derived: computed from stated numbers (formula in the page's prose)",
        "#ffffff",
        ARTICLE,
        (6, 3),
    ),
    "unattributed": Style(
        "Unattributed: income the articles do not break down",
        UNATTRIBUTED,
        UNATTRIBUTED_STROKE,
        (2, 2),
    ),
    "external-high": Style(
        "External, high confidence: two or more sources agree", EXTERNAL, EXTERNAL, ()
    ),
    "external-low": Style(
        "External, low confidence: one secondary source", EXTERNAL_LIGHT, EXTERNAL, (4, 2)
    ),
}
# Colours of categories (such as licence statuses), given out in the order their schema lists them.
CATEGORY_COLOURS = (ARTICLE, "#1d7a72", "#6b4fbb", "#8a5a00", "#a3324a", "#4d6b1f")


def category_colours(categories: list[str]) -> list[str]:
    """A colour per category, in order; the palette repeats past its end."""
    return [CATEGORY_COLOURS[i % len(CATEGORY_COLOURS)] for i in range(len(categories))]


# How a qualifier is drawn: a bound points the way the value may lie, an approximation is a
# diamond, an exact figure a dot. The shape is in the legend, not only in the label.
QUALIFIER_SHAPES = {
    "exact": "circle",
    "approximately": "diamond",
    "at_least": "triangle-right",
    "more_than": "triangle-right",
    "at_most": "triangle-left",
    "less_than": "triangle-left",
    "nearly": "triangle-left",
}

MARK_COLUMNS = {
    "claim_id": pl.String,  # the claim the mark leads to (for external marks: the claim compared)
    "claim_ids": pl.String,  # every claim the mark rests on, ";"-joined
    "source_id": pl.String,
    "href": pl.String,  # relative URL of the claim's highlighted words
    "side": pl.String,  # article or external
    "kind": pl.String,  # a key of KINDS
    "kind_label": pl.String,
    "label": pl.String,  # what the mark is, for axes and the sources table
    "value": pl.Float64,  # in the chart's display unit
    "value_text": pl.String,  # the value in words, with its qualifier
    "qualifier": pl.String,
    "quote": pl.String,  # the article's words, or an external page's supporting phrase
    "period": pl.String,
    "formula": pl.String,
    "observation_id": pl.String,
    "publisher": pl.String,
    "url": pl.String,
    "confidence": pl.String,
    "note": pl.String,
    "shape": pl.String,  # how the qualifier is drawn (QUALIFIER_SHAPES)
}


@dataclass(frozen=True)
class Figure:
    """A chart, the rows it draws and its caption."""

    name: str
    chart: alt.TopLevelMixin
    marks: pl.DataFrame
    caption: str


@dataclass(frozen=True)
class Evidence:
    """What the marks of every chart point back at, and how to say and link it.

    `claims`, `sources` and `observations` are the processed tables of those names (the last is
    `external_observations`); `link(source_id, claim_id)` is the href of a claim's words.
    """

    claims: pl.DataFrame
    sources: pl.DataFrame
    observations: pl.DataFrame
    words: Words
    link: Callable[[str, str], str]

    def claim(self, claim_id: str) -> dict[str, Any]:
        """One claim as a dict; a clear error names the id when it is not in the claims."""
        return _one(self.claims, "claim_id", claim_id, "claims (run `antlens build`)")

    def observation(self, observation_id: str) -> dict[str, Any]:
        """One external observation as a dict."""
        return _one(self.observations, "observation_id", observation_id, "external_observations")


def _one(frame: pl.DataFrame, column: str, value: str, where: str) -> dict[str, Any]:
    rows = frame.filter(pl.col(column) == value)
    if rows.is_empty():
        raise KeyError(f"{column} {value!r} is not in {where}")
    return rows.row(0, named=True)


def split_ids(claim_ids: str | None) -> list[str]:
    """The claim ids of a theme row's `claim_ids` (";"-separated)."""
    return [part for part in (claim_ids or "").split(";") if part]


# ---------------------------------------------------------------------------- mark rows


def mark_table(
    rows: list[dict[str, Any]], extra: dict[str, pl.DataType] | None = None
) -> pl.DataFrame:
    """Mark rows with every standard column; text columns are "" rather than null (tooltips)."""
    schema = {**MARK_COLUMNS, **(extra or {})}
    frame = pl.DataFrame([{name: row.get(name) for name in schema} for row in rows], schema=schema)
    return frame.with_columns(pl.col(pl.String).fill_null(""))


def article_mark(claim: dict[str, Any], evidence: Evidence, **fields: Any) -> dict[str, Any]:
    """The mark row of an article's claim; `fields` add or override columns."""
    kind = "interpreted" if claim["flag"] else "stated"
    words = evidence.words
    return {
        "claim_id": claim["claim_id"],
        "claim_ids": claim["claim_id"],
        "source_id": claim["source_id"],
        "href": evidence.link(claim["source_id"], claim["claim_id"]),
        "side": "article",
        "kind": kind,
        "kind_label": KINDS[kind].label,
        "value_text": words.qualified(claim),
        "qualifier": words.qualifier_text(claim),
        "quote": claim.get("quote_in_context") or claim["quote"],
        "period": claim_period(claim),
        "shape": QUALIFIER_SHAPES.get(claim["qualifier"] or "exact", "circle"),
        **fields,
    }


def claim_period(claim: dict[str, Any]) -> str:
    """A claim's period, saying where it comes from when garbled words were read with a
    published figure (the article gives no date; the cited figure does)."""
    text = period_text(claim["period"])
    if claim.get("flag") and claim.get("interpretation_source") and claim["period"]:
        return f"{text} (the period of {claim['interpretation_source']}, cited for the reading)"
    return text


def external_mark(
    claim: dict[str, Any], comparison: dict[str, Any], evidence: Evidence, **fields: Any
) -> dict[str, Any]:
    """The mark row of a published figure set beside `claim` (a row of `comparisons`)."""
    seen = evidence.observation(comparison["observation_id"])
    kind = f"external-{seen['confidence']}"
    words = "100 − " if comparison["conversion"] == "complement" else ""
    # A published unit may carry a bound or a caveat: "million merchants (more than)".
    aside = re.search(r"\(([^)]*)\)", seen["unit"])
    bound = f"{aside[1]} " if aside and evidence.words.is_bound(aside[1]) else ""
    value = evidence.words.quantity(comparison["value_base"], comparison["unit"])
    return {
        **article_mark(claim, evidence),
        "side": "external",
        "kind": kind,
        "kind_label": KINDS[kind].label,
        "value_text": bound + value,
        "qualifier": "as published"
        + (f" ({aside[1]})" if aside else "")
        + (" (complement: 100 minus the figure)" if words else ""),
        "quote": seen["supporting_phrase"],
        "period": seen["period"],
        "observation_id": seen["observation_id"],
        "publisher": f"{seen['source_title']} — {seen['source_publisher']}",
        "url": seen["url"],
        "confidence": seen["confidence"],
        "note": comparison["note"] or "",
        "label": f"{words}{seen['metric']}, {seen['period']}\n{_dataset_name(seen)}",
        **fields,
    }


def _dataset_name(seen: dict[str, Any]) -> str:
    """A short publisher name for an axis line: the source title up to its first aside."""
    return re.split(r"\s[(—-]|,|:", seen["source_title"])[0].strip()


def sources_caption(marks: pl.DataFrame, what: str, sources: pl.DataFrame) -> str:
    """A caption naming every article (of `sources`) and external page the marks come from."""
    used = set(marks["source_id"])  # external marks keep the source of the claim they meet
    titles = [
        f"{row['title']} ({row['source_id']})"
        for row in sources.iter_rows(named=True)
        if row["source_id"] in used
    ]
    external = sorted({p for p in marks["publisher"].to_list() if p})
    parts = [f"{what} Articles: " + "; ".join(titles) + "."]
    if external:
        parts.append("External: " + "; ".join(external) + ".")
    return " ".join(parts)


# ---------------------------------------------------------------------------- shared encodings


def kind_encodings(marks: pl.DataFrame) -> dict[str, Any]:
    """Fill, stroke and dash by kind, one legend saying what each kind of mark means."""
    kinds = [k for k in KINDS if k in set(marks["kind"])]
    domain = [KINDS[k].label for k in kinds]
    legend = alt.Legend(
        title=None, orient="bottom", direction="vertical", labelLimit=520, symbolSize=180
    )
    return {
        "fill": alt.Fill(
            "kind_label:N",
            scale=alt.Scale(domain=domain, range=[KINDS[k].fill for k in kinds]),
            legend=legend,
        ),
        "stroke": alt.Stroke(
            "kind_label:N",
            scale=alt.Scale(domain=domain, range=[KINDS[k].stroke for k in kinds]),
            legend=legend,
        ),
        "strokeDash": alt.StrokeDash(
            "kind_label:N",
            scale=alt.Scale(domain=domain, range=[list(KINDS[k].dash) for k in kinds]),
            legend=legend,
        ),
    }


TOOLTIP_FIELDS = {  # (mark column, title) per side, in tooltip order
    "article": (
        ("label", "Mark"),
        ("value_text", "Value"),
        ("qualifier", "Qualifier"),
        ("quote", "Quote"),
        ("period", "Period"),
        ("claim_ids", "Claims"),
        ("source_id", "Source"),
    ),
    "external": (
        ("label", "Mark"),
        ("value_text", "Value"),
        ("qualifier", "Qualifier"),
        ("publisher", "Publisher"),
        ("url", "URL"),
        ("quote", "Supporting phrase"),
        ("confidence", "Confidence"),
        ("note", "Note"),
        ("claim_id", "Compared with claim"),
    ),
}


def tooltip(side: str) -> list[alt.Tooltip]:
    """The tooltip of an article mark or of an external mark (`side`, as in the marks' column)."""
    return [alt.Tooltip(f"{column}:N", title=title) for column, title in TOOLTIP_FIELDS[side]]


def styled(chart: alt.TopLevelMixin, title: str, subtitle: str = "") -> alt.TopLevelMixin:
    """The house style: readable fonts, quiet axes, a left-aligned title."""
    return (
        chart.properties(
            title=alt.Title(title, subtitle=subtitle or alt.Undefined, anchor="start"),
            width="container",
            # Only the width follows the page; heights are set per chart. Vega-Lite still logs a
            # harmless "Dropping fit-y" warning for step heights (vega/vega-lite#8579).
            autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
        )
        .configure(font=FONT, background="#ffffff")
        .configure_view(stroke=None)
        .configure_title(
            fontSize=16,
            fontWeight=600,
            color=INK,
            subtitleColor=MUTED,
            subtitleFontSize=13,
            offset=12,
        )
        .configure_axis(
            labelFontSize=12,
            titleFontSize=12,
            labelColor=INK,
            titleColor=MUTED,
            gridColor=RULE,
            domainColor=MUTED,
        )
        .configure_legend(labelFontSize=12, labelColor=INK, titleFontSize=12)
    )


# A bar's label sits after its end, inside the plot: the axis runs on far enough for the longest
# label in the narrowest plot a chart gets (print, a wide screen), at a generous width per letter.
PLOT_PIXELS = 360
LABEL_GAP = 9  # pixels between a bar's end and its label
LETTER_PIXELS = 7  # of a 12 px label
AXIS_LABEL_LETTERS = 44  # a mark's label line, wrapped to stay within the axis' label limit


def axis_end(values: list[float], labels: list[str]) -> float:
    """Where the value axis ends so that every bar's label fits after it."""
    ends = [
        max(value, 0) / (1 - min(0.8, (LABEL_GAP + len(label) * LETTER_PIXELS) / PLOT_PIXELS))
        for value, label in zip(values, labels, strict=True)
    ]
    return max(ends, default=0) or 1


def _wrapped(label: str) -> str:
    return "\n".join(
        "\n".join(textwrap.wrap(line, AXIS_LABEL_LETTERS) or [line]) for line in label.split("\n")
    )


def horizontal_bars(marks: pl.DataFrame, x_title: str, percent: bool) -> alt.LayerChart:
    """Bars from zero for each mark row, labelled at their end; tooltips per side."""
    end = axis_end(marks["value"].to_list(), marks["value_text"].to_list())
    if percent:  # a share keeps its whole range, with room after it for a label when needed
        scale = alt.Scale(domain=[PERCENT_RANGE[0], max(PERCENT_RANGE[1], end)])
        top = PERCENT_RANGE[1]  # no share beyond it: the room after it is for labels only
        axis = alt.Axis(tickCount=6, labelExpr=f"datum.value <= {top} ? datum.label : ''")
    else:
        scale, axis = alt.Scale(domain=[0, end], nice=True), alt.Axis(tickCount=6)
    rows = marks.with_columns(pl.col("label").map_elements(_wrapped, return_dtype=pl.String))
    base = alt.Chart(alt.Data(values=rows.to_dicts())).encode(
        y=alt.Y(
            "label:N",
            sort=None,
            title=None,
            axis=alt.Axis(labelExpr="split(datum.label, '\\n')", labelLimit=340, labelPadding=8),
        ),
        x=alt.X("value:Q", title=x_title, scale=scale, axis=axis),
        href="href:N",
    )
    bars = base.mark_bar(cursor="pointer", strokeWidth=1.5, height={"band": 0.62}).encode(
        **kind_encodings(marks)
    )
    # A bound or an approximation gets a marker at the bar's end, so "more than 63%" never
    # looks like an exact 63%: a triangle pointing where the value may lie, a diamond for about.
    bounds = (
        base.transform_filter(
            (alt.datum.side == "article") & (alt.datum.shape != "circle") & (alt.datum.shape != "")
        )
        .mark_point(filled=True, size=90, color=INK, opacity=1, cursor="pointer")
        .encode(shape=alt.Shape("shape:N", scale=None), tooltip=tooltip("article"))
    )
    labels = base.mark_text(align="left", dx=9, fontSize=12, color=INK, cursor="pointer").encode(
        text="value_text:N"
    )
    return alt.layer(*_by_side(bars), bounds, *_by_side(labels))


def _by_side(layer: alt.Chart) -> list[alt.Chart]:
    """The layer split into article and external marks, each with its own tooltip."""
    return [
        layer.transform_filter(alt.datum.side == side).encode(tooltip=tooltip(side))
        for side in TOOLTIP_FIELDS
    ]
