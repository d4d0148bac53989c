"""Paths: one place that knows every file; one way to find the repository."""

from __future__ import annotations

import pytest

from antlens.paths import Paths, find_root, locate
from antlens.problems import ProblemsFound


def test_the_repository_is_found_from_any_folder_inside_it(repo_copy):
    (repo_copy / "reports" / "deep").mkdir()
    assert find_root(start=repo_copy / "reports" / "deep") == repo_copy.resolve()
    assert locate(repo_copy).root == repo_copy.resolve()


@pytest.mark.parametrize("given", ["", "nowhere"])
def test_a_root_that_is_no_repository_is_refused_naming_it(tmp_path, given):
    with pytest.raises(ProblemsFound) as found:
        find_root(given and str(tmp_path / given))
    (problem,) = found.value.problems
    assert problem.slug == "no-repository"
    assert (given or "''") in problem.file


def test_outside_any_repository_the_folder_searched_is_named(tmp_path):
    with pytest.raises(ProblemsFound) as found:
        find_root(start=tmp_path)
    assert found.value.problems[0].file == str(tmp_path.resolve())


def test_every_path_derives_from_the_root(tmp_path):
    paths = Paths(tmp_path)
    assert paths.annotation_file("x") == tmp_path / "data/annotations/x.yaml"
    assert paths.table_file("claims", "csv") == tmp_path / "data/processed/claims.csv"
    assert paths.relative(paths.datapackage) == "data/processed/datapackage.json"
    assert paths.relative(tmp_path.parent / "elsewhere") == str(tmp_path.parent / "elsewhere")
