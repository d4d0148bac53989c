"""`antlens build`: raw text and annotations in, validated tables out.

One step, read top to bottom: load the inputs, process them stage by stage (sources → sentences
→ mentions → claims → external data → themes), save the data package. The rules live in the
stages; this module only wires them.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from antlens import claims, facts, package, schemas, themes
from antlens.annotations import annotated_sources
from antlens.corpus import Corpus
from antlens.external import load_external
from antlens.interim import load_interim, save_interim
from antlens.mentions import mention_table
from antlens.paths import locate
from antlens.problems import ProblemsFound, raise_if_any
from antlens.sentences import sentence_table
from antlens.sources import load_registry


@dataclass
class BuildReport:
    """What a build wrote, for the CLI to print."""

    counts: dict[str, int]
    unreviewed: pl.DataFrame  # mentions nobody has claimed or excluded yet
    todo: dict[str, int]  # annotation file → entries left in its todo section


def build(root=None, allow_unaccounted: bool = False) -> BuildReport:
    """Build every table into data/processed/; raise ProblemsFound with all problems, if any."""
    paths = locate(root)
    catalogue = schemas.load(paths.schemas)

    # Load inputs.
    registry = load_registry(paths)
    annotated, problems = annotated_sources(paths, registry)
    corpus = Corpus(paths, catalogue, load_interim(paths))
    try:
        datasets, observations = load_external(paths)
        cited = {o["observation_id"]: o for o in observations}
    except ProblemsFound as found:
        # Citations are not checked against external data that did not load: one dataset's
        # problem would otherwise make every claim citing any dataset look wrong too.
        datasets, observations, cited = [], [], None
        problems += found.problems

    # Process data.
    for position, record in enumerate(registry):
        corpus.add(position, record, record["source_id"] in annotated)
    problems += corpus.problems
    problems += claims.cross_source_problems(corpus.claims, cited, corpus.shown)
    themed = _with_details(corpus)
    if cited is not None:
        for claim in themed:
            problems += themes.comparison_problems(claim, cited, corpus.shown(claim["source_id"]))
    sentence_rows, mention_rows = corpus.text_rows()
    if not allow_unaccounted:
        problems += claims.unaccounted_problems(mention_rows, corpus.troubled, corpus.shown)
    raise_if_any(problems)
    rows = {
        "sources": corpus.sources,
        "claims": sorted(corpus.claims, key=_claim_order),
        "income_mix": themes.income_mix(themed),
        "population_coverage": catalogue.project(
            "population_coverage", themes.population_coverage(themed)
        ),
        "licences": themes.licences(themed),
        "timeline": themes.timeline(themed),
        "external_observations": observations,
        "comparisons": themes.comparisons(themed, cited or {}),
        "facts": facts.facts(corpus.claims, observations),
    }
    tables = {name: catalogue.frame(name, table_rows) for name, table_rows in rows.items()}
    tables["sentences"] = sentence_table(sentence_rows, catalogue.polars_types("sentences"))
    tables["mentions"] = mention_table(mention_rows, catalogue.polars_types("mentions"))
    tables = {name: tables[name] for name in catalogue.table_names}
    raise_if_any(package.table_problems(catalogue, tables, corpus.shown))

    # Save outputs.
    package.write_package(paths, catalogue, tables, package.provenance(registry, datasets))
    shas = tables["sources"].select("source_id", "sha256")
    save_interim(paths, sentence_rows, mention_rows, shas)
    unreviewed = tables["mentions"].filter(pl.col("status") == "unreviewed")
    return BuildReport({name: df.height for name, df in tables.items()}, unreviewed, corpus.todo)


def _claim_order(claim: dict) -> tuple:
    return claim["source_id"], claim["char_start"], claim["claim_id"]


def _with_details(corpus: Corpus) -> list[dict]:
    """Each claim with its theme details (segment, licence, event, …), in table order."""
    merged = [
        {**claim, **details} for claim, details in zip(corpus.claims, corpus.details, strict=True)
    ]
    return sorted(merged, key=_claim_order)
