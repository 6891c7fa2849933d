"""The desk window: it lays out the views, docks, menus and toolbar, and nothing else.

Built in two steps so that the window paints before the database layer is imported:
``MainWindow(settings, qsettings)`` makes the views (they need only plain records), and
``attach(store)`` makes the runner and the controllers, which own the actions, and fills
the menus and the toolbar.  What each action does lives in its controller.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QUndoStack
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QVBoxLayout, QWidget

from claimdesk.config import Settings
from claimdesk.ui.find_bar import FindBar
from claimdesk.ui.icons import icon
from claimdesk.ui.inspector import Inspector
from claimdesk.ui.layout_fit import ReaderRoom
from claimdesk.ui.panels import ClaimsPanel, LibraryPanel, SourcesPanel
from claimdesk.ui.reader import ReaderView
from claimdesk.ui.search_panel import SearchPanel
from claimdesk.ui.suggest_panel import SuggestionsPanel
from claimdesk.ui.team_banner import TeamBanner

if TYPE_CHECKING:
    from claimdesk.store.engine import Store
    from claimdesk.ui.wiring import Controllers


# what the toolbar will hold, drawn disabled until the controllers take over ("" a separator)
PLACEHOLDER_TOOLS = (
    ("Open", "open"),
    ("Paste as new article", "paste"),
    ("", ""),
    ("Make claim", "new-claim"),
    ("Delete claim", "delete"),
    ("", ""),
    ("Link evidence", "evidence"),
    ("Add source", "source"),
    ("", ""),
    ("Undo", "undo"),
    ("Redo", "redo"),
)


class MainWindow(QMainWindow):
    def __init__(self, settings: Settings, qsettings: QSettings) -> None:
        super().__init__()
        self.settings = settings
        self.qsettings = qsettings
        self.undo_stack = QUndoStack(self)
        self.ctl: Controllers | None = None
        self.setWindowTitle("claimdesk")
        self.setWindowIcon(icon("claimdesk"))
        self.setObjectName("MainWindow")
        self.setAcceptDrops(True)
        self.setDockOptions(
            QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks
        )
        self.reader = ReaderView()
        self.banner = TeamBanner()
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.banner)
        self.find_bar = FindBar(self.reader)
        column.addWidget(self.find_bar)
        column.addWidget(self.reader, 1)
        self.setCentralWidget(holder)
        self.library = LibraryPanel()
        self.claims = ClaimsPanel()
        self.inspector = Inspector()
        self.sources = SourcesPanel()
        self.search = SearchPanel()
        self.suggestions = SuggestionsPanel()
        left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        self.library_dock = self._dock("Library", self.library, left)
        self.sources_dock = self._dock("Sources", self.sources, left)
        self.search_dock = self._dock("Search", self.search, left)
        self.tabifyDockWidget(self.library_dock, self.sources_dock)
        self.tabifyDockWidget(self.library_dock, self.search_dock)
        self.library_dock.raise_()
        self.claims_dock = self._dock("Claims", self.claims, right)
        self.inspector_dock = self._dock("Inspector", self.inspector, right)
        self.suggestions_dock = self._dock("Suggestions", self.suggestions, right)
        self.splitDockWidget(self.claims_dock, self.inspector_dock, Qt.Orientation.Vertical)
        self.tabifyDockWidget(self.claims_dock, self.suggestions_dock)
        self.claims_dock.raise_()
        self.counts_label = QLabel()
        self.statusBar().addPermanentWidget(self.counts_label)
        self.resize(1360, 860)
        self.resizeDocks(
            [self.library_dock, self.claims_dock], [320, 440], Qt.Orientation.Horizontal
        )
        self.resizeDocks(
            [self.claims_dock, self.inspector_dock], [230, 570], Qt.Orientation.Vertical
        )
        self._placeholder_bars()
        self.restore_layout()
        self.room = ReaderRoom(
            self,
            self.reader,
            [self.library_dock, self.sources_dock, self.search_dock],
            self.claims_dock,
        )

    def _placeholder_bars(self) -> None:
        """The menu bar and toolbar as they will look, their actions disabled until the
        controllers exist, so the window does not jump when they arrive after the paint."""
        for title in ("&File", "&Edit", "&Claim", "&Suggestions", "&View", "&Help"):
            self.menuBar().addMenu(title).setEnabled(False)
        tools = self.addToolBar("Main")
        tools.setObjectName("MainToolbar")
        tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for text, name in PLACEHOLDER_TOOLS:
            if not text:
                tools.addSeparator()
                continue
            act = tools.addAction(icon(name), text)
            act.setEnabled(False)
        self.toolbar = tools

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"{title}Dock")
        dock.setWidget(widget)
        dock.setAccessibleName(title)
        self.addDockWidget(area, dock)
        return dock

    # the desk ------------------------------------------------------------------------------
    def attach(self, store: Store) -> Controllers:
        """Make the runner and the controllers for ``store`` and lay out their actions."""
        from claimdesk.ui.wiring import build_controllers

        ctl = build_controllers(self, self, store)
        self.ctl = ctl
        ctl.article.articleOpened.connect(
            lambda _aid: self.setWindowTitle(f"{ctl.article.title} \u2014 claimdesk")
        )
        ctl.article_edit.titleChanged.connect(
            lambda title: self.setWindowTitle(f"{title} \u2014 claimdesk")
        )
        self._build_menus(ctl)
        self.statusBar().showMessage("Ready", 3000)
        return ctl

    def _build_menus(self, ctl: Controllers) -> None:
        bar = self.menuBar()
        bar.clear()
        self.toolbar.clear()
        imp, claims, app, sug = ctl.imports, ctl.claims, ctl.app, ctl.suggest
        file_menu = bar.addMenu("&File")
        for act in (imp.act_open, ctl.help.act_open_url, imp.act_folder, imp.act_paste):
            file_menu.addAction(act)
        file_menu.addAction(imp.act_refresh)
        file_menu.addSeparator()
        for act in ctl.article_edit.actions():
            file_menu.addAction(act)
        file_menu.addSeparator()
        file_menu.addAction(app.act_export)
        file_menu.addAction(imp.act_import_json)
        file_menu.addAction(ctl.checks.act_import)
        file_menu.addAction(ctl.checks.act_library)
        file_menu.addSeparator()
        file_menu.addAction(app.act_settings)
        file_menu.addSeparator()
        file_menu.addAction(app.act_quit)
        edit = bar.addMenu("&Edit")
        edit.addAction(app.act_undo)
        edit.addAction(app.act_redo)
        edit.addSeparator()
        edit.addAction(imp.act_paste)
        edit.addSeparator()
        for act in ctl.find.actions():
            edit.addAction(act)
        edit.addAction(ctl.search.act_find)
        claim = bar.addMenu("&Claim")
        claim.addAction(claims.act_make)
        claim.addAction(claims.act_delete)
        for act in ctl.words.actions():
            claim.addAction(act)
        status_menu = claim.addMenu(icon("status"), "Set &status")
        for act in claims.status_actions:
            status_menu.addAction(act)
        claim.addSeparator()
        claim.addAction(claims.act_link)
        claim.addAction(claims.act_unlink)
        claim.addAction(claims.act_source)
        claim.addSeparator()
        claim.addAction(ctl.checks.act_link)
        claim.addAction(ctl.checks.act_lookup)
        claim.aboutToShow.connect(ctl.checks.update_lookup)
        sources_menu = claim.addMenu(icon("source"), "S&ources")
        for act in ctl.source_edits.actions():
            sources_menu.addAction(act)
        if ctl.archive is not None:
            claim.addSeparator()
            for act in ctl.archive.actions():
                claim.addAction(act)
        suggestions_menu = bar.addMenu("&Suggestions")
        for act in sug.actions():
            suggestions_menu.addAction(act)
        suggestions_menu.addSeparator()
        for act in ctl.adapt.actions():
            suggestions_menu.addAction(act)
        view = bar.addMenu("&View")
        if ctl.archive is not None:
            view.addAction(ctl.archive.act_versions)
            view.addSeparator()
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
        help_menu.addAction(ctl.help.act_shortcuts)
        help_menu.addAction(app.act_log)
        help_menu.addAction(app.act_about)

        tools = self.toolbar
        row: tuple[QAction | None, ...] = (
            imp.act_open,
            imp.act_paste,
            None,
            claims.act_make,
            claims.act_delete,
            None,
            claims.act_link,
            claims.act_source,
            None,
            app.act_undo,
            app.act_redo,
        )
        for item in row:
            if item is None:
                tools.addSeparator()
            else:
                tools.addAction(item)

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
        article_id = self.ctl.article.article_id if self.ctl is not None else None
        if article_id is not None:
            self.qsettings.setValue("desk/last_article", article_id)
        self.qsettings.sync()

    # the window's own events ---------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = event.mimeData().urls()
        sources = [url.toLocalFile() if url.isLocalFile() else url.toString() for url in urls]
        if sources and self.ctl is not None:
            event.acceptProposedAction()
            self.ctl.imports.import_sources(sources)

    def closeEvent(self, event: QCloseEvent) -> None:
        # leave the field being edited so its value is saved before the window goes
        focus = self.focusWidget()
        if focus is not None:
            focus.clearFocus()
        self.save_layout()
        if self.ctl is not None:
            self.ctl.close()
        super().closeEvent(event)
