"""The first-paint read path gives exactly the services' records, and refuses the rest."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from claimdesk.core import articles, claims, quickread, refresh, sources, suggestions, verify
from claimdesk.core.quickread import open_quick
from claimdesk.core.records import ArticleDraft, Suggestion
from claimdesk.errors import DatabaseError, NotFoundError
from claimdesk.store.engine import HEAD_REVISION, Store

REPO = Path(__file__).resolve().parents[2]


def build_varied_desk(path: Path) -> list[int]:
    """A desk written only through the services, with a bit of everything."""
    store = Store.open(str(path))
    ids: list[int] = []
    with store.session() as s:
        plain = articles.add_article(
            s, ArticleDraft(text="Just one line with no claims at all.", title="")
        )
        ids.append(plain.id)
        text = (
            "Unemployment fell to 3.4 percent in March, the lowest since 1969. "
            "Der Minister sagte: «Die Zahl hat sich verdoppelt» — 東京 grew by 12 %. "
            "Exports rose 8 percent while imports fell. Crime doubled, said the mayor."
        )
        rich = articles.add_article(
            s,
            ArticleDraft(
                text=text,
                title="Économie: «chiffres» 東京 📈",
                url="https://example.org/ünï",
                outlet="The Example",
                author="Zoë Ångström",
                # a non-UTC zone: stored as UTC, read back aware
                published_at=datetime(2024, 3, 1, 9, 30, tzinfo=timezone(timedelta(hours=5))),
                retrieved_at=datetime(2024, 3, 2, 0, 0, 0, 1, tzinfo=UTC),
                language="en",
                raw_bytes="<p>Économie</p>".encode(),
                raw_media_type="text/html",
            ),
        )
        ids.append(rich.id)
        src = sources.add_source(
            s,
            sources.SourceDraft(url="https://stats.example.org/q1", title="Labour statistics"),
        )
        quotes = [
            ("Unemployment fell to 3.4 percent", {}),
            ("«Die Zahl hat sich verdoppelt»", {"kinds": ["attribution"], "claimant": "Minister"}),
            ("東京 grew by 12 %", {"tags": ["asia", "growth"], "facets": {"n": 12, "u": "%"}}),
            ("Exports rose 8 percent", {"priority": 2, "claim_date": "2024-03"}),
            ("Crime doubled", {"tags": ["crime"], "kinds": ["change", "causal"]}),
        ]
        made = []
        for quote, fields in quotes:
            rec = claims.create_claim_by_quote(s, rich.id, quote, actor="ana", **fields)
            made.append(rec.id)
        sources.link_evidence(s, made[0], src.id, "supports", actor="ana", excerpt="3.4 %")
        sources.link_evidence(s, made[0], src.id, "context", actor="ana")
        sources.link_evidence(s, made[1], src.id, "contradicts", actor="bo")
        other = sources.add_source(
            s,
            sources.SourceDraft(
                title="Pressemitteilung «Zahlen»",
                publisher="Ministerium",
                published_at=datetime(2024, 2, 29, 23, 0, tzinfo=timezone(timedelta(hours=-3))),
                kind="primary_data",
                snapshot=b"%PDF-1.4 ...",
                snapshot_media_type="application/pdf",
                notes="page 4",
            ),
        )
        sources.add_source(s, sources.SourceDraft(url="https://unused.example.org"))
        sources.link_evidence(s, made[3], other.id, "supports", actor="bo")
        sources.link_evidence(s, made[0], other.id, "context", actor="bo")
        spotted = Suggestion(
            start=0,
            end=12,
            text=text[:12],
            sentence_start=0,
            sentence_end=60,
            score=0.9,
            kinds=("quantity",),
            claimant=None,
            facets={},
            reason="a number",
        )
        suggestions.dismiss_suggestion(s, rich.id, spotted, actor="ana")
        verify.set_status(s, made[0], "in_progress", actor="ana")
        verify.set_status(s, made[0], "verified", actor="ana", rationale="BLS figures agree.")
        verify.set_status(s, made[1], "in_progress", actor="bo")
        # an orphan: the refreshed text no longer holds "Crime doubled"
        refresh.refresh_article(
            s,
            rich.id,
            ArticleDraft(
                text=text.replace("Crime doubled", "Burglaries rose"),
                raw_bytes="<p>Économie, 2</p>".encode(),
                raw_media_type="text/html",
            ),
            actor="ana",
        )
        for i in range(3):
            more = articles.add_article(
                s, ArticleDraft(text=f"Article {i}: prices rose {i} percent.", title=f"No. {i}")
            )
            ids.append(more.id)
            claims.create_claim_by_quote(s, more.id, f"prices rose {i} percent", actor="c")
    store.close()
    return ids


@pytest.fixture(scope="module")
def varied(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[int]]:
    path = tmp_path_factory.mktemp("quick") / "desk.sqlite3"
    return path, build_varied_desk(path)


def services_view(path: Path, ids: list[int]) -> tuple[object, ...]:
    store = Store.open(str(path))
    with store.session() as s:
        view = (
            articles.list_articles(s, limit=400),
            articles.list_articles(s, limit=2, offset=1),
            articles.list_articles(s),
            articles.count_articles(s),
            [articles.get_article(s, i) for i in ids],
            [claims.list_claims(s, article_id=i) for i in ids],
            sources.list_sources(s),
            [suggestions.dismissed(s, i) for i in ids],
        )
    store.close()
    return view


def quick_view(path: Path, ids: list[int]) -> tuple[object, ...]:
    quick = open_quick(path)
    assert quick is not None
    with quick:
        return (
            quick.list_articles(limit=400),
            quick.list_articles(limit=2, offset=1),
            quick.list_articles(),
            quick.count_articles(),
            [quick.get_article(i) for i in ids],
            [quick.list_claims(i) for i in ids],
            quick.list_sources(),
            [quick.dismissed_suggestions(i) for i in ids],
        )


def test_same_records_as_the_services(varied: tuple[Path, list[int]]) -> None:
    path, ids = varied
    expected = services_view(path, ids)
    got = quick_view(path, ids)
    assert got == expected
    # the desk really is varied, so the comparison means something
    every_claim = [c for per in expected[5] for c in per]  # type: ignore[attr-defined]
    assert {c.status for c in every_claim} >= {"unverified", "in_progress", "verified"}
    assert any(c.orphaned for c in every_claim)
    assert any(c.evidence_count >= 2 for c in every_claim)
    assert any(c.facets and c.tags for c in every_claim)
    docs = expected[4]
    assert any(d.raw_size > 0 for d in docs) and any(d.info.published_at is None for d in docs)  # type: ignore[attr-defined]
    assert all(d.info.created_at.tzinfo is UTC for d in docs)  # type: ignore[attr-defined]
    listed = expected[6]
    assert len(listed) == 3 and any(not backs for _src, backs in listed)  # type: ignore[arg-type]
    assert any(hidden for hidden in expected[7])  # type: ignore[attr-defined]


def test_many_articles_take_the_one_pass_count(tmp_path: Path) -> None:
    path = tmp_path / "many.sqlite3"
    store = Store.open(str(path))
    with store.session() as s:
        for i in range(quickread._IN_LIMIT + 20):
            info = articles.add_article(s, ArticleDraft(text=f"Figure {i} rose by {i} percent."))
            if i % 50 == 0:
                claims.create_claim_by_quote(s, info.id, f"rose by {i} percent", actor="a")
    with store.session() as s:
        expected = articles.list_articles(s), articles.list_articles(s, limit=400)
    store.close()
    quick = open_quick(path)
    assert quick is not None
    with quick:
        assert (quick.list_articles(), quick.list_articles(limit=400)) == expected


def test_missing_article_is_not_found(varied: tuple[Path, list[int]]) -> None:
    quick = open_quick(varied[0])
    assert quick is not None
    with quick:
        assert not quick.has_article(999_999)
        with pytest.raises(NotFoundError):
            quick.get_article(999_999)
        assert quick.list_claims(999_999) == []


def test_head_revision_is_the_engines() -> None:
    assert quickread.HEAD_REVISION == HEAD_REVISION


def test_imports_nothing_heavy() -> None:
    code = (
        "import sys; import claimdesk.core.quickread; "
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('sqlalchemy', 'sqlmodel', 'pydantic', 'pydantic_core', 'alembic', 'httpx', "
        "'PySide6', 'spacy', 'numpy')); "
        "print(heavy); sys.exit(1 if heavy else 0)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=str(REPO),
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_leaves_the_file_untouched(varied: tuple[Path, list[int]], tmp_path: Path) -> None:
    path = tmp_path / "copy.sqlite3"
    shutil.copy2(varied[0], path)
    before = path.read_bytes()
    quick = open_quick(path)
    assert quick is not None
    with quick:
        quick.list_articles(limit=400)
        quick.get_article(varied[1][1])
    # A read-only reader of a WAL desk may leave an empty -wal and a -shm beside it (the
    # next writer removes them); the desk itself is not changed and opens as before.
    assert path.read_bytes() == before
    assert (
        not (tmp_path / "copy.sqlite3-wal").exists()
        or not (tmp_path / "copy.sqlite3-wal").stat().st_size
    )
    Store.open(str(path)).close()


def test_refuses_what_the_normal_path_must_handle(
    varied: tuple[Path, list[int]], tmp_path: Path
) -> None:
    assert open_quick(tmp_path / "absent.sqlite3") is None
    assert not (tmp_path / "absent.sqlite3").exists()
    assert open_quick(tmp_path) is None  # a folder
    empty = tmp_path / "empty.sqlite3"
    empty.write_bytes(b"")
    assert open_quick(empty) is None
    text = tmp_path / "notes.txt"
    text.write_text("not a database at all")
    assert open_quick(text) is None
    foreign = tmp_path / "foreign.sqlite3"
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE song (id INTEGER PRIMARY KEY, title TEXT)")
    con.commit()
    con.close()
    assert open_quick(foreign) is None
    for revision in ("0005", "9999"):  # older (needs upgrading) and newer
        other = tmp_path / f"rev{revision}.sqlite3"
        shutil.copy2(varied[0], other)
        con = sqlite3.connect(other)
        con.execute("UPDATE alembic_version SET version_num = ?", (revision,))
        con.commit()
        con.close()
        assert open_quick(other) is None
    assert open_quick("postgresql://u@localhost/desk") is None
    assert open_quick("profile:newsroom") is None


def _root_page(path: Path, table: str) -> tuple[int, int]:
    con = sqlite3.connect(path)
    try:
        page_size = con.execute("PRAGMA page_size").fetchone()[0]
        root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,))
        return int(root.fetchone()[0]), int(page_size)
    finally:
        con.close()


def test_damage_refuses_or_raises_the_desks_error(
    varied: tuple[Path, list[int]], tmp_path: Path
) -> None:
    clean = varied[0].read_bytes()
    # damage everything after the first page: refused when opened
    everywhere = bytearray(clean)
    for offset in range(4096, len(everywhere), 7):
        everywhere[offset] = 0xA5
    damaged = tmp_path / "everywhere.sqlite3"
    damaged.write_bytes(bytes(everywhere))
    assert open_quick(damaged) is None
    # damage only the article table: opens, then reading raises the desk's error
    root, page_size = _root_page(varied[0], "article")
    table_only = bytearray(clean)
    table_only[(root - 1) * page_size : root * page_size] = b"\xa5" * page_size
    damaged = tmp_path / "article-table.sqlite3"
    damaged.write_bytes(bytes(table_only))
    quick = open_quick(damaged)
    assert quick is not None
    with quick, pytest.raises(DatabaseError, match="cannot be read"):
        quick.list_articles(limit=400)
