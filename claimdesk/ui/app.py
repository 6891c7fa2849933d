"""Starting the window: open the desk, show it, and on the first run show the sample."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from claimdesk.store.engine import Store

_T0 = time.perf_counter()


def _parse(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="claimdesk", add_help=False)
    parser.add_argument("--db")
    parser.add_argument("--user")
    parser.add_argument("files", nargs="*")
    args, _unknown = parser.parse_known_args(list(argv))
    return args


def _is_team(target: str) -> bool:
    return target.startswith(("postgresql:", "postgresql+", "postgres:", "profile:"))


def run_app(argv: Sequence[str]) -> int:
    import shiboken6
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from claimdesk.config import APP_NAME, Settings, config_dir
    from claimdesk.errors import ClaimdeskError
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
    if settings.appearance != "system" and not os.environ.get("CLAIMDESK_THEME"):
        apply_theme(app, settings.appearance)
    from claimdesk.profiles import analyst_name
    from claimdesk.ui.single_instance import SingleInstance

    target = settings.database_target(args.db)
    settings.user_name = analyst_name(target, args.user, settings.user_name)
    instance = SingleInstance(target, settings.user_name, config_dir())
    if instance.send_to_running(args.files):
        print(
            f"claimdesk: {settings.user_name} already has this desk open; that window was "
            "raised" + (" and given the files." if args.files else "."),
            flush=True,
        )
        return 0  # the running window opens the files
    instance.listen()
    qsettings = QSettings(str(config_dir() / "window.ini"), QSettings.Format.IniFormat)
    last = qsettings.value("desk/last_article")
    wanted = int(last) if last is not None and str(last).isdigit() else None

    quick = None
    if not _is_team(target):
        from claimdesk.core.quickread import open_quick

        try:
            quick = open_quick(target)
        except ClaimdeskError:
            quick = None  # the normal path below says what is wrong with the desk
    window = MainWindow(settings, qsettings)
    state: dict[str, object] = {}

    def attach(store: object, shown_id: int | None, title: str) -> None:
        from claimdesk.store.engine import Store

        assert isinstance(store, Store)
        ctl = window.attach(store)
        state["store"], state["ctl"] = store, ctl
        instance.attach(window, ctl.imports.import_sources)
        if ctl.team_link is not None:
            ctl.team_link.start()
        if shown_id is not None:
            ctl.article.adopt(shown_id, title)
        else:
            from claimdesk.core.details import article_to_open

            def open_first(article_id: int | None) -> None:
                if article_id is not None:
                    ctl.article.open_article(article_id)

            ctl.runner.read(lambda session: article_to_open(session, wanted), open_first)
        if args.files:
            ctl.imports.import_sources(list(args.files))
        if "CLAIMDESK_STARTUP_REPORT" in os.environ:
            print(f"claimdesk: services ready after {time.perf_counter() - _T0:.3f} s", flush=True)
        if os.environ.get("CLAIMDESK_EXIT_AFTER_READY") == "1":
            QTimer.singleShot(0, window.close)

    def report_ready() -> None:
        # the first event-loop turn after show: the window is painted and takes input
        if "CLAIMDESK_STARTUP_REPORT" in os.environ:
            loaded = "yes" if "sqlalchemy" in sys.modules else "no"
            print(
                f"claimdesk: ready after {time.perf_counter() - _T0:.3f} s "
                f"(database layer loaded: {loaded})",
                flush=True,
            )

    if quick is not None:
        # paint first from a read-only look; load the database layer after the first paint
        from claimdesk.ui.first_paint import LaterImports, paint

        with quick:
            shown = paint(window, quick, wanted)
        window.show()
        QTimer.singleShot(0, report_ready)  # before the imports start, which follow it

        def services() -> None:
            from claimdesk.store.engine import Store

            try:
                store = Store.open(target)
            except ClaimdeskError as exc:
                QMessageBox.critical(window, "claimdesk cannot open the desk", str(exc))
                window.close()
                return
            attach(store, shown.article_id, shown.title)

        later = LaterImports(services, window)
        QTimer.singleShot(0, later.start)
    else:
        store = _open_store(target)
        if store is None:
            return 1
        window.show()
        QTimer.singleShot(0, report_ready)
        attach(store, None, "")

    code = app.exec()
    reporter.uninstall()
    # delete the window now: its Python event filters must not run during interpreter exit
    shiboken6.delete(window)
    store_obj = state.get("store")
    if store_obj is not None:
        store_obj.close()  # type: ignore[attr-defined]
    return int(code)


def _open_store(target: str) -> Store | None:
    """Open the desk the slow way (team desks, new or older desks, damaged files): asks
    for a password, migrates, loads the sample on a new desk; None after a message."""
    from PySide6.QtWidgets import QMessageBox

    from claimdesk.errors import ClaimdeskError
    from claimdesk.store.engine import Store

    if _is_team(target):
        # a team desk: its password may have to be asked for, and a failure offers a retry
        from claimdesk.ui.team_settings import open_desk

        team: Store | None = open_desk(target)
        return team
    try:
        store = Store.open(target)
    except ClaimdeskError as exc:
        QMessageBox.critical(None, "claimdesk cannot open the desk", str(exc))
        return None
    if store.fresh:
        from claimdesk.core.sample import load_sample_if_empty

        with store.session() as session:
            load_sample_if_empty(session)
    return store
