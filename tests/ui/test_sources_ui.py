"""Claim › Sources › Edit, Merge into, Delete, through their real actions."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog
from uihelpers import ctl, make_claim, reads, service, settle, trigger

from claimdesk.core import sources
from claimdesk.core.sources import SourceDraft
from claimdesk.ui.main_window import MainWindow
from claimdesk.ui.source_dialogs import EditSourceDialog, MergeSourceDialog

Answer = Callable[[Callable[[QDialog], None]], None]


def _two_sources(window: MainWindow) -> tuple[int, int, int]:
    claim_id = make_claim(window)
    a = service(
        window, sources.add_source, SourceDraft(url="https://sipri.example/t", title="SIPRI")
    )
    b = service(
        window, sources.add_source, SourceDraft(url="https://sipri.example/t?x", title="SIPRI copy")
    )
    service(window, sources.link_evidence, claim_id, b.id, "supports", actor="t")
    return claim_id, a.id, b.id


def _select(window: MainWindow, source_id: int) -> None:
    window.sources.select_source(source_id)
    settle(window)
    selected = window.sources.selected_source()
    assert selected is not None and selected.id == source_id


def test_edit_a_source_and_undo(window: MainWindow, answer_dialog: Answer) -> None:
    c = ctl(window)
    _cid, a, _b = _two_sources(window)
    _select(window, a)

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, EditSourceDialog)
        dialog.form.title.setText("SIPRI arms transfers")
        dialog.form.kind.setCurrentIndex(dialog.form.kind.findData("primary_data"))
        dialog.accept()

    answer_dialog(fill)
    trigger(window, c.source_edits.act_edit)
    rec = next(s for s in reads(window).sources() if s[0].id == a)[0]
    assert (rec.title, rec.kind) == ("SIPRI arms transfers", "primary_data")
    trigger(window, c.app.act_undo)
    rec = next(s for s in reads(window).sources() if s[0].id == a)[0]
    assert rec.title == "SIPRI"


def test_merge_a_duplicate_moves_its_evidence(window: MainWindow, answer_dialog: Answer) -> None:
    c = ctl(window)
    claim_id, a, b = _two_sources(window)
    _select(window, b)

    def keep_a(dialog: QDialog) -> None:
        assert isinstance(dialog, MergeSourceDialog)
        dialog.target.setCurrentIndex(dialog.target.findData(a))
        dialog.accept()

    answer_dialog(keep_a)
    trigger(window, c.source_edits.act_merge)
    assert [e.source.id for e in reads(window).evidence(claim_id)] == [a]
    assert b not in [s.id for s, _ in reads(window).sources()]
    assert window.sources.table.rowCount() == len(reads(window).sources())
    assert "merged into" in reads(window).history(claim_id)[-1].rationale
    trigger(window, c.app.act_undo)
    assert [e.source.id for e in reads(window).evidence(claim_id)] == [b]


def test_delete_only_an_unused_source(window: MainWindow) -> None:
    c = ctl(window)
    claim_id, a, b = _two_sources(window)
    _select(window, b)
    trigger(window, c.source_edits.act_delete)
    assert f"evidence for claim {claim_id}" in c.messages.last
    assert b in [s.id for s, _ in reads(window).sources()]
    _select(window, a)
    trigger(window, c.source_edits.act_delete)
    assert a not in [s.id for s, _ in reads(window).sources()]
    trigger(window, c.app.act_undo)
    assert a in [s.id for s, _ in reads(window).sources()]
