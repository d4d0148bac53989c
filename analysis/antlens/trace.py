"""`antlens trace CLAIM_ID`: a claim with its sentence and its source, for a reader to check."""

from __future__ import annotations

import polars as pl

from antlens.api import load
from antlens.paths import locate
from antlens.problems import UNKNOWN_CLAIM, ProblemsFound


def trace(claim_id: str, root=None) -> str:
    """The claim, its sentence with the quote marked by »…«, and the source it came from."""
    paths = locate(root)
    claims = load("claims", root=paths.root).filter(pl.col("claim_id") == claim_id)
    if claims.is_empty():
        raise ProblemsFound(
            [
                UNKNOWN_CLAIM(
                    file=paths.relative(paths.table_file("claims", "csv")),
                    record=claim_id,
                    column="claim_id",
                    expected="a claim id (see `antlens tables` and claims.csv)",
                    found=claim_id,
                )
            ]
        )
    claim = claims.row(0, named=True)
    sentence = (
        load("sentences", root=paths.root)
        .filter(pl.col("sentence_id") == claim["sentence_id"])
        .row(0, named=True)
    )
    source = (
        load("sources", root=paths.root)
        .filter(pl.col("source_id") == claim["source_id"])
        .row(0, named=True)
    )
    lines = _lines(claim, sentence, source)
    lines += _facts(load("facts", root=paths.root), claim_id)
    lines += _comparisons(load("comparisons", root=paths.root), claim_id)
    return "\n".join(lines)


def _facts(facts: pl.DataFrame, claim_id: str) -> list[str]:
    """The facts the claim states, with every other statement of them and their agreement."""
    lines = []
    for fact in facts.filter(pl.col("claim_ids").str.split(";").list.contains(claim_id)).iter_rows(
        named=True
    ):
        others = [
            i
            for i in (fact["claim_ids"] or "").split(";")
            + (fact["observation_ids"] or "").split(";")
            if i and i != claim_id
        ]
        agreement = fact["agreement"].replace("_", " ")
        lines.append(
            f"fact      {fact['fact_id']}: {fact['statements']} statement(s), {agreement}"
            f" (within {fact['tolerance']:.0%}); values {fact['value_min']:g}–{fact['value_max']:g}"
        )
        if others:
            lines.append(f"          also stated by: {', '.join(others)}")
    return lines


def _comparisons(comparisons: pl.DataFrame, claim_id: str) -> list[str]:
    """The published figures the claim's annotation sets beside it."""
    return [
        f"compared  {row['observation_id']} ({row['conversion']}): {row['value_base']:g}"
        f" {row['unit'] or ''}".rstrip()
        for row in comparisons.filter(pl.col("claim_id") == claim_id).iter_rows(named=True)
    ]


def _lines(claim: dict, sentence: dict, source: dict) -> list[str]:
    offset = sentence["char_start"]
    start, end = claim["char_start"] - offset, min(claim["char_end"], sentence["char_end"]) - offset
    text = sentence["text"]
    marked = f"{text[:start]}»{text[start:end]}«{text[end:]}"
    lines = [
        f"claim     {claim['claim_id']}  ({claim['topic']})",
        f"states    {claim['entity']}: {claim['metric']} = {_amount(claim)}",
    ]
    if claim["flag"]:
        lines.append(
            f"flag      {claim['flag']}: read as {claim['interpretation']}"
            f" (source: {claim['interpretation_source']})"
        )
    lines += [
        f"sentence  {sentence['sentence_id']},"
        f" characters {claim['char_start']}–{claim['char_end']}",
        f"          {marked}",
        f"source    {source['source_id']}: {source['title']}",
        f"          {source['path']} (sha256 {source['sha256'][:12]}…)",
    ]
    return lines


def _amount(claim: dict) -> str:
    if claim["value"] is None:
        return "(no number)"
    scale = "" if claim["scale"] == 1 else f" × {claim['scale']:g}"
    period = f", {claim['period']}" if claim["period"] else ""
    return f"{claim['value']:g}{scale} {claim['unit'] or ''} [{claim['qualifier']}]{period}"
