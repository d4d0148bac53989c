"""Which encoding bytes that are not UTF-8 look like, and the one problem that says so."""

from pathlib import Path

import pytest

from antlens.encodings import guess_encoding, not_utf8_problem
from antlens.ingest import ingest
from antlens.problems import ProblemsFound

CHINESE = "蚂蚁集团2020年上半年营业收入725亿元，其中数字金融科技平台收入占百分之六十三。"


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def test_the_encoding_hint_names_the_encoding_and_the_conversion(repo_copy, tmp_path):
    path = _write(tmp_path, "article.txt", CHINESE.encode("gb18030"))
    with pytest.raises(ProblemsFound) as found:
        ingest(path, "new_article", root=repo_copy)
    (problem,) = found.value.problems
    assert problem.found == "byte 0xc2 at offset 0 is not UTF-8; it looks like GB18030"
    assert "iconv -f GB18030 -t UTF-8 article.txt > article.utf8.txt" in problem.hint


@pytest.mark.parametrize(
    ("text", "encoding", "guess"),
    [
        (CHINESE, "gbk", "GB18030"),
        (CHINESE, "utf-16-be", "UTF-16BE"),
        ("Ant Group said", "utf-16-le", "UTF-16LE"),
        ("café résumé", "latin-1", "WINDOWS-1252"),
        ("naïve \x81", "latin-1", "ISO-8859-1"),
    ],
)
def test_encodings_are_told_apart(text, encoding, guess):
    assert guess_encoding(text.encode(encoding)) == guess


def test_utf8_is_no_problem_and_everything_else_is_the_same_one():
    assert not_utf8_problem("蚂蚁 café".encode(), "a.txt") is None
    problem = not_utf8_problem("café".encode("latin-1"), "data/x.csv", "use {converted}")
    assert (problem.slug, problem.file) == ("not-utf8", "data/x.csv")
    assert problem.found == "byte 0xe9 at offset 3 is not UTF-8; it looks like WINDOWS-1252"
    assert problem.hint == (
        "convert it: `iconv -f WINDOWS-1252 -t UTF-8 x.csv > x.utf8.csv`, then use x.utf8.csv"
    )
