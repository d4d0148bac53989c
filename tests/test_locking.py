"""The repository lock in one process (the command-line cases are in test_concurrency)."""

import os

import pytest

import antlens
from antlens.locking import holder, repository_lock
from antlens.paths import locate
from antlens.problems import ProblemsFound


def test_the_holder_is_recorded_and_the_file_removed_after(repo_copy):
    paths = locate(repo_copy)
    with repository_lock(paths, "ingest a.txt --id a"):
        assert holder(paths) == {
            "command": "ingest a.txt --id a",
            "pid": os.getpid(),
            "since": holder(paths)["since"],
        }
    assert not paths.lock_file.exists() and holder(paths) == {}


def test_a_second_writer_waits_then_is_told_who_holds_it(repo_copy):
    paths = locate(repo_copy)
    with (
        repository_lock(paths, "build"),
        pytest.raises(ProblemsFound) as found,
        repository_lock(paths, "render", wait=0.2),
    ):
        pytest.fail("two writers at once")
    (problem,) = found.value.problems
    assert (problem.slug, problem.file) == ("repository-busy", str(paths.root))
    assert problem.found.startswith(f"`antlens build` (process {os.getpid()}), running since ")
    assert problem.expected == "no other antlens command writing (waited 0.2 s)"
    with repository_lock(paths, "render", wait=0):  # free again
        pass


def test_the_python_build_takes_the_lock_too(repo_copy, monkeypatch):
    paths = locate(repo_copy)
    monkeypatch.setenv("ANTLENS_LOCK_WAIT", "0.1")
    with repository_lock(paths, "render"), pytest.raises(ProblemsFound) as found:
        antlens.build(repo_copy)
    assert [p.slug for p in found.value.problems] == ["repository-busy"]
    assert antlens.build(repo_copy).counts["claims"] > 0  # free again: it builds
