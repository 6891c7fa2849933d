"""The inspector: everything about the selected claim, editable in place."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from claimdesk.core.dates import format_date
from claimdesk.core.records import ClaimRecord, EvidenceRecord, HistoryRecord
from claimdesk.core.vocab import STANCE_LABELS, STATUS_INFO, Stance
from claimdesk.ui.datefield import DateField
from claimdesk.ui.icons import icon, status_icon, status_label
from claimdesk.ui.matches import MatchesBox

if TYPE_CHECKING:
    from claimdesk.core.team import TeamHistoryEntry


class Inspector(QStackedWidget):
    """Shows one claim.  Emits what the analyst asked for; the window performs it."""

    editRequested = Signal(int, dict)  # claim id, {field: value}
    statusRequested = Signal(int, str)  # claim id, status
    addEvidenceRequested = Signal(int)
    unlinkRequested = Signal(int)  # evidence id
    assignRequested = Signal(int, str)  # claim id, analyst ("" takes the claim back)
    claimShown = Signal(int)  # the inspector now shows this claim (refreshed or new)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._claim: ClaimRecord | None = None
        self._loading = False
        self._shown: dict[str, tuple[int | None, str | None]] = {}
        # the version each text field's shown value came from, and text the analyst typed
        # that could not be saved (offline, conflict): kept until it is saved or dropped
        self._base: dict[str, int] = {}
        self.drafts: dict[tuple[int, str], str] = {}
        empty = QLabel(
            "No claim selected.\n\nSelect words in the article and press Ctrl+E to make "
            "them a claim, or pick a claim in the Claims list."
        )
        empty.setWordWrap(True)
        empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        empty.setObjectName("emptyState")
        empty.setMargin(16)
        self.addWidget(empty)

        page = QWidget()
        layout = QVBoxLayout(page)
        self.quote = QLabel()
        self.quote.setWordWrap(True)
        self.quote.setObjectName("quote")
        self.quote.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.quote)
        self.wording = QLabel()  # the changed-wording note (ui/wording_box.py)
        self.wording.setWordWrap(True)
        self.wording.setObjectName("wordingChanged")
        self.wording.setAccessibleName("Changed wording")
        self.wording.hide()
        layout.addWidget(self.wording)

        form = QFormLayout()
        self.statement = QPlainTextEdit()
        self.statement.setAccessibleName("Statement")
        self.statement.setToolTip("The claim in your own words. Saved when you leave the field.")
        self.statement.setFixedHeight(54)
        self.statement.setTabChangesFocus(True)
        form.addRow("&Statement", self.statement)
        self.claimant = QLineEdit()
        self.claimant.setAccessibleName("Claimant")
        self.claimant.setToolTip("Who made the claim (a person or an organisation)")
        form.addRow("C&laimant", self.claimant)
        self.claim_date = DateField("Claim date", "When the claim was made.", "not known")
        form.addRow("Claim &date", self.claim_date)
        self.tags = QLineEdit()
        self.tags.setAccessibleName("Tags")
        self.tags.setPlaceholderText("comma-separated, e.g. defence, trade")
        form.addRow("&Tags", self.tags)
        self.priority = QSpinBox()
        self.priority.setRange(0, 3)
        self.priority.setSpecialValueText("none")
        self.priority.setAccessibleName("Priority")
        self.priority.setToolTip("0 none, 1 low, 2 medium, 3 high")
        form.addRow("&Priority", self.priority)
        self.status = QComboBox()
        self.status.setAccessibleName("Status")
        for status, info in STATUS_INFO.items():
            self.status.addItem(
                status_icon(status.value), f"{info.label}  ({info.key})", status.value
            )
            self.status.setItemData(
                self.status.count() - 1, info.description, Qt.ItemDataRole.ToolTipRole
            )
        self.status.setToolTip("Change the status here or press 1-7 in the Claims list")
        form.addRow("St&atus", self.status)
        self.rationale = QPlainTextEdit()
        self.rationale.setAccessibleName("Rationale")
        self.rationale.setFixedHeight(60)
        self.rationale.setTabChangesFocus(True)
        self.rationale.setToolTip("Why the claim has its verdict; required for verdicts")
        form.addRow("&Rationale", self.rationale)
        from claimdesk.ui.team_assign import AssigneeBox

        self.assignee = AssigneeBox()
        form.addRow("Assi&gned to", self.assignee)
        layout.addLayout(form)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("inlineError")
        self.message.setStyleSheet("color: #b3261e; font-weight: 600;")
        self.message.hide()
        layout.addWidget(self.message)
        layout.addWidget(QLabel("<b>Seen elsewhere</b>"))
        self.matches = MatchesBox()
        layout.addWidget(self.matches)
        from claimdesk.ui.checked_elsewhere import CheckedElsewhereBox

        layout.addWidget(QLabel("<b>Checked elsewhere</b>"))
        self.checked = CheckedElsewhereBox()  # published fact-checks (ui/ctl_checks.py)
        layout.addWidget(self.checked)

        head = QHBoxLayout()
        head.addWidget(QLabel("<b>Evidence</b>"))
        head.addStretch()
        self.add_evidence = QPushButton(icon("evidence"), "Link source\u2026")
        self.add_evidence.setToolTip(
            "Link a source that supports, contradicts or gives context to this claim (Ctrl+L)"
        )
        head.addWidget(self.add_evidence)
        layout.addLayout(head)
        self.evidence = QListWidget()
        self.evidence.setAccessibleName("Evidence")
        self.evidence.setWordWrap(True)
        self.evidence.setToolTip("Press Delete to unlink the selected evidence")
        layout.addWidget(self.evidence, 2)
        layout.addWidget(QLabel("<b>History</b>"))
        self.history = QListWidget()
        self.history.setAccessibleName("History")
        self.history.setWordWrap(True)
        layout.addWidget(self.history, 1)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(page)
        self.addWidget(scroll)

        for field in (self.statement, self.rationale, self.claimant, self.tags):
            field.installEventFilter(self)
        self.claimant.editingFinished.connect(
            lambda: self._edited("claimant", self.claimant.text())
        )
        self.tags.editingFinished.connect(lambda: self._edited("tags", self._tag_list()))
        self.priority.valueChanged.connect(lambda v: self._edited("priority", v))
        self.claim_date.committed.connect(self._date_changed)
        self.status.activated.connect(self._status_chosen)
        self.assignee.assigned.connect(
            lambda who: self._claim and self.assignRequested.emit(self._claim.id, who)
        )
        self.add_evidence.clicked.connect(self._add_evidence)

    # showing -----------------------------------------------------------------------------
    def claim(self) -> ClaimRecord | None:
        return self._claim

    def show_claim(
        self,
        claim: ClaimRecord | None,
        evidence: Sequence[EvidenceRecord] = (),
        history: Sequence[HistoryRecord | TeamHistoryEntry] = (),
    ) -> None:
        self._loading = True
        previous = self._claim
        try:
            self._claim = claim
            self.show_message("")
            if claim is None:
                self.setCurrentIndex(0)
                return
            self.setCurrentIndex(1)
            orphan = " <i>(its quote is no longer in the article)</i>" if claim.orphaned else ""
            self.quote.setText(
                f"<span style='color:#6b7785'>\u2026{_esc(claim.anchor.prefix[-24:])}</span>"
                f"<b>{_esc(claim.anchor.exact)}</b>"
                f"<span style='color:#6b7785'>{_esc(claim.anchor.suffix[:24])}\u2026</span>{orphan}"
            )
            from claimdesk.ui.wording_box import wording_text

            self.wording.setText(wording_text(claim))
            self.wording.setVisible(bool(self.wording.text()))
            self._sync_text(self.statement, claim.statement, "statement", claim)
            self._sync_text(self.claimant, claim.claimant or "", "claimant", claim)
            self._sync_date(claim, previous)
            self.tags.setText(", ".join(claim.tags))
            self.priority.setValue(claim.priority)
            self.status.setCurrentIndex(self.status.findData(claim.status))
            self._sync_text(self.rationale, claim.rationale, "rationale", claim)
            self.evidence.clear()
            for ev in evidence:
                self.evidence.addItem(_evidence_item(ev))
            if not evidence:
                empty = QListWidgetItem(
                    "No evidence yet. Link a source, or drop a web address onto the claim."
                )
                empty.setFlags(Qt.ItemFlag.NoItemFlags)
                self.evidence.addItem(empty)
            self.history.clear()
            for h in reversed(history):
                change = status_label(h.to_status)
                same = h.from_status == h.to_status  # an assignment, not a status change
                if h.from_status and not same:
                    change = f"{status_label(h.from_status)} \u2192 {change}"
                who = getattr(h, "who", h.actor)
                when = h.at.astimezone().strftime("%Y-%m-%d %H:%M")
                text = f"{when}  {who}: {h.rationale if same else change}"
                if h.rationale and h.from_status and not same:
                    text += f"\n    \u201c{h.rationale}\u201d"
                item = QListWidgetItem(status_icon(h.to_status), text)
                if getattr(h, "detail", ""):  # the database role: a detail, not the name
                    item.setToolTip(f"{who}, connected as {h.detail}")  # type: ignore[union-attr]
                self.history.addItem(item)
        finally:
            self._loading = False
        if claim is not None:
            self.claimShown.emit(claim.id)

    def _sync_text(
        self, edit: QPlainTextEdit | QLineEdit, value: str, name: str, claim: ClaimRecord
    ) -> None:
        """Show ``value`` unless the analyst is typing in ``edit`` or has unsaved text."""
        plain = isinstance(edit, QPlainTextEdit)
        current = edit.toPlainText() if plain else edit.text()  # type: ignore[union-attr]
        shown_for, shown = self._shown.get(name, (None, None))
        typing = edit.hasFocus() and shown_for == claim.id and current != shown
        draft = self.drafts.get((claim.id, name))
        if draft is not None:
            if current != draft:
                edit.setPlainText(draft) if plain else edit.setText(draft)  # type: ignore[union-attr]
            self.show_message("Not saved yet: your text is kept here.")
        elif not typing:
            edit.setPlainText(value) if plain else edit.setText(value)  # type: ignore[union-attr]
            self._shown[name] = (claim.id, value)
            self._base[name] = claim.version

    def _sync_date(self, claim: ClaimRecord, previous: ClaimRecord | None) -> None:
        """Show the claim's date unless the analyst's text for this claim is not saved yet
        (not a date, or still being typed): that stays for correction."""
        field = self.claim_date
        held = bool(field.error()) or field.text().strip() != format_date(field.value())
        if previous is not None and previous.id == claim.id and held:
            return
        field.set_value(_stored_date(claim.claim_date))

    def base_version(self, claim_id: int, names: object) -> int | None:
        """The oldest version the analyst's values of ``names`` were shown from (None: the
        inspector does not show that claim)."""
        if self._claim is None or self._claim.id != claim_id:
            return None
        return min(
            [self._base.get(str(n), self._claim.version) for n in names]  # type: ignore[attr-defined]
            or [self._claim.version]
        )

    def keep_draft(self, claim_id: int, changes: dict[str, object]) -> None:
        for name in ("statement", "rationale", "claimant"):
            if name in changes:
                self.drafts[(claim_id, name)] = str(changes[name] or "")

    def drop_drafts(self, claim_id: int, names: object) -> None:
        for name in names:  # type: ignore[attr-defined]
            self.drafts.pop((claim_id, str(name)), None)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def selected_evidence_id(self) -> int | None:
        item = self.evidence.currentItem()
        value = item.data(Qt.ItemDataRole.UserRole) if item else None
        return int(value) if value is not None else None

    # editing ------------------------------------------------------------------------------
    def eventFilter(self, watched: object, event: object) -> bool:
        from PySide6.QtCore import QEvent

        kind = getattr(event, "type", lambda: None)()
        if kind == QEvent.Type.ShortcutOverride and _leaves_undo_to_the_desk(watched, event):
            # a field with no typing of its own to undo lets Ctrl+Z undo the last edit of
            # the desk (the claim just made, say) instead of swallowing the key
            event.ignore()  # type: ignore[attr-defined]
            return True
        if kind == QEvent.Type.FocusOut:
            if watched is self.statement:
                self._edited("statement", self.statement.toPlainText())
            elif watched is self.rationale:
                self._edited("rationale", self.rationale.toPlainText().strip())
        return super().eventFilter(watched, event)  # type: ignore[arg-type]

    def _tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.text().split(",") if t.strip()]

    def _date_changed(self, value: date | None) -> None:
        self._edited("claim_date", value.isoformat() if value else None)

    def _edited(self, name: str, value: object) -> None:
        claim = self._claim
        if self._loading or claim is None:
            return
        current = getattr(claim, name)
        if name == "tags":
            current = list(current)
        if name == "claimant":
            current = current or ""
            value = str(value).strip()
        if name == "statement":
            value = " ".join(str(value).split())
        if value == current:
            self.drafts.pop((claim.id, name), None)
            return
        self.editRequested.emit(claim.id, {name: value})

    def _status_chosen(self, index: int) -> None:
        if self._claim is not None and not self._loading:
            self.statusRequested.emit(self._claim.id, str(self.status.itemData(index)))

    def _add_evidence(self) -> None:
        if self._claim is not None:
            self.addEvidenceRequested.emit(self._claim.id)


def _stored_date(text: str | None) -> date | None:
    try:
        return date.fromisoformat((text or "")[:10]) if text else None
    except ValueError:
        return None  # not a date (an old import): shown empty rather than failing


def _leaves_undo_to_the_desk(watched: object, event: object) -> bool:
    from PySide6.QtGui import QKeyEvent, QKeySequence

    if not isinstance(event, QKeyEvent):
        return False
    undo = event.matches(QKeySequence.StandardKey.Undo)
    redo = event.matches(QKeySequence.StandardKey.Redo)
    if not (undo or redo):
        return False
    if isinstance(watched, QPlainTextEdit):
        doc = watched.document()
        return not (doc.isUndoAvailable() if undo else doc.isRedoAvailable())
    if isinstance(watched, QLineEdit):
        return not (watched.isUndoAvailable() if undo else watched.isRedoAvailable())
    return False


def _esc(text: str) -> str:
    import html

    return html.escape(text).replace("\n", " ")


def _evidence_item(ev: EvidenceRecord) -> QListWidgetItem:
    stance = Stance(ev.stance)
    lines = [f"{STANCE_LABELS[stance]} \u2014 {ev.source.title}"]
    if ev.shared_from is not None:
        lines[0] += f"  (shared from claim {ev.shared_from})"
    if ev.excerpt:
        lines.append(f"\u201c{ev.excerpt}\u201d")
    extra = " \u00b7 ".join(x for x in (ev.locator, ev.source.url or "") if x)
    if extra:
        lines.append(extra)
    lines += [x for x in (ev.source.archive_label, ev.source.archive_note) if x]
    item = QListWidgetItem(icon(stance.value), "\n".join(lines))
    # a link of another claim of the group is shown, not unlinked from here
    item.setData(Qt.ItemDataRole.UserRole, ev.id if ev.shared_from is None else None)
    item.setData(Qt.ItemDataRole.UserRole + 1, ev.source.id)
    item.setToolTip(ev.note or ev.source.url or ev.source.title)
    return item
