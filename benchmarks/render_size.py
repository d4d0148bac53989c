"""`antlens render` against the size of one article.

`python benchmarks/render_size.py [--mb 1,5]` writes, for each size, a repository whose only
source is the seed articles repeated to that many megabytes (no annotations, built with
`--allow-unaccounted`), builds it, then times `antlens render` of the whole site in a fresh
process, as a user runs it. A render linear in the article's size takes about five times as
long for 5 MB as for 1 MB.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import REPO  # noqa: E402
from measure import figures, run_antlens  # noqa: E402


def make_long_article_repository(target: Path, megabytes: float) -> Path:
    """Write a repository whose one source is the seeds repeated to `megabytes` MB."""
    articles = target / "data" / "raw" / "articles"
    articles.mkdir(parents=True)
    for name in ("schemas", "reports", "data/external"):
        shutil.copytree(REPO / name, target / name)
    shutil.copy2(REPO / "_quarto.yml", target / "_quarto.yml")
    for page in (target / "reports" / "sources").glob("[!_]*.qmd"):
        page.unlink()  # the seeds' pages; render writes the long article's from the template
    (target / "data" / "annotations").mkdir()
    seeds = b"\n\n".join(p.read_bytes() for p in sorted((REPO / "data/raw/articles").glob("*.txt")))
    copies = max(1, round(megabytes * 1_000_000 / len(seeds)))
    data = b"\n\n".join([seeds] * copies)
    (articles / "long.txt").write_bytes(data)
    (target / "data" / "sources.yaml").write_text(
        "sources:\n"
        "  - source_id: long_article\n"
        "    title: The seed articles, repeated\n"
        "    language: en\n"
        "    path: data/raw/articles/long.txt\n"
        f"    sha256: {hashlib.sha256(data).hexdigest()}\n",
        encoding="utf-8",
    )
    return target


def render_size_rows(sizes_mb: list[float]) -> list[tuple[str, str]]:
    """One row per size: the render of a one-article site of that size (built first, untimed)."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="antlens-render-") as folder:
        for megabytes in sizes_mb:
            root = make_long_article_repository(Path(folder) / f"mb-{megabytes}", megabytes)
            run_antlens("--root", str(root), "build", "--allow-unaccounted")
            rendered = run_antlens("--root", str(root), "render")
            rows.append((f"render, one {megabytes:g} MB article", figures(rendered)))
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", default="1,5", help="article sizes in MB, comma-separated")
    args = parser.parse_args(argv)
    for name, value in render_size_rows([float(s) for s in args.mb.split(",")]):
        print(f"{name:<28}  {value}")


if __name__ == "__main__":
    main()
