"""Search and match candidates on a team desk (PostgreSQL text search).

The query parsed by ``claimdesk.core.query`` (which core.search renders as FTS5 on
SQLite) becomes here a tsquery built from bound parameters (so nothing the user types is
SQL), matched against the ``search_fts_*`` tables of
migration 0004 (tsvector + GIN, kept by triggers).  Ranks are ts_rank (negated, so lower
is better as with bm25) and snippets ts_headline with the same markers.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from itertools import combinations
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

from claimdesk.core.query import (
    MARK_END,
    MARK_START,
    SNIPPET_WORDS,
    Query,
    SearchFilters,
    SearchHit,
    Term,
)

CONFIG = "claimdesk"  # migration 0004's text search configuration (stems, no stop words)
# kind -> (index, ts_rank weights {D, C, B, A}, joins the filters need, columns for the
# snippet in order of preference, the SQL of the details as in core.search._SQLITE)
_KINDS: dict[str, tuple[str, str, str, tuple[str, ...], str]] = {
    "claim": (
        "search_fts_claim",
        "{0, 0.33, 0.67, 1.0}",
        "JOIN claim c ON c.id = f.id JOIN article a ON a.id = c.article_id",
        ("statement", "quote_exact", "rationale"),
        "SELECT c.id, substr(c.statement, 1, 120) || ' \u2014 ' || substr(a.title, 1, 80), "
        "c.article_id, c.id, NULL::integer, c.pos_start, c.pos_end, c.status FROM claim c "
        "JOIN article a ON a.id = c.article_id WHERE c.id = ANY(:ids)",
    ),
    "article": (
        "search_fts_article",
        "{0, 0, 0.25, 1.0}",
        "JOIN article a ON a.id = f.id",
        ("title", "text"),
        "SELECT id, title, id, NULL::integer, NULL::integer, NULL::integer, NULL::integer, "
        "NULL FROM article WHERE id = ANY(:ids)",
    ),
    "evidence": (
        "search_fts_evidence",
        "{0, 0, 0.5, 1.0}",
        "JOIN evidence e ON e.id = f.id JOIN claim c ON c.id = e.claim_id "
        "JOIN article a ON a.id = c.article_id",
        ("excerpt", "note"),
        "SELECT e.id, s.title || ' (evidence for claim ' || e.claim_id || ')', c.article_id, "
        "e.claim_id, e.source_id, NULL::integer, NULL::integer, c.status FROM evidence e "
        "JOIN claim c ON c.id = e.claim_id JOIN source s ON s.id = e.source_id "
        "WHERE e.id = ANY(:ids)",
    ),
    "source": (
        "search_fts_source",
        "{0, 0, 0.33, 1.0}",
        "JOIN source s ON s.id = f.id",
        ("title", "publisher", "notes"),
        "SELECT id, title, NULL::integer, NULL::integer, id, NULL::integer, NULL::integer, "
        "NULL FROM source WHERE id = ANY(:ids)",
    ),
}
_PART = re.compile(r"\w+")


def _term(term: Term, params: dict[str, Any]) -> str:
    name = f"t{len(params)}"
    if not term.prefix:
        params[name] = term.words
        return f"phraseto_tsquery('{CONFIG}', :{name})"
    parts = _PART.findall(term.words)
    params[name] = " <-> ".join([*parts[:-1], parts[-1] + ":*"]) if parts else ""
    return f"to_tsquery('{CONFIG}', :{name})"


def _group(terms: tuple[Term, ...], params: dict[str, Any]) -> str:
    out = _term(terms[0], params)
    for term in terms[1:]:
        out = f"({out} || {_term(term, params)})"
    return f"({out})" if len(terms) > 1 else out


def tsquery_sql(query: Query, params: dict[str, Any]) -> str:
    """The SQL of a tsquery for a parsed query; its words are added to ``params`` as bound
    parameters, so nothing the user types becomes SQL."""
    # Parenthesised as fully as when this SQL was parsed back from the FTS5 string: the
    # statements PostgreSQL receives did not change with the parsed query.
    out = _group(query.groups[0], params)
    for terms in query.groups[1:]:
        out = f"({out} && {_group(terms, params)})"
    for term in query.excluded:
        out = f"(({out}) && !!{_term(term, params)})"
    return out


def _where(kind: str, flt: SearchFilters, params: dict[str, Any]) -> list[str] | None:
    """Like ``search._where``, in PostgreSQL's words (ILIKE is SQLite's LIKE for ASCII)."""
    if flt.kinds and kind not in flt.kinds:
        return None
    if flt.claim_only and kind not in ("claim", "evidence"):
        return None
    where: list[str] = []
    if flt.statuses:
        params["statuses"] = list(flt.statuses)
        where.append("c.status = ANY(:statuses)")
    if flt.tag:
        params["tag"] = flt.tag.strip()
        where.append("EXISTS (SELECT 1 FROM json_array_elements_text(c.tags) t WHERE t = :tag)")
    for name, value in (("claimant", flt.claimant), ("outlet", flt.outlet)):
        if value:
            escaped = value.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            params[name] = f"%{escaped}%"
            column = {"claimant": "c.claimant", "outlet": "a.outlet"}[name]
            column = "s.publisher" if name == "outlet" and kind == "source" else column
            where.append(f"{column} ILIKE :{name}")
    table = "s" if kind == "source" else "a"
    when = f"COALESCE({table}.published_at, {table}.created_at)"
    if flt.since:
        params["since"] = datetime(flt.since.year, flt.since.month, flt.since.day, tzinfo=UTC)
        where.append(f"{when} >= :since")
    if flt.until:
        end = flt.until + timedelta(days=1)
        params["until"] = datetime(end.year, end.month, end.day, tzinfo=UTC)
        where.append(f"{when} < :until")
    return where


def search_postgresql(
    session: Session, parsed: Query, flt: SearchFilters, limit: int, window: int
) -> list[SearchHit]:
    ranked: list[tuple[float, str, int]] = []
    for kind, (fts, weights, joins, _cols, _detail) in _KINDS.items():
        params: dict[str, Any] = {"n": window}
        where = _where(kind, flt, params)
        if where is None:
            continue
        query = tsquery_sql(parsed, params)
        # As on SQLite: only the newest `window` matches of a kind are ranked, so a word
        # found in most of the desk stays interactive.
        sql = (
            f"SELECT f.id, -ts_rank('{weights}', f.tsv, q.q) FROM {fts} f "
            f"CROSS JOIN (SELECT {query} AS q) q {joins if where else ''} "
            f"WHERE f.tsv @@ q.q {''.join(' AND ' + w for w in where)} "
            "ORDER BY f.id DESC LIMIT :n"
        )
        rows = session.execute(text(sql), params).all()
        ranked.extend(sorted((float(score), kind, rid) for rid, score in rows)[:limit])
    ranked.sort()
    ranked = ranked[:limit]
    by_kind: dict[str, list[int]] = {}
    for _, kind, rid in ranked:
        by_kind.setdefault(kind, []).append(rid)
    details = {kind: _details(session, kind, parsed, ids) for kind, ids in by_kind.items()}
    return [replace(details[kind][rid], score=score) for score, kind, rid in ranked]


def _headline_options() -> str:
    return (
        f'StartSel="{MARK_START}", StopSel="{MARK_END}", MaxWords={SNIPPET_WORDS}, '
        f"MinWords={SNIPPET_WORDS // 2}, ShortWord=1, MaxFragments=1, "
        'FragmentDelimiter=" \u2026 "'
    )


def _ellipsis(snippet: str, document: str) -> str:
    """Mark where the snippet cuts the text, as SQLite's snippet() does."""
    plain = snippet.replace(MARK_START, "").replace(MARK_END, "").strip()
    doc = " ".join(document.split())
    plain_n = " ".join(plain.split())
    head = "" if doc.startswith(plain_n) else "\u2026"
    tail = "" if doc.endswith(plain_n) else "\u2026"
    return f"{head}{snippet.strip()}{tail}"


def _details(session: Session, kind: str, parsed: Query, ids: list[int]) -> dict[int, SearchHit]:
    fts, _weights, _joins, columns, detail = _KINDS[kind]
    table = fts.removeprefix("search_fts_")
    params: dict[str, Any] = {"ids": ids, "opts": _headline_options()}
    query = tsquery_sql(parsed, params)
    # The first column holding a match is the one shown, as snippet(-1) picks on SQLite.
    best = " ".join(
        f"WHEN to_tsvector('{CONFIG}', coalesce({c}, '')) @@ q.q THEN coalesce({c}, '')"
        for c in columns
    )
    doc = f"CASE {best} ELSE coalesce({columns[0]}, '') END"
    sql = (
        f"SELECT t.id, ts_headline('{CONFIG}', d.doc, q.q, :opts), d.doc FROM {table} t "
        f"CROSS JOIN (SELECT {query} AS q) q CROSS JOIN LATERAL (SELECT {doc} AS doc) d "
        "WHERE t.id = ANY(:ids)"
    )
    snippets = {
        rid: _ellipsis(snippet, document)
        for rid, snippet, document in session.execute(text(sql), params)
    }
    hits: dict[int, SearchHit] = {}
    for rid, title, aid, cid, sid, start, end, status in session.execute(
        text(detail), {"ids": ids}
    ):
        hits[rid] = SearchHit(
            kind, rid, title, snippets.get(rid, ""), 0.0, aid, cid, sid, start, end, status
        )
    return hits


def match_candidates(
    session: Session,
    words: list[str],
    own_id: int | None,
    exclude_article: int | None,
    n: int,
) -> list[tuple[int, str]]:
    """(claim id, statement) of the claims sharing two of the rarest of ``words`` (the
    rule of ``search._candidate_query`` on SQLite), best ranked first."""
    held: dict[str, int] = {}
    count = text(
        f"SELECT count(*) FROM search_fts_claim WHERE tsv @@ phraseto_tsquery('{CONFIG}', :w) "
        "AND id != :own"
    )
    for word in sorted(words, key=len, reverse=True)[:8]:
        held[word] = session.execute(count, {"w": word, "own": own_id or 0}).scalar_one()
    rare = sorted((w for w in held if held[w]), key=lambda w: held[w])[:5]
    if not rare:
        return []
    params: dict[str, Any] = {"n": n}
    terms = {}
    for i, word in enumerate(rare):
        params[f"w{i}"] = word
        terms[word] = f"phraseto_tsquery('{CONFIG}', :w{i})"
    pairs = [f"({terms[a]} && {terms[b]})" for a, b in combinations(rare, 2)]
    query = " || ".join(pairs) if pairs else terms[rare[0]]
    where = ""
    if exclude_article is not None:
        where, params["ex"] = " WHERE c.article_id != :ex", exclude_article
    sql = (
        "SELECT c.id, c.statement FROM (SELECT f.id, ts_rank('{0, 0, 0.5, 1.0}', f.tsv, q.q) "
        f"AS r FROM search_fts_claim f CROSS JOIN (SELECT {query} AS q) q "
        "WHERE f.tsv @@ q.q ORDER BY r DESC LIMIT :n) best "
        f"JOIN claim c ON c.id = best.id{where}"
    )
    return [(int(cid), str(st)) for cid, st in session.execute(text(sql), params)]
