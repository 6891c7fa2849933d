"""The one rule for web addresses the desk stores and publishes: an allow-list.

An address is kept, linked or published only when its scheme is http or https (mailto
where a person may be written to), it names a host, and it holds no whitespace, control,
format (zero-width, bidi) or quoting characters.  Services refuse anything else with a
clear sentence (``check_url``); exporters, the last line, show such an address as text
instead of a link (``is_safe_url``).  Importers of other data (import-json) call
``is_safe_url`` or ``check_url`` the same way.
"""

from __future__ import annotations

import unicodedata
from typing import TypeGuard
from urllib.parse import urlsplit

from claimdesk.errors import ValidationError

MAX_URL_CHARS = 8192
WEB_SCHEMES = frozenset({"http", "https"})
# Characters RFC 3986 never allows unencoded and that end a link in HTML or Markdown.
_FORBIDDEN = frozenset('<>"`\\')
_BAD_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"})


def _bad_character(url: str) -> str | None:
    for ch in url:
        if ch in _FORBIDDEN or ch.isspace() or unicodedata.category(ch) in _BAD_CATEGORIES:
            return ch
    return None


def url_problem(url: str, *, allow_mailto: bool = False) -> str | None:
    """Why ``url`` fails the allow-list, as the end of a sentence, or None if it passes."""
    if len(url) > MAX_URL_CHARS:
        return f"it is longer than {MAX_URL_CHARS:,} characters"
    bad = _bad_character(url)
    if bad is not None:
        name = unicodedata.name(bad, f"U+{ord(bad):04X}")
        return f"it contains {name.lower()} ({bad!r}); a web address holds no such character"
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return "it is not a well-formed address"
    scheme = parts.scheme.lower()
    if scheme == "mailto" and allow_mailto:
        return None if "@" in parts.path.strip("@") else "it names no e-mail address"
    if scheme not in WEB_SCHEMES:
        allowed = "http://, https:// or mailto:" if allow_mailto else "http:// or https://"
        return f"it must start with {allowed}"
    if not host:
        return "it names no host"
    return None


def is_safe_url(url: object, *, allow_mailto: bool = False) -> TypeGuard[str]:
    """True when ``url`` is a string that passes the allow-list exactly as given."""
    return isinstance(url, str) and url_problem(url, allow_mailto=allow_mailto) is None


def check_url(
    url: str | None, *, what: str = "a web address", allow_mailto: bool = False
) -> str | None:
    """The address without surrounding spaces, None for a blank one; else ValidationError."""
    if url is None or not url.strip():
        return None
    url = url.strip()
    problem = url_problem(url, allow_mailto=allow_mailto)
    if problem:
        shown = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in url[:80])
        raise ValidationError(f"\u201c{shown}\u201d is not {what} ({problem}).")
    return url
