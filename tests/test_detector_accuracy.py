"""The detector on real news text it was not written for: the evaluation runs, accuracy holds.

The tuned-on set's floors are its figures of 1 December 2026 less two points, the held-out
sets' (HELDOUT_SETS) their figures after tuning less about one point, so that a regression
fails while a small change does not. Each held-out set but the first (heldout/, never tuned on)
was measured blind once, then used to tune the detector (README, "Detector accuracy").
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
MEASURES = ("span_precision", "span_recall", "value_precision", "value_recall")


def heldout(floors: tuple[float, float, float, float], golds: dict[str, int]) -> tuple:
    """A held-out set's gold mentions per article and its floors, in the order of MEASURES."""
    return golds, dict(zip(MEASURES, floors, strict=True))


# Each set's floors are its figures after it was tuned on (README, "Detector accuracy"), less
# about one point; the comment gives them, blind first (span P, span R, value+unit P, R).
HELDOUT_SETS = {  # group label -> (gold mentions per article, floors)
    # 1 Dec. 2026 (never tuned on): 100.0%, 100.0%, 96.2%, 96.2%
    "held-out set": heldout((0.98, 0.98, 0.94, 0.94), {
        "alipay_users": 41, "restructuring": 26, "consumer_credit": 34, "fine_2023": 31}),
    # blind 98.9%, 98.4%, 90.3%, 89.8%; tuned 100.0% throughout
    "held-out 2026-12": heldout((0.99, 0.99, 0.99, 0.99), {
        "ipo_valuation": 38, "alipay_payments": 50, "yuebao": 52, "mybank": 21,
        "ant_profit": 25}),
    # blind 98.6%, 98.6%, 93.1%, 93.1%; tuned 100.0% throughout
    "held-out 2026-12b": heldout((0.99, 0.99, 0.99, 0.99), {
        "funding_valuation": 36, "overseas_deals": 29, "paytm": 60, "huabei_control": 20}),
    # blind 97.9%, 97.3%, 91.8%, 91.2%; tuned 99.3%, 100.0%, 99.3%, 100.0% (the one false
    # positive, "hundreds of millions", is a mention under the seeds' policy)
    "held-out 2026-12c": heldout((0.99, 0.99, 0.99, 0.99), {
        "mybank_lending": 51, "worldfirst": 30, "state_capital": 20, "alipay_milestones": 34,
        "oceanbase": 12}),
    # blind 98.4%, 99.2%, 91.3%, 92.0%; tuned 98.8%, 100.0%, 97.6%, 98.8% (left: a bare "$"
    # the outlet means as its own dollar, "No. 1", "99 Ranch Market")
    "held-out 2026-12d": heldout((0.98, 0.99, 0.97, 0.98), {
        "alipay_singapore": 34, "alipay_australia": 30, "alipay_europe": 28, "alipay_uk": 34,
        "ipo_pricing": 32, "buyback_2023": 31, "yuebao_yields": 39, "tng_malaysia": 23}),
    # blind 96.6%, 96.2%, 85.2%, 84.8%; tuned 99.6%, 100.0%, 95.1%, 95.5% (left: counts whose
    # noun is far or implied, a misprinted lakh grouping)
    "held-out 2026-12e": heldout((0.99, 0.99, 0.94, 0.95), {
        "paytm_alibaba_exit": 35, "paytm_antfin_sales": 40, "gcash_valuation": 36,
        "easypaisa_pakistan": 36, "kakaopay_korea": 40, "bkash_bangladesh": 38,
        "dana_truemoney": 39}),
    # blind 96.0%, 96.0%, 93.2%, 93.2%; tuned 97.6%, 99.2%, 96.0%, 97.6% (left: issue numbers
    # of plan names, a page-view counter read as a year)
    "held-out 2026-12f": heldout((0.97, 0.99, 0.95, 0.97), {
        "fine_buyback": 23, "valuation_marks": 40, "restructuring_capital": 21, "ma_control": 32,
        "abs_huabei": 28, "alibaba_stake_profit": 28, "yuebao_limits": 37, "yuebao_size": 40}),
    # blind 97.3%, 96.2%, 89.6%, 88.5%; tuned 100.0%, 98.1%, 98.8%, 96.9% (left: "zero", "one
    # cent", "one stamp", counts whose noun is far away)
    "held-out 2026-12g": heldout((0.99, 0.97, 0.97, 0.96), {
        "yuebao_launch": 38, "singles_day": 37, "series_b": 33, "series_c": 29,
        "xiang_hu_bao": 30, "alipay_hk": 35, "ant_forest": 32, "health_code": 28}),
    # blind 98.3%, 98.3%, 94.8%, 94.8%; tuned 99.6%, 99.6%, 99.1%, 99.1% (left: "No.2", a
    # rank, and "one time", a multiple)
    "held-out 2026-12h": heldout((0.99, 0.99, 0.98, 0.98), {
        "alibaba_results": 26, "hidden_asset": 30, "regulators": 38, "lucy_peng": 28,
        "wallet_network": 24, "korea_alipay_plus": 34, "thailand_tat": 28, "sotp_note": 25}),
    # blind 98.6%, 98.1%, 91.2%, 90.7%; tuned 99.5%, 99.1%, 98.6%, 98.1% (left: "(e11.9bn)",
    # "passed the 1 billion mark", "960 RTE clients")
    "held-out 2026-12i": heldout((0.98, 0.98, 0.97, 0.97), {
        "ipo_halt": 28, "alipay_reach": 36, "spending_reports": 40, "funding_rounds": 20,
        "mybank_huabei": 30, "oceanbase_benchmarks": 32, "travel_payments": 30}),
    # blind 96.2%, 97.4%, 95.5%, 96.8%; tuned 97.5%, 98.7%, 97.5%, 98.7% (left: "Qihoo 360",
    # "UEFA EURO 2024", "to zero", a heading's "Two")
    "held-out 2026-12j": heldout((0.96, 0.97, 0.96, 0.97), {
        "moneygram_bid": 23, "eyeverify_zoloz": 29, "alipay_plus_wallets": 27, "paytm_exit": 40,
        "ant_international_spinoff": 36}),
    # blind 84.5%, 99.3%, 79.9%, 93.9%; tuned 98.0%, 99.3%, 96.0%, 97.3% (left: "Ling mini
    # 2.0", "Ling 1T", "256 routed experts" read as persons, "S $ 1.331 billion")
    "held-out 2026-12k": heldout((0.97, 0.98, 0.95, 0.96), {
        "rectification_2021_2023": 28, "profit_share_2022_2025": 24,
        "consumer_finance_mybank": 34, "health_ai_2025": 31, "ling_models_2025": 31}),
    # blind 98.8%, 98.8%, 95.9%, 95.9%; tuned 98.8%, 99.4%, 97.7%, 98.2% (left: a date glued
    # to a Chinese column name, "22nm", "two major financial centers" as cities)
    "held-out 2026-12l": heldout((0.98, 0.98, 0.96, 0.97), {
        "stake_deals_2024_2025": 36, "loans_2023": 23, "stablecoin_tokenisation_2025": 38,
        "robotics_chips_2023_2025": 33, "rd_profit_2023_2025": 40}),
    # blind 97.1%, 98.2%, 94.2%, 95.3%; tuned 98.8%, 99.4%, 98.2%, 98.8% (left: "GMT2017-10-13",
    # "half-year", "No 1")
    "held-out 2026-12m": heldout((0.98, 0.98, 0.97, 0.97), {
        "sports_events_golden_week": 29, "foreign_cards_limits_2024": 36,
        "annual_bills_survey": 43, "alipay_tap_2024_2025": 32, "sesame_credit_deposits": 30}),
    # blind 100.0%, 99.4%, 97.6%, 97.1%; tuned the same (left: "one quarter" as a duration,
    # printed slips "gains9150,000 yuan" and "40 counties", a count far from its noun)
    "held-out 2026-12n": heldout((0.99, 0.98, 0.96, 0.96), {
        "market_shares_analysys_iresearch": 37, "pboc_payment_statistics": 32,
        "licences_and_fines": 32, "unionpay_quickpass_cashless": 35, "wallets_abroad": 35}),
    # blind 97.8%, 98.3%, 95.0%, 95.6%; tuned 100.0%, 98.9%, 98.9%, 97.8% (left: "at least
    # one" lender, "19.34.27", counts far from their nouns)
    "held-out 2026-12o": heldout((0.99, 0.98, 0.97, 0.96), {
        "huabei_jiebei_credit": 35, "joint_lending_2021": 33, "yuebao_fortune_yields": 38,
        "insurance_platforms": 39, "prospectus_ratings_analysts": 35}),
}  # fmt: skip


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
        "held-out 2026-12j": accuracy.HELDOUT_2026_12J,
        "held-out 2026-12k": accuracy.HELDOUT_2026_12K,
        "held-out 2026-12l": accuracy.HELDOUT_2026_12L,
        "held-out 2026-12m": accuracy.HELDOUT_2026_12M,
        "held-out 2026-12n": accuracy.HELDOUT_2026_12N,
        "held-out 2026-12o": accuracy.HELDOUT_2026_12O,
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
        == 138
        + 132
        + 186
        + 145
        + 147
        + 251
        + 264
        + 249
        + 262
        + 233
        + 216
        + 155
        + 148
        + 170
        + 170
        + 171
        + 180
    )
    text = accuracy.report_groups(results, overall)
    tuned_scores, tuned_total = results["tuned-on set"]
    assert accuracy.report(tuned_scores, tuned_total) in text  # the first group's report, kept
    headings = [f"== {label} " for label in accuracy.GROUPS] + ["== all sets"]
    assert [text.index(h) for h in headings] == sorted(text.index(h) for h in headings)
    last = [line.split()[:2] for line in text.splitlines()[-19:]]
    assert last == [["group", "gold"], ["tuned-on", "set"], ["held-out", "set"],
                    ["held-out", "2026-12"], ["held-out", "2026-12b"],
                    ["held-out", "2026-12c"], ["held-out", "2026-12d"],
                    ["held-out", "2026-12e"], ["held-out", "2026-12f"],
                    ["held-out", "2026-12g"], ["held-out", "2026-12h"],
                    ["held-out", "2026-12i"], ["held-out", "2026-12j"],
                    ["held-out", "2026-12k"], ["held-out", "2026-12l"],
                    ["held-out", "2026-12m"], ["held-out", "2026-12n"],
                    ["held-out", "2026-12o"], ["overall", "3217"]]  # fmt: skip


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
                  "held-out 2026-12i", "held-out 2026-12j", "held-out 2026-12k",
                  "held-out 2026-12l", "held-out 2026-12m", "held-out 2026-12n",
                  "held-out 2026-12o"):  # fmt: skip
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
