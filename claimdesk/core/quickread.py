"""Reading a desk for the first paint, with nothing but the standard library.

Importing SQLAlchemy, SQLModel and pydantic (and building the table classes) costs most
of the window's start-up.  The first paint needs only the library's first page, the
article count, the sources list and the last article with its claims, so this module
reads exactly those with ``sqlite3`` on a read-only connection and returns the same
records the services return (``core.articles.list_articles``, ``count_articles``,
``get_article``, ``core.claims.list_claims``, ``core.sources.list_sources`` and
``core.suggestions.dismissed``); tests/core/test_quickread.py holds it to that.

It only reads a SQLite desk already at the current schema.  Anything else (no file, an
empty or foreign file, an older desk that needs upgrading, a newer one, a team server)
makes :func:`open_quick` return ``None``, and start-up takes the normal path, which says
what is wrong.  Damage that SQLite only notices while reading raises
``claimdesk.errors.DatabaseError``: the caller falls back the same way.

Keep this module's imports to the standard library, ``claimdesk.errors`` and
``claimdesk.core.records``: a test checks that importing it loads no SQLAlchemy,
SQLModel or pydantic.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from claimdesk.core.records import Anchor, ArticleDoc, ArticleInfo, ClaimRecord, SourceRecord
from claimdesk.errors import DatabaseError, NotFoundError

# Must equal claimdesk.store.engine.HEAD_REVISION (tests/core/test_quickread.py checks):
# a desk at any other revision is read by the normal path, which migrates or refuses it.
HEAD_REVISION = "0007_team"
SQLITE_HEADER = b"SQLite format 3\x00"
# Beyond this many ids, one pass over all claims beats a long IN list (as the services do).
_IN_LIMIT = 500

_LIST_COLUMNS = (
    "id, title, url, outlet, author, published_at, retrieved_at, language, text_sha256, "
    "created_at, updated_at"
)
_CLAIM_COLUMNS = (
    "c.id, c.article_id, c.quote_exact, c.quote_prefix, c.quote_suffix, c.pos_start, "
    "c.pos_end, c.orphaned, c.statement, c.claimant, c.claim_date, c.status, c.rationale, "
    "c.priority, c.tags, c.kinds, c.facets, c.created_by, c.created_at, c.updated_at, "
    "c.version, c.wording_before, c.wording_version"
)


def _utc(value: Any) -> datetime | None:
    """As ``store.types.UTCDateTime`` reads a SQLite value: ISO text, UTC, aware."""
    if value is None:
        return None
    when = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if when.tzinfo is None:
        return when.replace(tzinfo=UTC)
    return when.astimezone(UTC)


def _required_utc(value: Any) -> datetime:
    when = _utc(value)
    if when is None:
        raise DatabaseError("The desk has an article or claim without a creation time.")
    return when


def _json(value: Any) -> Any:
    """As SQLAlchemy's JSON type reads SQLite text (SQL NULL and JSON null are None)."""
    if value is None:
        return None
    return json.loads(value)


def _info(row: sqlite3.Row, counts: dict[str, int] | None) -> ArticleInfo:
    return ArticleInfo(
        id=row["id"],
        title=row["title"],
        url=row["url"],
        outlet=row["outlet"],
        author=row["author"],
        published_at=_utc(row["published_at"]),
        retrieved_at=_utc(row["retrieved_at"]),
        language=row["language"],
        text_sha256=row["text_sha256"],
        created_at=_required_utc(row["created_at"]),
        updated_at=_required_utc(row["updated_at"]),
        claim_counts=dict(counts or {}),
    )


def _source(row: sqlite3.Row) -> SourceRecord:
    return SourceRecord(
        id=row["id"],
        url=row["url"],
        title=row["title"],
        publisher=row["publisher"],
        author=row["author"],
        published_at=_utc(row["published_at"]),
        accessed_at=_utc(row["accessed_at"]),
        kind=row["kind"],
        snapshot_sha256=row["snapshot_sha256"],
        snapshot_media_type=row["snapshot_media_type"],
        notes=row["notes"],
        created_at=_required_utc(row["created_at"]),
        archived_at=_utc(row["archived_at"]),
        archive_note=row["archive_note"] or "",
    )


def _claim(row: sqlite3.Row) -> ClaimRecord:
    return ClaimRecord(
        id=row["id"],
        article_id=row["article_id"],
        anchor=Anchor(
            exact=row["quote_exact"],
            prefix=row["quote_prefix"],
            suffix=row["quote_suffix"],
            start=row["pos_start"],
            end=row["pos_end"],
        ),
        orphaned=bool(row["orphaned"]),
        statement=row["statement"],
        claimant=row["claimant"],
        claim_date=row["claim_date"],
        status=row["status"],
        rationale=row["rationale"],
        priority=row["priority"],
        tags=tuple(_json(row["tags"]) or ()),
        kinds=tuple(_json(row["kinds"]) or ()),
        facets=dict(_json(row["facets"]) or {}),
        created_by=row["created_by"],
        created_at=_required_utc(row["created_at"]),
        updated_at=_required_utc(row["updated_at"]),
        version=row["version"],
        evidence_count=row["n_evidence"] or 0,
        wording_before=row["wording_before"],
        wording_version=row["wording_version"],
    )


class QuickDesk:
    """A read-only view of a SQLite desk at the current schema, for the first paint."""

    def __init__(self, con: sqlite3.Connection, path: Path) -> None:
        self._con = con
        self.path = path

    def _rows(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        try:
            return self._con.execute(sql, tuple(params)).fetchall()
        except sqlite3.Error as exc:
            raise DatabaseError(f"{self.path} cannot be read ({exc}).") from None

    def _claim_counts(self, article_ids: list[int]) -> dict[int, dict[str, int]]:
        counts: dict[int, dict[str, int]] = {}
        if not article_ids:
            return counts
        if len(article_ids) <= _IN_LIMIT:
            marks = ",".join("?" * len(article_ids))
            sql = (
                "SELECT article_id, status, count(*) FROM claim "
                f"WHERE article_id IN ({marks}) GROUP BY article_id, status"
            )
            rows = self._rows(sql, article_ids)
        else:
            sql = "SELECT article_id, status, count(*) FROM claim GROUP BY article_id, status"
            rows = self._rows(sql)
        for article_id, status, n in rows:
            counts.setdefault(article_id, {})[status] = n
        return counts

    def list_articles(self, *, limit: int | None = None, offset: int = 0) -> list[ArticleInfo]:
        """``core.articles.list_articles`` without a text filter: newest first."""
        sql = f"SELECT {_LIST_COLUMNS} FROM article ORDER BY created_at DESC, id DESC"
        params: list[int] = []
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params = [limit, offset]
        elif offset:
            sql += " LIMIT -1 OFFSET ?"
            params = [offset]
        rows = self._rows(sql, params)
        counts = self._claim_counts([r["id"] for r in rows])
        return [_info(r, counts.get(r["id"])) for r in rows]

    def count_articles(self) -> int:
        return int(self._rows("SELECT count(*) FROM article")[0][0])

    def has_article(self, article_id: int) -> bool:
        return bool(self._rows("SELECT 1 FROM article WHERE id = ?", [article_id]))

    def get_article(self, article_id: int) -> ArticleDoc:
        """``core.articles.get_article``: the text, and the snapshot's size without it."""
        rows = self._rows(
            f"SELECT {_LIST_COLUMNS}, text, raw_media_type, "
            "CASE WHEN raw_bytes IS NULL THEN 0 "
            "WHEN typeof(raw_bytes) = 'blob' THEN length(raw_bytes) "
            "ELSE length(CAST(raw_bytes AS BLOB)) END AS raw_size "
            "FROM article WHERE id = ?",
            [article_id],
        )
        if not rows:
            raise NotFoundError(f"There is no article {article_id}.")
        row = rows[0]
        return ArticleDoc(
            info=_info(row, self._claim_counts([article_id]).get(article_id)),
            text=row["text"],
            raw_media_type=row["raw_media_type"],
            raw_size=int(row["raw_size"]),
        )

    def list_claims(self, article_id: int) -> list[ClaimRecord]:
        """``core.claims.list_claims(article_id=...)``: in text order, with evidence counts."""
        rows = self._rows(
            f"SELECT {_CLAIM_COLUMNS}, "
            "(SELECT count(*) FROM evidence e WHERE e.claim_id = c.id) AS n_evidence "
            "FROM claim c WHERE c.article_id = ? ORDER BY c.article_id, c.pos_start, c.id",
            [article_id],
        )
        return [_claim(r) for r in rows]

    def list_sources(self) -> list[tuple[SourceRecord, list[int]]]:
        """``core.sources.list_sources``: newest first, each with the claims it backs."""
        rows = self._rows(
            "SELECT id, url, title, publisher, author, published_at, accessed_at, kind, "
            "snapshot_sha256, snapshot_media_type, notes, created_at, archived_at, archive_note "
            "FROM source ORDER BY created_at DESC, id"
        )
        backing: dict[int, list[int]] = {}
        for source_id, claim_id in self._rows(
            "SELECT source_id, claim_id FROM evidence ORDER BY claim_id"
        ):
            claims = backing.setdefault(source_id, [])
            if claim_id not in claims:
                claims.append(claim_id)
        return [(_source(r), backing.get(r["id"], [])) for r in rows]

    def dismissed_suggestions(self, article_id: int) -> set[tuple[int, int, str]]:
        """``core.suggestions.dismissed``: (start, end, quote) of each dismissed one."""
        rows = self._rows(
            "SELECT pos_start, pos_end, quote FROM dismissed_suggestion WHERE article_id = ?",
            [article_id],
        )
        return {(a, b, q) for a, b, q in rows}

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> QuickDesk:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def open_quick(target: str | Path) -> QuickDesk | None:
    """A read-only view of the SQLite desk at ``target``, or ``None`` when start-up must
    take the normal path: no such file, an empty, foreign or damaged file, a desk at
    another schema revision, or a team desk (a URL or ``profile:NAME``)."""
    text = str(target)
    if "://" in text or text.startswith(("postgres", "profile:")):
        return None
    path = Path(text).expanduser()
    try:
        if not path.is_file():
            return None
        with path.open("rb") as fh:
            if fh.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                return None
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except (OSError, sqlite3.Error):
        return None
    try:
        con.row_factory = sqlite3.Row
        con.execute("PRAGMA busy_timeout=5000")
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        if row is None or row[0] != HEAD_REVISION:
            con.close()
            return None
    except sqlite3.Error:
        con.close()
        return None
    return QuickDesk(con, path)
