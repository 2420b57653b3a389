"""The project's own promises: set-up files agree, every command is documented, import is
cheap, and the modules keep to the layers of the data flow (a rule table, checked on the
real tree and shown to fail on a planted violation)."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

from conftest import ROOT

# --- set-up files ------------------------------------------------------------------------

# conda-forge names that differ from PyPI's, and extras that stand for more packages
CONDA_NAMES = {"python-build": "build"}
EXTRA_PACKAGES = {("pypdf", "crypto"): {"cryptography"}}


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _names(requirement: str) -> set[str]:
    """Return the package names a requirement installs (extras that add packages included)."""
    name = _name(requirement)
    extras = re.search(r"\[([^\]]+)\]", requirement)
    found = {name}
    for extra in extras.group(1).split(",") if extras else ():
        found |= EXTRA_PACKAGES.get((name, extra.strip()), set())
    return found


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_environment_yml_lists_the_same_dependencies_as_pyproject():
    project = _project()["project"]
    wanted = set()
    for requirement in project["dependencies"] + [r for e in project["optional-dependencies"].values() for r in e]:
        if _name(requirement) != "pqassist":  # an extra that pulls in other extras
            wanted |= _names(requirement)
    listed = set()
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    for line in text.split("dependencies:", 1)[1].splitlines():
        match = re.match(r"^\s+-\s+([A-Za-z0-9_.\-]+)", line)
        if match and match.group(1) not in ("python", "pip"):
            name = _name(match.group(1))
            listed.add(CONDA_NAMES.get(name, name))
    assert listed == wanted, f"only in pyproject: {sorted(wanted - listed)}; only in environment.yml: {sorted(listed - wanted)}"


def test_every_subpackage_is_listed_for_the_build():
    config = _project()["tool"]["setuptools"]
    on_disk = {
        ".".join(path.parent.relative_to(ROOT).parts)
        for path in (ROOT / "pqassist").rglob("__init__.py")
        if "__pycache__" not in path.parts
    }
    shipped_folders = {"pqassist.templates", "pqassist.notebooks"}
    assert on_disk | shipped_folders == set(config["packages"])
    assert {k: v for k, v in config["package-dir"].items()} == {"pqassist.templates": "templates", "pqassist.notebooks": "notebooks"}


def test_one_version_one_licence():
    project = _project()["project"]
    assert "version" not in project and "version" in project["dynamic"]
    assert _project()["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "pqassist.__version__"}
    import pqassist

    assert re.fullmatch(r"\d+\.\d+\.\d+", pqassist.__version__)
    assert project["license"] == "MIT" and project["license-files"] == ["LICENSE"]
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License") and "WITHOUT WARRANTY" in licence


def test_make_installs_every_extra_and_the_test_extra_runs_the_suite():
    extras = _project()["project"]["optional-dependencies"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    match = re.search(r"^EXTRAS\s*:=\s*(\S+)", makefile, re.MULTILINE)
    assert match and set(match.group(1).split(",")) == set(extras), "make must install every extra"
    assert "-e '.[$(EXTRAS)]'" in makefile
    test = {_name(r): r for r in extras["test"]}
    pulled = re.search(r"\[([^\]]+)\]", test.get("pqassist", "[]")).group(1).split(",")
    assert {"app", "batch", "fetch"} <= set(pulled), "the test extra must pull in the parts the suite tests"
    assert {"pytest", "nbclient", "nbformat", "ipykernel"} <= set(test), "the notebook tests need these"
    assert "cryptography" not in {_name(r) for r in _project()["project"]["dependencies"]}, "use pypdf[crypto]"


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


def test_ci_script_installs_what_the_tests_need():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for package in ("chromium", "libreoffice-writer-nogui", "poppler-utils"):
        assert package in script
    assert "make test" in script


# --- import is cheap, and the core needs no extra ----------------------------------------------

# the libraries each extra brings; only its own part imports them at a module's top
EXTRA_LIBRARIES = {
    "app": {"ipywidgets", "voila", "IPython", "jupyterlab", "jupyter_server", "ipykernel"},
    "batch": {"pandas", "pyarrow", "openpyxl", "tqdm", "holidays", "matplotlib"},
    "fetch": {"httpx"},
    "train": {"sklearn", "numpy", "scipy"},
}
PART_PACKAGES = {"app": "app", "batch": "corpus", "fetch": "fetch", "train": None}
HEAVY = ("pandas", "docx", "docxtpl", "pypdf", "lxml", "ipywidgets", "httpx", "simplemma", "jinja2", "numpy")


def test_import_is_cheap():
    """``import pqassist`` (the public API included) and the CLI's start load no library of weight
    and none of the package's own steps; the time it takes is in benchmarks/bench_import.py."""
    code = (
        "import sys; before = set(sys.modules); import pqassist, pqassist.model, pqassist.errors, pqassist.cli; "
        "pqassist.open_dossier, pqassist.analyse, pqassist.draft, pqassist.export; "
        "print(' '.join(sorted(set(sys.modules) - before)))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout.split()
    heavy = sorted(m for m in loaded if m.split(".")[0] in HEAVY)
    assert heavy == [], f"heavy libraries imported at start-up: {heavy}"
    ours = sorted(m for m in loaded if m.startswith("pqassist."))
    assert ours == ["pqassist.cli", "pqassist.errors", "pqassist.model"], ours


def test_the_core_imports_no_library_of_an_extra():
    """Importing every module of the core (read, parse, analysis, drafting, the top level, the
    command line) loads no library that only an extra installs."""
    core = [
        ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for package in ("read", "parse", "analysis", "drafting", "commands")
        for p in sorted((ROOT / "pqassist" / package).rglob("*.py"))
        if "__pycache__" not in p.parts
    ] + ["pqassist." + p.stem for p in sorted((ROOT / "pqassist").glob("*.py")) if p.stem not in ("__init__", "__main__")]
    code = "import importlib, sys\nfor m in sys.argv[1:]: importlib.import_module(m)\nprint(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    loaded = set(subprocess.run([sys.executable, "-c", code, *core], capture_output=True, text=True, check=True, cwd=ROOT).stdout.split())
    extra = sorted(loaded & set().union(*EXTRA_LIBRARIES.values()))
    assert extra == [], f"a core module imports {extra} at its top; import it inside the function that needs it"


# --- layers ----------------------------------------------------------------------------------

# the bottom layer: plain data and small services every layer may use ("the bottom layer" in
# a docstring's Imports: line stands for all of them)
BOTTOM = {"model", "errors", "atomic", "jsonio", "text", "sentences", "data"}

# unit (a sub-package or a top-level module of pqassist) -> the units it may import.
# Each sub-package's __init__ docstring names the same units under "Imports:" and the
# units that import it under "Used by:" (checked below).
RULES: dict[str, set[str]] = {
    "model": set(),
    "errors": set(),
    "data": set(),
    "atomic": {"errors"},
    "jsonio": {"errors"},
    "text": set(),
    "sentences": {"text"},
    "serialize": {"model"},
    "read": BOTTOM,
    "parse": BOTTOM | {"read"},
    "analysis": BOTTOM | {"parse"},
    "drafting": BOTTOM | {"parse", "analysis"},
    "corpus": BOTTOM | {"read", "parse", "analysis", "drafting"},
    "fetch": BOTTOM | {"read", "parse"},
    "worklist": BOTTOM | {"read", "parse", "analysis", "drafting", "corpus", "fetch"},
    "app": BOTTOM | {"serialize", "read", "parse", "analysis", "drafting", "corpus", "fetch", "worklist"},
    "commands": BOTTOM | {"serialize", "read", "parse", "analysis", "drafting", "corpus", "fetch", "worklist", "app"},
    "cli": {"errors", "commands"},
    "__main__": {"cli"},
    "__init__": BOTTOM | {"serialize", "parse", "analysis", "drafting"},  # the public API, imported lazily
}
TOP_LEVEL_ALLOWANCE = 7  # modules beside __init__, __main__ and cli (the bottom layer and serialize)
WORD_PDF = ("docx", "docxtpl", "pypdf", "lxml")
WORD_PDF_PLACES = ("pqassist/read/", "pqassist/drafting/word_document.py", "pqassist/drafting/word_numbering.py")

# (module, unit it imports against the table): why, and where it should go instead.
# A listed exception that is no longer needed fails the test, so the list only shrinks.
KNOWN_EXCEPTIONS: dict[tuple[str, str], str] = {}


def unit_of(relative: str) -> str:
    """Return the unit of a module path relative to the tree root ("pqassist/parse/kamer.py" -> "parse")."""
    parts = relative.split("/")
    return parts[1] if len(parts) > 2 else parts[1].removesuffix(".py")


def _is_lazy(node, parents) -> bool:
    """Return whether an import runs only when called (inside a function) or never (TYPE_CHECKING)."""
    for parent in parents:
        if isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            return True
        if isinstance(parent, ast.If) and "TYPE_CHECKING" in ast.unparse(parent.test):
            return True
    return False


def imports_of(path: Path, root: Path) -> list[tuple[str, int, bool]]:
    """Return (imported module, line, at module top) for every import in ``path``, with
    ``from pqassist import x`` read as pqassist.x when x is a module or sub-package and as the
    package root ("pqassist") when it is a name of its ``__init__`` (``__version__`` excepted)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = path.relative_to(root).with_suffix("").parts[:-1]
    found = []

    def visit(node, parents):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            top = not _is_lazy(node, parents)
            if isinstance(node, ast.Import):
                found.extend((alias.name, node.lineno, top) for alias in node.names)
            else:
                base = node.module or ""
                if node.level:
                    base = ".".join(package[: len(package) - node.level + 1] + ((base,) if base else ()))
                for alias in node.names:
                    target = f"{base}.{alias.name}"
                    is_module = (root / Path(*target.split("."))).is_dir() or (root / Path(*target.split("."))).with_suffix(".py").is_file()
                    if is_module:
                        found.append((target, node.lineno, top))
                    elif not (base == "pqassist" and alias.name == "__version__"):
                        found.append((base, node.lineno, top))
        for child in ast.iter_child_nodes(node):
            visit(child, parents + [node])

    visit(tree, [])
    return found


def layer_violations(root: Path, exceptions: dict | None = None) -> list[str]:
    """Return every import in the tree ``root`` (holding ``pqassist/``) that breaks the rules."""
    exceptions = KNOWN_EXCEPTIONS if exceptions is None else exceptions
    problems, used = [], set()
    top_level = sorted(p.stem for p in (root / "pqassist").glob("*.py") if p.stem not in ("__init__", "__main__", "cli"))
    if len(top_level) > TOP_LEVEL_ALLOWANCE:
        problems.append(f"pqassist/ has {len(top_level)} top-level modules ({', '.join(top_level)}); at most {TOP_LEVEL_ALLOWANCE}")
    for path in sorted((root / "pqassist").rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        name = path.relative_to(root).as_posix()
        unit = unit_of(name)
        if unit not in RULES:
            problems.append(f"{name}: unit {unit!r} is not in the rule table of tests/test_project.py")
            continue
        for module, line, top in imports_of(path, root):
            where = f"{name}:{line}"
            first = module.split(".")[0]
            if first == "pqassist":
                target = module.split(".")[1] if "." in module else "__init__"
                if target == unit and target != "__init__":
                    if unit == "commands" and module.count(".") >= 2 and module != "pqassist.commands":
                        problems.append(f"{where}: a command imports another command ({module}); share code below commands/")
                    continue
                if target == "__init__":
                    problems.append(f"{where}: imports the package root (the public API for users); import the module itself")
                elif target not in RULES[unit]:
                    if (name, target) in exceptions:
                        used.add((name, target))
                    else:
                        problems.append(f"{where}: {unit} may not import {target} ({module}); allowed: {', '.join(sorted(RULES[unit])) or 'nothing of ours'}")
                elif target == "app" and name != "pqassist/commands/app.py":
                    problems.append(f"{where}: only commands/app.py may import the app ({module})")
            elif first in WORD_PDF and not name.startswith(WORD_PDF_PLACES):
                problems.append(f"{where}: only read/, drafting/word_document.py and drafting/word_numbering.py touch PDF and Word libraries ({module})")
            else:
                for part, libraries in EXTRA_LIBRARIES.items():
                    if first in libraries:
                        own = PART_PACKAGES[part]
                        if first == "ipywidgets" and unit != "app":
                            problems.append(f"{where}: only app/ knows about widgets ({module})")
                        elif top and unit != own:
                            problems.append(f"{where}: {module} (extra '{part}') imported at the module's top outside "
                                            f"{own + '/' if own else 'any part'}; import it inside the function")
    for stale in set(exceptions) - used:
        problems.append(f"{stale[0]} no longer imports {stale[1]}: remove it from KNOWN_EXCEPTIONS")
    return problems


def test_layers_follow_the_data_flow():
    problems = layer_violations(ROOT)
    assert not problems, "\n".join(problems)


def test_the_layer_check_fails_on_planted_violations(tmp_path):
    """The checker finds each kind of violation in a small tree, and nothing in its clean twin."""
    clean = {
        "pqassist/__init__.py": "",
        "pqassist/model.py": "import dataclasses\n",
        "pqassist/errors.py": "",
        "pqassist/read/__init__.py": "",
        "pqassist/read/document.py": "from pqassist.errors import PqassistError\n\ndef f():\n    import pypdf\n",
        "pqassist/parse/__init__.py": "from pqassist.read.document import f\n",
        "pqassist/analysis/__init__.py": "from pqassist import model\nfrom pqassist.parse import f\n",
        "pqassist/app/__init__.py": "import ipywidgets\n",
        "pqassist/corpus/__init__.py": "import pandas\n",
        "pqassist/commands/__init__.py": "",
        "pqassist/commands/app.py": "from pqassist.app import x\n",
        "pqassist/commands/analyse.py": "def run():\n    import pandas\n",
    }
    planted = {
        "pqassist/model.py": "from pqassist import app\n",  # the bottom layer imports the app
        "pqassist/read/document.py": "from pqassist.analysis import x\n",  # against the flow
        "pqassist/parse/__init__.py": "from pqassist import analyse\n",  # the public API from inside
        "pqassist/analysis/__init__.py": "import docx\nimport pandas\n",  # Word outside export; an extra at the top
        "pqassist/corpus/__init__.py": "from ..app import ui\n",  # relative import of the app
        "pqassist/commands/analyse.py": "from pqassist.commands.fetch import y\n",  # a command importing a command
        "pqassist/fresh.py": "",  # a unit the table does not know
    }
    for files, extra in ((clean, {}), ({**clean, **{k: clean.get(k, "") + v for k, v in planted.items()}}, planted)):
        tree = tmp_path / ("planted" if extra else "clean")
        for name, text in files.items():
            (tree / name).parent.mkdir(parents=True, exist_ok=True)
            (tree / name).write_text(text, encoding="utf-8")
        (tree / "pqassist/app/ui.py").write_text("", encoding="utf-8")
        problems = layer_violations(tree, exceptions={})
        if not extra:
            assert problems == [], problems
            continue
        text = "\n".join(problems)
        for needle in ("pqassist/model.py:2: model may not import app", "pqassist/read/document.py:5: read may not import analysis",
                       "pqassist/parse/__init__.py:2: imports the package root", "pqassist/analysis/__init__.py:3: only read/",
                       "pqassist/analysis/__init__.py:4: pandas (extra 'batch')", "pqassist/corpus/__init__.py:2: corpus may not import app",
                       "pqassist/commands/analyse.py:3: a command imports another command", "unit 'fresh' is not in the rule table"):
            assert needle in text, f"the checker missed {needle!r}:\n{text}"
    many = tmp_path / "many"
    for stem in ("a", "b", "c", "d", "e", "f", "g", "h"):
        (many / "pqassist" / f"{stem}.py").parent.mkdir(parents=True, exist_ok=True)
        (many / "pqassist" / f"{stem}.py").write_text("", encoding="utf-8")
    assert any("8 top-level modules" in p for p in layer_violations(many, exceptions={}))


def _named_units(paragraph: str) -> set[str]:
    known = set(RULES) - {"__init__", "__main__"}
    named = {word for word in re.findall(r"[a-z_]+", paragraph) if word in known}
    return named | BOTTOM if re.search(r"bottom\s+layer", paragraph) else named


def test_each_subpackage_docstring_names_its_neighbours():
    """Each sub-package says what it owns, which units it imports ("Imports:", as in RULES)
    and which import it ("Used by:", the reverse of RULES)."""
    for init in sorted((ROOT / "pqassist").glob("*/__init__.py")):
        unit = init.parent.name
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        imports = re.search(r"^Imports:(.*?)(?:\n\s*\n|\nUsed by:|\Z)", doc, re.MULTILINE | re.DOTALL)
        used = re.search(r"^Used by:(.*?)(?:\n\s*\n|\Z)", doc, re.MULTILINE | re.DOTALL)
        assert imports and used, f"{init.relative_to(ROOT)}: the docstring needs an 'Imports:' and a 'Used by:' line"
        users = {u for u, allowed in RULES.items() if unit in allowed and u not in ("__init__", "__main__")}
        assert _named_units(imports.group(1)) == RULES[unit], f"{unit}: 'Imports:' says {sorted(_named_units(imports.group(1)))}, the rules {sorted(RULES[unit])}"
        assert _named_units(used.group(1)) == users, f"{unit}: 'Used by:' says {sorted(_named_units(used.group(1)))}, the rules {sorted(users)}"


def test_what_the_tests_import_or_skip_is_installed():
    """``pytest.importorskip`` skips quietly, even in CI: every library a test imports that way
    must be installed by the ``test`` extra (a skip on a user's machine, a failure in CI)."""
    import importlib.util

    from conftest import need

    wanted = set()
    for path in sorted((ROOT / "tests").glob("*.py")):
        wanted |= set(re.findall(r"importorskip\(\s*[\"']([\w.]+)[\"']", path.read_text(encoding="utf-8")))
    missing = sorted(m for m in wanted if importlib.util.find_spec(m) is None)
    need(not missing, f"libraries of the test extra are missing: {missing} (pip install -e '.[test]')")


def test_the_command_line_names_the_extra_of_a_missing_library():
    from pqassist.cli import EXTRAS

    extras = _project()["project"]["optional-dependencies"]
    for library, extra in EXTRAS.items():
        assert extra in extras and library in EXTRA_LIBRARIES[extra], (library, extra)


def test_the_readmes_first_commands_work_as_written(tmp_path):
    """The commands the README gives to try after `make` run as pasted in the checkout
    (the installed `pqassist` stands for `.venv/bin/pqassist`; the draft is written to a
    temporary folder instead of the checkout)."""
    import shlex
    import shutil

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = [line for line in readme.splitlines() if line.startswith(".venv/bin/pqassist ") and "shared/corpus" not in line]
    assert lines, "the README gives no command to try after `make`"
    command = shutil.which("pqassist", path=str(Path(sys.executable).parent))
    assert command, "pqassist is not installed beside this Python"
    for line in lines:
        argv = [str(tmp_path / a) if a.endswith(".docx") else a for a in shlex.split(line)[1:]]
        done = subprocess.run([command, *argv], cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, (line, done.stderr)
    assert (tmp_path / "opvolging.docx").is_file()
