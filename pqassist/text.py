"""The one Dutch text module: dates and months, names, whitespace, shortening, bounded caches.

Sentences and asks are in ``pqassist.sentences``.

Every layer may use it; it imports nothing of the project.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from datetime import date

MONTHS = {
    "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6,
    "juli": 7, "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}
MONTH_NAMES = {number: name for name, number in MONTHS.items()}
MONTH_WORDS = "|".join(MONTHS)  # for regular expressions: "januari|februari|..."
DATE_RE = re.compile(
    r"\b(\d{1,2})(?:e|ste|de)?\s+(" + "|".join(MONTHS) + r")\s+(\d{4})\b", re.IGNORECASE
)

_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_WS = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u3000]+")
_PARA = re.compile(r"\n[ \t\u00a0]*\n\s*")


def squash(text: str) -> str:
    """Return ``text`` with every run of whitespace made one space, stripped."""
    return " ".join(text.split())


def tighten(text: str) -> str:
    """Return ``text`` on one line with no space before , . ? : ; ! or a closing bracket."""
    return re.sub(r" +([,.?:;!)])(?=\s|$)", r"\1", squash(text))


def shorten(text: str | None, limit: int, *, mark: str = " …") -> str:
    """Return ``text`` on one line in at most ``limit`` characters, cut at a word where one
    falls late enough and ending in ``mark`` when anything was cut."""
    line = squash(text or "")
    if len(line) <= limit:
        return line
    room = max(1, limit - len(mark))
    cut = line.rfind(" ", 0, room + 1)
    head = line[:cut] if cut > room // 2 else line[:room]
    return head.rstrip(" ,;:") + mark


# Words that follow a hyphen at a line end when the hyphen is real ("communicatie-\nen
# wervingsstrategie"): the hyphen of an ellipsis, not a word broken across lines.
ELLIPSIS_WORDS = frozenset({"en", "of", "tot", "als", "noch", "dan"})


def tidy(text: str) -> str:
    """Return ``text`` with lines joined into paragraphs and spaces normalised.

    Blank lines stay paragraph breaks ("\\n\\n"); single line breaks become spaces.
    """
    text = text.strip()
    if "\n" not in text:
        return squash(text)  # one paragraph
    paragraphs = _PARA.split(text)
    return "\n\n".join(squash(p) for p in paragraphs if p.strip())


def parse_date(text: str | None) -> date | None:
    """Return the first Dutch date in ``text`` ("31 januari 2018") or an ISO date, else None."""
    if not text:
        return None
    match = DATE_RE.search(text)
    if match:
        day, month, year = int(match.group(1)), MONTHS[match.group(2).lower()], int(match.group(3))
        try:
            return date(year, month, day)
        except ValueError:
            return None
    iso = _ISO_DATE.search(text)
    if iso:
        try:
            return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        except ValueError:
            return None
    return None


def format_date_nl(value: date | None) -> str:
    """Return ``value`` written the Dutch way ("31 januari 2018"), or "" for None."""
    if value is None:
        return ""
    return f"{value.day} {MONTH_NAMES[value.month]} {value.year}"


PARTICLES = frozenset({"van", "de", "der", "den", "het", "ter", "ten", "te", "vanden", "vander", "'t",
                       "la", "le", "du", "des", "von", "d'"})


def name_case(name: str, *, lower_particles: bool = False) -> str:
    """Return a name printed in capitals in normal capitalisation.

    Belgian names keep capital particles, as they are written ("KURT DE LOOR" -> "Kurt De
    Loor"); Dutch names write them small after the first name (``lower_particles``:
    "MARNIX VAN RIJ" -> "Marnix van Rij"). Words already in mixed case stay as they are.
    """
    words = []
    for word in squash(name).split(" "):
        if not word:
            continue
        if word.isupper() or word.islower():
            low = word.lower()
            if lower_particles and words and low in PARTICLES:
                word = low
            else:
                parts = re.split(r"([-'’])", low)
                word = "".join(p[:1].upper() + p[1:] if p not in "-'’" else p for p in parts)
        words.append(word)
    return " ".join(words)


def first_last(name: str | None) -> str | None:
    """Return "First Last" from "Last, First" (federal open data), else ``name`` tidied."""
    if not name:
        return None
    name = squash(name)
    if "," in name:
        last, first = (part.strip() for part in name.split(",", 1))
        name = f"{first} {last}".strip()
    return name or None


# --- bounded caches --------------------------------------------------------------------


class TextCache:
    """A least-recently-used cache whose size is bounded by the characters of the texts it keeps.

    Caches keyed by whole texts keep those texts alive; counting their characters bounds the
    memory (an ``lru_cache`` bounds only the number of entries, whatever their size).
    """

    __slots__ = ("_data", "max_chars", "chars", "max_entries")

    def __init__(self, max_chars: int = 2_000_000, max_entries: int = 50_000) -> None:
        self._data: OrderedDict = OrderedDict()
        self.max_chars, self.chars, self.max_entries = max_chars, 0, max_entries

    def get(self, key, default=None):
        """Return the value cached under ``key`` (marking it recently used), else ``default``."""
        found = self._data.get(key, _MISSING)
        if found is _MISSING:
            return default
        self._data.move_to_end(key)
        return found[0]

    def put(self, key, value, size: int) -> None:
        """Keep ``value`` under ``key``, counting ``size`` characters; drop the oldest over budget."""
        if size > self.max_chars:
            return
        old = self._data.pop(key, None)
        if old is not None:
            self.chars -= old[1]
        self._data[key] = (value, size)
        self.chars += size
        while self.chars > self.max_chars or len(self._data) > self.max_entries:
            _, (_, dropped) = self._data.popitem(last=False)
            self.chars -= dropped

    def clear(self) -> None:
        """Forget everything."""
        self._data.clear()
        self.chars = 0

    def __len__(self) -> int:
        return len(self._data)


_MISSING = object()


_DIGIT_RUN = re.compile(r"\d+")


def digit_and_paren_starts(text: str, start: int, end: int, any_letter: bool = True) -> list[int]:
    """Return, ascending, where a run of digits begins and where a letter stands before ")"
    in ``text[start:end]`` (``any_letter`` False: only a to z)."""
    found = digit_starts(text, start, end)
    letters = letter_paren_starts(text, start, end, any_letter)
    if letters:
        found = sorted(found + letters)
    return found


_ONE_DIGIT = bytes.maketrans(b"123456789", b"000000000")
_ZEROS = re.compile(b"00*")  # a literal first: the regex engine scans for it fast


def digit_starts(text: str, start: int, end: int) -> list[int]:
    """Return, ascending, where a run of digits begins in ``text[start:end]``."""
    if text.isascii():  # the digits are 0 to 9: as bytes all made "0", their runs are found fast
        return [m.start() + start for m in _ZEROS.finditer(text[start:end].encode("ascii").translate(_ONE_DIGIT))]
    return [m.start() for m in _DIGIT_RUN.finditer(text, start, end)]


def letter_paren_starts(text: str, start: int, end: int, any_letter: bool = True) -> list[int]:
    """Return, ascending, where a letter stands before ")" in ``text[start:end]``
    (``any_letter`` False: only a to z)."""
    pos = text.find(")", start + 1, end)
    letters = []
    while pos != -1:
        char = text[pos - 1]
        if (char.isalpha() if any_letter else "a" <= char <= "z"):
            letters.append(pos - 1)
        pos = text.find(")", pos + 1, end)
    return letters


def finditer_at(pattern: re.Pattern, text: str, starts, end: int):
    """Yield what ``pattern.finditer(text, start, end)`` yields, trying the pattern only at
    ``starts`` (ascending positions that include every place a match can begin)."""
    reach = -1
    match_at = pattern.match
    for pos in starts:
        if pos < reach:
            continue
        match = match_at(text, pos, end)
        if match is not None:
            yield match
            reach = match.end() if match.end() > pos else pos + 1
