"""Claim offsets are Python code points; Qt's text positions are UTF-16 code units.

They differ after every character outside the Basic Multilingual Plane (most emoji),
which Qt stores as two units.  ``OffsetMap`` converts both ways in O(log n).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right


class OffsetMap:
    def __init__(self, text: str) -> None:
        # code-point indices of astral characters; empty for most articles
        self._astral = (
            [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF] if not text.isascii() else []
        )
        # the Qt position just after each astral character
        self._astral_end_qt = [cp + k + 2 for k, cp in enumerate(self._astral)]

    def to_qt(self, cp: int) -> int:
        return cp + bisect_left(self._astral, cp) if self._astral else cp

    def to_cp(self, qt: int) -> int:
        return qt - bisect_right(self._astral_end_qt, qt) if self._astral else qt
