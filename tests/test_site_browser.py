"""The rendered site in headless chromium: pages load offline and clean, charts draw, every mark
leads to its highlighted words, tooltips quote them, and hostile text never runs.

The site is the real reports rendered from a copy of the repository with a hostile third source
(tests/browser.py). Screenshots of every page go to tests/screenshots/ for a person to look at.
"""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import urldefrag, urljoin

import pytest

from tests.browser import (
    CHARTS_READY_JS,
    HOSTILE_CLAIM,
    HOSTILE_ID,
    HOSTILE_QUOTE,
    HOSTILE_SCRIPT,
    MARKS_JS,
    SCREENSHOTS,
    THEME_PAGES,
    Watch,
    launch,
    need_browser,
    render_copy,
    serve,
)

pytestmark = pytest.mark.browser

PAGES = [
    *THEME_PAGES,
    "reports/sources/ant_boundary.html",
    "reports/sources/ant_duality.html",
    f"reports/sources/{HOSTILE_ID}.html",
]
CHART_PAGES = PAGES[1:5]


@pytest.fixture(scope="module")
def browser_page(tmp_path_factory):
    """A chromium page on the rendered site: (page, base URL, watch, site folder)."""
    sync_api = need_browser()
    root = render_copy(tmp_path_factory.mktemp("browser") / "repo")
    with serve(root / "_site") as base, sync_api.sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        watch = Watch()
        watch.attach(page)
        yield page, base, watch, root / "_site"
        browser.close()


def _open(page, url: str) -> None:
    page.goto(url)
    if page.locator(".antlens-chart").count():
        page.wait_for_function(CHARTS_READY_JS, timeout=20000)


def test_every_page_loads_offline_without_errors(browser_page):
    page, base, watch, _ = browser_page
    SCREENSHOTS.mkdir(exist_ok=True)
    problems = {}
    for name in PAGES:
        watch.clear()
        _open(page, f"{base}/{name}")
        shot = name.removeprefix("reports/").replace("/", "-").removesuffix(".html")
        page.screenshot(path=str(SCREENSHOTS / f"site-{shot}.png"), full_page=True)
        found = {"errors": watch.errors, "foreign": watch.foreign, "dialogs": watch.dialogs}
        if any(found.values()):
            problems[name] = {k: list(v) for k, v in found.items() if v}
    assert problems == {}


def test_every_chart_draws_marks_that_carry_claims(browser_page):
    page, base, _, _ = browser_page
    for name in CHART_PAGES:
        _open(page, f"{base}/{name}")
        charts = page.locator(".antlens-chart").count()
        marks = page.evaluate(MARKS_JS)
        drawn = {m["chart"] for m in marks}
        assert charts >= 1 and len(drawn) == charts, name
        assert [m for m in marks if not (m["claim_id"] and m["href"])] == [], name
        assert page.locator(".antlens-chart svg .role-mark").count() >= charts


def test_every_mark_leads_to_its_highlighted_words(browser_page):
    page, base, _, _ = browser_page
    targets: dict[str, set[str]] = defaultdict(set)  # source page URL → anchors
    for name in CHART_PAGES:
        _open(page, f"{base}/{name}")
        for mark in page.evaluate(MARKS_JS):
            url, anchor = urldefrag(urljoin(f"{base}/{name}", mark["href"]))
            assert anchor == f"claim-{mark['claim_id']}"
            targets[url].add(anchor)
    assert len(targets) >= 2
    for url, anchors in targets.items():
        page.goto(url)
        found = page.evaluate(
            """(ids) => ids.map((id) => {
                 const el = document.getElementById(id);
                 return el ? el.tagName.toLowerCase() + "." + el.className.split(" ")[0] : null;
               })""",
            sorted(anchors),
        )
        assert dict(zip(sorted(anchors), found, strict=True)) == {a: "mark.claim" for a in anchors}


def test_clicking_a_mark_opens_its_sentence(browser_page):
    page, base, _, _ = browser_page
    _open(page, f"{base}/reports/income-mix.html")
    bar = next(
        m for m in page.evaluate(MARKS_JS) if m["marktype"] == "rect" and m["side"] == "article"
    )
    page.mouse.click(bar["x"], bar["y"])
    page.wait_for_url(f"**/sources/*.html#claim-{bar['claim_id']}")
    target = page.evaluate("document.querySelector(':target').outerHTML")
    assert target.startswith("<mark") and f'id="claim-{bar["claim_id"]}"' in target


def test_hovering_a_mark_shows_its_quote(browser_page):
    page, base, _, _ = browser_page
    for name in CHART_PAGES:
        _open(page, f"{base}/{name}")
        mark = next(m for m in page.evaluate(MARKS_JS) if m["side"] == "article" and m["width"])
        page.mouse.move(mark["x"], mark["y"])
        tooltip = page.locator("#vg-tooltip-element")
        tooltip.wait_for(state="visible", timeout=5000)
        assert mark["quote"] in tooltip.inner_text(), name
        page.mouse.move(1, 1)


def test_hostile_text_is_shown_and_never_runs(browser_page):
    page, base, watch, _ = browser_page
    watch.clear()
    # The claim's words on its source page: visible as text, highlighted.
    page.goto(f"{base}/reports/sources/{HOSTILE_ID}.html#claim-{HOSTILE_CLAIM}")
    mark = page.locator(f"#claim-{HOSTILE_CLAIM}")
    assert mark.inner_text() == HOSTILE_QUOTE
    assert page.locator(".article script, .article img, .source-title i").count() == 0
    # The same words in a chart tooltip.
    _open(page, f"{base}/reports/population-coverage.html")
    hostile = next(m for m in page.evaluate(MARKS_JS) if m["claim_id"] == HOSTILE_CLAIM)
    page.mouse.move(hostile["x"], hostile["y"])
    tooltip = page.locator("#vg-tooltip-element")
    tooltip.wait_for(state="visible", timeout=5000)
    assert HOSTILE_SCRIPT in tooltip.inner_text()
    assert tooltip.locator("script, img").count() == 0
    # And in the claims explorer.
    _open(page, f"{base}/reports/claims.html")
    assert HOSTILE_SCRIPT in page.locator(f"#row-{HOSTILE_CLAIM}").inner_text()
    for name in ("reports/index.html", f"reports/sources/{HOSTILE_ID}.html"):
        _open(page, f"{base}/{name}")
        assert page.evaluate("window.__alerts") == [], name
    assert watch.dialogs == []


def test_claims_explorer_filters(browser_page):
    page, base, _, _ = browser_page
    _open(page, f"{base}/reports/claims.html")
    rows = page.locator("#claims-explorer tbody tr")
    total = rows.count()
    page.select_option("#claims-explorer select[name=topic]", "licence_breadth")
    visible = page.locator("#claims-explorer tbody tr:not([hidden])")
    topics = visible.evaluate_all("(rows) => rows.map((r) => r.dataset.topic)")
    assert 0 < len(topics) < total and set(topics) == {"licence_breadth"}
    page.fill("#claims-explorer input[type=search]", "insurance agency")
    assert visible.count() == 1
    assert "1 of" in page.locator(".explorer-count").inner_text()
    page.fill("#claims-explorer input[type=search]", "")
    page.select_option("#claims-explorer select[name=topic]", "")
    assert visible.count() == total


def test_the_site_works_from_files_too(browser_page):
    """Opened from `file://`, a chart page loads the bundle file beside it and draws."""
    page, _, watch, site = browser_page
    watch.clear()
    page.goto((site / "index.html").as_uri())
    page.wait_for_url("**/reports/index.html")
    for name in CHART_PAGES:
        _open(page, (site / name).as_uri())
        assert page.evaluate(MARKS_JS), name
    assert watch.errors == []


# Every text of every chart that lies outside its chart's drawing, or is shortened to "…".
CUT_LABELS_JS = """() => [...document.querySelectorAll('.antlens-chart svg')].flatMap((svg) => {
  const box = svg.getBoundingClientRect();
  const cut = (t) => { const b = t.getBoundingClientRect();
    return b.width && (b.right > box.right + 1 || b.left < box.left - 1); };
  return [...svg.querySelectorAll('text')]
    .filter((t) => cut(t) || t.textContent.endsWith('…'))
    .map((t) => svg.closest('.antlens-chart').id + ': ' + t.textContent);
})"""


def test_no_page_is_wider_than_a_phone(browser_page):
    """At a phone's width (390 px) no page scrolls sideways: wide charts and tables scroll
    inside their own box. There and on a wide screen, no chart's words are cut off."""
    page, base, watch, _ = browser_page
    widths, cut = {}, {}
    try:
        for width in (390, 1200):
            page.set_viewport_size({"width": width, "height": 844})
            for name in [*CHART_PAGES, "reports/topics.html"]:
                _open(page, f"{base}/{name}")
                cut[(width, name)] = page.evaluate(CUT_LABELS_JS)
        page.set_viewport_size({"width": 390, "height": 844})
        for name in PAGES:
            _open(page, f"{base}/{name}")
            widths[name] = page.evaluate("document.documentElement.scrollWidth")
    finally:
        page.set_viewport_size({"width": 1200, "height": 900})
    assert {name: w for name, w in widths.items() if w > 390} == {}
    assert {key: labels for key, labels in cut.items() if labels} == {}
