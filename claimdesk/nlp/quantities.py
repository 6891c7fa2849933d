"""Find quantities in a sentence and turn them into facets.

``find_quantities("nearly half of its arms supplies")`` gives
``[{"text": "nearly half", "value": 0.5, "unit": "share", "approx": True, ...}]``.
Offsets (``start``/``end``) are code points relative to the string given.
"""

from __future__ import annotations

import re
from typing import Any

from claimdesk.nlp import lexicon as lx

_APPROX = "|".join(sorted((re.escape(w) for w in lx.APPROX_WORDS), key=len, reverse=True))
_NUMWORD = "|".join(sorted((w for w in lx.NUMBER_WORDS if w != "one"), key=len, reverse=True))
_SCALE = "hundred|thousand|million|billion|trillion|bn|mn|tn"
_FRACTION = "|".join(
    sorted(
        (re.escape(w) for w in lx.FRACTIONS if w not in ("most", "majority")), key=len, reverse=True
    )
)
_CUR = "".join(re.escape(c) for c in lx.CURRENCY_SYMBOLS)
_NUM = (
    rf"\d+(?:,\d{{3}})*(?:\.\d+)?|(?:(?:{_NUMWORD})(?:[- ](?:{_NUMWORD}))?)|one(?= (?:{_SCALE})\b)"
)

_STOP = "of|the|a|an|and|or|in|on|at|to|for|from|by|with|as|than|that|is|are|was|were|it"

_QUANTITY_SRC = (
    rf"(?<![\w])(?P<approx>(?:{_APPROX})\s+)?"
    rf"(?:"
    rf"(?P<cur>[{_CUR}])\s?(?P<cnum>\d+(?:,\d{{3}})*(?:\.\d+)?)(?:\s?(?P<cscale>{_SCALE}|k|m)\b)?"
    rf"|(?P<frac>\b(?:{_FRACTION}))\b"
    rf"|(?P<mult>\b(?:twice|doubled|tripled|quadrupled|halved))\b"
    rf"|(?<![\w.])(?P<num>{_NUM})(?:\s?(?P<scale>{_SCALE})\b)?"
    rf"(?:\s?(?P<pct>%|percent\b|per cent\b|percentage points?\b)"
    rf"|\s(?P<times>times)\b"
    rf"|\s(?!(?:{_APPROX}|{_STOP})\b)(?P<unit>[a-z][a-z\-]{{1,24}}))?"
    rf")"
)
QUANTITY = re.compile(_QUANTITY_SRC, re.I)
_QUANTITY_LOW = re.compile(_QUANTITY_SRC)  # for lower-cased text: faster than re.I
_NOT_UNITS = frozenset(
    [
        "of",
        "the",
        "a",
        "an",
        "and",
        "or",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "by",
        "with",
        "as",
        "than",
        "that",
        "this",
        "these",
        "those",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "will",
        "would",
        "it",
        "its",
        "their",
        "his",
        "her",
        "our",
        "my",
        "your",
        "who",
        "which",
        "what",
        "when",
        "where",
        "why",
        "how",
        "more",
        "less",
        "times",
        "percent",
        "years",
    ]
)
# A small number after a determiner names things already known ("the two sides").
_REFERENCE = re.compile(
    r"(?:\b(?:the|these|those|its|their|our|his|her|both|all)|[\w-]+['’]s)\s+$", re.I
)
_YEAR_CONTEXT = re.compile(
    r"(in|since|by|from|until|of|before|after|during|between|and|to)\s+$", re.I
)


def _number_value(raw: str) -> float | None:
    text = raw.lower().replace(",", "")
    try:
        return float(text)
    except ValueError:
        pass
    total = 0.0
    for part in re.split(r"[- ]", text):
        if part in lx.NUMBER_WORDS:
            total += float(lx.NUMBER_WORDS[part])
        elif part == "one":
            total += 1.0
        else:
            return None
    return total


def _singular(word: str) -> str:
    w = word.lower()
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1]
    return w


# Cheap screen: most sentences hold no number at all.
_MAYBE = re.compile(
    rf"\d|\b(?:{_NUMWORD}|one|{_FRACTION}|twice|doubled|tripled|quadrupled|halved)\b", re.I
)
_MAYBE_TIME_SRC = (
    r"\b(?:1[89]|20)\d\d|\b(?:last|this|next|past) (?:year|decade|month|week|century)|"
    r"\b(?:years|months|decades|weeks)\b|ago\b|today|yesterday|quarter|january|february|"
    r"march|april|\bmay \d|june|july|august|september|october|november|december"
)
_MAYBE_TIME = re.compile(_MAYBE_TIME_SRC, re.I)
# re.I costs two to three times as much as a plain search, so lower-cased text is
# searched with case-sensitive copies whenever lowering keeps the offsets.
_MAYBE_LOW = re.compile(_MAYBE.pattern)
_MAYBE_TIME_LOW = re.compile(_MAYBE_TIME_SRC)
_TIME_EXPR_LOW = re.compile(lx.TIME_EXPR.pattern)


def find_quantities(text: str) -> list[dict[str, Any]]:
    """All quantities in ``text`` with value, unit, approx flag and offsets."""
    # Only look near a number-like word: the full pattern is costly at every position.
    windows: list[list[int]] = []
    low = text.lower()
    same = len(low) == len(text)
    for anchor in _MAYBE_LOW.finditer(low) if same else _MAYBE.finditer(text):
        lo, hi = max(0, anchor.start() - 32), min(len(text), anchor.end() + 48)
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = hi
        else:
            windows.append([lo, hi])
    found: list[dict[str, Any]] = []
    last_end = -1
    pattern, subject = (_QUANTITY_LOW, low) if same else (QUANTITY, text)
    for lo, hi in windows:
        for m in pattern.finditer(subject, lo, hi):
            if m.start() < last_end:
                continue
            item = _interpret(m, text)
            if item is not None:
                found.append(item)
                last_end = m.end()
    return found


def _interpret(m: re.Match[str], text: str) -> dict[str, Any] | None:
    g = m.groupdict()
    approx = bool(g["approx"])
    value: float | None
    unit: str | None = None
    end = m.end()
    if g["cur"]:
        value = _number_value(g["cnum"])
        if value is not None and g["cscale"]:
            value *= lx.SCALES.get(g["cscale"].lower(), 1.0)
        unit = lx.CURRENCY_SYMBOLS[g["cur"]]
    elif g["frac"]:
        value = lx.FRACTIONS[g["frac"].lower()]
        unit = "share"
    elif g["mult"]:
        value = lx.MULTIPLIERS[g["mult"].lower()]
        unit = "ratio"
    else:
        raw = g["num"]
        value = _number_value(raw)
        if value is None:
            return None
        is_year = bool(re.fullmatch(r"(1[89]|20)\d\d", raw)) and not g["scale"]
        if is_year and (_YEAR_CONTEXT.search(text[: m.start("num")]) or not g["unit"]):
            return None
        if g["scale"]:
            value *= lx.SCALES[g["scale"].lower()]
        if g["pct"]:
            unit = "percentage point" if "point" in g["pct"].lower() else "percent"
        elif g["times"]:
            unit = "ratio"
        elif g["unit"]:
            word = g["unit"].lower()
            if word in lx.CURRENCY_WORDS:
                unit = lx.CURRENCY_WORDS[word]
            elif word in _NOT_UNITS or word in lx.NUMBER_WORDS:
                end = m.start("unit") - 1
            else:
                unit = _singular(word)
    if value is None:
        return None
    if (
        unit is not None
        and unit not in ("percent", "percentage point", "ratio", "share")
        and not g["cur"]
        and value <= 12
        and _REFERENCE.search(text, max(0, m.start() - 24), m.start())
    ):
        return None  # "the two countries", "its three partners": a reference, not a count
    start = m.start()
    return {
        "text": text[start:end].strip(),
        "value": round(value, 6),
        "unit": unit,
        "approx": approx,
        "start": start,
        "end": end,
    }


def find_time(text: str) -> str | None:
    """The first time expression in ``text`` ("in 2021", "last year"), if any."""
    low = text.lower()
    if len(low) == len(text):
        hint, full, subject = _MAYBE_TIME_LOW, _TIME_EXPR_LOW, low
    else:
        hint, full, subject = _MAYBE_TIME, lx.TIME_EXPR, text
    hit = hint.search(subject)
    if hit is None:
        return None
    # The full pattern is slow; start it a little before the first hint.
    m = full.search(subject, max(0, hit.start() - 40), hit.end() + 60)
    return text[m.start() : m.end()] if m else None
