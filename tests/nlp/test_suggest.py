"""The suggestion pipeline end to end, on sentences written for these tests."""

from __future__ import annotations

import subprocess
import sys

import pytest

from claimdesk.core.records import Suggestion
from claimdesk.nlp.language import NOTE, language_note
from claimdesk.nlp.suggest import Suggester, chunk_text

SAMPLE = (
    "The South Asian country is the world's largest arms importer and depends on Russia "
    "for nearly half of its arms supplies, despite the ongoing war."
)


def _check_offsets(text: str, found: list[Suggestion]) -> None:
    assert [s.start for s in found] == sorted(s.start for s in found)
    for s in found:
        assert text[s.start : s.end] == s.text
        assert s.sentence_start <= s.start < s.end <= s.sentence_end
        assert 0.0 <= s.score <= 1.0


def test_sample_sentence_gives_two_claims(suggester: Suggester) -> None:
    found = suggester.suggest(SAMPLE)
    texts = [s.text for s in found]
    assert texts == [
        "The South Asian country is the world's largest arms importer",
        "depends on Russia for nearly half of its arms supplies",
    ]
    ranking, share = found
    assert "comparison" in ranking.kinds
    assert "ranking superlative" in ranking.reason
    assert "quantity" in share.kinds
    assert share.facets["quantities"] == [
        {"text": "nearly half", "value": 0.5, "unit": "share", "approx": True}
    ]
    assert share.pipeline.startswith("blank")
    _check_offsets(SAMPLE, found)


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("The northern province added 9.4 gigawatts of wind capacity in 2021.", "quantity"),
        ("Lakeport is the busiest container port on the eastern coast.", "comparison"),
        ("Bus fares rose by 12 percent between 2019 and 2023.", "trend"),
        ("The flooding caused the closure of three rail lines in the valley.", "causal"),
        ("Under the new law, employers are required to publish their pay gaps.", "rule"),
        ("The regional bank expects inflation to fall below 3% by 2026.", "prediction"),
    ],
)
def test_kinds(suggester: Suggester, sentence: str, kind: str) -> None:
    found = suggester.suggest(sentence)
    assert found, sentence
    assert kind in found[0].kinds
    assert found[0].reason.endswith(tuple(f"classifier {i / 100:.2f}" for i in range(101)))


def test_quantity_facets(suggester: Suggester) -> None:
    text = "Exports to the bloc grew more than four times in 2021, to $3.5 billion."
    (s,) = suggester.suggest(text)
    quantities = {q["text"]: q for q in s.facets["quantities"]}
    assert quantities["more than four times"]["value"] == 4
    assert quantities["more than four times"]["unit"] == "ratio"
    assert quantities["more than four times"]["approx"] is True
    assert quantities["$3.5 billion"]["value"] == 3.5e9
    assert quantities["$3.5 billion"]["unit"] == "USD"
    assert s.facets["time"] == "in 2021"
    wind = suggester.suggest("The plant produces 9.4 gigawatts, about 7% of the total.")[0]
    units = {q["unit"]: q["value"] for q in wind.facets["quantities"]}
    assert units == {"gigawatt": 9.4, "percent": 7}


@pytest.mark.parametrize(
    "sentence",
    [
        "This is a historic moment.",
        "We will give him time.",
        "I am proud of our team.",
        "She is the greatest leader this town has known.",
        "We are going to build the best schools in the world.",
        "I feel so grateful for all of your support tonight.",
    ],
)
def test_opinions_promises_feelings_are_not_suggested(suggester: Suggester, sentence: str) -> None:
    assert suggester.suggest(sentence) == []


def test_claimant_from_quote(suggester: Suggester) -> None:
    text = "“Our exports doubled in 2022,” Trade Minister Alia Haddad said on Monday."
    (s,) = suggester.suggest(text)
    assert s.claimant == "Trade Minister Alia Haddad"
    assert "attribution" in s.kinds
    assert s.text == "Our exports doubled in 2022"


@pytest.mark.parametrize(
    ("text", "claimant", "claim"),
    [
        (
            "Mayor Tom Reyes told reporters that crime fell by 8% last year.",
            "Mayor Tom Reyes",
            "crime fell by 8% last year",
        ),
        (
            "Rents have risen 30 percent since 2020, according to the Housing Council.",
            "the Housing Council",
            "Rents have risen 30 percent since 2020",
        ),
        (
            "The health ministry said 420 people were treated for heatstroke.",
            "The health ministry",
            "420 people were treated for heatstroke",
        ),
    ],
)
def test_claimant_from_reporting_verbs(
    suggester: Suggester, text: str, claimant: str, claim: str
) -> None:
    found = suggester.suggest(text)
    assert [(s.claimant, s.text) for s in found] == [(claimant, claim)]


def test_offsets_with_emoji_rtl_and_combining_marks(suggester: Suggester) -> None:
    text = (
        "🎉🎉 Party time! مرحبا بالعالم. Cafe\u0301 owners said sales fell 20% in 2023. "
        "👩‍👩‍👧 The city is the largest producer of tulips in the country."
    )
    found = suggester.suggest(text)
    assert len(found) == 2
    _check_offsets(text, found)
    assert found[0].text == "sales fell 20% in 2023"
    assert found[1].text == "The city is the largest producer of tulips in the country"


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "🙂", "\u0301\u0301", "?!"])
def test_empty_and_odd_texts(suggester: Suggester, text: str) -> None:
    assert suggester.suggest(text) == []


def test_non_english_text(suggester: Suggester) -> None:
    german = (
        "Die Regierung hat gestern beschlossen, dass die Steuern im nächsten Jahr "
        "um zwei Prozent steigen werden, wie der Minister sagte."
    )
    arabic = "قالت الحكومة إن الصادرات ارتفعت بنسبة عشرة في المئة العام الماضي."
    for text in (german, arabic):
        _check_offsets(text, suggester.suggest(text))
        assert language_note(text) == NOTE
    assert language_note(SAMPLE) is None
    assert language_note("") is None
    # short English with none of the common small words is still English
    for short in (
        "Monday's data showed exports rose 8%.",
        "January's figures showed prices rose 2%.",
        "Unemployment hit 4.1% last quarter.",
    ):
        assert language_note(short) is None, short
    for short in (
        "Die Preise sind im letzten Jahr stark gestiegen.",
        "Les prix ont augmenté de dix pour cent.",
        "Los precios subieron un diez por ciento.",
    ):
        assert language_note(short) == NOTE, short


def test_suggest_many_matches_suggest(suggester: Suggester) -> None:
    texts = [SAMPLE, "", "Bus fares rose by 12 percent between 2019 and 2023."]
    many = suggester.suggest_many(texts)
    assert many == [suggester.suggest(t) for t in texts]


def test_chunking_keeps_offsets(suggester: Suggester) -> None:
    sentence = "Bus fares rose by 12 percent between 2019 and 2023. "
    text = "Intro. " + sentence * 20
    pieces = list(chunk_text(text, size=300))
    assert "".join(p for _, p in pieces) == text
    assert all(text[o : o + len(p)] == p for o, p in pieces)
    assert chunk_text("x" * 1000, size=300).__next__() == (0, "x" * 300)


@pytest.mark.slow
def test_one_megabyte_single_line(suggester: Suggester) -> None:
    unit = "Bus fares rose by 12 percent between 2019 and 2023, the council said. "
    text = ("Ünïcödé 🙂 " + unit * (1_000_000 // len(unit)))[:1_000_000]
    found = suggester.suggest(text)
    assert len(found) > 10_000
    _check_offsets(text, found[:50] + found[-50:])
    assert suggester.suggest("x" * 1_000_000) == []


def test_info_and_pipelines(suggester: Suggester) -> None:
    from claimdesk.nlp.pipeline import available_pipelines

    info = suggester.info
    assert info["name"] == "blank"
    assert info["classifier_version"]
    assert "claimdesk-checkworthy" in info["label"]
    assert available_pipelines()[:2] == ["auto", "blank"]


def test_import_does_not_pull_spacy() -> None:
    code = (
        "import sys, claimdesk.nlp, claimdesk.nlp.suggest, claimdesk.cli.cmd_nlp; "
        "from claimdesk.nlp import Suggester, language_note; "
        "assert 'spacy' not in sys.modules, 'spacy imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_suggest_many_in_worker_processes(suggester: Suggester) -> None:
    # Workers are spawned: they must register claimdesk's components themselves.
    texts = [SAMPLE, "", "Bus fares rose by 12 percent between 2019 and 2023.", "Hello."]
    assert suggester.suggest_many(texts, n_process=2) == suggester.suggest_many(texts)


def test_one_encoder_thread_scores_exactly_as_two() -> None:
    """A library pass's workers run the encoder on one thread each: same scores, bit for bit."""
    from claimdesk.nlp.pipeline import load_checkworthy_model

    texts = [SAMPLE, "Bus fares rose by 12 percent between 2019 and 2023.", "Hello."]
    one, two = load_checkworthy_model(threads=1), load_checkworthy_model(threads=2)
    assert one is not two and one.encoder.session.get_session_options().intra_op_num_threads == 1
    assert one.scores(texts) == two.scores(texts)
