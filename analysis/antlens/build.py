"""`antlens build`: raw text and annotations in, validated tables out.

One step, read top to bottom: load the inputs, process them stage by stage (sources → sentences
→ mentions → claims → external data → themes), save the data package. The rules live in the
stages; this module only wires them.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from antlens import claims, corpus, facts, package, schemas, themes
from antlens.annotations import annotated_sources
from antlens.external import load_external
from antlens.interim import current, partition_file, table_fingerprint, write_manifest
from antlens.mentions import mention_table
from antlens.paths import locate
from antlens.problems import ProblemsFound, raise_if_any
from antlens.sentences import sentence_table
from antlens.sources import checked_registry, write_registry_cache
from antlens.writing import replacing_folder


@dataclass
class BuildReport:
    """What a build wrote, for the CLI to print."""

    counts: dict[str, int]
    unreviewed: int  # mentions nobody has claimed or excluded yet
    first_unreviewed: list[dict]  # the first of them, as rows of the mentions table
    todo: dict[str, int]  # annotation file → entries left in its todo section


def build(root=None, allow_unaccounted: bool = False) -> BuildReport:
    """Build every table into data/processed/; raise ProblemsFound with all problems, if any."""
    paths = locate(root)
    catalogue = schemas.load(paths.schemas)

    # Load inputs.
    registry, registry_key = checked_registry(paths)
    annotated, problems = annotated_sources(paths, registry)
    try:
        datasets, observations = load_external(paths)
        cited = {o["observation_id"]: o for o in observations}
    except ProblemsFound as found:
        # Citations are not checked against external data that did not load: one dataset's
        # problem would otherwise make every claim citing any dataset look wrong too.
        datasets, observations, cited = [], [], None
        problems += found.problems

    # Process data; each partition's sentences and mentions go straight to the new store.
    with replacing_folder(paths.cache) as store:
        parts = corpus.partitions(paths, registry, annotated, store, allow_unaccounted)
        claim_rows = sorted(
            ({**claim, **details} for part in parts for claim, details in _claims_of(part)),
            key=_claim_order,
        )
        problems += [problem for part in parts for problem in part.problems]
        problems += claims.cross_source_problems(claim_rows, cited, _shown_of(paths))
        if cited is not None:
            for claim in claim_rows:
                shown = corpus.shown(paths, claim["source_id"])
                problems += themes.comparison_problems(claim, cited, shown)
        raise_if_any(problems)
        # The rows the build made, checked only once the inputs are sound: a mistake in the
        # inputs is reported once, where it was made.
        raise_if_any([problem for part in parts for problem in part.table_problems])
        tables = _tables(catalogue, parts, claim_rows, observations, cited or {})
        raise_if_any(package.table_problems(catalogue, tables, _shown_of(paths)))
        tables |= _streamed(paths, catalogue, parts, store)
        tables = {name: tables[name] for name in catalogue.table_names}

        # Save outputs.
        sources = package.provenance(registry, datasets)
        written = package.write_package(paths, catalogue, tables, sources, current(paths).tables)
        write_registry_cache(paths, store, registry, registry_key)
        write_manifest(paths, store, [part.index for part in parts], written)
    counts = {name: t.height for name, t in tables.items()}
    first = [row for part in parts for row in part.first_unreviewed][: corpus.FIRST_UNREVIEWED]
    todo = {file: n for part in parts for file, n in part.todo.items()}
    return BuildReport(counts, sum(part.unreviewed for part in parts), first, todo)


def _claims_of(part: corpus.Partition):
    return zip(part.claims, part.details, strict=True)


def _shown_of(paths):
    return lambda source_id: corpus.shown(paths, source_id)


def _claim_order(claim: dict) -> tuple:
    return claim["source_id"], claim["char_start"], claim["claim_id"]


def _tables(catalogue, parts, themed: list[dict], observations, cited) -> dict:
    """Every table but sentences and mentions, as frames checked against their schemas."""
    columns = catalogue.columns("claims")
    rows = {
        "sources": [source for part in parts for source in part.sources],
        "claims": [{key: claim[key] for key in columns} for claim in themed],
        "income_mix": themes.income_mix(themed),
        "population_coverage": catalogue.project(
            "population_coverage", themes.population_coverage(themed)
        ),
        "licences": themes.licences(themed),
        "timeline": themes.timeline(themed),
        "external_observations": observations,
        "comparisons": themes.comparisons(themed, cited),
        "facts": facts.facts(themed, observations),
    }
    return {name: catalogue.frame(name, table_rows) for name, table_rows in rows.items()}


def _streamed(paths, catalogue, parts, store) -> dict[str, package.Streamed]:
    """Sentences and mentions, read back partition by partition from the store (they were
    checked against their schemas partition by partition), with what they are made of."""
    made = {"sentences": sentence_table, "mentions": mention_table}
    tables = {}
    for name, table in made.items():
        types = catalogue.polars_types(name)
        files = [partition_file(store, part.number, name) for part in parts]

        def frames(files=files, table=table, types=types):
            if not files:
                yield table(_empty_rows(types), types)
            for file in files:
                yield table(pl.read_parquet(file), types)

        height = sum(pl.scan_parquet(file).select(pl.len()).collect().item() for file in files)
        made_of = table_fingerprint(paths, name, [part.index for part in parts])
        tables[name] = package.Streamed(frames, height, made_of)
    return tables


def _empty_rows(types: dict) -> pl.DataFrame:
    ids = {"index": pl.Int64, "sentence_index": pl.Int64, "position": pl.Int64}
    return pl.DataFrame(schema={**types, **ids})
