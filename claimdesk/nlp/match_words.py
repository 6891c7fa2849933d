"""The words claim matching knows: stop words, negations, newsroom synonyms, irregular
forms and other names of the same subject, and a light English lemmatiser.

Plain tables and string rules, kept apart from ``claimdesk.nlp.matching`` (which
tokenises and compares) so that each stays small enough to read.
"""

from __future__ import annotations


def split_words(text: str) -> list[str]:
    return text.split()


def word_pairs(text: str) -> dict[str, str]:
    return dict(pair.replace("_", " ").split(":") for pair in text.split())


STOP = frozenset(
    split_words(
        "a an the and or but if of to in on at by for from with into onto over under about as "
        "than then that this these those there here it its it's they them their he she his "
        "her we our you your i me my is are was were be been being am has have had do does "
        "did will would shall should can could may might must so such very also just only "
        "still even which who whom whose what when where why how all any each every both some "
        "much many more most less least other another same own per via up down out off again "
        "further once said say says saying told tells according claimed claims claim stated "
        "states reported reports report reportedly suggest suggests show shows showed percent "
        "cent pct s 's nearly almost approximately roughly around close estimated between "
        "after before since during go goes went gone going take takes took taken"
    )
)
NEGATIONS = frozenset(split_words("not n't never no nor neither nobody nothing none cannot"))
# Lemma -> concept.  Kept to plain newsroom vocabulary so paraphrases meet; every word
# that states a direction maps to "up" or "down" so "rose" never matches "fell".
CONCEPT_WORDS = {
    "weapon": "arm arms weapon weapons weaponry armament armaments",
    "obtain": "get gets got receive obtain source buy bought purchase import imports come "
    "came depend depends rely relies supply supplies supplier suppliers",
    "up": "rise rose risen increase grow grew grown climb jump soar surge gain expand boost "
    "higher highest double doubled triple",
    "down": "fall fell fallen drop decline decrease shrink shrank slump plunge cut reduce "
    "lower lowest halve halved",
    "unemployment": "unemployment jobless joblessness",
    "child": "child children kid kids",
    "company": "company companies firm firms business businesses",
    "country": "country countries nation nations",
    "spend": "spend spent spending expenditure",
    "die": "die died death deaths dead fatality fatalities kill killed",
    "house": "house houses home homes housing",
    "large": "largest biggest top",
    "support": "support supports supported back backs backed favour favor",
    "earn": "earn earns earned paid",
}
CONCEPTS = {w: concept for concept, ws in CONCEPT_WORDS.items() for w in split_words(ws)}
IRREGULAR = word_pairs(
    "is:be are:be was:be were:be been:be got:get gotten:get came:come fell:fall fallen:fall "
    "rose:rise risen:rise grew:grow grown:grow bought:buy sold:sell spent:spend paid:pay "
    "made:make took:take gave:give went:go children:child men:man women:woman lives:life "
    "shrank:shrink won:win lost:lose led:lead built:build"
)
# Names written differently for the same subject.
ALIASES = word_pairs(
    "us:united_states u.s.:united_states u.s:united_states usa:united_states "
    "america:united_states american:united_states uk:united_kingdom u.k.:united_kingdom "
    "britain:united_kingdom british:united_kingdom eu:european_union chinese:china "
    "french:france german:germany russian:russia indian:india pakistani:pakistan "
    "ukrainian:ukraine japanese:japan welsh:wales scottish:scotland scots:scotland "
    "irish:ireland english:england spanish:spain italian:italy dutch:netherlands "
    "mexican:mexico canadian:canada brazilian:brazil polish:poland australian:australia "
    "israeli:israel iranian:iran turkish:turkey swedish:sweden nigerian:nigeria "
    "kenyan:kenya european:europe"
)
PHRASAL = frozenset(split_words("made make makes making set sets end ends ended turn turned sum"))


def lemma(word: str) -> str:
    """A light English lemma: enough for "imports"/"imported"/"importing" to meet."""
    w = word.lower().removesuffix("'s").removesuffix("\u2019s")
    if w in IRREGULAR:
        return IRREGULAR[w]
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 4 and w.endswith(("sses", "xes", "ches", "shes", "zes")):
        w = w[:-2]
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if len(w) > 5 and w.endswith("ing"):
        w = w[:-3]
    elif len(w) > 4 and w.endswith("ied"):
        w = w[:-3] + "y"
    elif len(w) > 4 and w.endswith("ed"):
        w = w[:-2]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
        w = w[:-1]  # running -> runn -> run
    return w[:-1] if len(w) > 3 and w.endswith("e") else w  # increase = increas(ed)
