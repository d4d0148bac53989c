"""What a render adds to the pages to make a site: the Vega bundle file, table downloads, a
front page.

Before the pages run, `prepare` writes what they need into the project: a page for every source
(`source_pages.ensure_source_pages`) and the Vega bundle file (`urls.VEGA_BUNDLE`, listed under
`project: resources:` in `_quarto.yml` so that Quarto copies it into the site as the built-in
engine does). After them, `finish` completes the site: the project's resources (built-in engine
only; Quarto copies its own), every file of the data package in `downloads/`, and an
`index.html` at the site's root that leads to the first page.
"""

from __future__ import annotations

import html
import shutil
from pathlib import Path

from antlens.charts.display import vega_bundle, vega_lite_version
from antlens.website import urls
from antlens.website.project import Project
from antlens.website.source_pages import ensure_source_pages
from antlens.website.tables import processed_files


def prepare(root: Path) -> None:
    """Write the source pages that are missing and the Vega bundle file into the project."""
    ensure_source_pages(root)
    write_vega_bundle(root)


def write_vega_bundle(root: Path) -> Path:
    """`urls.VEGA_BUNDLE` in the project, for the Vega-Lite version Altair writes specs in.

    Rewritten only when its content changes (a new vl-convert or Altair).
    """
    import altair as alt

    path = Path(root) / urls.VEGA_BUNDLE
    js = vega_bundle(vega_lite_version({"$schema": alt.SCHEMA_URL}))
    if not path.is_file() or path.read_text(encoding="utf-8") != js:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(js, encoding="utf-8")
    return path


def finish(project: Project, site: Path, *, copy_resources: bool) -> None:
    """Complete a rendered site in `site`: resources, downloads, front page."""
    if copy_resources:
        for path in project_resources(project):
            _copy(path, site / path.relative_to(project.root))
    for path in processed_files(project.root):
        _copy(path, site / urls.download_path(path))
    write_front_page(project, site)


def project_resources(project: Project) -> list[Path]:
    """The files `project: resources:` names (globs allowed), as Quarto reads them."""
    found = [p for pattern in project.resources for p in sorted(project.root.glob(pattern))]
    return [p for p in found if p.is_file()]


def _copy(source: Path, target: Path) -> None:
    # The bytes, not the source's mode: a site gets the usual modes whatever its sources have.
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def write_front_page(project: Project, site: Path) -> None:
    """An `index.html` at the site's root leading to the first page, unless a page is there."""
    front = site / "index.html"
    if front.exists():
        return
    first = project.pages[0].with_suffix(".html").as_posix()
    href = html.escape(first)
    title = html.escape(str(project.website.get("title") or first))
    front.write_text(
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n"
        f'<meta http-equiv="refresh" content="0; url={href}">\n'
        f'<link rel="canonical" href="{href}">\n</head>\n'
        f'<body><p><a href="{href}">{title}</a></p></body>\n</html>\n',
        encoding="utf-8",
    )
