"""Find what may be an answer's labels: the patterns of a label ("1.", "3. a)", "2. en 3.",
"Vraag 2:", "Antwoord op vraag 4"), where they can begin, and the items a label's atoms name.

``passages`` decides which candidates are labels (placed as headings, in the order of the items).
"""

from __future__ import annotations

import re
from functools import lru_cache

from pqassist.text import digit_and_paren_starts, finditer_at

_SEP = r"(?:\s*,\s*(?:en\s+)?|\s+en\s+|\s+tot(?:\s+en\s+met)?\s+|\s*t/m\s*|\s*[-–]\s*|\s*&\s*)"
_PREFIX = r"(?:(?:antwoord\s+op\s+(?:de\s+)?(?:deel)?vra(?:ag|gen)|antwoord|(?:deel)?vra(?:ag|gen)|ad|punt)\s+)?"


@lru_cache(maxsize=8)
def label_patterns(digits: int = 2) -> tuple[re.Pattern, re.Pattern]:
    """Return (LABEL, PREFIXED_NUMBER) for item numbers of up to ``digits`` digits.

    A question numbered up to 99 keeps two-digit labels, so that a year glued to a letter
    ("in 2016.b) Op grond") is never read as a label that hides the "b)". A group of numbers
    may print only its last one as a label: "1 en 2. Wat ..." answers items 1 and 2.
    """
    num = r"\d{1,2}" if digits <= 2 else rf"(?:\d{{1,2}}|[1-9]\d{{2,{digits - 1}}})"
    atom = r"(?:" + num + r"(?:\s?[.)](?!\d)|(?=[a-z][.)]))(?:\s?[a-z]\))?|[a-z]\))"
    # "1 en 2." / "3, 4 en 5.": bare numbers joined to a last one that is printed as a label
    bare = rf"(?P<bare>{num}(?:{_SEP}{num})*{_SEP}{atom})"
    label = re.compile(
        rf"(?<![\w,/\-–(])(?P<label>{_PREFIX}(?P<atoms>{atom}(?:{_SEP}{atom})*|{bare})\s*:?)"
        r"(?=\s*\S)",
        re.IGNORECASE,
    )
    prefixed = re.compile(
        r"(?<![\w])(?P<label>(?:Antwoord\s+op\s+(?:de\s+)?(?:deel)?vra(?:ag|gen)|(?:Deel)?[Vv]ra(?:ag|gen)|Ad)\s+"
        r"(?P<atoms>" + num + r"[a-z]?(?:\s*(?:,|en|tot|t/m|-)\s*" + num + r"[a-z]?)*)\s*[:.)]?)(?=\s*\S)",
        re.IGNORECASE,
    )
    return label, prefixed


LABEL, _PREFIXED_NUMBER = label_patterns(2)
# Every place a label can begin: a run of digits, a letter before ")", or a word that opens
# a prefixed label. The full patterns run only there.
_LABEL_WORD = re.compile(r"antwoord|deelvra|vra|ad|punt", re.IGNORECASE)
_LABEL_WORDS = ("antwoord", "vra", "ad", "punt")  # the same over lower-cased text ("deelvra" found by its "vra")
_ATOM_SEP = re.compile(r"\s*(,\s*(?:en\s+)?|\ben\b|\btot(?:\s+en\s+met)?\b|t/m|[-–&])\s*", re.I)
_ATOM = re.compile(r"(\d{1,5})?\s?[.)]?\s?(?:([a-z])[.)]?)?")  # one atom of a label (used with fullmatch)


def label_matches(text: str, start: int, end: int, digits: int = 2) -> list[re.Match]:
    """Return, in order, every match of a label pattern in ``text[start:end]`` (none starting
    inside an earlier one): the candidates ``passages`` accepts or not."""
    seen = set()
    matches = []
    label, prefixed = label_patterns(digits)
    words = _label_word_starts(text, start, end)
    starts = digit_and_paren_starts(text, start, end)
    if words:
        starts = sorted(set(starts).union(words))
    # a prefixed label opens with one of the words; a label with a number, a letter or a word
    for pattern, at in ((prefixed, words), (label, starts)):
        for match in finditer_at(pattern, text, at, end):
            if match.start() in seen:
                continue
            seen.add(match.start())
            matches.append(match)
    matches.sort(key=lambda m: m.start())
    # drop matches starting inside an earlier match
    out, reach = [], -1
    for match in matches:
        if match.start() < reach:
            continue
        out.append(match)
        reach = match.end()
    return out


def _label_word_starts(text: str, start: int, end: int) -> list[int]:
    """Return where a word that opens a prefixed label begins in ``text[start:end]``, where no
    word character stands before it (both label patterns need that)."""
    low = text[start:end].lower()
    if len(low) != end - start:
        found = [m.start() for m in _LABEL_WORD.finditer(text, start, end)]
        return [p for p in found if p == 0 or not _is_word_char(text[p - 1])]
    # the same positions: these letters fold only to themselves; each word looked up by itself
    found = []
    find = low.find
    for word in _LABEL_WORDS:
        pos = find(word)
        while pos != -1:
            at = pos + start
            if at == 0 or not _is_word_char(text[at - 1]):
                found.append(at)
            elif word == "vra" and pos >= 4 and low.startswith("deel", pos - 4):
                at -= 4  # "deelvraag"
                if at == 0 or not _is_word_char(text[at - 1]):
                    found.append(at)
            pos = find(word, pos + 1)
    found.sort()
    return found


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def label_atoms(raw: str, current_number: str | None) -> list[tuple[str | None, str | None]]:
    """Return (number, letter) pairs named by a label's atoms, expanding ranges."""
    pieces = _ATOM_SEP.split(raw.strip())
    atoms: list[tuple[str | None, str | None]] = []
    range_next = False
    number = current_number
    for piece in pieces:
        if not piece:
            continue
        low = piece.lower().strip()
        if low in (",", "en", "&") or low.startswith(","):
            continue
        if low.startswith("tot") or low in ("t/m", "-", "–"):
            range_next = True
            continue
        match = _ATOM.fullmatch(low)
        if not match or not (match.group(1) or match.group(2)):
            return []
        if match.group(1):
            number = str(int(match.group(1)))
        letter = match.group(2)
        if range_next and atoms:
            prev_number, prev_letter = atoms[-1]
            if letter and prev_letter and prev_number == number:
                atoms.extend((number, chr(c)) for c in range(ord(prev_letter) + 1, ord(letter)))
            elif not letter and not prev_letter and prev_number and number and int(number) > int(prev_number):
                atoms.extend((str(n), None) for n in range(int(prev_number) + 1, int(number)))
            range_next = False
        atoms.append((number, letter))
    return atoms
