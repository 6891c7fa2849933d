"""The gate of import-json: a hostile or broken backup is refused whole, one line per
refused record, before anything is written; the desk stays readable afterwards."""

from __future__ import annotations

import copy
import hashlib
import io
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from claimdesk.cli.main import main
from claimdesk.core import backup
from claimdesk.core.backup_gate import BackupRefused, check_backup
from claimdesk.core.backup_more import MORE_TABLES
from claimdesk.core.backup_shape import backup_schema
from claimdesk.core.vocab import SourceKind, Stance, Status
from claimdesk.errors import ImportFailed
from claimdesk.store.engine import Store

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "io"))
from test_export_desk import populate

Mutation = Callable[[dict[str, Any]], None]


@pytest.fixture(scope="module")
def valid(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    store = Store.open(str(tmp_path_factory.mktemp("gate") / "source.sqlite3"))
    with store.session() as session:
        populate(session)
        data: dict[str, Any] = json.loads(backup.dumps(backup.dump_desk(session)))
    store.close()
    return data


def cli(db: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--db", str(db), *args], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def _claim(**values: Any) -> Mutation:
    return lambda d: d["claims"][0].update(values)


def _retext(d: dict[str, Any], text: str) -> None:
    """Give article 1 this text with a matching digest, dropping what anchored into it."""
    d["articles"][0].update(text=text, text_sha256=hashlib.sha256(text.encode()).hexdigest())
    d["claims"] = [c for c in d["claims"] if c["article_id"] != 1]
    kept = {c["id"] for c in d["claims"]}
    d["evidence"] = [e for e in d["evidence"] if e["claim_id"] in kept]
    d["status_changes"] = [h for h in d["status_changes"] if h["claim_id"] in kept]


# What main accepted (and then broke on, or kept against the services' rules), and the
# line the gate now prints for it.
CASES: dict[str, tuple[Mutation, str]] = {
    "facets a list": (_claim(facets=[1, 2]), "claim 1 (article 1): facets must be an object"),
    "tags hold objects": (_claim(tags=[{"a": 1}]), "claim 1 (article 1): tags[0] must be text"),
    "statement a list": (_claim(statement=["x"]), "claim 1 (article 1): statement must be text"),
    "title an object": (
        lambda d: d["articles"][0].update(title={"x": 1}),
        "article 1: title must be text",
    ),
    "actor a list": (
        lambda d: d["status_changes"][0].update(actor=[1]),
        "status change 1 (claim 1): actor must be text",
    ),
    "id of 2^64": (_claim(id=2**64), "id is too large for an id"),
    "priority of 2^70": (_claim(priority=2**70), "priority must be at most 3"),
    "group id a list": (
        lambda d: d.update(
            claim_groups=[{"id": 1}], claim_group_members=[{"claim_id": 1, "group_id": [1]}]
        ),
        "group member (claim 1): group_id must be a whole number",
    ),
    "version text a list": (
        lambda d: d.update(
            article_versions=[
                {"id": 1, "article_id": 1, "version": 1, "text": [1], "text_sha256": "0" * 64}
            ]
        ),
        "article version 1 (article 1): text must be text",
    ),
    "facets nested five deep": (
        _claim(facets={"a": {"b": {"c": {"d": {"e": 1}}}}}),
        "facets.a is nested more than three levels deep",
    ),
    "span outside the text": (
        _claim(pos_start=10**6, pos_end=10**6 + 5),
        "its span 1000000-1000005 is outside its article's text",
    ),
    "span reversed": (_claim(pos_start=532, pos_end=490), "ends before it starts"),
    "quote not the text": (_claim(quote_exact="nonsense"), "its quote \u201cnonsense\u201d is not"),
    "verdict without rationale": (_claim(rationale=""), "only with a rationale"),
    "verdicts without evidence": (
        lambda d: d.update(evidence=[]),
        "only with at least one linked source as evidence",
    ),
    "statement too long": (_claim(statement="x" * 5001), "statement is longer than 5,000"),
    "article over 20 million": (
        lambda d: _retext(d, "a" * 20_000_001),
        "article 1: text is longer than 20,000,000 characters",
    ),
    "a lone surrogate": (_claim(claimant="\ud800"), "not valid Unicode"),
    "an unknown field": (_claim(evil=1), "has unknown fields \u201cevil\u201d"),
    "a missing field": (lambda d: d["claims"][0].pop("statement"), "has no \u201cstatement\u201d"),
    "an unreadable date": (_claim(created_at="yesterday"), "created_at \u201cyesterday\u201d"),
    "a repeated id": (
        lambda d: d["sources"].append(dict(d["sources"][0])),
        "the id 1 is used by another record of sources",
    ),
    "a status its history does not reach": (
        _claim(status="in_progress"),
        "claim 1 (article 1): its history ends at verified, not at in_progress",
    ),
    "a history that skips a step": (
        lambda d: d["status_changes"][6].update(from_status="false"),
        "it starts from false but the change before it ended at unverified",
    ),
    "a javascript: article address": (
        lambda d: d["articles"][0].update(url="javascript:alert(document.domain)"),
        "url \u201cjavascript:alert(document.domain)\u201d is refused",
    ),
    "a source address with a line break": (
        lambda d: d["sources"][0].update(
            url="https://ok.example/\n![x](https://evil.example/t.png)"
        ),
        "is refused: it contains u+000a",
    ),
    "evidence of no claim": (
        lambda d: d["evidence"][0].update(claim_id=999),
        "claim_id names claim 999, not in the file",
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_backups_are_refused_with_one_line_each(
    name: str, valid: dict[str, Any], tmp_path: Path
) -> None:
    mutate, expected = CASES[name]
    data = copy.deepcopy(valid)
    mutate(data)
    (tmp_path / "bad.json").write_text(json.dumps(data), "utf-8")
    db = tmp_path / "desk.sqlite3"
    code, _out, err = cli(db, "import-json", str(tmp_path / "bad.json"))
    assert code == 1, err
    assert expected in err
    assert "Traceback" not in err
    assert err.splitlines()[-1] == "claimdesk: The backup was refused; nothing was imported."
    code, out, err = cli(db, "claims", "--format", "json")
    assert (code, json.loads(out)) == (0, []), err  # nothing was written, and it reads


def test_every_refused_record_gets_its_own_line(valid: dict[str, Any]) -> None:
    data = copy.deepcopy(valid)
    data["claims"][0]["facets"] = []
    data["claims"][1]["tags"] = "arms"
    data["claims"][1]["kinds"] = 7
    with pytest.raises(BackupRefused) as refused:
        check_backup(data)
    assert refused.value.problems == [
        "claim 1 (article 1): facets must be an object",
        "claim 2 (article 1): kinds must be a list; tags must be a list",
    ]
    assert str(refused.value).endswith("(and 1 more); nothing was imported.")


def test_a_merge_refused_leaves_the_desk_as_it_was(valid: dict[str, Any], tmp_path: Path) -> None:
    db = tmp_path / "desk.sqlite3"
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_text(json.dumps(valid), "utf-8")
    assert cli(db, "import-json", str(good))[0] == 0
    before = db.read_bytes(), cli(db, "claims", "--format", "json")[1]
    data = copy.deepcopy(valid)
    data["articles"].append({**data["articles"][1], "id": 9, "title": "new", "url": None})
    data["claims"][-1]["tags"] = [{"a": 1}]
    bad.write_text(json.dumps(data), "utf-8")
    assert cli(db, "import-json", str(bad))[0] == 1
    assert cli(db, "claims", "--format", "json")[1] == before[1]
    assert cli(db, "export", "--format", "csv", "--out", str(tmp_path / "c.csv"))[0] == 0


def test_deep_nesting_and_bad_numbers_are_one_line(valid: dict[str, Any]) -> None:
    deep = json.dumps(valid)[:-1] + ', "x": ' + "[" * 200_000 + "]" * 200_000 + "}"
    with pytest.raises(ImportFailed, match="nests lists or objects too deeply"):
        backup.parse(deep)
    with pytest.raises(ImportFailed, match="not valid JSON"):
        backup.parse(json.dumps(valid).replace('"priority": 0', '"priority": NaN', 1))


def test_the_valid_export_passes_the_gate(valid: dict[str, Any]) -> None:
    check_backup(copy.deepcopy(valid))


def test_the_schema_covers_every_column_and_vocabulary() -> None:
    schema = backup_schema()
    tables = [(n, m) for n, m in backup.TABLES] + [(n, m) for n, m, *_r in MORE_TABLES]
    for name, model in tables:
        record = schema["properties"][name]["items"]["$ref"].rsplit("/", 1)[1]
        props = schema["$defs"][record]["properties"]
        columns = {c.name for c in model.__table__.columns}  # type: ignore[attr-defined]
        assert set(props) == columns, name
    defs = schema["$defs"]
    assert set(defs["status"]["enum"]) == {s.value for s in Status}
    assert set(defs["stance"]["enum"]) == {s.value for s in Stance}
    assert set(defs["source"]["properties"]["kind"]["enum"]) == {k.value for k in SourceKind}


def test_refused_records_are_listed_in_file_order(valid: dict[str, Any]) -> None:
    data = copy.deepcopy(valid)
    data["status_changes"][10]["actor"] = 1
    data["status_changes"][2]["actor"] = 2
    with pytest.raises(BackupRefused) as refused:
        check_backup(data)
    assert [p.split(":")[0] for p in refused.value.problems] == [
        "status change 3 (claim 3)",
        "status change 11 (claim 4)",
    ]


def test_records_broken_against_the_rules_are_in_file_order(valid: dict[str, Any]) -> None:
    data = copy.deepcopy(valid)
    data["claims"][3]["created_at"] = "soon"  # found by the first pass over every table
    data["claims"][1]["quote_exact"] = "nonsense"  # found by the later pass over claims
    with pytest.raises(BackupRefused) as refused:
        check_backup(data)
    assert [p.split(":")[0] for p in refused.value.problems] == [
        "claim 2 (article 1)",
        "claim 4 (article 1)",
    ]


def test_the_schema_ships_as_package_data() -> None:
    import tomllib

    repo = Path(__file__).resolve().parents[2]
    config = tomllib.loads((repo / "pyproject.toml").read_text("utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["claimdesk"]
    shipped = {p for pattern in patterns for p in (repo / "claimdesk").glob(pattern)}
    assert repo / "claimdesk" / "core" / "schemas" / "backup.schema.json" in shipped
    spec = (repo / "packaging" / "claimdesk.spec").read_text("utf-8")
    assert '"claimdesk" / "core" / "schemas"' in spec  # and in the frozen build
