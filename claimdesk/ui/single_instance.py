"""One window per desk: a second ``claimdesk FILE...`` hands its files to the running one.

The first instance listens on a QLocalServer whose name is derived from the application id,
the operating-system user, the analyst's name and settings folder and the desk's database,
so two desks (or two analysts, even on one OS account) never share a window.  A later
instance connects, sends its files as one JSON line, waits for the
acknowledgement and exits 0; the first instance imports the files and raises its window.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QWidget

from claimdesk.config import APP_ID

TIMEOUT_MS = 2000
# Once connected, an instance is running: it may be busy starting up (its UI thread answers),
# and giving up early would open a second window on the same desk.
REPLY_TIMEOUT_MS = 15000
_ACK = b"ok\n"


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return str(os.getuid()) if hasattr(os, "getuid") else "user"


def _canonical_target(db_target: str) -> str:
    """A database URL as given; a file path made absolute, so relative paths agree."""
    if "://" in db_target:
        return db_target
    return str(Path(db_target).expanduser().resolve())


def server_name(
    db_target: str, analyst: str | None = None, settings_dir: str | os.PathLike[str] = ""
) -> str:
    """The local server's name: the app id plus a digest of the OS user, the analyst (the
    name they act under), their settings folder and the desk.  Two analysts on one OS
    account (another ``--user``, another HOME) each get a window of their own."""
    folder = str(Path(settings_dir).expanduser().resolve()) if settings_dir else ""
    key = f"{_user()}\0{analyst or ''}\0{folder}\0{_canonical_target(db_target)}".encode()
    return f"{APP_ID}-{hashlib.sha256(key).hexdigest()[:16]}"


def absolute_sources(sources: Sequence[str]) -> list[str]:
    """Paths made absolute (the running instance has its own working folder); URLs kept."""
    return [s if "://" in s else str(Path(s).expanduser().resolve()) for s in sources]


class SingleInstance(QObject):
    """The running-instance handshake for one desk.

    >>> instance = SingleInstance(database_target)
    >>> if instance.send_to_running(files):
    ...     return 0                       # the running window has them
    >>> instance.listen()
    >>> instance.attach(window)            # later files open in this window
    """

    files_received = Signal(list)

    def __init__(
        self,
        db_target: str,
        analyst: str | None = None,
        settings_dir: str | os.PathLike[str] = "",
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.name = server_name(db_target, analyst, settings_dir)
        self._server: QLocalServer | None = None
        self._buffers: dict[QLocalSocket, bytes] = {}

    # the second instance ------------------------------------------------------------------
    def send_to_running(self, sources: Sequence[str], timeout_ms: int = TIMEOUT_MS) -> bool:
        """Give ``sources`` to a running instance; False when there is none to take them."""
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(timeout_ms):
            return False
        message = json.dumps({"files": absolute_sources(sources)}).encode() + b"\n"
        socket.write(message)
        if not socket.waitForBytesWritten(timeout_ms):
            socket.abort()
            return False
        reply = b""
        while not reply.endswith(b"\n") and socket.waitForReadyRead(
            max(timeout_ms, REPLY_TIMEOUT_MS)
        ):
            reply += bytes(socket.readAll().data())
        socket.disconnectFromServer()
        return reply == _ACK

    # the first instance -------------------------------------------------------------------
    def listen(self) -> bool:
        """Start listening; a socket left behind by a crashed instance is removed first."""
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            # Only reached when no instance answered send_to_running: the name is stale.
            QLocalServer.removeServer(self.name)
            if not server.listen(self.name):
                return False
        server.newConnection.connect(self._accept)
        self._server = server
        return True

    @property
    def listening(self) -> bool:
        return self._server is not None and self._server.isListening()

    def close(self) -> None:
        """Stop listening and let go of open connections (call before the app quits)."""
        for socket in list(self._buffers):
            socket.disconnected.disconnect()
            socket.readyRead.disconnect()
            socket.abort()
            socket.deleteLater()
        self._buffers.clear()
        if self._server is not None:
            self._server.newConnection.disconnect()
            self._server.close()
            self._server.deleteLater()
            self._server = None

    def attach(
        self, window: QWidget, open_files: Callable[[list[str]], None] | None = None
    ) -> None:
        """Open received files in ``window`` (``import_sources`` by default) and raise it."""
        opener = open_files or window.import_sources  # type: ignore[attr-defined]

        def receive(files: list[str]) -> None:
            if files:
                opener(list(files))
            if window.isMinimized():
                window.showNormal()
            window.raise_()
            window.activateWindow()

        self.files_received.connect(receive)

    def _accept(self) -> None:
        assert self._server is not None
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            self._buffers[socket] = b""
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(lambda s=socket: self._forget(s))
            if socket.bytesAvailable():
                self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        data = self._buffers.get(socket, b"") + bytes(socket.readAll().data())
        if not data.endswith(b"\n"):
            self._buffers[socket] = data
            return
        self._buffers[socket] = b""
        try:
            message = json.loads(data)
            files = [str(f) for f in message.get("files", [])]
        except (ValueError, AttributeError, TypeError):
            socket.disconnectFromServer()
            return
        socket.write(_ACK)
        socket.flush()
        self.files_received.emit(files)

    def _forget(self, socket: QLocalSocket) -> None:
        self._buffers.pop(socket, None)
        socket.deleteLater()
