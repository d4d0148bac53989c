"""The review page: the state of a review as JSON, and the page that shows it.

The state is data only — the article text, its sentences, every mention with its status, and
each number waiting for review with its suggestion and where its quote stands. The page carries
it in a `<script type="application/json">` element with `<`, `>` and `&` escaped, so no text of
an article can close the element or open a tag; the page's script builds every element with
`textContent`. Script and style are the package's own files, inlined under a per-response nonce
that the Content-Security-Policy header names.
"""

from __future__ import annotations

import json
from importlib import resources

from antlens.anchors import anchor_quote
from antlens.curate import Session
from antlens.mentions import mention_id
from antlens.problems import Problem
from antlens.suggest import REASONS

_ASSETS = resources.files("antlens.review") / "assets"
_EDITABLE = ("claim_id", "quote", "occurrence", "topic", "entity", "metric", "value", "scale")
_EDITABLE += ("unit", "qualifier", "period", "segment", "event", "note")


def state(session: Session) -> dict:
    """What the page shows: the text, the mentions, the numbers waiting and the counts."""
    status = session.status()
    pending = session.pending()
    starts = [start for start, _ in session.sentences]
    return {
        "source_id": session.source_id,
        "file": session.shown,
        "sha256": session.sha256,
        "text": session.text,
        "sentences": session.sentences,
        "mentions": [
            {
                "id": mention_id(session.source_id, i),
                "start": m.char_start,
                "end": m.char_end,
                "status": status[i],
            }
            for i, m in enumerate(session.mentions)
        ],
        "total": len(session.mentions),
        "reviewed": sum(1 for s in status if s != "unreviewed"),
        "pending": [_pending(session, item, starts) for item in pending],
        "reasons": list(REASONS.values()),
        "choices": {
            "topic": list(session.schemas.vocabulary("topics")),
            "unit": ["", *session.schemas.vocabulary("units")],
            "qualifier": list(session.schemas.vocabulary("qualifiers")),
            "scale": ["", "thousand", "million", "billion", "trillion"],
        },
        "fields": list(_EDITABLE),
    }


def _pending(session: Session, item, starts) -> dict:
    mention = session.mentions[item.index]
    entry = item.suggestion.entry
    found = anchor_quote(session.text, str(entry.get("quote", "")), entry.get("occurrence"))
    sentence = (
        max(i for i, start in enumerate(starts) if start <= mention.char_start) if starts else 0
    )
    return {
        "mention": item.mention_id,
        "start": mention.char_start,
        "end": mention.char_end,
        "number": mention.text,
        "kind": mention.kind,
        "action": item.suggestion.action,
        "entry": entry,
        "unit_addition": item.suggestion.unit_addition,
        "along": [session.mentions[i].text for i in item.along],
        "quote_start": found.start if found.start is not None else mention.char_start,
        "quote_end": found.end if found.end is not None else mention.char_end,
        "sentence": session.sentences[sentence] if session.sentences else [0, len(session.text)],
    }


def problem_rows(problems: list[Problem]) -> list[dict]:
    """Problems as the page lists them."""
    return [
        {"kind": p.slug, "where": p.where, "message": p.message, "expected": p.expected,
         "found": p.found, "fix": p.fix}
        for p in problems
    ]  # fmt: skip


def as_script_json(data) -> str:
    """JSON safe inside a <script> element: no <, > or & in it as such."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def html(data: dict, nonce: str) -> str:
    """The whole page, with the state and the package's script and style inlined."""
    template = (_ASSETS / "page.html").read_text(encoding="utf-8")
    return (
        template.replace("{{nonce}}", nonce)
        .replace("{{style}}", (_ASSETS / "review.css").read_text(encoding="utf-8"))
        .replace("{{script}}", (_ASSETS / "review.js").read_text(encoding="utf-8"))
        .replace("{{state}}", as_script_json(data))
    )
