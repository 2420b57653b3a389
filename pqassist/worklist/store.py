"""The member's question list on disk: one SQLite file, versioned schema, safe for two writers.

The file lives in the user's data folder (``$XDG_DATA_HOME/pqassist/werklijst.sqlite``, on
Windows ``%APPDATA%``, on macOS ``~/Library/Application Support``) unless ``PQASSIST_DB``
names another file. It runs in WAL mode with a busy timeout, and every write is one short
``BEGIN IMMEDIATE`` transaction on a connection of its own, so the app and the command line
can write at the same time (each thread keeps one connection open: closing the last one
would checkpoint the log on every call). The schema carries its version in ``PRAGMA user_version``;
``MIGRATIONS`` brings an older file up to date, and a newer file is refused with a message.

What it holds: the questions fetched from open data, when each answer was first seen, the
member's visits, the reviews opened for a question (the review files stay the source of
the marks; this indexes them), follow-ups drafted here, and the links between questions.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import threading
import weakref
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator

from pqassist.errors import PqassistError
from pqassist.worklist.schema import MIGRATIONS, VERSION

ENV_DB = "PQASSIST_DB"
FILE_NAME = "werklijst.sqlite"
BUSY_MS = 15_000



class StoreProblem(PqassistError, OSError):
    """The question list's database cannot be opened or written."""


@dataclass(frozen=True)
class Question:
    """One written question as the list knows it (dates as ``date``, unknown as None)."""

    qid: str
    parliament: str
    source_id: str
    number: str | None = None
    title: str | None = None
    questioner: str | None = None
    questioner_id: str | None = None
    party: str | None = None
    minister: str | None = None
    asked_on: date | None = None
    answered_on: date | None = None
    deadline: date | None = None
    timely: bool | None = None
    answer_kind: str | None = None
    session: str | None = None
    url: str | None = None
    document_url: str | None = None
    text: str | None = None
    first_seen: str | None = None
    answer_seen: str | None = None


_DATES = ("asked_on", "answered_on", "deadline")
_COLUMNS = tuple(f.name for f in fields(Question))


def qid_of(parliament: str, source_id: str) -> str:
    """Return the list's key of a question: ``parliament:source id``."""
    return f"{parliament}:{source_id}"


def default_path() -> Path:
    """Return the database file: $PQASSIST_DB, else ``werklijst.sqlite`` in the data folder."""
    named = os.environ.get(ENV_DB)
    if named:
        return Path(named).expanduser()
    if sys.platform == "win32" and os.environ.get("APPDATA"):
        base = Path(os.environ["APPDATA"])
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "pqassist" / FILE_NAME


def now_text(now: datetime | None = None) -> str:
    """Return ``now`` (default: the current time) as an ISO timestamp in UTC."""
    return (now or datetime.now(timezone.utc)).astimezone(timezone.utc).isoformat(timespec="microseconds")


class Store:
    """The question list in one SQLite file; one connection per thread, one transaction per write."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path).expanduser() if path else default_path()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreProblem(
                f"de map {self.path.parent} voor de vragenlijst kan niet gemaakt worden ({exc}); "
                f"kies een andere plaats met {ENV_DB}."
            ) from None
        self._local = threading.local()
        self._open: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        weakref.finalize(self, _close_all, self._open)
        self._migrate()

    def close(self) -> None:
        """Close every connection this store opened (it reopens on the next call)."""
        with self._lock:
            for conn in self._open:
                conn.close()
            self._open.clear()
        self._local = threading.local()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            try:
                conn = sqlite3.connect(self.path, timeout=BUSY_MS / 1000, isolation_level=None,
                                       check_same_thread=False)
                conn.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
                conn.execute("PRAGMA synchronous = NORMAL")  # WAL: durable at checkpoints, never corrupt
            except sqlite3.Error as exc:
                raise StoreProblem(f"de vragenlijst {self.path} kan niet geopend worden ({exc}).") from None
            conn.row_factory = sqlite3.Row
            self._local.conn = conn
            with self._lock:
                self._open.append(conn)
        return conn

    # -- connections -------------------------------------------------------------------

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        conn = self._connection()
        try:
            yield conn
        except sqlite3.DatabaseError as exc:
            raise StoreProblem(
                f"de vragenlijst {self.path} is onleesbaar of bezet ({exc}); probeer opnieuw "
                f"of kies een ander bestand met {ENV_DB}."
            ) from None

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """Yield a connection inside one ``BEGIN IMMEDIATE`` transaction (committed at the end)."""
        with self._connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def _migrate(self) -> None:
        with self._connect() as conn:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise StoreProblem(
                    f"de vragenlijst {self.path} kan niet in WAL-modus (staat ze op een netwerkschijf?); "
                    f"kies een lokaal bestand met {ENV_DB}."
                )
            if conn.execute("PRAGMA user_version").fetchone()[0] == VERSION:
                return
            conn.execute("BEGIN IMMEDIATE")  # two processes migrating at once: one waits
            try:
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                if version > VERSION:
                    raise StoreProblem(
                        f"de vragenlijst {self.path} komt van een nieuwere versie van pqassist "
                        f"(schema {version}, deze versie kent {VERSION}); werk pqassist bij."
                    )
                for step in range(version, VERSION):
                    for statement in _statements(MIGRATIONS[step]):
                        conn.execute(statement)
                    conn.execute(f"PRAGMA user_version = {step + 1}")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def schema_version(self) -> int:
        """Return the schema version the file is at."""
        with self._connect() as conn:
            return conn.execute("PRAGMA user_version").fetchone()[0]

    # -- questions ---------------------------------------------------------------------

    def upsert(self, question: Question, *, now: datetime | None = None) -> bool:
        """Store ``question``; return True when its answer is seen here for the first time.

        Known fields are never wiped by an unknown value from a later, thinner source.
        """
        stamp = now_text(now)
        values = {name: _to_db(getattr(question, name)) for name in _COLUMNS}
        with self._write() as conn:
            old = conn.execute("SELECT * FROM questions WHERE qid = ?", (question.qid,)).fetchone()
            if old is None:
                values.update(first_seen=stamp, updated_at=stamp,
                              answer_seen=stamp if values["answered_on"] else None)
                names = list(values)
                conn.execute(
                    f"INSERT INTO questions ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                    [values[n] for n in names],
                )
                return bool(values["answered_on"])
            merged = {n: values[n] if values[n] is not None else old[n] for n in _COLUMNS}
            merged["first_seen"], merged["answer_seen"] = old["first_seen"], old["answer_seen"]
            newly = bool(merged["answered_on"]) and not old["answered_on"]
            if newly:
                merged["answer_seen"] = stamp
            merged["updated_at"] = stamp
            names = [n for n in merged if n != "qid"]
            conn.execute(
                f"UPDATE questions SET {', '.join(n + ' = ?' for n in names)} WHERE qid = ?",
                [merged[n] for n in names] + [question.qid],
            )
            return newly

    def get(self, qid: str) -> Question | None:
        """Return the stored question ``qid``, or None."""
        with self._connect() as conn:
            row = conn.execute("SELECT * FROM questions WHERE qid = ?", (qid,)).fetchone()
        return _question(row) if row else None

    def find(self, parliament: str, number: str) -> Question | None:
        """Return the latest stored question of ``parliament`` with ``number``, or None."""
        with self._connect() as conn:
            row = conn.execute(
                "SELECT * FROM questions WHERE parliament = ? AND number = ? ORDER BY asked_on DESC",
                (parliament, str(number)),
            ).fetchone()
        return _question(row) if row else None

    def questions(self) -> list[Question]:
        """Return every stored question, oldest asked first."""
        with self._connect() as conn:
            rows = conn.execute("SELECT * FROM questions ORDER BY asked_on, qid").fetchall()
        return [_question(r) for r in rows]

    # -- visits ------------------------------------------------------------------------

    def last_visit(self, member: str) -> str | None:
        """Return the time of the member list's previous visit (ISO, UTC), or None."""
        with self._connect() as conn:
            row = conn.execute(
                "SELECT MAX(visited_at) FROM visits WHERE member = ?", (member,)
            ).fetchone()
        return row[0] if row else None

    def note_visit(self, member: str, *, now: datetime | None = None) -> str:
        """Record a visit of the member's list; return its time."""
        stamp = now_text(now)
        with self._write() as conn:
            conn.execute("INSERT INTO visits (member, visited_at) VALUES (?, ?)", (member, stamp))
        return stamp

    # -- reviews, drafts, links ----------------------------------------------------------

    def note_review(self, qid: str, dossier_key: str, review_path: str | Path,
                    suggested: dict[str, str], to_check: Iterable[str] = (), *,
                    now: datetime | None = None) -> None:
        """Record that the review of question ``qid`` lives in ``review_path``.

        ``suggested`` maps item ids to the suggested verdict codes and ``to_check`` names the
        items suggested with "te controleren", so the number of gaps and of items still to
        check can be recounted from the review file's marks without analysing again.
        """
        with self._write() as conn:
            conn.execute(
                "INSERT INTO reviews (qid, dossier_key, review_path, suggested, to_check, opened_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (qid) DO UPDATE SET dossier_key = excluded.dossier_key, "
                "review_path = excluded.review_path, suggested = excluded.suggested, "
                "to_check = excluded.to_check, opened_at = excluded.opened_at",
                (qid, dossier_key, str(review_path), json.dumps(suggested, sort_keys=True),
                 json.dumps(sorted(to_check)), now_text(now)),
            )

    def reviews(self) -> list[sqlite3.Row]:
        """Return every indexed review (qid, dossier_key, review_path, suggested, to_check,
        gaps, unchecked)."""
        with self._connect() as conn:
            return conn.execute("SELECT * FROM reviews").fetchall()

    def set_gaps(self, qid: str, gaps: int | None, unchecked: int | None = None, *,
                 now: datetime | None = None) -> None:
        """Store the number of gaps counted in question ``qid``'s review, and of the items
        marked "te controleren" that the staffer has not judged yet."""
        with self._write() as conn:
            conn.execute("UPDATE reviews SET gaps = ?, unchecked = ?, indexed_at = ? WHERE qid = ?",
                         (gaps, unchecked, now_text(now), qid))

    def note_draft(self, qid: str, path: str | Path, *, now: datetime | None = None) -> None:
        """Record that a follow-up of question ``qid`` was drafted to ``path``."""
        with self._write() as conn:
            conn.execute("INSERT INTO drafts (qid, path, drafted_at) VALUES (?, ?, ?)",
                         (qid, str(path), now_text(now)))

    def drafts(self) -> dict[str, list[str]]:
        """Return the drafted follow-ups' paths per original question."""
        with self._connect() as conn:
            rows = conn.execute("SELECT qid, path FROM drafts ORDER BY id").fetchall()
        out: dict[str, list[str]] = {}
        for row in rows:
            out.setdefault(row["qid"], []).append(row["path"])
        return out

    def link(self, followup_qid: str, original_qid: str, how: str, evidence: str = "") -> None:
        """Record that ``followup_qid`` follows up ``original_qid`` (``how``: citaat, concept)."""
        if followup_qid == original_qid:
            return
        with self._write() as conn:
            conn.execute(
                "INSERT INTO links (followup_qid, original_qid, how, evidence) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (followup_qid) DO UPDATE SET original_qid = excluded.original_qid, "
                "how = excluded.how, evidence = excluded.evidence",
                (followup_qid, original_qid, how, evidence),
            )

    def links(self) -> list[sqlite3.Row]:
        """Return every link (followup_qid, original_qid, how, evidence)."""
        with self._connect() as conn:
            return conn.execute("SELECT * FROM links ORDER BY followup_qid").fetchall()


def _close_all(connections: list) -> None:
    for conn in connections:
        conn.close()
    connections.clear()


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def _to_db(value):
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _question(row: sqlite3.Row) -> Question:
    values = {name: row[name] for name in _COLUMNS}
    for name in _DATES:
        values[name] = date.fromisoformat(values[name]) if values[name] else None
    values["timely"] = None if values["timely"] is None else bool(values["timely"])
    return Question(**values)
