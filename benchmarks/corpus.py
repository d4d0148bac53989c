"""A synthetic repository of N articles for the benchmarks: the seed articles, repeated.

Each copy gets a line of its own so that every file has its own sha256; the two seed sources keep
their annotations, the copies have none (they build with --allow-unaccounted, as a newly ingested
corpus would).
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def make_repository(target: Path, n_articles: int) -> Path:
    """Write a repository with `n_articles` sources under `target` and return its root."""
    shutil.rmtree(target, ignore_errors=True)
    articles = target / "data" / "raw" / "articles"
    articles.mkdir(parents=True)
    for name in ("schemas", "data/annotations", "data/external"):
        shutil.copytree(REPO / name, target / name)
    seeds = sorted((REPO / "data" / "raw" / "articles").glob("*.txt"))
    registry = (REPO / "data" / "sources.yaml").read_text(encoding="utf-8")
    for seed in seeds:
        shutil.copy2(seed, articles / seed.name)
    lines = [registry.rstrip("\n")]
    for index in range(n_articles - len(seeds)):
        data = seeds[index % len(seeds)].read_bytes() + f"\nCopy number {index}.\n".encode()
        name = f"copy_{index:05d}"
        (articles / f"{name}.txt").write_bytes(data)
        lines += [
            f"  - source_id: {name}",
            f"    title: Copy {index}",
            "    language: en",
            f"    path: data/raw/articles/{name}.txt",
            f"    sha256: {hashlib.sha256(data).hexdigest()}",
        ]
    (target / "data" / "sources.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target
