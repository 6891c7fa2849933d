"""A start-up prototype: paint the desk from ``core.quickread``, load the services after.

Not the window: a measuring probe for tests/benchmarks/bench_startup.py, showing how
soon a window can be ready when it paints the library and the last article with nothing
but ``sqlite3`` and the window's own widgets, then imports SQLAlchemy, SQLModel,
pydantic, the services and the window's remaining modules in small steps on the event
loop after the first paint.

    python -m claimdesk.ui.startup_probe --db DESK

prints ``probe: ready after S s`` at the first event-loop turn after ``show()`` (as
``CLAIMDESK_STARTUP_REPORT`` does for the window), then ``probe: services after S s
(...)`` once the desk could take edits, and exits unless ``--stay`` is given.  That
line gives the longest step and the longest gap of a 10 ms heartbeat timer on the UI
thread: the longest the painted window could not answer input.  With ``--thread`` the
Qt-free imports (SQLAlchemy, SQLModel, pydantic, store, core) run on a worker thread and
only the window's own modules and opening the store run on the UI thread.  Exit status
2 means quickread refused the desk (start-up would take the normal path).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import sys
import time
from collections.abc import Callable, Sequence

_T0 = time.perf_counter()

# What the real window imports only for edits, in the order it would need them; each is
# one step on the event loop, so input is answered between steps.  The Qt-free ones can
# go to a worker thread instead (--thread).
QT_FREE_IMPORTS = (
    "sqlalchemy",
    "sqlalchemy.orm",
    "pydantic",
    "sqlmodel",
    "claimdesk.store.models",
    "claimdesk.store.engine",
    "claimdesk.core.articles",
    "claimdesk.core.claims",
    "claimdesk.core.groups",
    "claimdesk.core.search",
)
UI_IMPORTS = (
    "claimdesk.ui.desk",
    "claimdesk.ui.inspector",
    "claimdesk.ui.window_edit",
    "claimdesk.ui.window_files",
    "claimdesk.ui.window_search",
    "claimdesk.ui.window_suggest",
    "claimdesk.ui.main_window",
)


def _elapsed() -> float:
    return time.perf_counter() - _T0


def _say(line: str) -> None:
    # the reader may have gone away (``| head -1``): carry on, so that the probe still exits
    with contextlib.suppress(OSError):
        print(line, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="startup_probe")
    parser.add_argument("--db")
    parser.add_argument("--stay", action="store_true", help="keep the window open")
    parser.add_argument("--thread", action="store_true", help="Qt-free imports on a thread")
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))

    marks = [("start", _elapsed())]
    from PySide6.QtCore import QSettings, Qt, QTimer
    from PySide6.QtWidgets import QApplication, QDockWidget, QLabel, QMainWindow, QWidget

    marks.append(("Qt", _elapsed()))
    from claimdesk.config import APP_NAME, Settings, config_dir
    from claimdesk.core.quickread import open_quick

    marks.append(("config+quickread", _elapsed()))
    from claimdesk.ui.icons import icon
    from claimdesk.ui.panels import ClaimsPanel, LibraryPanel, SourcesPanel
    from claimdesk.ui.reader import ReaderView
    from claimdesk.ui.theme import apply_theme

    marks.append(("window modules", _elapsed()))
    settings = Settings.load()
    target = settings.database_target(args.db)
    quick = open_quick(target)
    if quick is None:
        _say("probe: quickread refused the desk")
        return 2

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName("claimdesk")
    app.setOrganizationName(APP_NAME)
    apply_theme(app)
    qsettings = QSettings(str(config_dir() / "window.ini"), QSettings.Format.IniFormat)

    marks.append(("app+settings", _elapsed()))
    # the window's layout, as MainWindow builds it (the inspector is empty at start-up)
    window = QMainWindow()
    window.setObjectName("MainWindow")
    window.setWindowIcon(icon("claimdesk"))
    reader = ReaderView()
    window.setCentralWidget(reader)
    library, claims, sources = LibraryPanel(), ClaimsPanel(), SourcesPanel()

    def dock(title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        d = QDockWidget(title, window)
        d.setObjectName(f"{title}Dock")
        d.setWidget(widget)
        window.addDockWidget(area, d)
        return d

    left, right = Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
    library_dock = dock("Library", library, left)
    window.tabifyDockWidget(library_dock, dock("Sources", sources, left))
    library_dock.raise_()
    claims_dock = dock("Claims", claims, right)
    inspector_dock = dock("Inspector", QWidget(), right)
    window.splitDockWidget(claims_dock, inspector_dock, Qt.Orientation.Vertical)
    for title in ("&File", "&Edit", "&View", "&Claims", "&Help"):
        window.menuBar().addMenu(title)
    counts = QLabel()
    window.statusBar().addPermanentWidget(counts)
    window.resize(1360, 860)
    window.resizeDocks([library_dock, claims_dock], [320, 440], Qt.Orientation.Horizontal)
    geometry, state = qsettings.value("window/geometry"), qsettings.value("window/state")
    if geometry is not None:
        window.restoreGeometry(geometry)  # type: ignore[arg-type]
    if state is not None:
        window.restoreState(state)  # type: ignore[arg-type]

    marks.append(("widgets", _elapsed()))
    # the first paint's data, from quickread
    library.model.load(lambda offset, limit, _f: quick.list_articles(limit=limit, offset=offset))
    library._update_empty()
    total = quick.count_articles()
    counts.setText(f"{total:,} article{'s' if total != 1 else ''}")
    last = qsettings.value("desk/last_article")
    wanted = int(last) if last is not None and library.model.row_of(int(last)) >= 0 else None
    if wanted is None and library.model.rowCount():
        wanted = library.model.article_at(0).id
    if wanted is not None:
        doc = quick.get_article(wanted)
        rows = quick.list_claims(wanted)
        reader.show_article(doc.text, rows)
        claims.model.set_claims(rows)
        library.select_article(wanted)
        window.setWindowTitle(f"{doc.info.title} \u2014 claimdesk")
    marks.append(("data", _elapsed()))
    window.show()
    marks.append(("show", _elapsed()))

    held: dict[str, object] = {}
    later = UI_IMPORTS if args.thread else QT_FREE_IMPORTS + UI_IMPORTS
    steps: list[tuple[str, Callable[[], object]]] = [
        (name, lambda name=name: importlib.import_module(name)) for name in later
    ]
    if args.thread:
        import threading

        def import_qt_free() -> None:
            for name in QT_FREE_IMPORTS:
                importlib.import_module(name)

        worker = threading.Thread(target=import_qt_free, name="imports", daemon=True)

        def wait_for_worker() -> None:
            worker.join()

        steps.insert(0, ("join the import thread", wait_for_worker))

    def open_store() -> None:
        from claimdesk.store.engine import Store
        from claimdesk.ui.desk import Desk

        held["store"] = store = Store.open(target)
        held["desk"] = Desk(store, settings.user_name)
        quick.close()

    steps.append(("Store.open + Desk", open_store))
    timings: list[tuple[float, str]] = []
    # a heartbeat on the UI thread: its longest gap is the longest input would wait
    beat = QTimer()
    beat.setInterval(10)
    last_beat = [time.perf_counter(), 0.0]

    def on_beat() -> None:
        now = time.perf_counter()
        last_beat[1] = max(last_beat[1], now - last_beat[0])
        last_beat[0] = now

    beat.timeout.connect(on_beat)

    def next_step() -> None:
        if args.thread and steps and steps[0][1] is wait_for_worker and worker.is_alive():
            QTimer.singleShot(5, next_step)  # keep answering input while the thread imports
            return
        if not steps:
            beat.stop()
            on_beat()
            worst, name = max(timings)
            if not args.stay:  # first, so that a reader gone away cannot keep it open
                QTimer.singleShot(0, window.close)
            _say(
                f"probe: services after {_elapsed():.3f} s "
                f"(longest step {worst * 1000:.0f} ms: {name}; "
                f"longest heartbeat gap {last_beat[1] * 1000:.0f} ms)"
            )
            return
        name, step = steps.pop(0)
        t = time.perf_counter()
        step()
        timings.append((time.perf_counter() - t, name))
        QTimer.singleShot(0, next_step)

    def ready() -> None:
        marks.append(("first turn", _elapsed()))
        steps_ms = ", ".join(
            f"{name} {1000 * (t - marks[i][1]):.0f}" for i, (name, t) in enumerate(marks[1:])
        )
        _say(f"probe: ready after {_elapsed():.3f} s (ms: {steps_ms})")
        last_beat[0] = time.perf_counter()
        beat.start()
        if args.thread:
            worker.start()
        QTimer.singleShot(0, next_step)

    QTimer.singleShot(0, ready)
    code = app.exec()
    store = held.get("store")
    if store is not None:
        store.close()  # type: ignore[attr-defined]
    return int(code)


if __name__ == "__main__":
    raise SystemExit(main())
