"""The chart builders on small hand-made frames: what each chart draws, read from its spec.

Every mark carries its claim and the link to the claim's words, each kind of mark is styled
apart, and every value drawn comes from the frames handed in (none is typed in the builders).
"""

from __future__ import annotations

import json

import polars as pl
import pytest

from antlens import charts
from antlens.charts import marks
from antlens.charts.builders import date_label, period_bounds

WORDS = charts.Words(
    units={"CNY": "yuan", "percent": "percent", "persons": "people"},
    qualifiers={"exact": "", "more_than": "more than", "nearly": "nearly"},
)


def _link(source_id: str, claim_id: str) -> str:
    return f"to/{source_id}#{claim_id}"


def _claim(claim_id: str, value_base: float | None, unit: str | None, **fields) -> dict:
    return {
        "claim_id": claim_id,
        "source_id": "s1",
        "char_start": 0,
        "quote": f"words of {claim_id}",
        "topic": "income_mix",
        "entity": "Test Co",
        "metric": f"metric of {claim_id}",
        "value": value_base,
        "unit": unit,
        "value_base": value_base,
        "qualifier": "exact",
        "period": "2019-H1",
        "flag": None,
        "interpretation_source": None,
        **fields,
    }


CLAIMS = [
    _claim("amount", 30e9, "CNY"),
    _claim("share", 25.0, "percent"),
    _claim("reach", 63.0, "percent", topic="population_coverage", qualifier="more_than"),
    _claim("users", 711e6, "persons", topic="population_coverage", flag="garbled"),
    _claim("bank", None, None, topic="licence_breadth", period=None),
    _claim("fund", None, None, topic="licence_breadth", period=None),
    _claim("founded", 2004, "date", topic="timeline", period="2004"),
    _claim("listed", 2008, "date", topic="timeline", period="2008-12"),
]
OBSERVATION = {
    "observation_id": "books/users-2020",
    "metric": "monthly users",
    "period": "2020-06",
    "unit": "million persons (more than)",
    "confidence": "low",
    "source_title": "The Book, 2020 (second edition)",
    "source_publisher": "Press",
    "url": "https://example.org/book",
    "supporting_phrase": "over 700 million",
}
EVIDENCE = charts.Evidence(
    claims=pl.DataFrame(CLAIMS),
    sources=pl.DataFrame([{"source_id": "s1", "title": "First article"}]),
    observations=pl.DataFrame([OBSERVATION]),
    words=WORDS,
    link=_link,
)
INCOME = pl.DataFrame(
    {
        "period": ["2019-H1", "2019-H1", "2019-H1", "undated"],
        "segment": ["loans", "total", "the rest", "payments"],
        "amount": [30e9, 120e9, 90e9, None],
        "share": [25.0, 100.0, 75.0, None],
        "basis": ["stated", "derived", "unattributed", "stated"],
        "claim_ids": ["amount;share", "amount;share", "amount;share", "bank"],
        "formula": [None, "30 / 0.25", "120 − 30", None],
    }
)


def _rows(spec) -> list[dict]:
    """Every row of a spec's inline data."""
    if isinstance(spec, dict):
        rows = spec["values"] if isinstance(spec.get("values"), list) else []
        return rows + [r for v in spec.values() for r in _rows(v)]
    if isinstance(spec, list):
        return [r for v in spec for r in _rows(v)]
    return []


def _scales(spec, channel: str) -> list[dict]:
    """Every scale of `channel` (fill, stroke, color...) in the spec's layers."""
    found = []
    if isinstance(spec, dict):
        encoding = spec.get("encoding") or {}
        if isinstance(encoding.get(channel), dict) and "scale" in encoding[channel]:
            found.append(encoding[channel]["scale"])
        found += [s for v in spec.values() for s in _scales(v, channel)]
    elif isinstance(spec, list):
        found += [s for v in spec for s in _scales(v, channel)]
    return found


def _every_mark_leads_to_its_claim(figure: charts.Figure) -> None:
    rows = _rows(figure.chart.to_dict())
    assert rows
    for row in rows:
        assert row["href"] == _link(row["source_id"], row["claim_id"])
        assert row["claim_id"] in set(EVIDENCE.claims["claim_id"])
    assert figure.marks["claim_id"].to_list() == [r["claim_id"] for r in rows]


def test_income_mix_draws_the_stated_the_rest_and_the_derived_total():
    figure = charts.income_mix(INCOME, EVIDENCE, unit="CNY")
    _every_mark_leads_to_its_claim(figure)
    drawn = figure.marks.select("kind", "label", "start", "end", "value_text").rows()
    assert drawn == [
        ("stated", "loans", 0.0, 30.0, "30 billion yuan · 25% of income"),
        ("unattributed", "the rest", 30.0, 120.0, "≈ 90 billion yuan · 75% of income"),
        ("derived", "total", 0.0, 120.0, "≈ 120 billion yuan"),
    ]
    assert "payments" not in figure.marks["label"].to_list()  # named without a figure
    assert figure.marks["claim_ids"].to_list() == ["amount;share"] * 3
    assert figure.marks["formula"][2] == "30 / 0.25"
    spec = figure.chart.to_dict()
    assert spec["title"]["text"] == "Ant Group's income, first half of 2019"
    assert "billion yuan" in str(spec)
    assert figure.caption.endswith("Articles: First article (s1).")


def test_kinds_are_styled_apart_and_the_legend_names_each():
    figure = charts.income_mix(INCOME, EVIDENCE, unit="CNY")
    spec = figure.chart.to_dict()
    for channel in ("fill", "stroke", "strokeDash"):
        for scale in _scales(spec, channel):
            labels = [marks.KINDS[k].label for k in ("stated", "unattributed", "derived")]
            assert sorted(scale["domain"]) == sorted(labels)
    styles = {(s.fill, s.stroke, s.dash) for s in marks.KINDS.values()}
    assert len(styles) == len(marks.KINDS)
    fills = _scales(spec, "fill")[0]
    assert len(set(map(str, fills["range"]))) == len(fills["domain"])


def test_a_comparison_sets_published_figures_beside_the_claim():
    comparisons = pl.DataFrame(
        [
            {
                "claim_id": "users",
                "observation_id": "books/users-2020",
                "conversion": "same",
                "value_base": 700e6,
                "unit": "persons",
                "note": "a note",
            }
        ]
    )
    [figure] = charts.comparisons("population_coverage", comparisons, EVIDENCE)
    _every_mark_leads_to_its_claim(figure)
    assert figure.name == "compare-users"
    article, external = figure.marks.iter_rows(named=True)
    assert (article["kind"], article["value"], article["value_text"]) == (
        "interpreted",
        711.0,
        "711 million people",
    )
    assert article["qualifier"] == "interpreted (garbled words in the source)"
    assert (external["kind"], external["value"], external["value_text"]) == (
        "external-low",
        700.0,
        "more than 700 million people",
    )
    assert external["label"] == "monthly users, 2020-06\nThe Book"
    assert external["publisher"] == "The Book, 2020 (second edition) — Press"
    assert figure.chart.to_dict()["title"]["text"] == "Test Co: metric of users"
    assert "External: The Book, 2020 (second edition) — Press." in figure.caption


REACH = {  # a coverage row: "more than 63%" of adults reached
    "claim_id": "reach",
    "unit": "percent",
    "value_base": 63.0,
    "period": "2019",
    "measure": "reached",
    "population": "adults",
}


def test_coverage_shares_are_on_one_percent_axis():
    coverage = pl.DataFrame(
        [
            REACH,
            {
                "claim_id": "users",
                "unit": "persons",
                "value_base": 711e6,
                "period": None,
                "measure": "users",
                "population": "people",
            },
        ]
    )
    figure = charts.coverage_shares(coverage, EVIDENCE)
    _every_mark_leads_to_its_claim(figure)
    assert figure.marks.select("label", "value", "value_text").rows() == [
        ("reached (2019)\nadults", 63.0, "more than 63%"),
    ]
    assert '"domain": [0, 100]' in json.dumps(figure.chart.to_dict())
    # "more than 63%" is drawn as a bound: a triangle at the bar's end, not only a label.
    assert figure.marks["shape"].to_list() == ["triangle-right"]
    assert '"shape": {"field": "shape"' in json.dumps(figure.chart.to_dict())


def test_licence_matrix_lays_out_sectors_and_statuses_in_the_order_given():
    licences = pl.DataFrame(
        {
            "licence_kind": ["bank", "fund sales"],
            "sector": ["banking", "funds"],
            "status": ["owned", "partner"],
            "since": ["2015", None],
            "claim_id": ["bank", "fund"],
            "source_id": ["s1", "s1"],
        }
    )
    statuses = ["owned", "partner", "other"]
    figure = charts.licence_matrix(licences, ["funds", "banking"], statuses, EVIDENCE)
    _every_mark_leads_to_its_claim(figure)
    assert figure.marks.select("column", "qualifier").rows() == [
        ("owned (1)", "owned, since 2015"),
        ("partner (1)", "partner"),
    ]
    spec = figure.chart.to_dict()
    assert spec["title"]["text"] == "Licence breadth: 1 kind of licence owned, by sector"
    colours = _scales(spec, "color")[0]
    assert colours["domain"] == statuses
    assert len(set(colours["range"])) == len(statuses)
    assert '"sort": ["funds", "banking"]' in json.dumps(figure.chart.to_dict())


def test_a_list_of_kinds_that_ends_open_is_counted_as_at_least():
    """ "banking, fund sales and other categories": the list's claims carry `at_least`."""
    words = charts.Words(units=WORDS.units, qualifiers={**WORDS.qualifiers, "at_least": "at least"})
    claims = pl.DataFrame(CLAIMS).with_columns(
        qualifier=pl.when(pl.col("claim_id") == "fund")
        .then(pl.lit("at_least"))
        .otherwise(pl.col("qualifier"))
    )
    evidence = charts.Evidence(claims, EVIDENCE.sources, EVIDENCE.observations, words, _link)
    licences = pl.DataFrame(
        {
            "licence_kind": ["bank", "fund sales"],
            "sector": ["banking", "funds"],
            "status": ["owned", "owned"],
            "since": [None, None],
            "claim_id": ["bank", "fund"],
            "source_id": ["s1", "s1"],
        }
    )
    figure = charts.licence_matrix(licences, ["funds", "banking"], ["owned"], evidence)
    assert set(figure.marks["column"]) == {"owned (at least 2)"}
    title = figure.chart.to_dict()["title"]["text"]
    assert title == "Licence breadth: at least 2 kinds of licence owned, by sector"
    closed = charts.licence_matrix(licences, ["funds", "banking"], ["owned"], EVIDENCE)
    assert set(closed.marks["column"]) == {"owned (2)"}


def test_timeline_spans_each_date_at_its_precision():
    events = pl.DataFrame(
        {
            "date": ["2004", "2008-12", "2011", "2020-Q1"],
            "precision": ["year", "month", "year", "quarter"],
            "qualifier": ["exact", "exact", "more_than", "exact"],
            "event": ["founded", "listed", "hope", "filed"],
            "claim_id": ["founded", "listed", "founded", "listed"],
            "source_id": ["s1", "s1", "s1", "s1"],
        }
    )
    figure = charts.timeline(events, EVIDENCE)
    _every_mark_leads_to_its_claim(figure)
    rows = _rows(figure.chart.to_dict())
    assert [(r["start"], r["end"]) for r in rows] == [
        ("2004-01-01", "2004-12-31"),
        ("2008-12-01", "2008-12-31"),
        ("2011-01-01", "2011-12-31"),
        ("2020-01-01", "2020-03-31"),
    ]
    labels = ["2004 · founded", "Dec 2008 · listed", "after 2011 · hope", "Q1 2020 · filed"]
    assert [r["label"] for r in rows] == labels
    # A bound is drawn as such: a triangle pointing later (down the page), not a dot.
    assert [r["shape"] for r in rows] == ["circle", "circle", "triangle-down", "circle"]
    assert figure.chart.to_dict()["title"]["text"] == "What the articles date, 2004–2020"
    # No grid line runs through the label of an event dated to a year.
    spec = json.dumps(figure.chart.to_dict())
    assert '"grid": true' not in spec and '"grid": false' in spec


@pytest.mark.parametrize(
    ("value", "precision", "bounds", "label"),
    [
        ("2019-H1", "half", ("2019-01-01", "2019-06-30"), "H1 2019"),
        ("2019-H2", "half", ("2019-07-01", "2019-12-31"), "H2 2019"),
        ("2019-02", "month", ("2019-02-01", "2019-02-28"), "Feb 2019"),
        ("2020-11-03", "day", ("2020-11-03", "2020-11-03"), "2020-11-03"),
        ("2020-Q1", "quarter", ("2020-01-01", "2020-03-31"), "Q1 2020"),
        ("2020-Q4", "quarter", ("2020-10-01", "2020-12-31"), "Q4 2020"),
    ],
)
def test_dates_at_each_precision(value, precision, bounds, label):
    assert tuple(d.isoformat() for d in period_bounds(value, precision)) == bounds
    assert date_label(value, precision) == label


def test_an_unknown_claim_is_named():
    with pytest.raises(KeyError, match="'nowhere'"):
        EVIDENCE.claim("nowhere")


def test_every_basis_and_confidence_the_schemas_allow_has_its_style():
    from antlens.website import tables
    from tests.conftest import REPO

    for basis in tables.allowed("income_mix", "basis", REPO):
        assert basis in marks.KINDS, basis
    for confidence in tables.vocabulary("confidence", REPO):
        assert f"external-{confidence}" in marks.KINDS, confidence


def test_claim_values_put_each_unit_apart_and_sources_of_one_figure_on_one_row():
    claims = pl.DataFrame(
        [
            _claim(
                "v1", 2.4e12, "CNY", topic="valuation", metric="value", qualifier="approximately"
            ),
            {**_claim("v2", 2.1e12, "CNY", topic="valuation", metric="value"), "source_id": "s2"},
            _claim("cap", 7.3, "percent", topic="valuation", metric="stake", qualifier="at_most"),
            _claim("named", None, None, topic="valuation", metric="named"),
        ]
    )
    figures = charts.claim_values(claims, EVIDENCE, name="valuation", what="Valuation claims.")
    assert [f.name for f in figures] == ["valuation-percent", "valuation-CNY"]
    percent, money = figures
    assert money.marks.select("claim_id", "row", "value", "shape").rows() == [
        ("v1", "value (first half of 2019)\n· Test Co", 2.4, "diamond"),
        ("v2", "value (first half of 2019)\n· Test Co", 2.1, "circle"),
    ]
    assert percent.marks["shape"].to_list() == ["triangle-left"]  # at most: the value lies below
    spec = json.dumps(money.chart.to_dict())
    assert "trillion yuan" in spec and '"field": "source_id"' in spec
    assert '"domain": [0, 100]' in json.dumps(percent.chart.to_dict())
    assert charts.claim_values(claims.head(0), EVIDENCE, name="none", what="") == []


def test_a_bar_label_has_room_after_its_bar_even_past_a_full_share():
    nearly_all = {**REACH, "value_base": 98.0}
    for row, past in ((REACH, False), (nearly_all, True)):
        spec = charts.coverage_shares(pl.DataFrame([row]), EVIDENCE).chart.to_dict()
        (domain,) = {tuple(s["domain"]) for s in _scales(spec, "x") if "domain" in s}
        assert (domain[1] > 100) is past and domain[0] == 0
        # Past 100 the axis is room for the label only: it names no share beyond 100.
        assert "datum.value <= 100 ? datum.label" in json.dumps(spec)
    end = marks.axis_end([80e6, 10e6], ["more than 80 million merchants", "10 million"])
    room = marks.PLOT_PIXELS * (1 - 80e6 / end)
    assert (
        room + 1e-9 >= marks.LABEL_GAP + len("more than 80 million merchants") * marks.LETTER_PIXELS
    )
