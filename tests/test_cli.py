"""The command line on bad input: a clear message, exit 1, no traceback, nothing written."""

import subprocess
import sys

import pytest

from antlens.build import build

BOUNDARY = "data/annotations/ant_boundary.yaml"
FINDEX = "data/external/findex/observations.csv"

BAD_INPUTS = {
    "yaml-syntax": (BOUNDARY, "  - claim_id: loan-ceiling\n", "  - claim_id: [loan-ceiling\n"),
    "quote-not-found": (
        BOUNDARY,
        "quote: In order to borrow 30000 yuan",
        "quote: To borrow 30000 yuan",
    ),
    "value-mismatch": (BOUNDARY, "    value: 28.7\n", "    value: 27.8\n"),
    "duplicate-id": (BOUNDARY, "claim_id: credit-pillars", "claim_id: loan-ceiling"),
    "schema-enum": (BOUNDARY, "    unit: points\n", "    unit: stars\n"),
    "not-a-number": (FINDEX, ",37.95,", ",about 38,"),
    "path-outside-repository": (
        "data/sources.yaml",
        "path: data/raw/articles/002",
        "path: /etc/002",
    ),
}


def _antlens(root, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "antlens.cli", "--root", str(root), *args],
        capture_output=True,
        text=True,
        check=False,
    )


def _processed(root) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / "data/processed").iterdir())}


@pytest.mark.parametrize("slug", sorted(BAD_INPUTS))
def test_bad_input_is_a_message_not_a_traceback(repo_copy, edit, slug):
    build(repo_copy)
    before = _processed(repo_copy)
    edit(*BAD_INPUTS[slug])
    done = _antlens(repo_copy, "build")
    assert done.returncode == 1
    assert f"[{slug}]" in done.stderr
    assert "Traceback" not in done.stderr
    assert "nothing was written" in done.stderr
    assert _processed(repo_copy) == before


def test_a_missing_raw_file_is_named(repo_copy):
    (repo_copy / "data/raw/articles/002_c9c604f76d26af63.txt").unlink()
    done = _antlens(repo_copy, "build")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "[missing-file] data/raw/articles/002_c9c604f76d26af63.txt" in done.stderr


def test_trace_prints_the_claim_in_its_sentence(repo_copy):
    build(repo_copy)
    done = _antlens(repo_copy, "trace", "micro-loan-share-2019h1")
    assert done.returncode == 0
    assert "»accounting for 40% of the total income«" in done.stdout
    assert "data/raw/articles/000_4ef738e29a43aba1.txt" in done.stdout


def test_trace_of_an_unknown_claim(repo_copy):
    build(repo_copy)
    done = _antlens(repo_copy, "trace", "no-such-claim")
    assert done.returncode == 1 and "[unknown-claim]" in done.stderr
    assert "Traceback" not in done.stderr


def test_help_lists_every_command():
    done = subprocess.run(
        [sys.executable, "-m", "antlens.cli", "--help"], capture_output=True, text=True, check=True
    )
    for command in ("build", "trace", "tables", "render", "reanchor", "ingest", "add-external"):
        assert command in done.stdout


def test_an_internal_error_is_reported_briefly(repo_copy, monkeypatch, capsys):
    import antlens.build
    from antlens.cli import main

    def broken(*args, **kwargs):
        raise RuntimeError("something inside broke")

    monkeypatch.setattr(antlens.build, "build", broken)
    monkeypatch.delenv("ANTLENS_DEBUG", raising=False)
    assert main(["--root", str(repo_copy), "build"]) == 2
    stderr = capsys.readouterr().err
    assert "internal error: RuntimeError: something inside broke" in stderr
    assert "ANTLENS_DEBUG=1" in stderr and "Traceback" not in stderr
    monkeypatch.setenv("ANTLENS_DEBUG", "1")
    with pytest.raises(RuntimeError):
        main(["--root", str(repo_copy), "build"])


@pytest.mark.parametrize(
    ("relative", "old", "new", "said"),
    [
        (
            "_quarto.yml",
            "    - reports/timeline.qmd\n",
            "    - reports/timelines.qmd\n",
            "lists pages that do not exist: reports/timelines.qmd",
        ),
        ("_quarto.yml", "execute:\n", "execute: [\n", "_quarto.yml does not parse"),
        (
            "reports/index.qmd",
            "#| label: setup\n",
            "#| label: setup\n1 / 0\n",
            "reports/index.qmd: cell 'setup'",
        ),
    ],
)
def test_a_broken_page_or_site_file_is_a_message(repo_copy, edit, relative, old, new, said):
    edit(relative, old, new)
    done = _antlens(repo_copy, "render")
    assert done.returncode == 1
    assert said in done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert not (repo_copy / "_site").exists()


def test_root_may_follow_the_command(repo_copy):
    done = subprocess.run(
        [sys.executable, "-m", "antlens.cli", "build", "--root", str(repo_copy)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and "built data/processed/" in done.stdout
