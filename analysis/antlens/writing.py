"""Writing files and folders so that a reader never sees them half-written.

A folder of outputs (data/processed/, _site/) is written into a fresh staging folder beside it and
swapped in whole; a build that fails, is interrupted or is killed leaves the previous one.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to a temporary file beside `path`, then rename it over `path` in one step."""
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o644
    os.replace(temporary_beside(path, text.encode("utf-8"), mode), path)


def temporary_beside(target: Path, data: bytes, mode: int) -> Path:
    """`data` written and synced to a new hidden file beside `target`, for renaming over it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())  # on disk before the rename makes it count
        os.chmod(name, mode)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


@contextmanager
def replacing_folder(final: Path, keep: tuple[str, ...] = ()) -> Iterator[Path]:
    """A fresh folder to fill; it replaces `final` whole when the block succeeds.

    The subfolders named in `keep` are carried over from the old folder when the new one lacks
    them. On any failure the staging folder is removed and `final` is left as it was.
    """
    recover_folder(final)
    final.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{final.name}-new-", dir=final.parent))
    try:
        yield staging
        for name in keep:
            if (final / name).is_dir() and not (staging / name).exists():
                shutil.copytree(final / name, staging / name)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap(staging, final)


def _swap(staging: Path, final: Path) -> None:
    old = _set_aside(final)
    if final.exists():
        os.replace(final, old)
    os.replace(staging, final)
    shutil.rmtree(old, ignore_errors=True)


def _set_aside(final: Path) -> Path:
    return final.with_name(f".{final.name}-old")


def recover_folder(final: Path) -> None:
    """Undo what a killed writer left: put back a folder set aside between the swap's two
    renames, and remove half-written staging folders."""
    old = _set_aside(final)
    if old.exists() and not final.exists():
        os.replace(old, final)
    for leftover in final.parent.glob(f".{final.name}-*"):
        shutil.rmtree(leftover, ignore_errors=True)
