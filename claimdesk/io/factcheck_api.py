"""The optional online lookup: Google Fact Check Tools API, ``claims:search``.

What is sent: the words of one claim (``query``), the language code when it is known, and
the API key, to the address in Settings (by default
``https://factchecktools.googleapis.com/v1alpha1/claims:search``).  Nothing else: no
article, no desk, no user name.  The key travels in the ``X-Goog-Api-Key`` header, never
in the address, so it cannot end up in a log line or an error message.  Each answer
becomes a ``CheckDraft`` for the library (a ClaimReview as the API describes it).
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from claimdesk.core.published import CheckDraft
from claimdesk.errors import ClaimdeskError

log = logging.getLogger(__name__)

MAX_QUERY_CHARS = 500
PAGE_SIZE = 20


class LookupFailed(ClaimdeskError):
    """The lookup could not be done; the sentence says why."""


class Offline(LookupFailed):
    """The API could not be reached (no network, no such host, refused)."""


def _text(value: Any) -> str | None:
    return " ".join(value.split()) or None if isinstance(value, str) else None


def drafts_from_answer(answer: dict[str, Any]) -> list[CheckDraft]:
    """Each claimReview of each claim in a ``claims:search`` answer, as a draft."""
    out: list[CheckDraft] = []
    claims = answer.get("claims")
    for claim in claims if isinstance(claims, list) else []:
        if not isinstance(claim, dict) or not _text(claim.get("text")):
            continue
        reviews = claim.get("claimReview")
        for review in reviews if isinstance(reviews, list) else []:
            if not isinstance(review, dict):
                continue
            url = _text(review.get("url"))
            if not url or urlsplit(url).scheme not in ("http", "https"):
                continue
            publisher = review.get("publisher")
            publisher = publisher if isinstance(publisher, dict) else {}
            site = _text(publisher.get("site"))
            out.append(
                CheckDraft(
                    review_url=url,
                    claim_reviewed=str(_text(claim.get("text"))),
                    rating_name=_text(review.get("textualRating")),
                    claimant=_text(claim.get("claimant")),
                    claim_date=_text(claim.get("claimDate")),
                    review_date=_text(review.get("reviewDate")),
                    organisation=_text(publisher.get("name")) or site,
                    organisation_url=f"https://{site}/" if site and "/" not in site else None,
                    language=_text(review.get("languageCode")),
                    review_title=_text(review.get("title")),
                )
            )
    return out


def lookup(
    query: str,
    *,
    key: str,
    url: str,
    language: str | None = None,
    timeout: float = 15.0,
) -> list[CheckDraft]:
    """Ask ``claims:search`` about ``query``; ``LookupFailed``/``Offline`` say why not."""
    import httpx

    words = " ".join(query.split())[:MAX_QUERY_CHARS]
    if not words:
        raise LookupFailed("There is nothing to look up: the claim has no words.")
    if not key:
        raise LookupFailed("Looking up online needs a Google Fact Check Tools API key.")
    host = urlsplit(url).hostname or url
    params = {"query": words, "pageSize": str(PAGE_SIZE)}
    if language:
        params["languageCode"] = language
    try:
        response = httpx.get(url, params=params, headers={"X-Goog-Api-Key": key}, timeout=timeout)
    except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
        log.info("fact-check lookup: cannot reach %s (%s)", host, type(exc).__name__)
        raise Offline(f"{host} cannot be reached; the desk seems to be offline.") from None
    except httpx.TimeoutException:
        raise LookupFailed(f"{host} did not answer in time; try again later.") from None
    except httpx.HTTPError as exc:
        raise LookupFailed(f"The lookup failed talking to {host} ({type(exc).__name__}).") from None
    if response.status_code in (400, 401, 403):
        raise LookupFailed(
            f"{host} refused the lookup (HTTP {response.status_code}): check the API key in "
            "Settings and that the Fact Check Tools API is enabled for it."
        )
    if response.status_code == 429:
        raise LookupFailed(f"{host} says too many lookups were made; wait a little.")
    if response.status_code != 200:
        raise LookupFailed(f"{host} answered HTTP {response.status_code}; try again later.")
    try:
        answer = response.json()
    except ValueError:
        raise LookupFailed(f"{host} did not answer with JSON.") from None
    if not isinstance(answer, dict):
        raise LookupFailed(f"{host} answered something that is not a claims:search result.")
    return drafts_from_answer(answer)
