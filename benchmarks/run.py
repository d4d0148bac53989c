"""Every performance figure antlens promises, measured in one run and printed as one table.

Usage: python benchmarks/run.py [--sizes 2,2000,10000,20000,100000] [--mb 20] [--article-mb 1,5]
                                [--skip-render] [--skip-detector]

- detector throughput on a corpus of the articles repeated to --mb MB, beside quantulum3 and a
  bare digit scan (see benchmarks/detector.py), and its accuracy on the tuned-on and held-out
  articles (see benchmarks/detector_accuracy.py, which also lists every miss);
- `antlens build` time (wall, interpreter start included, and inside the command) and peak
  memory (of the command with its worker processes, sampled, and of its own process) for
  corpora of each size (benchmarks/corpus.py), each in a fresh process as a user would run it,
  and each larger corpus's peak against the smallest of a thousand articles or more;
- the rebuild after one annotation change, at 2 and 10,000 articles;
- `antlens render` of the whole site, and of one article of each --article-mb size
  (benchmarks/render_size.py);
- the share of suggested fields a curator keeps and the estimated review time of an article
  (benchmarks/curation.py), and `antlens --help`.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import REPO, make_repository  # noqa: E402
from curation import curation_rows  # noqa: E402
from detector import main as detector_main  # noqa: E402
from detector_accuracy import evaluate_groups, summary, wordnet_agreement  # noqa: E402
from measure import figures, run_antlens  # noqa: E402
from render_size import render_size_rows  # noqa: E402

REBUILD_SIZES = (2, 10_000)


def touch_annotation(root: Path) -> None:
    """Change one annotation the way a curator would: reword one exclusion's reason."""
    path = root / "data/annotations/ant_boundary.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Section number.", "A section number.", 1), encoding="utf-8")


def build_rows(sizes: list[int], workdir: Path) -> list[tuple[str, str]]:
    """A build of each corpus size, the rebuild after one annotation change at the sizes of
    REBUILD_SIZES, and each larger corpus's peak memory against that of the smallest corpus of
    a thousand articles or more."""
    rows, peaks = [], {}
    for size in sizes:
        root = make_repository(workdir / f"corpus-{size}", size)
        first = run_antlens("--root", str(root), "build", "--allow-unaccounted")
        peaks[size] = first["tree_peak_mb"]
        rows.append((f"build, {size:,} articles", figures(first)))
        if size in REBUILD_SIZES:
            touch_annotation(root)
            again = run_antlens("--root", str(root), "build", "--allow-unaccounted")
            rows.append((f"rebuild after one annotation change, {size:,} articles", figures(again)))
        shutil.rmtree(root)
    large = [size for size in sizes if size >= 1000]
    for size in large[1:]:
        ratio = peaks[size] / peaks[large[0]]
        rows.append((f"peak at {size:,} / peak at {large[0]:,} articles", f"{ratio:7.2f}×"))
    return rows


def render_row(workdir: Path) -> tuple[str, str]:
    root = workdir / "site"
    root.mkdir()
    for name in ("data", "schemas", "reports"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy2(REPO / "_quarto.yml", root / "_quarto.yml")
    return ("render the whole site", figures(run_antlens("--root", str(root), "render")))


def help_row() -> tuple[str, str]:
    best = min(_wall([sys.executable, "-m", "antlens.cli", "--help"]) for _ in range(5))
    return ("antlens --help", f"{best:7.3f} s  (best of 5)")


def _wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, capture_output=True, check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="2,2000,10000,20000,100000", help="corpus sizes, in articles"
    )
    parser.add_argument("--article-mb", default="1,5", help="article sizes to render, in MB")
    parser.add_argument("--mb", default="20", help="detector corpus size in MB")
    parser.add_argument("--skip-render", action="store_true")
    parser.add_argument("--skip-detector", action="store_true", help="only the command figures")
    args = parser.parse_args()
    if not args.skip_detector:
        print("detector")
        detector_main(["--mb", args.mb])
        print(
            "\ndetector accuracy (span and value+unit; every miss: benchmarks/detector_accuracy.py)"
        )
        print(summary(*evaluate_groups()))
        print(wordnet_agreement())
    with tempfile.TemporaryDirectory(prefix="antlens-bench-") as folder:
        workdir = Path(folder)
        rows = build_rows([int(s) for s in args.sizes.split(",")], workdir)
        if not args.skip_render:
            rows.append(render_row(workdir))
    if not args.skip_render:
        rows += render_size_rows([float(mb) for mb in args.article_mb.split(",")])
    if not args.skip_detector:
        rows += curation_rows()
    rows.append(help_row())
    print()
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    main()
