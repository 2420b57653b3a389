"""HTML of the draft panel: the whole follow-up draft with its questions marked, and the
open item's own question in it (or why it is not in it)."""

from __future__ import annotations

from pqassist.app.format import esc
from pqassist.app.style import question_cursor, scroll_to_question


def preview_html(text: str, numbers=()) -> str:
    """Return the follow-up draft text as a preformatted, escaped block in which the paragraph
    of each question in ``numbers`` (the one that starts with "N. " on a line of its own) is
    wrapped in ``<mark class="pqa-q" data-q="N">``, unmarked until ``question_cursor`` marks
    the open item's question: the block stays the same while the staffer switches items."""
    spans = []
    for number in numbers:
        start = text.find(f"\n{int(number)}. ")
        if start != -1:
            end = text.find("\n\n", start + 1)
            spans.append((start + 1, len(text) if end == -1 else end, int(number)))
    parts, done = [], 0
    for start, end, number in sorted(spans):
        if start < done:
            continue
        parts += [esc(text[done:start]), f'<mark class="pqa-q" data-q="{number}">', esc(text[start:end]), "</mark>"]
        done = end
    parts.append(esc(text[done:]))
    return f'<pre class="pqa-preview">{"".join(parts)}</pre>{scroll_to_question()}'


def current_draft_html(item_id: str, question, included: bool) -> str:
    """Return the side panel's text for the open item: its question in the follow-up
    (``question`` a FollowUpQuestion or None), or why it is not in it; with what marks that
    question in the whole draft (``question_cursor``)."""
    head = question_cursor(question.number if question else None) + f"<h4>Opvolgingsvraag bij deelvraag {esc(item_id)}</h4>"
    if question is None:
        why = ("Deze deelvraag komt niet in de opvolgingsvraag. Vink \u2018opnemen in "
               "opvolgingsvraag\u2019 aan om ze op te nemen." if not included else
               "Deze deelvraag is opgenomen maar leverde geen tekst op.")
        return f'{head}<div class="pqa-current-draft"><span class="pqa-out-note">{esc(why)}</span></div>'
    together = ""
    if len(question.item_ids) > 1:
        together = f'<div class="pqa-muted">samen met {esc(", ".join(i for i in question.item_ids if i != item_id))}</div>'
    return (f'{head}<div class="pqa-current-draft"><b>{question.number}.</b> {esc(question.text)}{together}</div>')
