"""Whatever the build accepts, the site renders: curations generated over the seeds' own text.

Hypothesis writes curations the build accepts — any topic, unit, qualifier and period precision
the words allow, theme details complete or partial, one article registered twice so that two
sources state the same figures, and tables left empty — builds each, runs every page and checks
that every claim appears on the topics page with a link to its highlighted words. A smaller set
is rendered to HTML to follow every link. An empty corpus renders an empty, honest site. A new
article (the press report on the 2020 IPO filing) added to the seeds reaches its topics' pages
and the facts, and every number in the prose is one the tables hold, before and after.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
from functools import cache
from pathlib import Path
from urllib.parse import urldefrag, urljoin

import polars as pl
import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from antlens.api import load
from antlens.build import build
from antlens.website import publish, render_site
from antlens.website.project import load_project
from antlens.website.render import execute_pages
from tests.browser import HtmlPage
from tests.conftest import REPO, SCHEMAS, copy_repository

SEEDS = ("ant_boundary", "ant_duality")
COPY = "ant_boundary_reprint"  # the same article registered again: two sources, same figures
PERIODS = ("2019", "2019-H2", "2020-Q1", "2019-06", "2020-06-30")
SEGMENTS = ("credit", "payments", "total", "wealth management")
TOPICS = list(SCHEMAS.vocabulary("topics"))
UNDATED_TOPICS = [t for t in TOPICS if t != "timeline"]
UNITS = list(SCHEMAS.vocabulary("units"))
QUALIFIERS = list(SCHEMAS.vocabulary("qualifiers"))
SECTORS = ["banking", "payments", "credit", "insurance"]
STATUSES = ["held", "qualification", "partner", "designation", "applied", "awaited", "revoked"]
# Each example builds a project: no shrinking or explaining, which would build hundreds more.
FAST = settings(
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# ---------------------------------------------------------------------------- what the words allow


@cache
def _seed_entries() -> dict[str, list[dict]]:
    """The seeds' claims as their curators wrote them, by source."""
    return {
        source: yaml.safe_load((REPO / "data/annotations" / f"{source}.yaml").read_text())["claims"]
        for source in SEEDS
    }


@cache
def _freedom() -> dict[str, dict]:
    """For each seed claim, what its words leave open: units, periods, qualifiers.

    The build checks a claim against its quote: a unit the words say is fixed, a date in the
    words fixes the period, and a bound or an approximation in the words must be kept.
    """
    root = copy_repository(Path(tempfile.mkdtemp(prefix="antlens-freedom-")) / "repo")
    try:
        build(root)
        claims = load("claims", root=root)
        mentions = load("mentions", root=root)
    finally:
        shutil.rmtree(root.parent)
    free = {}
    for claim in claims.iter_rows(named=True):
        inside = mentions.filter(
            (pl.col("source_id") == claim["source_id"])
            & (pl.col("char_start") >= claim["char_start"])
            & (pl.col("char_end") <= claim["char_end"])
        )
        own = inside.filter(pl.col("claim_id") == claim["claim_id"])
        value = claim["value"]
        units = [claim["unit"]]
        if value is not None and (own.is_empty() or own["unit"][0] is None):
            units = [u for u in UNITS if u != "percent" or 0 <= value <= 100]
        dated = inside.filter(pl.col("kind") == "date")["date"].drop_nulls()
        periods = [claim["period"]] if dated.len() else [None, *PERIODS]
        bound = not own.is_empty() and own["kind"][0] != "date" and own["qualifier"][0] != "exact"
        qualifiers = [q for q in QUALIFIERS if q != "exact"] if bound else QUALIFIERS
        free[claim["claim_id"]] = {"units": units, "periods": periods, "qualifiers": qualifiers}
    return free


@st.composite
def _claim(draw, entry: dict) -> dict:
    """One seed claim curated anew: its words and number kept, the rest drawn."""
    free = _freedom()[entry["claim_id"]]
    claim = {k: v for k, v in entry.items() if k not in ("segment", "licence", "event", "note")}
    claim.pop("population", None), claim.pop("measure", None)
    dated = [p for p in free["periods"] if p]
    # A timeline claim needs an event (schemas/records.yaml `theme_details`), an event its period.
    claim["topic"] = draw(st.sampled_from(TOPICS if dated else UNDATED_TOPICS))
    unit = draw(st.sampled_from(free["units"]))
    if unit != entry.get("unit"):
        claim.pop("compare_with", None)  # a published figure in the old unit no longer fits
    claim["unit"] = unit
    timeline = claim["topic"] == "timeline"
    claim["period"] = draw(st.sampled_from(dated if timeline else free["periods"]))
    claim["qualifier"] = draw(st.sampled_from(free["qualifiers"]))
    if claim["topic"] == "income_mix":
        claim["segment"] = draw(st.sampled_from(SEGMENTS))
    if claim["topic"] == "licence_breadth":
        licence = {
            "kind": draw(st.sampled_from(["micro-loan", "banking", "payment", "fund"])),
            "sector": draw(st.sampled_from(SECTORS)),
            "status": draw(st.sampled_from(STATUSES)),
        }
        if claim["period"] and draw(st.booleans()):
            licence["since"] = claim["period"]
        claim["licence"] = licence
    if claim["topic"] == "population_coverage" and draw(st.booleans()):  # details partial
        claim["population"] = "People counted"
    if timeline or (claim["period"] and draw(st.booleans())):
        claim["event"] = f"Event of {claim['claim_id']}"
    return {k: v for k, v in claim.items() if v is not None}


@st.composite
def curations(draw, most: int = 12, least: int = 0) -> dict[str, list[dict]]:
    """Claims for each seed (maybe none), and maybe the reprint stating some of the same."""
    chosen = {}
    for source, entries in _seed_entries().items():
        picked = draw(
            st.lists(st.sampled_from(entries), min_size=least, max_size=most, unique_by=_id)
        )
        chosen[source] = [draw(_claim(entry)) for entry in picked]
    if draw(st.booleans()) and chosen["ant_boundary"]:
        reprinted = draw(
            st.lists(st.sampled_from(chosen["ant_boundary"]), min_size=1, unique_by=_id)
        )
        chosen[COPY] = [{**c, "claim_id": f"{c['claim_id']}-reprint"} for c in reprinted]
    return chosen


def _id(claim: dict) -> str:
    return claim["claim_id"]


# ---------------------------------------------------------------------------- a project


def write_corpus(root: Path, curation: dict[str, list[dict]]) -> Path:
    """A copy of the repository whose annotations are `curation` (exclusions kept)."""
    copy_repository(root)
    registry_path = root / "data" / "sources.yaml"
    registry = yaml.safe_load(registry_path.read_text(encoding="utf-8"))
    if COPY in curation:
        original = next(r for r in registry["sources"] if r["source_id"] == "ant_boundary")
        raw = root / "data" / "raw" / "articles" / f"{COPY}.txt"
        raw.write_bytes((root / original["path"]).read_bytes() + b"\n")  # another file
        registry["sources"].append(
            {
                **original,
                "source_id": COPY,
                "path": raw.relative_to(root).as_posix(),
                "sha256": hashlib.sha256(raw.read_bytes()).hexdigest(),
            }
        )
        registry_path.write_text(yaml.safe_dump(registry, allow_unicode=True), encoding="utf-8")
    for source, claims in curation.items():
        path = root / "data" / "annotations" / f"{source}.yaml"
        seed = root / "data" / "annotations" / f"{source if source in SEEDS else SEEDS[0]}.yaml"
        document = yaml.safe_load(seed.read_text(encoding="utf-8"))
        document.update(source_id=source, claims=claims)
        path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return root


def empty_corpus(root: Path) -> Path:
    """A copy of the repository with no sources and no annotations."""
    copy_repository(root)
    (root / "data" / "sources.yaml").write_text("sources: []\n", encoding="utf-8")
    for path in (root / "data" / "annotations").glob("*.yaml"):
        path.unlink()
    for path in (root / "reports" / "sources").glob("*.qmd"):
        if not path.name.startswith("_"):
            path.unlink()
    return root


def _outputs(page) -> str:
    """Everything a run page shows, as one text: markdown outputs and inline values."""
    parts = []
    for chunk in page.chunks:
        parts.append(str(getattr(chunk, "value", "") or ""))
        for output in getattr(chunk, "outputs", None) or []:
            parts += [str(v) for v in (output.get("data") or {}).values()]
            parts.append(str(output.get("text", "")))
    return "\n".join(parts)


def _claims_on_their_page(root: Path, topics_page: str) -> None:
    claims = load("claims", root=root)
    for claim in claims.iter_rows(named=True):
        href = f"sources/{claim['source_id']}.html#claim-{claim['claim_id']}"
        assert href in topics_page, f"{claim['claim_id']} ({claim['topic']}) is on no topic page"


# ---------------------------------------------------------------------------- the tests


@settings(FAST, max_examples=6)
@given(curation=curations())
def test_every_accepted_curation_runs_every_page(curation, tmp_path_factory):
    root = write_corpus(tmp_path_factory.mktemp("any") / "repo", curation)
    build(root, allow_unaccounted=True)
    publish.prepare(root)
    project = load_project(root)
    shown = {
        page.source.as_posix(): _outputs(page) for page in execute_pages(project, project.pages)
    }
    _claims_on_their_page(root, shown["reports/topics.qmd"])


@settings(FAST, max_examples=3)
@given(curation=curations(most=8, least=2))
def test_every_accepted_curation_renders_with_links_that_resolve(curation, tmp_path_factory):
    root = write_corpus(tmp_path_factory.mktemp("site") / "repo", curation)
    build(root, allow_unaccounted=True)
    render_site(root, engine="builtin")
    site = root / "_site"
    pages = {
        p.relative_to(site).as_posix(): HtmlPage(p.read_text(encoding="utf-8"))
        for p in site.rglob("*.html")
    }
    _claims_on_their_page(root, (site / "reports" / "topics.html").read_text(encoding="utf-8"))
    _every_link_resolves(site, pages)


def _every_link_resolves(site: Path, pages: dict[str, HtmlPage]) -> None:
    for name, page in pages.items():
        hrefs = [h for h in page.links if not re.match(r"^[a-z]+:", h)]
        for href in hrefs:
            url, anchor = urldefrag(urljoin(name, href))
            if not url.endswith(".html"):
                assert (site / url).is_file(), f"{name}: {href} leads to no file"
                continue
            assert url in pages, f"{name}: {href} leads to a missing page"
            if anchor:
                assert anchor in pages[url].ids, f"{name}: {href} leads to a missing anchor"


def test_an_empty_corpus_renders_an_honest_empty_site(tmp_path):
    root = empty_corpus(tmp_path / "repo")
    build(root)
    render_site(root, engine="builtin")
    site = root / "_site" / "reports"
    text = {p.stem: _text(p.read_text(encoding="utf-8")) for p in site.glob("*.html")}
    assert "reads 0 news articles" in text["index"]
    assert "The articles give no amount or share of income yet." in text["income-mix"]
    assert "The articles name no licence yet." in text["licence-breadth"]
    assert "The articles date no event yet." in text["timeline"]
    assert "No claim of the articles has this topic yet." in text["topics"]
    assert not list(site.glob("sources/*.html"))


def _text(html: str) -> str:
    main = html[html.find("<main") :] if "<main" in html else html
    main = re.sub(r"<(script|style)\b.*?</\1>", " ", main, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", main).replace("&amp;", "&").split())


# ---------------------------------------------------------------------------- a new article

ARTICLE = REPO / "tests" / "fixtures" / "articles" / "ipo_filing.txt"
ARTICLE_ID = "ipo_filing"
# The press report on the 2020 IPO filing, curated as the README's walk-through does.
ARTICLE_CLAIMS = [
    {"claim_id": "ipo-revenue-2019", "quote": "on Rmb120.6bn in revenue", "topic": "income_mix",
     "entity": "Ant Group", "metric": "revenue", "segment": "total", "value": 120.6,
     "scale": "billion", "unit": "CNY", "period": "2019"},
    {"claim_id": "ipo-payments-share-2019",
     "quote": "with its payments business contributing 43 per cent of its sales",
     "topic": "income_mix", "entity": "Ant Group payments business", "metric": "share of sales",
     "segment": "payments", "value": 43, "unit": "percent", "period": "2019"},
    {"claim_id": "ipo-net-profit-2019", "quote": "Ant earned Rmb18bn", "topic": "income_mix",
     "entity": "Ant Group", "metric": "net profit", "segment": "net profit", "value": 18,
     "scale": "billion", "unit": "CNY", "period": "2019"},
    {"claim_id": "ipo-alipay-mau", "quote": "with 711m active monthly",
     "topic": "population_coverage", "entity": "Alipay", "metric": "monthly active users",
     "population": "Alipay users", "measure": "monthly active users", "value": 711,
     "scale": "million", "unit": "persons", "period": "2020-06"},
    {"claim_id": "ipo-valuation-series-c",
     "quote": "it was already valued at $150 billion", "topic": "valuation",
     "entity": "Ant Group", "metric": "valuation at the Series C round", "value": 150,
     "scale": "billion", "unit": "USD", "period": "2018"},
]  # fmt: skip


def add_article(root: Path) -> None:
    """Register the IPO-filing report and write its curation, as `antlens ingest` and a curator
    would: the raw copy, its registry record with its sha256, and its annotation."""
    raw = root / "data" / "raw" / "articles" / f"{ARTICLE_ID}.txt"
    shutil.copyfile(ARTICLE, raw)
    registry_path = root / "data" / "sources.yaml"
    registry = yaml.safe_load(registry_path.read_text(encoding="utf-8"))
    registry["sources"].append(
        {
            "source_id": ARTICLE_ID,
            "title": "Ant Group files for a dual listing",
            "language": "en",
            "path": raw.relative_to(root).as_posix(),
            "sha256": hashlib.sha256(raw.read_bytes()).hexdigest(),
        }
    )
    registry_path.write_text(yaml.safe_dump(registry, allow_unicode=True), encoding="utf-8")
    annotation = {"source_id": ARTICLE_ID, "claims": ARTICLE_CLAIMS}
    path = root / "data" / "annotations" / f"{ARTICLE_ID}.yaml"
    path.write_text(yaml.safe_dump(annotation, allow_unicode=True), encoding="utf-8")


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    """The seeds rendered, and the seeds with the new article rendered."""
    seeds = copy_repository(tmp_path_factory.mktemp("seeds") / "repo")
    more = copy_repository(tmp_path_factory.mktemp("more") / "repo")
    add_article(more)
    for root, unaccounted in ((seeds, False), (more, True)):
        build(root, allow_unaccounted=unaccounted)
        render_site(root, engine="builtin")
    return {"seeds": seeds, "more": more}


def test_the_new_articles_claims_reach_their_topics_and_the_facts(sites):
    root = sites["more"]
    site = root / "_site" / "reports"
    topics = (site / "topics.html").read_text(encoding="utf-8")
    _claims_on_their_page(root, topics)
    income = _text((site / "income-mix.html").read_text(encoding="utf-8"))
    # A stated total with no share is the 2019 total; payments' 43% is a share, the rest 57%.
    assert "total 120.6 billion yuan (stated)" in income
    assert "payments 43% of income (stated)" in income
    assert "not broken down about 68.74 billion yuan, 57% of income" in income
    mix = load("income_mix", root=root)  # profit is on the topic's page, not in the mix
    assert not mix["claim_ids"].str.contains("ipo-net-profit-2019").any()
    facts = load("facts", root=root)
    users = facts.filter(pl.col("claim_ids").str.contains("ipo-alipay-mau"))
    assert users.row(0, named=True)["claim_ids"].split(";") == [
        "ipo-alipay-mau",
        "monthly-active-users",
    ]
    overview = (site / "index.html").read_text(encoding="utf-8")
    assert "claim-ipo-alipay-mau" in overview.split('id="facts-stated-by-more-than-one-source"')[1]


@pytest.mark.parametrize("corpus", ["seeds", "more"])
def test_every_number_in_the_prose_is_one_the_tables_hold(sites, corpus):
    root = sites[corpus]
    known = _table_numbers(root)
    for page in sorted((root / "_site" / "reports").glob("*.html")):
        for found in re.findall(r"\d[\d,]*(?:\.\d+)?", _prose(page.read_text(encoding="utf-8"))):
            value = float(found.replace(",", ""))
            assert any(abs(value - k) < 0.006 for k in known), f"{page.name}: {found}"


_TEXT_COLUMNS = {"quote", "text", "supporting_phrase", "title", "note", "interpretation",
                 "description", "path", "sha256", "url", "source_title", "locator"}  # fmt: skip


def _table_numbers(root: Path) -> set[float]:
    """Every number a table holds (at every scale), every count of rows, and every count of
    distinct values of one column among the rows sharing a value of another."""
    numbers: set[float] = {0.0, 1.0, 100.0}
    for name in SCHEMAS.table_names:
        frame = load(name, root=root)
        numbers.add(float(frame.height))
        texts = [c for c, t in frame.schema.items() if t == pl.String and c not in _TEXT_COLUMNS]
        for column, dtype in frame.schema.items():
            if dtype.is_numeric():
                for v in frame[column].drop_nulls().to_list():
                    numbers.update(v / f for f in (1, 1e3, 1e6, 1e9, 1e12))
            elif column in texts:
                for text in frame[column].drop_nulls().to_list():
                    numbers.update(float(n) for n in re.findall(r"\d+(?:\.\d+)?", text))
                numbers.add(float(frame[column].n_unique()))
                numbers.update(float(n) for n in frame[column].value_counts()["count"])
                for other in (t for t in texts if t != column):
                    counts = frame.group_by(column).agg(pl.col(other).n_unique())[other]
                    numbers.update(float(n) for n in counts)
    return numbers


def _prose(html: str) -> str:
    """A page's prose: its text without tables, charts, captions, cards and the footer."""
    main = html[html.find("<main") :] if "<main" in html else html
    for tag in ("script", "style", "table", "footer", "code", "nav", "h1", "h2", "h3", "dt", "dd"):
        main = re.sub(rf"<{tag}\b.*?</{tag}>", " ", main, flags=re.S)
    main = re.sub(r'<p class="figure-caption">.*?</p>', " ", main, flags=re.S)
    main = re.sub(r'<div class="cards">.*?</div></div></div>', " ", main, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())
