"""Who works on a claim: the inspector's "Assigned to" box and the "Assigned to me" filter."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

UNASSIGNED = "Nobody"


class AssigneeBox(QComboBox):
    """An editable list of the team's analysts; typing a new name assigns to it too.
    ``assigned`` carries the chosen name, "" when the claim is taken back."""

    assigned = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setAccessibleName("Assigned to")
        self.setToolTip(
            "The analyst who works on this claim: pick one of the team or type a name; "
            f"\u201c{UNASSIGNED}\u201d takes the claim back"
        )
        self._edit().setPlaceholderText(UNASSIGNED)
        self._current = ""
        self._loading = False
        self.activated.connect(lambda _i: self._chosen())
        self._edit().editingFinished.connect(self._chosen)

    def _edit(self) -> QLineEdit:
        edit = self.lineEdit()
        assert edit is not None  # the box is editable
        return edit

    def set_value(self, who: str | None, analysts: list[str]) -> None:
        if self._edit().hasFocus() and self.currentText().strip() != self._current:
            return  # the analyst is typing a name: leave it
        self._loading = True
        try:
            self.clear()
            self.addItem(UNASSIGNED, "")
            for name in analysts:
                self.addItem(name, name)
            self._current = who or ""
            index = self.findData(self._current)
            if index < 0 and self._current:
                self.addItem(self._current, self._current)
                index = self.count() - 1
            self.setCurrentIndex(max(0, index))
        finally:
            self._loading = False

    def value(self) -> str:
        text = self.currentText().strip()
        return "" if text == UNASSIGNED else text

    def _chosen(self) -> None:
        if self._loading:
            return
        who = self.value()
        if who != self._current:
            self._current = who
            self.assigned.emit(who)


class MineFilter(QCheckBox):
    """The Claims panel's "Assigned to me" switch."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Assigned to me", parent)
        self.setAccessibleName("Show only claims assigned to me")
        self.setToolTip("Show only the claims of this article assigned to you")
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)


def _proxy_base() -> type:
    from claimdesk.ui.models import ClaimFilterProxy

    return ClaimFilterProxy


class AssignedFilterProxy(_proxy_base()):  # type: ignore[misc]
    """The claims filter by status, and optionally to a set of claim ids (mine)."""

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)
        self._ids: set[int] | None = None

    def set_ids(self, ids: set[int] | None) -> None:
        if ids == self._ids:
            return  # nothing to refilter (a status change must stay cheap)
        self.change_filter(lambda: setattr(self, "_ids", ids))

    def filterAcceptsRow(self, source_row: int, source_parent: object) -> bool:
        if self._ids is not None and self.sourceModel().claim_at(source_row).id not in self._ids:
            return False
        return bool(super().filterAcceptsRow(source_row, source_parent))
