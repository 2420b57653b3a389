"""Find where an answer points elsewhere: another item's answer, a question, a website,
a document, a letter or a debate. Each reference quotes the sentence that makes it."""

from __future__ import annotations

import bisect
import re

from pqassist.model import Dossier, Link, Reference, within
from pqassist.text import sentence_spans, squash

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


# Words one of which (lower-cased) every match of the pattern at the same place holds: a
# pattern runs over a passage only when the passage holds one of them.
ANCHORS = (
    ("vra",),
    ("supra", "hoger", "boven", "zoals"),
    ("vraag",),
    ("http", "www.", "web", "portaalsite", "internetsite"),
    ("brief",),
    ("fiche", "nota", "brief", "verslag", "rapport", "studie", "brochure", "kamerstuk", "handleiding", "actieplan", "bijlage"),
    ("commissie", "plenaire", "debat", "vragenuur"),
)


_ANCHORED = tuple((order, kind, pattern, anchors) for order, ((kind, pattern), anchors) in enumerate(zip(PATTERNS, ANCHORS)))


def find_references(dossier: Dossier) -> tuple[Reference, ...]:
    """Return the references made in the answer's passages, in document order."""
    found: list[Reference] = []
    text = dossier.text
    for passage in dossier.passages:
        low = text[passage.start : passage.end].lower()
        wanted = []
        for order, kind, pattern, anchors in _ANCHORED:
            for anchor in anchors:
                if anchor in low:
                    wanted.append((order, kind, pattern))
                    break
        if not wanted:
            continue
        spans = sentence_spans(text, passage.start, passage.end)
        starts = [s for s, _ in spans]
        seen: set[tuple[int, str]] = set()
        hits = []
        for order, kind, pattern in wanted:
            for match in pattern.finditer(text, passage.start, passage.end):
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
