"""A desk that cannot be written opens read-only in the window: a banner says so, edits
are refused with a message, and nothing is written."""

from __future__ import annotations

import hashlib
from pathlib import Path

from fsutil import read_only_folder
from uihelpers import ctl, make_window, open_article, reads, settle, trigger

from claimdesk.store.engine import Store


def test_a_read_only_desk_says_so_and_refuses_edits(qtbot: object, tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    db = folder / "desk.sqlite3"
    setup = make_window(db, tmp_path / "setup.ini")  # makes the desk with the sample
    setup.close()
    ctl(setup).runner.store.close()
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    with read_only_folder(folder):
        store = Store.open(str(db))
        assert store.read_only
        window = make_window(store, tmp_path / "w.ini", sample=False)  # type: ignore[arg-type]
        qtbot.addWidget(window)  # type: ignore[attr-defined]
        window.show()
        article_id = open_article(window)
        assert window.banner.isVisibleTo(window)
        assert "read-only" in window.banner.label.text()
        quote = "the world's largest arms importer"
        start = window.reader.text().index(quote)
        window.reader.select_span(start, start + len(quote))
        trigger(window, ctl(window).claims.act_make)
        settle(window)
        assert "read-only" in ctl(window).messages.last
        assert reads(window).claims_of(article_id) == []
        window.close()
        store.close()
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
