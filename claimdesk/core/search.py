"""Search everything: articles, claims, sources and evidence excerpts, ranked, with snippets.

``search(session, query, filters)`` is the one entry point.  ``core.query`` parses what
the user typed (plain words, "a phrase", prefix*, OR, -word / NOT word) and each dialect
renders the parsed query its own way: here an FTS5 expression in which every word is
quoted, so punctuation (don't, U.S., 9.4%) is never syntax.  The index is
dialect-specific: on SQLite, the FTS5 tables of migration 0004 kept in sync by triggers;
on PostgreSQL, tsvector tables of the same migration, searched by ``core.search_pg``.
``match_candidates`` gives ``groups.find_matches`` the claims worth scoring, from the
same index.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from itertools import combinations
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col, select

from claimdesk.core.ops import operation

# The names below are part of this module's interface (callers build filters and read hits
# through core.search); they live in core.query so that core.search_pg shares them.
from claimdesk.core.query import KINDS as KINDS
from claimdesk.core.query import MARK_END as MARK_END
from claimdesk.core.query import MARK_START as MARK_START
from claimdesk.core.query import SNIPPET_WORDS as SNIPPET_WORDS
from claimdesk.core.query import Query, Term, parse_query
from claimdesk.core.query import SearchFilters as SearchFilters
from claimdesk.core.query import SearchHit as SearchHit
from claimdesk.core.search_limits import bounded_query
from claimdesk.core.search_pg import search_postgresql
from claimdesk.core.vocab import parse_status
from claimdesk.errors import NotFoundError, ValidationError
from claimdesk.store.models import SavedSearch

RANK_WINDOW = 1000  # matches ranked per kind of result (the newest)


@dataclass(frozen=True)
class SavedSearchRecord:
    id: int
    name: str
    query: str
    filters: SearchFilters = field(default_factory=SearchFilters)
    created_by: str = ""


def _quote(term: Term) -> str:
    # Every word quoted: punctuation (don't, U.S., 9.4%) is never FTS5 syntax.
    return '"' + term.words.replace('"', '""') + '"' + (" *" if term.prefix else "")


def fts5_expression(query: Query) -> str:
    """The FTS5 MATCH expression of a parsed query."""
    expr = " AND ".join(
        _quote(g[0]) if len(g) == 1 else "(" + " OR ".join(map(_quote, g)) + ")"
        for g in query.groups
    )
    for term in query.excluded:
        expr = f"({expr}) NOT {_quote(term)}"
    return expr


# kind -> (FTS table, bm25 column weights, joins the filters need, the SQL of the details:
# id, title, article, claim, source, start, end, status).
_SQLITE: dict[str, tuple[str, str, str, str]] = {
    "claim": (
        "search_fts_claim",
        "2.0, 3.0, 1.0",
        "JOIN claim c ON c.id = f.rowid JOIN article a ON a.id = c.article_id",
        "SELECT c.id, substr(c.statement, 1, 120) || ' \u2014 ' || substr(a.title, 1, 80), "
        "c.article_id, c.id, NULL, c.pos_start, c.pos_end, c.status FROM claim c "
        "JOIN article a ON a.id = c.article_id WHERE c.id IN",
    ),
    "article": (
        "search_fts_article",
        "4.0, 1.0",
        "JOIN article a ON a.id = f.rowid",
        "SELECT id, title, id, NULL, NULL, NULL, NULL, NULL FROM article WHERE id IN",
    ),
    "evidence": (
        "search_fts_evidence",
        "1.0, 0.5",
        "JOIN evidence e ON e.id = f.rowid JOIN claim c ON c.id = e.claim_id "
        "JOIN article a ON a.id = c.article_id",
        "SELECT e.id, s.title || ' (evidence for claim ' || e.claim_id || ')', c.article_id, "
        "e.claim_id, e.source_id, NULL, NULL, c.status FROM evidence e "
        "JOIN claim c ON c.id = e.claim_id JOIN source s ON s.id = e.source_id WHERE e.id IN",
    ),
    "source": (
        "search_fts_source",
        "3.0, 1.0, 1.0",
        "JOIN source s ON s.id = f.rowid",
        "SELECT id, title, NULL, NULL, id, NULL, NULL, NULL FROM source WHERE id IN",
    ),
}


def _stamp(day: date) -> str:
    # UTCDateTime is stored on SQLite as naive UTC text in this exact format.
    return datetime(day.year, day.month, day.day).strftime("%Y-%m-%d %H:%M:%S.%f")


def _like(value: str) -> str:
    escaped = value.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _where(kind: str, flt: SearchFilters, params: dict[str, Any]) -> list[str] | None:
    """SQL conditions for one kind, or None when the filters rule the kind out."""
    if flt.kinds and kind not in flt.kinds:
        return None
    if flt.claim_only and kind not in ("claim", "evidence"):
        return None
    where: list[str] = []
    if flt.statuses:
        params.update({f"st{i}": status for i, status in enumerate(flt.statuses)})
        where.append(f"c.status IN ({', '.join(f':st{i}' for i in range(len(flt.statuses)))})")
    if flt.tag:
        params["tag"] = flt.tag.strip()
        where.append("EXISTS (SELECT 1 FROM json_each(c.tags) t WHERE t.value = :tag)")
    if flt.claimant:
        params["claimant"] = _like(flt.claimant)
        where.append("c.claimant LIKE :claimant ESCAPE '\\'")
    if flt.outlet:
        params["outlet"] = _like(flt.outlet)
        column = "s.publisher" if kind == "source" else "a.outlet"
        where.append(f"{column} LIKE :outlet ESCAPE '\\'")
    table = "s" if kind == "source" else "a"
    when = f"COALESCE({table}.published_at, {table}.created_at)"
    if flt.since:
        params["since"] = _stamp(flt.since)
        where.append(f"{when} >= :since")
    if flt.until:
        params["until"] = _stamp(flt.until + timedelta(days=1))
        where.append(f"{when} < :until")
    return where


def _check_filters(flt: SearchFilters) -> SearchFilters:
    unknown = [k for k in flt.kinds if k not in KINDS]
    if unknown:
        raise ValidationError(
            f"Unknown kind of result \u201c{unknown[0]}\u201d; use {', '.join(KINDS)}."
        )
    try:
        statuses = tuple(parse_status(s).value for s in flt.statuses)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    if flt.since and flt.until and flt.since > flt.until:
        raise ValidationError("The start date of the search comes after its end date.")
    return replace(flt, statuses=statuses)


def search(
    session: Session, query: str, filters: SearchFilters | None = None, *, limit: int = 50
) -> list[SearchHit]:
    """The best ``limit`` results for ``query`` over every kind, best first."""
    parsed = parse_query(bounded_query(query))
    flt = _check_filters(filters or SearchFilters())
    if session.get_bind().dialect.name == "postgresql":
        return search_postgresql(session, parsed, flt, limit, RANK_WINDOW)
    expr = fts5_expression(parsed)
    try:
        return _search_sqlite(session, expr, flt, limit)
    except OperationalError as exc:
        if "fts5" in str(exc).lower():
            raise ValidationError(
                "claimdesk could not understand that search; try plain words, or a phrase "
                'in double quotes such as "arms imports".'
            ) from None
        raise


def _search_sqlite(session: Session, expr: str, flt: SearchFilters, limit: int) -> list[SearchHit]:
    ranked: list[tuple[float, str, int]] = []
    for kind, (fts, weights, joins, _) in _SQLITE.items():
        params: dict[str, Any] = {"q": expr, "n": RANK_WINDOW}
        where = _where(kind, flt, params)
        if where is None:
            continue
        # Rank first and fetch snippets only for the winners (snippet() is costly).  A
        # word found in most of the desk would make bm25 score every row: only the newest
        # RANK_WINDOW matches of each kind are ranked, which keeps a search interactive.
        joins = joins if where else ""  # a join costs a row lookup per match: only if needed
        sql = (
            f"SELECT f.rowid, bm25({fts}, {weights}) FROM {fts} f {joins} "
            f"WHERE {fts} MATCH :q {''.join(' AND ' + w for w in where)} "
            "ORDER BY f.rowid DESC LIMIT :n"
        )
        rows = session.execute(text(sql), params).all()
        ranked.extend(sorted((score, kind, rowid) for rowid, score in rows)[:limit])
    ranked.sort()
    ranked = ranked[:limit]
    by_kind: dict[str, list[int]] = {}
    for _, kind, rowid in ranked:
        by_kind.setdefault(kind, []).append(rowid)
    details = {kind: _details(session, kind, expr, ids) for kind, ids in by_kind.items()}
    return [replace(details[kind][rowid], score=score) for score, kind, rowid in ranked]


def _details(session: Session, kind: str, expr: str, ids: list[int]) -> dict[int, SearchHit]:
    fts, _, _, detail = _SQLITE[kind]
    marks = f"'{MARK_START}', '{MARK_END}', '\u2026', {SNIPPET_WORDS}"
    id_list = ", ".join(str(int(i)) for i in ids)
    # Joined to a list of ids so that FTS5 seeks each row ("rowid = ?"); with "rowid IN"
    # it would walk every match of the query.
    values = ", ".join(f"({int(i)})" for i in ids)
    snippet_sql = (
        f"WITH wanted(id) AS (VALUES {values}) SELECT f.rowid, snippet({fts}, -1, {marks}) "
        f"FROM wanted CROSS JOIN {fts} f ON f.rowid = wanted.id WHERE {fts} MATCH :q"
    )
    snippets = dict(session.execute(text(snippet_sql), {"q": expr}).all())
    hits: dict[int, SearchHit] = {}
    for rid, title, aid, cid, sid, start, end, status in session.execute(
        text(f"{detail} ({id_list})")
    ):
        hits[rid] = SearchHit(
            kind, rid, title, snippets.get(rid, ""), 0.0, aid, cid, sid, start, end, status
        )
    return hits


def _candidate_query(session: Session, words: list[str], own_id: int | None) -> str | None:
    """Claims sharing two of the sentence's rarest words: counting a word's claims is cheap,
    and pairs of rare words keep the candidates few where one common word matches
    thousands."""
    count = text(
        "SELECT count(*) FROM search_fts_claim WHERE search_fts_claim MATCH :q AND rowid != :own"
    )
    held = {}
    for word in sorted(words, key=len, reverse=True)[:8]:
        quoted = '"' + word.replace('"', '""') + '"'
        held[quoted] = session.execute(count, {"q": quoted, "own": own_id or 0}).scalar_one()
    # Words no other claim holds cannot find a candidate: leave them out.
    rare = sorted((q for q in held if held[q]), key=lambda q: held[q])[:5]
    if len(rare) < 2:
        return rare[0] if rare else None
    return " OR ".join(f"({a} AND {b})" for a, b in combinations(rare, 2))


def match_candidates(
    session: Session, words: list[str], own_id: int | None, exclude_article: int | None, n: int
) -> list[tuple[int, str]]:
    """(claim id, statement) of the best ``n`` claims for ``groups.find_matches`` to score,
    from the FTS5 claim index."""
    expr = _candidate_query(session, words, own_id)
    if expr is None:
        return []
    params: dict[str, Any] = {"q": expr, "n": n}
    where = ""
    if exclude_article is not None:
        where, params["ex"] = " WHERE c.article_id != :ex", exclude_article
    # Rank inside the index first, then look up only the winners' rows.
    rows = session.execute(
        text(
            "SELECT c.id, c.statement FROM (SELECT rowid AS id FROM search_fts_claim "
            "WHERE search_fts_claim MATCH :q ORDER BY bm25(search_fts_claim, 1.0, 2.0, 0.0) "
            f"LIMIT :n) best JOIN claim c ON c.id = best.id{where}"
        ),
        params,
    )
    return [(int(cid), str(st)) for cid, st in rows]


def _saved(row: SavedSearch) -> SavedSearchRecord:
    assert row.id is not None
    flt = SearchFilters.from_json(row.filters)
    return SavedSearchRecord(row.id, row.name, row.query, flt, row.created_by)


@operation
def save_search(
    session: Session,
    name: str,
    query: str,
    filters: SearchFilters | None = None,
    *,
    actor: str,
    saved_id: int | None = None,
) -> SavedSearchRecord:
    """Name a search (replacing one of the same name); ``saved_id`` restores a deleted one."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError("A saved search needs a name.")
    parse_query(query)  # refuse to save what cannot be run
    flt = _check_filters(filters or SearchFilters())
    row = session.exec(select(SavedSearch).where(SavedSearch.name == name)).first()
    row = row or SavedSearch(id=saved_id, name=name, query=query, created_by=actor)
    row.query = query.strip()
    row.filters = flt.to_json()
    session.add(row)
    session.flush()
    return _saved(row)


def list_saved_searches(session: Session) -> list[SavedSearchRecord]:
    rows = session.exec(select(SavedSearch).order_by(col(SavedSearch.name)))
    return [_saved(r) for r in rows]


@operation
def delete_saved_search(session: Session, saved_id: int) -> SavedSearchRecord:
    """Forget a saved search; give the result back to ``save_search`` to undo."""
    row = session.get(SavedSearch, saved_id)
    if row is None:
        raise NotFoundError(f"There is no saved search {saved_id}.")
    rec = _saved(row)
    session.delete(row)
    session.flush()
    return rec
