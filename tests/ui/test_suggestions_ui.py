"""Suggested claims in the window: computed in the background, accepted, dismissed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QTextCharFormat
from uihelpers import ctl, make_window, open_article, reads, service, settle, trigger

from claimdesk.ui.main_window import MainWindow

RANKING = "India is the world's largest arms importer"
SHARE = "depends on Russia for nearly half of its arms supplies"


@pytest.fixture
def suggesting(qtbot: object, tmp_path: Path) -> MainWindow:
    w = make_window(tmp_path / "desk.sqlite3", tmp_path / "w.ini", pipeline="blank")
    qtbot.addWidget(w)  # type: ignore[attr-defined]
    w.show()
    busy: list[bool] = []
    ctl(w).engine.busy.connect(busy.append)
    open_article(w)
    qtbot.waitUntil(lambda: bool(w.suggestions.suggestions()), timeout=60_000)  # type: ignore[attr-defined]
    assert busy == [True, False]  # the status bar showed the work while it ran
    assert ctl(w).engine._pool is not None  # it ran in the analysis process
    return w


def by_text(window: MainWindow, text: str) -> object:
    return next(s for s in window.suggestions.suggestions() if s.text == text)


def test_the_sample_claims_are_suggested_and_underlined(suggesting: MainWindow) -> None:
    texts = [s.text for s in suggesting.suggestions.suggestions()]
    assert RANKING in texts and SHARE in texts
    scores = [s.score for s in suggesting.suggestions.suggestions()]
    assert scores == sorted(scores, reverse=True)
    for s in suggesting.suggestions.suggestions():
        fmt = suggesting.reader.format_at(s.start)
        assert fmt is not None
        assert fmt.underlineStyle() == QTextCharFormat.UnderlineStyle.DotLine
    assert not ctl(suggesting).suggest.busy_bar.isVisibleTo(suggesting)


def test_accept_fills_the_claim_and_undo_removes_it(suggesting: MainWindow) -> None:
    s = by_text(suggesting, SHARE)
    row = suggesting.suggestions.suggestions().index(s)  # type: ignore[arg-type]
    suggesting.suggestions.table.setCurrentCell(row, 0)
    trigger(suggesting, ctl(suggesting).suggest.act_accept)
    (claim,) = reads(suggesting).claims_of(ctl(suggesting).article.article_id or 0)
    assert claim.anchor.exact == SHARE and claim.statement == SHARE
    assert "quantity" in claim.kinds
    assert claim.facets["suggestion"]["pipeline"]
    assert SHARE not in [x.text for x in suggesting.suggestions.suggestions()]
    trigger(suggesting, ctl(suggesting).app.act_undo)
    assert reads(suggesting).claims_of(ctl(suggesting).article.article_id or 0) == []
    assert SHARE in [x.text for x in suggesting.suggestions.suggestions()]


def test_dismiss_is_remembered_and_undoable(
    suggesting: MainWindow, tmp_path: Path, qtbot: object
) -> None:
    s = by_text(suggesting, RANKING)
    row = suggesting.suggestions.suggestions().index(s)  # type: ignore[arg-type]
    suggesting.suggestions.table.setCurrentCell(row, 0)
    trigger(suggesting, ctl(suggesting).suggest.act_dismiss)
    assert RANKING not in [x.text for x in suggesting.suggestions.suggestions()]
    trigger(suggesting, ctl(suggesting).app.act_undo)
    assert RANKING in [x.text for x in suggesting.suggestions.suggestions()]
    trigger(suggesting, ctl(suggesting).app.act_redo)
    suggesting.close()
    again = make_window(tmp_path / "desk.sqlite3", tmp_path / "w2.ini", pipeline="blank")
    qtbot.addWidget(again)  # type: ignore[attr-defined]
    open_article(again)
    qtbot.waitUntil(lambda: bool(again.suggestions.suggestions()), timeout=60_000)  # type: ignore[attr-defined]
    assert RANKING not in [x.text for x in again.suggestions.suggestions()]


def test_keyboard_review(suggesting: MainWindow) -> None:
    trigger(suggesting, ctl(suggesting).suggest.act_next)
    first = suggesting.suggestions.selected()
    assert first is not None
    trigger(suggesting, ctl(suggesting).suggest.act_next)
    assert suggesting.suggestions.selected() != first
    trigger(suggesting, ctl(suggesting).suggest.act_prev)
    assert suggesting.suggestions.selected() == first
    trigger(suggesting, ctl(suggesting).suggest.act_accept)
    assert len(reads(suggesting).claims_of(ctl(suggesting).article.article_id or 0)) == 1


def test_accept_all_above_a_threshold(suggesting: MainWindow) -> None:
    threshold = 0.5
    expected = len([s for s in suggesting.suggestions.suggestions() if s.score >= threshold])
    suggesting.suggestions.acceptAllRequested.emit(threshold)  # the panel's "Accept all"
    settle(suggesting)
    assert len(reads(suggesting).claims_of(ctl(suggesting).article.article_id or 0)) == expected
    trigger(suggesting, ctl(suggesting).app.act_undo)  # one macro: one undo takes them all
    assert reads(suggesting).claims_of(ctl(suggesting).article.article_id or 0) == []


def test_a_suggestion_already_checked_elsewhere_says_so(
    suggesting: MainWindow, qtbot: object
) -> None:
    from claimdesk.core import articles, claims
    from claimdesk.core.records import ArticleDraft

    other = service(
        suggesting,
        articles.add_article,
        ArticleDraft(
            text="Delhi's suppliers\n\nIndia depends on Russia for nearly half of its arms "
            "supplies, officials said.",
            title="Delhi's suppliers",
        ),
    )
    text = "Delhi's suppliers\n\nIndia depends on Russia for nearly half of its arms supplies"
    start = text.index("depends on Russia")
    service(suggesting, claims.create_claim, other.id, start, start + len(SHARE), actor="t")
    row = [s.text for s in suggesting.suggestions.suggestions()].index(SHARE)
    suggesting.suggestions.table.setCurrentCell(row, 0)
    qtbot.waitUntil(
        lambda: "Seen in 1 article" in suggesting.suggestions.seen.text(),  # type: ignore[attr-defined]
        timeout=60_000,
    )
