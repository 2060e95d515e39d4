"""One Minga window per user: a second start hands its file to the running window.

The first process listens on a ``QLocalServer`` (a Unix socket or a Windows
named pipe) whose name is derived from the data dir, so each user, and each
``MINGA_HOME`` (tests, two "laptops" on one machine), has its own. A later
``minga FILE`` connects, sends one JSON line ``{"files": [...]}`` with
absolute paths, waits for ``ok`` and exits 0; the running window opens the
file. Nobody answering means nobody runs: a socket left by a crash is removed
and this process becomes the server.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from models.errors import FileLocked
from models.filelock import FileLock
from models.paths import data_dir

CONNECT_MS = 500  # a live server accepts at once; a stale socket fails at once
REPLY_MS = 3000
CLAIM_WAIT_MS = 5000
ACK = b"ok\n"


def server_name() -> str:
    """The per-user, per-data-dir name of the running window's server."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no user name (some containers)
        user = "user"
    digest = hashlib.sha256(f"{user}\0{data_dir().resolve()}".encode()).hexdigest()[:16]
    return f"minga-{digest}"  # short: Unix socket paths are limited to ~100 bytes


def encode_request(files: list[str]) -> bytes:
    """The line a second start sends: the files to open, as absolute paths."""
    paths = [str(Path(name).absolute()) for name in files]
    return json.dumps({"files": paths}, ensure_ascii=False).encode("utf-8") + b"\n"


def decode_request(data: bytes) -> list[str]:
    """The files named in a request; nothing for anything malformed."""
    try:
        message = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return []
    files = message.get("files") if isinstance(message, dict) else None
    if not isinstance(files, list):
        return []
    return [name for name in files if isinstance(name, str) and name]


def forward_to_running(files: list[str], name: str | None = None) -> bool:
    """Hand ``files`` to a running Minga; True when it took them (this process may exit)."""
    socket = QLocalSocket()
    socket.connectToServer(name or server_name())
    if not socket.waitForConnected(CONNECT_MS):
        return False
    socket.write(encode_request(files))
    socket.flush()
    reply = b""
    while ACK not in reply:
        # The answer may already be buffered: waitForReadyRead only waits for new data.
        if not socket.bytesAvailable() and not socket.waitForReadyRead(REPLY_MS):
            break
        reply += bytes(socket.readAll().data())
    socket.disconnectFromServer()
    return ACK in reply


def claim_or_forward(files: list[str], parent: QObject | None = None) -> InstanceServer | None:
    """Forward ``files`` to the running window (None: this process may exit), or listen.

    A lock around "ask, else listen" makes two starts at the same moment (a double
    click on two files) agree on one window; a lock left by a crash is stale and
    released by the system with its process.
    """
    lock = FileLock(data_dir() / "instance")  # data_dir()/instance.lock, as for files
    deadline = time.monotonic() + CLAIM_WAIT_MS / 1000
    while True:
        try:
            lock.acquire()
            break
        except FileLocked:
            if time.monotonic() > deadline:  # a stuck start: carry on without the lock
                break
            time.sleep(0.05)
    try:
        if forward_to_running(files):
            return None
        server = InstanceServer(parent)
        server.listen()
        return server
    finally:
        lock.release()


class InstanceServer(QObject):
    """Listens for later starts; ``files_received`` carries the files they were given.

    An empty list means "Minga was started again without a file": show the window.
    Requests that arrive before a window takes them (``deliver_to``) wait.
    """

    files_received = Signal(list)

    def __init__(self, parent: QObject | None = None, name: str | None = None) -> None:
        super().__init__(parent)
        self.name = name or server_name()
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._accept)
        self._buffers: dict[QLocalSocket, bytes] = {}
        self._delivering = False
        self.pending: list[list[str]] = []

    def deliver_to(self, slot: Callable[[list[str]], object]) -> None:
        """Hand requests to ``slot`` from now on, starting with those that waited."""
        self.files_received.connect(slot)
        self._delivering = True
        waiting, self.pending = self.pending, []
        for files in waiting:
            self.files_received.emit(files)

    def listen(self) -> bool:
        """Start listening; a socket left by a crashed Minga is removed first."""
        if self.server.listen(self.name):
            return True
        QLocalServer.removeServer(self.name)
        return self.server.listen(self.name)

    def close(self) -> None:
        """Stop listening (the window is closing)."""
        self.server.close()
        for socket in list(self._buffers):
            socket.abort()
        self._buffers.clear()

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            self._buffers[socket] = b""
            # Bound slots and sender(), not lambdas holding self: a reference cycle would
            # leave this object to the garbage collector, which may free it mid-signal.
            socket.readyRead.connect(self._ready)
            socket.disconnected.connect(self._gone)
            if socket.bytesAvailable():  # came with the connection: no readyRead follows
                self._read(socket)

    def _ready(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket):
            self._read(socket)

    def _gone(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket):
            self._buffers.pop(socket, None)
            socket.deleteLater()

    def _read(self, socket: QLocalSocket) -> None:
        data = self._buffers.get(socket, b"") + bytes(socket.readAll().data())
        if b"\n" not in data:
            self._buffers[socket] = data
            return
        line = data.split(b"\n", 1)[0]
        self._buffers[socket] = b""
        socket.write(ACK)
        socket.flush()
        if self._delivering:
            self.files_received.emit(decode_request(line))
        else:
            self.pending.append(decode_request(line))
