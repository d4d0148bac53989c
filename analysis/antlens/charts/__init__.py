"""The Altair charts of the report pages, made from DataFrames.

`builders` makes one chart per theme (each a `Figure`: the chart, the rows it draws and a
caption) from the theme's table and an `Evidence` (the claims, sources and published figures its
marks point at, the words for values, the link to a claim's words); `marks` holds what every
chart shares; `wording` says numbers in words; `display` shows a chart in a page
(`chart_output`: interactive on screen, SVG in print). Nothing here reads a file or knows the
site: the website hands the frames in.
"""

from antlens.charts.builders import (
    claim_values,
    comparison,
    comparisons,
    coverage_shares,
    income_mix,
    licence_matrix,
    timeline,
)
from antlens.charts.display import chart_output
from antlens.charts.marks import Evidence, Figure
from antlens.charts.wording import Words

__all__ = [
    "Evidence",
    "Figure",
    "Words",
    "chart_output",
    "claim_values",
    "comparison",
    "comparisons",
    "coverage_shares",
    "income_mix",
    "licence_matrix",
    "timeline",
]
