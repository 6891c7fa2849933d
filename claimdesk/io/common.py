"""Pieces shared by the importers: limits, cancellation, reading files, decoding bytes."""

from __future__ import annotations

import codecs
import os
import stat
import unicodedata
from collections.abc import Callable
from pathlib import Path

from claimdesk import __version__
from claimdesk.errors import ImportFailed

__all__ = [
    "MAX_FILE_BYTES",
    "USER_AGENT",
    "Cancel",
    "ImportCancelled",
    "check_cancel",
    "decode_text_bytes",
    "looks_binary",
    "read_file",
]

Cancel = Callable[[], bool]

MAX_FILE_BYTES = 200 * 1024 * 1024
"""Files larger than this are refused before a single byte is read."""

USER_AGENT = f"claimdesk/{__version__} (+fact-checking desk)"

_CHUNK = 1024 * 1024


class ImportCancelled(ImportFailed):
    """The person cancelled the import; nothing was written."""


def check_cancel(cancel: Cancel | None, name: str) -> None:
    """Raise :class:`ImportCancelled` if ``cancel()`` says so."""
    if cancel is not None and cancel():
        raise ImportCancelled(f"The import of {name} was cancelled.")


def read_file(path: Path, *, cancel: Cancel | None = None, limit: int = MAX_FILE_BYTES) -> bytes:
    """Read a regular file after checking that it exists, is not empty and is not too big."""
    try:
        st = path.stat()
    except FileNotFoundError:
        raise ImportFailed(f"{path} does not exist.") from None
    except PermissionError:
        raise ImportFailed(f"{path} cannot be read: permission denied.") from None
    except OSError as err:
        raise ImportFailed(f"{path} cannot be read: {err.strerror or err}.") from None
    if stat.S_ISDIR(st.st_mode):
        raise ImportFailed(f"{path} is a folder, not a file; import it as a folder instead.")
    if not stat.S_ISREG(st.st_mode):
        raise ImportFailed(f"{path} is not a regular file.")
    if st.st_size == 0:
        raise ImportFailed(f"{path} is empty (0 bytes).")
    if st.st_size > limit:
        raise ImportFailed(
            f"{path} is {st.st_size / 1024 / 1024:.0f} MB, over the "
            f"{limit // 1024 // 1024} MB limit for imports."
        )
    chunks: list[bytes] = []
    total = 0
    try:
        with path.open("rb") as f:
            while chunk := f.read(_CHUNK):
                total += len(chunk)
                if total > limit:  # the file grew while we read it
                    raise ImportFailed(
                        f"{path} is over the {limit // 1024 // 1024} MB limit for imports."
                    )
                chunks.append(chunk)
                check_cancel(cancel, str(path))
    except PermissionError:
        raise ImportFailed(f"{path} cannot be read: permission denied.") from None
    except OSError as err:
        raise ImportFailed(f"{path} cannot be read: {err.strerror or err}.") from None
    return b"".join(chunks)


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# When charset-normalizer finds several single-byte encodings about equally plausible
# (short Western European text fits many), prefer the ones people actually save with.
_PREFERRED = ("cp1252", "iso8859_15", "latin_1")
_PREFERENCE_SLACK = 0.05


def looks_binary(text: str) -> bool:
    sample = text[:65536]
    if not sample:
        return False
    bad = sum(
        1
        for ch in sample
        if ch not in "\t\n\r\x0c" and unicodedata.category(ch) in ("Cc", "Cn", "Co", "Cs")
    )
    return bad / len(sample) > 0.02


def decode_text_bytes(data: bytes, name: str) -> tuple[str, str]:
    """Decode bytes of a text file; return ``(text, encoding)``.

    Order: a byte order mark wins, then strict UTF-8, then charset-normalizer's guess.
    Raise :class:`ImportFailed` for binary data or text in no recognisable encoding.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                raise ImportFailed(
                    f"{name} starts like {encoding.upper()} text but cannot be decoded as it."
                ) from None
            return _checked(text, name), encoding.removesuffix("-sig")
    try:
        return _checked(data.decode("utf-8"), name), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:8192] and not _utf16_without_bom(data):
        raise ImportFailed(f"{name} looks like a binary file, not text.")

    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        if b"\x00" in data[:8192]:
            raise ImportFailed(f"{name} looks like a binary file, not text.")
        raise ImportFailed(f"{name} is not text in any encoding claimdesk recognises.")
    best = matches[0]
    for preferred in _PREFERRED:
        for match in matches:
            if match.encoding == preferred and match.chaos <= best.chaos + _PREFERENCE_SLACK:
                best = match
                break
        else:
            continue
        break
    return _checked(str(best), name), best.encoding


def _utf16_without_bom(data: bytes) -> bool:
    # Mostly-ASCII UTF-16 has a NUL in every other byte, all on one side.
    sample = data[:8192]
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    return half > 0 and (even > 0.3 * half) != (odd > 0.3 * half)


def _checked(text: str, name: str) -> str:
    if looks_binary(text):
        raise ImportFailed(f"{name} looks like a binary file, not text.")
    return text


def display_name(source: str | os.PathLike[str]) -> str:
    """How an input is named in messages."""
    return os.fspath(source)
