"""The dialog that corrects an article's details, with the history of earlier edits."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from claimdesk.core.article_edits import FIELDS, ArticleEditEntry, clean_changes
from claimdesk.core.records import ArticleInfo
from claimdesk.errors import ValidationError

_ROWS = (
    ("title", "&Title:", "The article's headline"),
    ("outlet", "&Outlet:", "The newspaper, agency or site that published it"),
    ("author", "&Author:", "Who wrote it (the byline)"),
    ("published_at", "&Published:", "YYYY-MM-DD, e.g. 2026-03-13; empty if unknown"),
    ("url", "Add&ress:", "Its web address (http or https); empty if none"),
    ("place", "P&lace:", "Where it was filed from (the dateline), e.g. Ankara"),
)


def shown(info: ArticleInfo, name: str) -> str:
    value = getattr(info, name)
    if name == "published_at":
        return value.date().isoformat() if value is not None else ""
    return str(value or "")


class ArticleDialog(QDialog):
    """Edits are checked here before the dialog closes (a date that is not a date keeps
    the dialog open with the reason); ``changes()`` then holds only what changed."""

    def __init__(
        self, info: ArticleInfo, history: list[ArticleEditEntry], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Article details \u2014 {info.title[:60]}")
        self.info = info
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for name, label, tip in _ROWS:
            edit = QLineEdit(shown(info, name))
            edit.setToolTip(tip)
            edit.setPlaceholderText(tip)
            edit.setAccessibleName(label.replace("&", "").rstrip(":"))
            form.addRow(label, edit)
            self.fields[name] = edit
        self.error = QLabel()
        self.error.setObjectName("errorText")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.hide()
        self.history = QListWidget()
        self.history.setAccessibleName("Edits of this article")
        for entry in reversed(history):
            when = entry.at.strftime("%Y-%m-%d %H:%M")
            self.history.addItem(f"{when}  {entry.actor}: {entry.describe()}")
        if not history:
            self.history.addItem("No edits yet.")
        self.history.setMaximumHeight(110)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(QLabel("History:"))
        layout.addWidget(self.history)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())
        self._changes: dict[str, Any] = {}

    def typed(self) -> dict[str, str]:
        """The fields whose text differs from what was shown."""
        return {
            name: edit.text()
            for name, edit in self.fields.items()
            if edit.text().strip() != shown(self.info, name)
        }

    def accept(self) -> None:
        try:
            clean = clean_changes(self.typed())
        except ValidationError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self._changes = {
            name: value for name, value in clean.items() if value != getattr(self.info, name)
        }
        super().accept()

    def changes(self) -> dict[str, Any]:
        return dict(self._changes)

    def seen(self) -> dict[str, Any]:
        """What the analyst saw in the fields being changed (the conflict check)."""
        return {name: getattr(self.info, name) for name in self._changes if name in FIELDS}
