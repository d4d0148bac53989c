"""The batch scan gives the build's own `sentences` and `mentions` rows, from polars or Arrow."""

import importlib.util
import sys
from pathlib import Path

import polars as pl
import pyarrow as pa
import pytest
from polars.testing import assert_frame_equal

from antlens import batch
from antlens.build import build
from antlens.paths import locate
from antlens.problems import ProblemsFound
from tests.conftest import REPO, SCHEMAS

EXAMPLE = REPO / "benchmarks" / "dask_scan.py"


def load_example():
    """benchmarks/dask_scan.py as a module: the tests run the example's own steps."""
    spec = importlib.util.spec_from_file_location("dask_scan", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


example = load_example()


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """Six unannotated sources (the seeds and four copies), built with --allow-unaccounted."""
    root = example.unannotated_repository(tmp_path_factory.mktemp("batch") / "repository", 6)
    build(root, allow_unaccounted=True)
    return root


@pytest.fixture(scope="module")
def texts(built) -> pl.DataFrame:
    return batch.registry_texts(locate(built))


def test_the_scan_gives_the_tables_the_build_writes(built, texts):
    sentences, mentions = batch.scan_texts(texts, SCHEMAS)
    expected = example.built_tables(built)
    # Same columns, types, ids, values and order: not only once sorted.
    assert_frame_equal(sentences, expected["sentences"])
    assert_frame_equal(mentions, expected["mentions"])
    assert mentions.height and set(mentions["status"]) == {"unreviewed"}


def test_rows_follow_position_whatever_the_order_of_the_texts(texts):
    for shuffled, ordered in zip(
        batch.scan_texts(texts.reverse(), SCHEMAS), batch.scan_texts(texts, SCHEMAS), strict=True
    ):
        assert_frame_equal(shuffled, ordered)


def test_without_position_the_rows_follow_the_frame():
    texts = pl.DataFrame({"source_id": ["b", "a"], "text": ["Sales rose 5%.", "It cost $3bn."]})
    sentences, mentions = batch.scan_texts(texts, SCHEMAS)
    assert sentences.select("sentence_id", "text").rows() == [
        ("b-s0000", "Sales rose 5%."),
        ("a-s0000", "It cost $3bn."),
    ]
    assert mentions.select(
        "mention_id", "sentence_id", "text", "value", "status", "claim_id", "exclusion_reason"
    ).rows(named=True) == [
        {
            "mention_id": "b-m0000",
            "sentence_id": "b-s0000",
            "text": "5%",
            "value": 5.0,
            "status": "unreviewed",
            "claim_id": None,
            "exclusion_reason": None,
        },
        {
            "mention_id": "a-m0000",
            "sentence_id": "a-s0000",
            "text": "$3bn",
            "value": 3.0,
            "status": "unreviewed",
            "claim_id": None,
            "exclusion_reason": None,
        },
    ]


def test_no_texts_give_empty_tables_with_the_schema_types():
    empty = pl.DataFrame(schema={"source_id": pl.String, "text": pl.String})
    sentences, mentions = batch.scan_texts(empty, SCHEMAS)
    assert (sentences.height, mentions.height) == (0, 0)
    assert dict(sentences.schema) == SCHEMAS.polars_types("sentences")
    assert dict(mentions.schema) == SCHEMAS.polars_types("mentions")


@pytest.mark.parametrize(
    ("texts", "message"),
    [
        (
            {"text": ["Up 5%."]},
            "texts lack the columns ['source_id'] (source_id and text are needed)",
        ),
        (
            {"source_id": ["a", None], "text": ["Up 5%.", "Down 2%."]},
            "1 text(s) lack a source_id or a text",
        ),
        ({"source_id": ["a"], "text": [None]}, "1 text(s) lack a source_id or a text"),
        (
            {"source_id": ["b", "a", "b", "a"], "text": ["Up 5%."] * 4},
            "source_id repeated, so ids would be too: ['a', 'b']",
        ),
    ],
)
def test_texts_the_tables_cannot_be_made_of_are_refused(texts, message):
    with pytest.raises(ValueError) as refused:
        batch.scan_texts(pl.DataFrame(texts, schema_overrides={"text": pl.String}), SCHEMAS)
    assert str(refused.value) == message


def test_the_arrow_variant_gives_the_same_tables(texts):
    expected = batch.scan_texts(texts, SCHEMAS)
    for given in (texts.to_arrow(), texts.to_arrow().to_batches()[0]):
        tables = batch.scan_arrow(given, SCHEMAS)
        assert all(isinstance(table, pa.Table) for table in tables)
        for table, frame in zip(tables, expected, strict=True):
            assert_frame_equal(pl.from_arrow(table), frame)


def test_a_part_is_written_under_its_file_name_in_each_table(texts, tmp_path):
    texts_file = tmp_path / "texts" / "part-00007.parquet"
    texts_file.parent.mkdir()
    texts.write_parquet(texts_file)
    counts = batch.scan_part(texts_file, tmp_path / "scanned", SCHEMAS)
    expected = batch.scan_texts(texts, SCHEMAS)
    assert counts == {"sentences": expected[0].height, "mentions": expected[1].height}
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.parquet")) == [
        "scanned/mentions/part-00007.parquet",
        "scanned/sentences/part-00007.parquet",
        "texts/part-00007.parquet",
    ]
    scanned = example.scanned_tables(tmp_path / "scanned")
    for name, frame in zip(batch.TABLES, expected, strict=True):
        assert_frame_equal(scanned[name], frame)


def test_a_changed_source_is_refused_as_the_build_refuses_it(tmp_path):
    root = example.unannotated_repository(tmp_path / "repository", 3)
    article = root / "data/raw/articles/copy_00000.txt"
    article.write_bytes(article.read_bytes() + b"One more line.\n")
    with pytest.raises(ProblemsFound) as found:
        batch.registry_texts(locate(root))
    assert [(p.slug, p.file, p.record, p.column) for p in found.value.problems] == [
        ("source-changed", "data/raw/articles/copy_00000.txt", "copy_00000", "sha256")
    ]
