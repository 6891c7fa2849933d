"""Regression tests for claim spans in whole articles: line breaks, headings, tails,
ranges and reporting frames.  The sample article is the app's own; the other sentences
were written for these tests."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from claimdesk.core.records import Suggestion
from claimdesk.nlp.lines import breaks_sentence, dateline_end, is_heading
from claimdesk.nlp.suggest import Suggester

SAMPLE_PATH = Path(__file__).resolve().parents[2] / "resources" / "sample"
SAMPLE_PATH = SAMPLE_PATH / "defence-ministers-meet.txt"


@pytest.fixture(scope="module")
def article() -> str:
    return SAMPLE_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def sample(suggester: Suggester, article: str) -> list[Suggestion]:
    return suggester.suggest(article)


def _texts(found: list[Suggestion]) -> list[str]:
    return [s.text for s in found]


def _one(suggester: Suggester, text: str) -> Suggestion:
    (found,) = suggester.suggest(text)
    return found


# 1. Line breaks and headings ----------------------------------------------------------


def test_headline_byline_and_dateline_are_not_suggested(
    sample: list[Suggestion], article: str
) -> None:
    first_prose = article.index("India's defence minister")
    assert all(s.start >= first_prose for s in sample)
    assert all(s.sentence_start >= first_prose for s in sample)
    assert all("\n\n" not in s.text for s in sample)


def test_paragraphs_are_sentence_boundaries(suggester: Suggester) -> None:
    text = (
        "Water bills rise 9% across the region\n\nBy Jane Roe, housing reporter\n\nLEEDS\n\n"
        "Water bills in the city rose by 9 percent in 2024, the regulator said.\n"
    )
    s = _one(suggester, text)
    assert s.text == "Water bills in the city rose by 9 percent in 2024"
    assert s.claimant == "the regulator"
    assert s.sentence_start == text.index("Water bills in")


@pytest.mark.parametrize("quotes", ["“”", '""'])
def test_an_opening_quote_starts_the_next_sentence(quotes: str) -> None:
    # the sentencizer left a straight opening quote at the end of the sentence before
    from claimdesk.nlp.pipeline import sentence_splitter

    o, c = quotes
    text = f"{o}We hired 300 nurses,{c} Berg said. {o}It is the most in fifty years.{c} He left."
    sents = [s.text for s in sentence_splitter()(text).sents]
    assert sents == [
        f"{o}We hired 300 nurses,{c} Berg said.",
        f"{o}It is the most in fifty years.{c}",
        "He left.",
    ]


def test_headline_on_a_single_newline(suggester: Suggester) -> None:
    text = (
        "Ferry fares double on island routes\nFerry fares doubled in 2023 on three routes "
        "to the northern islands, where most residents depend on the boats."
    )
    assert _texts(suggester.suggest(text)) == [
        "Ferry fares doubled in 2023 on three routes to the northern islands"
    ]


def test_hard_wrapped_prose_is_one_sentence(suggester: Suggester) -> None:
    text = (
        "The harbour authority handled 4.2 million containers in 2023, up from\n"
        "3.9 million a year earlier, and expects\nmore this year.\n"
    )
    found = suggester.suggest(text)
    assert found and found[0].sentence_start == 0
    assert found[0].sentence_end >= text.index("more this year")


@pytest.mark.parametrize("width", [60, 72, 80])
def test_hard_wrapped_sample_gives_the_same_claims(
    suggester: Suggester, sample: list[Suggestion], article: str, width: int
) -> None:
    wrapped = "\n\n".join(textwrap.fill(p, width) for p in article.split("\n\n"))
    found = [s.text.replace("\n", " ") for s in suggester.suggest(wrapped)]
    assert found == _texts(sample)


def test_list_items_and_single_lines_are_still_read(suggester: Suggester) -> None:
    text = "- Exports rose 40% in 2023\n- Imports fell 10% in 2023\n"
    assert _texts(suggester.suggest(text)) == [
        "Exports rose 40% in 2023",
        "Imports fell 10% in 2023",
    ]
    assert _texts(suggester.suggest("Exports rose 40% in 2023\n")) == ["Exports rose 40% in 2023"]


def test_inline_dateline_is_left_out(suggester: Suggester) -> None:
    s = _one(suggester, "NEW DELHI — Rice exports fell 20 percent in 2023.")
    assert s.text == "Rice exports fell 20 percent in 2023"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Headline here\n\nBody.", True),
        ("A line ending in a full stop.\nNext", True),
        ("Minister in Paris\nTalks between the two ministers begin on Thursday.", True),
        ("Prose wrapped at a fixed width next year in New\nDelhi.", False),
        ("rose by a third in\nthe last year", False),
        ("the minister and his French\ncounterpart", False),
        ("up from\n3.9 million", False),
        ("a list,\nNext", False),
    ],
)
def test_breaks_sentence(text: str, expected: bool) -> None:
    at = text.index("\n")
    end = at + len(text[at:]) - len(text[at:].lstrip())
    assert breaks_sentence(text, at, end) is expected


def test_is_heading_and_dateline() -> None:
    text = "Big headline\n\nBy A. Writer.\n\nPARIS\n\nProse starts here.\n- a bullet\nEnd"
    for line in ("Big headline", "By A. Writer.", "PARIS"):
        start = text.index(line)
        assert is_heading(text, start, start + len(line)), line
    start = text.index("Prose")
    assert not is_heading(text, start, start + len("Prose starts here."))
    start = text.index("- a bullet")
    assert not is_heading(text, start, start + len("- a bullet"))
    assert not is_heading(text, text.index("End"), len(text))  # last line: nothing after
    assert dateline_end("PARIS — Talks began.", 0) == len("PARIS — ")
    assert dateline_end("Paris is big.", 0) == 0


# 2. Appositive, relative and causal tails ---------------------------------------------


def test_sample_appositive_tail_is_cut(sample: list[Suggestion]) -> None:
    texts = _texts(sample)
    assert "India is the world's largest arms importer" in texts
    assert "depends on Russia for nearly half of its arms supplies" in texts


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        (
            "Rail ridership fell 14% in 2023, a decline that operators have tried to reverse "
            "with cheaper tickets.",
            "Rail ridership fell 14% in 2023",
        ),
        (
            "The county employs 3,200 nurses, which is fewer than it did in 2015.",
            "The county employs 3,200 nurses",
        ),
        (
            "Tourist arrivals rose 30 percent last year, despite the closure of the airport.",
            "Tourist arrivals rose 30 percent last year",
        ),
    ],
)
def test_tails_are_cut(suggester: Suggester, text: str, claim: str) -> None:
    assert _texts(suggester.suggest(text)) == [claim]


def test_causal_tail_becomes_its_own_causal_claim(suggester: Suggester) -> None:
    text = (
        "Milk prices fell by 8 percent in 2022, partly because supermarkets cut their "
        "margins on dairy."
    )
    head, cause = suggester.suggest(text)
    assert head.text == "Milk prices fell by 8 percent in 2022"
    assert cause.text == "partly because supermarkets cut their margins on dairy"
    assert "causal" in cause.kinds and "causal" not in head.kinds
    assert cause.facets["cause_of"] == head.text
    assert cause.score < head.score


# 3. Ranges are not clause breaks ------------------------------------------------------


def test_sample_range_and_cause(sample: list[Suggestion]) -> None:
    by_text = {s.text: s for s in sample}
    exports = by_text[
        "exports of French military equipment to India rose by more than four times "
        "between 2015 and 2022"
    ]
    assert exports.claimant == "the French ministry"
    rafale = by_text["driven mostly by the sale of 36 Rafale fighter jets"]
    assert "causal" in rafale.kinds and rafale.claimant == "the French ministry"
    assert not any(t.endswith("between 2015") or t.startswith("2022") for t in by_text)


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        (
            "Wheat output rose by a third between 2010 and 2020.",
            "Wheat output rose by a third between 2010 and 2020",
        ),
        ("Prices rose 4% in both 2021 and 2022.", "Prices rose 4% in both 2021 and 2022"),
        (
            "The bridge carries between 40,000 and 50,000 vehicles a day.",
            "The bridge carries between 40,000 and 50,000 vehicles a day",
        ),
    ],
)
def test_ranges_stay_whole(suggester: Suggester, text: str, claim: str) -> None:
    assert _texts(suggester.suggest(text)) == [claim]


def test_real_clause_breaks_still_split(suggester: Suggester) -> None:
    text = "Exports rose 12% in 2023 and imports fell by a fifth between 2019 and 2023."
    assert _texts(suggester.suggest(text)) == [
        "Exports rose 12% in 2023",
        "imports fell by a fifth between 2019 and 2023",
    ]


# 4. Reporting frames become the claimant ----------------------------------------------


def test_sample_reporting_frames(sample: list[Suggestion]) -> None:
    by_text = {s.text: s for s in sample}
    jobs = by_text[
        "the agreement would create about 2,000 jobs in French shipyards over the next decade"
    ]
    assert jobs.claimant in ("The French minister", "French minister")
    imports = by_text["India's imports of weapons fell by 11 percent over the last five years"]
    assert imports.claimant == "Analysts at a Paris research institute"
    rules = next(s for s in sample if s.text.startswith("Both governments are bound"))
    assert rules.text.endswith("every transfer of military technology")
    assert rules.claimant == "a French official"


@pytest.mark.parametrize(
    ("text", "claimant", "claim"),
    [
        (
            "The transport secretary said the new line would carry 40,000 passengers a day.",
            "The transport secretary",
            "the new line would carry 40,000 passengers a day",
        ),
        (
            "Researchers at the coastal university said that sea levels rose 9 cm since 1990.",
            "Researchers at the coastal university",
            "sea levels rose 9 cm since 1990",
        ),
        (
            "Hospital waiting lists grew by 7 percent last year, a senior health official "
            "said, adding that the winter would be hard.",
            "a senior health official",
            "Hospital waiting lists grew by 7 percent last year",
        ),
        (
            "The two mayors said in a joint statement that bus use rose 11% in 2024.",
            "The two mayors",
            "bus use rose 11% in 2024",
        ),
    ],
)
def test_reporting_frames(suggester: Suggester, text: str, claimant: str, claim: str) -> None:
    assert [(s.claimant, s.text) for s in suggester.suggest(text)] == [(claimant, claim)]


# 5. Feelings, promises and occasions are not claims -----------------------------------


def test_sample_quotes_without_claims(sample: list[Suggestion]) -> None:
    for sentence in (
        "This is a historic moment for both our nations",
        "We will give our engineers the time they need",
        "We are proud of what our teams have achieved",
    ):
        assert not any(sentence in s.text or s.text in sentence for s in sample), sentence


@pytest.mark.parametrize(
    "text",
    [
        '"This is a great day for both our cities," the mayor said.',
        '"We will give our nurses the support they need," the minister told reporters.',
        '"We are proud of what our volunteers have built," she said.',
    ],
)
def test_quoted_feelings_and_promises(suggester: Suggester, text: str) -> None:
    assert suggester.suggest(text) == []


def test_sample_suggestions_in_order(sample: list[Suggestion], article: str) -> None:
    for s in sample:
        assert article[s.start : s.end] == s.text
        assert s.sentence_start <= s.start < s.end <= s.sentence_end
    assert [s.start for s in sample] == sorted(s.start for s in sample)


def test_quoted_phrase_inside_the_writers_sentence(suggester: Suggester) -> None:
    text = 'The mayors said the two towns would "share what they build together," in a letter.'
    assert suggester.suggest(text) == []
    s = _one(suggester, 'The mayors said the towns "cut bus fares by 20% in 2023."')
    assert (s.text, s.claimant) == ("cut bus fares by 20% in 2023", "The mayors")
