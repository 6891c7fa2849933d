"""Plain data that crosses layer boundaries.

Services return these (never ORM rows), importers produce ``ArticleDraft`` and the
suggestion pipeline produces ``Suggestion``.  The window wraps them in Qt item models.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from claimdesk.core.vocab import STATUS_INFO, Status


@dataclass(frozen=True)
class ArticleDraft:
    """An article as an importer read it, before it is stored.

    ``text`` is final: it is exactly what will be stored and what claims anchor into.
    """

    text: str
    title: str = ""
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    published_at: datetime | None = None
    retrieved_at: datetime | None = None
    language: str | None = None
    raw_bytes: bytes | None = None
    raw_media_type: str | None = None
    origin: str | None = None  # the path or URL it came from, for refresh
    place: str | None = None  # the dateline's place ("PARIS")
    # Where a page of the original starts in ``text`` (PDF imports): [(page_no, offset)].
    page_starts: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class ArticleInfo:
    """An article without its text, for lists."""

    id: int
    title: str
    url: str | None
    outlet: str | None
    author: str | None
    published_at: datetime | None
    retrieved_at: datetime | None
    language: str | None
    text_sha256: str
    created_at: datetime
    updated_at: datetime
    claim_counts: dict[str, int] = field(default_factory=dict)
    place: str | None = None  # the dateline's place (not read for lists)


@dataclass(frozen=True)
class ArticleDoc:
    """An article with its full text and snapshot metadata."""

    info: ArticleInfo
    text: str
    raw_media_type: str | None
    raw_size: int


@dataclass(frozen=True)
class Anchor:
    exact: str
    prefix: str
    suffix: str
    start: int
    end: int


@dataclass(frozen=True)
class ClaimRecord:
    id: int
    article_id: int
    anchor: Anchor
    orphaned: bool
    statement: str
    claimant: str | None
    claim_date: str | None
    status: str
    rationale: str
    priority: int
    tags: tuple[str, ...]
    kinds: tuple[str, ...]
    facets: dict[str, Any]
    created_by: str
    created_at: datetime
    updated_at: datetime
    version: int
    evidence_count: int = 0
    # the words quoted before a refresh or restore moved the claim onto other words
    # (None: unchanged, or reviewed since), and the article version that did it
    wording_before: str | None = None
    wording_version: int | None = None
    shared_evidence: int = 0  # evidence links of the other claims in its group

    @property
    def wording_changed(self) -> bool:
        return self.wording_before is not None

    @property
    def needs_recheck(self) -> bool:
        """A verdict given on words the article no longer says: kept until reviewed."""
        if self.wording_before is None:
            return False
        try:
            return STATUS_INFO[Status(self.status)].is_verdict
        except ValueError:
            return False


@dataclass(frozen=True)
class SourceRecord:
    id: int
    url: str | None
    title: str
    publisher: str | None
    author: str | None
    published_at: datetime | None
    accessed_at: datetime | None
    kind: str
    snapshot_sha256: str | None
    snapshot_media_type: str | None
    notes: str
    created_at: datetime
    archived_at: datetime | None = None  # the newest snapshot in the archive
    archive_note: str = ""  # what its capture said (e.g. the page needs JavaScript)

    @property
    def archive_label(self) -> str:
        """'archived 2026-12-02 14:03 · sha256 3f9a1c2e…', or '' with no snapshot."""
        if self.archived_at is None or not self.snapshot_sha256:
            return ""
        when = self.archived_at.strftime("%Y-%m-%d %H:%M")
        return f"archived {when} \u00b7 sha256 {self.snapshot_sha256[:8]}\u2026"


@dataclass(frozen=True)
class EvidenceRecord:
    id: int
    claim_id: int
    source: SourceRecord
    stance: str
    excerpt: str
    locator: str
    note: str
    created_by: str
    created_at: datetime
    shared_from: int | None = None  # linked to another claim of the group: that claim


@dataclass(frozen=True)
class HistoryRecord:
    id: int
    claim_id: int
    from_status: str | None
    to_status: str
    actor: str
    at: datetime
    rationale: str


@dataclass(frozen=True)
class Suggestion:
    """A check-worthy span proposed by the suggestion pipeline.

    Offsets are Python code points into the text that was analysed.
    """

    start: int
    end: int
    text: str
    sentence_start: int
    sentence_end: int
    score: float
    kinds: tuple[str, ...]
    claimant: str | None
    facets: dict[str, Any]
    reason: str
    pipeline: str = ""  # name and version of the pipeline that made it

    def to_json(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "sentence_start": self.sentence_start,
            "sentence_end": self.sentence_end,
            "score": round(self.score, 4),
            "kinds": list(self.kinds),
            "claimant": self.claimant,
            "facets": self.facets,
            "reason": self.reason,
        }
