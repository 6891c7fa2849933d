"""“Has this been checked before?”: published fact-checks of the selected claim, the
library's batches, and the Settings box of the online lookup."""

from __future__ import annotations

import html
from functools import cache
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from claimdesk.ui.icons import icon

if TYPE_CHECKING:
    from claimdesk.config import Settings
    from claimdesk.core.published import BatchRecord
    from claimdesk.core.published_match import PublishedMatch

CHECKS_ROLE = Qt.ItemDataRole.UserRole


@cache
def checked_icon() -> QIcon:
    """The mark of a claim or suggestion that a published fact-check has checked: a blue
    square with a tick (drawn, so it needs no resource file)."""
    pix = QPixmap(16, 16)
    pix.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor("#3b5bdb"))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawRoundedRect(1, 1, 14, 14, 3, 3)
    pen = QPen(QColor("white"), 2.0)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.drawPolyline([QPointF(4.5, 8.5), QPointF(7, 11), QPointF(11.5, 5.5)])
    painter.end()
    return QIcon(pix)


class CheckedElsewhereBox(QWidget):
    """The inspector's *Checked elsewhere*: organisation, date, rating and a link."""

    linkRequested = Signal(int)  # published check id
    openRequested = Signal(str)  # the review's address

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Checked elsewhere")
        layout.addWidget(self.summary)
        self.list = QListWidget()
        self.list.setAccessibleName("Published fact-checks of this claim")
        self.list.setWordWrap(True)
        self.list.setMaximumHeight(130)
        self.list.setToolTip("Enter opens the published review in the browser")
        layout.addWidget(self.list)
        row = QHBoxLayout()
        self.link = QPushButton(icon("evidence"), "Link as evidence")
        self.link.setToolTip(
            "Link the selected published check to this claim: a source of kind Fact-check "
            "with its rating in the excerpt (Ctrl+Alt+L)"
        )
        self.open = QPushButton("Open review")
        self.open.setToolTip("Open the published review in the browser")
        row.addWidget(self.link)
        row.addWidget(self.open)
        row.addStretch()
        layout.addLayout(row)
        self.link.clicked.connect(self._link)
        self.open.clicked.connect(self._open)
        self.list.itemActivated.connect(lambda _i: self._open())
        self.set_checks([], "")

    def current(self) -> PublishedMatch | None:
        item = self.list.currentItem() or self.list.item(0)
        found: PublishedMatch | None = item.data(CHECKS_ROLE) if item is not None else None
        return found

    def set_checks(self, found: list[PublishedMatch], summary: str) -> None:
        self.summary.setText(summary)
        self.list.clear()
        for m in found:
            c = m.check
            text = f"{c.summary}\n\u201c{c.claim_reviewed}\u201d"
            if c.claimant:
                text += f" \u2014 {c.claimant}"
            item = QListWidgetItem(checked_icon(), text)
            item.setToolTip(f"{c.review_url}\nMatch {m.score:.0%}: " + "; ".join(m.reasons))
            item.setData(CHECKS_ROLE, m)
            self.list.addItem(item)
        if found:
            self.list.setCurrentRow(0)
        for w in (self.list, self.link, self.open):
            w.setVisible(bool(found))

    def _link(self) -> None:
        m = self.current()
        if m is not None:
            self.linkRequested.emit(m.check.id)

    def _open(self) -> None:
        m = self.current()
        if m is not None:
            self.openRequested.emit(m.check.review_url)


class BatchesDialog(QDialog):
    """The library of published checks: its batches, and removing one."""

    removeRequested = Signal(int)  # batch id
    importRequested = Signal()
    addressRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Published fact-checks")
        self.resize(760, 360)
        layout = QVBoxLayout(self)
        self.total = QLabel("")
        layout.addWidget(self.total)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(["Batch", "Held", "Imported", "Problems", "From"])
        self.table.setAccessibleName("Batches of published checks")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.remove = buttons.addButton("Remove batch", QDialogButtonBox.ButtonRole.ActionRole)
        self.remove.setToolTip("Remove the selected batch and the checks it holds (Ctrl+Z undoes)")
        self.add = buttons.addButton("Import\u2026", QDialogButtonBox.ButtonRole.ActionRole)
        self.add.setToolTip("Import published fact-checks from a file or a web address")
        self.address = buttons.addButton(
            "From a web address\u2026", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.address.setToolTip("Import published fact-checks from a page or a file on the web")
        self.address.clicked.connect(self.addressRequested)
        buttons.rejected.connect(self.reject)
        self.remove.clicked.connect(self._remove)
        self.add.clicked.connect(self.importRequested)
        layout.addWidget(buttons)
        self.batches: list[BatchRecord] = []
        self.set_batches([])

    def set_batches(self, batches: list[BatchRecord]) -> None:
        self.batches = list(batches)
        self.table.setRowCount(len(batches))
        for r, b in enumerate(batches):
            values = (
                str(b.id),
                str(b.checks),
                f"{b.imported_at:%Y-%m-%d %H:%M} by {b.imported_by}",
                str(b.problems),
                f"{b.kind}: {b.origin}",
            )
            for c, value in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(value))
        held = sum(b.checks for b in batches)
        self.total.setText(
            f"{held:,} published check(s) in {len(batches)} batch(es)."
            if batches
            else "The library is empty: import published fact-checks (ClaimReview) first."
        )
        self.remove.setEnabled(bool(batches))
        if batches:
            self.table.selectRow(0)

    def _remove(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.batches):
            self.removeRequested.emit(self.batches[row].id)


SENT_WHERE = (
    "Off by default. When it is on, <b>Look up online</b> sends the words of the selected "
    "claim (and nothing else: no article, no desk, no name) with your API key to Google's "
    "Fact Check Tools API at the address below. The published checks it answers with are "
    "added to your library. The key is kept in your system keyring only, never in a "
    "settings file, a log or an export."
)


class ChecksSettingsBox(QGroupBox):
    """Settings › Published fact-checks: the online lookup and its key."""

    def __init__(self, settings: Settings, key_status: str, parent: QWidget | None = None) -> None:
        super().__init__("Published fact-checks", parent)
        layout = QVBoxLayout(self)
        words = QLabel(SENT_WHERE)
        words.setWordWrap(True)
        words.setAccessibleName("What the online lookup sends")
        layout.addWidget(words)
        form = QFormLayout()
        self.online = QCheckBox("Look up published fact-checks online")
        self.online.setChecked(settings.checks_online == "on")
        self.online.setToolTip("Off sends nothing anywhere")
        form.addRow(self.online)
        self.key = QLineEdit()
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.key.setAccessibleName("Google Fact Check Tools API key")
        self.key.setPlaceholderText(key_status)
        self.key.setToolTip("Stored in the system keyring when you save; leave empty to keep it")
        self.forget = QCheckBox("Remove the stored key")
        form.addRow("API &key", self.key)
        form.addRow("", self.forget)
        self.url = QLineEdit(settings.checks_api_url)
        self.url.setAccessibleName("Fact Check Tools address")
        self.url.setToolTip("Where the lookup is sent (claims:search)")
        form.addRow("Sent to", self.url)
        layout.addLayout(form)

    def apply(self, settings: Settings) -> str:
        """Update the settings and the keyring; a sentence about the key, or ""."""
        from claimdesk.config import FACTCHECK_API_URL
        from claimdesk.secrets import SecretsUnavailable, forget_factcheck_key, set_factcheck_key

        settings.checks_online = "on" if self.online.isChecked() else "off"
        settings.checks_api_url = self.url.text().strip() or FACTCHECK_API_URL
        try:
            if self.forget.isChecked():
                forget_factcheck_key()
                return "The API key was removed from the keyring."
            if self.key.text().strip():
                set_factcheck_key(self.key.text())
                self.key.clear()
                return "The API key is in the keyring."
        except SecretsUnavailable as exc:
            return str(exc).replace("password", "API key")
        return ""


def esc(text: str) -> str:
    return html.escape(text)


def key_status() -> str:
    """What the keyring holds, for the key field's placeholder."""
    from claimdesk.secrets import SecretsUnavailable, get_factcheck_key

    try:
        held = get_factcheck_key()
    except SecretsUnavailable:
        return "the system keyring is not available, so no key can be kept"
    return "a key is stored; type a new one to replace it" if held else "no key stored"
