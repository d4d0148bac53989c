"""The Altair charts of the report pages.

`builders` makes one chart per theme (each a `Figure`: the chart, the rows it draws and a caption),
`marks` holds what every chart shares (the mark rows, the style of each kind of mark, the house
style), and `display` shows a chart in a page (`chart_output`: interactive HTML and SVG for print).
"""

from antlens.charts.builders import (
    comparisons,
    coverage_shares,
    income_mix,
    licence_matrix,
    timeline,
)
from antlens.charts.display import chart_output

__all__ = [
    "chart_output",
    "comparisons",
    "coverage_shares",
    "income_mix",
    "licence_matrix",
    "timeline",
]
