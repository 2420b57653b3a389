"""Write files so that a crash never leaves half a file: a temporary file in the same
folder, flushed and synced, then moved into place in one step.

Files are created with the permissions of the process umask (``-rw-r--r--`` under the
usual 022), as ``open()`` would, so colleagues on a shared drive can read exports,
drafts and reviews. Temporary files are named ``.pqassist-PID-RANDOM.tmp``; one left
behind by a killed process (older than ``STALE_SECONDS`` and whose process is gone) is
removed the next time pqassist writes into that folder (``remove_stale``).

Files pqassist itself keeps (caches) are read back with ``open_regular``, which never waits
on a FIFO or device put in their place.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
import threading
import time
from pathlib import Path

TEMP_PREFIX = ".pqassist-"
TEMP_SUFFIX = ".tmp"
STALE_SECONDS = 15 * 60  # a temporary file untouched this long is a leftover
_TEMP_NAME = re.compile(r"^\.pqassist-(\d+)-[A-Za-z0-9_]+\.tmp$")
_umask_lock = threading.Lock()
_umask_cache: int | None = None
_cleaned: set[str] = set()  # folders already cleaned by this process


def free_path(path: str | Path, limit: int = 10_000) -> Path:
    """Return ``path`` when nothing exists there, else the first free "name (n).ext"."""
    path = Path(path)
    if not path.exists():
        return path
    stem = re.sub(r" \([2-9]\d{0,2}\)$", "", path.stem)  # "vraag (2)" -> "vraag"; not "(2024)"
    for n in range(2, limit):
        candidate = path.with_name(f"{stem} ({n}){path.suffix}")
        if not candidate.exists():
            return candidate
    raise FileExistsError(f"te veel bestanden met de naam {path.name} in {path.parent}")


def write_file(path: str | Path, data: bytes, *, overwrite: bool, prefix: str = TEMP_PREFIX) -> Path:
    """Write ``data`` to ``path`` atomically and return the path written.

    ``overwrite=True`` replaces what is there; ``overwrite=False`` never overwrites and
    writes to the next free "name (n).ext" instead. Raises ``OSError`` on failure, leaving
    no temporary file behind. (``prefix`` is accepted for older callers; temporary files
    are always named ``.pqassist-PID-RANDOM.tmp``.)
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = temp_file(path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            os.replace(tmp, path)
            return path
        return _place_new(tmp, free_path(path))
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def open_regular(path: str | Path, mode: str = "rb", **options):
    """Open the regular file at ``path`` for reading; a FIFO, device or socket in its place
    raises ``OSError`` at once instead of waiting for a writer (``options`` go to ``open``)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, NOT_REGULAR, str(path))
        return os.fdopen(fd, mode, **options)
    except BaseException:
        os.close(fd)
        raise


NOT_REGULAR = "geen gewoon bestand (maar een map, pipe, apparaat of socket)"


def read_regular(path: str | Path) -> bytes:
    """Return the bytes of the regular file at ``path`` (``open_regular``: never waits on a FIFO)."""
    with open_regular(path) as handle:
        return handle.read()


def temp_file(folder: str | Path) -> tuple[int, str]:
    """Return ``(fd, path)`` of a new temporary file in ``folder`` with the umask's permissions.

    Stale temporary files of earlier runs in ``folder`` are removed first (once per folder
    and process).
    """
    folder = Path(folder)
    remove_stale(folder)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f"{TEMP_PREFIX}{os.getpid()}-", suffix=TEMP_SUFFIX)
    if hasattr(os, "fchmod"):  # POSIX: mkstemp makes 0600; give what open() would give
        try:
            os.fchmod(fd, 0o666 & ~process_umask())
        except OSError:
            pass  # file systems that refuse chmod keep mkstemp's mode
    return fd, tmp


def _place_new(tmp: str | Path, target: str | Path) -> Path:
    """Move the finished temporary file to ``target`` or the next free name, never replacing."""
    target = Path(target)
    while True:
        try:
            os.link(tmp, target)  # fails when target exists: no race with another writer
        except FileExistsError:
            target = free_path(target)
            continue
        except OSError:  # file systems without hard links
            if target.exists():
                target = free_path(target)
                continue
            os.replace(tmp, target)
            return target
        os.unlink(tmp)
        return target


place_new = _place_new


def process_umask() -> int:
    """Return the process umask (read once; /proc where available, so no moment without it)."""
    global _umask_cache
    with _umask_lock:
        if _umask_cache is None:
            _umask_cache = _read_umask()
        return _umask_cache


def _read_umask() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def remove_stale(folder: str | Path, *, now: float | None = None, force: bool = False) -> list[Path]:
    """Remove pqassist's temporary files in ``folder`` left by killed processes; return them.

    A file counts as left behind when it is older than ``STALE_SECONDS`` and the process
    whose id is in its name no longer runs (on this machine). Runs once per folder and
    process unless ``force``; never raises.
    """
    folder = Path(folder)
    key = str(folder.resolve()) if folder.exists() else str(folder)
    if key in _cleaned and not force:
        return []
    _cleaned.add(key)
    now = time.time() if now is None else now
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        match = _TEMP_NAME.match(entry.name)
        if not match:
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if not entry.is_file(follow_symlinks=False) or now - info.st_mtime < STALE_SECONDS:
                continue
            if _alive(int(match.group(1))):
                continue
            os.unlink(entry.path)
            removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def _alive(pid: int) -> bool:
    """Return True when a process with ``pid`` runs on this machine (or we cannot tell)."""
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return False  # no cheap check; the age alone decides
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True
