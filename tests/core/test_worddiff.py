"""Word-level diffs and versions read with their claims."""

from __future__ import annotations

from sqlmodel import Session

from claimdesk.core import articles, claims, refresh, versions
from claimdesk.core.records import ArticleDraft
from claimdesk.core.worddiff import word_diff

OLD = "Title\n\nExports rose by 20 percent last year.\n\nThe port stays open."
NEW = "Title\n\nExports fell by 11 percent last year.\n\nThe port stays open."


def test_word_diff_marks_words_not_lines() -> None:
    pieces = word_diff(OLD, NEW)
    changed = [(p.kind, p.text) for p in pieces if p.kind != "same"]
    assert changed == [
        ("delete", "rose "),
        ("insert", "fell "),
        ("delete", "20 "),
        ("insert", "11 "),
    ]
    old_back = "".join(p.text for p in pieces if p.kind != "insert")
    new_back = "".join(p.text for p in pieces if p.kind != "delete")
    assert old_back == OLD and new_back == NEW
    for p in pieces:
        assert (OLD if p.kind != "insert" else NEW)[p.start : p.end] == p.text


def test_versions_with_the_claims_each_change_touched(session: Session) -> None:
    article_id = articles.add_article(session, ArticleDraft(text=OLD)).id
    c1 = claims.create_claim_by_quote(session, article_id, "Exports rose by 20 percent", actor="a")
    c2 = claims.create_claim_by_quote(session, article_id, "The port stays open", actor="a")
    refresh.refresh_article(session, article_id, ArticleDraft(text=NEW), actor="a")
    first = versions.version_view(session, article_id, 1)
    assert first.text == OLD
    assert {p.claim.id: (p.start, p.end) for p in first.claims}[c2.id] == (
        OLD.index("The port"),
        OLD.index("The port") + len("The port stays open"),
    )
    cmp = versions.compare_versions(session, article_id, 1, 2)
    touched = {i for t in cmp.touched for i in t}
    assert touched == {c1.id}
