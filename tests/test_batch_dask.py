"""A corpus scanned on Dask's local cluster into a partitioned dataset equals the build's tables.

The steps are those of benchmarks/dask_scan.py, the example the README points to: 36 sources
without annotations, their texts in 6 Parquet files, one task per file on two worker processes.
"""

import pytest

from antlens import schemas
from antlens.build import build
from antlens.paths import locate
from tests.test_batch import example

distributed = pytest.importorskip("dask.distributed")


@pytest.fixture(scope="module")
def client():
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


def test_a_dask_scan_writes_the_tables_the_build_writes(client, tmp_path):
    root = example.unannotated_repository(tmp_path / "repository", 36)
    catalogue = schemas.load(locate(root).schemas)
    files = example.write_texts(root, tmp_path / "texts", 6)
    counts = example.scan_on_cluster(client, files, tmp_path / "scanned", catalogue)
    build(root, allow_unaccounted=True)

    built = example.built_tables(root)
    scanned = example.scanned_tables(tmp_path / "scanned")
    assert [path.name for path in sorted((tmp_path / "scanned" / "mentions").iterdir())] == [
        f"part-{number:05d}.parquet" for number in range(6)
    ]
    assert counts == {name: table.height for name, table in built.items()}
    assert built["mentions"]["source_id"].n_unique() == 36
    example.assert_same_tables(scanned, built)
