"""One writer at a time: the lock every command that writes takes on its repository.

The lock is `fcntl.flock` on `data/.antlens.lock`, held for the whole command. The operating
system releases it when the process ends, however it ends (a killed holder never jams the
repository), and the file keeps the holder's command, process id and start time so that a
second command can say who it waits for; the holder removes it when done. The second command
waits a few seconds for the lock, then stops with a `REPOSITORY_BUSY` problem naming the
holder; it has written nothing.
"""

from __future__ import annotations

import datetime
import fcntl
import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

from antlens.paths import Paths
from antlens.problems import REPOSITORY_BUSY, ProblemsFound

WAIT_SECONDS = 5.0  # how long a second writer waits before it gives up
WAIT_VARIABLE = "ANTLENS_LOCK_WAIT"  # seconds, to wait longer (or not at all) in one shell
_POLL = 0.05


@contextmanager
def repository_lock(paths: Paths, command: str, wait: float | None = None) -> Iterator[None]:
    """Hold the repository's write lock for the block; raise REPOSITORY_BUSY (naming the
    holder) when another process holds it for longer than `wait` seconds.

    The holder removes the lock file when it is done (a killed one leaves it, unlocked), so a
    process that waited on a file since removed locks the path's new file instead.
    """
    wait = _wait_seconds() if wait is None else wait
    deadline = time.monotonic() + wait
    paths.lock_file.parent.mkdir(parents=True, exist_ok=True)
    while True:
        descriptor = os.open(paths.lock_file, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            _acquire(descriptor, paths, wait, deadline)
        except BaseException:
            os.close(descriptor)
            raise
        if _still_there(descriptor, paths):
            break
        os.close(descriptor)
    try:
        _write_holder(descriptor, command)
        yield
    finally:
        paths.lock_file.unlink(missing_ok=True)  # while still holding it
        os.close(descriptor)  # closing releases the lock


def _still_there(descriptor: int, paths: Paths) -> bool:
    """Whether the locked file is still the one at the lock's path (not removed meanwhile)."""
    try:
        return os.stat(paths.lock_file).st_ino == os.fstat(descriptor).st_ino
    except FileNotFoundError:
        return False


def _wait_seconds() -> float:
    try:
        return max(0.0, float(os.environ.get(WAIT_VARIABLE, WAIT_SECONDS)))
    except ValueError:
        return WAIT_SECONDS


def _acquire(descriptor: int, paths: Paths, wait: float, deadline: float) -> None:
    while True:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise ProblemsFound([_busy(paths, wait)]) from None
            time.sleep(_POLL)


def _write_holder(descriptor: int, command: str) -> None:
    since = datetime.datetime.now().astimezone().isoformat(timespec="seconds")
    holder = json.dumps({"command": command, "pid": os.getpid(), "since": since})
    os.ftruncate(descriptor, 0)
    os.pwrite(descriptor, (holder + "\n").encode("utf-8"), 0)


def holder(paths: Paths) -> dict:
    """Who holds the lock: command, pid and since; {} when nobody does (or has written it yet)."""
    try:
        return json.loads(paths.lock_file.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return {}


def _busy(paths: Paths, wait: float):
    found = holder(paths)
    who = (
        f"`antlens {found.get('command', '?')}` (process {found.get('pid', '?')}),"
        f" running since {found.get('since', '?')}"
        if found
        else "another antlens command"
    )
    return REPOSITORY_BUSY(
        file=str(paths.root),
        expected=f"no other antlens command writing (waited {wait:g} s)",
        found=who,
        hint=f"wait for it to finish, then run again (the lock, {paths.relative(paths.lock_file)},"
        " is released when that process ends, however it ends)",
    )
