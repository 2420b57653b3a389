"""What the browser tests share: Debian's Chromium through Playwright, Voilà started as
``pqassist app`` starts it and stopped by its PID, and a guard that aborts every request
leaving 127.0.0.1 and records it so that the test fails on it."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT, need, need_tool

try:
    from playwright.sync_api import expect, sync_playwright  # noqa: F401 (expect: for the tests)
except ImportError:  # pragma: no cover - the test extra is missing
    expect = sync_playwright = None

NOTEBOOK = ROOT / "notebooks" / "review.ipynb"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
TOKEN = "browser-test-token-0123456789"
LOCAL = re.compile(r"^(data:|blob:|about:|(https?|wss?)://127\.0\.0\.1:\d+/)")
FIRST_LOAD_MS = 90_000  # a cold kernel on a busy CI machine


@dataclass
class Server:
    port: int
    work: Path
    process: subprocess.Popen
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/?token={TOKEN}"


def need_browser() -> str:
    """Return Chromium's path; skip (fail in CI) without Chromium or Playwright."""
    executable = need_tool("chromium", "chromium")
    need(sync_playwright is not None, "playwright is not installed (pip install -e '.[test]')")
    return executable


@contextmanager
def chromium():
    """Yield a headless Debian Chromium driven by Playwright (it downloads nothing)."""
    executable = need_browser()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def keep_local(context, external: list[str], page=None) -> None:
    """Abort every request of ``context`` (and WebSocket of its pages) that would leave
    127.0.0.1, recording its address in ``external`` for the test to fail on."""

    def route(request_route):
        url = request_route.request.url
        if LOCAL.match(url):
            request_route.continue_()
        else:
            external.append(url)
            request_route.abort()

    def socket(ws):
        if not LOCAL.match(ws.url):
            external.append(ws.url)

    context.route("**/*", route)
    context.on("request", lambda request: None if LOCAL.match(request.url) else external.append(request.url))
    context.on("page", lambda new: new.on("websocket", socket))
    if page is not None:
        page.on("websocket", socket)


def child_pids(pid: int) -> list[int]:
    """Return the PIDs of the direct children of ``pid`` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@contextmanager
def voila_server(work: Path, notebook: Path = NOTEBOOK, **options):
    """Run Voilà as ``pqassist app`` does (``options`` go to ``voila_command``); yield the
    Server; stop it by its PID and check that its kernels are gone."""
    from pqassist.commands.app import app_environment, free_port, stop, voila_command, wait_until_listening

    port = free_port(0)
    log_path = work / "voila.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            voila_command(notebook, port, log_level="INFO", **options), cwd=work,
            env=app_environment(work, token=TOKEN), stdout=log, stderr=subprocess.STDOUT,
        )
    try:
        assert wait_until_listening(port, process), log_path.read_text()
        yield Server(port, work, process, log_path)
    finally:
        kernels = child_pids(process.pid)
        stop(process)  # SIGTERM to this PID; SIGKILL after 15 s
        deadline = time.monotonic() + 15
        while any(alive(pid) for pid in kernels) and time.monotonic() < deadline:
            time.sleep(0.2)
        left = [pid for pid in kernels if alive(pid)]
        for pid in left:
            os.kill(pid, signal.SIGKILL)
        assert not left, f"kernels left running after Voilà stopped: {left}"


@pytest.fixture(scope="module")
def browser():
    with chromium() as opened:
        yield opened
