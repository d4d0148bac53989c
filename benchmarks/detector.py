"""Throughput of antlens.mentions.detect_mentions against a bare digit scan and quantulum3.

Usage: python benchmarks/detector.py [--mb 20] [--quantulum-sentences 2000] [--repeat 3]

The corpus repeats the seed articles in data/raw/articles/ until it holds at least --mb MB
(UTF-8).  The detector and the bare digit scan are timed alternately, best of --repeat
runs each.  quantulum3 is far too
slow for the whole corpus, so it parses the first --quantulum-sentences sentences once and
its throughput is extrapolated from that sample (MB/s over the sample's bytes).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "analysis"))

from antlens.mentions import detect_mentions  # noqa: E402

SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|\n|$)")
DIGITS = re.compile(r"\d+")


def build_corpus(megabytes: float) -> str:
    articles = "\n".join(
        p.read_text(encoding="utf-8") for p in sorted((ROOT / "data/raw/articles").glob("*.txt"))
    )
    unit = articles + "\n"
    copies = int(megabytes * 1e6 // len(unit.encode("utf-8"))) + 1
    return unit * copies


def best_of(repeat: int, *runs) -> list[tuple[float, object]]:
    """Best time and last result of each run; the runs alternate, so that a change of
    machine load between them does not skew their ratio."""
    best = [float("inf")] * len(runs)
    results: list[object] = [None] * len(runs)
    for _ in range(repeat):
        for i, run in enumerate(runs):
            start = time.perf_counter()
            result = run()
            best[i] = min(best[i], time.perf_counter() - start)
            results[i] = result  # the run before is freed here, outside the timing
            del result
    return list(zip(best, results, strict=True))


def quantulum_seconds(sentences: list[str]) -> float | None:
    try:
        from quantulum3 import parser
    except ImportError:
        return None
    parser.parse(sentences[0])  # load its vocabularies before timing
    start = time.perf_counter()
    for sentence in sentences:
        parser.parse(sentence)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=20.0, help="corpus size in MB (default 20)")
    ap.add_argument("--quantulum-sentences", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)

    text = build_corpus(args.mb)
    mb = len(text.encode("utf-8")) / 1e6
    sentences = [s.strip() for s in SENTENCE.findall(text) if s.strip()]

    (detector_s, mentions), (bare_s, _) = best_of(
        args.repeat,
        lambda: detect_mentions(text),
        lambda: sum(1 for _ in DIGITS.finditer(text)),
    )
    sample = sentences[: args.quantulum_sentences]
    sample_mb = sum(len(s.encode("utf-8")) + 1 for s in sample) / 1e6
    q_s = quantulum_seconds(sample)

    detector_mbs, bare_mbs = mb / detector_s, mb / bare_s
    rows = [
        ("corpus", f"{mb:.1f} MB, {len(sentences):,} sentences, {len(mentions):,} mentions"),
        ("detector", f"{detector_mbs:8.2f} MB/s  {len(sentences) / detector_s:12,.0f} sentences/s"),
        ("bare \\d+ scan", f"{bare_mbs:8.2f} MB/s"),
    ]
    if q_s is None:
        rows.append(("quantulum3", "not installed"))
    else:
        q_mbs = sample_mb / q_s
        rows += [
            (
                "quantulum3",
                f"{q_mbs:8.4f} MB/s  {len(sample) / q_s:12,.0f} sentences/s  "
                f"(extrapolated from {len(sample):,} sentences, {sample_mb * 1e3:.0f} kB, "
                f"{q_s:.1f} s)",
            ),
            ("detector / quantulum3", f"{detector_mbs / q_mbs:8.1f}x faster  (required >= 50x)"),
        ]
    rows.append(("bare / detector", f"{bare_mbs / detector_mbs:8.2f}x slower  (required <= 5x)"))
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    main()
