"""The command line at its edge: bad input gives one line and exit code 2, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import zipfile

import pytest

from conftest import ROOT

EXAMPLE = ROOT / "pqassist" / "data" / "example-vlaams-parlement.txt"


def run_cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pqassist.cli", *args], capture_output=True, text=True, timeout=timeout
    )


def bad_inputs(tmp_path):
    """Yield (name, path) for each kind of bad input the command line must refuse."""
    empty = tmp_path / "leeg.txt"
    empty.write_bytes(b"")
    junk = tmp_path / "junk.txt"
    junk.write_bytes(bytes(range(256)) * 40)
    unsupported = tmp_path / "vraag.xyz"
    unsupported.write_text("Hoeveel?", encoding="utf-8")
    no_question = tmp_path / "verslag.txt"
    no_question.write_text("Verslag\n\nDe commissie vergaderde. Er werd gestemd.", encoding="utf-8")
    not_pdf = tmp_path / "kapot.pdf"
    not_pdf.write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog")
    bomb = tmp_path / "bom.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:document>" + b"0" * 300_000_000 + b"</w:document>")
    xxe = tmp_path / "xxe.docx"
    with zipfile.ZipFile(xxe, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d>&x;</d>')
    missing = tmp_path / "bestaat-niet.txt"
    return [("empty", empty), ("binary junk", junk), ("unsupported", unsupported), ("no question", no_question),
            ("broken pdf", not_pdf), ("zip bomb", bomb), ("external entities", xxe), ("missing", missing)]


def test_bad_inputs_give_one_line_and_exit_code_2(tmp_path):
    for name, path in bad_inputs(tmp_path):
        started = time.monotonic()
        result = run_cli("analyse", str(path), "--json")
        elapsed = time.monotonic() - started
        assert result.returncode == 2, (name, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("pqassist: "), (name, result.stderr)
        assert "Traceback" not in result.stderr and result.stdout == "", name
        assert elapsed < 20, (name, elapsed)


@pytest.mark.parametrize("command", ["analyse", "batch"])
def test_a_time_limit_that_is_no_number_of_seconds_is_refused(command, tmp_path):
    """-1, nan, inf and words are refused before any work, in both commands that take a
    limit; 0 means no limit in both."""
    output = ["-o", str(tmp_path / "uit.csv")] if command == "batch" else []
    for value in ("-1", "nan", "inf", "tien"):
        result = run_cli(command, str(EXAMPLE), *output, f"--time-limit={value}")
        assert result.returncode == 2, (value, result.stderr)
        # a usage error, as argparse gives it: the usage, then the one line that says what is wrong
        last = result.stderr.strip().splitlines()[-1]
        assert last.startswith(f"pqassist {command}: fout: ") and "geen aantal seconden" in last, result.stderr
        assert "Traceback" not in result.stderr and result.stdout == ""
    assert not list(tmp_path.iterdir())
    done = run_cli(command, str(EXAMPLE), *output, "--time-limit", "0")
    assert done.returncode == 0, done.stderr


# The reader's fixtures (tests/fixtures/read, written by make_fixtures.py) that hold a readable
# question; every other document there is bad input the command line must refuse.
READABLE_FIXTURES = {"vraag.pdf", "vraag.docx", "vraag-utf8.txt", "vraag-cp1252.txt", "alleen-eigenaar.pdf"}
REFUSED_FIXTURES = {  # name -> a word of the one-line message
    "afgebroken.pdf": "onvolledige PDF",
    "scan.pdf": "tekstlaag",
    "wachtwoord.pdf": "wachtwoord",
    "lachsalvo.docx": "ENTITY",
    "xxe.docx": "ENTITY",
}
READER_FIXTURES = ROOT / "tests" / "fixtures" / "read"


def _reader_documents() -> set[str]:
    return {p.name for p in READER_FIXTURES.iterdir() if p.suffix in (".txt", ".pdf", ".docx")}


def test_every_reader_fixture_is_either_readable_or_refused():
    """A new bad-input fixture cannot slip by unnoticed: each document is named below."""
    assert _reader_documents() == READABLE_FIXTURES | set(REFUSED_FIXTURES)


@pytest.mark.parametrize("name", sorted(REFUSED_FIXTURES))
def test_bad_documents_from_the_reader_fixtures_are_refused(name):
    result = run_cli("analyse", str(READER_FIXTURES / name), "--json")
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2 and len(lines) == 1 and result.stdout == "", (name, result.stderr)
    assert lines[0].startswith("pqassist: ") and REFUSED_FIXTURES[name] in lines[0], lines[0]


@pytest.mark.parametrize("name", sorted(READABLE_FIXTURES))
def test_readable_documents_from_the_reader_fixtures_are_analysed(name):
    result = run_cli("analyse", str(READER_FIXTURES / name), "--json")
    assert result.returncode == 0, (name, result.stderr)
    assert json.loads(result.stdout)["items"], name


def test_analyse_json_contract_on_the_bundled_example():
    result = run_cli("analyse", str(EXAMPLE), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) >= {"meta", "items", "unassigned"}
    assert data["meta"]["parliament"] == "vlaams-parlement"
    for item in data["items"]:
        assert set(item) >= {"id", "question", "asks", "answer", "answer_label", "covers", "verdict", "evidence"}
        assert all(set(e) == {"source", "text"} for e in item["evidence"])


def test_analyse_summary_is_readable():
    result = run_cli("analyse", str(EXAMPLE))
    assert result.returncode == 0
    assert "|" in result.stdout and "bewijs:" in result.stdout


def test_analyse_says_which_answered_items_to_check(tmp_path):
    """The summary and the JSON name the items suggested as answered that may well be gaps,
    with the probability of a gap; the two agree item by item."""
    import os
    import re
    from dataclasses import replace

    from pqassist.analysis.verdict_model import packaged_model, write_model

    # the packaged weights, with a threshold that marks every item suggested as no gap
    model = write_model(replace(packaged_model(), check_above=0.0), tmp_path / "model.json")
    env = {**os.environ, "PQASSIST_MODEL": str(model)}
    text = subprocess.run([sys.executable, "-m", "pqassist.cli", "analyse", str(EXAMPLE)], capture_output=True,
                          text=True, timeout=60, env=env)
    data = subprocess.run([sys.executable, "-m", "pqassist.cli", "analyse", str(EXAMPLE), "--json"],
                          capture_output=True, text=True, timeout=60, env=env)
    assert text.returncode == 0 and data.returncode == 0, text.stderr + data.stderr
    items = json.loads(data.stdout)["items"]
    assert any(item["to_check"] for item in items) and not all(item["to_check"] for item in items)
    for item in items:
        assert item["to_check"] == (item["verdict"] in ("answered", "withheld")), item["id"]
        [line] = [line for line in text.stdout.splitlines() if line.startswith(f"[{item['id']}] ")]
        shown = re.search(r"\(te controleren: kans op een hiaat (\d+)%(, het meest waarschijnlijk [a-z /]+)?\)$", line)
        assert bool(shown) == item["to_check"], line
        if shown:
            assert int(shown.group(1)) == round(item["gap_probability"] * 100)


def test_every_help_speaks_dutch(capsys):
    """The command line speaks one language: argparse's own words included."""
    from pqassist.cli import build_parser, main

    sub = next(a for a in build_parser()._actions if a.dest == "command")
    for name in [None, *sub.choices]:
        with pytest.raises(SystemExit):
            main(["--help"] if name is None else [name, "--help"])
        out = capsys.readouterr().out
        assert out.startswith("gebruik: pqassist"), out[:80]
        for english in ("usage:", "show this help", "positional arguments", "options:", " the ", " and "):
            assert english not in out, f"pqassist {name or ''} --help: {english!r} in\n{out}"


# --- start-up caches: the lemma table and the compiled patterns -----------------------------

def _analyse_json(cache, *extra_env: tuple[str, str]) -> subprocess.CompletedProcess:
    import os

    env = {**os.environ, "PQASSIST_CACHE": str(cache), **dict(extra_env)}
    return subprocess.run([sys.executable, "-m", "pqassist", "analyse", str(EXAMPLE), "--json"],
                          capture_output=True, text=True, env=env, timeout=120)


def test_first_run_on_a_fresh_machine_builds_the_caches_and_gives_the_same_analysis(tmp_path):
    """No cache folder yet: the run builds the lemma table and the pattern file, prints the
    same JSON as the runs after it, and says nothing on stderr when no person watches it."""
    cache = tmp_path / "nog-niet"
    first = _analyse_json(cache)
    assert first.returncode == 0 and first.stderr == "", first.stderr
    assert len(list(cache.glob("nl-lemmas-*.bin"))) == 1 and len(list(cache.glob("regex-*.bin"))) == 1
    second = _analyse_json(cache)
    assert second.returncode == 0 and second.stderr == "", second.stderr
    assert json.loads(second.stdout) == json.loads(first.stdout)


def test_a_damaged_pattern_cache_is_ignored_and_replaced(tmp_path):
    good = _analyse_json(tmp_path)
    path = next(tmp_path.glob("regex-*.bin"))
    for damage in (b"", b"\x00garbage", path.read_bytes()[: path.stat().st_size // 2]):
        path.write_bytes(damage)
        again = _analyse_json(tmp_path)
        assert again.returncode == 0 and again.stderr == "", again.stderr
        assert again.stdout == good.stdout
        assert path.stat().st_size > 1000  # written whole again


def test_fifos_in_place_of_the_cache_files_are_not_waited_for(tmp_path):
    """A FIFO where a cache file should be never blocks the run (nothing writes to it): the
    caches are rebuilt or done without, and the analysis is the same."""
    import os

    if not hasattr(os, "mkfifo"):
        pytest.skip("FIFOs are POSIX")
    good = _analyse_json(tmp_path)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert any(n.startswith("nl-learned-") for n in names)  # all three caches were made
    for name in names:
        (tmp_path / name).unlink()
        os.mkfifo(tmp_path / name)
    again = _analyse_json(tmp_path)  # would wait for a writer (until the 120 s timeout) before
    assert again.returncode == 0 and again.stderr == "", again.stderr
    assert again.stdout == good.stdout


def test_cached_patterns_are_the_patterns_python_compiles(tmp_path):
    """Every pattern served from the cache file equals the one ``re`` compiles from source:
    flags, groups, group names, and what it finds in the example and in a federal text."""
    assert _analyse_json(tmp_path).returncode == 0
    code = (
        "import re, sys\n"
        "from pqassist.commands import regex_cache\n"
        "assert regex_cache.install()\n"
        "stored = regex_cache._state['stored']\n"
        "assert len(stored) > 50, len(stored)\n"
        "texts = [open(sys.argv[1], encoding='utf-8').read(), 'Vraag nr. 54 0123 van 12 maart 2019. hoe?2. Zou 8.256 m22. Dit']\n"
        "for (pattern, flags) in stored:\n"
        "    cached = re._compiler.compile(pattern, flags)\n"
        "    fresh = regex_cache._state['original'](pattern, flags)\n"
        "    assert (cached.pattern, cached.flags, cached.groups, cached.groupindex) == "
        "(fresh.pattern, fresh.flags, fresh.groups, fresh.groupindex), pattern\n"
        "    for text in texts:\n"
        "        if isinstance(pattern, bytes):\n"
        "            text = text.encode()\n"
        "        found = [(m.span(), m.groups()) for m in cached.finditer(text)]\n"
        "        assert found == [(m.span(), m.groups()) for m in fresh.finditer(text)], pattern\n"
        "print(len(stored))\n"
    )
    import os

    done = subprocess.run([sys.executable, "-c", code, str(EXAMPLE)], capture_output=True, text=True,
                          env={**os.environ, "PQASSIST_CACHE": str(tmp_path)}, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout) > 50


def test_a_command_imports_only_its_own_module():
    """``pqassist analyse`` does not import the other commands (nor what they import)."""
    code = (
        "import sys, io, contextlib\n"
        "from pqassist.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert main(['analyse', sys.argv[1]]) == 0\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(EXAMPLE)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = set(done.stdout.split())
    others = sorted(m for m in loaded if m.startswith("pqassist.commands.") and m not in
                    ("pqassist.commands.analyse", "pqassist.commands.regex_cache"))
    assert others == [], others
    assert not loaded & {"pandas", "pyarrow", "docx", "docxtpl", "pypdf", "multiprocessing", "socket", "importlib.metadata", "hashlib"}, \
        sorted(loaded & {"pandas", "pyarrow", "docx", "docxtpl", "pypdf", "multiprocessing", "socket", "importlib.metadata", "hashlib"})


def test_damaged_or_older_pattern_entries_are_compiled_from_source(tmp_path):
    """Entries of the pattern file are decoded only when used: one that does not decode, one
    that decodes to something else and one of the older layout (a tuple) each give the
    pattern compiled from source, and the file written at exit holds good entries for them."""
    code = (
        "import marshal, re, sys\n"
        "from pqassist.commands import regex_cache\n"
        "path = regex_cache.cache_file()\n"
        "path.parent.mkdir(parents=True, exist_ok=True)\n"
        "keys = [(r'(?P<jaar>\\d{4})-x', 0), (r'[a-z]+ (nr\\.)', 2), (r'^ab?c$', 8)]\n"
        "old = regex_cache._program(re._compiler, re._parser, keys[2][0], keys[2][1])\n"
        "path.write_bytes(marshal.dumps({keys[0]: b'\\x00garbage', keys[1]: marshal.dumps((1, 2)), keys[2]: old}))\n"
        "assert regex_cache.install()\n"
        "assert regex_cache._state['stored'] == {keys[0]: b'\\x00garbage', keys[1]: marshal.dumps((1, 2))}\n"
        "for (pattern, flags), text in zip(keys, ['ok 2019-x', 'zie NR. 4', 'ac']):\n"
        "    made = re._compiler.compile(pattern, flags)\n"
        "    fresh = regex_cache._state['original'](pattern, flags)\n"
        "    assert (made.flags, made.groupindex, made.findall(text)) == (fresh.flags, fresh.groupindex, fresh.findall(text))\n"
        "    assert made.findall(text), pattern\n"
        "regex_cache.save()\n"
        "written = marshal.loads(path.read_bytes())\n"
        "assert set(written) == set(keys), written\n"
        "for key, raw in written.items():\n"
        "    assert regex_cache._valid(key, marshal.loads(raw)), key\n"
    )
    import os

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "PQASSIST_CACHE": str(tmp_path)}, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]


def test_dataclass_methods_from_the_code_cache_are_the_ones_python_writes(tmp_path):
    """With the code cache, the model's and the analysis's dataclasses get the same methods as
    without it (same byte code, names, constants, signatures, repr, equality, hash, frozen
    fields), on the run that fills the cache and on the run that reads it; the second run
    compiles nothing again. A damaged cache file is ignored."""
    code = (
        "import dataclasses, inspect, json, sys\n"
        "from pqassist.commands import regex_cache\n"
        "if sys.argv[1] == 'cached':\n"
        "    assert regex_cache.install_dataclass_code()\n"
        "import pqassist.model as model, pqassist.analysis.pipeline, pqassist.analysis.suggest, pqassist.parse.load\n"
        "seen = {}\n"
        "classes = [c for m in list(sys.modules.values()) if (getattr(m, '__name__', '') or '').startswith('pqassist')\n"
        "           for c in vars(m).values() if isinstance(c, type) and dataclasses.is_dataclass(c) and c.__module__ == m.__name__]\n"
        "for cls in classes:\n"
        "    for name in ('__init__', '__repr__', '__eq__', '__hash__', '__setattr__', '__delattr__'):\n"
        "        fn = inspect.unwrap(vars(cls).get(name) or (lambda: 0))\n"
        "        c = getattr(fn, '__code__', None)\n"
        "        seen[f'{cls.__module__}.{cls.__qualname__}.{name}'] = c and [c.co_code.hex(), repr(c.co_consts), c.co_names, c.co_varnames,\n"
        "            c.co_freevars, c.co_filename, c.co_name, c.co_qualname, fn.__qualname__, str(inspect.signature(fn))]\n"
        "    seen[cls.__qualname__ + '.doc'] = cls.__doc__\n"
        "a, b = model.Ask('Hoeveel?', 0, 8), model.Ask('Hoeveel?', 0, 8)\n"
        "try:\n"
        "    a.text = 'x'\n"
        "    frozen = False\n"
        "except dataclasses.FrozenInstanceError:\n"
        "    frozen = True\n"
        "seen['behaviour'] = [repr(a), a == b, hash(a) == hash(b), frozen, repr(model.Meta())]\n"
        "state = regex_cache._code_state\n"
        "print(json.dumps({'seen': seen, 'classes': len(classes), 'new': bool(state.get('new')), 'used': len(state.get('used', ()))}))\n"
    )
    import os

    def run(mode):
        done = subprocess.run([sys.executable, "-c", code, mode], capture_output=True, text=True,
                              env={**os.environ, "PQASSIST_CACHE": str(tmp_path)}, timeout=120)
        assert done.returncode == 0, done.stderr[-2000:]
        return json.loads(done.stdout)

    plain = run("plain")
    first, second = run("cached"), run("cached")
    assert plain["classes"] >= 15 and plain["seen"]["behaviour"][1:4] == [True, True, True]
    assert first["seen"] == plain["seen"] and second["seen"] == plain["seen"]
    assert first["new"] and not second["new"] and second["used"] == first["used"] > 100
    (cache_file,) = tmp_path.glob("code-*.bin")
    cache_file.write_bytes(b"\x00 niet wat het lijkt")
    assert run("cached")["seen"] == plain["seen"]


def test_a_code_cache_file_others_may_write_is_not_run(tmp_path):
    """The code cache holds code that runs: a file that group or others may write is ignored
    (the methods are compiled from source), as is one that does not decode."""
    import os

    if not hasattr(os, "getuid"):
        pytest.skip("file owners are POSIX")
    code = (
        "import marshal, sys\n"
        "from pqassist.commands import regex_cache\n"
        "assert regex_cache.install_dataclass_code()\n"
        "import pqassist.model\n"
        "print(len(regex_cache._code_state['stored']), len(regex_cache._code_state['used']))\n"
    )

    def run():
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              env={**os.environ, "PQASSIST_CACHE": str(tmp_path)}, timeout=120)
        assert done.returncode == 0, done.stderr[-2000:]
        return [int(n) for n in done.stdout.split()]

    assert run()[0] == 0  # no file yet
    (cache_file,) = tmp_path.glob("code-*.bin")
    stored, used = run()
    assert stored == used > 30  # the user's own file: every method served from it
    cache_file.chmod(0o666)
    assert run()[0] == 0
    cache_file.chmod(0o644)
    assert run()[0] == used
