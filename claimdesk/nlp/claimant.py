"""Who made a claim, across an article.  One sentence's frame ("X said", "according to
X", quotes, "a study found") is found by ``claimdesk.nlp.frames``.

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
from dataclasses import replace

from claimdesk.nlp import lexicon as lx
from claimdesk.nlp.frames import (
    Attribution,
    _who,
    find_attribution,
)
from claimdesk.nlp.speaker_patterns import (
    ARTICLE,
    CAP,
    DATE_WORDS,
    FUNCTION,
    HINT,
    NAME,
    QUOTE,
    ROLES_RE,
    TITLE,
    VERB_AHEAD,
    VERBS,
)

__all__ = ["Attribution", "ClaimantResolver", "find_attribution"]


def _norm(name: str) -> str:
    return ARTICLE.sub("", name.strip().replace("'", "’")).lower()


_ORG_STATEMENT = re.compile(
    r"^(?:(?:[Tt]he|[Aa]n?)\s+)?(?!(?:The|An?)\s)(?P<org>(?:[A-Z][\w’'-]*\s+)+)statement$"
)
_NOUN_BEFORE = re.compile(
    r"\b(company|firm|group|regulator|agency|union|charity|party|club|bank|carrier|"
    r"airline|operator|broadcaster|newspaper|ministry|council)\s+$",
    re.I,
)
_COMPANY_WORDS = frozenset(["firm", "group", "carrier", "airline", "operator", "bank"])
_PRE_NAME = re.compile(rf"(?:{CAP}\s+){{1,4}}$")
_POST_NAME = re.compile(rf"(?:\s+{CAP}){{1,2}}")
_SOME_STATEMENT = re.compile(
    r"^(?:[Tt]he|[Aa]n?)\s+(?P<body>(?:[a-z][\w’'-]*\s+){0,2}[a-z][\w’'-]*)\s+statement$"
)
_DEFINITE = re.compile(r"^[Tt]he\s+(?P<rest>(?:[\w’'-]+\s+){0,3}[\w’'-]+)$")
# "Monday's statement", "Yesterday's data": a date's possessive is "the", never a name.
_DATE_POSSESSIVE = re.compile(rf"^(?:{DATE_WORDS})[’']s\s+", re.I)
# "The Health Ministry issued a statement. ... The statement said": who issued it.
_ISSUED_NOUNS = ("statement", "report", "data", "figures", "study", "survey")
_ISSUED = re.compile(
    rf"(?P<who>{NAME})\s+(?:has\s+|had\s+)?(?:issued|released|published|put out)\s+"
    rf"(?:a|an|its|new)\s+(?:[\w’'-]+\s+){{0,2}}?(?P<noun>{'|'.join(_ISSUED_NOUNS)})\b"
)


_HE_SHE = re.compile(rf"\b(?:he|she)\s+(?:\w+\s+){{0,2}}?(?:{VERBS})\b")
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
    rf"(?:{CAP}\s+){{0,2}}{TITLE}\s+{CAP}(?:\s+{CAP}){{0,2}}"
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
        self._at = 0  # where the sentence being read starts

    def attribute(
        self,
        sent: str,
        start: int = 0,
        ents: list[tuple[int, int, str]] | None = None,
        reporting: bool | None = None,
    ) -> Attribution | None:
        """The attribution of the sentence ``sent`` found at ``start`` in the text;
        ``reporting`` is whether it has a reporting verb, when the caller knows."""
        self._at = start
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
        if not (reporting or HINT.search(sent)):
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
        if not VERB_AHEAD.match(tail):
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
        claimant = _DATE_POSSESSIVE.sub("the ", claimant)
        m = _ORG_STATEMENT.match(claimant)
        if m is not None:  # "The Treasury's statement": the Treasury
            return self.resolve(re.sub(r"[’']s$", "", m.group("org").strip()))
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
            if rest in _ISSUED_NOUNS:  # "the statement": who issued one, if the text says
                issued = [
                    i
                    for i in _ISSUED.finditer(self.text, max(0, self._at - 3000), self._at)
                    if i.group("noun") == rest
                ]
                if issued:
                    return issued[-1].group("who")
        return claimant

    def _full_name(self, word: str) -> str | None:
        if word in self._names:
            return self._names[word]
        found: str | None = None
        if ROLES_RE.fullmatch(word.lower()):
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
                while pre and pre[0].lower() in FUNCTION:
                    pre.pop(0)
                post = post_m.group(0).split() if post_m else []
                if pre or post:
                    found = " ".join([*pre, word, *post])
                    break
        self._names[word] = found
        return found
