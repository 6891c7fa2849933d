"""Building a real window on a real desk for the UI tests, and waiting for it.

The window reads and writes the desk off the UI thread, so a test that triggers an
action waits for the runner to finish (``settle``) before it looks at the result.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSettings, QUrl, Slot
from PySide6.QtWidgets import QApplication

from claimdesk.config import Settings
from claimdesk.core import articles, claims, sources, team
from claimdesk.core.records import ClaimRecord, EvidenceRecord
from claimdesk.core.sample import load_sample_if_empty
from claimdesk.store.engine import Store
from claimdesk.ui.main_window import MainWindow
from claimdesk.ui.wiring import Controllers


def make_window(
    db: Path | str | Store,
    ini: Path,
    pipeline: str = "off",
    user: str = "tester",
    sample: bool = True,
) -> MainWindow:
    """A window on a real desk; suggestions are off unless a test asks for a pipeline
    (loading spaCy in every test would only slow the suite down)."""
    store = db if isinstance(db, Store) else Store.open(str(db))
    if sample:
        with store.session() as session:
            load_sample_if_empty(session)
    settings = Settings(user_name=user, pipeline=pipeline)
    window = MainWindow(settings, QSettings(str(ini), QSettings.Format.IniFormat))
    window.attach(store)
    settle(window)
    return window


def ctl(window: MainWindow) -> Controllers:
    assert window.ctl is not None
    return window.ctl


def settle(window: MainWindow, timeout: float = 15.0) -> None:
    """Wait until every operation and read the window asked for has been applied (and
    whatever those asked for in turn)."""
    import time

    runner = ctl(window).runner
    deadline = time.monotonic() + timeout
    quiet = 0
    while quiet < 3:
        QApplication.processEvents()
        if runner.idle():
            quiet += 1
        else:
            quiet = 0
            time.sleep(0.002)
        if time.monotonic() > deadline:
            raise AssertionError("the window's runner did not finish in time")


def open_article(window: MainWindow, article_id: int | None = None) -> int:
    if article_id is None:
        settle(window)
        article_id = window.library.model.article_at(0).id
    ctl(window).article.open_article(article_id)
    settle(window)
    assert ctl(window).article.article_id == article_id
    return article_id


class Reads:
    """Reading the desk straight from the test (never from the window's thread)."""

    def __init__(self, window: MainWindow) -> None:
        self.store = ctl(window).runner.store

    def _run(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        with self.store.session() as session:
            return fn(session, *args, **kwargs)

    def claim(self, claim_id: int) -> ClaimRecord:
        return self._run(claims.get_claim, claim_id)  # type: ignore[no-any-return]

    def claims_of(self, article_id: int) -> list[ClaimRecord]:
        return self._run(claims.list_claims, article_id=article_id)  # type: ignore[no-any-return]

    def evidence(self, claim_id: int) -> list[EvidenceRecord]:
        return self._run(sources.list_evidence, claim_id)  # type: ignore[no-any-return]

    def history(self, claim_id: int) -> list[team.TeamHistoryEntry]:
        return self._run(team.team_history, claim_id)  # type: ignore[no-any-return]

    def sources(self) -> list[Any]:
        return self._run(sources.list_sources)  # type: ignore[no-any-return]

    def assignee(self, claim_id: int) -> str | None:
        return self._run(team.assignee, claim_id)  # type: ignore[no-any-return]

    def source_snapshots(self, source_id: int) -> int:
        from claimdesk.core import archive

        return len(self._run(archive.snapshots, source_id))

    def articles(self) -> list[Any]:
        return self._run(articles.list_articles, limit=1000, offset=0)  # type: ignore[no-any-return]


def reads(window: MainWindow) -> Reads:
    return Reads(window)


def service(window: MainWindow, fn: Any, *args: Any, **kwargs: Any) -> Any:
    """Set up the desk through a core service (as another window or the command line
    would), then show the window what changed by opening its article again."""
    with ctl(window).runner.store.session() as session:
        result = fn(session, *args, **kwargs)
    article_id = ctl(window).article.article_id
    if article_id is not None:
        ctl(window).article.open_article(article_id)
    ctl(window).library.refresh_library()
    ctl(window).library.refresh_sources()
    settle(window)
    return result


def trigger(window: MainWindow, action: Any) -> None:
    action.trigger()
    settle(window)


SAMPLE_QUOTE = "the world's largest arms importer"


def make_claim(window: MainWindow, quote: str = SAMPLE_QUOTE) -> int:
    """Select ``quote`` in the reader and press Make claim; the new claim's id."""
    start = window.reader.text().index(quote)
    window.reader.select_span(start, start + len(quote))
    trigger(window, ctl(window).claims.act_make)
    claim = window.inspector.claim()
    assert claim is not None
    return claim.id


class FileManager(QObject):
    """Stands in for the desktop's file manager (Qt's URL-handler hook): records the
    folders it is asked to show."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[QUrl] = []

    @Slot(QUrl)
    def show(self, url: QUrl) -> None:
        self.opened.append(url)
