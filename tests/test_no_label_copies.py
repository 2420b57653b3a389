"""Phrase lists and modules hold general wording, not the labelled documents' sentences.

Fails if any phrase file or module contains a run of four or more words copied from a
gold label's ``starts``, ``answer_starts`` or ``why``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import ROOT

RUN = 4


def _words(text: str) -> list[str]:
    return re.findall(r"[\wÀ-ÿ'’-]+", text.lower())


def _runs(text: str) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i : i + RUN]) for i in range(len(words) - RUN + 1)}


def _project_files() -> list[Path]:
    files = sorted((ROOT / "pqassist").rglob("*.py")) + sorted((ROOT / "pqassist" / "data").rglob("*.txt"))
    files += sorted((ROOT / "templates").rglob("*.j2"))
    return [f for f in files if "example-" not in f.name]


@pytest.mark.corpus
def test_no_phrase_or_module_copies_label_wording(corpus):
    label_runs: dict[tuple[str, ...], str] = {}
    for path in sorted((corpus / "labels").glob("*.json")):
        label = json.loads(path.read_text(encoding="utf-8"))
        for item in label["items"]:
            for field in ("starts", "answer_starts", "why"):
                for run in _runs(item.get(field) or ""):
                    label_runs.setdefault(run, f"{path.name} {item['id']} {field}")
    copied = []
    for file in _project_files():
        text = file.read_text(encoding="utf-8")
        for run in _runs(text) & label_runs.keys():
            copied.append(f"{file.relative_to(ROOT)}: {' '.join(run)!r} (from {label_runs[run]})")
    assert not copied, "wording copied from the labels:\n" + "\n".join(sorted(copied))
