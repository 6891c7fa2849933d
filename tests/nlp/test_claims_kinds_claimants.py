"""One claim per suggestion, claimants and kinds, on real text: the seed article in
../shared/seed (skipped when absent) and the project's own sets in tests/data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from claimdesk.core.records import Suggestion
from claimdesk.nlp.components import claimants_by_sentence
from claimdesk.nlp.evaluate import (
    claimant_matches,
    claimant_scores,
    prf,
    read_claimant_set,
    read_news_validation,
    suggester_flags,
)
from claimdesk.nlp.pipeline import installed_english_pipelines, load_pipeline
from claimdesk.nlp.suggest import Suggester

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data"
NEWS = DATA / "checkworthiness" / "news_validation.tsv"
NEWS_SELECTION = DATA / "checkworthiness" / "news_selection.tsv"
CLAIMANTS = DATA / "claimants.tsv"
HELD_OUT = DATA / "claimants_heldout.tsv"
HELD_OUT_2 = DATA / "claimants_heldout2.tsv"
SEED_DIR = REPO.parent / "shared" / "seed"
DATE_WORDS = re.compile(
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday)\b", re.I
)


@pytest.fixture(scope="module")
def seed(suggester: Suggester) -> tuple[str, list[Suggestion]]:
    files = sorted(SEED_DIR.glob("*.txt")) if SEED_DIR.is_dir() else []
    if not files:
        pytest.skip(f"{SEED_DIR} is absent: ../shared/seed exists only in development checkouts")
    text = files[0].read_text(encoding="utf-8")
    return text, suggester.suggest(text)


def _by_start(found: list[Suggestion], words: str) -> Suggestion:
    return next(s for s in found if s.text.startswith(words))


# 3. One claim, one suggestion --------------------------------------------------------


def test_seed_last_sentence_gives_two_claims(seed: tuple[str, list[Suggestion]]) -> None:
    text, found = seed
    last = text.index("The South Asian country is")
    mine = [s for s in found if s.sentence_start == last]
    assert [s.text for s in mine] == [
        "The South Asian country is the world’s largest arms importer",
        "depends on Russia for nearly half of its arms supplies",
    ]
    assert "comparison" in mine[0].kinds and "quantity" in mine[1].kinds


def test_seed_spans_end_at_the_end_of_the_claim(seed: tuple[str, list[Suggestion]]) -> None:
    _, found = seed
    first = _by_start(found, "it was not trying")
    assert first.text.endswith("in the Indo-Pacific")
    assert not any(s.text.endswith((", a day", " a", " the", " of")) for s in found)


@pytest.mark.parametrize(
    ("text", "claims"),
    [
        (
            "The minister said the port had doubled its capacity since 2019 and that "
            "the new terminal cost 300 million euros.",
            [
                "the port had doubled its capacity since 2019",
                "the new terminal cost 300 million euros",
            ],
        ),
        (
            "The region is the country's largest producer of barley and exports 40% of "
            "its harvest to Egypt.",
            [
                "The region is the country's largest producer of barley",
                "exports 40% of its harvest to Egypt",
            ],
        ),
        (
            "Unemployment rose to 5.1% in March, a day after the central bank cut rates.",
            ["Unemployment rose to 5.1% in March"],
        ),
        (
            "“Exports of grain fell by a third last year,” the ministry said, adding that "
            "the harvest had shrunk for the second year running.",
            [
                "Exports of grain fell by a third last year",
                "the harvest had shrunk for the second year running",
            ],
        ),
    ],
)
def test_one_claim_per_suggestion(suggester: Suggester, text: str, claims: list[str]) -> None:
    assert [s.text for s in suggester.suggest(text, min_score=0.2)] == claims


def test_one_modal_over_two_verbs_is_one_claim(suggester: Suggester) -> None:
    text = "The agency will build 400 homes in the valley and connect them to the new rail line."
    (s,) = suggester.suggest(text)
    assert s.text == text.rstrip(".")
    assert "prediction" in s.kinds


# 4. Claimants ------------------------------------------------------------------------


def test_seed_claimants(seed: tuple[str, list[Suggestion]]) -> None:
    _, found = seed
    assert not any(s.claimant and DATE_WORDS.search(s.claimant) for s in found)
    assert _by_start(found, "such alliances could").claimant == (
        "China’s Defense Minister Li Shangfu"
    )
    assert _by_start(found, "NATO would open").claimant == "reports"
    assert _by_start(found, "they established a new roadmap").claimant == (
        "US Defense Secretary Lloyd Austin"
    )
    # A quote running over two sentences belongs to the speaker named after it: the
    # second sentence as a suggestion; the first, which model 1.1.0 no longer suggests
    # (a rhetorical "As the world's two largest democracies, ..."), by the resolver the
    # spotter uses, read over every sentence.
    assert _by_start(found, "Since I last visited India").claimant == (
        "US Defense Secretary Lloyd Austin"
    )
    text, _ = seed
    first = text.index("As the world’s two largest")
    (who,) = [
        who
        for start, end, who in claimants_by_sentence(load_pipeline("blank")(text))
        if start <= first < end
    ]
    assert who == "US Defense Secretary Lloyd Austin"
    assert _by_start(found, "Both sides will identify").claimant == "Indian Defense Ministry"
    # The writer's own statements have no claimant.
    assert _by_start(found, "The South Asian country").claimant is None


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        ("The council on Monday said bus use rose 11% in 2024.", "The council"),
        ("Mayor Ana Ruiz on Sunday told reporters that crime fell 8% last year.", "Mayor Ana Ruiz"),
        (
            "Water use fell last year. “We used 9% less water than in 2020,” said engineer "
            "Tom Hale.",
            "Tom Hale",
        ),
        (
            "Energy firm Voltway said on Friday it had 2 million customers. The company said "
            "its profits fell by 40%.",
            "Voltway",
        ),
        (
            "Defence Minister Ines Kolar said spending rose 5% in 2024. Kolar said the army "
            "had 30,000 soldiers.",
            "Defence Minister Ines Kolar",
        ),
        (
            "Rail use rose 9% in 2024, according to a Transport Ministry statement. The "
            "statement said 40 new trains entered service.",
            "Transport Ministry",
        ),
    ],
)
def test_claimant_of_the_last_claim(suggester: Suggester, text: str, claimant: str) -> None:
    found = suggester.suggest(text)
    assert found and found[-1].claimant == claimant


@pytest.mark.parametrize(
    ("text", "claim", "claimant"),
    [
        (  # "he" is the person named in the sentence before, speaking or not
            "Rovers manager Ann Lee said the club made a profit. The Northgate manager "
            "complained about the referee. “We lost 3-1 because of two penalties,” he said.",
            "We lost 3-1 because of two penalties",
            "The Northgate manager",
        ),
        (  # the splitter cuts after "?" and "!": the frame in the next sentence still
            # names her (a quote that asks is not suggested: test_combine.py)
            "“Who pays for the 40 new buses?” asked Ms Dale. “We spent 12 million on them "
            "last year!” said councillor Rita Dale.",
            "We spent 12 million on them last year",
            "Rita Dale",
        ),
        (
            "Bills rose 8% in 2024, according to the regulator Ofgem.",
            "Bills rose 8% in 2024",
            "the regulator Ofgem",
        ),
        (  # a relative clause without a comma is part of the claim
            "Dr Ana Ross said that people who slept less were 20% more likely to smoke.",
            "people who slept less were 20% more likely to smoke",
            "Dr Ana Ross",
        ),
        (
            "Critics said that was 30% less than promised in 2020.",
            "that was 30% less than promised in 2020",
            "Critics",
        ),
        (  # a day's possessive is no claimant: the body that issued the statement is
            "The Health Ministry issued a statement. Monday's statement said 40 people died.",
            "40 people died",
            "The Health Ministry",
        ),
        (
            "Yesterday's figures showed exports rose 8% in the third quarter.",
            "exports rose 8% in the third quarter",
            "the figures",
        ),
        (  # a body's possessive is the body, by the name the article gave it
            "The Treasury said on Monday that borrowing fell to 12 billion pounds. The "
            "Treasury's statement said the deficit had narrowed for a third month.",
            "the deficit had narrowed for a third month",
            "The Treasury",
        ),
    ],
)
def test_claimants_in_context(suggester: Suggester, text: str, claim: str, claimant: str) -> None:
    found = {s.text: s.claimant for s in suggester.suggest(text, min_score=0.0)}
    assert found.get(claim, "(no such claim)") == claimant, found


def test_writers_own_statements_have_no_claimant(suggester: Suggester) -> None:
    found = suggester.suggest(
        "The minister said on Monday that 3,000 nurses had been hired. Hospitals in the "
        "north treated 12% more patients in 2024 than in 2023."
    )
    assert [s.claimant for s in found] == ["The minister", None]


def test_claimant_set_precision_and_recall() -> None:
    nlp = load_pipeline("blank")
    rows = read_claimant_set(CLAIMANTS)
    assert len(rows) >= 60 and sum(1 for r in rows if not r[3]) >= 5
    precision, recall, counts = claimant_scores(nlp, CLAIMANTS)
    assert counts["gold"] == sum(1 for r in rows if r[3])
    assert precision >= 0.95 and recall >= 0.95, (precision, recall, counts)
    for held_out in (HELD_OUT, HELD_OUT_2):
        precision, recall, _ = claimant_scores(nlp, held_out)
        assert precision >= 0.85 and recall >= 0.85, (held_out.name, precision, recall)


def test_claimants_with_a_trained_pipeline() -> None:
    installed = installed_english_pipelines()
    if not installed:
        pytest.skip("no trained English spaCy pipeline is installed (the blank one is tested)")
    precision, recall, _ = claimant_scores(load_pipeline(installed[0]), CLAIMANTS)
    assert precision >= 0.9 and recall >= 0.9


@pytest.mark.parametrize(
    ("predicted", "golds", "expected"),
    [
        ("Norway’s Defence Minister Ingrid Holm", ("Ingrid Holm",), True),
        ("the Housing Council", ("Housing Council",), True),
        ("Holm", ("Ingrid Holm",), False),
        ("Monday", ("Ingrid Holm",), False),
        (None, (), True),
        ("The mayor", (), False),
        ("Li Shangfu", ("China's Defense Minister Li Shangfu",), True),
    ],
)
def test_claimant_matching(predicted: str | None, golds: tuple[str, ...], expected: bool) -> None:
    assert claimant_matches(predicted, golds) is expected


# 5. Kinds ----------------------------------------------------------------------------


def test_seed_kinds(seed: tuple[str, list[Suggestion]]) -> None:
    _, found = seed
    both = _by_start(found, "Both sides will identify")
    assert "prediction" in both.kinds
    assert "quantity" not in both.kinds and "trend" not in both.kinds
    li = _by_start(found, "such alliances could")  # "Li warned such alliances could ..."
    assert "prediction" in li.kinds and "trend" not in li.kinds
    assert "change over time" not in li.reason, li.reason  # the reason names what it is
    assert "comparison" not in _by_start(found, "NATO would open").kinds
    assert not any(s.text.startswith("Attempts to push") for s in found)  # rhetoric


@pytest.mark.parametrize(
    "sentence",
    [
        "The city will open three new schools by 2027.",
        "The company plans to cut 2,000 jobs next year.",
        "We will build 10,000 homes within five years.",
        "The regulator warned that bills could rise by 10% in April.",
        "The mayor has promised to plant 5,000 trees in the city.",
    ],
)
def test_promises_plans_and_warnings_are_predictions(suggester: Suggester, sentence: str) -> None:
    found = suggester.suggest(sentence)
    assert found and "prediction" in found[0].kinds, sentence
    assert "trend" not in found[0].kinds


@pytest.mark.parametrize(
    "sentence",
    [
        "This is welcome news for every family in the country.",
        "Their plan is nothing short of a disaster.",
        "The proposal is a way of punishing the poor.",
        "We will never give up on this town.",
    ],
)
def test_opinions_and_rhetoric_are_not_suggested(suggester: Suggester, sentence: str) -> None:
    assert suggester.suggest(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "ranking"),
    [
        ("The bank opened its first branch in the north in March.", False),
        ("She became the first woman to lead the central bank in 2019.", True),
        ("The port is the busiest in the country.", True),
        ("The two countries signed a trade deal in 2021.", False),
    ],
)
def test_ranking_only_for_real_rankings(suggester: Suggester, sentence: str, ranking: bool) -> None:
    found = suggester.suggest(sentence, min_score=0.0)
    assert found
    assert ("comparison" in found[0].kinds) is ranking
    if "two countries" in sentence:
        assert "quantity" not in found[0].kinds  # "the two countries" names, it does not count


# The whole suggester on the project's news validation set -----------------------------


@pytest.mark.parametrize("path", [NEWS, NEWS_SELECTION], ids=["validation", "selection"])
def test_news_set_shape(path: Path) -> None:
    rows = read_news_validation(path)
    assert len(rows) >= 300
    assert len({r[0] for r in rows}) == len(rows)
    assert len({r[0].rsplit("-", 1)[0] for r in rows}) >= 10
    claims = sum(1 for r in rows if r[2])
    assert 0.25 < claims / len(rows) < 0.6


def test_the_selection_and_validation_sets_share_no_article_or_sentence() -> None:
    validation, selection = read_news_validation(NEWS), read_news_validation(NEWS_SELECTION)
    assert not {r[0].rsplit("-", 1)[0] for r in validation} & {
        r[0].rsplit("-", 1)[0] for r in selection
    }
    # "By Staff Reporter" is in both; no sentence of the body is
    body = [{r[1] for r in rows if len(r[1].split()) > 4} for rows in (validation, selection)]
    assert not body[0] & body[1]


def test_suggester_on_the_news_validation_set(suggester: Suggester) -> None:
    rows = read_news_validation(NEWS)
    flags = suggester_flags(suggester, NEWS)
    precision, recall, f1, counts = prf([r[2] for r in rows], flags)
    non_claims_flagged = counts["fp"] / (counts["fp"] + counts["tn"])
    # Reported in docs/model-card.md (model 1.1.0: F1 0.799, 29.8% of the plain
    # non-claims flagged, with the combination fitted on the selection set; the hand-set
    # one gives 0.751 and 39.6%; 1.0.0 gave 0.837 and 21%). On an AMD EPYC with AVX-512
    # the same files give 0.801 and 29.3%: int8 scores differ a little by CPU (the card's
    # "Across CPUs"), so the bars leave two or three sentences' room below the shipped
    # figures and stay well clear of the hand-set ones.
    assert f1 >= 0.78 and recall >= 0.9, (precision, recall, f1)
    assert non_claims_flagged <= 0.32, non_claims_flagged


def test_entities_from_the_pipeline_are_used() -> None:
    """A pipeline with entities (here spaCy's entity ruler on the blank pipeline, as a
    trained one would give them) keeps the claimants right."""
    nlp = load_pipeline("blank")
    ruler = nlp.add_pipe("entity_ruler", before="claim_spotter")
    names = {g for r in read_claimant_set(CLAIMANTS) for g in r[3] if g[:1].isupper()}
    names.add("Lara Voss")
    ruler.add_patterns(  # type: ignore[attr-defined]
        [{"label": "PERSON", "pattern": n} for n in names if " " in n]
    )
    precision, recall, _ = claimant_scores(nlp, CLAIMANTS)
    assert precision >= 0.95 and recall >= 0.95
    found = nlp("Economist Lara Voss said prices rose 4% in May.").spans["claimdesk_claims"]
    assert found.attrs["claims"][0]["claimant"] == "Lara Voss"
