"""The About dialog names the version, every bundled component's licence and the data."""

from __future__ import annotations

from claimdesk import __version__
from claimdesk.ui.about import (
    COMPONENTS,
    DATA_ATTRIBUTIONS,
    AboutDialog,
    attributions_html,
    components_html,
    summary_html,
)

EXPECTED_LICENCES = {
    "PySide6-Essentials": "LGPL-3.0",
    "spacy": "MIT",
    "SQLAlchemy": "MIT",
    "sqlmodel": "MIT",
    "alembic": "MIT",
    "keyring": "MIT",
    "platformdirs": "MIT",
    "trafilatura": "Apache-2.0",
    "pypdf": "BSD-3-Clause",
    "python-docx": "MIT",
    "httpx": "BSD-3-Clause",
    "rapidfuzz": "MIT",
    "charset-normalizer": "MIT",
    "jsonschema": "MIT",
    "psycopg": "LGPL-3.0",
}


def test_every_runtime_dependency_is_credited() -> None:
    assert {c.distribution: c.licence for c in COMPONENTS} == EXPECTED_LICENCES
    text = components_html()
    for component in COMPONENTS:
        assert component.name in text


def test_data_attributions() -> None:
    text = attributions_html()
    assert "ClaimBuster" in text and "ICWSM 2020" in text and "Arslan" in text
    assert "CheckThat! 2024" in text and "Task 1" in text
    assert len(DATA_ATTRIBUTIONS) == 2


def test_dialog_shows_version_and_desk(qtbot: object) -> None:
    assert f"claimdesk {__version__}" in summary_html()
    dialog = AboutDialog(None, "/home/ann/desk.sqlite3")
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    assert dialog.tabs.count() == 2
    assert "/home/ann/desk.sqlite3" in summary_html("/home/ann/desk.sqlite3")
