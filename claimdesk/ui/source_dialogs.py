"""Dialogs for tidying sources: edit one, choose the source a duplicate merges into."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QVBoxLayout, QWidget

from claimdesk.core.records import SourceRecord
from claimdesk.core.source_edits import FIELDS
from claimdesk.ui.dialogs import SourceForm, _buttons
from claimdesk.ui.icons import icon


class EditSourceDialog(QDialog):
    def __init__(self, rec: SourceRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Edit source \u2014 {rec.title[:60]}")
        self.setWindowIcon(icon("source"))
        self.resize(460, 0)
        self.rec = rec
        self.form = SourceForm(rec.url or "")
        f = self.form
        f.title.setText(rec.title)
        f.publisher.setText(rec.publisher or "")
        f.author.setText(rec.author or "")
        f.published.set_value(rec.published_at.date() if rec.published_at else None)
        f.kind.setCurrentIndex(max(0, f.kind.findData(rec.kind)))
        f.notes.setPlainText(rec.notes)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(_buttons(self, "Save"))

    def accept(self) -> None:
        if self.form.dates_ok():
            super().accept()

    def changes(self) -> dict[str, Any]:
        """The fields that differ from the source as it was shown."""
        draft = self.form.draft()
        now = {name: getattr(draft, name) for name in FIELDS}
        was = self.seen_all()
        old, new = was["published_at"], now["published_at"]
        if old is not None and new is not None and old.date() == new.date():
            now["published_at"] = old
        return {n: v for n, v in now.items() if v != was[n]}

    def seen_all(self) -> dict[str, Any]:
        return {name: getattr(self.rec, name) for name in FIELDS}


class MergeSourceDialog(QDialog):
    """Which source the duplicate merges into (the one kept)."""

    def __init__(
        self, duplicate: SourceRecord, others: list[SourceRecord], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Merge source")
        self.target = QComboBox()
        self.target.setAccessibleName("Source to keep")
        for rec in others:
            self.target.addItem(f"#{rec.id} {rec.title}  {rec.url or ''}".strip(), rec.id)
        label = QLabel(
            f"Merge \u201c{duplicate.title}\u201d into the source kept below. Its evidence "
            "will cite the kept source, each claim concerned records it in its history, "
            "and this source is removed (Edit \u203a Undo puts it back)."
        )
        label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.target)
        layout.addWidget(_buttons(self, "Merge"))
        self.resize(480, 0)

    def chosen(self) -> int | None:
        data = self.target.currentData()
        return int(data) if data is not None else None
