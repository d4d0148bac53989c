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


def main() -> None:
    from dask.distributed import Client, LocalCluster

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

        start = time.perf_counter()
        sentences, mentions = batch.scan_texts(texts, catalogue)
        alone = time.perf_counter() - start
        print(f"scan_texts, one process: {alone:6.2f} s  {texts.height / alone:8,.0f} articles/s")

        start = time.perf_counter()
        with (
            LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True) as cluster,
            Client(cluster) as client,
        ):
            ready = time.perf_counter()
            counts = scan_on_cluster(client, files, work / "scanned", catalogue)
            done = time.perf_counter()
        scanned = scanned_tables(work / "scanned")
        print(
            f"scan_part, {args.workers} Dask workers: {done - ready:6.2f} s  "
            f"{texts.height / (done - ready):8,.0f} articles/s  "
            f"(cluster start {ready - start:.2f} s, not counted)"
        )
        print(f"rows: {counts}")
        assert_same_tables(scanned, dict(zip(TABLES, (sentences, mentions), strict=True)))
        if not args.no_build:
            start = time.perf_counter()
            build(root, allow_unaccounted=True)
            print(f"antlens build, same corpus: {time.perf_counter() - start:6.2f} s")
            assert_same_tables(scanned, built_tables(root))
            print("the Dask dataset and one-process scan equal the build's tables")


if __name__ == "__main__":
    main()
