"""Writing so that nothing is seen half-written; the disk refusing as a problem."""

import errno
import os
import stat
from pathlib import Path

import pytest

from antlens.problems import ProblemsFound
from antlens.writing import (
    link_or_copy,
    recover_folder,
    refused_errno,
    replacing_folder,
    write_together,
)


def _modes(folder: Path) -> set[tuple[str, int]]:
    return {
        ("folder" if p.is_dir() else "file", stat.S_IMODE(p.stat().st_mode))
        for p in [folder, *folder.rglob("*")]
    }


def test_a_replaced_folder_gets_the_usual_modes(tmp_path):
    old = os.umask(0o022)
    try:
        with replacing_folder(tmp_path / "_site") as staging:
            (staging / "reports").mkdir()
            (staging / "reports/index.html").write_text("<p>hi</p>", encoding="utf-8")
    finally:
        os.umask(old)
    assert _modes(tmp_path / "_site") == {("folder", 0o755), ("file", 0o644)}


def test_recover_folder_restores_a_folder_set_aside_and_clears_the_rest(tmp_path):
    final = tmp_path / "processed"
    aside = tmp_path / ".processed-old"
    aside.mkdir()
    (aside / "claims.csv").write_text("kept\n", encoding="utf-8")
    (tmp_path / ".processed-new-1234").mkdir()
    recover_folder(final)
    assert (final / "claims.csv").read_text(encoding="utf-8") == "kept\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["processed"]


def test_a_refusal_is_known_also_in_a_librarys_words():
    assert refused_errno(OSError(errno.ENOSPC, "No space left on device")) == errno.ENOSPC
    assert refused_errno(RuntimeError("parquet: underlying IO error (os error 27)")) == errno.EFBIG
    assert refused_errno(OSError(errno.ENOENT, "gone")) is None


def test_files_written_together_are_all_placed_or_none(tmp_path, monkeypatch):
    last = tmp_path / "registry.yaml"
    last.write_text("old\n", encoding="utf-8")
    files = [(tmp_path / "new.txt", b"new", 0o644), (last, b"new\n", 0o644)]
    real = os.replace

    def full_disk_at_the_registry(source, target):
        if Path(target) == last:
            raise OSError(errno.ENOSPC, "No space left on device", str(target))
        real(source, target)

    monkeypatch.setattr(os, "replace", full_disk_at_the_registry)
    with pytest.raises(ProblemsFound) as found:
        write_together(files)
    assert [p.slug for p in found.value.problems] == ["cannot-write"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["registry.yaml"]
    assert last.read_text(encoding="utf-8") == "old\n"
    monkeypatch.setattr(os, "replace", real)
    write_together(files)
    assert (tmp_path / "new.txt").read_bytes() == b"new" and last.read_bytes() == b"new\n"


def test_a_file_is_linked_where_it_can_be_and_copied_where_not(tmp_path, monkeypatch):
    source = tmp_path / "a.csv"
    source.write_bytes(b"x,y\n1,2\n")
    link_or_copy(source, tmp_path / "linked.csv")
    assert (tmp_path / "linked.csv").stat().st_ino == source.stat().st_ino

    def refuse(*_):
        raise OSError(errno.EXDEV, "cross-device link")

    monkeypatch.setattr(os, "link", refuse)
    link_or_copy(source, tmp_path / "copied.csv")
    copied = tmp_path / "copied.csv"
    assert copied.read_bytes() == source.read_bytes()
    assert copied.stat().st_ino != source.stat().st_ino
