"""Who made a claim: quotes, reporting verbs ("said", "told reporters"), "according to"
and evidence ("a study found").

Works on plain text (blank pipeline); when a trained pipeline supplies entities, a
PERSON or ORG entity that ends the speaker's phrase is preferred.  ``ClaimantResolver``
reads an article in order and resolves what a sentence leaves short to the name the
article gave before: "Li" to "China's Defense Minister Li Shangfu", "he" to the last
speaker, "the statement" to the body whose statement it was.  Date words ("Monday") are
never claimants, and the writer's own statements have none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from claimdesk.nlp import lexicon as lx

_TITLE = (
    r"(?:(?:Prime|Foreign|Defen[cs]e|Finance|Deputy|Vice|Chief|Former|former|Acting)\s+)*"
    r"(?:President|Minister|Secretary|Senator|Sen\.|Governor|Gov\.|Mayor|Chancellor|"
    r"Dr\.?|Mr\.?|Mrs\.?|Ms\.?|Prof\.?|Professor|General|Gen\.|Rep\.|Representative|Judge|"
    r"Ambassador|Commissioner|Director|Spokesman|Spokeswoman|CEO|Chairman|Chair)"
)
_DATE_WORDS = (
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|"
    r"April|May|June|July|August|September|October|November|December|Today|Yesterday|"
    r"Tomorrow|Tonight|Last|Next|Earlier|Later|Late|Early|Meanwhile|However|Separately|On|In|At|"
    r"After|Before|During|Since|Then|Now|When|While|As|If|Asked|Speaking"
)
# A capitalised word that is not a date or a sentence opener ("Monday said" is no source).
_CAP = rf"(?!(?:{_DATE_WORDS})\b)[A-Z][\w'’.\u0300-\u036f-]*"
_NAME = (
    rf"(?:{_TITLE}\s+)?(?:the\s+)?{_CAP}(?:\s+(?:of|for|de|van|von|bin|al|the|and)"
    rf"\s+{_CAP}|\s+{_CAP}){{0,5}}"
)
# A proper name of two words or more, or a title and a name: "Dr Paul Kim".
_PNAME = rf"(?:{_TITLE}\s+{_CAP}|{_CAP}(?:\s+{_CAP}){{1,4}})"
_ROLES = (
    r"(?:owners|residents|workers|farmers|leaders|doctors|teachers|officials|"
    r"researchers|analysts|experts|economists|scientists|authorities|police|"
    r"investigators|prosecutors|organi[sz]ers|campaigners|activists|executives|"
    r"reports|sources|critics|groups|unions|opponents|supporters|voters|parents|"
    r"patients|witnesses|observers|diplomats|engineers|lawyers|insurers|retailers)"
)
_HEADS = (
    r"ministry|ministers?|spokesman|spokeswoman|spokesperson|officials?|government|agency|"
    r"report|study|survey|police|statement|company|department|office|army|military|data|"
    r"figures|researchers|analysts|experts|economists|scientists|authorities|authority|"
    r"president|secretary|institute|council|committee|commission|regulator|watchdog|bank|"
    r"unions?|leaders?|mayors?|governors?|lawmakers|councillors?|director|head|"
    r"chair(?:man|woman)?|service|league|federation|association|court|board|party|club|"
    r"group|firm|navy|operator|airline|hospital|university|charity|trust|chief|executive|"
    r"opposition"
)
_DET = r"(?:[Tt]he|[Aa]n?|[Oo]ne|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[A-Z][\w-]*[’']s)"
_MODIFIER = r"(?!(?:that|the|and|but|as|of|in|on|at|to|for|said|says|while|when)\b)[a-z]+\s+"
_GROUP = (
    rf"(?:{_CAP}\s+)?(?:{_MODIFIER}){{0,2}}?(?i:{_ROLES})|"
    r"\b(?:[Tt]he|[Aa]n?)\s+(?:spokes(?:man|woman|person)|representative)\s+for\s+"
    r"(?:the\s+)?[\w-]+(?:\s+[A-Z][\w-]*)*"
    # "the French minister", "a senior defence official": up to three modifiers.
    rf"|\b{_DET}\s+(?:[\w'’-]+\s+){{0,3}}?(?:{_HEADS})\b"
    r"|\b(?:[Oo]fficials|[Rr]esearchers|[Aa]nalysts|[Ee]xperts|[Ee]conomists|[Ss]cientists|"
    r"[Aa]uthorities|[Pp]olice)"
)
# A group may carry a short post-modifier: "analysts at a Paris research institute".
_GROUP_PM = (
    rf"(?:{_GROUP})(?:\s+(?:at|of|from|in|for|with)\s+(?:an?\s+|the\s+)?"
    r"(?:[\w'’-]+\s+){0,3}?[\w'’-]+)?"
)
# Denials are claims too ("The ministry denied the reports"); the classifier's reporting
# feature keeps its own list (lexicon.REPORTING_VERBS).
# Stances are claims too ("The ministry denied the reports", "Insurers estimate the damage
# at ...", "The chairman blamed tariffs"): the whole sentence is the claim.  The
# classifier's reporting feature keeps its own list (lexicon.REPORTING_VERBS).
DENIALS = (
    "denied", "denies", "deny", "disputed", "disputes", "dispute", "estimate", "expect",
    "expects", "predict", "predicts", "blamed", "blames", "blame",
)  # fmt: skip
_VERBS = "|".join((*lx.REPORTING_VERBS, *DENIALS))
_PRONOUN = r"(?:he|she|they|it|we|i)"
# "on Monday", "last week", "also" between a speaker and the verb.
_WHEN = (
    rf"(?:\s+(?:(?:late |early |earlier |later )?on\s+(?:(?:{_DATE_WORDS})\b(?:\s+\d{{1,2}})?)"
    r"|last\s+(?:week|month|year|night)|this\s+(?:week|month|year|morning)|yesterday|"
    r"today|earlier|later|again|recently|previously|separately|too))"
)
_AUX = r"(?:also\s+|has\s+|had\s+|have\s+|repeatedly\s+|again\s+)?"

_NOT_NEXT = r"(?!(?:on|in|at|last|this|that|and|but|which|who)\b)"
_EVIDENCE_WHO = (
    rf"(?:{_NOT_NEXT}[\w’'-]+\s+){{0,3}}?(?:figures|data|statistics|estimates|research|"
    r"reports?|records|projections|polls?|surveys?|studies|study|analysis)"
    rf"(?:\s+(?:(?:published|released|compiled|issued|commissioned|carried out)\s+)?(?:by|from)"
    rf"(?:\s+{_NOT_NEXT}[\w’'-]+){{1,4}})?"
)
# "the trade body UKHospitality", "the regulator Ofgem": a description, then the name.
_DESCRIBED_NAME = rf"{_DET}\s+(?:{_NOT_NEXT}[a-z][\w’'-]*\s+){{1,3}}{_CAP}(?:\s+{_CAP}){{0,3}}"
# "according to X": the longest reading of X wins ("the French ministry", not "the French").
ACCORDING = tuple(
    re.compile(rf"\b[Aa]ccording to\s+(?P<who>{who})(?=[\s,.;:]|$)")
    for who in (_NAME, _GROUP_PM, _EVIDENCE_WHO, _DESCRIBED_NAME)
)
_MORE_HEAD = re.compile(rf"(?:\s+(?:{_HEADS})\b)+")


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
    more = _MORE_HEAD.match(text, end)  # "an Indian Defense Ministry statement"
    if more is not None:
        end = more.end()
    return text[best.start("who") : end], best.start(), best.start("who"), end


WHO_SAID = re.compile(
    rf"(?P<who>{_NAME}|{_GROUP_PM}|\b{_PRONOUN})(?:,\s[^,]{{2,60}},)?{_WHEN}{{0,2}}\s+"
    rf"{_AUX}(?P<verb>{_VERBS})\b"
)
# "Its chief executive, Maria Lindgren, told ...": the name in the appositive.
APPOS_SAID = re.compile(
    rf"(?:^|(?<=\s))(?P<desc>{_DET}\s+[^,“”\"]{{1,50}}?),\s+(?P<who>{_PNAME}),"
    rf"(?:\s+\d{{1,3}},)?{_WHEN}{{0,2}}\s+{_AUX}(?P<verb>{_VERBS})\b"
)
SAID_WHO = re.compile(
    rf"\b(?P<verb>{_VERBS})\s+(?P<who>{_NAME}|{_GROUP_PM})"
    r"(?=\s*(?:[,.;:!?”\"]|$)|\s+(?:on|in|at|last|this|after|before|during|when|while|who|"
    r"as|that|and|but|of|from|at|for|with)\b)"
)
# "..., said campaigner Ruth Adeyemi.": a short lower-case description before the name.
SAID_DESC_WHO = re.compile(
    rf"\b(?P<verb>{_VERBS})\s+(?:[a-z][\w'’-]*\s+){{1,4}}?(?P<who>{_PNAME})"
    r"(?=\s*(?:[,.;:!?]|$|\s+(?:of|at|from|in|who)\b))"
)
_EVIDENCE_VERBS = r"found|finds|showed|shows|show|suggests?|revealed|concluded"
EVIDENCE = re.compile(
    rf"(?P<who>(?:(?:[Aa]n?|[Tt]he|[Oo]fficial|[Nn]ew|[Gg]overnment|[Pp]olice|"
    rf"[A-Z][\w-]*[’']s)\s+)?(?:[\w'’-]+\s+){{0,2}}?(?:[Ss]tudy|[Rr]eports?|[Ss]urvey|"
    r"[Pp]olls?|[Aa]nalysis|[Rr]eview|[Cc]ensus|[Dd]ata|[Ff]igures|[Ss]tatistics|"
    r"[Rr]esearch|[Aa]udit)(?:\s+(?:(?:published|released|issued|carried out|commissioned)\s+)?"
    r"(?:by|from|of)\s+(?:the\s+)?[\w’'-]+(?:\s+[\w’'-]+){0,3}?)?)"
    r"(?:\s+(?:published|released|issued|carried out|commissioned)\b[^,]{0,50}?)?"
    rf"\s+(?P<verb>{_EVIDENCE_VERBS})\b"
)
_VERB = re.compile(rf"\b(?:{_VERBS})\b")
_EVIDENCE_VERB = re.compile(rf"\b(?:{_EVIDENCE_VERBS})\b")
_DATE_WORD = re.compile(_DATE_WORDS)
_PRONOUN_RE = re.compile(_PRONOUN, re.I)
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)
_VERB_AHEAD = re.compile(rf"\s*(?:{_VERBS})\b")
_ROLES_RE = re.compile(_ROLES)
_VERB_FIRST = re.compile(rf"[\W]*(?:{_VERBS})\b")
QUOTE = re.compile(r"“(?P<a>[^”]{3,})”|\"(?P<b>[^\"]{3,})\"|«(?P<c>[^»]{3,})»")
_HINT = re.compile(rf"[“”\"«]|\b(?:{_EVIDENCE_VERBS}|{'|'.join(DENIALS)})\b")
_ADDING = re.compile(r",\s+(?:adding|and added|saying)\s+(?:that\s+)?", re.I)
_PAST = re.compile(r"\b(?:\w+ed|was|were|had|did|made|took|gave|won|lost|met|set|began|held)\b")
_MODAL = re.compile(r"\b(?:would|will|could|might|may|should|must)\b")
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
        "Its",
        "His",
        "Her",
        "Their",
    ]
)
_FUNCTION = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "but",
        "so",
        "in",
        "on",
        "at",
        "of",
        "to",
        "by",
        "for",
        "with",
        "as",
        "then",
        "when",
        "while",
        "after",
        "before",
        "this",
        "that",
        "it",
        "he",
        "she",
        "they",
        "we",
        "i",
        "its",
        "his",
        "her",
        "their",
    ]
)
FORWARD = frozenset(["warned", "predicted", "promised", "pledged", "vowed", "forecast"])


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


_TRAILING_TIME = re.compile(
    rf"\s+(?:in|on|last|this)\s+(?:(?:{_DATE_WORDS})\b|week|month|year)\S*$"
)


def _clean(who: str) -> str | None:
    who = _TRAILING_TIME.sub("", who.strip(" ,."))
    if who.lower() in ("he", "she", "they", "it", "we", "i", "you"):
        return None
    words = who.split()
    if not words or (len(words) == 1 and words[0] in _NOT_NAMES):
        return None
    if len(words) == 1 and _DATE_WORD.fullmatch(words[0]):
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


_TITLED = re.compile(rf"{_TITLE}|['’]s\b")


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
    m = _ADDING.search(text, lo, hi)
    if m is None:
        return ()
    piece = text[m.end() : hi].lower()
    if len(piece.split()) < 4 or not _PAST.search(piece) or _MODAL.search(piece):
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
    if _VERB_FIRST.match(text):
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
    verbs = list(_VERB.finditer(text))
    evidence = list(_EVIDENCE_VERB.finditer(text))
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
            if claimant is None and _PRONOUN_RE.fullmatch(raw):
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


def _norm(name: str) -> str:
    return _ARTICLE.sub("", name.strip().replace("'", "’")).lower()


_ORG_STATEMENT = re.compile(
    r"^(?:(?:[Tt]he|[Aa]n?)\s+)?(?!(?:The|An?)\s)(?P<org>(?:[A-Z][\w’'-]*\s+)+)statement$"
)
_NOUN_BEFORE = re.compile(
    r"\b(company|firm|group|regulator|agency|union|charity|party|club|bank|carrier|"
    r"airline|operator|broadcaster|newspaper|ministry|council)\s+$",
    re.I,
)
_COMPANY_WORDS = frozenset(["firm", "group", "carrier", "airline", "operator", "bank"])
_PRE_NAME = re.compile(rf"(?:{_CAP}\s+){{1,4}}$")
_POST_NAME = re.compile(rf"(?:\s+{_CAP}){{1,2}}")
_SOME_STATEMENT = re.compile(
    r"^(?:[Tt]he|[Aa]n?)\s+(?P<body>(?:[a-z][\w’'-]*\s+){0,2}[a-z][\w’'-]*)\s+statement$"
)
_DEFINITE = re.compile(r"^[Tt]he\s+(?P<rest>(?:[\w’'-]+\s+){0,3}[\w’'-]+)$")


_HE_SHE = re.compile(rf"\b(?:he|she)\s+(?:\w+\s+){{0,2}}?(?:{_VERBS})\b")
_ORG_WORDS = frozenset(
    [
        "ministry",
        "agency",
        "office",
        "council",
        "department",
        "service",
        "authority",
        "bank",
        "union",
        "party",
        "group",
        "trust",
        "association",
        "institute",
        "university",
        "commission",
        "committee",
        "organization",
        "organisation",
        "programme",
        "project",
        "fund",
        "company",
        "corporation",
        "league",
        "federation",
        "court",
        "police",
        "government",
        "army",
        "statement",
        "report",
        "study",
        "survey",
        "figures",
        "data",
        "records",
    ]
)
_ROLE_NOUNS = (
    r"secretary|minister|spokes(?:man|woman|person)|mayor|chief|president|judge|governor|"
    r"chancellor|director|executive|leader|manager|coach|author|lawyer|officer|chair"
)
# A person mentioned without a verb of saying: "Health Secretary Daniel Okafor called
# ...", "Northgate's manager complained ...".
_PERSON_REF = re.compile(
    rf"(?:{_CAP}\s+){{0,2}}{_TITLE}\s+{_CAP}(?:\s+{_CAP}){{0,2}}"
    rf"|\b(?:[Tt]he|[A-Z][\w-]*[’']s)\s+(?:[\w-]+\s+){{0,2}}?(?:{_ROLE_NOUNS})\b"
)


_ENDS_IN_ROLE = re.compile(rf"\b(?:{_ROLE_NOUNS})$", re.I)


def _is_person(name: str) -> bool:
    words = name.split()
    if not words or words[-1].lower().strip("’'s") in _ORG_WORDS:
        return False
    if _ENDS_IN_ROLE.search(name):
        return True  # "the transport secretary", "Northgate's manager"
    caps = [w for w in words if w[:1].isupper()]
    return len(caps) >= 2 and words[-1][:1].isupper()


def _occurrences(text: str, word: str, limit: int) -> Iterator[int]:
    """Where ``word`` stands as a whole word in ``text`` (str.find: no regex to build)."""
    pos, n = text.find(word), 0
    while pos != -1 and n < limit:
        end = pos + len(word)
        if (pos == 0 or not text[pos - 1].isalnum()) and (
            end == len(text) or not text[end].isalnum()
        ):
            n += 1
            yield pos
        pos = text.find(word, end)


def _in_heading(text: str, pos: int) -> bool:
    """True when ``pos`` is on a line that ends without a full stop (a headline)."""
    lo = text.rfind("\n", 0, pos) + 1
    hi = text.find("\n", pos)
    line = text[lo : hi if hi != -1 else len(text)].rstrip()
    return hi != -1 and not line.endswith((".", "!", "?", "”", '"', ":", ";"))


class ClaimantResolver:
    """Reads an article's sentences in order and names their claimants."""

    def __init__(self, text: str = "") -> None:
        self.text = text
        # (as written, resolved, both normalised), the latest last
        self.history: list[tuple[str, str, str, str]] = []
        self.last: str | None = None
        self.last_quoted = False
        self._person: tuple[str, int] | None = None  # last person named, and where
        self._prev = (0, 0)  # the sentence read before this one
        self._quote_until = -1  # a quote opened before and closing at this offset
        self._quote_claimant: str | None = None
        self._names: dict[str, str | None] = {}

    def attribute(
        self,
        sent: str,
        start: int = 0,
        ents: list[tuple[int, int, str]] | None = None,
        reporting: bool | None = None,
    ) -> Attribution | None:
        """The attribution of the sentence ``sent`` found at ``start`` in the text;
        ``reporting`` is whether it has a reporting verb, when the caller knows."""
        try:
            return self._attribute(sent, start, ents, reporting)
        finally:
            self._prev = (start, start + len(sent))

    def _attribute(
        self,
        sent: str,
        start: int,
        ents: list[tuple[int, int, str]] | None,
        reporting: bool | None,
    ) -> Attribution | None:
        if start < self._quote_until:  # inside a quote that an earlier sentence opened
            closing = sent.find("”")
            if closing != -1:
                self._quote_until = -1
            return Attribution(
                self._quote_claimant, 0, closing if closing != -1 else len(sent), True
            )
        low = sent.lower()
        if reporting is None:
            reporting = lx.REPORTING.search(low) is not None
        if not (reporting or _HINT.search(sent)):
            self.last_quoted = False
            return None
        he_she = _HE_SHE.search(low) is not None
        found = find_attribution(sent, ents, self._antecedent(start) if he_she else self.last)
        if found is None and QUOTE.search(sent):
            # "“How is a nurse to afford a home?” / said Tom Greaves ...": the sentence
            # splitter cut the frame off after the question mark.
            found = self._frame_after(sent, start)
        if found is None and sent.lstrip().startswith(("“", '"')) and self.last_quoted:
            # A second quoted sentence with no frame: the same speaker goes on.
            found = self._open_quote(sent, start) or Attribution(self.last, 0, len(sent), True)
        elif found is not None and found.quoted and found.claimant is None:
            found = self._open_quote(sent, start) or found
        elif found is None and sent.count("“") > sent.count("”"):
            found = self._open_quote(sent, start)
        if found is None:
            self.last_quoted = False
            return None
        claimant = self.resolve(found.claimant)
        if claimant is not None:
            self._remember(found.claimant or claimant, claimant)
            self.last = claimant
            if _is_person(claimant):
                self._person = (claimant, start)
            # "Mining company Orevale said": a later "the company" is Orevale.
            noun = _NOUN_BEFORE.search(sent, 0, max(0, found.who_start))
            if noun is not None and found.who_start > 0:
                self._remember(noun.group(1), claimant)
                if noun.group(1).lower() in _COMPANY_WORDS:
                    self._remember("company", claimant)
        self.last_quoted = found.quoted
        if claimant != found.claimant:
            found = replace(found, claimant=claimant)
        return found

    def _remember(self, raw: str, resolved: str) -> None:
        entry = (raw, resolved, _norm(raw), _norm(resolved))
        if self.history and self.history[-1] == entry:
            return
        if len(self.history) > 200:  # a long article: the recent names are the ones
            del self.history[:100]
        self.history.append(entry)

    def _antecedent(self, start: int) -> str | None:
        """Who "he" or "she" is: the person named in the sentence before (as speaker or
        otherwise: "Northgate's manager complained ... “...,” he said"), else the last
        person who spoke."""
        if self._person is not None and self._person[1] == self._prev[0]:
            return self._person[0]
        before = self.text[self._prev[0] : min(self._prev[1], start)] if self.text else ""
        mentions = list(_PERSON_REF.finditer(before))
        if mentions:
            return self.resolve(mentions[-1].group(0))
        return self._person[0] if self._person is not None else None

    def _frame_after(self, sent: str, start: int) -> Attribution | None:
        if not self.text:
            return None
        end = start + len(sent)
        tail = self.text[end : end + 200]
        stop = tail.find(".")
        tail = tail[: stop if stop != -1 else len(tail)]
        if not _VERB_AHEAD.match(tail):
            return None
        who = _who(tail, None, self.last)
        if who is None or who[0] is None:
            return None
        quote = QUOTE.search(sent)
        assert quote is not None
        group = next(g for g in ("a", "b", "c") if quote.group(g) is not None)
        return Attribution(who[0], quote.start(group), quote.end(group), True, who[4])

    def _open_quote(self, sent: str, start: int) -> Attribution | None:
        """A quote that runs past this sentence: its speaker is named after it closes."""
        opening = sent.find("“")
        if opening == -1 or "”" in sent[opening:] or not self.text:
            return None
        close = self.text.find("”", start + opening, start + opening + 3000)
        if close == -1:
            return None
        tail_end = self.text.find(".", close)
        tail = self.text[close + 1 : tail_end if tail_end != -1 else len(self.text)]
        who = _who(tail, None, self.last)
        if who is None:
            return None
        self._quote_until = close + 1
        self._quote_claimant = self.resolve(who[0])
        return Attribution(who[0], opening + 1, len(sent), True, who[4])

    def resolve(self, claimant: str | None) -> str | None:
        """The fullest name the article gave for ``claimant``."""
        if claimant is None:
            return None
        m = _ORG_STATEMENT.match(claimant)
        if m is not None:
            return m.group("org").strip()
        m = _SOME_STATEMENT.match(claimant)
        if m is not None:  # "A ministry statement": the ministry named before, if any
            claimant = "the " + m.group("body")
        words = claimant.split()
        if len(words) == 1 and words[0][:1].isupper():
            return self._full_name(words[0]) or claimant
        d = _DEFINITE.match(claimant)
        if d is not None:
            rest = d.group("rest").lower().replace("'", "’")
            for _raw, resolved, n_raw, n_resolved in reversed(self.history):
                if n_resolved != rest and (n_raw.endswith(rest) or n_resolved.endswith(rest)):
                    return resolved
        return claimant

    def _full_name(self, word: str) -> str | None:
        if word in self._names:
            return self._names[word]
        found: str | None = None
        if _ROLES_RE.fullmatch(word.lower()):
            self._names[word] = None
            return None  # "Residents said": a group, not a surname
        for _raw, resolved, _n_raw, _n_resolved in reversed(self.history):
            if word in resolved.split() and resolved != word:
                found = resolved
                break
        if found is None and self.text:
            for at in _occurrences(self.text, word, 20):
                if _in_heading(self.text, at):
                    continue  # "Late Osei strike keeps Rovers top": a headline's words
                before = self.text[max(0, at - 80) : at]
                pre_m = _PRE_NAME.search(before)
                post_m = _POST_NAME.match(self.text, at + len(word), at + len(word) + 40)
                pre = pre_m.group(0).split() if pre_m else []
                while pre and pre[0].lower() in _FUNCTION:
                    pre.pop(0)
                post = post_m.group(0).split() if post_m else []
                if pre or post:
                    found = " ".join([*pre, word, *post])
                    break
        self._names[word] = found
        return found
