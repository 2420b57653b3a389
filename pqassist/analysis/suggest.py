"""Suggest a verdict for every item, with the words that show it and a confidence.

One rule per verdict, each returning a candidate (verdict, confidence, reason, evidence):
- unanswered: no passage addresses the item;
- withheld, not_competent, referral, no_data, declined: their wording (phrase lists in
  ``pqassist/data/phrases``), stronger when it opens a short passage;
- partial, general, answered: ask by ask (``asks.py``): some asks given and others left
  out is partial; the topic taken up without what was asked (no figure, no yes or no, no
  date, no reason) is general; everything given is answered.
The item's verdict is the candidate with the highest confidence; when several are close,
the one a staffer acts on first (``VERDICT_PRIORITY``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pqassist.analysis import phrases
from pqassist.analysis.asks import DODGES, KIND_NAMES_NL, PLACEHOLDER, AskCheck, answer_sentences, check_asks
from pqassist.model import VERDICT_PRIORITY, Analysis, Evidence, Item, Suggestion, Verdict
from pqassist.parse.text import sentence_spans, squash

CLOSE = 0.1  # candidates this close to the best count as "similar confidence"
REASONS_NL = {
    Verdict.WITHHELD: "het antwoord staat niet in de gepubliceerde tekst (rechtstreeks bezorgd)",
    Verdict.NOT_COMPETENT: "de minister zegt niet bevoegd te zijn",
    Verdict.REFERRAL: "het antwoord verwijst door in plaats van te antwoorden",
    Verdict.NO_DATA: "de gegevens worden niet bijgehouden of zijn (nog) niet bekend",
    Verdict.DECLINED: "de minister weigert erop in te gaan",
}


@dataclass(frozen=True)
class Candidate:
    verdict: Verdict
    confidence: float
    reason: str
    evidence: tuple[Evidence, ...] = ()
    missing: tuple[str, ...] = ()
    decisive: bool = False  # wording that settles the verdict even when the rest answers


def suggest_all(analysis: Analysis) -> dict[str, Suggestion]:
    """Return a suggestion for every item of the analysed dossier."""
    withheld_elsewhere = _withheld_statement(analysis)
    return {item.id: suggest(analysis, item, withheld_elsewhere) for item in analysis.dossier.items}


def suggest(analysis: Analysis, item: Item, withheld_elsewhere: str | None = None) -> Suggestion:
    """Return the suggested verdict for ``item`` with its evidence and confidence."""
    answer = analysis.answer_for(item.id)
    candidates = [c for c in _candidates(analysis, item, answer, withheld_elsewhere) if c is not None]
    best = max(c.confidence for c in candidates)
    close = [c for c in candidates if c.confidence >= best - CLOSE]
    chosen = min(close, key=lambda c: VERDICT_PRIORITY.index(c.verdict))
    others = tuple((c.verdict, round(c.confidence, 2)) for c in candidates if c is not chosen)
    return Suggestion(
        item_id=item.id,
        verdict=chosen.verdict,
        confidence=round(chosen.confidence, 2),
        reason=chosen.reason,
        evidence=chosen.evidence,
        missing=chosen.missing,
        others=others,
    )


def _candidates(analysis: Analysis, item: Item, answer: str, withheld_elsewhere: str | None):
    first_ask = item.asks[0].text if item.asks else squash(item.text)[:200]
    if not answer.strip():
        reason = "er is nog geen antwoord" if not analysis.dossier.has_answer else "geen enkele passage van het antwoord gaat hierop in"
        return [Candidate(Verdict.UNANSWERED, 0.9, reason, (Evidence("question", first_ask),), (first_ask,))]
    sentences = list(answer_sentences(answer))
    out = [_dodge_candidate(verdict, answer, sentences) for verdict in DODGES]
    if withheld_elsewhere and (PLACEHOLDER.search(answer) or phrases.any_match("replies", answer, "annex")):
        out.append(Candidate(Verdict.WITHHELD, 0.75, "de cijfers staan in een bijlage die niet gepubliceerd is",
                             (Evidence("answer", _shorten(withheld_elsewhere)),)))
    dedicated = any(
        link.kind != "reference" and analysis.dossier.passages[link.passage].covers == (item.id,)
        for link in analysis.links.get(item.id, ())
    )
    asked_on = analysis.dossier.meta.asked_on
    checks = check_asks([a.text for a in item.asks] or [item.text], answer, tables_withheld=bool(withheld_elsewhere),
                        dedicated=dedicated, asked_year=asked_on.year if asked_on else None)
    active = [c for c in checks if c.status != "skipped"]
    if any(c.status == "covered" for c in active) and not any(c.status == "dodged" for c in active):
        # the dodge wording concerns another part of the passage: this item's asks are met. A
        # dodge that opens the item's own answer still stands ("Dat is een landsaangelegenheid.")
        out = [
            None if c is None
            else c if c.decisive
            else c if dedicated and len(sentences) <= 2 and c.evidence and c.evidence[0].text == _shorten(sentences[0])
            else Candidate(c.verdict, c.confidence * 0.75, c.reason, c.evidence, c.missing)
            for c in out
        ]
    out.extend(_ask_candidates(checks, sentences, out))
    out.append(_vague_candidate(answer, sentences, active))
    return out


def _vague_candidate(answer: str, sentences: list[str], active: list[AskCheck]) -> Candidate | None:
    """Return a "general" candidate when the answer hedges and gives no figure or date for a
    question that asks for specifics (what, which, how, when, how many)."""
    hits = phrases.find("general", answer)
    if not hits or not active:
        return None
    specific = any(c.kinds & {"figures", "when", "list", "yes_no", "opinion"} or re.match(r"^(?:hoe|wat|welke|in hoeverre)\b", c.text, re.I) for c in active)
    if not specific:
        return None
    hit = max(hits, key=lambda h: h.phrase.weight)
    sentence = sentences[_sentence_index(answer, sentences, hit.start)] if sentences else answer
    confidence = 0.75 * hit.phrase.weight
    return Candidate(Verdict.GENERAL, confidence, "het antwoord blijft vaag en algemeen",
                     (Evidence("answer", _shorten(sentence)),), tuple(c.text for c in active))


def _dodge_candidate(verdict_name: str, answer: str, sentences: list[str]) -> Candidate | None:
    """Return a candidate for a dodge verdict when its wording occurs in ``answer``."""
    hits = phrases.find(verdict_name, answer)
    if not hits:
        return None
    hit = max(hits, key=lambda h: h.phrase.weight)
    position = _sentence_index(answer, sentences, hit.start)
    if position == 0 or len(sentences) <= 2:
        place = 1.0
    elif position == len(sentences) - 1:
        place = 0.9  # a closing "I refer you to my colleague" weighs as much
    elif position < len(sentences) / 2:
        place = 0.8
    else:
        place = 0.65
    verdict = Verdict(verdict_name)
    sentence = sentences[position] if sentences else answer
    confidence = min(0.95, 0.85 * hit.phrase.weight * place)
    return Candidate(verdict, confidence, REASONS_NL[verdict], (Evidence("answer", _shorten(sentence)),),
                     decisive=hit.phrase.weight > 1)


def _ask_candidates(checks: list[AskCheck], sentences: list[str], dodges: list) -> list[Candidate]:
    """Return the partial/general/answered (or dodge by majority) candidate from the ask checks."""
    active = [c for c in checks if c.status != "skipped"]
    if not active:
        return [Candidate(Verdict.ANSWERED, 0.5, "de vraag is opgenomen in het antwoord",
                          (Evidence("answer", _shorten(sentences[0])),) if sentences else ())]
    covered = [c for c in active if c.status == "covered"]
    dodged = [c for c in active if c.status == "dodged"]
    missing = [c for c in active if c.status == "missing"]
    not_given = dodged + missing
    quoted_missing = tuple(c.text for c in not_given)
    evidence_missing = tuple(Evidence("question", c.text) for c in not_given)
    out = []
    if dodged and len(dodged) * 2 > len(active):
        counts = {v: sum(c.dodge == v for c in dodged) for v in {c.dodge for c in dodged}}
        verdict = min((Verdict(v) for v in counts), key=lambda v: (-counts[v.value], VERDICT_PRIORITY.index(v)))
        evidence = tuple(Evidence("answer", _shorten(c.evidence)) for c in dodged if c.evidence)[:2]
        out.append(Candidate(verdict, 0.8, REASONS_NL[verdict], evidence, quoted_missing))
    if covered and not_given:
        what = ", ".join(dict.fromkeys(KIND_NAMES_NL[k] for c in not_given for k in (c.lacking or ("topic",))))
        evidence = tuple(Evidence("answer", _shorten(c.evidence)) for c in covered[:1] if c.evidence) + evidence_missing
        confidence = 0.7 if dodged or len(covered) >= len(not_given) else 0.62
        out.append(Candidate(Verdict.PARTIAL, confidence, f"gedeeltelijk beantwoord; ontbreekt: {what}", evidence, quoted_missing))
    elif not_given and not covered:
        what = ", ".join(dict.fromkeys(KIND_NAMES_NL[k] for c in not_given for k in (c.lacking or ("topic",))))
        opening = (Evidence("answer", _shorten(sentences[0])),) if sentences else ()
        out.append(Candidate(Verdict.GENERAL, 0.6, f"blijft algemeen; ontbreekt: {what}", opening + evidence_missing, quoted_missing))
    else:
        evidence = tuple(Evidence("answer", _shorten(c.evidence)) for c in covered[:2] if c.evidence)
        strong_dodge = any(d is not None and d.confidence >= 0.8 for d in dodges)
        concrete = sum(c.concrete for c in covered) / len(covered)
        confidence = 0.62 + 0.18 * concrete - (0.1 if strong_dodge else 0.0)
        out.append(Candidate(Verdict.ANSWERED, confidence, "elke deelvraag krijgt een antwoord", evidence))
        if concrete < 0.8:
            vague = tuple(Evidence("question", c.text) for c in covered if not c.concrete)
            out.append(Candidate(Verdict.GENERAL, 0.6, "het antwoord gaat op de vraag in maar noemt geen concrete gegevens",
                                 evidence[:1] + vague, tuple(c.text for c in covered if not c.concrete)))
    return out


def _withheld_statement(analysis: Analysis) -> str | None:
    """Return the sentence saying annexes were sent directly, when the answer has one."""
    for passage in analysis.dossier.passages:
        hits = phrases.find("withheld", passage.text)
        if hits:
            spans = sentence_spans(passage.text)
            index = _sentence_index(passage.text, [passage.text[s:e] for s, e in spans], hits[0].start)
            s, e = spans[index] if spans else (0, len(passage.text))
            return passage.text[s:e]
    return None


def _sentence_index(text: str, sentences: list[str], offset: int) -> int:
    pos = 0
    for index, sentence in enumerate(sentences):
        found = text.find(sentence, pos)
        if found == -1:
            continue
        if found <= offset < found + len(sentence):
            return index
        pos = found + len(sentence)
    return 0


def _shorten(text: str | None, limit: int = 240) -> str:
    """Return ``text`` squashed and cut at a word boundary to about ``limit`` characters."""
    text = squash(text or "")
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > 0 else limit] + " …"
