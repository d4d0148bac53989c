"""The whole build: committed tables reproduced byte for byte, atomic outputs, the data package."""

import hashlib
import json
import shutil

import pytest

from antlens.build import build
from antlens.problems import ProblemsFound
from tests.conftest import SCHEMAS


def _files(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_a_fresh_build_reproduces_the_committed_tables_byte_for_byte(repo, repo_copy):
    committed = _files(repo / "data/processed")
    assert "claims.csv" in committed and "datapackage.json" in committed
    build(repo_copy)
    assert _files(repo_copy / "data/processed") == committed


def test_two_builds_are_byte_identical(repo_copy):
    build(repo_copy)
    first = _files(repo_copy / "data/processed")
    build(repo_copy)
    assert _files(repo_copy / "data/processed") == first


def test_a_failed_build_leaves_the_previous_tables_untouched(repo_copy, edit):
    build(repo_copy)
    before = _files(repo_copy / "data/processed")
    edit("data/annotations/ant_boundary.yaml", "    value: 28.7\n", "    value: 27.8\n")
    with pytest.raises(ProblemsFound):
        build(repo_copy)
    assert _files(repo_copy / "data/processed") == before
    leftovers = [p.name for p in (repo_copy / "data").iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_the_data_package_describes_every_file_with_its_hash(repo_copy):
    build(repo_copy)
    processed = repo_copy / "data/processed"
    descriptor = json.loads((processed / "datapackage.json").read_text())
    names = {r["path"] for r in descriptor["resources"]}
    assert names == {p.name for p in processed.iterdir()} - {"datapackage.json", "antlens.xlsx"}
    for resource in descriptor["resources"]:
        data = (processed / resource["path"]).read_bytes()
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert resource.get("bytes", len(data)) == len(data)
        for field in resource["schema"]["fields"]:
            assert field["description"], (resource["name"], field["name"])
    titles = [s["title"] for s in descriptor["sources"]]
    assert any("boundary" in t for t in titles)
    claims = next(r for r in descriptor["resources"] if r["name"] == "claims")
    unit = next(f for f in claims["schema"]["fields"] if f["name"] == "unit")
    assert "CNY" in unit["constraints"]["enum"]


def test_the_schemas_of_the_repository_being_built_are_the_ones_used(repo_copy, edit):
    edit("schemas/vocabularies.yaml", "  scenarios: A count of service scenarios", "  scenes: x")
    with pytest.raises(ProblemsFound) as found:
        build(repo_copy)
    assert {(p.record, p.column, p.found) for p in found.value.problems} == {
        ("sesame-credit-scenarios", "unit", "'scenarios'")
    }


def test_an_empty_registry_builds_empty_tables_with_every_column(repo_copy):
    (repo_copy / "data/sources.yaml").write_text("sources: []\n", encoding="utf-8")
    shutil.rmtree(repo_copy / "data/annotations")
    for _ in range(2):  # the second time from the (empty) interim store
        report = build(repo_copy)
    assert report.counts["sources"] == report.counts["claims"] == 0
    header = (repo_copy / "data/processed/claims.csv").read_text().splitlines()
    assert header[0].startswith("claim_id,source_id,sentence_id,char_start")


def test_frictionless_finds_the_data_package_valid(repo_copy):
    frictionless = pytest.importorskip("frictionless")
    build(repo_copy)
    report = frictionless.validate(repo_copy / "data/processed/datapackage.json")
    problems = [error.message for task in report.tasks for error in task.errors]
    assert report.valid, problems[:5]
    assert len(report.tasks) == 2 * len(SCHEMAS.table_names)  # every table, CSV and Parquet
