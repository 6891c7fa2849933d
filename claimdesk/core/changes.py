"""What an edit changed, so that every view refreshes from one description of it.

An edit operation (``core.edits``) returns its value together with a ``ChangeSet``; the
window's runner hands the change set to every view through one signal.  A change set
carries the fresh records of the claims it changed, so a view can repaint a status
change without reading the database again; a view that needs more (a claim list whose
members changed, a library row) reads it off the UI thread.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from claimdesk.core.records import ClaimRecord


def _ids(values: Iterable[int]) -> frozenset[int]:
    return frozenset(int(v) for v in values)


@dataclass(frozen=True)
class ChangeSet:
    """Which claims, articles, sources, evidence and groups an edit changed."""

    # fresh records of claims whose fields, status or evidence count changed
    records: tuple[ClaimRecord, ...] = ()
    # every claim touched, including deleted ones and those a colleague changed
    claims: frozenset[int] = frozenset()
    # articles whose set of claims changed (a claim made, deleted or restored)
    claim_lists: frozenset[int] = frozenset()
    # articles whose row in the library (counts, title, dates) changed
    articles: frozenset[int] = frozenset()
    library: bool = False  # articles were added or removed
    sources: bool = False  # sources were added, removed or changed
    evidence: frozenset[int] = frozenset()  # claims whose evidence links changed
    groups: bool = False  # claim groups or "not the same" decisions changed
    dismissed: frozenset[int] = frozenset()  # articles whose dismissed suggestions changed
    saved_searches: bool = False
    published: bool = False  # the library of published fact-checks changed
    remote: bool = False  # made by someone else (a team-mate), seen by polling

    @classmethod
    def of_claims(
        cls, records: Iterable[ClaimRecord], *, evidence: Iterable[int] = (), **more: object
    ) -> ChangeSet:
        recs = tuple(records)
        return cls(
            records=recs,
            claims=_ids(r.id for r in recs),
            articles=_ids(r.article_id for r in recs),
            evidence=_ids(evidence),
            **more,  # type: ignore[arg-type]
        )

    @classmethod
    def claim_list(cls, article_id: int, claim_ids: Iterable[int] = ()) -> ChangeSet:
        """A claim was made, deleted or restored in ``article_id``."""
        return cls(
            claims=_ids(claim_ids),
            claim_lists=frozenset({article_id}),
            articles=frozenset({article_id}),
        )

    def __or__(self, other: ChangeSet) -> ChangeSet:
        newer = {r.id: r for r in (*self.records, *other.records)}
        return ChangeSet(
            records=tuple(newer.values()),
            claims=self.claims | other.claims,
            claim_lists=self.claim_lists | other.claim_lists,
            articles=self.articles | other.articles,
            library=self.library or other.library,
            sources=self.sources or other.sources,
            evidence=self.evidence | other.evidence,
            groups=self.groups or other.groups,
            dismissed=self.dismissed | other.dismissed,
            saved_searches=self.saved_searches or other.saved_searches,
            published=self.published or other.published,
            remote=self.remote and other.remote,
        )

    def __bool__(self) -> bool:
        return bool(
            self.records
            or self.claims
            or self.claim_lists
            or self.articles
            or self.library
            or self.sources
            or self.evidence
            or self.groups
            or self.dismissed
            or self.saved_searches
            or self.published
        )

    def touches_article(self, article_id: int | None) -> bool:
        if article_id is None:
            return False
        return (
            article_id in self.claim_lists
            or article_id in self.articles
            or any(r.article_id == article_id for r in self.records)
        )
