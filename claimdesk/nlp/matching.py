"""Do two statements make the same claim?  Word overlap, then a check of the key facts.

The score mixes rapidfuzz's token_set_ratio over lemmas with the share of lemmas in
common; a pair matches only when figures ("nearly half" is ~50%, not "a third"), years,
named subjects, negation, direction and the sentence's other words agree.  spaCy's blank
English tokenizer (imported on first use) and our own light lemmatiser: no downloads.

``ENGLISH`` is the matcher ``core.groups`` is given to find and score the same claim
elsewhere on the desk; core itself never imports spaCy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from claimdesk.nlp.match_words import (
    ALIASES,
    CONCEPTS,
    NEGATIONS,
    PHRASAL,
    STOP,
    lemma,
    split_words,
    word_pairs,
)

if TYPE_CHECKING:
    from spacy.language import Language

THRESHOLD = 0.5  # tuned on tests/data/matching_pairs.json; see docs/search-and-matching.md


_UNITS = "zero one two three four five six seven eight nine ten eleven twelve thirteen"
NUMBER_WORDS = {w: str(i) for i, w in enumerate(split_words(_UNITS + " fourteen fifteen sixteen"))}
NUMBER_WORDS |= {"seventeen": "17", "eighteen": "18", "nineteen": "19", "twenty": "20"}
NUMBER_WORDS |= word_pairs("thirty:30 forty:40 fifty:50 sixty:60 seventy:70 eighty:80 ninety:90")
NUMBER_WORDS["dozen"] = "12"
DENOMINATORS = {"third": 3, "quarter": 4, "fifth": 5, "tenth": 10}
# "two thirds", "a quarter", "half": prose fractions are rounded, so they are approximate.
FRACTION = re.compile(r"\b(?:(a|one|\d+) )?(half|third|quarter|fifth|tenth)s?\b")
QUALIFIER = (
    r"nearly|almost|about|around|roughly|approximately|some|over|more than|less than|"
    r"fewer than|under|close to|just over|just under|up to|at least|upwards of|estimated"
)
QUANTITY = re.compile(
    rf"(?P<q>\b(?:{QUALIFIER})\s+)?[$£€]?(?P<num>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)"
    r"(?:\s*(?P<scale>hundred|thousand|million|billion|trillion|bn|tn|m|k)\b)?"
    r"(?:\s*(?P<unit>%|times\b|fold\b|years?\b))?"
)
SCALES = {
    "hundred": 1e2,
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}
MULTIPLES = {
    "doubled": 2.0,
    "twice": 2.0,
    "twofold": 2.0,
    "threefold": 3.0,
    "tripled": 3.0,
    "trebled": 3.0,
    "halved": 0.5,
}
# Words that belong to a figure; in a sentence's frame they all become "#", so "half"
# and "50%" leave the same shape.
_FIGURE_TEXT = (
    "half halves per cent percent pct times fold majority nearly almost about around roughly "
    "approximately some over under dollar dollars pound pounds euro euros rupee rupees yen"
)
FIGURE_WORDS = frozenset(
    (*NUMBER_WORDS, *SCALES, *MULTIPLES, *DENOMINATORS, *split_words(_FIGURE_TEXT))
) | {d + "s" for d in DENOMINATORS}


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str  # "%", "x" (times) or "" (a count or an amount)
    approx: bool

    def agrees(self, other: Quantity) -> bool:
        if self.unit != other.unit:
            # "four times since 2015" counts occasions, like "on four occasions".
            return {self.unit, other.unit} == {"x", ""} and self.value == other.value
        top = max(abs(self.value), abs(other.value), 1e-9)
        rough = max(0.12 * top, 2.0 if self.unit == "%" else 0.0)  # "nearly half" ~ 45%
        return abs(self.value - other.value) <= (
            rough if self.approx or other.approx else 0.02 * top
        )

    def __str__(self) -> str:
        number = f"{self.value:,.3g}" if self.value < 1e4 else f"{self.value:,.0f}"
        return ("~" if self.approx else "") + number + {"%": "%", "x": "\u00d7"}.get(self.unit, "")


def figures(sentence: str) -> tuple[tuple[Quantity, ...], frozenset[str]]:
    """The quantities and the years a sentence states."""
    s = sentence.lower().replace("\u2011", " ").replace("-", " ")
    s = re.sub(r"\bper ?cent\b|\bpercent\b|\bpct\b", "%", s)
    s = re.sub(r"\ba decade\b", "10 years", s)
    s = re.sub(r"\b(\w+) (?:in|out of) (\w+)\b", lambda m: _ratio(m), s)
    s = re.sub(r"\b[a-z]+\b", lambda m: NUMBER_WORDS.get(m.group(0), m.group(0)), s)
    found: list[Quantity] = []
    for m in re.finditer(rf"(?:\b(?:{QUALIFIER})\s+)?" + FRACTION.pattern, s):
        count, unit = m.group(1), m.group(2)
        if count is None and unit != "half":
            continue  # "the third quarter" is an order, not a share
        top = 1 if count in (None, "a", "one") else int(count)
        found.append(Quantity(round(100 * top / DENOMINATORS.get(unit, 2), 1), "%", True))
    s = re.sub(rf"(?:\b(?:{QUALIFIER})\s+)?" + FRACTION.pattern, " ", s)
    for word, factor in MULTIPLES.items():
        if re.search(rf"\b{word}\b", s):
            found.append(Quantity(factor, "x", False))
    years: set[str] = set()
    for m in QUANTITY.finditer(s):
        raw, scale, unit = m.group("num"), m.group("scale"), m.group("unit")
        value = float(raw.replace(",", ""))
        if not (scale or unit or "," in raw or "." in raw) and 1900 <= value <= 2099:
            years.add(raw)
            continue
        value *= SCALES.get(scale or "", 1.0)
        kind = {"%": "%", "times": "x", "fold": "x", "year": "yr", "years": "yr"}.get(unit, "")
        found.append(Quantity(value, kind, bool(m.group("q"))))
    return tuple(found), frozenset(years)


def _ratio(m: re.Match[str]) -> str:
    a, b = (NUMBER_WORDS.get(g, g) for g in (m.group(1), m.group(2)))
    if a.isdigit() and b.isdigit() and 0 < int(a) < int(b) <= 1000:
        return f"{100 * int(a) / int(b):.1f}%"  # "one in five" is 20%
    return m.group(0)


@lru_cache(maxsize=1)
def blank_english() -> Language:
    import spacy  # lazily: spaCy costs a second to import, never on the start-up path

    return spacy.blank("en")


@dataclass(frozen=True)
class Features:
    lemmas: tuple[str, ...]  # content lemmas in order (concepts applied)
    frame: tuple[str, ...]  # every word in order, figures as "#": the sentence's shape
    words: frozenset[str]  # every word, lower case, and its lemma
    names: frozenset[str]  # capitalised words: the subjects
    weak_names: frozenset[str]  # capitalised only because they open the sentence
    quantities: tuple[Quantity, ...]
    years: frozenset[str]
    negated: bool
    direction: frozenset[str]
    surface: dict[str, str]  # lemma or concept -> the word as written, for messages

    def said(self, lemmas: list[str]) -> str:
        return ", ".join(self.surface.get(w, w) for w in lemmas)


@lru_cache(maxsize=8192)
def features(sentence: str) -> Features:
    doc = blank_english().make_doc(sentence)
    lemmas: list[str] = []
    frame: list[str] = []
    words: set[str] = set()
    names: set[str] = set()
    weak: set[str] = set()
    surface: dict[str, str] = {}
    negated = False
    sentence_start = True
    for tok in doc:
        raw, low = tok.text, tok.lower_
        before = doc[tok.i - 1].lower_ if tok.i else ""
        after = doc[tok.i + 1].lower_ if tok.i + 1 < len(doc) else ""
        if low in NEGATIONS and not (low == "no" and after in ("more", "less", "longer")):
            negated = True
        figure = any(ch.isdigit() for ch in raw) or low in FIGURE_WORDS or raw == "%"
        if figure or not any(ch.isalpha() for ch in raw):
            if figure and (not frame or frame[-1] != "#"):
                frame.append("#")
            sentence_start = sentence_start or raw in ".!?;:"
            continue
        lem = lemma(low)
        concept = CONCEPTS.get(low) or CONCEPTS.get(lem) or lem
        if low in ("up", "down") and before not in PHRASAL:
            concept = low  # "went up", "are down 3%": a direction, unlike "made up of"
        frame.append(concept)
        for key in (concept, lem, ALIASES.get(low, ALIASES.get(lem, lem))):
            surface.setdefault(key, low.removesuffix("'s"))
        words.update((low.removesuffix("'s"), lem, concept, ALIASES.get(low, low)))
        if raw[0].isupper() and low not in STOP:
            name = ALIASES.get(low, ALIASES.get(lem, lem))
            names.add(name)
            if sentence_start and not raw.isupper():
                weak.add(name)  # "Crime rose": capitalised by position, maybe no name
        sentence_start = False
        if concept in ("up", "down") or (low not in STOP and len(low) > 1):
            lemmas.append(concept)
    quantities, years = figures(sentence)
    direction = frozenset(lem for lem in lemmas if lem in ("up", "down"))
    return Features(
        tuple(lemmas),
        tuple(frame),
        frozenset(words),
        frozenset(names),
        frozenset(weak),
        quantities,
        years,
        negated,
        direction,
        surface,
    )


@dataclass(frozen=True)
class Comparison:
    score: float  # 0..1, word and lemma overlap adjusted for the facts
    agrees: bool  # the key facts do not contradict each other
    reasons: tuple[str, ...]  # why, in words, for the analyst

    @property
    def is_match(self) -> bool:
        return self.agrees and self.score >= THRESHOLD


def _present(name: str, other: Features) -> bool:
    if name in other.words or name in other.names:
        return True
    # Demonyms and possessives: "Russian" ~ "Russia", "Indian" ~ "India".
    return any(
        len(n) >= 4 and len(name) >= 4 and (n.startswith(name) or name.startswith(n))
        for n in other.names
    )


def _unpaired(a: tuple[Quantity, ...], b: tuple[Quantity, ...]) -> list[Quantity]:
    return [q for q in a if not any(q.agrees(o) for o in b)]


def _substitution(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[list[str], list[str]] | None:
    """The word swapped when two statements share the same frame ("rents" for "wages").

    A near-miss usually keeps the sentence and changes one slot; a paraphrase rewords and
    reorders, so it rarely keeps 60% of its words in the same order.
    """
    from difflib import SequenceMatcher

    ops = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    same = sum(i2 - i1 for op, i1, i2, _, _ in ops if op == "equal")
    if same < 3 or same / max(len(a), len(b)) < 0.6:
        return None
    for op, i1, i2, j1, j2 in ops:
        if op == "replace" and i2 - i1 <= 3 and j2 - j1 <= 3:
            left = [w for w in a[i1:i2] if w not in STOP and w != "#"]
            right = [w for w in b[j1:j2] if w not in STOP and w != "#"]
            if left and right:
                return left, right
    return None


def compare(a: str, b: str) -> Comparison:
    """How likely two statements are the same claim, and whether their facts agree."""
    from rapidfuzz import fuzz

    fa, fb = features(a), features(b)
    la, lb = set(fa.lemmas), set(fb.lemmas)
    if not la or not lb:
        return Comparison(0.0, False, ("nothing to compare",))
    dice = 2 * len(la & lb) / (len(la) + len(lb))
    lexical = fuzz.token_set_ratio(" ".join(fa.lemmas), " ".join(fb.lemmas)) / 100
    score = 0.45 * lexical + 0.55 * dice
    conflicts: list[str] = []
    notes: list[str] = [f"{round(100 * dice)}% of key words shared"]
    if fa.quantities and fb.quantities:
        odd_a, odd_b = (
            _unpaired(fa.quantities, fb.quantities),
            _unpaired(fb.quantities, fa.quantities),
        )
        if odd_a or odd_b:
            shown = ", ".join(map(str, odd_a or fa.quantities))
            other = ", ".join(map(str, odd_b or fb.quantities))
            conflicts.append(f"different figures ({shown} vs {other})")
        else:
            score += 0.08
            notes.append("same figures (" + ", ".join(map(str, fa.quantities)) + ")")
    elif fa.quantities or fb.quantities:
        score -= 0.12
        notes.append("only one states a figure")
    if fa.years and fb.years and fa.years != fb.years:
        conflicts.append(
            f"different years ({', '.join(sorted(fa.years))} vs {', '.join(sorted(fb.years))})"
        )
    elif fa.years != fb.years:
        score -= 0.05
    only_a = sorted(n for n in fa.names if not _present(n, fb))
    only_b = sorted(n for n in fb.names if not _present(n, fa))
    if only_a and only_b and not (set(only_a) <= fa.weak_names and set(only_b) <= fb.weak_names):
        conflicts.append(f"different subjects ({fa.said(only_a)} vs {fb.said(only_b)})")
    elif only_a or only_b:
        score -= 0.05
    elif fa.names:
        notes.append("same names (" + fa.said(sorted(fa.names)) + ")")
    swapped = _substitution(fa.frame, fb.frame)
    if swapped and not conflicts:
        conflicts.append(
            f"the same sentence about something else ({fa.said(swapped[0])} vs "
            f"{fb.said(swapped[1])})"
        )
    if fa.negated != fb.negated:
        conflicts.append("one of them is negated")
    if fa.direction and fb.direction and fa.direction.isdisjoint(fb.direction):
        conflicts.append("they go in opposite directions")
    score = max(0.0, min(1.0, score))
    return Comparison(round(score, 4), not conflicts, tuple(conflicts or notes))


def keywords(sentence: str) -> list[str]:
    """The sentence's words worth looking up in the claim index: lower case, no stop
    words, each once, in order."""
    words: list[str] = []
    for tok in blank_english().make_doc(sentence):
        low = tok.lower_.removesuffix("'s")
        if any(ch.isalnum() for ch in low) and low not in STOP and low not in words:
            words.append(low)
    return words


class EnglishMatcher:
    """This module as a ``core.matcher.StatementMatcher``."""

    threshold = THRESHOLD

    def keywords(self, sentence: str) -> list[str]:
        return keywords(sentence)

    def compare(self, a: str, b: str) -> Comparison:
        return compare(a, b)


ENGLISH = EnglishMatcher()
