"""The detector on real news text it was not written for: the evaluation runs, accuracy holds.

The floors are the figures measured on 1 December 2026 (README, "Detector accuracy") less two
points, so that a regression fails while a small change does not. The tuned-on set
(tests/fixtures/articles/) was used to tune the detector; the held-out set
(tests/fixtures/articles/heldout/) was labelled before the detector ever ran on it.
"""

import importlib.util
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import SCHEMAS

vocabulary = SCHEMAS.vocabulary


BENCHMARK = Path(__file__).resolve().parents[1] / "benchmarks" / "detector_accuracy.py"
FLOORS = {  # measured: 100.0%, 100.0%, 99.3%, 99.3% (138 gold mentions in 4 articles)
    "span_precision": 0.98,
    "span_recall": 0.98,
    "value_precision": 0.97,
    "value_recall": 0.97,
}
HELDOUT_FLOORS = {  # measured: 100.0%, 100.0%, 96.2%, 96.2% (132 gold mentions in 4 articles)
    "span_precision": 0.98,
    "span_recall": 0.98,
    "value_precision": 0.94,
    "value_recall": 0.94,
}
HELDOUT_GOLDS = {"alipay_users": 41, "restructuring": 26, "consumer_credit": 34, "fine_2023": 31}


@pytest.fixture(scope="module")
def accuracy():
    spec = importlib.util.spec_from_file_location("detector_accuracy", BENCHMARK)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being made
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


def test_every_gold_mention_is_found_in_its_article(accuracy):
    # evaluate() anchors each gold mention after the previous one; a missing one raises.
    golds = {name: accuracy.evaluate(name).gold for name in accuracy.article_names()}
    assert golds == {"ipo_filing": 29, "h_share_offer": 34, "ipo_suspended": 28, "credit_tech": 47}


def test_overall_accuracy_stays_above_its_floors(accuracy):
    scores, overall = accuracy.evaluate_all()
    assert [s.name for s in scores] == [
        "ipo_filing",
        "h_share_offer",
        "ipo_suspended",
        "credit_tech",
    ]
    assert overall.gold == sum(s.gold for s in scores) == 138
    for measure, floor in FLOORS.items():
        assert getattr(overall, measure) >= floor, (measure, accuracy.report(scores, overall))


def test_the_report_lists_figures_misses_and_false_positives(accuracy):
    scores, overall = accuracy.evaluate_all()
    text = accuracy.report(scores, overall)
    assert text.splitlines()[0].split() == [
        "article", "gold", "found", "span", "P", "span", "R", "value", "P", "value", "R"
    ]  # fmt: skip
    assert "overall" in text
    assert all(f"\n{s.name}:" in text for s in scores)


def test_every_heldout_gold_mention_is_found_in_its_article(accuracy):
    folder = accuracy.HELDOUT
    assert accuracy.article_names(folder) == list(HELDOUT_GOLDS)
    for name, count in HELDOUT_GOLDS.items():
        text = (folder / f"{name}.txt").read_text(encoding="utf-8")
        entries = yaml.safe_load((folder / f"{name}.gold.yaml").read_text(encoding="utf-8"))
        entries = entries["mentions"]
        assert len(entries) == count, name
        missing = [e["text"] for e in entries if e["text"] not in text]
        assert not missing, (name, missing)
        # anchored in text order, as the evaluation anchors them; a missing one raises
        spans = accuracy.gold_spans(text, entries)
        assert [text[g.start : g.end] for g in spans] == [e["text"] for e in entries]


def test_the_heldout_set_stays_apart_from_the_tuned_on_set(accuracy):
    def pages(folder):
        index = yaml.safe_load((folder / "index.yaml").read_text(encoding="utf-8"))
        return {p["url"] for article in index["articles"] for p in article["passages"]}

    assert accuracy.GROUPS == {"tuned-on set": accuracy.ARTICLES, "held-out set": accuracy.HELDOUT}
    assert not set(accuracy.article_names()) & set(accuracy.article_names(accuracy.HELDOUT))
    assert not pages(accuracy.ARTICLES) & pages(accuracy.HELDOUT)


def test_heldout_accuracy_stays_above_its_floors(accuracy):
    units = accuracy.LABELLED_UNITS["held-out set"]
    scores, overall = accuracy.evaluate_all(accuracy.HELDOUT, units)
    assert [s.name for s in scores] == list(HELDOUT_GOLDS)
    assert overall.gold == sum(HELDOUT_GOLDS.values()) == 132
    for measure, floor in HELDOUT_FLOORS.items():
        assert getattr(overall, measure) >= floor, (measure, accuracy.report(scores, overall))


def test_the_report_gives_both_groups_and_all_together(accuracy):
    results, overall = accuracy.evaluate_groups()
    assert list(results) == ["tuned-on set", "held-out set"]
    assert overall.gold == sum(total.gold for _, total in results.values()) == 138 + 132
    text = accuracy.report_groups(results, overall)
    tuned_scores, tuned_total = results["tuned-on set"]
    assert accuracy.report(tuned_scores, tuned_total) in text  # the first group's report, kept
    assert text.index("== tuned-on set") < text.index("== held-out set") < text.index("== both")
    last = text.splitlines()[-4:]
    assert [line.split()[0] for line in last] == ["group", "tuned-on", "held-out", "overall"]


def test_each_set_is_compared_in_the_vocabulary_it_was_labelled_in(accuracy):
    def gold_units(folder):
        for name in accuracy.article_names(folder):
            text = (folder / f"{name}.gold.yaml").read_text(encoding="utf-8")
            yield from (e.get("unit") for e in yaml.safe_load(text)["mentions"])

    labelled = accuracy.LABELLED_UNITS["held-out set"]
    assert labelled < set(vocabulary("units"))
    assert set(gold_units(accuracy.HELDOUT)) - {None} <= labelled
    assert accuracy.LABELLED_UNITS["tuned-on set"] is None
    assert set(gold_units(accuracy.ARTICLES)) - {None} <= set(vocabulary("units"))


def test_codes_are_set_aside_and_newer_units_listed(accuracy):
    score = accuracy.evaluate(
        "fine_2023", accuracy.HELDOUT, accuracy.LABELLED_UNITS["held-out set"]
    )
    assert [code.text for code in score.codes] == ["9988.HK"]
    assert not score.false_positives
    assert [(f.text, f.unit) for f in score.newer_units] == [
        ("S$1.35 billion", "SGD"), ("S$1.33 billion", "SGD"), ("€904 million", "EUR"),
        ("€2.7 billion", "EUR"),
    ]  # fmt: skip
    text = accuracy.report([score], score)
    assert "stock code      '9988.HK', set aside" in text
    assert "newer unit      '€904 million' = 904,000,000 EUR, compared as no unit" in text
