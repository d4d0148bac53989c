"""The site's URL scheme: where each page, anchor, asset and download lives.

The site mirrors the project's layout: `reports/x.qmd` becomes `_site/reports/x.html`, the
source pages `reports/sources/<source_id>.qmd` become `_site/reports/sources/<source_id>.html`.
So a claim's words are at `sources/<source_id>.html#claim-<claim_id>` from any theme page, and a
file of the site is at the same path relative to a page as in the project (`site_url`).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

SOURCE_PAGES = "sources"  # folder of the source pages, relative to the theme pages
VEGA_BUNDLE = Path("reports") / "assets" / "vega-bundle.js"  # in the project and in the site
DOWNLOADS = Path("downloads")  # the site's folder of table files
PDF = Path("pdf")  # the site's folder of PDFs: a page reports/x.qmd prints to pdf/reports/x.pdf


def claim_href(source_id: str, claim_id: str) -> str:
    """Relative URL, from a page in `reports/`, of a claim's highlighted words."""
    return f"{SOURCE_PAGES}/{source_id}.html#{claim_anchor(claim_id)}"


def claim_anchor(claim_id: str) -> str:
    """The id of a claim's highlighted words on its source page."""
    return f"claim-{claim_id}"


def source_href(source_id: str) -> str:
    """Relative URL, from a page in `reports/`, of a source's page."""
    return f"{SOURCE_PAGES}/{source_id}.html"


def safe_url(url: str | None) -> str | None:
    """`url` when it is an http(s) address, else None: data never becomes a `javascript:` link."""
    return url if url and re.match(r"^https?://", url, re.I) else None


def site_url(path: Path, root: Path, page_folder: Path | None = None) -> str:
    """URL of the site file at `path` (relative to the site's root) from a page in `page_folder`
    (default: the working directory, which is the page's folder while a page runs)."""
    here = (page_folder or Path.cwd()).resolve()
    return Path(os.path.relpath(Path(root).resolve() / path, here)).as_posix()


def download_path(file: Path) -> Path:
    """Where a table file is in the site: `downloads/<file name>`."""
    return DOWNLOADS / Path(file).name


def pdf_path(page: Path) -> Path:
    """Where a page's PDF is in the site: `pdf/reports/x.pdf` for `reports/x.qmd`."""
    return PDF / Path(page).with_suffix(".pdf")
