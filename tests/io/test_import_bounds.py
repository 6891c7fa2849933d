"""Hostile inputs get bounded work: a zip bomb disguised as a Word file is refused before
anything inflates, in a child process whose memory is capped like a small machine's."""

from __future__ import annotations

import os
import random
import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from files.samples import make_docx

from claimdesk.io.docx import MAX_RATIO, RATIO_FROM_BYTES, check_zip_bounds, draft_from_docx

REPO = Path(__file__).resolve().parents[2]
PARAGRAPH = "<w:p><w:r><w:t>All work and no play makes a dull report.</w:t></w:r></w:p>"


def make_bomb(path: Path, inflated_mb: int) -> Path:
    """A real .docx whose document part holds ``inflated_mb`` MB of repeated paragraphs."""
    seed = make_docx(path.with_name("seed.docx"))
    chunk = (PARAGRAPH * (2**20 // len(PARAGRAPH))).encode()
    with (
        zipfile.ZipFile(seed) as src,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst,
    ):
        for item in src.infolist():
            if item.filename != "word/document.xml":
                dst.writestr(item, src.read(item))
                continue
            head, tail = src.read(item).decode().split("<w:sectPr", 1)
            with dst.open("word/document.xml", "w", force_zip64=True) as out:
                out.write(head.encode())
                for _ in range(inflated_mb):
                    out.write(chunk)
                out.write(("<w:sectPr" + tail).encode())
    return path


def test_a_word_zip_bomb_is_refused_before_it_inflates(tmp_path: Path) -> None:
    bomb = make_bomb(tmp_path / "bomb.docx", 300)
    assert bomb.stat().st_size < 2 * 2**20  # a small file...
    with zipfile.ZipFile(bomb) as z:
        assert z.getinfo("word/document.xml").file_size > 300 * 10**6  # ...that inflates

    def cap_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 * 2**30, 2 * 2**30))

    started = time.monotonic()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "claimdesk",
            "--db",
            str(tmp_path / "d.sqlite3"),
            "import",
            str(bomb),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        preexec_fn=cap_memory,
    )
    elapsed = time.monotonic() - started
    assert result.returncode != 0
    [line] = result.stderr.strip().splitlines()
    assert "bomb.docx is refused" in line and "zip bomb" in line, line
    assert elapsed < 30, f"refusing took {elapsed:.0f} s"


def test_ordinary_documents_pass_the_bounds(tmp_path: Path) -> None:
    # Many identical paragraphs compress over a hundred times, in a small part.
    path = make_docx(tmp_path / "memo.docx", paragraphs=["A claim about 12% growth."] * 2000)
    assert "12% growth" in draft_from_docx(path.read_bytes(), name="memo.docx").text
    # A large part of varied text compresses far less than a bomb.
    rng = random.Random(7)
    words = [f"w{n}" for n in range(5000)]
    text = " ".join(rng.choice(words) for _ in range(1_200_000)).encode()
    big = tmp_path / "big.zip"
    with zipfile.ZipFile(big, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", text)
        info = z.getinfo("word/document.xml")
    assert info.file_size > RATIO_FROM_BYTES and info.file_size / info.compress_size < MAX_RATIO
    check_zip_bounds(big.read_bytes(), "big.docx")  # no error
