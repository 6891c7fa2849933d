"""Fixtures for the import tests: a real HTTP server on 127.0.0.1 serving test routes."""

from __future__ import annotations

import contextlib
import gzip
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from files.samples import NAV_ONLY_HTML, article_html, make_pdf

ARTICLE = article_html().encode("utf-8")
PDF = make_pdf([["A report on harbour traffic, page one."], ["Second page of the report."]])
PLAIN = "Un communiqué bref : le musée rouvre lundi après trois mois de fermeture.\n"


@dataclass
class Server:
    base: str
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path


class _Handler(BaseHTTPRequestHandler):
    server_version = "claimdesk-test"
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        pass

    def _send(self, status: int, body: bytes, content_type: str | None, **headers: str) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in headers.items():
            self.send_header(key.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, status: int, location: str) -> None:
        self._send(status, b"", "text/html", Location=location)

    def do_GET(self) -> None:
        # The client giving up first (timeouts, size caps) is what those tests check.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._route()

    def _route(self) -> None:
        record: Server = self.server.record  # type: ignore[attr-defined]
        record.requests.append((self.path, dict(self.headers.items())))
        path = self.path
        if path == "/article":
            self._send(200, ARTICLE, "text/html; charset=utf-8")
        elif path == "/r1":
            self._redirect(302, "/r2")
        elif path == "/r2":
            self._redirect(301, record.url("/r3"))
        elif path == "/r3":
            self._redirect(307, "article")
        elif path == "/loop-a":
            self._redirect(302, "/loop-b")
        elif path == "/loop-b":
            self._redirect(302, "/loop-a")
        elif path == "/missing":
            self._send(404, b"<h1>Not here</h1>", "text/html")
        elif path == "/boom":
            self._send(500, b"<h1>Oops</h1>", "text/html")
        elif path.startswith("/slow-redirect/"):
            # each hop answers within any read timeout, but eight of them take 4.8 s
            hop = int(path.rsplit("/", 1)[1])
            time.sleep(0.6)
            self._redirect(302, f"/slow-redirect/{hop + 1}" if hop < 8 else "/article")
        elif path == "/slow":
            time.sleep(1.5)
            self._send(200, ARTICLE, "text/html")
        elif path == "/endless":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Connection", "close")
            self.end_headers()
            chunk = b"<p>" + b"more words " * 6000 + b"</p>\n"
            try:
                for _ in range(100_000):
                    self.wfile.write(chunk)
            except OSError:
                pass  # the client hung up, as it should
            self.close_connection = True
        elif path == "/declared-huge":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(5 * 1024**3))
            self.end_headers()
            self.close_connection = True
        elif path == "/image":
            self._send(200, b"\x89PNG\r\n\x1a\n" + bytes(100), "image/png")
        elif path == "/report.pdf":
            self._send(200, PDF, "application/pdf")
        elif path == "/plain":
            self._send(200, PLAIN.encode("latin-1"), "text/plain; charset=iso-8859-1")
        elif path == "/gzip":
            self._send(200, gzip.compress(ARTICLE), "text/html", Content_Encoding="gzip")
        elif path == "/no-article":
            self._send(200, NAV_ONLY_HTML.encode(), "text/html")
        elif path == "/empty":
            self._send(200, b"", "text/html")
        elif path == "/untyped":
            self._send(200, ARTICLE, None)
        else:
            self._send(404, b"", "text/plain")


@pytest.fixture(scope="session")
def http_server() -> Iterator[Server]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    httpd.block_on_close = False
    host, port = httpd.server_address[:2]
    record = Server(base=f"http://{host}:{port}")
    httpd.record = record  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield record
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
