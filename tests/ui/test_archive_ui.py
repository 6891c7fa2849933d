"""The evidence archive and changed wording in the window, through its real actions:
linking a web source captures it in the background (local HTTP server), an attached
file is a snapshot that undo takes back, the group's evidence shows where the verdict
is, and a claim whose words changed is outlined in the reader."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from archive_http import PAGE, Server, serve
from PySide6.QtGui import QTextCharFormat
from PySide6.QtWidgets import QDialog, QFileDialog, QLineEdit
from uihelpers import SAMPLE_QUOTE, ctl, make_claim, reads, service, settle, trigger

from claimdesk.core import articles, claims, groups, refresh, sources, verify
from claimdesk.core.records import ArticleDraft
from claimdesk.core.sources import SourceDraft
from claimdesk.ui.dialogs import LinkEvidenceDialog
from claimdesk.ui.highlight import _claim_format
from claimdesk.ui.main_window import MainWindow

Answer = Callable[[Callable[[QDialog], None]], None]


@pytest.fixture
def web() -> Iterator[Server]:
    with serve() as server:
        yield server


def wait_for(qtbot: object, window: MainWindow, test: Callable[[], bool]) -> None:
    def ready() -> bool:
        settle(window)
        return test()

    qtbot.waitUntil(ready, timeout=20_000)  # type: ignore[attr-defined]


def test_linking_a_web_source_archives_it_in_the_background(
    window: MainWindow, qtbot: object, web: Server, answer_dialog: Answer
) -> None:
    claim_id = make_claim(window)

    def link(dialog: QDialog) -> None:
        assert isinstance(dialog, LinkEvidenceDialog)
        dialog.new_source.url.setText(web.url("/moved"))
        dialog.new_source.title.setText("Trade page")
        dialog.accept()

    answer_dialog(link)
    trigger(window, ctl(window).claims.act_link)
    source_id = reads(window).evidence(claim_id)[0].source.id
    wait_for(qtbot, window, lambda: reads(window).source_snapshots(source_id) == 1)
    wait_for(qtbot, window, lambda: "archived " in window.inspector.evidence.item(0).text())
    assert "sha256 " in window.inspector.evidence.item(0).text()
    row = next(
        r for r in range(window.sources.table.rowCount())
        if window.sources.table.item(r, 0).text() == "Trade page"
    )  # fmt: skip
    assert "archived " in window.sources.table.item(row, 2).text()
    assert web.hits.count("/moved") == 1  # captured once, not once per refresh of the views


def test_a_refused_capture_leaves_the_source_linked(
    window: MainWindow, qtbot: object, web: Server, answer_dialog: Answer
) -> None:
    claim_id = make_claim(window)

    def link(dialog: QDialog) -> None:
        assert isinstance(dialog, LinkEvidenceDialog)
        dialog.new_source.url.setText(web.url("/members"))
        dialog.new_source.title.setText("Members page")
        dialog.accept()

    answer_dialog(link)
    trigger(window, ctl(window).claims.act_link)
    wait_for(qtbot, window, lambda: "Not archived" in ctl(window).messages.last)
    assert "HTTP 401" in ctl(window).messages.last
    (ev,) = reads(window).evidence(claim_id)
    assert reads(window).source_snapshots(ev.source.id) == 0


def test_attach_a_file_then_undo_and_redo(
    window: MainWindow, qtbot: object, tmp_path: Path, answer_dialog: Answer
) -> None:
    claim_id = make_claim(window)
    source = service(window, sources.add_source, SourceDraft(title="Saved release"))
    service(window, sources.link_evidence, claim_id, source.id, "supports", actor="t")
    ctl(window).article.select_claim(claim_id)
    settle(window)
    window.inspector.evidence.setCurrentRow(0)
    saved = tmp_path / "release.html"
    saved.write_bytes(PAGE)

    def choose(dialog: QDialog) -> None:
        assert isinstance(dialog, QFileDialog)
        name = dialog.findChild(QLineEdit, "fileNameEdit")
        assert name is not None
        name.setText(str(saved))
        dialog.accept()

    answer_dialog(choose)
    trigger(window, ctl(window).archive.act_attach)  # type: ignore[union-attr]
    wait_for(qtbot, window, lambda: reads(window).source_snapshots(source.id) == 1)
    trigger(window, ctl(window).app.act_undo)
    assert reads(window).source_snapshots(source.id) == 0
    trigger(window, ctl(window).app.act_redo)
    assert reads(window).source_snapshots(source.id) == 1

    liar = tmp_path / "scan.pdf"
    liar.write_bytes(PAGE)
    window.inspector.evidence.setCurrentRow(0)

    def choose_liar(dialog: QDialog) -> None:
        dialog.findChild(QLineEdit, "fileNameEdit").setText(str(liar))  # type: ignore[union-attr]
        dialog.accept()

    answer_dialog(choose_liar)
    trigger(window, ctl(window).archive.act_attach)  # type: ignore[union-attr]
    wait_for(qtbot, window, lambda: "says it is a PDF" in ctl(window).messages.last)
    assert reads(window).source_snapshots(source.id) == 1


def test_group_evidence_is_shown_where_the_verdict_is(window: MainWindow) -> None:
    article_id = ctl(window).article.article_id or 0
    first = make_claim(window)
    src = service(window, sources.add_source, SourceDraft(url="https://s.example/a", title="S"))
    service(window, sources.link_evidence, first, src.id, "supports", actor="t")
    service(window, verify.set_status, first, "verified", actor="t", rationale="Agrees.")
    other = service(
        window, articles.add_article, ArticleDraft(text="Elsewhere\n\nIt is " + SAMPLE_QUOTE + ".")
    )
    second = service(window, claims.create_claim_by_quote, other.id, SAMPLE_QUOTE, actor="t")
    service(window, groups.confirm_match, second.id, first, actor="t")
    ctl(window).article.open_article(other.id)
    settle(window)
    ctl(window).article.select_claim(second.id)
    settle(window)
    assert window.claims.model.index(0, 2).data() == "0 + 1 shared"
    item = window.inspector.evidence.item(0)
    assert "shared from claim" in item.text() and f"claim {first}" in item.text()
    window.inspector.evidence.setCurrentRow(0)
    assert window.inspector.selected_evidence_id() is None  # not unlinked from here
    assert article_id != other.id


def test_changed_words_are_outlined_in_the_reader(window: MainWindow) -> None:
    claim_id = make_claim(window)
    article_id = ctl(window).article.article_id or 0
    text = window.reader.text()
    new = text.replace(SAMPLE_QUOTE, SAMPLE_QUOTE.replace("largest", "biggest"), 1)
    service(window, refresh.refresh_article, article_id, ArticleDraft(text=new), actor="ed")
    spans = {s.key: s for s in window.reader._highlighter._claims.spans}
    assert spans[claim_id].changed
    fmt = _claim_format(spans[claim_id].status, 1, False, False, False, True)
    assert fmt.underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline
    label = window.claims.model.index(0, 1).data()
    assert label.startswith("\u26a0 Wording changed")


def test_versions_read_only_and_word_diff(window: MainWindow, qtbot: object) -> None:
    from claimdesk.ui.versions_view import VersionsDialog

    claim_id = make_claim(window)
    article_id = ctl(window).article.article_id or 0
    text = window.reader.text()
    new = text.replace(SAMPLE_QUOTE, SAMPLE_QUOTE.replace("largest", "biggest"), 1)
    service(window, refresh.refresh_article, article_id, ArticleDraft(text=new), actor="ed")
    trigger(window, ctl(window).archive.act_versions)  # type: ignore[union-attr]
    dialog = ctl(window).archive._windows[-1]  # type: ignore[union-attr]
    assert isinstance(dialog, VersionsDialog)
    wait_for(qtbot, window, lambda: dialog.table.rowCount() == 2)
    assert len(dialog.table.item(0, 2).text()) == 64  # the SHA-256 of version 1
    dialog.table.selectRow(0)
    dialog.open_selected()
    settle(window)
    assert dialog.view.isReadOnly() and "largest" in dialog.view.toPlainText()
    assert "Version 1, read-only" in dialog.heading.text()
    dialog.compare()
    settle(window)
    assert f"claims touched: {claim_id}" in dialog.heading.text()
    assert "line-through" in dialog.view.toHtml() and "biggest" in dialog.view.toPlainText()
    dialog.close()


def test_an_archived_pdf_opens_in_the_system_viewer(window: MainWindow) -> None:
    from PySide6.QtGui import QDesktopServices
    from uihelpers import FileManager

    claim_id = make_claim(window)
    source = service(window, sources.add_source, SourceDraft(title="Report PDF"))
    service(window, sources.link_evidence, claim_id, source.id, "context", actor="t")
    from claimdesk.core import archive

    pdf = b"%PDF-1.4\n% a report\n"
    got = archive.Capture(pdf, "application/pdf", datetime_now(), file_name="r.pdf")
    service(window, archive.add_snapshot, source.id, got, actor="t")
    ctl(window).article.select_claim(claim_id)
    settle(window)
    window.inspector.evidence.setCurrentRow(0)
    manager = FileManager()
    QDesktopServices.setUrlHandler("file", manager, "show")
    try:
        trigger(window, ctl(window).archive.act_open_copy)  # type: ignore[union-attr]
    finally:
        QDesktopServices.unsetUrlHandler("file")
    (opened,) = manager.opened
    assert Path(opened.toLocalFile()).read_bytes() == pdf


def datetime_now():  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    return datetime.now(UTC)
