"""The library of published fact-checks: batches, duplicates, removal and undo, matching
claims against it with the desk's matcher, and linking a check as evidence."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from sqlmodel import Session

from claimdesk.core import articles, claims, published, published_match, sources
from claimdesk.core.published import CheckDraft, Problem
from claimdesk.core.records import ArticleDraft
from claimdesk.core.report import build_report
from claimdesk.errors import ImportFailed, NotFoundError
from claimdesk.nlp.matching import ENGLISH


def draft(n: int, claim: str | None = None, **more: str) -> CheckDraft:
    return CheckDraft(
        review_url=f"https://checks.example/{n}",
        claim_reviewed=claim or f"Filler claim {n} about the number of wombats in zone {n}",
        rating_name=more.pop("rating_name", "False"),
        organisation=more.pop("organisation", "Harbour Checks"),
        review_date=more.pop("review_date", "2025-03-04"),
        **more,
    )


def test_an_import_is_a_batch_and_a_known_review_is_updated_not_doubled(
    session: Session,
) -> None:
    first = published.import_checks(
        session, [draft(1), draft(2), Problem("item 3", "not a ClaimReview (Person)")],
        origin="a.json", actor="ana",
    )  # fmt: skip
    assert (first.added, first.updated, [str(p) for p in first.problems]) == (
        2, 0, ["item 3: not a ClaimReview (Person)"]
    )  # fmt: skip
    second = published.import_checks(
        session, [draft(2, rating_name="Mostly false"), draft(3), draft(3)],
        origin="b.json", actor="ben",
    )  # fmt: skip
    assert (second.added, second.updated) == (1, 1)
    assert published.count_checks(session) == 3
    batches = published.list_batches(session)
    assert [(b.origin, b.added, b.updated, b.problems, b.checks) for b in batches] == [
        ("a.json", 2, 0, 1, 1),
        ("b.json", 1, 1, 0, 2),
    ]
    moved = [
        c for c in published.checks_of(session, second.batch_id) if c.review_url.endswith("/2")
    ]
    assert moved[0].rating_name == "Mostly false"


def test_nothing_readable_is_refused_and_leaves_no_batch(session: Session) -> None:
    with pytest.raises(ImportFailed, match=r"Nothing was imported from bad\.json: item 1: nope"):
        published.import_checks(session, [Problem("item 1", "nope")], origin="bad.json", actor="a")
    with pytest.raises(ImportFailed, match="holds no ClaimReview"):
        published.import_checks(session, [], origin="empty.json", actor="a")
    assert published.list_batches(session) == []


def test_removing_a_batch_and_putting_it_back(session: Session) -> None:
    kept = published.import_checks(session, [draft(1)], origin="keep", actor="a")
    gone = published.import_checks(session, [draft(2), draft(3)], origin="gone", actor="a")
    before = published.checks_of(session, gone.batch_id)
    removed = published.remove_batch(session, gone.batch_id)
    assert len(removed.checks) == 2 and published.count_checks(session) == 1
    assert [b.id for b in published.list_batches(session)] == [kept.batch_id]
    with pytest.raises(NotFoundError):
        published.remove_batch(session, gone.batch_id)
    published.restore_batch(session, removed)
    assert published.checks_of(session, gone.batch_id) == before  # same ids, same fields
    with pytest.raises(ImportFailed, match="already in the library"):
        published.restore_batch(session, removed)


def test_undoing_an_import_puts_back_what_it_updated(session: Session) -> None:
    published.import_checks(session, [draft(1, rating_name="True")], origin="old", actor="a")
    old = published.checks_of(session, 1)
    report = published.import_checks(
        session, [draft(1, rating_name="False"), draft(2)], origin="new", actor="a"
    )
    removed = published.undo_import(session, report)
    assert published.checks_of(session, 1) == old
    assert published.count_checks(session) == 1
    published.restore_batch(session, removed)  # redo
    assert {c.rating_name for c in published.checks_of(session, report.batch_id)} == {"False"}
    assert published.count_checks(session) == 2


def test_the_desk_matcher_finds_the_same_claim_in_the_library(session: Session) -> None:
    library = [draft(n) for n in range(300)] + [
        draft(1001, "India is the world's largest arms importer", rating_name="True"),
        draft(1002, "Unemployment rose to 5.2% in 2024", rating_name="False"),
        draft(1003, "Unemployment fell to 5.2% in 2024", rating_name="True"),
        draft(1004, "Nearly half of nurses left the profession in 2023"),
    ]
    published.import_checks(session, library, origin="lib", actor="a")

    def best(sentence: str) -> str | None:
        found = published_match.find_published(session, sentence, matcher=ENGLISH)
        return found[0].check.review_url.rsplit("/", 1)[1] if found else None

    assert best("The world's largest arms importer is India") == "1001"
    assert best("Unemployment climbed to 5.2 per cent in 2024") == "1002"  # not the "fell" one
    assert best("About 50% of nurses left the profession in 2023") == "1004"
    assert best("A third of nurses left the profession in 2023") is None  # other figure
    assert best("Unemployment rose to 5.2% in 2019") is None  # other year
    assert best("Pakistan is the world's largest arms importer") is None  # other subject
    marks = published_match.checked_marks(
        session, ["India is the largest arms importer in the world", "The sky is green"],
        matcher=ENGLISH,
    )  # fmt: skip
    assert list(marks) == ["India is the largest arms importer in the world"]
    assert published_match.summarize([marks[next(iter(marks))]]).startswith(
        "Checked by Harbour Checks, 4 March 2025: True"
    )


@pytest.mark.parametrize(
    ("fields", "stance"),
    [
        ({"rating_name": "False"}, "contradicts"),
        ({"rating_name": "Pants on Fire"}, "contradicts"),
        ({"rating_name": "Mostly false"}, "context"),
        ({"rating_name": "Half true"}, "context"),
        ({"rating_name": "Correct"}, "supports"),
        (
            {"rating_name": "", "rating_value": "1", "best_rating": "6", "worst_rating": "1"},
            "contradicts",
        ),
        ({"rating_name": "", "rating_value": "6", "best_rating": "6"}, "supports"),
        ({"rating_name": "", "rating_value": "3", "best_rating": "5"}, "context"),
        ({"rating_name": ""}, "context"),
    ],
)
def test_the_stance_follows_the_published_rating(fields: dict[str, str], stance: str) -> None:
    check = published.CheckRecord(**{**vars(draft(1)), **fields, "id": 1, "batch_id": 1})
    assert published_match.stance_for(check).value == stance


def test_a_linked_check_is_fact_check_evidence_and_reports_cite_it(
    session: Session, tmp_path: Path
) -> None:
    text = "Officials said India is the world's largest arms importer."
    art = articles.add_article(session, ArticleDraft(text=text, title="Arms story"))
    quote = "India is the world's largest arms importer"
    start = text.index(quote)
    claim = claims.create_claim(session, art.id, start, start + len(quote), actor="ana")
    report = published.import_checks(
        session, [draft(7, quote, rating_name="False", claimant="A minister",
                        review_title="No, India is not the largest importer")],
        origin="lib", actor="ana",
    )  # fmt: skip
    found = published_match.find_for_claim(session, claim.id, matcher=ENGLISH)
    assert [m.check.review_url for m in found] == ["https://checks.example/7"]
    check = found[0].check
    assert check.batch_id == report.batch_id
    source_draft, stance, excerpt = published_match.evidence_of(check)
    assert (source_draft.kind, source_draft.publisher, stance) == (
        "fact_check", "Harbour Checks", "contradicts"
    )  # fmt: skip
    assert excerpt == (
        "Harbour Checks, 4 March 2025 rated \u201cIndia is the world's largest arms "
        "importer\u201d: False."
    )
    src = sources.add_source(session, source_draft)
    assert published_match.source_with_url(session, check.review_url) == src.id
    sources.link_evidence(session, claim.id, src.id, stance, actor="ana", excerpt=excerpt)
    rep = build_report(session)
    from claimdesk.io.export_html import render_html
    from claimdesk.io.export_markdown import render_markdown

    for text in (render_html(rep), render_markdown(rep)):
        assert "https://checks.example/7" in text and "Harbour Checks" in text
        assert "False." in text and "No, India is not the largest importer" in text
    assert replace(check, rating_name=None, rating_value=None).rating == ""
