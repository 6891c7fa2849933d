"""The rest of a desk in a backup: article versions and checks, dismissed suggestions,
saved searches, claim groups and "not the same claim" decisions (format version 2).

Each table is copied with its references to articles and claims mapped to the ids they
got in the desk being restored or merged into.  On a merge, rows the desk already has
(by their natural key) are not copied twice, and a claim that is already in a group on
this desk stays in that group.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, SQLModel, select

from claimdesk.store.models import (
    ArticleCheck,
    ArticleEdit,
    ArticleVersion,
    ClaimGroup,
    ClaimGroupMember,
    DismissedSuggestion,
    MatchRejection,
    SavedSearch,
    SourceSnapshot,
)

# name in the file, table, references (column -> table name in the file), natural key
MORE_TABLES: tuple[tuple[str, type[SQLModel], dict[str, str], tuple[str, ...]], ...] = (
    ("article_versions", ArticleVersion, {"article_id": "articles"}, ("article_id", "version")),
    ("article_checks", ArticleCheck, {"article_id": "articles"}, ("article_id", "checked_at")),
    ("dismissed_suggestions", DismissedSuggestion, {"article_id": "articles"},
     ("article_id", "pos_start", "pos_end", "quote")),
    ("article_edits", ArticleEdit, {"article_id": "articles"}, ("article_id", "at")),
    ("saved_searches", SavedSearch, {}, ("name",)),
    ("claim_groups", ClaimGroup, {}, ()),
    ("claim_group_members", ClaimGroupMember, {"claim_id": "claims", "group_id": "claim_groups"},
     ("claim_id",)),
    ("match_rejections", MatchRejection, {"claim_low": "claims", "claim_high": "claims"},
     ("claim_low", "claim_high")),
    ("source_snapshots", SourceSnapshot, {"source_id": "sources"}, ("source_id", "sha256")),
)  # fmt: skip


def _order(model: type[SQLModel]) -> Any:
    table = model.__table__  # type: ignore[attr-defined]
    return [table.c[c.name] for c in table.primary_key.columns]


def dump_more(
    session: Session, encode: Any, *, snapshots: bool = True
) -> dict[str, list[dict[str, Any]]]:
    """``snapshots=False`` leaves the archive's bytes out (their hashes stay)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for name, model, _refs, _key in MORE_TABLES:
        columns = list(model.__table__.columns)  # type: ignore[attr-defined]
        if model is SourceSnapshot and not snapshots:
            columns = [c for c in columns if c.name != "content"]
        rows = session.exec(select(model).order_by(*_order(model)))
        out[name] = [{c.name: encode(c, getattr(r, c.name)) for c in columns} for r in rows]
    return out


def import_more(importer: Any, data: dict[str, Any], decode: Any) -> None:
    """Copy the extra tables; ``importer`` is backup's id-mapping importer."""
    session: Session = importer.session
    groups_here = {m.claim_id for m in session.exec(select(ClaimGroupMember))}
    pending_groups: dict[int, dict[str, Any]] = {}
    for name, model, refs, key in MORE_TABLES:
        importer.ids.setdefault(name, {})
        existing = _keys(session, model, key)
        for raw in data.get(name, []):
            row = decode(model, raw, name)
            for column, table in refs.items():
                if table == "claim_groups":
                    continue  # mapped below, once the group is really needed
                row[column] = importer._ref(table, row.get(column), name)
            if model is ClaimGroup:
                pending_groups[row.pop("id")] = row  # made only if a member needs it
                continue
            if model is MatchRejection:
                row["claim_low"], row["claim_high"] = sorted((row["claim_low"], row["claim_high"]))
            if model is ClaimGroupMember:
                if row["claim_id"] in groups_here:
                    continue  # already grouped on this desk: its group there stands
                row["group_id"] = _group(importer, pending_groups, row["group_id"])
            if key and tuple(row.get(k) for k in key) in existing:
                continue
            if model is ClaimGroupMember:
                session.add(ClaimGroupMember(**row))
                session.flush()
                groups_here.add(row["claim_id"])
                importer.summary.added[name] = importer.summary.added.get(name, 0) + 1
            else:
                importer._insert(name, model, row)
            if key:
                existing.add(tuple(row.get(k) for k in key))


def _group(importer: Any, pending: dict[int, dict[str, Any]], old: int) -> int:
    mapped = importer.ids["claim_groups"].get(old)
    if mapped is not None:
        return int(mapped)
    values = dict(pending.get(old) or {})
    values["id"] = old
    return int(importer._insert("claim_groups", ClaimGroup, values))


def _keys(session: Session, model: type[SQLModel], key: tuple[str, ...]) -> set[tuple[Any, ...]]:
    if not key:
        return set()
    table = model.__table__  # type: ignore[attr-defined]
    return {tuple(r) for r in session.execute(select(*[table.c[k] for k in key]))}
