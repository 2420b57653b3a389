"""Build a dossier from fetched material: a downloaded document or texts, plus a record.

The record's metadata is passed to the loader as ``hints``, so it wins over what the
parser reads in the document. Notices (fields the record lacked) are added to the
dossier's own notices so the staffer sees them next to the parser's.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from pqassist.model import Dossier, Meta


def dossier_from_document(path: str | Path, meta: Meta, *, notices=()) -> Dossier:
    """Return the dossier read from the downloaded document ``path`` with ``meta`` as hints."""
    from pqassist.parse.load import load_dossier

    return with_notices(load_dossier(path, hints=meta), notices)


def dossier_from_texts(question: str, answer: str | None, meta: Meta, *, notices=()) -> Dossier:
    """Return the dossier parsed from a question text and an answer text, ``meta`` as hints."""
    from pqassist.parse.load import dossier_from_text

    return with_notices(dossier_from_text(question, answer=answer or None, hints=meta), notices)


def with_notices(dossier: Dossier, notices) -> Dossier:
    """Return ``dossier`` with the non-empty ``notices`` appended to its own."""
    extra = tuple(n for n in notices if n and n not in dossier.notices)
    if not extra:
        return dossier
    return dataclasses.replace(dossier, notices=tuple(dossier.notices) + extra)


def missing_notice(source: str, missing) -> str:
    """Return a Dutch notice naming the fields ``source`` lacked ("" when none)."""
    names = [f"'{name}'" for name in missing]
    if not names:
        return ""
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " en " + names[-1]
    return f"{source} mist {listed}; die gegevens komen, waar mogelijk, uit het document zelf."
