"""Assemble a Dossier from what a format parser found, mapped back to the raw text.

The segments of the dossier tile the raw text: every character is in exactly one segment,
and characters removed by cleaning are ``furniture`` segments. Text that no parser claimed
becomes ``context`` (question side) or ``unassigned`` (answer side), never lost.
"""

from __future__ import annotations

from dataclasses import replace

from pqassist.model import Ask, Dossier, Item, Meta, Passage, Segment
from pqassist.parse.clean import Cleaned
from pqassist.parse.items import ItemSpan
from pqassist.parse.passages import PassageSpan
from pqassist.text import squash, tidy

Span = tuple[int, int, str, str]  # start, end, kind, ref (cleaned coordinates)


def build_dossier(
    cleaned: Cleaned,
    *,
    format: str,
    meta: Meta,
    items: list[ItemSpan],
    passages: list[PassageSpan],
    spans: list[Span],
    answer_start: int,
    notices: list[str],
) -> Dossier:
    """Return the Dossier for ``cleaned`` given the parts a format parser found."""
    text = cleaned.text
    claimed: list[Span] = list(spans)
    for item in items:
        claimed.append((item.start, item.end, "item", item.id))
        if item.label_start is not None and item.label_end is not None:
            claimed.append((item.label_start, item.label_end, "label", item.id))
        for s, e in item.context:
            claimed.append((s, e, "context", item.id))
        for s, e in item.extra_labels:
            claimed.append((s, e, "label", item.id))
    for index, passage in enumerate(passages):
        claimed.append((passage.start, passage.end, "passage", str(index)))
        if passage.label_start is not None and passage.label_end is not None:
            claimed.append((passage.label_start, passage.label_end, "answer-label", str(index)))
    tiles = _tile(text, claimed, answer_start)
    segments = _to_raw(cleaned, tiles)

    model_items = tuple(
        Item(
            id=item.id,
            label=item.label,
            text=tidy(text[item.start : item.end]),
            start=raw_start,
            end=raw_end,
            asks=tuple(Ask(squash(text[s:e]), *cleaned.raw_span(s, e)) for s, e in item.asks),
            context=tidy(" \n\n".join(text[s:e] for s, e in item.context)),
        )
        for item in items
        for raw_start, raw_end in (cleaned.raw_span(item.start, item.end),)
    )
    model_passages = tuple(
        Passage(
            index=index,
            label=passage.label,
            covers=tuple(passage.covers),
            text=tidy(text[passage.start : passage.end]),
            start=raw_start,
            end=raw_end,
        )
        for index, passage in enumerate(passages)
        for raw_start, raw_end in (cleaned.raw_span(passage.start, passage.end),)
    )
    context = "\n\n".join(tidy(text[s:e]) for s, e, kind, ref in tiles if kind == "context" and not ref)
    unassigned = "\n\n".join(tidy(text[s:e]) for s, e, kind, _ in tiles if kind == "unassigned")
    if meta.title and squash(meta.title) != meta.title:
        meta = replace(meta, title=squash(meta.title))
    return Dossier(
        meta=meta,
        text=cleaned.raw,
        items=model_items,
        passages=model_passages,
        segments=tuple(segments),
        answer_start=cleaned.raw_offset(answer_start),
        context=context.strip(),
        unassigned=unassigned.strip(),
        notices=tuple(notices),
        format=format,
    )


def _tile(text: str, claimed: list[Span], answer_start: int) -> list[Span]:
    """Return non-overlapping spans covering ``text``: claimed ones first come first served."""
    tiles: list[Span] = []
    pos = 0
    # inner spans (labels) win over the items that contain them: sort by start, shorter first
    for start, end, kind, ref in sorted((s for s in claimed if s[1] > s[0]), key=lambda s: (s[0], s[1] - s[0])):
        start = max(start, pos)
        if end <= start:
            continue
        if start > pos:
            tiles.extend(_gap(text, pos, start, answer_start))
        tiles.append((start, end, kind, ref))
        pos = end
    if pos < len(text):
        tiles.extend(_gap(text, pos, len(text), answer_start))
    return tiles


def _gap(text: str, start: int, end: int, answer_start: int) -> list[Span]:
    """Return spans for unclaimed text: whitespace is space, other text is context or unassigned."""
    out: list[Span] = []
    pieces = [(start, min(end, answer_start)), (max(start, answer_start), end)]
    for s, e in pieces:
        if e <= s:
            continue
        chunk = text[s:e]
        if not chunk.strip():
            out.append((s, e, "space", ""))
        else:
            out.append((s, e, "context" if s < answer_start else "unassigned", ""))
    return out


def _to_raw(cleaned: Cleaned, tiles: list[Span]) -> list[Segment]:
    """Return the tiles as raw-text segments with the furniture carved out of them."""
    raw_len = len(cleaned.raw)
    if not tiles:
        return [Segment("furniture", 0, raw_len)] if raw_len else []
    bounds = [cleaned.raw_offset(s) for s, _, _, _ in tiles] + [raw_len]
    segments: list[Segment] = []
    for (start, _, kind, ref), raw_start, raw_end in zip(tiles, bounds, bounds[1:]):
        if raw_end > raw_start:
            segments.append(Segment(kind, raw_start, raw_end, ref))
    if tiles and bounds[0] > 0:
        segments.insert(0, Segment("furniture", 0, bounds[0]))
    if not cleaned.furniture:
        return segments
    furniture = _merge(cleaned.furniture)
    out: list[Segment] = []
    f_index = 0
    for segment in segments:
        pos = segment.start
        while f_index < len(furniture) and furniture[f_index][1] <= pos:
            f_index += 1
        j = f_index
        while j < len(furniture) and furniture[j][0] < segment.end:
            f_start, f_end = max(furniture[j][0], pos), min(furniture[j][1], segment.end)
            if f_start > pos:
                out.append(Segment(segment.kind, pos, f_start, segment.ref))
            if f_end > f_start:
                out.append(Segment("furniture", f_start, f_end, furniture[j][2]))
            pos = max(pos, f_end)
            if furniture[j][1] > segment.end:
                break
            j += 1
        if pos < segment.end:
            out.append(Segment(segment.kind, pos, segment.end, segment.ref))
    return out


def _merge(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Return the furniture spans sorted and made disjoint; the first kind of a merged run wins."""
    merged: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end), merged[-1][2])
        else:
            merged.append((start, end, kind))
    return merged
