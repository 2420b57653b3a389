"""Turn an analysis and the staffer's review into a follow-up written question (Dutch).

``draft`` is pure: it reads the analysis, the review and the phrase templates and
returns a ``FollowUp``; it writes nothing. Each included item becomes one numbered
question made from the phrase template of its verdict; consecutive items that share
their answer passage and verdict (a referral answering 1a and 1b at once) become one
question naming both ("deelvragen 1a en 1b").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pqassist.model import Analysis, FollowUp, FollowUpQuestion, Item, Meta, Review, Verdict
from pqassist.drafting.review import effective_verdict, included
from pqassist.drafting import templating as tpl
from pqassist.drafting import wording
from pqassist.sentences import sentence_spans

# Verdicts whose question reads well for several items at once.
QUOTE_WORDS = 24
# How a question names the assembly it is put in ("... aan de Kamer sturen").
PARLEMENT = {"vlaams-parlement": "het Vlaams Parlement", "kamer": "de Kamer", "tweede-kamer": "de Kamer"}


@dataclass(frozen=True)
class Planned:
    """One question to write: the items it covers, their verdict and the staffer's notes."""

    items: tuple[Item, ...]
    verdict: Verdict
    notes: tuple[str, ...] = ()


def draft(analysis: Analysis, review: Review | None = None, *, settings: Any = None) -> FollowUp:
    """Return the follow-up question for ``analysis`` under the staffer's ``review``.

    Without a review the suggested verdicts decide. ``settings`` may carry
    ``template_dir`` (the staffer's own templates) and ``today`` (the draft's date).
    """
    meta = analysis.dossier.meta
    parliament = meta.parliament or "unknown"
    questions = []
    footnotes = wording.footnote_numbers(analysis.dossier)
    for number, planned in enumerate(plan(analysis, review), start=1):
        context = question_context(analysis, planned, number, footnotes=footnotes)
        phrases = tpl.load_phrases(f"{planned.verdict.value}.j2", parliament, settings)
        ids = [item.id for item in planned.items]
        text = phrases.render(wording.variant_for(ids, planned.verdict, len(phrases.variants)), context)
        questions.append(
            FollowUpQuestion(
                number=number,
                item_ids=tuple(item.id for item in planned.items),
                verdict=planned.verdict,
                text=text,
            )
        )
    opening = review.opening if review and review.opening else opening_text(meta, len(questions), settings)
    return FollowUp(
        parliament=parliament,
        title=(review.title if review and review.title else default_title(meta)),
        questioner=tpl.person_name(meta.questioner, meta.parliament) or None,
        addressee=meta.addressee,
        addressee_title=meta.addressee_title,
        opening=opening,
        questions=tuple(questions),
        closing="",
        date=tpl.setting(settings, "today"),
        original_number=meta.number,
    )


def plan(analysis: Analysis, review: Review | None) -> list[Planned]:
    """Return the questions to write, in item order, grouping items where that reads well."""
    planned: list[Planned] = []
    previous_passages: tuple[int, ...] = ()
    for item in analysis.dossier.items:
        if not included(analysis, review, item.id):
            previous_passages = ()
            continue
        verdict = effective_verdict(analysis, review, item.id) or Verdict.UNANSWERED
        note = review.mark(item.id).note.strip() if review else ""
        passages = tuple(sorted({link.passage for link in analysis.links.get(item.id, ())}))
        last = planned[-1] if planned else None
        if (
            last is not None
            and verdict.joins_when_shared
            and last.verdict == verdict
            and passages
            and passages == previous_passages
        ):
            notes = last.notes + ((note,) if note else ())
            planned[-1] = Planned(last.items + (item,), verdict, notes)
        else:
            planned.append(Planned((item,), verdict, (note,) if note else ()))
        previous_passages = passages
    return planned


def question_context(analysis: Analysis, planned: Planned, number: int, *,
                     footnotes: frozenset[int] | None = None) -> dict:  # fmt: skip
    """Return the variables a phrase template gets (see templates/README.md)."""
    dossier = analysis.dossier
    if footnotes is None:
        footnotes = wording.footnote_numbers(dossier)
    unmark = lambda text: wording.strip_footnotes(text, footnotes)  # noqa: E731
    items = planned.items
    asks = [unmark(a) for item in items for a in asks_of(item)]
    missing = []
    for item in items:
        suggestion = analysis.suggestions.get(item.id)
        for ask in suggestion.missing if suggestion else ():
            text = unmark(" ".join(tpl.clean_text(ask).split()))
            if text and text not in missing:
                missing.append(text)
    quotes = []
    if planned.verdict is not Verdict.UNANSWERED:
        for item in items:
            quote = unmark(quote_for(analysis, item.id))
            if quote and quote not in quotes:
                quotes.append(quote)
    plural_speakers = wording.speakers(dossier.meta.questioner) > 1
    who = wording.persons(plural_speakers)
    ref = item_ref(items, alone=len(dossier.items) == 1 and not items[0].label.strip(), mine=who["mijn"])
    several = len(asks) > 1 or len(items) > 1
    nee = "nee" if dossier.meta.parliament == "tweede-kamer" else "neen"
    kinds = wording.wanted_kinds(missing or asks)
    kind = ""
    if planned.verdict is Verdict.NO_DATA:
        kind = wording.no_data_kind(*quotes, *(_normal(analysis.answer_for(item.id)) for item in items))
    return {
        **who,
        "nee": nee,
        "parlement": PARLEMENT.get(dossier.meta.parliament, "het parlement"),
        "wanted": wording.wanted_phrase(kinds, nee),
        "wants": kinds,
        "no_data_kind": kind,
        "not_kept": kind == "not_kept",
        "not_yet": kind == "not_yet",
        "ref": ref,
        "Ref": tpl.ucfirst(ref),
        "plural": len(items) > 1,
        "item_ids": [item.id for item in items],
        "number": number,
        "verdict": planned.verdict.value,
        "parliament": dossier.meta.parliament,
        "quote": quotes[0] if quotes else "",
        "asks": unmark(" ".join(asks)),
        "asks_list": asks,
        "missing": unmark(missing_text(missing)),
        "missing_list": missing,
        "note": " ".join(tpl.sentence(tpl.clean_text(n)) for n in planned.notes),
        "mijn_vraag": f"{who['mijn']} vragen" if several else f"{who['mijn']} vraag",
        "vraag": "vragen" if several else "vraag",
        "addressee": tpl.addressee_phrase(dossier.meta.addressee, dossier.meta.addressee_title),
        "title": dossier.meta.title or "",
    }


def item_ref(items: tuple[Item, ...] | list[Item], *, alone: bool = False, mine: str = "mijn") -> str:
    """Return how the follow-up names items: "deelvraag 3d", "de deelvragen 1a en 1b",
    "vraag 2", "de vragen 3 en 4" or "mijn vraag" ("onze vraag") for a question without
    numbering."""
    if alone:
        return f"{mine} vraag"
    ids = [item.id for item in items]
    lettered = [bool(re.fullmatch(r"\d*[a-z]+\d*", i)) for i in ids]
    if len(ids) == 1:
        return ("deelvraag " if lettered[0] else "vraag ") + ids[0]
    if all(lettered):
        return "de deelvragen " + tpl.join_nl(ids)
    if not any(lettered):
        return "de vragen " + tpl.join_nl(ids)
    return tpl.join_nl(item_ref([item]) for item in items)


def missing_text(missing: list[str]) -> str:
    """Return the unanswered asks as running text: whole sentences one after the other, or,
    when some are fragments of a sentence ("wie geen stemrecht heeft"), quoted and listed."""
    if not missing:
        return ""
    if all(m[:1].isupper() for m in missing):
        return " ".join(tpl.sentence(m) for m in missing)
    return tpl.sentence(tpl.join_nl(tpl.quoted(m) for m in missing))


def asks_of(item: Item) -> list[str]:
    """Return the item's asks as sentences; its question sentences when no asks were found."""
    asks = [tpl.sentence(tpl.clean_text(a.text)) for a in item.asks]
    asks = [a for a in asks if a]
    if asks:
        return asks
    text = _normal(item.text)
    questions = [s for s in split_sentences(text) if s.endswith("?")]
    if questions:
        return questions
    return [tpl.sentence(excerpt(text, 60))] if text else []


def quote_for(analysis: Analysis, item_id: str) -> str:
    """Return a short clause of the answer to ``item_id`` to quote: the sentence holding the
    suggestion's answer evidence, else the answer's first sentence, else ""."""
    answer = _normal(analysis.answer_for(item_id))
    if not answer:
        return ""
    sentences = split_sentences(answer)
    suggestion = analysis.suggestions.get(item_id)
    for evidence in suggestion.evidence if suggestion else ():
        if evidence.source != "answer" or not evidence.text.strip():
            continue
        needle = _normal(evidence.text).rstrip(" …").strip(" .").lower()  # evidence may be cut with "…"
        for sentence in sentences:
            if needle and needle in sentence.lower():
                return excerpt(sentence)
        if needle:
            return excerpt(_normal(evidence.text))
    return excerpt(sentences[0]) if sentences else ""


def split_sentences(text: str) -> list[str]:
    """Return the sentences of ``text`` (whitespace already collapsed), as the parser splits
    them; a dash between two sentences ("... - Hoe") also ends one."""
    parts = [text[start:end] for start, end in sentence_spans(text)]
    return [piece.strip() for part in parts for piece in re.split(r"\s+-\s+(?=[A-Z])", part) if piece.strip()]


def excerpt(text: str, max_words: int = QUOTE_WORDS) -> str:
    """Return ``text`` cut to about ``max_words`` words, at a comma where one falls late
    enough, marking the cut with "(…)"."""
    words = text.split()
    if len(words) <= max_words:
        return text.strip()
    head = " ".join(words[:max_words])
    cut = max(head.rfind(", "), head.rfind("; "), head.rfind(": "))
    if cut > len(head) * 0.5:
        head = head[:cut]
    return head.rstrip(" ,;:") + " (…)"


def _normal(text: str) -> str:
    """Return answer or question text on one line: hyphenated line breaks joined, leading
    item labels ("3. a)") and list dashes dropped."""
    text = tpl.clean_text(text or "")
    text = re.sub(r"(\w)-[ \t]*\n[ \t]*(?=[A-Z])", r"\1-", text)
    text = re.sub(r"^\s*(\d{1,2}\s*[.)]\s*)?([a-z]\)\s*)?", "", text)
    return " ".join(text.split())


def default_title(meta: Meta) -> str:
    """Return the default title: the original title followed by " - opvolging"."""
    if meta.title:
        return f"{tpl.ucfirst(' '.join(meta.title.split()))} - opvolging"
    if meta.number:
        return f"Opvolging van schriftelijke vraag nr. {meta.number}"
    return "Opvolgingsvraag"


def opening_text(meta: Meta, count: int, settings: Any = None) -> str:
    """Return the opening paragraph citing the earlier question (number, date, addressee,
    bulletin where known), rendered from the parliament's ``opening.j2``."""
    bulletin = " ".join((meta.bulletin or "").split()).strip()
    if bulletin.startswith("(") and bulletin.endswith(")"):
        bulletin = bulletin[1:-1]
    context = {
        "number": meta.number or "",
        "asked_on": tpl.dutch_date(meta.asked_on),
        "answered_on": tpl.dutch_date(meta.answered_on),
        "title": " ".join((meta.title or "").split()),
        "bulletin": bulletin,
        "session": meta.session or "",
        "addressee": tpl.addressee_phrase(meta.addressee, meta.addressee_title),
        "questioner": tpl.person_name(meta.questioner, meta.parliament),
        "count": count,
        "parliament": meta.parliament,
        **wording.persons(wording.speakers(meta.questioner) > 1),
    }
    return tpl.load_phrases("opening.j2", meta.parliament, settings).render(0, context)


def stray_mark_ids(analysis: Analysis, review: Review | None) -> list[str]:
    """Return the ids the review has marks for that are not items of the dossier (a marks
    file of another document or of an older reading of it), in the review's order."""
    if review is None:
        return []
    known = {item.id for item in analysis.dossier.items}
    return [mark.item_id for mark in review.marks if mark.item_id not in known]


def name_ids(ids: list[str], limit: int = 12) -> str:
    """Return ids for one line of text: "1, 2 en 9", or the first ``limit`` and "en 40 andere"."""
    ids = [" ".join(str(i).split())[:20] for i in ids]
    if len(ids) <= limit:
        return tpl.join_nl(ids)
    return f"{', '.join(ids[:limit])} en {len(ids) - limit} andere"
