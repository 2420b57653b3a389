"""Find the Tweede Kamer's page furniture: ISSN and page lines, and the footnotes above them.

The Aanhangsel van de Handelingen prints, at the foot of each page, footnotes ("1 NOS,
1 maart 2024, ...") and the lines "ah-tk-20232024-1076", "ISSN 0921 - 7398",
"'s-Gravenhage 2024 Tweede Kamer, vergaderjaar 2023–2024, Aanhangsel 1". Extracted text
puts them in the middle of questions and answers. This returns edits that remove them.
Footnotes are numbered through the document, which tells real footnotes from a sentence
that happens to start with a number.
"""

from __future__ import annotations

import re

from pqassist.text import ELLIPSIS_WORDS

_FOOTER_LINE = re.compile(
    r"^(?:ah-tk-\d{8}-\d+"
    r"|ISSN 0921\s*-\s*7398"
    r"|’s-Gravenhage \d{4} Tweede Kamer, vergaderjaar \d{4}\s*[–-]\s*\d{4}, Aanhangsel\s*\d*"
    r"|'s-Gravenhage \d{4} Tweede Kamer, vergaderjaar \d{4}\s*[–-]\s*\d{4}, Aanhangsel\s*\d*"
    r"|Tweede Kamer, vergaderjaar \d{4}\s*[–-]\s*\d{4}, Aanhangsel\s*\d*"
    r"|h tk \d{8} \d+"
    r"|-{5,})[ \t]*$"
)
_FLAT_FOOTER = re.compile(
    r"(?:ah-tk-\d{8}-\d+\s+)?(?:ISSN 0921\s*-\s*7398\s+)?(?:[’']s-Gravenhage \d{4}\s+)?"
    r"Tweede Kamer, vergaderjaar \d{4}\s*[–-]\s*\d{4}, Aanhangsel ?\d*"
)
_FOOTNOTE_START = re.compile(r"^(\d{1,3}) (?=\S)")
_FLAT_FOOTNOTE = re.compile(r"(?<=\s)(\d{1,3}) (?=[A-ZÀ-Ý«“\"(h])")
_FLAT_HYPHEN = re.compile(r"(?<=[a-zà-ÿ])- (?=([a-zà-ÿ]+)\b)")


def is_tweede_kamer_print(text: str) -> bool:
    """Return True when ``text`` carries the Tweede Kamer's page furniture."""
    return "Aanhangsel" in text and ("ISSN 0921" in text or "Tweede Kamer, vergaderjaar" in text or "h tk " in text)


def tk_furniture(text: str) -> list[tuple[int, int, str, str]]:
    """Return edits (start, end, "", kind) removing Tweede Kamer page lines and footnotes."""
    if not is_tweede_kamer_print(text):
        return []
    if text.count("\n") * 400 < len(text):
        return _flat(text)
    return _by_lines(text)


def _by_lines(text: str) -> list[tuple[int, int, str, str]]:
    lines = [(m.start(), m.end(), m.group()) for m in re.finditer(r"[^\n]*(?:\n|$)", text) if m.end() > m.start()]
    groups: list[tuple[int, int]] = []  # line index ranges [first, last] of footer groups
    i = 0
    while i < len(lines):
        if _FOOTER_LINE.match(lines[i][2].rstrip("\n")):
            first = i
            while first > 0 and not lines[first - 1][2].strip():
                first -= 1
            last = i
            while last + 1 < len(lines) and (
                not lines[last + 1][2].strip() or _FOOTER_LINE.match(lines[last + 1][2].rstrip("\n"))
            ):
                last += 1
            groups.append((first, last))
            i = last + 1
        else:
            i += 1
    edits = []
    next_note = 1
    previous_end = 0
    for first, last in groups:
        note_first, next_note = _footnote_block(lines, previous_end, first, next_note)
        if note_first is not None:
            edits.append((lines[note_first][0], lines[first][0], "", "footnote"))
        edits.append((lines[first][0], lines[last][1], "", "page footer"))
        previous_end = last + 1
    return [e for e in edits if e[1] > e[0]]


def _footnote_block(lines, top: int, footer: int, next_note: int) -> tuple[int | None, int]:
    """Return (first line index of the footnotes above ``footer``, next footnote number)."""
    starts = []
    for index in range(top, footer):
        match = _FOOTNOTE_START.match(lines[index][2])
        if match:
            starts.append((index, int(match.group(1))))
    if not starts:
        return None, next_note
    bottom_index, bottom_number = starts[-1]
    if footer - bottom_index > 8:
        return None, next_note
    chain_top = bottom_index
    number = bottom_number
    for index, value in reversed(starts[:-1]):
        if chain_top - index > 8:
            break
        if value == number - 1:
            chain_top, number = index, value
        # another value: a continuation line that starts with a number ("31 augustus 2023")
    if not next_note <= number <= next_note + 2:
        return None, next_note
    return chain_top, bottom_number + 1


def _flat(text: str) -> list[tuple[int, int, str, str]]:
    edits = []
    next_note = 1
    previous_end = 0
    for footer in _FLAT_FOOTER.finditer(text):
        # footnotes stand at the foot of a page: above the ISSN block, or at the very end
        at_foot = "ISSN" in footer.group() or not text[footer.end() :].strip()
        starts = [(m.start(), int(m.group(1))) for m in _FLAT_FOOTNOTE.finditer(text, previous_end, footer.start())] if at_foot else []
        block_start = None
        if starts and footer.start() - starts[-1][0] < 400:
            chain_pos, number = starts[-1]
            for pos, value in reversed(starts[:-1]):
                if chain_pos - pos >= 400:
                    break
                if value == number - 1:
                    chain_pos, number = pos, value
            if next_note <= number <= next_note + 2:
                block_start = chain_pos
                next_note = starts[-1][1] + 1
        if block_start is not None:
            edits.append((block_start, footer.start(), "", "footnote"))
        edits.append((footer.start(), footer.end(), "", "page footer"))
        previous_end = footer.end()
    for match in _FLAT_HYPHEN.finditer(text):
        if match.group(1) not in ELLIPSIS_WORDS and not any(s <= match.start() < e for s, e, _, _ in edits):
            edits.append((match.start(), match.end(), "", "line-break hyphen"))
    return edits
