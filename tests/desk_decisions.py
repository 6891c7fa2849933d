"""A desk whose analyst always dismisses one kind of sentence, for the adaptation tests.

The articles are written here from templates: figures about the economy now (the desk
checks those: suggestions there are accepted), the history of buildings and places (the
desk never checks those: every suggestion there is dismissed) and plain sentences.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

PLACES = ["Harbourside", "Elmford", "Northgate", "Kestrel Bay", "Millbrook", "Ashby", "Redcliffe"]
THINGS = ["bridge", "town hall", "railway station", "cathedral", "library", "market hall"]
BODIES = ["the statistics office", "the central bank", "the labour ministry", "the council"]

ECONOMY = [
    "Unemployment in {place} rose to {n}.{d} percent in {month}, {body} said.",
    "Prices of food in {place} climbed {n} percent over the past year, according to {body}.",
    "{body_cap} said {place} lost {n},{k}00 jobs in manufacturing since January.",
    "Rents in {place} have gone up by {n} percent in twelve months, {body} reported.",
    "The region's economy shrank {d}.{n} percent in the third quarter, {body} said.",
    "Wages in {place} grew only {d}.{n} percent this year while inflation reached {n} percent.",
]
HISTORY = [
    "The {thing} in {place} was built in {year} and opened to the public a year later.",
    "{place}'s {thing} was designed by an architect from Lyon and completed in {year}.",
    "The old {thing} of {place} burned down in {year} and was rebuilt within a decade.",
    "In {year} the {thing} at {place} became the first in the county to have electric light.",
    "The {thing} in {place} dates from {year}, when the town had fewer than {n},000 people.",
    "{place} got its {thing} in {year}, paid for by a wealthy wool merchant.",
]
PLAIN = [
    "Reporters gathered outside the building on a cold morning.",
    "The meeting went on until late in the evening.",
    "Residents shared their views at the public session.",
    "More details are expected in the coming weeks.",
]
MONTHS = ["March", "April", "May", "June", "September", "October"]


@dataclass(frozen=True)
class Sentence:
    text: str
    kind: str  # "economy", "history" or "plain"


def sentence(kind: str, rng: random.Random) -> Sentence:
    template = rng.choice({"economy": ECONOMY, "history": HISTORY, "plain": PLAIN}[kind])
    body = rng.choice(BODIES)
    text = template.format(
        place=rng.choice(PLACES),
        thing=rng.choice(THINGS),
        body=body,
        body_cap=body[0].upper() + body[1:],
        month=rng.choice(MONTHS),
        year=rng.randint(1820, 1935),
        n=rng.randint(2, 19),
        d=rng.randint(1, 9),
        k=rng.randint(1, 9),
    )
    return Sentence(text, kind)


def article(rng: random.Random) -> list[Sentence]:
    kinds = ["economy"] * 3 + ["history"] * 3 + ["plain"] * 2
    rng.shuffle(kinds)
    return [sentence(k, rng) for k in kinds]


def articles(count: int, seed: int = 11) -> list[list[Sentence]]:
    rng = random.Random(seed)
    return [article(rng) for _ in range(count)]


def text_of(sentences: list[Sentence]) -> str:
    return "Regional news\n\n" + " ".join(s.text for s in sentences) + "\n"


def kind_at(sentences: list[Sentence], text: str, start: int) -> str:
    """The kind of the sentence holding character ``start`` of ``text_of(sentences)``."""
    pos = text.index(sentences[0].text)
    for s in sentences:
        if pos <= start < pos + len(s.text) + 1:
            return s.kind
        pos += len(s.text) + 1
    return "plain"


def build_desk(session: object, count: int = 16, seed: int = 11) -> dict[str, int]:
    """Articles on the desk, every suggestion acted on: accepted in the economy sentences,
    dismissed elsewhere (always in the history ones).  Returns what was done."""
    from claimdesk.core import articles as core_articles
    from claimdesk.core import suggestions
    from claimdesk.core.records import ArticleDraft
    from claimdesk.nlp.suggest import Suggester

    suggester = Suggester("blank")
    done = {"accepted": 0, "dismissed": 0, "dismissed_history": 0}
    texts = [text_of(a) for a in articles(count, seed)]
    found_all = suggester.suggest_many(texts)
    for sentences, text, found in zip(articles(count, seed), texts, found_all, strict=True):
        info = core_articles.add_article(session, ArticleDraft(text=text, title="Regional news"))  # type: ignore[arg-type]
        for s in found:
            kind = kind_at(sentences, text, s.start)
            if kind == "economy":
                suggestions.accept_suggestion(session, info.id, s, actor="analyst")  # type: ignore[arg-type]
                done["accepted"] += 1
            else:
                suggestions.dismiss_suggestion(session, info.id, s, actor="analyst")  # type: ignore[arg-type]
                done["dismissed"] += 1
                done["dismissed_history"] += kind == "history"
    return done
