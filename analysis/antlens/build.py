"""`antlens build`: raw text and annotations in, validated tables out — one stage after another."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import polars as pl

from antlens import claims as claims_stage
from antlens import config, schemas, themes
from antlens.external import load_external
from antlens.mentions import detect_mentions
from antlens.package import recover, write_package
from antlens.problems import Problem, ProblemsFound, raise_if_any
from antlens.sentences import sentence_columns, sentence_table
from antlens.sources import load_registry, read_source, source_row


@dataclass
class BuildReport:
    """What a build wrote, for the CLI to print."""

    counts: dict[str, int]
    unreviewed: pl.DataFrame  # mentions nobody has claimed or excluded yet


@dataclass
class _Corpus:
    """What the sources add up to; sentences and mentions as columns, one DataFrame at the end."""

    sources: list[dict] = field(default_factory=list)
    sentences: dict[str, list] = field(default_factory=lambda: defaultdict(list))
    mentions: dict[str, list] = field(default_factory=lambda: defaultdict(list))
    claims: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def add(self, source_row: dict, sentences: dict[str, list], mentions: dict[str, list]):
        self.sources.append(source_row)
        for table, columns in ((self.sentences, sentences), (self.mentions, mentions)):
            for name, values in columns.items():
                table[name].extend(values)


def build(root=None, allow_unaccounted: bool = False) -> BuildReport:
    """Build every table into data/processed/; raise ProblemsFound with all problems, if any."""
    paths = config.paths(root)
    recover(paths.processed)
    registry = load_registry(paths)
    corpus = _Corpus()
    for record in registry:
        _add_source(paths, record, corpus, allow_unaccounted)
    try:
        datasets, observations = load_external(paths)
    except ProblemsFound as found:
        datasets, observations = [], []
        corpus.problems += found.problems
    corpus.problems += cross_checks(corpus.claims, {o["observation_id"]: o for o in observations})
    raise_if_any(corpus.problems)
    tables = _tables(corpus, observations)
    write_package(paths, tables, _package_sources(registry, datasets))
    unreviewed = tables["mentions"].filter(pl.col("status") == "unreviewed")
    return BuildReport({name: df.height for name, df in tables.items()}, unreviewed)


def _add_source(paths, record: dict, corpus: _Corpus, allow_unaccounted: bool) -> None:
    try:
        source = read_source(paths, record)
        annotation = claims_stage.load_annotation(paths, source.source_id)
    except ProblemsFound as found:
        corpus.problems += found.problems
        return
    sentences = sentence_columns(source.source_id, source.text)
    shown = paths.relative(claims_stage.annotation_path(paths, source.source_id))
    curation = claims_stage.curate(
        source.source_id,
        source.text,
        sentences["char_start"],
        detect_mentions(source.text),
        annotation,
        shown,
    )
    corpus.problems += curation.problems
    # Completeness is checked once the source's claims and exclusions are sound: until then a
    # broken claim's numbers would be reported twice.
    if not allow_unaccounted and not curation.problems:
        corpus.problems += claims_stage.unaccounted_problems(
            source.source_id, curation.unreviewed, shown
        )
    if curation.claims and not curation.problems:
        corpus.problems += _schema_problems("claims", curation.claims, shown, "claim_id")
    corpus.add(source_row(source, len(sentences["index"])), sentences, curation.mentions)
    corpus.claims += curation.claims


def _schema_problems(name: str, rows: list[dict], shown: str, id_column: str) -> list[Problem]:
    try:
        schemas.validate(name, schemas.frame(name, rows), shown, id_column)
    except ProblemsFound as found:
        return found.problems
    return []


def cross_checks(claims: list[dict], observations: dict[str, dict]) -> list[Problem]:
    """Checks that span sources: unique ids, cited observations, percentages in range."""
    problems, seen = [], {}
    for claim in claims:
        shown = f"data/annotations/{claim['source_id']}.yaml"
        record = claim["claim_id"]
        if record in seen:
            problems.append(
                Problem(
                    "duplicate-id",
                    shown,
                    record,
                    "claim_id",
                    "a unique claim id",
                    f"also used in {seen[record]}",
                )
            )
        seen[record] = shown
        cited = claim.get("interpretation_source")
        if cited and cited not in observations:
            problems.append(
                Problem(
                    "unknown-citation",
                    shown,
                    record,
                    "interpretation_source",
                    "an observation_id of data/external/",
                    cited,
                    "cite an external observation, e.g. ant_prospectus-25",
                )
            )
        if bool(claim.get("interpretation")) != bool(claim.get("flag")):
            problems.append(
                Problem(
                    "interpretation-without-flag",
                    shown,
                    record,
                    "interpretation",
                    "an interpretation only for flagged (garbled, ambiguous) words",
                    str(claim.get("interpretation") or "no interpretation"),
                )
            )
        problems += _comparison_problems(claim, observations, shown)
        value = claim.get("value")
        if claim.get("unit") == "percent" and value is not None and not 0 <= value <= 100:
            problems.append(
                Problem(
                    "percent-out-of-range",
                    shown,
                    record,
                    "value",
                    "a percentage between 0 and 100",
                    f"{value:g}",
                )
            )
    return problems


def _comparison_problems(claim: dict, observations: dict[str, dict], shown: str) -> list[Problem]:
    problems = []
    for pairing in themes.comparison_pairings(claim):
        observation = observations.get(pairing.get("observation"))
        if observation is None:
            found, expected = str(pairing.get("observation")), "an observation_id of data/external/"
        elif pairing["conversion"] not in ("same", "complement"):
            found, expected = pairing["conversion"], "conversion same or complement"
        elif claim["unit"] and observation["base_unit"] != claim["unit"]:
            found = f"{observation['observation_id']} in {observation['base_unit']}"
            expected = f"a figure in the claim's unit ({claim['unit']})"
        else:
            continue
        problems.append(
            Problem(
                "bad-comparison",
                shown,
                claim["claim_id"],
                "compare_with",
                expected,
                found,
                "compare figures of the same unit",
            )
        )
    return problems


def _tables(corpus: _Corpus, observations: list[dict]) -> dict[str, pl.DataFrame]:
    claims = sorted(corpus.claims, key=lambda c: (c["source_id"], c["char_start"], c["claim_id"]))
    rows = {
        "sources": corpus.sources,
        "claims": claims,
        "income_mix": themes.income_mix(claims),
        "population_coverage": themes.population_coverage(claims),
        "licences": themes.licences(claims),
        "timeline": themes.timeline(claims),
        "external_observations": observations,
        "comparisons": themes.comparisons(claims, {o["observation_id"]: o for o in observations}),
    }
    tables = {name: schemas.frame(name, table_rows) for name, table_rows in rows.items()}
    tables["sentences"] = sentence_table(corpus.sentences)
    tables["mentions"] = claims_stage.mention_table(corpus.mentions)
    tables = {name: tables[name] for name in _TABLE_ORDER}
    for name, df in tables.items():
        schemas.validate(name, df, f"data/processed/{name}.csv")
    return tables


_TABLE_ORDER = (
    "sources", "sentences", "mentions", "claims", "income_mix", "population_coverage",
    "licences", "timeline", "external_observations", "comparisons",
)  # fmt: skip


def _package_sources(registry: list[dict], datasets: list[dict]) -> list[dict]:
    articles = [{"title": r["title"], "path": r["path"], "sha256": r["sha256"]} for r in registry]
    external = [
        {
            "title": d["title"],
            "path": f"data/external/{d['dataset_id']}",
            "publisher": d["publisher"],
        }
        for d in datasets
    ]
    return articles + external
