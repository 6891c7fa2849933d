"""End to end: the real ``claimdesk`` window under its own Xvfb, driven with xdotool.

A fresh desk opens the sample article; the test selects two lines of it with the keyboard,
makes them a claim (Ctrl+E), marks the claim In progress (Ctrl+2), takes a screenshot and
quits (Ctrl+Q).  Every step is confirmed before the next one is taken, by polling the
window list or the desk's SQLite file, so a step that does not happen fails the test with
the app's standard error attached instead of passing by luck.
"""

from __future__ import annotations

import sqlite3
import time

import pytest
from e2ehelpers import App

pytestmark = pytest.mark.e2e


def test_make_a_claim_and_set_it_in_progress(app: App) -> None:
    started = time.monotonic()

    # 1. the window is shown, has opened the sample article and has run its event loop
    window = app.wait_for("the claimdesk window", app.main_window, timeout=30)
    app.wait_for("the startup report", lambda: "ready after" in app.out.read_text(), timeout=15)
    # the article is read off the UI thread: its title follows the first paint
    app.wait_for(
        "the sample article in the title",
        lambda: app.xdotool("getwindowname", window).strip().startswith("India and France agree"),
        timeout=15,
    )
    articles = app.query("SELECT id, text FROM article")
    assert articles is not None and len(articles) == 1, (
        f"fresh desk should hold the sample: {articles}"
    )
    article_id, article_text = articles[0]
    assert isinstance(article_text, str)
    assert app.query("SELECT count(*) FROM claim") == [(0,)]

    # 2. select two visual lines of the body with the keyboard: click into the reader (the
    # central widget), go to the top, down past the headline and first paragraphs, then
    # Home, Shift+Down, Shift+End.  Two lines, because one might wrap onto a blank line
    # with other fonts; the quote is checked against the article text below.
    app.xdotool("mousemove", "--window", window, "600", "450", "click", "1")
    app.key("ctrl+Home", *(["Down"] * 16), "Home", "shift+Down", "shift+End")

    # 3. Ctrl+E makes it a claim
    app.key("ctrl+e")
    claims = app.wait_for(
        "the claim to be stored (Ctrl+E)",
        lambda: app.query("SELECT id, article_id, quote_exact, status FROM claim"),
        timeout=10,
    )
    assert len(claims) == 1, claims
    claim_id, claim_article, quote, status = claims[0]
    assert claim_article == article_id
    assert status == "unverified"

    # 4. Ctrl+2 (Claim > Set status > In progress) on the claim the window now shows
    app.key("ctrl+2")
    app.wait_for(
        "the claim to be In progress (Ctrl+2)",
        lambda: app.query("SELECT 1 FROM claim WHERE id = ? AND status = 'in_progress'", claim_id),
        timeout=10,
    )

    # 5. screenshot of the whole screen, kept with the test's files
    shot = app.screenshot("window-e2e.png")
    assert shot is not None and shot.stat().st_size > 10_000, "screenshot is empty"
    print(f"\ne2e screenshot: {shot}")  # the app fixture copies it to $CLAIMDESK_TEST_ARTIFACTS

    # 6. Ctrl+Q quits cleanly
    app.key("ctrl+q")
    app.wait_for("the app to exit", lambda: app.proc.poll() is not None, timeout=15)
    assert app.proc.returncode == 0, (
        f"claimdesk exited with {app.proc.returncode}:\n{app.stderr_tail()}"
    )

    # 7. what the desk holds afterwards
    with sqlite3.connect(app.db) as conn:
        rows = conn.execute("SELECT id, quote_exact, status FROM claim").fetchall()
        history = conn.execute(
            "SELECT from_status, to_status, actor FROM status_change WHERE claim_id = ? "
            "ORDER BY at, id",
            (claim_id,),
        ).fetchall()
        total_changes = conn.execute("SELECT count(*) FROM status_change").fetchone()[0]
    assert len(rows) == 1, rows
    assert rows[0][2] == "in_progress"
    quote = rows[0][1]
    assert isinstance(quote, str) and quote.strip() == quote and len(quote) >= 20, repr(quote)
    assert quote in article_text, f"{quote!r} is not in the article"
    assert total_changes == 2
    assert [(h[0], h[1]) for h in history] == [(None, "unverified"), ("unverified", "in_progress")]
    assert {h[2] for h in history} == {"e2e"}

    # A figure, not a bar: speed is measured by the benchmarks, and a busy machine is slow.
    print(f"end-to-end run took {time.monotonic() - started:.1f} s")
