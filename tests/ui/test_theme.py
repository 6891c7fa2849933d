"""Readable in light and dark: claims keep dark ink on pale colours, text keeps contrast."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication
from uihelpers import ctl, reads, service

from claimdesk.core.claims import create_claim
from claimdesk.core.vocab import STATUS_INFO
from claimdesk.ui.main_window import MainWindow
from claimdesk.ui.theme import apply_theme


def luminance(c: QColor) -> float:
    def ch(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * ch(c.redF()) + 0.7152 * ch(c.greenF()) + 0.0722 * ch(c.blueF())


def contrast(a: QColor, b: QColor) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.fixture(params=["light", "dark"])
def themed(request: pytest.FixtureRequest, window: MainWindow) -> Iterator[str]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    yield apply_theme(app, request.param)
    apply_theme(app, "light")


def test_page_text_has_contrast(themed: str, window: MainWindow) -> None:
    palette = window.reader.palette()
    assert (palette.color(QPalette.ColorRole.Base).lightness() < 128) == (themed == "dark")
    for text_role, back_role in (
        (QPalette.ColorRole.Text, QPalette.ColorRole.Base),
        (QPalette.ColorRole.WindowText, QPalette.ColorRole.Window),
        (QPalette.ColorRole.PlaceholderText, QPalette.ColorRole.Base),
    ):
        minimum = 3.0 if text_role == QPalette.ColorRole.PlaceholderText else 4.5  # WCAG AA
        assert contrast(palette.color(text_role), palette.color(back_role)) >= minimum


def test_every_status_highlight_is_readable(themed: str, window: MainWindow) -> None:
    text = window.reader.text()
    quote = "the world's largest arms importer"
    start = text.index(quote)
    claim = service(
        window,
        create_claim,
        ctl(window).article.article_id or 0,
        start,
        start + len(quote),
        actor="t",
    )
    for status in STATUS_INFO:
        for selected in (False, True):
            rec = reads(window).claim(claim.id)
            window.reader.update_claim(rec.__class__(**{**rec.__dict__, "status": status.value}))
            window.reader.select_claim(claim.id if selected else None, scroll=False)
            fmt = window.reader.format_at(start + 3)
            assert fmt is not None
            ink, paper = fmt.foreground().color(), fmt.background().color()
            assert paper.alpha() == 255  # opaque: the same on a light or a dark page
            assert contrast(ink, paper) >= 4.5, (status, selected)
