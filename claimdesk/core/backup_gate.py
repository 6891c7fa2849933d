"""The one gate a backup passes before anything of it is written.

Two steps, both before the import opens its transaction's first write:

1. the shape: the file is checked against the JSON Schema the project ships
   (``claimdesk/core/schemas/backup.schema.json``): types, vocabularies, ranges, string
   lengths, list sizes, ids below 2^63 and how deep free-form values (facets) may nest;
2. the rules the services keep: every anchor lies inside its article's text and matches its
   quote (unless the claim is an orphan), verdicts carry a rationale and evidence
   (``verify.verdict_problem``), references point at records of the file, text matches
   its SHA-256, dates and binary fields are readable, ids are not repeated.

Every refused record gets one line (``claim 12 (article 3): facets must be an object``);
a file with any refused record is refused whole.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any

from claimdesk.core.articles import MAX_TEXT_CHARS
from claimdesk.core.claims import MAX_STATEMENT
from claimdesk.core.verify import verdict_problem
from claimdesk.core.vocab import Status
from claimdesk.errors import ImportFailed

SCHEMA_RESOURCE = ("claimdesk.core", "schemas/backup.schema.json")
MAX_ID = 2**63 - 1  # the largest value a database's integer column holds
SHOWN_PROBLEMS = 3  # per record, on its one line


class BackupRefused(ImportFailed):
    """A backup with refused records; ``problems`` has one line per record."""

    def __init__(self, problems: list[str]) -> None:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{problems[0]}{more}; nothing was imported.")
        self.problems = problems


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def load_json(text: str | bytes) -> Any:
    """Parse JSON without letting hostile nesting or non-standard numbers through."""
    try:
        return json.loads(text, parse_constant=_no_constant)
    except RecursionError:
        raise ImportFailed(
            "The file nests lists or objects too deeply to be a claimdesk export; "
            "nothing was imported."
        ) from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise ImportFailed(f"The file is not valid JSON ({exc}); nothing was imported.") from None


@cache
def backup_schema() -> dict[str, Any]:
    package, name = SCHEMA_RESOURCE
    schema: dict[str, Any] = json.loads(resources.files(package).joinpath(name).read_text("utf-8"))
    return schema


# name in the file -> (singular for messages, the field naming its parent, parent's name)
LABELS: dict[str, tuple[str, str | None, str]] = {
    "articles": ("article", None, ""),
    "sources": ("source", None, ""),
    "claims": ("claim", "article_id", "article"),
    "evidence": ("evidence", "claim_id", "claim"),
    "status_changes": ("status change", "claim_id", "claim"),
    "article_versions": ("article version", "article_id", "article"),
    "article_checks": ("article check", "article_id", "article"),
    "dismissed_suggestions": ("dismissed suggestion", "article_id", "article"),
    "saved_searches": ("saved search", None, ""),
    "claim_groups": ("claim group", None, ""),
    "claim_group_members": ("group member", "claim_id", "claim"),
    "match_rejections": ("match rejection", None, ""),
}


def _is_id(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def label(table: str, index: int, record: object) -> str:
    """How a record is named in messages: by its id (and parent), else by its place."""
    singular, parent_field, parent = LABELS.get(table, (table, None, ""))
    if not isinstance(record, dict):
        return f"{table} record {index + 1}"
    own = record.get("id")
    if _is_id(own):
        name = f"{singular} {own}"
    elif table == "claim_group_members":
        name = singular  # it has no id of its own: it is named by its claim
    else:
        name = f"{table} record {index + 1}"
    if parent_field and _is_id(record.get(parent_field)):
        name += f" ({parent} {record[parent_field]})"
    return name


def show(value: object, width: int = 40) -> str:
    """A short, printable form of a value from the file."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = text.encode("unicode_escape").decode("ascii") if not text.isprintable() else text
    return text if len(text) <= width else text[: width - 1] + "\u2026"


_KINDS = {
    "object": "an object",
    "array": "a list",
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "empty",
}


def _describe(error: Any, field: str) -> str:
    kind, limit = error.validator, error.validator_value
    if kind == "type":
        kinds = [limit] if isinstance(limit, str) else list(limit)
        return f"{field} must be " + " or ".join(_KINDS.get(k, k) for k in kinds)
    if kind == "maxLength":
        return f"{field} is longer than {limit:,} characters"
    if kind == "minLength":
        return f"{field} is empty"
    if kind == "minimum":
        return f"{field} must be at least {limit:,} (it is {show(error.instance)})"
    if kind == "maximum" and limit == MAX_ID:
        return f"{field} is too large for an id (the limit is 2^63 - 1)"
    if kind == "maximum":
        return f"{field} must be at most {limit:,} (it is {show(error.instance)})"
    if kind in ("enum", "const"):
        allowed = [limit] if kind == "const" else limit
        words = ", ".join("empty" if a is None else str(a) for a in allowed)
        return f"{field} \u201c{show(error.instance)}\u201d is not one of: {words}"
    if kind == "pattern":
        return f"{field} is not a SHA-256 digest (64 hexadecimal digits)"
    if kind in ("maxItems", "maxProperties"):
        return f"{field} has more than {limit:,} entries"
    if kind == "required":
        missing = [k for k in limit if k not in error.instance]
        return "has no " + ", ".join(f"\u201c{k}\u201d" for k in missing)
    if kind == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return "has unknown fields " + ", ".join(f"\u201c{show(k, 30)}\u201d" for k in extra)
    if kind == "anyOf":
        return f"{field} is nested more than three levels deep or holds a value of the wrong kind"
    return f"{field} is not valid ({error.message[:80]})"


def _field(path: list[Any]) -> str:
    text = str(path[0])
    for part in path[1:]:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def schema_problems(data: dict[str, Any]) -> list[str]:
    """One line per record (or top-level entry) that breaks the shipped schema."""
    from jsonschema import Draft202012Validator

    by_item: dict[str, list[str]] = defaultdict(list)
    validator = Draft202012Validator(backup_schema())
    try:
        errors = list(validator.iter_errors(data))
    except RecursionError:
        return ["The file nests values too deeply to be checked"]
    for error in sorted(errors, key=lambda e: [str(p) for p in e.absolute_path]):
        path = list(error.absolute_path)
        if len(path) < 2 or not isinstance(path[1], int):
            name = f"the file's \u201c{path[0]}\u201d" if path else "the file"
            by_item[name].append(_describe(error, "it").replace("it ", "", 1))
            continue
        table, index = str(path[0]), path[1]
        item = label(table, index, data[table][index])
        if len(path) == 2:
            text = (
                _describe(error, "the record").replace("the record ", "", 1)
                if error.validator != "type"
                else "is not an object"
            )
        else:
            text = _describe(error, _field(path[2:]))
        if text not in by_item[item]:
            by_item[item].append(text)
    return [_line(item, texts) for item, texts in by_item.items()]


def _line(item: str, texts: list[str]) -> str:
    shown = "; ".join(texts[:SHOWN_PROBLEMS])
    if len(texts) > SHOWN_PROBLEMS:
        shown += f"; and {len(texts) - SHOWN_PROBLEMS} more"
    return f"{item}: {shown}"


def check_backup(data: dict[str, Any]) -> None:
    """Raise ``BackupRefused`` unless every record may enter the desk as it is."""
    problems = schema_problems(data)
    if not problems:
        problems = _Rules(data).problems()
    if problems:
        raise BackupRefused(problems)


_WHEN_FIELDS = frozenset(
    {
        "published_at",
        "retrieved_at",
        "accessed_at",
        "created_at",
        "updated_at",
        "at",
        "checked_at",
        "dismissed_at",
        "added_at",
    }
)
_BINARY_FIELDS = frozenset({"raw_bytes", "snapshot"})


class _Rules:
    """The services' rules over a file whose shape is already right."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.found: dict[str, list[str]] = defaultdict(list)
        self.ids = {t: {r.get("id") for r in self.rows(t)} for t in LABELS}
        self.texts = {r["id"]: r["text"] for r in self.rows("articles")}

    def rows(self, table: str) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = self.data.get(table, [])
        return rows

    def refuse(self, table: str, index: int, text: str) -> None:
        item = label(table, index, self.rows(table)[index])
        if text not in self.found[item]:
            self.found[item].append(text)

    def problems(self) -> list[str]:
        for table in LABELS:
            self._common(table)
        self._articles()
        self._claims()
        self._references()
        return [_line(item, texts) for item, texts in self.found.items()]

    def _common(self, table: str) -> None:
        seen: set[object] = set()
        for i, row in enumerate(self.rows(table)):
            key = row.get("id", row.get("claim_id"))
            if key in seen:
                self.refuse(table, i, f"the id {key} is used by another record of {table}")
            seen.add(key)
            for name in _WHEN_FIELDS.intersection(row):
                if row[name] is not None and not _readable_when(row[name]):
                    self.refuse(table, i, f"{name} \u201c{show(row[name])}\u201d is not a date")
            if any(_unencodable(v) for v in row.values()):
                self.refuse(table, i, "holds text that is not valid Unicode (a lone surrogate)")
            for name in _BINARY_FIELDS.intersection(row):
                if row[name] is not None and not _readable_base64(row[name]):
                    self.refuse(table, i, f"{name} is not base64")
            if "pos_start" in row and row["pos_start"] > row["pos_end"]:
                self.refuse(
                    table, i, f"its span {row['pos_start']}-{row['pos_end']} ends before it starts"
                )

    def _articles(self) -> None:
        for table in ("articles", "article_versions"):
            for i, row in enumerate(self.rows(table)):
                if len(row["text"]) > MAX_TEXT_CHARS:  # the schema says so too; kept in step
                    self.refuse(table, i, f"text is longer than {MAX_TEXT_CHARS:,} characters")
                digest = hashlib.sha256(row["text"].encode("utf-8", "surrogatepass")).hexdigest()
                if digest != row["text_sha256"]:
                    self.refuse(table, i, "text does not match its SHA-256; the file is damaged")

    def _claims(self) -> None:
        evidence: dict[int, int] = defaultdict(int)
        for row in self.rows("evidence"):
            evidence[row["claim_id"]] += 1
        group_of = {m["claim_id"]: m["group_id"] for m in self.rows("claim_group_members")}
        per_group: dict[int, int] = defaultdict(int)
        for claim_id, group in group_of.items():
            per_group[group] += evidence.get(claim_id, 0)
        for i, row in enumerate(self.rows("claims")):
            for text in _claim_problems(row, self.texts.get(row["article_id"])):
                self.refuse("claims", i, text)
            group = group_of.get(row["id"])
            count = per_group[group] if group is not None else evidence.get(row["id"], 0)
            status = Status(row.get("status", Status.UNVERIFIED.value))
            problem = verdict_problem(status, row.get("rationale", ""), count)
            if problem:
                self.refuse("claims", i, problem.rstrip("."))

    def _references(self) -> None:
        refs = {
            "claims": {"article_id": "articles"},
            "evidence": {"claim_id": "claims", "source_id": "sources"},
            "status_changes": {"claim_id": "claims"},
            "article_versions": {"article_id": "articles"},
            "article_checks": {"article_id": "articles"},
            "dismissed_suggestions": {"article_id": "articles"},
            "claim_group_members": {"claim_id": "claims", "group_id": "claim_groups"},
            "match_rejections": {"claim_low": "claims", "claim_high": "claims"},
        }
        for table, fields in refs.items():
            for i, row in enumerate(self.rows(table)):
                for name, target in fields.items():
                    if row[name] not in self.ids[target]:
                        singular = LABELS[target][0]
                        self.refuse(
                            table, i, f"{name} names {singular} {row[name]}, not in the file"
                        )


def _claim_problems(row: dict[str, Any], text: str | None) -> Iterator[str]:
    statement = " ".join(row["statement"].split())
    if not statement:
        yield "statement is only white space"
    elif len(statement) > MAX_STATEMENT:
        yield f"statement is longer than {MAX_STATEMENT:,} characters"
    if text is None or row.get("orphaned", False):
        return  # a missing article is reported with the references
    start, end = row["pos_start"], row["pos_end"]
    if start > end:
        return  # reported with every table's spans
    if not start < end <= len(text):
        yield f"its span {start}-{end} is outside its article's text (0-{len(text)})"
    elif text[start:end] != row["quote_exact"]:
        yield (
            f"its quote \u201c{show(row['quote_exact'])}\u201d is not the text at {start}-{end} "
            f"(\u201c{show(text[start:end])}\u201d)"
        )


def _unencodable(value: object) -> bool:
    """True for text with lone surrogates, which no database column can store."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, list):
        return any(_unencodable(v) for v in value)
    if isinstance(value, dict):
        return any(_unencodable(k) or _unencodable(v) for k, v in value.items())
    return False


def _readable_when(value: str) -> bool:
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _readable_base64(value: str) -> bool:
    try:
        base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return False
    return True
