"""The byline and dateline at the top of a plain-text or Markdown article.

"By Jane Doe", "by Anadolu Agency", "By Jane Doe, Reuters" give the author and the
outlet; "ANKARA" on its own line, or "PARIS, 3 June \u2014" / "ANKARA (AA) -" opening the
first paragraph, gives the place.  Only the first few lines are looked at, so a
sentence further down that starts with "By" is never taken for a byline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LOOK_LINES = 8  # non-empty lines from the top
MAX_BYLINE = 120

_BYLINE = re.compile(r"^(?:written\s+)?by[:\s]\s*(?P<who>.+?)\s*$", re.IGNORECASE)
_ORG_WORDS = re.compile(
    r"\b(agency|agence|news|press|presse|wire|service|media|times|post|herald|tribune|"
    r"reuters|afp|ap|aa|dpa|efe|ansa|xinhua|tass|anadolu|bbc|cnn|associated)\b",
    re.IGNORECASE,
)
_DASH = "\u2014\u2013\\-"
_DATELINE = re.compile(
    rf"^(?P<place>[A-Z][A-Z.'\u2019 -]{{1,38}}[A-Z])"  # ANKARA, NEW DELHI, ST. LOUIS
    rf"(?:\s*,\s*(?P<when>[^{_DASH}\n]{{1,30}}?))?"  # , 3 June
    rf"(?:\s*\([A-Za-z.]{{1,12}}\))?"  # (AA), (Reuters)
    rf"\s*(?:[{_DASH}]|:|$)"
)
_MARKUP = re.compile(r"^[#>*_\s]+|[*_\s]+$")


@dataclass(frozen=True)
class Byline:
    author: str | None = None
    outlet: str | None = None
    place: str | None = None


def _plain(line: str) -> str:
    return _MARKUP.sub("", line).strip()


def _split_byline(who: str) -> tuple[str | None, str | None]:
    """(author, outlet) from what follows "By"."""
    who = who.strip(" .,;")
    if not who:
        return None, None
    if "," in who or " for " in who.lower():
        name, _sep, org = re.split(r"(,| for )", who, maxsplit=1, flags=re.IGNORECASE)
        name, org = name.strip(), org.strip(" .,;")
        if org:
            return (name or None), org
    if _ORG_WORDS.search(who):
        return None, who
    return who, None


def _place(word: str) -> str:
    return " ".join(w.capitalize() for w in word.split())


def read_byline(text: str, title: str = "") -> Byline:
    """The byline and dateline found near the top of ``text`` (nothing guessed)."""
    author = outlet = place = None
    seen = 0
    for raw in text.split("\n"):
        line = _plain(raw)
        if not line:
            continue
        seen += 1
        if seen > LOOK_LINES:
            break
        if line == title.strip():
            continue
        match = _BYLINE.match(line)
        if match and author is None and outlet is None and len(line) <= MAX_BYLINE:
            author, outlet = _split_byline(match.group("who"))
            continue
        dl = _DATELINE.match(line) if place is None else None
        alone = dl is not None and dl.end() >= len(line.rstrip("\u2014\u2013-: "))
        if dl is not None and (not alone or len(dl.group("place").split()) <= 3):
            candidate = dl.group("place").strip()
            if len(candidate) >= 3 and not candidate.startswith(("BY ", "THE ")):
                place = _place(candidate)
        if len(line) > MAX_BYLINE or (len(line) > 60 and line[-1] in '.!?"\u201d'):
            break  # the first paragraph: the top of the article is over
    return Byline(author, outlet, place)
