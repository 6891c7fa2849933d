"""Line structure of an article: where a newline ends a sentence, and which lines are
headings (headlines, bylines, datelines) rather than prose.

spaCy's sentencizer only looks at punctuation, so a headline, a byline and a dateline
with no full stop would run into the first sentence of the story.  Works on plain
strings; offsets are code points.
"""

from __future__ import annotations

import re

TERMINAL = frozenset(".!?…")
_CLOSERS = "\"'”’)]»"
_OPENERS = "\"'“‘([«"
# A hard-wrapped line that ends on one of these words is mid-sentence, not a heading.
_CONTINUES = frozenset(
    {
        *("a", "an", "the", "and", "or", "nor", "but", "of", "to", "in", "on", "at", "for"),
        *("from", "by", "with", "as", "that", "which", "who", "than", "is", "are", "was"),
        *("were", "be", "been", "its", "their", "his", "her", "our", "your", "my", "into"),
        *("over", "under", "about", "between", "per", "via", "if", "would", "will", "can"),
        *("could", "should", "shall", "may", "might", "must", "has", "have", "had", "not"),
        *("also", "said", "says", "told", "more", "most", "less", "this", "these", "those"),
        *("we", "they", "he", "she", "it", "i", "you", "so", "such", "very", "both"),
    }
)
NEWLINES = re.compile(r"\n[^\S\n]*(?:\n[^\S\n]*)*")
_BULLET = re.compile(r"(?:[-*•–—·]|\d{1,3}[.)]|\(?[a-zA-Z]\))\s")
_BYLINE = re.compile(r"By\s+\S")
_DATELINE = re.compile(
    r"[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+)?(?:,\s+[A-Z][\w.]+)?\s*(?:\([^)]{1,30}\)\s*)?"
    r"[—–-]{1,2}\s+"
)


def ends_sentence(line: str) -> bool:
    """True when ``line`` ends with terminal punctuation (closing quotes allowed)."""
    stripped = line.rstrip().rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in TERMINAL


def breaks_sentence(text: str, newline_start: int, newline_end: int) -> bool:
    """Whether the newline run ``text[newline_start:newline_end]`` ends a sentence.

    A blank line always does.  A single newline does unless the text looks hard-wrapped:
    the next line starts in lower case, the line ends on a comma, hyphen or a word that
    cannot end a sentence ("the", "of", "and" ...), or it is as long as its neighbours."""
    if text.count("\n", newline_start, newline_end) >= 2:
        return True
    line = text[text.rfind("\n", 0, newline_start) + 1 : newline_start].rstrip()
    if not line or ends_sentence(line):
        return True
    if _BULLET.match(text, newline_end):
        return True  # the next line is a list item
    following = text[newline_end : newline_end + 3].lstrip(_OPENERS)[:1]
    if following.islower() or line[-1] in ",;-–—(":
        return False
    last = line.rsplit(None, 1)[-1].lower()
    if last in _CONTINUES:
        return False
    # Hard-wrapped prose fills its lines to about the same width, so a line as long as
    # the longest in its paragraph was wrapped ("... next year in New\nDelhi."); a
    # headline or byline is shorter than the paragraph lines around it.
    return len(line) < 0.75 * _longest_line(text, newline_start, newline_end)


def _longest_line(text: str, newline_start: int, newline_end: int, reach: int = 8) -> int:
    """Length of the longest line among ``reach`` lines either side, within the
    paragraph (blank lines bound it)."""
    longest = 0
    before = text[max(0, newline_start - 4000) : newline_start].split("\n")[::-1]
    after = text[newline_end : newline_end + 4000].split("\n")
    for side in (before[:reach], after[:reach]):
        for one in side:
            if not one.strip():
                break
            longest = max(longest, len(one.rstrip()))
    return longest


def is_heading(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` (one sentence) is a headline, byline or dateline:
    a whole line of its own, followed by more text, that is not a list item and has
    no terminal punctuation (a byline "By ..." may have one)."""
    line = text[start:end].strip()
    if not line:
        return False
    if "\n" in line:
        # a headline hard-wrapped over two or three lines: a whole short paragraph of its
        # own with no terminal punctuation
        before = text[:start].rstrip(" \t")
        after = text[start + len(text[start:end].rstrip()) :]
        whole = (not before.strip() or before.endswith("\n\n")) and after.startswith("\n\n")
        return whole and len(line.split()) <= 25 and not ends_sentence(line)
    begin = text.rfind("\n", 0, start) + 1
    if text[begin:start].strip():
        return False  # the sentence starts mid-line
    stop = text.find("\n", start + len(text[start:end].rstrip()))
    if stop == -1 or text[start:stop].strip() != line or not text[stop:].strip():
        return False  # not a whole line, or the last line of the text
    if _BULLET.match(line):
        return False
    if _BYLINE.match(line) and len(line.split()) <= 10:
        return True
    return not ends_sentence(line)


def dateline_end(text: str, start: int) -> int:
    """Where a leading dateline ("PARIS —", "NEW DELHI, India -") ends, else ``start``."""
    m = _DATELINE.match(text, start)
    return m.end() if m else start
