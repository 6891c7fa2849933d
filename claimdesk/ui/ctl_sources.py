"""Tidying the sources: Claim › Edit source…, Merge source into…, Delete source, acting
on the source selected in the Sources panel; undoable like every edit."""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QDockWidget, QWidget

from claimdesk.core import corrections
from claimdesk.core.records import SourceRecord
from claimdesk.core.source_edits import SourceMerge
from claimdesk.ui.actions import make_action
from claimdesk.ui.commands import EditCommand, History, Op, short
from claimdesk.ui.messages import Messages
from claimdesk.ui.panels import SourcesPanel
from claimdesk.ui.runner import Done, Outcome, Runner
from claimdesk.ui.source_dialogs import EditSourceDialog, MergeSourceDialog


class EditSource(EditCommand):
    def __init__(
        self, history: History, source_id: int, before: dict[str, Any], after: dict[str, Any]
    ) -> None:
        super().__init__(history, f"Edit source {source_id}", None)
        self.source_id, self.before, self.after = source_id, before, after

    def _set(self, expect: dict[str, Any], values: dict[str, Any]) -> Op:
        return partial(
            corrections.edit_source, source_id=self.source_id, changes=values, expect=expect
        )

    def forward(self) -> Op:
        return self._set(self.before, self.after)

    def backward(self) -> Op:
        return self._set(self.after, self.before)


class MergeSource(EditCommand):
    def __init__(self, history: History, keep_id: int, merge_id: int, done: SourceMerge) -> None:
        super().__init__(history, f"Merge source {merge_id} into source {keep_id}", None)
        self.keep_id, self.merge_id, self.done = keep_id, merge_id, done

    def forward(self) -> Op:
        return partial(
            corrections.merge_sources,
            keep_id=self.keep_id,
            merge_id=self.merge_id,
            actor=self.history.actor(),
        )

    def forward_done(self, value: Any) -> None:
        self.done = value

    def backward(self) -> Op:
        return partial(corrections.unmerge_sources, merge=self.done, actor=self.history.actor())


class DeleteSource(EditCommand):
    def __init__(self, history: History, saved: dict[str, Any]) -> None:
        super().__init__(history, f"Delete source \u201c{short(str(saved['title']))}\u201d", None)
        self.saved = saved

    def forward(self) -> Op:
        return partial(corrections.delete_unused_source, source_id=int(self.saved["id"]))

    def forward_done(self, value: Any) -> None:
        self.saved = value

    def backward(self) -> Op:
        return partial(corrections.restore_source, saved=self.saved)


class SourcesController(QObject):
    def __init__(
        self,
        runner: Runner,
        history: History,
        panel: SourcesPanel,
        dock: QDockWidget,
        messages: Messages,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.history = history
        self.panel = panel
        self.dock = dock
        self.messages = messages
        self.parent_widget = parent
        a = partial(make_action, parent)
        self.act_edit = a(
            "&Edit source\u2026",
            self.edit_source,
            None,
            "source",
            "Correct the title, address, publisher, author, date, kind or notes of the "
            "source selected in the Sources panel",
        )
        self.act_merge = a(
            "&Merge source into\u2026",
            self.merge_source,
            None,
            "",
            "Merge the selected source (a duplicate) into another: its evidence moves there",
        )
        self.act_delete = a(
            "Delete so&urce",
            self.delete_source,
            None,
            "delete",
            "Delete the selected source; only a source no evidence cites can go",
        )
        panel.table.itemSelectionChanged.connect(self.update_actions)
        panel.sourcesShown.connect(self.update_actions)
        self.update_actions()

    def actions(self) -> list[QAction]:
        return [self.act_edit, self.act_merge, self.act_delete]

    def update_actions(self) -> None:
        has = self.panel.selected_source() is not None
        for act in self.actions():
            act.setEnabled(has)
        self.act_merge.setEnabled(has and len(self.panel.records()) > 1)

    def _selected(self) -> SourceRecord | None:
        rec = self.panel.selected_source()
        if rec is None:
            self.dock.show()
            self.dock.raise_()
            self.messages.error("Select a source in the Sources panel first.")
        return rec

    def _run(self, op: Op, command: Any, said: str, what: str) -> None:
        def done(outcome: Outcome) -> None:
            if not isinstance(outcome, Done):
                self.messages.error(outcome.message)
                return
            self.history.push(command(outcome.value))
            self.messages.info(said)

        self.runner.run(op, done, what=what)

    def edit_source(self) -> None:
        rec = self._selected()
        if rec is None:
            return
        dialog = EditSourceDialog(rec, self.parent_widget)
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.changes():
            return
        after = dialog.changes()
        before = {n: v for n, v in dialog.seen_all().items() if n in after}
        op = partial(corrections.edit_source, source_id=rec.id, changes=after, expect=before)
        self._run(
            op,
            lambda _v: EditSource(self.history, rec.id, before, after),
            f"Saved source \u201c{short(rec.title, 50)}\u201d",
            "save the source",
        )

    def merge_source(self) -> None:
        rec = self._selected()
        if rec is None:
            return
        others = [r for r in self.panel.records() if r.id != rec.id]
        dialog = MergeSourceDialog(rec, others, self.parent_widget)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen() is None:
            return
        keep = int(dialog.chosen() or 0)
        op = partial(
            corrections.merge_sources, keep_id=keep, merge_id=rec.id, actor=self.history.actor()
        )
        self._run(
            op,
            lambda value: MergeSource(self.history, keep, rec.id, value),
            f"Merged source {rec.id} into source {keep}",
            "merge the sources",
        )

    def delete_source(self) -> None:
        rec = self._selected()
        if rec is None:
            return
        op = partial(corrections.delete_unused_source, source_id=rec.id)
        self._run(
            op,
            lambda value: DeleteSource(self.history, value),
            f"Deleted source \u201c{short(rec.title, 50)}\u201d (Ctrl+Z brings it back)",
            "delete the source",
        )
