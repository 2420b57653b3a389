"""Start ``pqassist app`` as a user does, read what it prints, and end it (shared by the app tests)."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import time
from pathlib import Path

from conftest import need

START_SECONDS = 180  # a cold server and its first kernel on a busy 2-core machine
ADDRESS = re.compile(r"De app draait op (http://127\.0\.0\.1:\d+/\S*)")


def start_app(workdir: Path, *args: str, cwd: Path | None = None) -> subprocess.Popen:
    """Return ``pqassist app`` started on a free port in ``workdir`` (its output as text lines)."""
    from pqassist.commands.app import free_port

    need(importlib.util.find_spec("voila") is not None, "Voilà is not installed (pip install -e '.[app]')")
    return subprocess.Popen(
        [sys.executable, "-m", "pqassist.cli", "app", "--port", str(free_port(0)), "--workdir", str(workdir), *args],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=cwd or workdir,
    )


def read_until(process: subprocess.Popen, pattern: re.Pattern, seconds: float = START_SECONDS) -> str:
    """Return what ``process`` printed up to the first line ``pattern`` finds (or its end, or ``seconds``)."""
    lines, deadline = [], time.monotonic() + seconds
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        if pattern.search(line):
            break
    return "".join(lines)


def end(process: subprocess.Popen) -> None:
    """Kill ``process`` when it still runs, wait for it and close its output."""
    if process.poll() is None:
        process.kill()
        process.wait()
    if process.stdout:
        process.stdout.close()
