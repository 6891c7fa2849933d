"""Correcting an article's details, and deleting an article with everything hung on it.

An edit names the fields it changes and what the analyst saw in them; a field someone
else has changed since is a conflict (a team desk), and every edit appends a row to the
article's history (``article_edit``).  A delete takes the article's claims, their
evidence links and history, its versions, checks and dismissed suggestions; it returns
everything needed to put it all back under the same ids (undo in the window).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from claimdesk.core.claims import DeletedClaim, delete_claim_rows, restore_claim_rows
from claimdesk.core.convert import article_info
from claimdesk.core.dates import DateTextError, parse_date
from claimdesk.core.ops import operation
from claimdesk.core.records import ArticleInfo
from claimdesk.core.urls import check_url
from claimdesk.errors import ConflictError, NotFoundError, ValidationError
from claimdesk.store.models import (
    Article,
    ArticleCheck,
    ArticleEdit,
    ArticleVersion,
    Claim,
    DismissedSuggestion,
    Evidence,
    StatusChange,
)
from claimdesk.store.types import utcnow

FIELDS = ("title", "outlet", "author", "published_at", "url", "place")
LABELS = {
    "title": "title",
    "outlet": "outlet",
    "author": "author",
    "published_at": "published date",
    "url": "address",
    "place": "place",
}
MAX_FIELD = 1_000


def _gone(article_id: int) -> NotFoundError:
    return NotFoundError(f"There is no article {article_id}; it may have been deleted.")


def parse_published(text: str) -> datetime | None:
    """A typed publication date (YYYY-MM-DD, or a full ISO time) as UTC; empty is None."""
    typed = text.strip()
    if not typed:
        return None
    try:
        day = parse_date(typed)
    except DateTextError as exc:
        try:
            moment = datetime.fromisoformat(typed)
        except ValueError:
            raise ValidationError(f"Published date: {exc}") from None
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    assert day is not None
    return datetime.combine(day, time(0, 0), tzinfo=UTC)


def clean_changes(changes: dict[str, Any]) -> dict[str, Any]:
    """The fields as they will be stored; bad input is refused with the reason."""
    unknown = set(changes) - set(FIELDS)
    if unknown:
        raise ValidationError(
            f"These article fields cannot be edited: {', '.join(sorted(unknown))}."
        )
    out: dict[str, Any] = {}
    for name, value in changes.items():
        if name == "published_at":
            if isinstance(value, date) and not isinstance(value, datetime):
                value = datetime.combine(value, time(0, 0), tzinfo=UTC)
            out[name] = parse_published(value) if isinstance(value, str) else value
            continue
        text = " ".join(str(value or "").split())
        if len(text) > MAX_FIELD:
            raise ValidationError(
                f"The {LABELS[name]} is at most {MAX_FIELD:,} characters; nothing was changed."
            )
        if name == "title":
            if not text:
                raise ValidationError("An article needs a title; it cannot be empty.")
            out[name] = text
        elif name == "url":
            out[name] = check_url(text or None, what="an article address")
        else:
            out[name] = text or None
    return out


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, datetime) and isinstance(b, datetime):
        return a.astimezone(UTC) == b.astimezone(UTC)
    return bool(a == b)


def article_values(info: ArticleInfo) -> dict[str, Any]:
    """The editable fields of an article as a view shows them."""
    return {name: getattr(info, name) for name in FIELDS}


@operation
def edit_article(
    session: Session,
    article_id: int,
    changes: dict[str, Any],
    *,
    actor: str,
    expect: dict[str, Any] | None = None,
) -> ArticleInfo:
    """Change an article's details.  ``expect`` holds what the analyst saw in the fields
    being changed: a field that holds something else now was changed by someone else,
    and the edit is refused as a conflict so their change is not overwritten."""
    clean = clean_changes(changes)
    row = session.get(Article, article_id, populate_existing=True)
    if row is None:
        raise _gone(article_id)
    for name, seen in (expect or {}).items():
        if name in FIELDS and not _same(getattr(row, name), seen):
            raise ConflictError(
                f"The {LABELS[name]} of article {article_id} was changed by someone else "
                "since you opened it; it was left as they saved it."
            )
    diff = {
        name: [_json(getattr(row, name)), _json(value)]
        for name, value in clean.items()
        if not _same(getattr(row, name), value)
    }
    if diff:
        for name in diff:
            setattr(row, name, clean[name])
        now = utcnow()
        row.updated_at = now
        session.add(row)
        session.add(ArticleEdit(article_id=article_id, changes=diff, actor=actor, at=now))
        session.flush()
    return replace(article_info(row, _counts(session, article_id)), place=row.place)


def _counts(session: Session, article_id: int) -> dict[str, int]:
    rows = session.exec(
        select(Claim.status, func.count())
        .where(Claim.article_id == article_id)
        .group_by(col(Claim.status))
    )
    return {str(s): int(n) for s, n in rows}


@dataclass(frozen=True)
class ArticleEditEntry:
    at: datetime
    actor: str
    changes: dict[str, list[Any]]

    def describe(self) -> str:
        parts = []
        for name, (old, new) in self.changes.items():
            label = LABELS.get(name, name)
            parts.append(f"{label} \u201c{old or ''}\u201d \u2192 \u201c{new or ''}\u201d")
        return "; ".join(parts)


def article_history(session: Session, article_id: int) -> list[ArticleEditEntry]:
    if session.get(Article, article_id) is None:
        raise _gone(article_id)
    rows = session.exec(
        select(ArticleEdit)
        .where(ArticleEdit.article_id == article_id)
        .order_by(col(ArticleEdit.at), col(ArticleEdit.id))
    )
    return [ArticleEditEntry(r.at, r.actor, dict(r.changes)) for r in rows]


# deleting -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class DeleteCounts:
    claims: int
    evidence: int
    history: int

    def sentence(self) -> str:
        return (
            f"{self.claims} claim(s), {self.evidence} evidence link(s) and "
            f"{self.history} history entr{'y' if self.history == 1 else 'ies'}"
        )


def delete_counts(session: Session, article_id: int) -> DeleteCounts:
    """What deleting an article takes with it, for the confirmation."""
    if session.get(Article, article_id) is None:
        raise _gone(article_id)
    claim_ids = select(Claim.id).where(Claim.article_id == article_id)
    n_claims = session.exec(
        select(func.count()).select_from(Claim).where(Claim.article_id == article_id)
    ).one()
    n_evidence = session.exec(
        select(func.count()).select_from(Evidence).where(col(Evidence.claim_id).in_(claim_ids))
    ).one()
    n_history = session.exec(
        select(func.count())
        .select_from(StatusChange)
        .where(col(StatusChange.claim_id).in_(claim_ids))
    ).one()
    n_edits = session.exec(
        select(func.count()).select_from(ArticleEdit).where(ArticleEdit.article_id == article_id)
    ).one()
    return DeleteCounts(int(n_claims), int(n_evidence), int(n_history) + int(n_edits))


@dataclass(frozen=True)
class DeletedArticle:
    """Everything needed to put a deleted article back exactly as it was."""

    article: dict[str, Any]
    claims: tuple[DeletedClaim, ...]
    more: dict[str, tuple[dict[str, Any], ...]]
    counts: DeleteCounts

    @property
    def article_id(self) -> int:
        return int(self.article["id"])

    @property
    def title(self) -> str:
        return str(self.article.get("title") or "")


_MORE = (
    ("versions", ArticleVersion),
    ("checks", ArticleCheck),
    ("dismissed", DismissedSuggestion),
    ("edits", ArticleEdit),
)


def _as_dict(row: Any) -> dict[str, Any]:
    return {c.name: getattr(row, c.name) for c in row.__table__.columns}


@operation
def delete_article(session: Session, article_id: int) -> DeletedArticle:
    """Delete an article with its claims, their evidence links and history, its versions,
    checks, dismissed suggestions and edit history, in one transaction."""
    row = session.get(Article, article_id)
    if row is None:
        raise _gone(article_id)
    counts = delete_counts(session, article_id)
    claim_ids = list(
        session.exec(select(Claim.id).where(Claim.article_id == article_id).order_by(col(Claim.id)))
    )
    gone_claims = tuple(
        delete_claim_rows(session, int(cid)) for cid in claim_ids if cid is not None
    )
    more: dict[str, tuple[dict[str, Any], ...]] = {}
    for name, model in _MORE:
        rows = session.exec(select(model).where(model.article_id == article_id)).all()
        more[name] = tuple(_as_dict(r) for r in rows)
        session.execute(delete(model).where(col(model.article_id) == article_id))
    snapshot = DeletedArticle(_as_dict(row), gone_claims, more, counts)
    session.execute(delete(Article).where(col(Article.id) == article_id))
    session.expunge(row)
    session.flush()
    return snapshot


@operation
def restore_article(session: Session, deleted: DeletedArticle) -> ArticleInfo:
    """Put a deleted article back under its id with everything it had (undo)."""
    if session.get(Article, deleted.article_id) is not None:
        raise ValidationError(f"Article {deleted.article_id} already exists.")
    row = Article(**deleted.article)
    session.add(row)
    session.flush()
    for name, model in _MORE:
        session.add_all(model(**values) for values in deleted.more.get(name, ()))
    session.flush()
    for claim in deleted.claims:
        restore_claim_rows(session, claim)
    return article_info(row, _counts(session, deleted.article_id))
