"""Who works on a claim: the inspector's "Assigned to" box and the "Assigned to me" filter."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QWidget

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
        self.lineEdit().setPlaceholderText(UNASSIGNED)
        self._current = ""
        self._loading = False
        self.activated.connect(lambda _i: self._chosen())
        self.lineEdit().editingFinished.connect(self._chosen)

    def set_value(self, who: str | None, analysts: list[str]) -> None:
        if self.lineEdit().hasFocus() and self.currentText().strip() != self._current:
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


def my_names(window: object) -> list[str]:
    """The names this analyst goes by: the actor name and the profile's display name."""
    desk = window.desk  # type: ignore[attr-defined]
    names = [desk.actor, desk.store.identity[1]]
    return [n for n in dict.fromkeys(names) if n]


def refresh_mine(window: object) -> None:
    w = window
    panel = w.claims  # type: ignore[attr-defined]
    if not panel.mine.isChecked() or w.article_id is None:  # type: ignore[attr-defined]
        panel.proxy.set_ids(None)
        return
    panel.proxy.set_ids(w.desk.assigned_ids(my_names(w), w.article_id))  # type: ignore[attr-defined]


def show_assignee(window: object, claim_id: int) -> None:
    w = window
    try:
        who = w.desk.assignee(claim_id)  # type: ignore[attr-defined]
        analysts = w.desk.analysts()  # type: ignore[attr-defined]
    except Exception:  # offline: the banner says so; keep what the box shows
        return
    w.inspector.assignee.set_value(who, analysts)  # type: ignore[attr-defined]


def assign(window: object, claim_id: int, who: str) -> None:
    from claimdesk.ui.team_conflict import save_with_conflicts

    save_with_conflicts(window, claim_id, {"assigned_to": who})


def wire(window: object) -> None:
    """Connect the assignment parts of the window (called once from its constructor)."""
    w = window
    w.claims.mine.toggled.connect(lambda _on: refresh_mine(w))  # type: ignore[attr-defined]
    w.desk.claimsChanged.connect(lambda _aid: refresh_mine(w))  # type: ignore[attr-defined]
    w.desk.claimUpdated.connect(lambda _rec: refresh_mine(w))  # type: ignore[attr-defined]
    w.inspector.claimShown.connect(lambda cid: show_assignee(w, cid))  # type: ignore[attr-defined]
    w.inspector.assignRequested.connect(lambda cid, who: assign(w, cid, who))  # type: ignore[attr-defined]
