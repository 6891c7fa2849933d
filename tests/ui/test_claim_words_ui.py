"""Claim › Set quote to selection, Split claim at selection, Merge with next claim,
through their real actions, with undo and redo."""

from __future__ import annotations

from uihelpers import ctl, make_claim, reads, settle, trigger

from claimdesk.ui.main_window import MainWindow

QUOTE = "India is the world's largest arms importer and depends on Russia"


def _select(window: MainWindow, words: str) -> None:
    start = window.reader.text().index(words)
    window.reader.select_span(start, start + len(words))
    settle(window)


def test_change_the_quote_to_a_selection(window: MainWindow) -> None:
    c = ctl(window)
    claim_id = make_claim(window, QUOTE)
    _select(window, "the world's largest arms importer")
    assert c.words.act_span.isEnabled()
    trigger(window, c.words.act_span)
    assert reads(window).claim(claim_id).anchor.exact == "the world's largest arms importer"
    notes = [h.rationale for h in reads(window).history(claim_id)]
    assert any(n.startswith("Quote changed from") for n in notes)
    trigger(window, c.app.act_undo)
    assert reads(window).claim(claim_id).anchor.exact == QUOTE
    trigger(window, c.app.act_redo)
    assert reads(window).claim(claim_id).anchor.exact == "the world's largest arms importer"


def test_split_at_a_selection_and_undo(window: MainWindow) -> None:
    c = ctl(window)
    aid = c.article.article_id or 0
    claim_id = make_claim(window, QUOTE)
    _select(window, "and depends")
    trigger(window, c.words.act_split)
    listed = {x.anchor.exact for x in reads(window).claims_of(aid)}
    assert listed == {"India is the world's largest arms importer", "and depends on Russia"}
    assert window.claims.model.rowCount() == 2
    assert "the rest is claim" in c.messages.last
    trigger(window, c.app.act_undo)
    assert [x.id for x in reads(window).claims_of(aid)] == [claim_id]
    assert window.claims.model.rowCount() == 1
    trigger(window, c.app.act_redo)
    assert len(reads(window).claims_of(aid)) == 2


def test_split_outside_the_claim_says_so_and_changes_nothing(window: MainWindow) -> None:
    c = ctl(window)
    aid = c.article.article_id or 0
    claim_id = make_claim(window, QUOTE)
    before = reads(window).claim(claim_id)
    _select(window, "French counterpart")
    trigger(window, c.words.act_split)
    assert "not inside the claim" in c.messages.last
    assert reads(window).claims_of(aid) == [before]
    assert window.undo_stack.undoText().startswith("Create claim")


def test_merge_with_the_next_claim(window: MainWindow) -> None:
    c = ctl(window)
    aid = c.article.article_id or 0
    first = make_claim(window, "India is the world's largest arms importer")
    second = make_claim(window, "depends on Russia for nearly half of its arms supplies")
    c.article.select_claim(first)
    settle(window)
    trigger(window, c.words.act_merge)
    (merged,) = reads(window).claims_of(aid)
    assert merged.id == first
    assert merged.anchor.exact.endswith("nearly half of its arms supplies")
    trigger(window, c.app.act_undo)
    assert sorted(x.id for x in reads(window).claims_of(aid)) == [first, second]
    c.article.select_claim(second)
    settle(window)
    trigger(window, c.words.act_merge)
    assert "last claim" in c.messages.last
