"""A real HTTP server on 127.0.0.1 for the evidence-archive tests.

Routes serve what a source on the web may serve: a page, a PDF, an image, a page that
needs JavaScript, a login wall, errors, a body over the size cap, a slow answer, a body
that is not what its Content-Type says, and ``/page/NAME`` pages whose body a test sets
(``server.pages``) to see re-capture keep versions.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PAGE = (
    b"<!DOCTYPE html><html><head><title>Trade statistics</title></head><body><article>"
    b"<h1>Trade statistics 2025</h1>"
    + b"".join(
        b"<p>Machinery exports fell by 11 percent in 2025, paragraph %d of the release, "
        b"according to the statistics office, which publishes monthly figures.</p>" % i
        for i in range(6)
    )
    + b"</article></body></html>"
)
JS_SHELL = (
    b"<!DOCTYPE html><html><head><title>App</title></head><body><div id='root'></div>"
    b"<script src='/bundle.js'></script><noscript>Enable JavaScript.</noscript></body></html>"
)
LOGIN = (
    b"<!DOCTYPE html><html><body><h1>Sign in</h1><form><input name='user'>"
    b"<input type='password' name='pw'></form></body></html>"
)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40


@dataclass
class Server:
    base: str
    pages: dict[str, bytes] = field(default_factory=dict)
    hits: list[str] = field(default_factory=list)
    pdf: bytes = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"

    def url(self, path: str) -> str:
        return self.base + path


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _send(self, status: int, body: bytes, ctype: str | None, **headers: str) -> None:
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", headers.pop("length", str(len(body))))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._route()

    def _route(self) -> None:
        server: Server = self.server.record  # type: ignore[attr-defined]
        server.hits.append(self.path)
        path = self.path
        if path == "/page":
            self._send(200, PAGE, "text/html; charset=utf-8")
        elif path.startswith("/page/"):
            body = server.pages.get(path.removeprefix("/page/"))
            if body is None:
                self._send(404, b"gone", "text/plain")
            else:
                self._send(200, body, "text/html; charset=utf-8")
        elif path == "/moved":
            self._send(302, b"", "text/html", Location="/page")
        elif path == "/report.pdf":
            self._send(200, server.pdf, "application/pdf")
        elif path == "/chart.png":
            self._send(200, PNG, "image/png")
        elif path == "/app":
            self._send(200, JS_SHELL, "text/html")
        elif path == "/login":
            self._send(200, LOGIN, "text/html")
        elif path == "/members":
            self._send(401, b"<h1>Members only</h1>", "text/html")
        elif path == "/missing":
            self._send(404, b"<h1>Not here</h1>", "text/html")
        elif path == "/boom":
            self._send(503, b"<h1>Down</h1>", "text/html")
        elif path == "/huge":
            self._send(200, b"x" * 2048, "text/plain", length=str(40 * 1024 * 1024))
        elif path == "/endless":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"y" * 65536
            for _ in range(64):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            self.wfile.write(b"0\r\n\r\n")
        elif path == "/slow":
            time.sleep(3)
            self._send(200, PAGE, "text/html")
        elif path == "/liar.pdf":
            self._send(200, PAGE, "application/pdf")
        elif path == "/empty":
            self._send(200, b"", "text/html")
        else:
            self._send(404, b"no route", "text/plain")


@contextlib.contextmanager
def serve() -> Iterator[Server]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    record = Server(f"http://127.0.0.1:{httpd.server_address[1]}")
    httpd.record = record  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield record
    finally:
        httpd.shutdown()
        httpd.server_close()
