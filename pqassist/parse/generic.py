"""Any other document: a title line, numbered or unnumbered questions, an optional answer.

The answer starts after a line that says "Antwoord" (or at the separate answer file). A text
pasted as question then answer, with no heading between them, is split where the numbering
starts again at 1 after the questions asked, or else at the paragraph after the paragraphs
that ask (``guess_answer_start``).
"""

from __future__ import annotations

import re

from pqassist.model import Meta
from pqassist.parse.layout import Layout
from pqassist.parse.markers import Marker, find_candidates
from pqassist.sentences import ask_spans, is_lead_in, sentence_spans
from pqassist.text import squash

ANSWER_LINE = re.compile(r"(?im)^[ \t]*(?:antwoord(?:\s+van\s+[^\n]{0,120})?|het antwoord)[ \t]*:?[ \t]*$")


def split_layout(text: str, answer_from: int | None = None) -> Layout:
    """Return the layout of a plain document: title line, question body, answer body."""
    layout = Layout(format="unknown", meta=Meta(parliament="unknown"))
    q_end = len(text) if answer_from is None else answer_from
    if answer_from is None:
        heading = ANSWER_LINE.search(text)
        if heading:
            q_end = heading.start()
            layout.header.append((heading.start(), heading.end()))
            layout.answer = (heading.end(), len(text))
            layout.answer_start = heading.start()
        else:
            guessed = guess_answer_start(text, 0, len(text))
            if guessed is not None:
                q_end = guessed
                layout.answer = (guessed, len(text))
                layout.answer_start = guessed
    else:
        layout.answer = (answer_from, len(text))
        layout.answer_start = answer_from
    first = re.compile(r"\s*([^\n]*)").match(text, 0)
    q_start = 0
    line = first.group(1)
    rest = text[first.end(1) : q_end]
    if line and len(line) <= 200 and "?" not in line and rest.strip() and not re.match(r"\s*\d+[.)]\s", line):
        layout.title = (first.start(1), first.end(1))
        layout.meta = Meta(parliament="unknown", title=squash(line).rstrip(". "))
        q_start = first.end(1)
    layout.question = (q_start, q_end)
    return layout


_PARAGRAPH = re.compile(r"\n[ \t\u00a0]*\n\s*")


def guess_answer_start(text: str, start: int, end: int) -> int | None:
    """Return where the answer starts in ``text[start:end]`` holding question then answer
    without a heading between them, or None when no answer is recognised.

    First choice: the numbering starts again at 1 after the question's numbered units (the
    answer follows the question's numbering); the answer then starts at the first paragraph
    break after the question's last number and last ask, or at that 1 itself. Otherwise:
    the paragraph after the run of paragraphs that end by asking.
    """
    restart = _numbering_restart(text, start, end)
    if restart is not None:
        restart_at, last_number = restart
        asks = [a for a in ask_spans(text, start, restart_at) if a[1] <= restart_at]
        after = max(last_number, asks[-1][1] if asks else start)
        brk = _PARAGRAPH.search(text, after, restart_at)
        return brk.end() if brk else restart_at
    paragraphs = _paragraphs(text, start, end)
    first = next((i for i, (s, e) in enumerate(paragraphs) if "?" in text[s:e] or ask_spans(text, s, e)), None)
    if first is None:
        return None
    last = first
    while last + 1 < len(paragraphs) and _ends_asking(text, *paragraphs[last + 1]):
        last += 1
    rest = [span for span in paragraphs[last + 1 :] if not _QUESTION_NOTE.match(text, span[0])]
    if not rest or len(text[rest[0][0] : end].strip()) < 20:
        return None
    return rest[0][0]


def _numbering_restart(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Return (offset of a "1." that starts a second numbering after a numbered question,
    end of the question's last number before it), or None.

    The numbering before it must ask: a question or request between the two 1s (not the
    lead-in "Kunt u ... opgeven:" right before the second), or a lead-in right before the
    first ("Kunt u meedelen: 1. het aantal ...; 2. ...").
    """
    numbers = [m for m in find_candidates(text, start, end) if m.kind == "number" and m.quality >= 1]
    previous = None
    for index, marker in enumerate(numbers):
        if marker.value != "1":
            continue
        if previous is not None:
            between = [m for m in numbers[previous + 1 : index] if m.value != "1"]
            if any(m.value == "2" for m in between) and _numbering_asks(text, start, numbers[previous], marker):
                return marker.start, between[-1].end
        previous = index
    return None


def _numbering_asks(text: str, start: int, first: Marker, second: Marker) -> bool:
    """Return True when the numbered units from ``first`` up to ``second`` ask something."""
    if _lead_in_before(text, start, first.start):
        return True
    asks = ask_spans(text, first.end, second.start)
    return any(not text[s:e].rstrip().endswith(":") for s, e in asks)


def _lead_in_before(text: str, start: int, pos: int) -> bool:
    """Return True when the sentence ending at ``pos`` asks through the list after it."""
    sentences = sentence_spans(text, max(start, pos - 600), pos)
    return bool(sentences) and is_lead_in(text[sentences[-1][0] : sentences[-1][1]])


def _ends_asking(text: str, start: int, end: int) -> bool:
    """Return True when the paragraph ``text[start:end]`` ends with a question mark or opens
    its last sentence with a request such as "Graag had ik ..." (a question's closing request).

    Other asks do not count here: answers open with "Wat ... betreft" or "Ik wens ...".
    """
    sentences = sentence_spans(text, start, end)
    if not sentences:
        return False
    last = text[sentences[-1][0] : sentences[-1][1]].strip()
    return bool(_QUESTION_MARK_END.search(last) or _CLOSING_REQUEST.match(last))


# a closing line of the question, not an answer: "Deze vraag werd ook gesteld aan ..."
_QUESTION_NOTE = re.compile(r"\s*(?:Deze vraag (?:werd|is) (?:ook |eveneens )?gesteld aan|Vraag (?:ook )?gesteld aan)", re.I)
_QUESTION_MARK_END = re.compile(r"\?[\"'”’»)\]]*\s*(?:\d{1,2}(?:,\s*\d{1,2})*)?$")
_CLOSING_REQUEST = re.compile(
    r"^[\"'“‘«(]*(?:graag\s+(?:had|zou|verneem|ontving|kreeg|wil|wens)\s+ik|gelieve\s+(?:mij|me|ons)|"
    r"ik\s+(?:verneem|had|zou|ontvang|kreeg)\s+graag)\b",
    re.I,
)


def _paragraphs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Return the (start, end) of the non-empty paragraphs of ``text[start:end]``."""
    spans, pos = [], start
    for brk in _PARAGRAPH.finditer(text, start, end):
        if text[pos : brk.start()].strip():
            spans.append((pos, brk.start()))
        pos = brk.end()
    if text[pos:end].strip():
        spans.append((pos, end))
    return spans
