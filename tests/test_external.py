from pathlib import Path

import polars as pl
import pytest

from antlens.build import build
from antlens.external import load_external
from antlens.paths import locate
from antlens.problems import ProblemsFound

FINDEX = "data/external/findex/observations.csv"
FINDEX_DESCRIPTOR = "data/external/findex/dataset.yaml"
PROSPECTUS = "data/external/ant_prospectus/observations.csv"


def _problems(repo_copy: Path) -> list:
    with pytest.raises(ProblemsFound) as found:
        load_external(locate(repo_copy))
    return found.value.problems


def _rewrite_lines(repo_copy: Path, relative: str, change) -> None:
    """Rewrite a CSV line by line (header included): change(lines) -> lines."""
    path = repo_copy / relative
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(change(lines)), encoding="utf-8")


def test_shipped_datasets_land_with_their_confidence(repo_copy):
    build(repo_copy)
    observations = pl.read_parquet(repo_copy / "data/processed/external_observations.parquet")
    assert set(observations["dataset_id"]) == {"ant_prospectus", "findex", "population"}
    assert set(observations["confidence"]) == {"high", "low"}
    mau = observations.filter(pl.col("observation_id") == "ant_prospectus/alipay-mau-2020-06")
    assert (mau["metric"][0], mau["value_base"][0], mau["base_unit"][0]) == (
        "monthly active users",
        711e6,
        "persons",
    )
    assert observations["observation_id"].str.contains("/").all()


def test_reordering_a_datasets_rows_changes_no_claim_and_no_comparison(repo_copy):
    processed = repo_copy / "data/processed"
    build(repo_copy)
    before = {name: (processed / f"{name}.csv").read_bytes() for name in ("claims", "comparisons")}
    for relative in (PROSPECTUS, FINDEX):
        _rewrite_lines(repo_copy, relative, lambda lines: lines[:1] + lines[:0:-1])

    build(repo_copy)

    after = {name: (processed / f"{name}.csv").read_bytes() for name in ("claims", "comparisons")}
    assert after == before
    comparisons = pl.read_csv(processed / "comparisons.csv")
    mau = comparisons.filter(pl.col("claim_id") == "monthly-active-users")
    assert mau["value_base"].to_list() == [711e6, 659e6]


def test_a_citation_of_a_row_whose_id_changed_is_a_problem(repo_copy, edit):
    edit(PROSPECTUS, "alipay-mau-2020-06,", "alipay-mau-2020-06-30,")
    with pytest.raises(ProblemsFound) as found:
        build(repo_copy)
    problems = {(p.slug, p.record, p.column, p.found) for p in found.value.problems}
    assert problems == {
        (
            "unknown-citation",
            "monthly-active-users",
            "interpretation_source",
            "ant_prospectus/alipay-mau-2020-06",
        ),
        (
            "unknown-citation",
            "monthly-active-users",
            "compare_with",
            "ant_prospectus/alipay-mau-2020-06",
        ),
    }


def test_a_word_in_a_number_column_names_the_row(repo_copy, edit):
    edit(FINDEX, ",37.95,", ",about 38,")
    (problem,) = _problems(repo_copy)
    assert (problem.slug, problem.file, (problem.row, problem.line), problem.column) == (
        "not-a-number",
        FINDEX,
        (2, 3),
        "value",
    )
    assert problem.found == "'about 38'"


@pytest.mark.parametrize("figure", ["inf", "nan", "-Infinity", "1e400"])
def test_a_figure_that_is_not_finite_is_not_a_number(repo_copy, edit, figure):
    edit(FINDEX, ",37.95,", f",{figure},")
    (problem,) = _problems(repo_copy)
    assert (problem.slug, (problem.row, problem.line), problem.column, problem.found) == (
        "not-a-number",
        (2, 3),
        "value",
        repr(figure),
    )
    assert problem.expected == "a finite number"


def test_an_unknown_unit_is_reported(repo_copy, edit):
    edit(FINDEX, ",percent of age 15+,", ",share of adults,")
    assert [p.slug for p in _problems(repo_copy)] == ["unknown-unit"]


def test_problems_in_external_data_stop_the_build(repo_copy, edit):
    edit(FINDEX, ",37.95,", ",n/a,")
    with pytest.raises(ProblemsFound):
        build(repo_copy)


# ---------------------------------------------------------------- row ids


def test_a_csv_without_an_id_column_is_refused(repo_copy):
    _rewrite_lines(repo_copy, FINDEX, lambda lines: [line.split(",", 1)[1] for line in lines])
    (problem,) = _problems(repo_copy)
    assert (problem.slug, problem.file, (problem.row, problem.line), problem.column) == (
        "missing-column",
        FINDEX,
        (None, 1),
        "id",
    )
    assert problem.found.startswith("entity, metric, period")
    assert "<dataset_id>/<id>" in problem.hint


def test_an_id_column_that_is_not_first_is_refused(repo_copy):
    def swap(lines):
        return [",".join([b, a, rest]) for a, b, rest in (line.split(",", 2) for line in lines)]

    _rewrite_lines(repo_copy, FINDEX, swap)
    (problem,) = _problems(repo_copy)
    assert (problem.slug, (problem.row, problem.line), problem.column, problem.found) == (
        "misplaced-column",
        (None, 1),
        "id",
        "`id` as column 2",
    )


@pytest.mark.parametrize(
    ("row_id", "slug", "found"),
    [
        ("", "missing-id", "an empty cell"),
        ("Credit_Card_2021", "bad-id", "'Credit_Card_2021'"),
        ("credit-card/2021", "bad-id", "'credit-card/2021'"),
        ("-2021", "bad-id", "'-2021'"),
    ],
)
def test_an_id_that_is_empty_or_not_a_slug_is_refused(repo_copy, edit, row_id, slug, found):
    edit(FINDEX, "credit-card-2021,", f"{row_id},")
    (problem,) = _problems(repo_copy)
    assert problem.flat() == (FINDEX, 3, 2, "", "id", slug)
    assert problem.found == found
    assert problem.expected and problem.hint


def test_a_duplicate_id_names_both_rows(repo_copy, edit):
    edit(FINDEX, "account-2011,", "credit-card-2017,")
    (problem,) = _problems(repo_copy)
    assert (problem.slug, (problem.row, problem.line), problem.column) == (
        "duplicate-id",
        (3, 4),
        "id",
    )
    assert problem.found == "'credit-card-2017', also the id of row 1 (line 2)"
    assert "row 1 (line 2)" in problem.hint and "row 3 (line 4)" in problem.hint


def test_the_same_id_in_two_datasets_is_two_observations(repo_copy, edit):
    edit(FINDEX, "account-2011,", "population-2019,")
    _, rows = load_external(locate(repo_copy))
    ids = [row["observation_id"] for row in rows]
    assert {"findex/population-2019", "population/population-2019"} <= set(ids)


# ---------------------------------------------------------------- header, encoding, units


def test_a_duplicated_column_name_is_refused(repo_copy):
    def add_value(lines):
        return [
            line.rstrip("\n") + (",value\n" if i == 0 else ",99\n") for i, line in enumerate(lines)
        ]

    _rewrite_lines(repo_copy, FINDEX, add_value)
    (problem,) = _problems(repo_copy)
    assert problem.flat() == (FINDEX, 1, None, "", "value", "duplicate-column")
    assert problem.found == "columns 5 and 13 are both named 'value'"


def test_a_byte_order_mark_is_read_past(repo_copy):
    path = repo_copy / FINDEX
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    _, rows = load_external(locate(repo_copy))
    findex = [row for row in rows if row["dataset_id"] == "findex"]
    assert findex[0]["observation_id"] == "findex/credit-card-2017"
    assert len(findex) == 4


def test_a_latin1_csv_is_refused_naming_the_encoding_it_looks_like(repo_copy):
    path = repo_copy / FINDEX
    path.write_bytes(
        path.read_bytes().replace(b"China,adults with an account,2011", b"Chin\xe4,x,2011")
    )
    (problem,) = _problems(repo_copy)
    assert (problem.slug, problem.file) == ("not-utf8", FINDEX)
    assert problem.found.endswith("is not UTF-8; it looks like WINDOWS-1252")
    assert "iconv -f WINDOWS-1252 -t UTF-8 observations.csv > observations.utf8.csv" in problem.hint


@pytest.mark.parametrize("scale", ["one", "0", "-1.0", ".inf", "null"])
def test_a_scale_that_is_not_a_positive_number_stops_the_build(repo_copy, edit, scale):
    edit(FINDEX_DESCRIPTOR, "scale: 1.0", f"scale: {scale}")
    (problem,) = _problems(repo_copy)  # once, not again for each row in that unit
    assert (problem.slug, problem.file, problem.record, problem.column) == (
        "bad-scale",
        FINDEX_DESCRIPTOR,
        "percent of age 15+",
        "scale",
    )
    with pytest.raises(ProblemsFound) as found:
        build(repo_copy)
    assert "bad-scale" in [p.slug for p in found.value.problems]


# ---------------------------------------------------------------- rows and lines


def test_a_row_with_the_wrong_number_of_fields_does_not_hide_the_others(repo_copy, edit):
    edit(FINDEX, ",37.95,percent of age 15+,low,", ",37.95,percent of age 15+,")
    edit(FINDEX, ",64,percent of age 15+,", ",sixty-four,percent of age 15+,")
    problems = _problems(repo_copy)
    assert [(p.slug, (p.row, p.line), p.column) for p in problems] == [
        ("bad-row", (2, 3), ""),
        ("not-a-number", (3, 4), "value"),
    ]
    assert problems[0].found == "11 fields"


def test_a_row_spanning_lines_is_named_by_its_first_line(repo_copy, edit):
    edit(
        FINDEX,
        '"In China, however, just 21 per cent do"',
        '"In China,\nhowever, just 21 per cent do"',
    )
    edit(FINDEX, ",64,", ",sixty-four,")
    path = repo_copy / FINDEX  # a blank line at the end is not a row
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    (problem,) = _problems(repo_copy)
    assert (problem.slug, (problem.row, problem.line)) == ("not-a-number", (3, 5))


def test_a_broken_dataset_is_reported_alone_not_through_every_citation(repo_copy):
    (repo_copy / "data/external/findex/observations.csv").write_text("", encoding="utf-8")
    with pytest.raises(ProblemsFound) as found:
        build(repo_copy)
    files = {p.file for p in found.value.problems}
    assert files == {"data/external/findex/observations.csv"}
