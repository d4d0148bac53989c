"""The detector on real news text it was not written for: the evaluation runs, accuracy holds.

The floors are the figures measured on 1 December 2026 (README, "Detector accuracy") less two
points, so that a regression fails while a small change does not (the second and third held-out
sets': those measured on 2 December 2026 after the detector was tuned on them, less about one
point). The tuned-on set (tests/fixtures/articles/) and the second and third held-out sets
(heldout_2026_12/, heldout_2026_12b/) were each measured blind once and then used to tune the
detector; the held-out set
(tests/fixtures/articles/heldout/) was labelled before the detector ever ran on it and has not
been tuned on.
"""

import importlib.util
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import SCHEMAS

vocabulary = SCHEMAS.vocabulary


BENCHMARK = Path(__file__).resolve().parents[1] / "benchmarks" / "detector_accuracy.py"
FLOORS = {  # measured 1 Dec.: 100.0%, 100.0%, 99.3%, 99.3% (138 gold mentions in 4 articles)
    "span_precision": 0.98,
    "span_recall": 0.98,
    "value_precision": 0.97,
    "value_recall": 0.97,
}
HELDOUT_FLOORS = {  # measured 1 Dec.: 100.0%, 100.0%, 96.2%, 96.2% (132 gold mentions, 4 texts)
    "span_precision": 0.98,
    "span_recall": 0.98,
    "value_precision": 0.94,
    "value_recall": 0.94,
}
HELDOUT_GOLDS = {"alipay_users": 41, "restructuring": 26, "consumer_credit": 34, "fine_2023": 31}
# measured blind, 2 December 2026: 98.9%, 98.4%, 90.3%, 89.8% (186 gold mentions in 5 articles);
# after tuning on it that day: 100.0%, 100.0%, 100.0%, 100.0%
HELDOUT_2026_12_FLOORS = {
    "span_precision": 0.99,
    "span_recall": 0.99,
    "value_precision": 0.99,
    "value_recall": 0.99,
}
HELDOUT_2026_12_GOLDS = {
    "ipo_valuation": 38, "alipay_payments": 50, "yuebao": 52, "mybank": 21, "ant_profit": 25
}  # fmt: skip
# measured blind, 2 December 2026, after the tuning on heldout_2026_12: 98.6%, 98.6%, 93.1%,
# 93.1% (145 gold mentions in 4 articles); after tuning on it that day: 100.0%, 100.0%, 100.0%,
# 100.0%
HELDOUT_2026_12B_FLOORS = {
    "span_precision": 0.99,
    "span_recall": 0.99,
    "value_precision": 0.99,
    "value_recall": 0.99,
}
HELDOUT_2026_12B_GOLDS = {
    "funding_valuation": 36, "overseas_deals": 29, "paytm": 60, "huabei_control": 20
}  # fmt: skip
# measured blind, 2 December 2026, after the tuning on heldout_2026_12b: 97.9%, 97.3%, 91.8%,
# 91.2% (147 gold mentions in 5 articles); after tuning on it that day: 99.3%, 100.0%, 99.3%,
# 100.0% (the one false positive, "hundreds of millions", is a mention under the seeds' policy)
HELDOUT_2026_12C_FLOORS = {
    "span_precision": 0.99,
    "span_recall": 0.99,
    "value_precision": 0.99,
    "value_recall": 0.99,
}
HELDOUT_2026_12C_GOLDS = {
    "mybank_lending": 51, "worldfirst": 30, "state_capital": 20, "alipay_milestones": 34,
    "oceanbase": 12,
}  # fmt: skip
# measured blind, 2 December 2026, after the tuning on heldout_2026_12c: 98.4%, 99.2%, 91.3%,
# 92.0% (251 gold mentions in 8 articles); after tuning on it that day: 98.8%, 100.0%, 97.6%,
# 98.8% (left: a bare "$" the outlet means as its own dollar, "No. 1", "99 Ranch Market")
HELDOUT_2026_12D_FLOORS = {
    "span_precision": 0.98,
    "span_recall": 0.99,
    "value_precision": 0.97,
    "value_recall": 0.98,
}
HELDOUT_2026_12D_GOLDS = {
    "alipay_singapore": 34, "alipay_australia": 30, "alipay_europe": 28, "alipay_uk": 34,
    "ipo_pricing": 32, "buyback_2023": 31, "yuebao_yields": 39, "tng_malaysia": 23,
}  # fmt: skip
# measured blind, 2 December 2026, after the tuning on heldout_2026_12d: 96.6%, 96.2%, 85.2%,
# 84.8% (264 gold mentions in 7 articles); after tuning on it that day: 99.6%, 100.0%, 95.1%,
# 95.5% (left: counts whose noun is far or implied, a misprinted lakh grouping)
HELDOUT_2026_12E_FLOORS = {
    "span_precision": 0.99,
    "span_recall": 0.99,
    "value_precision": 0.94,
    "value_recall": 0.95,
}
HELDOUT_2026_12E_GOLDS = {
    "paytm_alibaba_exit": 35, "paytm_antfin_sales": 40, "gcash_valuation": 36,
    "easypaisa_pakistan": 36, "kakaopay_korea": 40, "bkash_bangladesh": 38, "dana_truemoney": 39,
}  # fmt: skip
# measured blind, 2 December 2026, after the tuning on heldout_2026_12e: 96.0%, 96.0%, 93.2%,
# 93.2% (249 gold mentions in 8 articles); after tuning on it that day: 97.6%, 99.2%, 96.0%,
# 97.6% (left: issue numbers of plan names, a page-view counter read as a year)
HELDOUT_2026_12F_FLOORS = {
    "span_precision": 0.97,
    "span_recall": 0.99,
    "value_precision": 0.95,
    "value_recall": 0.97,
}
HELDOUT_2026_12F_GOLDS = {
    "fine_buyback": 23, "valuation_marks": 40, "restructuring_capital": 21, "ma_control": 32,
    "abs_huabei": 28, "alibaba_stake_profit": 28, "yuebao_limits": 37, "yuebao_size": 40,
}  # fmt: skip
# measured blind, 2 December 2026, after the tuning on heldout_2026_12f: 97.3%, 96.2%, 89.6%,
# 88.5% (262 gold mentions in 8 articles); after tuning on it that day: 100.0%, 98.1%, 98.8%,
# 96.9% (left: "zero", "one cent", "one stamp", counts whose noun is far away)
HELDOUT_2026_12G_FLOORS = {
    "span_precision": 0.99,
    "span_recall": 0.97,
    "value_precision": 0.97,
    "value_recall": 0.96,
}
HELDOUT_2026_12G_GOLDS = {
    "yuebao_launch": 38, "singles_day": 37, "series_b": 33, "series_c": 29, "xiang_hu_bao": 30,
    "alipay_hk": 35, "ant_forest": 32, "health_code": 28,
}  # fmt: skip
# measured blind, 2 December 2026, after the tuning on heldout_2026_12g: 98.3%, 98.3%, 94.8%,
# 94.8% (233 gold mentions in 8 articles); after tuning on it that day: 99.6%, 99.6%, 99.1%,
# 99.1% (left: "No.2", a rank, and "one time", a multiple)
HELDOUT_2026_12H_FLOORS = {
    "span_precision": 0.99,
    "span_recall": 0.99,
    "value_precision": 0.98,
    "value_recall": 0.98,
}
HELDOUT_2026_12H_GOLDS = {
    "alibaba_results": 26, "hidden_asset": 30, "regulators": 38, "lucy_peng": 28,
    "wallet_network": 24, "korea_alipay_plus": 34, "thailand_tat": 28, "sotp_note": 25,
}  # fmt: skip
# measured blind, 2 December 2026, after the tuning on heldout_2026_12h: 98.6%, 98.1%, 91.2%,
# 90.7% (216 gold mentions in 7 articles); never tuned on
HELDOUT_2026_12I_FLOORS = {
    "span_precision": 0.97,
    "span_recall": 0.97,
    "value_precision": 0.90,
    "value_recall": 0.89,
}
HELDOUT_2026_12I_GOLDS = {
    "ipo_halt": 28, "alipay_reach": 36, "spending_reports": 40, "funding_rounds": 20,
    "mybank_huabei": 30, "oceanbase_benchmarks": 32, "travel_payments": 30,
}  # fmt: skip
HELDOUT_SETS = {  # group label -> (gold mentions per article, floors)
    "held-out set": (HELDOUT_GOLDS, HELDOUT_FLOORS),
    "held-out 2026-12": (HELDOUT_2026_12_GOLDS, HELDOUT_2026_12_FLOORS),
    "held-out 2026-12b": (HELDOUT_2026_12B_GOLDS, HELDOUT_2026_12B_FLOORS),
    "held-out 2026-12c": (HELDOUT_2026_12C_GOLDS, HELDOUT_2026_12C_FLOORS),
    "held-out 2026-12d": (HELDOUT_2026_12D_GOLDS, HELDOUT_2026_12D_FLOORS),
    "held-out 2026-12e": (HELDOUT_2026_12E_GOLDS, HELDOUT_2026_12E_FLOORS),
    "held-out 2026-12f": (HELDOUT_2026_12F_GOLDS, HELDOUT_2026_12F_FLOORS),
    "held-out 2026-12g": (HELDOUT_2026_12G_GOLDS, HELDOUT_2026_12G_FLOORS),
    "held-out 2026-12h": (HELDOUT_2026_12H_GOLDS, HELDOUT_2026_12H_FLOORS),
    "held-out 2026-12i": (HELDOUT_2026_12I_GOLDS, HELDOUT_2026_12I_FLOORS),
}


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


@pytest.mark.parametrize("label", HELDOUT_SETS)
def test_every_heldout_gold_mention_is_found_in_its_article(accuracy, label):
    folder, golds = accuracy.GROUPS[label], HELDOUT_SETS[label][0]
    assert accuracy.article_names(folder) == list(golds)
    for name, count in golds.items():
        text = (folder / f"{name}.txt").read_text(encoding="utf-8")
        entries = yaml.safe_load((folder / f"{name}.gold.yaml").read_text(encoding="utf-8"))
        entries = entries["mentions"]
        assert len(entries) == count, name
        missing = [e["text"] for e in entries if e["text"] not in text]
        assert not missing, (name, missing)
        # anchored in text order, as the evaluation anchors them; a missing one raises
        spans = accuracy.gold_spans(text, entries)
        assert [text[g.start : g.end] for g in spans] == [e["text"] for e in entries]


def test_the_heldout_sets_stay_apart_from_each_other_and_the_tuned_on_set(accuracy):
    def pages(folder):
        index = yaml.safe_load((folder / "index.yaml").read_text(encoding="utf-8"))
        return {p["url"] for article in index["articles"] for p in article["passages"]}

    assert accuracy.GROUPS == {
        "tuned-on set": accuracy.ARTICLES,
        "held-out set": accuracy.HELDOUT,
        "held-out 2026-12": accuracy.HELDOUT_2026_12,
        "held-out 2026-12b": accuracy.HELDOUT_2026_12B,
        "held-out 2026-12c": accuracy.HELDOUT_2026_12C,
        "held-out 2026-12d": accuracy.HELDOUT_2026_12D,
        "held-out 2026-12e": accuracy.HELDOUT_2026_12E,
        "held-out 2026-12f": accuracy.HELDOUT_2026_12F,
        "held-out 2026-12g": accuracy.HELDOUT_2026_12G,
        "held-out 2026-12h": accuracy.HELDOUT_2026_12H,
        "held-out 2026-12i": accuracy.HELDOUT_2026_12I,
    }
    folders = list(accuracy.GROUPS.values())
    for i, first in enumerate(folders):
        for second in folders[i + 1 :]:
            assert not set(accuracy.article_names(first)) & set(accuracy.article_names(second))
            assert not pages(first) & pages(second), (first, second)


@pytest.mark.parametrize("label", HELDOUT_SETS)
def test_heldout_accuracy_stays_above_its_floors(accuracy, label):
    golds, floors = HELDOUT_SETS[label]
    scores, overall = accuracy.evaluate_all(accuracy.GROUPS[label], accuracy.LABELLED_UNITS[label])
    assert [s.name for s in scores] == list(golds)
    assert overall.gold == sum(golds.values())
    for measure, floor in floors.items():
        assert getattr(overall, measure) >= floor, (measure, accuracy.report(scores, overall))


def test_the_report_gives_each_group_and_all_together(accuracy):
    results, overall = accuracy.evaluate_groups()
    assert list(results) == list(accuracy.GROUPS)
    assert (
        overall.gold
        == sum(total.gold for _, total in results.values())
        == 138 + 132 + 186 + 145 + 147 + 251 + 264 + 249 + 262 + 233 + 216
    )
    text = accuracy.report_groups(results, overall)
    tuned_scores, tuned_total = results["tuned-on set"]
    assert accuracy.report(tuned_scores, tuned_total) in text  # the first group's report, kept
    headings = [f"== {label} " for label in accuracy.GROUPS] + ["== all sets"]
    assert [text.index(h) for h in headings] == sorted(text.index(h) for h in headings)
    last = [line.split()[:2] for line in text.splitlines()[-13:]]
    assert last == [["group", "gold"], ["tuned-on", "set"], ["held-out", "set"],
                    ["held-out", "2026-12"], ["held-out", "2026-12b"],
                    ["held-out", "2026-12c"], ["held-out", "2026-12d"],
                    ["held-out", "2026-12e"], ["held-out", "2026-12f"],
                    ["held-out", "2026-12g"], ["held-out", "2026-12h"],
                    ["held-out", "2026-12i"], ["overall", "2223"]]  # fmt: skip


def test_each_set_is_compared_in_the_vocabulary_it_was_labelled_in(accuracy):
    def gold_units(folder):
        for name in accuracy.article_names(folder):
            text = (folder / f"{name}.gold.yaml").read_text(encoding="utf-8")
            yield from (e.get("unit") for e in yaml.safe_load(text)["mentions"])

    labelled = accuracy.LABELLED_UNITS["held-out set"]
    assert labelled < set(vocabulary("units"))
    assert set(gold_units(accuracy.HELDOUT)) - {None} <= labelled
    for label in ("tuned-on set", "held-out 2026-12", "held-out 2026-12b", "held-out 2026-12e",
                  "held-out 2026-12f", "held-out 2026-12g", "held-out 2026-12h",
                  "held-out 2026-12i"):  # fmt: skip
        assert accuracy.LABELLED_UNITS[label] is None
        folder = accuracy.GROUPS[label]
        assert set(gold_units(folder)) - {None} <= set(vocabulary("units")), label
    for label in ("held-out 2026-12c", "held-out 2026-12d"):  # before the currencies added since
        labelled = accuracy.LABELLED_UNITS[label]
        assert labelled == set(vocabulary("units")) - accuracy.ADDED_AFTER_2026_12C
        assert set(gold_units(accuracy.GROUPS[label])) - {None} <= labelled, label
    # the second held-out set uses units the first could not name
    assert {"SGD", "accounts", "countries"} <= set(gold_units(accuracy.HELDOUT_2026_12))


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
