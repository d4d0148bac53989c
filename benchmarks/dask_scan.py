"""A corpus scanned on Dask's local cluster into a partitioned Parquet dataset, beside the build.

Usage: python benchmarks/dask_scan.py [--articles 2000] [--parts 8] [--workers 2] [--no-build]

Needs the test extra (`pip install -e '.[test]'`, which brings dask[distributed]). It makes a
repository of the seed articles copied `--articles` times with no annotations
(benchmarks/corpus.py), writes its texts as `--parts` Parquet files (as a data lake would hold
them), then times `antlens.batch.scan_texts` in this process and `antlens.batch.scan_part` on a
LocalCluster of `--workers` processes, one thread each, one task per file. Unless `--no-build`,
it also runs `antlens build` and checks that both scans give exactly its `sentences` and
`mentions` tables.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import polars as pl
from polars.testing import assert_frame_equal

from antlens import batch, schemas
from antlens.build import build
from antlens.paths import locate

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import make_repository  # noqa: E402

TABLES = batch.TABLES
ORDER = {"sentences": "sentence_id", "mentions": "mention_id"}  # each table's key


def unannotated_repository(target: Path, n_articles: int) -> Path:
    """`n_articles` sources (the seed articles and their copies), none of them annotated."""
    root = make_repository(target, n_articles)
    shutil.rmtree(root / "data" / "annotations")
    (root / "data" / "annotations").mkdir()
    return root


def write_texts(root: Path, folder: Path, parts: int) -> list[Path]:
    """The repository's texts (source_id, text, position) as `parts` Parquet files, in order."""
    texts = batch.registry_texts(locate(root))
    size = -(-texts.height // parts)  # rows per file, rounded up
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for number, offset in enumerate(range(0, texts.height, size)):
        files.append(folder / f"part-{number:05d}.parquet")
        texts.slice(offset, size).write_parquet(files[-1])
    return files


def scan_on_cluster(client, files: list[Path], folder: Path, catalogue) -> dict[str, int]:
    """Every text file scanned by one task into `folder`; the rows written, by table."""
    names = [str(file) for file in files]
    futures = client.map(batch.scan_part, names, folder=str(folder), schemas=catalogue, pure=False)
    counts = client.gather(futures)
    return {name: sum(count[name] for count in counts) for name in TABLES}


def scanned_tables(folder: Path) -> dict[str, pl.DataFrame]:
    """The tables of a scanned dataset, each read from all its parts."""
    return {name: pl.read_parquet(folder / name / "*.parquet") for name in TABLES}


def built_tables(root: Path) -> dict[str, pl.DataFrame]:
    """The `sentences` and `mentions` tables the build wrote to data/processed/."""
    paths = locate(root)
    return {name: pl.read_parquet(paths.table_file(name)) for name in TABLES}


def assert_same_tables(left: dict[str, pl.DataFrame], right: dict[str, pl.DataFrame]) -> None:
    """The same rows and values in both, once each table is sorted by its key."""
    for name in TABLES:
        assert_frame_equal(left[name].sort(ORDER[name]), right[name].sort(ORDER[name]))


def scan_timed(texts: pl.DataFrame, catalogue) -> tuple[dict[str, pl.DataFrame], float, float]:
    """Both tables of `texts` scanned in this process; wall and CPU seconds."""
    wall, cpu = time.perf_counter(), time.process_time()
    tables = batch.scan_texts(texts, catalogue)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return dict(zip(TABLES, tables, strict=True)), wall, cpu


def scan_on_cluster_timed(files, folder, catalogue, workers: int, sample) -> tuple[float, float]:
    """`scan_on_cluster` on a fresh LocalCluster of `workers` processes, one thread each; wall
    seconds, and CPU seconds summed over the workers (their own overheads included)."""
    from dask.distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True)
    with cluster, Client(cluster) as client:
        # Each worker imports antlens and compiles the detector once, before the clock starts.
        client.run(batch.scan_texts, sample, catalogue)
        before, wall = client.run(time.process_time), time.perf_counter()
        scan_on_cluster(client, files, folder, catalogue)
        wall, after = time.perf_counter() - wall, client.run(time.process_time)
    return wall, sum(after[worker] - before[worker] for worker in after)


def show(label: str, articles: int, wall: float, cpu: float) -> None:
    print(
        f"{label:<32} {wall:6.2f} s  {articles / wall:6,.0f} articles/s   "
        f"CPU {cpu:6.2f} s  {articles / cpu:6,.0f} articles per CPU second"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--parts", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-build", action="store_true", help="skip the build and the check")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="antlens-dask-") as work:
        work = Path(work)
        root = unannotated_repository(work / "repository", args.articles)
        catalogue = schemas.load(locate(root).schemas)
        files = write_texts(root, work / "texts", args.parts)
        texts = pl.read_parquet(work / "texts" / "*.parquet")
        megabytes = texts["text"].str.len_bytes().sum() / 1e6
        print(f"{texts.height:,} articles, {megabytes:.1f} MB of text, {len(files)} files")
        print("load average before: " + ", ".join(f"{load:.1f}" for load in os.getloadavg()))

        alone, wall, cpu = scan_timed(texts, catalogue)
        show("scan_texts, one process", texts.height, wall, cpu)
        wall, cpu = scan_on_cluster_timed(
            files, work / "scanned", catalogue, args.workers, texts.head(1)
        )
        show(f"scan_part, {args.workers} Dask workers", texts.height, wall, cpu)
        scanned = scanned_tables(work / "scanned")
        print("rows: " + ", ".join(f"{name} {table.height:,}" for name, table in scanned.items()))
        assert_same_tables(scanned, alone)
        if not args.no_build:
            start = time.perf_counter()
            build(root, allow_unaccounted=True)
            print(f"antlens build, same corpus: {time.perf_counter() - start:6.2f} s")
            assert_same_tables(scanned, built_tables(root))
            print("the Dask dataset and the one-process scan equal the build's tables")


if __name__ == "__main__":
    main()
