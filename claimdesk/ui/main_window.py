"""The desk window: library, reader, claims and inspector around one open article."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QWidget

from claimdesk.config import Settings
from claimdesk.core.vocab import STATUS_INFO
from claimdesk.ui.desk import Desk
from claimdesk.ui.failures import open_log_folder
from claimdesk.ui.icons import icon, status_icon
from claimdesk.ui.inspector import Inspector
from claimdesk.ui.panels import ClaimsPanel, LibraryPanel, SourcesPanel
from claimdesk.ui.reader import ReaderView
from claimdesk.ui.window_edit import EditingMixin
from claimdesk.ui.window_files import FilesMixin
from claimdesk.ui.window_search import SearchMixin
from claimdesk.ui.window_suggest import SuggestMixin


class MainWindow(EditingMixin, FilesMixin, SuggestMixin, SearchMixin, QMainWindow):
    def __init__(self, desk: Desk, settings: Settings, qsettings: QSettings) -> None:
        super().__init__()
        self.desk = desk
        self.settings = settings
        self.qsettings = qsettings
        self.undo_stack = QUndoStack(self)
        self.article_id: int | None = None
        self.setWindowTitle("claimdesk")
        self.setWindowIcon(icon("claimdesk"))
        self.setObjectName("MainWindow")
        self.setAcceptDrops(True)
        self.setDockOptions(
            QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks
        )

        self.reader = ReaderView()
        self.setCentralWidget(self.reader)
        self.library = LibraryPanel()
        self.claims = ClaimsPanel()
        self.inspector = Inspector()
        self.sources = SourcesPanel()
        self.library_dock = self._dock(
            "Library", self.library, Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.sources_dock = self._dock(
            "Sources", self.sources, Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.tabifyDockWidget(self.library_dock, self.sources_dock)
        self.library_dock.raise_()
        self.claims_dock = self._dock("Claims", self.claims, Qt.DockWidgetArea.RightDockWidgetArea)
        self.inspector_dock = self._dock(
            "Inspector", self.inspector, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.splitDockWidget(self.claims_dock, self.inspector_dock, Qt.Orientation.Vertical)

        self._build_actions()
        self._build_suggestions()
        self._build_search()
        self._build_menus()
        self._connect()
        from claimdesk.ui import team_assign

        team_assign.wire(self)
        self.counts_label = QLabel()
        self.statusBar().addPermanentWidget(self.counts_label)
        self.statusBar().showMessage("Ready", 3000)
        self.resize(1360, 860)
        self.resizeDocks(
            [self.library_dock, self.claims_dock], [320, 440], Qt.Orientation.Horizontal
        )
        self.resizeDocks(
            [self.claims_dock, self.inspector_dock], [230, 570], Qt.Orientation.Vertical
        )
        self.restore_layout()
        self.refresh_library()
        self.refresh_sources()
        self._update_actions()

    # construction --------------------------------------------------------------------------
    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"{title}Dock")
        dock.setWidget(widget)
        dock.setAccessibleName(title)
        self.addDockWidget(area, dock)
        return dock

    def _action(
        self, text: str, slot: object, shortcut: object = None, icon_name: str = "", tip: str = ""
    ) -> QAction:
        action = QAction(text, self)
        if icon_name:
            action.setIcon(icon(icon_name))
        if shortcut is not None:
            action.setShortcut(shortcut)  # type: ignore[arg-type]
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        action.triggered.connect(slot)  # type: ignore[arg-type]
        return action

    def _build_actions(self) -> None:
        a = self._action
        self.act_open = a(
            "&Open\u2026",
            self.open_files,
            QKeySequence.StandardKey.Open,
            "open",
            "Open articles: text, Markdown, HTML, PDF or Word files (Ctrl+O)",
        )
        self.act_folder = a(
            "Import &folder\u2026",
            self.import_folder,
            QKeySequence("Ctrl+Shift+O"),
            "open",
            "Import every article in a folder, with progress and cancel",
        )
        self.act_refresh = a(
            "&Refresh article",
            self.refresh_article,
            QKeySequence.StandardKey.Refresh,
            "",
            "Fetch the open article again and show what its publisher changed (F5)",
        )
        self.act_paste = a(
            "Paste as &new article",
            self.paste_article,
            QKeySequence("Ctrl+Shift+V"),
            "paste",
            "Make a new article from the text on the clipboard",
        )
        self.act_settings = a(
            "&Settings\u2026",
            self.edit_settings,
            QKeySequence.StandardKey.Preferences,
            "settings",
            "Your name for the history, the database location",
        )
        self.act_settings.setShortcut(QKeySequence("Ctrl+,"))
        self.act_export = a(
            "&Export\u2026",
            self.export_report,
            QKeySequence("Ctrl+Shift+E"),
            "",
            "Write a claim report: HTML, PDF, Markdown, CSV, JSON, ClaimReview or Web Annotation",
        )
        self.act_import_json = a(
            "Import &JSON\u2026",
            self.import_backup,
            None,
            "",
            "Restore a claimdesk JSON export into this desk, or merge it without duplicates",
        )
        self.act_quit = a("&Quit", self.close, QKeySequence.StandardKey.Quit)
        self.act_undo = self.undo_stack.createUndoAction(self, "&Undo")
        self.act_undo.setShortcut(QKeySequence.StandardKey.Undo)
        self.act_undo.setIcon(icon("undo"))
        self.act_redo = self.undo_stack.createRedoAction(self, "&Redo")
        self.act_redo.setShortcut(QKeySequence.StandardKey.Redo)
        self.act_redo.setIcon(icon("redo"))
        self.act_make = a(
            "&Make claim",
            self.make_claim,
            QKeySequence("Ctrl+E"),
            "new-claim",
            "Make the selected words of the article a tracked claim (Ctrl+E)",
        )
        self.act_delete = a(
            "&Delete claim",
            self.delete_current_claim,
            QKeySequence.StandardKey.Delete,
            "delete",
            "Delete the selected claim with its evidence links (Delete)",
        )
        self.act_delete.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(self.act_delete)
        self.act_source = a(
            "Add &source\u2026",
            self.add_source,
            None,
            "source",
            "Add a source that evidence can cite",
        )
        self.act_link = a(
            "&Link evidence\u2026",
            self.link_evidence,
            QKeySequence("Ctrl+L"),
            "evidence",
            "Link a source to the selected claim as evidence (Ctrl+L)",
        )
        self.act_unlink = a(
            "&Unlink evidence",
            self.unlink_evidence,
            None,
            "",
            "Remove the selected evidence link from the claim",
        )
        self.status_actions: list[QAction] = []
        for status, info in STATUS_INFO.items():
            act = a(
                info.label,
                lambda _=False, s=status.value: self.change_status_current(s),
                QKeySequence(f"Ctrl+{info.key}"),
                "",
                info.description,
            )
            act.setIcon(status_icon(status.value))
            self.status_actions.append(act)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        for act in (self.act_open, self.act_folder, self.act_paste, self.act_refresh):
            file_menu.addAction(act)
        file_menu.addSeparator()
        file_menu.addAction(self.act_export)
        file_menu.addAction(self.act_import_json)
        file_menu.addSeparator()
        file_menu.addAction(self.act_settings)
        file_menu.addSeparator()
        file_menu.addAction(self.act_quit)
        edit = bar.addMenu("&Edit")
        edit.addAction(self.act_undo)
        edit.addAction(self.act_redo)
        edit.addSeparator()
        edit.addAction(self.act_paste)
        edit.addAction(self.act_find)
        claim = bar.addMenu("&Claim")
        claim.addAction(self.act_make)
        claim.addAction(self.act_delete)
        status_menu = claim.addMenu(icon("status"), "Set &status")
        for act in self.status_actions:
            status_menu.addAction(act)
        claim.addSeparator()
        for act in self.suggestion_actions():
            claim.addAction(act)  # type: ignore[arg-type]
        claim.addSeparator()
        claim.addAction(self.act_link)
        claim.addAction(self.act_unlink)
        claim.addAction(self.act_source)
        view = bar.addMenu("&View")
        for dock in (
            self.search_dock,
            self.library_dock,
            self.sources_dock,
            self.claims_dock,
            self.suggestions_dock,
            self.inspector_dock,
        ):
            view.addAction(dock.toggleViewAction())
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self._action("Open &log folder", lambda: open_log_folder(self)))
        help_menu.addAction(self._action("&About claimdesk", self.about))

        tools = self.addToolBar("Main")
        tools.setObjectName("MainToolbar")
        tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for act in (
            self.act_open,
            self.act_paste,
            None,
            self.act_make,
            self.act_delete,
            None,
            self.act_link,
            self.act_source,
            None,
            self.act_undo,
            self.act_redo,
        ):
            if act is None:
                tools.addSeparator()
            else:
                tools.addAction(act)

    def _connect(self) -> None:
        self.library.openRequested.connect(self.open_article)
        self.reader.claimClicked.connect(self.select_claim)
        self.reader.makeClaimRequested.connect(self.make_claim)
        self.reader.statusRequested.connect(self.change_status)
        self.reader.deleteRequested.connect(self.delete_claim)
        self.reader.selectionChanged.connect(self._update_actions)
        self.claims.claimSelected.connect(self.select_claim)
        self.claims.statusKey.connect(self.change_status)
        self.claims.deleteKey.connect(self.delete_claim)
        self.claims.urlDropped.connect(self.link_evidence_url)
        self.sources.claimRequested.connect(self.select_claim)
        self.inspector.editRequested.connect(self.edit_claim)
        self.inspector.statusRequested.connect(self.change_status)
        self.inspector.addEvidenceRequested.connect(lambda cid: self.link_evidence(cid))
        self.desk.claimsChanged.connect(self._claims_changed)
        self.desk.claimChanged.connect(self._claim_changed)
        self.desk.claimUpdated.connect(self._claim_updated)
        self.desk.articlesChanged.connect(self.refresh_library)
        self.desk.articleCountsChanged.connect(self.refresh_article_row)
        self.library.filterChanged.connect(lambda _text: self.refresh_library())
        self.desk.sourcesChanged.connect(self.refresh_sources)
        self.desk.error.connect(self.show_error)

    # layout memory -------------------------------------------------------------------------
    def restore_layout(self) -> None:
        geometry = self.qsettings.value("window/geometry")
        state = self.qsettings.value("window/state")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def save_layout(self) -> None:
        self.qsettings.setValue("window/geometry", self.saveGeometry())
        self.qsettings.setValue("window/state", self.saveState())
        if self.article_id is not None:
            self.qsettings.setValue("desk/last_article", self.article_id)
        self.qsettings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        # leave the field being edited so its value is saved before the window goes
        focus = self.focusWidget()
        if focus is not None:
            focus.clearFocus()
        self.save_layout()
        self.suggest_engine.shutdown()
        super().closeEvent(event)

    # messages -----------------------------------------------------------------------------
    def show_error(self, message: str) -> None:
        self.statusBar().showMessage(message, 10000)
        self.inspector.show_message(message)

    def export_report(self) -> None:
        from claimdesk.ui.export_dialog import ExportDialog

        dialog = ExportDialog(
            self.desk, self.settings.organisation, self.article_id, self.current_claim_id(), self
        )
        if dialog.exec() and dialog.written is not None:
            self.statusBar().showMessage(f"Exported {dialog.written}", 8000)

    def about(self) -> None:
        from claimdesk.ui.about import show_about

        show_about(self, self.desk.store.target)
