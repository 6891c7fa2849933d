"""CSV: one row per claim or per evidence link, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlmodel import Session
from test_export_desk import Desk, populate

from claimdesk.core.report import Report, build_report
from claimdesk.io.export_common import neutralise
from claimdesk.io.export_csv import CLAIM_COLUMNS, EVIDENCE_COLUMNS, export_csv


@pytest.fixture
def desk(session: Session) -> Desk:
    return populate(session)


@pytest.fixture
def report(session: Session, desk: Desk) -> Report:
    return build_report(session)


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+33 1", "'+33 1"),
        ("-10%", "'-10%"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain", "plain"),
        ("a=b", "a=b"),
        (-5, -5),
        ("", ""),
    ],
)
def test_neutralise(value: object, expected: object) -> None:
    assert neutralise(value) == expected


def test_one_row_per_claim(report: Report, desk: Desk, tmp_path: Path) -> None:
    out = export_csv(report, tmp_path / "claims.csv")
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads the BOM as UTF-8
    rows = read(out)
    assert list(rows[0]) == list(CLAIM_COLUMNS)
    assert len(rows) == 6
    by_id = {int(r["claim_id"]): r for r in rows}
    jobs = by_id[desk.jobs]
    assert jobs["claimant"] == '\'=HYPERLINK("http://evil.example")'
    assert jobs["tags"] == "'@jobs"
    assert by_id[desk.harbour]["rationale"].startswith("'=1+1 ")
    largest = by_id[desk.largest]
    assert (largest["verdict"], largest["evidence_count"], largest["supports"]) == (
        "Verified",
        "2",
        "1",
    )
    assert largest["article_title"].startswith("India and France")


def test_one_row_per_evidence_link(report: Report, desk: Desk, tmp_path: Path) -> None:
    rows = read(export_csv(report, tmp_path / "evidence.csv", evidence_rows=True))
    assert list(rows[0]) == list(CLAIM_COLUMNS + EVIDENCE_COLUMNS)
    assert len(rows) == 5 + 2  # five links, plus the two claims without evidence
    port = [r for r in rows if r["claim_id"] == str(desk.harbour)]
    assert [(r["stance"], r["locator"]) for r in port] == [("contradicts", "'+12 minutes")]
    context = [r for r in rows if r["excerpt"] == "'-10% since 2014"]
    assert len(context) == 1 and context[0]["source_url"] == ""
    assert [r["source_title"] for r in rows if r["claim_id"] == str(desk.jobs)] == [""]
