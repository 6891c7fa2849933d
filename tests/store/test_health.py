"""Damaged, newer, read-only and full desks: never written, and each called what it is.

The read-only folder and the full disk are real: a folder without write permission (or,
for root, whom permissions do not stop, a read-only bind mount), and a small tmpfs filled
to the last byte.  Where the machine allows neither, those tests say so and skip.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "cli"))
from fsutil import read_only_folder
from test_cli import ok, run

from claimdesk.assets import SAMPLE_ARTICLE, resource

QUOTE = "the world's largest arms importer"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def beside(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name))


def small_desk(db: Path) -> None:
    ok(db, "import", str(resource(*SAMPLE_ARTICLE)))
    ok(db, "claim", "add", "1", "--quote", QUOTE)
    ok(db, "source", "add", "https://sipri.example/trends", "--title", "Arms transfers")
    ok(db, "evidence", "add", "1", "1", "--stance", "supports")
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()


def break_page_of(db: Path, table: str) -> None:
    """Overwrite the b-tree header of ``table``'s root page: the first pages stay whole."""
    con = sqlite3.connect(db)
    (root,) = con.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()
    (size,) = con.execute("PRAGMA page_size").fetchone()
    con.close()
    assert root > 2
    with db.open("r+b") as fh:
        fh.seek((root - 1) * size)
        fh.write(b"\x0d\x00\x00\xff" + b"\xff" * 200)


def test_a_damaged_desk_is_never_written(db_path: Path) -> None:
    small_desk(db_path)
    break_page_of(db_path, "evidence")
    before = digest(db_path)
    result = run(db_path, "claim", "status", "1", "in-progress")
    assert result.returncode == 1, result.stdout
    assert result.stderr.count("\n") == 1
    assert "is damaged" in result.stderr and "Restore it from a backup" in result.stderr
    assert digest(db_path) == before
    for args in (("claims",), ("history", "1"), ("articles",), ("claims", "--format", "json")):
        read = run(db_path, *args)
        assert read.returncode in (0, 1), args
        assert "Traceback" not in read.stderr and read.stderr.count("\n") <= 1, args
    assert digest(db_path) == before


def test_the_restore_hint_names_the_copies_kept_before_upgrades(db_path: Path) -> None:
    small_desk(db_path)
    (db_path.parent / f"{db_path.name}.before-0005.bak").write_bytes(db_path.read_bytes())
    break_page_of(db_path, "claim")
    result = run(db_path, "source", "add", "https://b.example/x")
    assert result.returncode == 1
    assert f"({db_path.name}.before-0005.bak beside it)" in result.stderr


def test_a_truncated_desk_is_refused_at_opening(db_path: Path) -> None:
    small_desk(db_path)
    data = db_path.read_bytes()
    db_path.write_bytes(data[: len(data) // 2])
    result = run(db_path, "claims")
    assert result.returncode == 1
    assert "is damaged (the file is cut short" in result.stderr


def test_a_newer_desk_is_refused_without_files_beside_it(db_path: Path) -> None:
    small_desk(db_path)
    con = sqlite3.connect(db_path)
    con.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    con.commit()
    con.close()
    assert beside(db_path) == [db_path.name]
    before = digest(db_path)
    for args in (("claims",), ("check",)):
        result = run(db_path, *args)
        assert result.returncode == 1
        assert "newer version of claimdesk" in result.stderr
    assert beside(db_path) == [db_path.name]  # no -wal, no -shm
    assert digest(db_path) == before


def test_a_desk_in_a_read_only_folder_opens_read_only(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    db = folder / "desk.sqlite3"
    small_desk(db)
    assert beside(db) == [db.name]
    before = digest(db)
    with read_only_folder(folder):
        listed = run(db, "claims")
        assert listed.returncode == 0, listed.stderr
        assert QUOTE in listed.stdout
        assert "opened read-only and changes are refused" in listed.stderr
        changed = run(db, "claim", "status", "1", "in-progress")
        assert changed.returncode == 1
        assert "is open read-only" in changed.stderr and "Traceback" not in changed.stderr
        assert run(db, "check").returncode == 0
    assert digest(db) == before
    assert beside(db) == [db.name]


def test_a_full_disk_is_called_a_full_disk(tmp_path: Path, db_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    small_desk(db_path)
    disk = tmp_path / "small-disk"
    disk.mkdir()
    size = db_path.stat().st_size + 64 * 1024
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(disk)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs: {mounted.stderr.decode().strip()}")
    try:
        db = disk / "desk.sqlite3"
        shutil.copy(db_path, db)
        fill_disk(disk)
        before = digest(db)
        for args in (("claims",), ("claim", "status", "1", "in-progress")):
            result = run(db, *args)
            assert result.returncode == 1
            assert "is full" in result.stderr and "damaged" not in result.stderr, result.stderr
            assert result.stderr.count("\n") == 1
        assert digest(db) == before
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def test_a_disk_that_fills_up_while_the_desk_is_open_is_named(tmp_path: Path) -> None:
    """A write on a disk that filled up after the desk was opened: one sentence that says
    the disk is full, not the driver's message, and the desk is unchanged."""
    from claimdesk.core import claims as core_claims
    from claimdesk.errors import DatabaseError
    from claimdesk.store.engine import Store

    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    disk = tmp_path / "small-disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(disk)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs: {mounted.stderr.decode().strip()}")
    try:
        db = disk / "desk.sqlite3"
        small_desk(db)
        store = Store.open(str(db))
        fill_disk(disk)
        with store.session() as session, pytest.raises(DatabaseError) as refused:
            for n in range(200):  # enough new pages to need the space that is gone
                core_claims.edit_claim(session, 1, statement=f"{n} " + "x" * 4000)
        assert str(refused.value).startswith("The disk is full"), str(refused.value)
        store.close()
    finally:
        subprocess.run(["umount", "--lazy", str(disk)], check=True)


def fill_disk(folder: Path) -> None:
    """Write zeros into ``folder`` until its file system has no room left."""
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(fd, b"\0" * 4096):
            pass
    except OSError:
        pass  # the disk is full
    finally:
        os.close(fd)
