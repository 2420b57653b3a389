"""Run the analysis of one dossier: align items with passages, then suggest verdicts."""

from __future__ import annotations

from pqassist.model import Analysis, Dossier


def analyse(dossier: Dossier) -> Analysis:
    """Return the analysis of ``dossier``: links, references and a suggestion per item."""
    raise NotImplementedError("lands with issue 3")
