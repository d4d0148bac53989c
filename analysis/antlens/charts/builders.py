"""Altair chart builders for the report pages: income mix, coverage, licences, timeline.

Every builder takes the DataFrames it draws and the `Evidence` its marks point at, and returns a
`Figure`: the chart, the rows it draws (`marks`, one per mark, each with its `claim_id` and the
`href` of the claim's highlighted words) and a caption naming the sources. The website shows a
figure with a table of exactly those rows, so a reader can follow every mark without the chart.

No value is typed here: every position, label and title comes from the frames passed in. The
numbers that do appear are layout (pixels, line widths, dash patterns). The mark rows, the style
of each kind of mark and the house style are shared by every chart (`marks`).
"""

from __future__ import annotations

import textwrap
from datetime import date, timedelta
from typing import Any

import altair as alt
import polars as pl

from antlens.charts.marks import (
    ARTICLE,
    ARTICLE_LIGHT,
    INK,
    KINDS,
    LETTER_PIXELS,
    MUTED,
    Evidence,
    Figure,
    article_mark,
    category_colours,
    claim_period,
    external_mark,
    horizontal_bars,
    kind_encodings,
    mark_table,
    sources_caption,
    split_ids,
    styled,
    tooltip,
)
from antlens.charts.wording import PERCENT, date_bound, period_text, plural, scale_of

# ---------------------------------------------------------------------------- income mix


def income_mix(income_mix: pl.DataFrame, evidence: Evidence, *, unit: str) -> Figure:
    """Income by period: stated segments and the unattributed rest inside the derived total.

    One bar per period: the stated segment (solid) and the remainder the articles do not break
    down (grey) side by side, inside a dashed outline for the derived total. Segments named
    without a figure (payments) have no amount and are not drawn. `unit` is the amounts' unit
    (the schema's, for the amount column).
    """
    income = income_mix.filter(pl.col("amount").is_not_null())
    factor, word = scale_of(income["amount"].max())
    rows = []
    for period in income["period"].unique(maintain_order=True).to_list():
        period_rows = income.filter(pl.col("period") == period)
        rows += _income_period_marks(period_rows, factor, unit, evidence)
    extra = {"start": pl.Float64, "end": pl.Float64, "bar_label": pl.String, "role": pl.String}
    marks = mark_table(rows, extra)
    layers = _income_layers(marks, f"{word} {evidence.words.unit(unit)}".strip())
    periods = ", ".join(period_text(p) for p in income["period"].unique(maintain_order=True))
    chart = styled(
        layers.properties(height=alt.Step(150)),
        f"Ant Group's income, {periods}",
        "What one sentence states, what follows from it, and what the articles leave open",
    )
    what = "Income by segment from the income_mix table."
    return Figure("income-mix", chart, marks, sources_caption(marks, what, evidence.sources))


def _income_layers(marks: pl.DataFrame, x_title: str) -> alt.LayerChart:
    """The derived total's outline, the segments inside it, and their labels."""
    base = alt.Chart(alt.Data(values=marks.to_dicts())).encode(
        y=alt.Y("period:N", title=None, axis=alt.Axis(labelFontWeight=600, labelPadding=8)),
        href="href:N",
        tooltip=tooltip("article") + [alt.Tooltip("formula:N", title="Formula")],
    )
    kinds = kind_encodings(marks)
    x = alt.X(
        "start:Q", title=x_title, scale=alt.Scale(zero=True, nice=True), axis=alt.Axis(tickCount=8)
    )
    total = (
        base.transform_filter(alt.datum.role == "total")
        .mark_bar(cursor="pointer", strokeWidth=2, height={"band": 0.86}, fillOpacity=0.15)
        .encode(x=x, x2="end:Q", **kinds)
    )
    parts = (
        base.transform_filter(alt.datum.role != "total")
        .mark_bar(cursor="pointer", strokeWidth=1.5, height={"band": 0.5})
        .encode(x=x, x2="end:Q", **kinds)
    )
    inside = (
        base.transform_filter(alt.datum.role != "total")
        # Two lines drawn from the first one down: lift them half a line to centre the pair.
        .mark_text(fontSize=12, lineBreak="\n", dy=-7, cursor="pointer")
        .encode(
            x=alt.X("middle:Q"),
            text="bar_label:N",
            color=alt.condition(alt.datum.kind == "stated", alt.value("#ffffff"), alt.value(INK)),
        )
        .transform_calculate(middle="(datum.start + datum.end) / 2")
    )
    top = (
        base.transform_filter(alt.datum.role == "total")
        .mark_text(
            align="left",
            baseline="bottom",
            dx=8,
            dy=-42,  # inside the dashed outline, above the segments
            fontSize=12,
            fontWeight=600,
            color=ARTICLE,
            cursor="pointer",
        )
        .encode(x="start:Q", text="bar_label:N")
    )
    return alt.layer(total, parts, inside, top)


def _income_period_marks(
    income: pl.DataFrame, factor: float, unit: str, evidence: Evidence
) -> list[dict[str, Any]]:
    """Mark rows of one period: segments laid end to end from zero, then the derived total."""
    rows, start = [], 0.0
    ordered = income.sort(
        pl.col("segment") == "total",
        pl.col("basis").replace_strict({"stated": 0, "unattributed": 1, "derived": 2}),
    )
    for row in ordered.iter_rows(named=True):
        claims = [evidence.claim(i) for i in split_ids(row["claim_ids"])]
        amount = row["amount"] / factor
        total = row["segment"] == "total"
        begin, end = (0.0, amount) if total else (start, start + amount)
        if not total:
            start = end
        words = evidence.words.quantity(row["amount"], unit)
        share = (
            f"{evidence.words.quantity(row['share'], PERCENT)} of income"
            if row["share"] is not None and not total
            else ""
        )
        rows.append(
            {
                **article_mark(claims[0], evidence),
                "claim_ids": row["claim_ids"],
                "kind": row["basis"],
                "kind_label": KINDS[row["basis"]].label,
                "label": row["segment"],
                "value": amount,
                "start": begin,
                "end": end,
                "value_text": " · ".join(
                    filter(None, [f"{'≈ ' if row['basis'] != 'stated' else ''}{words}", share])
                ),
                "role": "total" if total else "part",
                "qualifier": row["basis"]
                if row["basis"] != "stated"
                else evidence.words.qualifier_text(claims[0]),
                "quote": " … ".join(c["quote"] for c in claims),
                "period": period_text(row["period"]),
                "formula": row["formula"] or "none: the sentence states it",
                "bar_label": _income_bar_label(row, words, share),
            }
        )
    return rows


def _income_bar_label(row: dict[str, Any], words: str, share: str) -> str:
    if row["segment"] == "total":
        return f"total ≈ {words} (derived)" if row["basis"] == "derived" else f"total {words}"
    return f"{row['segment']}\n" + " · ".join(filter(None, [words, share]))


# ---------------------------------------------------------------------------- comparisons


def comparison(claim_id: str, comparisons: pl.DataFrame, evidence: Evidence) -> Figure:
    """An article's claim beside the published figures set against it, in the claim's unit."""
    claim = evidence.claim(claim_id)
    pairs = comparisons.filter(pl.col("claim_id") == claim_id)
    unit = claim["unit"]
    values = [claim["value_base"], *pairs["value_base"].to_list()]
    factor, word = (1.0, "") if unit == PERCENT else scale_of(max(values))
    when = claim_period(claim)
    article_label = f"{claim['metric']}, {when}\nthe article ({claim['source_id']})"
    value = claim["value_base"] / factor
    rows = [article_mark(claim, evidence, label=article_label, value=value)]
    for pair in pairs.sort("observation_id").iter_rows(named=True):
        rows.append(external_mark(claim, pair, evidence, value=pair["value_base"] / factor))
    marks = mark_table(rows)
    x_title = f"{word} {evidence.words.unit(unit)}".strip()
    chart = styled(
        horizontal_bars(marks, x_title, unit == PERCENT).properties(height=alt.Step(46)),
        f"{claim['entity']}: {claim['metric']}",
        "The article's figure (blue) beside published ones (orange); periods differ, see each row",
    )
    caption = sources_caption(
        marks, f"Claim {claim_id} and the comparisons table.", evidence.sources
    )
    return Figure(f"compare-{claim_id}", chart, marks, caption)


# ---------------------------------------------------------------------------- population coverage


def coverage_shares(population_coverage: pl.DataFrame, evidence: Evidence) -> Figure:
    """The coverage claims given as percentages, on one 0–100 axis."""
    coverage = population_coverage.filter(pl.col("unit") == PERCENT)
    rows = []
    for row in coverage.iter_rows(named=True):
        claim = evidence.claim(row["claim_id"])
        period = f" ({period_text(row['period'])})" if row["period"] else ""
        label = f"{row['measure']}{period}\n{row['population']}"
        rows.append(article_mark(claim, evidence, label=label, value=row["value_base"]))
    marks = mark_table(rows)
    x_title = evidence.words.unit(PERCENT)
    chart = styled(
        horizontal_bars(marks, x_title, percent=True).properties(height=alt.Step(52)),
        "Who the services reach and leave out, in percent",
        "Each bar is one sentence; its label keeps the sentence's qualifier",
    )
    what = "Percent rows of the population_coverage table."
    return Figure("coverage-shares", chart, marks, sources_caption(marks, what, evidence.sources))


# ---------------------------------------------------------------------------- licences


def licence_matrix(
    licences: pl.DataFrame, sectors: list[str], statuses: list[str], evidence: Evidence
) -> Figure:
    """Licences, qualifications, partner types and designations by sector and status.

    A matrix with sectors down and statuses across (both in the order given: the schema's);
    each cell lists its licences as text, each a mark leading to its words, wrapped to fit its
    column. Column headings count the kinds; a status no row has gets no column, so the others
    have room for their words. The first status is what Ant Group holds, counted in the title.
    """
    # Kinds, not rows: one kind named by two sources is one licence.
    counts = {
        s: licences.filter(pl.col("status") == s)["licence_kind"].n_unique() for s in statuses
    }
    shown = {s: _kinds(licences.filter(pl.col("status") == s), evidence) for s in statuses}
    columns = [f"{s} ({shown[s]})" for s in statuses if counts[s]]
    letters = int((_MATRIX_PIXELS / max(len(columns), 1) - _CELL_INDENT) / LETTER_PIXELS)
    rows, lines = _licence_rows(licences, shown, evidence, letters)
    cells = {"sector": pl.String, "status": pl.String, "column": pl.String, "text": pl.String}
    marks = mark_table(rows, {**cells, "offset": pl.Float64})
    step = (lines + 1) * _LINE_HEIGHT
    base = _licence_cells(marks, columns, sectors, statuses, step)
    dots = base.mark_square(size=70, xOffset=12, opacity=1, cursor="pointer")
    names = base.mark_text(
        align="left",
        baseline="middle",
        fontSize=12,
        lineBreak="\n",
        xOffset=22,
        limit=alt.expr(f"width / {len(columns)} - {_CELL_INDENT}"),  # never into the next one
        cursor="pointer",
    ).encode(text="text:N")
    chart = styled(
        alt.layer(dots, names).properties(height=alt.Step(step)),
        f"Licence breadth: {shown[statuses[0]]} {plural(counts[statuses[0]], 'kind')} of"
        f" licence {statuses[0]}, by sector",
        "Across: what the article says Ant Group has; down: the financial sector",
    )
    caption = sources_caption(marks, "The licences table.", evidence.sources)
    return Figure("licence-matrix", chart, marks, caption)


def _kinds(rows: pl.DataFrame, evidence: Evidence) -> str:
    """How many kinds the rows name, "at least 8" when a list of them is open."""
    qualifiers = [evidence.claim(i)["qualifier"] for i in rows["claim_id"]]
    return evidence.words.kinds(rows["licence_kind"].n_unique(), qualifiers)


_LINE_HEIGHT = 15  # pixels per line of text in a licence cell
_CELL_INDENT = 30  # pixels before a cell's text (its mark) and after it
_MATRIX_PIXELS = 540  # the narrowest grid: the print width less the sectors' labels


def _licence_cells(
    marks: pl.DataFrame, columns: list[str], sectors: list[str], statuses: list[str], step: int
) -> alt.Chart:
    """The matrix's grid: a column per status, a band per sector, each mark at its offset."""
    grid = {"grid": True, "tickBand": "extent", "domain": False, "ticks": False}
    cell = alt.X(
        "column:N",
        bandPosition=0,  # marks start at the cell's left edge; the offsets below indent them
        sort=columns,
        scale=alt.Scale(domain=columns),
        title=None,
        axis=alt.Axis(orient="top", labelFontWeight=600, labelAngle=0, **grid),
    )
    return (
        alt.Chart(alt.Data(values=marks.to_dicts()))
        # With an offset channel a mark sits at its band's top: move it to the middle.
        .transform_calculate(pixels=f"datum.offset * {_LINE_HEIGHT} + {step / 2}")
        .encode(
            x=cell,
            y=alt.Y(
                "sector:N",
                sort=sectors,
                scale=alt.Scale(domain=sectors, paddingInner=0, paddingOuter=0),  # bands = rows
                title=None,
                axis=alt.Axis(labelFontWeight=600, labelPadding=8, **grid),
            ),
            yOffset=alt.YOffset("pixels:Q", scale=None),
            href="href:N",
            tooltip=tooltip("article"),
            color=alt.Color(
                "status:N",
                scale=alt.Scale(domain=statuses, range=category_colours(statuses)),
                legend=None,
            ),
        )
    )


def _licence_rows(
    licences: pl.DataFrame, counts: dict[str, str], evidence: Evidence, letters: int
) -> tuple[list[dict], int]:
    """Mark rows with their text wrapped to `letters` a line and a vertical offset (in lines)
    inside their cell."""
    rows, most = [], 1
    for (sector, status), cell in licences.group_by(["sector", "status"], maintain_order=True):
        kinds = cell.group_by("licence_kind", maintain_order=True).agg(
            pl.col("claim_id"), pl.col("since").drop_nulls().first()
        )
        wrapped = [textwrap.wrap(kind, letters) or [kind] for kind in kinds["licence_kind"]]
        total = sum(len(w) for w in wrapped)
        most = max(most, total)
        before = 0
        for row, lines in zip(kinds.iter_rows(named=True), wrapped, strict=True):
            claim = evidence.claim(row["claim_id"][0])
            # Vega draws a multi-line text from its first line down: offset that line.
            first_line = before - (total - 1) / 2
            before += len(lines)
            rows.append(
                article_mark(
                    claim,
                    evidence,
                    label=f"{row['licence_kind']} ({status}, {sector})",
                    value_text=row["licence_kind"],
                    qualifier=f"{status}" + (f", since {row['since']}" if row["since"] else ""),
                    claim_ids=";".join(row["claim_id"]),
                    sector=sector,
                    status=status,
                    column=f"{status} ({counts[status]})",
                    offset=first_line,
                    text="\n".join(lines),
                )
            )
    return rows, most


# ---------------------------------------------------------------------------- timeline


def timeline(events: pl.DataFrame, evidence: Evidence) -> Figure:
    """Dated events down a time axis: a bar spans the date's precision, labels never overlap."""
    rows = []
    for row in events.iter_rows(named=True):
        start, end = period_bounds(row["date"], row["precision"])
        claim = evidence.claim(row["claim_id"])
        when = date_label(row["date"], row["precision"], row["qualifier"])
        rows.append(
            article_mark(
                claim,
                evidence,
                label=f"{when} · {row['event']}",
                value_text=when,
                start=start,
                end=end,
                middle=start + (end - start) / 2,
                shape=_TIME_SHAPES.get(row["qualifier"], "circle"),
            )
        )
    rows = _dodge(rows, key="middle", out="label_at", gap_fraction=1 / 30)
    marks = mark_table(
        rows,
        {
            "start": pl.Date,
            "end": pl.Date,
            "middle": pl.Date,
            "label_at": pl.Date,
        },
    )
    values = marks.with_columns(pl.col(pl.Date).cast(pl.String)).to_dicts()
    y = _time_axis("middle")
    base = alt.Chart(alt.Data(values=values)).encode(href="href:N", tooltip=tooltip("article"))
    span = base.mark_rule(strokeWidth=8, color=ARTICLE_LIGHT, cursor="pointer").encode(
        x=alt.value(18), y=_time_axis("start"), y2="end:T"
    )
    dot = base.mark_point(size=80, color=ARTICLE, filled=True, opacity=1, cursor="pointer").encode(
        x=alt.value(18), y=y, shape=alt.Shape("shape:N", scale=None)
    )
    leader = base.mark_rule(color=MUTED, strokeWidth=1).encode(
        x=alt.value(24), x2=alt.value(40), y=y, y2="label_at:T"
    )
    text = base.mark_text(
        align="left",
        baseline="middle",
        fontSize=12,
        color=INK,
        cursor="pointer",
        limit=alt.expr("width - 50"),
    ).encode(x=alt.value(44), y=alt.Y("label_at:T"), text="label:N")
    first, last = events["date"].min(), events["date"].max()
    chart = styled(
        alt.layer(span, leader, dot, text).properties(height=520),
        f"What the articles date, {first[:4]}–{last[:4]}",
        "The light bar spans what the date says (a year, a month); a triangle is a bound",
    )
    caption = sources_caption(marks, "The timeline table.", evidence.sources)
    return Figure("timeline", chart, marks, caption)


# Time runs down the page: an event after a date is below it, before a date above it.
_TIME_SHAPES = {
    "more_than": "triangle-down",
    "at_least": "triangle-down",
    "less_than": "triangle-up",
    "at_most": "triangle-up",
    "nearly": "triangle-up",
    "approximately": "diamond",
}


def _time_axis(column: str) -> alt.Y:
    """Time down the page, earliest at the top, by year. No grid: an event dated to a year sits
    on its year's line, which would strike its label through (each label says its date)."""
    return alt.Y(
        f"{column}:T",
        title=None,
        scale=alt.Scale(reverse=True, nice="year"),
        axis=alt.Axis(format="%Y", labelFontWeight=600, grid=False),
    )


def period_bounds(value: str, precision: str) -> tuple[date, date]:
    """First and last day an ISO date of the given precision covers ("2008-12" → Dec 1–31)."""
    year = int(value[:4])
    if precision == "year":
        return date(year, 1, 1), date(year, 12, 31)
    if precision == "half":
        first = value.endswith("H1")
        return (
            (date(year, 1, 1), date(year, 6, 30))
            if first
            else (date(year, 7, 1), date(year, 12, 31))
        )
    if precision == "quarter":
        quarter = int(value[-1])
        following = date(year + quarter // 4, quarter % 4 * 3 + 1, 1)
        return date(year, quarter * 3 - 2, 1), following - timedelta(days=1)
    if precision == "month":
        month = int(value[5:7])
        following = date(year + month // 12, month % 12 + 1, 1)
        return date(year, month, 1), following - timedelta(days=1)
    day = date.fromisoformat(value[:10])
    return day, day


def date_label(value: str, precision: str, qualifier: str | None = None) -> str:
    """A date as a reader says it: "1992", "Dec 2008", "H1 2019", "Q1 2020", "after 2011"."""
    if precision == "month":
        text = f"{period_text(value)[:3]} {value[:4]}"
    elif precision in ("half", "quarter"):
        text = f"{value[5:]} {value[:4]}"
    else:
        text = value
    return f"{date_bound(qualifier)} {text}".strip()


def _dodge(rows: list[dict], key: str, out: str, gap_fraction: float) -> list[dict]:
    """Label positions at least `gap_fraction` of the time span apart, in time order."""
    ordered = sorted(rows, key=lambda r: r[key])
    span = (ordered[-1][key] - ordered[0][key]) if len(ordered) > 1 else timedelta(days=365)
    gap = span * gap_fraction
    previous = None
    for row in ordered:
        position = row[key] if previous is None else max(row[key], previous + gap)
        row[out] = position
        previous = position
    return ordered


def comparisons(topic: str, comparisons: pl.DataFrame, evidence: Evidence) -> list[Figure]:
    """A comparison figure for every claim of `topic` with a figure and published figures."""
    compared = comparisons["claim_id"].unique().to_list()
    claims = evidence.claims.filter(
        (pl.col("topic") == topic)
        & pl.col("value").is_not_null()
        & pl.col("claim_id").is_in(compared)
    )
    ordered = claims.sort("source_id", "char_start")["claim_id"]
    return [comparison(claim_id, comparisons, evidence) for claim_id in ordered]


# ---------------------------------------------------------------------------- claims of a topic

_LABEL_WIDTH = 26  # characters per line of a row label


def claim_values(claims: pl.DataFrame, evidence: Evidence, *, name: str, what: str) -> list[Figure]:
    """The claims with a figure, one chart per unit: a row per metric and period, a mark per
    claim coloured by its source, so sources stating the same figure sit on one row.

    Different units never share an axis. A bound is a triangle pointing where the value may lie,
    an approximation a diamond; garbled words read as a value are hollow.
    """
    valued = claims.filter(pl.col("value_base").is_not_null()).sort(
        "metric", "period", "source_id", "claim_id", nulls_last=True
    )
    figures = []
    for unit in valued["unit"].unique(maintain_order=True).to_list():
        rows = valued.filter(pl.col("unit").eq_missing(unit))
        figures.append(_claim_value_figure(rows, evidence, unit, f"{name}-{unit or 'none'}", what))
    return figures


def _claim_value_figure(
    claims: pl.DataFrame, evidence: Evidence, unit: str | None, name: str, what: str
) -> Figure:
    plain = unit in (PERCENT, "date")
    factor, word = (1.0, "") if plain else scale_of(claims["value_base"].abs().max())
    words = evidence.words
    rows = []
    for claim in claims.iter_rows(named=True):
        row_label = f"{claim['metric']} ({period_text(claim['period'])}) · {claim['entity']}"
        rows.append(
            article_mark(
                claim,
                evidence,
                label=row_label,
                value=claim["value_base"] / factor,
                shape_label=words.qualifier_text({**claim, "flag": None}),
                row="\n".join(textwrap.wrap(row_label, _LABEL_WIDTH)),
            )
        )
    marks = mark_table(rows, {"shape_label": pl.String, "row": pl.String})
    shapes = marks.unique("shape_label", maintain_order=True)
    sources = sorted(set(marks["source_id"]))
    x_title = f"{word} {words.unit(unit)}".strip() or "value"
    axis = alt.Axis(tickCount=5, format="d") if unit == "date" else alt.Axis(tickCount=5)
    scale = (
        alt.Scale(domain=[0, 100]) if unit == PERCENT else alt.Scale(zero=unit != "date", nice=True)
    )
    chart = (
        alt.Chart(alt.Data(values=marks.to_dicts()))
        .mark_point(size=110, filled=True, opacity=1, cursor="pointer", strokeWidth=1.5)
        .encode(
            y=alt.Y(
                "row:N",
                sort=None,
                title=None,
                axis=alt.Axis(
                    labelExpr="split(datum.label, '\\n')", labelLimit=200, labelPadding=6
                ),
            ),
            x=alt.X("value:Q", title=x_title, scale=scale, axis=axis),
            color=alt.Color(
                "source_id:N",
                title="Source",
                scale=alt.Scale(domain=sources, range=category_colours(sources)),
                legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=300),
            ),
            shape=alt.Shape(
                "shape_label:N",
                title="How exact",
                scale=alt.Scale(
                    domain=shapes["shape_label"].to_list(), range=shapes["shape"].to_list()
                ),
                legend=alt.Legend(orient="bottom", direction="vertical"),
            ),
            fillOpacity=alt.condition(
                alt.datum.kind == "interpreted", alt.value(0.15), alt.value(1)
            ),
            href="href:N",
            tooltip=tooltip("article"),
        )
    )
    n_rows = marks["row"].n_unique()
    lines = max(len(r.split("\n")) for r in marks["row"])
    titled = styled(
        chart.properties(height=max(60, n_rows * max(28, 14 * lines + 8))),
        f"In {words.unit(unit) or 'numbers'}" if unit != "date" else "Years",
        "One row per metric and period; one mark per source that states it",
    )
    caption = sources_caption(marks, what, evidence.sources)
    return Figure(name, titled, marks, caption)
