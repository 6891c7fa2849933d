"""The one place where imported text is normalised.

Every importer (text, Markdown, HTML, PDF, DOCX, URL, clipboard) passes its text through
:func:`normalize_text` last, so that the stored text, which claims anchor into, has the
same shape whatever it came from, and :func:`text_sha256` of it can detect duplicates.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

__all__ = ["draft_sha256", "normalize_text", "text_sha256"]

# Line breaks other than LF: CRLF and CR (old Mac), plus the Unicode ones
# (NEL, LINE SEPARATOR), vertical tab and form feed (page breaks in text dumps).
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028]")
# PARAGRAPH SEPARATOR is a paragraph break, i.e. a blank line.
_PARAGRAPH_SEPARATOR = "\u2029"

# Invisible characters that only get in the way of search and quoting: zero width space,
# word joiner, zero width no-break space / byte order mark, soft hyphen (hyphenation hint
# left by PDFs and web pages), and invisible function application/times/separator/plus.
# ZERO WIDTH (NON-)JOINER (U+200C, U+200D) are kept on purpose: they change how Persian,
# Indic scripts and emoji sequences are spelled, so removing them would alter the words.
_INVISIBLE = "\u200b\u2060\ufeff\u00ad\u2061\u2062\u2063\u2064\u180e"

# C0 controls except TAB and LF (CR, VT, FF were turned into LF before), DEL and C1.
_CONTROLS = "".join(chr(c) for c in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)])
_REMOVE = {ord(c): None for c in _INVISIBLE + _CONTROLS if c not in "\t\n"}

# No-break and other fixed-width Unicode spaces read as ordinary spaces; claim quotes,
# search and duplicate detection should not depend on which one an editor typed.
_SPACES = "\u00a0\u1680\u202f\u205f\u3000" + "".join(chr(c) for c in range(0x2000, 0x200B))
_SPACE_MAP = {ord(c): " " for c in _SPACES}

_TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)
_MANY_BLANK_LINES = re.compile(r"\n{3,}")


def normalize_text(text: str) -> str:
    """Return ``text`` in claimdesk's canonical form.

    The rules, applied in this order:

    * line breaks: CRLF, CR, NEL, LINE SEPARATOR, vertical tab and form feed become LF;
      PARAGRAPH SEPARATOR becomes a blank line;
    * invisible characters are removed: zero width space, word joiner, byte order mark /
      zero width no-break space, soft hyphen, and all control characters (C0, DEL, C1)
      except ``\\n`` and ``\\t``.  Zero width joiner and non-joiner are kept because they
      are part of the spelling in some scripts and emoji;
    * Unicode normalisation form **NFC** (composed characters, so "é" is one code point
      whatever the source did; NFC, not NFKC, so ligatures, superscripts and full-width
      forms keep their look);
    * no-break spaces (U+00A0, U+202F) and the other fixed-width Unicode spaces become an
      ordinary space; tabs are kept inside lines (plain-text tables use them);
    * trailing spaces and tabs are stripped from every line;
    * runs of two or more blank lines collapse to one blank line, so paragraphs are
      separated by exactly one blank line;
    * leading and trailing blank lines are stripped (the text neither starts nor ends
      with a line break).

    The function is idempotent: ``normalize_text(normalize_text(t)) == normalize_text(t)``.
    """
    text = text.replace("\r\n", "\n")
    text = _LINE_BREAKS.sub("\n", text)
    text = text.replace(_PARAGRAPH_SEPARATOR, "\n\n")
    text = text.translate(_REMOVE)
    text = unicodedata.normalize("NFC", text)
    text = text.translate(_SPACE_MAP)
    text = _TRAILING_SPACE.sub("", text)
    text = _MANY_BLANK_LINES.sub("\n\n", text)
    return text.strip("\n")


def text_sha256(text: str) -> str:
    """Hex SHA-256 of the UTF-8 bytes of ``normalize_text(text)``, for duplicate checks."""
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()


# The name the import brief uses.
draft_sha256 = text_sha256
