"""The window never waits for the database: edits, undo and search run off the UI thread.

Every SQL statement the desk's engine executes is counted with the thread it ran on;
during an edit, an undo and a search none may run on the UI thread.  Also here: what
the runner guarantees the analyst (a refused verdict keeps its rationale, Ctrl+Z in
another article brings that article back first).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog
from sqlalchemy import event
from uihelpers import ctl, make_claim, open_article, reads, service, settle, trigger

from claimdesk.core import articles
from claimdesk.core.records import ArticleDraft
from claimdesk.ui.dialogs import RationaleDialog
from claimdesk.ui.main_window import MainWindow

QUOTE = "the world's largest arms importer"


@contextmanager
def sql_on_ui_thread(window: MainWindow) -> Iterator[list[str]]:
    """The statements run on the UI thread while the block runs (and all it started)."""
    engine = ctl(window).runner.store.engine
    ui = threading.get_ident()
    seen: list[str] = []
    elsewhere: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        (seen if threading.get_ident() == ui else elsewhere).append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
        settle(window)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert elsewhere, "nothing reached the database at all: the test would prove nothing"


def test_edit_undo_and_search_run_no_sql_on_the_ui_thread(
    window: MainWindow, answer_dialog: Callable[..., None]
) -> None:
    c = ctl(window)
    with sql_on_ui_thread(window) as seen:
        claim_id = make_claim(window)
    assert seen == [], seen
    with sql_on_ui_thread(window) as seen:
        trigger(window, c.claims.status_actions[1])  # In progress
    assert seen == [], seen
    assert reads(window).claim(claim_id).status == "in_progress"
    with sql_on_ui_thread(window) as seen:
        window.inspector.editRequested.emit(claim_id, {"statement": "India imports most"})
        settle(window)
    assert seen == [], seen
    with sql_on_ui_thread(window) as seen:
        trigger(window, c.app.act_undo)
    assert seen == [], seen
    assert reads(window).claim(claim_id).statement == QUOTE
    with sql_on_ui_thread(window) as seen:
        trigger(window, c.search.act_find)
        window.search.query.setText("arms importer")
        QTest.keyClick(window.search.query, Qt.Key.Key_Return)
        settle(window)
    assert seen == [], seen
    assert window.search.results.count() >= 1


def test_a_refused_verdict_keeps_the_rationale_typed(
    window: MainWindow, answer_dialog: Callable[..., None]
) -> None:
    claim_id = make_claim(window)

    def because(dialog: QDialog) -> None:
        assert isinstance(dialog, RationaleDialog)
        dialog.text.setPlainText("SIPRI ranks India first for 2019-23.")
        dialog.accept()

    answer_dialog(because)
    trigger(window, ctl(window).claims.status_actions[2])  # Verified, without evidence
    assert reads(window).claim(claim_id).status == "unverified"
    assert "evidence" in window.inspector.message.text()
    assert window.inspector.rationale.toPlainText() == "SIPRI ranks India first for 2019-23."
    assert window.inspector.status.currentData() == "unverified"


def test_undo_of_an_edit_in_another_article_shows_that_article_first(
    window: MainWindow,
) -> None:
    c = ctl(window)
    first_article = c.article.article_id
    claim_id = make_claim(window)
    trigger(window, c.claims.status_actions[1])
    other = service(
        window, articles.add_article, ArticleDraft(text="Other news\n\nNothing to check.")
    )
    open_article(window, other.id)
    assert c.article.article_id == other.id
    trigger(window, c.app.act_undo)
    assert c.article.article_id == first_article
    assert reads(window).claim(claim_id).status == "unverified"
    assert c.messages.last.startswith("Undone: Mark claim")
    assert "article it was made in is open now" in c.messages.last


def test_the_counter_sees_sql_on_the_ui_thread(window: MainWindow) -> None:
    """The guard above would catch a read made on the UI thread."""
    with sql_on_ui_thread(window) as seen:
        reads(window).claims_of(ctl(window).article.article_id or 0)
        make_claim(window)
    assert any("from claim" in s.lower() for s in seen), seen
