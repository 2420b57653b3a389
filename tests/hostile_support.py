"""Helpers for the hostile-use tests: run the command line in a child process under a
time bound and measure it; build hostile inputs."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Outcome:
    """What one command did: exit code, stderr lines, stdout, seconds taken."""

    code: int
    lines: list[str]
    out: str
    seconds: float

    def refused_in_one_line(self) -> bool:
        """Return True for exit 2 with exactly one non-empty stderr line starting "pqassist:"."""
        return self.code == 2 and len(self.lines) == 1 and self.lines[0].startswith("pqassist: ")


def run_cli(*args: str, timeout: float = 60, env: dict | None = None, cwd: str | Path | None = None) -> Outcome:
    """Run ``python -m pqassist.cli ARGS`` and return its outcome; fail the test on timeout."""
    environment = dict(os.environ, PYTHONPATH=str(ROOT), **(env or {}))
    start = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "pqassist.cli", *args],
        capture_output=True,
        timeout=timeout,
        cwd=cwd or ROOT,
        env=environment,
        stdin=subprocess.DEVNULL,
    )
    seconds = time.monotonic() - start
    err = result.stderr.decode("utf-8", "replace")
    lines = [line for line in err.splitlines() if line.strip()]
    return Outcome(result.returncode, lines, result.stdout.decode("utf-8", "replace"), seconds)
