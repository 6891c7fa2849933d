"""Generated hostile input fed to the real command line, against a real desk.

Backups: mutations of a valid export (wrong types, huge and negative numbers, deep
nesting, missing and unknown keys, Unicode junk).  Arguments: every command that writes
or searches, with hostile text and numbers.  For each: no traceback (exit 0, 1 or 2 with
lines that start with ``claimdesk:``), the desk still passes ``claimdesk check``, and a
command that failed changed nothing (a hash of every table's rows before and after).
An import that succeeded must leave a desk that lists, shows history and exports.
"""

from __future__ import annotations

import copy
import hashlib
import io
import json
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from claimdesk.cli.main import main
from claimdesk.core import backup
from claimdesk.store.engine import Store

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "io"))
from test_cli import run_process
from test_export_desk import populate

TABLES = [name for name, _m in backup.TABLES] + [
    "article_versions", "dismissed_suggestions", "saved_searches", "claim_groups",
    "claim_group_members", "match_rejections", "article_checks",
]  # fmt: skip
DEEP = "\u2063deep:"  # a placeholder string, replaced by nesting in the JSON text


def tables_digest(db: Path) -> str:
    con = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        digest = hashlib.sha256()
        names = con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        for (name,) in names.fetchall():
            digest.update(name.encode())
            for row in sorted(repr(r) for r in con.execute(f'SELECT * FROM "{name}"')):
                digest.update(row.encode())
        return digest.hexdigest()
    finally:
        con.close()


def cli(db: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        code = main(["--db", str(db), *args], stdout=out, stderr=err)
    except SystemExit as exc:  # argparse's own refusal of the arguments: exit 2
        code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def assert_handled(code: int, err: str, what: object) -> None:
    assert code in (0, 1, 2), (code, err, what)
    assert "Traceback" not in err, (err, what)
    for line in err.splitlines():
        assert line.startswith("claimdesk: "), (line, what)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("hostile")
    base = folder / "base.sqlite3"
    store = Store.open(str(base))
    with store.session() as session:
        populate(session)
        export: dict[str, Any] = json.loads(backup.dumps(backup.dump_desk(session)))
    store.close()
    con = sqlite3.connect(base)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return {"folder": folder, "base": base, "export": export}


def fresh_desk(world: dict[str, Any]) -> Path:
    folder = Path(tempfile.mkdtemp(dir=world["folder"]))
    desk = folder / "desk.sqlite3"
    shutil.copy(world["base"], desk)
    return desk


junk_text = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from("\x1b\x00\u202e"),
    max_size=40,
)
junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**80), 2**80),
    st.sampled_from([2**63, 2**63 - 1, -1, 0, 2**64, 10**30, -(2**63) - 1]),
    st.floats(allow_nan=True, allow_infinity=True),
    junk_text,
    st.sampled_from(["\ud800", "x" * 5001, "a\u0000b"]),  # a lone surrogate, long, NUL
    st.lists(st.integers() | junk_text, max_size=3),
    st.dictionaries(junk_text, st.integers() | junk_text, max_size=3),
    st.integers(2, 5000).map(lambda n: f"{DEEP}{n}"),
)


@st.composite
def mutation(draw: st.DrawFn, export: dict[str, Any]) -> tuple[str, ...]:
    kind = draw(st.sampled_from(["set", "set", "set", "drop", "table", "top", "copy"]))
    table = draw(st.sampled_from(TABLES))
    rows = export.get(table) or []
    index = draw(st.integers(0, max(len(rows) - 1, 0)))
    fields = sorted(rows[index]) if rows else ["id"]
    field = draw(st.sampled_from([*fields, "evil"]))
    return kind, table, str(index), field


def apply(data: dict[str, Any], change: tuple[str, ...], value: Any) -> None:
    kind, table, index, field = change
    rows = data.get(table)
    if kind == "table":
        data[table] = value
    elif kind == "top":
        data[draw_top(field)] = value
    elif isinstance(rows, list) and rows and isinstance(rows[int(index) % len(rows)], dict):
        row = rows[int(index) % len(rows)]
        if kind == "set":
            row[field] = value
        elif kind == "drop":
            row.pop(field, None)
        else:
            rows.append({**row, field: value})


def draw_top(field: str) -> str:
    return "format_version" if field in ("id", "evil") else "format"


def as_json(data: dict[str, Any]) -> str:
    text = json.dumps(data)
    while DEEP in text:  # nesting json.dumps itself could not write
        at = text.index(f'"{DEEP}')
        end = text.index('"', at + 1)
        depth = int(text[at + len(DEEP) + 1 : end])
        text = text[:at] + "[" * depth + "]" * depth + text[end + 1 :]
    return text


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_hostile_backups(world: dict[str, Any], data: st.DataObject) -> None:
    export = copy.deepcopy(world["export"])
    for _ in range(data.draw(st.integers(1, 3))):
        apply(export, data.draw(mutation(world["export"])), data.draw(junk))
    desk = fresh_desk(world)
    file = desk.parent / "hostile.json"
    file.write_text(as_json(export), "utf-8")
    before = tables_digest(desk)
    code, _out, err = cli(desk, "import-json", str(file))
    assert_handled(code, err, "import-json")
    event("refused" if code else "imported")  # see --hypothesis-show-statistics
    if code != 0:
        assert tables_digest(desk) == before, err
    else:
        for args in (
            ("claims",),
            ("claims", "--format", "json"),
            ("history", "1"),
            ("export", "--format", "json", "--out", str(desk.parent / "again.json")),
        ):
            code, _out, err = cli(desk, *args)
            assert code == 0, (args, err)
    code, _out, err = cli(desk, "check")
    assert code == 0, err


ids = st.integers(-(2**70), 2**70).map(str) | st.sampled_from(["1", "2", "6", "0", "-1"])
words = junk_text | st.sampled_from(["", " ", "x" * 100_000, '"', "NEAR(", "*", "AND OR"])
commands = st.one_of(
    st.tuples(st.just("claim"), st.just("add"), ids, st.just("--quote"), words,
              st.just("--statement"), words),
    st.tuples(st.just("claim"), st.just("status"), ids,
              words | st.sampled_from(["verified", "in-progress", "false"]),
              st.just("--rationale"), words),
    st.tuples(st.just("claim"), st.just("delete"), ids),
    st.tuples(st.just("source"), st.just("add"), words, st.just("--title"), words),
    st.tuples(st.just("evidence"), st.just("add"), ids, ids, st.just("--stance"),
              words | st.sampled_from(["supports", "context"])),
    st.tuples(st.just("claims"), st.just("--status"), words),
    st.tuples(st.just("claims"), st.just("--tag"), words),
    st.tuples(st.just("history"), ids),
    st.tuples(st.just("article"), ids),
    st.tuples(st.just("search"), words),
)  # fmt: skip


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(args=commands, user=st.none() | junk_text)
def test_hostile_arguments(world: dict[str, Any], args: tuple[str, ...], user: str | None) -> None:
    desk = fresh_desk(world)
    before = tables_digest(desk)
    argv = [*(["--user", user] if user is not None else []), *args]
    code, out, err = cli(desk, *argv)
    assert_handled(code, err, argv)
    assert "\x1b" not in out + err, argv
    if code != 0:
        assert tables_digest(desk) == before, (argv, err)
    code, _out, err = cli(desk, "check")
    assert code == 0, (argv, err)


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d["claims"][0].update(facets=[1]),
        lambda d: d["claims"][0].update(id=2**64),
        lambda d: d.update(claims=f"{DEEP}100000"),
    ],
    ids=["facets-list", "huge-id", "deep"],
)
def test_hostile_backups_in_a_real_process(world: dict[str, Any], mutate: Any) -> None:
    export = copy.deepcopy(world["export"])
    mutate(export)
    desk = fresh_desk(world)
    file = desk.parent / "hostile.json"
    file.write_text(as_json(export), "utf-8")
    before = tables_digest(desk)
    result = run_process("--db", str(desk), "import-json", str(file))
    assert result.returncode == 1, result.stderr
    assert_handled(result.returncode, result.stderr, "subprocess")
    assert tables_digest(desk) == before
    assert run_process("--db", str(desk), "check").returncode == 0
