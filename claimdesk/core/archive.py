"""The evidence archive: what each source said when the desk checked it.

A snapshot is the bytes exactly as served (or as attached from a file), with their media
type, the final address after redirects, the time, the SHA-256 and the readable text.
Snapshots are only ever added: capturing a source again keeps the earlier ones as its
versions.  The source row keeps the newest one's hash, media type and time
(``snapshot_sha256``, ``snapshot_media_type``, ``archived_at``) so that every list and
report shows "archived … · sha256 …" without reading the bytes.

``verify_archive`` re-hashes every snapshot and every article version, one row at a
time, so a desk with gigabytes of snapshots is checked in constant memory.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from claimdesk.core.articles import text_sha256
from claimdesk.core.ops import operation
from claimdesk.errors import NotFoundError, ValidationError
from claimdesk.store.models import Article, ArticleVersion, Evidence, Source, SourceSnapshot

MAX_SNAPSHOT_BYTES = 25 * 1024 * 1024  # the default cap (Settings can change it)


@dataclass(frozen=True)
class Capture:
    """What a capture or an attached file produced (``io.capture`` makes these)."""

    content: bytes
    media_type: str | None
    fetched_at: datetime
    text: str = ""
    requested_url: str | None = None
    final_url: str | None = None
    file_name: str | None = None
    note: str = ""  # e.g. "The page needs JavaScript: what the server sent is kept."


@dataclass(frozen=True)
class SnapshotInfo:
    id: int
    source_id: int
    captured_at: datetime
    sha256: str
    size: int
    media_type: str | None
    requested_url: str | None
    final_url: str | None
    file_name: str | None
    note: str
    captured_by: str
    has_content: bool  # False after a restore from a backup made with --no-snapshots

    @property
    def label(self) -> str:
        return f"archived {self.captured_at:%Y-%m-%d %H:%M} \u00b7 sha256 {self.sha256[:8]}\u2026"


@dataclass(frozen=True)
class SnapshotCopy:
    info: SnapshotInfo
    content: bytes | None
    text: str


def _info(row: SourceSnapshot, has_content: bool | None = None) -> SnapshotInfo:
    assert row.id is not None
    return SnapshotInfo(
        id=row.id,
        source_id=row.source_id,
        captured_at=row.captured_at,
        sha256=row.sha256,
        size=row.size,
        media_type=row.media_type,
        requested_url=row.requested_url,
        final_url=row.final_url,
        file_name=row.file_name,
        note=row.note,
        captured_by=row.captured_by,
        has_content=row.content is not None if has_content is None else has_content,
    )


def _source(session: Session, source_id: int) -> Source:
    row = session.get(Source, source_id)
    if row is None:
        raise NotFoundError(f"There is no source {source_id}; it may have been removed.")
    return row


def _mirror_newest(session: Session, source: Source) -> None:
    """The source row shows its newest snapshot (or none)."""
    newest = session.exec(
        select(SourceSnapshot)
        .where(SourceSnapshot.source_id == source.id)
        .order_by(col(SourceSnapshot.captured_at).desc(), col(SourceSnapshot.id).desc())
    ).first()
    source.snapshot_sha256 = newest.sha256 if newest else None
    source.snapshot_media_type = newest.media_type if newest else None
    source.archived_at = newest.captured_at if newest else None
    source.archive_note = newest.note if newest else None
    session.add(source)


@operation
def add_snapshot(
    session: Session,
    source_id: int,
    capture: Capture,
    *,
    actor: str,
    snapshot_id: int | None = None,
    max_bytes: int = MAX_SNAPSHOT_BYTES,
) -> SnapshotInfo:
    """Keep ``capture`` as the source's newest snapshot; ``snapshot_id`` puts a removed
    one back under its id (redo)."""
    source = _source(session, source_id)
    if not capture.content:
        raise ValidationError("The capture is empty; nothing was archived.")
    if len(capture.content) > max_bytes:
        raise ValidationError(
            f"The snapshot is {len(capture.content) / 1024 / 1024:.1f} MB, over the "
            f"{max_bytes / 1024 / 1024:g} MB archive limit; nothing was archived."
        )
    row = SourceSnapshot(
        id=snapshot_id,
        source_id=source_id,
        captured_at=capture.fetched_at,
        requested_url=capture.requested_url,
        final_url=capture.final_url,
        file_name=capture.file_name,
        media_type=capture.media_type,
        size=len(capture.content),
        sha256=hashlib.sha256(capture.content).hexdigest(),
        content=capture.content,
        text=capture.text,
        note=capture.note,
        captured_by=actor,
    )
    session.add(row)
    session.flush()
    _mirror_newest(session, source)
    session.flush()
    return _info(row, True)


@operation
def remove_snapshot(session: Session, snapshot_id: int) -> SnapshotInfo:
    """Undo of ``add_snapshot`` (the archive is otherwise append-only)."""
    row = session.get(SourceSnapshot, snapshot_id)
    if row is None:
        raise NotFoundError(f"There is no snapshot {snapshot_id}.")
    info = _info(row)
    source = _source(session, row.source_id)
    session.delete(row)
    session.flush()
    _mirror_newest(session, source)
    session.flush()
    return info


def _info_columns() -> tuple[object, ...]:
    c = SourceSnapshot
    return (
        c.id, c.source_id, c.captured_at, c.sha256, c.size, c.media_type, c.requested_url,
        c.final_url, c.file_name, c.note, c.captured_by, col(c.content).is_not(None),
    )  # fmt: skip


def snapshots(session: Session, source_id: int) -> list[SnapshotInfo]:
    """A source's snapshots, newest first (its versions), without their bytes."""
    _source(session, source_id)
    stmt = (
        select(*_info_columns())  # type: ignore[call-overload]
        .where(SourceSnapshot.source_id == source_id)
        .order_by(col(SourceSnapshot.captured_at).desc(), col(SourceSnapshot.id).desc())
    )
    return [SnapshotInfo(*r) for r in session.exec(stmt)]


def latest_snapshots(session: Session, source_ids: list[int]) -> dict[int, SnapshotInfo]:
    out: dict[int, SnapshotInfo] = {}
    for source_id in source_ids:
        found = snapshots(session, source_id)
        if found:
            out[source_id] = found[0]
    return out


def snapshot_copy(
    session: Session, snapshot_id: int | None = None, *, source_id: int | None = None
) -> SnapshotCopy:
    """One snapshot with its bytes and text (the newest of ``source_id`` if no id)."""
    if snapshot_id is None:
        if source_id is None:
            raise ValidationError("Name a snapshot or a source.")
        found = snapshots(session, source_id)
        if not found:
            raise NotFoundError(
                f"Source {source_id} has no archived copy yet; capture it or attach a file."
            )
        snapshot_id = found[0].id
    row = session.get(SourceSnapshot, snapshot_id)
    if row is None:
        raise NotFoundError(f"There is no snapshot {snapshot_id}.")
    return SnapshotCopy(_info(row), row.content, row.text)


def claims_citing(session: Session, source_id: int) -> list[int]:
    stmt = select(Evidence.claim_id).where(Evidence.source_id == source_id).distinct()
    return sorted(int(c) for c in session.exec(stmt))


# --- checking the archive ---------------------------------------------------------------


@dataclass(frozen=True)
class Mismatch:
    kind: str  # "snapshot" | "article version" | "article"
    row_id: int
    owner_id: int  # the source or the article
    label: str  # "source 3 “Title”, snapshot 7 of 2026-12-02 14:03"
    stored: str
    actual: str

    def describe(self) -> str:
        return (
            f"{self.label}: stored sha256 {self.stored[:16]}\u2026 but the bytes hash to "
            f"{self.actual[:16]}\u2026"
        )


@dataclass(frozen=True)
class ArchiveCheck:
    snapshots: int
    versions: int
    bytes_checked: int
    mismatches: tuple[Mismatch, ...]
    without_content: int = 0  # snapshots restored with their hash only


Progress = Callable[[int, int], None]  # rows done, rows in all


def _ids(session: Session, column: object) -> list[int]:
    return [int(i) for i in session.exec(select(column).order_by(column))]  # type: ignore[call-overload]


def _each(session: Session, model: type, ids: list[int]) -> Iterator[object]:
    # one row at a time: a snapshot may be 25 MB and there may be thousands of them
    for row_id in ids:
        row = session.get(model, row_id)
        if row is not None:
            yield row
            session.expunge(row)


def verify_archive(session: Session, progress: Progress | None = None) -> ArchiveCheck:
    """Re-hash every source snapshot and article version; report each mismatch."""
    snap_ids = _ids(session, SourceSnapshot.id)
    version_ids = _ids(session, ArticleVersion.id)
    article_ids = _ids(session, Article.id)
    total = len(snap_ids) + len(version_ids) + len(article_ids)
    done = size = empty = 0
    bad: list[Mismatch] = []
    titles = {int(i or 0): t for i, t in session.exec(select(Source.id, Source.title))}
    for snap in _each(session, SourceSnapshot, snap_ids):
        assert isinstance(snap, SourceSnapshot) and snap.id is not None
        done += 1
        if snap.content is None:
            empty += 1
        else:
            size += len(snap.content)
            actual = hashlib.sha256(snap.content).hexdigest()
            if actual != snap.sha256:
                title = titles.get(snap.source_id, "")
                bad.append(
                    Mismatch(
                        "snapshot",
                        snap.id,
                        snap.source_id,
                        f"source {snap.source_id} \u201c{title}\u201d, snapshot {snap.id} "
                        f"of {snap.captured_at:%Y-%m-%d %H:%M}",
                        snap.sha256,
                        actual,
                    )
                )
        if progress is not None:
            progress(done, total)
    for version in _each(session, ArticleVersion, version_ids):
        assert isinstance(version, ArticleVersion) and version.id is not None
        done += 1
        data = version.text.encode("utf-8")
        size += len(data)
        actual = hashlib.sha256(data).hexdigest()
        if actual != version.text_sha256:
            bad.append(
                Mismatch(
                    "article version",
                    version.id,
                    version.article_id,
                    f"article {version.article_id}, version {version.version}",
                    version.text_sha256,
                    actual,
                )
            )
        if progress is not None:
            progress(done, total)
    for article in _each(session, Article, article_ids):
        assert isinstance(article, Article) and article.id is not None
        done += 1
        actual = text_sha256(article.text)
        if actual != article.text_sha256:
            bad.append(
                Mismatch(
                    "article",
                    article.id,
                    article.id,
                    f"article {article.id} \u201c{article.title}\u201d (current text)",
                    article.text_sha256,
                    actual,
                )
            )
        if progress is not None:
            progress(done, total)
    return ArchiveCheck(len(snap_ids), len(version_ids), size, tuple(bad), empty)


def snapshot_count(session: Session) -> int:
    return int(session.exec(select(func.count()).select_from(SourceSnapshot)).one())
