"""The Tweede Kamer's Aanhangsel van de Handelingen: ``Vraag 1`` / ``Antwoord 1`` blocks.

Header: ``Vragen van het lid X (Party) aan de Minister van Y over Z (ingezonden D).`` and
``Antwoord van Minister ... (ontvangen D).`` Blocks may be grouped: ``Vraag 3, 4, 5 en 6``
holds four questions (split at its question sentences), answered as ``Antwoord 3, 4, 5 en
6``; separately printed questions may be answered jointly (``Antwoord 5 en 6``). An answer
sent as a letter is printed as ``Mededeling``.
"""

from __future__ import annotations

import re

from pqassist.model import Meta
from pqassist.parse.items import ItemSpan, trim
from pqassist.parse.layout import Layout
from pqassist.parse.passages import PassageSpan
from pqassist.sentences import is_ask, is_conditional, sentence_spans
from pqassist.text import parse_date, squash

BLOCK = re.compile(
    r"(?:(?<=\n)|^|(?<=[\s.?!»”)]))(?P<kind>Vragen|Vraag|Antwoord)[ \t]+"
    r"(?P<numbers>\d{1,3}(?:(?:[ \t]*,[ \t]*|[ \t]+en[ \t]+|[ \t]+t/m[ \t]+|[ \t]+tot en met[ \t]+|[ \t]+)\d{1,3})*)"
    r"(?=[ \t]*(?::[ \t]*)?(?:\n|$)|[ \t]+[A-ZÀ-Ý«“\"(])"
)
NOTICE = re.compile(r"(?:(?<=\n)|^)(?P<kind>Mededeling)[ \t]*(?=\n)")
HEADER = re.compile(
    r"Vragen\s+van\s+(?:het\s+lid|de\s+leden)\s+(?P<who>.+?)\s+aan\s+(?:de\s+|het\s+)?(?P<addressee>.+?)\s+"
    r"over\s+(?P<title>.+?)\s*\(ingezonden\s+(?P<date>\d{1,2}\s+[a-z]+\s+\d{4})\)\.?",
    re.S,
)
REPLY = re.compile(
    r"(?:Antwoord|Mededeling)\s+van\s+(?P<who>.+?)\s*\((?:ontvangen\s+)+(?P<date>\d{1,2}\s+[a-z]+\s+\d{4})\)\.?",
    re.S,
)
NUMBER = re.compile(r"ah-tk-\d{8}-(?P<id>\d+)|gegeven antwoorden[ \t]*\n[ \t#]*(?P<number>\d{1,5})[ \t]*\n")
OPENERS = re.compile(
    r"^(?:herinnert u zich|kent u|bent u (?:bekend|op de hoogte)|heeft u kennis\s?genomen|"
    r"hebt u kennis\s?genomen|wat\s+is\s+uw\s+(?:reactie|oordeel)|wat vindt u|deelt u|hoe beoordeelt u)",
    re.I,
)


def looks_like(text: str) -> bool:
    """Return True when ``text`` is an Aanhangsel entry (or uses Vraag/Antwoord blocks)."""
    head = text[:4000]
    if "Aanhangsel van de Handelingen" in head or HEADER.search(head):
        return True
    return bool(re.search(r"(?:^|\n)Vraag 1\b", text) and re.search(r"(?:^|\n|\s)Antwoord 1\b", text))


def split_layout(text: str, answer_from: int | None = None) -> Layout:
    """Return the layout of a Tweede Kamer question and answer: its items and passages come
    from the "Vraag k" / "Antwoord k" blocks (``answer_from`` is not needed)."""
    blocks = _blocks(text)
    meta, header_end = _meta(text, blocks[0][0] if blocks else len(text))
    answers = [b for b in blocks if b[2] in ("Antwoord", "Mededeling")]
    items: list[ItemSpan] = []
    for index, (start, end, kind, numbers) in enumerate(blocks):
        if kind in ("Antwoord", "Mededeling"):
            continue
        body_end = blocks[index + 1][0] if index + 1 < len(blocks) else len(text)
        items.extend(_split_block(text, start, end, body_end, numbers))
    known = {item.id for item in items}
    # a question whose "Vraag k" header was lost at a page break: its text sits before "Antwoord k"
    for index, (start, end, kind, numbers) in enumerate(blocks):
        if kind == "Antwoord" and numbers and numbers[0] not in known and index > 0:
            found = _orphan_question(text, blocks[index - 1][1], start, numbers[0])
            if found:
                items.append(found)
                known.add(found.id)
    items.sort(key=lambda item: item.start)
    passages: list[PassageSpan] = []
    order = [item.id for item in items]
    for index, (start, end, kind, numbers) in enumerate(blocks):
        if kind not in ("Antwoord", "Mededeling"):
            continue
        body_end = blocks[index + 1][0] if index + 1 < len(blocks) else len(text)
        for item in items:  # an orphan question found inside this passage ends it
            if end <= item.start < body_end and item.id not in numbers:
                body_end = item.start
        covers = [n for n in numbers if n in known] if kind == "Antwoord" else list(order)
        label = squash(text[start:end])
        b_start, b_end = trim(text, end, body_end)
        passages.append(PassageSpan(label, covers, b_start, b_end, start, end))
    return Layout(
        format="tweede-kamer", meta=meta, header=[(0, header_end)] if header_end else [],
        answer_start=answers[0][0] if answers else len(text), items=items, passages=passages,
        labels=[(s, e) for s, e, kind, _ in blocks if kind not in ("Antwoord", "Mededeling")],
        missing="geen 'Vraag 1' gevonden",
    )


def _blocks(text: str) -> list[tuple[int, int, str, list[str]]]:
    """Return (start, end, kind, numbers) of the Vraag/Antwoord/Mededeling headers, in order."""
    found = []
    last = {"Vraag": 0, "Antwoord": 0}
    for match in BLOCK.finditer(text):
        kind = "Vraag" if match.group("kind").startswith("Vra") else "Antwoord"
        numbers = [str(int(n)) for n in re.findall(r"\d{1,3}", match.group("numbers"))]
        if int(numbers[0]) <= last[kind] or numbers != sorted(numbers, key=int):
            continue
        last[kind] = int(numbers[-1])
        found.append((match.start(), match.end(), kind, numbers))
    for match in NOTICE.finditer(text):
        found.append((match.start(), match.end(), "Mededeling", []))
    return sorted(found)


def _meta(text: str, limit: int) -> tuple[Meta, int]:
    """Return the metadata read from the header and where the header ends."""
    head = text[:limit]
    fields: dict = {"parliament": "tweede-kamer"}
    header_end = 0
    match = HEADER.search(head)
    if match:
        who = squash(match.group("who"))
        parties = re.findall(r"\(([^)]*)\)", who)
        fields["questioner"] = squash(re.sub(r"\s*\([^)]*\)", "", who)).replace(" ,", ",")
        fields["party"] = ", ".join(p.replace("beiden ", "").replace("allen ", "") for p in parties) or None
        fields["addressee"] = squash(match.group("addressee"))
        fields["title"] = squash(match.group("title"))
        fields["asked_on"] = parse_date(match.group("date"))
        header_end = match.end()
    reply = REPLY.search(head)
    if reply:
        header_end = max(header_end, reply.end())
    else:
        reply = REPLY.search(text)  # the answer came as a file of its own
    if reply:
        fields["answered_on"] = parse_date(reply.group("date"))
        fields["answerer"] = squash(reply.group("who"))
        tail = re.compile(r"\s*Zie ook Aanhangsel Handelingen, vergaderjaar \d{4}\s*[–-]\s*\d{4}, nr\. \d+\.?").match(text, header_end)
        if tail:
            header_end = tail.end()
    number = NUMBER.search(head) or NUMBER.search(text)
    if number:
        fields["number"] = number.group("number") or number.group("id")
    session = re.search(r"[Vv]ergaderjaar (\d{4})\s*[–-]\s*(\d{4})", head)
    if session:
        fields["session"] = f"{session.group(1)}-{session.group(2)}"
    return Meta(**fields), header_end


def _split_block(text: str, start: int, end: int, body_end: int, numbers: list[str]) -> list[ItemSpan]:
    """Return one item per number of a Vraag block, split at its question sentences."""
    label = squash(text[start:end])
    b_start, b_end = trim(text, end, body_end)
    sentences = sentence_spans(text, b_start, b_end)
    asks = [s for s in sentences if is_ask(text[s[0] : s[1]])]
    if len(numbers) == 1 or len(asks) < 2:
        return [ItemSpan(n, label, b_start, b_end, start if i == 0 else None, end if i == 0 else None, asks)
                for i, n in enumerate(numbers[:1])] + [
            ItemSpan(n, label, b_start, b_end, None, None, asks) for n in numbers[1:]
        ]
    cuts = _choose_cuts(text, asks, len(numbers) - 1, b_start, b_end)
    bounds = [b_start] + cuts + [b_end]
    items = []
    for i, number in enumerate(numbers):
        s, e = trim(text, bounds[min(i, len(bounds) - 2)], bounds[min(i + 1, len(bounds) - 1)])
        own = [a for a in asks if s <= a[0] < e]
        items.append(ItemSpan(number, label, s, e, start if i == 0 else None, end if i == 0 else None, own))
    return items


def _choose_cuts(text: str, asks: list[tuple[int, int]], wanted: int, start: int, end: int) -> list[int]:
    """Return ``wanted`` offsets where the next question of a grouped block starts."""
    candidates = []
    for index, (s, e) in enumerate(asks[1:], 1):
        sentence = text[s:e]
        if is_conditional(sentence):
            continue
        score = 0.0
        line_start = text.rfind("\n", start, s)
        if text[line_start + 1 : s].strip() == "" and line_start != -1:
            score += 3
        if OPENERS.match(sentence):
            score += 2
        if re.search(r"\?\s?\d{1,2}(?:,\s?\d{1,2})*$", sentence):
            score += 1  # a question citing a source (footnote) opens a new topic
        candidates.append((s, score))
    if not candidates:
        return []
    ideal = [start + (end - start) * (k + 1) / (wanted + 1) for k in range(wanted)]
    ranked = sorted(candidates, key=lambda c: (-c[1], min(abs(c[0] - x) for x in ideal)))
    return sorted(c[0] for c in ranked[:wanted])


def _orphan_question(text: str, floor: int, answer_at: int, number: str) -> ItemSpan | None:
    """Return the question printed without its header just before ``Antwoord k``."""
    region_start = floor
    paragraphs = [m for m in re.finditer(r"(?:[^\n]|\n(?![ \t]*\n))+", text[region_start:answer_at])]
    start = None
    for match in reversed(paragraphs):
        chunk = match.group()
        if not chunk.strip():
            continue
        if "?" in chunk:
            start = region_start + match.start()
        else:
            break
    if start is None:
        return None
    s, e = trim(text, start, answer_at)
    asks = [a for a in sentence_spans(text, s, e) if is_ask(text[a[0] : a[1]])]
    return ItemSpan(number, "", s, e, None, None, asks) if asks else None
