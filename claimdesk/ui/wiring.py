"""Making the window's controllers and giving each the parts it works with.

Each controller gets the runner, the views it updates and the few collaborators it
calls, never the whole window; this is the only place that knows all of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QSettings
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDockWidget, QLabel, QStatusBar, QWidget

from claimdesk.config import Settings
from claimdesk.ui.commands import History
from claimdesk.ui.ctl_adapt import AdaptController
from claimdesk.ui.ctl_app import AppController
from claimdesk.ui.ctl_archive import ArchiveController
from claimdesk.ui.ctl_article import ArticleController
from claimdesk.ui.ctl_checks import ChecksController
from claimdesk.ui.ctl_claim_words import ClaimWordsController
from claimdesk.ui.ctl_claims import ClaimsController
from claimdesk.ui.ctl_edit_article import ArticleEditController
from claimdesk.ui.ctl_find import FindController
from claimdesk.ui.ctl_help import HelpController
from claimdesk.ui.ctl_import import ImportController
from claimdesk.ui.ctl_library import LibraryController
from claimdesk.ui.ctl_search import SearchController
from claimdesk.ui.ctl_sources import SourcesController
from claimdesk.ui.ctl_suggest import SuggestController
from claimdesk.ui.find_bar import FindBar
from claimdesk.ui.inspector import Inspector
from claimdesk.ui.messages import Messages
from claimdesk.ui.panels import ClaimsPanel, LibraryPanel, SourcesPanel
from claimdesk.ui.reader import ReaderView
from claimdesk.ui.runner import Runner
from claimdesk.ui.saving import ClaimSaver
from claimdesk.ui.search_panel import SearchPanel
from claimdesk.ui.suggest_panel import SuggestionEngine, SuggestionsPanel
from claimdesk.ui.team_banner import TeamBanner
from claimdesk.ui.team_live import AssignmentController, TeamLink

if TYPE_CHECKING:
    from claimdesk.store.engine import Store


class WindowParts(Protocol):
    """The views and docks the window lays out, which the controllers work with."""

    settings: Settings
    qsettings: QSettings
    undo_stack: QUndoStack
    reader: ReaderView
    find_bar: FindBar
    banner: TeamBanner
    library: LibraryPanel
    claims: ClaimsPanel
    inspector: Inspector
    sources: SourcesPanel
    search: SearchPanel
    suggestions: SuggestionsPanel
    search_dock: QDockWidget
    sources_dock: QDockWidget
    suggestions_dock: QDockWidget
    counts_label: QLabel

    def statusBar(self) -> QStatusBar: ...


class _Surface:
    """What undo and redo need of the window."""

    def __init__(self, article: ArticleController, messages: Messages) -> None:
        self.article = article
        self.messages = messages

    def show_article_of_edit(self, article_id: int | None) -> bool:
        if article_id is None or article_id == self.article.article_in_view():
            return False
        self.article.open_article(article_id)
        return True

    def say(self, message: str) -> None:
        self.messages.info(message, 6000)

    def say_error(self, message: str) -> None:
        self.messages.error(message)


@dataclass
class Controllers:
    runner: Runner
    history: History
    messages: Messages
    engine: SuggestionEngine
    article: ArticleController
    library: LibraryController
    saver: ClaimSaver
    claims: ClaimsController
    imports: ImportController
    suggest: SuggestController
    adapt: AdaptController
    search: SearchController
    app: AppController
    assignment: AssignmentController
    checks: ChecksController
    find: FindController
    article_edit: ArticleEditController
    words: ClaimWordsController
    source_edits: SourcesController
    help: HelpController
    archive: ArchiveController | None = None
    team_link: TeamLink | None = None

    def close(self) -> None:
        if self.team_link is not None:
            self.team_link.stop()
        self.engine.shutdown()
        self.runner.close()


def build_controllers(w: WindowParts, parent: QWidget, store: Store) -> Controllers:
    settings = w.settings
    runner = Runner(store, parent)
    messages = Messages(w.statusBar(), w.inspector)

    def actor() -> str:
        return settings.user_name

    runner.actor = actor
    article = ArticleController(runner, w.reader, w.claims, w.inspector, messages, actor, parent)
    history = History(w.undo_stack, runner, _Surface(article, messages), actor)
    engine = SuggestionEngine(settings.pipeline or "auto", parent)
    saver = ClaimSaver(runner, history, article, messages, parent)
    library = LibraryController(
        runner, w.library, w.sources, w.counts_label, article, messages, parent
    )
    claims = ClaimsController(runner, history, article, saver, messages, parent)
    imports = ImportController(runner, article, messages, w.statusBar(), w.qsettings, actor, parent)
    suggest = SuggestController(
        runner,
        history,
        article,
        engine,
        w.suggestions,
        w.suggestions_dock,
        messages,
        w.statusBar(),
        parent,
    )
    adapt = AdaptController(runner, engine, suggest, messages, parent)
    search = SearchController(
        runner, history, article, engine, w.search, w.search_dock, w.sources_dock, messages, parent
    )
    app = AppController(runner, w.undo_stack, article, settings, engine, messages, parent)

    def my_names() -> list[str]:
        names = [settings.user_name, store.identity[1]]
        return [n for n in dict.fromkeys(names) if n]

    assignment = AssignmentController(runner, article, saver, w.claims, my_names, parent)
    checks = ChecksController(
        runner, history, article, engine, w.suggestions, settings, messages, parent
    )
    app.act_settings.triggered.connect(checks.settings_changed)
    ctl = Controllers(
        runner,
        history,
        messages,
        engine,
        article,
        library,
        saver,
        claims,
        imports,
        suggest,
        adapt,
        search,
        app,
        assignment,
        checks,
        FindController(w.find_bar, article, parent),
        ArticleEditController(runner, history, article, messages, parent),
        ClaimWordsController(runner, history, article, messages, parent),
        SourcesController(runner, history, w.sources, w.sources_dock, messages, parent),
        HelpController(parent, imports.import_sources, messages),
    )
    ctl.archive = ArchiveController(
        runner, history, article, w.sources, messages, parent, settings.archive_max_bytes()
    )
    if store.read_only:
        from claimdesk.ui.team_banner import READ_ONLY_EDIT

        w.banner.show_read_only(store.target)
        runner.refuse_writes = READ_ONLY_EDIT
    if store.dialect == "postgresql":
        link = ctl.team_link = TeamLink(runner, w.banner, messages, parent=parent)
        # saves refused while the server was away go again after the first good poll
        link.polled.connect(lambda: link.offline or not saver.offline or saver.resend_offline())
    library.refresh_library()
    library.refresh_sources()
    search.refresh_saved_searches()
    return ctl
