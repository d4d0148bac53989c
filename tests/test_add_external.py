"""`antlens add-external`: a dataset checked completely, then copied in whole or not at all."""

import json
from pathlib import Path

import polars as pl
import pytest

from antlens.add_external import add_external
from antlens.build import build
from antlens.cli import main
from antlens.problems import ProblemsFound

# Ant Group's H share offer, as published by FX News Group (October 2020).
URL = "https://fxnewsgroup.com/forex-news/payments/ant-group-estimates-h-share-ipo-proceeds-to-be-around-hk131-99bn/"
DESCRIPTOR = """\
dataset_id: ant_h_share_offer
title: Ant Group H share offer (2020), as reported
publisher: Ant Group, as reported by FX News Group
url: null
licence: Facts quoted from public reporting; each row names the page it was read on.
retrieved: null
table: observations.csv
units:
  HKD:
    base_unit: HKD
    scale: 1.0
  HKD million:
    base_unit: HKD
    scale: 1000000.0
"""
HEADER = (
    "id,entity,metric,period,value,unit,confidence,source_title,source_publisher,locator,url,"
    "supporting_phrase\n"
)
ROWS = [
    f"offer-price,Ant Group,H share offer price assumed for the proceeds,2020-10,80.00,HKD,low,"
    f"Ant Group estimates H Share IPO proceeds,FX News Group,article text,{URL},"
    f'"assuming an Offer Price of HK$80.00 per H Share"\n',
    f"net-proceeds,Ant Group,estimated net proceeds of the H share IPO,2020-10,131991,"
    f"HKD million,low,"
    f"Ant Group estimates H Share IPO proceeds,FX News Group,article text,{URL},"
    f'"will be approximately HK$131,991 million"\n',
]


def _dataset(folder: Path, descriptor: str = DESCRIPTOR, rows: list[str] = ROWS) -> Path:
    folder.mkdir(parents=True)
    (folder / "dataset.yaml").write_text(descriptor, encoding="utf-8")
    (folder / "observations.csv").write_text(HEADER + "".join(rows), encoding="utf-8")
    return folder


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and p.name != ".antlens.lock"  # the lock names its last holder
    }


def test_a_good_dataset_is_copied_and_lands_in_external_observations(repo_copy, tmp_path):
    folder = _dataset(tmp_path / "incoming")
    (folder / "notes.txt").write_text("where the figures came from\n", encoding="utf-8")

    added = add_external(folder, root=repo_copy)

    target = repo_copy / "data/external/ant_h_share_offer"
    assert sorted(p.name for p in target.iterdir()) == ["dataset.yaml", "observations.csv"]
    for name in ("dataset.yaml", "observations.csv"):
        assert (target / name).read_bytes() == (folder / name).read_bytes()
    assert (added.files, added.left_out, len(added.rows)) == (
        ["dataset.yaml", "observations.csv"],
        ["notes.txt"],
        2,
    )
    assert [p.name for p in (repo_copy / "data/external").iterdir() if p.name.startswith(".")] == []

    build(repo_copy)

    observations = pl.read_parquet(repo_copy / "data/processed/external_observations.parquet")
    added_rows = observations.filter(pl.col("dataset_id") == "ant_h_share_offer")
    assert added_rows.select("observation_id", "value_base", "base_unit", "confidence").rows() == [
        ("ant_h_share_offer/offer-price", 80.0, "HKD", "low"),
        ("ant_h_share_offer/net-proceeds", 131991e6, "HKD", "low"),
    ]
    package = json.loads((repo_copy / "data/processed/datapackage.json").read_text())
    assert "data/external/ant_h_share_offer" in [s["path"] for s in package["sources"]]


def test_a_csv_with_its_descriptor_given_apart_is_added(repo_copy, tmp_path):
    folder = _dataset(tmp_path / "incoming")
    added = add_external(folder / "observations.csv", folder / "dataset.yaml", repo_copy)
    assert added.folder == repo_copy / "data/external/ant_h_share_offer"
    assert (added.folder / "observations.csv").is_file()


def _refused(repo_copy: Path, path: Path, descriptor=None) -> list:
    before = _tree(repo_copy / "data")
    with pytest.raises(ProblemsFound) as found:
        add_external(path, descriptor, repo_copy)
    assert _tree(repo_copy / "data") == before
    assert [p.name for p in (repo_copy / "data/external").iterdir() if p.name.startswith(".")] == []
    return found.value.problems


def test_a_word_in_a_number_column_is_refused_with_its_row(repo_copy, tmp_path):
    rows = [ROWS[0], ROWS[1].replace(",131991,", ",about 132 billion,")]
    folder = _dataset(tmp_path / "incoming", rows=rows)
    (problem,) = _refused(repo_copy, folder)
    assert problem.flat() == (str(folder / "observations.csv"), 3, 2, "", "value", "not-a-number")
    assert problem.found == "'about 132 billion'"


def test_an_unknown_unit_is_refused_with_its_row(repo_copy, tmp_path):
    folder = _dataset(tmp_path / "incoming", rows=[ROWS[0].replace(",HKD,", ",HK dollars,")])
    (problem,) = _refused(repo_copy, folder)
    assert (problem.slug, (problem.row, problem.line), problem.column, problem.found) == (
        "unknown-unit",
        (1, 2),
        "unit",
        "'HK dollars'",
    )


def test_a_confidence_outside_the_vocabulary_is_refused_with_its_row(repo_copy, tmp_path):
    folder = _dataset(tmp_path / "incoming", rows=[ROWS[0], ROWS[1].replace(",low,", ",medium,")])
    (problem,) = _refused(repo_copy, folder)
    assert (problem.file, (problem.row, problem.line), problem.column, problem.found) == (
        str(folder / "observations.csv"),
        (2, 3),
        "confidence",
        "'medium'",
    )
    assert problem.expected == "one of high, low"


def test_a_base_unit_outside_the_vocabulary_is_refused(repo_copy, tmp_path):
    folder = _dataset(
        tmp_path / "incoming", DESCRIPTOR.replace("base_unit: HKD\n", "base_unit: XAU\n", 1)
    )
    problems = _refused(repo_copy, folder)
    assert [(p.slug, p.record, p.column) for p in problems][0] == (
        "unknown-base-unit",
        "HKD",
        "base_unit",
    )


def test_an_existing_dataset_id_is_refused(repo_copy, tmp_path):
    descriptor = DESCRIPTOR.replace("dataset_id: ant_h_share_offer", "dataset_id: findex")
    folder = _dataset(tmp_path / "findex", descriptor)
    (problem,) = _refused(repo_copy, folder)
    assert (problem.slug, problem.file, problem.column, problem.found) == (
        "duplicate-id",
        str(folder / "dataset.yaml"),
        "dataset_id",
        "findex",
    )


def test_a_missing_descriptor_field_is_refused_along_with_every_row_problem(repo_copy, tmp_path):
    descriptor = DESCRIPTOR.replace("licence: Facts quoted", "note: Facts quoted")
    rows = [ROWS[0].replace(",80.00,", ",eighty,"), ROWS[1].replace(",low,", ",medium,")]
    folder = _dataset(tmp_path / "incoming", descriptor, rows)
    problems = _refused(repo_copy, folder)
    assert [(p.slug, p.file, (p.row, p.line), p.column) for p in problems] == [
        ("missing-field", str(folder / "dataset.yaml"), (None, None), "licence"),
        ("unknown-field", str(folder / "dataset.yaml"), (None, None), "note"),
        ("not-a-number", str(folder / "observations.csv"), (1, 2), "value"),
        (
            "schema-enum",
            str(folder / "observations.csv"),
            (2, 3),
            "confidence",
        ),
    ]


def test_rows_with_too_few_or_too_many_fields_are_refused(repo_copy, tmp_path):
    rows = [
        "offer-price,Ant Group,H share offer price,2020-10,80.00\n",
        ROWS[1].replace("\n", ",extra\n"),
    ]
    folder = _dataset(tmp_path / "incoming", rows=rows)
    problems = _refused(repo_copy, folder)
    assert [(p.slug, (p.row, p.line), p.found) for p in problems] == [
        ("bad-row", (1, 2), "5 fields"),
        ("bad-row", (2, 3), "13 fields"),
    ]


def test_a_row_of_the_wrong_width_does_not_hide_the_other_rows_problems(repo_copy, tmp_path):
    rows = [
        ROWS[0].replace(",80.00,", ",eighty,"),
        "offer-size,Ant Group,H share offer size,2020-10\n",
        ROWS[1].replace(",low,", ",medium,"),
    ]
    folder = _dataset(tmp_path / "incoming", rows=rows)
    problems = _refused(repo_copy, folder)
    assert [(p.slug, (p.row, p.line), p.column) for p in problems] == [
        ("not-a-number", (1, 2), "value"),
        ("bad-row", (2, 3), ""),
        ("schema-enum", (3, 4), "confidence"),
    ]


def test_row_ids_are_checked_before_the_copy(repo_copy, tmp_path):
    rows = [
        ROWS[0],
        ROWS[1].replace("net-proceeds,", "offer-price,"),
        ROWS[1].replace("net-proceeds,", ","),
    ]
    folder = _dataset(tmp_path / "incoming", rows=rows)
    problems = _refused(repo_copy, folder)
    assert [(p.slug, p.file, (p.row, p.line), p.column) for p in problems] == [
        ("duplicate-id", str(folder / "observations.csv"), (2, 3), "id"),
        ("missing-id", str(folder / "observations.csv"), (3, 4), "id"),
    ]
    assert "row 1 (line 2)" in problems[0].found


def test_a_csv_without_an_id_column_is_refused(repo_copy, tmp_path):
    folder = _dataset(tmp_path / "incoming")
    table = folder / "observations.csv"
    lines = table.read_text(encoding="utf-8").splitlines(keepends=True)
    table.write_text("".join(line.split(",", 1)[1] for line in lines), encoding="utf-8")
    (problem,) = _refused(repo_copy, folder)
    assert (problem.slug, problem.file, (problem.row, problem.line), problem.column) == (
        "missing-column",
        str(table),
        (None, 1),
        "id",
    )


def test_a_csv_without_a_descriptor_is_refused(repo_copy, tmp_path):
    folder = _dataset(tmp_path / "incoming")
    (problem,) = _refused(repo_copy, folder / "observations.csv")
    assert problem.slug == "missing-descriptor"
    assert "--descriptor" in problem.expected


def test_the_command_prints_what_it_registered(repo_copy, tmp_path, capsys):
    folder = _dataset(tmp_path / "incoming")
    assert main(["--root", str(repo_copy), "add-external", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "added dataset ant_h_share_offer: data/external/ant_h_share_offer/" in out
    assert (
        "2 observation(s), ant_h_share_offer/offer-price, ant_h_share_offer/net-proceeds; "
        "2 low confidence"
    ) in out


def test_the_command_refuses_with_problems_on_stderr_and_no_traceback(repo_copy, tmp_path, capsys):
    folder = _dataset(tmp_path / "incoming", rows=[ROWS[0].replace(",80.00,", ",n/a,")])
    assert main(["--root", str(repo_copy), "add-external", str(folder)]) == 1
    captured = capsys.readouterr()
    assert "[not-a-number]" in captured.err and "observations.csv, line 2, row 1" in captured.err
    assert "Traceback" not in captured.err
    assert not (repo_copy / "data/external/ant_h_share_offer").exists()
