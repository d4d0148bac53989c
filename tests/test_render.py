"""Tests for antlens.website.render: the built-in (Quarto-free) renderer of the report site."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from antlens.charts.display import chart_output
from antlens.website import render_site
from antlens.website.project import RenderError, load_project, parse_qmd
from tests.browser import SCREENSHOTS, Watch, launch, need_browser, serve

FIXTURE = Path(__file__).parent / "fixtures" / "render"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The fixture project rendered once to HTML (one kernel for all its pages)."""
    root = tmp_path_factory.mktemp("site") / "project"
    shutil.copytree(FIXTURE, root)
    report = render_site(root, engine="builtin")
    assert report.engine == "builtin"
    assert len(report.pages) == 2
    assert "with the built-in engine" in report.summary()
    return root


def _read(root: Path, rel: str) -> str:
    return (root / "_site" / rel).read_text(encoding="utf-8")


def test_layout_mirrors_quarto(site: Path):
    out = sorted(p.relative_to(site / "_site").as_posix() for p in (site / "_site").rglob("*.*"))
    assert out == [
        "index.html",  # the front page, leading to the first page
        "reports/assets/vega-bundle.js",  # `project: resources:`, copied as Quarto does
        "reports/charts/trend.html",
        "reports/index.html",
    ]
    front = _read(site, "index.html")
    assert '<meta http-equiv="refresh" content="0; url=reports/index.html">' in front
    assert '<a href="reports/index.html">Fixture site</a>' in front


def test_inline_values_are_computed_and_escaped(site: Path):
    page = _read(site, "reports/index.html")
    # 120.5 + 130.25 + 141.0, formatted in the kernel from the DataFrame in the first cell.
    assert "Total revenue over 3 years was <strong>391.75</strong>" in page
    assert "&lt;b&gt;not bold&lt;/b&gt; &amp; *not em*" in page  # data stays text
    assert "<b>not bold" not in page
    assert "`{python} 1/0`" in page  # plain code blocks are not evaluated
    assert "<th>Year</th>" in page and "<td>130.25</td>" in page  # markdown + DataFrame tables
    assert 'href="charts/trend.html"' in page  # .qmd links point at the .html output


def test_chart_page_loads_the_one_bundle_file_and_nothing_from_the_network(site: Path):
    chart = _read(site, "reports/charts/trend.html")
    home = _read(site, "reports/index.html")
    assert '<div id="antlens-chart-trend" class="antlens-chart"' in chart
    loads = re.findall(r"<script\b[^>]*\bsrc=[^>]*>", chart)
    assert loads == ['<script src="../assets/vega-bundle.js" data-antlens-vega-bundle>']
    bundle = (site / "_site" / "reports" / "assets" / "vega-bundle.js").read_text()
    assert "vegaEmbed" in bundle and bundle[:2000] not in chart  # a file, not in the page
    assert "data-antlens-vega-bundle" not in home  # no charts, no bundle
    for page in (chart, home):
        tags = re.findall(r"<(?:script|link|img)\b[^>]*>", page)
        assert not [t for t in tags if re.search(r"(src|href)=\"?(https?:)?//", t)]
    # Data containing </script> is escaped inside the JSON block, never closing the tag.
    assert "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)" in chart
    assert "<script>alert(1)" not in chart


def test_navbar_links_are_relative_to_each_page(site: Path):
    chart = _read(site, "reports/charts/trend.html")
    assert '<a href="../index.html">Home</a>' in chart
    assert '<a href="trend.html" aria-current="page">Fixture trend</a>' in chart
    assert "Fixture footer" in chart


def test_failing_cell_names_file_and_cell_and_keeps_previous_site(site: Path, tmp_path: Path):
    root = tmp_path / "project"
    shutil.copytree(site, root)  # includes the good _site/ from the first render
    before = {p: p.read_bytes() for p in (root / "_site").rglob("*") if p.is_file()}
    page = root / "reports" / "index.qmd"
    page.write_text(page.read_text().replace("total = ", "total = 1 / 0 + "))
    with pytest.raises(RenderError) as err:
        render_site(root, engine="builtin")
    message = str(err.value)
    assert message.startswith("reports/index.qmd: cell 'setup' (cell 1, line 7) failed:")
    assert message.endswith("ZeroDivisionError: division by zero")
    assert "Traceback" not in message and "\n" not in message
    after = {p: p.read_bytes() for p in (root / "_site").rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in root.iterdir() if p.name.startswith(".")] == []  # no staging left


def test_parse_qmd_options_and_inline():
    text = (
        "---\ntitle: T\nexecute:\n  echo: true\n---\n\nA `{python} x + 1` b.\n\n"
        '```{python}\n#| label: fig-a\n#| fig-cap: "Cap"\n#| include: false\nx = 1\n```\n'
        "````markdown\n```{python}\nnot a cell\n```\n````\n"
    )
    page = parse_qmd(text, Path("p.qmd"))
    assert page.meta["execute"] == {"echo": True}
    [cell] = page.cells
    assert cell.options == {"label": "fig-a", "fig-cap": "Cap", "include": False}
    assert cell.code == "x = 1" and cell.line == 9
    assert [c.expr for c in page.chunks if hasattr(c, "expr")] == ["x + 1"]


def test_load_project_lists_pages_in_order():
    project = load_project(FIXTURE)
    assert [p.as_posix() for p in project.pages] == [
        "reports/index.qmd",
        "reports/charts/trend.qmd",
    ]
    assert project.execute == {"echo": False}


def test_chart_output_is_markdown_with_a_block_for_screen_and_one_for_print(monkeypatch):
    import altair as alt

    from antlens.charts import display

    monkeypatch.setattr(display, "_MODULE_STATE", {})  # a fresh "kernel namespace"
    chart = alt.Chart({"values": [{"a": "<x>", "b": 1}]}).mark_point().encode(x="a:N", y="b:Q")
    bundle = chart_output(chart, name="My Chart", bundle_src="a/b.js")._repr_mimebundle_()
    assert set(bundle) == {"text/markdown", "text/plain"}  # no text/html: see Quarto's widgets
    screen, paper = re.fullmatch(
        r"```{=html}\n(.*)\n```\n\n```{=typst}\n(.*)\n```\n", bundle["text/markdown"], re.S
    ).groups()
    assert 'id="antlens-chart-my-chart"' in screen and "<x>" not in screen
    assert screen.startswith('<script src="a/b.js" data-antlens-vega-bundle></script>')
    assert paper.startswith('#align(center, image(bytes("<svg')


def test_chart_output_loads_the_bundle_once_per_document(monkeypatch):
    """The first chart of a page loads the bundle; a reset namespace (a new page) starts over."""
    from antlens.charts import display

    monkeypatch.setattr(display, "_MODULE_STATE", {})
    spec = {"mark": "point", "data": {"values": [{"a": 1}]}, "encoding": {"x": {"field": "a"}}}
    first, second = (
        chart_output(spec, name="a", bundle_src="b.js")._repr_mimebundle_()["text/markdown"]
        for _ in range(2)
    )
    assert first.count("data-antlens-vega-bundle") == 1
    assert "data-antlens-vega-bundle" not in second
    assert 'id="antlens-chart-a"' in first and 'id="antlens-chart-a-2"' in second
    monkeypatch.setattr(display, "_MODULE_STATE", {})
    assert (
        "data-antlens-vega-bundle"
        in chart_output(spec, name="a", bundle_src="b.js")._repr_mimebundle_()["text/markdown"]
    )


FAKE_QUARTO = """#!/bin/sh
# Stand-in for quarto: writes one page into --output-dir, or fails when asked to.
echo "$@" >> quarto-calls.log
[ -e fail-quarto ] && { echo "ERROR: something broke" >&2; exit 1; }
out=""; prev=""
for a in "$@"; do [ "$prev" = "--output-dir" ] && out="$a"; prev="$a"; done
mkdir -p "$out/reports" && echo "<html>from quarto</html>" > "$out/reports/index.html"
"""


def test_uses_quarto_when_on_path(tmp_path: Path, monkeypatch):
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "quarto").write_text(FAKE_QUARTO)
    (bin_dir / "quarto").chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    report = render_site(root)
    assert report.engine == "quarto" and "with Quarto (found " in report.summary()
    assert _read(root, "reports/index.html") == "<html>from quarto</html>\n"
    assert "url=reports/index.html" in _read(root, "index.html")  # the same front page
    assert (root / "quarto-calls.log").read_text().startswith("render --output-dir ._site-new-")
    (root / "fail-quarto").touch()
    with pytest.raises(RenderError, match="something broke"):
        render_site(root)
    assert _read(root, "reports/index.html") == "<html>from quarto</html>\n"


def test_pdf(site: Path, tmp_path: Path):
    root = tmp_path / "project"
    shutil.copytree(site, root)
    report = render_site(root, to="pdf", engine="builtin")
    assert sorted(p.relative_to(root / "_site").as_posix() for p in report.outputs) == [
        "pdf/reports/charts/trend.pdf",
        "pdf/reports/index.pdf",
    ]
    for pdf in report.outputs:
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF")
        assert len(re.findall(rb"/Type\s*/Page\b", data)) >= 1
    assert (root / "_site" / "reports" / "index.html").exists()  # HTML site kept


@pytest.mark.browser
def test_chart_renders_offline_in_chromium(site: Path):
    sync_api = need_browser()
    watch = Watch()
    with serve(site / "_site") as base, sync_api.sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 900, "height": 700})
        watch.attach(page)
        page.goto(f"{base}/reports/charts/trend.html")
        page.wait_for_selector("#antlens-chart-trend svg .mark-rect path", timeout=15000)
        bars = page.locator("#antlens-chart-trend svg .mark-rect path").count()
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "render-trend.png"), full_page=True)
        page.goto(f"{base}/reports/index.html")
        page.screenshot(path=str(SCREENSHOTS / "render-index.png"), full_page=True)
        browser.close()
    errors, foreign = watch.errors, watch.foreign
    assert bars == 3
    assert errors == []
    assert foreign == []


def test_print_keeps_tables_charts_and_print_text_and_drops_other_html(tmp_path: Path):
    from antlens.website.markdown import MarkdownTarget, page_markdown
    from antlens.website.markup import Block

    page = parse_qmd("```{python}\nx = 1\n```\n", Path("reports/p.qmd"))
    spec = {"mark": "bar", "data": {"values": [{"a": 1}]}, "encoding": {"x": {"field": "a"}}}
    shown = [
        Block("<table><tr><td>kept</td></tr></table>"),
        Block('<div class="filter">screen only</div>'),
        Block("<p>caption</p>", "*caption for print*"),
        chart_output(spec, name="c", bundle_src="b.js"),
    ]
    page.cells[0].outputs = [
        {"output_type": "display_data", "data": s._repr_mimebundle_()} for s in shown
    ]
    project = load_project(FIXTURE)
    paper = page_markdown(project, page, MarkdownTarget(to="pdf", workdir=tmp_path))
    assert "{=html}" not in paper and "screen only" not in paper
    assert re.search(r"```\{=typst\}\n#figure\(.*#table\(.*\[kept\]", paper, re.S)  # a Typst table
    assert '#align(center, image(bytes("<svg' in paper  # the chart as its SVG
    assert '::: {.content-visible unless-format="html"}\n*caption for print*\n:::' in paper
    screen = page_markdown(project, page, MarkdownTarget(to="html"))
    assert screen.count("```{=html}") == 4 and "<table><tr><td>kept" in screen


def test_the_browser_tests_take_whatever_browser_there_is(monkeypatch, tmp_path: Path):
    from types import SimpleNamespace

    from tests import browser

    playwright = SimpleNamespace(chromium=SimpleNamespace(executable_path=str(tmp_path / "no")))
    on_path = {"google-chrome": "/opt/google/chrome"}
    monkeypatch.setattr(browser.shutil, "which", on_path.get)
    assert browser.find_browser(playwright) == "/opt/google/chrome"
    own = tmp_path / "chrome"
    own.touch()
    playwright.chromium.executable_path = str(own)
    assert browser.find_browser(playwright) == str(own)  # Playwright's own comes first
    playwright.chromium.executable_path = str(tmp_path / "no")
    on_path.clear()
    assert browser.find_browser(playwright) is None
    assert "playwright install chromium" in browser.HOW_TO_GET_A_BROWSER
