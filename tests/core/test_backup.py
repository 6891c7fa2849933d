"""The full-fidelity JSON export and import-json: restore, merge, refuse bad files."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, func, select

from claimdesk.core import articles, backup, claims
from claimdesk.core.records import ArticleDraft
from claimdesk.errors import ImportFailed
from claimdesk.store.engine import Store
from claimdesk.store.models import Article, Claim, Evidence, Source, StatusChange

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "io"))
from test_export_desk import populate


def counts(session: Session) -> dict[str, int]:
    return {
        m.__name__: session.exec(select(func.count()).select_from(m)).one()
        for m in (Article, Claim, Source, Evidence, StatusChange)
    }


def without_time(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "generated_at"}


@pytest.fixture
def exported(session: Session) -> dict[str, Any]:
    populate(session)
    # A gap in the ids (a deleted claim) must survive the round trip too.
    gap = claims.create_claim_by_quote(session, 1, "historic moment", actor="ana")
    claims.delete_claim(session, gap.id)
    return json.loads(backup.dumps(backup.dump_desk(session)))


def other_desk(tmp_path: Path, name: str = "other.sqlite3") -> Store:
    return Store.open(str(tmp_path / name))


def test_dump_holds_everything(exported: dict[str, Any]) -> None:
    assert exported["format"] == "claimdesk-backup" and exported["format_version"] == 3
    harbour = exported["articles"][1]
    assert harbour["url"] == "https://port.example/news/1"
    assert harbour["raw_bytes"] == "PGh0bWw+AP8gc25hcHNob3Q8L2h0bWw+"  # base64 of the bytes
    assert exported["sources"][0]["snapshot"] is not None
    assert {len(exported[k]) for k in ("claims", "evidence")} == {6, 5}
    assert exported["claims"][0]["tags"] == ["arms"]


def test_round_trip_into_an_empty_desk_is_identical(
    tmp_path: Path, exported: dict[str, Any]
) -> None:
    store = other_desk(tmp_path)
    try:
        with store.session() as s:
            summary = backup.import_desk(s, backup.parse(json.dumps(exported)))
            assert summary.kept_ids and summary.added["claims"] == 6
            again = json.loads(backup.dumps(backup.dump_desk(s)))
            # New rows continue after the restored ids instead of colliding with them.
            new = claims.create_claim_by_quote(s, 1, "historic moment", actor="ana")
            assert new.id == 7
    finally:
        store.close()
    assert without_time(again) == without_time(exported)


def test_merge_does_not_duplicate(
    session: Session, tmp_path: Path, exported: dict[str, Any]
) -> None:
    before = counts(session)
    summary = backup.import_desk(session, backup.parse(json.dumps(exported)))
    assert counts(session) == before
    assert not summary.kept_ids and summary.added == {}
    assert summary.reused["claims"] == 6 and summary.reused["articles"] == 2


def test_merge_adds_only_what_is_new(tmp_path: Path, exported: dict[str, Any]) -> None:
    store = other_desk(tmp_path)
    try:
        with store.session() as s:
            own = articles.add_article(s, ArticleDraft(text="A desk of its own.", title="Own"))
            claims.create_claim_by_quote(s, own.id, "its own", actor="zoe")
            # The same article under a new id: the merge must map onto it.
            articles.add_article(
                s,
                ArticleDraft(
                    text=exported["articles"][1]["text"], url="https://port.example/news/1"
                ),
            )
            backup.import_desk(s, backup.parse(json.dumps(exported)))
            got = counts(s)
            titles = sorted(a.title for a in articles.list_articles(s))
            harbour_claims = claims.list_claims(s, article_id=2)
    finally:
        store.close()
    assert got == {"Article": 3, "Claim": 7, "Source": 2, "Evidence": 5, "StatusChange": 13}
    assert titles == [
        "Harbour traffic report",
        "India and France agree to deepen defence ties as ministers meet in Paris",
        "Own",
    ]
    assert [c.status for c in harbour_claims] == ["disputed"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"format": "something-else", "format_version": 1}', "not a claimdesk JSON export"),
        ('{"format": "claimdesk-backup", "format_version": 99}', "newer claimdesk"),
        ('{"format": "claimdesk-backup", "format_version": 1, "claims": 3}', "not a list"),
    ],
)
def test_bad_files_are_refused(text: str, message: str) -> None:
    with pytest.raises(ImportFailed, match=message):
        backup.parse(text)


def test_a_damaged_file_writes_nothing(tmp_path: Path, exported: dict[str, Any]) -> None:
    exported["evidence"][-1]["source_id"] = 999  # points nowhere, after rows were added
    store = other_desk(tmp_path)
    try:
        with store.session() as s:
            with pytest.raises(ImportFailed, match="source_id names source 999, not in the file"):
                backup.import_desk(s, backup.parse(json.dumps(exported)))
            assert set(counts(s).values()) == {0}
            exported["evidence"][-1]["source_id"] = 1
            exported["articles"][0]["text"] += " tampered"
            with pytest.raises(ImportFailed, match="SHA-256"):
                backup.import_desk(s, backup.parse(json.dumps(exported)))
            assert set(counts(s).values()) == {0}
    finally:
        store.close()


@pytest.mark.parametrize(
    ("table", "field", "value", "message"),
    [
        ("claims", "status", "Verified", "status “Verified” is not one of"),
        ("claims", "pos_start", "12", "pos_start must be a whole number"),
        ("evidence", "stance", "agrees", "stance “agrees” is not one of"),
        ("sources", "kind", "rumour", "kind “rumour” is not one of"),
        ("status_changes", "to_status", "done", "to_status “done” is not one of"),
    ],
)
def test_values_the_desk_cannot_show_are_refused(
    tmp_path: Path,
    exported: dict[str, Any],
    table: str,
    field: str,
    value: object,
    message: str,
) -> None:
    exported[table][0][field] = value
    store = other_desk(tmp_path)
    try:
        with store.session() as s:
            with pytest.raises(ImportFailed, match=message):
                backup.import_desk(s, backup.parse(json.dumps(exported)))
            assert set(counts(s).values()) == {0}
    finally:
        store.close()


def test_merging_a_later_copy_keeps_each_claims_status_consistent(tmp_path: Path) -> None:
    from claimdesk.core import sources, verify

    a, b = other_desk(tmp_path, "a.sqlite3"), other_desk(tmp_path, "b.sqlite3")
    try:
        with a.session() as s:
            aid = articles.add_article(
                s, ArticleDraft(text="Prices doubled in 2022.", url="https://n.example/1")
            ).id
            cid = claims.create_claim_by_quote(s, aid, "doubled", actor="ana").id
            src = sources.add_source(s, sources.SourceDraft(title="Index"))
            sources.link_evidence(s, cid, src.id, "supports", actor="ana")
            verify.set_status(s, cid, "verified", actor="ana", rationale="Index agrees.")
            copy = backup.dumps(backup.dump_desk(s))
        with b.session() as s:
            backup.import_desk(s, backup.parse(copy))
            verify.set_status(s, cid, "false", actor="ben", rationale="Wrong series.")
            later = backup.dumps(backup.dump_desk(s))
        with a.session() as s:
            summary = backup.import_desk(s, backup.parse(later))
            assert claims.get_claim(s, cid).status == "verified"
            assert verify.history(s, cid)[-1].to_status == "verified"
            assert "keep the status they have here" in summary.describe()
    finally:
        a.close()
        b.close()


def test_same_address_with_other_text_is_another_article(tmp_path: Path) -> None:
    a, b = other_desk(tmp_path, "a.sqlite3"), other_desk(tmp_path, "b.sqlite3")
    try:
        with a.session() as s:
            articles.add_article(
                s, ArticleDraft(text="First version of the story.", url="https://n.example/2")
            )
        with b.session() as s:
            aid = articles.add_article(
                s,
                ArticleDraft(
                    text="Second, corrected version: exports rose 5%.", url="https://n.example/2"
                ),
            ).id
            claims.create_claim_by_quote(s, aid, "rose 5%", actor="ben")
            data = backup.dumps(backup.dump_desk(s))
        with a.session() as s:
            backup.import_desk(s, backup.parse(data))
            (claim,) = claims.list_claims(s)
            text = articles.article_text(s, claim.article_id)
            assert text[claim.anchor.start : claim.anchor.end] == "rose 5%"
    finally:
        a.close()
        b.close()


def test_versions_groups_searches_and_dismissals_survive_a_round_trip(tmp_path: Path) -> None:
    from sqlmodel import SQLModel

    from claimdesk.core import groups, refresh, search, suggestions
    from claimdesk.core.records import Suggestion
    from claimdesk.store.models import (
        ArticleCheck,
        ArticleVersion,
        ClaimGroup,
        ClaimGroupMember,
        DismissedSuggestion,
        MatchRejection,
        SavedSearch,
    )

    extra: tuple[type[SQLModel], ...] = (
        ArticleVersion,
        ArticleCheck,
        DismissedSuggestion,
        SavedSearch,
        ClaimGroup,
        ClaimGroupMember,
        MatchRejection,
    )

    def extra_counts(s: Session) -> dict[str, int]:
        return {m.__name__: s.exec(select(func.count()).select_from(m)).one() for m in extra}

    a, b = other_desk(tmp_path, "a.sqlite3"), other_desk(tmp_path, "b.sqlite3")
    try:
        with a.session() as s:
            first = articles.add_article(s, ArticleDraft(text="India buys half its arms abroad."))
            second = articles.add_article(
                s, ArticleDraft(text="Half of India's arms come from abroad.")
            )
            third = articles.add_article(s, ArticleDraft(text="A third of India's arms are local."))
            c1 = claims.create_claim_by_quote(s, first.id, "buys half its arms abroad", actor="a")
            c2 = claims.create_claim_by_quote(s, second.id, "Half of India's arms", actor="a")
            c3 = claims.create_claim_by_quote(s, third.id, "A third of India's arms", actor="a")
            groups.confirm_match(s, c1.id, c2.id, actor="a")
            groups.reject_match(s, c1.id, c3.id, actor="a")
            refresh.refresh_article(
                s,
                first.id,
                ArticleDraft(text="Update. India buys half its arms abroad."),
                actor="a",
            )
            search.save_search(s, "Arms", "arms", actor="a")
            text = articles.article_text(s, third.id)
            start = text.index("local")
            suggestions.dismiss_suggestion(
                s,
                third.id,
                Suggestion(start, start + 5, "local", 0, len(text), 0.6, (), None, {}, "test"),
                actor="a",
            )
            before = extra_counts(s)
            data = backup.dumps(backup.dump_desk(s))
        assert all(before.values()), before
        with b.session() as s:
            backup.import_desk(s, backup.parse(data))
            assert extra_counts(s) == before
            assert groups.group_of(s, c1.id) == groups.group_of(s, c2.id) is not None
            assert (
                json.loads(backup.dumps(backup.dump_desk(s)))["article_versions"]
                == json.loads(data)["article_versions"]
            )
            backup.import_desk(s, backup.parse(data))  # merging the same file adds nothing
            assert extra_counts(s) == before
    finally:
        a.close()
        b.close()
