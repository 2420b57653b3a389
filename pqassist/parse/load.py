"""Open a dossier from files, texts or a federal Chamber JSON-lines row.

The one entry point the CLI, the app, batch and fetch use: read (``read.py``) then parse
(``parse``). Nothing here knows about PDF or Word.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from typing import Iterator

from pqassist import jsonio
from pqassist.errors import UnreadableDocument
from pqassist.model import Dossier, Meta
from pqassist.text import first_last, parse_date, squash

# A longer JSON-lines row is refused without holding it whole: the parser takes at most
# 3 million characters, and JSON escapes take at most six characters for one.
MAX_ROW_CHARS = 32 * 2**20
ROW_REF = re.compile(r"^(?P<path>.+\.jsonl(?:\.gz)?)#(?P<id>[^#]+)$")


def dossier_from_text(
    text: str,
    *,
    answer: str | None = None,
    hints: Meta | None = None,
    source: str = "",
) -> Dossier:
    """Return the dossier parsed from ``text`` (and ``answer`` when it is a separate text).

    ``hints`` carries metadata known from elsewhere (an open-data record, a JSON row); its
    non-empty fields win over what the parser finds.
    """
    from dataclasses import replace

    from pqassist.parse import parse

    dossier = parse(text, answer=answer, hints=hints, source=source)
    if source and not dossier.meta.source:
        dossier = replace(dossier, meta=replace(dossier.meta, source=source))
    return dossier


def load_dossier(
    path: str | Path | bytes,
    *,
    answer: str | Path | bytes | None = None,
    hints: Meta | None = None,
    name: str | None = None,
    answer_name: str | None = None,
) -> Dossier:
    """Return the dossier read from ``path`` (.txt, .pdf, .docx, or ``ROWS.jsonl.gz#ID``).

    ``answer`` is the answer as a separate file when ``path`` holds only the question.
    Either may be the bytes of an uploaded file, with its file name in ``name`` /
    ``answer_name``.
    """
    from pqassist.read.document import read_document

    ref = ROW_REF.match(str(path)) if not isinstance(path, bytes) else None
    if ref and answer is None:
        return dossier_from_kamer_row(find_kamer_row(ref.group("path"), ref.group("id")), source=str(path))
    question = read_document(path, name=name)
    if answer is None:
        return dossier_from_text(question.text, hints=hints, source=question.name)
    answer_doc = read_document(answer, name=answer_name)
    return dossier_from_text(
        question.text, answer=answer_doc.text, hints=hints, source=f"{question.name} + {answer_doc.name}"
    )


def dossier_from_kamer_row(row: dict, *, source: str | None = None) -> Dossier:
    """Return the dossier of one federal Chamber open-data row (question, answer, fields)."""
    question = row.get("question") or row.get("text_nl") or row.get("TEXTQN") or ""
    answer = row.get("answer")
    if answer is None:
        answer = row.get("TEXTA1N") or ""
    doc_id = row.get("doc_id", row.get("id"))
    hints = Meta(
        parliament="kamer",
        asked_on=parse_date(row.get("depotdat") or row.get("DEPOTDAT")),
        deadline=parse_date(row.get("delaidat") or row.get("DELAIDAT")),
        answered_on=parse_date(row.get("answer_date") or row.get("answered_on")),
        questioner=first_last(row.get("aut_person") or row.get("AUT")),
        party=row.get("aut_party") or None,
        addressee=squash(row.get("answer_department") or row.get("DEPTN") or "") or None,
        number=str(row["number"]) if row.get("number") else None,
        source=source or (f"#{doc_id}" if doc_id is not None else None),
    )
    name = source or f"vraag {doc_id}"
    return dossier_from_text(str(question), answer=str(answer), hints=hints, source=name)


def iter_kamer_rows(path: str | Path) -> Iterator[dict]:
    """Yield the rows of a JSON-lines file (plain or .gz), one dict at a time."""
    path = Path(path)
    if not path.is_file():
        raise UnreadableDocument(f"Het bestand '{path.name}' bestaat niet. Controleer het pad.")
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8") as handle:
            for number, line in read_lines(handle):
                if line is None:
                    raise UnreadableDocument(
                        f"Regel {number} van '{path.name}' is te lang (meer dan {MAX_ROW_CHARS:,} tekens). "
                        "Controleer het bestand."
                    )
                if not line.strip():
                    continue
                row = jsonio.loads(
                    line, source=f"Regel {number} van '{path.name}'", error=UnreadableDocument,
                    hint="controleer het bestand",
                )
                if isinstance(row, dict):
                    yield row
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise UnreadableDocument(f"'{path.name}' kan niet gelezen worden als JSON-lines: {exc}.") from None


def read_lines(handle, limit: int | None = None) -> Iterator[tuple[int, str | None]]:
    """Yield ``(number, line)`` for each line of ``handle``; a line longer than ``limit``
    characters (default ``MAX_ROW_CHARS``) is yielded as ``(number, None)`` and skipped
    without being held whole."""
    limit = MAX_ROW_CHARS if limit is None else limit
    number = 0
    while True:
        line = handle.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) <= limit or line.endswith("\n"):
            yield number, line
            continue
        while line and not line.endswith("\n"):  # skip the rest of the long line
            line = handle.readline(1 << 20)
        yield number, None


def find_kamer_row(path: str | Path, doc_id: str) -> dict:
    """Return the row whose ``doc_id`` is ``doc_id`` from a JSON-lines file."""
    for row in iter_kamer_rows(path):
        if str(row.get("doc_id", row.get("id"))) == str(doc_id):
            return row
    raise UnreadableDocument(f"Vraag {doc_id} staat niet in '{Path(path).name}'. Controleer het nummer.")
