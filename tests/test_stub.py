"""The curation stub: every detected number under `todo:`, each a claim but for its id."""

import yaml

from antlens.mentions import detect_mentions
from antlens.sentences import split_sentences
from antlens.stub import stub_text

RECORD = {"source_id": "s", "path": "data/raw/articles/s.txt"}


def _stub(text: str) -> tuple[str, dict]:
    written = stub_text(RECORD, text, detect_mentions(text), split_sentences(text))
    return written, yaml.safe_load(written)


def test_a_repeated_number_gets_its_occurrence_and_a_unique_one_none():
    written, stub = _stub("Ant earned 12 billion yuan. Ant earned 12 billion yuan. It had 80%.")
    assert (stub["source_id"], stub["claims"], stub["exclusions"]) == ("s", None, None)
    assert [(e["quote"], e.get("occurrence")) for e in stub["todo"]] == [
        ("12 billion yuan", 1),
        ("12 billion yuan", 2),
        ("80%", None),
    ]
    assert stub["todo"][0] == {
        "quote": "12 billion yuan",
        "occurrence": 1,
        "value": 12,
        "scale": "billion",
        "unit": "CNY",
        "qualifier": "exact",
    }
    assert "  # s-m0000 amount: Ant earned »12 billion yuan«." in written


def test_a_text_without_numbers_has_an_empty_todo():
    written, stub = _stub("No figures here.")
    assert stub["todo"] == []
    assert "todo: []  # the detector found no number in this text" in written
