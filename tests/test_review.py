"""The review server's guards, without a browser: where it listens, whom it answers, what it
writes, and how it stops."""

from __future__ import annotations

import hashlib
import http.client
import json
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml

from antlens.ingest import ingest
from antlens.review import start_review
from antlens.review.page import as_script_json
from tests.conftest import REPO

ARTICLE = REPO / "tests" / "fixtures" / "articles" / "ipo_filing.txt"
HOSTILE = "Ant said </script><script>window.pwned=1</script> & <img src=x onerror=alert(1)> 1bn.\n"


@pytest.fixture
def served(repo_copy: Path):
    """A running review of the ingested ipo_filing article: (server, root)."""
    ingest(ARTICLE, "ipo_filing", {"published": "2020-08-25"}, repo_copy)
    server = start_review("ipo_filing", repo_copy)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, repo_copy
    server.shutdown()
    server.server_close()


def _request(server, method, path, body=None, headers=None, host=None):
    port = server.server_address[1]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    sent = {"Host": f"127.0.0.1:{port}" if host is None else host, **(headers or {})}
    data = json.dumps(body).encode() if body is not None else None
    if data is not None:
        sent.setdefault("Content-Type", "application/json")
    connection.request(method, path, body=data, headers=sent)
    response = connection.getresponse()
    return response.status, response.read().decode("utf-8"), dict(response.getheaders())


def _api(server, origin=True, token=None):
    port = server.server_address[1]
    headers = {"X-Review-Token": token or server.token}
    if origin:
        headers["Origin"] = f"http://127.0.0.1:{port}"
    return headers


def _tree(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _decide(server, **body):
    state = json.loads(_request(server, "GET", "/api/state", headers=_api(server))[1])["state"]
    item = state["pending"][0]
    decision = {"sha256": state["sha256"], "mention": item["mention"], "action": "accept", **body}
    return _request(server, "POST", "/api/decide", decision, _api(server))


def test_it_listens_on_127_0_0_1_only(served):
    server, _ = served
    assert server.server_address[0] == "127.0.0.1"
    assert server.url.startswith(f"http://127.0.0.1:{server.server_address[1]}/?token=")


def test_without_the_runs_token_nothing_is_served(served):
    server, _ = served
    for path in ("/", "/?token=", "/?token=wrong", "/api/state"):
        status, body, _ = _request(server, "GET", path)
        assert status == 403 and "Ant" not in body, path
    status, body, _ = _request(server, "GET", "/api/state", headers={"X-Review-Token": "x" * 43})
    assert status == 403
    assert _request(server, "GET", server.url.split(str(server.server_address[1]))[1])[0] == 200


def test_each_run_makes_its_own_token(repo_copy: Path):
    ingest(ARTICLE, "ipo_filing", {"published": "2020-08-25"}, repo_copy)
    first, second = (start_review("ipo_filing", repo_copy) for _ in range(2))
    try:
        assert first.token != second.token and len(first.token) >= 43
    finally:
        first.server_close()
        second.server_close()


def test_without_the_token_nothing_is_saved(served):
    server, root = served
    before = _tree(root)
    headers = _api(server, token="not-the-token")
    status, _, _ = _request(server, "POST", "/api/decide", {"mention": "x"}, headers)
    assert status == 403 and _tree(root) == before


@pytest.mark.parametrize("host", ["evil.example:80", "attacker.test", "127.0.0.1:1", ""])
def test_a_request_for_another_host_is_refused(served, host):
    """DNS rebinding: a page whose name now points at 127.0.0.1 still sends its own Host."""
    server, _ = served
    page = server.url.split(str(server.server_address[1]))[1]
    assert _request(server, "GET", page, host=host)[0] == 403
    assert _request(server, "GET", "/api/state", headers=_api(server), host=host)[0] == 403


@pytest.mark.parametrize("origin", ["http://evil.example", "null", "http://127.0.0.1:1", None])
def test_a_post_from_another_origin_is_refused_and_saves_nothing(served, origin):
    server, root = served
    before = _tree(root)
    headers = {"X-Review-Token": server.token}
    if origin:
        headers["Origin"] = origin
    state = json.loads(_request(server, "GET", "/api/state", headers=_api(server))[1])["state"]
    decision = {
        "sha256": state["sha256"],
        "mention": state["pending"][0]["mention"],
        "action": "accept",
    }
    assert _request(server, "POST", "/api/decide", decision, headers)[0] == 403
    assert _tree(root) == before


def test_a_decision_writes_nothing_but_the_annotation_file(served):
    server, root = served
    before = _tree(root)
    status, body, _ = _decide(server)
    assert status == 200 and json.loads(body)["saved"]
    after = _tree(root)
    changed = {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}
    assert changed == {"data/annotations/ipo_filing.yaml"}


def test_a_decision_that_fails_the_checks_comes_back_with_its_problem(served):
    server, root = served
    annotation = root / "data" / "annotations" / "ipo_filing.yaml"
    before = annotation.read_bytes()
    state = json.loads(_request(server, "GET", "/api/state", headers=_api(server))[1])["state"]
    item = state["pending"][0]
    entry = {**item["entry"], "value": 31}
    decision = {
        "sha256": state["sha256"],
        "mention": item["mention"],
        "action": "accept",
        "entry": entry,
    }
    status, body, _ = _request(server, "POST", "/api/decide", decision, _api(server))
    assert status == 422
    assert [p["kind"] for p in json.loads(body)["problems"]] == ["value-mismatch"]
    assert annotation.read_bytes() == before


def test_a_page_made_from_an_older_reading_cannot_overwrite_a_newer_one(served):
    server, root = served
    state = json.loads(_request(server, "GET", "/api/state", headers=_api(server))[1])["state"]
    assert _decide(server)[0] == 200
    annotation = (root / "data" / "annotations" / "ipo_filing.yaml").read_bytes()
    stale = {
        "sha256": state["sha256"],
        "mention": state["pending"][1]["mention"],
        "action": "accept",
    }
    status, body, _ = _request(server, "POST", "/api/decide", stale, _api(server))
    assert status == 422 and json.loads(body)["problems"][0]["kind"] == "annotation-changed"
    assert (root / "data" / "annotations" / "ipo_filing.yaml").read_bytes() == annotation


def test_the_page_carries_the_state_as_escaped_json_under_a_strict_policy(served):
    server, _ = served
    status, page, headers = _request(
        server, "GET", server.url.split(str(server.server_address[1]))[1]
    )
    assert status == 200
    policy = headers["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert "default-src 'none'" in policy and f'<script nonce="{nonce}">' in page
    assert (
        headers["Referrer-Policy"] == "no-referrer"
        and headers["X-Content-Type-Options"] == "nosniff"
    )
    data = re.search(
        r'<script type="application/json" id="state">(.*?)</script>', page, re.S
    ).group(1)
    assert json.loads(data)["source_id"] == "ipo_filing"


def test_article_text_cannot_leave_the_json_element():
    escaped = as_script_json({"text": HOSTILE})
    assert "<" not in escaped and ">" not in escaped and "&" not in escaped
    assert json.loads(escaped)["text"] == HOSTILE


def test_ctrl_c_stops_the_server_cleanly(repo_copy: Path):
    ingest(ARTICLE, "ipo_filing", {"published": "2020-08-25"}, repo_copy)
    code = (
        "import sys; from antlens.review import run_review; "
        f"sys.exit(run_review('ipo_filing', {str(repo_copy)!r}, open_browser=False))"
    )
    env = {"PYTHONPATH": str(REPO / "analysis"), "PATH": "/usr/bin:/bin"}
    process = subprocess.Popen(
        [sys.executable, "-u", "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, env=env,
    )  # fmt: skip
    lines = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any("Open http" in line for line in lines):
        lines.append(process.stdout.readline())
    url = next(line for line in lines if "Open http" in line).split()[1]
    port = int(re.search(r":(\d+)/", url).group(1))
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 0 and "Traceback" not in err
    assert "Stopped" in out
    with pytest.raises(OSError):
        http.client.HTTPConnection("127.0.0.1", port, timeout=2).request("GET", "/")
    document = yaml.safe_load((repo_copy / "data" / "annotations" / "ipo_filing.yaml").read_text())
    assert document["source_id"] == "ipo_filing"
