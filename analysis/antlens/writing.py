"""Writing files and folders so that a reader never sees them half-written.

A folder of outputs (data/processed/, _site/) is written into a fresh staging folder beside it and
swapped in whole; a build that fails, is interrupted or is killed leaves the previous one, and the
next writer clears what it left (`recover_folder`). A file is written beside its target and
renamed over it; several files that belong together (`write_together`) are all placed or none.

The disk refusing (read-only file system, no space left, a file-size limit, no permission, a
mount point that cannot be renamed) is no internal error: it is a `CANNOT_WRITE` problem naming
the folder, raised after the partial output has been removed. Folders and files are created with
the usual modes (0777 and 0666 less the umask), so others may read what antlens publishes.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import shutil
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from antlens.paths import MARKER
from antlens.problems import CANNOT_WRITE, Problem, ProblemsFound

# What the disk says when it will not take a write: the reason in words and what to do.
_REFUSALS = {
    errno.EROFS: ("the file system is read-only", "write to a writable copy of the repository"),
    errno.ENOSPC: ("no space is left on the device", "free some space"),
    errno.EDQUOT: ("the disk quota is used up", "free some space or raise the quota"),
    errno.EFBIG: ("a file grew beyond the size limit", "raise the file-size limit (ulimit -f)"),
    errno.EACCES: ("permission is denied", "make the folder writable (chmod u+w)"),
    errno.EPERM: ("the operation is not permitted", "make the folder writable (chmod u+w)"),
    errno.EBUSY: ("the folder is busy or a mount point", "do not mount over the folder"),
    errno.ENOTEMPTY: ("a leftover folder is in the way", "remove the leftover folder named"),
}
_OS_ERROR = re.compile(r"\(os error (\d+)\)")  # how polars (Rust) reports an OSError


def refused_errno(error: BaseException) -> int | None:
    """The errno of a write the disk refused, also when a library reports it in words."""
    number = getattr(error, "errno", None) if isinstance(error, OSError) else None
    if number is None and (match := _OS_ERROR.search(str(error))):
        number = int(match.group(1))
    return number if number in _REFUSALS else None


def cannot_write(error: BaseException, folder: Path) -> Problem:
    """The CANNOT_WRITE problem for a write to `folder` the disk refused with `error`."""
    reason, action = _REFUSALS[refused_errno(error)]
    where = getattr(error, "filename", None) or folder
    return CANNOT_WRITE(
        file=shown_path(Path(folder)),
        expected="a folder antlens can write to",
        found=f"{reason} ({shown_path(Path(where))})",
        hint=f"{action}, then run again; the previous outputs are unchanged",
    )


@contextmanager
def disk_refusals_as_problems(folder: Path) -> Iterator[None]:
    """Turn a write the disk refuses inside the block into a CANNOT_WRITE problem."""
    try:
        yield
    except ProblemsFound:
        raise
    except Exception as error:
        if refused_errno(error) is None:
            raise
        raise ProblemsFound([cannot_write(error, folder)]) from error


def shown_path(path: Path) -> str:
    """`path` relative to the repository that holds it (for messages), else as it is."""
    absolute = Path(os.path.abspath(path))
    for folder in absolute.parents:
        if (folder / MARKER).is_file():
            return absolute.relative_to(folder).as_posix()
    return str(path)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def new_file_mode() -> int:
    """The mode a new file gets from the umask, as `open` would give it."""
    return 0o666 & ~_umask()


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to a temporary file beside `path`, then rename it over `path` in one step."""
    mode = file_mode(path) if path.exists() else new_file_mode()
    with disk_refusals_as_problems(path.parent):
        temporary = temporary_beside(path, text.encode("utf-8"), mode)
        try:
            os.replace(temporary, path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise


def temporary_beside(target: Path, data: bytes, mode: int) -> Path:
    """`data` written and synced to a new hidden file beside `target`, for renaming over it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    name = target.with_name(f".{target.name}.{secrets.token_hex(4)}{PARTIAL}")
    handle = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())  # on disk before the rename makes it count
        os.chmod(name, mode)
    except BaseException:
        name.unlink(missing_ok=True)
        raise
    return name


def write_together(files: list[tuple[Path, bytes, int]]) -> None:
    """Write each (target, data, mode) via a temporary file renamed into place, all or none.

    The last file is the one that makes the others count (a registry naming them): it is
    renamed last. If anything fails before it is, the files already placed are put back as
    they were: a new one removed, a replaced one restored from the copy kept meanwhile.
    """
    staged: list[tuple[Path, Path]] = []
    kept: dict[Path, Path] = {}  # target that existed -> a copy of its old bytes
    placed: list[Path] = []
    with disk_refusals_as_problems(files[-1][0].parent):
        try:
            for target, data, mode in files:
                staged.append((temporary_beside(target, data, mode), target))
                if target.exists():
                    kept[target] = temporary_beside(target, target.read_bytes(), file_mode(target))
            for temporary, target in staged:
                os.replace(temporary, target)
                placed.append(target)
        except BaseException:
            for temporary, _ in staged:
                temporary.unlink(missing_ok=True)
            for target in placed if len(placed) < len(files) else []:
                if target in kept:
                    os.replace(kept.pop(target), target)
                else:
                    target.unlink(missing_ok=True)
            raise
        finally:
            for copy in kept.values():
                copy.unlink(missing_ok=True)


def file_mode(path: Path) -> int:
    """The permission bits of an existing file, to keep when it is replaced."""
    return stat.S_IMODE(path.stat().st_mode)


def link_or_copy(source: Path, target: Path) -> None:
    """`source`'s bytes at the new path `target`: a hard link where the file system makes one
    (no bytes copied; nothing writes a built file in place), else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def fresh_folder(parent: Path, prefix: str) -> Path:
    """A new, empty folder `parent/<prefix><random>` with the usual mode (0777 less the umask;
    `tempfile.mkdtemp` would make it 0700, readable by its owner only)."""
    parent.mkdir(parents=True, exist_ok=True)
    while True:
        folder = parent / f"{prefix}{secrets.token_hex(4)}"
        try:
            folder.mkdir()
            return folder
        except FileExistsError:
            continue


@contextmanager
def replacing_folder(final: Path, keep: tuple[str, ...] = ()) -> Iterator[Path]:
    """A fresh folder to fill; it replaces `final` whole when the block succeeds.

    The subfolders named in `keep` are carried over from the old folder when the new one lacks
    them. On any failure the staging folder is removed and `final` is left as it was; a write the
    disk refuses is raised as a CANNOT_WRITE problem.
    """
    with disk_refusals_as_problems(final):
        _refuse_read_only(final)
        recover_folder(final)
        staging = fresh_folder(final.parent, f".{final.name}-new-")
        try:
            yield staging
            for name in keep:
                if (final / name).is_dir() and not (staging / name).exists():
                    shutil.copytree(final / name, staging / name)
            _swap(staging, final)
        except BaseException:
            remove_tree(staging)
            raise


def _refuse_read_only(final: Path) -> None:
    """A folder its owner made read-only is not replaced behind their back."""
    if final.is_dir() and not os.access(final, os.W_OK):
        raise ProblemsFound(
            [
                CANNOT_WRITE(
                    file=shown_path(final),
                    expected="a writable folder",
                    found="a read-only folder",
                    hint=f"make it writable (chmod -R u+w {shown_path(final)}) and run again;"
                    " the previous outputs are unchanged",
                )
            ]
        )


def _swap(staging: Path, final: Path) -> None:
    old = _set_aside(final)
    _clear(old)
    if final.exists():
        os.replace(final, old)
    try:
        os.replace(staging, final)
    except BaseException:
        if old.exists() and not final.exists():
            os.replace(old, final)
        raise
    remove_tree(old)


def _set_aside(final: Path) -> Path:
    return final.with_name(f".{final.name}-old")


def _clear(leftover: Path) -> None:
    """Make room: remove `leftover`, or, when it cannot be removed, rename it out of the way."""
    remove_tree(leftover)
    if leftover.exists():
        os.replace(leftover, leftover.with_name(f"{leftover.name}-{secrets.token_hex(4)}"))


def remove_tree(folder: Path) -> None:
    """Remove `folder` and all in it, also where its owner made parts of it read-only; what
    still cannot be removed is left for the next writer (`recover_folder`) to try again."""

    def writable_then_retry(function, path, _error) -> None:
        try:
            os.chmod(os.path.dirname(path), 0o700)
            if os.path.isdir(path) and not os.path.islink(path):
                os.chmod(path, 0o700)
                shutil.rmtree(path, ignore_errors=True)
            else:
                function(path)
        except OSError:
            pass

    if folder.is_symlink() or folder.is_file():
        folder.unlink(missing_ok=True)
    elif folder.exists():
        # onerror (not 3.12's onexc): the package supports Python 3.11.
        shutil.rmtree(folder, onerror=writable_then_retry)


PARTIAL = ".part"  # the suffix of a file being written beside its target
STAGING = ".adding-"  # the prefix of a folder being filled before it is renamed into place


def clear_leftovers(folders: list[Path]) -> None:
    """Remove what killed writers left in `folders`: files half-written beside their targets
    and staging folders. Only for a writer that holds the repository's lock."""
    for folder in folders:
        for leftover in folder.glob(f".*{PARTIAL}"):
            leftover.unlink(missing_ok=True)
        for leftover in folder.glob(f"{STAGING}*"):
            remove_tree(leftover)


def recover_folder(final: Path) -> None:
    """Undo what a killed or failed writer left: put back a folder set aside between the swap's
    two renames, and remove half-written staging folders and old copies."""
    old = _set_aside(final)
    if old.exists() and not final.exists():
        os.replace(old, final)
    for leftover in final.parent.glob(f".{final.name}-*"):
        remove_tree(leftover)
