"""Text -> Dossier: recognise the house format and parse it with its own module.

``parse(text)`` for a document holding question and answer; ``parse(question, answer=...)``
when they come as two texts. ``hints`` carries metadata known from elsewhere (an open-data
record or row); its non-empty fields win over what the parser reads. ``load`` reads a file
(through ``read``) and parses it.

Imports: the bottom layer and read.
Used by: analysis, drafting, corpus, fetch, worklist, app, commands.
"""

from __future__ import annotations

import bisect
from importlib import import_module
from dataclasses import fields, replace

from pqassist.errors import UnreadableDocument
from pqassist.model import PARLIAMENTS, Dossier, Meta

SEPARATOR = "\n\n"
MAX_CHARS = 3_000_000
FORMATS = PARLIAMENTS

# The house formats, tried in this order: each module has ``looks_like(text)`` and
# ``split_layout(text, answer_from) -> Layout``. A text no format claims is read by
# ``generic`` as "unknown". The Tweede Kamer goes first: its "Vraag 1" headers are the
# most specific sign; a Flemish heading before a federal one.
HOUSE_FORMATS = {
    "tweede-kamer": "pqassist.parse.tweede_kamer",
    "vlaams-parlement": "pqassist.parse.vlaams",
    "kamer": "pqassist.parse.kamer",
}
FALLBACK = "pqassist.parse.generic"


def parse(text: str, *, answer: str | None = None, hints: Meta | None = None, source: str = "") -> Dossier:
    """Return the dossier of ``text`` (question, or question and answer) and ``answer``."""
    from pqassist.parse.clean import clean

    name = source or "het document"
    if not isinstance(text, str) or (not text.strip() and not (answer or "").strip()):
        raise UnreadableDocument(f"{name} is leeg: er staat geen tekst in. Kies het bestand met de vraag.")
    if not text.strip():
        raise UnreadableDocument(f"{name}: de vraag ontbreekt (alleen een antwoord gegeven). Voeg de vraag toe.")
    if len(text) + len(answer or "") > MAX_CHARS:
        raise UnreadableDocument(
            f"{name} is te groot ({len(text) + len(answer or ''):,} tekens; grens {MAX_CHARS:,}). "
            "Open één vraag met haar antwoord, niet een heel bulletin."
        )
    raw = text if answer is None else text + SEPARATOR + answer
    cleaned = clean(raw)
    answer_from = None
    if answer is not None:
        raw_from = len(text) + len(SEPARATOR)
        answer_from = _cleaned_offset(cleaned, raw_from)
    fmt = hints.parliament if hints is not None and hints.parliament in HOUSE_FORMATS else detect(cleaned.text)
    from pqassist.parse.layout import assemble

    layout = import_module(HOUSE_FORMATS.get(fmt, FALLBACK)).split_layout(cleaned.text, answer_from)
    if hints is not None:
        layout.meta = merge_meta(layout.meta, hints)
    return assemble(cleaned, layout, name, lenient=hints is not None)


def detect(text: str) -> str:
    """Return the house format of a cleaned text: the first of ``HOUSE_FORMATS`` that claims
    it, else "unknown"."""
    for name, module in HOUSE_FORMATS.items():
        if import_module(module).looks_like(text):
            return name
    return "unknown"


def merge_meta(found: Meta, hints: Meta) -> Meta:
    """Return ``found`` with every non-empty field of ``hints`` put over it."""
    changes = {}
    for field in fields(Meta):
        value = getattr(hints, field.name)
        if value not in (None, "", (), "unknown"):
            changes[field.name] = value
    return replace(found, **changes)


def _cleaned_offset(cleaned, raw_offset: int) -> int:
    """Return the first cleaned position whose raw offset is at or after ``raw_offset``."""
    if cleaned.index is None:
        return raw_offset
    return bisect.bisect_left(cleaned.index, raw_offset)
