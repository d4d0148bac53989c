"""Stage 5 — theme tables: claims regrouped for the three themes and the timeline.

Every row names the claims it rests on. Nothing is invented: a derived value carries its formula,
and income the articles do not break down stays one unattributed row.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import replace

from antlens.problems import BAD_COMPARISON, UNKNOWN_CITATION


def income_mix(claims: list[dict]) -> list[dict]:
    """Income by segment and period: stated rows, a derived total, the unattributed remainder."""
    by_period: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for claim in claims:
        if claim["topic"] == "income_mix" and claim.get("segment"):
            by_period[claim["period"] or "undated"][claim["segment"]].append(claim)
    # Segments the articles name without a figure or a period (payments) belong to no period's
    # numbers, but every period's unattributed remainder may contain them: its note says so.
    named = sorted(s for s, group in by_period.get("undated", {}).items() if not _has_figure(group))
    rows = []
    for period in sorted(by_period):
        stated = [_stated(period, segment, group) for segment, group in by_period[period].items()]
        rows += sorted(stated, key=lambda row: row["segment"])
        rows += _total_and_remainder(period, stated, named)
    return rows


def _has_figure(group: list[dict]) -> bool:
    return any(c["value"] is not None for c in group)


def _stated(period: str, segment: str, group: list[dict]) -> dict:
    amount = next((c for c in group if c["unit"] == "CNY" and c["value_base"] is not None), None)
    share = next((c for c in group if c["unit"] == "percent" and c["value"] is not None), None)
    named_only = amount is None and share is None
    return {
        "period": period,
        "segment": segment,
        "amount": amount["value_base"] if amount else None,
        "share": share["value"] if share else None,
        "basis": "stated",
        "claim_ids": ";".join(sorted(c["claim_id"] for c in group)),
        "formula": None,
        "note": "named as a source of income; the articles give no figure" if named_only else None,
        "_amount_claim": amount,
        "_share_claim": share,
    }


def _total_and_remainder(period: str, stated: list[dict], named: list[str]) -> list[dict]:
    """A total from a segment with both amount and share, and what the segments leave over."""
    basis = next((r for r in stated if r["_amount_claim"] and r["_share_claim"]), None)
    for row in stated:
        row.pop("_amount_claim"), row.pop("_share_claim")
    if basis is None:
        return []
    total = basis["amount"] / (basis["share"] / 100)
    shares = [r["share"] for r in stated if r["share"] is not None]
    amounts = [r["amount"] for r in stated if r["amount"] is not None]
    ids = basis["claim_ids"]
    named = named + [r["segment"] for r in stated if r["note"]]
    return [
        {
            "period": period,
            "segment": "total",
            "amount": total,
            "share": 100.0,
            "basis": "derived",
            "claim_ids": ids,
            "formula": f"{basis['segment']} amount / ({basis['segment']} share / 100)"
            f" = {basis['amount']:.0f} / ({basis['share']:g} / 100) = {total:.0f}",
            "note": None,
        },
        {
            "period": period,
            "segment": "not broken down",
            "amount": total - sum(amounts),
            "share": 100.0 - sum(shares),
            "basis": "unattributed",
            "claim_ids": ";".join(r["claim_ids"] for r in stated),
            "formula": "total − stated segments",
            "note": "the articles do not break this part down"
            + (f"; they name {', '.join(named)} without a figure" if named else ""),
        },
    ]


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


def timeline(claims: list[dict]) -> list[dict]:
    """Dated events in date order (ties kept in claim order)."""
    rows = [
        {
            "date": claim["period"],
            "precision": "half"
            if "-H" in claim["period"]
            else _PRECISION.get(len(claim["period"])),
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
