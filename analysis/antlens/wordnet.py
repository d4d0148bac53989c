"""What a plural noun outside the units vocabulary counts, from Princeton WordNet 3.0.

The vocabulary of `antlens.units` names the nouns that news about Ant Group counts; unseen
news counts others ("40 lawmakers", "12 bidders", "three insurance brokers"). WordNet knows
them: a noun whose most frequent sense is a person (WordNet's lexicographer file
noun.person) counts persons, one under "merchant" or "mercantile establishment" counts
merchants, one under "financial institution", "educational institution", "medical
institution", "government agency" or "stock exchange" counts institutions, and one under
"company", "business", "enterprise" or "firm" counts enterprises, one under "country" counts
countries, one under "city" cities, and one under "person" persons. A sense of a place or a
thing ("bank", the slope) is passed over for the next; any other sense without a unit
decides that the noun has none ("market", the activity). Proper nouns are left out
("Banks", the botanist).

The table is derived once from WordNet's files and shipped with antlens as
`wordnet_units.tsv`, one plural a line, so that the detector needs neither WordNet nor a
network. To derive it anew (Debian's package wordnet-base installs the files):

    python -m antlens.wordnet /usr/share/wordnet

WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved. THIS SOFTWARE AND
DATABASE IS PROVIDED "AS IS" AND PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR
WARRANTIES, EXPRESS OR IMPLIED. The name of Princeton University or Princeton may not be
used in advertising or publicity pertaining to distribution of the software and/or
database. (The licence in full: https://wordnet.princeton.edu/license-and-commercial-use.)
"""

from __future__ import annotations

import functools
import re
import sys
from pathlib import Path

UNITS_FILE = Path(__file__).with_name("wordnet_units.tsv")
_HEADER = "# plural\tunit — derived from Princeton WordNet 3.0 by `python -m antlens.wordnet`\n"

_PERSON_FILE = 18  # lexicographer file noun.person
_PASSED_OVER = frozenset([15, 17])  # noun.location, noun.object: "bank", the slope
# (unit, lemma, sense number) of the synsets whose hyponyms count that unit; checked in order,
# so that an insurer (a financial institution and a company) counts institutions.
_ROOTS = [
    ("merchants", "merchant", 1), ("merchants", "mercantile_establishment", 1),
    ("institutions", "financial_institution", 1), ("institutions", "educational_institution", 1),
    ("institutions", "hospital", 2), ("institutions", "agency", 1),
    ("institutions", "stock_exchange", 1),
    ("enterprises", "company", 1), ("enterprises", "business", 1),
    ("enterprises", "enterprise", 2), ("enterprises", "firm", 1),
    ("countries", "country", 1), ("countries", "country", 2), ("cities", "city", 1),
    ("persons", "person", 1),
]  # fmt: skip
_WORD = re.compile(r"[a-z][a-z-]*[a-z]")


def unit_of_plural(noun: str) -> str | None:
    """The unit a plural noun counts by WordNet ("lawmakers" -> persons), None if none."""
    return _units().get(noun)


@functools.cache
def _units() -> dict[str, str]:
    lines = UNITS_FILE.read_text(encoding="utf-8").splitlines()[1:]
    return dict(line.split("\t") for line in lines)


def derive(wordnet: Path) -> dict[str, str]:
    """Plural -> unit for every single-word common noun of the WordNet files in `wordnet`
    (data.noun, index.noun, noun.exc) whose sense decides a unit (module docstring)."""
    synsets = _read_synsets(wordnet / "data.noun")
    senses = _read_senses(wordnet / "index.noun")
    roots = [(unit, senses[lemma][number - 1]) for unit, lemma, number in _ROOTS]

    @functools.cache
    def hypernyms(offset: str) -> frozenset[str]:
        above = synsets[offset][1]
        return frozenset(above).union(*(hypernyms(h) for h in above))

    def unit_of(offset: str) -> str | None:
        lineage = hypernyms(offset) | {offset}
        found = next((unit for unit, root in roots if root in lineage), None)
        return found or ("persons" if synsets[offset][0] == _PERSON_FILE else None)

    irregular = _irregular_plurals(wordnet / "noun.exc")
    units = {}
    for lemma, offsets in senses.items():
        common = [o for o in offsets if synsets[o][2].get(lemma) is False]
        if not _WORD.fullmatch(lemma) or not common:
            continue
        decisive = (o for o in common if unit_of(o) or synsets[o][0] not in _PASSED_OVER)
        if unit := unit_of(next(decisive, common[0])):
            for plural in irregular.get(lemma) or _regular_plurals(lemma):
                units.setdefault(plural, unit)
    return units


def _read_synsets(path: Path) -> dict[str, tuple[int, list[str], dict[str, bool]]]:
    """offset -> (lexicographer file, hypernym offsets, {word: capitalised})."""
    synsets = {}
    for line in path.read_text(encoding="latin-1").splitlines():
        if line.startswith(" "):
            continue  # the licence at the top of the file
        fields = line.partition(" | ")[0].split()
        count = int(fields[3], 16)
        words = {w.lower(): w[0].isupper() for w in fields[4 : 4 + 2 * count : 2]}
        at = 4 + 2 * count
        pointers = [fields[at + 1 + 4 * i : at + 5 + 4 * i] for i in range(int(fields[at]))]
        above = [p[1] for p in pointers if p[0] in ("@", "@i") and p[2] == "n"]
        synsets[fields[0]] = (int(fields[1]), above, words)
    return synsets


def _read_senses(path: Path) -> dict[str, list[str]]:
    """lemma -> its synsets' offsets, the most frequent sense first."""
    senses = {}
    for line in path.read_text(encoding="latin-1").splitlines():
        if line.startswith(" "):
            continue
        fields = line.split()
        senses[fields[0]] = fields[6 + int(fields[3]) :]
    return senses


def _irregular_plurals(path: Path) -> dict[str, list[str]]:
    plurals: dict[str, list[str]] = {}
    for line in path.read_text(encoding="latin-1").splitlines():
        plural, lemma = line.split()[:2]
        plurals.setdefault(lemma, []).append(plural)
    return plurals


def _regular_plurals(lemma: str) -> list[str]:
    """English plurals by WordNet's own rules read backwards ("-men" is a plural of "-man",
    as "humans" is of "human")."""
    if lemma.endswith(("s", "x", "z", "ch", "sh")):
        return [lemma + "es"]
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        return [lemma[:-1] + "ies"]
    return [lemma[:-3] + "men", lemma + "s"] if lemma.endswith("man") else [lemma + "s"]


def write(units: dict[str, str], path: Path = UNITS_FILE) -> None:
    """Write the table, sorted, so that the same WordNet gives the same bytes."""
    rows = "".join(f"{plural}\t{unit}\n" for plural, unit in sorted(units.items()))
    path.write_text(_HEADER + rows, encoding="utf-8")


if __name__ == "__main__":
    write(derive(Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/wordnet")))
