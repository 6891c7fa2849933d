"""JSON read as a stream: the items of big arrays one at a time, never the whole file.

A feed of published fact-checks can be gigabytes: one top-level array, or an object whose
``@graph`` or ``dataFeedElement`` holds the array.  ``JSONStream.values`` yields each
element of such an array (and any other top-level value, one after another, so JSON
Lines work too), decoding only what it needs with the standard library's decoder.  A
single element larger than ``MAX_VALUE`` characters is refused.  Broken JSON raises
``ValueError`` with the character where it broke, after the elements before it.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from typing import Any, BinaryIO

CHUNK = 1 << 20
MAX_VALUE = 64 << 20
_WS = " \t\r\n"


class JSONStream:
    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.buf = ""
        self.pos = 0
        self.offset = 0  # characters dropped from the front of buf
        self.eof = False
        self.bytes_read = 0
        self.binary: str | None = None
        self._json = json.JSONDecoder()

    # -- the buffer ---------------------------------------------------------------------
    def _more(self, at_least: int = CHUNK) -> None:
        if self.eof:
            return
        data = self.raw.read(max(CHUNK, at_least))
        try:
            if not data:
                self.eof = True
                self.buf += self.decoder.decode(b"", final=True)
                return
            self.bytes_read += len(data)
            text = self.decoder.decode(data)
        except UnicodeDecodeError:
            raise ValueError(
                f"the file is not UTF-8 text (near byte {self.bytes_read:,})"
            ) from None
        if "\x00" in text:
            # what comes before is read; the binary rest ends the reading there
            at = self.bytes_read - len(data) + len(text[: text.index("\x00")].encode())
            self.binary = f"the file holds binary data from byte {at:,} on"
            text = text[: text.index("\x00")]
            self.eof = True
        if self.pos > CHUNK:
            self.offset += self.pos
            self.buf = self.buf[self.pos :]
            self.pos = 0
        self.buf += text

    def _peek(self) -> str:
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in _WS:
                self.pos += 1
            if self.pos < len(self.buf) or self.eof:
                return self.buf[self.pos] if self.pos < len(self.buf) else ""
            self._more()

    def _where(self) -> str:
        return f"character {self.offset + self.pos + 1:,}"

    def _value(self) -> Any:
        self._peek()  # the decoder does not skip leading whitespace
        while True:
            try:
                value, end = self._json.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                if self.eof:
                    raise ValueError(
                        f"{exc.msg} at character {self.offset + exc.pos + 1:,}"
                    ) from None
                if len(self.buf) - self.pos > MAX_VALUE:
                    raise ValueError(
                        f"the item at {self._where()} is larger than {MAX_VALUE >> 20} MB"
                    ) from None
                self._more(len(self.buf) - self.pos)
                continue
            except RecursionError:
                raise ValueError(f"the item at {self._where()} is nested too deeply") from None
            if end == len(self.buf) and not self.eof:  # a number may go on in the next chunk
                self._more()
                continue
            self.pos = end
            return value

    def _expect(self, *chars: str) -> str:
        c = self._peek()
        if c not in chars or not c:
            shown = " or ".join(repr(ch) for ch in chars)
            found = repr(c) if c else "the end of the file"
            raise ValueError(f"expected {shown} at {self._where()}, found {found}")
        self.pos += 1
        return c

    # -- values ---------------------------------------------------------------------------
    def values(self, containers: tuple[str, ...] = ()) -> Iterator[tuple[str, Any]]:
        """(where, value) of each element of a top-level array or of a top-level object's
        ``containers`` arrays, else of each top-level value."""
        try:
            yield from self._values(containers)
        except ValueError:
            if self.binary:
                raise ValueError(self.binary) from None
            raise
        if self.binary:
            raise ValueError(self.binary)

    def _values(self, containers: tuple[str, ...]) -> Iterator[tuple[str, Any]]:
        if self._peek() == "":
            raise ValueError("the file is empty")
        n = 0
        while (c := self._peek()) != "":
            n += 1
            if c == "[":
                yield from self._array("item")
            elif c == "{":
                yield from self._object(containers, f"object {n}" if n > 1 else "the object")
            else:
                yield f"value {n}", self._value()

    def _array(self, label: str) -> Iterator[tuple[str, Any]]:
        self._expect("[")
        if self._peek() == "]":
            self.pos += 1
            return
        i = 0
        while True:
            i += 1
            if self._peek() == "":
                raise ValueError("the file ends inside an array")
            yield f"{label} {i}", self._value()
            if self._expect(",", "]") == "]":
                return

    def _object(self, containers: tuple[str, ...], label: str) -> Iterator[tuple[str, Any]]:
        self._expect("{")
        head: dict[str, Any] = {}
        streamed = False
        if self._peek() == "}":
            self.pos += 1
        else:
            while True:
                if self._peek() != '"':
                    raise ValueError(f"expected a property name at {self._where()}")
                key = self._value()
                self._expect(":")
                if key in containers and self._peek() == "[":
                    streamed = True
                    yield from self._array(f"{key} item")
                else:
                    head[key] = self._value()
                if self._expect(",", "}") == "}":
                    break
        if not streamed:
            yield label, head
