"""Shared test helpers: where the corpus is, and skipping that turns into failing in CI.

A test that needs Chromium, LibreOffice, poppler or ../shared/corpus skips with a clear
reason on a user's machine that lacks them, and fails instead where CI=true.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _find_corpus() -> Path:
    """Return ../shared/corpus beside the checkout (or further up, for a clone in a subfolder)."""
    if os.environ.get("PQASSIST_CORPUS"):
        return Path(os.environ["PQASSIST_CORPUS"])
    for folder in ROOT.parents:
        candidate = folder / "shared" / "corpus"
        if (candidate / "LABELS.md").is_file():
            return candidate
    return ROOT.parent / "shared" / "corpus"


CORPUS = _find_corpus()
ARTIFACTS = ROOT / "test-artifacts"


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def need(condition: bool, reason: str) -> None:
    """Skip the calling test with ``reason`` when ``condition`` is false; fail in CI."""
    if condition:
        return
    if in_ci():
        pytest.fail(f"CI=true and {reason}", pytrace=False)
    pytest.skip(reason)


def need_tool(executable: str, package: str) -> str:
    """Return the path of ``executable``; skip (fail in CI) when it is not installed."""
    path = shutil.which(executable)
    need(path is not None, f"{executable} is not installed (Debian package {package})")
    return path


def write_model_marking_every_answer(path: Path) -> Path:
    """Write to ``path`` the packaged model with its "te controleren" threshold at 0: every
    item suggested answered (or withheld) is then marked, whatever the packaged model makes
    of the example (for the tests of how a marked item looks)."""
    from dataclasses import replace

    from pqassist.analysis.verdict_model import packaged_model, write_model

    return write_model(replace(packaged_model(), check_above=0.0), path)


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The folder of real documents and gold labels (../shared/corpus)."""
    need((CORPUS / "LABELS.md").is_file(), f"the corpus folder {CORPUS} is absent")
    return CORPUS


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """A folder for files kept after the tests (screenshots, rendered pages)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
