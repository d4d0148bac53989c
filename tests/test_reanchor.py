"""Re-anchoring annotations on a changed article text."""

import polars as pl
import pytest

from antlens.build import build
from antlens.problems import ProblemsFound
from antlens.reanchor import reanchor

RAW = "data/raw/articles/000_4ef738e29a43aba1.txt"
ANNOTATION = "data/annotations/ant_boundary.yaml"


@pytest.fixture
def built(repo_copy):
    build(repo_copy)
    return repo_copy


def _claim(root, claim_id: str) -> dict:
    claims = pl.read_parquet(root / "data/processed/claims.parquet")
    return claims.filter(pl.col("claim_id") == claim_id).row(0, named=True)


def _snapshot(root) -> dict[str, bytes]:
    return {name: (root / name).read_bytes() for name in (ANNOTATION, "data/sources.yaml")}


def test_the_build_stops_until_the_new_text_is_accepted(built, edit):
    edit(RAW, "Ma Yun once said,", "Ma Yun once  said,")
    with pytest.raises(ProblemsFound) as found:
        build(built)
    assert [p.slug for p in found.value.problems] == ["source-changed"]


def test_respaced_and_moved_text_is_re_anchored_and_builds(built, edit):
    edit(RAW, "Ma Yun once said,", "Ma Yun once  said,")
    edit(RAW, "In order to borrow 30000 yuan", "In order to\nborrow 30000 yuan")
    edit(RAW, "Welcome to the wechat", "Re-fetched copy.\nWelcome to the wechat")
    report = reanchor("ant_boundary", built)
    assert sorted(entry for entry, _, _ in report.reworded) == [
        "claim change-the-banks",
        "claim haibo-loan-sought",
    ]
    build(built)
    claim = _claim(built, "haibo-loan-sought")
    assert claim["quote"] == "In order to\nborrow 30000 yuan"
    assert claim["value_base"] == 30000


def test_a_corrected_typo_inside_a_quote_is_found_by_its_surroundings(built, edit):
    edit(RAW, "Only 10 days after the conference", "Only ten days after the conference")
    report = reanchor("ant_boundary", built)
    assert report.reworded == [
        ("claim group-founded-after", "Only 10 days after the conference",
         "Only ten days after the conference"),
    ]  # fmt: skip
    build(built)
    assert _claim(built, "group-founded-after")["value"] == 10


def test_an_earlier_copy_of_the_words_does_not_steal_the_anchor(built, edit):
    before = _claim(built, "ma-yun-stake-cap")
    sentence = "A later profile repeated that Ma Yun accounted for no more than 7.3% of its shares."
    edit(RAW, "Welcome to the wechat", sentence + "\nWelcome to the wechat")
    report = reanchor("ant_boundary", built)
    assert "claim ma-yun-stake-cap" in report.moved
    assert "occurrence: 2" in (built / ANNOTATION).read_text(encoding="utf-8")
    with pytest.raises(ProblemsFound):  # the copied sentence's number is new and unreviewed
        build(built)
    build(built, allow_unaccounted=True)
    after = _claim(built, "ma-yun-stake-cap")
    assert after["char_start"] == before["char_start"] + len(sentence) + 1


@pytest.mark.parametrize(
    ("old", "new", "slug"),
    [
        ("In order to borrow 30000 yuan, ", "", "quote-gone"),
        (
            "Ma Yun saw hope after 2011, and",
            "Ma Yun saw hope after 2011 (" + "Ma Yun saw hope after 2011, and) " * 2 + "and",
            "quote-ambiguous",
        ),
    ],
)
def test_a_gone_or_ambiguous_quote_stops_everything(built, edit, old, new, slug):
    edit(RAW, old, new)
    unchanged = _snapshot(built)
    with pytest.raises(ProblemsFound) as found:
        reanchor("ant_boundary", built)
    assert [p.slug for p in found.value.problems] == [slug]
    assert found.value.problems[0].file == ANNOTATION
    assert _snapshot(built) == unchanged


def test_an_unchanged_text_needs_nothing(built):
    unchanged = _snapshot(built)
    assert "nothing to do" in reanchor("ant_boundary", built).summary()
    assert _snapshot(built) == unchanged


def test_a_deleted_claimed_sentence_is_reported_gone(built, edit):
    edit(RAW, "In 1992, Ma Yun set up a small enterprise called “Haibo translation agency”. ", "")
    unchanged = _snapshot(built)
    with pytest.raises(ProblemsFound) as found:
        reanchor("ant_boundary", built)
    assert [(p.slug, p.record) for p in found.value.problems] == [
        ("quote-gone", "claim haibo-founded")
    ]
    assert _snapshot(built) == unchanged


def test_an_occurrence_added_after_an_ambiguity_settles_it(built, edit):
    line = "Huabei and jiebei are two pillars of ant group’s credit business"
    text = (built / RAW).read_text(encoding="utf-8")
    paragraph = next(p for p in text.split("\n") if p.startswith(line))
    edit(RAW, paragraph, paragraph + "\n" + paragraph)  # the paragraph, twice
    with pytest.raises(ProblemsFound) as found:
        reanchor("ant_boundary", built)
    ambiguous = sorted(p.record for p in found.value.problems)
    assert ambiguous and all(p.slug == "quote-ambiguous" for p in found.value.problems)
    annotation = (built / ANNOTATION).read_text(encoding="utf-8")
    for record in ambiguous:
        claim_id = record.removeprefix("claim ")
        annotation = annotation.replace(
            f"  - claim_id: {claim_id}\n", f"  - claim_id: {claim_id}\n    occurrence: 2\n"
        )
    (built / ANNOTATION).write_text(annotation, encoding="utf-8")
    reanchor("ant_boundary", built)
    build(built, allow_unaccounted=True)
    claims = pl.read_parquet(built / "data/processed/claims.parquet")
    second = claims.filter(pl.col("claim_id") == ambiguous[0].removeprefix("claim "))
    assert second["char_start"].item() > text.index(paragraph) + len(paragraph)


def test_a_full_disk_at_the_registry_leaves_the_annotation_as_it_was(built, edit, monkeypatch):
    import errno

    import antlens.writing

    edit(RAW, "Ma Yun once said,", "Ma Yun once  said,")
    edit(RAW, "In order to borrow 30000 yuan", "In order to\nborrow 30000 yuan")
    unchanged = _snapshot(built)
    real = antlens.writing.os.replace

    def full_at_the_registry(source, target):
        if str(target).endswith("sources.yaml"):
            raise OSError(errno.ENOSPC, "No space left on device", str(target))
        real(source, target)

    monkeypatch.setattr(antlens.writing.os, "replace", full_at_the_registry)
    with pytest.raises(ProblemsFound) as found:
        reanchor("ant_boundary", built)
    assert [p.slug for p in found.value.problems] == ["cannot-write"]
    assert _snapshot(built) == unchanged
    leftovers = [p.name for p in (built / "data/annotations").iterdir() if p.name.startswith(".")]
    assert leftovers == []
    monkeypatch.setattr(antlens.writing.os, "replace", real)
    reanchor("ant_boundary", built)
    after = _snapshot(built)
    assert [after[name] != unchanged[name] for name in after] == [True, True]  # both rewritten
