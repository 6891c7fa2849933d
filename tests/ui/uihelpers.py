"""Building a real window on a real desk for the UI tests."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from claimdesk.config import Settings
from claimdesk.core.sample import load_sample_if_empty
from claimdesk.store.engine import Store
from claimdesk.ui.desk import Desk
from claimdesk.ui.main_window import MainWindow


def make_window(db: Path, ini: Path) -> MainWindow:
    store = Store.open(str(db))
    with store.session() as session:
        load_sample_if_empty(session)
    settings = Settings(user_name="tester")
    window = MainWindow(
        Desk(store, "tester"), settings, QSettings(str(ini), QSettings.Format.IniFormat)
    )
    return window
