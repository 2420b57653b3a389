"""Write files so that a crash never leaves half a file: a temporary file in the same
folder, flushed and synced, then moved into place in one step."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path


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


def write_file(path: str | Path, data: bytes, *, overwrite: bool, prefix: str = ".pqassist-") -> Path:
    """Write ``data`` to ``path`` atomically and return the path written.

    ``overwrite=True`` replaces what is there; ``overwrite=False`` never overwrites and
    writes to the next free "name (n).ext" instead. Raises ``OSError`` on failure, leaving
    no temporary file behind.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=".tmp")
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


def _place_new(tmp: str, target: Path) -> Path:
    """Move the finished temporary file to ``target`` or the next free name, never replacing."""
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
