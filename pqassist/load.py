"""Open a dossier from files, texts or a federal Chamber JSON-lines row.

The one entry point the CLI, the app, batch and fetch use: read (``read.py``) then
parse (``parse``). Nothing here knows about PDF or Word.
"""

from __future__ import annotations

from pathlib import Path

from pqassist.model import Dossier, Meta


def dossier_from_text(
    text: str,
    *,
    answer: str | None = None,
    hints: Meta | None = None,
) -> Dossier:
    """Return the dossier parsed from ``text`` (and ``answer`` when it is a separate text).

    ``hints`` carries metadata known from elsewhere (an open-data record, a JSON row);
    its non-empty fields win over what the parser finds.
    """
    from pqassist.parse import parse

    return parse(text, answer=answer, hints=hints)


def load_dossier(
    path: str | Path,
    *,
    answer: str | Path | None = None,
    hints: Meta | None = None,
) -> Dossier:
    """Return the dossier read from ``path`` (.txt, .pdf, .docx, or ``ROWS.jsonl.gz#ID``).

    ``answer`` is the answer as a separate file when ``path`` holds only the question.
    """
    raise NotImplementedError("lands with issue 2")
