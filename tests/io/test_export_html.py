"""HTML report: escaping, self-containment, highlights, atomic writing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlmodel import Session
from test_export_desk import SCRIPT_STATEMENT, Desk, populate

from claimdesk.core.report import Report, Scope, build_report
from claimdesk.io.export_common import ExportFailed
from claimdesk.io.export_html import export_html, highlight, render_html
from claimdesk.io.export_markdown import render_markdown


@pytest.fixture
def desk(session: Session) -> Desk:
    return populate(session)


@pytest.fixture
def report(session: Session, desk: Desk) -> Report:
    return build_report(session, organisation="Harbour <Fact> Desk")


def test_user_text_is_escaped(report: Report) -> None:
    page = render_html(report, with_article_text=True)
    assert "<script" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "&lt;b&gt;not&lt;/b&gt; &quot;mostly&quot; &amp; more." in page
    assert "Harbour &lt;Fact&gt; Desk" in page


def test_self_contained_and_complete(report: Report) -> None:
    page = render_html(report)
    assert not re.search(r"<(link|script|img|iframe)\b", page)
    assert "@import" not in page and "src=" not in page
    for label, colour in (("Verified", "#7fd99a"), ("False", "#ff8a8a")):
        assert f'background-color:{colour}">&nbsp;{label}&nbsp;' in page
    assert "Russia&#x27;s share fell to 36%" in page and "table 2" in page
    assert 'href="https://sipri.example/trends-2023"' in page
    assert "Unverified \u2192 <b>In progress</b>" in page
    assert "@page { size: A4" in page


def test_unsafe_links_stay_text(report: Report) -> None:
    from dataclasses import replace

    article = replace(report.articles[1], url="javascript:alert(1)")
    page = render_html(replace(report, articles=(report.articles[0], article)))
    assert 'href="javascript' not in page


def test_highlight_handles_overlaps() -> None:
    text = "alpha beta gamma delta"
    out = highlight(text, [(0, 10, 1, "#aaa"), (6, 16, 2, "#bbb"), (6, 10, 3, "#ccc")])
    assert out.count("[1]") == out.count("[2]") == out.count("[3]") == 1
    assert out.index("[1]") < out.index("[2]") < out.index("alpha") + 200
    assert '<span style="background-color:#aaa">alpha </span>' in out
    assert '<span class="overlap" style="background-color:#ccc">beta</span>' in out
    assert '<span style="background-color:#bbb"> gamma</span> delta' in out
    assert highlight("a < b", []) == "a &lt; b"


def test_article_text_is_numbered(session: Session, desk: Desk) -> None:
    report = build_report(session, Scope(article_id=desk.sample_id))
    page = render_html(report, with_article_text=True)
    assert all(f'href="#claim-{n}">[{n}]' in page for n in range(1, 6))


def test_written_atomically_and_only_with_force(report: Report, tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "report.html"
    export_html(report, out)
    first = out.read_text()
    with pytest.raises(ExportFailed, match="already exists; use --force"):
        export_html(report, out)
    assert out.read_text() == first
    export_html(report, out, force=True, with_article_text=True)
    assert len(out.read_text()) > len(first)
    assert [p.name for p in out.parent.iterdir()] == ["report.html"]  # no temporary left


def test_markdown_escapes_and_lists_evidence(report: Report) -> None:
    text = render_markdown(report)
    assert SCRIPT_STATEMENT not in text
    assert "\\<script\\>alert\\(" in text
    assert (
        "| [Trends in international arms transfers](<https://sipri.example/trends-2023>) |" in text
    )
    assert "| False | 1 |" in text and "| **All claims** | 6 |" in text
