"""Two analysts, two windows, one PostgreSQL desk, in one test process.

Each window has its own connection and its own name (the same database role): history
and the conflict dialog name who did what; a save opens the dialog only when both
changed the same field; an assignment made while the server is away is kept and saved
when it is back.  Runs on the real server of TEST_DATABASE_URL (skips without it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog
from test_team_ui import Proxy
from uihelpers import ctl, make_claim, open_article, reads, settle, trigger

from claimdesk.config import Settings
from claimdesk.core import team
from claimdesk.core.sample import load_sample_if_empty
from claimdesk.store.engine import Store
from claimdesk.ui.main_window import MainWindow
from claimdesk.ui.team_conflict import ConflictDialog

Answer = Callable[[Callable[[QDialog], None]], None]


def _desk(target: str, name: str, tmp_path: Path, qtbot: object) -> MainWindow:
    store = Store.open(target)
    window = MainWindow(
        Settings(user_name=name, pipeline="off"),
        QSettings(str(tmp_path / f"{name}.ini"), QSettings.Format.IniFormat),
    )
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    window.show()
    window.attach(store)
    return window


def _close(window: MainWindow) -> None:
    store = ctl(window).runner.store
    window.close()
    store.close()


@pytest.fixture
def desks(
    pg_databases: Callable[[], str], qtbot: object, tmp_path: Path
) -> Iterator[tuple[MainWindow, MainWindow, str]]:
    """Alice's and Bob's windows on one fresh team desk, the same article open in both."""
    url = pg_databases()
    first = Store.open(url)
    with first.session() as s:
        load_sample_if_empty(s)
    first.close()
    alice = _desk(url, "Alice Ruiz", tmp_path, qtbot)
    bob = _desk(url, "Bob Stone", tmp_path, qtbot)
    for w in (alice, bob):
        assert ctl(w).team_link is not None
        ctl(w).team_link.stop()  # type: ignore[union-attr]  # tests poll by hand
        open_article(w)
    yield alice, bob, url
    _close(alice)
    _close(bob)


def _show(window: MainWindow, claim_id: int) -> None:
    ctl(window).article.open_article(ctl(window).article.article_id or 0)
    settle(window)
    ctl(window).article.select_claim(claim_id)
    settle(window)


def _type(window: MainWindow, name: str, text: str) -> None:
    box = getattr(window.inspector, name)
    box.setPlainText(text) if hasattr(box, "setPlainText") else box.setText(text)
    window.inspector._edited(name, text)
    settle(window)
    settle(window)  # a conflict reads their version, then saves again


def _no_dialog(answer_dialog: Answer, seen: list[str]) -> None:
    def refuse(d: QDialog) -> None:
        seen.append(type(d).__name__)
        d.reject()

    answer_dialog(refuse)


def test_history_and_the_conflict_dialog_name_the_analyst_who_saved(
    desks: tuple[MainWindow, MainWindow, str], answer_dialog: Answer
) -> None:
    alice, bob, _url = desks
    cid = make_claim(alice)
    _show(bob, cid)
    trigger(alice, ctl(alice).claims.status_actions[1])  # In progress
    _type(alice, "statement", "Alice's wording of the claim")
    seen: dict[str, object] = {}

    def look(d: QDialog) -> None:
        assert isinstance(d, ConflictDialog)
        seen.update(who=d.who, fields=d.shown_fields, base=dict(d.bases))
        seen["theirs"] = d.theirs["statement"].toPlainText()
        seen["intro"] = d.intro.text()
        d.mine_button.click()

    answer_dialog(look)
    _type(bob, "statement", "Bob's wording of the claim")  # from the version before hers
    assert seen["who"] == "Alice Ruiz"
    assert seen["fields"] == ["statement"]  # not the status she also changed
    assert seen["theirs"] == "Alice's wording of the claim"
    assert "Alice Ruiz</b> saved a newer version at " in str(seen["intro"])
    rec = reads(bob).claim(cid)
    assert (rec.statement, rec.status) == ("Bob's wording of the claim", "in_progress")
    _show(bob, cid)
    history = bob.inspector.history
    rows = [history.item(i).text() for i in range(history.count())]
    # statement edits are history rows too: Bob's is the newest, Alice's status before it
    assert "Bob Stone: Statement changed" in rows[0]
    assert any("Alice Ruiz: Unverified \u2192 In progress" in row for row in rows), rows
    with ctl(bob).runner.store.session() as s:
        assert team.saved_by(s, cid) == "Bob Stone"
        entries = team.team_history(s, cid)
        assert entries[-1].who == "Bob Stone"  # his statement edit
        assert [e.who for e in entries if e.to_status == "in_progress"][:1] == ["Alice Ruiz"]


def test_a_status_only_change_by_the_other_analyst_merges_without_a_dialog(
    desks: tuple[MainWindow, MainWindow, str], answer_dialog: Answer
) -> None:
    alice, bob, _url = desks
    cid = make_claim(alice)
    _show(bob, cid)
    trigger(alice, ctl(alice).claims.status_actions[1])  # Alice: In progress
    dialogs: list[str] = []
    _no_dialog(answer_dialog, dialogs)
    _type(bob, "statement", "Bob edits the statement only")
    rec = reads(bob).claim(cid)
    assert (rec.statement, rec.status) == ("Bob edits the statement only", "in_progress")
    assert "merged with Alice Ruiz" in ctl(bob).messages.last
    # an assignment-only change merges the same way
    ctl(alice).assignment.assign(cid, "Alice Ruiz")
    settle(alice)
    _type(bob, "claimant", "The minister")
    assert reads(bob).claim(cid).claimant == "The minister"
    with ctl(bob).runner.store.session() as s:
        assert team.assignee(s, cid) == "Alice Ruiz"
    assert not bob.inspector.drafts
    # the same field changed on both sides: now the dialog comes
    _show(alice, cid)
    _type(alice, "claimant", "The prime minister")
    _type(bob, "claimant", "A spokesperson")
    assert dialogs == ["ConflictDialog"]  # and "decide later" kept Bob's text
    assert bob.inspector.claimant.text() == "A spokesperson", bob.inspector.drafts
    assert reads(bob).claim(cid).claimant == "The prime minister"


def test_an_offline_assignment_is_kept_and_saved_when_the_server_is_back(
    pg_databases: Callable[[], str], qtbot: object, tmp_path: Path
) -> None:
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    url = make_url(pg_databases())
    first = Store.open(url.render_as_string(hide_password=False))
    with first.session() as s:
        load_sample_if_empty(s)
    first.close()
    proxy = Proxy(url.host or "localhost", url.port or 5432)
    proxy.start()
    through = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    bob = _desk(through, "Bob Stone", tmp_path, qtbot)
    admin = Store.open(url.render_as_string(hide_password=False))
    try:
        link = ctl(bob).team_link
        assert link is not None
        link.timer.setInterval(200)  # poll faster than the window's 2 s
        link.start()
        open_article(bob)
        cid = make_claim(bob)
        proxy.stop()  # the network goes, and the server drops every session of the desk
        with admin.session() as s:
            s.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            )
        qtbot.waitUntil(lambda: link.offline, timeout=45000)  # type: ignore[attr-defined]
        bob.inspector.assignee.setCurrentText("Alice Ruiz")
        bob.inspector.assignRequested.emit(cid, "Alice Ruiz")  # what leaving the box does
        settle(bob)
        assert "saved by itself when the server is back" in bob.inspector.message.text()
        assert bob.inspector.assignee.value() == "Alice Ruiz"
        with admin.session() as s:
            assert team.assignee(s, cid) is None  # not saved yet, not dropped either
        proxy.start()
        qtbot.waitUntil(lambda: not link.offline, timeout=30000)  # type: ignore[attr-defined]

        def saved() -> bool:
            with admin.session() as s:
                return team.assignee(s, cid) == "Alice Ruiz"

        qtbot.waitUntil(saved, timeout=20000)  # type: ignore[attr-defined]
        settle(bob)
        assert bob.inspector.assignee.value() == "Alice Ruiz"
        assert not ctl(bob).saver.offline
    finally:
        _close(bob)
        admin.close()
        proxy.stop()
