"""One writer at a time: commands run at once through the real command line lose nothing."""

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import yaml

from antlens.locking import repository_lock
from antlens.paths import locate

ARTICLE = Path(__file__).parent / "fixtures" / "articles" / "ipo_suspended.txt"


def _start(root: Path, *args: str, wait: float) -> subprocess.Popen:
    env = {**os.environ, "ANTLENS_LOCK_WAIT": str(wait)}
    return subprocess.Popen(
        [sys.executable, "-m", "antlens.cli", "--root", str(root), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _finish(processes: list[subprocess.Popen]) -> list[tuple[int, str, str]]:
    return [(p.wait(timeout=300), *p.communicate()) for p in processes]


def _articles(folder: Path, count: int) -> list[Path]:
    """`count` different articles: the fixture, each with a line of its own."""
    text = ARTICLE.read_text(encoding="utf-8")
    paths = []
    for n in range(count):
        path = folder / f"article-{n}.txt"
        path.write_text(f"{text}\nCopy {n}.\n", encoding="utf-8")
        paths.append(path)
    return paths


def _registered(root: Path) -> list[str]:
    registry = yaml.safe_load((root / "data/sources.yaml").read_text(encoding="utf-8"))
    return [record["source_id"] for record in registry["sources"]]


def _tables(root: Path) -> dict[str, str]:
    processed = root / "data/processed"
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in processed.iterdir()}


def _ingest_all(root: Path, articles: list[Path], wait: float) -> list[tuple[int, str, str]]:
    return _finish(
        [
            _start(root, "ingest", str(path), "--id", f"copy_{n}", wait=wait)
            for n, path in enumerate(articles)
        ]
    )


def test_eight_ingests_at_once_all_land(repo_copy, tmp_path):
    articles = _articles(tmp_path, 8)
    before = _registered(repo_copy)
    outcomes = _ingest_all(repo_copy, articles, wait=120)
    assert [code for code, _, _ in outcomes] == [0] * 8, [err for _, _, err in outcomes]
    assert sorted(_registered(repo_copy)) == sorted(before + [f"copy_{n}" for n in range(8)])
    for n in range(8):
        assert (repo_copy / f"data/raw/articles/copy_{n}.txt").is_file()
        assert (repo_copy / f"data/annotations/copy_{n}.yaml").is_file()


def test_eight_ingests_that_cannot_wait_are_refused_whole_and_can_be_run_again(repo_copy, tmp_path):
    articles = _articles(tmp_path, 8)
    before = _registered(repo_copy)
    outcomes = _ingest_all(repo_copy, articles, wait=0)
    landed = [n for n, (code, _, _) in enumerate(outcomes) if code == 0]
    refused = [n for n, (code, _, _) in enumerate(outcomes) if code != 0]
    assert landed  # someone got the lock
    for n in refused:
        code, out, err = outcomes[n]
        assert (code, out) == (1, "")
        assert "[repository-busy]" in err and "Traceback" not in err
    assert sorted(_registered(repo_copy)) == sorted(before + [f"copy_{n}" for n in landed])
    raw = {p.name for p in (repo_copy / "data/raw/articles").iterdir()}
    assert {f"copy_{n}.txt" for n in refused} & raw == set()  # no orphan files
    for n in refused:  # nothing left behind blocks running them again
        ((code, _, err),) = _finish(
            [_start(repo_copy, "ingest", str(articles[n]), "--id", f"copy_{n}", wait=120)]
        )
        assert code == 0, err
    assert sorted(_registered(repo_copy)) == sorted(before + [f"copy_{n}" for n in range(8)])


def test_two_builds_at_once_both_succeed_or_one_refuses_cleanly(repo_copy):
    assert _finish([_start(repo_copy, "build", wait=0)])[0][0] == 0
    expected = _tables(repo_copy)
    for wait in (120, 0):
        outcomes = _finish([_start(repo_copy, "build", wait=wait) for _ in range(2)])
        codes = sorted(code for code, _, _ in outcomes)
        assert codes in ([0, 0], [0, 1]), [err for _, _, err in outcomes]
        for code, _, err in outcomes:
            assert "internal error" not in err
            if code == 1:
                assert "[repository-busy]" in err
        assert _tables(repo_copy) == expected
        leftovers = [p.name for p in (repo_copy / "data").iterdir() if p.name.startswith(".")]
        assert leftovers == []  # the lock file goes with its last holder


def test_a_busy_repository_names_the_holder_and_read_only_commands_need_no_lock(repo_copy):
    assert _finish([_start(repo_copy, "build", wait=0)])[0][0] == 0
    with repository_lock(locate(repo_copy), "build --allow-unaccounted"):
        started = time.monotonic()
        ((code, out, err),) = _finish(
            [_start(repo_copy, "ingest", str(ARTICLE), "--id", "x", wait=1)]
        )
        waited = time.monotonic() - started
        assert code == 1 and out == ""
        assert "[repository-busy]" in err
        assert f"`antlens build --allow-unaccounted` (process {os.getpid()}), running since" in err
        assert waited >= 1
        ((code, out, _),) = _finish([_start(repo_copy, "tables", wait=0)])
        assert code == 0 and "claims" in out
    assert not (repo_copy / "data/raw/articles/x.txt").exists()


def test_a_killed_holder_never_jams_the_repository(repo_copy):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from antlens.locking import repository_lock;"
            " from antlens.paths import locate\n"
            f"with repository_lock(locate({str(repo_copy)!r}), 'build'):\n"
            "    print('held', flush=True); time.sleep(600)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline() == "held\n"
    ((code, _, err),) = _finish([_start(repo_copy, "build", wait=0)])
    assert code == 1 and "[repository-busy]" in err
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    assert (repo_copy / "data/.antlens.lock").exists()  # left by the killed holder, unlocked
    ((code, _, err),) = _finish([_start(repo_copy, "build", wait=0)])
    assert code == 0, err
    assert not (repo_copy / "data/.antlens.lock").exists()


def test_every_writing_command_takes_the_lock(repo_copy, tmp_path):
    commands = [
        ["build"],
        ["render"],
        ["ingest", str(ARTICLE), "--id", "x"],
        ["add-external", str(tmp_path)],
        ["reanchor", "ant_boundary"],
    ]
    with repository_lock(locate(repo_copy), "build"):
        outcomes = _finish([_start(repo_copy, *command, wait=0) for command in commands])
    for command, (code, _, err) in zip(commands, outcomes, strict=True):
        assert code == 1 and "[repository-busy]" in err, command
