"""Remove what PDFs and web copies add to a text, keeping a map back to the raw text.

Every removed or replaced character is recorded as furniture (raw span and kind), so the
parser never drops text silently: a character of the raw text is either in the cleaned
text (and so in some segment of the dossier) or in the furniture list.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from pqassist.text import ELLIPSIS_WORDS

Edit = tuple[int, int, str, str]  # start, end (cleaned coordinates), replacement, kind


@dataclass
class Cleaned:
    """A cleaned text with, for each of its characters, the offset in the raw text."""

    raw: str
    text: str
    index: list[int] | None = None  # None: identical to the raw text
    furniture: list[tuple[int, int, str]] = field(default_factory=list)

    def raw_offset(self, pos: int) -> int:
        """Return the raw offset of cleaned position ``pos`` (``len(text)`` maps to the end)."""
        if self.index is None:
            return pos
        if pos >= len(self.index):
            return len(self.raw)
        return self.index[pos]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Return the raw (start, end) of the cleaned span ``[start, end)``."""
        if self.index is None:
            return start, end
        if end <= start:
            at = self.raw_offset(start)
            return at, at
        return self.index[start], self.index[end - 1] + 1

    def apply(self, edits: list[Edit]) -> None:
        """Apply non-overlapping ``edits`` (sorted by start) and record them as furniture."""
        if not edits:
            return
        text = self.text
        index = self.index if self.index is not None else list(range(len(text)))
        parts: list[str] = []
        new_index: list[int] = []
        pos = 0
        for start, end, replacement, kind in sorted(edits):
            if start < pos:
                continue  # overlapping edit: the first one wins
            parts.append(text[pos:start])
            new_index.extend(index[pos:start])
            raw_start, raw_end = index[start], index[end - 1] + 1
            self.furniture.append((raw_start, raw_end, kind))
            parts.append(replacement)
            new_index.extend([raw_start] * len(replacement))
            pos = end
        parts.append(text[pos:])
        new_index.extend(index[pos:])
        self.text = "".join(parts)
        self.index = new_index


def clean(raw: str) -> Cleaned:
    """Return ``raw`` cleaned of line-ending noise, invisible marks, control characters,
    page furniture, Tweede Kamer page lines and footnotes, broken URLs and line-break hyphens."""
    cleaned = Cleaned(raw=raw, text=raw)
    cleaned.apply(_line_endings(cleaned.text))
    cleaned.apply(_invisible(cleaned.text))
    if "\f" in cleaned.text:
        cleaned.apply(_page_furniture(cleaned.text))
    from pqassist.parse.tk_furniture import tk_furniture

    cleaned.apply(tk_furniture(cleaned.text))
    cleaned.apply(_broken_urls(cleaned.text))
    cleaned.apply(_line_break_hyphens(cleaned.text))
    return cleaned


def _line_endings(text: str) -> list[Edit]:
    if "\r" not in text:
        return []
    edits = []
    for match in re.finditer(r"\r\n?", text):
        if match.group() == "\r\n":
            edits.append((match.start(), match.start() + 1, "", "carriage return"))
        else:
            edits.append((match.start(), match.end(), "\n", "carriage return"))
    return edits


# One character class (the regex engine scans for it fast); a soft hyphen takes the line
# break after it along.
_INVISIBLE = re.compile(
    "[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufffe"
    "\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff]"
)


# ASCII text holds none of them when nothing is left once these are deleted from its bytes
_VISIBLE_ASCII = bytes(range(0x20, 0x7F)) + b"\t\n\x0c\r"


def _invisible(text: str) -> list[Edit]:
    if text.isascii() and not text.encode("ascii").translate(None, _VISIBLE_ASCII):
        return []
    edits = []
    for match in _INVISIBLE.finditer(text):
        char = match.group()
        if char == "\u00ad":
            end = match.end() + 1 if text.startswith("\n", match.end()) else match.end()
            edits.append((match.start(), end, "", "soft hyphen"))
        elif char == "\x0b":
            edits.append((match.start(), match.end(), "\n", "vertical tab"))
        elif "\u200b" <= char <= "\ufffe":
            edits.append((match.start(), match.end(), "", "invisible mark"))
        else:
            edits.append((match.start(), match.end(), "", "control character"))
    return edits


_PAGE_NUMBER = re.compile(
    r"^\s*[-–]?\s*(?:(?:pagina|page|blz\.?|p\.)\s*)?\d{1,4}(?:\s*(?:/|van|of)\s*\d{1,4})?\s*[-–]?\s*$",
    re.IGNORECASE,
)


def _page_furniture(text: str) -> list[Edit]:
    """Return edits removing page numbers and running headers/footers around form feeds."""
    pages = []  # (start, end) of each page
    pos = 0
    for match in re.finditer("\f", text):
        pages.append((pos, match.start()))
        pos = match.end()
    pages.append((pos, len(text)))
    edge_lines: list[list[tuple[int, int, str, str]]] = []  # (start, end, line, "top"|"bottom")
    for start, end in pages:
        lines = [(m.start(), m.end(), m.group()) for m in re.finditer(r"[^\n]*\n?", text[start:end]) if m.group().strip()]
        lines = [(start + s, start + e, line) for s, e, line in lines]
        edges = []
        if lines:
            # the first line (the second too when the first is a page number), and the same at the foot
            top = lines[:2] if _PAGE_NUMBER.match(lines[0][2]) else lines[:1]
            bottom = lines[-2:] if _PAGE_NUMBER.match(lines[-1][2]) else lines[-1:]
            edges = [(*l, "top") for l in top] + [(*l, "bottom") for l in bottom if l not in top]
        edge_lines.append(edges)
    counts = Counter()
    for lines in edge_lines:
        counts.update({(_shape(line), edge) for _, _, line, edge in lines})
    repeated = {key for key, n in counts.items() if n >= 2 and n >= len(pages) / 2 and len(key[0]) < 160}
    edits: list[Edit] = []
    seen = set()
    for lines in edge_lines:
        for start, end, line, edge in lines:
            if (start, end) in seen:
                continue
            if _PAGE_NUMBER.match(line) or (len(pages) > 1 and (_shape(line), edge) in repeated):
                seen.add((start, end))
                edits.append((start, end, "", "page number" if _PAGE_NUMBER.match(line) else "running header/footer"))
    for match in re.finditer("\f", text):
        edits.append((match.start(), match.end(), "\n", "page break"))
    return edits


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split())).lower()


_URL_TAIL = re.compile(r"(?:https?://|www\.)[^\s<>\"]*[/\-_.=&?~#%]\n(?=[\w\-./~%?=&#+]+[)\].,;:»\"]*\s)")


def _broken_urls(text: str) -> list[Edit]:
    """Return edits joining URLs broken across lines ("https://x.nl/a-\\nb")."""
    starts = [pos for pos in (text.find("http"), text.find("www.")) if pos != -1]
    if not starts or "\n" not in text:
        return []  # every match holds one of these and a line break
    return [(m.end() - 1, m.end(), "", "URL line break") for m in _URL_TAIL.finditer(text, min(starts))]


_HYPHEN = re.compile(r"(?<=[a-zà-ÿ])-\n[ \t]*(?=([a-zà-ÿ]+)\b)")
_HYPHEN_CAPITAL = re.compile(r"(?<=[A-Za-zà-ÿ])-\n[ \t]*(?=[A-ZÀ-Ý])")


def _line_break_hyphens(text: str) -> list[Edit]:
    """Return edits joining words hyphenated across lines ("regen-\\nboog" -> "regenboog")."""
    if "-\n" not in text:
        return []
    edits: list[Edit] = []
    for match in _HYPHEN.finditer(text):
        if match.group(1) in ELLIPSIS_WORDS:
            continue  # "communicatie-\nen wervingsstrategie": a real hyphen
        edits.append((match.start(), match.end(), "", "line-break hyphen"))
    for match in _HYPHEN_CAPITAL.finditer(text):
        # "ESF-\nVlaanderen": keep the hyphen, drop the line break
        edits.append((match.start() + 1, match.end(), "", "line break in compound"))
    return edits
