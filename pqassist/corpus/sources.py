"""Batch input: turn folders and JSON-lines files into a stream of jobs, one per document.

Naming convention in a folder (searched recursively, in sorted order):

- ``NAME.txt`` / ``NAME.pdf`` / ``NAME.docx``: one document holding question and answer;
- ``NAME.vraag.EXT`` with ``NAME.antwoord.EXT``: the question and the answer as two files
  (the extensions may differ, e.g. ``NAME.vraag.docx`` + ``NAME.antwoord.pdf``);
  a ``NAME.vraag.EXT`` alone is a question without an answer;
- ``*.jsonl``, ``*.jsonl.gz``, ``*.ndjson``: one federal Chamber record a line (fields
  ``doc_id``, ``depotdat``, ``aut_person``, ``aut_party``, ``question``, ``answer`` ...).

Other files are ignored. Problems of the input itself (an answer file without its
question, a line that is not JSON) become error rows, reported like any bad document
rather than stopping the run. Nothing is read ahead: lines are yielded as they are
read (and decoded in the worker), so memory does not grow with the size of the input.
"""

from __future__ import annotations

import gzip
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from pqassist import jsonio
from pqassist.errors import BatchProblem
from pqassist.parse import load as _load
from pqassist.parse.load import read_lines

DOCUMENT_SUFFIXES = (".txt", ".pdf", ".docx")
ROWS_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
QUESTION_MARK = "vraag"
ANSWER_MARK = "antwoord"


@dataclass(frozen=True)
class Job:
    """One document to analyse: a file, a question/answer pair or a JSON-lines row."""

    position: int
    document: str
    kind: str  # "file" | "pair" | "row" | "broken"
    source: str
    path: str | None = None
    answer_path: str | None = None
    row: dict | None = None
    problem: str | None = None
    line: str | None = None  # a JSON-lines row not yet decoded


def is_rows_file(path: Path) -> bool:
    """Return True when ``path`` names a JSON-lines file (optionally gzipped)."""
    name = path.name.lower()
    return any(name.endswith(suffix) for suffix in ROWS_SUFFIXES)


def iter_jobs(sources: Iterable[str | os.PathLike]) -> Iterator[Job]:
    """Yield one job per document found in ``sources``, numbered in input order."""
    position = 0
    for source in sources:
        path = Path(source)
        if not path.exists():
            raise BatchProblem(f"{path} bestaat niet: geef een map, een document of een .jsonl(.gz)-bestand")
        for job in _jobs_of(path):
            yield Job(position, *job)
            position += 1


def count_jobs(sources: Iterable[str | os.PathLike]) -> int:
    """Return how many jobs ``iter_jobs`` will yield, reading JSON-lines files line by line."""
    total = 0
    for source in sources:
        path = Path(source)
        if path.is_dir():
            for kind, _, value in _folder_entries(path):
                total += _count_lines(value) if kind == "rows" else 1
        elif is_rows_file(path):
            total += _count_lines(path)
        elif path.exists():
            total += 1
    return total


def _jobs_of(path: Path) -> Iterator[tuple]:
    if path.is_dir():
        for kind, name, value in _folder_entries(path):
            if kind == "rows":
                yield from _row_jobs(value, name)
            elif kind == "file":
                yield (name, "file", str(path), str(value), None, None, None, None)
            else:
                yield _pair_job(name, str(path), value)
    elif is_rows_file(path):
        yield from _row_jobs(path, path.name)
    else:
        kind = "file" if path.suffix.lower() in DOCUMENT_SUFFIXES else "broken"
        problem = None if kind == "file" else _unsupported(path.name)
        yield (path.name, kind, str(path), str(path), None, None, problem, None)


def _folder_entries(folder: Path) -> Iterator[tuple[str, str, object]]:
    """Yield (kind, name, path or pair) for the documents under ``folder``, sorted per folder.

    ``kind`` is "file", "pair" (value: {"vraag": [paths], "antwoord": [paths]}) or "rows".
    """
    for current, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        here = Path(current)
        entries: list[tuple[str, str, object]] = []
        pairs: dict[str, dict[str, list[Path]]] = {}
        for name in sorted(files):
            if name.startswith((".", "~$")):
                continue
            file = here / name
            relative = file.relative_to(folder).as_posix()
            if is_rows_file(file):
                entries.append(("rows", relative, file))
                continue
            if file.suffix.lower() not in DOCUMENT_SUFFIXES:
                continue
            stem, mark = _split_mark(file)
            if mark is None:
                entries.append(("file", relative, file))
            else:
                key = (here / stem).relative_to(folder).as_posix()
                pairs.setdefault(key, {}).setdefault(mark, []).append(file)
        entries.extend(("pair", key, marks) for key, marks in pairs.items())
        entries.sort(key=lambda entry: entry[1])
        yield from entries


def _split_mark(file: Path) -> tuple[str, str | None]:
    """Return (NAME, "vraag"|"antwoord"|None) for ``NAME.vraag.EXT`` style names."""
    stem = file.name[: -len(file.suffix)]
    base, dot, mark = stem.rpartition(".")
    if dot and base and mark.lower() in (QUESTION_MARK, ANSWER_MARK):
        return base, mark.lower()
    return stem, None


def _pair_job(name: str, source: str, marks: dict[str, list[Path]]) -> tuple:
    questions, answers = marks.get(QUESTION_MARK, []), marks.get(ANSWER_MARK, [])
    problem = None
    if len(questions) > 1 or len(answers) > 1:
        files = ", ".join(p.name for p in questions + answers)
        problem = f"meer dan één vraag- of antwoordbestand voor {name}: {files}; houd er één van elk"
    elif not questions:
        problem = (
            f"antwoord zonder vraag: {answers[0].name}; "
            f"leg de vraag ernaast als {name.rsplit('/', 1)[-1]}.{QUESTION_MARK}.pdf/.docx/.txt"
        )
    if problem:
        return (name, "broken", source, str((questions or answers)[0]), None, None, problem, None)
    answer = str(answers[0]) if answers else None
    return (name, "pair" if answer else "file", source, str(questions[0]), answer, None, None, None)


def _open_rows(path: Path):
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8", errors="replace")
    return open(path, encoding="utf-8", errors="replace")


def _row_jobs(path: Path, name: str) -> Iterator[tuple]:
    """Yield one job per non-empty line; the worker decodes it (see ``decode_row``)."""
    if not path.is_file():  # a FIFO or device would block or never end
        problem = f"{path.name} is geen gewoon bestand (maar een pipe, apparaat of socket)"
        yield (f"{name}#regel-1", "broken", str(path), str(path), None, None, problem, None)
        return
    try:
        handle = _open_rows(path)
    except OSError as exc:
        raise BatchProblem(f"{path} kan niet geopend worden: {exc}") from exc
    with handle:
        number = 0
        try:
            for number, line in read_lines(handle):
                if line is None:
                    problem = f"regel {number} is langer dan {_load.MAX_ROW_CHARS:,} tekens en is overgeslagen"
                    yield (f"{name}#regel-{number}", "broken", str(path), str(path), None, None, problem, None)
                elif line.strip():
                    yield (f"{name}#regel-{number}", "row", str(path), str(path), None, None, None, line)
        except (OSError, EOFError) as exc:  # a truncated or corrupt .gz
            problem = f"het bestand is beschadigd na regel {number} ({exc}); de rest is niet gelezen"
            yield (f"{name}#regel-{number + 1}", "broken", str(path), str(path), None, None, problem)


def decode_row(job: Job) -> Job:
    """Return ``job`` with its JSON line decoded into ``row`` and named by the row's ``doc_id``.

    Raises ``BatchProblem`` when the line is not a JSON object. Runs in the worker, so
    that the main process only reads lines.
    """
    if job.row is not None or job.line is None:
        return job
    prefix, _, number = job.document.rpartition("#regel-")
    row = jsonio.loads(job.line, source=f"regel {number}", error=BatchProblem, hint="de regel is overgeslagen")
    if not isinstance(row, dict):
        raise BatchProblem(f"regel {number} is geen JSON-object")
    ident = row.get("doc_id")
    document = f"{prefix}#{ident}" if ident not in (None, "") else job.document
    return replace(job, document=document, row=row, line=None)


def _count_lines(path: Path) -> int:
    if not path.is_file():
        return 1
    count = 0
    try:
        with _open_rows(path) as handle:
            for _, line in read_lines(handle):
                count += line is None or bool(line.strip())
    except (OSError, EOFError):
        count += 1
    return count


def _unsupported(name: str) -> str:
    return f"{name}: onbekend soort bestand; gebruik .txt, .pdf, .docx of .jsonl(.gz)"
