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
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from claimdesk.core.articles import MAX_TEXT_CHARS
from claimdesk.core.backup_shape import LABELS, label, line, load_json, schema_problems, show
from claimdesk.core.claims import MAX_STATEMENT
from claimdesk.core.urls import url_problem
from claimdesk.core.verify import verdict_problem
from claimdesk.core.vocab import Status
from claimdesk.errors import ImportFailed

__all__ = ["BackupRefused", "check_backup", "load_json"]


class BackupRefused(ImportFailed):
    """A backup with refused records; ``problems`` has one line per record."""

    def __init__(self, problems: list[str]) -> None:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{problems[0]}{more}; nothing was imported.")
        self.problems = problems


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
        self.order: dict[str, tuple[int, int]] = {}  # item -> (table, index): file order
        self.ids = {t: {r.get("id") for r in self.rows(t)} for t in LABELS}
        self.texts = {r["id"]: r["text"] for r in self.rows("articles")}

    def rows(self, table: str) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = self.data.get(table, [])
        return rows

    def refuse(self, table: str, index: int, text: str) -> None:
        item = label(table, index, self.rows(table)[index])
        self.order.setdefault(item, (list(LABELS).index(table), index))
        if text not in self.found[item]:
            self.found[item].append(text)

    def problems(self) -> list[str]:
        for table in LABELS:
            self._common(table)
        self._articles()
        self._claims()
        self._history()
        self._references()
        items = sorted(self.found, key=self.order.__getitem__)
        return [line(item, self.found[item]) for item in items]

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
            url = row.get("url") if table in ("articles", "sources") else None
            if isinstance(url, str) and url.strip():
                problem = url_problem(url.strip())
                if problem:
                    self.refuse(table, i, f"url \u201c{show(url)}\u201d is refused: {problem}")
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

    def _history(self) -> None:
        """Each claim's changes chain from one status to the next and end at its status,
        as ``claimdesk check`` expects of the desk."""
        status = {c["id"]: c.get("status", Status.UNVERIFIED.value) for c in self.rows("claims")}
        chains: dict[int, list[tuple[datetime, int, int]]] = defaultdict(list)
        for i, row in enumerate(self.rows("status_changes")):
            at = _utc(row.get("at"))
            if at is not None:
                chains[row["claim_id"]].append((at, row["id"], i))
        for claim_id, chain in chains.items():
            before: str | None = None
            for n, (_at, _id, i) in enumerate(sorted(chain)):
                row = self.rows("status_changes")[i]
                if n and row.get("from_status") != before:
                    self.refuse(
                        "status_changes",
                        i,
                        f"it starts from {row.get('from_status') or 'nothing'} but the change "
                        f"before it ended at {before}",
                    )
                before = row["to_status"]
            if claim_id in status and before != status[claim_id]:
                index = next(i for i, c in enumerate(self.rows("claims")) if c["id"] == claim_id)
                self.refuse(
                    "claims", index, f"its history ends at {before}, not at {status[claim_id]}"
                )

    def _references(self) -> None:
        refs = {
            "claims": {"article_id": "articles"},
            "evidence": {"claim_id": "claims", "source_id": "sources"},
            "status_changes": {"claim_id": "claims"},
            "article_versions": {"article_id": "articles"},
            "article_checks": {"article_id": "articles"},
            "dismissed_suggestions": {"article_id": "articles"},
            "article_edits": {"article_id": "articles"},
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


def _utc(value: object) -> datetime | None:
    """A stored time as the desk orders it (naive times are UTC), or None if unreadable."""
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


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
