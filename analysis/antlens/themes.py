"""Stage 5 — theme tables: claims regrouped for the three themes and the timeline.

Every row names the claims it rests on. Nothing is invented: a derived value carries its formula,
and income the articles do not break down stays one unattributed row.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import replace

from antlens.problems import BAD_COMPARISON, UNKNOWN_CITATION

# Words that make a claim of the income_mix topic a part of income: profit, costs or growth rates
# of the topic are claims on its page but no part of the mix.
_INCOME_WORDS = re.compile(r"\b(income|revenue|revenues|share|sales)\b")
# A percentage is a share of income only when its metric says so ("share of total income");
# "profit fell 65%" is a percentage of something else and never becomes a share.
_SHARE_WORDS = re.compile(r"\b(share|proportion|accounting for|of (total )?(income|revenue))\b")
# Segments that name all income: a claim of one of them is a stated total.
TOTAL_SEGMENTS = ("total", "total income", "total revenue", "revenue", "income")


def income_mix(claims: list[dict]) -> list[dict]:
    """Income by segment and period: stated rows, a stated or derived total, the remainder."""
    by_period: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for claim in claims:
        if is_income(claim):
            by_period[claim["period"] or "undated"][claim["segment"]].append(claim)
    # Segments the articles name without a figure or a period (payments) belong to no period's
    # numbers, but every period's unattributed remainder may contain them: its note says so.
    named = sorted(s for s, group in by_period.get("undated", {}).items() if not _has_figure(group))
    rows = []
    for period in sorted(by_period):
        segments = by_period[period]
        totals = [c for s, group in segments.items() if _is_total(s) for c in group]
        stated = [
            _stated(period, segment, group)
            for segment, group in segments.items()
            if not _is_total(segment)
        ]
        rows += sorted(stated, key=lambda row: row["segment"])
        rows += _total_and_remainder(period, stated, totals, named)
    for row in rows:
        row.pop("_amount_claim", None), row.pop("_share_claim", None)
    return rows


def is_income(claim: dict) -> bool:
    """Whether a claim is a part of the income mix: its topic, a segment, and income words."""
    return (
        claim["topic"] == "income_mix"
        and bool(claim.get("segment"))
        and bool(_INCOME_WORDS.search(claim["metric"].casefold()))
    )


def _is_total(segment: str) -> bool:
    return segment.casefold().strip() in TOTAL_SEGMENTS


def _has_figure(group: list[dict]) -> bool:
    return any(c["value"] is not None for c in group)


def _is_share(claim: dict) -> bool:
    return (
        claim["unit"] == "percent"
        and claim["value"] is not None
        and 0 <= claim["value"] <= 100
        and bool(_SHARE_WORDS.search(claim["metric"].casefold()))
    )


def _stated(period: str, segment: str, group: list[dict]) -> dict:
    amount = next((c for c in group if c["unit"] == "CNY" and c["value_base"] is not None), None)
    share = next((c for c in group if _is_share(c)), None)
    named_only = amount is None and share is None
    return {
        "period": period,
        "segment": segment,
        "amount": amount["value_base"] if amount else None,
        "share": share["value"] if share else None,
        "basis": "stated",
        "claim_ids": _ids(group),
        "formula": None,
        "note": "named as a source of income; the articles give no figure in yuan or share"
        if named_only
        else None,
        "_amount_claim": amount,
        "_share_claim": share,
    }


def _ids(claims: list[dict]) -> str:
    return ";".join(sorted({c["claim_id"] for c in claims}))


def _total_and_remainder(
    period: str, stated: list[dict], totals: list[dict], named: list[str]
) -> list[dict]:
    """The total (stated, else derived from a segment with amount and share) and the rest."""
    stated_total = next((c for c in totals if c["unit"] == "CNY" and c["value_base"]), None)
    basis = next(
        (r for r in stated if r["amount"] is not None and r["share"]), None
    )  # a share of 0 gives no total
    if stated_total is not None:
        total = stated_total["value_base"]
        total_row = {
            "period": period,
            "segment": "total",
            "amount": total,
            "share": 100.0,
            "basis": "stated",
            "claim_ids": _ids(totals),
            "formula": None,
            "note": None,
        }
    elif basis is not None:
        total = basis["amount"] / (basis["share"] / 100)
        total_row = {
            "period": period,
            "segment": "total",
            "amount": total,
            "share": 100.0,
            "basis": "derived",
            "claim_ids": basis["claim_ids"],
            "formula": f"{basis['segment']} amount / ({basis['segment']} share / 100)"
            f" = {basis['amount']:.0f} / ({basis['share']:g} / 100) = {total:.0f}",
            "note": None,
        }
    else:
        return []
    # Each segment's part of the total: its share where stated, else its amount over the total.
    parts = [
        r["share"] if r["share"] is not None else r["amount"] / total * 100
        for r in stated
        if r["share"] is not None or r["amount"] is not None
    ]
    rest = 100.0 - sum(parts)
    named = named + [r["segment"] for r in stated if r["note"]]
    if rest < -0.5:  # the stated parts exceed the total: nothing is left to attribute
        total_row["note"] = "the stated segments add up to more than this total"
        return [total_row]
    rest = max(rest, 0.0)
    remainder = {
        "period": period,
        "segment": "not broken down",
        "amount": total * rest / 100,
        "share": rest,
        "basis": "unattributed",
        "claim_ids": ";".join(
            sorted({i for r in [total_row, *stated] for i in r["claim_ids"].split(";") if i})
        ),
        "formula": "total − stated segments",
        "note": "the articles do not break this part down"
        + (f"; they name {', '.join(named)} without a figure" if named else ""),
    }
    return [total_row, remainder]


def population_coverage(claims: list[dict]) -> list[dict]:
    """Claims about who the services reach or leave out, one row each."""
    return [
        {
            **claim,
            "population": claim.get("population") or claim["entity"],
            "measure": claim.get("measure") or claim["metric"],
        }
        for claim in claims
        if claim["topic"] == "population_coverage"
    ]


def licences(claims: list[dict]) -> list[dict]:
    """Licences, qualifications, partner types and designations, from claims that name one."""
    return [
        {
            "licence_kind": claim["licence"].get("kind"),
            "sector": claim["licence"].get("sector"),
            "status": claim["licence"].get("status"),
            "since": claim["licence"].get("since"),
            **_source(claim),
        }
        for claim in claims
        if isinstance(claim.get("licence"), dict)
    ]


def _source(claim: dict) -> dict:
    return {key: claim[key] for key in ("source_id", "claim_id", "quote")}


_PRECISION = {4: "year", 7: "month", 10: "day"}


def precision(period: str) -> str:
    """How precise an ISO period is: year, half, quarter, month or day."""
    if "-H" in period:
        return "half"
    if "-Q" in period:
        return "quarter"
    return _PRECISION[len(period)]


def timeline(claims: list[dict]) -> list[dict]:
    """Dated events in date order (ties kept in claim order), each with its date's qualifier
    ("after 2011" is a bound, not the year 2011)."""
    rows = [
        {
            "date": claim["period"],
            "precision": precision(claim["period"]),
            "qualifier": claim.get("qualifier") or "exact",
            "event": claim["event"],
            "source_id": claim["source_id"],
            "claim_id": claim["claim_id"],
        }
        for claim in claims
        if claim.get("event") and claim.get("period")
    ]
    return sorted(rows, key=lambda row: row["date"])


_CONVERSIONS = {"same": lambda value: value, "complement": lambda value: 100.0 - value}


def comparisons(claims: list[dict], observations: dict[str, dict]) -> list[dict]:
    """Claims set beside the published figures their annotation names in `compare_with`."""
    rows = []
    for claim in claims:
        for pairing in comparison_pairings(claim):
            observation = observations[pairing["observation"]]
            convert = _CONVERSIONS[pairing["conversion"]]
            rows.append(
                {
                    "claim_id": claim["claim_id"],
                    "observation_id": observation["observation_id"],
                    "conversion": pairing["conversion"],
                    "value_base": convert(observation["value_base"]),
                    "unit": observation["base_unit"],
                    "note": pairing.get("note"),
                }
            )
    return rows


def comparison_pairings(claim: dict) -> list[dict]:
    """A claim's `compare_with` entries as mappings (an entry may be a bare observation id)."""
    return [
        {"observation": entry, "conversion": "same"}
        if isinstance(entry, str)
        else {"conversion": "same", **entry}
        for entry in claim.get("compare_with") or []
    ]


def comparison_problems(claim: dict, observations: dict[str, dict], shown: str) -> list:
    """What is wrong with a claim's `compare_with`: an unknown observation (named, with the
    nearest ids), a conversion antlens does not make, or a figure in another unit."""
    problems = []
    for pairing in comparison_pairings(claim):
        wanted = str(pairing.get("observation"))
        observation = observations.get(wanted)
        if observation is None:
            nearest = difflib.get_close_matches(wanted, list(observations), n=3, cutoff=0.3)
            problem = UNKNOWN_CITATION(
                found=wanted,
                hint="nearest ids: " + ", ".join(nearest) if nearest else "",
            )
        elif pairing["conversion"] not in _CONVERSIONS:
            problem = BAD_COMPARISON(
                expected="conversion " + " or ".join(_CONVERSIONS), found=pairing["conversion"]
            )
        elif claim["unit"] and observation["base_unit"] != claim["unit"]:
            problem = BAD_COMPARISON(
                expected=f"a figure in the claim's unit ({claim['unit']})",
                found=f"{wanted} in {observation['base_unit']}",
                hint="compare figures of the same unit",
            )
        else:
            continue
        problems.append(
            replace(problem, file=shown, record=claim["claim_id"], column="compare_with")
        )
    return problems
