"""Keep the compiled form of the package's regular expressions between runs (not a command).

Python compiles every regular expression again in each new process; the parser, the
aligner and the phrase lists use about 250 of them, which is about a fifth of a
``pqassist analyse`` run. This module remembers, per pattern and flags, what Python's own
compiler produced (the ``_sre`` program, its flags and its group names) in one file in the
user's cache folder (``regex-<python>.bin``, beside the lemma table), and hands those to
``_sre.compile`` on the next start: the same pattern objects, without parsing again. It
is what ``__pycache__`` does for byte code.

It uses CPython's private ``re._compiler`` and ``_sre``: ``install()`` checks both with a
test pattern first and does nothing on another interpreter or when they changed. The file
is keyed by the exact Python build and the regular-expression engine's version; a
damaged or foreign file is ignored and replaced. Each program is checked by ``_sre``
itself when compiled (it validates the code), so a bad entry fails to compile and the
pattern is compiled from source instead.

Each entry is kept in the file as its own marshalled bytes and decoded only when its pattern
is compiled: the file holds the patterns of every command (over a thousand), a run uses a
few hundred, and opening the file then costs a couple of milliseconds instead of about 20.

``install_dataclass_code()`` does the same for the methods ``dataclasses`` writes for each
class (``__init__``, ``__repr__``, ``__eq__``, ``__hash__``, ``__setattr__``): it compiles
their source text with ``exec`` every start, about 150 times (about 25 ms) for the model and
the analysis. The code compiled from each text is kept in ``code-<python>.bin``, as
``__pycache__`` keeps byte code (the same trust: the user's own cache folder), and ``exec``
runs that code instead of compiling the same text again: the same functions. A code file
that another user owns or that others may write is not read.
"""

from __future__ import annotations

import marshal
import sys
import threading
from array import array

MAX_ENTRIES = 2_000  # above this the file keeps only the patterns of the last run
LAYOUT = 2  # the file's layout (part of its name: versions of pqassist with another layout keep their own file)
_LOCK = threading.Lock()
_state: dict = {}
_code_state: dict = {}


def cache_file():
    """Return the cache file of this Python build and regular-expression engine."""
    import zlib

    import _sre

    from pqassist.analysis.lemma_table import cache_folder

    build = zlib.crc32(f"{sys.version}|{_sre.MAGIC}|{_sre.CODESIZE}|{LAYOUT}".encode())
    return cache_folder() / f"regex-{sys.implementation.cache_tag}-{build:08x}.bin"


def install() -> bool:
    """Serve compiled patterns from the cache file from now on and save new ones at exit;
    return False (and change nothing) when this Python does not allow it."""
    if _state or sys.implementation.name != "cpython":
        return bool(_state)
    try:
        import atexit
        import _sre
        from re import _compiler, _parser

        original = _compiler.compile
        probe = r"(?P<w>[a-z]+)\s+(\d{2,})|x(?i:Y)"
        program = _program(_compiler, _parser, probe, 0)
        made = _sre.compile(probe, program[0], array("I", program[1]).tolist(), *program[2:])
        expected = original(probe, 0)
        for text in ("abc 123", "xy", "ABC 1", ""):
            a, b = made.match(text), expected.match(text)
            if (a and a.groups()) != (b and b.groups()):
                return False
        if made.flags != expected.flags or made.groupindex != expected.groupindex:
            return False
        path = cache_file()
    except Exception:
        return False
    stored = _read(path)
    _state.update(path=path, stored=stored, used={}, original=original)

    def compile_cached(p, flags=0):
        if not isinstance(p, (str, bytes)) or flags & _compiler.SRE_FLAG_DEBUG:
            return original(p, flags)
        key = (p, int(flags))
        raw = stored.get(key)
        if raw is not None:
            try:
                entry = marshal.loads(raw)
                if not _valid(key, entry):
                    raise ValueError("not a compiled pattern")
                pattern = _sre.compile(p, entry[0], array("I", entry[1]).tolist(), *entry[2:])
                _state["used"][key] = raw
                return pattern
            except Exception:  # a damaged entry: compile from source below
                stored.pop(key, None)
        pattern = original(p, flags)
        try:
            raw = marshal.dumps(_program(_compiler, _parser, p, int(flags)))
        except Exception:
            return pattern
        with _LOCK:
            _state["used"][key] = raw
            _state["new"] = True
        return pattern

    _compiler.compile = compile_cached
    atexit.register(save)
    return True


def _program(_compiler, _parser, p, flags: int) -> tuple:
    """Return (flags, code as uint32 bytes, groups, groupindex, indexgroup) as
    ``re._compiler.compile`` computes them."""
    parsed = _parser.parse(p, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return (int(flags | parsed.state.flags), array("I", [int(c) for c in code]).tobytes(),
            parsed.state.groups - 1, groupindex, tuple(indexgroup))


def _read(path, private: bool = False) -> dict:
    """Return the file's entries, (pattern, flags) -> marshalled entry, still encoded (each is
    decoded and checked when its pattern is compiled); {} for a missing or damaged file, and
    when ``private`` (code that will run) for a file another user owns or could have written."""
    import os

    from pqassist.atomic import open_regular

    try:
        with open_regular(path) as handle:
            if private and hasattr(os, "getuid"):
                info = os.fstat(handle.fileno())
                if info.st_uid != os.getuid() or info.st_mode & 0o022:
                    return {}
            data = marshal.loads(handle.read())  # load(handle) reads each object on its own: 5x slower
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    if not isinstance(data, dict):
        return {}
    # entries of an older layout (decoded tuples) are dropped: compiled and stored again
    return {key: raw for key, raw in data.items() if type(raw) is bytes}


def _valid(key, entry) -> bool:
    return (isinstance(key, tuple) and len(key) == 2 and isinstance(key[0], (str, bytes)) and isinstance(key[1], int)
            and isinstance(entry, tuple) and len(entry) == 5 and isinstance(entry[0], int)
            and isinstance(entry[1], bytes) and len(entry[1]) % 4 == 0 and isinstance(entry[2], int)
            and isinstance(entry[3], dict) and isinstance(entry[4], tuple))


def install_dataclass_code() -> bool:
    """Serve the code ``dataclasses`` compiles for generated methods from the cache file from
    now on and save new code at exit; return False (and change nothing) when this Python's
    ``dataclasses`` does not compile them with ``exec``."""
    if _code_state or sys.implementation.name != "cpython":
        return bool(_code_state)
    try:
        import atexit
        import dataclasses
        import zlib
        from types import CodeType

        from pqassist.analysis.lemma_table import cache_folder

        create = getattr(dataclasses, "_create_fn", None)
        if "exec" in vars(dataclasses) or create is None or "exec" not in create.__code__.co_names:
            return False
        build = zlib.crc32(f"{sys.version}|{LAYOUT}".encode())
        path = cache_folder() / f"code-{sys.implementation.cache_tag}-{build:08x}.bin"
    except Exception:
        return False
    stored = _read(path, private=True)  # code is run, as __pycache__'s: only the user's own file
    _code_state.update(path=path, stored=stored, used={})

    def exec_cached(source, globals=None, locals=None, /):
        if type(source) is not str or globals is None:  # None: the caller's globals, left to exec
            return exec(source, globals, locals)
        code = None
        raw = stored.get(source)
        if raw is not None:
            try:
                code = marshal.loads(raw)
            except Exception:  # a damaged entry: compiled from source below
                code = None
            if type(code) is CodeType:
                _code_state["used"][source] = raw
            else:
                code = None
                stored.pop(source, None)
        if code is None:
            # what exec does with the text in dataclasses (which imports no __future__ features;
            # this module's would change the annotations: not inherited)
            code = compile(source, "<string>", "exec", dont_inherit=True)
            with _LOCK:
                _code_state["used"][source] = marshal.dumps(code)
                _code_state["new"] = True
        return exec(code, globals, locals)

    dataclasses.exec = exec_cached  # found before the builtin by dataclasses' own functions
    atexit.register(save, _code_state)
    return True


def save(state: dict | None = None) -> None:
    """Write the cache file (of the patterns, or of ``state``) when this run compiled what it
    did not hold (atomically)."""
    state = _state if state is None else state
    if not state.get("new"):
        return
    with _LOCK:
        used = dict(state["used"])
        merged = {**state["stored"], **used}
        state["new"] = False
    data = merged if len(merged) <= MAX_ENTRIES else used
    if len(data) > MAX_ENTRIES:
        return
    path = state["path"]
    try:
        from pqassist.atomic import write_file

        write_file(path, marshal.dumps(data), overwrite=True)
    except (OSError, ValueError):
        pass  # a read-only or full cache folder: compile from source next time too
