"""The curation stub `antlens ingest` writes: every number with its suggestion, under `todo:`.

Each entry is marked `suggested: claim` or `suggested: exclusion` and names its mention; the
rest of it is the entry exactly as it would stand under `claims:` or `exclusions:`. The build
does not read `todo:` (it counts its entries as left to review); `antlens review` and
`antlens curate` move an entry out of it when a person decides.
"""

from __future__ import annotations

import yaml

from antlens.mentions import Mention, mention_id
from antlens.schemas import Schemas
from antlens.suggest import Suggestion, suggest
from antlens.suggest.periods import published_date


def stub_text(
    record: dict,
    text: str,
    mentions: list[Mention],
    sentences: list[tuple[int, int]],
    schemas: Schemas,
    taken_ids: set[str] | frozenset[str] = frozenset(),
) -> str:
    """The annotation stub of a new source (`record`, its registry record)."""
    source_id = record["source_id"]
    published = published_date(record.get("published"))
    suggestions = suggest(text, published, mentions, sentences, schemas, taken_ids)
    additions = suggestions.unit_additions
    header = f"""\
# Curation of {record["path"]} (source {source_id}), started by `antlens ingest`.
# Every number the detector found is listed under `todo:` with a suggestion: a claim (its quote
# widened to the clause, its value, unit, period, topic, entity, metric and id) or an exclusion
# with its reason. Nothing under `todo:` is claimed: review them with `antlens review {source_id}`
# (in the browser) or `antlens curate {source_id}`, or by hand — move an entry under `claims:` or
# `exclusions:` and drop its `suggested:` and `mention:` keys. The comment above an entry gives
# its mention id, kind and sentence, the number marked »…«.
"""
    if additions:
        header += (
            "# Units the vocabulary lacks (schemas/vocabularies.yaml `units:`), suggested by\n"
            f"# counted nouns: {', '.join(additions)}. Add one there to use it as a unit.\n"
        )
    header += f"source_id: {source_id}\nclaims:\nexclusions:\n"
    if not suggestions.items:
        return header + "todo: []  # the detector found no number in this text\n"
    # A date a claim's quote holds as its period is decided with that claim: no entry of its own.
    entries = [
        _entry(source_id, item, mentions[item.mention], text, sentences)
        for item in suggestions.items
        if item.covered_by is None
    ]
    return header + "todo:\n" + "".join(entries)


def _entry(source_id: str, item: Suggestion, mention: Mention, text: str, sentences) -> str:
    from antlens.ingest import excerpt  # here: ingest imports this module

    fields = {
        "suggested": item.action,
        "mention": mention_id(source_id, item.mention),
        **item.entry,
    }
    if item.unit_addition:
        fields["unit_addition"] = item.unit_addition
    dumped = yaml.safe_dump(
        [fields], allow_unicode=True, sort_keys=False, width=4096, default_flow_style=False
    )
    comment = f"  # {mention_id(source_id, item.mention)} {mention.kind}: "
    comment += excerpt(text, sentences, mention, 60) + "\n"
    return comment + "".join(f"  {line}\n" for line in dumped.splitlines())


def suggested_stub(paths, record: dict, text: str, mentions: list[Mention], sentences) -> str:
    """`stub_text` for a source about to join the repository at `paths`: its schemas, and
    claim ids that no other source's annotation uses."""
    from antlens import schemas
    from antlens.curate import other_claim_ids
    from antlens.sources import load_registry

    taken = other_claim_ids(paths, load_registry(paths), record["source_id"])
    return stub_text(record, text, mentions, sentences, schemas.load(paths.schemas), taken)
