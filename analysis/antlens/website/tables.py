"""What the pages read from the pipeline: the project's root, its tables, its schemas' words.

This is the one module of the website that calls the pipeline's modules (`paths` for the root
and its files, `api` for the tables, `schemas` for the vocabularies and column units). Everything
else in `website/` and all of `charts/` takes what it needs from here, as DataFrames and plain
values.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import polars as pl

from antlens import api, schemas
from antlens.charts.marks import Evidence
from antlens.charts.wording import Words, quote_in_context
from antlens.paths import Paths, find_root
from antlens.website import urls


def project_root(start: Path | None = None) -> Path:
    """The project being rendered: the repository found from `start` (default: the working
    directory, which is the page's own folder, as under Quarto), as every command finds it."""
    return find_root(start=start)


def _paths(root: Path | None) -> Paths:
    """The pipeline's paths of the project at `root` (default: the one being rendered)."""
    return Paths(Path(root).resolve() if root else project_root())


def table(name: str, root: Path | None = None) -> pl.DataFrame:
    """A processed table (`data/processed/<name>.parquet`) of the project being rendered."""
    return _table(_paths(root).root, name)


@cache
def _table(root: Path, name: str) -> pl.DataFrame:
    # One render reads each table many times; the files do not change during a render.
    return api.load(name, root=root)


def table_list(root: Path | None = None) -> pl.DataFrame:
    """The processed tables: name, title, description, rows, csv and parquet paths."""
    return api.tables(_paths(root).root)


def processed_files(root: Path | None = None) -> list[Path]:
    """Every file of the data package in the descriptor's order, then `datapackage.json`, then
    the workbook `antlens.xlsx` when the build wrote one."""
    folder = _paths(root).processed
    descriptor = folder / "datapackage.json"
    if not descriptor.is_file():  # a project without tables (yet) has nothing to download
        return []
    resources = json.loads(descriptor.read_text(encoding="utf-8"))["resources"]
    workbook = folder / "antlens.xlsx"
    files = [folder / r["path"] for r in resources] + [descriptor]
    return files + ([workbook] if workbook.is_file() else [])


def registered_sources(root: Path) -> list[str]:
    """The source ids of the registry (`data/sources.yaml`), built or not; [] without one."""
    from antlens.problems import ProblemsFound
    from antlens.sources import load_registry

    try:
        return [record["source_id"] for record in load_registry(_paths(root))]
    except ProblemsFound:  # a registry the build refuses gets its pages once it is fixed
        return []


def vocabulary(name: str, root: Path | None = None) -> dict[str, str]:
    """A list of `schemas/vocabularies.yaml`: value → description (or words)."""
    return schemas.load(_paths(root).schemas).vocabulary(name)


def titles(root: Path | None = None) -> dict[str, str]:
    """The topics' titles (`topic_titles` of `schemas/vocabularies.yaml`), {} without it."""
    return schemas.load(_paths(root).schemas).vocabularies.get("topic_titles") or {}


def _field(table_name: str, column: str, root: Path | None) -> dict:
    schema = schemas.load(_paths(root).schemas).table(table_name)
    return next(f for f in schema["fields"] if f["name"] == column)


def allowed(table_name: str, column: str, root: Path | None = None) -> list[str]:
    """The allowed values of a column, in the order its schema lists them (`schemas/*.yaml`)."""
    return list(_field(table_name, column, root)["constraints"]["enum"])


def unit_of(table_name: str, column: str, root: Path | None = None) -> str:
    """The unit a column's schema gives its values ("CNY" for `income_mix.amount`)."""
    return _field(table_name, column, root)["unit"]


def words(root: Path | None = None) -> Words:
    """The words of every unit and qualifier, from `schemas/vocabularies.yaml`."""
    return Words(
        units=vocabulary("unit_words", root), qualifiers=vocabulary("qualifier_words", root)
    )


@cache
def _claims_in_context(root: Path) -> pl.DataFrame:
    """The claims with `quote_in_context`: a short quote among the words of its sentence."""
    claims = _table(root, "claims")
    starts = _table(root, "sentences").select("sentence_id", "text", sentence_start="char_start")
    joined = claims.join(starts, on="sentence_id", how="left", maintain_order="left")
    context = [
        quote_in_context(c["quote"], c["text"], c["char_start"] - c["sentence_start"])
        if c["text"] is not None
        else c["quote"]
        for c in joined.iter_rows(named=True)
    ]
    return claims.with_columns(quote_in_context=pl.Series(context, dtype=pl.String))


def evidence(root: Path | None = None) -> Evidence:
    """What chart marks point at: claims, sources, published figures, words and claim links."""
    return Evidence(
        claims=_claims_in_context(_paths(root).root),
        sources=table("sources", root),
        observations=table("external_observations", root),
        words=words(root),
        link=urls.claim_href,
    )
