"""The curation stub `antlens ingest` writes: every detected number under `todo:`.

`todo:` is a section the build only counts; each entry is already a valid claim but for its id,
topic, entity and metric, with the mention's id, kind and sentence as a comment above it.
"""

from __future__ import annotations

import bisect

from antlens.anchors import occurrences
from antlens.claims import SCALE_WORDS
from antlens.mentions import Mention
from antlens.yamlio import one_line, scalar

_SCALE_NAMES = {factor: word for word, factor in SCALE_WORDS.items()}


def stub_text(record: dict, text: str, mentions: list[Mention], sentences) -> str:
    """The annotation stub: every mention under `todo:`, with its sentence as a comment."""
    source_id = record["source_id"]
    header = f"""\
# Curation of {record["path"]} (source {source_id}),
# started by `antlens ingest`.
# The detector's numbers are listed under `todo:`, which the build does not read: until each is
# moved under `claims:` or `exclusions:`, it stays "unreviewed" and only
# `antlens build --allow-unaccounted` accepts it. For each entry:
#   a statement  -> move it under claims:, add claim_id, topic, entity, metric (README, "Curating
#                   an article"); a quote widened to the statement's words needs its own
#                   occurrence, or none when it is unique;
#   no statement -> move it under exclusions:, keep quote (and occurrence), add a reason, drop
#                   the other keys.
# The comment above an entry gives its mention id, kind and sentence, the number marked »…«.
source_id: {source_id}
claims:
exclusions:
"""
    if not mentions:
        return header + "todo: []  # the detector found no number in this text\n"
    places = _places(text, mentions)
    entries = [
        _stub_entry(source_id, index, mention, text, sentences, places[mention.text])
        for index, mention in enumerate(mentions)
    ]
    return header + "todo:\n" + "".join(entries)


def _places(text: str, mentions: list[Mention]) -> dict[str, dict[int, int]]:
    """For each distinct mention text, its occurrences in `text`: start → occurrence number.
    Searched once per distinct text, so a long article of repeated figures stays fast."""
    return {
        quote: {start: n for n, start in enumerate(occurrences(text, quote), start=1)}
        for quote in {m.text for m in mentions}
    }


def _stub_entry(source_id, index, mention: Mention, text: str, sentences, places) -> str:
    fields = {"quote": mention.text}
    if len(places) > 1:
        fields["occurrence"] = places[mention.char_start]
    fields["value"] = _number(mention.value)
    fields["scale"] = _SCALE_NAMES.get(mention.scale) or _number(mention.scale)
    fields["unit"] = mention.unit
    fields["qualifier"] = mention.qualifier
    if mention.date:
        fields["period"] = mention.date
    if mention.flag:
        fields["flag"] = mention.flag
    comment = (
        f"  # {source_id}-m{index:04d} {mention.kind}: {excerpt(text, sentences, mention, 60)}\n"
    )
    lines = [f"{key}: {scalar(value)}" for key, value in fields.items()]
    return comment + f"  - {lines[0]}\n" + "".join(f"    {line}\n" for line in lines[1:])


def _number(value: float | None) -> int | float | None:
    """Whole numbers written without ".0", as a curator would."""
    whole = value is not None and float(value).is_integer() and abs(value) < 1e15
    return int(value) if whole else value


def excerpt(text: str, sentences, mention: Mention, width: int = 50) -> str:
    """The sentence around `mention`, at most `width` characters either side, marked »…«."""
    index = bisect.bisect_right(sentences, (mention.char_start, float("inf"))) - 1
    start, end = sentences[index] if index >= 0 else (mention.char_start, mention.char_end)
    start, end = min(start, mention.char_start), max(end, mention.char_end)
    before = text[max(start, mention.char_start - width) : mention.char_start]
    after = text[mention.char_end : min(end, mention.char_end + width)]
    lead = "…" if mention.char_start - width > start else ""
    tail = "…" if mention.char_end + width < end else ""
    return one_line(f"{lead}{before}»{mention.text}«{after}{tail}")
