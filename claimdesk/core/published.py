"""The library of published fact-checks: other organisations' ClaimReviews, in batches.

An importer (``claimdesk.io.claimreview_import``) reads files, pages and lookups into
``CheckDraft``s and ``Problem``s; ``import_checks`` writes one batch in one transaction:
a check whose review URL is already in the library is updated (and moves to the new
batch), never doubled.  ``remove_batch`` takes a batch out with its checks and
``restore_batch`` puts it back (undo).  Matching a claim against the library is in
``core.published_match``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, text, update
from sqlmodel import Session, col, select

from claimdesk.core.ops import operation
from claimdesk.errors import ImportFailed, NotFoundError
from claimdesk.store.models_published import CheckBatch, PublishedCheck
from claimdesk.store.types import utcnow

CHUNK = 500  # rows looked up and written per statement
MAX_PROBLEMS_KEPT = 200  # a file with a million bad items reports the first ones and a count


@dataclass(frozen=True)
class CheckDraft:
    """One ClaimReview as read, before it is in the library.  Text as published."""

    review_url: str
    claim_reviewed: str
    rating_value: str | None = None
    best_rating: str | None = None
    worst_rating: str | None = None
    rating_name: str | None = None  # reviewRating.alternateName
    claimant: str | None = None  # itemReviewed.author.name
    claimant_type: str | None = None  # Person or Organization
    claim_date: str | None = None  # itemReviewed.datePublished
    review_date: str | None = None  # datePublished
    organisation: str | None = None  # author.name
    organisation_url: str | None = None  # author.url
    language: str | None = None  # inLanguage
    appearance_url: str | None = None  # itemReviewed.appearance (or firstAppearance) url
    appearance_title: str | None = None
    review_title: str | None = None  # headline or name


DRAFT_FIELDS = tuple(f.name for f in fields(CheckDraft))


@dataclass(frozen=True)
class Problem:
    """An item (or a whole input) that could not be read: where, and why in a sentence."""

    where: str  # "item 3", "line 12", "script block 2", the file itself
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(frozen=True)
class CheckRecord(CheckDraft):
    id: int = 0
    batch_id: int = 0

    @property
    def rating(self) -> str:
        """The rating in words: "False", else "2 on a scale of 1 to 6", else ""."""
        if self.rating_name:
            return self.rating_name
        if self.rating_value:
            low, high = self.worst_rating or "1", self.best_rating
            return f"{self.rating_value} on a scale of {low} to {high}" if high else ""
        return ""

    @property
    def publisher(self) -> str:
        """The reviewing organisation, else the host of its address or of the review."""
        if self.organisation:
            return self.organisation
        from urllib.parse import urlsplit

        host = urlsplit(self.organisation_url or self.review_url).hostname or ""
        return host.removeprefix("www.") or "an unnamed organisation"

    @property
    def summary(self) -> str:
        """ "PolitiFact, 23 July 2014: False" """
        when = _day(self.review_date)
        head = self.publisher + (f", {when}" if when else "")
        return head + (f": {self.rating}" if self.rating else ": no rating given")


@dataclass(frozen=True)
class BatchRecord:
    id: int
    origin: str
    kind: str
    added: int
    updated: int
    problems: int
    imported_by: str
    imported_at: datetime
    checks: int  # held now (a later import may have taken some over)

    @property
    def label(self) -> str:
        return (
            f"Batch {self.id}: {self.origin} \u2014 {self.checks} check(s), "
            f"{self.imported_at:%-d %B %Y %H:%M} by {self.imported_by or 'someone'}"
        )


@dataclass(frozen=True)
class ImportReport:
    batch_id: int
    origin: str
    added: int
    updated: int
    problems: tuple[Problem, ...]
    more_problems: int = 0  # beyond the ones kept
    # the checks as they were before this import updated them, for undo
    replaced: tuple[CheckRecord, ...] = field(default=(), repr=False)

    def describe(self) -> str:
        n = len(self.problems) + self.more_problems
        said = f"Imported {self.added} new published check(s), updated {self.updated}"
        return said + (f"; {n} item(s) could not be read." if n else ".")


@dataclass(frozen=True)
class RemovedBatch:
    """A batch taken out with its checks, to put back as it was."""

    batch: dict[str, Any]
    checks: tuple[CheckRecord, ...]


def record(row: PublishedCheck) -> CheckRecord:
    assert row.id is not None
    values = {name: getattr(row, name) for name in DRAFT_FIELDS}
    return CheckRecord(id=row.id, batch_id=row.batch_id, **values)


def _day(value: str | None) -> str:
    if not value:
        return ""
    try:
        day = datetime.fromisoformat(value[:10])
    except ValueError:
        return value
    return f"{day:%-d %B %Y}"


def _chunks(items: Iterable[Any], n: int = CHUNK) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= n:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@operation
def import_checks(
    session: Session,
    items: Iterable[CheckDraft | Problem],
    *,
    origin: str,
    kind: str = "file",
    actor: str,
) -> ImportReport:
    """Write one batch: new checks added, known review URLs updated, problems counted.

    One transaction: an input in which nothing could be read raises ``ImportFailed``
    with its problems and leaves the library as it was.  ``items`` may be a generator
    over a file of any size; it is written in chunks, never held whole.
    """
    batch = CheckBatch(origin=origin, kind=kind, imported_by=actor)
    session.add(batch)
    session.flush()
    batch_id = int(batch.id or 0)
    problems: list[Problem] = []
    n_problems = added = updated = 0
    replaced: list[CheckRecord] = []
    now = utcnow()

    def drafts() -> Iterator[CheckDraft]:
        nonlocal n_problems
        for item in items:
            if isinstance(item, Problem):
                n_problems += 1
                if len(problems) < MAX_PROBLEMS_KEPT:
                    problems.append(item)
            else:
                yield item

    for chunk in _chunks(drafts()):
        # the same review twice in one input: the later one is kept
        by_url = {d.review_url: d for d in chunk}
        urls = list(by_url)
        known = {
            row.review_url: row
            for row in session.exec(
                select(PublishedCheck).where(col(PublishedCheck.review_url).in_(urls))
            )
        }
        new = [
            {**asdict(d), "batch_id": batch_id, "added_at": now}
            for url, d in by_url.items()
            if url not in known
        ]
        if new:
            session.execute(insert(PublishedCheck), new)
            added += len(new)
        changes = []
        for url, row in known.items():
            if row.batch_id != batch_id:
                replaced.append(record(row))
                updated += 1
            changes.append({"id": row.id, "batch_id": batch_id, **asdict(by_url[url])})
        if changes:
            session.execute(update(PublishedCheck), changes)
        session.expire_all()
    if not added and not updated:
        shown = "; ".join(map(str, problems[:5])) or "it holds no ClaimReview"
        extra = f" (and {n_problems - 5} more)" if n_problems > 5 else ""
        raise ImportFailed(f"Nothing was imported from {origin}: {shown}{extra}.")
    batch.added, batch.updated, batch.problems = added, updated, n_problems
    session.add(batch)
    session.flush()
    return ImportReport(
        batch_id,
        origin,
        added,
        updated,
        tuple(problems),
        n_problems - len(problems),
        tuple(replaced),
    )


def list_batches(session: Session) -> list[BatchRecord]:
    held = dict(
        session.execute(
            text("SELECT batch_id, count(*) FROM published_check GROUP BY batch_id")
        ).all()
    )
    rows = session.exec(select(CheckBatch).order_by(col(CheckBatch.id)))
    return [
        BatchRecord(
            int(b.id or 0), b.origin, b.kind, b.added, b.updated, b.problems,
            b.imported_by, b.imported_at, int(held.get(b.id, 0)),
        )
        for b in rows
    ]  # fmt: skip


def count_checks(session: Session) -> int:
    return int(session.execute(text("SELECT count(*) FROM published_check")).scalar_one())


def get_check(session: Session, check_id: int) -> CheckRecord:
    row = session.get(PublishedCheck, check_id)
    if row is None:
        raise NotFoundError(f"Published check {check_id} is not in the library.")
    return record(row)


def checks_of(session: Session, batch_id: int) -> list[CheckRecord]:
    rows = session.exec(
        select(PublishedCheck)
        .where(col(PublishedCheck.batch_id) == batch_id)
        .order_by(col(PublishedCheck.id))
    )
    return [record(r) for r in rows]


@operation
def remove_batch(session: Session, batch_id: int) -> RemovedBatch:
    """Take a batch and the checks it holds out of the library."""
    return _remove(session, batch_id)


def _remove(session: Session, batch_id: int) -> RemovedBatch:
    row = session.get(CheckBatch, batch_id)
    if row is None:
        raise NotFoundError(f"Batch {batch_id} is not in the library.")
    kept = row.model_dump()
    checks = tuple(checks_of(session, batch_id))
    session.execute(delete(PublishedCheck).where(col(PublishedCheck.batch_id) == batch_id))
    session.execute(delete(CheckBatch).where(col(CheckBatch.id) == batch_id))
    return RemovedBatch(kept, checks)


def _put_back(session: Session, checks: Iterable[CheckRecord]) -> None:
    for chunk in _chunks(checks):
        urls = [c.review_url for c in chunk]
        session.execute(delete(PublishedCheck).where(col(PublishedCheck.review_url).in_(urls)))
        session.execute(
            insert(PublishedCheck),
            [{**asdict(c), "added_at": utcnow()} for c in chunk],
        )


@operation
def restore_batch(session: Session, removed: RemovedBatch) -> ImportReport:
    """Undo ``remove_batch`` (or redo an import): the batch and its checks, same ids."""
    if session.get(CheckBatch, removed.batch["id"]) is not None:
        raise ImportFailed(f"Batch {removed.batch['id']} is already in the library.")
    session.add(CheckBatch(**removed.batch))
    session.flush()
    _put_back(session, removed.checks)
    b = removed.batch
    return ImportReport(b["id"], b["origin"], b["added"], b["updated"], ())


@operation
def undo_import(session: Session, report: ImportReport) -> RemovedBatch:
    """Take an import back: its batch goes, and the checks it updated are as they were
    (those whose own batch has been removed since stay out)."""
    removed = _remove(session, report.batch_id)
    batches = {b.id for b in session.exec(select(CheckBatch))}
    _put_back(session, (c for c in report.replaced if c.batch_id in batches))
    return RemovedBatch(removed.batch, removed.checks)
