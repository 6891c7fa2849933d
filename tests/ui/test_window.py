"""The desk window driven as an analyst would, offscreen, on a real SQLite desk."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog
from uihelpers import ctl, make_window, reads, settle

from claimdesk.core.vocab import STATUS_INFO, Status
from claimdesk.ui.dialogs import LinkEvidenceDialog, RationaleDialog
from claimdesk.ui.main_window import MainWindow

QUOTE = "the world's largest arms importer"


def make_claim(window: MainWindow, quote: str = QUOTE) -> int:
    text = window.reader.text()
    start = text.index(quote)
    window.reader.select_span(start, start + len(quote))
    make = ctl(window).claims.act_make
    assert make.isEnabled()
    make.trigger()
    settle(window)
    claim = window.inspector.claim()
    assert claim is not None
    return claim.id


def press(window: MainWindow, key: Qt.Key, mods: Qt.KeyboardModifier) -> None:
    """A shortcut as the analyst presses it, with the window active (a dialog that just
    closed may have left no active window)."""
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window, 2000), "the window did not become active"
    QTest.keyClick(window, key, mods)
    settle(window)


def select(window: MainWindow, claim_id: int) -> None:
    ctl(window).article.select_claim(claim_id)
    settle(window)
    assert window.inspector.claim() is not None and window.inspector.claim().id == claim_id


def set_status(window: MainWindow, claim_id: int, status: str) -> None:
    """Select the claim, then press the status's Ctrl+<key> as the analyst would."""
    select(window, claim_id)
    key = STATUS_INFO[Status(status)].key
    press(window, getattr(Qt.Key, f"Key_{key}"), Qt.KeyboardModifier.ControlModifier)


def edit(window: MainWindow, claim_id: int, changes: dict[str, object]) -> None:
    """What the inspector asks for when the analyst leaves an edited field."""
    select(window, claim_id)
    window.inspector.editRequested.emit(claim_id, changes)
    settle(window)


def highlight_colour(window: MainWindow, claim_id: int) -> QColor:
    """The colour drawn over the middle of the claim's quote in the reader."""
    claim = reads(window).claim(claim_id)
    fmt = window.reader.format_at((claim.anchor.start + claim.anchor.end) // 2)
    assert fmt is not None, "the claim is not highlighted"
    return fmt.background().color()


def test_select_text_and_make_a_claim(window: MainWindow) -> None:
    claim_id = make_claim(window)
    claim = reads(window).claim(claim_id)
    assert claim.anchor.exact == QUOTE and claim.statement == QUOTE
    # listed in the Claims panel and highlighted in the status colour
    assert window.claims.model.rowCount() == 1
    assert window.claims.model.claim_at(0).id == claim_id
    colour = highlight_colour(window, claim_id)
    assert colour.rgb() == QColor(STATUS_INFO[Status.UNVERIFIED].colour).rgb()
    start = window.reader.text().index(QUOTE)
    assert window.reader.format_at(start - 1) is None  # the highlight covers the quote only
    assert window.reader.format_at(start) is not None
    assert window.reader.format_at(start + len(QUOTE) - 1) is not None
    assert window.reader.format_at(start + len(QUOTE)) is None
    assert window.library.model.article_at(0).claim_counts == {"unverified": 1}


def test_status_keys_change_the_colour(window: MainWindow, qtbot: object) -> None:
    claim_id = make_claim(window)
    window.claims.view.setFocus()
    window.claims.select_claim(claim_id)
    qtbot.keyClick(window.claims.view, Qt.Key.Key_2)  # type: ignore[attr-defined]
    settle(window)
    assert reads(window).claim(claim_id).status == "in_progress"
    assert (
        highlight_colour(window, claim_id).rgb()
        == QColor(STATUS_INFO[Status.IN_PROGRESS].colour).rgb()
    )
    assert window.claims.model.claim_at(0).status == "in_progress"


def test_refused_verdict_explains_why_in_the_window(
    window: MainWindow, answer_dialog: Callable[..., None]
) -> None:
    claim_id = make_claim(window)

    def give_rationale(dialog: QDialog) -> None:
        assert isinstance(dialog, RationaleDialog)
        dialog.text.setPlainText("The import figures agree.")
        dialog.accept()

    answer_dialog(give_rationale)
    set_status(window, claim_id, "verified")
    assert reads(window).claim(claim_id).status == "unverified"
    message = window.inspector.message.text()
    assert "at least one linked source as evidence" in message
    assert window.inspector.message.isVisibleTo(window.inspector)
    assert "Traceback" not in message
    assert window.inspector.status.currentData() == "unverified"


def link_source(window: MainWindow, claim_id: int, answer_dialog: Callable[..., None]) -> None:
    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, LinkEvidenceDialog)
        dialog.new_source.url.setText("https://sipri.example/trends-2023")
        dialog.new_source.title.setText("Trends in arms transfers")
        dialog.excerpt.setPlainText("largest importer 2019-23")
        dialog.locator.setText("p. 2")
        dialog.accept()

    answer_dialog(fill)
    select(window, claim_id)
    press(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # Ctrl+L


def test_link_evidence_then_verdict(window: MainWindow, answer_dialog: Callable[..., None]) -> None:
    claim_id = make_claim(window)
    link_source(window, claim_id, answer_dialog)
    (ev,) = reads(window).evidence(claim_id)
    assert (ev.stance, ev.excerpt, ev.locator) == ("supports", "largest importer 2019-23", "p. 2")
    assert window.inspector.evidence.count() == 1
    assert "Trends in arms transfers" in window.inspector.evidence.item(0).text()
    assert window.sources.table.rowCount() == 1

    def rationale(dialog: QDialog) -> None:
        assert isinstance(dialog, RationaleDialog)
        dialog.text.setPlainText("SIPRI ranks India first.")
        dialog.accept()

    answer_dialog(rationale)
    set_status(window, claim_id, "verified")
    assert reads(window).claim(claim_id).status == "verified", ctl(window).messages.last
    assert (
        highlight_colour(window, claim_id).rgb()
        == QColor(STATUS_INFO[Status.VERIFIED].colour).rgb()
    )


def snapshot(window: MainWindow) -> object:
    """What the analyst sees of the desk.  Versions and timestamps move on with every
    change, undo included, and history is append-only (an undone status change leaves a
    reversal row), so those are checked for consistency rather than equality."""
    rows = []
    for c in reads(window).claims_of(ctl(window).article.article_id or 0):
        history = reads(window).history(c.id)
        assert history[-1].to_status == c.status
        rows.append(
            (
                c.id,
                c.anchor,
                c.statement,
                c.claimant,
                c.status,
                c.rationale,
                c.tags,
                c.priority,
                c.evidence_count,
                [
                    (e.id, e.source.id, e.stance, e.excerpt, e.locator)
                    for e in reads(window).evidence(c.id)
                ],
            )
        )
    sources = [(s.id, s.url, s.title) for s, _ in reads(window).sources()]
    shown = [(c.id, c.status, c.statement) for c in window.claims.model.claims()]
    highlighted = [
        c.id
        for c in reads(window).claims_of(ctl(window).article.article_id or 0)
        if window.reader.format_at(c.anchor.start) is not None
    ]
    return rows, sources, shown, highlighted


def test_undo_and_redo_restore_exactly(
    window: MainWindow, answer_dialog: Callable[..., None]
) -> None:
    states = [snapshot(window)]
    claim_id = make_claim(window)
    states.append(snapshot(window))
    edit(window, claim_id, {"statement": "India imports more arms than anyone"})
    states.append(snapshot(window))
    set_status(window, claim_id, "in_progress")
    states.append(snapshot(window))
    link_source(window, claim_id, answer_dialog)
    states.append(snapshot(window))
    second = make_claim(window, "nearly half of its arms supplies")
    states.append(snapshot(window))
    select(window, second)
    ctl(window).claims.act_delete.trigger()
    settle(window)
    states.append(snapshot(window))

    stack = window.undo_stack
    undo, redo = ctl(window).app.act_undo, ctl(window).app.act_redo
    assert stack.count() == 6, [stack.text(i) for i in range(stack.count())]
    assert undo.text().startswith("&Undo Delete claim")
    for expected in reversed(states[:-1]):
        undo.trigger()
        settle(window)
        assert snapshot(window) == expected
        assert ctl(window).messages.last.startswith("Undone")
    for expected in states[1:]:
        redo.trigger()
        settle(window)
        assert ctl(window).messages.last.startswith("Redone"), ctl(window).messages.last
        assert snapshot(window) == expected
    assert window.reader.text().count(QUOTE) == 1


def test_window_layout_survives_a_restart(tmp_path: Path, qtbot: object) -> None:
    db, ini = tmp_path / "desk.sqlite3", tmp_path / "window.ini"
    first = make_window(db, ini)
    qtbot.addWidget(first)  # type: ignore[attr-defined]
    first.show()
    first.resize(720, 540)  # within the offscreen screen, which clamps restored geometry
    first.claims_dock.hide()
    size = (first.width(), first.height())
    first.resizeDocks([first.library_dock], [333], Qt.Orientation.Horizontal)
    qtbot.wait(50)  # type: ignore[attr-defined]
    library_width = first.library_dock.width()
    first.close()
    ctl(first).runner.store.close()

    second = make_window(db, ini)
    qtbot.addWidget(second)  # type: ignore[attr-defined]
    second.show()
    qtbot.wait(50)  # type: ignore[attr-defined]
    assert (second.width(), second.height()) == size
    assert second.claims_dock.isHidden()
    assert abs(second.library_dock.width() - library_width) <= 2
    second.close()
    ctl(second).runner.store.close()


def test_empty_states_guide_the_user(window: MainWindow) -> None:
    assert "Ctrl+E" in window.claims.empty.text()
    assert window.claims.stack.currentIndex() == 1
    assert window.inspector.currentIndex() == 0


def test_widgets_have_accessible_names(window: MainWindow) -> None:
    for widget in (
        window.reader,
        window.claims.view,
        window.library.view,
        window.inspector.statement,
        window.inspector.status,
    ):
        assert widget.accessibleName()


def test_settings_dialog_saves_name_and_pipeline(
    window: MainWindow, answer_dialog: Callable[..., None]
) -> None:
    from claimdesk.config import Settings
    from claimdesk.ui.dialogs import SettingsDialog

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, SettingsDialog)
        dialog.fields["user_name"].setText("Ana Checker")
        dialog.pipeline.setCurrentIndex(dialog.pipeline.findData("blank"))
        dialog.accept()

    answer_dialog(fill)
    ctl(window).app.act_settings.trigger()
    assert window.settings.user_name == "Ana Checker"
    saved = Settings.load()
    assert (saved.user_name, saved.pipeline) == ("Ana Checker", "blank")
    claim_id = make_claim(window)
    assert reads(window).history(claim_id)[0].actor == "Ana Checker"


def test_overlapping_claims_stay_visible(window: MainWindow) -> None:
    outer = "India is the world's largest arms importer"
    text = window.reader.text()
    start = text.index(outer)
    make_claim(window, outer)
    make_claim(window, QUOTE)
    window.reader.select_claim(None)
    only_outer = window.reader.format_at(start)
    both = window.reader.format_at(text.index(QUOTE) + 2)
    assert only_outer is not None and both is not None
    # where the two overlap the band is darker, so neither claim hides the other
    assert both.background().color().lightness() < only_outer.background().color().lightness()


def test_undo_does_not_overwrite_a_colleagues_change(window: MainWindow) -> None:
    from claimdesk.core import claims as core_claims

    claim_id = make_claim(window)
    edit(window, claim_id, {"statement": "India imports the most arms"})
    # a colleague (another connection to the same desk) rewords it meanwhile
    with reads(window).store.session() as other:
        core_claims.edit_claim(other, claim_id, statement="A colleague's wording")
    ctl(window).app.act_undo.trigger()
    settle(window)
    assert reads(window).claim(claim_id).statement == "A colleague's wording"
    assert "changed by someone else" in ctl(window).messages.last


def test_claims_list_filters_by_status(window: MainWindow) -> None:
    first = make_claim(window)
    second = make_claim(window, "nearly half of its arms supplies")
    set_status(window, second, "in_progress")
    combo = window.claims.status_filter
    combo.setCurrentIndex(combo.findData("in_progress"))
    assert window.claims.proxy.rowCount() == 1
    shown = window.claims.proxy.mapToSource(window.claims.proxy.index(0, 0)).row()
    assert window.claims.model.claim_at(shown).id == second
    combo.setCurrentIndex(combo.findData(None))
    assert window.claims.proxy.rowCount() == 2
    assert first in [c.id for c in window.claims.model.claims()]


def test_ctrl_z_right_after_making_a_claim_takes_it_back(window: MainWindow) -> None:
    """Making a claim puts the cursor in its Statement field; with nothing typed there,
    Ctrl+Z is the desk's undo, not the field's."""
    claim_id = make_claim(window)
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window, 2000)
    window.inspector.statement.setFocus()
    QApplication.processEvents()
    assert QApplication.focusWidget() is window.inspector.statement
    QTest.keyClick(window.inspector.statement, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(window)
    assert claim_id not in [
        c.id for c in reads(window).claims_of(ctl(window).article.article_id or 0)
    ]
    # once something is typed, Ctrl+Z undoes the typing first
    window.inspector.show_claim(None)
    claim_id = make_claim(window)
    window.inspector.statement.setFocus()
    QTest.keyClicks(window.inspector.statement, " typed")
    QTest.keyClick(window.inspector.statement, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(window)
    assert claim_id in [c.id for c in reads(window).claims_of(ctl(window).article.article_id or 0)]


def test_a_failed_undo_leaves_undo_and_redo_as_they_were(window: MainWindow) -> None:
    """A colleague changed the claim after the analyst's status change: the undo is refused,
    the stack stays where it was (Undo still offers it) and the window shows their change."""
    from claimdesk.core import verify

    claim_id = make_claim(window)
    set_status(window, claim_id, "in_progress")
    with reads(window).store.session() as other:
        verify.set_status(other, claim_id, "unverifiable", actor="ben", rationale="No data.")
    stack = window.undo_stack
    index = stack.index()
    trigger_undo = ctl(window).app.act_undo
    trigger_undo.trigger()
    settle(window)
    assert "changed by someone else" in ctl(window).messages.last
    assert stack.index() == index and stack.canUndo() and not stack.canRedo()
    assert reads(window).claim(claim_id).status == "unverifiable"
    assert window.claims.model.claim_at(0).status == "unverifiable"
    assert window.inspector.status.currentData() == "unverifiable"


def _keys_while_making(window: MainWindow, *keys: Qt.Key) -> None:
    """Ctrl+E, then Ctrl+<key> for each key before the new claim is back (not settled)."""
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window, 2000), "the window did not become active"
    ctrl = Qt.KeyboardModifier.ControlModifier
    QTest.keyClick(window, Qt.Key.Key_E, ctrl)
    assert ctl(window).claims._making, "the claim was made before the key: nothing waited"
    assert not ctl(window).claims.act_delete.isEnabled()
    for key in keys:
        QTest.keyClick(window, key, ctrl)
    settle(window)


def test_a_status_key_while_a_claim_is_being_made_waits(window: MainWindow) -> None:
    first = make_claim(window)
    quote = "nearly half of its arms supplies"
    start = window.reader.text().index(quote)
    window.reader.select_span(start, start + len(quote))
    # Ctrl+E, Ctrl+4 (Disputed), Ctrl+2 (In progress) typed fast: the last key wins
    _keys_while_making(window, Qt.Key.Key_4, Qt.Key.Key_2)
    second = window.inspector.claim()
    assert second is not None and second.id != first
    assert second.status == "in_progress"
    assert reads(window).claim(second.id).status == "in_progress"
    assert reads(window).claim(first).status == "unverified"
    ctl(window).app.act_undo.trigger()
    settle(window)
    assert reads(window).claim(second.id).status == "unverified"


def test_ctrl_l_while_a_claim_is_being_made_links_the_new_claim(
    window: MainWindow, answer_dialog: Callable[..., None]
) -> None:
    first = make_claim(window)
    quote = "nearly half of its arms supplies"
    start = window.reader.text().index(quote)
    window.reader.select_span(start, start + len(quote))

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, LinkEvidenceDialog)
        dialog.new_source.url.setText("https://sipri.example/trends-2023")
        dialog.new_source.title.setText("Trends in arms transfers")
        dialog.accept()

    answer_dialog(fill)
    _keys_while_making(window, Qt.Key.Key_L)
    second = window.inspector.claim()
    assert second is not None and second.id != first
    assert len(reads(window).evidence(second.id)) == 1
    assert reads(window).evidence(first) == []
