"""A local HTTP server on 127.0.0.1 that answers like Google's Fact Check Tools API
(``claims:search``) and serves files of published checks, for the lookup and URL tests."""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

KEY = "test-key-0123456789"
SEARCH = "/v1alpha1/claims:search"

ANSWER = {
    "claims": [
        {
            "text": "India is the world's largest arms importer",
            "claimant": "A minister",
            "claimDate": "2025-01-02T00:00:00Z",
            "claimReview": [
                {
                    "publisher": {"name": "Harbour Checks", "site": "checks.example"},
                    "url": "https://checks.example/reviews/india-arms",
                    "title": "Is India the largest arms importer?",
                    "reviewDate": "2025-01-09T00:00:00Z",
                    "textualRating": "True",
                    "languageCode": "en",
                },
                {"publisher": {"name": "No address"}, "textualRating": "False"},
            ],
        },
        {"text": "", "claimReview": [{"url": "https://checks.example/empty"}]},
    ],
    "nextPageToken": "CAE",
}


@dataclass
class ApiServer:
    base: str
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # path -> (type, body)

    @property
    def search_url(self) -> str:
        return self.base + SEARCH


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _send(self, status: int, body: bytes, content_type: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        record: ApiServer = self.server.record  # type: ignore[attr-defined]
        record.requests.append((self.path, dict(self.headers.items())))
        parts = urlsplit(self.path)
        if parts.path in record.files:
            kind, body = record.files[parts.path]
            self._send(200, body, kind)
            return
        if parts.path != SEARCH:
            self._send(404, b'{"error": {"code": 404}}')
            return
        if self.headers.get("X-Goog-Api-Key") != KEY:
            body = {"error": {"code": 400, "message": "API key not valid.", "status": "INVALID"}}
            self._send(400, json.dumps(body).encode())
            return
        query = parse_qs(parts.query).get("query", [""])[0]
        if "nothing" in query:
            self._send(200, b"{}")
        elif "broken" in query:
            self._send(200, b"<html>oops</html>", "text/html")
        elif "busy" in query:
            self._send(429, b'{"error": {"code": 429}}')
        else:
            self._send(200, json.dumps(ANSWER).encode())


@contextlib.contextmanager
def api_server() -> Iterator[ApiServer]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    record = ApiServer(f"http://127.0.0.1:{httpd.server_address[1]}")
    httpd.record = record  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield record
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def closed_port() -> int:
    """A port on 127.0.0.1 nothing listens on (bound, then released)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


def answer_json() -> Any:
    return ANSWER
