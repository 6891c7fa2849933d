"""A web page's publication date is the one it declares in metadata, never a guess from
its text, its address or a copyright line."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from claimdesk.io.html import draft_from_html

BODY = """
<article>
<h1>Harbour traffic figures questioned</h1>
<p>Published on 3 March 2021. Updated: 2022-01-05 10:00.</p>
<p>The port authority said container traffic grew 12% last year, the fastest rise in a
decade, but economists said the count includes boxes that are only moved between ships.</p>
<p>Critics pointed to the 2019 annual report, which used a different method, and asked
the authority to publish both figures side by side for the coming years.</p>
<img src="/images/2018-06-07-harbour.jpg" alt="Cranes at the harbour">
</article>
<footer>&copy; 2017 Port Gazette</footer>
"""


def page(head: str = "", body: str = BODY) -> str:
    return f"<html><head><title>Harbour</title>{head}</head><body>{body}</body></html>"


def test_a_page_without_a_declared_date_gets_none() -> None:
    draft = draft_from_html(page(), name="story.html", url="https://port.example/2020/01/02/story")
    assert "container traffic grew 12%" in draft.text
    assert draft.published_at is None


@pytest.mark.parametrize(
    ("head", "body_extra", "expected"),
    [
        (
            '<meta property="article:published_time" content="2024-05-14T09:15:00+02:00">',
            "",
            datetime(2024, 5, 14, 9, 15, tzinfo=timezone(timedelta(hours=2))),
        ),
        (
            '<script type="application/ld+json">{"@context": "https://schema.org", '
            '"@graph": [{"@type": "NewsArticle", "datePublished": "2023-11-02"}]}</script>',
            "",
            datetime(2023, 11, 2, tzinfo=UTC),
        ),
        (
            "",
            '<time itemprop="datePublished" datetime="2022-08-30T07:00:00Z">30 Aug</time>',
            datetime(2022, 8, 30, 7, 0, tzinfo=UTC),
        ),
        (
            '<meta name="citation_publication_date" content="2021/04/09">',
            "",
            datetime(2021, 4, 9, tzinfo=UTC),
        ),
        ('<meta name="date" content="last Tuesday">', "", None),  # declared, but not a date
    ],
)
def test_a_declared_date_is_taken(head: str, body_extra: str, expected: datetime | None) -> None:
    draft = draft_from_html(page(head, BODY + body_extra), name="story.html")
    assert draft.published_at == expected
