"""The report site, rendered from a copy of the repository with a hostile third source added.

Checks the HTML as files: every page is there, nothing loads from the network, every claim has
its anchor, every link and every chart mark leads to an anchor that exists, the prose shows the
tables' numbers, and markup in the data stays text everywhere. Checks the site as a published
thing: a front page, every table to download, the Vega libraries in one file, PDFs linked, and
what real Quarto needs (no `text/html` cell output, its table processing off).
"""

from __future__ import annotations

import html
import json
import re
import struct
import zlib
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin

import polars as pl
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from antlens.api import load
from antlens.charts.marks import split_ids
from antlens.website import render_site, source_pages, urls
from antlens.website.project import load_project
from antlens.website.render import execute_pages
from antlens.website.tables import processed_files
from tests.browser import (
    HOSTILE_CLAIM,
    HOSTILE_ID,
    HOSTILE_POPULATION,
    HOSTILE_QUOTE,
    HOSTILE_SCRIPT,
    HOSTILE_TITLE,
    THEME_PAGES,
    HtmlPage,
    render_copy,
)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The rendered copy's project root (one render for the whole module)."""
    return render_copy(tmp_path_factory.mktemp("reports") / "repo")


def _pages(site: Path) -> dict[str, str]:
    out = site / "_site"
    return {
        p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in out.rglob("*.html")
    }


def _mark_hrefs(spec) -> list[str]:
    """Every `href` value in a chart spec's inline data."""
    if isinstance(spec, dict):
        found = [spec["href"]] if isinstance(spec.get("href"), str) else []
        return found + [h for v in spec.values() for h in _mark_hrefs(v)]
    if isinstance(spec, list):
        return [h for v in spec for h in _mark_hrefs(v)]
    return []


def _data_rows(spec) -> list[dict]:
    """The rows of a chart spec's inline data."""
    if isinstance(spec, dict):
        rows = spec.get("values") if isinstance(spec.get("values"), list) else []
        return rows + [r for v in spec.values() for r in _data_rows(v)]
    if isinstance(spec, list):
        return [r for v in spec for r in _data_rows(v)]
    return []


# ---------------------------------------------------------------------------- pages and links


def test_every_page_is_rendered_including_a_generated_source_page(site: Path):
    pages = _pages(site)
    project = load_project(site)
    expected = {p.with_suffix(".html").as_posix() for p in project.pages}
    assert set(THEME_PAGES) <= expected
    sources = load("sources", root=site)["source_id"].to_list()
    assert HOSTILE_ID in sources
    assert {f"reports/sources/{s}.html" for s in sources} <= expected
    assert expected <= set(pages)
    # The hostile source had no page: render generated it from the template.
    generated = (site / "reports" / "sources" / f"{HOSTILE_ID}.qmd").read_text(encoding="utf-8")
    assert f'source_pages.source_page("{HOSTILE_ID}")' in generated


def test_nothing_is_loaded_from_the_network(site: Path):
    for name, text in _pages(site).items():
        loads = HtmlPage(text).loads
        assert [u for u in loads if re.match(r"^(https?:)?//", u)] == [], name


def test_every_claim_and_sentence_has_its_anchor_on_its_source_page(site: Path):
    pages = _pages(site)
    claims = load("claims", root=site)
    sentences = load("sentences", root=site)
    for source_id in claims["source_id"].unique():
        ids = HtmlPage(pages[f"reports/sources/{source_id}.html"]).ids
        for claim_id in claims.filter(pl.col("source_id") == source_id)["claim_id"]:
            tag, css = ids[f"claim-{claim_id}"]
            assert (tag, "claim" in css.split()) == ("mark", True), claim_id
        wanted = sentences.filter(pl.col("source_id") == source_id)["sentence_id"]
        assert [s for s in wanted if s not in ids] == []


def test_every_link_and_every_chart_mark_leads_to_an_existing_anchor(site: Path):
    pages = _pages(site)
    parsed = {name: HtmlPage(text) for name, text in pages.items()}
    checked = 0
    for name, page in parsed.items():
        targets = [h for h in page.links if not re.match(r"^[a-z]+:", h)]
        targets += [h for spec in page.specs for h in _mark_hrefs(spec)]
        for href in targets:
            url, anchor = urldefrag(urljoin(name, href))
            if not url.endswith(".html"):  # a file to download
                assert (site / "_site" / url).is_file(), f"{name}: {href} leads to no file"
                continue
            assert url in parsed, f"{name}: {href} leads to a missing page"
            if anchor:
                assert anchor in parsed[url].ids, f"{name}: {href} leads to a missing anchor"
            checked += 1
    assert checked > 100


def test_every_chart_mark_carries_a_known_claim(site: Path):
    claim_ids = set(load("claims", root=site)["claim_id"])
    pages = _pages(site)
    charts = 0
    for name in THEME_PAGES:
        for spec in HtmlPage(pages[name]).specs:
            rows = _data_rows(spec)
            assert rows, name
            assert {r.get("claim_id") for r in rows} <= claim_ids, name
            for row in rows:
                source_id, claim_id = row["source_id"], row["claim_id"]
                assert row["href"] == f"sources/{source_id}.html#claim-{claim_id}"
            charts += 1
    assert charts >= 7


# ---------------------------------------------------------------------------- numbers


def _text_of(html_text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html_text))


def test_income_prose_shows_the_tables_numbers(site: Path):
    page = " ".join(_pages(site)["reports/income-mix.html"].split())  # pandoc wraps lines
    income = load("income_mix", root=site)
    text = _text_of(page)
    # Formatted here independently of charts/wording.py: billions with no trailing zeros.
    for row in income.filter(pl.col("amount").is_not_null()).iter_rows(named=True):
        assert f"{row['segment']} " in text
        assert f"{row['amount'] / 1e9:g} billion yuan" in text
        if row["segment"] != "total" and row["share"] is not None:
            assert f"{row['share']:g}% of income" in text
        if row["formula"] and row["basis"] == "derived":
            assert row["formula"] in text
    periods = income.filter(pl.col("amount").is_not_null())["period"].n_unique()
    assert f"in {periods} period{'s' if periods > 1 else ''}:" in text


def test_payments_has_no_number_in_any_chart(site: Path):
    income = load("income_mix", root=site)
    payments = income.filter(pl.col("amount").is_null() & pl.col("share").is_null())
    named = {i for ids in payments["claim_ids"] for i in split_ids(ids)}
    assert named
    page = HtmlPage(_pages(site)["reports/income-mix.html"])
    rows = [r for spec in page.specs for r in _data_rows(spec)]
    assert [r for r in rows if r["claim_id"] in named and r["side"] == "article"] == []
    assert "payments" not in {r.get("label") for r in rows}


def test_licence_and_overview_counts_come_from_the_tables(site: Path):
    pages = {name: " ".join(text.split()) for name, text in _pages(site).items()}
    licences = load("licences", root=site)
    held = licences.filter(pl.col("status") == "held")["licence_kind"].n_unique()
    sectors = licences.filter(pl.col("status") == "held")["sector"].n_unique()
    claims = load("claims", root=site)
    # A list of kinds that ends "and other categories" has claims qualified at_least: a bound.
    held_ids = licences.filter(pl.col("status") == "held")["claim_id"]
    held_claims = claims.filter(pl.col("claim_id").is_in(held_ids.implode()))
    open_list = held_claims.filter(pl.col("qualifier") == "at_least").height > 0
    bound = "at least " if open_list else ""
    assert open_list  # the seeds' list of eight is open
    licence_text = _text_of(pages["reports/licence-breadth.html"])
    assert f"held: {bound}{held} kinds in {sectors} sectors" in licence_text
    assert f"{bound}{held} kinds of licence held, by sector" in " ".join(
        json.dumps(spec) for spec in HtmlPage(pages["reports/licence-breadth.html"]).specs
    )
    index = _text_of(pages["reports/index.html"])
    assert f"what the articles state as {claims.height} claims" in index
    with_number = claims.filter(pl.col("value").is_not_null()).height
    assert f"Of the claims, {with_number} with a number" in index
    rows = licences.filter(pl.col("status") == "held").height
    assert f"{rows} financial licences held" not in index  # kinds are counted, not rows
    assert f"All {claims.height} claims." in pages["reports/claims.html"]
    explorer = HtmlPage(pages["reports/claims.html"]).ids
    assert {f"row-{c}" for c in claims["claim_id"]} <= set(explorer)


# ---------------------------------------------------------------------------- a published site


def test_the_front_page_leads_to_the_overview(site: Path):
    front = (site / "_site" / "index.html").read_text(encoding="utf-8")
    assert HtmlPage(front).links == ["reports/index.html"]
    assert 'content="0; url=reports/index.html"' in front


def test_every_table_file_is_in_the_site_and_linked_from_the_overview(site: Path):
    files = processed_files(site)
    descriptor = json.loads((site / "data/processed/datapackage.json").read_text())
    expected = {r["path"] for r in descriptor["resources"]} | {"datapackage.json", "antlens.xlsx"}
    assert {f.name for f in files} == expected  # the list is the data package's
    links = set(HtmlPage(_pages(site)["reports/index.html"]).links)
    for file in files:
        copy = site / "_site" / urls.download_path(file)
        assert copy.read_bytes() == file.read_bytes(), file.name
        assert f"../downloads/{file.name}" in links, file.name


def test_the_workbook_is_downloaded_only_when_the_build_wrote_one(tmp_path: Path):
    processed = tmp_path / "data" / "processed"
    processed.mkdir(parents=True)
    package = {"resources": [{"name": "claims", "path": "claims.csv", "format": "csv"}]}
    (processed / "datapackage.json").write_text(json.dumps(package))
    assert [f.name for f in processed_files(tmp_path)] == ["claims.csv", "datapackage.json"]
    (processed / "antlens.xlsx").write_bytes(b"PK")
    assert [f.name for f in processed_files(tmp_path)][-1] == "antlens.xlsx"


def test_the_vega_libraries_are_one_file_that_chart_pages_load(site: Path):
    bundle = (site / "_site" / urls.VEGA_BUNDLE).read_text(encoding="utf-8")
    assert len(bundle) > 100_000 and "vegaEmbed" in bundle
    pieces = [bundle[i : i + 200] for i in range(0, len(bundle) - 200, len(bundle) // 5)]
    for name, text in _pages(site).items():
        assert not [p for p in pieces if p in text], f"{name} inlines the bundle"
        scripts = HtmlPage(text).loads
        if 'class="antlens-chart"' in text:
            src = urljoin(name, next(u for u in scripts if u.endswith("vega-bundle.js")))
            assert src == urls.VEGA_BUNDLE.as_posix(), name


def test_quarto_copies_the_bundle_and_leaves_the_tables_alone(site: Path):
    config = yaml.safe_load((site / "_quarto.yml").read_text(encoding="utf-8"))
    assert urls.VEGA_BUNDLE.as_posix() in config["project"]["resources"]
    assert config["format"]["html"]["html-table-processing"] == "none"


def test_no_cell_output_is_html(site: Path):
    """Quarto loads require.js and jQuery from a CDN into a page with a `text/html` output."""
    project = load_project(site)
    kinds = {}
    for page in execute_pages(project, project.pages):
        for cell in page.cells:
            for output in cell.outputs:
                kinds.setdefault(output.get("output_type"), set()).update(output.get("data", {}))
    assert "text/html" not in set().union(*kinds.values())
    assert "text/markdown" in kinds["display_data"] | kinds.get("execute_result", set())


# ---------------------------------------------------------------------------- escaping


def test_markup_in_the_data_renders_as_text_everywhere(site: Path):
    pages = _pages(site)
    for name, text in pages.items():
        for raw in (HOSTILE_SCRIPT, "<img src=x", "<script>alert(", "<i>co</i>", "<em>online"):
            assert raw not in text, f"{name} contains {raw!r} as markup"
    source_page = pages[f"reports/sources/{HOSTILE_ID}.html"]
    mark = re.search(rf'<mark [^>]*id="claim-{HOSTILE_CLAIM}"[^>]*>(.*?)</mark>', source_page, re.S)
    assert mark, "the hostile claim is highlighted"
    assert "&lt;script&gt;" in mark[1]
    assert html.unescape(re.sub(r"<[^>]+>", "", mark[1])) == HOSTILE_QUOTE
    heading = re.search(r'<h2 class="source-title">(.*?)</h2>', source_page, re.S)
    assert "&lt;script&gt;" in heading[1] and html.unescape(heading[1]) == HOSTILE_TITLE
    overview = pages["reports/index.html"]
    assert HOSTILE_TITLE in html.unescape(_text_of(overview))
    # In chart data the quote is JSON with <, > and & escaped, so it cannot end the script block.
    coverage = pages["reports/population-coverage.html"]
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e \\u0026" in coverage
    rows = [r for spec in HtmlPage(coverage).specs for r in _data_rows(spec)]
    assert HOSTILE_QUOTE in {r["quote"] for r in rows}
    assert any(HOSTILE_POPULATION in r["label"] for r in rows)


# ---------------------------------------------------------------------------- helpers, PDF


def test_nested_spans_stay_well_formed_and_keep_one_id():
    text = "One two. Three four."
    spans = [
        source_pages._Span(0, 8, 0, 0, "span", 'id="s0"', 'class="s"'),
        source_pages._Span(9, 20, 0, 1, "span", 'id="s1"', 'class="s"'),
        source_pages._Span(4, 13, 1, 0, "mark", 'id="claim-x"', 'class="c"'),  # over a sentence end
        source_pages._Span(5, 7, 2, 0, "span", 'class="m"', 'class="m"'),
    ]
    out = "".join(source_pages._nest(text, spans))
    assert out == (
        '<span id="s0">One <mark id="claim-x">t<span class="m">wo</span>.</mark></span>'
        '<mark class="c"> </mark><span id="s1"><mark class="c">Thre</mark>e four.</span>'
    )
    assert re.sub(r"<[^>]+>", "", out) == text


class _CoverRecorder(HTMLParser):
    """For each character of the text, the spans (by `data-k`) open around it, outermost first."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.cover: list[tuple[str, ...]] = []

    def handle_starttag(self, tag, attrs):
        self.stack.append(dict(attrs)["data-k"])

    def handle_endtag(self, tag):
        self.stack.pop()

    def handle_data(self, data):
        self.cover += [tuple(self.stack)] * len(data)


@st.composite
def _text_and_spans(draw):
    text = draw(st.text(alphabet="ab <&.", min_size=1, max_size=40))
    spans = []
    for order in range(draw(st.integers(0, 12))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, len(text)))
        layer = draw(st.integers(0, 2))
        k = f'data-k="{order}"'
        spans.append(source_pages._Span(start, end, layer, order, "span", k, k))
    return text, spans


@settings(max_examples=300, deadline=None)
@given(_text_and_spans())
def test_every_character_sits_inside_exactly_the_spans_that_cover_it(case):
    text, spans = case
    recorder = _CoverRecorder()
    recorder.feed("".join(source_pages._nest(text, spans)))
    recorder.close()
    assert recorder.stack == []  # every tag opened is closed
    expected = [
        tuple(
            str(s.order)
            for s in sorted(spans, key=lambda s: (s.layer, s.start, -s.end, s.order))
            if s.start <= i < s.end
        )
        for i in range(len(text))
    ]
    assert recorder.cover == expected


def test_a_one_word_licence_is_shown_among_the_words_of_its_sentence(site: Path):
    """A licence quoted as one word of a list ("fund") reads, beside its chart, with the words
    around it in its sentence."""
    claims = load("claims", root=site).filter(pl.col("topic") == "licence_breadth")
    short = [q for q in claims["quote"] if len(q.split()) == 1]
    assert short
    page = _pages(site)["reports/licence-breadth.html"]
    for quote in short:  # never alone, in a tooltip or in the table of the chart's sources
        assert f'"quote": "{quote}"' not in page and f">{html.escape(quote)}</a>”" not in page
    assert any(re.search(rf"\S+ \[{re.escape(html.escape(q))}\]", page) for q in short)


def test_existing_source_pages_are_never_overwritten(site: Path):
    page = site / "reports" / "sources" / "ant_boundary.qmd"
    before = page.read_text(encoding="utf-8")
    assert source_pages.ensure_source_pages(site) == []
    assert page.read_text(encoding="utf-8") == before


def test_theme_pages_print_to_pdf_and_link_their_pdf(site: Path):
    """Runs last: it renders the site again, after the PDFs, so that pages link them."""
    done = render_site(site, to="pdf", engine="builtin")
    printed = sorted(p.relative_to(site / "_site").as_posix() for p in done.outputs)
    assert printed == [
        "pdf/reports/income-mix.pdf",
        "pdf/reports/licence-breadth.pdf",
        "pdf/reports/population-coverage.pdf",
        "pdf/reports/timeline.pdf",
        "pdf/reports/topics.pdf",
    ]
    for pdf in done.outputs:
        assert pdf.read_bytes().startswith(b"%PDF")
    assert "pdf-link" not in _pages(site)["reports/income-mix.html"]  # rendered before them
    render_site(site, engine="builtin")
    pages = _pages(site)
    for name in printed:
        page = name.removeprefix("pdf/").replace(".pdf", ".html")
        pdf = name.removeprefix("pdf/reports/")
        assert f'<p class="pdf-link"><a href="../pdf/reports/{pdf}">' in pages[page], page
    assert "pdf-link" not in pages["reports/index.html"]  # not printed


def test_a_topic_is_titled_as_the_vocabulary_says_or_from_its_name(tmp_path, monkeypatch):
    from antlens.website import topic_pages
    from tests.conftest import copy_repository

    root = copy_repository(tmp_path / "repo")
    path = root / "schemas" / "vocabularies.yaml"
    vocabularies = yaml.safe_load(path.read_text(encoding="utf-8"))
    vocabularies["topics"]["fees_charged"] = "What Ant Group charges for its services."
    vocabularies["topic_titles"] = {"fees_charged": "Fees and charges"}  # credit_scoring: none
    path.write_text(yaml.safe_dump(vocabularies, allow_unicode=True), encoding="utf-8")
    monkeypatch.chdir(root)
    summary = topic_pages.topics_summary().text
    assert "- [Fees and charges](#topic-fees-charged): no claims yet." in summary
    assert "- [Credit scoring](#topic-credit-scoring):" in summary
    # A vocabulary without `topic_titles` at all titles every topic from its name.
    bare = copy_repository(tmp_path / "bare")
    del vocabularies["topic_titles"]
    (bare / "schemas" / "vocabularies.yaml").write_text(yaml.safe_dump(vocabularies))
    assert topic_pages.topic_title("fees_charged", bare) == "Fees charged"


# ---------------------------------------------------------------------------- print


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, bytes per pixel and unfiltered rows of an 8-bit RGB(A) PNG, as vl-convert writes."""
    pos, idat = 8, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6)
            bpp = 4 if colour == 6 else 3
        idat += body if kind == b"IDAT" else b""
        pos += 12 + length
    raw, stride = zlib.decompress(idat), width * bpp
    rows, above = [], bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 :][:stride])
        for i in range(stride):
            left, corner = (line[i - bpp], above[i - bpp]) if i >= bpp else (0, 0)
            guess = left + above[i] - corner
            paeth = min((abs(guess - left), 0, left), (abs(guess - above[i]), 1, above[i]),
                        (abs(guess - corner), 2, corner))[2]  # fmt: skip
            add = (0, left, above[i], (left + above[i]) // 2, paeth)[kind]
            line[i] = (line[i] + add) & 255
        rows.append(bytes(line))
        above = line
    return width, bpp, rows


def clipped_edges(svg: str) -> list[str]:
    """Which edges of a chart's print image ink touches ("left", "right"): a label cut off."""
    import vl_convert

    width, bpp, rows = png_pixels(vl_convert.svg_to_png(svg, scale=0.5))
    white = b"\xff" * 3
    return [
        side
        for side, x in (("left", 0), ("right", width - 1))
        if any(row[x * bpp : x * bpp + 3] != white for row in rows)
    ]


def test_the_edge_check_sees_a_label_cut_off():
    from antlens.charts.display import _chart_svg

    label = {"values": [{"v": 95, "t": "more than 95 million merchants, cut off"}]}
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": 300,
        "autosize": {"type": "fit-x", "contains": "padding"},  # as every chart: text may overrun
        "data": label,
        "layer": [
            {"mark": "bar", "encoding": {"x": {"field": "v", "type": "quantitative"}}},
            {
                "mark": {"type": "text", "align": "left", "dx": 5},
                "encoding": {"x": {"field": "v", "type": "quantitative"}, "text": {"field": "t"}},
            },
        ],
    }
    assert clipped_edges(_chart_svg(spec)) == ["right"]
    spec["layer"].pop()
    assert clipped_edges(_chart_svg(spec)) == []


def test_the_pdf_pages_read_as_print(site: Path, tmp_path: Path):
    """The PDFs' pages as they go to Typst: no instruction only a screen can follow, and every
    chart's words inside its image, none cut off or shortened to "…"."""
    from antlens.website.markdown import MarkdownTarget, page_markdown

    project = load_project(site)
    charts = 0
    for page in execute_pages(project, project.pdf_pages):
        paper = page_markdown(project, page, MarkdownTarget(to="pdf", workdir=tmp_path))
        images = re.findall(r'image\(bytes\("((?:[^"\\]|\\.)*)"\)', paper)
        words = re.sub(r'image\(bytes\("(?:[^"\\]|\\.)*"\)', "", paper)
        assert re.findall(r"\b(?:hover|click|tap|mouse)\w*", words, re.I) == [], page.source
        for escaped in images:
            svg = escaped.replace('\\"', '"').replace("\\\\", "\\")
            assert "…</t" not in svg, f"{page.source}: a label shortened to …"
            assert clipped_edges(svg) == [], f"{page.source}: a label cut off"
            charts += 1
    assert charts >= len(project.pdf_pages)
