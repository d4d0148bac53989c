"""`antlens review SOURCE_ID`: review a source's suggested curation in the browser.

`run_review` starts the review server (`review.server`) on 127.0.0.1 — on a free port, or the
one given — prints the page's address, which carries a token made for this run, opens it in the
browser when asked, and serves until Ctrl-C. The page (`review.page`, `review/assets/`) shows the
article with each number waiting for review highlighted in its sentence; every decision goes
through `antlens.curate` — the build's checks, then an atomic write of the annotation file.
"""

from __future__ import annotations

import threading
import webbrowser
from collections.abc import Callable

from antlens.curate import Session
from antlens.paths import locate
from antlens.review.server import ReviewHTTPServer

__all__ = ["ReviewHTTPServer", "command", "run_review", "start_review"]


def start_review(source_id: str, root=None, port: int | None = None) -> ReviewHTTPServer:
    """A review server for `source_id`, bound and ready but not yet serving."""
    return ReviewHTTPServer(Session(locate(root), source_id), port or 0)


def run_review(
    source_id: str,
    root=None,
    port: int | None = None,
    open_browser: bool = True,
    say: Callable[[str], None] = print,
) -> int:
    """Serve the review of `source_id` until Ctrl-C; returns the exit status (0)."""
    server = start_review(source_id, root, port)
    try:
        count = len(server.session.pending())
        say(f"Reviewing {server.session.shown}: {count} number(s) to review")
        say(f"Open {server.url}")
        say("Press Ctrl-C to stop.")
        if open_browser:
            threading.Thread(target=webbrowser.open, args=(server.url,), daemon=True).start()
        server.serve_forever()
    except KeyboardInterrupt:
        say("Stopped; every decision was saved as it was made.")
    finally:
        server.server_close()
    return 0


def command(args) -> int:
    """The `antlens review` command, from its parsed arguments."""
    return run_review(args.source_id, args.root, args.port, not args.no_browser)
