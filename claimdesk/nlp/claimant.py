"""Who made a claim: quotes, reporting verbs ("said", "told reporters") and "according to".

Works on the sentence text alone (blank pipeline); when a trained pipeline supplies
entities, a PERSON/ORG entity next to the reporting verb is preferred.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimdesk.nlp import lexicon as lx

_TITLE = (
    r"(?:(?:Prime|Foreign|Defen[cs]e|Finance|Deputy|Vice|Chief|Former|former|Acting)\s+)*"
    r"(?:President|Minister|Secretary|Senator|Sen\.|Governor|Gov\.|Mayor|Chancellor|"
    r"Dr\.?|Mr\.?|Mrs\.?|Ms\.?|Prof\.?|General|Gen\.|Rep\.|Representative|Judge|"
    r"Ambassador|Commissioner|Director|Spokesman|Spokeswoman|CEO|Chairman|Chair)"
)
_CAP = r"[A-Z][\w'’.\u0300-\u036f-]*"
_NAME = (
    rf"(?:{_TITLE}\s+)?(?:the\s+)?{_CAP}(?:\s+(?:of|for|de|van|von|bin|al|the|and)"
    rf"\s+{_CAP}|\s+{_CAP}){{0,5}}"
)
_ROLES = (
    r"(?:owners|residents|workers|farmers|leaders|doctors|teachers|officials|"
    r"researchers|analysts|experts|economists|scientists|authorities|police|"
    r"investigators|prosecutors|organi[sz]ers|campaigners|activists|executives)"
)
_GROUP = (
    rf"(?:{_CAP}\s+)?{_ROLES}|"
    r"\b(?:[Tt]he|[Aa]n?)\s+(?:spokes(?:man|woman|person)|representative)\s+for\s+"
    r"(?:the\s+)?[\w-]+(?:\s+[A-Z][\w-]*)*"
    # "the French minister", "a senior defence official": up to three modifiers.
    r"|\b(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts)\s+(?:[\w'’-]+\s+){0,3}?(?:ministry|"
    r"ministers?|spokesman|spokeswoman|spokesperson|officials?|government|agency|report|"
    r"study|survey|police|statement|company|department|office|army|military|data|figures|"
    r"researchers|analysts|experts|economists|scientists|authorities|president|secretary|"
    r"institute|council|committee|commission|regulator|watchdog|bank|unions?|leaders?|"
    r"mayors?|governors?|lawmakers|councillors?|director|head|chair(?:man|woman)?)\b"
    r"|\b(?:[Oo]fficials|[Rr]esearchers|[Aa]nalysts|[Ee]xperts|[Ee]conomists|[Ss]cientists|"
    r"[Aa]uthorities|[Pp]olice)"
)
# A group may carry a short post-modifier: "analysts at a Paris research institute".
_GROUP_PM = (
    rf"(?:{_GROUP})(?:\s+(?:at|of|from|in|for|with)\s+(?:an?\s+|the\s+)?"
    r"(?:[\w'’-]+\s+){0,3}?[\w'’-]+)?"
)
_VERBS = "|".join(lx.REPORTING_VERBS)
_PRONOUN = r"(?:he|she|they|it|we|i)"

ACCORDING = re.compile(rf"\baccording to\s+(?P<who>{_NAME}|{_GROUP})", re.I)
WHO_SAID = re.compile(
    rf"(?P<who>{_NAME}|{_GROUP_PM}|\b{_PRONOUN})(?:,\s[^,]{{2,60}},)?\s+"
    rf"(?:also\s+|has\s+|had\s+|have\s+)?(?P<verb>{_VERBS})\b"
)
SAID_WHO = re.compile(rf"\b(?P<verb>{_VERBS})\s+(?P<who>{_NAME}|{_GROUP})")
QUOTE = re.compile(r"“(?P<a>[^”]{3,})”|\"(?P<b>[^\"]{3,})\"|«(?P<c>[^»]{3,})»")
_NOT_NAMES = frozenset(
    [
        "The",
        "This",
        "That",
        "It",
        "He",
        "She",
        "They",
        "We",
        "I",
        "And",
        "But",
        "So",
        "In",
        "On",
        "At",
        "A",
        "An",
    ]
)


@dataclass(frozen=True)
class Attribution:
    claimant: str | None
    content_start: int  # where the reported content starts in the sentence
    content_end: int
    quoted: bool


def _clean(who: str) -> str | None:
    who = who.strip(" ,.")
    if who.lower() in ("he", "she", "they", "it", "we", "i", "you"):
        return None
    words = who.split()
    if len(words) == 1 and words[0] in _NOT_NAMES:
        return None
    return who


def _entity_near(ents: list[tuple[int, int, str]] | None, start: int, end: int) -> str | None:
    return (
        None
        if ents is None
        else next(
            (
                f"{a}:{b}"
                for a, b, label in ents
                if label in ("PERSON", "ORG", "GPE", "NORP") and a < end and b > start
            ),
            None,
        )
    )


def find_attribution(
    text: str, ents: list[tuple[int, int, str]] | None = None, last_claimant: str | None = None
) -> Attribution | None:
    """The reporting frame of a sentence, or None when nothing is attributed."""
    quote = QUOTE.search(text)
    if quote is not None:
        group = next(g for g in ("a", "b", "c") if quote.group(g) is not None)
        outside = text[: quote.start()] + " " * (quote.end() - quote.start()) + text[quote.end() :]
        who = _who(outside, ents, last_claimant)
        if who is not None or lx.REPORTING.search(outside.lower()):
            return Attribution(who[0] if who else None, quote.start(group), quote.end(group), True)
    m = ACCORDING.search(text)
    if m is not None:
        claimant = _clean(m.group("who"))
        if m.start() < len(text) / 3:  # "According to X, <content>"
            comma = text.find(",", m.end("who"))
            return Attribution(claimant, comma + 1 if comma != -1 else m.end(), len(text), False)
        return Attribution(claimant, 0, m.start(), False)  # "<content>, according to X"
    who = _who(text, ents, last_claimant)
    if who is None:
        return None
    claimant, w_start, _, after_verb = who
    if w_start < len(text) / 3:  # "X said (that) <content>"
        rest = re.match(
            r"\s*(?:(?:reporters|journalists|the press|lawmakers|parliament|"
            r"[A-Z][\w-]*)\s+)?(?:,\s*)?(?:on \w+\s+)?"
            r"(?:(?:in|at|during)\s+[^,\"“]{1,40}?\s+(?=that\b))?(?:that\s+)?",
            text[after_verb:],
        )
        content_start = after_verb + (rest.end() if rest else 0)
        return Attribution(claimant, content_start, len(text), False)
    return Attribution(
        claimant, 0, text.rfind(",", 0, w_start) if "," in text[:w_start] else w_start, False
    )  # "<content>, X said."


def _who(
    text: str, ents: list[tuple[int, int, str]] | None, last_claimant: str | None
) -> tuple[str | None, int, int, int] | None:
    for pattern in (WHO_SAID, SAID_WHO):
        for m in pattern.finditer(text):
            raw = m.group("who")
            if raw.lower() in ("i", "we") and pattern is WHO_SAID:
                continue  # "I said we would" is talk, not a source
            claimant = _clean(raw)
            if claimant is None and re.fullmatch(_PRONOUN, raw, re.I):
                claimant = last_claimant
            ent = _entity_near(ents, m.start("who"), m.end("who"))
            if ent is not None:
                a, b = (int(x) for x in ent.split(":"))
                claimant = text[a:b]
            return claimant, m.start("who"), m.end("who"), m.end()
    return None
