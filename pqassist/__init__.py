"""pqassist: put a minister's answer next to the written question it answers.

The public API follows the data flow; each step returns plain frozen data::

    import pqassist

    dossier = pqassist.open_dossier("vraag.pdf")            # read and parse -> Dossier
    analysis = pqassist.analyse(dossier)                    # align and suggest -> Analysis
    followup = pqassist.draft(analysis)                     # the follow-up question -> FollowUp
    pqassist.export(followup, "vervolgvraag.docx")          # .docx, .md or .txt

Importing the package is cheap: each function imports its step when first called, and the
data classes (``Dossier``, ``Analysis``, ``Review``, ``FollowUp``, ``Verdict``) and
``PqassistError`` load on first use. Bad input raises a ``PqassistError`` with one Dutch line.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_LAZY = {
    "Dossier": "pqassist.model",
    "Analysis": "pqassist.model",
    "Review": "pqassist.model",
    "FollowUp": "pqassist.model",
    "Verdict": "pqassist.model",
    "PqassistError": "pqassist.errors",
}

__all__ = ["open_dossier", "analyse", "draft", "export", "__version__", *sorted(_LAZY)]


def open_dossier(path, answer=None):
    """Return the ``Dossier`` read from ``path`` (.txt, .pdf, .docx, or ``ROWS.jsonl.gz#ID``);
    ``answer`` is the answer as a separate file when ``path`` holds only the question.
    Either may also be the bytes of a file."""
    from pqassist.parse.load import load_dossier

    return load_dossier(path, answer=answer)


def analyse(dossier):
    """Return the ``Analysis`` of ``dossier``: each item's answer passages, the references
    and a suggested verdict with its evidence."""
    from pqassist.analysis.pipeline import analyse as run

    return run(dossier)


def draft(analysis, review=None, *, settings=None):
    """Return the ``FollowUp`` question for ``analysis``; ``review`` (a ``Review`` or the path
    of a saved review file) holds the staffer's marks, else the suggested verdicts decide.
    ``settings`` may carry ``template_dir`` (own templates) and ``today`` (the draft's date)."""
    from pqassist.drafting.compose import draft as run

    if review is not None and not hasattr(review, "marks"):
        from pqassist.drafting.review import load_review

        review = load_review(review)
    return run(analysis, review, settings=settings)


def export(followup, path, format=None, *, settings=None):  # noqa: A002 - the API's word
    """Write ``followup`` to ``path`` (a file, or a folder: the name comes from the title)
    as ``format`` ("docx", "md" or "txt"; default: the file's extension, else docx); never
    overwrite an existing file; return the ``Path`` written."""
    from pathlib import Path

    from pqassist.drafting.export import write_export
    from pqassist.model import EXPORT_FORMATS

    if format is None:
        suffix = Path(path).suffix.lower().lstrip(".")
        format = suffix if suffix in EXPORT_FORMATS else "docx"
    return write_export(followup, path, format, settings=settings)


def __getattr__(name: str):
    """Return the data class or error ``name``, importing its module on first use."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'pqassist' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    """Return the public names, the lazy ones included."""
    return sorted(set(globals()) | set(_LAZY))
