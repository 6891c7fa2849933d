"""Entry points for importing articles: files, folders, web addresses and the clipboard.

Nothing slow is imported here: the parsers for HTML, PDF, DOCX and the HTTP client are
imported inside the functions that need them, so ``from claimdesk.io import importers``
costs almost nothing at start-up.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from claimdesk.core.records import ArticleDraft
from claimdesk.errors import ImportFailed
from claimdesk.io.common import (
    MAX_FILE_BYTES,
    USER_AGENT,
    Cancel,
    ImportCancelled,
    check_cancel,
    read_file,
)
from claimdesk.io.normalize import draft_sha256, normalize_text, text_sha256

__all__ = [
    "MAX_FILE_BYTES",
    "SUPPORTED_EXTENSIONS",
    "USER_AGENT",
    "ImportCancelled",
    "Progress",
    "draft_sha256",
    "is_web_address",
    "iter_folder",
    "load",
    "load_clipboard",
    "load_file",
    "normalize_text",
    "text_sha256",
]

Progress = Callable[[int, int, str], None]
"""``progress(done, total, name)``: ``done`` files of ``total`` finished, ``name`` next."""

_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_web_address(source: str | os.PathLike[str]) -> bool:
    """True if ``source`` is a string of the form ``scheme://...`` (not a local path)."""
    return isinstance(source, str) and bool(_URL_SCHEME.match(source.strip()))


def load(source: str | os.PathLike[str], *, cancel: Cancel | None = None) -> ArticleDraft:
    """Import one file or web address and return its draft.

    Raise :class:`~claimdesk.errors.ImportFailed` (one sentence naming the input) for
    anything that cannot be imported, and :class:`ImportCancelled` (a subclass) if
    ``cancel()`` turned true on the way.
    """
    if isinstance(source, str) and is_web_address(source):
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
            f"{', '.join(SUPPORTED_EXTENSIONS)}, and http/https web addresses)."
        )
    data = read_file(path, cancel=cancel)
    check_cancel(cancel, str(path))
    return parse(data, str(path), str(path.resolve()), cancel)


def load_clipboard(text: str | None, html: str | None) -> ArticleDraft:
    """Import what was pasted: the HTML flavour when it holds an article, else the text.

    ``origin`` is ``"clipboard"``.  Raise :class:`ImportFailed` if both are empty.
    """
    from claimdesk.io.text import title_from_text

    name = "The clipboard"
    if html and html.strip():
        from claimdesk.io.html import draft_from_html

        try:
            return draft_from_html(html, name=name, origin="clipboard")
        except ImportCancelled:
            raise
        except ImportFailed:
            if not (text and text.strip()):
                # A fragment of a page may be too small for article extraction; fall back
                # to its visible text.
                text = _visible_text(html)
    body = normalize_text(text or "")
    if not body:
        raise ImportFailed(f"{name} holds no text to import.")
    from claimdesk.io.byline import read_byline

    title = title_from_text(body)
    byline = read_byline(body, title)
    return ArticleDraft(
        text=body,
        title=title,
        author=byline.author,
        outlet=byline.outlet,
        place=byline.place,
        raw_bytes=(text or "").encode("utf-8"),
        raw_media_type="text/plain",
        origin="clipboard",
    )


def _visible_text(html: str) -> str:
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except Exception:  # lxml refuses empty or hostile fragments
        return ""
    for bad in root.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    return "\n\n".join(
        " ".join(block.text_content().split())
        for block in root.iter("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote")
    ) or " ".join(root.text_content().split())


def iter_folder(
    path: str | os.PathLike[str],
    *,
    cancel: Cancel | None = None,
    progress: Progress | None = None,
    recursive: bool = True,
) -> Iterator[tuple[Path, ArticleDraft | ImportFailed]]:
    """Import every supported file in a folder, in name order.

    Yield ``(path, draft)`` or ``(path, ImportFailed)``: one bad file never stops the
    batch.  ``progress(done, total, name)`` is called before each file and once at the
    end with ``done == total``.  When ``cancel()`` turns true the iteration stops (the
    file being read is not yielded).  Hidden files and folders, and files of other types,
    are skipped by design; a subfolder that cannot be read, or a supported name that is
    not a readable file (a broken link), is yielded first as an ``ImportFailed`` saying
    why, so nothing is left out silently.
    """
    folder = Path(os.fspath(path)).expanduser()
    if not folder.exists():
        raise ImportFailed(f"{folder} does not exist.")
    if not folder.is_dir():
        raise ImportFailed(f"{folder} is not a folder.")
    files, skipped = _supported_files(folder, recursive)
    for where, reason in skipped:
        yield where, ImportFailed(reason)
    total = len(files)
    for done, file in enumerate(files):
        if cancel is not None and cancel():
            return
        if progress is not None:
            progress(done, total, file.name)
        try:
            draft: ArticleDraft | ImportFailed = load_file(file, cancel=cancel)
        except ImportCancelled:
            return
        except ImportFailed as err:
            draft = err
        except Exception as err:  # a parser bug must not end the batch
            draft = ImportFailed(f"{file} could not be imported ({type(err).__name__}).")
        yield file, draft
    if progress is not None:
        progress(total, total, "")


def _supported_files(folder: Path, recursive: bool) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The supported files under ``folder``, and what was skipped with the reason."""
    found: list[Path] = []
    skipped: list[tuple[Path, str]] = []

    def unreadable(err: OSError) -> None:
        where = Path(err.filename or folder)
        if where == folder:
            raise err  # the folder itself: reported below as the whole import failing
        skipped.append(
            (where, f"{where} was skipped: the folder cannot be read ({err.strerror or err}).")
        )

    try:
        walker = (
            os.walk(folder, onerror=unreadable)
            if recursive
            else [(str(folder), [], os.listdir(folder))]
        )
        for root, dirs, names in walker:
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in names:
                if name.startswith("."):
                    continue
                if os.path.splitext(name)[1].lower() in _PARSERS:
                    candidate = Path(root, name)
                    if candidate.is_file():
                        found.append(candidate)
                    else:
                        skipped.append(
                            (candidate, f"{candidate} was skipped: it is not a readable file.")
                        )
    except OSError as err:
        raise ImportFailed(f"{folder} cannot be read: {err.strerror or err}.") from None
    return sorted(found), sorted(skipped)


_Parser = Callable[[bytes, str, str, Cancel | None], ArticleDraft]


def _parse_text(data: bytes, name: str, origin: str, cancel: Cancel | None) -> ArticleDraft:
    from claimdesk.io.text import draft_from_text_bytes

    return draft_from_text_bytes(data, name=name, markdown=False, origin=origin)


def _parse_markdown(data: bytes, name: str, origin: str, cancel: Cancel | None) -> ArticleDraft:
    from claimdesk.io.text import draft_from_text_bytes

    return draft_from_text_bytes(data, name=name, markdown=True, origin=origin)


def _parse_html(data: bytes, name: str, origin: str, cancel: Cancel | None) -> ArticleDraft:
    from claimdesk.io.html import draft_from_html

    media = "application/xhtml+xml" if name.lower().endswith(".xhtml") else "text/html"
    return draft_from_html(data, name=name, origin=origin, media_type=media)


def _parse_pdf(data: bytes, name: str, origin: str, cancel: Cancel | None) -> ArticleDraft:
    from claimdesk.io.pdf import draft_from_pdf

    return draft_from_pdf(data, name=name, origin=origin, cancel=cancel)


def _parse_docx(data: bytes, name: str, origin: str, cancel: Cancel | None) -> ArticleDraft:
    from claimdesk.io.docx import draft_from_docx

    return draft_from_docx(data, name=name, origin=origin, cancel=cancel)


_PARSERS: dict[str, _Parser] = {
    ".txt": _parse_text,
    ".text": _parse_text,
    ".md": _parse_markdown,
    ".markdown": _parse_markdown,
    ".html": _parse_html,
    ".htm": _parse_html,
    ".xhtml": _parse_html,
    ".pdf": _parse_pdf,
    ".docx": _parse_docx,
}

SUPPORTED_EXTENSIONS: tuple[str, ...] = tuple(_PARSERS)
