"""The command line on bad input: a clear message, exit 1, no traceback, nothing written."""

import importlib
import subprocess
import sys
import time
from pathlib import Path

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


def _command(*args, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "antlens.cli", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
    )


def _antlens(root, *args) -> subprocess.CompletedProcess:
    return _command("--root", str(root), *args)


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
    assert done.returncode == 1 and "[unknown-claim] data/processed/claims.csv" in done.stderr
    assert "Traceback" not in done.stderr
    assert "nothing was written" not in done.stderr  # a command that only reads


def test_help_lists_every_command():
    done = _command("--help")
    assert done.returncode == 0
    for command in ("build", "trace", "tables", "render", "reanchor", "ingest", "add-external"):
        assert command in done.stdout


def test_an_internal_error_is_reported_briefly(repo_copy, monkeypatch, capsys):
    from antlens.cli import main

    def broken(*args, **kwargs):
        raise RuntimeError("something inside broke")

    # the module: `antlens.build` names the package's function
    monkeypatch.setattr(importlib.import_module("antlens.build"), "build", broken)
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
    done = _command("build", "--root", str(repo_copy))
    assert done.returncode == 0 and "built data/processed/" in done.stdout


# ---------------------------------------------------------------- the right repository


def test_an_empty_root_is_refused():
    done = _antlens("", "build")
    assert done.returncode == 1 and "[no-repository] ''" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_bad_root_names_the_path_it_tried(tmp_path):
    done = _antlens(tmp_path / "nowhere", "build")
    assert done.returncode == 1
    assert f"[no-repository] {tmp_path / 'nowhere'}" in done.stderr
    assert "data/sources.yaml" in done.stderr


@pytest.mark.parametrize("command", [["build"], ["ingest", "a.txt", "--id", "a"], ["tables"]])
def test_outside_a_repository_commands_name_the_folder_searched(tmp_path, command):
    for folder in (tmp_path, Path("/tmp")):
        done = _command(*command, cwd=folder)
        assert done.returncode == 1
        assert f"[no-repository] {folder.resolve()}" in done.stderr
        assert "in this folder or one above it" in done.stderr and "Traceback" not in done.stderr


# ---------------------------------------------------------------- input that must not pass


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,x", "ftp://x.org/a", "http://"]
)
def test_ingest_takes_only_web_addresses(repo_copy, tmp_path, url):
    article = tmp_path / "a.txt"
    article.write_text("Ant Group earned 12 billion yuan.\n", encoding="utf-8")
    done = _antlens(repo_copy, "ingest", str(article), "--id", "a", "--url", url)
    assert done.returncode == 1 and "[bad-url] command line, --url" in done.stderr
    assert not (repo_copy / "data/raw/articles/a.txt").exists()


def test_a_long_article_is_summarised_not_printed_whole(repo_copy, tmp_path):
    article = tmp_path / "long.txt"
    article.write_text("Ant Group earned 12 billion yuan. " * 3_000, encoding="utf-8")
    done = _antlens(repo_copy, "ingest", str(article), "--id", "long")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) < 30
    assert "3000 mention(s) found: 3000 amount" in done.stdout
    assert "  … and 2980 more, each under `todo:` in data/annotations/long.yaml" in lines


def test_a_yaml_alias_bomb_is_refused_at_once(repo_copy):
    levels = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    path = repo_copy / "data/annotations/ant_boundary.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n".join(levels) + "\n", encoding="utf-8")
    started = time.monotonic()
    done = _antlens(repo_copy, "build")
    assert time.monotonic() - started < 10
    assert done.returncode == 1
    assert "[yaml-alias] data/annotations/ant_boundary.yaml" in done.stderr


def test_an_occurrence_its_prefix_disagrees_with_stops_the_build(repo_copy, edit):
    edit(
        "data/annotations/ant_duality.yaml",
        '    prefix: "Ant Group involves "\n',
        '    prefix: "Ant Group involves "\n    occurrence: 2\n',
    )
    done = _antlens(repo_copy, "build")
    assert done.returncode == 1
    assert "licence-banking" in done.stderr
    assert "occurrence and prefix/suffix disagree" in done.stderr


def test_a_pandoc_failure_is_one_message_without_its_call_stack(repo_copy, monkeypatch, capsys):
    import antlens.website
    from antlens.cli import main
    from antlens.website.project import RenderError

    def failing(*args, **kwargs):
        raise RenderError(
            "pandoc failed on index.html: Could not find data file templates/x\n"
            "CallStack (from HasCallStack):\n  error, called at src/Text/Pandoc.hs:12:3"
        )

    monkeypatch.setattr(antlens.website, "render_site", failing)
    assert main(["--root", str(repo_copy), "render"]) == 1
    err = capsys.readouterr().err
    assert "pandoc failed on index.html: Could not find data file templates/x\n" in err
    assert "CallStack" not in err and "Pandoc.hs" not in err
