"""Search everything: articles, claims, sources and evidence excerpts, ranked, with snippets.

``search(session, query, filters)`` is the one entry point.  Plain words (all must appear),
"a phrase", prefix*, OR, -word / NOT word.  Every word is quoted before it reaches the
database, so punctuation (don't, U.S., 9.4%) is never syntax; nonsense raises
``ValidationError`` with a sentence.  The index is dialect-specific: on SQLite, the FTS5
tables of migration 0004 kept in sync by triggers; on PostgreSQL, tsvector tables of the
same migration, searched by ``core.search_pg``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col, select

from claimdesk.core.ops import operation
from claimdesk.core.vocab import parse_status
from claimdesk.errors import NotFoundError, ValidationError
from claimdesk.store.models import SavedSearch

KINDS = ("claim", "article", "evidence", "source")
MARK_START, MARK_END = "\u27e6", "\u27e7"  # around matched words in a snippet
SNIPPET_WORDS = 16
RANK_WINDOW = 1000  # matches ranked per kind of result (the newest)
OPERATOR_HELP = "as in: tax OR levy"


@dataclass(frozen=True)
class SearchFilters:
    """Narrow a search.  Claim filters (statuses, tag, claimant) keep only claims and the
    evidence linked to them; outlet and dates apply to the article a result belongs to
    (for sources: their publisher and publication date)."""

    statuses: tuple[str, ...] = ()
    tag: str | None = None
    outlet: str | None = None
    claimant: str | None = None
    since: date | None = None
    until: date | None = None  # inclusive
    kinds: tuple[str, ...] = ()  # empty: every kind

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value not in (None, ()):
                out[f.name] = value.isoformat() if isinstance(value, date) else value
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SearchFilters:
        known = {f.name for f in fields(cls)}
        kw: dict[str, Any] = {
            k: tuple(v) if isinstance(v, list) else v for k, v in data.items() if k in known
        }
        for day in ("since", "until"):
            if kw.get(day):
                kw[day] = date.fromisoformat(kw[day])
        return cls(**kw)

    @property
    def claim_only(self) -> bool:
        return bool(self.statuses or self.tag or self.claimant)


@dataclass(frozen=True)
class SearchHit:
    """One result and where it opens: the article (and span) for a claim, the claim and
    source for evidence, the source for a source."""

    kind: str  # claim, article, evidence, source
    id: int
    title: str
    snippet: str  # matched words between MARK_START and MARK_END
    score: float  # bm25: lower is better
    article_id: int | None = None
    claim_id: int | None = None
    source_id: int | None = None
    start: int | None = None  # the claim's span in its article text
    end: int | None = None
    status: str | None = None

    @property
    def plain_snippet(self) -> str:
        return self.snippet.replace(MARK_START, "").replace(MARK_END, "")


@dataclass(frozen=True)
class SavedSearchRecord:
    id: int
    name: str
    query: str
    filters: SearchFilters = field(default_factory=SearchFilters)
    created_by: str = ""


_WORD = re.compile(r"\w")


_Term = tuple[str, bool]  # an FTS5 string (quoted) and whether it is excluded


def _quote(term: str, prefix: bool = False) -> str:
    return '"' + term.replace('"', '""') + '"' + (" *" if prefix else "")


def _bare_term(token: str) -> _Term | None:
    negated = token.startswith("-") and len(token) > 1
    body = token[1:] if negated else token
    prefix = body.endswith("*")
    body = body.rstrip("*") if prefix else body
    if "*" in body or (prefix and not _WORD.search(body)):
        raise ValidationError(
            "A * goes at the end of the beginning of a word, as in migra* for migrants "
            "and migration."
        )
    if not _WORD.search(body):
        return None  # lone punctuation carries nothing to look for
    return _quote(body, prefix), negated


def _tokens(query: str) -> list[str | _Term]:
    """Words, phrases and operators, left to right; raises on an unclosed quote."""
    if query.count('"') % 2:
        raise ValidationError(
            "The search has a double quote mark without its partner; put a phrase "
            'between two of them, as in "arms imports", or leave them out.'
        )
    out: list[str | _Term] = []
    for i, part in enumerate(query.split('"')):
        if i % 2:  # inside quotes: a phrase, taken literally
            if _WORD.search(part):
                negated = bool(out) and out[-1] == "-"
                out[len(out) - negated :] = [(_quote(part.strip()), negated)]
            continue
        for token in part.split():
            # "-" alone is a minus right before a quoted phrase.
            term = token if token in ("AND", "OR", "NOT", "-") else _bare_term(token)
            if term is not None:
                out.append(term)
    return out


def fts_query(query: str) -> str:
    """The FTS5 expression for a user's query.  Raises ``ValidationError`` on nonsense."""
    if not query.strip():
        raise ValidationError("Type a word or a phrase to search for.")
    groups: list[list[str]] = []  # alternatives joined by OR; the groups are ANDed
    excluded: list[str] = []
    pending: str | None = None  # an operator waiting for the term on its right
    for item in _tokens(query):
        if isinstance(item, str):
            if item == "-":
                continue
            if pending is not None or (item != "NOT" and not (groups or excluded)):
                raise ValidationError(
                    f"\u201c{item}\u201d must stand between two words ({OPERATOR_HELP}); "
                    "write it in lower case to search for the word itself."
                )
            pending = item
            continue
        fts, negated = item
        if pending == "NOT" or negated:
            excluded.append(fts)
        elif pending == "OR" and groups:
            groups[-1].append(fts)
        else:
            groups.append([fts])
        pending = None
    if pending is not None:
        raise ValidationError(
            f"\u201c{pending}\u201d must be followed by a word ({OPERATOR_HELP}); "
            "write it in lower case to search for the word itself."
        )
    if not groups:
        if excluded:
            raise ValidationError("A search cannot only leave words out; add a word to find.")
        raise ValidationError("There is no word to search for; type a word or a phrase.")
    expr = " AND ".join(g[0] if len(g) == 1 else "(" + " OR ".join(g) + ")" for g in groups)
    for term in excluded:
        expr = f"({expr}) NOT {term}"
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
    expr = fts_query(query)
    flt = _check_filters(filters or SearchFilters())
    if session.get_bind().dialect.name == "postgresql":
        from claimdesk.core.search_pg import search_postgresql

        return search_postgresql(session, expr, flt, limit, RANK_WINDOW)
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
    fts_query(query)  # refuse to save what cannot be run
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
