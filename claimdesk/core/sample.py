"""The sample article that a new desk opens with."""

from __future__ import annotations

from sqlmodel import Session

from claimdesk.assets import SAMPLE_ARTICLE, resource
from claimdesk.core.articles import add_article, count_articles
from claimdesk.core.records import ArticleDraft, ArticleInfo


def sample_draft() -> ArticleDraft:
    raw = resource(*SAMPLE_ARTICLE).read_bytes()
    text = raw.decode("utf-8").strip()
    title, _, _ = text.partition("\n")
    return ArticleDraft(
        text=text,
        title=title.strip(),
        outlet="claimdesk sample",
        author="claimdesk sample desk",
        language="en",
        raw_bytes=raw,
        raw_media_type="text/plain",
        origin="claimdesk:sample",
    )


def load_sample_if_empty(session: Session) -> ArticleInfo | None:
    """Add the sample article to a desk that has no articles; return it, or None."""
    if count_articles(session):
        return None
    return add_article(session, sample_draft())
