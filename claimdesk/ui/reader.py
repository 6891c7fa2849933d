"""The reader: the article text, read-only, with every claim highlighted in its colour."""

from __future__ import annotations

from bisect import bisect_right

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFont,
    QMouseEvent,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QTextEdit, QToolTip, QWidget

from claimdesk.core.records import ClaimRecord, Suggestion
from claimdesk.core.vocab import STATUS_INFO
from claimdesk.core.wordsnap import snap_to_words
from claimdesk.ui.highlight import ClaimHighlighter, Span
from claimdesk.ui.icons import status_label
from claimdesk.ui.offsets import OffsetMap

READING_WIDTH_EM = 38  # about 70-80 characters a line


class ReaderView(QPlainTextEdit):
    """Shows one article.  Offsets in and out are Python code points."""

    claimClicked = Signal(int)
    makeClaimRequested = Signal()
    statusRequested = Signal(int, str)  # claim id, status
    deleteRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setAccessibleName("Article text")
        self.setPlaceholderText(
            "Open an article from the Library, or use File \u203a Open (Ctrl+O) or "
            "Edit \u203a Paste as new article (Ctrl+Shift+V)."
        )
        font = QFont("DejaVu Serif")
        font.setStyleHint(QFont.StyleHint.Serif)
        font.setPointSizeF(12.5)
        self.setFont(font)
        self.document().setDocumentMargin(24)
        self._text = ""
        self.markdown = False
        self._map = OffsetMap("")
        self._claims: list[ClaimRecord] = []
        self._starts: list[int] = []
        self._highlighter = ClaimHighlighter(self.document())
        self.viewport().installEventFilter(self)
        self.viewport().setMouseTracking(True)

    # content ----------------------------------------------------------------------------
    def show_article(self, text: str, claims: list[ClaimRecord], *, markdown: bool = False) -> None:
        """``markdown``: draw headings and emphasis (the text itself is not changed)."""
        self._text = text
        self._map = OffsetMap(text)
        self._highlighter.blockSignals(True)
        self._highlighter.set_claims([])
        self._highlighter.set_suggestions([])
        self._highlighter.selected = None
        self._highlighter.blockSignals(False)
        self.setExtraSelections([])
        self.setPlainText(text)
        self.markdown = markdown
        if markdown:
            from claimdesk.ui.markdown_view import apply_markdown

            apply_markdown(self.document(), self.font())
        self.set_claims(claims)

    def clear_article(self) -> None:
        self.show_article("", [])

    def text(self) -> str:
        return self._text

    def _span(self, claim: ClaimRecord) -> Span:
        return Span(
            self._map.to_qt(claim.anchor.start),
            self._map.to_qt(claim.anchor.end),
            claim.status,
            claim.id,
            claim.wording_before is not None,
        )

    def set_claims(self, claims: list[ClaimRecord]) -> None:
        self._claims = sorted(
            (c for c in claims if not c.orphaned), key=lambda c: (c.anchor.start, c.id)
        )
        self._starts = [c.anchor.start for c in self._claims]
        self._highlighter.set_claims([self._span(c) for c in self._claims])

    def update_claim(self, rec: ClaimRecord) -> None:
        """Recolour one claim without touching the others (fast status changes)."""
        for i, c in enumerate(self._claims):
            if c.id == rec.id:
                self._claims[i] = rec
                self._highlighter.update_claim(self._span(rec))
                return

    def set_suggestions(
        self, suggestions: list[Suggestion], focused: Suggestion | None = None
    ) -> None:
        """Underline suggested claims (a dotted line, not a highlight: they are not claims)."""
        spans = [
            Span(self._map.to_qt(s.start), self._map.to_qt(s.end), "", i)
            for i, s in enumerate(suggestions)
        ]
        key = next(
            (
                i
                for i, s in enumerate(suggestions)
                if focused is not None and (s.start, s.end) == (focused.start, focused.end)
            ),
            None,
        )
        self._highlighter.set_suggestions(spans, key)
        if focused is not None:
            cursor = QTextCursor(self.document())
            cursor.setPosition(self._map.to_qt(focused.start))
            self.setTextCursor(cursor)
            self.centerCursor()

    def format_at(self, cp: int) -> QTextCharFormat | None:
        """The highlight drawn at code point ``cp`` (what the analyst sees there)."""
        qt = self._map.to_qt(cp)
        block = self.document().findBlock(qt)
        rel = qt - block.position()
        for rng in block.layout().formats():
            if rng.start <= rel < rng.start + rng.length:
                return QTextCharFormat(rng.format)  # a copy: the range is a temporary
        return None

    # selection ----------------------------------------------------------------------------
    def select_claim(self, claim_id: int | None, *, scroll: bool = True) -> None:
        self._highlighter.select(claim_id)
        claim = next((c for c in self._claims if c.id == claim_id), None)
        if claim is not None and scroll:
            cursor = QTextCursor(self.document())
            cursor.setPosition(self._map.to_qt(claim.anchor.end))
            self.setTextCursor(cursor)
            cursor.setPosition(self._map.to_qt(claim.anchor.start))
            self.setTextCursor(cursor)
            self.centerCursor()

    def selected_span(self) -> tuple[int, int] | None:
        """The analyst's text selection in code points, trimmed of surrounding spaces."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start = self._map.to_cp(cursor.selectionStart())
        end = self._map.to_cp(cursor.selectionEnd())
        while start < end and self._text[start].isspace():
            start += 1
        while end > start and self._text[end - 1].isspace():
            end -= 1
        return (start, end) if end > start else None

    def select_span(self, start: int, end: int) -> None:
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._map.to_qt(start))
        cursor.setPosition(self._map.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def qt_offset(self, cp: int) -> int:
        return self._map.to_qt(cp)

    def cursor_cp(self) -> int:
        """Where the cursor (the start of the selection) is, in code points."""
        return self._map.to_cp(self.textCursor().selectionStart())

    def show_hit(self, start: int, end: int) -> None:
        """Scroll to a search hit, select it and mark it until the next one."""
        self.select_span(start, end)
        self.centerCursor()
        fmt = QTextCharFormat()
        fmt.setBackground(QColor("#ffd43b"))
        fmt.setForeground(QColor("#000000"))
        mark = QTextEdit.ExtraSelection()
        mark.cursor = self.textCursor()
        mark.format = fmt
        self.setExtraSelections([mark])

    def claims_at(self, cp: int) -> list[ClaimRecord]:
        hi = bisect_right(self._starts, cp)
        return [c for c in self._claims[:hi] if c.anchor.start <= cp < c.anchor.end]

    def _claims_at_point(self, pos: QPoint) -> list[ClaimRecord]:
        cursor = self.cursorForPosition(pos)
        return self.claims_at(self._map.to_cp(cursor.position()))

    # events ---------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.viewport():
            if event.type() == QEvent.Type.ToolTip:
                here = self._claims_at_point(event.pos())  # type: ignore[attr-defined]
                if here:
                    QToolTip.showText(
                        event.globalPos(),  # type: ignore[attr-defined]
                        "\n".join(f"{status_label(c.status)} \u2014 {c.statement}" for c in here),
                        self,
                    )
                else:
                    QToolTip.hideText()
                return True
            if (
                event.type() == QEvent.Type.MouseButtonRelease
                and isinstance(event, QMouseEvent)
                and event.button() == Qt.MouseButton.LeftButton
                and not self.textCursor().hasSelection()
            ):
                here = self._claims_at_point(event.position().toPoint())
                if here:
                    # the innermost (shortest) claim wins where claims overlap
                    best = min(here, key=lambda c: c.anchor.end - c.anchor.start)
                    self.claimClicked.emit(best.id)
        return super().eventFilter(watched, event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        # a drag rarely lands between words; Alt keeps exactly what was dragged, and
        # keyboard selection (Shift+arrows) never comes here, so it stays exact too
        if event.button() == Qt.MouseButton.LeftButton and not (
            event.modifiers() & Qt.KeyboardModifier.AltModifier
        ):
            self._snap_selection()

    def _snap_selection(self) -> None:
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return
        anchor = self._map.to_cp(cursor.anchor())
        position = self._map.to_cp(cursor.position())
        start, end = snap_to_words(self._text, min(anchor, position), max(anchor, position))
        if (start, end) == (min(anchor, position), max(anchor, position)):
            return
        if anchor > position:  # dragged right to left: the cursor stays at the left end
            start, end = end, start
        cursor.setPosition(self._map.to_qt(start))
        cursor.setPosition(self._map.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = QMenu(self)
        make = menu.addAction("Make claim from selection")
        make.setShortcut("Ctrl+E")
        make.setEnabled(self.selected_span() is not None)
        make.triggered.connect(self.makeClaimRequested)
        here = self._claims_at_point(event.pos())
        for claim in here:
            sub = menu.addMenu(f"Claim: {claim.statement[:40]}")
            for status, info in STATUS_INFO.items():
                act = sub.addAction(f"{info.label}\t{info.key}")
                act.setCheckable(True)
                act.setChecked(claim.status == status.value)
                act.triggered.connect(
                    lambda _=False, cid=claim.id, s=status.value: self.statusRequested.emit(cid, s)
                )
            sub.addSeparator()
            sub.addAction("Delete claim").triggered.connect(
                lambda _=False, cid=claim.id: self.deleteRequested.emit(cid)
            )
        menu.addSeparator()
        menu.addAction("Copy").triggered.connect(self.copy)
        menu.exec(event.globalPos())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # keep a comfortable line length by centring a column of text
        width = self.fontMetrics().horizontalAdvance("M") * READING_WIDTH_EM
        spare = max(0, self.width() - width - 60)
        self.setViewportMargins(spare // 2, 0, spare // 2, 0)
