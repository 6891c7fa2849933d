"""Building a real window on a real desk for the UI tests."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from claimdesk.config import Settings
from claimdesk.core.sample import load_sample_if_empty
from claimdesk.store.engine import Store
from claimdesk.ui.desk import Desk
from claimdesk.ui.main_window import MainWindow


def make_window(db: Path, ini: Path, pipeline: str = "off") -> MainWindow:
    """A window on a real desk; suggestions are off unless a test asks for a pipeline
    (loading spaCy in every test would only slow the suite down)."""
    store = Store.open(str(db))
    with store.session() as session:
        load_sample_if_empty(session)
    settings = Settings(user_name="tester", pipeline=pipeline)
    window = MainWindow(
        Desk(store, "tester"), settings, QSettings(str(ini), QSettings.Format.IniFormat)
    )
    return window
