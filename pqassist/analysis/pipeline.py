"""Run the analysis of one dossier: align items with passages, then suggest verdicts."""

from __future__ import annotations

from pqassist.model import Analysis, Dossier


def analyse(dossier: Dossier) -> Analysis:
    """Return the analysis of ``dossier``: links, references and a suggestion per item."""
    from pqassist.analysis.align import align

    links, references = align(dossier)
    from pqassist.analysis.suggest import suggest_all

    analysis = Analysis(dossier=dossier, links=links, references=references)
    return Analysis(dossier=dossier, links=links, references=references, suggestions=suggest_all(analysis))
