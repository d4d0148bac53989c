"""The `antlens` command. Thin: it parses arguments, calls the package and prints the outcome.

Every command that writes holds the repository's lock (`locking`) while it runs, so that two
never write at once. Heavy libraries are imported inside the commands so that `antlens --help`
answers at once.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import sys
import time
from pathlib import Path

WRITING = ("build", "render", "ingest", "add-external", "reanchor", "curate")
# Where a tool's error message turns into its own traceback (pandoc's Haskell call stack).
_BACKTRACE = re.compile(r"^\s*(CallStack \(from HasCallStack\)|Traceback \(most recent)", re.M)


def _build(args) -> int:
    from antlens.build import build

    started = time.perf_counter()
    report = build(args.root, allow_unaccounted=args.allow_unaccounted)
    counts = ", ".join(f"{n} {name}" for name, n in report.counts.items())
    print(f"built data/processed/ in {time.perf_counter() - started:.2f} s: {counts}")
    if report.unreviewed:
        print(f"{report.unreviewed} mention(s) not yet reviewed (status 'unreviewed'):")
        for row in report.first_unreviewed:
            print(f"  {row['mention_id']}: {row['text']!r}")
        if report.unreviewed > len(report.first_unreviewed):
            more = report.unreviewed - len(report.first_unreviewed)
            print(f"  … and {more} more in data/processed/mentions.csv")
    for file, left in report.todo.items():
        print(f"{file}: {left} todo entr{'y' if left == 1 else 'ies'} left to curate")
    return 0


def _trace(args) -> int:
    from antlens.trace import trace

    print(trace(args.claim_id, args.root))
    return 0


def _tables(args) -> int:
    from antlens.api import tables

    for row in tables(args.root).iter_rows(named=True):
        print(f"{row['name']:<24} {row['rows']:>6} rows  {row['title']}")
    return 0


def _reanchor(args) -> int:
    from antlens.reanchor import reanchor

    print(reanchor(args.source_id, args.root).summary())
    print("now run `antlens build` to rebuild the tables on the new text")
    return 0


def _ingest(args) -> int:
    from antlens.ingest import METADATA, ingest

    metadata = {key: getattr(args, key) for key in METADATA if getattr(args, key)}
    print(ingest(args.file, args.source_id, metadata, args.root).summary())
    return 0


def _add_external(args) -> int:
    from antlens.add_external import add_external

    print(add_external(args.path, args.descriptor, args.root).summary())
    return 0


def _review(args) -> int:
    from antlens.review import command

    return command(args)


def _curate(args) -> int:
    from antlens.curate import command

    return command(args)


def _render(args) -> int:
    from antlens.website import render_site
    from antlens.website.project import RenderError

    try:
        report = render_site(args.root, to=args.to)
    except RenderError as error:
        print(_without_backtrace(str(error)), file=sys.stderr)
        print("the previous site is unchanged; fix the page and run again", file=sys.stderr)
        return 1
    print(report.summary())
    return 0


def _without_backtrace(message: str) -> str:
    """A tool's message without the call stack it appends (the user cannot act on it)."""
    cut = _BACKTRACE.search(message)
    return message[: cut.start()].rstrip() if cut else message


class _WithRoot:
    """Adds every command with the shared --root option."""

    def __init__(self, subparsers, parent: argparse.ArgumentParser):
        self.subparsers, self.parent = subparsers, parent

    def add_parser(self, name: str, **options) -> argparse.ArgumentParser:
        return self.subparsers.add_parser(name, parents=[self.parent], **options)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="antlens",
        description="Ant Group's quantitative statements as traceable tables and reports.",
    )
    root_help = "repository root (default: found from the current folder)"
    parser.add_argument("--root", help=root_help)
    # --root is also accepted after the command (antlens build --root DIR).
    after = argparse.ArgumentParser(add_help=False)
    after.add_argument("--root", default=argparse.SUPPRESS, help=root_help)
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands = _WithRoot(subparsers, after)
    build = commands.add_parser("build", help="build the tables in data/processed/")
    build.add_argument(
        "--allow-unaccounted",
        action="store_true",
        help="accept mentions no claim or exclusion covers (they are kept as 'unreviewed')",
    )
    build.set_defaults(run=_build)
    trace = commands.add_parser("trace", help="show a claim, its sentence and its source")
    trace.add_argument("claim_id")
    trace.set_defaults(run=_trace)
    listing = commands.add_parser("tables", help="list the processed tables")
    listing.set_defaults(run=_tables)
    reanchor = commands.add_parser(
        "reanchor", help="accept a source's changed text and move its annotations onto it"
    )
    reanchor.add_argument("source_id")
    reanchor.set_defaults(run=_reanchor)
    ingest = commands.add_parser(
        "ingest", help="add an article: raw copy, registry record and an annotation stub"
    )
    ingest.add_argument("file", help="the article, a UTF-8 plain-text file")
    ingest.add_argument("--id", dest="source_id", required=True, help="the new source's slug")
    ingest.add_argument("--title", help="default: the text's first line")
    ingest.add_argument("--author")
    ingest.add_argument("--publisher")
    ingest.add_argument("--url")
    ingest.add_argument("--published", help="publication date, YYYY-MM-DD")
    ingest.add_argument("--language", help="BCP 47 tag of the text (default: en)")
    ingest.add_argument("--translation-note", help="how the text came to be in this language")
    ingest.set_defaults(run=_ingest)
    add_external = commands.add_parser(
        "add-external", help="check an external dataset and copy it into data/external/"
    )
    add_external.add_argument("path", help="a folder with dataset.yaml and its CSV, or a CSV")
    add_external.add_argument("--descriptor", help="the dataset.yaml, when PATH is a CSV")
    add_external.set_defaults(run=_add_external)
    review = commands.add_parser(
        "review", help="review a source's suggested claims in the browser (127.0.0.1 only)"
    )
    review.add_argument("source_id")
    review.add_argument("--port", type=int, help="port on 127.0.0.1 (default: a free one)")
    review.add_argument("--no-browser", action="store_true", help="only print the page's address")
    review.set_defaults(run=_review)
    curate = commands.add_parser(
        "curate", help="accept or exclude suggested claims without a browser"
    )
    curate.add_argument("source_id")
    curate.add_argument("--accept", nargs="+", metavar="ID", help="mention or suggested claim ids")
    curate.add_argument("--exclude", nargs="+", metavar="ID", help="mention ids to exclude")
    curate.add_argument("--reason", help="why the excluded numbers are no statements")
    curate.add_argument(
        "--accept-suggested", action="store_true", help="accept every suggestion as it stands"
    )
    curate.set_defaults(run=_curate)
    render = commands.add_parser("render", help="render the reports into _site/")
    render.add_argument("--to", choices=["html", "pdf"], default="html")
    render.set_defaults(run=_render)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; a user's mistake is printed as problems, never as a traceback."""
    from antlens.problems import ProblemsFound

    argv = sys.argv[1:] if argv is None else argv
    writing = False
    try:
        args = _parser().parse_args(argv)
        writing = args.command in WRITING
        return _locked(args, argv) if writing else args.run(args)
    except BrokenPipeError:  # the reader went away (antlens tables | head): not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except ProblemsFound as found:
        print(found, file=sys.stderr)
        if writing:
            print("nothing was written; fix the problems above and run again", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; the previous outputs are unchanged", file=sys.stderr)
        return 130
    except Exception as error:  # a bug, not the user's mistake: say so, briefly
        if os.environ.get("ANTLENS_DEBUG"):
            raise
        print(f"antlens: internal error: {type(error).__name__}: {error}", file=sys.stderr)
        print(
            "the previous outputs are unchanged; set ANTLENS_DEBUG=1 to see the traceback,"
            " and please report it",
            file=sys.stderr,
        )
        return 2


def _locked(args, argv: list[str]) -> int:
    """Run a writing command holding the repository's lock; a write the disk refuses anywhere
    in it is a CANNOT_WRITE problem, not an internal error."""
    from antlens.locking import repository_lock
    from antlens.paths import locate
    from antlens.problems import ProblemsFound
    from antlens.writing import cannot_write, clear_leftovers, refused_errno

    paths = locate(args.root)
    args.root = paths.root
    try:
        with repository_lock(paths, shlex.join(argv)):
            clear_leftovers([paths.data, paths.raw_articles, paths.annotations, paths.external])
            return args.run(args)
    except Exception as error:  # also a library's error that reports an OSError in words
        if refused_errno(error) is None:
            raise
        filename = getattr(error, "filename", None)
        folder = Path(filename).parent if filename else paths.root
        raise ProblemsFound([cannot_write(error, folder)]) from error


if __name__ == "__main__":
    sys.exit(main())
