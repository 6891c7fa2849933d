"""What every exporter shares: atomic writing, dates, and spreadsheet-safe cells."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from claimdesk.errors import ClaimdeskError


class ExportFailed(ClaimdeskError):
    """A report could not be written; any existing file is untouched."""


def check_target(path: Path, *, force: bool) -> None:
    """Refuse to replace a file the user did not ask to overwrite."""
    if path.is_dir():
        raise ExportFailed(f"{path} is a folder; give a file name for the report.")
    if path.exists() and not force:
        raise ExportFailed(f"{path} already exists; use --force to replace it.")
    if not path.parent.is_dir():
        raise ExportFailed(f"The folder {path.parent} does not exist.")


@contextlib.contextmanager
def atomic_path(path: Path, *, force: bool = False) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; it replaces ``path`` only on success.

    The temporary file lives in the same folder so ``os.replace`` is a rename on one
    file system: readers see the old file or the complete new one, never half a report.
    """
    path = Path(path)
    check_target(path, force=force)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        if path.exists() and not force:  # someone created it while we were writing
            raise ExportFailed(f"{path} already exists; use --force to replace it.")
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_atomic(
    path: Path, data: str | bytes, *, force: bool = False, encoding: str = "utf-8"
) -> Path:
    payload = data.encode(encoding) if isinstance(data, str) else data
    try:
        with atomic_path(Path(path), force=force) as tmp, tmp.open("wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        raise ExportFailed(f"Cannot write {path}: {exc.strerror or exc}.") from None
    return Path(path)


def day(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d") if value else ""


def stamp(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else ""


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


# Characters that make spreadsheet programs treat a cell as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """A text cell that cannot run as a formula: a leading single quote shows it as text."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
