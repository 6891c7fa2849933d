"""Starting the window: open the desk, show it, and on the first run show the sample."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence

_T0 = time.perf_counter()


def _parse(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="claimdesk", add_help=False)
    parser.add_argument("--db")
    parser.add_argument("--user")
    parser.add_argument("files", nargs="*")
    args, _unknown = parser.parse_known_args(list(argv))
    return args


def run_app(argv: Sequence[str]) -> int:
    import shiboken6
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from claimdesk.config import APP_NAME, Settings, config_dir
    from claimdesk.errors import ClaimdeskError
    from claimdesk.store.engine import Store
    from claimdesk.ui.main_window import MainWindow
    from claimdesk.ui.theme import apply_theme

    args = _parse(argv)
    app = QApplication.instance() or QApplication(
        [sys.argv[0], *[a for a in argv if a.startswith("-platform")]]
    )
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName("claimdesk")
    app.setOrganizationName(APP_NAME)
    apply_theme(app)
    from claimdesk.logs import setup_logging
    from claimdesk.ui import failures

    setup_logging()
    reporter = failures.install(app)

    settings = Settings.load()
    if args.user:
        settings.user_name = args.user
    from claimdesk.ui.single_instance import SingleInstance

    target = settings.database_target(args.db)
    instance = SingleInstance(target)
    if instance.send_to_running(args.files):
        return 0  # the running window opens the files
    instance.listen()
    if target.startswith(("postgresql:", "postgresql+", "postgres:", "profile:")):
        # a team desk: its password may have to be asked for, and a failure offers a retry
        from claimdesk.ui.team_settings import open_desk

        store = open_desk(target)
        if store is None:
            return 1
    else:
        try:
            store = Store.open(target)
        except ClaimdeskError as exc:
            QMessageBox.critical(None, "claimdesk cannot open the desk", str(exc))
            return 1
    first_run = store.fresh
    if first_run:
        from claimdesk.core.sample import load_sample_if_empty

        with store.session() as session:
            load_sample_if_empty(session)

    qsettings = QSettings(str(config_dir() / "window.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings, qsettings)
    window.show()
    ctl = window.attach(store)
    instance.attach(window, ctl.imports.import_sources)
    if ctl.team_link is not None:
        ctl.team_link.start()

    from claimdesk.core.details import article_to_open

    last = qsettings.value("desk/last_article")
    wanted = int(last) if last is not None and str(last).isdigit() else None

    def open_first(article_id: int | None) -> None:
        if article_id is not None:
            ctl.article.open_article(article_id)

    ctl.runner.read(lambda session: article_to_open(session, wanted), open_first)
    if args.files:
        ctl.imports.import_sources(list(args.files))

    def report_ready() -> None:
        # the first event-loop turn after show: the window is painted and takes input
        if "CLAIMDESK_STARTUP_REPORT" in os.environ:
            print(f"claimdesk: ready after {time.perf_counter() - _T0:.3f} s", flush=True)
        if os.environ.get("CLAIMDESK_EXIT_AFTER_READY") == "1":
            QTimer.singleShot(0, window.close)

    QTimer.singleShot(0, report_ready)
    code = app.exec()
    # delete the window now: its Python event filters must not run during interpreter exit
    shiboken6.delete(window)
    reporter.uninstall()
    store.close()
    return int(code)
