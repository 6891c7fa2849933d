"""Word lists and patterns behind claimdesk's rule signals.

Kept apart from the code that uses them so the lists can grow without touching logic.
All patterns are matched against lower-cased text unless noted.
"""

from __future__ import annotations

import re

NUMBER_WORDS: dict[str, float] = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
    "dozens": 24,
    "hundreds": 200,
    "thousands": 2000,
    "millions": 2e6,
    "billions": 2e9,
}
SCALES: dict[str, float] = {
    "hundred": 1e2,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "k": 1e3,
    "m": 1e6,
    "bn": 1e9,
    "mn": 1e6,
    "tn": 1e12,
}
FRACTIONS: dict[str, float] = {
    "half": 0.5,
    "a third": 1 / 3,
    "one third": 1 / 3,
    "two thirds": 2 / 3,
    "two-thirds": 2 / 3,
    "a quarter": 0.25,
    "one quarter": 0.25,
    "three quarters": 0.75,
    "three-quarters": 0.75,
    "a fifth": 0.2,
    "one fifth": 0.2,
    "a tenth": 0.1,
    "one in three": 1 / 3,
    "one in four": 0.25,
    "one in five": 0.2,
    "one in ten": 0.1,
    "majority": 0.5,
    "most": 0.5,
}
MULTIPLIERS: dict[str, float] = {
    "twice": 2,
    "double": 2,
    "doubled": 2,
    "triple": 3,
    "tripled": 3,
    "quadrupled": 4,
    "halved": 0.5,
}
APPROX_WORDS = (
    "nearly",
    "almost",
    "about",
    "around",
    "roughly",
    "approximately",
    "some",
    "over",
    "more than",
    "less than",
    "fewer than",
    "up to",
    "at least",
    "close to",
    "just under",
    "just over",
    "upwards of",
    "as many as",
    "as much as",
    "an estimated",
    "estimated",
)
CURRENCY_SYMBOLS: dict[str, str] = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR"}
CURRENCY_WORDS: dict[str, str] = {
    "dollar": "USD",
    "dollars": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "pound": "GBP",
    "pounds": "GBP",
    "rupee": "INR",
    "rupees": "INR",
    "yen": "JPY",
    "yuan": "CNY",
}

# Superlatives that rank something measurable: a check can settle them.
RANKING_SUPERLATIVES = frozenset(
    [
        "largest",
        "biggest",
        "smallest",
        "highest",
        "lowest",
        "fastest",
        "slowest",
        "oldest",
        "youngest",
        "richest",
        "poorest",
        "longest",
        "shortest",
        "deadliest",
        "hottest",
        "coldest",
        "warmest",
        "wettest",
        "driest",
        "cheapest",
        "heaviest",
        "busiest",
        "tallest",
        "deepest",
        "widest",
        "fewest",
        "least",
        "most",
        "first",
        "last",
        "top",
        "leading",
        "strongest",
        "weakest",
        "safest",
        "costliest",
        "greatest",
        "worst",
        "best",
    ]
)
# Superlatives that usually praise or blame: rankings only with a yardstick nearby.
EVALUATIVE_SUPERLATIVES = frozenset(["greatest", "worst", "best", "finest", "strongest", "weakest"])
YARDSTICK = re.compile(
    r"\b(since (the )?\d{4}|since (the )?(great )?depression|on record|in (\w+ )?history|"
    r"ever recorded|in (the )?(world|country|nation|state|region|europe|asia|africa)|"
    r"in \d+ (years|decades)|of any|among)\b"
)
MOST_ADJ = re.compile(
    r"\b(the )?(most|least) (populous|expensive|visited|powerful|"
    r"polluted|common|popular|indebted|dangerous|violent|productive|"
    r"efficient|used|widely)\b"
)
COMPARATIVE = re.compile(
    r"\b(more|less|fewer|higher|lower|larger|bigger|smaller|greater|faster|slower|"
    r"cheaper|older|younger|richer|poorer|longer|shorter|better|worse) than\b|"
    r"\b(compared (to|with)|as (much|many|high|large) as|times (more|less|as|higher|"
    r"larger|bigger|the)|twice as|outnumber\w*|surpass\w*|overtook|overtaken|ahead of|"
    r"behind only|second only|ranked|ranks|number one)\b"
)
TREND = re.compile(
    r"\b(rose|rise[sn]?|rising|risen|increas\w+|grew|grow[sn]?|growing|grown|fell|fall(s|en|ing)?|"
    r"declin\w+|dropped|drops?|dropping|doubled|tripled|halved|quadrupled|surged?|soared?|"
    r"plunged?|plummet\w*|climbed|jumped|slumped|shrank|shrunk|went (up|down)|gone (up|down)|"
    r"cut|cuts|slashed|reduced|reduction|boosted|expanded|contracted|record high|record low|"
    r"up from|down from|since (19|20)\d\d)\b"
)
CAUSAL = re.compile(
    r"\b(because( of)?|caus(e|es|ed|ing)|led to|lead(s|ing)? to|due to|result(ed|s|ing)? in|"
    r"as a result|thanks to|blamed? (for|on)|responsible for|contribut(ed|es) to|"
    r"attributed to|triggered|owing to|driven by|fuel(l)?ed)\b"
)
RULE = re.compile(
    r"\b(laws?|legal|illegal|unlawful|unconstitutional|constitution(al)?|banned|bans?|"
    r"prohibit\w*|requires?|required by|mandat\w+|regulations?|treaty|statute|bill|"
    r"act of|signed into|outlaw\w*|permitted|allowed to|forbidden|court ruled|ruling)\b"
)
FORECAST = re.compile(
    r"\b(expected to|forecasts?|forecast to|projected|projections?|predicted|likely to|"
    r"set to|on track to|estimates? (that|show)|by (20[2-9]\d|21\d\d)|will (reach|rise|fall|"
    r"grow|double|exceed|hit|cost|increase|decrease|decline|drop|create|lose|become))\b"
)
# Plans, pledges and warnings about the future: predictions a checker can follow up.
# "will" + a verb in the third person ("Both sides will identify ..."); "will be" only
# with a participle ("will be chaired"), not with an adjective ("will be hard").
PLAN = re.compile(
    r"\b(plans? to|planned to|planning to|intends? to|intended to|aims? to|aimed to|"
    r"(is|are|was|were) due to|pledged to|promised to|vowed to|committed to|"
    r"(is|are) (set|scheduled|expected) to|(is|are) to be|agreed to|threatened to|"
    r"(will|shall|would) (also |jointly |soon |now |further |then )?"
    r"(?!be\b|have\b|not\b|never\b|like\b|rather\b)[a-z]{3,}|"
    r"(will|shall|would) be [a-z]+(ed|en)\b|"
    r"warn(s|ed|ing)? (that )?[^.;]{0,80}\b(could|would|will|may|might)\b)"
)
PLAN_HINTS = (
    "will ", "shall ", "would ", "plan", "intend", "aim", "due to", "pledged", "promised",
    "vowed", "committed", " set to", "scheduled", "expected", " to be ", "agreed to",
    "threatened", "warn",
)  # fmt: skip
# A pledge with something to hold it to: a figure, a date or a deadline.
CONCRETE = re.compile(
    r"\d|\bby (the end of )?(next \w+|this \w+|(19|20)\d\d|january|february|march|april|"
    r"may|june|july|august|september|october|november|december|spring|summer|autumn|"
    r"winter|christmas)\b|\bwithin (a|an|one|two|three|four|five|six|\w+) "
    r"(days?|weeks?|months?|years?)\b"
)
REPORTING_VERBS = (
    "said",
    "says",
    "say",
    "told",
    "tells",
    "stated",
    "states",
    "claimed",
    "claims",
    "announced",
    "announces",
    "added",
    "noted",
    "warned",
    "argued",
    "argues",
    "insisted",
    "insists",
    "reported",
    "reports",
    "wrote",
    "writes",
    "tweeted",
    "posted",
    "declared",
    "testified",
    "explained",
    "acknowledged",
    "admitted",
    "confirmed",
    "estimated",
    "estimates",
    "suggested",
    "alleged",
    "alleges",
    "asserted",
    "maintained",
)
REPORTING = re.compile(
    r"\b(" + "|".join(REPORTING_VERBS) + r")\b|\baccording to\b|\btold (reporters|"
    r"journalists|the press|\w+)\b"
)
FIRST_PERSON = frozenset(
    [
        "i",
        "we",
        "i'm",
        "we're",
        "i've",
        "we've",
        "i'll",
        "we'll",
        "i'd",
        "we'd",
        "me",
        "us",
        "my",
        "our",
    ]
)
FEELING = re.compile(
    r"\b(i|we)('m| am| are|'re| feel| felt| was| were)( so| very| really| truly| deeply)? "
    r"(proud|happy|glad|honou?red|grateful|thankful|delighted|thrilled|sad|sorry|"
    r"excited|pleased|humbled|confident|hopeful|optimistic|disappointed|angry|worried|"
    r"concerned|saddened|shocked|appalled|privileged|blessed)\b|"
    r"\b(i|we) (love|hate|feel|felt|hope|wish|admire|respect|appreciate|thank)\b"
)
PROMISE = re.compile(
    r"\b(i|we)('ll| will| shall| are going to|'re going to| am going to|'m going to|"
    r" promise| pledge| vow| intend| plan| want| would like| must| need to| should)\b|"
    r"\blet's\b|\blet us\b"
)
OPINION = re.compile(
    r"\b(historic|wonderful|amazing|incredible|tremendous|beautiful|terrible|horrible|"
    r"disgrace\w*|shameful|fantastic|great|awful|ridiculous|outrageous|sad|unacceptable|"
    r"important|moment|proud|shame|wrong|right thing|should|ought to|must|deserves?|"
    r"i think|i believe|in my (view|opinion)|frankly|honestly)\b"
)
# Rhetoric and loaded words; searched only when one of the cheap hints is in the text.
RHETORIC = re.compile(
    r"\b(welcome news|scandal\w*|insult\w*|crisis|disaster\w*|catastroph\w+|turning point|"
    r"milestone|game[- ]changer|wake-up call|nothing short of|nothing less than|"
    r"tantamount to|amounts to|(is|are|was) a way of|absolutely|unforgivable|"
    r"heartbreaking|devastating|hope|fear)\b"
)
RHETORIC_HINTS = (
    "welcome", "scandal", "insult", "crisis", "disaster", "catastroph", "turning point",
    "milestone", "changer", "wake-up", "nothing ", "tantamount", "amounts to", "a way of",
    "absolutely", "unforgivable", "heartbreaking", "devastating", "hope", "fear",
)  # fmt: skip
HEDGES = re.compile(
    r"\b(maybe|perhaps|might|may|could|possibly|probably|seems?|"
    r"i guess|i suppose|kind of|sort of)\b"
)
PERSONAL = re.compile(
    r"\b(i|we) (was|were|grew up|worked|lived|visited|met|saw|spent|served|lost|went|"
    r"have (seen|worked|lived|met|visited|been)|'ve (seen|worked|lived|met|visited|been))\b|"
    r"\bmy (father|mother|dad|mom|family|son|daughter|wife|husband|brother|sister)\b"
)
CLAUSE_BREAK = re.compile(r"(,? (and|but|while|whereas|yet) |; | - | – | — )")
CONTEXT_TAIL = re.compile(
    r"(?:(?P<when>,\s+(just |only |barely )?(a|an|one|two|three|four|five|six|seven|\d+|"
    r"several|a few|hours|days|weeks|months)?\s*(days?|hours?|weeks?|months?|years?|minutes?)"
    r"\s+(after|before|since|earlier|later)\b)|,? (despite|in spite of|even though|although|"
    r"though|amid|as|after|before|while|when) |, (which|who) |,\s+[a-z]+ing\s)",
    re.I,
)
LEAD_IN = re.compile(
    r"^\s*((and|but|so|well|now|look|listen|first|second|also|yes|no|oh|because|"
    r"in fact|the fact is( that)?|you know|of course)[,]?\s+)+",
    re.I,
)
NUMBER = re.compile(r"(?<![\w.])[$€£¥₹]?\d[\d,]*(\.\d+)?")
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)s?\b")
TIME_EXPR = re.compile(
    r"\b((in|since|by|from|until|before|after|during|between|through) (the )?"
    r"((early |late |mid-?)?(1[89]\d\d|20\d\d)s?( and (1[89]\d\d|20\d\d))?|"
    r"(january|february|march|april|may|june|july|august|september|october|november|"
    r"december)( \d{1,2})?,? ?(1[89]\d\d|20\d\d)?|(last|this|next|past) (year|decade|"
    r"month|week|century)|(first|second|third|fourth) quarter)|(last|this|next) (year|"
    r"decade|month|week)|(over|in) the (last|past|next) \w+ (years|months|decades|weeks)|"
    r"(a|one|two|three|\d+) (years?|decades?|months?) ago|today|yesterday)\b",
    re.I,
)
# Tails cut off a claim that is complete without them (spans only: not a classifier
# feature).  "rel": appositives and relative clauses (", a reliance that ...",
# ", which ..."), concessions; "cause": a reason given for the claim before it.
CUT_TAIL = re.compile(
    r",\s+(?:"
    r"(?P<rel>(?:a|an|the)\s+(?:[\w'’-]+\s+){0,2}?[\w'’-]+\s+(?:that|which|who|whose)\b"
    r"|which\b|who\b|whose\b|where\b|despite\b|in spite of\b|even though\b|although\b)"
    r"|(?P<cause>(?:(?:partly|largely|mainly|mostly|chiefly|in part|in large part)\s+)?"
    r"(?:because\b|due\s+to\b|thanks\s+to\b|owing\s+to\b|as\s+a\s+result\s+of\b)"
    r"|(?:driven|fu?ell?ed|helped|caused|spurred|boosted)\s+(?:\w+\s+)?by\b))",
    re.I,
)
# "between 2015 and 2022", "both 2021 and 2022", "10 and 12": this "and" joins a range
# or a pair, not two clauses.
RANGE_WORDS = frozenset(["between", "both"])
NUMERIC_WORD = re.compile(
    r"[$€£¥₹]?\d[\d,.]*%?|(?:one|two|three|four|five|six|seven|eight|nine|ten|"
    r"twenty|thirty|forty|fifty|hundred|thousand|million|billion)",
    re.I,
)
