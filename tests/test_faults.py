"""The disk refusing a write is a problem record, never an internal error, and never jams.

Tests run as root, whom chmod does not stop, so faults are made in the real command's process:
a `sitecustomize` module (on PYTHONPATH) makes os.replace or os.access fail as a read-only file
system, a full disk or a busy mount point would; and RLIMIT_FSIZE makes the disk itself refuse
a file past a size.
"""

import hashlib
import os
import resource
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

PROCESSED = "data/processed"
FAULTS = """\
import errno, os

_fault = os.environ.get("ANTLENS_TEST_FAULT", "")
if _fault:
    _name, _, _where = _fault.partition(":")
    if _name == "READONLY":
        _access = os.access

        def access(path, mode, *args, **kwargs):
            if os.fspath(path).endswith(_where) and mode & os.W_OK:
                return False
            return _access(path, mode, *args, **kwargs)

        os.access = access
    elif _where == ".antlens.lock":  # the whole repository read-only: not even the lock
        _open, _number = os.open, getattr(errno, _name)

        def open_(path, *args, **kwargs):
            if os.fspath(path).endswith(_where):
                raise OSError(_number, os.strerror(_number), os.fspath(path))
            return _open(path, *args, **kwargs)

        os.open = open_
    else:
        _replace, _number = os.replace, getattr(errno, _name)

        def replace(source, target, *args, **kwargs):
            if _where in os.fspath(source) or os.fspath(target).endswith(_where):
                raise OSError(_number, os.strerror(_number), os.fspath(target))
            return _replace(source, target, *args, **kwargs)

        os.replace = replace
"""


@pytest.fixture
def faults(tmp_path) -> Path:
    folder = tmp_path / "faults"
    folder.mkdir()
    (folder / "sitecustomize.py").write_text(FAULTS, encoding="utf-8")
    return folder


def _antlens(root, *args, fault="", faults=None, preexec_fn=None) -> subprocess.CompletedProcess:
    env = {**os.environ, "ANTLENS_TEST_FAULT": fault, "ANTLENS_LOCK_WAIT": "60"}
    if faults is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(faults), env.get("PYTHONPATH", "")])
    return subprocess.run(
        [sys.executable, "-m", "antlens.cli", "--root", str(root), *args],
        capture_output=True,
        text=True,
        env=env,
        preexec_fn=preexec_fn,
        check=False,
    )


def _tables(root: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((root / PROCESSED).iterdir())
    }


def _leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "data").iterdir() if p.name.startswith(".processed"))


@pytest.fixture
def built(repo_copy, edit) -> tuple[Path, dict[str, str]]:
    """The copy built once, and an edit that makes the next build's tables differ."""
    assert _antlens(repo_copy, "build").returncode == 0
    edit("data/annotations/ant_boundary.yaml", "Section number.", "A section heading number.")
    return repo_copy, _tables(repo_copy)


@pytest.mark.parametrize(
    ("fault", "words"),
    [
        ("EROFS:processed", "the file system is read-only"),
        ("ENOSPC:processed", "no space is left on the device"),
        ("EBUSY:processed", "the folder is busy or a mount point"),
        ("EROFS:-new-", "the file system is read-only"),  # the second rename of the swap
        ("READONLY:processed", "a read-only folder"),
    ],
)
def test_a_refused_write_is_a_problem_and_the_next_build_recovers(built, faults, fault, words):
    root, old = built
    done = _antlens(root, "build", fault=fault, faults=faults)
    assert done.returncode == 1, done.stderr
    assert "[cannot-write] data/processed" in done.stderr
    assert (
        words in done.stderr
        and "run the command again" in done.stderr
        or "run again" in (done.stderr)
    )
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr
    assert _tables(root) == old  # the old tables stay whole
    again = _antlens(root, "build")
    assert again.returncode == 0, again.stderr
    assert _tables(root) != old
    assert _leftovers(root) == []


def test_a_repository_on_a_read_only_file_system_is_a_problem(built, faults):
    root, old = built
    done = _antlens(root, "build", fault="EROFS:.antlens.lock", faults=faults)
    assert done.returncode == 1, done.stderr
    assert "[cannot-write] data\n" in done.stderr and "the file system is read-only" in done.stderr
    assert "internal error" not in done.stderr
    assert _tables(root) == old


def _file_size_limit(limit: int):
    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails with EFBIG instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return limited


def test_a_file_size_limit_is_a_problem_and_the_next_build_recovers(built):
    root, old = built
    done = _antlens(root, "build", preexec_fn=_file_size_limit(20_000))
    assert done.returncode == 1, done.stderr
    assert "[cannot-write] data/processed" in done.stderr
    assert "a file grew beyond the size limit" in done.stderr
    assert "internal error" not in done.stderr
    assert _tables(root) == old
    assert _leftovers(root) == []
    assert _antlens(root, "build").returncode == 0
    assert _tables(root) != old


def test_a_file_size_limit_during_ingest_writes_nothing(repo_copy, tmp_path):
    article = tmp_path / "long.txt"
    article.write_text("Ant Group earned 12 billion yuan. " * 2_000, encoding="utf-8")
    before = (repo_copy / "data/sources.yaml").read_bytes()
    done = _antlens(
        repo_copy, "ingest", str(article), "--id", "long", preexec_fn=_file_size_limit(30_000)
    )
    assert done.returncode == 1, done.stderr
    assert "[cannot-write]" in done.stderr and "internal error" not in done.stderr
    assert (repo_copy / "data/sources.yaml").read_bytes() == before
    assert not (repo_copy / "data/raw/articles/long.txt").exists()
    assert not (repo_copy / "data/annotations/long.yaml").exists()
    assert _antlens(repo_copy, "ingest", str(article), "--id", "long").returncode == 0


def test_what_a_failed_swap_left_is_cleared_by_the_next_build(built):
    root, _ = built
    left = root / "data/.processed-old"  # an old copy its owner made read-only, never removed
    (left / "inner").mkdir(parents=True)
    (left / "inner/claims.csv").write_text("old\n", encoding="utf-8")
    (left / "inner").chmod(0o555)
    left.chmod(0o555)
    (root / "data/.processed-new-abcd").mkdir()
    done = _antlens(root, "build")
    assert done.returncode == 0, done.stderr
    assert _leftovers(root) == []


def _modes(folder: Path) -> set[tuple[str, int]]:
    return {
        ("folder" if p.is_dir() else "file", stat.S_IMODE(p.stat().st_mode))
        for p in [folder, *folder.rglob("*")]
    }


def test_built_tables_get_the_usual_modes(repo_copy):
    umask = 0o002  # not the common 0o022: the modes follow the umask, whatever it is
    done = _antlens(repo_copy, "build", preexec_fn=lambda: os.umask(umask))
    assert done.returncode == 0, done.stderr
    assert _modes(repo_copy / PROCESSED) == {("folder", 0o777 & ~umask), ("file", 0o666 & ~umask)}


def test_an_ingested_article_and_a_dataset_get_the_usual_modes(repo_copy, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Ant Group earned 12 billion yuan.\n", encoding="utf-8")
    done = _antlens(
        repo_copy, "ingest", str(article), "--id", "a", preexec_fn=lambda: os.umask(0o022)
    )
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE((repo_copy / "data/annotations/a.yaml").stat().st_mode) == 0o644
    assert stat.S_IMODE((repo_copy / "data/raw/articles/a.txt").stat().st_mode) == 0o444


def test_what_a_killed_ingest_or_add_external_left_is_cleared_by_the_next_writer(repo_copy):
    left = [
        repo_copy / "data/.sources.yaml.dead.part",
        repo_copy / "data/raw/articles/.x.txt.dead.part",
        repo_copy / "data/annotations/.x.yaml.dead.part",
    ]
    for path in left:
        path.write_text("half", encoding="utf-8")
    staged = repo_copy / "data/external/.adding-dead/some_dataset"
    staged.mkdir(parents=True)
    (staged / "dataset.yaml").write_text("title: half\n", encoding="utf-8")
    done = _antlens(repo_copy, "build")
    assert done.returncode == 0, done.stderr
    assert [path for path in left if path.exists()] == []
    assert not staged.parent.exists()


def test_a_rendered_site_gets_the_usual_modes(repo_copy):
    umask = 0o002
    assert _antlens(repo_copy, "build").returncode == 0
    done = _antlens(repo_copy, "render", preexec_fn=lambda: os.umask(umask))
    assert done.returncode == 0, done.stderr
    assert _modes(repo_copy / "_site") == {("folder", 0o777 & ~umask), ("file", 0o666 & ~umask)}
