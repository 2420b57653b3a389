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


def many_numbered_items(path: Path, count: int = 20_000) -> Path:
    """Write a Flemish-style question with ``count`` numbered items and a numbered answer."""
    lines = ["Schriftelijke vraag nr. 1 van 1 januari 2024 van Jan Peeters aan minister Karel Janssens",
             "Aanvragen per project", ""]
    lines += [f"{i}. Hoeveel aanvragen werden er in {2000 + i % 24} ingediend voor project {i}?"
              for i in range(1, count + 1)]
    lines += ["", "Antwoord", ""] + [f"{i}. Er waren {i * 3} aanvragen." for i in range(1, count + 1)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


FEDERAL_ROW = {
    "doc_id": "herhaald",
    "depotdat": "2017-02-06",
    "aut_party": "sp.a",
    "aut_person": "Janssens, Els",
    "question": "Treinen op de lijn Gent-Brussel. - Stiptheid. \n\n Reizigers klagen over vertragingen."
    "1. Hoeveel treinen op de lijn Gent-Brussel reden in 2016 met meer dan vijf minuten vertraging?"
    "2. Wat zijn de belangrijkste oorzaken?3. Welke maatregelen neemt de NMBS?",
    "answer": "1. In 2016 reden 11.482 treinen met meer dan vijf minuten vertraging. 2. Daarover worden "
    "geen cijfers per oorzaak bijgehouden. 3. Ik verwijs naar het openbaredienstcontract en het "
    "meerjarig investeringsplan van de NMBS.",
    "answer_department": "Minister van Mobiliteit",
}


def federal_row_repeated(path: Path, times: int = 800) -> Path:
    """Write a JSON-lines file holding one federal row whose question and answer are repeated."""
    import json

    row = dict(FEDERAL_ROW, question="\n".join([FEDERAL_ROW["question"]] * times),
               answer="\n".join([FEDERAL_ROW["answer"]] * times))
    path.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
