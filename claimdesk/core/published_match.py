"""Has this been checked before?  A claim matched against the library of published checks.

The same rule as *Seen elsewhere* (``core.groups.find_matches``): the library's own
full-text index proposes the checks that share two of the sentence's rarest words, and
the desk's matcher (``claimdesk.nlp.matching.ENGLISH``, handed in: core does not
tokenise) scores them and refuses pairs whose figures, years, names or direction differ.
A published check can then be linked to a claim as evidence in one step.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from itertools import combinations
from typing import Any

from sqlalchemy import text
from sqlmodel import Session, col, select

from claimdesk.core.matcher import StatementMatcher
from claimdesk.core.published import CheckRecord, get_check, record
from claimdesk.core.sources import SourceDraft
from claimdesk.core.vocab import SourceKind, Stance
from claimdesk.store.models_published import PublishedCheck

CANDIDATES = 30  # checks scored per lookup, as for the desk's own claims
_FTS = "search_fts_published"


@dataclass(frozen=True)
class PublishedMatch:
    check: CheckRecord
    score: float
    reasons: tuple[str, ...]


def _sqlite_candidates(session: Session, words: list[str], n: int) -> list[tuple[int, str]]:
    count = text(f"SELECT count(*) FROM {_FTS} WHERE {_FTS} MATCH :q")
    held: dict[str, int] = {}
    for word in sorted(words, key=len, reverse=True)[:8]:
        quoted = '"' + word.replace('"', '""') + '"'
        held[quoted] = session.execute(count, {"q": quoted}).scalar_one()
    rare = sorted((q for q in held if held[q]), key=lambda q: held[q])[:5]
    if not rare:
        return []
    expr = (
        rare[0]
        if len(rare) < 2
        else " OR ".join(f"({a} AND {b})" for a, b in combinations(rare, 2))
    )
    rows = session.execute(
        text(
            "SELECT p.id, p.claim_reviewed FROM (SELECT rowid AS id FROM "
            f"{_FTS} WHERE {_FTS} MATCH :q ORDER BY bm25({_FTS}) LIMIT :n) best "
            "JOIN published_check p ON p.id = best.id"
        ),
        {"q": expr, "n": n},
    )
    return [(int(i), str(s)) for i, s in rows]


def _postgres_candidates(session: Session, words: list[str], n: int) -> list[tuple[int, str]]:
    config = "claimdesk"
    count = text(f"SELECT count(*) FROM {_FTS} WHERE tsv @@ phraseto_tsquery('{config}', :w)")
    held = {
        w: session.execute(count, {"w": w}).scalar_one()
        for w in sorted(words, key=len, reverse=True)[:8]
    }
    rare = sorted((w for w in held if held[w]), key=lambda w: held[w])[:5]
    if not rare:
        return []
    params: dict[str, Any] = {"n": n} | {f"w{i}": w for i, w in enumerate(rare)}
    term = {w: f"phraseto_tsquery('{config}', :w{i})" for i, w in enumerate(rare)}
    pairs = [f"({term[a]} && {term[b]})" for a, b in combinations(rare, 2)]
    query = " || ".join(pairs) if pairs else term[rare[0]]
    rows = session.execute(
        text(
            f"SELECT p.id, p.claim_reviewed FROM (SELECT f.id, ts_rank(f.tsv, q.q) AS r FROM "
            f"{_FTS} f, (SELECT {query} AS q) q WHERE f.tsv @@ q.q ORDER BY r DESC LIMIT :n) "
            "best JOIN published_check p ON p.id = best.id"
        ),
        params,
    )
    return [(int(i), str(s)) for i, s in rows]


def find_published(
    session: Session,
    sentence: str,
    *,
    matcher: StatementMatcher,
    limit: int = 5,
    min_score: float | None = None,
) -> list[PublishedMatch]:
    """Published checks of the same claim as ``sentence``, best first."""
    words = matcher.keywords(sentence)
    if not words:
        return []
    on_server = session.get_bind().dialect.name == "postgresql"
    rows = (_postgres_candidates if on_server else _sqlite_candidates)(session, words, CANDIDATES)
    least = matcher.threshold if min_score is None else min_score
    scored = [(matcher.compare(sentence, st), cid) for cid, st in rows]
    kept = sorted(
        ((r, cid) for r, cid in scored if r.agrees and r.score >= least), key=lambda p: -p[0].score
    )[:limit]
    if not kept:
        return []
    by_id = {
        row.id: record(row)
        for row in session.exec(
            select(PublishedCheck).where(col(PublishedCheck.id).in_([cid for _, cid in kept]))
        )
    }
    return [PublishedMatch(by_id[cid], r.score, r.reasons) for r, cid in kept if cid in by_id]


def claim_statement(session: Session, claim_id: int) -> str:
    from claimdesk.core.claims import claim_row

    return claim_row(session, claim_id).statement


def find_for_claim(
    session: Session, claim_id: int, *, matcher: StatementMatcher, limit: int = 5
) -> list[PublishedMatch]:
    return find_published(session, claim_statement(session, claim_id), matcher=matcher, limit=limit)


def checked_marks(
    session: Session, sentences: Iterable[str], *, matcher: StatementMatcher
) -> dict[str, PublishedMatch]:
    """The best published check of each sentence that has one (the suggestion list's
    mark)."""
    out: dict[str, PublishedMatch] = {}
    for s in dict.fromkeys(sentences):
        found = find_published(session, s, matcher=matcher, limit=1)
        if found:
            out[s] = found[0]
    return out


def summarize(matches: list[PublishedMatch]) -> str:
    if not matches:
        return "No published fact-check of this claim in the library."
    best = matches[0].check
    more = f" (and {len(matches) - 1} more)" if len(matches) > 1 else ""
    return f"Checked by {best.summary}{more}"


# --- as evidence ------------------------------------------------------------------------

_TRUE = ("true", "correct", "accurate", "right", "verdadero", "vrai")
_FALSE = ("false", "fake", "pants on fire", "incorrect", "wrong", "untrue", "falso", "faux")
_MIXED = ("half", "mostly", "partly", "partially", "mixed", "misleading", "missing context")


def stance_for(check: CheckRecord) -> Stance:
    """What a published verdict says of the claim: a true rating supports it, a false one
    contradicts it, anything between (or no rating) gives context."""
    words = (check.rating_name or "").lower()
    if words:
        if any(w in words for w in _MIXED):
            return Stance.CONTEXT
        if any(w in words for w in _FALSE):
            return Stance.CONTRADICTS
        if any(w in words for w in _TRUE):
            return Stance.SUPPORTS
    try:
        value = float(check.rating_value or "")
        best = float(check.best_rating or "")
        worst = float(check.worst_rating or "1")
    except ValueError:
        return Stance.CONTEXT
    if best == worst:
        return Stance.CONTEXT
    share = (value - worst) / (best - worst)
    return (
        Stance.SUPPORTS
        if share >= 0.75
        else Stance.CONTRADICTS
        if share <= 0.25
        else Stance.CONTEXT
    )


def _published_at(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        from datetime import UTC

        day = datetime.fromisoformat(value)
    except ValueError:
        return None
    return day if day.tzinfo else day.replace(tzinfo=UTC)


def excerpt_of(check: CheckRecord) -> str:
    """The evidence excerpt: who rated what, how, and when."""
    rating = check.rating or "no rating"
    when = check.summary.split(": ")[0]
    return f"{when} rated \u201c{check.claim_reviewed}\u201d: {rating}."


def evidence_of(check: CheckRecord) -> tuple[SourceDraft, str, str]:
    """(the source, the stance, the excerpt) of a published check linked as evidence."""
    title = check.review_title or f"Fact-check by {check.publisher}"
    notes = f"Published ClaimReview (library batch {check.batch_id})." + (
        f" Claimant: {check.claimant}." if check.claimant else ""
    )
    draft = SourceDraft(
        url=check.review_url,
        title=title,
        publisher=check.publisher,
        published_at=_published_at(check.review_date),
        kind=SourceKind.FACT_CHECK.value,
        notes=notes,
    )
    return draft, stance_for(check).value, excerpt_of(check)


def source_with_url(session: Session, url: str) -> int | None:
    """The desk's source already at ``url`` (a check linked before), if any."""
    row = session.execute(
        text("SELECT id FROM source WHERE url = :u ORDER BY id LIMIT 1"), {"u": url}
    )
    found = row.scalar_one_or_none()
    return int(found) if found is not None else None


def check_for_evidence(session: Session, check_id: int) -> tuple[CheckRecord, int | None]:
    check = get_check(session, check_id)
    return check, source_with_url(session, check.review_url)
