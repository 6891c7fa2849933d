"""Desktop integration files: validators, one app id everywhere, releases match CHANGELOG."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from claimdesk import __version__
from claimdesk.config import APP_ID

REPO = Path(__file__).resolve().parents[2]
DESKTOP_DIR = REPO / "resources" / "desktop"
DESKTOP = DESKTOP_DIR / f"{APP_ID}.desktop"
METAINFO = DESKTOP_DIR / f"{APP_ID}.metainfo.xml"
FLATPAK = REPO / "packaging" / "flatpak" / f"{APP_ID}.yml"
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
MIME_TYPES = {
    "text/plain",
    "text/markdown",
    "text/html",
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (Debian package {package})")
    return path


def test_desktop_entry_validates() -> None:
    tool = _tool("desktop-file-validate", "desktop-file-utils")
    result = subprocess.run([tool, str(DESKTOP)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout.lower(), result.stdout


def test_metainfo_validates_offline() -> None:
    tool = _tool("appstreamcli", "appstream")
    result = subprocess.run(
        [tool, "validate", "--no-net", str(METAINFO)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _desktop_entry() -> dict[str, str]:
    entry: dict[str, str] = {}
    for line in DESKTOP.read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.startswith("#"):
            key, _, value = line.partition("=")
            entry[key.strip()] = value.strip()
    return entry


def test_desktop_entry_opens_articles() -> None:
    entry = _desktop_entry()
    assert set(filter(None, entry["MimeType"].split(";"))) == MIME_TYPES
    assert entry["Exec"] == "claimdesk %F"
    assert entry["Icon"] == APP_ID


def test_one_application_id_everywhere() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP.name
    flatpak = FLATPAK.read_text(encoding="utf-8")
    assert re.search(rf"^app-id: {re.escape(APP_ID)}$", flatpak, re.MULTILINE)
    spec = (REPO / "packaging" / "claimdesk.spec").read_text(encoding="utf-8")
    assert f'APP_ID = "{APP_ID}"' in spec


def _changelog_releases() -> list[tuple[str, str]]:
    text = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    return re.findall(r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$", text, re.MULTILINE)


def test_releases_match_changelog_and_version() -> None:
    root = ET.parse(METAINFO).getroot()
    releases = [(r.get("version"), r.get("date")) for r in root.iter("release")]
    assert releases == _changelog_releases()
    assert releases[0][0] == __version__


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.parametrize("size", ICON_SIZES)
def test_hicolor_icon(size: int) -> None:
    png = DESKTOP_DIR / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
    assert _png_size(png) == (size, size)


def test_scalable_icon_is_the_app_icon() -> None:
    svg = DESKTOP_DIR / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    assert svg.read_bytes() == (REPO / "resources" / "icons" / "claimdesk.svg").read_bytes()


def test_flatpak_requirements_follow_pyproject() -> None:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = set(pyproject["project"]["dependencies"])
    lines = (REPO / "packaging" / "flatpak" / "requirements.txt").read_text().splitlines()
    listed = {line.strip() for line in lines if line.strip() and not line.startswith("#")}
    assert listed == wanted
