"""Atomic files for every export: the old file, or the complete new one, never half.

A report is written beside its target as ``.NAME.XXXXXXXX.part``, flushed and fsynced,
checked (a PDF must open and have its pages), and only then renamed over the target.  On
any failure, SIGTERM included, the partial file is removed and the old file is untouched.
Partial files older than a day (left by a crash or a power cut) are removed whenever a
report is written into their folder.
"""

from __future__ import annotations

import contextlib
import os
import re
import resource
import signal
import stat
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType

from claimdesk.errors import ClaimdeskError, Terminated

STALE_AFTER_S = 24 * 3600
# What tempfile.mkstemp(prefix=".NAME.", suffix=".part") makes: eight random characters.
PART_NAME = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.part$")
LOW_SPACE_BYTES = 256 * 1024


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


def clean_stale_parts(folder: Path, *, older_than_s: float = STALE_AFTER_S) -> list[Path]:
    """Remove this module's partial files in ``folder`` older than ``older_than_s``."""
    removed: list[Path] = []
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not PART_NAME.match(entry.name):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(info.st_mode) and now - info.st_mtime > older_than_s:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue  # another process's file, or gone already: not ours to insist on
    return removed


def why_write_failed(path: Path) -> str:
    """The likeliest reason a write into ``path``'s folder came out short."""
    try:
        fs = os.statvfs(path.parent)
        if fs.f_bavail * fs.f_frsize < LOW_SPACE_BYTES:
            return "the disk is full"
    except OSError:
        pass
    soft, _hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    if soft != resource.RLIM_INFINITY:
        return f"files are limited to {soft} bytes here (ulimit -f)"
    return "the file came out incomplete"


class TermWatch:
    """Whether SIGTERM arrived inside ``sigterm_raises``; while ``holding``, the handler
    only notes it (the caller raises when it lets go).  A flag, not a signal mask: with
    another thread alive the kernel hands the signal to that thread, and Python runs the
    handler in the main thread at once, masked or not."""

    fired = False
    holding = False


@contextlib.contextmanager
def sigterm_raises() -> Iterator[TermWatch]:
    """While writing, SIGTERM raises ``Terminated`` so the clean-up below runs.

    Only in the main thread, and only when nobody else handles SIGTERM: the command line
    and the window's PDF process, not a host that installed its own handler.

    Python runs the handler between two bytecodes, and that may be inside Qt's bindings:
    they can turn the exception into another one ("SystemError: bad argument to internal
    function") or drop it.  So whatever leaves the block after the signal leaves as
    ``Terminated``, and ``atomic_path`` asks ``fired`` before it replaces anything.
    """
    watch = TermWatch()
    if threading.current_thread() is not threading.main_thread():
        yield watch
        return
    previous = signal.getsignal(signal.SIGTERM)
    if previous is not signal.SIG_DFL:
        yield watch
        return

    def handler(signum: int, frame: FrameType | None) -> None:
        if not watch.fired:  # a second signal must not interrupt the clean-up itself
            watch.fired = True
            if not watch.holding:
                raise Terminated()

    signal.signal(signal.SIGTERM, handler)
    try:
        yield watch
    except Terminated:
        raise
    except BaseException as exc:
        if watch.fired:
            raise Terminated() from exc
        raise
    finally:
        signal.signal(signal.SIGTERM, previous)


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every file system can sync a folder
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def atomic_path(
    path: Path, *, force: bool = False, check: Callable[[Path], None] | None = None
) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; it replaces ``path`` only on success.

    After the caller has written it, the file is fsynced and ``check`` (if given) runs
    on it; only then is it renamed over ``path``.  The temporary file lives in the same
    folder so ``os.replace`` is a rename on one file system.
    """
    path = Path(path)
    check_target(path, force=force)
    clean_stale_parts(path.parent)
    with sigterm_raises() as term:
        # Held back until the file has a name here: a signal inside mkstemp would leave
        # a partial file nobody knows to remove.
        term.holding = True
        try:
            fd, tmp_name = tempfile.mkstemp(
                prefix=f".{path.name}.", suffix=".part", dir=path.parent
            )
        except OSError as exc:
            term.holding = False
            raise ExportFailed(f"Cannot write {path}: {exc.strerror or exc}.") from None
        tmp = Path(tmp_name)
        try:
            term.holding = False
            os.close(fd)
            if term.fired:  # it arrived while the file was being made
                raise Terminated()
            yield tmp
            _fsync_file(tmp)
            if check is not None:
                check(tmp)
            if term.fired:  # the signal's exception was lost in Qt's bindings
                raise Terminated()
            if path.exists() and not force:  # someone created it while we were writing
                raise ExportFailed(f"{path} already exists; use --force to replace it.")
            os.replace(tmp, path)
            _fsync_folder(path.parent)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise ExportFailed(
                f"Cannot write {path}: {exc.strerror or exc}; the old file is untouched."
            ) from None
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise


def write_atomic(
    path: Path, data: str | bytes, *, force: bool = False, encoding: str = "utf-8"
) -> Path:
    """Write ``data`` to ``path`` atomically (see ``atomic_path``)."""
    payload = data.encode(encoding) if isinstance(data, str) else data
    with atomic_path(Path(path), force=force) as tmp, tmp.open("wb") as fh:
        fh.write(payload)
        fh.flush()
    return Path(path)


def check_pdf(path: Path, pages: int, *, target: Path | None = None) -> None:
    """Refuse a PDF that is cut short or does not open with ``pages`` pages.

    Qt's PDF writer does not report write errors (a full disk gives an empty or
    truncated file), so the file is read back before it may replace anything.
    """
    shown = target or path
    size = path.stat().st_size
    with path.open("rb") as fh:
        fh.seek(max(0, size - 1024))
        tail = fh.read()
    if b"%%EOF" not in tail:
        raise ExportFailed(
            f"Cannot write {shown}: {why_write_failed(path)}; the old file is untouched."
        )
    try:
        from pypdf import PdfReader

        found = len(PdfReader(str(path), strict=True).pages)
    except Exception as exc:  # pypdf raises many kinds; any of them means "damaged"
        raise ExportFailed(
            f"Cannot write {shown}: the PDF does not open ({exc.__class__.__name__}); "
            "the old file is untouched."
        ) from None
    if found != pages:
        raise ExportFailed(
            f"Cannot write {shown}: the PDF has {found} of its {pages} pages; "
            "the old file is untouched."
        )
