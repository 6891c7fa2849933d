"""Reading published fact-checks: every input form, and bad input item by item."""

from __future__ import annotations

import json
import os
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from claimdesk.core.published import CheckDraft, Problem
from claimdesk.io.claimreview_import import CSV_COLUMNS, read_checks


def review(n: int, **more: Any) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"https://checks.example/review/{n}",
        "claimReviewed": f"Claim number {n} about harbour traffic",
        "datePublished": "2025-02-03",
        "inLanguage": "en",
        "headline": f"Review {n}",
        "author": {"@type": "Organization", "name": "Harbour Checks", "url": "https://checks.example/"},
        "reviewRating": {"@type": "Rating", "ratingValue": 2, "bestRating": 5, "worstRating": 1,
                         "alternateName": "Mostly false"},
        "itemReviewed": {"@type": "Claim", "datePublished": "2025-01-30",
                         "author": {"@type": "Person", "name": "Ana Ruiz"},
                         "appearance": {"@type": "CreativeWork", "url": "https://news.example/a",
                                        "headline": "Where it was said"}},
        **more,
    }  # fmt: skip


def read(path: Path) -> tuple[list[CheckDraft], list[Problem]]:
    items = list(read_checks(path))
    return (
        [i for i in items if isinstance(i, CheckDraft)],
        [i for i in items if isinstance(i, Problem)],
    )


def write(tmp_path: Path, name: str, value: Any) -> Path:
    path = tmp_path / name
    path.write_text(value if isinstance(value, str) else json.dumps(value), encoding="utf-8")
    return path


def test_a_single_object_keeps_every_field(tmp_path: Path) -> None:
    drafts, problems = read(write(tmp_path, "one.jsonld", review(1)))
    assert problems == []
    assert drafts == [
        CheckDraft(
            review_url="https://checks.example/review/1",
            claim_reviewed="Claim number 1 about harbour traffic",
            rating_value="2",
            best_rating="5",
            worst_rating="1",
            rating_name="Mostly false",
            claimant="Ana Ruiz",
            claimant_type="Person",
            claim_date="2025-01-30",
            review_date="2025-02-03",
            organisation="Harbour Checks",
            organisation_url="https://checks.example/",
            language="en",
            appearance_url="https://news.example/a",
            appearance_title="Where it was said",
            review_title="Review 1",
        )
    ]


@pytest.mark.parametrize(
    "shape",
    [
        lambda items: items,
        lambda items: {"@context": "https://schema.org", "@graph": items},
        lambda items: {
            "@context": "https://schema.org",
            "@type": "DataFeed",
            "dataFeedElement": [{"@type": "DataFeedItem", "item": i} for i in items],
        },
        lambda items: {"@type": "DataFeed", "dataFeedElement": items},
    ],
    ids=["array", "graph", "datafeed-items", "datafeed-direct"],
)
def test_arrays_graphs_and_feeds(tmp_path: Path, shape: Any) -> None:
    drafts, problems = read(write(tmp_path, "feed.json", shape([review(n) for n in range(5)])))
    assert problems == []
    assert [d.review_url for d in drafts] == [
        f"https://checks.example/review/{n}" for n in range(5)
    ]


def test_one_object_per_line(tmp_path: Path) -> None:
    text = "\n".join(json.dumps(review(n)) for n in range(3)) + "\n"
    drafts, problems = read(write(tmp_path, "feed.jsonl", text))
    assert (len(drafts), problems) == (3, [])


def test_an_html_page_with_json_ld_blocks(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Checks</title>"
        f'<script type="application/ld+json">{json.dumps(review(1))}</script>'
        '<script type="application/ld+json">{"@type": "ClaimReview", broken</script>'
        f'<script type="application/ld+json">{json.dumps([review(2), {"@type": "Article"}])}'
        "</script></head><body><p>Our verdicts</p></body></html>"
    )
    drafts, problems = read(write(tmp_path, "page.html", page))
    assert [d.review_url for d in drafts] == [
        "https://checks.example/review/1",
        "https://checks.example/review/2",
    ]
    assert [p.where for p in problems] == ["script block 2", "script block 3, item 2"]
    assert "broken JSON" in problems[0].message
    assert "not a ClaimReview (Article)" in problems[1].message


def test_a_page_without_json_ld_says_so(tmp_path: Path) -> None:
    drafts, problems = read(write(tmp_path, "plain.html", "<html><body>Nothing</body></html>"))
    assert drafts == [] and "holds no JSON-LD" in problems[0].message


def test_csv_with_the_documented_header(tmp_path: Path) -> None:
    header = ",".join(CSV_COLUMNS)
    assert header.startswith("review_url,claim_reviewed,rating_value")
    rows = [
        header,
        'https://c.example/1,"Exports rose 12%, the minister said",1,5,1,False,Ana Ruiz,Person,'
        "2025-01-01,2025-01-02,Harbour Checks,https://c.example/,en,https://news.example/1,"
        "Said here,Review one",
        ",No address here,,,,,,,,,,,,,,",
        "https://c.example/3,,,,,,,,,,,,,,,",
        "not-an-address,A claim,,,,,,,,,,,,,,",
    ]
    drafts, problems = read(write(tmp_path, "checks.csv", "\n".join(rows) + "\n"))
    assert len(drafts) == 1
    d = drafts[0]
    assert (d.claim_reviewed, d.rating_name, d.organisation, d.review_title) == (
        "Exports rose 12%, the minister said", "False", "Harbour Checks", "Review one"
    )  # fmt: skip
    assert [str(p) for p in problems] == [
        "line 3: review_url is not a web address",
        "line 4: no claim_reviewed",
        "line 5: review_url is not a web address",
    ]


def test_csv_with_only_the_required_columns_and_an_unknown_one(tmp_path: Path) -> None:
    text = "claim_reviewed,review_url,verdict_colour\nThe port doubled,https://c.example/9,red\n"
    drafts, problems = read(write(tmp_path, "short.csv", text))
    assert [d.review_url for d in drafts] == ["https://c.example/9"]
    assert "verdict_colour" in problems[0].message  # reported, not silently dropped


def test_csv_without_the_required_columns_is_refused(tmp_path: Path) -> None:
    drafts, problems = read(write(tmp_path, "wrong.csv", "claim,link\nA,https://c.example\n"))
    assert drafts == [] and "lacks claim_reviewed, review_url" in problems[0].message


def test_csv_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes(
        "claim_reviewed,review_url\nLa r\xe9forme,https://c.example/1\n".encode("latin-1")
    )
    drafts, problems = read(path)
    assert drafts == [] and "not UTF-8" in problems[0].message


def test_items_that_are_not_usable_are_reported_one_by_one(tmp_path: Path) -> None:
    items = [
        review(1),
        {"@type": "Person", "name": "Not a review"},
        review(2, claimReviewed=""),
        review(3, url="javascript:alert(1)"),
        "just a string",
        review(4),
    ]
    drafts, problems = read(write(tmp_path, "mixed.json", items))
    assert [d.review_url.rsplit("/", 1)[1] for d in drafts] == ["1", "4"]
    assert [(p.where, p.message.split(" (")[0].split(":")[0]) for p in problems] == [
        ("item 2", "not a ClaimReview"),
        ("item 3", "this ClaimReview cannot be used"),
        ("item 4", "this ClaimReview cannot be used"),
        ("item 5", "not a ClaimReview"),
    ]
    assert "no claimReviewed" in problems[1].message and "no url" in problems[2].message


def test_broken_json_keeps_what_came_before_and_says_where(tmp_path: Path) -> None:
    text = json.dumps([review(1), review(2)])[:-1] + ', {"@type": "ClaimReview", "url": tru'
    drafts, problems = read(write(tmp_path, "broken.json", text))
    assert len(drafts) == 2
    assert problems[0].where == "broken.json"
    assert "broken JSON, reading stopped" in problems[0].message
    assert "character" in problems[0].message


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("", "neither JSON-LD"),
        ("   \n", "neither JSON-LD"),
        ("[", "ends inside an array"),
        ('{"@type": "ClaimReview"', "expected"),
        ("hello, world", "neither JSON-LD"),
    ],
)
def test_empty_and_garbled_files(tmp_path: Path, content: str, words: str) -> None:
    drafts, problems = read(write(tmp_path, "odd.json", content))
    assert drafts == [] and words in problems[0].message, problems


def test_a_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "photo.json"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    drafts, problems = read(path)
    assert drafts == [] and "not a text file" in problems[0].message


def test_a_2_gb_file_is_streamed_not_loaded(tmp_path: Path) -> None:
    """A sparse 2 GB file (it takes no disk space): readable reviews, then a hole of NUL
    bytes.  The reviews are read and the rest is refused at once, in little memory."""
    path = tmp_path / "huge.json"
    head = ("[" + ", ".join(json.dumps(review(n)) for n in range(200)) + ", ").encode()
    with path.open("wb") as f:
        f.write(head)
        f.truncate(2 * 1024**3)
    assert path.stat().st_size == 2 * 1024**3
    tracemalloc.start()
    try:
        drafts, problems = read(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(drafts) == 200
    assert "binary data" in problems[0].message
    assert peak < 50 * 1024**2, f"peak {peak / 1024**2:.0f} MB"


def test_a_2_gb_page_is_refused_by_size(tmp_path: Path) -> None:
    path = tmp_path / "huge.html"
    with path.open("wb") as f:
        f.write(b"<html><body>" + b"<p>Our verdicts.</p>" * 1000)
        f.truncate(2 * 1024**3)
    drafts, problems = read(path)
    assert drafts == [] and "2,048 MB" in problems[0].message


def test_a_big_feed_is_read_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonld"
    with path.open("w", encoding="utf-8") as f:
        f.write('{"@context": "https://schema.org", "@type": "DataFeed", "dataFeedElement": [')
        for n in range(40_000):
            f.write(("," if n else "") + json.dumps(review(n)))
        f.write("]}")
    size = os.path.getsize(path)
    assert size > 25 * 1024**2
    tracemalloc.start()
    try:
        count = sum(1 for item in read_checks(path) if isinstance(item, CheckDraft))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 40_000
    assert peak < size / 3, f"peak {peak / 1024**2:.0f} MB for a {size / 1024**2:.0f} MB file"


SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "schemaorg"


def shared_data(*parts: str) -> Path:
    path = SHARED.joinpath(*parts[1:])
    if not path.exists():
        pytest.skip(f"{path} is absent: ../shared/data exists only in the development checkout")
    return path


def test_schema_org_examples_read(tmp_path: Path) -> None:
    """The official schema.org ClaimReview examples (read from ../shared/data, written
    here as one @graph file as a publisher would)."""
    examples = json.loads(shared_data("schemaorg", "claimreview-examples-jsonld.json").read_text())
    graph = [e["jsonld"] for e in examples if e.get("json_parsed")]
    drafts, problems = read(write(tmp_path, "examples.jsonld", {"@graph": graph}))
    assert problems == [] and len(drafts) == len(graph) >= 2
    perry = next(d for d in drafts if "homicides" in d.claim_reviewed)
    assert (perry.claimant, perry.claimant_type, perry.rating_value, perry.best_rating) == (
        "Rich Perry", "Person", "1", "6"
    )  # fmt: skip
    assert perry.organisation_url == "http://www.politifact.com/"
