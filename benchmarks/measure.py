"""One `antlens` command run as a user runs it, in a fresh process: its times and its memory."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import psutil

# Runs one antlens command in this interpreter and reports its own peak memory.
_MEASURED = """
import json, resource, sys, time
from antlens.cli import main
start = time.perf_counter()
code = main(sys.argv[1:])
print(json.dumps({"code": code, "seconds": time.perf_counter() - start,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""
_SAMPLE_SECONDS = 0.05


def run_antlens(*args: str) -> dict:
    """Wall time (interpreter start included), time inside the command, its process's peak
    memory, and the peak of the memory of the command and its workers together, sampled every
    50 ms (what the machine must have), of one `antlens` command that must succeed."""
    start = time.perf_counter()
    with subprocess.Popen(
        [sys.executable, "-c", _MEASURED, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        tree_peak = _tree_peak(process)
        out, err = process.communicate()
    wall = time.perf_counter() - start
    run = json.loads(out.strip().splitlines()[-1]) if process.returncode == 0 else {}
    if run.get("code") != 0:
        raise SystemExit(f"antlens {' '.join(args)} failed:\n{(out + err)[-2000:]}")
    return {**run, "wall": wall, "tree_peak_mb": tree_peak / 2**20}


def _tree_peak(process: subprocess.Popen) -> int:
    """The largest resident size, in bytes, of a process and its children summed, while it runs."""
    parent, peak = psutil.Process(process.pid), 0
    while process.poll() is None:
        try:
            tree = [parent, *parent.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree))
        except psutil.Error:  # a worker ended between the listing and the reading
            pass
        time.sleep(_SAMPLE_SECONDS)
    return peak


def figures(run: dict) -> str:
    """One command's row of the table: its times and its peaks."""
    return (
        f"{run['wall']:7.2f} s wall, {run['seconds']:6.2f} s in command  "
        f"peak {run['tree_peak_mb']:6.0f} MB with its workers ({run['peak_mb']:.0f} MB alone)"
    )
