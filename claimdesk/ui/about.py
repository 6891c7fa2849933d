"""The About dialog: version, where the desk lives, bundled components and data credits."""

from __future__ import annotations

import html
import platform
from dataclasses import dataclass
from importlib import metadata

from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from claimdesk import __version__
from claimdesk.config import APP_ID

LICENSE = "GPL-3.0-or-later"


@dataclass(frozen=True)
class Component:
    name: str
    distribution: str
    licence: str
    url: str


COMPONENTS: tuple[Component, ...] = (
    Component(
        "Qt for Python (PySide6)",
        "PySide6-Essentials",
        "LGPL-3.0",
        "https://doc.qt.io/qtforpython-6/",
    ),
    Component("spaCy", "spacy", "MIT", "https://spacy.io"),
    Component("SQLAlchemy", "SQLAlchemy", "MIT", "https://www.sqlalchemy.org"),
    Component("SQLModel", "sqlmodel", "MIT", "https://sqlmodel.tiangolo.com"),
    Component("Alembic", "alembic", "MIT", "https://alembic.sqlalchemy.org"),
    Component("keyring", "keyring", "MIT", "https://github.com/jaraco/keyring"),
    Component("platformdirs", "platformdirs", "MIT", "https://github.com/tox-dev/platformdirs"),
    Component("trafilatura", "trafilatura", "Apache-2.0", "https://trafilatura.readthedocs.io"),
    Component("pypdf", "pypdf", "BSD-3-Clause", "https://pypdf.readthedocs.io"),
    Component("python-docx", "python-docx", "MIT", "https://python-docx.readthedocs.io"),
    Component("HTTPX", "httpx", "BSD-3-Clause", "https://www.python-httpx.org"),
    Component("RapidFuzz", "rapidfuzz", "MIT", "https://github.com/rapidfuzz/RapidFuzz"),
    Component(
        "charset-normalizer",
        "charset-normalizer",
        "MIT",
        "https://github.com/jawah/charset_normalizer",
    ),
    Component("jsonschema", "jsonschema", "MIT", "https://python-jsonschema.readthedocs.io"),
    Component("psycopg", "psycopg", "LGPL-3.0", "https://www.psycopg.org"),
)


@dataclass(frozen=True)
class Attribution:
    name: str
    credit: str
    url: str


DATA_ATTRIBUTIONS: tuple[Attribution, ...] = (
    Attribution(
        "ClaimBuster dataset",
        "Fatma Arslan, Naeemul Hassan, Chengkai Li and Mark Tremayne: “A Benchmark Dataset "
        "of Check-worthy Factual Claims”, ICWSM 2020. Used to train the check-worthiness model.",
        "https://doi.org/10.5281/zenodo.3609356",
    ),
    Attribution(
        "CLEF CheckThat! 2024, Task 1 (English)",
        "The CheckThat! Lab at CLEF 2024, check-worthiness estimation. Used to train and "
        "evaluate the check-worthiness model.",
        "https://checkthat.gitlab.io/clef2024/task1/",
    ),
)


def installed_version(distribution: str) -> str:
    """The installed version of a distribution, or "" when its metadata is not bundled."""
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return ""


def components_html() -> str:
    rows = []
    for c in COMPONENTS:
        version = installed_version(c.distribution)
        if c.distribution == "PySide6-Essentials" and not version:
            version = qVersion()
        rows.append(
            f"<tr><td><a href='{c.url}'>{html.escape(c.name)}</a></td>"
            f"<td>{html.escape(version)}</td><td>{html.escape(c.licence)}</td></tr>"
        )
    return (
        "<p>claimdesk is built on these libraries, each under its own licence:</p>"
        "<table cellspacing='0' cellpadding='3'>"
        "<tr><th align='left'>Component</th><th align='left'>Version</th>"
        "<th align='left'>Licence</th></tr>" + "".join(rows) + "</table>"
        "<p>The LGPL-3.0 libraries (Qt for Python and Qt, psycopg) are linked dynamically and "
        "ship as separate files, so you may replace them with your own builds.</p>"
    )


def attributions_html() -> str:
    items = "".join(
        f"<li><p><a href='{a.url}'>{html.escape(a.name)}</a><br>{html.escape(a.credit)}</p></li>"
        for a in DATA_ATTRIBUTIONS
    )
    return f"<p>The check-worthiness model was trained with data from:</p><ul>{items}</ul>"


def summary_html(database: str | None = None) -> str:
    where = (
        "<p>Your work stays in a database on this computer:<br>"
        f"<code>{html.escape(database)}</code></p>"
        if database
        else ""
    )
    return (
        f"<h2>claimdesk {html.escape(__version__)}</h2>"
        "<p>A desktop fact-checking desk: highlight claims, link evidence, reach verdicts, "
        "export reports.</p>"
        f"{where}"
        f"<p>Licensed under the {LICENSE}.</p>"
        f"<p><small>{html.escape(APP_ID)} · Python {platform.python_version()} · "
        f"Qt {html.escape(qVersion())}</small></p>"
    )


def _browser(text: str) -> QTextBrowser:
    browser = QTextBrowser()
    browser.setOpenExternalLinks(True)
    browser.setHtml(text)
    return browser


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, database: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About claimdesk")
        self.setObjectName("AboutDialog")
        self.resize(560, 480)
        layout = QVBoxLayout(self)
        summary = QLabel(summary_html(database))
        summary.setTextFormat(Qt.TextFormat.RichText)
        summary.setOpenExternalLinks(True)
        summary.setWordWrap(True)
        summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        layout.addWidget(summary)
        self.tabs = QTabWidget()
        self.tabs.addTab(_browser(components_html()), "Components")
        self.tabs.addTab(_browser(attributions_html()), "Data")
        layout.addWidget(self.tabs, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def show_about(parent: QWidget | None = None, database: str | None = None) -> None:
    AboutDialog(parent, database).exec()
