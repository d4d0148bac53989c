import hashlib

import pytest

from antlens.paths import locate
from antlens.problems import ProblemsFound
from antlens.sources import load_registry, read_source


def test_raw_articles_are_byte_exact_copies_of_the_seeds(repo):
    records = load_registry(locate(repo))
    seeds = repo.parent / "shared" / "seeds"
    if not seeds.is_dir():
        seeds = repo.parent.parent / "shared" / "seeds"
    for record in records:
        data = (repo / record["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == record["sha256"]
        seed = seeds / (repo / record["path"]).name
        if seed.exists():
            assert seed.read_bytes() == data


def test_every_source_names_title_language_and_translation(repo):
    for record in load_registry(locate(repo)):
        assert record["title"] and record["language"] == "en"
        assert "translation" in record["translation_note"].lower()


def test_changed_bytes_stop_with_a_message_naming_the_source(repo_copy):
    paths = locate(repo_copy)
    record = load_registry(paths)[0]
    path = repo_copy / record["path"]
    path.write_bytes(path.read_bytes() + b" ")
    with pytest.raises(ProblemsFound) as found:
        read_source(paths, record)
    (problem,) = found.value.problems
    assert problem.slug == "source-changed"
    assert record["source_id"] in problem.record
    assert f"antlens reanchor {record['source_id']}" in problem.hint


def test_missing_raw_file_is_a_problem(repo_copy):
    paths = locate(repo_copy)
    record = load_registry(paths)[0]
    (repo_copy / record["path"]).unlink()
    with pytest.raises(ProblemsFound) as found:
        read_source(paths, record)
    assert found.value.problems[0].slug == "missing-file"


def test_path_outside_the_repository_is_refused(repo_copy, edit):
    edit("data/sources.yaml", "path: data/raw/articles/000", "path: ../../etc/000")
    with pytest.raises(ProblemsFound) as found:
        load_registry(locate(repo_copy))
    assert [p.slug for p in found.value.problems] == ["path-outside-repository"]


def test_yaml_that_does_not_parse_names_line_and_column(repo_copy, edit):
    edit("data/sources.yaml", "  - source_id: ant_duality", "  - source_id: [ant_duality")
    with pytest.raises(ProblemsFound) as found:
        load_registry(locate(repo_copy))
    (problem,) = found.value.problems
    assert problem.slug == "yaml-syntax"
    assert problem.file == "data/sources.yaml"
    assert problem.line is not None


def test_duplicate_and_malformed_source_ids(repo_copy, edit):
    edit("data/sources.yaml", "source_id: ant_duality", "source_id: ant_boundary")
    with pytest.raises(ProblemsFound) as found:
        load_registry(locate(repo_copy))
    assert [p.slug for p in found.value.problems] == ["duplicate-id"]


@pytest.mark.parametrize("text", ["- a\n- b\n", "sources:\n  a: 1\n"])
def test_a_registry_that_is_not_a_list_of_records_is_refused(repo_copy, text):
    (repo_copy / "data/sources.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ProblemsFound) as found:
        load_registry(locate(repo_copy))
    assert [p.slug for p in found.value.problems] == ["bad-record"]


def test_a_link_to_a_file_outside_the_repository_is_refused(repo_copy, tmp_path):
    paths = locate(repo_copy)
    record = load_registry(paths)[0]
    outside = tmp_path / "outside.txt"
    outside.write_bytes((repo_copy / record["path"]).read_bytes())
    (repo_copy / record["path"]).unlink()
    (repo_copy / record["path"]).symlink_to(outside)
    with pytest.raises(ProblemsFound) as found:
        read_source(paths, record)
    assert [p.slug for p in found.value.problems] == ["path-outside-repository"]


def test_a_folder_and_a_non_utf8_file_are_problems(repo_copy, edit):
    paths = locate(repo_copy)
    record = load_registry(paths)[0]
    with pytest.raises(ProblemsFound) as found:
        read_source(paths, {**record, "path": "data/raw/articles"})
    assert [p.slug for p in found.value.problems] == ["unreadable-file"]
    latin1 = "Caf\xe9 revenue rose 5%.\n".encode("latin-1")
    (repo_copy / record["path"]).write_bytes(latin1)
    with pytest.raises(ProblemsFound) as found:
        read_source(paths, {**record, "sha256": hashlib.sha256(latin1).hexdigest().upper()})
    assert [p.slug for p in found.value.problems] == ["not-utf8"]
