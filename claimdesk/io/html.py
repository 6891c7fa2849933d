"""Saved web pages and fetched HTML: the article text and its metadata, via trafilatura.

trafilatura is imported lazily (it is slow to import).  Its XML-like body tree is
walked here so that every block (paragraph, heading, list, quote, table) becomes one
paragraph of the final text, separated by one blank line, with no markup left over.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from claimdesk.core.records import ArticleDraft
from claimdesk.core.urls import is_safe_url
from claimdesk.errors import ImportFailed
from claimdesk.io.html_date import declared_date
from claimdesk.io.normalize import normalize_text

__all__ = ["draft_from_html", "html_to_text"]

# A page whose longest block is shorter than this is navigation, not an article.
_MIN_WORDS_IN_LONGEST_BLOCK = 5
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
_PARAGRAPH_TAGS = {"p", "head", "code", "item", "cell", "quote", "ab", "div", "list", "table"}
# trafilatura's own date is not used (see claimdesk.io.html_date); keep its search short.
_DATE_PARAMS = {
    "extensive_search": False,
    "original_date": True,
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
}


def _inline(el: Any, *, keep_spaces: bool = False) -> str:
    """Text of an element, with <lb/> as a line break and whitespace runs collapsed."""
    parts: list[str] = []

    def add(text: str | None) -> None:
        if text:
            parts.append(text if keep_spaces else _SPACES.sub(" ", text))

    def walk(node: Any) -> None:
        add(node.text)
        for child in node:
            if child.tag == "lb":
                parts.append("\n")
            elif child.tag != "graphic":
                walk(child)
            add(child.tail)

    walk(el)
    lines = (line.strip() if not keep_spaces else line for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line.strip())


def _list_lines(el: Any, depth: int) -> list[str]:
    ordered = el.get("rend", "") == "ol"
    lines: list[str] = []
    number = 0
    for item in el:
        if item.tag != "item":
            continue
        number += 1
        nested = [child for child in item if child.tag == "list"]
        for child in nested:  # detach nested lists so the item's own text comes alone
            tail = child.tail
            child.tail = None
            item.remove(child)
            if tail:
                item.text = (item.text or "") + " " + tail
        own = _inline(item).replace("\n", " ")
        marker = f"{number}." if ordered else "-"
        if own:
            lines.append(f"{'  ' * depth}{marker} {own}")
        for child in nested:
            lines.extend(_list_lines(child, depth + 1))
    return lines


def _table_lines(el: Any) -> list[str]:
    lines = []
    for row in el.iter("row"):
        cells = [_inline(cell).replace("\n", " ") for cell in row if cell.tag == "cell"]
        if any(cells):
            lines.append(" | ".join(cells))
    return lines


def _blocks(el: Any, out: list[str]) -> None:
    for child in el:
        tag = child.tag
        if tag == "list":
            lines = _list_lines(child, 0)
            if lines:
                out.append("\n".join(lines))
        elif tag == "table":
            lines = _table_lines(child)
            if lines:
                out.append("\n".join(lines))
        elif tag in ("quote", "div", "section") and any(c.tag in _PARAGRAPH_TAGS for c in child):
            if child.text and child.text.strip():
                out.append(_inline_text_only(child.text))
            _blocks(child, out)
        elif tag == "code":
            text = _inline(child, keep_spaces=True)
            if text.strip():
                out.append(text)
        elif tag == "graphic":
            continue
        else:
            text = _inline(child)
            if text:
                out.append(text)
        if child.tail and child.tail.strip() and el.tag != "body":
            out.append(_inline_text_only(child.tail))


def _inline_text_only(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def html_to_text(body: Any) -> str:
    """Plain text of trafilatura's body tree: one blank line between blocks."""
    out: list[str] = []
    _blocks(body, out)
    return normalize_text("\n\n".join(out))


def _longest_block_words(text: str) -> int:
    return max((len(block.split()) for block in text.split("\n\n")), default=0)


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = normalize_text(value).replace("\n", " ").strip()
    return value or None


def draft_from_html(
    data: bytes | str,
    *,
    name: str,
    url: str | None = None,
    origin: str | None = None,
    retrieved_at: datetime | None = None,
    media_type: str = "text/html",
    raw_bytes: bytes | None = None,
    prefer_given_url: bool = False,
) -> ArticleDraft:
    """Extract the main article of an HTML page.

    ``url`` is where the page was fetched from: it is recorded if ``prefer_given_url``,
    else it is the fallback when the page names no canonical address.  ``raw_bytes``
    (default: ``data``) is kept as the snapshot.  Raise :class:`ImportFailed` if there
    is no article in the page.
    """
    import trafilatura

    try:
        tree = trafilatura.load_html(data)
    except Exception:  # lxml raises a zoo of errors on hostile input
        tree = None
    if tree is None:
        raise ImportFailed(f"{name} could not be read as HTML: no article text found in it.")
    published = declared_date(tree)  # before trafilatura prunes the tree
    language = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    try:
        doc = trafilatura.bare_extraction(
            tree,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            date_extraction_params=_DATE_PARAMS,
        )
    except Exception as err:  # trafilatura gives up with assorted errors on broken pages
        raise ImportFailed(
            f"{name} could not be parsed as a web page ({type(err).__name__}); "
            "no article text found in it."
        ) from None
    body = getattr(doc, "body", None)
    text = html_to_text(body) if body is not None else ""
    if not text or _longest_block_words(text) < _MIN_WORDS_IN_LONGEST_BLOCK:
        raise ImportFailed(f"{name} has no article text found in it (only navigation or markup).")

    title = _clean(getattr(doc, "title", None)) or ""
    canonical = _clean(getattr(doc, "url", None))
    if canonical and not is_safe_url(canonical):
        canonical = None
    raw = raw_bytes if raw_bytes is not None else data
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    return ArticleDraft(
        text=text,
        title=title or text.split("\n", 1)[0][:300],
        url=(url or canonical) if prefer_given_url else (canonical or url),
        outlet=_clean(getattr(doc, "sitename", None)),
        author=_clean(getattr(doc, "author", None)),
        published_at=published,
        retrieved_at=retrieved_at,
        language=_clean(language) or _clean(getattr(doc, "language", None)),
        raw_bytes=raw,
        raw_media_type=media_type,
        origin=origin,
    )
