"""Plain text and Markdown imports, and the text normaliser."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimdesk.errors import ImportFailed
from claimdesk.io import importers
from claimdesk.io.common import MAX_FILE_BYTES
from claimdesk.io.normalize import draft_sha256, normalize_text

FRENCH = (
    "Le marché couvert de la rue Basse a rouvert après deux années de travaux. "
    "Les habitués disent que les prix ont grimpé : « un café coûte 2,40 € désormais », "
    "affirme une vendeuse âgée de soixante ans.\n"
)
GERMAN = (
    "Die Stadtverwaltung behauptet, dass die Zahl der Fahrradwege seit dem Frühjahr um "
    "ein Drittel gestiegen sei. Anwohner in der Großen Straße sehen das anders.\n"
)


def test_normalize_rules() -> None:
    raw = "\ufeff\n\n  Title\u00a0here \r\n\r\n\r\n\r\nCafe\u0301\x00 \tx\t \rnext\u200b line\n\n\n"
    assert normalize_text(raw) == "  Title here\n\nCafé \tx\nnext line"


def test_normalize_keeps_joiners_and_tabs() -> None:
    text = "a\tb\u200dc\u200cd"
    assert normalize_text(text) == text


@given(st.text())
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert "\r" not in once
    assert "\n\n\n" not in once
    assert once == once.strip("\n")


def test_hash_of_normalised_text() -> None:
    assert draft_sha256("a\r\nb  \n") == draft_sha256("a\nb")
    assert len(draft_sha256("x")) == 64


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"])
def test_text_encodings(tmp_path: Path, encoding: str) -> None:
    body = FRENCH if encoding != "latin-1" else FRENCH.replace("€", "EUR")
    body += "\n" + GERMAN
    path = tmp_path / f"article-{encoding}.txt"
    data = body.encode(encoding)
    path.write_bytes(data)
    draft = importers.load(path)
    assert draft.text == normalize_text(body)
    assert draft.title.startswith("Le marché couvert")
    assert draft.raw_bytes == data
    assert draft.raw_media_type == "text/plain"
    assert draft.origin == str(path.resolve())


def test_markdown_title_and_media_type(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text("\n\n## Bus fares rise again ##\n\nThe council says fares rise by 4%.\n")
    draft = importers.load(str(path))
    assert draft.title == "Bus fares rise again"
    assert draft.raw_media_type == "text/markdown"
    assert draft.text.startswith("## Bus fares")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match="does not exist"):
        importers.load(tmp_path / "gone.txt")


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match="is a folder"):
        importers.load(tmp_path)


def test_zero_bytes(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.touch()
    with pytest.raises(ImportFailed, match=r"empty\.txt is empty"):
        importers.load(path)


def test_only_blank_space(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text(" \n\t\n\u00a0\n")
    with pytest.raises(ImportFailed, match="no text"):
        importers.load(path)


def test_binary(tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    with pytest.raises(ImportFailed, match=r"photo\.txt looks like a binary file"):
        importers.load(path)


def test_undecodable(tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    path.write_bytes(os.urandom(4096).replace(b"\x00", b"\x01"))
    with pytest.raises(ImportFailed, match=r"noise\.txt"):
        importers.load(path)


def test_bad_utf16(tmp_path: Path) -> None:
    path = tmp_path / "broken16.txt"
    path.write_bytes(b"\xff\xfeA\x00\x00\xd8")  # a lone high surrogate at the end
    with pytest.raises(ImportFailed, match=r"broken16\.txt .*cannot be decoded"):
        importers.load(path)


def test_too_big_checked_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)  # sparse: instant, takes no disk space
    with pytest.raises(ImportFailed, match=r"huge\.txt is .*over the 200 MB limit"):
        importers.load(path)


def test_unsupported_extension(tmp_path: Path) -> None:
    path = tmp_path / "sheet.xlsx"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(ImportFailed, match=r"sheet\.xlsx .*not supported.*\.txt"):
        importers.load(path)


def test_cancel_before_start(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Hello")
    with pytest.raises(importers.ImportCancelled, match="cancelled"):
        importers.load(path, cancel=lambda: True)
