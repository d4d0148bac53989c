"""A build that is interrupted or killed leaves the previous tables whole."""

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from antlens.build import build
from antlens.writing import recover_folder as recover

PROCESSED = "data/processed"


def _snapshot(folder) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def _start_build(root) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "antlens.cli", "--root", str(root), "build"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture
def two_states(repo_copy, edit):
    """The copy built once (old state), and an edited annotation that builds differently."""
    build(repo_copy)
    old = _snapshot(repo_copy / PROCESSED)
    edit("data/annotations/ant_boundary.yaml", "Section number.", "A section heading number.")
    return repo_copy, old


def test_killed_builds_leave_old_or_new_tables_never_a_mix(two_states):
    root, old = two_states
    for delay in (0.3, 0.8, 1.2, 1.6, 2.0, 2.5):
        process = _start_build(root)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        for folder in (PROCESSED, "data/interim"):  # what the next build does first
            recover(root / folder)
        state = _snapshot(root / PROCESSED)
        assert state == old or _is_new(state, old), delay
        leftovers = [
            p.name
            for p in (root / "data").iterdir()
            if p.name.startswith(".") and p.name != ".antlens.lock"
        ]
        assert leftovers == []
        if state != old:
            break
    build(root)
    assert _snapshot(root / PROCESSED) != old  # the edit does change the tables


def _is_new(state: dict, old: dict) -> bool:
    """Every file written by the new build: the edited annotation changes mentions and its hash
    in the descriptor, and nothing else is missing."""
    return state.keys() == old.keys() and state["mentions.csv"] != old["mentions.csv"]


def _wait_until_building(process: subprocess.Popen, timeout: float = 60.0) -> None:
    """Until the command has started its work (it has loaded polars): an interrupt during
    Python's own start-up is Python's to report, not antlens's."""
    maps = Path(f"/proc/{process.pid}/maps")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        if maps.exists() and "polars" in maps.read_text(errors="replace"):
            return
        time.sleep(0.05)


def test_ctrl_c_reports_and_changes_nothing(two_states):
    root, old = two_states
    process = _start_build(root)
    _wait_until_building(process)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    if process.returncode == 0:
        pytest.skip("the build finished before the interrupt arrived")
    assert process.returncode == 130
    assert "interrupted" in stderr and "Traceback" not in stderr
    assert _snapshot(root / PROCESSED) == old
    assert [
        p.name
        for p in (root / "data").iterdir()
        if p.name.startswith(".") and p.name != ".antlens.lock"
    ] == []


def test_recover_puts_back_a_folder_set_aside_mid_swap(repo_copy):
    build(repo_copy)
    processed = repo_copy / PROCESSED
    before = _snapshot(processed)
    os.replace(processed, processed.with_name(".processed-old"))  # killed between the renames
    (repo_copy / "data/.processed-abc123").mkdir()  # and a staging folder half written
    recover(processed)
    assert _snapshot(processed) == before
    assert [
        p.name
        for p in (repo_copy / "data").iterdir()
        if p.name.startswith(".") and p.name != ".antlens.lock"
    ] == []


def test_a_killed_render_leaves_the_previous_site_whole(repo_copy):
    from antlens.website import render_site

    build(repo_copy)
    site = repo_copy / "_site"
    render_site(repo_copy)
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    command = [sys.executable, "-m", "antlens.cli", "--root", str(repo_copy), "render"]
    for delay in (2.0, 5.0):
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        recover(site)  # what the next render does first
        after = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
        assert after == before, delay
        assert [p.name for p in repo_copy.iterdir() if p.name.startswith("._site")] == []
