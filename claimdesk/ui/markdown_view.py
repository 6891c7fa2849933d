"""Markdown shown as a reader expects: headings large and bold, emphasis in bold or
italics, the markers themselves out of sight.

The document keeps the stored text character for character (claims anchor into it, and
the reader's offsets are offsets into it); only character formats change, and a marker
("# ", "**") is drawn in a tiny transparent font instead of being removed.
"""

from __future__ import annotations

import re

from PySide6.QtGui import QColor, QFont, QTextCharFormat, QTextCursor, QTextDocument

_HEADING = re.compile(r"^(\s{0,3}#{1,6}\s+)(.*?)(\s+#+\s*)?$")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS = re.compile(r"(?<![*_\w])([*_])(?=\S)([^*_]+?)(?<=\S)\1(?![*_\w])")
_QUOTE = re.compile(r"^(\s{0,3}>\s?)")
HEADING_SCALE = {1: 1.6, 2: 1.4, 3: 1.25, 4: 1.12, 5: 1.05, 6: 1.0}


def _hidden(base: QFont) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(0, 0, 0, 0))
    fmt.setFontPointSize(max(1.0, base.pointSizeF() * 0.08))
    return fmt


def _span(doc: QTextDocument, start: int, end: int, fmt: QTextCharFormat) -> None:
    cursor = QTextCursor(doc)
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    cursor.mergeCharFormat(fmt)


def apply_markdown(doc: QTextDocument, base: QFont) -> int:
    """Format the Markdown in ``doc`` in place; returns how many blocks were touched.

    Offsets in ``doc`` are Qt's (UTF-16); the regexes run on each block's own text,
    which Qt gives in the same units, so positions line up.
    """
    hidden = _hidden(base)
    touched = 0
    undo = doc.isUndoRedoEnabled()
    doc.setUndoRedoEnabled(False)
    block = doc.begin()
    while block.isValid():
        text = block.text()
        at = block.position()
        if "#" in text or "*" in text or "_" in text or ">" in text:
            touched += _format_block(doc, text, at, base, hidden)
        block = block.next()
    doc.setUndoRedoEnabled(undo)
    return touched


def _format_block(
    doc: QTextDocument, text: str, at: int, base: QFont, hidden: QTextCharFormat
) -> int:
    changed = 0
    heading = _HEADING.match(text)
    if heading:
        level = len(heading.group(1).strip())
        fmt = QTextCharFormat()
        fmt.setFontWeight(QFont.Weight.Bold)
        fmt.setFontPointSize(base.pointSizeF() * HEADING_SCALE.get(level, 1.0))
        _span(doc, at, at + len(text), fmt)
        _span(doc, at, at + heading.end(1), hidden)
        if heading.group(3):
            _span(doc, at + heading.start(3), at + len(text), hidden)
        changed = 1
    quote = _QUOTE.match(text)
    if quote and not heading:
        fmt = QTextCharFormat()
        fmt.setFontItalic(True)
        fmt.setForeground(QColor("#555555"))
        _span(doc, at, at + len(text), fmt)
        _span(doc, at, at + quote.end(1), hidden)
        changed = 1
    for match in _STRONG.finditer(text):
        fmt = QTextCharFormat()
        fmt.setFontWeight(QFont.Weight.Bold)
        _span(doc, at + match.start(2), at + match.end(2), fmt)
        _span(doc, at + match.start(1), at + match.end(1), hidden)
        _span(doc, at + match.end(2), at + match.end(), hidden)
        changed = 1
    for match in _EMPHASIS.finditer(text):
        fmt = QTextCharFormat()
        fmt.setFontItalic(True)
        _span(doc, at + match.start(2), at + match.end(2), fmt)
        _span(doc, at + match.start(1), at + match.end(1), hidden)
        _span(doc, at + match.end(2), at + match.end(), hidden)
        changed = 1
    return changed
