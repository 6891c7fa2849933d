"""Published fact-checks in the window: File › Import published fact-checks (the real
action, its file dialog answered), the mark in the suggestion list, the inspector's
*Checked elsewhere*, linking in one step, the library's batches, undo and Settings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QLabel, QLineEdit, QMessageBox
from uihelpers import ctl, make_claim, make_window, open_article, reads, settle, trigger

from claimdesk.core import published
from claimdesk.ui.checked_elsewhere import BatchesDialog
from claimdesk.ui.dialogs import SettingsDialog
from claimdesk.ui.main_window import MainWindow

RANKING = "the world's largest arms importer"
# the suggestion is the whole clause, subject included
SUGGESTED = "India is the world's largest arms importer"


def feed(tmp_path: Path) -> Path:
    items = [
        {"@type": "ClaimReview", "url": "https://checks.example/india-arms",
         "claimReviewed": "India is the world's largest arms importer",
         "datePublished": "2025-03-04",
         "author": {"@type": "Organization", "name": "Harbour Checks"},
         "reviewRating": {"@type": "Rating", "alternateName": "Mostly true"},
         "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "A minister"}}},
        {"@type": "ClaimReview", "url": "https://checks.example/other",
         "claimReviewed": "Wombats outnumber people in the capital",
         "reviewRating": {"alternateName": "False"}},
        {"@type": "Person", "name": "not a review"},
    ]  # fmt: skip
    path = tmp_path / "checks.jsonld"
    path.write_text(json.dumps({"@graph": items}), encoding="utf-8")
    return path


@pytest.fixture
def window(qtbot: object, tmp_path: Path) -> MainWindow:
    w = make_window(tmp_path / "desk.sqlite3", tmp_path / "w.ini", pipeline="blank")
    qtbot.addWidget(w)  # type: ignore[attr-defined]
    w.show()
    open_article(w)
    qtbot.waitUntil(lambda: bool(w.suggestions.suggestions()), timeout=60_000)  # type: ignore[attr-defined]
    return w


def answer_next_dialogs(*answers: object) -> list[object]:
    """Answer the modal dialogs that open next, in order (a file dialog gets a path)."""
    seen: list[object] = []
    todo = list(answers)

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, QDialog) and (not seen or seen[-1] is not widget):
            seen.append(widget)
            answer = todo.pop(0)
            if isinstance(widget, QFileDialog):  # typed into its file name box, as a person would
                name = widget.findChild(QLineEdit, "fileNameEdit")
                assert isinstance(name, QLineEdit)
                name.setText(str(answer))
                widget.accept()
            else:
                assert callable(answer)
                answer(widget)
        if todo:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(20, poll)
    return seen


def test_import_marks_suggestions_and_fills_checked_elsewhere(
    window: MainWindow, qtbot: object, tmp_path: Path
) -> None:
    c = ctl(window)
    details: list[str] = []

    def problems(box: object) -> None:
        assert isinstance(box, QMessageBox)
        details.append(box.detailedText())
        box.accept()

    seen = answer_next_dialogs(feed(tmp_path), problems)
    trigger(window, c.checks.act_import)
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=10_000)  # type: ignore[attr-defined]
    settle(window)
    assert details == ["@graph item 3: not a ClaimReview (Person)"]
    assert "Imported 2 new published check(s)" in c.messages.last
    qtbot.waitUntil(lambda: bool(window.suggestions.marked()), timeout=60_000)  # type: ignore[attr-defined]
    marked = window.suggestions.marked()
    assert list(marked) == [SUGGESTED]
    assert marked[SUGGESTED] == "Checked by Harbour Checks, 4 March 2025: Mostly true"

    claim_id = make_claim(window, RANKING)
    box = window.inspector.checked
    qtbot.waitUntil(lambda: box.list.count() == 1, timeout=60_000)  # type: ignore[attr-defined]
    assert box.summary.text() == "Checked by Harbour Checks, 4 March 2025: Mostly true"
    assert "A minister" in box.list.item(0).text()
    assert box.link.isVisibleTo(window) and box.open.isVisibleTo(window)

    box.link.click()  # one step: source and link
    settle(window)
    (ev,) = reads(window).evidence(claim_id)
    assert (ev.source.kind, ev.stance, ev.source.url) == (
        "fact_check", "context", "https://checks.example/india-arms"
    )  # fmt: skip
    assert ev.excerpt.endswith(": Mostly true.")
    trigger(window, c.app.act_undo)  # the link and the source it made
    assert reads(window).evidence(claim_id) == []
    trigger(window, c.app.act_redo)
    assert len(reads(window).evidence(claim_id)) == 1


def test_batches_are_listed_removed_and_put_back(
    window: MainWindow, qtbot: object, tmp_path: Path
) -> None:
    c = ctl(window)
    # the box that lists the item that could not be read is answered
    seen = answer_next_dialogs(lambda box: box.accept())  # type: ignore[attr-defined]
    c.checks.import_source(str(feed(tmp_path)))
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=10_000)  # type: ignore[attr-defined]
    settle(window)
    assert "Imported 2 new published check(s)" in c.messages.last

    def count() -> int:
        with c.runner.store.session() as s:
            return published.count_checks(s)

    rows: list[int] = []

    def remove(dialog: object) -> None:
        assert isinstance(dialog, BatchesDialog)
        qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)  # type: ignore[attr-defined]
        assert "2 published check(s) in 1 batch(es)" in dialog.total.text()
        dialog.remove.click()
        qtbot.waitUntil(lambda: dialog.table.rowCount() == 0)  # type: ignore[attr-defined]
        rows.append(dialog.table.rowCount())
        dialog.reject()

    answer_next_dialogs(remove)
    trigger(window, c.checks.act_library)
    assert rows == [0] and count() == 0
    trigger(window, c.app.act_undo)
    assert count() == 2
    assert window.undo_stack.text(window.undo_stack.index()).startswith("Remove batch")
    trigger(window, c.app.act_undo)  # the import itself
    assert count() == 0
    trigger(window, c.app.act_redo)
    assert count() == 2


def test_settings_say_what_is_sent_where_and_the_lookup_says_why_not(
    window: MainWindow, qtbot: object
) -> None:
    c = ctl(window)
    assert c.checks.act_lookup.text().endswith("(unavailable: off in Settings)")
    said: list[str] = []

    def turn_on(dialog: object) -> None:
        assert isinstance(dialog, SettingsDialog)
        box = dialog.checks
        said.extend(label.text() for label in box.findChildren(QLabel))
        assert not box.online.isChecked()  # off by default
        assert box.url.text() == "https://factchecktools.googleapis.com/v1alpha1/claims:search"
        box.online.setChecked(True)
        dialog.accept()

    answer_next_dialogs(turn_on)
    trigger(window, c.app.act_settings)
    words = " ".join(said)
    for part in ("sends the words of the selected claim", "Fact Check Tools API",
                 "nothing else", "keyring only"):  # fmt: skip
        assert part in words, words
    assert window.settings.checks_online == "on"
    assert '"checks_online": "on"' in window.settings.path.read_text(encoding="utf-8")
    assert "(unavailable: no API key)" in c.checks.act_lookup.text()

    def explained(box: object) -> None:
        assert isinstance(box, QMessageBox) and "API key" in box.text()
        box.accept()

    seen = answer_next_dialogs(explained)
    trigger(window, c.checks.act_lookup)
    assert len(seen) == 1


def test_look_up_online_in_the_window(window: MainWindow, qtbot: object) -> None:
    """With a key in the real keyring, against a local server that answers like the API;
    then offline, the menu item says so."""
    import sys

    from claimdesk import secrets

    problem = secrets.keyring_status()
    if problem:
        pytest.skip(f"no Secret Service to keep the key in: {problem}")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "io"))
    from checks_server import KEY, api_server

    c = ctl(window)
    secrets.set_factcheck_key(KEY)
    try:
        with api_server() as api:
            window.settings.checks_online = "on"
            window.settings.checks_api_url = api.search_url
            c.checks.settings_changed()
            assert c.checks.act_lookup.text() == "Look up &online"
            make_claim(window, RANKING)
            trigger(window, c.checks.act_lookup)
            qtbot.waitUntil(lambda: "Imported 1 new" in c.messages.last, timeout=20_000)  # type: ignore[attr-defined]
            box = window.inspector.checked
            qtbot.waitUntil(lambda: box.list.count() == 1, timeout=60_000)  # type: ignore[attr-defined]
            assert box.summary.text() == "Checked by Harbour Checks, 9 January 2025: True"
            assert api.requests[-1][1]["X-Goog-Api-Key"] == KEY
        seen = answer_next_dialogs(lambda b: b.accept())  # type: ignore[attr-defined]
        trigger(window, c.checks.act_lookup)  # the server is gone: offline
        qtbot.waitUntil(lambda: len(seen) == 1, timeout=20_000)  # type: ignore[attr-defined]
        assert "(unavailable: offline)" in c.checks.act_lookup.text()
        assert "cannot be reached" in c.checks.act_lookup.toolTip()
    finally:
        secrets.forget_factcheck_key()
