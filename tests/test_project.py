"""The project's own promises: set-up files agree, every command is documented, import is cheap."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib

from conftest import ROOT


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_lists_the_same_dependencies_as_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = {_name(r) for r in project["dependencies"]}
    for extra in project["optional-dependencies"].values():
        wanted |= {_name(r) for r in extra}
    listed = set()
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    for line in text.split("dependencies:", 1)[1].splitlines():
        match = re.match(r"^\s+-\s+([A-Za-z0-9_.\-]+)", line)
        if match and match.group(1) not in ("python", "pip"):
            listed.add(_name(match.group(1)))
    assert listed == wanted


def test_every_subpackage_is_listed_for_the_build():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    on_disk = {
        ".".join(path.parent.relative_to(ROOT).parts)
        for path in (ROOT / "pqassist").rglob("__init__.py")
        if "__pycache__" not in path.parts
    }
    assert on_disk | {"pqassist.templates"} == set(config["packages"])


def test_every_command_is_documented_in_the_readme():
    from pqassist.cli import build_parser

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    assert sub.choices, "no commands registered"
    for name in sub.choices:
        assert f"pqassist {name}" in readme, f"README does not document `pqassist {name}`"


def test_readme_gives_the_two_setup_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make app" in readme and "make test" in readme


def test_import_is_cheap():
    code = "import time; t = time.perf_counter(); import pqassist, pqassist.model, pqassist.errors; print(time.perf_counter() - t)"
    times = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout) for _ in range(3)]
    assert min(times) < 0.3, times
    heavy = subprocess.run(
        [sys.executable, "-c", "import sys, pqassist, pqassist.cli; print(sorted(m for m in ('pandas', 'docx', 'pypdf', 'ipywidgets', 'httpx', 'simplemma') if m in sys.modules))"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    assert heavy == "[]", f"heavy libraries imported at start-up: {heavy}"


def test_ci_script_installs_what_the_tests_need():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for package in ("chromium", "libreoffice-writer-nogui", "poppler-utils"):
        assert package in script
    assert "make test" in script


def _imports(path) -> set[str]:
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_layers_follow_the_data_flow():
    modules = {p.relative_to(ROOT).as_posix(): _imports(p) for p in (ROOT / "pqassist").rglob("*.py")}
    word_pdf = ("docx", "docxtpl", "pypdf", "lxml")
    for name, imports in modules.items():
        if any(i.split(".")[0] in word_pdf for i in imports):
            assert name.startswith("pqassist/read/") or name == "pqassist/drafting/export.py", name
        if any(i.split(".")[0] == "ipywidgets" for i in imports):
            assert name.startswith("pqassist/app/"), name
        if any(i.startswith("pqassist.app") for i in imports):
            assert name.startswith("pqassist/app/") or name == "pqassist/commands/app.py", name
    assert not {i for i in modules["pqassist/model.py"] if i.startswith("pqassist")}
