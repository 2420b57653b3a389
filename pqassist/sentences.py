"""Split Dutch text into sentences and find its asks (questions and requests).

Every layer may use it; it imports only ``pqassist.text``.
"""

from __future__ import annotations

import re

from pqassist.text import TextCache

# --- sentences -------------------------------------------------------------------------

ABBREVIATIONS = {
    "nr", "nrs", "art", "artt", "bv", "bijv", "bvb", "vb", "dhr", "mevr", "mr", "dr", "prof",
    "blz", "p", "pp", "vs", "cf", "enz", "ca", "resp", "incl", "excl", "min", "max", "tel",
    "o.a", "i.e", "e.a", "d.w.z", "m.b.t", "i.v.m", "t.e.m", "t.o.v", "m.a.w", "a.d.h.v",
    "z.g", "zgn", "ong", "jl", "jan", "feb", "febr", "aug", "sept", "okt", "nov", "dec",
    "st", "kb", "k.b", "b.s", "bs", "vzw", "nv", "bvba", "par", "hfst", "fig", "ivm", "mbt",
    "cfr", "ibid", "id", "al", "lid", "punt",
}

# A sentence ends at . ! ? followed by space(s) and a capital/quote/digit/bullet, or glued
# directly to a capital (federal text lost its line breaks: "werd.Het", "niet?Zo ja").
_SENTENCE_END = re.compile(
    r"""(?:
        (?<=[.!?…])["'”’»)]*(?:(?<=\?)\d{1,2}(?:,\s?\d{1,2})*)?\s+(?=[\"'“‘«(\[A-ZÀ-Ý0-9•\-–])
      | (?<=[a-zà-ÿ)%]{2}[.!?])(?=[A-ZÀ-Ý][a-zà-ÿ])
      | (?<=[?!])(?=[A-ZÀ-Ý])
      | \n[ \t]*\n\s*
    )""",
    re.VERBOSE,
)


_SPLITS = TextCache(max_chars=4_000_000, max_entries=20_000)


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Return (start, end) spans of the sentences in ``text[start:end]``, whitespace trimmed."""
    end = len(text) if end is None else end
    key = (text, start, end)
    found = _SPLITS.get(key)
    if found is None:
        found = _sentence_spans(text, start, end)
        _SPLITS.put(key, found, len(text))
    return list(found)


def _sentence_spans(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    """Return the sentence spans: a sentence end can only follow . ! ? … or start at a line
    break, so the full pattern is tried only at those places (in order, as ``finditer`` would)."""
    spans: list[tuple[int, int]] = []
    pos = start
    reach = start  # no match may start before the end of the previous one
    match_at = _SENTENCE_END.match
    for at in _mark_positions(text, start, end):
        if text[at] != "\n":
            at += 1  # just after the mark
        if at < reach or at >= end:
            continue
        match = match_at(text, at, end)
        if match is None:
            continue
        reach = max(match.end(), at + 1)
        cut = match.start()
        if _no_end_at(text, cut):
            continue
        _add_span(text, pos, cut, spans)
        pos = match.end()
    _add_span(text, pos, end, spans)
    return tuple(spans)


def _mark_positions(text: str, start: int, end: int) -> list[int]:
    """Return, ascending, where . ! ? … or a line break stands in ``text[start:end]``."""
    found = []
    find = text.find
    for mark in _SENTENCE_MARKS:
        pos = find(mark, start, end)
        while pos != -1:
            found.append(pos)
            pos = find(mark, pos + 1, end)
    found.sort()
    return found


_SENTENCE_MARKS = ".!?…\n"


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def _mark_before(text: str, cut: int) -> int:
    """Return the index of the punctuation mark ending the sentence cut at ``cut`` (closing
    quotes and brackets after it skipped), -1 when there is none."""
    stop = cut - 1
    while stop >= 0 and text[stop] in "\"'”’»)":
        stop -= 1
    return stop


def _no_end_at(text: str, cut: int) -> bool:
    """Return True when the mark before ``cut`` ends no sentence: the full stop of an
    abbreviation ("nr.", "bv.") or a '?' that stands for a lost character ("artikel 4, ? 2")."""
    stop = _mark_before(text, cut)
    if stop < 0:
        return False
    mark = text[stop]
    if mark == ".":
        return _abbreviation_before(text, stop) or amount_split_at(text, stop)
    return mark == "?" and stop > 0 and text[stop - 1] in " \t,"


_AMOUNT_REST = re.compile(r"[ \t\u00a0]+\d{3}[.,]\d{3}(?!\d)")


def amount_split_at(text: str, stop: int) -> bool:
    """Return True when the full stop at ``stop`` is the thousands mark of an amount printed
    with a space after it ("1. 073.293 euro", "telden wij 2. 757.722 oproepen"): one to three
    digits before it, none of another number, and a group of three digits and a mark after."""
    digits = stop
    while digits > 0 and text[digits - 1].isdigit():
        digits -= 1
    if not 1 <= stop - digits <= 3 or (digits > 0 and text[digits - 1] in ".,"):
        return False
    return _AMOUNT_REST.match(text, stop + 1) is not None


def _abbreviation_before(text: str, stop: int) -> bool:
    """Return True when the full stop at ``stop`` ends an abbreviation or an initial."""
    word_start = stop
    while word_start > 0 and (text[word_start - 1].isalpha() or text[word_start - 1] == "."):
        word_start -= 1
    word = text[word_start:stop].lower()
    if not word:
        return False
    # "nr.", "bv.", "o.a." and initials such as "J." do not end a sentence
    return word in ABBREVIATIONS or (len(word) == 1 and text[word_start].isupper())


# --- asks ------------------------------------------------------------------------------

INTERROGATIVE = re.compile(
    r"^[\"'“‘«(]*(?:en\s+|maar\s+|ook\s+|tevens\s+|voorts\s+|verder\s+)?"
    r"(?:kan|kunt|kunnen|kon|zal|zult|zullen|zou|zouden|wil|wilt|willen|mag|mogen|moet|moeten|"
    r"is|zijn|was|waren|wordt|worden|werd|werden|heeft|hebt|heb|hebben|had|hadden|"
    r"deelt|klopt|kent|herkent|herinnert|bent|acht|vindt|ziet|overweegt|"
    r"wat|welk|welke|wie|wiens|waar|waarom|wanneer|hoe|hoeveel|hoelang|in hoeverre|"
    r"op welke|in welke|aan welke|voor welke|met welke|om welke|sinds wanneer|tegen wanneer|"
    r"bestaat|bestaan|gaat|gaan|komt|komen|geldt|gelden|valt|vallen|staat|staan|"
    r"beschikt|beschikken|plant|voorziet|denkt|neemt|verwacht|beschouwt|erkent)\b",
    re.IGNORECASE,
)
_QUESTION_END = re.compile(r"\?[\"'”’»)\]]*(?:\d{1,2}(?:,\s*\d{1,2})*)?\s*$")
_CONDITIONAL = re.compile(r"^(?:zo\s+(?:ja|nee|neen|niet)|indien\s+(?:ja|niet|neen|nee)|en\s+zo\s+ja|zo\s+ja\s+en\s+zo\s+nee)\b", re.I)


def is_ask(sentence: str) -> bool:
    """Return True when ``sentence`` asks something: a question or a request."""
    s = sentence.strip()
    if not s:
        return False
    if _QUESTION_END.search(s):
        return True
    if _QUESTION_TAIL.search(s[-12:]) and not _lost_in_tail(s):
        return True
    head = s[:60]
    if _TOPIC.match(s):
        return False  # "Wat de teruggekeerde FTF'ers betreft." names a topic, it asks nothing
    if INTERROGATIVE.match(head) and len(s) < 600 and not s.endswith(":"):
        # "Kan de minister ... bezorgen." - interrogative word order without the mark
        first = head.split()[0].lower().strip("\"'“‘«(")
        if first in {"graag", "kan", "kunt", "kunnen", "wil", "wilt", "zou", "welke", "hoeveel", "wat", "hoe", "waarom", "wanneer", "wie", "waar"}:
            return True
    if _REQUEST_OPENING.match(s):
        return True
    return _has_request_phrase(s)


_QUESTION_TAIL = re.compile(r"\?[\"'”’»)\]\s\d,]*$")
# "Wat de kostprijs betreft.", "Wat betreft de kostprijs:" - a topic named as a heading, no question
_TOPIC = re.compile(
    r"^[\"'“‘«(]*(?:voor\s+)?wat\s+(?:(?:de|het|uw|deze|dit|die|mijn|onze|hun|zijn|haar)\s+[^?,]{0,150}?\bbetreft"
    r"|betreft\s+[^?,]{1,150}?)\s*[.:;]?$",
    re.IGNORECASE,
)
_REQUEST_OPENING = re.compile(
    r"^[\"'“‘«(]*(graag|gelieve|ik verneem graag|ik had graag|ik zou graag|ik wens|mag ik|ik vraag)\b", re.I
)
_PLEASE_OPENING = re.compile(r"^[\"'“‘«(]*(graag|gelieve)\b", re.I)


# Requests that do not open the sentence: "... nr. 112).Graag had ik een overzicht gehad ..."
_REQUEST_PHRASE = re.compile(
    r"\b(?:graag had ik|had ik graag|zou ik graag|ik zou graag|verneem ik graag|ik verneem graag|"
    r"wens ik te vernemen|dring (?:er )?(?:dan ook )?(?:op )?aan|dank u (?:dan ook )?(?:bij voorbaat|alvast) voor|"
    r"(?<![a-z] )graag (?:een|de|het|ook|hierbij|per|meer|alle|cijfers|aangeven|vernemen|vermelden|een overzicht))\b",
    re.IGNORECASE,
)


# Every request phrase holds one of these words: where none is in the lower-cased sentence
# (and lower-casing neither moved letters nor left one the pattern folds: "İ", "ı", "ſ"),
# the phrase pattern need not run.
_REQUEST_WORDS = ("graag", "wens", "dring", "dank")


def _has_request_phrase(s: str) -> bool:
    """Return True when ``_REQUEST_PHRASE`` is found in ``s``."""
    low = s.lower()
    if len(low) == len(s) and "ı" not in low and "ſ" not in low and not any(w in low for w in _REQUEST_WORDS):
        return False
    return _REQUEST_PHRASE.search(s) is not None


def is_lead_in(sentence: str) -> bool:
    """Return True for a sentence that asks through the list after it ("Kan u ... geven van:")."""
    s = sentence.strip()
    return s.endswith(":") and bool(INTERROGATIVE.match(s[:60]) or _has_request_phrase(s) or _PLEASE_OPENING.match(s))


def _lost_in_tail(s: str) -> bool:
    idx = s.rfind("?")
    return idx > 0 and s[idx - 1] in " ,"


def is_conditional(sentence: str) -> bool:
    """Return True for a follow-on ask such as "Zo ja, welke?" or "Zo neen, waarom niet?"."""
    return bool(_CONDITIONAL.match(sentence.strip()))


def ask_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Return the spans of the sentences in ``text[start:end]`` that ask something."""
    return [(s, e) for s, e in sentence_spans(text, start, end) if is_ask(text[s:e])]
