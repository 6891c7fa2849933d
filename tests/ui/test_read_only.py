"""A desk that cannot be written opens read-only in the window: a banner says so, edits
are refused with a message, and nothing is written."""

from __future__ import annotations

import hashlib
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from uihelpers import ctl, make_window, open_article, reads, settle, trigger

from claimdesk.store.engine import Store


@contextmanager
def read_only_folder(folder: Path) -> Iterator[None]:
    """A folder nobody may write, root included (a read-only bind mount for root)."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    mounted = subprocess.run(["mount", "--bind", str(folder), str(folder)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"running as root and cannot bind-mount: {mounted.stderr.decode().strip()}")
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)], check=True)
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=True)


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
