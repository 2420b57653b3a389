"""The review store: one file per dossier, saved by merging, never losing another
window's marks; documents kept beside their reviews; notes saved on pause.

``ReviewStore.save``/``commit`` take a file lock (``filelock``: Linux, macOS, Windows),
read the file, apply only the fields this window changed since it last loaded, saved or
refreshed the review, and write atomically; each entry keeps its own ``updated_at`` and
the later change of one field wins. ``Saved.changed_elsewhere`` tells the app what
another window changed ("in een ander venster gewijzigd"). The same names can be
imported from ``pqassist.drafting.review``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterator

from pqassist import atomic, jsonio
from pqassist.drafting.review import (
    _FIELDS,
    _is_empty,
    _read_file,
    _write,
    load_review,
    review_to_json,
    with_mark,
)
from pqassist.errors import ReviewProblem
from pqassist.model import Review

# --- the store: merging saves ----------------------------------------------------------

LOCK_SECONDS = 30.0  # how long a save waits for other windows' saves to finish
LOCK_POLL = 0.005  # seconds between tries for the lock (filelock polls)


@dataclass(frozen=True)
class Saved:
    """The outcome of a merging save or refresh.

    ``review`` is what the file holds now (this window's changes merged with everybody
    else's); ``changed_elsewhere`` names the item ids (and "title"/"opening") another
    window changed since this one last loaded, saved or refreshed, whose values this
    window did not have: show them again and say "in een ander venster gewijzigd".
    """

    path: Path
    review: Review
    changed_elsewhere: tuple[str, ...] = ()


class ReviewStore:
    """A folder of review files, one per dossier, named by the dossier's content key.

    Saves never lose another window's work: ``save``/``commit`` take the file lock, read
    the file, apply only what this store's caller changed since it last loaded (or saved
    or refreshed) that review, field by field, and write the result atomically. When
    two windows changed the same field of the same item, the later change wins (each
    entry keeps its own ``updated_at``). One store per window (kernel, tab).
    """

    def __init__(self, folder: str | Path, *, lock_seconds: float = LOCK_SECONDS):
        self.folder = Path(folder)
        self.lock_seconds = lock_seconds
        self._base: dict[str, Review] = {}  # what this window last saw of each review
        self.last: Saved | None = None  # the outcome of the latest save

    def path_for(self, dossier_key: str) -> Path:
        """Return the file that holds the review of ``dossier_key``."""
        return self.folder / f"{_safe(dossier_key)}.review.json"

    def document_path(self, dossier_key: str) -> Path:
        """Return the file ``keep_document`` writes for ``dossier_key``."""
        return self.folder / f"{_safe(dossier_key)}.document.json"

    def load(self, dossier_key: str) -> Review:
        """Return the saved review of ``dossier_key``, or an empty Review when there is none."""
        review, _ = self._read(dossier_key)
        self._base[dossier_key] = review
        return review

    def save(self, review: Review) -> Path:
        """Merge ``review`` into its file (see the class); return the path.

        The merged review and the items changed elsewhere are in ``self.last``.
        """
        return self.commit(review).path

    def commit(self, review: Review, *, now: datetime | None = None) -> Saved:
        """Merge this window's changes in ``review`` into its file; return the outcome."""
        key = review.dossier_key
        path = self.path_for(key)
        with self._locked(path):
            # Stamped under the lock: a save that waited for another window's save is the later
            # one, so the other's stamp on the same item cannot make it skip this window's change.
            stamp = (now or datetime.now(timezone.utc)).isoformat(timespec="microseconds")
            disk, stamps = self._read(key)
            base = self._base.get(key, Review(key))
            merged, stamps = _apply(disk, stamps, _changes(base, review), stamp)
            if merged != disk or not path.exists():
                data = review_to_json(merged, now=now)
                _put_stamps(data, stamps)
                _write(path, data)
        self._base[key] = merged
        self.last = Saved(path, merged, _elsewhere(base, disk, review))
        return self.last

    def refresh(self, review: Review) -> Saved:
        """Return the file's review with this window's unsaved changes in ``review`` kept,
        and what another window changed; nothing is written."""
        key = review.dossier_key
        disk, stamps = self._read(key)
        base = self._base.get(key, Review(key))
        merged, _ = _apply(disk, stamps, _changes(base, review), "9999")
        self._base[key] = disk
        return Saved(self.path_for(key), merged, _elsewhere(base, disk, review))

    def keep_document(self, dossier) -> Path:
        """Write the dossier's text beside its review (``KEY.document.json``), once; return
        the path. ``iter_reviewed`` pairs them, so reviews can teach the suggestions."""
        path = self.document_path(dossier.key)
        if path.exists():
            return path
        data = {
            "schema_version": 1,
            "dossier_key": dossier.key,
            "text": dossier.text,
            "answer_start": dossier.answer_start,
            "format": dossier.format,
            "source": dossier.meta.source,
        }
        return _write(path, data)

    def _read(self, dossier_key: str) -> tuple[Review, dict[str, str]]:
        path = self.path_for(dossier_key)
        if not path.exists():
            return Review(dossier_key=dossier_key), {}
        review, stamps = _read_file(path)
        if review.dossier_key != dossier_key:
            raise ReviewProblem(f"beoordelingsbestand {path} hoort bij een ander document")
        return review, stamps

    def _locked(self, path: Path):
        from filelock import FileLock, Timeout

        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ReviewProblem(
                f"beoordeling kan niet worden bewaard in {self.folder}: {exc.strerror or exc}; "
                "kies een andere map"
            ) from None
        lock = FileLock(str(path.with_name(f".{path.name}.lock")), timeout=self.lock_seconds)
        try:
            lock.acquire(poll_interval=LOCK_POLL)
        except Timeout:
            raise ReviewProblem(
                f"beoordeling {path.name} wordt al {self.lock_seconds:.0f} s bewaard door een ander "
                "venster; probeer het opnieuw"
            ) from None
        except OSError as exc:
            raise ReviewProblem(
                f"beoordeling kan niet worden vergrendeld in {self.folder}: {exc.strerror or exc}; "
                "kies een map waarin u mag schrijven"
            ) from None
        return _Release(lock)


class _Release:
    """Release a lock acquired beforehand when the ``with`` block ends."""

    def __init__(self, lock):
        self.lock = lock

    def __enter__(self):
        return self.lock

    def __exit__(self, *exc_info):
        self.lock.release()


def _safe(dossier_key: str) -> str:
    return "".join(c for c in dossier_key if c.isalnum() or c in "-_") or "onbekend"


def _entries(review: Review) -> dict[str, tuple]:
    """Return each non-empty entry of ``review``: item ids with (verdict, include, note),
    and "title"/"opening" with (text,)."""
    entries: dict[str, tuple] = {m.item_id: (m.verdict, m.include, m.note) for m in review.marks if not _is_empty(m)}
    for name in _FIELDS:
        if getattr(review, name) is not None:
            entries[name] = (getattr(review, name),)
    return entries


def _changes(base: Review, review: Review) -> dict[str, dict[int, Any]]:
    """Return, per entry, the fields (by position) that ``review`` changed from ``base``."""
    old, new = _entries(base), _entries(review)
    changes: dict[str, dict[int, Any]] = {}
    for key in dict.fromkeys([*old, *new]):
        size = 1 if key in _FIELDS else 3
        before = old.get(key, (None, None, "")[:size] if size == 3 else (None,))
        after = new.get(key, (None, None, "")[:size] if size == 3 else (None,))
        fields = {i: after[i] for i in range(size) if before[i] != after[i]}
        if fields:
            changes[key] = fields
    return changes


def _apply(disk: Review, stamps: dict[str, str], changes: dict, stamp: str) -> tuple[Review, dict[str, str]]:
    """Return ``disk`` with ``changes`` made at ``stamp`` (an entry changed later on disk
    keeps its value), and the entries' new stamps."""
    stamps = dict(stamps)
    review = disk
    for key, fields in changes.items():
        if stamps.get(key, "") > stamp:
            continue  # another window changed it later (clocks of shared drives differ)
        if key in _FIELDS:
            review = replace(review, **{key: fields[0]})
        else:
            old = review.mark(key)
            values = [old.verdict, old.include, old.note]
            for index, value in fields.items():
                values[index] = value
            review = with_mark(review, key, verdict=values[0], include=values[1], note=values[2])
        stamps[key] = stamp
    live = set(_entries(review))
    return review, {k: v for k, v in stamps.items() if k in live}


def _elsewhere(base: Review, disk: Review, review: Review) -> tuple[str, ...]:
    """Return the entries the file changed since ``base`` that ``review`` does not show."""
    old, now, mine = _entries(base), _entries(disk), _entries(review)
    return tuple(k for k in dict.fromkeys([*old, *now]) if old.get(k) != now.get(k) and mine.get(k) != now.get(k))


def _put_stamps(data: dict, stamps: dict[str, str]) -> None:
    for item_id, value in data["marks"].items():
        if item_id in stamps:
            value["updated_at"] = stamps[item_id]
    changed = {f: stamps[f] for f in _FIELDS if f in stamps}
    if changed:
        data["changed_at"] = changed


def iter_reviewed(folder: str | Path, skipped: list[tuple[str, str]] | None = None) -> Iterator[tuple[dict, Review]]:
    """Yield ``(document, review)`` for each review in ``folder`` whose document was kept
    (``ReviewStore.keep_document``), in file-name order. A review that cannot be used is
    left out; ``skipped`` (when given) gets its file name and why, in Dutch."""
    folder = Path(folder)
    if not folder.is_dir():
        return

    def skip(path: Path, why: str) -> None:
        if skipped is not None:
            skipped.append((path.name, why))

    for path in sorted(folder.glob("*.review.json")):
        document_path = path.with_name(path.name[: -len(".review.json")] + ".document.json")
        if not document_path.is_file():
            skip(path, "het document van deze beoordeling is niet bewaard")
            continue
        try:
            review = load_review(path)
            document = jsonio.loads(atomic.read_regular(document_path), source=str(document_path), error=ReviewProblem)
        except ReviewProblem as exc:
            skip(path, str(exc).rstrip("."))
            continue
        except OSError as exc:
            skip(path, f"niet te lezen ({exc.strerror or exc})")
            continue
        if not isinstance(document, dict) or document.get("dossier_key") != review.dossier_key:
            skip(path, "het bewaarde document hoort bij een ander dossier")
            continue
        if not isinstance(document.get("text"), str):
            skip(path, "het bewaarde document heeft geen tekst")
            continue
        yield document, review


# --- saving on pause -------------------------------------------------------------------


class Debouncer:
    """Call ``fn`` once typing pauses: each call (re)starts a ``delay``-second timer and
    only the latest arguments are used. ``flush()`` runs a pending call at once (before
    closing or switching items); ``cancel()`` drops it. Errors raised by ``fn`` from the
    timer go to ``on_error`` (default: kept in ``self.error``).
    """

    def __init__(self, delay: float, fn: Callable[..., Any], *, on_error: Callable[[BaseException], Any] | None = None):
        self.delay = delay
        self.fn = fn
        self.on_error = on_error
        self.error: BaseException | None = None
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._call: tuple[tuple, dict] | None = None

    def __call__(self, *args: Any, **kwargs: Any) -> None:
        """Schedule ``fn(*args, **kwargs)`` after the pause, replacing a pending call."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._call = (args, kwargs)
            self._timer = threading.Timer(self.delay, self._fire)
            self._timer.daemon = True
            self._timer.start()

    @property
    def pending(self) -> bool:
        """Return True while a call waits for the pause."""
        return self._call is not None

    def flush(self) -> None:
        """Run the pending call now (in this thread); do nothing when none is pending."""
        self._run(raise_errors=True)

    def cancel(self) -> None:
        """Drop the pending call."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._timer, self._call = None, None

    def _fire(self) -> None:
        self._run(raise_errors=False)

    def _run(self, *, raise_errors: bool) -> None:
        with self._lock:
            call, self._call = self._call, None
            if self._timer is not None:
                self._timer.cancel()
            self._timer = None
        if call is None:
            return
        try:
            self.fn(*call[0], **call[1])
        except Exception as exc:
            if raise_errors:
                raise
            self.error = exc
            if self.on_error is not None:
                self.on_error(exc)
