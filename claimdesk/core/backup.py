"""The whole desk as JSON, at full fidelity, and back.

``dump_desk`` writes every column of every row (binary snapshots as base64) with a format
version.  ``import_desk`` restores such a file: into an empty desk it keeps every id, so
exporting again gives the same file; into a desk that already has data it merges, reusing
articles (same text hash or address), sources (same address and title) and claims (same
article, anchor and statement) instead of duplicating them.  All in one transaction: a
bad file writes nothing.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import LargeBinary, func
from sqlmodel import Session, SQLModel, col, select

from claimdesk import __version__
from claimdesk.core.ops import operation
from claimdesk.core.vocab import SourceKind, Stance, Status
from claimdesk.errors import ImportFailed
from claimdesk.store.models import Article, Claim, Evidence, Source, StatusChange
from claimdesk.store.types import UTCDateTime, utcnow
from claimdesk.store.versioning import set_version

FORMAT = "claimdesk-backup"
# 2 added versions, checks, dismissals, saved searches and groups; 3 the evidence archive
# (source_snapshots) and changed wording
FORMAT_VERSION = 3
TABLES: tuple[tuple[str, type[SQLModel]], ...] = (
    ("articles", Article),
    ("sources", Source),
    ("claims", Claim),
    ("evidence", Evidence),
    ("status_changes", StatusChange),
)


def _columns(model: type[SQLModel]) -> list[Any]:
    return list(model.__table__.columns)  # type: ignore[attr-defined]


def _encode(column: Any, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, LargeBinary):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def dump_desk(
    session: Session, *, generated_at: datetime | None = None, snapshots: bool = True
) -> dict[str, Any]:
    """Every row of the desk as JSON-ready data, in id order so the output is stable."""
    data: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "generator": f"claimdesk {__version__}",
        "generated_at": (generated_at or utcnow()).isoformat(),
    }
    for name, model in TABLES:
        columns = _columns(model)
        rows = session.exec(select(model).order_by(model.id))  # type: ignore[attr-defined]
        data[name] = [{c.name: _encode(c, getattr(r, c.name)) for c in columns} for r in rows]
    from claimdesk.core.backup_more import dump_more

    data.update(dump_more(session, _encode, snapshots=snapshots))
    return data


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


@dataclass
class ImportSummary:
    added: dict[str, int] = field(default_factory=dict)
    reused: dict[str, int] = field(default_factory=dict)
    kept_ids: bool = False
    skipped_history: int = 0  # status changes of claims this desk already had

    def describe(self) -> str:
        parts = []
        for name, _model in TABLES:
            label = name.replace("_", " ")
            text = f"{self.added.get(name, 0)} {label} added"
            if self.reused.get(name):
                text += f" ({self.reused[name]} already in the desk)"
            parts.append(text)
        text = "; ".join(parts) + "."
        if self.skipped_history:
            text += (
                f" {self.skipped_history} status change(s) of claims already on this "
                "desk were left out: those claims keep the status they have here."
            )
        return text


def parse(text: str | bytes) -> dict[str, Any]:
    """The checked contents of a backup file, or a clear ``ImportFailed`` (a
    ``backup_gate.BackupRefused`` with one line per refused record)."""
    from claimdesk.core.backup_gate import check_backup, load_json

    data = load_json(text)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportFailed("The file is not a claimdesk JSON export; nothing was imported.")
    version = data.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise ImportFailed("The file has no valid format version; nothing was imported.")
    if version > FORMAT_VERSION:
        raise ImportFailed(
            f"The file was written by a newer claimdesk (format version {version}; this one "
            f"reads up to {FORMAT_VERSION}). Update claimdesk; nothing was imported."
        )
    from claimdesk.core.backup_more import MORE_TABLES

    names = [name for name, _m in TABLES] + [name for name, *_rest in MORE_TABLES]
    for name in names:
        rows = data.get(name, [])  # a version 1 file has none of the later tables
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise ImportFailed(
                f"The file's \u201c{name}\u201d is not a list of records; nothing was imported."
            )
        data[name] = rows
    check_backup(data)  # the shipped schema, then the services' rules: before any write
    return data


def _decode_row(model: type[SQLModel], raw: dict[str, Any], what: str) -> dict[str, Any]:
    """Typed values for one record; every table but group memberships has a numeric id."""
    out: dict[str, Any] = {}
    for c in _columns(model):
        if c.name not in raw:
            if c.nullable or c.default is not None or c.primary_key:
                continue
            raise ImportFailed(
                f"A record in {what} has no \u201c{c.name}\u201d; nothing was imported."
            )
        value = raw[c.name]
        try:
            if value is not None and isinstance(c.type, LargeBinary):
                value = base64.b64decode(value, validate=True)
            elif value is not None and isinstance(c.type, UTCDateTime):
                value = datetime.fromisoformat(value)
        except (binascii.Error, ValueError, TypeError):
            raise ImportFailed(
                f"A record in {what} has an unreadable \u201c{c.name}\u201d; nothing was imported."
            ) from None
        out[c.name] = value
    problem = _wrong_value(out)
    if problem:
        raise ImportFailed(f"A record in {what} has {problem}; nothing was imported.")
    has_id = "id" in model.__table__.columns  # type: ignore[attr-defined]
    if has_id and not isinstance(out.get("id"), int):
        raise ImportFailed(f"A record in {what} has no numeric id; nothing was imported.")
    return out


# Fields whose values must come from a vocabulary, and fields that must be whole numbers:
# a file that gets these wrong would otherwise leave rows the desk cannot show.
_VOCABULARIES: dict[str, frozenset[str]] = {
    "status": frozenset(s.value for s in Status),
    "from_status": frozenset(s.value for s in Status),
    "to_status": frozenset(s.value for s in Status),
    "stance": frozenset(s.value for s in Stance),
    "kind": frozenset(k.value for k in SourceKind),
}
_WHOLE_NUMBERS = (
    "id",
    "article_id",
    "claim_id",
    "source_id",
    "pos_start",
    "pos_end",
    "priority",
    "version",
)


def _wrong_value(row: dict[str, Any]) -> str | None:
    for name, allowed in _VOCABULARIES.items():
        value = row.get(name)
        if value is not None and value not in allowed:
            return f"an unknown {name.replace('_', ' ')} \u201c{value}\u201d"
    for name in _WHOLE_NUMBERS:
        value = row.get(name)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            return f"a \u201c{name}\u201d that is not a whole number"
    if "orphaned" in row and not isinstance(row["orphaned"], bool):
        return "an \u201corphaned\u201d flag that is not true or false"
    return None


def _saved_id(row_id: int | None) -> int:
    """The id of a row read back from the desk, which the database has always assigned."""
    assert row_id is not None, "a row read from the database has a primary key"
    return row_id


def _is_empty(session: Session) -> bool:
    return all(
        session.exec(select(func.count()).select_from(model)).one() == 0 for _n, model in TABLES
    )


class _Importer:
    """Maps the file's ids to the desk's ids, table by table."""

    def __init__(self, session: Session, keep_ids: bool) -> None:
        self.session = session
        self.keep_ids = keep_ids
        self.summary = ImportSummary(kept_ids=keep_ids)
        self.ids: dict[str, dict[int, int]] = {name: {} for name, _m in TABLES}
        self.kept_claims: set[int] = set()  # claims this desk already had

    def _insert(self, name: str, model: type[SQLModel], values: dict[str, Any]) -> int:
        old = values.pop("id")
        row = model(**values, **({"id": old} if self.keep_ids else {}))
        self.session.add(row)
        self.session.flush()
        if model is Claim and isinstance(values.get("version"), int):
            # The ORM inserts every claim at version 1; a restored one keeps its number.
            set_version(self.session, row, values["version"])
        new = int(row.id)  # type: ignore[attr-defined]
        self.ids[name][old] = new
        self.summary.added[name] = self.summary.added.get(name, 0) + 1
        return new

    def _reuse(self, name: str, old: int, existing: int) -> None:
        self.ids[name][old] = existing
        self.summary.reused[name] = self.summary.reused.get(name, 0) + 1

    def _ref(self, table: str, old: Any, what: str) -> int:
        try:
            return self.ids[table][old]
        except (KeyError, TypeError):
            raise ImportFailed(
                f"A record in {what} points to a missing entry of {table} "
                f"({old}); nothing was imported."
            ) from None

    def run(self, data: dict[str, Any]) -> ImportSummary:
        handlers: dict[str, Callable[[list[dict[str, Any]]], None]] = {
            "articles": self.articles,
            "sources": self.sources,
            "claims": self.claims,
            "evidence": self.evidence,
            "status_changes": self.history,
        }
        for name, model in TABLES:
            handlers[name]([_decode_row(model, r, name) for r in data[name]])
        from claimdesk.core.backup_more import import_more

        import_more(self, data, _decode_row)
        return self.summary

    def articles(self, rows: list[dict[str, Any]]) -> None:
        by_hash: dict[str, int] = {}
        for a_id, sha in self.session.exec(
            select(Article.id, Article.text_sha256).order_by(col(Article.id))
        ):
            by_hash.setdefault(sha, _saved_id(a_id))
        for r in rows:
            text = r.get("text")
            if not isinstance(text, str):
                raise ImportFailed(
                    f"Article {r['id']} in the file has no text; nothing was imported."
                )
            if hashlib.sha256(text.encode("utf-8")).hexdigest() != r.get("text_sha256"):
                raise ImportFailed(
                    f"Article {r['id']} in the file does not match its "
                    "SHA-256; the file is damaged. Nothing was imported."
                )
            # Only the same text is the same article: the same address with other text is
            # another version, and its claims' offsets point into that other text.
            existing = by_hash.get(r["text_sha256"])
            if existing is not None:
                self._reuse("articles", r["id"], existing)
                continue
            by_hash[r["text_sha256"]] = self._insert("articles", Article, r)

    def sources(self, rows: list[dict[str, Any]]) -> None:
        known: dict[tuple[object, ...], int] = {
            (url, title): _saved_id(s_id)
            for s_id, url, title in self.session.exec(
                select(Source.id, Source.url, Source.title).order_by(col(Source.id).desc())
            )
        }
        for r in rows:
            key = (r.get("url"), r.get("title", ""))
            if key in known:
                self._reuse("sources", r["id"], known[key])
                continue
            known[key] = self._insert("sources", Source, r)

    def claims(self, rows: list[dict[str, Any]]) -> None:
        known: dict[tuple[object, ...], int] = {
            (c.article_id, c.quote_exact, c.pos_start, c.pos_end, c.statement): _saved_id(c.id)
            for c in self.session.exec(select(Claim).order_by(col(Claim.id).desc()))
        }
        for r in rows:
            r["article_id"] = self._ref("articles", r.get("article_id"), "claims")
            key = (
                r["article_id"],
                r.get("quote_exact"),
                r.get("pos_start"),
                r.get("pos_end"),
                r.get("statement"),
            )
            if key in known:
                self._reuse("claims", r["id"], known[key])
                self.kept_claims.add(known[key])
                continue
            known[key] = self._insert("claims", Claim, r)

    def evidence(self, rows: list[dict[str, Any]]) -> None:
        known: dict[tuple[object, ...], int] = {
            (e.claim_id, e.source_id, e.stance, e.excerpt, e.locator): _saved_id(e.id)
            for e in self.session.exec(select(Evidence))
        }
        for r in rows:
            r["claim_id"] = self._ref("claims", r.get("claim_id"), "evidence")
            r["source_id"] = self._ref("sources", r.get("source_id"), "evidence")
            key = (
                r["claim_id"],
                r["source_id"],
                r.get("stance"),
                r.get("excerpt", ""),
                r.get("locator", ""),
            )
            if key in known:
                self._reuse("evidence", r["id"], known[key])
                continue
            known[key] = self._insert("evidence", Evidence, r)

    def history(self, rows: list[dict[str, Any]]) -> None:
        known: dict[tuple[object, ...], int] = {
            (h.claim_id, h.from_status, h.to_status, h.actor, h.at): _saved_id(h.id)
            for h in self.session.exec(select(StatusChange))
        }
        for r in rows:
            r["claim_id"] = self._ref("claims", r.get("claim_id"), "status_changes")
            key = (
                r["claim_id"],
                r.get("from_status"),
                r.get("to_status"),
                r.get("actor"),
                r.get("at"),
            )
            if key in known:
                self._reuse("status_changes", r["id"], known[key])
                continue
            if r["claim_id"] in self.kept_claims:
                # The claim was already on this desk and keeps its own status there; adding
                # the other desk's later changes would make its history contradict it.
                self.summary.skipped_history += 1
                continue
            known[key] = self._insert("status_changes", StatusChange, r)


def _fix_sequences(session: Session) -> None:
    """PostgreSQL sequences do not move when ids are given explicitly; move them."""
    bind = session.get_bind()
    if bind.dialect.name != "postgresql":
        return
    from sqlalchemy import text

    from claimdesk.core.backup_more import MORE_TABLES

    models = [m for _n, m in TABLES] + [m for _n, m, *_r in MORE_TABLES]
    for model in models:
        if "id" not in model.__table__.columns:  # type: ignore[attr-defined]
            continue
        table = model.__tablename__
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            )
        )


@operation
def import_desk(session: Session, data: dict[str, Any]) -> ImportSummary:
    """Restore or merge a parsed backup (see ``parse``) in one transaction."""
    keep_ids = _is_empty(session)
    summary = _Importer(session, keep_ids).run(data)
    if keep_ids:
        _fix_sequences(session)
    return summary
