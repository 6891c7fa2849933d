"""An archived copy of a source, read offline: what the source said when it was captured."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from claimdesk.core.archive import SnapshotCopy


class ArchivedCopyView(QDialog):
    def __init__(self, copy: SnapshotCopy, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        info = copy.info
        self.setWindowTitle(f"Archived copy \u2014 {info.final_url or info.file_name or ''}")
        self.resize(760, 640)
        layout = QVBoxLayout(self)
        where = info.final_url or info.file_name or ""
        head = QLabel(
            f"<b>{info.label}</b><br/>{where}<br/>"
            f"{info.media_type or 'unknown type'}, {info.size:,} bytes, sha256 {info.sha256}"
            + (f"<br/><i>{info.note}</i>" if info.note else "")
        )
        head.setWordWrap(True)
        layout.addWidget(head)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setAccessibleName("Archived text")
        self.text.setPlainText(copy.text or "(no readable text in this snapshot)")
        layout.addWidget(self.text, 1)
