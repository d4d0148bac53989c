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
    claim["topic"] = draw(st.sampled_from(TOPICS))
    unit = draw(st.sampled_from(free["units"]))
    if unit != entry.get("unit"):
        claim.pop("compare_with", None)  # a published figure in the old unit no longer fits
    claim["unit"] = unit
    claim["period"] = draw(st.sampled_from(free["periods"]))
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
    if claim["period"] and draw(st.booleans()):
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
