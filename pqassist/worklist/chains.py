"""Follow-up chains: which later question follows up which earlier one.

Two ways a question gets linked to the one it follows up:

- a follow-up drafted in pqassist is linked to the question it was drafted from as soon
  as it is exported (``Store.note_draft``);
- a later question whose text cites the member's own earlier written question ("In
  opvolging van mijn schriftelijke vraag nr. 700 van 25 februari 2016", "Eerder stelde ik
  u hierover al schriftelijke vraag nr. 1079 van 19 oktober 2016") is linked to it when the
  store holds a question of the same member with that number (and that date, if cited).

Only the member's own written questions count: a question of a colleague ("vraag nr. 685
van Olivier Chastel", "van de heer ...") and an oral question ("mondelinge vraag nr. ...",
"Integraal Verslag") are not a follow-up chain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from pqassist.fetch.vlaams_records import parse_date
from pqassist.text import MONTH_WORDS, MONTHS

_DATE = r"\d{1,2}(?:e|ste|de)?\s+(?:" + MONTH_WORDS + r")\s+\d{4}|\d{1,2}[/.-]\d{1,2}[/.-]\d{4}"
_CITE = re.compile(
    r"(?P<kind>\b(?:schriftelijke|mondelinge)\s+)?\bvraag\s+(?:nr\.?|n°|nummer)\s*(?P<num>\d{1,6})"
    r"(?P<tail>\s*,?\s*(?:van|op|d\.d\.)\s+(?P<date>" + _DATE + r"))?",
    re.IGNORECASE,
)
# The member's own question: "mijn (schriftelijke) vraag", or "ik" shortly before it.
_OWN_BEFORE = re.compile(
    r"\b(?:mijn|onze)\s+(?:eerdere\s+|vorige\s+)?(?:parlementaire\s+)?(?:schriftelijke\s+)?$"
    r"|\b(?:stelde|diende|richtte)\s+(?:ik|wij|we)\b[^.?!]{0,40}$"
    r"|\bik\b[^.?!]{0,30}\b(?:stelde|diende|richtte|heb\s+gesteld)\b[^.?!]{0,30}$",
    re.IGNORECASE,
)
_SOMEONE_ELSE = re.compile(r"^\s*,?\s*(?:van\s+)?(?:de\s+heer|mevrouw|collega|het\s+kamerlid)\b|"
                           r"^[^)]{0,40}\bvan\s+(?:de\s+heer|mevrouw|collega)\b", re.IGNORECASE)
_ORAL_AFTER = re.compile(r"^[^.]{0,80}(?:Integraal\s+Verslag|CRIV|commissie\s+voor)", re.IGNORECASE)


@dataclass(frozen=True)
class Citation:
    """A cited earlier written question of the member: its number and, if given, its date."""

    number: str
    asked_on: date | None
    text: str


def find_citations(text: str | None) -> list[Citation]:
    """Return the member's own earlier written questions that ``text`` cites, in order."""
    found: list[Citation] = []
    for match in _CITE.finditer(text or ""):
        kind = (match.group("kind") or "").strip().lower()
        if kind == "mondelinge":
            continue
        before = text[max(0, match.start() - 80): match.start()]
        if not _OWN_BEFORE.search(before):
            continue
        after = text[match.end(): match.end() + 120]
        if _SOMEONE_ELSE.search(after) or _ORAL_AFTER.search(after):
            continue
        cited = Citation(match.group("num"), _cited_date(match.group("date")), match.group(0))
        if all(c.number != cited.number for c in found):
            found.append(cited)
    return found


def _cited_date(text: str | None) -> date | None:
    if not text:
        return None
    m = re.fullmatch(r"(\d{1,2})(?:e|ste|de)?\s+(\w+)\s+(\d{4})", text.strip(), re.IGNORECASE)
    if m:
        try:
            return date(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)))
        except (KeyError, ValueError):
            return None
    return parse_date(text)


def pick_original(citation: Citation, candidates, *, before: date | None = None):
    """Return the candidate question the citation names, or None when unclear.

    ``candidates`` are the member's questions with the cited number (objects with
    ``asked_on`` and ``minister``). A cited date must match the day asked (give or take
    three days: members cite the day sent, the record the day registered); without a
    date, the latest question asked before ``before`` wins when it is the only one.
    """
    earlier = [c for c in candidates if before is None or c.asked_on is None or c.asked_on <= before]
    if citation.asked_on is not None:
        near = [c for c in earlier if c.asked_on and abs((c.asked_on - citation.asked_on).days) <= 3]
        return near[0] if len(near) == 1 else None
    return earlier[0] if len(earlier) == 1 else None
