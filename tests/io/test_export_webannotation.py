"""Web Annotation export checked against the W3C test suite's 54 MUST assertions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session
from test_export_desk import Desk, populate

from claimdesk.core.articles import article_text
from claimdesk.core.report import Report, build_report
from claimdesk.io.export_webannotation import collection, export_webannotation

SUITE = Path(__file__).resolve().parents[3] / "shared" / "data" / "w3c-web-annotation"


def must_validators() -> list[tuple[str, Any]]:
    if not SUITE.exists():
        pytest.skip(f"{SUITE} is absent: ../shared/data exists only in the development checkout")
    from jsonschema import Draft4Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    resources = []
    for path in sorted((SUITE / "definitions").glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resource = Resource.from_contents(schema, default_specification=DRAFT4)
        resources.append((schema["id"], resource))
    registry = Registry().with_resources(resources)
    listed = json.loads((SUITE / "annotations" / "annotationMusts.test").read_text())["assertions"]
    validators = []
    for name in listed:
        schema = json.loads((SUITE / name).read_text(encoding="utf-8"))
        validators.append((name, Draft4Validator(schema, registry=registry)))
    return validators


@pytest.fixture(scope="module")
def validators() -> list[tuple[str, Any]]:
    return must_validators()


@pytest.fixture
def desk(session: Session) -> Desk:
    return populate(session)


@pytest.fixture
def report(session: Session, desk: Desk) -> Report:
    return build_report(session, organisation="Desk")


def failures(annotation: dict[str, Any], validators: list[tuple[str, Any]]) -> list[str]:
    return [
        f"{name}: {next(iter(v.iter_errors(annotation))).message[:120]}"
        for name, v in validators
        if not v.is_valid(annotation)
    ]


def test_the_suite_itself_behaves(validators: list[tuple[str, Any]]) -> None:
    assert len(validators) == 54
    good = json.loads((SUITE / "samples" / "correct" / "anno1.json").read_text())
    assert failures(good, validators) == []
    bad = {"@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation", "body": "x"}
    assert failures(bad, validators)


def test_every_annotation_passes_every_must(
    report: Report, validators: list[tuple[str, Any]]
) -> None:
    items = collection(report)["first"]["items"]
    assert len(items) == 6 + 5
    for annotation in items:
        assert failures(annotation, validators) == [], annotation["id"]


def test_shape_of_the_collection(report: Report, session: Session, desk: Desk) -> None:
    data = collection(report)
    assert data["type"] == "AnnotationCollection" and data["total"] == 11
    assert data["first"]["type"] == "AnnotationPage"
    items = data["first"]["items"]
    assessing = [a for a in items if a["motivation"] == "assessing"]
    linking = [a for a in items if a["motivation"] == "linking"]
    assert len(assessing) == 6 and len(linking) == 5
    first = assessing[0]
    target = first["target"]
    assert target["source"] == f"urn:sha256:{report.articles[0].text_sha256}"
    quote, position = target["selector"]
    text = article_text(session, desk.sample_id)
    assert text[position["start"] : position["end"]] == quote["exact"]
    assert text[position["start"] - len(quote["prefix"]) : position["start"]] == quote["prefix"]
    assert {b["purpose"]: b["value"] for b in first["body"]}["assessing"] == "Verified"
    harbour = [a for a in assessing if a["target"]["source"] == "https://port.example/news/1"]
    assert len(harbour) == 1
    link = linking[0]
    assert link["body"][0] == {"id": "https://sipri.example/trends-2023", "type": "Text"}
    assert link["target"][1] == first["id"]
    assert collection(report) == data  # stable ids


def test_written_file(report: Report, tmp_path: Path, validators: list[tuple[str, Any]]) -> None:
    out = export_webannotation(report, tmp_path / "annotations.jsonld")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert all(failures(a, validators) == [] for a in data["first"]["items"])
