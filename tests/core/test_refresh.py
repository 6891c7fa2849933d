"""Refreshing articles on a real SQLite desk: versions, checks and re-anchored claims."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlmodel import Session, func, select

from claimdesk.core import articles, claims, refresh
from claimdesk.core.records import ArticleDraft
from claimdesk.errors import ConflictError, NotFoundError, ValidationError
from claimdesk.store.engine import Store
from claimdesk.store.models import ArticleCheck, ArticleVersion

ORIGINAL = (
    "Harbour report\n\n"
    "The port handled 41 million tonnes of cargo last year, the authority said.\n\n"
    "Ferry crossings to the islands fell by 12 percent after the fare rise in March.\n\n"
    "Dock workers voted to accept a pay offer worth 6 percent over two years.\n\n"
    "A new crane, the largest on the coast, will arrive before the summer season."
)
KEEP = "The port handled 41 million tonnes of cargo"
MOVE = "Dock workers voted to accept a pay offer"
CHANGE = "Ferry crossings to the islands fell by 12 percent"
DESTROY = "the largest on the coast, will arrive before"


@pytest.fixture
def article_id(session: Session) -> int:
    return articles.add_article(session, ArticleDraft(text=ORIGINAL, url="https://x.test/a")).id


def claim_ids(session: Session, article_id: int) -> dict[str, int]:
    return {
        quote: claims.create_claim_by_quote(session, article_id, quote, actor="ana").id
        for quote in (KEEP, MOVE, CHANGE, DESTROY)
    }


def edited() -> str:
    text = ORIGINAL.replace("fell by 12 percent", "fell by 14 percent")
    text = text.replace("Dock workers", "Union leaders met on Monday.\n\nDock workers", 1)
    text = text.replace(
        "A new crane, the largest on the coast, will arrive before the summer season.",
        "Plans for more cranes have been dropped.",
    )
    return text


def count(session: Session, table: type) -> int:
    return int(session.exec(select(func.count()).select_from(table)).one())


def test_unchanged_text_records_only_the_check(session: Session, article_id: int) -> None:
    ids = claim_ids(session, article_id)
    result = refresh.refresh_article(
        session, article_id, ArticleDraft(text=ORIGINAL, raw_bytes=b"new bytes"), actor="ana"
    )
    assert not result.changed
    assert result.version == 1 and result.claims == () and result.diff == ()
    assert count(session, ArticleVersion) == 0
    assert count(session, ArticleCheck) == 1
    assert refresh.last_checked(session, article_id) == result.checked_at
    assert articles.raw_snapshot(session, article_id) == (None, None)
    assert all(claims.get_claim(session, i).version == 1 for i in ids.values())


def test_changed_text_becomes_version_2_and_claims_follow(
    session: Session, article_id: int
) -> None:
    ids = claim_ids(session, article_id)
    new = edited()
    result = refresh.refresh_article(
        session,
        article_id,
        ArticleDraft(text=new, raw_bytes=b"<p>", raw_media_type="text/html"),
        actor="ben",
    )
    assert result.changed and (result.previous_version, result.version) == (1, 2)
    assert result.moved == (ids[MOVE],)
    assert result.quote_changed == (ids[CHANGE],)
    assert result.orphaned == (ids[DESTROY],)
    kinds = {c.claim_id: c.kind for c in result.claims}
    assert kinds[ids[KEEP]] == "kept"

    doc = articles.get_article(session, article_id)
    assert doc.text == new
    assert doc.info.text_sha256 == articles.text_sha256(new)
    assert articles.raw_snapshot(session, article_id) == (b"<p>", "text/html")
    for quote in (KEEP, MOVE, CHANGE):
        rec = claims.get_claim(session, ids[quote])
        assert new[rec.anchor.start : rec.anchor.end] == rec.anchor.exact
        assert not rec.orphaned
    moved = claims.get_claim(session, ids[MOVE])
    assert moved.anchor.exact == MOVE and moved.anchor.start > ORIGINAL.index(MOVE)
    assert moved.anchor.prefix.endswith("Monday.\n\n")
    changed = claims.get_claim(session, ids[CHANGE])
    assert "14 percent" in changed.anchor.exact and changed.version == 2
    orphan = claims.get_claim(session, ids[DESTROY])
    assert orphan.orphaned and orphan.anchor.exact == DESTROY  # kept for re-attaching
    assert claims.get_claim(session, ids[KEEP]).version == 1  # nothing about it changed

    assert "-Ferry crossings to the islands fell by 12 percent after the fare rise in March." in (
        result.diff
    )
    assert "+Plans for more cranes have been dropped." in result.diff
    assert [v.version for v in refresh.article_versions(session, article_id)] == [1, 2]
    assert refresh.version_text(session, article_id, 1) == ORIGINAL
    assert refresh.version_diff(session, article_id, 1, 2) == list(result.diff)


def test_an_editor_holding_the_old_claim_gets_a_conflict(session: Session, article_id: int) -> None:
    ids = claim_ids(session, article_id)
    refresh.refresh_article(session, article_id, ArticleDraft(text=edited()), actor="ben")
    with pytest.raises(ConflictError):
        claims.edit_claim(session, ids[CHANGE], expected_version=1, statement="stale")


def test_versions_are_never_overwritten_and_orphans_come_back(
    session: Session, article_id: int
) -> None:
    ids = claim_ids(session, article_id)
    refresh.refresh_article(session, article_id, ArticleDraft(text=edited()), actor="ana")
    back = refresh.refresh_article(session, article_id, ArticleDraft(text=ORIGINAL), actor="ana")
    assert back.version == 3 and back.orphaned == ()
    assert back.reattached == (ids[DESTROY],)
    assert not claims.get_claim(session, ids[DESTROY]).orphaned
    assert [refresh.version_text(session, article_id, v) for v in (1, 2, 3)] == [
        ORIGINAL,
        edited(),
        ORIGINAL,
    ]
    assert refresh.version_diff(session, article_id, 1, 3) == []
    assert count(session, ArticleCheck) == 2
    with pytest.raises(NotFoundError, match="no version 4"):
        refresh.version_text(session, article_id, 4)


def test_a_refused_refresh_changes_nothing(session: Session, article_id: int) -> None:
    claim_ids(session, article_id)
    with pytest.raises(ValidationError, match="no text"):
        refresh.refresh_article(session, article_id, ArticleDraft(text="  \n"), actor="ana")
    assert articles.article_text(session, article_id) == ORIGINAL
    assert count(session, ArticleVersion) == 0 and count(session, ArticleCheck) == 0
    with pytest.raises(NotFoundError):
        refresh.refresh_article(session, 999, ArticleDraft(text="x"), actor="ana")


def test_article_without_version_rows_lists_its_text_as_version_1(
    session: Session, article_id: int
) -> None:
    [only] = refresh.article_versions(session, article_id)
    assert only.version == 1 and only.chars == len(ORIGINAL)
    assert refresh.version_text(session, article_id, 1) == ORIGINAL


def test_upgrade_records_every_existing_text_as_version_1(db_path: Path) -> None:
    old = Store.open(str(db_path), migrate=False)
    old.upgrade("0002")
    old.close()
    con = sqlite3.connect(db_path)
    for a in (1, 2):
        con.execute(
            "INSERT INTO article (id, title, text, text_sha256, raw_bytes, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, '2025-01-02 03:04:05', '2025-01-02 03:04:05')",
            (a, f"A{a}", f"Text of article {a}.", f"{a}" * 64, b"raw"),
        )
    con.commit()
    con.close()
    store = Store.open(str(db_path), migrate=False)
    store.upgrade()
    try:
        with store.session() as session:
            for a in (1, 2):
                [v] = refresh.article_versions(session, a)
                assert (v.version, v.text_sha256, v.raw_size) == (1, f"{a}" * 64, 3)
                assert v.created_at.year == 2025
            result = refresh.refresh_article(session, 1, ArticleDraft(text="New."), actor="ana")
            assert result.version == 2
            assert count(session, ArticleVersion) == 3
    finally:
        store.close()
