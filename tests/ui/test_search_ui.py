"""Search and "have we seen this claim before?" in the window."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QInputDialog

from claimdesk.core.records import ArticleDraft
from claimdesk.ui.dialogs import RationaleDialog
from claimdesk.ui.main_window import MainWindow

QUOTE = "depends on Russia for nearly half of its arms supplies"


def make(window: MainWindow, article_id: int, quote: str) -> int:
    text = window.desk.article(article_id).text
    start = text.index(quote)
    return window.desk.create_claim(article_id, start, start + len(quote)).id


def test_search_finds_and_opens_a_claim(window: MainWindow) -> None:
    claim_id = make(window, window.article_id or 0, QUOTE)
    window.act_find.trigger()
    assert window.search.query.hasFocus() or window.search_dock.isVisible()
    hits = window.run_search("Russia arms")
    assert any(h.claim_id == claim_id for h in hits)
    assert window.search.results.count() == len(hits)
    claim_hit = next(h for h in hits if h.claim_id == claim_id)
    window.inspector.show_claim(None)
    window.open_hit(claim_hit)
    assert window.current_claim_id() == claim_id


def test_malformed_query_gets_a_friendly_message(window: MainWindow) -> None:
    assert window.run_search("AND OR") == []
    message = window.search.message.text()
    assert message.endswith(".") and "Traceback" not in message
    assert "Nothing found" not in message  # it explains the query, not an empty result


def test_saved_searches_are_listed(window: MainWindow, answer_dialog: Callable[..., None]) -> None:
    def name_it(dialog: QDialog) -> None:
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue("Arms imports")
        dialog.accept()

    answer_dialog(name_it)
    window.save_search("arms importer")
    assert window.search.saved.count() == 1
    assert "Arms imports" in window.search.saved.item(0).text()


def test_matches_group_and_share_a_verdict(
    window: MainWindow, qtbot: object, answer_dialog: Callable[..., None]
) -> None:
    first = make(window, window.article_id or 0, QUOTE)
    other_article = window.desk.add_article(
        ArticleDraft(
            text="Delhi's suppliers\n\nOfficials say India depends on Russia for nearly half of "
            "its arms supplies, though the share is falling.",
            title="Delhi's suppliers",
        )
    )
    second = make(window, other_article.id, QUOTE)
    window.select_claim(first)
    qtbot.waitUntil(lambda: window.inspector.matches.list.count() > 0, timeout=60_000)  # type: ignore[attr-defined]
    assert "Seen in 1 article" in window.inspector.matches.summary.text()
    window.confirm_match(second)
    qtbot.waitUntil(  # type: ignore[attr-defined]
        lambda: (
            "In its group"
            in (
                window.inspector.matches.list.item(0).text()
                if window.inspector.matches.list.count()
                else ""
            )
        ),
        timeout=60_000,
    )
    from claimdesk.core.sources import SourceDraft

    # the group's evidence counts for every member: only the first claim has a link
    src = window.desk.add_source(SourceDraft(url="https://sipri.example/x", title="SIPRI"))
    window.desk.link_evidence(first, src.id, "supports")

    def rationale(dialog: QDialog) -> None:
        assert isinstance(dialog, RationaleDialog)
        dialog.text.setPlainText("Import data agree.")
        dialog.accept()

    answer_dialog(rationale)
    window.change_status(first, "verified")
    assert window.desk.claim(second).status == "verified"
    assert "Verdict shared" in window.desk.history(second)[-1].rationale
    window.undo_stack.undo()  # the verdict
    assert window.desk.claim(second).status != "verified"
    window.undo_stack.undo()  # the grouping: no group, and no verdict left behind
    from claimdesk.core import groups

    assert window.desk.read(lambda s: groups.group_of(s, second)) is None
    assert window.desk.claim(second).status == "unverified"
