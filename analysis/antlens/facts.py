"""Stage 6 — facts: what the sources state, reconciled across them.

A fact is one entity, metric, period and unit that at least one claim or external observation
states. Statements are grouped with no annotation: the metric, period and unit must match once
normalised (case, punctuation, "FY2019" → "2019", "H1 2020" → "2020-H1"), and the entities must
share a name ("Ant Group (Alipay)" is also "Alipay"). Each fact lists every statement, the
smallest and largest value, and whether the sources agree within the tolerance it states.
"""

from __future__ import annotations

import hashlib
import re
from itertools import groupby

TOLERANCE = 0.01  # relative: values within 1% of each other agree (rounding in the press)

_PERIODS = (
    (re.compile(r"^FY ?(\d{4})$"), r"\1"),
    (re.compile(r"^H([12]) (\d{4})$"), r"\2-H\1"),
    (re.compile(r"^(\d{4}) ?H([12])$"), r"\1-H\2"),
    (re.compile(r"^Q([1-4]) (\d{4})$"), r"\2-Q\1"),
    (re.compile(r"^end-(\d{4})$"), r"\1"),
)


def facts(claims: list[dict], observations: list[dict]) -> list[dict]:
    """One row per fact any claim or observation states, in a stable order."""
    statements = [s for s in map(_from_claim, claims) if s] + [
        s for s in map(_from_observation, observations) if s
    ]
    statements.sort(key=lambda s: (s["key"], s["id"]))
    rows = []
    for key, group in groupby(statements, key=lambda s: s["key"]):
        rows += [_fact(key, cluster) for cluster in _by_shared_name(list(group))]
    return sorted(rows, key=lambda row: (row["metric"], row["period"] or "", row["fact_id"]))


def normal_period(period: str | None) -> str | None:
    """An observation's period in the claims' ISO form, where it has one."""
    if not period:
        return None
    text = period.strip()
    for pattern, replacement in _PERIODS:
        if pattern.match(text):
            return pattern.sub(replacement, text)
    return text


def _from_claim(claim: dict) -> dict | None:
    if claim.get("value_base") is None:
        return None
    return _statement(
        claim["claim_id"], claim["source_id"], "claim", claim["entity"], claim["metric"],
        claim.get("period"), claim.get("unit"), claim["value_base"],
    )  # fmt: skip


def _from_observation(observation: dict) -> dict | None:
    if observation.get("value_base") is None:
        return None
    return _statement(
        observation["observation_id"], observation["dataset_id"], "observation",
        observation["entity"], observation["metric"], normal_period(observation.get("period")),
        observation["base_unit"], observation["value_base"],
    )  # fmt: skip


def _statement(id_, origin, side, entity, metric, period, unit, value) -> dict:
    key = (_words(metric), period or "", unit or "")
    return {"id": id_, "origin": origin, "side": side, "entity": entity, "metric": metric,
            "period": period, "unit": unit, "value": value, "key": key,
            "names": _names(entity)}  # fmt: skip


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^\w%]+", " ", text.casefold()).split())


def _names(entity: str) -> set[str]:
    """An entity's names: "Ant Group (Alipay)" is both "ant group" and "alipay"."""
    inside = re.findall(r"\(([^)]*)\)", entity)
    outside = re.sub(r"\([^)]*\)", " ", entity)
    return {_words(name) for name in (outside, *inside) if _words(name)}


def _by_shared_name(group: list[dict]) -> list[list[dict]]:
    """Statements of one key, joined wherever their entities share a name."""
    clusters: list[list[dict]] = []
    for statement in group:
        touching = [c for c in clusters if any(statement["names"] & s["names"] for s in c)]
        merged = [statement] + [s for c in touching for s in c]
        clusters = [c for c in clusters if c not in touching] + [merged]
    return [sorted(c, key=lambda s: s["id"]) for c in clusters]


def _fact(key: tuple, statements: list[dict]) -> dict:
    first, values = statements[0], [s["value"] for s in statements]
    low, high = min(values), max(values)
    origins = sorted({s["origin"] for s in statements})
    if len(origins) == 1:
        agreement = "single_source"
    elif high - low <= TOLERANCE * max(abs(high), abs(low)):
        agreement = "agree"
    else:
        agreement = "conflict"
    ids = [s["id"] for s in statements]
    return {
        "fact_id": "fact-" + hashlib.sha256("|".join((*key, *ids)).encode()).hexdigest()[:12],
        "entity": first["entity"],
        "metric": first["metric"],
        "period": first["period"],
        "unit": first["unit"],
        "claim_ids": ";".join(s["id"] for s in statements if s["side"] == "claim") or None,
        "observation_ids": ";".join(s["id"] for s in statements if s["side"] != "claim") or None,
        "sources": ";".join(origins),
        "statements": len(statements),
        "value_min": low,
        "value_max": high,
        "tolerance": TOLERANCE,
        "agreement": agreement,
    }
