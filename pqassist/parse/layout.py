"""Where the parts of a document are, as a format parser sees them, and the common assembly.

A format module (``vlaams``, ``kamer``, ``tweede_kamer``, ``generic``) returns a ``Layout``:
spans of the cleaned text for headers, title, question body and answer body, plus the
metadata it read; a format that finds its items and passages by headers of its own (the
Tweede Kamer's "Vraag 3" / "Antwoord 3") hands them over ready. ``assemble`` turns every
layout into a Dossier the same way: the shared item and passage parsers where needed, one
"no question" error and one "no answer" notice for all formats.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pqassist.errors import NoQuestionFound
from pqassist.model import Dossier, Meta
from pqassist.parse.build import build_dossier
from pqassist.parse.clean import Cleaned
from pqassist.parse.items import ItemSpan, QuestionBody, parse_question_body, trim
from pqassist.parse.passages import PassageSpan, parse_answer_body

NO_ANSWER_NOTICE = "Er is (nog) geen antwoord bij deze vraag: alle deelvragen staan als onbeantwoord."


@dataclass
class Layout:
    """Spans (cleaned-text offsets) of a document's parts and the metadata read from it."""

    format: str
    meta: Meta = field(default_factory=Meta)
    header: list[tuple[int, int]] = field(default_factory=list)
    title: tuple[int, int] | None = None
    question: tuple[int, int] = (0, 0)
    answer: tuple[int, int] | None = None
    answer_start: int | None = None
    notices: list[str] = field(default_factory=list)
    items: list[ItemSpan] | None = None  # found by the format itself (then question is unused)
    passages: list[PassageSpan] | None = None  # likewise for answer
    labels: list[tuple[int, int]] = field(default_factory=list)  # the format's own item headers
    missing: str = "geen vraagzin of verzoek gevonden"  # what "no question" means in this format


NO_ASK_NOTICE = "Geen vraagzin of verzoek herkend: de hele vraag staat als één deelvraag."


def assemble(cleaned: Cleaned, layout: Layout, source: str = "", lenient: bool = False) -> Dossier:
    """Return the dossier for ``cleaned`` laid out as ``layout``; raise when it asks nothing.

    ``lenient``: the text is known to be a question (an open-data row), so a body without a
    recognisable ask becomes one item with a notice instead of an error.
    """
    text = cleaned.text
    if layout.items is not None:
        body = QuestionBody(layout.items, [], layout.labels)
    else:
        body = parse_question_body(text, *layout.question)
    if not body.items and lenient and layout.items is None:
        q_start, q_end = trim(text, *layout.question)
        if q_end > q_start:
            body = QuestionBody([ItemSpan("1", "", q_start, q_end)], [], [])
            layout.notices.append(NO_ASK_NOTICE)
    if not body.items:
        raise NoQuestionFound(
            f"In {source or 'dit document'} staat geen vraag: {layout.missing}. "
            "Open de schriftelijke vraag zelf (of vraag en antwoord samen)."
        )
    passages, intro = list(layout.passages or []), []
    if layout.passages is None and layout.answer is not None:
        passages, intro = parse_answer_body(text, *layout.answer, body.items)
    notices = list(layout.notices)
    if not any(text[p.start : p.end].strip() for p in passages):
        passages = []
        notices.append(NO_ANSWER_NOTICE)
    spans = [(s, e, "header", "") for s, e in layout.header]
    if layout.title:
        spans.append((*layout.title, "title", ""))
    spans += [(s, e, "context", "") for s, e in body.context]
    spans += [(s, e, "label", "") for s, e in body.labels]
    spans += [(s, e, "unassigned", "") for s, e in intro]
    answer_start = layout.answer_start
    if answer_start is None:
        answer_start = layout.answer[0] if layout.answer else len(text)
    return build_dossier(
        cleaned,
        format=layout.format,
        meta=layout.meta,
        items=body.items,
        passages=passages,
        spans=spans,
        answer_start=answer_start,
        notices=notices,
    )
