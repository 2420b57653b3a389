"""Start-up of the review app's kernel: pay the one-time costs early, then wait for the page.

Voilà pre-heats a kernel: it runs the notebook up to ``wait_for_page()`` before any
browser asks, so that the page opens at once. The notebook builds the app there (its
widgets, the example analysed and drafted) and only reads the saved review once a page asks
(``ReviewApp.restore``). ``warm_up()`` analyses and drafts the bundled example when the app
did not (phrase lists, lemma tables, templates) and freezes what is loaded out of the
garbage collector's sight. ``announce()``, first in the notebook, lets ``pqassist app`` show
its address while the app is still being built. ``wait_for_page()`` then blocks until Voilà hands this kernel to
a browser; it speaks the few lines of WebSocket that Voilà's own helper speaks, without
importing Voilà (over a thousand modules and two seconds a kernel).
"""

from __future__ import annotations

import base64
import gc
import json
import os
import socket
import struct
from importlib.resources import files
from pathlib import Path

READY_ENV = "PQASSIST_READY_FILE"  # `pqassist app` shows its address once a pre-heated kernel touches it
EXAMPLE_NAME = "example-vlaams-parlement.txt"
CONNECT_SECONDS = 5.0
MAX_MESSAGE = 2**20  # the request info is a few hundred bytes

# WebSocket opcodes (RFC 6455).
CONTINUATION, TEXT, BINARY, CLOSE, PING, PONG = 0x0, 0x1, 0x2, 0x8, 0x9, 0xA


def warm_up(app=None, *, freeze: bool = True) -> None:
    """Analyse and draft the bundled example once, so that later dossiers open at once
    (not again when ``app``, a ReviewApp, has already opened it or another dossier); with
    ``freeze``, move everything loaded so far, the app's widgets included, out of the
    collector's rounds (``gc.freeze``), so that later collections during item switches stay short."""
    if getattr(app, "analysis", None) is None:
        from pqassist.analysis.pipeline import analyse
        from pqassist.drafting.compose import draft
        from pqassist.drafting.export import export_text
        from pqassist.parse.load import dossier_from_text

        text = (files("pqassist.data") / EXAMPLE_NAME).read_text(encoding="utf-8")
        export_text(draft(analyse(dossier_from_text(text, source=EXAMPLE_NAME))), "txt")
    import filelock  # noqa: F401 - the review store's lock: the first saved mark needs it
    import pqassist.worklist.listing  # noqa: F401 - what ReviewApp.restore needs once the page asks
    if freeze:
        gc.collect()
        gc.freeze()


def preheated() -> bool:
    """Return whether this kernel is one that Voilà pre-heats (and so must wait for a page)."""
    return os.environ.get("VOILA_PREHEAT", "False") != "False"


def query_address() -> tuple[str, int, str] | None:
    """Return (host, port, path) of Voilà's request-info socket for this kernel, or None
    when the environment does not name it."""
    kernel = os.environ.get("VOILA_KERNEL_ID")
    if not kernel:
        return None
    host = os.environ.get("VOILA_APP_IP") or "127.0.0.1"
    port = int(os.environ.get("VOILA_APP_PORT") or 8866)
    base = os.environ.get("VOILA_WS_BASE_URL") or os.environ.get("VOILA_SERVER_URL") or "/"
    if not base.endswith("/"):
        base += "/"
    return host, port, f"{base}voila/query/{kernel}"


def announce() -> None:
    """In a kernel Voilà pre-heats, tell ``pqassist app`` that it may show the app's address:
    this kernel is Voilà's pre-heated one, so a page asked for from now on gets it. The page
    then loads Voilà's scripts while this kernel builds the app (on 2 cores, at the same time
    instead of one after the other), and shows the app once ``wait_for_page`` is reached."""
    ready = os.environ.get(READY_ENV) if preheated() else None
    if ready:
        try:
            Path(ready).touch()
        except OSError:
            pass


def wait_for_page() -> dict[str, str]:
    """In a kernel Voilà pre-heats, tell ``pqassist app`` that the app is ready (when
    ``announce`` did not already), then wait until a browser asks for the page and return
    the request's details (also put into ``os.environ``, as Voilà's helper does); elsewhere
    return {} at once."""
    if not preheated():
        return {}
    announce()
    address = query_address()
    if address is None:
        return {}
    try:
        info = receive_request_info(*address)
    except (OSError, ValueError):
        return {}  # the page still works; only the request's details are unknown
    for key, value in info.items():
        os.environ[str(key)] = str(value)
    return info


def receive_request_info(host: str, port: int, path: str) -> dict[str, str]:
    """Open a WebSocket to ``path`` on ``host``:``port``, wait (without a time limit) for
    one text message and return it decoded from JSON; raise OSError or ValueError."""
    with socket.create_connection((host, port), timeout=CONNECT_SECONDS) as sock:
        key = base64.b64encode(os.urandom(16)).decode("ascii")
        request = (
            f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        sock.sendall(request.encode("ascii"))
        stream = sock.makefile("rb")
        status = stream.readline(1024)
        if b" 101 " not in status:
            raise ValueError(f"no WebSocket upgrade: {status[:80]!r}")
        while stream.readline(8192).strip():
            pass  # the response headers
        sock.settimeout(None)  # the browser may come hours later
        text = read_message(stream, sock)
    value = json.loads(text) if text else {}
    if not isinstance(value, dict):
        raise ValueError("request info is not an object")
    return value


def read_message(stream, sock: socket.socket) -> str:
    """Return the next text message from the server (answering pings); '' when it closes."""
    parts: list[bytes] = []
    while True:
        head = stream.read(2)
        if len(head) < 2:
            return ""
        fin, opcode, length = head[0] & 0x80, head[0] & 0x0F, head[1] & 0x7F
        if length == 126:
            length = struct.unpack("!H", stream.read(2))[0]
        elif length == 127:
            length = struct.unpack("!Q", stream.read(8))[0]
        if head[1] & 0x80:  # a server never masks
            raise ValueError("masked frame from the server")
        if length > MAX_MESSAGE or sum(map(len, parts)) + length > MAX_MESSAGE:
            raise ValueError("request info too large")
        payload = stream.read(length)
        if len(payload) < length:
            return ""
        if opcode == CLOSE:
            return ""
        if opcode == PING:
            sock.sendall(frame(PONG, payload))
            continue
        if opcode in (TEXT, BINARY, CONTINUATION):
            parts.append(payload)
            if fin:
                return b"".join(parts).decode("utf-8")


def frame(opcode: int, payload: bytes) -> bytes:
    """Return one masked client frame (payload under 126 bytes, as pongs are)."""
    mask = os.urandom(4)
    body = bytes(b ^ mask[i % 4] for i, b in enumerate(payload[:125]))
    return bytes([0x80 | opcode, 0x80 | len(body)]) + mask + body
