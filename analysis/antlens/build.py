"""`antlens build`: raw text and annotations in, validated tables out — one stage after another."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import polars as pl

from antlens import claims as claims_stage
from antlens import config, schemas, themes
from antlens.external import load_external
from antlens.interim import load_interim, save_interim
from antlens.mentions import detect_mentions, mention_frame, mention_table
from antlens.package import write_package
from antlens.problems import Problem, ProblemsFound, raise_if_any
from antlens.sentences import sentence_columns, sentence_frame, sentence_table
from antlens.sources import load_registry, read_source, source_row


@dataclass
class BuildReport:
    """What a build wrote, for the CLI to print."""

    counts: dict[str, int]
    unreviewed: pl.DataFrame  # mentions nobody has claimed or excluded yet
    todo: dict[str, int]  # annotation file → entries left in its todo section


@dataclass
class _Corpus:
    """What the sources add up to; fresh sentences and mentions as columns, cached ones as keys."""

    sources: list[dict] = field(default_factory=list)
    sentences: dict[str, list] = field(default_factory=lambda: defaultdict(list, position=[]))
    mentions: dict[str, list] = field(default_factory=lambda: defaultdict(list, position=[]))
    cached: list[dict] = field(default_factory=list)  # source_id, sha256, position
    claims: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    troubled: set[str] = field(default_factory=set)  # sources whose annotation has problems
    todo: dict[str, int] = field(default_factory=dict)

    def add(self, position: int, sentences: dict[str, list], mentions: dict[str, list]):
        for table, columns in ((self.sentences, sentences), (self.mentions, mentions)):
            for name, values in columns.items():
                table[name].extend(values)
            table["position"].extend([position] * len(columns["index"]))


def build(root=None, allow_unaccounted: bool = False) -> BuildReport:
    """Build every table into data/processed/; raise ProblemsFound with all problems, if any."""
    with config.active_root(root):
        return _build(config.paths(root), allow_unaccounted)


def _build(paths: config.Paths, allow_unaccounted: bool) -> BuildReport:
    registry = load_registry(paths)
    interim = load_interim(paths)
    annotated = {p.stem for p in paths.annotations.glob("*.yaml")}
    corpus = _Corpus()
    for position, record in enumerate(registry):
        _add_source(paths, position, record, corpus, interim, record["source_id"] in annotated)
    try:
        datasets, observations = load_external(paths)
        cited = {o["observation_id"]: o for o in observations}
    except ProblemsFound as found:
        # Citations are not checked against external data that did not load: one dataset's
        # problem would otherwise make every claim citing any dataset look wrong too.
        datasets, observations, cited = [], [], None
        corpus.problems += found.problems
    corpus.problems += cross_checks(paths, corpus.claims, cited)
    sentence_rows, mention_rows = _text_rows(corpus, interim)
    if not allow_unaccounted:
        corpus.problems += _unaccounted(paths, mention_rows, corpus.troubled)
    raise_if_any(corpus.problems)
    tables = _tables(paths, corpus, sentence_rows, mention_rows, observations)
    write_package(paths, tables, _package_sources(registry, datasets))
    save_interim(
        paths, sentence_rows, mention_rows, tables["sources"].select("source_id", "sha256")
    )
    unreviewed = tables["mentions"].filter(pl.col("status") == "unreviewed")
    return BuildReport({name: df.height for name, df in tables.items()}, unreviewed, corpus.todo)


def _add_source(paths, position, record, corpus: _Corpus, interim, annotated: bool) -> None:
    """Check a source's bytes; split, detect and curate it unless the interim store has it."""
    try:
        source = read_source(paths, record)
        annotation = claims_stage.load_annotation(paths, source.source_id) if annotated else {}
    except ProblemsFound as found:
        corpus.problems += found.problems
        return
    if not annotated and interim.cached(source.source_id, record["sha256"]):
        count = interim.counts[source.source_id]
        corpus.sources.append(source_row(source, count))
        corpus.cached.append({**_key(record), "position": position})
        return
    sentences = sentence_columns(source.source_id, source.text)
    shown = claims_stage.annotation_file(paths, source.source_id)
    curation = claims_stage.curate(
        source.source_id,
        source.text,
        sentences["char_start"],
        detect_mentions(source.text),
        annotation,
        shown,
    )
    if curation.problems:
        corpus.problems += curation.problems
        corpus.troubled.add(source.source_id)
    if curation.claims:
        corpus.problems += _schema_problems("claims", curation.claims, shown, "claim_id")
    if curation.todo:
        corpus.todo[shown] = curation.todo
    corpus.sources.append(source_row(source, len(sentences["index"])))
    corpus.add(position, sentences, curation.mentions)
    corpus.claims += curation.claims


def _key(record: dict) -> dict:
    return {"source_id": record["source_id"], "sha256": record["sha256"]}


def _text_rows(corpus: _Corpus, interim) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Sentence and mention rows (ids not yet formatted) of every source, in registry order."""
    fresh = [sentence_frame(corpus.sentences), mention_frame(corpus.mentions)]
    if corpus.cached:
        cached = interim.rows_for(pl.DataFrame(corpus.cached))
        fresh = [pl.concat([f, c.select(f.columns)]) for f, c in zip(fresh, cached, strict=True)]
    return tuple(frame.sort("position", "index") for frame in fresh)


def _unaccounted(paths, mention_rows: pl.DataFrame, troubled: set[str]) -> list[Problem]:
    """Mentions no claim or exclusion covers, in sources whose annotations are otherwise sound.

    A source with annotation problems is left out: its broken claims' numbers would be
    reported twice.
    """
    unreviewed = mention_rows.filter(
        (pl.col("status") == "unreviewed") & ~pl.col("source_id").is_in(sorted(troubled))
    )
    return [
        claims_stage.unaccounted_problem(claims_stage.annotation_file(paths, row["source_id"]), row)
        for row in unreviewed.iter_rows(named=True)
    ]


def _schema_problems(name: str, rows: list[dict], shown: str, id_column: str) -> list[Problem]:
    try:
        schemas.validate(name, schemas.frame(name, rows), shown, id_column)
    except ProblemsFound as found:
        return found.problems
    return []


def cross_checks(paths, claims: list[dict], observations: dict[str, dict] | None) -> list[Problem]:
    """Checks that span sources: unique ids, cited observations (unless `observations` is None:
    not loaded), percentages in range."""
    problems, seen = [], {}
    for claim in claims:
        shown = claims_stage.annotation_file(paths, claim["source_id"])
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
        if cited and observations is not None and cited not in observations:
            problems.append(
                Problem(
                    "unknown-citation",
                    shown,
                    record,
                    "interpretation_source",
                    "an observation_id of data/external/",
                    cited,
                    "cite an external observation, e.g. ant_prospectus/alipay-mau-2020-06",
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
        if observations is not None:
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


def _tables(paths, corpus, sentence_rows, mention_rows, observations) -> dict[str, pl.DataFrame]:
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
    tables["sentences"] = sentence_table(sentence_rows)
    tables["mentions"] = mention_table(mention_rows)
    tables = {name: tables[name] for name in _TABLE_ORDER}
    raise_if_any(_table_problems(paths, tables, claims))
    return tables


def _table_problems(paths, tables: dict[str, pl.DataFrame], claims: list[dict]) -> list[Problem]:
    """Every table checked against its schema; a row made from a claim is reported against the
    claim in its annotation file, where it can be fixed."""
    annotation_of = {
        c["claim_id"]: claims_stage.annotation_file(paths, c["source_id"]) for c in claims
    }
    problems = []
    for name, df in tables.items():
        by_claim = "claim_id" in df.columns and name != "mentions"
        try:
            schemas.validate(
                name, df, f"data/processed/{name}.csv", "claim_id" if by_claim else None
            )
        except ProblemsFound as found:
            problems += [_at_claim(problem, annotation_of) for problem in found.problems]
    return problems


def _at_claim(problem: Problem, annotation_of: dict[str, str]) -> Problem:
    claim_id = problem.record.removeprefix("claim_id ")
    if claim_id == problem.record or claim_id not in annotation_of:
        return problem
    return Problem(**{**problem.as_dict(), "file": annotation_of[claim_id], "record": claim_id})


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
