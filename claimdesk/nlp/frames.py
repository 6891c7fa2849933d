"""The reporting frame of one sentence: who speaks and where the reported content is
("X said (that) ...", "“...,” X said", "according to X, ...", "..., adding that ...").
Works on the sentence text alone; ``claimdesk.nlp.claimant`` resolves names across an
article."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from claimdesk.nlp import lexicon as lx
from claimdesk.nlp.speaker_patterns import (
    ACCORDING,
    ADDING,
    APPOS_SAID,
    DATE_WORD,
    DATE_WORDS,
    DENIALS,
    EVIDENCE,
    EVIDENCE_VERB,
    FORWARD,
    MODAL,
    MORE_HEAD,
    NOT_NAMES,
    PAST,
    PRONOUN_RE,
    QUOTE,
    SAID_DESC_WHO,
    SAID_WHO,
    TITLE,
    VERB,
    VERB_FIRST,
    WHO_SAID,
)


def _according(text: str) -> tuple[str, int, int, int] | None:
    """(who, start of "according", start and end of who) of the first "according to"."""
    best: re.Match[str] | None = None
    for pattern in ACCORDING:
        m = pattern.search(text)
        if m is not None and (
            best is None
            or m.start() < best.start()
            or (m.start() == best.start() and m.end() > best.end())
        ):
            best = m
    if best is None:
        return None
    end = best.end("who")
    more = MORE_HEAD.match(text, end)  # "an Indian Defense Ministry statement"
    if more is not None:
        end = more.end()
    return text[best.start("who") : end], best.start(), best.start("who"), end


@dataclass(frozen=True)
class Attribution:
    claimant: str | None
    content_start: int  # where the reported content starts in the sentence
    content_end: int
    quoted: bool
    verb: str = ""
    # More content from the same frame (", adding that ..."), as (start, end) pairs.
    extra: tuple[tuple[int, int], ...] = ()
    who_start: int = -1  # where the speaker is named in the sentence, if it is


_TRAILING_TIME = re.compile(rf"\s+(?:in|on|last|this)\s+(?:(?:{DATE_WORDS})\b|week|month|year)\S*$")


def _clean(who: str) -> str | None:
    who = _TRAILING_TIME.sub("", who.strip(" ,."))
    if who.lower() in ("he", "she", "they", "it", "we", "i", "you"):
        return None
    words = who.split()
    if not words or (len(words) == 1 and words[0] in NOT_NAMES):
        return None
    if len(words) == 1 and DATE_WORD.fullmatch(words[0]):
        return None
    return who


def _entity_for(
    ents: list[tuple[int, int, str]] | None, start: int, end: int, text: str
) -> str | None:
    """The PERSON or ORG entity that names the speaker: one that holds the regex's phrase
    and more, or ends it after a word that is no title ("Economist Lara Voss" is Lara
    Voss; "China's Defense Minister Li Shangfu" keeps its title)."""
    if ents is None:
        return None
    for wanted in ("PERSON", "ORG"):
        for a, b, label in ents:
            if label != wanted:
                continue
            if a <= start and b >= end and b - a > end - start:
                return f"{a}:{b}"
            prefix = text[start:a]
            if start < a < end <= b and not _TITLED.search(prefix):
                return f"{a}:{end if b > end else b}"
    return None


_TITLED = re.compile(rf"{TITLE}|['’]s\b")


def _verb_content(text: str, after_verb: int, verb: str = "told") -> int:
    """Where the reported content starts after the verb: past a listener ("told
    reporters", "told a news conference in Paris"), a time or a place, and "that"."""
    pos = after_verb
    if verb in ("told", "tells"):
        m = _LISTENER.match(text, pos)
        if m is not None:
            pos = m.end()
    m = _BEFORE_CONTENT.match(text, pos)
    if m is not None:
        pos = m.end()
    # "said that was too few": a "that" followed by a verb is the subject.
    m = _THAT.match(text, pos)
    if m is not None and not _THAT_SUBJECT.match(text, m.end()):
        pos = m.end()
    return pos


_LISTENER = re.compile(
    r"\s*(?:reporters|journalists|the press|lawmakers|parliament|voters|investors|"
    r"(?:the|a|an)\s+(?:[\w-]+\s+){0,2}?(?:jury|court|committee|conference|meeting|"
    r"forum|audience|crowd|briefing|hearing|rally|summit|panel|broadcaster|newspaper)|"
    r"(?:local\s+)?(?:radio|television)|[A-Z][\w-]*)"
    r"(?:\s+in\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)?(?=[\s,])"
)
_BEFORE_CONTENT = re.compile(
    r"\s*(?:,\s*)?(?:(?:on|last|this)\s+\w+\s+)?"
    r"(?:(?:in|at|during)\s+[^,\"“]{1,40}?\s+(?=that\b))?"
)
_THAT = re.compile(r"\s*that\s+")
_THAT_SUBJECT = re.compile(r"(?:is|was|were|are|has|had|will|would|could|can|may)\b")


def _extra(text: str, lo: int, hi: int) -> tuple[tuple[int, int], ...]:
    """ ", adding that the two sides also concluded a roadmap": a second claim, kept when
    it states something done (not "adding that the winter would be hard")."""
    m = ADDING.search(text, lo, hi)
    if m is None:
        return ()
    piece = text[m.end() : hi].lower()
    if len(piece.split()) < 4 or not PAST.search(piece) or MODAL.search(piece):
        return ()
    return ((m.end(), hi),)


def find_attribution(
    text: str, ents: list[tuple[int, int, str]] | None = None, last_claimant: str | None = None
) -> Attribution | None:
    """The reporting frame of a sentence, or None when nothing is attributed."""
    quote = QUOTE.search(text)
    if quote is not None:
        found = _quoted(text, quote, ents, last_claimant)
        if found is not None:
            return found
    acc = _according(text)
    if acc is not None:
        raw, at, w, w_end = acc
        claimant = _clean(raw)
        if at < len(text) / 3:  # "According to X, <content>"
            comma = text.find(",", w_end)
            start = comma + 1 if comma != -1 else w_end
            return Attribution(claimant, start, len(text), False, who_start=w)
        return Attribution(claimant, 0, at, False, who_start=w)  # "<content>, according to X"
    who = _who(text, ents, last_claimant)
    if who is None:
        return None
    claimant, w_start, _, after_verb, verb = who
    if VERB_FIRST.match(text):
        # "said Tom Greaves of the campaign group ...": the frame of a quote the sentence
        # splitter left behind; there is nothing else to check here.
        return Attribution(claimant, len(text), len(text), False, verb, (), w_start)
    if verb in DENIALS:  # "The ministry denied the reports": the denial is the claim
        return Attribution(claimant, 0, len(text), False, verb, who_start=w_start)
    if w_start < len(text) / 3:  # "X said (that) <content>"
        start = _verb_content(text, after_verb, verb)
        extra = _extra(text, start, len(text))
        return Attribution(claimant, start, len(text), False, verb, extra, w_start)
    end = text.rfind(",", 0, w_start) if "," in text[:w_start] else w_start
    extra = _extra(text, after_verb, len(text))
    return Attribution(claimant, 0, end, False, verb, extra, w_start)  # "<content>, X said."


def _quoted(
    text: str,
    quote: re.Match[str],
    ents: list[tuple[int, int, str]] | None,
    last_claimant: str | None,
) -> Attribution | None:
    group = next(g for g in ("a", "b", "c") if quote.group(g) is not None)
    # The quote is blanked out with a character no pattern crosses.
    outside = text[: quote.start()] + "|" * (quote.end() - quote.start()) + text[quote.end() :]
    who = _who(outside, ents, last_claimant)
    if who is None:
        if not lx.REPORTING.search(outside.lower()):
            return None
        return Attribution(None, quote.start(group), quote.end(group), True)
    claimant, w_start, w_end, after_verb, verb = who
    lead = text[: quote.start()].strip(" \t\n-–—")
    start = _verb_content(text, after_verb, verb)
    if (
        lead
        and not lead.endswith((":", ","))
        and w_start > quote.end()
        and len(text[start:].split()) >= 4
    ):
        # A quoted phrase inside the writer's own sentence ("Calling the meeting “warm
        # and cordial,” the statement said the two sides ...") is colour: the claim is
        # what follows the verb.
        extra = _extra(text, start, len(text))
        return Attribution(claimant, start, len(text), False, verb, extra, w_start)
    extra = _extra(text, quote.end(), len(text))
    if (
        verb in FORWARD
        and w_end <= quote.start()
        and quote.group(group)[:1].islower()
        and start <= quote.start()
    ):
        # "Li warned such alliances could “plunge ...”": the quote ends the content.
        return Attribution(claimant, start, quote.end(group), True, verb, extra, w_start)
    return Attribution(claimant, quote.start(group), quote.end(group), True, verb, extra, w_start)


def _matches(
    pattern: re.Pattern[str], text: str, verbs: list[re.Match[str]]
) -> Iterator[re.Match[str]]:
    """Matches of a speaker-then-verb ``pattern``, searched only just before each verb:
    the patterns are costly at every position of a long sentence."""
    for v in verbs:
        for m in pattern.finditer(text, max(0, v.start() - _REACH), v.end()):
            if m.end("verb") == v.end():
                yield m


_REACH = 160  # characters a speaker's phrase may span before its verb


def _who(
    text: str, ents: list[tuple[int, int, str]] | None, last_claimant: str | None
) -> tuple[str | None, int, int, int, str] | None:
    """(claimant, start, end, end of the verb, verb) of the first reporting frame."""
    best: tuple[str | None, int, int, int, str] | None = None
    verbs = list(VERB.finditer(text))
    evidence = list(EVIDENCE_VERB.finditer(text))
    candidates = (
        _matches(APPOS_SAID, text, verbs) if "," in text else iter(()),
        _matches(WHO_SAID, text, verbs),
        SAID_DESC_WHO.finditer(text) if verbs else iter(()),
        SAID_WHO.finditer(text) if verbs else iter(()),
        _matches(EVIDENCE, text, evidence),
    )
    for n, found_iter in enumerate(candidates):
        if best is not None and n in (2, 3):
            continue  # a speaker named before a verb starts before any "said X" can
        if n == 4 and (not evidence or (best is not None and evidence[0].start() > best[1])):
            break
        for m in found_iter:
            raw = m.group("who")
            if raw.lower() in ("i", "we") and n == 1:
                continue  # "I said we would" is talk, not a source
            claimant = _clean(raw)
            if claimant is None and PRONOUN_RE.fullmatch(raw):
                claimant = last_claimant
            elif claimant is None:
                continue
            ent = _entity_for(ents, m.start("who"), m.end("who"), text)
            if ent is not None:
                a, b = (int(x) for x in ent.split(":"))
                claimant = text[a:b]
            found = (claimant, m.start("who"), m.end("who"), m.end(), m.group("verb").lower())
            if best is None or found[1] < best[1]:
                best = found
            break
        if best is not None and n == 0:
            return best  # "Its chief executive, Maria Lindgren, said": the appositive name
    return best
    return best
