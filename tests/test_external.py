import polars as pl
import pytest

from antlens import config
from antlens.build import build
from antlens.external import load_external
from antlens.problems import ProblemsFound

FINDEX = "data/external/findex/observations.csv"


def test_shipped_datasets_land_with_their_confidence(repo_copy):
    build(repo_copy)
    observations = pl.read_parquet(repo_copy / "data/processed/external_observations.parquet")
    assert set(observations["dataset_id"]) == {"ant_prospectus", "findex", "population"}
    assert set(observations["confidence"]) == {"high", "low"}
    mau = observations.filter(pl.col("observation_id") == "ant_prospectus-25").row(0, named=True)
    assert (mau["metric"], mau["value_base"], mau["base_unit"]) == (
        "monthly active users",
        711e6,
        "persons",
    )


def test_a_word_in_a_number_column_names_the_row(repo_copy, edit):
    edit(FINDEX, ",37.95,", ",about 38,")
    with pytest.raises(ProblemsFound) as found:
        load_external(config.paths(repo_copy))
    (problem,) = found.value.problems
    assert (problem.slug, problem.file, problem.record, problem.column) == (
        "not-a-number",
        FINDEX,
        "row 2 (line 3)",
        "value",
    )
    assert problem.found == "'about 38'"


def test_an_unknown_unit_is_reported(repo_copy, edit):
    edit(FINDEX, ",percent of age 15+,", ",share of adults,")
    with pytest.raises(ProblemsFound) as found:
        load_external(config.paths(repo_copy))
    assert [p.slug for p in found.value.problems] == ["unknown-unit"]


def test_problems_in_external_data_stop_the_build(repo_copy, edit):
    edit(FINDEX, ",37.95,", ",n/a,")
    with pytest.raises(ProblemsFound):
        build(repo_copy)
