"""The wheel works without the checkout: build it, install it into a fresh venv, run it.

``python -m build`` makes the sdist and, from it, the wheel, and must print no warning.
The wheel goes into a new venv (no system site-packages) first alone: the core commands
work on the bundled example, and a command that needs an extra says which one in one line.
Then with the ``app`` extra: ``pqassist app --check`` finds the notebook, the templates
and Voilà in the installed package. Every command runs from an empty temporary folder with
a clean environment, so nothing of the checkout is on ``sys.path``. Needs PyPI (pip's cache
makes a second run quick); skips without it, fails in CI.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, need

pytestmark = pytest.mark.slow

BUILD_SECONDS = 600
INSTALL_SECONDS = 900
RUN_SECONDS = 180


def _env() -> dict[str, str]:
    """Return an environment without the checkout: no PYTHONPATH, no byte-code switch-off
    (setuptools warns when it cannot byte-compile), no warnings turned into errors."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONDONTWRITEBYTECODE", "PYTHONWARNINGS", "PYTHONSTARTUP", "VIRTUAL_ENV")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def _run(args, cwd: Path, timeout: float) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], cwd=cwd, env=_env(), capture_output=True, text=True, timeout=timeout)


def _index_reachable(scratch: Path) -> bool:
    """Return whether pip can fetch the build backend (setuptools) from its package index."""
    probe = _run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--dest", scratch,
                  "setuptools>=77"], scratch, 180)
    return probe.returncode == 0


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """Return the wheel ``python -m build`` makes of the checkout (via its sdist)."""
    need(_run([sys.executable, "-c", "import build"], ROOT, 60).returncode == 0,
         "the 'build' package is not installed (pip install -e '.[test]')")
    out = tmp_path_factory.mktemp("dist")
    need(_index_reachable(tmp_path_factory.mktemp("probe")), "PyPI is not reachable (the build needs setuptools from it)")
    result = _run([sys.executable, "-m", "build", "--outdir", out, ROOT], out, BUILD_SECONDS)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    printed = result.stdout + result.stderr
    warnings = [line for line in printed.splitlines() if re.search(r"warn|deprecat", line, re.IGNORECASE)]
    assert not warnings, "python -m build printed warnings:\n" + "\n".join(warnings[:20])
    wheels = sorted(out.glob("pqassist-*.whl"))
    assert len(wheels) == 1 and sorted(out.glob("pqassist-*.tar.gz")), sorted(out.iterdir())
    return wheels[0]


@pytest.fixture(scope="module")
def venv(tmp_path_factory, wheel) -> Path:
    """Return the bin folder of a fresh venv holding the wheel (the core, no extra)."""
    folder = tmp_path_factory.mktemp("venv")
    created = _run([sys.executable, "-m", "venv", folder], folder, 120)
    assert created.returncode == 0, created.stderr
    bin_dir = folder / "bin"
    installed = _run([bin_dir / "python", "-m", "pip", "install", "--quiet", wheel], folder, INSTALL_SECONDS)
    assert installed.returncode == 0, installed.stderr[-3000:]
    return bin_dir


def test_the_wheel_ships_templates_notebooks_licence_and_data(wheel):
    import zipfile

    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("pqassist/notebooks/review.ipynb", "pqassist/notebooks/corpus.ipynb",
                 "pqassist/templates/word/default.docx", "pqassist/templates/phrases/default/referral.j2",
                 "pqassist/data/example-vlaams-parlement.txt", "pqassist/__main__.py"):
        assert name in names, name
    for template in (ROOT / "templates").rglob("*"):
        if template.suffix in (".j2", ".docx"):
            assert f"pqassist/templates/{template.relative_to(ROOT / 'templates').as_posix()}" in names, template
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    text = zipfile.ZipFile(wheel).read(metadata).decode()
    import pqassist

    assert f"Version: {pqassist.__version__}" in text and "License-Expression: MIT" in text
    assert not any(n.startswith(("tests/", "notebooks/", "templates/")) for n in names)


def test_the_core_runs_from_the_wheel_without_the_checkout(venv, tmp_path):
    python = venv / "python"
    where = _run([python, "-c", "import pqassist, sys; from pqassist.data import data_path; "
                  "print(pqassist.__file__); print(data_path('example-vlaams-parlement.txt'))"], tmp_path, RUN_SECONDS)
    assert where.returncode == 0, where.stderr
    package, example = where.stdout.split()
    assert Path(package).is_relative_to(venv.parent) and not Path(package).is_relative_to(ROOT), package
    analysed = _run([venv / "pqassist", "analyse", example, "--json"], tmp_path, RUN_SECONDS)
    assert analysed.returncode == 0, analysed.stderr
    data = json.loads(analysed.stdout)
    assert data["meta"]["parliament"] == "vlaams-parlement" and len(data["items"]) >= 3
    assert any(item["verdict"] != "answered" for item in data["items"])
    drafted = _run([python, "-m", "pqassist", "draft", example, "-o", tmp_path / "vervolg.docx"], tmp_path, RUN_SECONDS)
    assert drafted.returncode == 0, drafted.stderr
    assert (tmp_path / "vervolg.docx").stat().st_size > 5_000  # the packaged Word template was found
    batch = _run([venv / "pqassist", "batch", example, "-o", tmp_path / "uit.csv"], tmp_path, RUN_SECONDS)
    lines = batch.stderr.strip().splitlines()
    assert batch.returncode == 2 and len(lines) == 1 and "pqassist[batch]" in lines[0], batch.stderr[-2000:]


def test_the_app_checks_out_from_the_wheel(venv, wheel, tmp_path):
    without = _run([venv / "pqassist", "app", "--check"], tmp_path, RUN_SECONDS)
    assert without.returncode == 2 and len(without.stderr.strip().splitlines()) == 1, without.stderr[-2000:]
    installed = _run([venv / "python", "-m", "pip", "install", "--quiet", f"{wheel}[app]"], tmp_path, INSTALL_SECONDS)
    assert installed.returncode == 0, installed.stderr[-3000:]
    checked = _run([venv / "pqassist", "app", "--check"], tmp_path, RUN_SECONDS)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert str(venv.parent) in checked.stdout and "review.ipynb" in checked.stdout, checked.stdout
