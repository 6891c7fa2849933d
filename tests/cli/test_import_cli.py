"""``claimdesk import``: files, folders, web addresses, duplicates, exit codes and refresh."""

from __future__ import annotations

import contextlib
import functools
import io
import subprocess
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from claimdesk.cli.main import main

REPORT = (
    "Harbour report\n\n"
    "The port handled 41 million tonnes of cargo last year, the authority said.\n\n"
    "Ferry crossings to the islands fell by 12 percent after the fare rise in March.\n\n"
    "Dock workers voted to accept a pay offer worth 6 percent over two years.\n"
)
PAGE = """<!doctype html>
<html><head><title>Valley water rates to rise</title></head>
<body><nav><a href="/">Home</a> | <a href="/news">News</a></nav>
<article><h1>Valley water rates to rise</h1>
<p>The water company told customers on Tuesday that bills will go up by 9 percent from
April, the third increase in as many years.</p>
<p>A spokesperson said the money would pay for 70 kilometres of new pipes and a second
treatment plant north of the reservoir, which is due to open in two years.</p>
<p>Consumer groups replied that leaks still waste a fifth of the supply and that the company
had promised the same pipes in its previous price review.</p>
</article><footer>Copyright the Valley Herald</footer></body></html>
"""


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--db", str(db), "--user", "ana", *args], stdout=out, stderr=err)
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "report.txt").write_text(REPORT, encoding="utf-8")
    (folder / "water.html").write_text(PAGE, encoding="utf-8")
    (folder / "notes.xyz").write_text("not an article", encoding="utf-8")
    return {p.stem: p for p in folder.iterdir()}


def test_text_and_html_files_are_imported(db_path: Path, files: dict[str, Path]) -> None:
    result = run(db_path, "import", str(files["report"]), str(files["water"]))
    assert (result.returncode, result.stdout, result.stderr) == (0, "1\n2\n", "")
    shown = run(db_path, "article", "2").stdout
    assert "bills will go up by 9 percent" in shown and "Home" not in shown


def test_duplicates_and_failures_set_the_exit_code(db_path: Path, files: dict[str, Path]) -> None:
    assert run(db_path, "import", str(files["report"])).returncode == 0
    again = run(db_path, "import", str(files["report"]))
    assert again.returncode == 1
    assert "already in the desk as article 1" in again.stderr
    some = run(db_path, "import", str(files["report"]), str(files["water"]))
    assert (some.returncode, some.stdout) == (2, "2\n")
    bad = run(db_path, "import", str(files["notes"]), str(files["report"].with_name("gone.txt")))
    assert bad.returncode == 1
    assert "'.xyz' files are not supported" in bad.stderr and "does not exist" in bad.stderr
    copy = run(db_path, "import", "--allow-duplicate", str(files["report"]))
    assert (copy.returncode, copy.stdout) == (0, "3\n")


def test_a_folder_counts_each_file(db_path: Path, files: dict[str, Path], tmp_path: Path) -> None:
    result = run(db_path, "import", str(files["report"].parent))
    assert (result.returncode, result.stdout) == (0, "1\n2\n")  # notes.xyz is not a candidate
    empty = tmp_path / "empty"
    empty.mkdir()
    nothing = run(db_path, "import", str(empty))
    assert nothing.returncode == 1 and "holds no file claimdesk can import" in nothing.stderr


def test_refresh_reports_moved_changed_and_orphaned_claims(
    db_path: Path, files: dict[str, Path]
) -> None:
    path = files["report"]
    run(db_path, "import", str(path))
    ids = {}
    for quote in ("Dock workers voted", "fell by 12 percent after", "41 million tonnes"):
        ids[quote] = run(db_path, "claim", "add", "1", "--quote", quote).stdout.strip()

    unchanged = run(db_path, "import", "--refresh", "1")
    assert unchanged.returncode == 0
    assert "unchanged" in unchanged.stdout and "version 1, checked" in unchanged.stdout

    path.write_text(
        REPORT.replace("12 percent", "15 percent")
        .replace("The port handled 41 million tonnes of cargo last year", "Cargo was steady")
        .replace("Dock workers", "Pilots went on strike.\n\nDock workers"),
        encoding="utf-8",
    )
    changed = run(db_path, "import", "--refresh", "1", "--diff")
    assert changed.returncode == 0, changed.stderr
    out = changed.stdout
    assert "version 1 -> 2" in out and "1 moved, 1 quote changed, 1 orphaned" in out
    assert f"claim {ids['Dock workers voted']} moved" in out
    assert "\u201cfell by 12 percent after\u201d -> \u201cfell by 15 percent after\u201d" in out
    assert f"claim {ids['41 million tonnes']} orphaned" in out
    assert "+Pilots went on strike." in out.splitlines()
    listed = run(db_path, "claims", "--article", "1").stdout
    assert "41 million tonnes [orphaned]" in listed


def test_refresh_failures(db_path: Path, files: dict[str, Path]) -> None:
    run(db_path, "import", str(files["report"]), str(files["water"]))
    files["report"].unlink()
    result = run(db_path, "import", "--refresh", "1", "--refresh", "2")
    assert result.returncode == 2
    assert result.stderr.startswith("claimdesk: article 1:") and "does not exist" in result.stderr
    assert "article 2: unchanged" in result.stdout
    assert run(db_path, "import", "--refresh", "9").returncode == 1
    both = run(db_path, "import", "--refresh", "2", str(files["water"]))
    assert both.returncode == 1 and "not both" in both.stderr


@pytest.fixture
def web(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    root = tmp_path / "site"
    root.mkdir()

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=root))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", root
    finally:
        server.shutdown()
        server.server_close()


def test_web_address_import_duplicate_and_refresh(db_path: Path, web: tuple[str, Path]) -> None:
    base, root = web
    (root / "report.txt").write_text(REPORT, encoding="utf-8")
    url = f"{base}/report.txt"
    assert run(db_path, "import", url).stdout == "1\n"
    run(db_path, "claim", "add", "1", "--quote", "Ferry crossings")
    # Same address, new text: still the same article, found by its address.
    (root / "report.txt").write_text(REPORT + "\nA late correction was added.\n", encoding="utf-8")
    again = run(db_path, "import", url)
    assert again.returncode == 1 and "already in the desk as article 1" in again.stderr
    refreshed = run(db_path, "import", "--refresh", "1")
    assert refreshed.returncode == 0, refreshed.stderr
    assert "version 1 -> 2" in refreshed.stdout and "1 kept" in refreshed.stdout


def test_help_documents_the_exit_codes() -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        main(["import", "--help"])
    assert "exit status: 0 every input was imported" in out.getvalue()
    assert "--refresh ARTICLE" in out.getvalue()
