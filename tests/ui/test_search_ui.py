"""Search and "have we seen this claim before?" in the window."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QInputDialog
from uihelpers import ctl, reads, service, settle, trigger

from claimdesk.core import articles, claims, groups, sources
from claimdesk.core.records import ArticleDraft
from claimdesk.core.sources import SourceDraft
from claimdesk.ui.dialogs import RationaleDialog
from claimdesk.ui.main_window import MainWindow

QUOTE = "depends on Russia for nearly half of its arms supplies"


def make(window: MainWindow, article_id: int, quote: str) -> int:
    def create(session: object) -> int:
        text = articles.get_article(session, article_id).text  # type: ignore[arg-type]
        start = text.index(quote)
        return claims.create_claim(session, article_id, start, start + len(quote), actor="t").id  # type: ignore[arg-type]

    return int(service(window, create))


def search(window: MainWindow, query: str) -> None:
    """Type the query in the Search panel and press Enter."""
    trigger(window, ctl(window).search.act_find)
    box = window.search.query
    box.setText(query)
    QTest.keyClick(box, Qt.Key.Key_Return)
    settle(window)


def test_search_finds_and_opens_a_claim(window: MainWindow) -> None:
    claim_id = make(window, ctl(window).article.article_id or 0, QUOTE)
    search(window, "Russia arms")
    assert window.search_dock.isVisible()
    hits = [window.search.results.item(i) for i in range(window.search.results.count())]
    assert hits, ctl(window).messages.last
    found = [it for it in hits if it.data(Qt.ItemDataRole.UserRole).claim_id == claim_id]
    assert found
    window.inspector.show_claim(None)
    window.search.hitActivated.emit(found[0].data(Qt.ItemDataRole.UserRole))
    settle(window)
    assert ctl(window).article.current_claim_id() == claim_id


def test_malformed_query_gets_a_friendly_message(window: MainWindow) -> None:
    search(window, "AND OR")
    assert window.search.results.count() == 0
    message = window.search.message.text()
    assert message.endswith(".") and "Traceback" not in message
    assert "Nothing found" not in message  # it explains the query, not an empty result


def test_saved_searches_are_listed(window: MainWindow, answer_dialog: Callable[..., None]) -> None:
    def name_it(dialog: QDialog) -> None:
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue("Arms imports")
        dialog.accept()

    answer_dialog(name_it)
    window.search.query.setText("arms importer")
    window.search.saveRequested.emit("arms importer", None)
    settle(window)
    assert window.search.saved.count() == 1
    assert "Arms imports" in window.search.saved.item(0).text()


def test_matches_group_and_share_a_verdict(
    window: MainWindow, qtbot: object, answer_dialog: Callable[..., None]
) -> None:
    first = make(window, ctl(window).article.article_id or 0, QUOTE)
    other_article = service(
        window,
        articles.add_article,
        ArticleDraft(
            text="Delhi's suppliers\n\nOfficials say India depends on Russia for nearly half of "
            "its arms supplies, though the share is falling.",
            title="Delhi's suppliers",
        ),
    )
    second = make(window, other_article.id, QUOTE)
    ctl(window).article.select_claim(first)
    settle(window)
    qtbot.waitUntil(lambda: window.inspector.matches.list.count() > 0, timeout=60_000)  # type: ignore[attr-defined]
    assert "Seen in 1 article" in window.inspector.matches.summary.text()
    box = window.inspector.matches
    box.list.setCurrentRow(0)
    box.same.click()  # "Same claim"
    settle(window)
    qtbot.waitUntil(  # type: ignore[attr-defined]
        lambda: "In its group" in (box.list.item(0).text() if box.list.count() else ""),
        timeout=60_000,
    )
    # the group's evidence counts for every member: only the first claim has a link
    src = service(
        window, sources.add_source, SourceDraft(url="https://sipri.example/x", title="SIPRI")
    )
    service(window, sources.link_evidence, first, src.id, "supports", actor="t")
    ctl(window).article.select_claim(first)
    settle(window)

    def rationale(dialog: QDialog) -> None:
        assert isinstance(dialog, RationaleDialog)
        dialog.text.setPlainText("Import data agree.")
        dialog.accept()

    answer_dialog(rationale)
    trigger(window, ctl(window).claims.status_actions[2])  # Verified
    assert reads(window).claim(second).status == "verified", ctl(window).messages.last
    assert "Verdict shared" in reads(window).history(second)[-1].rationale
    undo = ctl(window).app.act_undo
    trigger(window, undo)  # the verdict
    assert reads(window).claim(second).status != "verified"
    trigger(window, undo)  # the grouping: no group, and no verdict left behind
    with reads(window).store.session() as s:
        assert groups.group_of(s, second) is None
    assert reads(window).claim(second).status == "unverified"
