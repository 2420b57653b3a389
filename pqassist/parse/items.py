"""Turn the body of a question into items: numbered or lettered units that ask something.

A unit without an ask ("3. Deze deelvraag gaat over de koepelstructuur." before "a)", or a
lettered statement before the next letter) is context for the item that follows. A
question without numbering is one item, ``1``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pqassist.parse.markers import Marker, fill_glued, find_candidates, select_sequence
from pqassist.sentences import ask_spans, is_lead_in, sentence_spans


@dataclass
class ItemSpan:
    """An item found in cleaned text (offsets are cleaned-text offsets)."""

    id: str
    label: str
    start: int
    end: int
    label_start: int | None = None
    label_end: int | None = None
    asks: list[tuple[int, int]] = field(default_factory=list)
    context: list[tuple[int, int]] = field(default_factory=list)
    extra_labels: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class QuestionBody:
    """What a question body holds: its items and the context spans outside any item."""

    items: list[ItemSpan]
    context: list[tuple[int, int]]
    labels: list[tuple[int, int]]  # printed markers that belong to no item (context units)


_TRAILING_NOTE = re.compile(r"^(?:Deze vraag werd (?:ook )?gesteld aan|Deze vraag is (?:ook )?gesteld aan|Vraag gesteld aan)", re.I)


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Return ``(start, end)`` with surrounding whitespace excluded."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def parse_question_body(text: str, start: int, end: int) -> QuestionBody:
    """Return the items and context of the question body ``text[start:end]``."""
    markers = fill_glued(text, select_sequence(find_candidates(text, start, end)), start, end)
    if not markers:
        return _unnumbered(text, start, end)
    context = [trim(text, start, markers[0].start)]
    units = _units(text, markers, end)
    items: list[ItemSpan] = []
    free_labels: list[tuple[int, int]] = []
    pending: list[tuple[int, int]] = []
    pending_labels: list[tuple[int, int]] = []
    list_lead_in = _ends_with_lead_in(text, start, markers[0].start)
    parent_lead_in = False
    for index, (unit_id, marker, (u_start, u_end), printed) in enumerate(units):
        asks = ask_spans(text, u_start, u_end)
        if asks and marker.kind == "number" and index + 1 < len(units) and units[index + 1][1].kind == "letter" \
                and all(_ends_with_colon(text, e) for _, e in asks):
            asks = []  # "1. Graag vernam ik per jaar: a) ...; b) ...": the letters ask, this leads into them
        lead_in = list_lead_in if marker.kind == "number" else parent_lead_in
        if marker.kind == "number":
            parent_lead_in = _ends_with_lead_in(text, u_start, u_end)
        if not asks and lead_in and u_end > u_start:
            asks = [(u_start, u_end)]  # "Kunt u per provincie meedelen: 1. het aantal ...;"
        label_span = (marker.start, _label_end(text, marker))
        if asks:
            item = ItemSpan(unit_id, printed, u_start, u_end, label_span[0], label_span[1], asks, pending)
            item.extra_labels = pending_labels
            items.append(item)
            pending, pending_labels = [], []
        else:
            if u_end > u_start:
                pending = pending + [(u_start, u_end)]
            pending_labels = pending_labels + [label_span]
    if pending or pending_labels:
        # a last unit without an ask: context of the whole question
        context.extend(pending)
        free_labels.extend(pending_labels)
    for item in items:
        free_labels.extend(item.extra_labels)
    if items:
        _split_trailing_note(text, items[-1], context)
    elif not any(ask_spans(text, s, e) for s, e in context if e > s):
        return QuestionBody([], [c for c in context if c[1] > c[0]], free_labels)
    else:
        return _unnumbered(text, start, end)
    return QuestionBody(items, [c for c in context if c[1] > c[0]], free_labels)


def _ends_with_colon(text: str, end: int) -> bool:
    """Return True when the last character before ``end`` that is not white space is a colon."""
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end > 0 and text[end - 1] == ":"


def _ends_with_lead_in(text: str, start: int, end: int) -> bool:
    """Return True when ``text[start:end]`` ends with a sentence that asks through a list."""
    sentences = sentence_spans(text, start, end)
    return bool(sentences) and is_lead_in(text[sentences[-1][0] : sentences[-1][1]])


def _units(text: str, markers: list[Marker], end: int):
    """Yield (id, marker, (start, end) of its own text, printed label) for each marker."""
    number = ""
    out = []
    for index, marker in enumerate(markers):
        unit_end = markers[index + 1].start if index + 1 < len(markers) else end
        u_start, u_end = trim(text, marker.end, unit_end)
        if marker.kind == "number":
            number = marker.value
            unit_id = number
        else:
            unit_id = f"{number}{marker.value}"
        printed = text[marker.start : _label_end(text, marker)]
        if marker.kind == "letter" and index > 0 and markers[index - 1].kind == "number":
            prev = markers[index - 1]
            if prev.end >= marker.start:  # "1. a)": print both
                printed = text[prev.start : _label_end(text, marker)]
        out.append((unit_id, marker, (u_start, u_end), " ".join(printed.split())))
    return out


def _label_end(text: str, marker: Marker) -> int:
    end = marker.end
    while end > marker.start and text[end - 1].isspace():
        end -= 1
    return end


def _unnumbered(text: str, start: int, end: int) -> QuestionBody:
    """Return one item ``1`` holding the whole body when it asks something."""
    start, end = trim(text, start, end)
    asks = ask_spans(text, start, end)
    if not asks:
        return QuestionBody([], [(start, end)] if end > start else [], [])
    item = ItemSpan("1", "", start, end, None, None, asks, [])
    context: list[tuple[int, int]] = []
    _split_trailing_note(text, item, context)
    return QuestionBody([item], context, [])


def _split_trailing_note(text: str, item: ItemSpan, context: list[tuple[int, int]]) -> None:
    """Move a closing note such as "Deze vraag werd gesteld aan ..." out of the last item."""
    for s, e in sentence_spans(text, item.start, item.end):
        if _TRAILING_NOTE.match(text[s:e]) and not any(a[0] >= s for a in item.asks):
            context.append((s, item.end))
            item.end = trim(text, item.start, s)[1]
            return
