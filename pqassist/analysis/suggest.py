"""Suggest a verdict for every item: features, then the trained model, then the evidence.

The detectors (``features.py``) measure what the answer does with the item and quote the
words that show it; the verdict model (``verdict_model.py``, fitted on the gold labels and,
when the staffer retrained it, on their reviews) turns the measurements into a probability
per verdict. The suggestion is the most probable verdict; its confidence is that
calibrated probability; its evidence is the detector's quoted words for that verdict; what
is missing is the asks the answer does not give. An item suggested as no gap that may well
be one (its probability of a gap reaches the model's ``check_above``) is marked to check.
"""

from __future__ import annotations

from pqassist.analysis.asks import KIND_NAMES_NL
from pqassist.analysis.features import ItemFeatures, features_all
from pqassist.analysis.verdict_model import VerdictModel, active_model
from pqassist.model import Analysis, Evidence, Suggestion, Verdict

SHOWN = 0.05  # other verdicts at least this probable are listed beside the suggestion
_VERDICTS = {verdict.value: verdict for verdict in Verdict}


def _verdict(name: str) -> Verdict:
    """Return ``Verdict(name)``, looked up without the enum's call (a class the model names
    that is no verdict still raises the enum's ValueError)."""
    found = _VERDICTS.get(name)
    return found if found is not None else Verdict(name)


def suggest_all(analysis: Analysis, model: VerdictModel | None = None) -> dict[str, Suggestion]:
    """Return a suggestion for every item of the analysed dossier."""
    model = model or active_model()
    found = features_all(analysis)
    has_answer = analysis.dossier.has_answer
    return {item_id: suggestion_from(features, model, has_answer) for item_id, features in found.items()}


def suggestion_from(features: ItemFeatures, model: VerdictModel, has_answer: bool = True) -> Suggestion:
    """Return the suggestion the model makes from one item's features, with its evidence."""
    probabilities = model.probabilities(features.values)
    ranked = sorted(probabilities.items(), key=lambda kv: (-kv[1], kv[0]))
    verdict = _verdict(ranked[0][0])
    confidence = ranked[0][1]
    gap = gap_probability(probabilities)
    not_given = [c for c in features.checks if c.status in ("dodged", "missing")]
    if verdict is Verdict.UNANSWERED:
        missing: tuple[str, ...] = (features.first_ask,)
    elif verdict is Verdict.ANSWERED:
        # what the checks did not find: highlighted in the app, and what a follow-up asks
        # again when the staffer judges the item a gap after all
        missing = tuple(c.text for c in not_given)
    elif not verdict.is_gap:
        missing = ()
    else:
        vague = [c for c in features.checks if c.status == "covered" and not c.concrete]
        missing = tuple(c.text for c in (not_given or (vague if verdict is Verdict.GENERAL else [])))
    return Suggestion(
        item_id=features.item_id,
        verdict=verdict,
        confidence=round(max(0.01, min(1.0, confidence)), 2),
        reason=_reason(verdict, features, not_given, has_answer),
        evidence=_evidence(verdict, features),
        missing=missing,
        others=tuple((_verdict(name), round(p, 2)) for name, p in ranked[1:] if p >= SHOWN),
        gap_probability=round(min(1.0, gap), 2),
        to_check=marks_to_check(model, verdict, gap),
    )


def gap_probability(probabilities: dict[str, float]) -> float:
    """Return the probability that the item is a gap: the sum over the gap verdicts."""
    return sum(p for name, p in probabilities.items() if _verdict(name).is_gap)


def marks_to_check(model: VerdictModel, verdict: Verdict, gap: float) -> bool:
    """Return True when an item suggested as ``verdict`` with probability ``gap`` of being a
    gap is marked "te controleren": no gap suggested, but one likely enough to look."""
    return not verdict.is_gap and model.check_above is not None and gap >= model.check_above


def _reason(verdict: Verdict, features: ItemFeatures, not_given, has_answer: bool) -> str:
    """Return the Dutch reason: the verdict's meaning, and what is missing when it is a gap
    (for an item suggested answered, what the ask checks did not find: never "elke deelvraag
    krijgt een antwoord" beside an ask found missing)."""
    if verdict is Verdict.UNANSWERED and not has_answer:
        return "er is nog geen antwoord"
    if not not_given or verdict is Verdict.UNANSWERED:
        return verdict.reason_nl
    lacking = [k for c in not_given for k in (c.lacking or ("topic",))]
    if verdict.is_gap:
        return f"{verdict.reason_nl}; ontbreekt: {', '.join(dict.fromkeys(KIND_NAMES_NL[k] for k in lacking))}"
    if verdict is Verdict.ANSWERED:
        # "not found: an answer to this question" beside "answered" would contradict itself:
        # what the checks missed there is the ask's own words
        topic = "het onderwerp van een deelvraag" if len(features.checks) > 1 else "het onderwerp van de vraag"
        names = dict.fromkeys(topic if k == "topic" else KIND_NAMES_NL[k] for k in lacking)
        return f"lijkt beantwoord; niet teruggevonden: {', '.join(names)}"
    return verdict.reason_nl


def _evidence(verdict: Verdict, features: ItemFeatures) -> tuple[Evidence, ...]:
    """Return the detector's quoted words for ``verdict`` (the opening of the answer, or the
    question, when no detector quoted anything for it)."""
    quoted = features.evidence.get(verdict.value)
    if quoted:
        return quoted
    for fallback in ("answered", "general", "unanswered"):
        if features.evidence.get(fallback):
            return features.evidence[fallback][:1]
    return (Evidence("question", features.first_ask),)
