"""The words and patterns that find who is speaking in a sentence: titles, names,
groups ("analysts at a Paris institute"), reporting and stance verbs, "according to",
evidence ("a study found") and quotes.  Used by ``claimdesk.nlp.frames``."""

from __future__ import annotations

import re

from claimdesk.nlp import lexicon as lx

TITLE = (
    r"(?:(?:Prime|Foreign|Defen[cs]e|Finance|Deputy|Vice|Chief|Former|former|Acting)\s+)*"
    r"(?:President|Minister|Secretary|Senator|Sen\.|Governor|Gov\.|Mayor|Chancellor|"
    r"Dr\.?|Mr\.?|Mrs\.?|Ms\.?|Prof\.?|Professor|General|Gen\.|Rep\.|Representative|Judge|"
    r"Ambassador|Commissioner|Director|Spokesman|Spokeswoman|CEO|Chairman|Chair)"
)
DATE_WORDS = (
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|"
    r"April|May|June|July|August|September|October|November|December|Today|Yesterday|"
    r"Tomorrow|Tonight|Last|Next|Earlier|Later|Late|Early|Meanwhile|However|Separately|On|In|At|"
    r"After|Before|During|Since|Then|Now|When|While|As|If|Asked|Speaking"
)
# A capitalised word that is not a date or a sentence opener ("Monday said" is no source).
CAP = rf"(?!(?:{DATE_WORDS})\b)[A-Z][\w'’.\u0300-\u036f-]*"
NAME = (
    rf"(?:{TITLE}\s+)?(?:the\s+)?{CAP}(?:\s+(?:of|for|de|van|von|bin|al|the|and)"
    rf"\s+{CAP}|\s+{CAP}){{0,5}}"
)
# A proper name of two words or more, or a title and a name: "Dr Paul Kim".
PNAME = rf"(?:{TITLE}\s+{CAP}|{CAP}(?:\s+{CAP}){{1,4}})"
ROLES = (
    r"(?:owners|residents|workers|farmers|leaders|doctors|teachers|officials|"
    r"researchers|analysts|experts|economists|scientists|authorities|police|"
    r"investigators|prosecutors|organi[sz]ers|campaigners|activists|executives|"
    r"reports|sources|critics|groups|unions|opponents|supporters|voters|parents|"
    r"patients|witnesses|observers|diplomats|engineers|lawyers|insurers|retailers)"
)
HEADS = (
    r"ministry|ministers?|spokesman|spokeswoman|spokesperson|officials?|government|agency|"
    r"report|study|survey|police|statement|company|department|office|army|military|data|"
    r"figures|researchers|analysts|experts|economists|scientists|authorities|authority|"
    r"president|secretary|institute|council|committee|commission|regulator|watchdog|bank|"
    r"unions?|leaders?|mayors?|governors?|lawmakers|councillors?|director|head|"
    r"chair(?:man|woman)?|service|league|federation|association|court|board|party|club|"
    r"group|firm|navy|operator|airline|hospital|university|charity|trust|chief|executive|"
    r"opposition"
)
DET = r"(?:[Tt]he|[Aa]n?|[Oo]ne|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[A-Z][\w-]*[’']s)"
MODIFIER = r"(?!(?:that|the|and|but|as|of|in|on|at|to|for|said|says|while|when)\b)[a-z]+\s+"
GROUP = (
    rf"(?:{CAP}\s+)?(?:{MODIFIER}){{0,2}}?(?i:{ROLES})|"
    r"\b(?:[Tt]he|[Aa]n?)\s+(?:spokes(?:man|woman|person)|representative)\s+for\s+"
    r"(?:the\s+)?[\w-]+(?:\s+[A-Z][\w-]*)*"
    # "the French minister", "a senior defence official": up to three modifiers.
    rf"|\b{DET}\s+(?:[\w'’-]+\s+){{0,3}}?(?:{HEADS})\b"
    r"|\b(?:[Oo]fficials|[Rr]esearchers|[Aa]nalysts|[Ee]xperts|[Ee]conomists|[Ss]cientists|"
    r"[Aa]uthorities|[Pp]olice)"
)
# A group may carry a short post-modifier: "analysts at a Paris research institute".
GROUP_PM = (
    rf"(?:{GROUP})(?:\s+(?:at|of|from|in|for|with)\s+(?:an?\s+|the\s+)?"
    r"(?:[\w'’-]+\s+){0,3}?[\w'’-]+)?"
)
# Stances are claims too ("The ministry denied the reports", "Insurers estimate the damage
# at ...", "The chairman blamed tariffs"): the whole sentence is the claim.  The
# classifier's reporting feature keeps its own list (lexicon.REPORTING_VERBS).
DENIALS = (
    "denied", "denies", "deny", "disputed", "disputes", "dispute", "estimate", "expect",
    "expects", "predict", "predicts", "blamed", "blames", "blame",
)  # fmt: skip
VERBS = "|".join((*lx.REPORTING_VERBS, *DENIALS))
PRONOUN = r"(?:he|she|they|it|we|i)"
# "on Monday", "last week", "also" between a speaker and the verb.
WHEN = (
    rf"(?:\s+(?:(?:late |early |earlier |later )?on\s+(?:(?:{DATE_WORDS})\b(?:\s+\d{{1,2}})?)"
    r"|last\s+(?:week|month|year|night)|this\s+(?:week|month|year|morning)|yesterday|"
    r"today|earlier|later|again|recently|previously|separately|too))"
)
AUX = r"(?:also\s+|has\s+|had\s+|have\s+|repeatedly\s+|again\s+)?"

NOT_NEXT = r"(?!(?:on|in|at|last|this|that|and|but|which|who)\b)"
EVIDENCE_WHO = (
    rf"(?:{NOT_NEXT}[\w’'-]+\s+){{0,3}}?(?:figures|data|statistics|estimates|research|"
    r"reports?|records|projections|polls?|surveys?|studies|study|analysis)"
    rf"(?:\s+(?:(?:published|released|compiled|issued|commissioned|carried out)\s+)?(?:by|from)"
    rf"(?:\s+{NOT_NEXT}[\w’'-]+){{1,4}})?"
)
# "the trade body UKHospitality", "the regulator Ofgem": a description, then the name.
DESCRIBED_NAME = rf"{DET}\s+(?:{NOT_NEXT}[a-z][\w’'-]*\s+){{1,3}}{CAP}(?:\s+{CAP}){{0,3}}"
# "according to X": the longest reading of X wins ("the French ministry", not "the French").
ACCORDING = tuple(
    re.compile(rf"\b[Aa]ccording to\s+(?P<who>{who})(?=[\s,.;:]|$)")
    for who in (NAME, GROUP_PM, EVIDENCE_WHO, DESCRIBED_NAME)
)
MORE_HEAD = re.compile(rf"(?:\s+(?:{HEADS})\b)+")


WHO_SAID = re.compile(
    rf"(?P<who>{NAME}|{GROUP_PM}|\b{PRONOUN})(?:,\s[^,]{{2,60}},)?{WHEN}{{0,2}}\s+"
    rf"{AUX}(?P<verb>{VERBS})\b"
)
# "Its chief executive, Maria Lindgren, told ...": the name in the appositive.
APPOS_SAID = re.compile(
    rf"(?:^|(?<=\s))(?P<desc>{DET}\s+[^,“”\"]{{1,50}}?),\s+(?P<who>{PNAME}),"
    rf"(?:\s+\d{{1,3}},)?{WHEN}{{0,2}}\s+{AUX}(?P<verb>{VERBS})\b"
)
SAID_WHO = re.compile(
    rf"\b(?P<verb>{VERBS})\s+(?P<who>{NAME}|{GROUP_PM})"
    r"(?=\s*(?:[,.;:!?”\"]|$)|\s+(?:on|in|at|last|this|after|before|during|when|while|who|"
    r"as|that|and|but|of|from|at|for|with)\b)"
)
# "..., said campaigner Ruth Adeyemi.": a short lower-case description before the name.
SAID_DESC_WHO = re.compile(
    rf"\b(?P<verb>{VERBS})\s+(?:[a-z][\w'’-]*\s+){{1,4}}?(?P<who>{PNAME})"
    r"(?=\s*(?:[,.;:!?]|$|\s+(?:of|at|from|in|who)\b))"
)
EVIDENCE_VERBS = r"found|finds|showed|shows|show|suggests?|revealed|concluded"
EVIDENCE = re.compile(
    rf"(?P<who>(?:(?:[Aa]n?|[Tt]he|[Oo]fficial|[Nn]ew|[Gg]overnment|[Pp]olice|"
    rf"[A-Z][\w-]*[’']s)\s+)?(?:[\w'’-]+\s+){{0,2}}?(?:[Ss]tudy|[Rr]eports?|[Ss]urvey|"
    r"[Pp]olls?|[Aa]nalysis|[Rr]eview|[Cc]ensus|[Dd]ata|[Ff]igures|[Ss]tatistics|"
    r"[Rr]esearch|[Aa]udit)(?:\s+(?:(?:published|released|issued|carried out|commissioned)\s+)?"
    r"(?:by|from|of)\s+(?:the\s+)?[\w’'-]+(?:\s+[\w’'-]+){0,3}?)?)"
    r"(?:\s+(?:published|released|issued|carried out|commissioned)\b[^,]{0,50}?)?"
    rf"\s+(?P<verb>{EVIDENCE_VERBS})\b"
)
VERB = re.compile(rf"\b(?:{VERBS})\b")
EVIDENCE_VERB = re.compile(rf"\b(?:{EVIDENCE_VERBS})\b")
DATE_WORD = re.compile(DATE_WORDS)
PRONOUN_RE = re.compile(PRONOUN, re.I)
ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)
VERB_AHEAD = re.compile(rf"\s*(?:{VERBS})\b")
ROLES_RE = re.compile(ROLES)
VERB_FIRST = re.compile(rf"[\W]*(?:{VERBS})\b")
QUOTE = re.compile(r"“(?P<a>[^”]{3,})”|\"(?P<b>[^\"]{3,})\"|«(?P<c>[^»]{3,})»")
HINT = re.compile(rf"[“”\"«]|\b(?:{EVIDENCE_VERBS}|{'|'.join(DENIALS)})\b")
ADDING = re.compile(r",\s+(?:adding|and added|saying)\s+(?:that\s+)?", re.I)
PAST = re.compile(r"\b(?:\w+ed|was|were|had|did|made|took|gave|won|lost|met|set|began|held)\b")
MODAL = re.compile(r"\b(?:would|will|could|might|may|should|must)\b")
NOT_NAMES = frozenset(
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
FUNCTION = frozenset(
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
