"""Hostile addresses and text: refused at the door, and never a live link in a report.

The services refuse an address that fails the allow-list; a desk written before that
rule (or data arriving another way) may still hold one, so each exporter is checked on
rows stored as they are, straight into the tables.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from sqlmodel import Session, select
from test_export_desk import Desk, populate

from claimdesk.cli.main import main
from claimdesk.core import articles, sources
from claimdesk.core.records import ArticleDraft
from claimdesk.core.report import Report, build_report
from claimdesk.errors import ValidationError
from claimdesk.io.export_claimreview import export_claimreview
from claimdesk.io.export_common import ExportFailed
from claimdesk.io.export_html import render_html
from claimdesk.io.export_markdown import render_markdown
from claimdesk.io.export_webannotation import collection, export_webannotation
from claimdesk.store.engine import Store
from claimdesk.store.models import Article, Claim, Source

# A line break ends the Markdown link and starts a live one, then a remote image.
BROKEN_OUT = (
    "https://a.example/x>\n\n[click me](javascript:alert(document.cookie))\n"
    "![pixel](https://tracker.example/p.png)"
)
SCRIPT = "</script><script>alert(1)</script> & <!-- more"
REVIEW = "https://desk.example/checks"


@pytest.mark.parametrize(
    "url",
    [
        BROKEN_OUT,
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "https://a.example/\tx",
        "https://a.example/a b",
        "https://a.example/\u200bzero-width",
        "https://a.example/\u202eevil",
        "data:text/html,<script>alert(1)</script>",
        "https:///no-host",
        "//a.example/no-scheme",
        'https://a.example/"onmouseover="x',
    ],
)
def test_source_add_refuses_addresses_off_the_allow_list(session: Session, url: str) -> None:
    with pytest.raises(ValidationError, match="is not a web address"):
        sources.add_source(session, sources.SourceDraft(url=url, title="t"))


def test_good_addresses_still_pass(session: Session) -> None:
    for url in (
        "https://a.example/x?y=1&z=%20#frag",
        "http://b\u00fccher.example/",
        " https://c.example ",
    ):
        assert sources.add_source(session, sources.SourceDraft(url=url)).url == url.strip()


def test_an_article_address_is_checked_too(session: Session) -> None:
    with pytest.raises(ValidationError, match="is not an article address"):
        articles.add_article(
            session, ArticleDraft(text="Some words to check.", url="javascript:alert(1)")
        )


@pytest.fixture
def hostile(session: Session) -> Desk:
    """The sample desk, then addresses and text stored as an older desk may hold them."""
    desk = populate(session)
    source = session.exec(select(Source).where(Source.title.startswith("Trends"))).one()  # type: ignore[attr-defined]
    source.url = BROKEN_OUT
    article = session.get(Article, desk.harbour_id)
    assert article is not None
    article.url = "javascript:alert(2)"
    claim = session.get(Claim, desk.harbour)
    assert claim is not None
    claim.statement = SCRIPT
    session.add_all([source, article, claim])
    session.commit()
    return desk


@pytest.fixture
def report(session: Session, hostile: Desk) -> Report:
    return build_report(session, organisation="Desk")


def test_markdown_has_no_injected_link_or_image(report: Report) -> None:
    text = render_markdown(report)
    assert "javascript:" not in text.replace("javascript:alert(document.cookie)", "")
    # every link that remains points to an allowed address inside <...>
    for target in re.findall(r"\]\((.*?)\)", text.replace("\\]", "").replace("\\(", "")):
        assert target.startswith(("<https://", "<http://")), target
    assert not re.search(r"(?<!\\)!\[", text)  # no image syntax from user text
    assert "tracker.example" not in text  # the broken address is not shown as a link


def test_html_links_only_allowed_addresses(report: Report) -> None:
    page = render_html(report, with_article_text=True)
    hrefs = re.findall(r'href="([^"]*)"', page)
    assert hrefs and all(h.startswith(("https://", "http://", "#")) for h in hrefs), hrefs
    assert "<script>" not in page and "</script><script>" not in page


def claimreview(report: Report, tmp_path: Path) -> tuple[str, list[dict[str, object]]]:
    out = tmp_path / "r.jsonld"
    export_claimreview(report, out, review_url=REVIEW)
    text = out.read_text(encoding="utf-8")
    return text, json.loads(text)


def test_claimreview_is_safe_inside_a_script_element(report: Report, tmp_path: Path) -> None:
    text, items = claimreview(report, tmp_path)
    assert not set("<>&") & set(text)  # written as \u003c \u003e \u0026
    assert SCRIPT in {item["claimReviewed"] for item in items}  # and reads back the same


def test_claimreview_never_publishes_a_javascript_address(report: Report, tmp_path: Path) -> None:
    text, _ = claimreview(report, tmp_path)
    assert "javascript" not in text.lower()
    with pytest.raises(ExportFailed, match="review address"):
        export_claimreview(report, tmp_path / "x.jsonld", review_url="javascript:alert(1)//")
    assert not (tmp_path / "x.jsonld").exists()


def test_web_annotation_links_only_allowed_addresses(report: Report, tmp_path: Path) -> None:
    text = json.dumps(collection(report))
    assert "javascript:" not in text and "tracker.example" not in text
    out = export_webannotation(report, tmp_path / "a.jsonld")
    written = out.read_text(encoding="utf-8")
    assert not set("<>&") & set(written)  # safe inside <script type="application/ld+json">
    assert SCRIPT in json.dumps(json.loads(written), ensure_ascii=False)  # read back the same


def run_cli(db: Path, *argv: str) -> int:
    return main(["--db", str(db), *argv], stdout=io.StringIO(), stderr=io.StringIO())


def test_the_command_refuses_a_javascript_review_url(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "desk.sqlite3"
    store = Store.open(str(db))
    with store.session() as s:
        populate(s)
    store.close()
    out = tmp_path / "r.jsonld"
    argv = ("export", "--format", "claimreview", "--out", str(out))
    with pytest.raises(SystemExit) as exit_:
        run_cli(db, *argv, "--review-url", "javascript:alert(1)//https://x.example")
    assert exit_.value.code == 2
    assert "review address is not usable" in capsys.readouterr().err
    assert not out.exists()
    assert run_cli(db, *argv, "--review-url", REVIEW) == 0


def test_source_add_through_the_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "desk.sqlite3"
    err = io.StringIO()
    code = main(["--db", str(db), "source", "add", BROKEN_OUT, "--title", "x"], stderr=err)
    assert code == 1
    lines = err.getvalue().splitlines()
    assert len(lines) == 1 and "is not a web address" in lines[0], lines
