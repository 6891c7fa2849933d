"""Exports under faults: a full disk, a file-size limit, SIGTERM, stale temporary files.

Every case runs the real command in a child process (``python -m claimdesk``), because
what matters is what the user sees: the old report untouched, no ``.part`` file left
behind, one line on stderr and a non-zero exit code.
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from test_export_desk import populate

from claimdesk.core import claims, verify
from claimdesk.store.engine import Store

REPO = Path(__file__).resolve().parents[2]
T = TypeVar("T")
pytest.importorskip("PySide6.QtGui", reason="PySide6 is needed to render PDFs")
FORMATS = {
    "html": [],
    "md": [],
    "csv": [],
    "json": [],
    "webannotation": [],
    "claimreview": ["--review-url", "https://desk.example/checks/1"],
    "pdf": ["--with-article-text"],
}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("faults") / "desk.sqlite3"
    store = Store.open(str(path))
    with store.session() as s:
        populate(s)
    store.close()
    return path


def _env() -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "QT_QPA_PLATFORM": "offscreen",
        "CLAIMDESK_HOME": os.environ.get("CLAIMDESK_HOME", str(REPO / ".no-home")),
    }


def export_argv(db: Path, fmt: str, out: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "claimdesk",
        "--db",
        str(db),
        "export",
        "--format",
        fmt,
        "--out",
        str(out),
        *FORMATS[fmt],
        *extra,
    ]


def export(
    db: Path, fmt: str, out: Path, *extra: str, fsize: int | None = None
) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        if fsize is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    return subprocess.run(
        export_argv(db, fmt, out, *extra),
        capture_output=True,
        text=True,
        timeout=300,
        env=_env(),
        preexec_fn=limit,
    )


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def assert_refused(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode != 0, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("claimdesk: "), result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_a_file_size_limit_keeps_the_old_report(db: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"report.{fmt}"
    good = export(db, fmt, out)
    assert good.returncode == 0, good.stderr
    before = out.read_bytes()
    # half the report fits: the writer gets an error midway, not at its first byte
    result = export(db, fmt, out, "--force", fsize=len(before) // 2)
    assert_refused(result)
    assert out.read_bytes() == before
    assert leftovers(tmp_path) == []


@contextlib.contextmanager
def small_disk(folder: Path, size: str) -> Iterator[Path]:
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs (a real full disk) needs root")
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder: Path) -> None:
    """Use up every free byte of the file system holding ``folder``."""
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        for chunk in (65536, 4096, 1):
            with contextlib.suppress(OSError):
                while os.write(fd, b"\0" * chunk):
                    pass
    finally:
        os.close(fd)


@pytest.mark.parametrize("fmt", ["pdf", "html", "json"])
def test_a_full_disk_keeps_the_old_report(db: Path, tmp_path: Path, fmt: str) -> None:
    with small_disk(tmp_path / "disk", "2m") as disk:
        out = disk / f"report.{fmt}"
        good = export(db, fmt, out)
        assert good.returncode == 0, good.stderr
        before = out.read_bytes()
        fill(disk)
        result = export(db, fmt, out, "--force")
        assert_refused(result)
        assert out.read_bytes() == before
        assert leftovers(disk) == []


def _long_desk(tmp_path: Path) -> Path:
    """A desk whose PDF takes Qt a few seconds to lay out."""
    path = tmp_path / "long.sqlite3"
    store = Store.open(str(path))
    with store.session() as s:
        desk = populate(s)
        words = " ".join(f"word{i}" for i in range(120_000))
        claim = claims.get_claim(s, desk.jobs)
        verify.set_status(s, claim.id, "in_progress", actor="ana", rationale=words)
    store.close()
    return path


OLD_REPORT = b"%PDF-1.4 the old report"


def _caught_writing(start: Callable[[], T], alive: Callable[[T], bool], folder: Path) -> T:
    """Start an export and return it while its partial file exists and it still runs.

    The signal must reach a process that is still writing.  On a busy machine this test
    can be descheduled long enough for the export to finish before it looks; then the
    signal would reach nothing, so that run says nothing and the export is started again.
    """
    for _ in range(3):
        (folder / "report.pdf").write_bytes(OLD_REPORT)
        handle = start()
        deadline = time.monotonic() + 120
        while not leftovers(folder) and alive(handle) and time.monotonic() < deadline:
            time.sleep(0.01)
        if leftovers(folder) and alive(handle):
            return handle
        while alive(handle) and time.monotonic() < deadline:
            time.sleep(0.05)
    pytest.fail("the export was never caught while writing its partial file")


def test_sigterm_during_a_pdf_export_keeps_the_old_report(tmp_path: Path) -> None:
    db = _long_desk(tmp_path)
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "report.pdf"
    proc = _caught_writing(
        lambda: subprocess.Popen(
            export_argv(db, "pdf", out, "--force"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        ),
        lambda p: p.poll() is None,
        folder,
    )
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 143, err
    assert err.strip() == "claimdesk: stopped by SIGTERM; no file was replaced"
    assert out.read_bytes() == OLD_REPORT
    assert leftovers(folder) == []


def test_stale_part_files_are_cleaned_when_exporting_there(db: Path, tmp_path: Path) -> None:
    stale = tmp_path / ".report.md.x1y2z3w4.part"
    fresh = tmp_path / ".other.html.a1b2c3d4.part"
    unrelated = [tmp_path / "notes.part", tmp_path / ".notes.part"]
    for p in (stale, fresh, *unrelated):
        p.write_bytes(b"half a report")
    two_days_ago = time.time() - 2 * 86400
    for p in (stale, *unrelated):
        os.utime(p, (two_days_ago, two_days_ago))
    result = export(db, "md", tmp_path / "report.md")
    assert result.returncode == 0, result.stderr
    assert not stale.exists()
    assert fresh.exists() and all(p.exists() for p in unrelated)


def test_sigterm_to_the_windows_pdf_process_keeps_the_old_report(tmp_path: Path) -> None:
    """The window cancels a PDF export by terminating its process (SIGTERM)."""
    from claimdesk.core.report import Scope
    from claimdesk.ui.pdf_job import PdfJob

    db = _long_desk(tmp_path)
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "report.pdf"
    job = _caught_writing(
        lambda: PdfJob(str(db), Scope(), "Desk", out, False),
        lambda j: j.process.is_alive(),
        folder,
    )
    job.process.terminate()  # not job.cancel(): that would also sweep the folder itself
    job.process.join(timeout=60)
    assert job.process.exitcode == 143  # the handler ran: Terminated, not a plain kill
    assert out.read_bytes() == OLD_REPORT
    assert leftovers(folder) == []
