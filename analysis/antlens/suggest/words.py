"""What a statement is about, read from its words: topic, entity, metric and theme details.

Every reading is a guess a curator accepts or corrects: the topic scores the vocabulary's signal
words (`schemas/vocabularies.yaml`, `signals:`), the entity is the organisation the sentence
names, the metric the measured phrase nearest the number (the unit of a count is the detector's:
`Mention.unit` and `Mention.counted`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from antlens.mentions import Mention

# Measured phrases, longest first where one contains another.
METRICS = (
    "monthly active users", "annual active users", "daily active users", "active users",
    "annual users", "monthly active merchants", "market capitalisation", "market capitalization",
    "market value", "registered capital", "net profit", "net income", "operating income",
    "total payment volume", "payment transaction volume", "transaction volume", "revenue",
    "revenues", "income", "profit", "sales", "valuation", "fine", "penalty", "stake",
    "credit limit", "credit limits", "interest rate", "interest rates", "loan balance",
    "delinquency rates", "delinquency rate", "overdue rate", "default rate",
    "outstanding loans", "loans", "orders", "proceeds", "share capital", "new shares", "shares",
    "market share", "share of the", "users", "customers", "consumers", "merchants",
    "borrowers", "employees", "executives", "investors", "licences", "licenses", "companies",
    "banks", "institutions", "scenes", "transactions", "accounts",
)  # fmt: skip
_METRIC = re.compile(r"\b(?:" + "|".join(re.escape(m) for m in METRICS) + r")\b", re.IGNORECASE)

# Organisations: the names the articles use most, and the shape of others (capitalised words).
_KNOWN = {
    "ant group": "Ant Group", "ant financial": "Ant Group", "ant": "Ant Group",
    "ants": "Ant Group", "alipay": "Alipay", "alibaba": "Alibaba Group",
    "alibaba group": "Alibaba Group", "mybank": "MYbank", "huabei": "Huabei", "jiebei": "Jiebei",
    "sesame credit": "Sesame Credit", "zhima credit": "Sesame Credit",
}  # fmt: skip
_NOT_NAMES = {
    "the", "a", "an", "but", "and", "in", "on", "at", "as", "by", "for", "of", "last", "this",
    "according", "its", "it", "their", "his", "her", "that", "which", "when", "while", "after",
    "before", "since", "chinese", "china", "china's", "first", "second", "third", "shares",
    "about", "more", "nearly", "some", "if", "with", "meanwhile", "however", "also", "those",
    "these", "top", "hong", "kong", "shanghai", "beijing", "us", "u.s.", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday", "star",
}  # fmt: skip
_NAME = re.compile(r"\b[A-Z][\w’'&.-]*(?:[ \t]+(?:of[ \t]+|for[ \t]+)?[A-Z][\w’'&.-]*)*")

_SEGMENTS = (
    ("payments", re.compile(r"\bpayments?\b", re.I)),
    ("micro-loan (credit)", re.compile(r"\b(?:credit|loans?|lending|micro[- ]?loan)", re.I)),
    ("wealth management", re.compile(r"\b(?:wealth|investment|fund)", re.I)),
    ("insurance", re.compile(r"\binsur", re.I)),
)


def topic(signals: dict[str, list[str]], clause: str, sentence: str, mention: Mention) -> str:
    """The topic whose signal words the clause (counted twice) and its sentence hold most;
    a date alone is a timeline statement, a count of people or firms their coverage."""
    scores = {
        name: 2 * _count(words, clause) + _count(words, sentence) for name, words in signals.items()
    }
    if mention.kind == "date":
        scores["timeline"] = scores.get("timeline", 0) + 3
    if mention.unit in ("persons", "merchants", "enterprises"):
        scores["population_coverage"] = scores.get("population_coverage", 0) + 2
    best = max(scores, key=lambda name: scores[name])
    return best if scores[best] > 0 else _UNSIGNALLED.get(mention.kind, "valuation")


# The topic of a statement whose words signal none, by the kind of its number.
_UNSIGNALLED = {"date": "timeline", "duration": "timeline", "count": "population_coverage"}


def _count(words: list[str], passage: str) -> int:
    return sum(len(pattern.findall(passage.lower())) for pattern in _patterns(tuple(words)))


@lru_cache(maxsize=256)
def _patterns(words: tuple[str, ...]) -> list[re.Pattern]:
    # One pattern per word, compiled once: a word counts wherever it stands whole, even where
    # it overlaps another ("credit" in "credit card").
    return [re.compile(rf"(?<![\w-]){re.escape(w)}(?![\w-])") for w in words]


def entity(sentence: str, number_at: int) -> str:
    """The organisation the sentence is about: the one whose possessive stands right before
    the number ("Saudi Aramco's $29.4 billion"), else the last well-known one named before it,
    else the first named in the sentence, else a name with an organisation's ending ("… Bank",
    "… Exchange"); Ant Group, the articles' subject, when it names none."""
    owner = _OWNER.search(sentence[:number_at])
    if owner and (name := _organisation(owner.group(1))):
        return name
    unowned = sentence.replace("’s", ", ").replace("'s", ", ")  # "Jack Ma’s Ant Group": two names
    names = [(m.start(), m.group()) for m in _NAME.finditer(unowned)]
    known = [(at, _KNOWN[_bare(n).lower()]) for at, n in names if _bare(n).lower() in _KNOWN]
    before = [name for at, name in known if at < number_at]
    if before:
        return before[-1]
    if known:
        return known[0][1]
    formal = [_organisation(n) for _, n in names if _ORGANISATION_END.search(_bare(n))]
    return next((name for name in formal if name), "Ant Group")


_OWNER = re.compile(
    r"((?:[A-Z][\w.&-]*[ \t]+){0,3}[A-Z][\w.&-]*)(?:’s|'s)[ \t]+(?:[\w-]+[ \t]+)?\S*$"
)
_ORGANISATION_END = re.compile(
    r"\b(?:Group|Bank|Exchange|Commission|Council|Fund|Holdings|Co|Ltd|Inc|Corp|Regulator|"
    r"Administration|Ministry|Court|Association|Financial|Securities|Insurance)$"
)


def _bare(words: str) -> str:
    words = words.replace("’s", "").replace("'s", "").strip(" .,")
    parts = words.split()
    while parts and parts[0].lower() in _NOT_NAMES:
        parts = parts[1:]
    return " ".join(parts)


def _organisation(words: str) -> str | None:
    name = _bare(words)
    if not name or any(c.isdigit() for c in name) or name.lower() in _NOT_NAMES:
        return None
    if name.lower() in _KNOWN:
        return _KNOWN[name.lower()]
    first = name.split()[0].lower()
    if first in _KNOWN and name.split()[-1] in ("Group", "Financial", "Co", "Ltd"):
        return _KNOWN[first]
    return name if len(name) > 2 else None


def metric(
    clause: str, number: tuple[int, int], counted: str | None, earlier: str | None = None
) -> str:
    """The measured phrase the number's own words hold ("711m monthly active users"), else the
    one of the clause nearest the number (`number`, its span in the clause); else what its verb
    measures ("raise" -> amount raised); else the noun the number counts; else the metric of
    the figure before it in the sentence (`earlier`); else the words before the number."""
    number_at = number[0]
    own = list(_METRIC.finditer(clause, *number))
    found = own or sorted(_METRIC.finditer(clause), key=lambda m: abs(m.start() - number_at))
    if found:
        return found[0].group().lower()
    for pattern, name in _VERB_METRICS:
        if pattern.search(clause):
            return name
    if counted:
        return counted.lower()
    if earlier:  # a list: "… were 1.08%, 1.43% and 1.56%" measure one thing
        return earlier
    words = re.findall(r"[A-Za-z][\w-]*(?![’'])\b", clause[:number_at])
    skipped = _NOT_NAMES | _FUNCTION | _NUMBER_WORDS
    content = [w for w in words if len(w) > 1 and w.lower() not in skipped]
    return " ".join(content[-3:]).lower() or "figure"


_VERB_METRICS = [
    (re.compile(p, re.IGNORECASE), name)
    for p, name in (
        (r"\brais(?:e|es|ed|ing)\b", "amount raised"),
        (r"\bvalued?\b|\bworth\b", "valuation"),
        (r"\b(?:fell|fall|falls|dropped|lower|rose|rise|rises|higher|gained)\b", "price change"),
        (r"\b(?:owns|holds|own|hold)\b", "stake"),
        (r"\b(?:priced|price)\b", "share price"),
        (r"\b(?:list|listing|float|sell|sold)\b", "share of equity offered"),
        (r"\baccount(?:s|ed|ing)? for\b", "share"),
        (r"\bfined?\b|\bpenalt", "fine"),
        (r"\b(?:IPO|listing|offering)\b", "offering size"),
    )
]


_NUMBER_WORDS = {"thousand", "million", "billion", "trillion", "percent", "cent", "per", "yuan"}
_FUNCTION = {
    "to", "is", "was", "were", "be", "been", "are", "has", "had", "have", "will", "would",
    "from", "than", "or", "up", "over", "under", "around", "roughly", "approximately",
    "least", "not", "less", "only", "just", "almost", "reached", "reach", "said", "says",
}  # fmt: skip


def segment(clause: str, sentence: str) -> str:
    """The income segment a statement names (the clause's words first); "total" otherwise."""
    for passage in (clause, sentence):
        for name, pattern in _SEGMENTS:
            if pattern.search(passage):
                return name
    return "total"


def licence(sectors: list[str], clause: str) -> dict | None:
    """A licence named in the clause: its kind (the words before "licence"), its sector (one
    of `sectors` whose word the clause holds) and status held; None when no sector is named."""
    lowered = clause.lower()
    sector = next((s for s in sectors if s.split()[0] in lowered), None)
    if sector is None and re.search(r"\b(?:loan|lending|credit)", lowered):
        sector = "credit" if "credit" in sectors else None
    if sector is None:
        return None
    kind = re.search(r"((?:[\w-]+ ){0,3})licen[cs]e", lowered)
    return {"kind": (kind.group(0) if kind else sector).strip(), "sector": sector, "status": "held"}


def slug(*parts: str | None, width: int = 48) -> str:
    """A claim id from its parts: lower-case words joined by hyphens, at most `width` long."""
    words = re.findall(r"[a-z0-9]+", " ".join(p for p in parts if p).lower())
    text = ""
    for word in words:
        if len(text) + len(word) + 1 > width:
            break
        text = f"{text}-{word}" if text else word
    return text or "claim"
