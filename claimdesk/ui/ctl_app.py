"""The desk as a whole: undo and redo, export, settings, help."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QDialog, QWidget

from claimdesk.config import Settings
from claimdesk.errors import ClaimdeskError
from claimdesk.ui.actions import make_action
from claimdesk.ui.ctl_article import ArticleController
from claimdesk.ui.icons import icon
from claimdesk.ui.messages import Messages
from claimdesk.ui.runner import Runner
from claimdesk.ui.suggest_panel import SuggestionEngine


class AppController(QObject):
    def __init__(
        self,
        runner: Runner,
        stack: QUndoStack,
        article: ArticleController,
        settings: Settings,
        engine: SuggestionEngine,
        messages: Messages,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.article = article
        self.settings = settings
        self.engine = engine
        self.messages = messages
        self.parent_widget = parent
        a = partial(make_action, parent)
        undo, redo = (
            stack.createUndoAction(parent, "&Undo"),
            stack.createRedoAction(parent, "&Redo"),
        )
        assert undo is not None and redo is not None
        self.act_undo: QAction = undo
        self.act_undo.setShortcut(QKeySequence.StandardKey.Undo)
        self.act_undo.setIcon(icon("undo"))
        self.act_redo: QAction = redo
        self.act_redo.setShortcut(QKeySequence.StandardKey.Redo)
        self.act_redo.setIcon(icon("redo"))
        self.act_export = a(
            "&Export\u2026",
            self.export_report,
            QKeySequence("Ctrl+Shift+E"),
            "",
            "Write a claim report: HTML, PDF, Markdown, CSV, JSON, ClaimReview or Web Annotation",
        )
        self.act_settings = a(
            "&Settings\u2026",
            self.edit_settings,
            QKeySequence("Ctrl+,"),
            "settings",
            "Your name for the history, the database location",
        )
        self.act_quit = a("&Quit", parent.close, QKeySequence.StandardKey.Quit)
        self.act_about = a("&About claimdesk", self.about)
        self.act_log = a(
            "Open &log folder",
            self.open_log,
            None,
            "",
            "Open the folder of claimdesk's log, where failures are written with their details",
        )

    def actions(self) -> list[QAction]:
        return [
            self.act_undo,
            self.act_redo,
            self.act_export,
            self.act_settings,
            self.act_quit,
            self.act_log,
            self.act_about,
        ]

    def export_report(self) -> None:
        from claimdesk.ui.export_dialog import ExportDialog

        dialog = ExportDialog(
            self.runner.store,
            self.settings.organisation,
            self.article.article_id,
            self.article.current_claim_id(),
            self.parent_widget,
        )
        if dialog.exec() and dialog.written is not None:
            self.messages.info(f"Exported {dialog.written}", 8000)

    def edit_settings(self) -> None:
        from claimdesk.ui.dialogs import SettingsDialog

        active = str(self.engine.info.get("label", ""))
        dialog = SettingsDialog(self.settings, active, self.parent_widget)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            said = dialog.apply()
            self.settings.save()
        except OSError as exc:
            self.messages.error(f"Could not save the settings: {exc.strerror}.")
            return
        except ClaimdeskError as exc:
            self.messages.error(str(exc))
            return
        from PySide6.QtWidgets import QApplication

        from claimdesk.ui.theme import apply_theme

        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, self.settings.appearance)
        self.messages.info(f"Settings saved. {said}", 8000)

    def open_log(self) -> None:
        from claimdesk.ui.failures import open_log_folder

        if not open_log_folder(self.parent_widget):
            self.messages.error("Could not open the log folder.")

    def about(self) -> None:
        from claimdesk.ui.about import show_about

        show_about(self.parent_widget, self.runner.store.target)
