"""End to end, the analyst's whole job in the real window, by keyboard and mouse only.

On a fresh desk the test opens an article file through File › Open (Qt's file dialog),
accepts the first suggestion (F8, Ctrl+Enter), makes a second claim from words it selects
(Ctrl+E), links a new source to that claim as contradicting evidence (Ctrl+L), marks the
claim False with a rationale (Ctrl+5), exports the article's claims as HTML and as PDF
(Ctrl+Shift+E), and quits (Ctrl+Q).  Each step waits for its outcome (a window, a row in
the desk, a file) before the next is taken; then the desk is read with sqlite3 and the two
reports are read back, so a step that silently did nothing fails the test.
"""

from __future__ import annotations

import html
import re
import shutil
import sqlite3
import subprocess
import time
import unicodedata
from pathlib import Path

import pytest
from e2ehelpers import App

pytestmark = pytest.mark.e2e

TITLE = "Riverside council says the city leads the region"
ARTICLE = f"""{TITLE}

Residents filled the town hall on Monday evening to hear the mayor, Dana Whitfield, \
present the annual report.

Unemployment in Riverside fell to 3.2 percent last year, the lowest rate of any city in \
the region.

According to the report, the council built 1,400 new homes in 2024, twice as many as in \
2023.

Several people asked about bus services and the opening hours of the library.

Whitfield added that Riverside has the oldest public library in the state.
"""
# The strongest suggestion, and the first in the text: what F8 goes to first.
SUGGESTED = (
    "Unemployment in Riverside fell to 3.2 percent last year, "
    "the lowest rate of any city in the region"
)
# The words selected from the end of the article backwards, one Shift+Ctrl+Left a word.
SELECTED = "Riverside has the oldest public library in the state"
SOURCE_URL = "https://library.example.org/state-register-2024"
SOURCE_TITLE = "State register of public libraries 2024"
EXCERPT = "Millbrook Public Library, founded in 1821, is the oldest in the state."
LOCATOR = "p. 3"
RATIONALE = "The state register dates Millbrook's library to 1821; Riverside's opened later."
FALSE_KEY = "ctrl+5"  # claimdesk.core.vocab.STATUS_INFO: False is key 5


def _words(text: str) -> str:
    """Text as a reader sees it: ligatures undone, every run of spaces one space."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _pdf_text(pdf: Path) -> tuple[int, str]:
    """The number of pages and the text of a PDF: poppler's tools, or pypdf without them."""
    if shutil.which("pdftotext") and shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, timeout=60)
        assert info.returncode == 0, f"pdfinfo cannot read the PDF: {info.stderr}"
        found = re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE)
        assert found is not None, info.stdout
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, timeout=60
        )
        assert text.returncode == 0, f"pdftotext cannot read the PDF: {text.stderr}"
        return int(found.group(1)), text.stdout
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def _export(app: App, main: str, format_key: str, out: Path, shot: str) -> None:
    """File › Export: choose the format by its first letter, Export…, type the path."""
    app.focus(main)
    app.key("ctrl+shift+e")
    dialog = app.wait_window("Export", "Ctrl+Shift+E")
    app.focus(dialog)
    app.key("alt+f", format_key)  # the Format box, then the format whose name starts so
    app.key("Return")  # the dialog's default button: Export…
    save = app.wait_window("Export to", "Export… in the Export dialog")
    app.focus(save)
    app.key("ctrl+a")  # the proposed name is selected anyway; type over all of it
    app.type(str(out))
    app.screenshot(shot)
    app.key("Return")
    app.wait_closed("Export to", "the file name was given")
    # PDF is written by a background process; the dialog closes once the file is there
    app.wait_for(f"{out.name} to be written", lambda: out.exists() and out.stat().st_size > 0)
    app.wait_closed("Export", f"{out.name} was written")


def test_the_whole_job_by_keyboard_and_mouse(app: App, tmp_path: Path) -> None:
    started = time.monotonic()
    folder = tmp_path / "articles"
    folder.mkdir()
    article_file = folder / "riverside.txt"
    article_file.write_text(ARTICLE, encoding="utf-8")
    reports = tmp_path / "reports"
    reports.mkdir()
    html_out = reports / "riverside.html"
    pdf_out = reports / "riverside.pdf"

    # 0. a fresh desk: the window opens with the sample article and nothing else
    with app.step("start"):
        main = app.wait_for("the claimdesk window", app.main_window)
        app.wait_for("the startup report", lambda: "ready after" in app.out.read_text())
    assert app.query("SELECT count(*) FROM article") == [(1,)], "a new desk holds the sample"
    assert app.query("SELECT count(*) FROM claim") == [(0,)]

    # 1. File › Open (Ctrl+O): type the file's path into Qt's file dialog, Enter
    with app.step("open the article"):
        app.focus(main)
        app.key("ctrl+o")
        dialog = app.wait_window("Open articles", "Ctrl+O")
        app.focus(dialog)
        app.type(str(article_file))
        app.screenshot("01-open-dialog.png")
        app.key("Return")
        app.wait_closed("Open articles", "Enter on the file name")
        app.wait_for(
            "the article to open (window title)",
            lambda: app.title(main).startswith(TITLE),
        )
    rows = app.query("SELECT id, text FROM article WHERE title = ?", TITLE)
    assert rows is not None and len(rows) == 1, rows
    article_id, article_text = rows[0]
    assert isinstance(article_text, str) and SUGGESTED in article_text
    assert SELECTED in article_text

    def claims() -> list[tuple[object, ...]]:
        return app.rows(
            "SELECT id, quote_exact, status FROM claim WHERE article_id = ? ORDER BY id",
            article_id,
        )

    # 2. F8 goes to the first suggestion, Ctrl+Enter accepts it.  The suggestions come from
    # a separate analysis process: until they arrive F8 finds none and Ctrl+Enter has
    # nothing to accept, so the pair is repeated until a claim appears.
    with app.step("accept a suggestion"):
        app.focus(main)
        deadline = time.monotonic() + 60
        while not claims():
            assert time.monotonic() < deadline, (
                "no suggestion was accepted within 60 s (F8, Ctrl+Enter)\n" + app.stderr_tail()
            )
            app.key("F8")
            app.key("ctrl+Return")
            # long enough for a slow accept to land, so it is not pressed twice
            app.poll(claims, timeout=3.0)
        accepted = claims()
    assert len(accepted) == 1, accepted
    suggested_id, quote, status = accepted[0]
    assert (quote, status) == (SUGGESTED, "unverified")
    app.screenshot("02-suggestion-accepted.png")

    # 3. a claim of the analyst's own words: click into the reader, go to the end of the
    # text, step back over the full stop and select nine words backwards, Ctrl+E
    with app.step("make a claim from a selection"):
        geometry = app.xdotool("getwindowgeometry", "--shell", main)
        size = dict(line.split("=", 1) for line in geometry.split() if "=" in line)
        # the reader is the central widget; this point is in it, below the article's text
        x, y = int(size["WIDTH"]) * 45 // 100, int(size["HEIGHT"]) * 75 // 100
        app.xdotool("mousemove", "--window", main, str(x), str(y), "click", "1")
        app.focus(main)
        app.key("ctrl+End", "Left", *["shift+ctrl+Left"] * len(SELECTED.split()))
        app.screenshot("03-words-selected.png")
        app.key("ctrl+e")
        app.wait_for("the second claim (Ctrl+E)", lambda: len(claims()) == 2)
    made_id, quote, status = claims()[1]
    assert (quote, status) == (SELECTED, "unverified"), claims()

    # 4. Ctrl+L on the claim just made: a new source, contradicting, with excerpt and page.
    # The labels' mnemonics reach the fields: Alt+A address, Alt+T title and (pressed
    # again) stance, Alt+E excerpt, Alt+L locator; Enter presses Link.
    with app.step("link evidence"):
        app.focus(main)
        app.key("ctrl+l")
        dialog = app.wait_window("Link evidence", "Ctrl+L on the selected claim")
        app.focus(dialog)
        app.key("alt+a")
        app.type(SOURCE_URL)
        app.key("alt+t")
        app.type(SOURCE_TITLE)
        app.key("alt+t", "c")  # Stance: the first choice starting with C, Contradicts
        app.key("alt+e")
        app.type(EXCERPT)
        app.key("alt+l")
        app.type(LOCATOR)
        app.screenshot("04-link-evidence.png")
        app.key("Return")
        app.wait_closed("Link evidence", "Enter in the dialog")
        app.wait_for(
            "the evidence row",
            lambda: app.query("SELECT 1 FROM evidence WHERE claim_id = ?", made_id),
        )

    # 5. Ctrl+5 marks it False: the verdict asks for its rationale; Tab, Enter presses OK
    with app.step("set a verdict"):
        app.focus(main)
        app.key(FALSE_KEY)
        dialog = app.wait_window("Mark as False", "Ctrl+5 on the claim")
        app.focus(dialog)
        app.type(RATIONALE)
        app.key("Tab")
        app.screenshot("05-rationale.png")
        app.key("Return")
        app.wait_closed("Mark as False", "Enter on Mark False")
        app.wait_for(
            "the claim to be False",
            lambda: app.query("SELECT 1 FROM claim WHERE id = ? AND status = 'false'", made_id),
        )

    # 6. File › Export (Ctrl+Shift+E), the open article's claims: HTML, then PDF
    with app.step("export HTML"):
        _export(app, main, "h", html_out, "06-export-html.png")
    with app.step("export PDF"):
        _export(app, main, "p", pdf_out, "07-export-pdf.png")
    app.screenshot("08-done.png")

    # 7. Ctrl+Q quits cleanly
    with app.step("quit"):
        app.focus(main)
        app.key("ctrl+q")
        app.wait_for("the app to exit", lambda: app.proc.poll() is not None)
    assert app.proc.returncode == 0, f"claimdesk exited with {app.proc.returncode}:\n" + (
        app.stderr_tail()
    )

    # 8. the desk: two claims, the source, the evidence between them, the verdict, history
    with sqlite3.connect(app.db) as conn:
        rows = conn.execute(
            "SELECT id, quote_exact, status, rationale, facets FROM claim "
            "WHERE article_id = ? ORDER BY id",
            (article_id,),
        ).fetchall()
        all_claims = conn.execute("SELECT count(*) FROM claim").fetchone()[0]
        sources = conn.execute("SELECT id, url, title FROM source").fetchall()
        evidence = conn.execute(
            "SELECT claim_id, source_id, stance, excerpt, locator, created_by FROM evidence"
        ).fetchall()
        history = conn.execute(
            "SELECT claim_id, from_status, to_status, actor FROM status_change ORDER BY id"
        ).fetchall()
        verdict_rationale = conn.execute(
            "SELECT rationale FROM status_change WHERE claim_id = ? AND to_status = 'false'",
            (made_id,),
        ).fetchall()
    assert all_claims == 2
    assert [(r[0], r[1], r[2]) for r in rows] == [
        (suggested_id, SUGGESTED, "unverified"),
        (made_id, SELECTED, "false"),
    ]
    assert rows[1][3] == RATIONALE
    assert '"suggestion"' in rows[0][4], "the first claim should remember its suggestion"
    assert '"suggestion"' not in rows[1][4], "the second claim was made from a selection"
    assert len(sources) == 1, sources
    source_id, url, title = sources[0]
    assert (url, title) == (SOURCE_URL, SOURCE_TITLE)
    assert evidence == [(made_id, source_id, "contradicts", EXCERPT, LOCATOR, "e2e")]
    assert history == [
        (suggested_id, None, "unverified", "e2e"),
        (made_id, None, "unverified", "e2e"),
        (made_id, "unverified", "false", "e2e"),
    ]
    assert verdict_rationale == [(RATIONALE,)], "the history keeps the verdict's rationale"

    # 9. the reports: both claims, the verdict with its rationale, the source
    page = _words(html.unescape(re.sub(r"<[^>]+>", " ", html_out.read_text(encoding="utf-8"))))
    for wanted in (TITLE, SUGGESTED, SELECTED, "False", RATIONALE, SOURCE_TITLE, EXCERPT):
        assert _words(wanted) in page, f"{wanted!r} is not in the HTML report"
    assert SOURCE_URL in html_out.read_text(encoding="utf-8")
    assert pdf_out.read_bytes().startswith(b"%PDF-")
    pages, text = _pdf_text(pdf_out)
    assert pages >= 1
    flat = _words(text)
    for wanted in ("Riverside", "3.2 percent", "oldest public library", "False", "Millbrook"):
        assert wanted in flat, f"{wanted!r} is not in the PDF's text:\n{text[:2000]}"

    elapsed = time.monotonic() - started
    steps = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in app.timings)
    print(f"\nwhole job in {elapsed:.1f} s: {steps}\nscreenshots: {tmp_path}")
