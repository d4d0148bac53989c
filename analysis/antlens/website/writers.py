"""Write a page's markdown to a file: HTML (pandoc, with the site's template, navbar and styles)
or PDF (pandoc → Typst → the `typst` wheel)."""

from __future__ import annotations

import html
import os
import re
from importlib import resources
from pathlib import Path

import yaml

from antlens.website import urls
from antlens.website.project import Page, Project, RenderError


def _assets() -> Path:
    return Path(str(resources.files("antlens.website") / "assets"))


def _pandoc(markdown: str, to: str, args: list[str], output: Path) -> None:
    import pypandoc

    try:
        pypandoc.convert_text(
            markdown,
            to,
            format="markdown",
            extra_args=args,
            outputfile=str(output),
            sandbox=False,
        )
    except RuntimeError as err:
        raise RenderError(f"pandoc failed on {output.name}: {str(err).strip()}") from None


def _metadata_file(page: Page, project: Project, workdir: Path) -> Path:
    skip = {"execute", "format", "jupyter", "engine", "echo", "eval", "output", "warning"}
    meta = {k: v for k, v in page.meta.items() if k not in skip}
    meta.setdefault("pagetitle", page.title)
    site_title = project.website.get("title")
    if site_title and site_title != page.title:
        meta["site-title"] = str(site_title)
    pdf = urls.pdf_path(page.source)
    if page.source in project.pdf_pages and (project.output_dir / pdf).is_file():
        here = project.output_dir / page.source.parent
        meta["pdf-link"] = urls.site_url(pdf, project.output_dir, page_folder=here)
    path = workdir / f"{page.source.stem}.meta.yaml"
    path.write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    return path


def _navbar_html(project: Project, page: Page, titles: dict[Path, str]) -> str:
    """Links to every `website: navbar:` entry, relative to this page like Quarto's."""
    here = (project.root / page.source).parent
    navbar = project.website.get("navbar") or {}
    items = []
    for entry in [*(navbar.get("left") or []), *(navbar.get("right") or [])]:
        entry = {"href": entry} if isinstance(entry, str) else entry
        href = str(entry.get("href", ""))
        source = Path(href)
        text = entry.get("text") or titles.get(source) or source.stem
        if re.match(r"^[a-z][\w+.-]*:", href):
            link = href
        else:
            link = os.path.relpath(project.root / source.with_suffix(".html"), here)
            link = Path(link).as_posix()
        current = ' aria-current="page"' if source == page.source else ""
        items.append(
            f'<li><a href="{html.escape(link)}"{current}>{html.escape(str(text))}</a></li>'
        )
    first = project.pages[0]
    home = Path(os.path.relpath(project.root / first.with_suffix(".html"), here)).as_posix()
    title = html.escape(str(project.website.get("title") or titles.get(first, "")))
    return (
        '<nav class="site-nav" aria-label="Site"><div class="inner">'
        f'<a class="site-title" href="{html.escape(home)}">{title}</a>'
        f"<ul>{''.join(items)}</ul></div></nav>"
    )


def _footer_html(project: Project) -> str:
    footer = project.website.get("page-footer")
    text = html.escape(footer) if isinstance(footer, str) else ""
    made = "Rendered by antlens with pandoc (built-in engine; no Quarto)."
    inner = f"{text} <small>{made}</small>"
    return f'<footer class="site-footer"><div class="inner">{inner}</div></footer>'


def write_html(
    project: Project, page: Page, markdown: str, out: Path, workdir: Path, titles: dict[Path, str]
) -> None:
    assets = _assets()
    head = workdir / "head.html"
    head_parts = [f"<style>\n{(assets / 'site.css').read_text(encoding='utf-8')}</style>"]
    for css in project.css:  # the project's own stylesheets, after ours so they win (as Quarto)
        try:
            head_parts.append(
                f"<style>\n{(project.root / css).read_text(encoding='utf-8')}</style>"
            )
        except OSError as err:
            raise RenderError(f"_quarto.yml: stylesheet {css} cannot be read: {err}") from None
    head.write_text("\n".join(head_parts), encoding="utf-8")
    before = workdir / "before.html"
    before.write_text(_navbar_html(project, page, titles), encoding="utf-8")
    after = workdir / "after.html"
    after.write_text(_footer_html(project), encoding="utf-8")
    out.parent.mkdir(parents=True, exist_ok=True)
    args = [
        "--standalone",
        f"--template={assets / 'page.html'}",
        f"--metadata-file={_metadata_file(page, project, workdir)}",
        f"--include-in-header={head}",
        f"--include-before-body={before}",
        f"--include-after-body={after}",
        f"--lua-filter={assets / 'links.lua'}",
    ]
    _pandoc(markdown, "html5", args, out)


def write_pdf(project: Project, page: Page, markdown: str, out: Path, workdir: Path) -> None:
    import typst

    typ = workdir / f"{page.source.stem}.typ"
    meta = _metadata_file(page, project, workdir)
    args = [
        "--standalone",
        f"--metadata-file={meta}",
        "--metadata=papersize:a4",
        f"--include-in-header={_assets() / 'typst-header.typ'}",
        f"--lua-filter={_assets() / 'links.lua'}",
    ]
    _pandoc(markdown, "typst", args, typ)
    out.parent.mkdir(parents=True, exist_ok=True)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")  # reproducible PDFs when set
    try:
        typst.compile(
            str(typ), output=str(out), root=str(workdir), timestamp=int(epoch) if epoch else None
        )
    except Exception as err:  # typst raises its own TypstError with a readable message
        raise RenderError(f"{page.source}: typst could not make the PDF: {err}") from None
