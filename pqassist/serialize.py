"""Turn an analysis into plain JSON data: the contract of ``pqassist analyse --json``.

Other tools read this JSON (see the README), so the keys, their order and their values
change only on purpose. Imports: model only (the bottom layer), so the command line, the
public API and the fetch command share one definition.
"""

from __future__ import annotations

from pqassist.model import Analysis


def analysis_to_json(analysis: Analysis) -> dict:
    """Return ``analysis`` as the JSON object ``pqassist analyse --json`` prints."""
    dossier = analysis.dossier
    meta = dossier.meta
    items = []
    for item in dossier.items:
        primary = [l for l in analysis.links.get(item.id, ()) if l.kind != "reference"]
        passage = dossier.passages[primary[0].passage] if primary else None
        suggestion = analysis.suggestions.get(item.id)
        items.append(
            {
                "id": item.id,
                "question": item.text,
                "asks": [ask.text for ask in item.asks],
                "answer": analysis.answer_for(item.id),
                "answer_label": passage.label if passage else "",
                "covers": list(passage.covers) if passage else [],
                "verdict": suggestion.verdict.value if suggestion else None,
                "confidence": suggestion.confidence if suggestion else None,
                "gap_probability": suggestion.gap_probability if suggestion else None,
                "to_check": suggestion.to_check if suggestion else None,
                "reason": suggestion.reason if suggestion else None,
                "evidence": [e.to_json() for e in suggestion.evidence] if suggestion else [],
                "missing": list(suggestion.missing) if suggestion else [],
                "links": [
                    {"passage": l.passage, "score": l.score, "reason": l.reason, "kind": l.kind}
                    for l in analysis.links.get(item.id, ())
                ],
            }
        )
    return {
        "meta": {
            "parliament": meta.parliament,
            "number": meta.number,
            "asked_on": meta.asked_on.isoformat() if meta.asked_on else None,
            "answered_on": meta.answered_on.isoformat() if meta.answered_on else None,
            "questioner": meta.questioner,
            "addressee": meta.addressee,
            "addressee_title": meta.addressee_title,
            "title": meta.title,
            "party": meta.party,
            "source": meta.source,
        },
        "items": items,
        "unassigned": dossier.unassigned,
        "references": [
            {"passage": r.passage, "kind": r.kind, "target": r.target, "text": r.text}
            for r in analysis.references
        ],
        "notices": list(dossier.notices),
    }
