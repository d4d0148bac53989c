"""The one YAML reader: safe, strict about repeated keys, refusing aliases and huge files."""

import time

import pytest

from antlens import yamlio
from antlens.problems import ProblemsFound
from antlens.yamlio import parse_yaml, read_yaml, scalar


def _problem(text: str):
    with pytest.raises(ProblemsFound) as found:
        parse_yaml(text, "data/x.yaml")
    (problem,) = found.value.problems
    return problem


def test_plain_yaml_reads():
    assert parse_yaml("a: [1, {b: 2}]\nc: text\n", "x") == {"a": [1, {"b": 2}], "c": "text"}


def test_an_alias_is_refused_at_once_even_a_billion_laughs():
    levels = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    started = time.monotonic()
    problem = _problem("\n".join(levels))
    assert time.monotonic() - started < 1
    assert problem.flat() == ("data/x.yaml", 1, None, "", "", "yaml-alias")
    assert _problem("base: &b {x: 1}\nother:\n  <<: *b\n").slug == "yaml-alias"


def test_a_key_given_twice_and_bad_syntax_name_their_line():
    assert _problem("a: 1\nb: 2\na: 3\n").flat()[1:] == (
        3,
        None,
        "",
        "",
        "yaml-syntax",
    )
    assert _problem("a: [1\n").line == 2


def test_a_file_larger_than_the_cap_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(yamlio, "MAX_YAML_BYTES", 100)
    path = tmp_path / "big.yaml"
    path.write_text("a: " + "x" * 200 + "\n", encoding="utf-8")
    with pytest.raises(ProblemsFound) as found:
        read_yaml(path, "data/big.yaml")
    assert [p.slug for p in found.value.problems] == ["too-large"]


def test_a_scalar_stays_on_one_line():
    assert scalar("two\nlines") == '"two\\nlines"'
    assert scalar(None) == "null" and scalar("plain words") == "plain words"


def test_a_round_trip_keeps_comments_quotes_and_layout(tmp_path):
    text = '# why these claims\nclaims:\n  - claim_id: "a"  # kept quoted\n    value: 1\n'
    path = tmp_path / "a.yaml"
    path.write_text(text, encoding="utf-8")
    document, read = yamlio.read_round_trip(path, "a.yaml")
    assert read == text
    document["claims"].append({"claim_id": "b"})
    assert yamlio.dump_round_trip(document) == text + "  - claim_id: b\n"


def test_a_round_trip_refuses_what_the_safe_reader_refuses(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("a: 1\na: 2\n", encoding="utf-8")
    with pytest.raises(ProblemsFound) as found:
        yamlio.read_round_trip(path, "a.yaml")
    assert found.value.problems[0].file == "a.yaml"
