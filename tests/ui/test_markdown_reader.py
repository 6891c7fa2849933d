"""Markdown in the reader: headings and emphasis drawn, markers out of sight, and claims
still anchored into the stored text."""

from __future__ import annotations

from PySide6.QtGui import QFont, QTextCharFormat, QTextCursor
from uihelpers import ctl, make_claim, reads, service, settle

from claimdesk.core import articles
from claimdesk.io.text import draft_from_text_bytes
from claimdesk.ui.main_window import MainWindow

MD = (
    "# Gas deal signed\n\n*By Jane Doe, Reuters*\n\n"
    "ANKARA \u2014 Exports rose **12 percent** in 2025, the _ministry_ said.\n\n"
    "## What comes next\n\nImports fell by half."
)


def fmt_at(window: MainWindow, cp: int) -> QTextCharFormat:
    """The document's own format of the character at ``cp`` (what is drawn there, under
    the claim highlights)."""
    cursor = QTextCursor(window.reader.document())
    cursor.setPosition(window.reader.qt_offset(cp) + 1)
    return cursor.charFormat()


def test_markdown_renders_and_claims_anchor_into_the_stored_text(window: MainWindow) -> None:
    draft = draft_from_text_bytes(MD.encode(), name="deal.md", markdown=True)
    info = service(window, articles.add_article, draft)
    assert (info.author, info.outlet, info.place) == ("Jane Doe", "Reuters", "Ankara")
    ctl(window).article.open_article(info.id)
    settle(window)
    reader = window.reader
    assert reader.markdown and reader.text() == MD  # the stored text, untouched
    heading = fmt_at(window, MD.index("Gas deal"))
    assert heading.fontWeight() == QFont.Weight.Bold
    assert heading.fontPointSize() > reader.font().pointSizeF() * 1.3
    marker = fmt_at(window, 0)
    assert marker.foreground().color().alpha() == 0
    strong = fmt_at(window, MD.index("12 percent"))
    assert strong.fontWeight() == QFont.Weight.Bold
    assert fmt_at(window, MD.index("**12")).foreground().color().alpha() == 0
    em = fmt_at(window, MD.index("ministry"))
    assert em.fontItalic()
    claim_id = make_claim(window, "Exports rose **12 percent** in 2025")
    claim = reads(window).claim(claim_id)
    assert MD[claim.anchor.start : claim.anchor.end] == "Exports rose **12 percent** in 2025"


def test_plain_text_is_not_formatted(window: MainWindow) -> None:
    assert not window.reader.markdown
    fmt = fmt_at(window, 0)
    assert fmt is None or fmt.fontWeight() != QFont.Weight.Bold
