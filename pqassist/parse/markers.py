"""Find printed numbering in running text: "1.", "2. a)", "b)", glued or at line starts.

Federal Chamber text lost its line breaks, so numbers stick to the previous sentence
("hoe?2. Zou er") and to units ("8.256 m22. Dit gebouw" is m² then item 2). A marker is
accepted only when it continues the sequence (1, 2, 3 ...; a, b, c ... under a number),
and among candidates for the same number the best placed one wins: at a line start,
then after a sentence end, then anywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pqassist.text import digit_starts, finditer_at, letter_paren_starts

# Words after which a number is a reference, not a label: "vraag 4.", "artikel 3."
REFERENCE_WORDS = {
    "vraag", "vragen", "antwoord", "antwoorden", "punt", "punten", "artikel", "artikels",
    "artikelen", "art", "nr", "nrs", "nummer", "hoofdstuk", "bijlage", "bijlagen", "fase",
    "stap", "paragraaf", "lid", "deel", "pagina", "blz", "p", "versie", "niveau", "categorie",
    "type", "zone", "klasse", "graad", "tabel", "figuur", "en", "tot", "of", "van", "op",
    "pijler", "doelstelling", "actie", "maatregel", "spoor", "luik", "as", "rubriek",
    "vraagstelling", "deelvraag", "deelvragen", "onder", "met", "zie", "cf", "cfr", "rubrieken",
}

NUM = r"(?:\d{1,2}|[1-9]\d{2,4})"  # an item number: 1 to 99999 (numbering goes past 99)
_NUMBER = re.compile(
    r"(?<![\w.,/\-–])(?P<value>" + NUM + r")\s?[.)]"
    r"(?=\s*(?:[a-z]\)|[A-ZÀ-Ý\"'“‘«(])|\s+[a-zà-ÿ])"
)
_NUMBER_AFTER_STOP = re.compile(
    r"(?<=[a-zà-ÿA-Z)][.])(?P<value>" + NUM + r")\s?[.)](?=[ \t\u00a0]*(?:[a-z]\)|[A-ZÀ-Ý\"'“‘«]))"
)
_LETTER = re.compile(r"(?<![\w(\[/\-])(?P<value>[a-z])\)(?=[ \t\u00a0\n]*\S)")


@dataclass(frozen=True)
class Marker:
    """One printed number or letter: where it is, its value and how well it is placed."""

    start: int
    end: int  # end of the marker including the whitespace after it
    kind: str  # "number" | "letter"
    value: str  # "3" or "b"
    quality: int  # 2 line start, 1 after a sentence end, 0 elsewhere


def placement(text: str, pos: int, letter: bool = False) -> int | None:
    """Return how well a marker at ``pos`` is placed (2, 1, 0), or None when it is a reference.

    A full stop after a digit ends a sentence before a letter marker ("2017.b)") but is a
    decimal or thousands separator before a number ("9. 877.437").
    """
    back = pos - 1
    while back >= 0 and text[back] in " \t\u00a0":
        back -= 1
    glued = back == pos - 1
    line_start = back < 0 or text[back] == "\n"
    gap_end = back
    while back >= 0 and text[back].isspace():
        back -= 1
    if back < 0 or "\n\n" in text[back + 1 : gap_end + 1].replace(" ", "").replace("\t", ""):
        return 2  # at the start, or after a blank line: a new paragraph, not a continued sentence
    char = text[back]
    if char == "." and not letter and _word_before(text, back) in ABBREVIATED_REFERENCES:
        return None  # "vragen nrs. 1., 2. en 3." and "art. 4." name numbers, they print no label
    if char in "?!:;\"'»”’)" or (char == "." and back > 0 and (letter or not text[back - 1].isdigit() or _after_year(text, back))):
        return 2 if line_start else 1
    if glued and not line_start:
        return None  # glued to a word or number: "m22." is m2 then 2, found another way
    word_start = back
    while word_start > 0 and (text[word_start - 1].isalpha() or text[word_start - 1] == "."):
        word_start -= 1
    word = text[word_start : back + 1].strip(".").lower()
    if word in REFERENCE_WORDS:
        return None  # "mijn antwoord op vraag\n4." is a reference
    return 2 if line_start else 0


ABBREVIATED_REFERENCES = {"nr", "nrs", "art", "artt", "blz", "p", "pp", "cf", "cfr", "zie"}


def _word_before(text: str, dot: int) -> str:
    """Return the lower-cased word that ends right before position ``dot`` ("" for a single
    capital: an initial or a name such as "Comité P", not the abbreviation "p.")."""
    start = dot
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    word = text[start:dot]
    return "" if len(word) == 1 and word.isupper() else word.lower()  # "Comité P." is a name


def _after_year(text: str, dot: int) -> bool:
    """Return True when the full stop at ``dot`` ends a year ("... in 2018.3. a)")."""
    year = text[max(0, dot - 5) : dot]
    return len(year) == 5 and not year[0].isdigit() and year[1:].isdigit() and year[1:3] in ("19", "20")


def find_candidates(text: str, start: int, end: int) -> list[Marker]:
    """Return every plausible number or letter marker in ``text[start:end]``, in order."""
    found: dict[int, Marker] = {}
    digits = digit_starts(text, start, end)  # where a number can begin
    letters = letter_paren_starts(text, start, end, any_letter=False)  # where a letter can
    for pattern, kind, starts in ((_NUMBER, "number", digits), (_NUMBER_AFTER_STOP, "number", digits), (_LETTER, "letter", letters)):
        for match in finditer_at(pattern, text, starts, end):
            quality = placement(text, match.start(), letter=kind == "letter")
            if quality is None:
                continue
            marker_end = match.end()
            while marker_end < end and text[marker_end] in " \t\u00a0":
                marker_end += 1
            found.setdefault(match.start(), Marker(match.start(), marker_end, kind, match.group("value"), quality))
    return [found[pos] for pos in sorted(found)]


def select_sequence(candidates: list[Marker]) -> list[Marker]:
    """Return the markers that form the numbering: 1, 2, 3 ... with a, b, c ... under them."""
    chosen: list[Marker] = []
    number = 0
    letter = ""
    i = 0
    has_numbers = any(c.kind == "number" and c.value == "1" for c in candidates)
    while i < len(candidates):
        cand = candidates[i]
        want_letter = "a" if not letter else chr(ord(letter) + 1)
        if cand.kind == "number" and int(cand.value) == number + 1:
            best, i = _best_of(candidates, i, lambda c: c.kind == "number" and int(c.value) == number + 1,
                               lambda c: c.kind == "number" and int(c.value) == number + 2)
            chosen.append(best)
            number += 1
            letter = ""
        elif cand.kind == "letter" and cand.value == want_letter and (number > 0 or not has_numbers):
            best, i = _best_of(candidates, i, lambda c: c.kind == "letter" and c.value == want_letter,
                               lambda c: (c.kind == "number" and int(c.value) == number + 1)
                               or (c.kind == "letter" and c.value == chr(ord(want_letter) + 1)))
            chosen.append(best)
            letter = want_letter
        i += 1
    return chosen


def _best_of(candidates, i, same, stop):
    """Return (best candidate, its index) among those matching ``same`` before ``stop``."""
    best_index = i
    j = i + 1
    while j < len(candidates) and not stop(candidates[j]):
        if same(candidates[j]) and candidates[j].quality > candidates[best_index].quality:
            best_index = j
        j += 1
    return candidates[best_index], best_index


_LOOSE_NUMBER = "(?<![\\d.,]){value}\\.[ \\t]+(?=[A-ZÀ-Ý])"
_UNIT_GLUED = "(?<=[a-zA-Z][23]){value}\\.[ \\t]+(?=[A-ZÀ-Ý])"


def fill_glued(text: str, chosen: list[Marker], start: int, end: int) -> list[Marker]:
    """Return ``chosen`` with numbers glued to the previous word recovered ("m22. Dit" -> 2).

    A gap in the sequence (1, 3) is filled by the first "2. Capital" between them; after the
    last number, only a number glued to a unit (m2, m3) is taken.
    """
    numbers = [m for m in chosen if m.kind == "number"]
    if not numbers:
        return chosen
    added: list[Marker] = []
    for left, right in zip(numbers, numbers[1:] + [None]):
        wanted = int(left.value) + 1
        if right is not None and int(right.value) == wanted:
            continue
        if right is not None and int(right.value) != wanted + 1:
            continue
        limit = right.start if right is not None else end
        pattern = (_LOOSE_NUMBER if right is not None else _UNIT_GLUED).format(value=wanted)
        match = re.compile(pattern).search(text, left.end, limit)
        if match:
            added.append(Marker(match.start(), match.end(), "number", str(wanted), 0))
    if not added:
        return chosen
    merged = sorted(chosen + added, key=lambda m: m.start)
    return merged
