"""Problems found in a user's input: one catalogue of kinds, problems as records.

A user's mistake (a quote not in its source, a value that disagrees with its words, a YAML file
that does not parse) is a `Problem`, never a traceback. As in frictionless-py's error catalogue,
every kind of problem is defined once below — slug, title, message template and hint — and a
problem is made by calling its kind with typed location fields::

    QUOTE_NOT_FOUND(file="data/annotations/x.yaml", record="claim-1", column="quote", found=q)

Validators return lists of problems; a stage raises one `ProblemsFound` with all of them at its
end, so a user sees everything at once. `flat()` gives a problem as a short row for tests.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Kind:
    """One kind of problem. `template` may name any field of a Problem ({record}, {found}, …)."""

    slug: str
    title: str
    template: str
    hint: str = ""

    def __call__(
        self,
        *,
        file: str = "",
        line: int | None = None,
        row: int | None = None,
        record: str = "",
        column: str = "",
        expected: str = "",
        found: str = "",
        hint: str = "",
    ) -> Problem:
        return Problem(self, file, line, row, str(record), column, expected, found, hint)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as precisely as it can be."""

    kind: Kind
    file: str = ""  # path relative to the repository root
    line: int | None = None  # 1-based line in the file
    row: int | None = None  # 1-based data row of a table (header not counted)
    record: str = ""  # id of the record: claim id, source id, observation id
    column: str = ""  # field or column
    expected: str = ""
    found: str = ""
    hint: str = ""  # how to fix it, when it says more than the kind's hint
    _extra: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def slug(self) -> str:
        return self.kind.slug

    @property
    def message(self) -> str:
        fields = {k: ("" if v is None else v) for k, v in self.as_dict().items()}
        return self.kind.template.format(**fields)

    @property
    def fix(self) -> str:
        return self.hint or self.kind.hint

    @property
    def where(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        parts += [self.record, self.column]
        return ", ".join(p for p in parts if p)

    def flat(self) -> tuple:
        """(file, line, row, record, column, slug): a problem as a row to assert on."""
        return (self.file, self.line, self.row, self.record, self.column, self.slug)

    def as_dict(self) -> dict:
        record = asdict(self)
        record.pop("_extra")
        record["kind"] = self.slug
        return record

    def __str__(self) -> str:
        lines = [f"[{self.slug}] {self.where}", f"    {self.message}"]
        if self.expected:
            lines.append(f"    expected: {self.expected}")
        if self.found:
            lines.append(f"    found:    {self.found}")
        if self.fix:
            lines.append(f"    fix:      {self.fix}")
        return "\n".join(lines)


class ProblemsFound(Exception):
    """Raised with every problem a stage found; the CLI prints them and exits 1."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__(f"{len(self.problems)} problem(s)")

    def __str__(self) -> str:
        body = "\n".join(str(p) for p in self.problems)
        return f"{len(self.problems)} problem(s) found:\n{body}"


def raise_if_any(problems: list[Problem]) -> None:
    """Raise `ProblemsFound` when the list is not empty."""
    if problems:
        raise ProblemsFound(problems)


CATALOGUE: dict[str, Kind] = {}


def _kind(slug: str, title: str, template: str, hint: str = "") -> Kind:
    if slug in CATALOGUE:
        raise ValueError(f"problem kind {slug!r} is defined twice")
    CATALOGUE[slug] = kind = Kind(slug, title, template, hint)
    return kind


# ---------------------------------------------------------------- files, YAML, the repository
MISSING_FILE = _kind(
    "missing-file", "Missing file", "{file} does not exist", "create it or fix the path"
)
NOT_A_FILE = _kind(
    "not-a-file", "Not a file", "{file} is not a regular file", "give the path of a plain-text file"
)
UNREADABLE_FILE = _kind(
    "unreadable-file", "Unreadable file", "{file} cannot be read", "check the file's permissions"
)
NOT_UTF8 = _kind(
    "not-utf8",
    "Not UTF-8",
    "{file} is not UTF-8 text",
    "convert it to UTF-8 (for example with iconv) and try again",
)
NOT_TEXT = _kind("not-text", "Not text", "{file} is not a text file", "give a plain-text file")
TOO_LARGE = _kind(
    "too-large", "Too large", "{file} is larger than antlens accepts", "split it or trim it"
)
YAML_SYNTAX = _kind(
    "yaml-syntax", "YAML syntax error", "{file} is not valid YAML", "fix the YAML syntax"
)
YAML_VALUE = _kind(
    "yaml-value",
    "Impossible YAML value",
    "a value in {file} cannot be read",
    'quote a date-like value ("2019-02-30") or correct it',
)
YAML_ALIAS = _kind(
    "yaml-alias",
    "YAML alias",
    "{file} uses a YAML alias or anchor",
    "write the value out in full: annotations and registries take no aliases",
)
PATH_OUTSIDE_REPOSITORY = _kind(
    "path-outside-repository",
    "Path outside the repository",
    "{file} points outside the repository",
    "keep every path inside the repository",
)
NO_REPOSITORY = _kind(
    "no-repository",
    "No antlens repository",
    "{file} is not an antlens repository",
    "run the command inside a repository, or name one with --root DIR",
)
REPOSITORY_BUSY = _kind(
    "repository-busy",
    "Repository busy",
    "another antlens command is writing to {file}",
    "wait for it to finish, then run again",
)
CANNOT_WRITE = _kind(
    "cannot-write",
    "Cannot write",
    "{file} could not be written",
    "make the folder writable and free some space, then run again; nothing was changed",
)

# ---------------------------------------------------------------- the registry and the sources
REGISTRY_LAYOUT = _kind(
    "registry-layout",
    "Registry layout",
    "{file} is not a list of source records",
    "write data/sources.yaml as `sources:` followed by one record per source",
)
EMPTY_REGISTRY = _kind(
    "empty-registry",
    "Empty registry",
    "{file} lists no sources",
    "restore data/sources.yaml (git checkout data/sources.yaml) or register a source",
)
BAD_RECORD = _kind(
    "bad-record", "Bad record", "a record of {file} is not a mapping of keys to values"
)
MISSING_FIELD = _kind("missing-field", "Missing field", "{record} has no {column}", "add the key")
UNKNOWN_FIELD = _kind(
    "unknown-field",
    "Unknown field",
    "{column} is not a key of this record",
    "remove the key or correct its spelling",
)
BAD_FIELD = _kind("bad-field", "Bad field", "{column} of {record} has the wrong type or value")
BAD_ID = _kind(
    "bad-id", "Bad id", "{found} is not a valid id", "use lower-case letters, digits, - and _"
)
DUPLICATE_ID = _kind(
    "duplicate-id",
    "Duplicate id",
    "the id {record} is used more than once",
    "give each record its own id",
)
DUPLICATE_SOURCE = _kind(
    "duplicate-source",
    "Duplicate source",
    "this text is already registered",
    "the article is in data/sources.yaml already; nothing needs adding",
)
EMPTY_ARTICLE = _kind(
    "empty-article", "Empty article", "{file} holds no text", "give a file with the article's text"
)
SOURCE_CHANGED = _kind(
    "source-changed",
    "Source changed",
    "the raw text of {record} no longer matches its sha256",
    "restore the raw file, or accept the new text with `antlens reanchor SOURCE_ID`",
)
UNKNOWN_SOURCE = _kind(
    "unknown-source",
    "Unknown source",
    "{found} is not a registered source",
    "see data/sources.yaml",
)
UNREGISTERED_ANNOTATION = _kind(
    "unregistered-annotation",
    "Annotation of no source",
    "{file} annotates a source that is not registered",
    "register the source in data/sources.yaml (antlens ingest) or remove the file",
)
FILE_EXISTS = _kind(
    "file-exists", "File exists", "{file} exists already", "choose another id or remove the file"
)
BAD_DATE = _kind("bad-date", "Bad date", "{found} is not a date", "write dates as YYYY-MM-DD")
BAD_URL = _kind(
    "bad-url", "Bad address", "{found} is not a web address", "give an http:// or https:// address"
)

# ---------------------------------------------------------------- annotations and claims
WRONG_SOURCE = _kind(
    "wrong-source",
    "Wrong source",
    "{file} names another source",
    "make source_id match the file name",
)
QUOTE_NOT_FOUND = _kind(
    "quote-not-found",
    "Quote not found",
    "the quote is not in the source text",
    "copy the words exactly from the article",
)
QUOTE_AMBIGUOUS = _kind(
    "quote-ambiguous",
    "Ambiguous quote",
    "the quote stands more than once in the source text",
    "add `occurrence: N`, or `prefix`/`suffix` words that tell them apart",
)
QUOTE_CROSSES_SENTENCE = _kind(
    "quote-crosses-sentence",
    "Quote runs past its sentence",
    "the quote runs from one sentence into the next",
    "end the quote inside its sentence; to tell repeated words apart, use `suffix` or `prefix`",
)
ANCHOR_MISMATCH = _kind(
    "anchor-mismatch",
    "Anchor disagrees",
    "occurrence, prefix and suffix point at different places",
    "keep one way of choosing the occurrence, or make them agree",
)
VALUE_MISMATCH = _kind(
    "value-mismatch",
    "Value disagrees with the words",
    "the value is not what the quote says",
    "make value × scale what the words say",
)
BAD_VALUE = _kind("bad-value", "Bad value", "{column} has a value of the wrong shape")
BAD_SCALE = _kind(
    "bad-scale",
    "Bad scale",
    "{found} is not a scale antlens knows",
    "use one of 1, 1e3, 1e6, 1e9, 1e12",
)
UNIT_MISMATCH = _kind(
    "unit-mismatch", "Unit disagrees with the words", "the unit is not the quote's unit"
)
QUALIFIER_MISSING = _kind(
    "qualifier-missing",
    "Qualifier disagrees with the words",
    "the qualifier is not the quote's",
    "keep the quote's bound or approximation",
)
PERIOD_MISMATCH = _kind(
    "period-mismatch", "Period disagrees with the words", "the period is not the quote's date"
)
GARBLED_WITHOUT_SOURCE = _kind(
    "garbled-without-source",
    "Interpretation without a source",
    "garbled words are read without a cited source",
    "cite the observation that gives the reading (interpretation_source)",
)
INTERPRETATION_WITHOUT_FLAG = _kind(
    "interpretation-without-flag",
    "Interpretation without a flag",
    "an interpretation is given for words that are not flagged (or flagged words have none)",
)
INTERPRETATION_MISMATCH = _kind(
    "interpretation-mismatch",
    "Interpretation disagrees with its source",
    "the value read is not the cited observation's value",
)
UNKNOWN_CITATION = _kind(
    "unknown-citation",
    "Unknown citation",
    "{found} is not an external observation",
    "cite an observation id of data/external/",
)
BAD_COMPARISON = _kind("bad-comparison", "Bad comparison", "the comparison cannot be made")
PERCENT_OUT_OF_RANGE = _kind(
    "percent-out-of-range", "Percentage out of range", "{found} is not between 0 and 100"
)
EXCLUSION_WITHOUT_MENTION = _kind(
    "exclusion-without-mention",
    "Exclusion of no number",
    "an exclusion's quote holds no detected number",
    "quote the number's words, or remove the exclusion",
)
UNACCOUNTED_MENTION = _kind(
    "unaccounted-mention",
    "Number not reviewed",
    "a number in the article is neither claimed nor excluded",
    "add a claim or an exclusion for it, or build with --allow-unaccounted",
)
THEME_DETAIL_MISSING = _kind(
    "theme-detail-missing",
    "Theme detail missing",
    "the claim lacks what its topic's table needs",
)

# ---------------------------------------------------------------- external datasets
MISSING_DESCRIPTOR = _kind(
    "missing-descriptor",
    "Missing descriptor",
    "{file} has no dataset.yaml",
    "write a dataset.yaml beside the CSV",
)
BAD_DESCRIPTOR = _kind(
    "bad-descriptor", "Bad descriptor", "{file} is not a valid dataset descriptor"
)
BAD_UNITS = _kind("bad-units", "Bad unit conversions", "the descriptor's units are not well formed")
UNKNOWN_UNIT = _kind(
    "unknown-unit", "Unknown unit", "{found} is not a unit of the descriptor or the vocabulary"
)
UNKNOWN_BASE_UNIT = _kind(
    "unknown-base-unit", "Unknown base unit", "{found} is not a unit of the vocabulary"
)
MISSING_COLUMN = _kind(
    "missing-column", "Missing column", "{file} has no column {column}", "add the column"
)
MISPLACED_COLUMN = _kind("misplaced-column", "Misplaced column", "{column} is not where it belongs")
DUPLICATE_COLUMN = _kind(
    "duplicate-column", "Duplicate column", "{column} is given twice", "keep one"
)
MISSING_ID = _kind("missing-id", "Missing id", "a row has no id", "give every row an id")
BAD_ROW = _kind("bad-row", "Bad row", "a row of {file} cannot be read")
NOT_A_NUMBER = _kind(
    "not-a-number", "Not a number", "{found} is not a number", "write the value as a plain number"
)
EMPTY_TABLE = _kind(
    "empty-table", "Empty table", "{file} has no rows", "add rows or remove the dataset"
)
TABLE_MISMATCH = _kind("table-mismatch", "Table mismatch", "the descriptor and its table disagree")

# ---------------------------------------------------------------- tables and schemas
SCHEMA_TYPE = _kind("schema-type", "Wrong type", "{column} is not of the schema's type")
SCHEMA_REQUIRED = _kind(
    "schema-required", "Required value missing", "{column} has no value", "give a value"
)
SCHEMA_ENUM = _kind("schema-enum", "Value not allowed", "{column} is not one of the allowed values")
SCHEMA_PATTERN = _kind(
    "schema-pattern", "Value of the wrong form", "{column} does not have the required form"
)
SCHEMA_RANGE = _kind("schema-range", "Value out of range", "{column} is out of its allowed range")
SCHEMA_UNIQUE = _kind(
    "schema-unique", "Value not unique", "{column} repeats a value that must be unique"
)
SCHEMA_COLUMNS = _kind(
    "schema-columns", "Columns disagree with the schema", "the columns are not the schema's"
)
UNKNOWN_TABLE = _kind("unknown-table", "Unknown table", "{found} is not a processed table")
UNKNOWN_BACKEND = _kind(
    "unknown-backend", "Unknown backend", "{found} is not a DataFrame backend antlens offers"
)
UNREADABLE_TABLE = _kind(
    "unreadable-table", "Unreadable table", "{file} cannot be read", "run `antlens build`"
)
UNKNOWN_CLAIM = _kind(
    "unknown-claim",
    "Unknown claim",
    "{found} is not a claim id",
    "list the claims with `antlens tables`",
)

# ---------------------------------------------------------------- changed articles (reanchor)
QUOTE_GONE = _kind(
    "quote-gone",
    "Quote gone",
    "the quote is not in the new text",
    "edit the claim's quote to the new words, or remove the claim",
)

# ---------------------------------------------------------------- reviewing (curate, review)
ANNOTATION_CHANGED = _kind(
    "annotation-changed",
    "Annotation changed meanwhile",
    "{file} was changed by someone else since this review read it",
    "reload the review (your decision was not saved), then decide again",
)
NOT_PENDING = _kind(
    "not-pending",
    "Nothing to review there",
    "{found} is not a number waiting for review",
    "give a mention id (as `antlens review` shows it) or a suggested claim id",
)
REASON_MISSING = _kind(
    "reason-missing",
    "Exclusion without a reason",
    "the exclusion of {record} has no reason",
    "give a reason (--reason), or exclude only what the stub suggests excluding",
)
