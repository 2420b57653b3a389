"""The Flemish Parliament's layout of a written question and its answer.

Two header layouts are known:
- the older one (the seed, 2018): title, context, numbered questions, the minister's name
  and title in capitals, then ``ANTWOORD op vraag nr. 262 van 31 januari 2018 van YASMINE
  KHERBACHE`` and the numbered answer;
- the current one (2024): ``SCHRIFTELIJKE VRAAG nr. 147 van KURT DE LOOR datum: 26 februari
  2024`` followed by the minister's name and title in capitals, the title and the text; the
  answer carries the same ``ANTWOORD op vraag nr. ...`` heading.
"""

from __future__ import annotations

import re

from pqassist.model import Meta
from pqassist.parse.layout import Layout
from pqassist.text import name_case, parse_date, squash

_NAME = r"(?:[A-ZÀ-Ý][A-ZÀ-Ý'’\-]*\.?(?=[\s,]|$)[ \t]*){1,6}"
ANSWER_HEADING = re.compile(
    r"ANTWOORD\s+op\s+(?:de\s+)?(?:schriftelijke\s+)?vraag\s+nr\.?\s*(?P<number>\d+)\s+"
    r"van\s+(?P<date>\d{1,2}\s+[a-z]+\s+\d{4})\s+van\s+(?P<name>" + _NAME + r")"
)
QUESTION_HEADING = re.compile(
    r"SCHRIFTELIJKE\s+VRAAG\s+nr\.?\s*(?P<number>\d+)\s+van\s+(?P<name>" + _NAME + r")\s*"
    r"(?:datum\s*:?\s*(?P<date>\d{1,2}\s+[a-z]+\s+\d{4}))?",
)
_CAPS_TOKEN = re.compile(r"^[A-ZÀ-Ý0-9'’\-&,.()/]+$")
_SMALL = {"en", "van", "de", "het", "der", "den", "voor", "met", "op", "in", "aan", "bij", "tot"}


def looks_like(text: str) -> bool:
    """Return True when ``text`` carries the Flemish Parliament's headings."""
    return bool(ANSWER_HEADING.search(text) or QUESTION_HEADING.search(text) or "VLAAMS MINISTER" in text)


def split_layout(text: str, answer_from: int | None = None) -> Layout:
    """Return where header, title, question and answer are in the cleaned ``text``."""
    layout = Layout(format="vlaams-parlement", question=(0, len(text)))
    meta: dict = {"parliament": "vlaams-parlement"}
    q_start, q_end = 0, len(text) if answer_from is None else answer_from

    heading = QUESTION_HEADING.search(text, 0, q_end)
    if heading and heading.start() < 400:
        meta.update(number=heading.group("number"), questioner=name_case(heading.group("name")))
        meta["asked_on"] = parse_date(heading.group("date"))
        block_end = heading.end()
        name, title, block_end = _caps_block_after(text, block_end)
        if name:
            meta.update(addressee=name, addressee_title=title)
        layout.header.append((heading.start(), block_end))
        q_start = block_end

    answer = ANSWER_HEADING.search(text, q_start if answer_from is None else answer_from)
    if answer:
        meta.setdefault("number", answer.group("number"))
        meta.setdefault("questioner", name_case(answer.group("name")))
        if not meta.get("asked_on"):
            meta["asked_on"] = parse_date(answer.group("date"))
        sig_start, name, title = _caps_block_before(text, answer.start(), q_start)
        if name:
            meta.setdefault("addressee", name)
            meta.setdefault("addressee_title", title)
        if answer_from is None:
            q_end = sig_start
        layout.header.append((sig_start, answer.end()))
        layout.answer = (answer.end(), len(text))
        layout.answer_start = sig_start
    elif answer_from is not None:
        layout.answer = (answer_from, len(text))
        layout.answer_start = answer_from
    else:
        # a question without its answer: stop at a trailing signature block
        sig_start, name, title = _caps_block_before(text, len(text), q_start)
        if name:
            meta.setdefault("addressee", name)
            meta.setdefault("addressee_title", title)
            layout.header.append((sig_start, len(text)))
            q_end = sig_start
        layout.answer_start = q_end

    title_span = _title(text, q_start, q_end)
    if title_span:
        layout.title = title_span
        meta["title"] = squash(text[title_span[0] : title_span[1]])
        q_start = title_span[1]
    layout.question = (q_start, q_end)
    layout.meta = Meta(**meta)
    return layout


def _tokens(text: str, start: int, end: int):
    return [(m.start(), m.end(), m.group()) for m in re.finditer(r"\S+", text[start:end])]


def _caps_block_before(text: str, end: int, floor: int) -> tuple[int, str | None, str | None]:
    """Return (start, name, title) of the capitals block (minister and title) before ``end``."""
    window_start = max(floor, end - 600)
    tokens = _tokens(text, window_start, end)
    first = len(tokens)
    while first > 0 and _is_caps(tokens[first - 1][2]):
        first -= 1
    block = tokens[first:]
    if len(block) < 3 or not any("MINISTER" in t[2] for t in block):
        return end, None, None
    name, title = _split_name_title([t[2] for t in block])
    return window_start + block[0][0], name, title


def _caps_block_after(text: str, start: int) -> tuple[str | None, str | None, int]:
    """Return (name, title, end) of the capitals block right after ``start``."""
    tokens = _tokens(text, start, min(len(text), start + 600))
    last = 0
    while last < len(tokens) and _is_caps(tokens[last][2]):
        last += 1
    block = tokens[:last]
    if len(block) < 3 or not any("MINISTER" in t[2] for t in block):
        return None, None, start
    # a title line in capitals may follow the block; keep only through the last portfolio word
    name, title = _split_name_title([t[2] for t in block])
    return name, title, start + block[-1][1]


def _is_caps(token: str) -> bool:
    return bool(_CAPS_TOKEN.match(token)) and any(c.isalpha() for c in token) and not token.endswith("?")


def _split_name_title(words: list[str]) -> tuple[str, str]:
    split = next(
        (i for i, w in enumerate(words) if "MINISTER" in w or w in ("VLAAMS", "VLAAMSE", "GEMEENSCHAPSMINISTER")),
        len(words),
    )
    name = name_case(" ".join(words[:split]))
    return name, title_case(" ".join(words[split:]))


def title_case(title: str) -> str:
    """Return a minister's title printed in capitals in normal Dutch capitalisation."""
    title = squash(title).lower().strip(" ,")
    title = title.replace("vlaamse regering", "Vlaamse Regering").replace("vlaams minister", "Vlaams minister")
    parts = re.split(r"(minister (?:van|voor) )", title)
    out = [parts[0]]
    for i in range(1, len(parts), 2):
        out.append(parts[i])
        portfolio = parts[i + 1] if i + 1 < len(parts) else ""
        # stop capitalising at the start of the next office ("en Vlaams minister", "viceminister")
        words = re.split(r"(\s+|,)", portfolio)
        out.append("".join(w if (w.strip() in _SMALL or not w.strip() or w == ",") else w[:1].upper() + w[1:] for w in words))
    return "".join(out)


def _title(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Return the span of the question's title at ``start``: its first paragraph when short."""
    match = re.compile(r"\s*").match(text, start)
    pos = match.end() if match else start
    if pos >= end:
        return None
    para_end = text.find("\n\n", pos, end)
    line_end = text.find("\n", pos, end)
    if para_end == -1:
        para_end = end
    if line_end == -1:
        line_end = end
    candidate = text[pos:para_end]
    if "\n" in text[pos:end] and len(candidate) <= 250 and "?" not in candidate and not re.match(r"\d+\.", candidate):
        return pos, para_end
    if "\n" in text[pos:end] and line_end - pos <= 200 and "?" not in text[pos:line_end]:
        return pos, line_end
    # flattened text: take the words before the first sentence-like start
    found = _FLAT_TITLE_END.search(text, pos, min(end, pos + 200))
    if found:
        return pos, found.start()
    return None


_FLAT_TITLE_END = re.compile(
    r"(?<=[a-zà-ÿ)])\s+(?=(?:De|Het|In|Op|Een|Sinds|Volgens|Uit|Naar|Bij|Dit|Deze|Er|Ook|Vorig|Begin|"
    r"Eind|Tijdens|Na|Onlangs|Nu|Al|Reeds|Midden|Recent|Vorige|Eerder|Zowel|Met|Voor|Door|Om|Vandaag)\s+[a-z])"
)
