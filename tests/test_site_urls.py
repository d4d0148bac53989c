"""The site's URL scheme: links to claims and sources, files of the site from any page."""

from __future__ import annotations

from pathlib import Path

from antlens.website import urls


def test_claims_and_sources_are_linked_from_the_theme_pages():
    assert urls.claim_href("ant_duality", "x-2019") == "sources/ant_duality.html#claim-x-2019"
    assert urls.claim_anchor("x-2019") == "claim-x-2019"
    assert urls.source_href("ant_duality") == "sources/ant_duality.html"


def test_only_web_addresses_become_links():
    assert urls.safe_url("https://example.org/a") == "https://example.org/a"
    assert urls.safe_url("HTTP://example.org") == "HTTP://example.org"
    for bad in ("javascript:alert(1)", "data:text/html,x", "//example.org", "", None):
        assert urls.safe_url(bad) is None


def test_site_files_are_reached_from_each_page_folder(tmp_path: Path):
    root = tmp_path
    bundle = urls.VEGA_BUNDLE
    assert urls.site_url(bundle, root, root / "reports") == "assets/vega-bundle.js"
    assert urls.site_url(bundle, root, root / "reports" / "sources") == "../assets/vega-bundle.js"
    download = urls.download_path(root / "data" / "processed" / "claims.csv")
    assert urls.site_url(download, root, root / "reports") == "../downloads/claims.csv"


def test_pdfs_sit_beside_the_site_in_the_same_layout():
    assert urls.pdf_path(Path("reports/income-mix.qmd")) == Path("pdf/reports/income-mix.pdf")
