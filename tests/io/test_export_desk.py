"""A small but complete desk for the export tests, built through the real services.

Other export tests import ``populate`` from here: two articles (one with a web address and
a raw snapshot), sources with and without snapshots, verdicts with evidence, an
overlapping claim, hostile text (a <script> statement, formula-like cells) and history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlmodel import Session

from claimdesk.core import articles, claims, sources, verify
from claimdesk.core.records import ArticleDraft
from claimdesk.core.sample import sample_draft

SECOND_TEXT = (
    "Harbour traffic report\n\n"
    "The port authority said container traffic grew 12% in 2023, the fastest rise in a decade. "
    "Critics said the figure ignores transshipment.\n"
)
SCRIPT_STATEMENT = "<script>alert('x')</script> Rafale sales drove exports"


@dataclass(frozen=True)
class Desk:
    sample_id: int
    harbour_id: int
    largest: int  # verified, two evidence links
    half: int  # false, overlaps ``largest_half``
    largest_half: int  # overlaps both, in progress
    rafale: int  # misleading, statement with <script>
    jobs: int  # unverified, formula-like claimant
    harbour: int  # disputed, on the second article


def populate(session: Session) -> Desk:
    sample = articles.add_article(session, sample_draft())
    harbour = articles.add_article(
        session,
        ArticleDraft(
            text=SECOND_TEXT,
            title="Harbour traffic report",
            url="https://port.example/news/1",
            outlet="Port Gazette",
            author="R. Quay",
            published_at=datetime(2024, 3, 5, 9, 0, tzinfo=UTC),
            raw_bytes=b"<html>\x00\xff snapshot</html>",
            raw_media_type="text/html",
        ),
    )
    q = claims.create_claim_by_quote
    largest = q(
        session,
        sample.id,
        "India is the world's largest arms importer",
        actor="ana",
        claimant="Reuters",
        tags=["arms"],
        kinds=["comparison"],
    )
    half = q(
        session,
        sample.id,
        "depends on Russia for nearly half of its arms supplies",
        actor="ana",
        claimant="Reuters",
        tags=["arms", "russia"],
    )
    text = articles.article_text(session, sample.id)
    start = text.index("largest arms importer")
    end = text.index("nearly half") + len("nearly half")
    largest_half = claims.create_claim(
        session, sample.id, start, end, actor="ben", statement="Overlapping span over two claims"
    )
    rafale = q(
        session,
        sample.id,
        "driven mostly by the sale of 36 Rafale fighter jets",
        actor="ana",
        statement=SCRIPT_STATEMENT,
        claimant="French ministry",
    )
    jobs = q(
        session,
        sample.id,
        "about 2,000 jobs in French shipyards",
        actor="ana",
        claimant='=HYPERLINK("http://evil.example")',
        tags=["@jobs"],
    )
    port = q(
        session,
        harbour.id,
        "container traffic grew 12% in 2023",
        actor="ben",
        claimant="The port authority",
        claim_date="2024-03-04",
    )

    sipri = sources.add_source(
        session,
        sources.SourceDraft(
            url="https://sipri.example/trends-2023",
            title="Trends in international arms transfers",
            publisher="SIPRI",
            kind="primary_data",
            accessed_at=datetime(2024, 4, 1, 12, 0, tzinfo=UTC),
            snapshot=b"%PDF-1.4 snapshot bytes\x00\x01",
            snapshot_media_type="application/pdf",
        ),
    )
    note = sources.add_source(
        session,
        sources.SourceDraft(
            title="Interview with a port economist",
            kind="expert",
            notes="Phone, 3 April",
        ),
    )
    link = sources.link_evidence
    link(
        session,
        largest.id,
        sipri.id,
        "supports",
        actor="ana",
        excerpt="India was the world's largest arms importer in 2019\u201323",
        locator="p. 4",
    )
    link(session, largest.id, note.id, "context", actor="ana", excerpt="-10% since 2014")
    link(
        session,
        half.id,
        sipri.id,
        "contradicts",
        actor="ana",
        excerpt="Russia's share fell to 36%",
        locator="table 2",
    )
    link(session, rafale.id, sipri.id, "context", actor="ana", excerpt="Rafale deliveries")
    link(
        session,
        port.id,
        note.id,
        "contradicts",
        actor="ben",
        excerpt="Transshipment inflates the count",
        locator="+12 minutes",
    )

    verify.set_status(session, largest.id, "in_progress", actor="ana")
    verify.set_status(
        session,
        largest.id,
        "verified",
        actor="ana",
        rationale="SIPRI's five-year data put India first among importers.",
    )
    verify.set_status(
        session,
        half.id,
        "false",
        actor="ana",
        rationale="Russia's share is about a third, not nearly half.",
    )
    verify.set_status(session, largest_half.id, "in_progress", actor="ben")
    verify.set_status(
        session,
        rafale.id,
        "misleading",
        actor="ana",
        rationale='Rafale sales matter, but <b>not</b> "mostly" & more.',
    )
    verify.set_status(
        session,
        port.id,
        "disputed",
        actor="ben",
        rationale="=1+1 The figure counts transshipped boxes twice.",
    )
    return Desk(
        sample.id, harbour.id, largest.id, half.id, largest_half.id, rafale.id, jobs.id, port.id
    )


def test_populate_builds_the_desk(session: Session) -> None:
    desk = populate(session)
    statuses = {c.id: c.status for c in claims.list_claims(session)}
    assert statuses[desk.largest] == "verified"
    assert statuses[desk.jobs] == "unverified"
    assert len(statuses) == 6
