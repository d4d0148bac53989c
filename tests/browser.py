"""Helpers for the report-site tests: a rendered copy of the site, a local server, a browser.

`render_copy` renders the real reports into a copy of the repository to which a hostile third
source has been added (markup and script in its title, its text and its annotation), so every
page is checked against data that tries to break out of its escaping. `serve` serves a folder on
127.0.0.1 like a static host; `need_browser` finds a browser (Playwright's own chromium when it
is installed, else a chromium or Chrome on the PATH) or skips the test saying how to get one;
`launch` starts it with no network chatter of its own; `Watch` records what a page does that it
should not.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

from antlens.build import build
from antlens.website import render_site
from tests.conftest import copy_repository

BROWSERS_ON_PATH = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
HOW_TO_GET_A_BROWSER = (
    "no browser for the browser tests: install Playwright's own chromium with"
    " `.venv-test/bin/python -m playwright install chromium`, or a chromium on the PATH"
    " (Debian or Ubuntu, as root: `apt-get install chromium`; or `make browser`)"
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).parent / "screenshots"

# The theme pages of the rendered site, in navbar order.
THEME_PAGES = [
    "reports/index.html",
    "reports/income-mix.html",
    "reports/population-coverage.html",
    "reports/licence-breadth.html",
    "reports/timeline.html",
    "reports/topics.html",
    "reports/claims.html",
]

# The hostile source: every field a page shows carries markup that must stay text.
HOSTILE_ID = "escape_test"
HOSTILE_CLAIM = "escape-share"
HOSTILE_SCRIPT = "<script>alert(1)</script>"
HOSTILE_QUOTE = f'{HOSTILE_SCRIPT} & "quotes": 12% of users'
HOSTILE_TEXT = f"A test <b>article</b>\n{HOSTILE_QUOTE} were reached.\n"
HOSTILE_TITLE = '<script>alert("title")</script> & <i>co</i>'
HOSTILE_POPULATION = "<img src=x onerror=alert(3)> users"


def add_hostile_source(root: Path) -> None:
    """Register a third article whose text, title and annotation carry script and markup."""
    raw = root / "data" / "raw" / "articles" / f"900_{HOSTILE_ID}.txt"
    raw.write_text(HOSTILE_TEXT, encoding="utf-8")
    registry_path = root / "data" / "sources.yaml"
    registry = yaml.safe_load(registry_path.read_text(encoding="utf-8"))
    registry["sources"].append(
        {
            "source_id": HOSTILE_ID,
            "title": HOSTILE_TITLE,
            "language": "en",
            "path": raw.relative_to(root).as_posix(),
            "sha256": hashlib.sha256(raw.read_bytes()).hexdigest(),
        }
    )
    registry_path.write_text(yaml.safe_dump(registry, allow_unicode=True), encoding="utf-8")
    annotation = {
        "source_id": HOSTILE_ID,
        "claims": [
            {
                "claim_id": HOSTILE_CLAIM,
                "quote": HOSTILE_QUOTE,
                "topic": "population_coverage",
                "entity": 'Test users & "friends"',
                "metric": "share reached <em>online</em>",
                "population": HOSTILE_POPULATION,
                "measure": "share reached",
                "value": 12,
                "unit": "percent",
                "qualifier": "exact",
            }
        ],
    }
    path = root / "data" / "annotations" / f"{HOSTILE_ID}.yaml"
    path.write_text(yaml.safe_dump(annotation, allow_unicode=True), encoding="utf-8")


class HtmlPage(HTMLParser):
    """What a test needs from an HTML page: elements by id, links, external scripts, specs."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.ids: dict[str, tuple[str, str]] = {}  # id → (tag, class)
        self.links: list[str] = []
        self.loads: list[str] = []  # src of <script>/<img>, href of <link>
        self.specs: list[dict] = []
        self._spec: str | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            assert attrs["id"] not in self.ids, f"duplicate id {attrs['id']}"
            self.ids[attrs["id"]] = (tag, attrs.get("class") or "")
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag in ("script", "img") and attrs.get("src"):
            self.loads.append(attrs["src"])
        if tag == "link" and attrs.get("href"):
            self.loads.append(attrs["href"])
        if tag == "script" and str(attrs.get("id", "")).endswith("-spec"):
            self._spec = ""

    def handle_data(self, data):
        if self._spec is not None:
            self._spec += data

    def handle_endtag(self, tag):
        if tag == "script" and self._spec is not None:
            self.specs.append(json.loads(self._spec))
            self._spec = None


def render_copy(target: Path) -> Path:
    """A copy of the repository with the hostile source, built and rendered to HTML."""
    root = copy_repository(target)
    add_hostile_source(root)
    # The hostile text's "alert(1)" is a number nobody reviews: accepted as unreviewed.
    build(root, allow_unaccounted=True)
    render_site(root, engine="builtin")
    return root


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # keep pytest output clean
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 in a thread; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def find_browser(playwright) -> str | None:
    """The browser to drive: Playwright's own chromium when it is installed, else the first of
    `BROWSERS_ON_PATH` found on the PATH; None when there is none."""
    own = Path(playwright.chromium.executable_path)
    if own.is_file():
        return str(own)
    return next(filter(None, map(shutil.which, BROWSERS_ON_PATH)), None)


def need_browser():
    """Playwright's sync API, when Playwright and a browser are there; else skip, saying how."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        if find_browser(playwright) is None:
            pytest.skip(HOW_TO_GET_A_BROWSER)
    return sync_api


def launch(playwright):
    """The browser `find_browser` finds, headless, with no background traffic of its own."""
    executable = find_browser(playwright)
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)


@dataclass
class Watch:
    """What a page did that it should not: console errors, failed scripts, foreign requests,
    dialogs (alert, confirm, prompt)."""

    errors: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def attach(self, page) -> None:
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", self._request)
        page.on("dialog", self._dialog)
        # A second line of defence: any alert() call is recorded even if no dialog opens.
        page.add_init_script(
            "window.__alerts = [];"
            " window.alert = function (m) { window.__alerts.push(String(m)); };"
        )

    def _request(self, request) -> None:
        url = request.url
        if not url.startswith("data:") and urlparse(url).hostname != "127.0.0.1":
            self.foreign.append(url)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def clear(self) -> None:
        self.errors.clear()
        self.foreign.clear()
        self.dialogs.clear()


# Every drawn data mark of every chart on the page, read from the Vega views the page keeps in
# `window.antlensViews`: the mark type, the datum's claim_id, the item's href, and its centre.
MARKS_JS = """
() => {
  const found = [];
  const visit = (mark, chart) => {
    if (!mark || !mark.items) return;
    if (mark.marktype === "group") {
      if (mark.role && !["scope", "frame", "mark"].includes(mark.role)) return;  // guides
      mark.items.forEach((group) => (group.items || []).forEach((m) => visit(m, chart)));
      return;
    }
    if (mark.role !== "mark") return;
    mark.items.forEach((item) => {
      const box = item._svg ? item._svg.getBoundingClientRect() : null;
      found.push({
        chart: chart,
        marktype: mark.marktype,
        claim_id: item.datum ? item.datum.claim_id : null,
        side: item.datum ? item.datum.side : null,
        quote: item.datum ? item.datum.quote : null,
        href: item.href || null,
        x: box ? box.x + box.width / 2 : null,
        y: box ? box.y + box.height / 2 : null,
        width: box ? box.width : 0,
      });
    });
  };
  Object.entries(window.antlensViews || {}).forEach(([chart, view]) => {
    visit(view.scenegraph().root, chart);
  });
  return found;
}
"""

CHARTS_READY_JS = """
() => {
  const charts = document.querySelectorAll(".antlens-chart");
  const views = Object.keys(window.antlensViews || {}).length;
  return views === charts.length &&
    Array.from(charts).every((c) => c.querySelector("svg .role-mark"));
}
"""
