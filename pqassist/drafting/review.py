"""The staffer's decisions on one dossier: marks, notes and overrides, and their file.

A review file (``marks.json``) is JSON::

    {"schema_version": 1, "dossier_key": "3f1c0a9e5b7d2c41",
     "title": null, "opening": null,
     "marks": {"3d": {"verdict": "partial", "include": true, "note": "..."}},
     "updated_at": "2024-03-01T10:15:00+00:00"}

Files are written atomically (temporary file in the same folder, fsync, ``os.replace``),
so a crash never leaves half a file. ``ReviewStore`` saves merge: under a file lock the
file is read again and only the entries this window changed are written, each with its
own ``updated_at``, so two tabs or kernels on one review never lose each other's marks.
Reading a broken file or one of a newer schema raises ``ReviewProblem`` with one Dutch
line. ``Debouncer`` saves notes when typing pauses. Everything else here is pure.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from pqassist import atomic, jsonio
from pqassist.errors import ReviewProblem
from pqassist.model import Analysis, Mark, Review, Verdict

SCHEMA_VERSION = 1

# Migration hook: MIGRATIONS[n] turns a version-n dict into a version-(n + 1) dict.
# When the format changes, bump SCHEMA_VERSION and add the step from the old version.
MIGRATIONS: dict[int, Callable[[dict], dict]] = {}

_UNSET: Any = object()


# --- JSON ------------------------------------------------------------------------------


def review_to_json(review: Review, *, now: datetime | None = None) -> dict:
    """Return the review as a JSON-ready dict in today's schema (empty marks left out)."""
    marks = {}
    for mark in review.marks:
        if _is_empty(mark):
            continue
        marks[mark.item_id] = {
            "verdict": mark.verdict.value if mark.verdict else None,
            "include": mark.include,
            "note": mark.note,
        }
    stamp = now or datetime.now(timezone.utc)
    return {
        "schema_version": SCHEMA_VERSION,
        "dossier_key": review.dossier_key,
        "title": review.title,
        "opening": review.opening,
        "marks": marks,
        "updated_at": stamp.isoformat(timespec="seconds"),
    }


def review_from_json(data: Any, *, source: str = "beoordelingsbestand") -> Review:
    """Return the Review held by ``data`` (migrated to today's schema); raise ReviewProblem."""
    if not isinstance(data, dict):
        raise ReviewProblem(f"{source} bevat geen JSON-object; kies het juiste bestand")
    data = migrate(data, source=source)
    key = data.get("dossier_key")
    if not isinstance(key, str) or not key:
        raise ReviewProblem(f"{source} mist 'dossier_key'; het bestand is beschadigd")
    raw_marks = data.get("marks")
    raw_marks = {} if raw_marks is None else raw_marks
    if not isinstance(raw_marks, dict):
        raise ReviewProblem(f"{source}: 'marks' moet een object zijn (deelvraag -> beslissing)")
    marks = tuple(_mark_from_json(str(item_id), value, source) for item_id, value in raw_marks.items())
    return Review(
        dossier_key=key,
        marks=tuple(m for m in marks if not _is_empty(m)),
        title=_optional_text(data.get("title"), "title", source),
        opening=_optional_text(data.get("opening"), "opening", source),
        schema_version=SCHEMA_VERSION,
    )


def migrate(data: dict, *, source: str = "beoordelingsbestand") -> dict:
    """Return ``data`` brought to SCHEMA_VERSION through MIGRATIONS; raise ReviewProblem
    for a newer, unknown or unmigratable version."""
    version = data.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ReviewProblem(f"{source} heeft geen geldige 'schema_version'; het bestand is beschadigd")
    if version > SCHEMA_VERSION:
        raise ReviewProblem(
            f"{source} is gemaakt met een nieuwere versie van pqassist (schema {version}, "
            f"deze versie kent {SCHEMA_VERSION}); werk pqassist bij"
        )
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise ReviewProblem(f"{source}: schema {version} kan niet worden omgezet naar {SCHEMA_VERSION}")
        data = step(dict(data))
        version += 1
        data["schema_version"] = version
    return data


def _mark_from_json(item_id: str, value: Any, source: str) -> Mark:
    if not isinstance(value, dict):
        raise ReviewProblem(f"{source}: de beslissing voor deelvraag {item_id} is geen object")
    try:
        verdict = Verdict.parse(value.get("verdict"))
    except ValueError:
        raise ReviewProblem(
            f"{source}: onbekend oordeel {value.get('verdict')!r} voor deelvraag {item_id}"
        ) from None
    include = value.get("include")
    if include is not None and not isinstance(include, bool):
        raise ReviewProblem(f"{source}: 'include' voor deelvraag {item_id} moet true, false of null zijn")
    note = value.get("note") or ""
    if not isinstance(note, str):
        raise ReviewProblem(f"{source}: de notitie bij deelvraag {item_id} moet tekst zijn")
    return Mark(item_id=item_id, verdict=verdict, include=include, note=note)


def _optional_text(value: Any, name: str, source: str) -> str | None:
    if value is None or isinstance(value, str):
        return value or None
    raise ReviewProblem(f"{source}: '{name}' moet tekst of null zijn")


# --- files -----------------------------------------------------------------------------


def load_review(path: str | Path) -> Review:
    """Return the review stored in ``path``; raise ReviewProblem when it cannot be used."""
    return _read_file(Path(path))[0]


def _read_file(path: Path) -> tuple[Review, dict[str, str]]:
    """Return the review in ``path`` and the change time of each of its entries."""
    try:
        raw = atomic.read_regular(path)
    except FileNotFoundError:
        raise ReviewProblem(f"beoordelingsbestand {path} bestaat niet; controleer het pad") from None
    except OSError as exc:
        raise ReviewProblem(f"beoordelingsbestand {path} is niet leesbaar: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ReviewProblem(f"beoordelingsbestand {path} is geen tekstbestand (UTF-8)") from None
    source = f"beoordelingsbestand {path}"
    data = jsonio.loads(text, source=source, error=ReviewProblem, hint="herstel of verwijder het bestand")
    review = review_from_json(data, source=source)
    return review, _stamps_from_json(data)


_FIELDS = ("title", "opening")  # review-wide entries, stamped and merged like marks


def _stamps_from_json(data: dict) -> dict[str, str]:
    stamps: dict[str, str] = {}
    for item_id, value in (data.get("marks") or {}).items():
        if isinstance(value, dict) and isinstance(value.get("updated_at"), str):
            stamps[str(item_id)] = value["updated_at"]
    changed = data.get("changed_at")
    if isinstance(changed, dict):
        stamps.update({f: changed[f] for f in _FIELDS if isinstance(changed.get(f), str)})
    return stamps


def save_review(review: Review, path: str | Path, *, now: datetime | None = None) -> Path:
    """Write ``review`` to ``path`` atomically (never a half-written file); return the path.

    This replaces the file whole; ``ReviewStore.save`` merges with what another window
    saved in the meantime and is what an editor should use.
    """
    return _write(Path(path), review_to_json(review, now=now))


def _write(path: Path, data: dict) -> Path:
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic.write_file(path, text.encode("utf-8"), overwrite=True)
    except OSError as exc:
        raise ReviewProblem(
            f"beoordeling kan niet worden bewaard in {path}: {exc.strerror or exc}; kies een andere map"
        ) from None
    return path


# --- pure changes ----------------------------------------------------------------------


def with_mark(
    review: Review,
    item_id: str,
    *,
    verdict: Verdict | str | None = _UNSET,
    include: bool | None = _UNSET,
    note: str = _UNSET,
) -> Review:
    """Return a copy of ``review`` with the given fields of item ``item_id`` changed.

    Fields left out keep their value; ``None`` resets a verdict or include to "follow
    the suggestion". A mark that ends up empty is dropped.
    """
    old = review.mark(item_id)
    new = Mark(
        item_id=item_id,
        verdict=old.verdict if verdict is _UNSET else Verdict.parse(verdict),
        include=old.include if include is _UNSET else include,
        note=old.note if note is _UNSET else (note or ""),
    )
    marks = []
    placed = False
    for mark in review.marks:
        if mark.item_id == item_id:
            placed = True
            if not _is_empty(new):
                marks.append(new)
        else:
            marks.append(mark)
    if not placed and not _is_empty(new):
        marks.append(new)
    return replace(review, marks=tuple(marks))


def without_mark(review: Review, item_id: str) -> Review:
    """Return a copy of ``review`` with no decision on item ``item_id``."""
    return replace(review, marks=tuple(m for m in review.marks if m.item_id != item_id))


def with_title(review: Review, title: str | None) -> Review:
    """Return a copy of ``review`` whose follow-up title is ``title`` (None: the default)."""
    return replace(review, title=(title or "").strip() or None)


def with_opening(review: Review, opening: str | None) -> Review:
    """Return a copy of ``review`` whose opening paragraph is ``opening`` (None: the default)."""
    return replace(review, opening=(opening or "").strip() or None)


def _is_empty(mark: Mark) -> bool:
    return mark.verdict is None and mark.include is None and not mark.note


# --- effective decisions ---------------------------------------------------------------


def effective_verdict(analysis: Analysis, review: Review | None, item_id: str) -> Verdict | None:
    """Return the staffer's verdict for ``item_id``, else the suggested one, else None."""
    if review is not None:
        verdict = review.mark(item_id).verdict
        if verdict is not None:
            return verdict
    suggestion = analysis.suggestions.get(item_id)
    return suggestion.verdict if suggestion else None


def included(analysis: Analysis, review: Review | None, item_id: str) -> bool:
    """Return True when item ``item_id`` goes into the follow-up: the staffer's choice,
    else whether its effective verdict is a gap."""
    if review is not None:
        include = review.mark(item_id).include
        if include is not None:
            return include
    verdict = effective_verdict(analysis, review, item_id)
    return bool(verdict and verdict.is_gap)


# --- the store (pqassist.drafting.review_store), importable from here too ---------------

_STORE_NAMES = ("ReviewStore", "Saved", "Debouncer", "iter_reviewed", "LOCK_SECONDS")


def __getattr__(name: str):
    """Return the store's public names from ``review_store`` (imported on first use)."""
    if name in _STORE_NAMES:
        from pqassist.drafting import review_store

        return getattr(review_store, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
