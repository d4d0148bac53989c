"""Every performance figure antlens promises, measured in one run and printed as one table.

Usage: python benchmarks/run.py [--sizes 2,1000,10000] [--mb 20] [--skip-render] [--skip-detector]

- detector throughput on a corpus of the articles repeated to --mb MB, beside quantulum3 and a
  bare digit scan (see benchmarks/detector.py), and its accuracy on the tuned-on and held-out
  articles (see benchmarks/detector_accuracy.py, which also lists every miss);
- `antlens build` time (wall, interpreter start included, and inside the command) and peak
  memory (of the command's process, and of its largest child, a worker, when it starts any) for
  corpora of each size (benchmarks/corpus.py), each in a fresh process as a user would run it;
- the rebuild after one annotation changes, on the smallest and the largest corpus;
- `antlens render` of the whole site, and `antlens --help`.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import REPO, make_repository  # noqa: E402
from detector import main as detector_main  # noqa: E402
from detector_accuracy import evaluate_groups, summary  # noqa: E402

# Runs one antlens command in this interpreter and reports its peak memory and that of its
# largest child process, a worker (RUSAGE_CHILDREN's ru_maxrss is the largest child's).
_MEASURED = """
import json, resource, sys, time
from antlens.cli import main
start = time.perf_counter()
code = main(sys.argv[1:])
peak = {who: resource.getrusage(getattr(resource, who)).ru_maxrss / 1024
        for who in ("RUSAGE_SELF", "RUSAGE_CHILDREN")}
print(json.dumps({"code": code, "seconds": time.perf_counter() - start,
                  "peak_mb": peak["RUSAGE_SELF"], "child_peak_mb": peak["RUSAGE_CHILDREN"]}))
"""


def run_antlens(*args: str) -> dict:
    """Wall time (interpreter start included), time inside the command and peak memory (its
    own, and its largest child's) of one `antlens` command."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _MEASURED, *args], capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"antlens {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return {**json.loads(done.stdout.strip().splitlines()[-1]), "wall": wall}


def touch_annotation(root: Path) -> None:
    """Change one annotation the way a curator would: reword one exclusion's reason."""
    path = root / "data/annotations/ant_boundary.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Section number.", "A section number.", 1), encoding="utf-8")


def figures(run: dict) -> str:
    """One command's row of the table: its times and its peaks."""
    children = f"{run['child_peak_mb']:6.0f} MB" if run["child_peak_mb"] else "     none"
    return (
        f"{run['wall']:7.2f} s wall, {run['seconds']:6.2f} s in command  "
        f"peak {run['peak_mb']:6.0f} MB, largest child {children}"
    )


def build_rows(sizes: list[int], workdir: Path) -> list[tuple[str, str]]:
    rows = []
    for size in sizes:
        root = make_repository(workdir / f"corpus-{size}", size)
        first = run_antlens("--root", str(root), "build", "--allow-unaccounted")
        rows.append((f"build, {size:,} articles", figures(first)))
        if size in (sizes[0], sizes[-1]):
            touch_annotation(root)
            again = run_antlens("--root", str(root), "build", "--allow-unaccounted")
            rows.append((f"rebuild after one annotation change, {size:,} articles", figures(again)))
        shutil.rmtree(root)
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
    parser.add_argument("--sizes", default="2,1000,10000", help="corpus sizes, in articles")
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
    with tempfile.TemporaryDirectory(prefix="antlens-bench-") as folder:
        workdir = Path(folder)
        rows = build_rows([int(s) for s in args.sizes.split(",")], workdir)
        if not args.skip_render:
            rows.append(render_row(workdir))
    rows.append(help_row())
    print()
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    main()
