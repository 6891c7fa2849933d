"""The report model: what a published report says, as plain data.

``build_report`` turns a scope (one article, chosen claims, a filter, or the whole desk)
into a ``Report`` that every exporter reads.  Exporters never touch the database, so the
same report renders identically as HTML, PDF, Markdown, CSV or JSON-LD.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import Session, col, select

from claimdesk.core.report_rows import (
    EvidenceRow,
    HistoryRow,
    collapse_round_trips,
    evidence_rows,
    history_rows,
)
from claimdesk.core.vocab import STATUS_INFO, Status
from claimdesk.errors import NotFoundError, ValidationError
from claimdesk.store.models import Article, Claim
from claimdesk.store.types import utcnow

CONTEXT_CHARS = 160  # enough of the article around a quote for a reader to judge it
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Scope:
    """Which claims a report covers.  Every field left empty means "no restriction"."""

    article_id: int | None = None
    claim_ids: tuple[int, ...] = ()
    statuses: tuple[str, ...] = ()
    tag: str | None = None
    outlet: str | None = None
    claimant: str | None = None
    # Applied to the article's publication date (its retrieval date when unknown): the
    # question editors ask is "what did we check about last week's coverage".
    date_from: date | None = None
    date_to: date | None = None

    def describe(self) -> str:
        parts: list[str] = []
        if self.article_id is not None:
            parts.append(f"article {self.article_id}")
        if self.claim_ids:
            parts.append("claims " + ", ".join(str(i) for i in self.claim_ids))
        if self.statuses:
            parts.append(
                "status " + " or ".join(STATUS_INFO[Status(s)].label for s in self.statuses)
            )
        if self.tag:
            parts.append(f"tag \u201c{self.tag}\u201d")
        if self.outlet:
            parts.append(f"outlet \u201c{self.outlet}\u201d")
        if self.claimant:
            parts.append(f"claimant \u201c{self.claimant}\u201d")
        if self.date_from or self.date_to:
            start, end = self.date_from or "\u2026", self.date_to or "\u2026"
            parts.append(f"published {start} to {end}")
        return "; ".join(parts) if parts else "the whole desk"


@dataclass(frozen=True)
class ReportClaim:
    number: int  # 1-based position in the report, used for highlights and cross-references
    id: int
    article_id: int
    quote: str
    prefix: str  # the stored anchor context (32 characters), used by annotation exports
    suffix: str
    context_before: str  # article text just before the quote, cut at a word boundary
    context_after: str
    start: int
    end: int
    orphaned: bool
    statement: str
    claimant: str | None
    claim_date: str | None
    status: str
    status_label: str
    status_colour: str
    is_verdict: bool
    rationale: str
    tags: tuple[str, ...]
    kinds: tuple[str, ...]
    priority: int
    facets: dict[str, Any]
    created_at: datetime
    updated_at: datetime
    verdict_at: datetime | None  # when the current status was set
    evidence: tuple[EvidenceRow, ...]
    history: tuple[HistoryRow, ...]
    wording_before: str | None = None  # the words quoted before the article changed them
    needs_recheck: bool = False  # a verdict given on words the article no longer says


@dataclass(frozen=True)
class ReportArticle:
    id: int
    title: str
    url: str | None
    outlet: str | None
    author: str | None
    published_at: datetime | None
    retrieved_at: datetime | None
    text_sha256: str
    text: str
    claim_numbers: tuple[int, ...]


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    colour: str
    count: int


@dataclass(frozen=True)
class Report:
    title: str
    organisation: str
    generated_at: datetime
    scope: str
    articles: tuple[ReportArticle, ...]
    claims: tuple[ReportClaim, ...]
    summary: tuple[StatusCount, ...] = field(default=())
    with_history: bool = True  # off for reports to publish: no History sections

    def article(self, article_id: int) -> ReportArticle:
        for a in self.articles:
            if a.id == article_id:
                return a
        raise KeyError(article_id)


def _context(text: str, start: int, end: int) -> tuple[str, str]:
    before = text[max(0, start - CONTEXT_CHARS) : start]
    after = text[end : end + CONTEXT_CHARS]
    # Cut at a word boundary so the context never starts or ends mid-word.
    if start > CONTEXT_CHARS and " " in before:
        before = "\u2026" + before[before.index(" ") + 1 :]
    if end + CONTEXT_CHARS < len(text) and " " in after:
        after = after[: after.rindex(" ")] + "\u2026"
    # Paragraph breaks read as a single space in a quoted excerpt.
    return _SPACES.sub(" ", before), _SPACES.sub(" ", after)


def _as_date(value: datetime | None) -> date | None:
    return value.astimezone(UTC).date() if value else None


def _select_claims(session: Session, scope: Scope) -> list[Claim]:
    stmt = select(Claim)
    if scope.article_id is not None:
        if session.get(Article, scope.article_id) is None:
            raise NotFoundError(f"There is no article {scope.article_id}.")
        stmt = stmt.where(Claim.article_id == scope.article_id)
    if scope.claim_ids:
        stmt = stmt.where(col(Claim.id).in_(list(scope.claim_ids)))
    if scope.statuses:
        stmt = stmt.where(col(Claim.status).in_([str(s) for s in scope.statuses]))
    stmt = stmt.order_by(col(Claim.article_id), col(Claim.pos_start), col(Claim.id))
    rows = list(session.exec(stmt))
    if scope.claim_ids:
        missing = sorted(set(scope.claim_ids) - {r.id for r in rows if r.id is not None})
        if missing and not (scope.article_id or scope.statuses):
            raise NotFoundError("There is no claim " + ", ".join(map(str, missing)) + ".")
    if scope.tag:  # tags are a JSON list: filtered here to stay portable across databases
        rows = [r for r in rows if scope.tag in (r.tags or [])]
    if scope.claimant:
        wanted = scope.claimant.casefold()
        rows = [r for r in rows if wanted in (r.claimant or "").casefold()]
    return rows


def _article_rows(session: Session, ids: set[int], scope: Scope) -> dict[int, Article]:
    if not ids:
        return {}
    found = session.exec(select(Article).where(col(Article.id).in_(sorted(ids))))
    articles: dict[int, Article] = {}
    for a in found:
        assert a.id is not None
        if scope.outlet and scope.outlet.casefold() not in (a.outlet or "").casefold():
            continue
        day = _as_date(a.published_at or a.retrieved_at)
        if scope.date_from and (day is None or day < scope.date_from):
            continue
        if scope.date_to and (day is None or day > scope.date_to):
            continue
        articles[a.id] = a
    return articles


def _info(status: str) -> tuple[str, str, bool]:
    try:
        info = STATUS_INFO[Status(status)]
    except ValueError:  # a status from a newer claimdesk: show it rather than fail
        return status, "#c9ced6", False
    return info.label, info.colour, info.is_verdict


def build_report(
    session: Session,
    scope: Scope | None = None,
    *,
    organisation: str = "",
    title: str | None = None,
    generated_at: datetime | None = None,
    with_history: bool = True,
) -> Report:
    """Everything a report about ``scope`` shows, in text order (article, then position)."""
    scope = scope or Scope()
    for s in scope.statuses:
        if s not in {st.value for st in Status}:
            raise ValidationError(f"Unknown status '{s}'.")
    rows = _select_claims(session, scope)
    articles = _article_rows(session, {r.article_id for r in rows}, scope)
    rows = [r for r in rows if r.article_id in articles]
    ids = [r.id for r in rows if r.id is not None]
    evidence = evidence_rows(session, ids)
    history = history_rows(session, ids)

    claims: list[ReportClaim] = []
    numbers: dict[int, list[int]] = {}
    for n, r in enumerate(rows, start=1):
        assert r.id is not None
        text = articles[r.article_id].text
        if r.orphaned or text[r.pos_start : r.pos_end] != r.quote_exact:
            before, after = r.quote_prefix, r.quote_suffix  # the text moved: use the anchor
        else:
            before, after = _context(text, r.pos_start, r.pos_end)
        label, colour, is_verdict = _info(r.status)
        hist = history.get(r.id, [])
        verdict_at = next((h.at for h in reversed(hist) if h.to_status == r.status), None)
        hist = collapse_round_trips(hist) if with_history else []
        claims.append(
            ReportClaim(
                number=n,
                id=r.id,
                article_id=r.article_id,
                quote=r.quote_exact,
                prefix=r.quote_prefix,
                suffix=r.quote_suffix,
                context_before=before,
                context_after=after,
                start=r.pos_start,
                end=r.pos_end,
                orphaned=r.orphaned,
                statement=r.statement,
                claimant=r.claimant,
                claim_date=r.claim_date,
                status=r.status,
                status_label=label,
                status_colour=colour,
                is_verdict=is_verdict,
                rationale=r.rationale,
                tags=tuple(r.tags or ()),
                kinds=tuple(r.kinds or ()),
                priority=r.priority,
                facets=dict(r.facets or {}),
                created_at=r.created_at,
                updated_at=r.updated_at,
                verdict_at=verdict_at,
                evidence=tuple(evidence.get(r.id, [])),
                history=tuple(hist),
                wording_before=r.wording_before,
                needs_recheck=r.wording_before is not None and is_verdict,
            )
        )
        numbers.setdefault(r.article_id, []).append(n)

    report_articles = tuple(
        ReportArticle(
            id=a.id or 0,
            title=a.title,
            url=a.url,
            outlet=a.outlet,
            author=a.author,
            published_at=a.published_at,
            retrieved_at=a.retrieved_at,
            text_sha256=a.text_sha256,
            text=a.text,
            claim_numbers=tuple(numbers[a.id or 0]),
        )
        for a in sorted(articles.values(), key=lambda a: a.id or 0)
        if (a.id or 0) in numbers
    )
    counts = Counter(c.status for c in claims)
    summary = tuple(
        StatusCount(s.value, i.label, i.colour, counts.get(s.value, 0))
        for s, i in STATUS_INFO.items()
    )
    if title is None:
        title = (
            f"Fact check: {report_articles[0].title}"
            if len(report_articles) == 1
            else "Fact-check report"
        )
    return Report(
        title=title,
        organisation=organisation,
        generated_at=generated_at or utcnow(),
        scope=scope.describe(),
        articles=report_articles,
        claims=tuple(claims),
        summary=summary,
        with_history=with_history,
    )


__all__ = [
    "EvidenceRow",
    "HistoryRow",
    "Report",
    "ReportArticle",
    "ReportClaim",
    "Scope",
    "StatusCount",
    "build_report",
    "collapse_round_trips",
]
