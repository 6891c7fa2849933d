"""Snapping a dragged selection to whole words, on plain strings."""

from __future__ import annotations

import pytest

from claimdesk.core.wordsnap import snap_to_words

OPEN, CLOSE = "\u27e6", "\u27e7"  # marks the dragged selection in a test string


def snapped(marked: str) -> str:
    """The text ``snap_to_words`` keeps of the selection marked with ⟦ ⟧."""
    start = marked.index(OPEN)
    end = marked.index(CLOSE) - 1
    text = marked.replace(OPEN, "").replace(CLOSE, "")
    s, e = snap_to_words(text, start, end)
    return text[s:e]


SENTENCE = "India remains the world's largest arms importer and Pakistan follows."


def test_the_reported_drag_becomes_whole_words() -> None:
    text = SENTENCE
    start = text.index("e world's")
    end = text.index("importer a") + len("importer a")
    assert text[start:end] == "e world's largest arms importer a"
    s, e = snap_to_words(text, start, end)
    assert text[s:e] == "the world's largest arms importer and"


@pytest.mark.parametrize(
    ("marked", "kept"),
    [
        # apostrophes, straight and typographic, inside a word
        ("the w\u27e6orld's lar\u27e7gest", "world's largest"),
        ("the world\u27e6\u2019s lar\u27e7gest", "world\u2019s largest"),
        ("the wor\u27e6l\u27e7d's", "world's"),
        # hyphens join; a dash between spaces does not
        ("a w\u27e6ell-kno\u27e7wn fact", "well-known"),
        ("in 20\u27e619-2\u27e73 it", "2019-23"),
        ("one \u27e6- two\u27e7", "two"),
        # numbers with separators and units
        ("rose to 1,0\u27e600.\u27e75 tonnes", "1,000.5"),
        ("up \u27e62\u27e70% on", "20%"),
        ("costs $5\u27e60 m\u27e7illion", "$50 million"),
        ("in 2019, 5 co\u27e6untries\u27e7", "countries"),
        ("end of 2019\u27e6. Next\u27e7 year", "Next"),
        # non-ASCII words, precomposed and decomposed
        ("in M\u27e6\u00fcnch\u27e7en today", "M\u00fcnchen"),
        ("a na\u27e6\u00efv\u27e7e view", "na\u00efve"),
        ("a nai\u27e6\u0308v\u27e7e view", "nai\u0308ve"),
        (
            "\u0434\u0435\u27e6\u043d\u044c\u0433\u0438\u27e7 \u0435\u0441\u0442\u044c",
            "\u0434\u0435\u043d\u044c\u0433\u0438",
        ),
        # trailing and leading spaces and punctuation are dropped
        ("the \u27e6largest importer.  \u27e7Next", "largest importer"),
        ("said:\u27e6 \u201cWe\u27e7 will", "We"),
        ("really?\u27e6!  \u27e7", "!  "),  # no word at all: left as dragged
        # brackets and quotes the selection opened or closed come along
        ("India (the lar\u27e6gest impo\u27e7rter) buys", "largest importer"),
        # an opened bracket is not closed with words that were never dragged over
        ("In\u27e6dia (the lar\u27e7gest importer) buys", "India (the largest"),
        ("India (the lar\u27e6gest importer) bu\u27e7ys", "largest importer) buys"),
        ("she said \u27e6\u201cno more i\u27e7mports\u201d today", "no more imports"),
        (
            "she s\u27e6aid \u201cno more i\u27e7mports\u201d today",
            "said \u201cno more imports\u201d",
        ),
        ('she s\u27e6aid "no more i\u27e7mports" today', 'said "no more imports"'),
        ("see [the re\u27e6port]\u27e7 here", "report"),
        ("a (b [c d\u27e7] e) f".replace("a (", "a \u27e6("), "b [c d]"),
    ],
)
def test_snapping(marked: str, kept: str) -> None:
    assert snapped(marked) == kept


def test_a_selection_on_word_boundaries_is_unchanged() -> None:
    start = SENTENCE.index("the world's")
    end = start + len("the world's largest")
    assert snap_to_words(SENTENCE, start, end) == (start, end)


def test_a_selection_inside_one_word_becomes_that_word() -> None:
    start = SENTENCE.index("largest") + 2
    s, e = snap_to_words(SENTENCE, start, start + 3)
    assert SENTENCE[s:e] == "largest"


def test_a_single_character_selects_its_word() -> None:
    start = SENTENCE.index("arms") + 1
    s, e = snap_to_words(SENTENCE, start, start + 1)
    assert SENTENCE[s:e] == "arms"


def test_an_empty_selection_stays_empty() -> None:
    start = SENTENCE.index("largest") + 2
    assert snap_to_words(SENTENCE, start, start) == (start, start)
    assert snap_to_words("", 0, 0) == (0, 0)


def test_the_whole_text_and_its_edges() -> None:
    assert snap_to_words("word", 0, 4) == (0, 4)
    assert snap_to_words("word", 1, 3) == (0, 4)
    assert snap_to_words("  two words  ", 0, 13) == (2, 11)


def test_reversed_and_out_of_range_offsets_are_tolerated() -> None:
    start = SENTENCE.index("largest") + 2
    assert snap_to_words(SENTENCE, start + 3, start) == snap_to_words(SENTENCE, start, start + 3)
    assert snap_to_words("word", -5, 99) == (0, 4)


def test_an_apostrophe_at_a_word_edge_is_a_quote_not_part_of_the_word() -> None:
    text = "the 'largest' importer"
    start = text.index("larg") + 1
    s, e = snap_to_words(text, start, start + 2)
    assert text[s:e] == "largest"
