"""Moving a desk to a team server, and proving that nothing was lost on the way.

Into an empty team desk every row of every table is copied with its id (so links,
groups and undo snapshots still point to the right rows), the server's id sequences are
moved past them, and each table is compared on both sides: row count and a SHA-256 over
its rows in id order, written in one canonical form.  The copy commits only if every
table agrees.  A desk that already holds data is refused unless ``merge`` is asked for;
a merge goes through ``backup.import_desk`` (articles, sources, claims, evidence and
history are matched rather than duplicated) and reports what it added.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

from claimdesk.errors import ClaimdeskError, ValidationError
from claimdesk.store.engine import Store
from claimdesk.store.models import (
    Article,
    ArticleCheck,
    ArticleEdit,
    ArticleVersion,
    Claim,
    ClaimGroup,
    ClaimGroupMember,
    DismissedSuggestion,
    Evidence,
    MatchRejection,
    SavedSearch,
    Source,
    StatusChange,
)

# Parents before children.  desk_change and the search index are filled by triggers.
COPIED: tuple[type[SQLModel], ...] = (
    Article,
    ArticleVersion,
    ArticleCheck,
    DismissedSuggestion,
    ArticleEdit,
    Source,
    Claim,
    Evidence,
    StatusChange,
    SavedSearch,
    ClaimGroup,
    ClaimGroupMember,
    MatchRejection,
)
BATCH = 500


class TargetNotEmpty(ClaimdeskError):
    """The team desk already holds data and no merge was asked for."""


@dataclass(frozen=True)
class TableCheck:
    table: str
    source_rows: int
    target_rows: int
    source_sha256: str
    target_sha256: str

    @property
    def ok(self) -> bool:
        return (self.source_rows, self.source_sha256) == (self.target_rows, self.target_sha256)


@dataclass
class MigrationReport:
    source: str
    target: str
    merged: bool = False
    tables: list[TableCheck] = field(default_factory=list)
    merge_summary: str = ""

    @property
    def ok(self) -> bool:
        return all(t.ok for t in self.tables)

    def lines(self) -> list[str]:
        out = [f"{self.source} -> {self.target}"]
        for t in self.tables:
            mark = "ok" if t.ok else "MISMATCH"
            out.append(
                f"{t.table:22} {t.source_rows:>8} rows  sha256 {t.source_sha256[:16]}  "
                f"-> {t.target_rows:>8} rows  sha256 {t.target_sha256[:16]}  {mark}"
            )
        if self.merge_summary:
            out.append(self.merge_summary)
        return out


def _table(model: type[SQLModel]) -> Table:
    return model.__table__  # type: ignore[attr-defined, no-any-return]


def _canonical(value: Any) -> Any:
    """One spelling per value, whatever the database gave back."""
    if isinstance(value, bytes | memoryview):
        return "sha256:" + hashlib.sha256(bytes(value)).hexdigest()
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def _rows(connection: Connection, table: Table) -> Iterator[dict[str, Any]]:
    order = list(table.primary_key.columns)
    result = connection.execution_options(stream_results=True).execute(
        select(table).order_by(*order)
    )
    for chunk in result.mappings().partitions(BATCH):
        yield from (dict(r) for r in chunk)


def table_digest(connection: Connection, table: Table) -> tuple[int, str]:
    """(rows, SHA-256 over every row in key order) of one table."""
    digest = hashlib.sha256()
    n = 0
    names = sorted(c.name for c in table.columns)
    for row in _rows(connection, table):
        values = [_canonical(row[name]) for name in names]
        digest.update(json.dumps(values, sort_keys=True, ensure_ascii=False).encode("utf-8"))
        digest.update(b"\n")
        n += 1
    return n, digest.hexdigest()


def _count_rows(connection: Connection) -> int:
    return sum(
        int(connection.execute(select(func.count()).select_from(_table(m))).scalar_one())
        for m in COPIED
    )


def _copy(source: Connection, target: Connection) -> None:
    for model in COPIED:
        table = _table(model)
        batch: list[dict[str, Any]] = []
        for row in _rows(source, table):
            batch.append(row)
            if len(batch) >= BATCH:
                target.execute(insert(table), batch)
                batch = []
        if batch:
            target.execute(insert(table), batch)
    if target.dialect.name == "postgresql":
        # Ids were given explicitly, so the sequences never moved: move them past the rows.
        for model in COPIED:
            table = _table(model)
            if "id" in table.c and table.c.id.autoincrement is not False:
                target.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                    )
                )


def _check(source: Connection, target: Connection) -> list[TableCheck]:
    checks = []
    for model in COPIED:
        table = _table(model)
        n_src, sha_src = table_digest(source, table)
        n_dst, sha_dst = table_digest(target, table)
        checks.append(TableCheck(table.name, n_src, n_dst, sha_src, sha_dst))
    return checks


def migrate_to(source: Store, target: Store, *, merge: bool = False) -> MigrationReport:
    """Copy the desk ``source`` into the team desk ``target``; see the module's notes."""
    if source.engine.url == target.engine.url:
        raise ValidationError("The desk and the team desk are the same database.")
    report = MigrationReport(source.target, target.target, merged=merge)
    with source.engine.connect() as src, target.engine.connect() as dst:
        existing = _count_rows(dst)
        dst.rollback()
        if existing and not merge:
            raise TargetNotEmpty(
                f"The team desk {target.target} already holds {existing} rows; nothing was "
                "copied. Use --merge to add this desk to it."
            )
        if existing:
            return _merge(source, target, report)
        with dst.begin():
            _copy(src, dst)
            report.tables = _check(src, dst)
            if not report.ok:
                bad = ", ".join(t.table for t in report.tables if not t.ok)
                raise ClaimdeskError(
                    f"The copy of {bad} did not match the desk; nothing was kept on the team desk."
                )
    return report


def _merge(source: Store, target: Store, report: MigrationReport) -> MigrationReport:
    from claimdesk.core import backup

    with source.session() as session:
        data = backup.parse(backup.dumps(backup.dump_desk(session)))
    with target.session() as session:
        summary = backup.import_desk(session, data)
    report.merge_summary = "Merged: " + summary.describe()
    return report
