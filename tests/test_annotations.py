"""Annotation files: sections and entry keys from schemas/records.yaml, files of no source."""

from __future__ import annotations

from antlens.annotations import annotated_sources, document_problems, entry_problems
from antlens.paths import Paths
from antlens.sources import load_registry
from tests.conftest import SCHEMAS

SHOWN = "data/annotations/x.yaml"


def test_a_misspelt_key_is_named_and_a_missing_one_asked_for():
    entry = {"claim_id": "c", "quote": "q", "topic": "lending", "entity": "Ant", "metrik": "m"}
    problems = entry_problems(SCHEMAS, "claim", entry, 1, SHOWN)
    assert sorted(p.flat() for p in problems) == [
        (SHOWN, None, None, "c", "metric", "missing-field"),
        (SHOWN, None, None, "c", "metrik", "unknown-field"),
    ]


def test_an_entry_that_is_no_mapping_is_one_problem():
    (problem,) = entry_problems(SCHEMAS, "exclusion", "a page number", 3, SHOWN)
    assert (problem.slug, problem.record) == ("bad-record", "exclusions entry 3")


def test_an_unknown_section_and_a_wrong_source_id():
    document = {"source_id": "y", "claim": []}
    problems = document_problems(SCHEMAS, document, "x", SHOWN)
    assert sorted((p.slug, p.column) for p in problems) == [
        ("unknown-field", "claim"),
        ("wrong-source", "source_id"),
    ]


def test_an_annotation_of_no_registered_source_is_a_problem(repo_copy):
    paths = Paths(repo_copy)
    (repo_copy / "data/annotations/ghost.yaml").write_text("source_id: ghost\n")
    annotated, problems = annotated_sources(paths, load_registry(paths))
    assert annotated == {"ant_boundary", "ant_duality"}
    assert [(p.slug, p.file, p.found) for p in problems] == [
        ("unregistered-annotation", "data/annotations/ghost.yaml", "ghost")
    ]


def test_a_claim_without_what_its_topic_table_needs_is_a_problem():
    entry = {
        "claim_id": "c",
        "quote": "q",
        "topic": "licence_breadth",
        "entity": "A",
        "metric": "m",
    }
    (problem,) = entry_problems(SCHEMAS, "claim", entry, 1, SHOWN)
    assert (problem.slug, problem.record, problem.column) == (
        "theme-detail-missing",
        "c",
        "licence",
    )
