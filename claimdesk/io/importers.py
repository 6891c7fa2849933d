"""Entry points for importing articles: files, folders, web addresses and the clipboard.

Nothing slow is imported here: the parsers for HTML, PDF, DOCX and the HTTP client are
imported inside the functions that need them, so ``from claimdesk.io import importers``
costs almost nothing at start-up.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

from claimdesk.core.errors import ImportFailed
from claimdesk.core.records import ArticleDraft
from claimdesk.io.common import Cancel, ImportCancelled, check_cancel, read_file
from claimdesk.io.normalize import draft_sha256, normalize_text, text_sha256

__all__ = [
    "SUPPORTED_EXTENSIONS",
    "ImportCancelled",
    "draft_sha256",
    "load",
    "load_file",
    "normalize_text",
    "text_sha256",
]

SUPPORTED_EXTENSIONS: tuple[str, ...] = (".txt", ".md")

_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def _supported_list() -> str:
    return ", ".join(SUPPORTED_EXTENSIONS)


def load(source: str | os.PathLike[str], *, cancel: Cancel | None = None) -> ArticleDraft:
    """Import one file or web address and return its draft.

    Raise :class:`~claimdesk.core.errors.ImportFailed` (one sentence naming the input) for
    anything that cannot be imported, and :class:`ImportCancelled` if ``cancel()`` turned
    true on the way.
    """
    if isinstance(source, str) and _URL_SCHEME.match(source.strip()):
        from claimdesk.io.fetch import load_url

        return load_url(source.strip(), cancel=cancel)
    return load_file(Path(os.fspath(source)).expanduser(), cancel=cancel)


def load_file(path: Path, *, cancel: Cancel | None = None) -> ArticleDraft:
    """Import one local file, chosen by its extension."""
    check_cancel(cancel, str(path))
    if not path.exists() and not path.is_symlink():
        raise ImportFailed(f"{path} does not exist.")
    if path.is_dir():
        raise ImportFailed(f"{path} is a folder, not a file; import it as a folder instead.")
    suffix = path.suffix.lower()
    parse = _PARSERS.get(suffix)
    if parse is None:
        kind = f"'{suffix}' files" if suffix else "files without an extension"
        raise ImportFailed(
            f"{path} cannot be imported: {kind} are not supported (supported: "
            f"{_supported_list()}, and http/https web addresses)."
        )
    data = read_file(path, cancel=cancel)
    check_cancel(cancel, str(path))
    origin = str(path.resolve())
    return parse(data, str(path), origin, cancel)


_Parser = Callable[[bytes, str, str, Cancel | None], ArticleDraft]


def _parse_text(data: bytes, name: str, origin: str, cancel: Cancel | None) -> ArticleDraft:
    from claimdesk.io.text import draft_from_text_bytes

    return draft_from_text_bytes(data, name=name, markdown=False, origin=origin)


def _parse_markdown(data: bytes, name: str, origin: str, cancel: Cancel | None) -> ArticleDraft:
    from claimdesk.io.text import draft_from_text_bytes

    return draft_from_text_bytes(data, name=name, markdown=True, origin=origin)


_PARSERS: dict[str, _Parser] = {
    ".txt": _parse_text,
    ".text": _parse_text,
    ".md": _parse_markdown,
    ".markdown": _parse_markdown,
}
