"""The units WordNet gives plural nouns outside the vocabulary (antlens.wordnet)."""

from __future__ import annotations

from pathlib import Path

import pytest

from antlens import detect_mentions
from antlens.wordnet import UNITS_FILE, derive, unit_of_plural, write
from tests.conftest import SCHEMAS

# A WordNet in miniature: offset -> (lexicographer file, words, hypernyms).
SYNSETS = {
    "00000001": (3, ["person"], []),
    "00000002": (18, ["lawmaker"], ["00000001"]),
    "00000003": (18, ["merchant"], ["00000001"]),
    "00000004": (18, ["grocer"], ["00000003"]),
    "00000005": (6, ["mercantile_establishment"], []),
    "00000006": (17, ["bank"], []),  # the slope, a thing: passed over
    "00000007": (14, ["financial_institution"], []),
    "00000008": (14, ["bank"], ["00000007"]),
    "00000009": (14, ["educational_institution"], []),
    "00000010": (6, ["hospital"], []),
    "00000011": (14, ["hospital"], []),
    "00000012": (14, ["agency"], []),
    "00000013": (14, ["stock_exchange"], []),
    "00000014": (14, ["company"], []),
    "00000015": (14, ["business"], []),
    "00000016": (4, ["enterprise"], []),
    "00000017": (14, ["enterprise"], []),
    "00000018": (14, ["firm"], []),
    "00000019": (14, ["country"], []),
    "00000020": (15, ["country"], []),
    "00000021": (15, ["city"], []),
    "00000022": (4, ["market"], []),  # an activity first: decides no unit
    "00000023": (14, ["market"], ["00000014"]),
    "00000024": (18, ["Smith"], ["00000001"]),  # a proper noun only
    "00000025": (18, ["child"], ["00000001"]),
    "00000026": (18, ["chairman"], ["00000001"]),
    "00000027": (14, ["insurer"], ["00000007", "00000014"]),
    "00000028": (18, ["go-between"], ["00000001"]),
    "00000029": (18, ["real_estate_agent"], ["00000001"]),
}


def _mini_wordnet(folder: Path) -> Path:
    data, senses = [], {}
    for offset, (lexfile, words, above) in SYNSETS.items():
        pointers = [f"@ {h} n 0000" for h in above]
        entries = " ".join(f"{w} 0" for w in words)
        data.append(f"{offset} {lexfile:02d} n {len(words):02x} {entries} "
                    f"{len(pointers):03d} {' '.join(pointers)} | a gloss")  # fmt: skip
        for word in words:
            senses.setdefault(word.lower(), []).append(offset)
    index = [f"{lemma} n {len(o)} 1 @ {len(o)} 0 {' '.join(o)}" for lemma, o in senses.items()]
    (folder / "data.noun").write_text("  1 licence\n" + "\n".join(data) + "\n", "latin-1")
    (folder / "index.noun").write_text("  1 licence\n" + "\n".join(sorted(index)) + "\n")
    (folder / "noun.exc").write_text("children child\n")
    return folder


def test_units_follow_the_senses_of_the_nouns(tmp_path):
    units = derive(_mini_wordnet(tmp_path))
    assert units["lawmakers"] == "persons"  # a person
    assert units["grocers"] == "merchants"  # a merchant before a person
    assert units["banks"] == "institutions"  # the slope passed over
    assert units["insurers"] == "institutions"  # an institution before a company
    assert units["countries"] == "countries" and units["cities"] == "cities"
    assert units["children"] == "persons" and "childs" not in units  # noun.exc's plural
    assert units["chairmen"] == "persons"
    assert "markets" not in units  # the first sense, an activity, has no unit
    assert "smiths" not in units  # proper nouns are no counted nouns
    assert "go-betweens" in units and "real_estate_agents" not in units  # single words only


def test_the_table_is_written_the_same_whatever_the_order(tmp_path):
    units = derive(_mini_wordnet(tmp_path))
    write(units, tmp_path / "a.tsv")
    write(dict(reversed(units.items())), tmp_path / "b.tsv")
    assert (tmp_path / "a.tsv").read_bytes() == (tmp_path / "b.tsv").read_bytes()


def test_the_shipped_table_names_units_of_the_vocabulary():
    lines = UNITS_FILE.read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines[1:]]
    assert [plural for plural, _ in rows] == sorted(plural for plural, _ in rows)
    assert {unit for _, unit in rows} <= set(SCHEMAS.vocabulary("units"))
    assert unit_of_plural("lawmakers") == "persons" and unit_of_plural("pillars") is None


@pytest.mark.skipif(not Path("/usr/share/wordnet/data.noun").is_file(), reason="no WordNet")
def test_the_shipped_table_is_what_wordnet_gives():
    expected = derive(Path("/usr/share/wordnet"))
    assert {p: unit_of_plural(p) for p in expected} == expected


@pytest.mark.parametrize(
    ("sentence", "span", "unit", "counted"),
    [
        ("The bill was backed by 40 lawmakers.", "40 lawmakers", "persons", "lawmakers"),
        ("Bids came from three insurance brokers.", "three insurance brokers", "persons",
         "insurance brokers"),
        ("It had two pillars.", "two", None, "pillars"),  # no unit: the mention keeps its end
        ("It runs on 300 cloud servers.", "300", None, "cloud servers"),  # machines
        ("It has 17 payment partners.", "17", None, "payment partners"),  # firms or people
        ("It signed a dozen partnerships.", "a dozen", None, "partnerships"),
        ("It sells in 12 markets.", "12 markets", "countries", "markets"),  # the vocabulary first
        ("The number of lawmakers rose to 40.", "40", "persons", "lawmakers"),
    ],
)  # fmt: skip
def test_the_detector_reads_a_plural_outside_the_vocabulary_by_wordnet(
    sentence, span, unit, counted
):
    (mention,) = detect_mentions(sentence)
    assert (mention.text, mention.unit, mention.kind, mention.counted) == (
        span,
        unit,
        "count",
        counted,
    )
