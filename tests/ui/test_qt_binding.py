"""The Qt binding itself must be safe for a long working day.

PySide6 6.12.0 on Python 3.11 drops a reference to None on every call of a method that
returns nothing (``QTextCursor.setPosition``, ``QTextCharFormat.setToolTip``...).  After
some thousands of highlight rebuilds the interpreter aborts with "deallocating None".
pyproject.toml pins a release without the bug; this test keeps it that way.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextDocument


def test_void_methods_do_not_release_none() -> None:
    doc = QTextDocument("hello world " * 100)
    cursor = QTextCursor(doc)
    fmt = QTextCharFormat()
    before = sys.getrefcount(None)
    for _ in range(2000):
        cursor.setPosition(5)
        cursor.setPosition(9, QTextCursor.MoveMode.KeepAnchor)
        fmt.setBackground(QColor("#ffcc00"))
        fmt.setToolTip("claim")
    assert sys.getrefcount(None) >= before - 50
