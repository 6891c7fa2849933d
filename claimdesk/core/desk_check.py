"""The desk's own invariants, checked over raw rows (``claimdesk check``).

Reads plain SQL so that rows the models could not load (a list where facets should be
an object, an unknown status) are reported instead of raising.  Works on SQLite and
PostgreSQL; SQLite's own page and index checks are in ``store.health``.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from claimdesk.core.claims import MAX_STATEMENT
from claimdesk.core.verify import verdict_problem
from claimdesk.core.vocab import SourceKind, Stance, Status

STATUSES = frozenset(s.value for s in Status)


def _rows(con: Connection, sql: str) -> Iterator[Any]:
    yield from con.execute(text(sql))


def _json(value: Any) -> Any:
    """A JSON column as Python data (SQLite gives text, PostgreSQL parsed values)."""
    if isinstance(value, (bytes, str)):
        try:
            return json.loads(value)
        except ValueError:
            return _NOT_JSON
    return value


_NOT_JSON = object()


def _json_problem(value: Any, want: type) -> str | None:
    data = _json(value)
    if data is _NOT_JSON:
        return "is not JSON"
    if want is dict:
        return None if isinstance(data, dict) else "is not an object"
    if not isinstance(data, list) or not all(isinstance(v, str) for v in data):
        return "is not a list of text"
    return None


def desk_problems(con: Connection) -> list[str]:
    """One line per broken invariant."""
    found: list[str] = []
    found += _article_problems(con)
    found += _claim_problems(con)
    found += _history_problems(con)
    found += _link_problems(con)
    return found


def _article_problems(con: Connection) -> Iterator[str]:
    for a_id, body, sha in _rows(con, "SELECT id, text, text_sha256 FROM article ORDER BY id"):
        if not isinstance(body, str):
            yield f"article {a_id}: its text is missing"
        elif hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest() != sha:
            yield f"article {a_id}: its text does not match its SHA-256"


def _evidence_per_claim(con: Connection) -> dict[int, int]:
    counts: dict[int, int] = defaultdict(int)
    for claim_id, n in _rows(con, "SELECT claim_id, count(*) FROM evidence GROUP BY claim_id"):
        counts[claim_id] = int(n)
    groups: dict[int, list[int]] = defaultdict(list)
    for claim_id, group_id in _rows(con, "SELECT claim_id, group_id FROM claim_group_member"):
        groups[group_id].append(claim_id)
    shared: dict[int, int] = dict(counts)
    for members in groups.values():  # a group shares one verdict and counts its evidence
        total = sum(counts.get(m, 0) for m in members)
        shared.update(dict.fromkeys(members, total))
    return shared


def _claim_problems(con: Connection) -> Iterator[str]:
    evidence = _evidence_per_claim(con)
    current: int | None = None
    body: str | None = None
    for row in _rows(
        con,
        "SELECT c.id, c.article_id, c.quote_exact, c.pos_start, c.pos_end, c.orphaned, "
        "c.statement, c.status, c.rationale, c.tags, c.kinds, c.facets "
        "FROM claim c ORDER BY c.article_id, c.id",
    ):
        name = f"claim {row.id} (article {row.article_id})"
        if row.article_id != current:  # one article's text in memory at a time
            current = row.article_id
            body = con.execute(
                text("SELECT text FROM article WHERE id = :id"), {"id": current}
            ).scalar()
        if body is None:
            yield f"{name}: its article does not exist"
        elif not row.orphaned:
            start, end = row.pos_start, row.pos_end
            if not (0 <= start < end <= len(body)):
                yield f"{name}: its anchor {start}-{end} is outside the text (0-{len(body)})"
            elif body[start:end] != row.quote_exact:
                yield f"{name}: the text at {start}-{end} is not its quote"
        statement = " ".join(str(row.statement or "").split())
        if not statement or len(statement) > MAX_STATEMENT:
            yield f"{name}: its statement is empty or longer than {MAX_STATEMENT:,} characters"
        if row.status not in STATUSES:
            yield f"{name}: its status \u201c{row.status}\u201d is not in the vocabulary"
        else:
            problem = verdict_problem(
                Status(row.status), row.rationale or "", evidence.get(row.id, 0)
            )
            if problem:
                yield f"{name}: {problem}"
        for column, want in (("tags", list), ("kinds", list), ("facets", dict)):
            problem = _json_problem(getattr(row, column), want)
            if problem:
                yield f"{name}: {column} {problem}"


def _history_problems(con: Connection) -> Iterator[str]:
    status = {cid: s for cid, s in _rows(con, "SELECT id, status FROM claim")}
    previous: dict[int, str | None] = {}
    for h_id, claim_id, before, after in _rows(
        con,
        "SELECT id, claim_id, from_status, to_status FROM status_change ORDER BY claim_id, at, id",
    ):
        name = f"status change {h_id} (claim {claim_id})"
        if claim_id not in status:
            yield f"{name}: its claim does not exist"
            continue
        for value in (before, after):
            if value is not None and value not in STATUSES:
                yield f"{name}: the status \u201c{value}\u201d is not in the vocabulary"
        if claim_id in previous and before != previous[claim_id]:
            yield (
                f"{name}: it starts from {before or 'nothing'} but the change before it "
                f"ended at {previous[claim_id]}"
            )
        previous[claim_id] = after
    for claim_id, last in previous.items():
        if status.get(claim_id) is not None and last != status[claim_id]:
            yield (
                f"claim {claim_id}: its history ends at {last} but the claim is {status[claim_id]}"
            )


def _link_problems(con: Connection) -> Iterator[str]:
    stances = {s.value for s in Stance}
    for e_id, claim, source, stance, has_claim, has_source in _rows(
        con,
        "SELECT e.id, e.claim_id, e.source_id, e.stance, c.id, s.id FROM evidence e "
        "LEFT JOIN claim c ON c.id = e.claim_id LEFT JOIN source s ON s.id = e.source_id "
        "ORDER BY e.id",
    ):
        name = f"evidence {e_id} (claim {claim})"
        if has_claim is None:
            yield f"{name}: its claim does not exist"
        if has_source is None:
            yield f"{name}: its source {source} does not exist"
        if stance not in stances:
            yield f"{name}: its stance \u201c{stance}\u201d is not in the vocabulary"
    kinds = {k.value for k in SourceKind}
    for s_id, kind in _rows(con, "SELECT id, kind FROM source ORDER BY id"):
        if kind not in kinds:
            yield f"source {s_id}: its kind \u201c{kind}\u201d is not in the vocabulary"
    for s_id, filters in _rows(con, "SELECT id, filters FROM saved_search ORDER BY id"):
        problem = _json_problem(filters, dict)
        if problem:
            yield f"saved search {s_id}: filters {problem}"
    for table in ("article_version", "article_check", "dismissed_suggestion", "article_edit"):
        for r_id, a_id in _rows(
            con,
            f"SELECT t.id, t.article_id FROM {table} t LEFT JOIN article a "
            "ON a.id = t.article_id WHERE a.id IS NULL ORDER BY t.id",
        ):
            yield f"{table.replace('_', ' ')} {r_id}: its article {a_id} does not exist"
