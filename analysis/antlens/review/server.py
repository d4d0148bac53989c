"""The review server: one source's review over HTTP, for a browser on the same machine.

The standard library's `ThreadingHTTPServer` serves it: a review is one person's page on their
own machine, a handful of requests a minute, so a dependency would buy nothing — and the stdlib
server is maintained with Python itself. A thread per request lets a slow check (the build's
checks of the whole annotation) never block the page's other requests; the session's lock
orders the decisions.

Every request must pass, in this order, or it gets 403 and nothing else: its Host is this
server's own (127.0.0.1 or localhost and this port — a page on another site that rebinds its
name to 127.0.0.1 sends its own Host); a POST carries this server's own Origin (no cross-site
form or fetch); and it carries this run's token (in the page's URL, then in the
`X-Review-Token` header), compared in constant time. The only file a request writes is the
annotation of the source under review, through `Session.decide`.
"""

from __future__ import annotations

import hmac
import http.server
import json
import secrets
from urllib.parse import parse_qs, urlsplit

from antlens.curate import Decision, Session
from antlens.problems import ProblemsFound
from antlens.review.page import html, problem_rows, state

MAX_BODY = 1 << 20  # a decision is a few hundred bytes


class ReviewHandler(http.server.BaseHTTPRequestHandler):
    """Requests of one review; the server holds the session and the token."""

    server: ReviewHTTPServer
    server_version = "antlens-review"
    sys_version = ""

    def log_message(self, format, *args):  # the terminal shows the URL, not every request
        pass

    # ------------------------------------------------------------ checks
    def _allowed(self, token: str | None) -> bool:
        hosts = self.server.hosts
        if self.headers.get("Host") not in hosts:
            return False
        origin = self.headers.get("Origin")
        if self.command == "POST" and origin not in {f"http://{host}" for host in hosts}:
            return False
        if (
            self.command != "POST"
            and origin is not None
            and origin not in {f"http://{host}" for host in hosts}
        ):
            return False
        return token is not None and hmac.compare_digest(
            token.encode("utf-8"), self.server.token.encode("utf-8")
        )

    def _refuse(self) -> None:
        self._send(403, b"Forbidden\n", "text/plain; charset=utf-8")

    # ------------------------------------------------------------ routes
    def do_GET(self):
        url = urlsplit(self.path)
        if url.path == "/":
            token = (parse_qs(url.query).get("token") or [None])[0]
            if not self._allowed(token):
                return self._refuse()
            nonce = secrets.token_urlsafe(16)
            page = html(state(self.server.session), nonce).encode("utf-8")
            return self._send(200, page, "text/html; charset=utf-8", nonce)
        if not self._allowed(self.headers.get("X-Review-Token")):
            return self._refuse()
        if url.path == "/api/state":
            return self._json(200, {"state": state(self.server.session)})
        return self._send(404, b"Not found\n", "text/plain; charset=utf-8")

    def do_POST(self):
        if not self._allowed(self.headers.get("X-Review-Token")):
            return self._refuse()
        if not (self.headers.get("Content-Type") or "").startswith("application/json"):
            return self._send(415, b"JSON only\n", "text/plain; charset=utf-8")
        length = int(self.headers.get("Content-Length") or 0)
        if not 0 < length <= MAX_BODY:
            return self._send(413, b"Too large\n", "text/plain; charset=utf-8")
        try:
            body = json.loads(self.rfile.read(length))
        except (ValueError, UnicodeDecodeError):
            return self._send(400, b"Not JSON\n", "text/plain; charset=utf-8")
        session = self.server.session
        path = urlsplit(self.path).path
        if path == "/api/reload":
            try:
                session.reload()
            except ProblemsFound as found:
                return self._json(422, {"problems": problem_rows(found.problems)})
            return self._json(200, {"state": state(session)})
        if path != "/api/decide" or not isinstance(body, dict):
            return self._send(404, b"Not found\n", "text/plain; charset=utf-8")
        entry = body.get("entry")
        decision = Decision(
            mention=str(body.get("mention", "")),
            action=str(body.get("action", "")),
            entry=entry if isinstance(entry, dict) else None,
            reason=str(body["reason"]) if body.get("reason") else None,
        )
        outcome = session.decide([decision], expected_sha256=body.get("sha256"))
        if outcome.problems:
            rows = problem_rows(outcome.problems)
            return self._json(422, {"problems": rows, "state": state(session)})
        return self._json(200, {"saved": True, "state": state(session)})

    # ------------------------------------------------------------ responses
    def _json(self, status: int, data: dict) -> None:
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
        self._send(status, body, "application/json; charset=utf-8")

    def _send(self, status: int, body: bytes, content_type: str, nonce: str | None = None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")  # the URL carries the token
        self.send_header("X-Frame-Options", "DENY")
        sources = f"'nonce-{nonce}'" if nonce else "'none'"
        self.send_header(
            "Content-Security-Policy",
            f"default-src 'none'; script-src {sources}; style-src {sources}; "
            "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        )
        self.end_headers()
        self.wfile.write(body)


class ReviewHTTPServer(http.server.ThreadingHTTPServer):
    """A threading HTTP server on 127.0.0.1 that knows its session, token and own names."""

    daemon_threads = True

    def __init__(self, session: Session, port: int = 0):
        super().__init__(("127.0.0.1", port), ReviewHandler)
        self.session = session
        self.token = secrets.token_urlsafe(32)
        bound = self.server_address[1]
        self.hosts = {f"127.0.0.1:{bound}", f"localhost:{bound}"}

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/?token={self.token}"
