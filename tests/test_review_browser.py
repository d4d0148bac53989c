"""The review page in headless chromium: a whole article reviewed by keyboard, a failing check
shown and nothing saved, and an article's markup kept as text."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import yaml

from antlens.build import build
from antlens.ingest import ingest
from antlens.review import start_review
from tests.browser import Watch, launch, need_browser
from tests.conftest import REPO

pytestmark = pytest.mark.browser

ARTICLE = REPO / "tests" / "fixtures" / "articles" / "ipo_filing.txt"
HOSTILE = (
    "Ant said </script><script>window.pwned = 1</script> & <img src=x onerror=alert(1)> "
    "it has 1bn users.\n"
)


QUOTE_JS = "() => [...document.querySelectorAll('.quote')].map((s) => s.textContent).join('')"


def _serve(root: Path, source_id: str):
    server = start_review(source_id, root)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def browser():
    with need_browser().sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


def _open(browser, server):
    page = browser.new_page()
    watch = Watch()
    watch.attach(page)
    page.goto(server.url)
    page.wait_for_selector("body[data-ready='1']")
    return page, watch


def _press(page, key: str) -> None:
    page.keyboard.press(key)
    page.wait_for_function("() => !document.body.dataset.busy")


def _annotation(root: Path, source_id: str = "ipo_filing") -> dict:
    path = root / "data" / "annotations" / f"{source_id}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_a_whole_article_reviewed_by_keyboard_passes_the_build(repo_copy: Path, browser):
    ingest(ARTICLE, "ipo_filing", {"published": "2020-08-25"}, repo_copy)
    server = _serve(repo_copy, "ipo_filing")
    try:
        page, watch = _open(browser, server)
        total = page.text_content("#count")
        assert total.startswith("0 of 29 reviewed")
        # Widen the first claim's quote by a word to the left, then accept it.
        first = page.evaluate(QUOTE_JS)
        _press(page, "[")
        widened = page.input_value("#field-quote")
        assert widened.endswith(" " + first) and len(widened.split()) == len(first.split()) + 1
        assert widened in ARTICLE.read_text(encoding="utf-8")
        _press(page, "a")
        assert "Saved: claim" in page.text_content("#status")
        # Edit the next claim's id, then accept it with Enter.
        _press(page, "e")
        page.keyboard.press("Control+A")
        page.keyboard.type("ipo-filing-minimum-share")
        _press(page, "Enter")
        # Skip one, come back to it, then exclude it with the third common reason.
        waiting = page.text_content(".number")
        _press(page, "s")
        _press(page, "k")
        assert page.text_content(".number") == waiting
        _press(page, "x")
        _press(page, "3")
        assert "Saved: exclusion" in page.text_content("#status")
        # Accept every other suggestion as it stands; the count stays in view throughout.
        along = []
        for _ in range(40):
            if "· 0 waiting" in page.text_content("#count"):
                break
            along.append("decided with it: 2019" in page.text_content("#item"))
            _press(page, "a")
            assert page.query_selector_all("#problems .problem") == []
            assert page.is_visible("#count")
        assert any(along)  # "full-year revenue for 2019 …": the year goes with its claim
        assert page.text_content("#count").startswith("29 of 29 reviewed")
        assert watch.errors == [] and watch.foreign == [] and watch.dialogs == []
    finally:
        server.shutdown()
        server.server_close()
    document = _annotation(repo_copy)
    claims = {claim["claim_id"]: claim for claim in document["claims"]}
    assert claims["ant-amount-raised"]["quote"] == widened  # as widened on the page
    assert "ipo-filing-minimum-share" in claims
    assert "todo" not in document
    report = build(repo_copy)
    assert report.unreviewed == 0 and report.todo == {}


def test_a_failing_check_shows_its_problem_in_the_page_and_saves_nothing(repo_copy, browser):
    ingest(ARTICLE, "ipo_filing", {"published": "2020-08-25"}, repo_copy)
    path = repo_copy / "data" / "annotations" / "ipo_filing.yaml"
    before = path.read_bytes()
    server = _serve(repo_copy, "ipo_filing")
    try:
        page, _ = _open(browser, server)
        page.fill("#field-value", "31")
        page.focus("#field-value")
        _press(page, "Enter")
        problem = page.wait_for_selector("#problems .problem[data-kind='value-mismatch']")
        assert "value" in problem.text_content()
        assert "Not saved" in page.text_content("#status")
        assert page.text_content("#count").startswith("0 of 29 reviewed")
    finally:
        server.shutdown()
        server.server_close()
    assert path.read_bytes() == before


def test_article_markup_is_shown_as_text_and_never_runs(repo_copy: Path, browser, tmp_path):
    article = tmp_path / "hostile.txt"
    article.write_text(HOSTILE, encoding="utf-8")
    ingest(article, "hostile", {}, repo_copy)
    server = _serve(repo_copy, "hostile")
    try:
        page, watch = _open(browser, server)
        assert page.text_content("#article") == HOSTILE
        assert page.evaluate("() => window.pwned") is None
        assert page.evaluate("() => window.__alerts") == []
        assert page.query_selector("#article script, #article img") is None
        assert watch.dialogs == [] and watch.foreign == []
    finally:
        server.shutdown()
        server.server_close()
