"""The one Dutch text module: dates and months, names, whitespace, sentences, asks, shortening.

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
        return _abbreviation_before(text, stop)
    return mark == "?" and stop > 0 and text[stop - 1] in " \t,"


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
    if INTERROGATIVE.match(head) and len(s) < 600 and not s.endswith(":"):
        # "Kan de minister ... bezorgen." - interrogative word order without the mark
        first = head.split()[0].lower().strip("\"'“‘«(")
        if first in {"graag", "kan", "kunt", "kunnen", "wil", "wilt", "zou", "welke", "hoeveel", "wat", "hoe", "waarom", "wanneer", "wie", "waar"}:
            return True
    if _REQUEST_OPENING.match(s):
        return True
    return _has_request_phrase(s)


_QUESTION_TAIL = re.compile(r"\?[\"'”’»)\]\s\d,]*$")
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
