"""Deciding on suggestions: accept, correct or exclude a number, saved to its annotation file.

A `Session` holds one source under review: its text, the detector's mentions and the annotation
file as last read (and its sha256). `pending()` lists every number no claim or exclusion yet
accounts for, each with its suggestion — the stub's `todo:` entry when it has one, else one made
afresh. `decide()` applies decisions to a copy of the annotation, checks the copy with the
build's own checks (`claims.curate`, the claims schema, ids unique across sources) and only then
writes it: comments kept (a ruamel round trip), written atomically (a temporary file renamed
over it), and only if the file is still the one that was read — two reviews of one source never
overwrite each other. `run_curate` is the same without a browser, for the command line.
"""

from __future__ import annotations

import fcntl
import threading
from dataclasses import dataclass, field
from pathlib import Path

from antlens import schemas as schema_files
from antlens.anchors import anchor_quote, occurrences
from antlens.annotations import load_annotation
from antlens.claims import cross_source_problems, curate
from antlens.mentions import Mention, detect_mentions, mention_id
from antlens.paths import Paths, locate
from antlens.problems import (
    ANNOTATION_CHANGED,
    DUPLICATE_ID,
    NOT_PENDING,
    REASON_MISSING,
    UNKNOWN_SOURCE,
    Problem,
    ProblemsFound,
    raise_if_any,
)
from antlens.sentences import split_sentences
from antlens.sources import load_registry, read_source, sha256_of
from antlens.suggest import Suggestion, suggest
from antlens.suggest.periods import published_date
from antlens.writing import temporary_beside
from antlens.yamlio import dump_round_trip, load_round_trip, read_round_trip

SUGGESTION_KEYS = ("suggested", "mention", "unit_addition")  # a todo entry's keys beyond the entry


@dataclass
class Decision:
    """What a person decided about one pending number (`mention`, its id): "accept" (the
    suggestion, or `entry` in its place when given) or "exclude" (with `reason`)."""

    mention: str
    action: str
    entry: dict | None = None
    reason: str | None = None


@dataclass
class Pending:
    """A number waiting for review and what is suggested for it."""

    mention_id: str
    index: int
    suggestion: Suggestion
    along: list[int] = field(default_factory=list)  # dates its quote holds, decided with it


@dataclass
class Outcome:
    """What `decide` did: the problems that stopped it (nothing saved then), or saved."""

    problems: list[Problem] = field(default_factory=list)
    saved: bool = False


class Session:
    """One source under review; `decide` may be called from several threads."""

    def __init__(self, paths: Paths, source_id: str):
        self.paths, self.source_id = paths, source_id
        self.schemas = schema_files.load(paths.schemas)
        registry = load_registry(paths)
        record = next((r for r in registry if r["source_id"] == source_id), None)
        if record is None:
            known = ", ".join(r["source_id"] for r in registry)
            raise ProblemsFound(
                [UNKNOWN_SOURCE(file="data/sources.yaml", found=source_id, expected=known)]
            )
        self.record = record
        self.text = read_source(paths, record).text
        self.sentences = split_sentences(self.text)
        self.mentions: list[Mention] = detect_mentions(self.text)
        self.published = published_date(record.get("published"))
        self.path = paths.annotation_file(source_id)
        self.shown = paths.relative(self.path)
        self.other_ids = other_claim_ids(paths, registry, source_id)
        self._lock = threading.Lock()
        self.reload()

    # ------------------------------------------------------------ reading
    def reload(self) -> None:
        """Read the annotation file again (after a conflict, or a change made by hand)."""
        if self.path.exists():
            document, text = read_round_trip(self.path, self.shown)
            self.sha256 = sha256_of(text.encode("utf-8"))
            self.document = document or load_round_trip("{}")
        else:
            self.sha256 = None
            self.document = load_round_trip(f"source_id: {self.source_id}\nclaims:\nexclusions:\n")
        self.curation = self._check(self.document)
        self.baseline = {p.flat() for p in self.curation.problems}

    def status(self) -> list[str]:
        """Each mention's status: claimed, excluded or unreviewed."""
        return self.curation.mentions["status"]

    def pending(self) -> list[Pending]:
        """Every number no claim or exclusion accounts for, with its suggestion."""
        waiting = [i for i, s in enumerate(self.status()) if s == "unreviewed"]
        listed = self._listed_suggestions()
        fresh = {
            s.mention: s
            for s in suggest(
                self.text, self.published, self.mentions, self.sentences, self.schemas,
                self.other_ids | self._own_ids(), only=set(waiting) - set(listed),
            ).items
        }  # fmt: skip
        # A date a pending claim's quote holds as its period is decided with that claim.
        items = {
            i: Pending(mention_id(self.source_id, i), i, listed.get(i) or fresh[i]) for i in waiting
        }
        for index, item in list(items.items()):
            if item.suggestion.covered_by in items:
                items[item.suggestion.covered_by].along.append(index)
                del items[index]
        return list(items.values())

    def _listed_suggestions(self) -> dict[int, Suggestion]:
        """The stub's suggestions (todo entries marked `suggested:`), by mention index."""
        found = {}
        for entry in self.document.get("todo") or []:
            index = self._index(str(entry.get("mention", ""))) if hasattr(entry, "get") else None
            if index is not None and entry.get("suggested") in ("claim", "exclusion"):
                plain = {k: _plain(v) for k, v in entry.items() if k not in SUGGESTION_KEYS}
                action = str(entry["suggested"])
                found[index] = Suggestion(index, action, plain, entry.get("unit_addition"))
        return found

    def _index(self, wanted: str) -> int | None:
        """The mention index of a mention id ("<source>-m0003" or "m0003")."""
        prefix = f"{self.source_id}-"
        wanted = wanted.removeprefix(prefix)
        if wanted.startswith("m") and wanted[1:].isdigit():
            index = int(wanted[1:])
            return index if index < len(self.mentions) else None
        return None

    def _own_ids(self) -> set[str]:
        return {str(c.get("claim_id")) for c in self.document.get("claims") or [] if c}

    def find(self, wanted: str, pending: list[Pending]) -> Pending | None:
        """A pending number by its mention id or its suggested claim id."""
        index = self._index(wanted)
        for item in pending:
            if item.index == index or item.suggestion.entry.get("claim_id") == wanted:
                return item
        return None

    # ------------------------------------------------------------ deciding
    def decide(self, decisions: list[Decision], expected_sha256: str | None = None) -> Outcome:
        """Apply `decisions`, check the result as the build would and save it; nothing is saved
        when a check fails or the file changed since it was read (`expected_sha256`, when the
        caller read it earlier, else this session's last reading)."""
        with self._lock:
            if expected_sha256 is not None and expected_sha256 != self.sha256:
                return Outcome([self._changed("the page was made from an older reading")])
            pending = self.pending()
            document = load_round_trip(
                dump_round_trip(self.document)
            )  # a copy: deepcopy loses comments
            problems = []
            for decision in decisions:
                problems += self._apply(document, decision, pending)
            if problems:
                return Outcome(problems)
            plain = _plain(document)
            curation = self._check(document)
            problems = [p for p in curation.problems if p.flat() not in self.baseline]
            problems += self._duplicate_ids(plain)
            if problems:
                return Outcome(problems)
            self._prune_todo(document, curation.mentions["status"])
            text = dump_round_trip(document)
            try:
                self._write(text)
            except ProblemsFound as found:
                return Outcome(found.problems)
            self.document, self.curation = document, curation
            self.baseline = {p.flat() for p in curation.problems}
            return Outcome(saved=True)

    def _apply(self, document, decision: Decision, pending: list[Pending]) -> list[Problem]:
        item = self.find(decision.mention, pending)
        if item is None:
            return [NOT_PENDING(file=self.shown, record=decision.mention, found=decision.mention)]
        suggestion = item.suggestion
        if decision.action == "accept":
            entry = decision.entry if decision.entry is not None else suggestion.entry
            section = "exclusions" if suggestion.action == "exclusion" else "claims"
            entry = {k: v for k, v in entry.items() if v is not None and k not in SUGGESTION_KEYS}
        elif decision.action == "exclude":
            reason = decision.reason or (
                suggestion.entry.get("reason") if suggestion.action == "exclusion" else None
            )
            if not reason:
                return [REASON_MISSING(file=self.shown, record=item.mention_id)]
            entry = _exclusion_entry(self.text, self.mentions[item.index], suggestion, decision)
            entry["reason"] = reason
            section = "exclusions"
        else:
            return []
        if document.get(section) is None:
            document[section] = load_round_trip("[]")
        document[section].append(_mapping(entry))
        return []

    def _prune_todo(self, document, status: list[str]) -> None:
        """Remove the todo entries of every number now claimed or excluded. The section is
        written afresh, each entry under a new comment naming its number: ruamel keeps an
        entry's comment with the entry before it, so deleting one would misplace them."""
        todo = document.get("todo")
        if not todo:
            return
        about = [self._about(entry) for entry in todo]
        keep = [
            e for e, i in zip(todo, about, strict=True) if i is None or status[i] == "unreviewed"
        ]
        if len(keep) == len(todo):
            return
        document.ca.items.pop("todo", None)
        if not keep:
            del document["todo"]
            return
        from ruamel.yaml.comments import CommentedSeq

        section = CommentedSeq(_mapping(dict(entry)) for entry in keep)
        for position, entry in enumerate(section):
            section.yaml_set_comment_before_after_key(
                position, before=self._comment(entry), indent=2
            )
        document["todo"] = section

    def _about(self, entry) -> int | None:
        """The mention a todo entry is about: the one it names, else the one its quote starts
        with (an entry of a stub written before suggestions named no mention)."""
        if not hasattr(entry, "get"):
            return None
        if entry.get("mention"):
            return self._index(str(entry["mention"]))
        found = anchor_quote(self.text, str(entry.get("quote", "")), entry.get("occurrence"))
        starts = [m.char_start for m in self.mentions]
        return next((i for i, at in enumerate(starts) if found.start == at), None)

    def _comment(self, entry) -> str:
        """The line above a todo entry: its mention id, kind and sentence, the number marked."""
        from antlens.ingest import excerpt

        index = self._about(entry)
        if index is None:
            return str(entry.get("quote", ""))
        mention = self.mentions[index]
        words = excerpt(self.text, self.sentences, mention, 60)
        return f"{mention_id(self.source_id, index)} {mention.kind}: {words}"

    # ------------------------------------------------------------ checking and writing
    def _check(self, document):
        """The build's checks of one annotation: claims.curate, the claims schema and the
        checks across claims (ids, percentages in range, flags; citations are the build's)."""
        plain = _plain(document)
        starts = [start for start, _ in self.sentences]
        curation = curate(
            self.schemas, self.source_id, self.text, starts, self.mentions, plain, self.shown,
            self.published,
        )  # fmt: skip
        if curation.claims:
            frame = self.schemas.frame("claims", curation.claims)
            curation.problems += self.schemas.validate("claims", frame, self.shown, "claim_id")
            shown = self.shown
            curation.problems += cross_source_problems(curation.claims, None, lambda _: shown)
        return curation

    def _duplicate_ids(self, plain) -> list[Problem]:
        problems, seen = [], set()
        for claim in (plain or {}).get("claims") or []:
            claim_id = str(claim.get("claim_id")) if isinstance(claim, dict) else None
            if claim_id in self.other_ids or claim_id in seen:
                where = "another source" if claim_id in self.other_ids else "this file"
                problems.append(
                    DUPLICATE_ID(
                        file=self.shown, record=claim_id, column="claim_id", found=f"in {where}"
                    )
                )
            seen.add(claim_id)
        return [p for p in problems if p.flat() not in self.baseline]

    def _write(self, text: str) -> None:
        """Replace the annotation file with `text`, if it is still the file last read."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "a+b") as held:  # held open: the advisory lock is on this file
            fcntl.flock(held, fcntl.LOCK_EX)
            try:
                held.seek(0)
                current = held.read()
                now = sha256_of(current) if current or self.sha256 else None
                if now != self.sha256:
                    raise ProblemsFound([self._changed("the file on disk is not the one read")])
                temporary = temporary_beside(self.path, text.encode("utf-8"), 0o644)
                Path(temporary).replace(self.path)
            finally:
                fcntl.flock(held, fcntl.LOCK_UN)
        self.sha256 = sha256_of(text.encode("utf-8"))

    def _changed(self, found: str) -> Problem:
        return ANNOTATION_CHANGED(file=self.shown, expected=f"sha256 {self.sha256}", found=found)


def _exclusion_entry(text: str, mention: Mention, suggestion: Suggestion, decision) -> dict:
    """The quote of an exclusion: the one suggested when it is one, else the mention's words."""
    if decision.entry and decision.entry.get("quote"):
        keys = ("quote", "occurrence", "prefix", "suffix")
        return {k: decision.entry[k] for k in keys if decision.entry.get(k) is not None}
    if suggestion.action == "exclusion":
        return {k: v for k, v in suggestion.entry.items() if k != "reason"}
    places = occurrences(text, mention.text)
    entry = {"quote": mention.text}
    if len(places) > 1:
        entry["occurrence"] = places.index(mention.char_start) + 1
    return entry


def other_claim_ids(paths: Paths, registry: list[dict], source_id: str) -> set[str]:
    """The claim ids the annotations of every other source use."""
    ids = set()
    for record in registry:
        if record["source_id"] == source_id:
            continue
        try:
            document = load_annotation(paths, record["source_id"])
        except ProblemsFound:
            continue
        for claim in (document or {}).get("claims") or [] if isinstance(document, dict) else []:
            if isinstance(claim, dict) and claim.get("claim_id"):
                ids.add(str(claim["claim_id"]))
    return ids


# ---------------------------------------------------------------- YAML, with comments kept
def _mapping(entry: dict):
    """An entry as a round-trip mapping, nested mappings (a licence) written on one line."""
    from ruamel.yaml.comments import CommentedMap

    mapping = CommentedMap()
    for key, value in entry.items():
        if isinstance(value, dict):
            inner = CommentedMap(value)
            inner.fa.set_flow_style()
            value = inner
        mapping[key] = value
    return mapping


def _plain(value):
    """A round-trip document as the safe loader would give it (plain dicts, lists, scalars)."""
    import yaml

    return (
        yaml.safe_load(dump_round_trip(value))
        if not isinstance(value, str | int | float)
        else value
    )


# ---------------------------------------------------------------- the command
def run_curate(
    source_id: str,
    root=None,
    accept: list[str] = (),
    exclude: list[str] = (),
    reason: str | None = None,
    accept_suggested: bool = False,
) -> str:
    """`antlens curate SOURCE_ID`: accept the suggestions named in `accept` (mention ids or
    suggested claim ids), exclude those in `exclude` (with `reason`, or the suggested one), or
    with `accept_suggested` every suggestion as it stands; with none of these, list what waits.
    Raises ProblemsFound, saving nothing, when any decision fails the build's checks. Returns
    what to print."""
    session = Session(locate(root), source_id)
    pending = session.pending()
    if not (accept or exclude or accept_suggested):
        return _listing(session, pending)
    decisions = [Decision(wanted, "accept") for wanted in accept]
    decisions += [Decision(wanted, "exclude", reason=reason) for wanted in exclude]
    if accept_suggested:
        found = (session.find(d.mention, pending) for d in decisions)
        named = {item.mention_id for item in found if item is not None}
        decisions += [
            Decision(item.mention_id, "accept") for item in pending if item.mention_id not in named
        ]
    outcome = session.decide(decisions)
    raise_if_any(outcome.problems)
    left = len(session.pending())
    return f"{session.shown}: {len(decisions)} decision(s) saved; {left} number(s) left to review"


def _listing(session: Session, pending: list[Pending]) -> str:
    """The numbers waiting for review, one line each with its suggestion."""
    lines = [f"{session.shown}: {len(pending)} number(s) waiting for review"]
    for item in pending:
        entry = item.suggestion.entry
        if item.suggestion.action == "claim":
            reading = " ".join(
                str(entry[key]) for key in ("value", "scale", "unit", "period") if entry.get(key)
            )
            lines.append(
                f"  {item.mention_id} claim {entry['claim_id']}: {entry['quote']!r} = {reading}"
            )
        else:
            lines.append(f"  {item.mention_id} exclude {entry['quote']!r}: {entry['reason']}")
    return "\n".join(lines)


def command(args) -> int:
    """The `antlens curate` command, from its parsed arguments."""
    accepted, excluded = args.accept or [], args.exclude or []
    print(
        run_curate(
            args.source_id, args.root, accepted, excluded, args.reason, args.accept_suggested
        )
    )
    return 0
