"""The review app's server side: ``pqassist app --check``, the token, kernel culling settings,
and the kernel's start-up helper (``pqassist.app.startup``) without Voilà.

The server tests run the real ``pqassist app`` in a subprocess on a free port of 127.0.0.1
and stop it by its PID; they skip without Voilà (and fail where CI=true).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest

from app_support import ADDRESS, read_until, start_app
from conftest import ROOT, need

from pqassist import cli
from pqassist.app import startup
from pqassist.commands import app as app_command



# --- --check ----------------------------------------------------------------------------


def test_check_prints_one_dutch_line_and_exits_0():
    result = subprocess.run([sys.executable, "-m", "pqassist.cli", "app", "--check"],
                            capture_output=True, text=True, timeout=120)  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1, result.stdout
    assert lines[0].startswith("De app is klaar om te starten: notebook ")
    assert "Voilà " in lines[0] and "11 deelvragen" in lines[0] and "Word-document" in lines[0]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("broken", ["template", "notebook", "no app in notebook", "voila"])
def test_check_names_what_is_missing_in_one_line_with_exit_2(broken, tmp_path, monkeypatch, capsys):
    if broken == "template":
        monkeypatch.setattr(app_command, "template_root", lambda: tmp_path)
    elif broken == "notebook":
        (tmp_path / "review.ipynb").write_text('{"cells": [', encoding="utf-8")
        monkeypatch.setattr(app_command, "find_notebook", lambda: tmp_path / "review.ipynb")
    elif broken == "no app in notebook":
        (tmp_path / "review.ipynb").write_text('{"cells": [{"source": "print(1)"}]}', encoding="utf-8")
        monkeypatch.setattr(app_command, "find_notebook", lambda: tmp_path / "review.ipynb")
    else:
        real = app_command.importlib.util.find_spec
        monkeypatch.setattr(app_command.importlib.util, "find_spec",
                            lambda name, *a: None if name == "voila" else real(name, *a))  # fmt: skip
    assert cli.main(["app", "--check"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("pqassist: "), err
    expected = {"template": "sjabloon", "notebook": "geen leesbaar notebook",
                "no app in notebook": "start de app niet", "voila": "Voilà is niet geïnstalleerd"}[broken]
    assert expected in lines[0]


# --- the server's command line ------------------------------------------------------------


def test_voila_culls_kernels_without_a_page_within_two_minutes():
    command = app_command.voila_command(ROOT / "notebooks" / "review.ipynb", 8866)
    options = dict(arg.lstrip("-").split("=", 1) for arg in command if arg.startswith("--") and "=" in arg)
    idle = int(options["MappingKernelManager.cull_idle_timeout"])
    interval = int(options["MappingKernelManager.cull_interval"])
    assert 0 < idle + interval <= 120
    assert options["MappingKernelManager.cull_connected"] == "False"  # an open page keeps its kernel
    assert int(options["pool_size"]) <= 2
    assert options["template"] == app_command.TEMPLATE
    assert not any("token=" in arg.lower() and not arg.endswith(("True", "False")) for arg in command)


def test_the_token_never_goes_on_a_command_line(tmp_path):
    """Another local user can read any process's argv (ps); the token travels in the environment."""
    env = app_command.app_environment(tmp_path, token="geheim-123")
    assert env["JUPYTER_TOKEN"] == "geheim-123"
    for command in (app_command.voila_command(Path("nb.ipynb"), 1), app_command.lab_command(Path("nb.ipynb"), 1)):
        assert not any("geheim" in arg for arg in command)
    assert env["JUPYTER_PATH"].split(os.pathsep)[0] == str(app_command.template_root())


def test_the_app_template_drops_every_link_to_another_host():
    folder = app_command.template_root() / "voila" / "templates" / app_command.TEMPLATE
    assert json.loads((folder / "conf.json").read_text(encoding="utf-8"))["base_template"] == "lab"
    for name in ("index.html.j2", "page.html", "preload.html.j2"):
        text = (folder / name).read_text(encoding="utf-8")
        assert not re.search(r"(href|src)=\"https?://", text), name


def test_every_script_the_page_preloads_is_served_by_the_installed_voila():
    import importlib.util

    need(importlib.util.find_spec("voila") is not None, "Voilà is not installed (pip install 'pqassist[app]')")
    from jupyter_core.paths import jupyter_path

    text = (app_command.template_root() / "voila" / "templates" / app_command.TEMPLATE / "preload.html.j2").read_text(
        encoding="utf-8")
    paths = re.findall(r'^  "([^"]+)",?$', text, re.M)
    assert len(paths) > 50 and len(set(paths)) == len(paths) and "static/voila.js" in paths
    # Where Voilà serves voila/static/ and voila/labextensions/ from.
    roots = {"static": [Path(p) for p in jupyter_path("voila", "templates", "base", "static")],
             "labextensions": [Path(p) for p in jupyter_path("labextensions") + jupyter_path("voila", "labextensions")]}
    files = [path.split("?")[0].split("/", 1) for path in paths]
    missing = [f"{kind}/{rest}" for kind, rest in files if not any((root / rest).is_file() for root in roots[kind])]
    assert not missing, ("the installed Voilà or widget extensions no longer have these files; record the list "
                         f"again with benchmarks/bench_ui.py --list-requests: {missing}")


# --- the kernel's start-up helper -------------------------------------------------------------


def test_startup_does_not_import_voila():
    code = ("import sys; from pqassist.app import startup; startup.warm_up(); startup.wait_for_page(); "
            "import gc; print(sorted(m for m in ('voila', 'jupyter_server', 'websockets', 'ipywidgets') "
            "if m in sys.modules), gc.get_freeze_count() > 10000)")
    env = {k: v for k, v in os.environ.items() if not k.startswith("VOILA_")}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            env=env, check=True)  # fmt: skip
    assert result.stdout.split() == ["[]", "True"], result.stdout + result.stderr


class FakeVoila:
    """A one-connection WebSocket server standing in for Voilà's request-info socket."""

    def __init__(self, frames: list[bytes], status: str = "101 Switching Protocols"):
        self.frames, self.status = frames, status
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.path = None
        self.pong = None
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        connection, _ = self.server.accept()
        with connection:
            data = b""
            while b"\r\n\r\n" not in data:
                data += connection.recv(4096)
            lines = data.decode().split("\r\n")
            self.path = lines[0].split()[1]
            key = next(line.split(": ", 1)[1] for line in lines if line.lower().startswith("sec-websocket-key"))
            accept = base64.b64encode(hashlib.sha1((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").encode()).digest())
            connection.sendall(f"HTTP/1.1 {self.status}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                               f"Sec-WebSocket-Accept: {accept.decode()}\r\n\r\n".encode())  # fmt: skip
            for frame in self.frames:
                connection.sendall(frame)
                if frame[0] & 0x0F == startup.PING:
                    head = connection.recv(2)
                    mask = connection.recv(4)
                    body = connection.recv(head[1] & 0x7F)
                    self.pong = (head[0] & 0x0F, bytes(b ^ mask[i % 4] for i, b in enumerate(body)))
            time.sleep(0.2)
        self.server.close()


def server_frame(opcode: int, payload: bytes, fin: bool = True) -> bytes:
    head = bytes([(0x80 if fin else 0) | opcode])
    if len(payload) < 126:
        return head + bytes([len(payload)]) + payload
    if len(payload) < 2**16:
        return head + bytes([126]) + len(payload).to_bytes(2, "big") + payload
    return head + bytes([127]) + len(payload).to_bytes(8, "big") + payload


@pytest.fixture
def preheated(monkeypatch, tmp_path):
    for key in list(os.environ):
        if key.startswith("VOILA_") or key in ("QUERY_STRING", "SERVER_NAME"):
            monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.setenv("VOILA_KERNEL_ID", "k-123")
    monkeypatch.setenv("VOILA_APP_IP", "127.0.0.1")
    monkeypatch.setenv("VOILA_SERVER_URL", "/base")
    monkeypatch.setenv(startup.READY_ENV, str(tmp_path / "ready"))
    return tmp_path / "ready"


def test_wait_for_page_returns_at_once_outside_a_preheated_kernel(monkeypatch):
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    started = time.monotonic()
    assert startup.wait_for_page() == {}
    assert time.monotonic() - started < 0.5


def test_wait_for_page_reads_the_request_info_as_voila_sends_it(preheated, monkeypatch):
    info = {"QUERY_STRING": "token=abc", "SERVER_NAME": "127.0.0.1", "PADDING": "x" * 70_000}
    text = json.dumps(info).encode()
    frames = [server_frame(startup.PING, b"hallo"),
              server_frame(startup.TEXT, text[:10], fin=False), server_frame(startup.CONTINUATION, text[10:])]
    fake = FakeVoila(frames)
    monkeypatch.setenv("VOILA_APP_PORT", str(fake.port))
    assert startup.wait_for_page() == info
    assert fake.path == "/base/voila/query/k-123"
    assert fake.pong == (startup.PONG, b"hallo")
    assert os.environ["QUERY_STRING"] == "token=abc"
    assert preheated.exists()  # `pqassist app` learns that the app is ready


@pytest.mark.parametrize("case", ["refused", "no upgrade", "closed", "not an object"])
def test_wait_for_page_gives_up_quietly_when_voila_does_not_answer(case, preheated, monkeypatch):
    if case == "refused":
        with socket.create_server(("127.0.0.1", 0)) as sock:
            port = sock.getsockname()[1]  # closed again: nobody listens there
    else:
        frames = {"no upgrade": [], "closed": [server_frame(startup.CLOSE, b"")],
                  "not an object": [server_frame(startup.TEXT, b"[1, 2]")]}[case]
        fake = FakeVoila(frames, status="404 Not Found" if case == "no upgrade" else "101 Switching Protocols")
        port = fake.port
    monkeypatch.setenv("VOILA_APP_PORT", str(port))
    started = time.monotonic()
    assert startup.wait_for_page() == {}
    assert time.monotonic() - started < startup.CONNECT_SECONDS + 2
    assert preheated.exists()


# --- the real server: token or not ----------------------------------------------------------


@contextmanager
def running_app(workdir: Path, *args: str):
    """Run ``pqassist app`` on a free port; yield (address, process); stop it by its PID."""
    process = start_app(workdir, *args)
    try:
        shown = read_until(process, ADDRESS)
        found = ADDRESS.search(shown)
        assert found, shown
        yield found.group(1), process
    finally:
        app_command.stop(process)  # by its PID: SIGTERM, SIGKILL when it does not end
        process.stdout.close()


def status(url: str, headers: dict | None = None) -> tuple[int, str, bytes]:
    """Return (status, Location, body) of a GET on ``url``, following no redirect."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect, urllib.request.ProxyHandler({}))
    try:
        with opener.open(urllib.request.Request(url, headers=headers or {}), timeout=120) as reply:
            return reply.status, reply.headers.get("Location", ""), reply.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location", ""), error.read()


@pytest.mark.slow
def test_the_app_address_carries_a_token_and_the_app_refuses_requests_without_it(tmp_path):
    with running_app(tmp_path) as (address, process):
        token = re.search(r"\?token=([A-Za-z0-9_-]{20,})$", address)
        assert token, address
        assert token.group(1) not in Path(f"/proc/{process.pid}/cmdline").read_text(errors="replace")
        base = address.split("?")[0]
        kernel = f"{base}api/kernels/{uuid.uuid4()}"
        code, location, body = status(base)
        assert code in (302, 403) and b"pqa-" not in body, (code, body[:200])
        if code == 302:
            assert "/login" in location
        assert status(base + "?token=wrong")[0] in (302, 403)
        assert status(kernel)[0] == 403
        assert status(kernel, {"Authorization": "token wrong"})[0] == 403
        assert status(kernel, {"Authorization": f"token {token.group(1)}"})[0] == 404  # let in; no such kernel
        code, _, body = status(address)
        assert code == 200
        page = body.decode("utf-8", errors="replace")
        assert "application/vnd.jupyter.widget-view+json" in page, re.sub(r"\s+", " ", page)[-3000:]
        config = json.loads(re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
                                      page, re.S).group(1))
        loaded = {extension["name"] for extension in config["federated_extensions"]}
        assert "@jupyter-widgets/jupyterlab-manager" in loaded and loaded <= set(app_command.EXTENSIONS), loaded
        assert not re.findall(r"(?:href|src)=\"https?://[^\"]*", page)
        login = status(base + "login")[2].decode("utf-8", errors="replace")
        assert not re.findall(r"(?:href|src)=\"https?://[^\"]*", login)


@pytest.mark.slow
def test_no_token_opens_the_app_the_old_way(tmp_path):
    with running_app(tmp_path, "--no-token", "--no-example") as (address, _process):
        assert "token" not in address
        assert status(f"{address}api/kernels/{uuid.uuid4()}")[0] == 404
