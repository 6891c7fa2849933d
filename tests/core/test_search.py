"""Searching a real SQLite desk: ranking, filters, snippets, index sync, bad queries."""

from __future__ import annotations

import contextlib
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import Session

from claimdesk.core import articles, claims, search, sources, verify
from claimdesk.core.records import ArticleDraft
from claimdesk.core.search import MARK_END, MARK_START, SearchFilters
from claimdesk.errors import NotFoundError, ValidationError
from claimdesk.store.engine import Store

ARMS = (
    "India depends on Russia for nearly half of its arms supplies, the institute said. "
    "Officials don't expect the U.S. share to pass 9.4% soon."
)
FLOODS = "The river rose by two metres in 2024 and flooded the old town twice."


@pytest.fixture
def desk(session: Session) -> dict[str, int]:
    a1 = articles.add_article(
        session,
        ArticleDraft(
            text=ARMS,
            title="Arms imports report",
            outlet="Daily Ledger",
            published_at=datetime(2026, 3, 12, tzinfo=UTC),
        ),
    ).id
    a2 = articles.add_article(
        session,
        ArticleDraft(
            text=FLOODS,
            title="River floods",
            outlet="Valley Post",
            published_at=datetime(2025, 1, 5, tzinfo=UTC),
        ),
    ).id
    c1 = claims.create_claim_by_quote(
        session,
        a1,
        "India depends on Russia for nearly half of its arms supplies",
        actor="ana",
        claimant="The institute",
        tags=["defence"],
    ).id
    c2 = claims.create_claim_by_quote(
        session, a2, "The river rose by two metres in 2024", actor="ana", tags=["floods"]
    ).id
    s1 = sources.add_source(
        session,
        sources.SourceDraft(
            title="Arms transfers database", publisher="Peace institute", notes="yearly tables"
        ),
    ).id
    e1 = sources.link_evidence(
        session, c1, s1, "supports", actor="ana", excerpt="Russian suppliers delivered 45%"
    ).id
    return {"a1": a1, "a2": a2, "c1": c1, "c2": c2, "s1": s1, "e1": e1}


def kinds(hits: list[search.SearchHit]) -> list[tuple[str, int]]:
    return [(h.kind, h.id) for h in hits]


def test_every_kind_is_found_and_says_where_it_opens(
    session: Session, desk: dict[str, int]
) -> None:
    claim = next(h for h in search.search(session, "russia") if h.kind == "claim")
    assert (claim.id, claim.article_id, claim.claim_id) == (desk["c1"], desk["a1"], desk["c1"])
    assert ARMS[claim.start : claim.end].startswith("India depends")  # type: ignore[misc]
    assert f"{MARK_START}Russia{MARK_END}" in claim.snippet
    assert claim.status == "unverified"
    assert ("article", desk["a1"]) in kinds(search.search(session, "institute said"))
    assert kinds(search.search(session, "yearly tables")) == [("source", desk["s1"])]
    ev = search.search(session, "suppliers delivered")
    assert kinds(ev) == [("evidence", desk["e1"])]
    assert (ev[0].claim_id, ev[0].source_id, ev[0].article_id) == (
        desk["c1"],
        desk["s1"],
        desk["a1"],
    )


def test_ranking_prefers_the_closer_match(session: Session, desk: dict[str, int]) -> None:
    aid = articles.add_article(
        session, ArticleDraft(text="Arms, arms and more arms: a story of arms imports.")
    ).id
    hits = [h for h in search.search(session, "arms imports") if h.kind == "article"]
    assert next(h.article_id for h in hits) == aid
    assert hits[0].score <= hits[-1].score  # bm25: lower is better


@pytest.mark.parametrize("query", ["don't", "U.S.", "9.4%", '"nearly half"', "sup*", "arm*"])
def test_punctuation_phrases_and_prefixes(
    session: Session, desk: dict[str, int], query: str
) -> None:
    assert desk["a1"] in {h.article_id for h in search.search(session, query)}


def test_or_and_exclusion(session: Session, desk: dict[str, int]) -> None:
    either = {h.article_id for h in search.search(session, "russia OR river", limit=20)}
    assert {desk["a1"], desk["a2"]} <= either
    assert desk["a1"] not in {h.article_id for h in search.search(session, "river -russia")}
    assert ("article", desk["a2"]) not in kinds(search.search(session, "river NOT floods"))
    assert ("claim", desk["c2"]) in kinds(search.search(session, "river NOT floods"))


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"arms imports', "double quote"),
        ('"', "double quote"),
        ("AND OR", "between two words"),
        ("arms OR", "followed by a word"),
        ("*", "end of the beginning"),
        ("wo*rd", "end of the beginning"),
        ("-arms", "only leave words out"),
        ("   ", "Type a word"),
        ("%%", "no word to search"),
    ],
)
def test_malformed_queries_get_a_sentence(
    session: Session, desk: dict[str, int], query: str, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        search.search(session, query)


@pytest.mark.parametrize("query", ["NEAR(", "NEAR(arms", "(arms", "arms)", "^arms", "a:b", "+"])
def test_stray_syntax_never_raises_a_database_error(
    session: Session, desk: dict[str, int], query: str
) -> None:
    with contextlib.suppress(ValidationError):
        search.search(session, query)


def test_filters(session: Session, desk: dict[str, int]) -> None:
    def found(query: str, **kw: object) -> set[tuple[str, int]]:
        return set(kinds(search.search(session, query, SearchFilters(**kw))))  # type: ignore[arg-type]

    assert found("russia OR river", tag="floods") == {("claim", desk["c2"])}
    assert found("russia OR river", claimant="institute") == {("claim", desk["c1"])}
    assert found("russia OR river", outlet="valley") == {
        ("claim", desk["c2"]),
        ("article", desk["a2"]),
    }
    assert found("russia OR river", since=date(2026, 1, 1), kinds=("article",)) == {
        ("article", desk["a1"])
    }
    assert found("russia OR river", until=date(2025, 1, 5), kinds=("article",)) == {
        ("article", desk["a2"])
    }
    assert found("russia", statuses=("verified",)) == set()
    verify.set_status(session, desk["c1"], "verified", actor="ana", rationale="Tables agree.")
    assert found("russia OR suppliers", statuses=("Verified",)) == {
        ("claim", desk["c1"]),
        ("evidence", desk["e1"]),
    }
    with pytest.raises(ValidationError, match="Unknown status"):
        search.search(session, "x", SearchFilters(statuses=("done",)))
    with pytest.raises(ValidationError, match="after its end"):
        search.search(session, "x", SearchFilters(since=date(2026, 2, 1), until=date(2026, 1, 1)))


def test_index_follows_create_edit_delete_and_restore(
    session: Session, desk: dict[str, int]
) -> None:
    def claim_ids(query: str) -> list[int]:
        return [h.id for h in search.search(session, query) if h.kind == "claim"]

    c1 = desk["c1"]
    claims.edit_claim(session, c1, statement="India buys half its weapons from Moscow")
    assert claim_ids("moscow") == [c1]
    verify.set_status(session, c1, "in_progress", actor="ana", rationale="Checking the tables.")
    assert claim_ids("checking tables") == [c1]
    deleted = claims.delete_claim(session, c1)
    assert claim_ids("moscow") == []
    assert kinds(search.search(session, "suppliers")) == []  # its evidence went with it
    claims.restore_claim(session, deleted)
    assert claim_ids("moscow") == [c1]
    assert kinds(search.search(session, "suppliers")) == [("evidence", desk["e1"])]
    new = claims.create_claim_by_quote(session, desk["a2"], "flooded the old town", actor="ana")
    assert claim_ids("old town") == [new.id]


def test_index_integrity_after_changes(session: Session, desk: dict[str, int]) -> None:
    claims.edit_claim(session, desk["c1"], statement="Changed words")
    claims.restore_claim(session, claims.delete_claim(session, desk["c2"]))
    for table in ("article", "claim", "source", "evidence"):
        fts = f"search_fts_{table}"
        session.execute(text(f"INSERT INTO {fts}({fts}, rank) VALUES ('integrity-check', 1)"))


def test_an_older_desk_gets_its_index_built(db_path: Path) -> None:
    old = Store.open(str(db_path), migrate=False)
    old.upgrade("0003")
    with old.session() as session:
        aid = articles.add_article(session, ArticleDraft(text=ARMS, title="Old")).id
        claims.create_claim_by_quote(session, aid, "nearly half of its arms", actor="ana")
    old.close()
    store = Store.open(str(db_path))
    try:
        with store.session() as session:
            assert {h.kind for h in search.search(session, "arms")} == {"article", "claim"}
    finally:
        store.close()


def test_models_match_migrations_when_the_index_is_skipped(store: Store) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    from claimdesk.store.models import is_search_index

    def include_name(name: str | None, type_: str, _parents: object) -> bool:
        return not (type_ == "table" and is_search_index(name))

    with store.engine.connect() as con:
        ctx = MigrationContext.configure(con, opts={"include_name": include_name})
        assert compare_metadata(ctx, SQLModel.metadata) == []


def test_saved_searches(session: Session, desk: dict[str, int]) -> None:
    flt = SearchFilters(statuses=("unverified",), since=date(2026, 1, 1), tag="defence")
    saved = search.save_search(session, " Arms  watch ", "russia", flt, actor="ana")
    assert saved.name == "Arms watch" and saved.filters == flt
    again = search.save_search(session, "Arms watch", "arms", actor="ana")
    assert again.id == saved.id and again.query == "arms"
    assert [s.name for s in search.list_saved_searches(session)] == ["Arms watch"]
    with pytest.raises(ValidationError, match="double quote"):
        search.save_search(session, "Broken", '"arms', actor="ana")
    gone = search.delete_saved_search(session, saved.id)
    assert search.list_saved_searches(session) == []
    back = search.save_search(
        session, gone.name, gone.query, gone.filters, actor="ana", saved_id=gone.id
    )
    assert back.id == saved.id
    with pytest.raises(NotFoundError):
        search.delete_saved_search(session, 999)
