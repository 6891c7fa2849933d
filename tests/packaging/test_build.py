"""The one-folder PyInstaller build: it builds, runs offscreen, opens the sample and exits.

Slow (a minute or two on two cores).  The built application is started with
CLAIMDESK_EXIT_AFTER_READY=1, which makes the window quit on its own once it is up.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimdesk import __version__

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
SPEC = REPO / "packaging" / "claimdesk.spec"
EXE_NAME = "claimdesk.exe" if sys.platform == "win32" else "claimdesk"


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.skip("PyInstaller is not installed (pip install pyinstaller==6.22.3)")
    out = tmp_path_factory.mktemp("pyinstaller")
    result = subprocess.run(
        [
            sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
            "--distpath", str(out / "dist"), "--workpath", str(out / "build"), str(SPEC),
        ],
        cwd=REPO, capture_output=True, text=True, timeout=1200, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    folder = out / "dist" / "claimdesk"
    assert (folder / EXE_NAME).is_file()
    yield folder


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "CLAIMDESK_"))}
    env.update(QT_QPA_PLATFORM="offscreen", CLAIMDESK_HOME=str(home))
    return env


def test_contents(build: Path) -> None:
    internal = build / "_internal"
    plugins = internal / "PySide6" / "Qt" / "plugins"
    for plugin in (
        "platforms/libqoffscreen.so",
        "platforms/libqxcb.so",
        "imageformats/libqsvg.so",
        "iconengines/libqsvgicon.so",
    ):
        if sys.platform.startswith("linux"):
            assert (plugins / plugin).is_file(), plugin
    assert (
        internal / "claimdesk" / "resources" / "sample" / "defence-ministers-meet.txt"
    ).is_file()
    assert (internal / "claimdesk" / "store" / "migrations" / "env.py").is_file()
    assert list((internal / "claimdesk" / "store" / "migrations" / "versions").glob("0001_*.py"))
    if (REPO / "claimdesk" / "nlp" / "model" / "encoder.onnx").is_file():
        assert (internal / "claimdesk" / "nlp" / "model" / "encoder.onnx").is_file()
    assert not (internal / "spacy" / "tests").exists()
    assert not (internal / "torch").exists()


def test_version(build: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [str(build / EXE_NAME), "--version"],
        env=_env(tmp_path), capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"claimdesk {__version__}"


def test_spacy_blank_english_pipeline_runs(build: Path, tmp_path: Path) -> None:
    text = tmp_path / "claim.txt"
    text.write_text(
        "The minister said on Tuesday that arms exports rose by 40 per cent in 2023, "
        "the highest figure ever recorded.\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [str(build / EXE_NAME), "suggest", "--pipeline", "blank", "--min-score", "0", str(text)],
        env=_env(tmp_path), capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    found = json.loads(result.stdout)
    assert isinstance(found, list) and found, result.stdout


def test_window_starts_offscreen_opens_sample_and_exits(build: Path, tmp_path: Path) -> None:
    db = tmp_path / "desk.sqlite3"
    env = _env(tmp_path) | {"CLAIMDESK_STARTUP_REPORT": "1", "CLAIMDESK_EXIT_AFTER_READY": "1"}
    started = time.perf_counter()
    proc = subprocess.Popen(
        [str(build / EXE_NAME), "--db", str(db)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        out, err = proc.communicate(timeout=180)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        pytest.fail(
            "the built claimdesk did not exit within 180 s; does app.py honour "
            f"CLAIMDESK_EXIT_AFTER_READY?\nstdout: {out[-2000:]}\nstderr: {err[-3000:]}"
        )
    elapsed = time.perf_counter() - started
    assert "claimdesk: ready after" in out, f"stdout: {out}\nstderr: {err[-3000:]}"
    assert proc.returncode == 0, err[-3000:]
    print(f"built claimdesk: {out.strip()} (process {elapsed:.2f} s)")
    with sqlite3.connect(db) as conn:
        titles = [row[0] for row in conn.execute("SELECT title FROM article")]
    assert len(titles) == 1 and titles[0].startswith("India and France agree"), titles
