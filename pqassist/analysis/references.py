"""Find where an answer points elsewhere: another item's answer, a question, a website,
a document, a letter or a debate. Each reference quotes the sentence that makes it."""

from __future__ import annotations

import bisect
import re

from pqassist.model import Dossier, Link, Reference, within
from pqassist.sentences import sentence_spans
from pqassist.text import finditer_at, squash

# an item id: "4", "3b", "3 b)", "3. b)" - a letter only glued to the number or closed by ")"
_ID = r"(?:\d{1,2}|[1-9]\d{2,4})(?:[a-z]\b|\.?\s?[a-z]\))?"
_IDS = rf"(?P<ids>{_ID}(?:\s*(?:,|en|tot(?:\s+en\s+met)?)\s*{_ID})*)"
PATTERNS = [
    ("item", re.compile(r"\b(?:antwoord(?:en)?\s+(?:op|bij|onder)\s+(?:de\s+)?(?:deel)?vra(?:ag|gen)|gelet\s+op\s+(?:de\s+)?(?:deel)?vraag|zie\s+(?:ook\s+)?(?:de\s+)?(?:deel)?vraag)\s+" + _IDS + r"(?![\d/])(?!\.\d)", re.I)),
    ("item", re.compile(r"\b(?P<ids>)(?:cf\.?|cfr\.?|zie)\s+(?:supra|hoger|hierboven|boven)\b|\bzoals\s+(?:hierboven|hoger|eerder)\s+(?:al\s+)?(?:vermeld|aangegeven|gesteld|uiteengezet)", re.I)),
    ("question", re.compile(r"\b(?:schriftelijke|parlementaire|mondelinge)?\s*vraag\s+(?:nr\.?|nummer)\s*(?P<target>[\d\-/]+(?:\s+van\s+\d{1,2}\s+\w+\s+\d{4})?)", re.I)),
    ("website", re.compile(r"(?P<target>https?://[^\s<>\"),;]+|www\.[^\s<>\"),;]+)|\b(?P<word>webstek|website|webpagina|webportaal|portaalsite|internetsite)\b", re.I)),
    ("letter", re.compile(r"\b(?P<target>(?:(?:deze|die|mijn|de)\s+)?(?:kamer)?brief\s+van\s+\d{1,2}\s+\w+\s+\d{4}|(?:deze|die|mijn|de)\s+(?:kamer)?brief|kamerbrief)\b", re.I)),
    ("document", re.compile(r"\b(?P<target>oproepfiches?|beleidsnota|beleidsbrief|jaarverslag|rapport|verslag|nota|studie|brochure|kamerstuk(?:ken)?|omzendbrief|handleiding|actieplan|bijlagen?)\b", re.I)),
    ("debate", re.compile(r"\b(?P<target>(?:in\s+de\s+)?(?:commissie(?:vergadering)?|plenaire\s+vergadering|plenaire|debat|vragenuurtje)(?:\s+[A-Z][^.;]{0,120}?)?\s+van\s+\d{1,2}\s+\w+\s+\d{4})", re.I)),
]


# Where a match of each pattern can begin: the words its alternatives open with (found in
# the lower-cased passage), and for the optional words before "vraag", "brief" or a debate,
# the places reached by walking back over the whitespace and words in front of them. The
# full patterns run only there; the result is what ``finditer`` over the passage finds.
_OPENING_WORDS = (  # one tuple per pattern of PATTERNS, in its order
    ("antwoord", "gelet", "zie"),
    ("cf", "zie", "zoals"),
    ("schriftelijke", "parlementaire", "mondelinge", "vraag"),
    ("http", "www.", "web", "portaalsite", "internetsite"),
    ("brief",),
    ("oproepfiche", "beleidsnota", "beleidsbrief", "jaarverslag", "rapport", "verslag", "nota", "studie",
     "brochure", "kamerstuk", "omzendbrief", "handleiding", "actieplan", "bijlage"),
    ("commissie", "plenaire", "debat", "vragenuurtje"),
)
_QUESTION, _LETTER, _DEBATE = 2, 4, 6
_PATTERNS = tuple((order, kind, pattern) for order, (kind, pattern) in enumerate(PATTERNS))
_WORD_ORDERS = tuple(
    (word, tuple(order for order, words in enumerate(_OPENING_WORDS) if word in words))
    for word in dict.fromkeys(word for words in _OPENING_WORDS for word in words)
)


def find_references(dossier: Dossier) -> tuple[Reference, ...]:
    """Return the references made in the answer's passages, in document order."""
    found: list[Reference] = []
    text = dossier.text
    for passage in dossier.passages:
        runs = _candidate_runs(text, passage.start, passage.end)
        if not runs:
            continue
        spans = starts = None  # split into sentences at the first match
        seen: set[tuple[int, str]] = set()
        hits = []
        for order, kind, pattern, matches in runs:
            for match in matches:
                if spans is None:
                    spans = sentence_spans(text, passage.start, passage.end)
                    starts = [s for s, _ in spans]
                sentence = bisect.bisect_right(starts, match.start()) - 1
                if sentence < 0 or match.start() >= spans[sentence][1]:
                    continue
                if kind in ("document", "letter", "website") and (sentence, kind) in seen:
                    continue
                target = _target(kind, match, passage.index, dossier)
                if target is None:
                    continue
                seen.add((sentence, kind))
                s, e = spans[sentence]
                hits.append((sentence, order, match.start(), Reference(passage.index, kind, target, squash(text[s:e])[:300])))
        found.extend(ref for *_, ref in sorted(hits, key=lambda h: h[:3]))
    return tuple(found)


def _candidate_runs(text: str, start: int, end: int) -> list:
    """Return (order, kind, pattern, matches) for each pattern that may match ``text[start:end]``,
    ``matches`` yielding what ``pattern.finditer(text, start, end)`` yields, in pattern order."""
    low = text[start:end].lower()
    if len(low) != end - start or "ı" in low or "ſ" in low:
        # lower-casing moved offsets ("İ"), or a letter the patterns match without lower-casing
        # to it: every pattern runs over the whole passage
        return [(order, kind, pattern, pattern.finditer(text, start, end)) for order, kind, pattern in _PATTERNS]
    places: dict[int, set[int]] = {}
    find = low.find
    for word, orders in _WORD_ORDERS:
        pos = find(word)
        while pos != -1:
            for order in orders:
                places.setdefault(order, set()).add(pos)
            pos = find(word, pos + 1)
    runs = []
    for order, kind, pattern in _PATTERNS:
        found = places.get(order)
        if found:
            if order in (_QUESTION, _LETTER, _DEBATE):
                found = found | _places_before(low, order, found)
            runs.append((order, kind, pattern, finditer_at(pattern, text, [start + p for p in sorted(found)], end)))
    return runs


def _places_before(low: str, order: int, places: set[int]) -> set[int]:
    """Return where a match of pattern ``order`` may begin before one of its opening words at
    ``places``: at the space before "vraag", at "deze/die/mijn/de (kamer)brief", at "in de"."""
    extra: set[int] = set()
    for pos in places:
        if order == _QUESTION and low.startswith("vraag", pos):
            extra.add(_space_before(low, pos))  # "\b\s*vraag": a match may begin at the space
        elif order == _LETTER:
            roots = [pos, pos - 5] if low.endswith("kamer", 0, pos) else [pos]
            for root in roots:
                extra.add(root)
                space = _space_before(low, root)
                if space < root:
                    extra.update(space - len(w) for w in ("deze", "die", "mijn", "de") if low.endswith(w, 0, space))
        elif order == _DEBATE:
            space = _space_before(low, pos)  # "in de commissie"
            if space < pos and low.endswith("de", 0, space):
                inner = _space_before(low, space - 2)
                if inner < space - 2 and low.endswith("in", 0, inner):
                    extra.add(inner - 2)
    return extra


def _space_before(low: str, pos: int) -> int:
    """Return where the run of whitespace that ends at ``pos`` begins (``pos`` when none)."""
    while pos > 0 and low[pos - 1].isspace():
        pos -= 1
    return pos


def _target(kind: str, match: re.Match, passage_index: int, dossier: Dossier) -> str | None:
    groups = match.groupdict()
    if kind == "item":
        ids = groups.get("ids") or ""
        if not ids.strip():
            return "vorige" if passage_index > 0 else None
        wanted = [re.sub(r"[\s).]", "", part) for part in re.split(r"\s*(?:,|\ben\b|\btot(?:\s+en\s+met)?\b)\s*", ids.strip())]
        known = {item.id for item in dossier.items}
        hits = [w for w in wanted if any(within(i, w) for i in known)]
        return ", ".join(hits) if hits else None
    return squash(groups.get("target") or groups.get("word") or match.group()).rstrip(".,;:")


def item_references(dossier: Dossier, references, links: dict[str, list[Link]]):
    """Yield (item id, passage index, reason): the passages an answer refers the staffer to."""
    by_passage: dict[int, list[str]] = {}
    for item_id, found in links.items():
        for link in found:
            by_passage.setdefault(link.passage, []).append(item_id)
    for ref in references:
        if ref.kind != "item":
            continue
        if ref.target == "vorige":
            targets = [ref.passage - 1]
        else:
            wanted = ref.target.split(", ")
            targets = [
                p.index for p in dossier.passages
                if p.index != ref.passage and any(within(c, w) for c in p.covers for w in wanted)
            ]
        for item_id in by_passage.get(ref.passage, []):
            for target in targets:
                if target >= 0 and not any(l.passage == target for l in links[item_id]):
                    yield item_id, target, f"verwezen vanuit het antwoord op {item_id}"
