"""The text stages as batch functions: many texts in, their `sentences` and `mentions` rows out.

Splitting a text and finding its numbers depend on nothing but the text, so they can run over a
column of texts anywhere — in one process, or in parallel over the parts of a data lake, one task
per part. The rows are those `antlens build` writes for sources without annotations: the same
columns, types, ids and order, every mention "unreviewed".

    catalogue = antlens.schemas.load(paths.schemas)
    sentences, mentions = scan_texts(texts, catalogue)            # polars in, polars out
    sentences, mentions = scan_arrow(texts.to_arrow(), catalogue) # Arrow in, Arrow out
    client.map(scan_part, text_files, folder=out, schemas=catalogue)  # Parquet parts, on Dask

`texts` has the columns `source_id` and `text`, and optionally `position` (the source's place
in the corpus, by which rows are ordered; the frame's row order without it).
"""

from __future__ import annotations

import os
from pathlib import Path

import polars as pl
import pyarrow as pa

from antlens.claims import UNREVIEWED
from antlens.corpus import add_rows
from antlens.mentions import detect_mentions, mention_columns, mention_frame, mention_table
from antlens.paths import Paths
from antlens.schemas import Schemas
from antlens.sentences import sentence_columns, sentence_frame, sentence_table
from antlens.sources import load_registry, read_source

TABLES = ("sentences", "mentions")


def scan_texts(texts: pl.DataFrame, schemas: Schemas) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The `sentences` and `mentions` tables of `texts`, ordered by position and index."""
    _check(texts)
    if "position" not in texts.columns:
        texts = texts.with_row_index("position")
    sentences: dict[str, list] = {"position": []}
    mentions: dict[str, list] = {"position": []}
    for source_id, text, position in texts.select("source_id", "text", "position").iter_rows():
        split = sentence_columns(source_id, text)
        detected = mention_columns(source_id, detect_mentions(text), split["char_start"])
        # Nobody has reviewed these texts: their mentions are as the build has them unannotated.
        detected |= {name: [value] * len(detected["index"]) for name, value in UNREVIEWED.items()}
        add_rows(sentences, split, position)
        add_rows(mentions, detected, position)
    sentence_types, mention_types = (schemas.polars_types(name) for name in TABLES)
    sentence_rows = sentence_frame(sentences, sentence_types)
    mention_rows = mention_frame(mentions, mention_types)
    return (
        sentence_table(sentence_rows.sort("position", "index"), sentence_types),
        mention_table(mention_rows.sort("position", "index"), mention_types),
    )


def _check(texts: pl.DataFrame) -> None:
    """Refuse texts the tables could not be made of: ids would be missing or repeated."""
    missing = sorted({"source_id", "text"} - set(texts.columns))
    if missing:
        raise ValueError(f"texts lack the columns {missing} (source_id and text are needed)")
    empty = texts.filter(pl.col("source_id").is_null() | pl.col("text").is_null())
    if empty.height:
        raise ValueError(f"{empty.height} text(s) lack a source_id or a text")
    repeated = texts.filter(pl.col("source_id").is_duplicated())["source_id"].unique().sort()
    if repeated.len():
        raise ValueError(f"source_id repeated, so ids would be too: {repeated.to_list()}")


def scan_arrow(texts: pa.Table | pa.RecordBatch, schemas: Schemas) -> tuple[pa.Table, pa.Table]:
    """`scan_texts` over an Arrow table or record batch, the tables as Arrow tables."""
    sentences, mentions = scan_texts(pl.DataFrame(pl.from_arrow(texts)), schemas)
    return sentences.to_arrow(), mentions.to_arrow()


def scan_part(texts_file: str | Path, folder: str | Path, schemas: Schemas) -> dict[str, int]:
    """Scan one Parquet file of texts into `<folder>/sentences/<name>.parquet` and
    `<folder>/mentions/<name>.parquet` (the same file name); the rows written, by table.

    One task of a partitioned scan (`client.map(scan_part, files, folder=..., schemas=...)`):
    each part is written under a temporary name and renamed, so a retried task leaves no
    half-written file.
    """
    texts_file, folder = Path(texts_file), Path(folder)
    tables = scan_texts(pl.read_parquet(texts_file), schemas)
    for name, table in zip(TABLES, tables, strict=True):
        target = folder / name / texts_file.name
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.part")
        table.write_parquet(temporary, compression="zstd", statistics=False)
        os.replace(temporary, target)
    return {name: table.height for name, table in zip(TABLES, tables, strict=True)}


def registry_texts(paths: Paths) -> pl.DataFrame:
    """The text of every registered source (source_id, text, position), checked against its
    sha256 as the build checks it: the input of `scan_texts` for a repository."""
    rows = [
        (record["source_id"], read_source(paths, record).text, position)
        for position, record in enumerate(load_registry(paths))
    ]
    schema = {"source_id": pl.String, "text": pl.String, "position": pl.Int64}
    return pl.DataFrame(rows, schema=schema, orient="row")
