"""Appending a record to data/sources.yaml as text: comments and layout kept, or nothing."""

from antlens.paths import locate
from antlens.registry import appended_registry
from antlens.yamlio import parse_yaml

RECORD = {"source_id": "new", "title": "Two\nlines: and a colon", "url": None, "sha256": "ab"}


def test_the_record_is_appended_and_the_rest_kept_byte_for_byte(repo_copy):
    paths = locate(repo_copy)
    old = paths.sources_file.read_text(encoding="utf-8")
    new, problems = appended_registry(paths, RECORD)
    assert problems == [] and new.startswith(old)
    assert parse_yaml(new, "x")["sources"][-1] == RECORD
    assert '  title: "Two\\nlines: and a colon"\n' in new[len(old) :]


def test_a_registry_that_does_not_end_with_its_list_is_refused(repo_copy):
    paths = locate(repo_copy)
    registry = paths.sources_file
    registry.write_text(registry.read_text(encoding="utf-8") + "notes: none\n", encoding="utf-8")
    _, (problem,) = appended_registry(paths, RECORD)
    assert (problem.slug, problem.file) == ("registry-layout", "data/sources.yaml")
    assert "- source_id: new" in problem.hint
