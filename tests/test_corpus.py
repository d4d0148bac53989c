"""Partitions: the same bytes however the registry is cut, in one process or on every core."""

from __future__ import annotations

import hashlib

import pytest

import antlens.corpus
from antlens.build import build


def _extra_sources(root, count: int) -> None:
    """`count` unannotated copies of a seed article, registered as sources of their own."""
    seed = (root / "data/raw/articles").glob("*.txt").__next__().read_bytes()
    with (root / "data/sources.yaml").open("a", encoding="utf-8") as registry:
        for n in range(count):
            data = seed + f"\nCopy {n}.\n".encode()
            (root / f"data/raw/articles/copy_{n}.txt").write_bytes(data)
            registry.write(
                f"  - source_id: copy_{n}\n    title: Copy {n}\n    language: en\n"
                f"    path: data/raw/articles/copy_{n}.txt\n"
                f"    sha256: {hashlib.sha256(data).hexdigest()}\n"
            )


def _outputs(root) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / "data/processed").iterdir())}


@pytest.fixture
def corpus(repo_copy):
    _extra_sources(repo_copy, 5)
    return repo_copy


def test_any_partitioning_writes_the_same_bytes(corpus, monkeypatch):
    build(corpus, allow_unaccounted=True)
    whole = _outputs(corpus)
    monkeypatch.setattr(antlens.corpus, "PARTITION_SOURCES", 2)
    build(corpus, allow_unaccounted=True)  # from the store, partitioned otherwise
    assert _outputs(corpus) == whole
    store = sorted(p.name for p in (corpus / "data/interim").glob("*.parquet"))
    assert len(store) == 2 * 4  # seven sources in partitions of two, sentences and mentions
    for name in ("manifest.json",):
        (corpus / "data/interim" / name).unlink()
    build(corpus, allow_unaccounted=True)  # no store: every source scanned again
    assert _outputs(corpus) == whole


def test_worker_processes_write_what_one_process_writes(corpus, monkeypatch):
    build(corpus, allow_unaccounted=True)
    one_process = _outputs(corpus)
    monkeypatch.setattr(antlens.corpus, "PARALLEL_FROM", 0)
    monkeypatch.setattr(antlens.corpus, "PARTITION_SOURCES", 3)
    monkeypatch.setattr(antlens.corpus.os, "cpu_count", lambda: 2)
    (corpus / "data/interim/manifest.json").unlink()
    build(corpus, allow_unaccounted=True)
    assert _outputs(corpus) == one_process


def test_problems_of_every_partition_are_reported_together(corpus, monkeypatch):
    monkeypatch.setattr(antlens.corpus, "PARTITION_SOURCES", 2)
    with pytest.raises(antlens.problems.ProblemsFound) as found:
        build(corpus)
    sources = {p.file for p in found.value.problems}
    assert sources == {f"data/annotations/copy_{n}.yaml" for n in range(5)}
