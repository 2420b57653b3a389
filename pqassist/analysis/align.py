"""Align every item with the passage(s) that answer it, each link with a score and a reason.

1. Printed labels first: a passage headed "2. en 3." answers items 2 and 3.
2. An answer without numbering is split into sentences and aligned by content, keeping
   document order: every item starts at or after the previous item's start (several
   items may share a start), moving on only where the words clearly follow the question.
3. References inside passages ("zie mijn antwoord op vraag 4") add a link to that item's
   passage. An item no passage addresses gets no link: it is shown as unanswered.
"""

from __future__ import annotations

import re

from pqassist.model import Dossier, Item, Link, Passage
from pqassist.sentences import sentence_spans
from pqassist.text import MONTH_WORDS
from pqassist.analysis.references import find_references, item_references
from pqassist.analysis.similarity import index_of, overlap, overlap_matrix, terms

MOVE_COST = 0.15  # how much better a later sentence must fit before an item moves on
NEXT_WEIGHT = 0.5  # an answer may open with a sentence that leads into the one that fits
# What a question asks for, and the words of an answer sentence that give it.
CUES = {
    "action": (
        re.compile(r"\b(?:initiatie(?:f|ven)|maatregel(?:en)?|stappen|acties?|plant u|zal u|zult u|gaat u|wil u|wilt u|overweegt)\b", re.I),
        re.compile(r"\b(?:zal|zullen|ga|gaan|plan(?:nen)?|binnenkort|voornemens?|onderzoeken|bestuderen|laten)\b", re.I),
    ),
    "when": (
        re.compile(r"\b(?:wanneer|tijdpad|termijn|timing|datum|tegen wanneer|vanaf wanneer)\b", re.I),
        re.compile(r"\b(?:" + MONTH_WORDS + r"|medio|(?:19|20)\d\d|kwartaal|maanden|weken)\b", re.I),
    ),
    "why": (
        re.compile(r"\b(?:waarom|om welke redenen?|hoe komt het|hoe verklaart|hoe verantwoordt)\b", re.I),
        re.compile(r"\b(?:omdat|aangezien|doordat|reden|want|daarom|strategie|immers|verklaard)\b", re.I),
    ),
}
SHIFT = re.compile(r"^(?:rekening houdend(?:e)? met|wat (?:de|het|uw)|voor wat betreft|daarnaast|voorts|tot slot|ten slotte|ten tweede|ten derde|verder)\b", re.I)
POINTER = re.compile(
    r"^(?:wat\s+(?:uw\s+(?:\w+\s+)?vraag\s+(?:over|naar|betreft)|(?:de|het|uw)\s+[^,]{0,60}?\s+betreft)|"
    r"voor\s+wat\s+(?:betreft|de|het)|inzake|aangaande|met\s+betrekking\s+tot|betreffende|"
    r"(?:op\s+)?uw\s+(?:eerste|tweede|derde|vierde|vijfde|laatste)\s+vraag|in\s+antwoord\s+op\s+uw)",
    re.IGNORECASE,
)
# An opening sentence that answers the question as a whole ("Het antwoord op deze vraag is
# het geachte lid rechtstreeks toegestuurd", "Uw vragen werden reeds beantwoord ...").
WHOLE = re.compile(
    r"\b(?:antwoord\s+op\s+(?:deze|uw|de)\s+(?:schriftelijke\s+|parlementaire\s+)?vra(?:ag|gen)|"
    r"(?:deze|uw|zijn|haar)\s+(?:verschillende\s+|beide\s+)?vragen)\b"
    r"(?!\s+(?:van|d\.d\.)\s+\d)",  # "mijn antwoord op uw vraag van 14 april 2016": an earlier question
    re.IGNORECASE,
)
ORDINALS = {"eerste": 0, "tweede": 1, "derde": 2, "vierde": 3, "vijfde": 4, "zesde": 5}
_ORDINAL = re.compile(r"\b(" + "|".join(ORDINALS) + r")\s+vraag", re.I)


def align(dossier: Dossier) -> tuple[dict[str, tuple[Link, ...]], tuple]:
    """Return (links per item id, references) for ``dossier``."""
    links: dict[str, list[Link]] = {item.id: [] for item in dossier.items}
    labelled = [p for p in dossier.passages if p.label]
    for passage in labelled:
        for item_id in passage.covers:
            if item_id in links:
                links[item_id].append(Link(item_id, passage.index, 1.0, f"genummerd als {passage.label}"))
    for passage in dossier.passages:
        if passage.label:
            continue
        covered = [dossier.item(i) for i in passage.covers if i in links and not links[i]]
        if len(covered) == 1:
            links[covered[0].id].append(Link(covered[0].id, passage.index, 1.0, "het hele antwoord", kind="whole"))
        elif covered:
            for link in align_by_content(dossier, passage, covered):
                links[link.item_id].append(link)
    if labelled:
        for link in _answered_by_letters(dossier, links):
            links[link.item_id].append(link)
        for link in _unlabelled_items_by_content(dossier, links):
            links[link.item_id].append(link)
    for link in _the_other_questions(dossier, links):
        links[link.item_id].append(link)
    references = find_references(dossier)
    for item_id, passage_index, reason in item_references(dossier, references, links):
        links[item_id].append(Link(item_id, passage_index, 0.6, reason, kind="reference"))
    return {item_id: tuple(found) for item_id, found in links.items()}, references


def _answered_by_letters(dossier: Dossier, links: dict[str, list[Link]]) -> list[Link]:
    """Return links for a numbered item with lettered items under it ("2. Waar werden de goederen
    aangetroffen?" with "a) in de havens?", "b) op de luchthavens?") that no label names alone,
    answered as "2. a) ... b) ...": its answer is its letters' passages, in order."""
    out = []
    lettered: dict[str, list[str]] = {}  # number -> its lettered items, in order (one pass)
    for item in dossier.items:
        if item.id[-1:].isalpha() and item.id[:-1].isdigit():
            lettered.setdefault(item.id[:-1], []).append(item.id)
    for item in dossier.items:
        if links[item.id] or not item.id.isdigit():
            continue
        letters = lettered.get(item.id, [])
        passages = [link.passage for letter in letters for link in links[letter] if link.kind == "label"]
        if not passages:
            continue
        named = [letter[-1] + ")" for letter in letters if links[letter]]
        reason = f"beantwoord per onderdeel, {named[0]} tot {named[-1]}" if len(named) > 1 else \
            f"beantwoord onder {named[0]}"
        out += [Link(item.id, index, 0.9, reason, kind="letters") for index in dict.fromkeys(passages)]
    return out


# "De andere vragen behoren tot ...", "voor uw verdere vragen verwijs ik ...", "Bijgevolg zijn de
# overige vragen zonder voorwerp": one sentence for every question the answer does not take up
OTHER_QUESTIONS = re.compile(
    r"\b(?:de|uw|alle)\s+(?:andere|overige|verdere|resterende|volgende)\s+(?:deel)?vragen\b|\bde rest van uw vragen\b",
    re.IGNORECASE,
)


def _the_other_questions(dossier: Dossier, links: dict[str, list[Link]]) -> list[Link]:
    """Return links for the items nothing else answers to the answer's words about "the other
    questions", from that sentence to the end of its passage."""
    missing = [item.id for item in dossier.items if not links[item.id]]
    if not missing:
        return []
    text = dossier.text
    for passage in dossier.passages:
        found = OTHER_QUESTIONS.search(text, passage.start, passage.end)
        if found is None:
            continue
        start = next((s for s, e in sentence_spans(text, passage.start, passage.end) if s <= found.start() < e),
                     passage.start)
        return [Link(item_id, passage.index, 0.6, "het antwoord spreekt over de andere vragen", start, passage.end,
                     kind="content") for item_id in missing]
    return []


FALLBACK_FIT = 0.6  # how well a passage must fit an item that no label names


def _unlabelled_items_by_content(dossier: Dossier, links: dict[str, list[Link]]) -> list[Link]:
    """Return links for items no printed label names but whose words a passage clearly takes
    up ("numbered differently from the question"); the rest stay unanswered."""
    missing = [item for item in dossier.items if not links[item.id]]
    if not missing:
        return []
    weights = _distinctiveness([terms(item.text) for item in dossier.items])
    passage_terms = [set(terms(p.text)) for p in dossier.passages]
    asked = [item for item in missing if len(set(terms(item.text))) >= 4]  # fewer: too few words to tell
    matrix = overlap_matrix([terms(item.text) for item in asked], passage_terms, weights)
    out = []
    for item, fits in zip(asked, matrix):
        best = max(range(len(fits)), key=lambda k: fits[k])
        if fits[best] >= FALLBACK_FIT:
            out.append(Link(item.id, best, round(min(0.8, fits[best]), 2), "gelijkaardige woorden", kind="content"))
    return out


def align_by_content(dossier: Dossier, passage: Passage, items: list[Item]) -> list[Link]:
    """Return links of ``items`` to stretches of one unnumbered ``passage``, in document order."""
    text = dossier.text
    spans = sentence_spans(text, passage.start, passage.end)
    if not spans:
        return []
    if WHOLE.search(text, spans[0][0], spans[0][1]) and not any(POINTER.match(text[s:e]) for s, e in spans[1:]):
        return [
            Link(item.id, passage.index, 0.7, "het antwoord beantwoordt de vragen samen", kind="content")
            for item in items
        ]
    sentences = [text[s:e] for s, e in spans]
    sentence_terms = [set(terms(sentence)) for sentence in sentences]
    item_terms = [terms(item.text) for item in items]
    weights = _distinctiveness(item_terms)
    own = overlap_matrix(item_terms, sentence_terms, weights)
    fit = [[max(row[j], NEXT_WEIGHT * (row[j + 1] if j + 1 < len(row) else 0.0)) for j in range(len(row))] for row in own]
    shifts = [SHIFT.match(sentence) is not None for sentence in sentences]
    shifted = [j for j in range(1, len(sentences)) if shifts[j]]
    given: dict[str, list[bool]] = {}  # per cue an item asks for: which sentences give it
    for i, item in enumerate(items):
        wants = [cue for cue, (ask, _) in CUES.items() if ask.search(item.text)]
        for cue in wants:
            if cue not in given:
                give = CUES[cue][1].search
                given[cue] = [give(sentence) is not None for sentence in sentences]
        row = fit[i]
        if wants:
            for j in range(len(sentences)):
                row[j] += sum(0.25 for cue in wants if given[cue][j])
        for j in shifted:
            row[j] += 0.1
    pointing = [POINTER.match(sentence) is not None for sentence in sentences]
    pointers = [j for j, found in enumerate(pointing) if found]
    for j in pointers:
        ordinal = _ORDINAL.search(sentences[j])
        for i in range(1, len(items)):
            bonus = 0.5 if ordinal is None else (1.0 if ORDINALS[ordinal.group(1).lower()] == i else 0.0)
            fit[i][j] += bonus * (fit[i][j] > 0 or ordinal is not None)
    starts = _monotonic_starts(fit)
    for i in range(1, len(items)):
        j = starts[i]
        # "Rekening houdend met ..., lijkt het opportuun ... . Het agentschap zal ...": a sentence
        # that opens with a turn to a new point starts the answer it leads into
        if j - 1 > starts[i - 1] and shifts[j - 1] and not shifts[j] and not pointing[j]:
            starts[i] = j - 1
    silent = _silent_items(items, item_terms, weights, set().union(*sentence_terms))
    out = []
    for i, item in enumerate(items):
        if item.id in silent:
            continue
        j = starts[i]
        later = [starts[k] for k in range(i + 1, len(items)) if starts[k] > j and items[k].id not in silent]
        end_j = later[0] if later else len(spans)
        start, end = spans[j][0], spans[end_j - 1][1]
        if j == 0:
            reason, score = ("het antwoord begint bij deze vraag" if i == 0 else "samen beantwoord met de vorige vraag"), 0.7
        elif j in pointers:
            reason, score = "het antwoord verwijst naar deze vraag", 0.8
        else:
            reason, score = "gelijkaardige woorden", min(0.9, 0.4 + fit[i][j] / 2)
        out.append(Link(item.id, passage.index, round(score, 2), reason, start, end, kind="content"))
    return out


def _distinctiveness(item_terms: list[list[str]]) -> dict[str, float]:
    """Return a weight per term: high for words only one item uses, low for shared ones."""
    counts: dict[str, int] = {}
    for found in item_terms:
        for term in set(found):
            counts[term] = counts.get(term, 0) + 1
    return {term: 1.0 / n for term, n in counts.items()}


def _monotonic_starts(fit: list[list[float]]) -> list[int]:
    """Return a start sentence per item: non-decreasing, first item at 0, best total fit."""
    n_items, n_sent = len(fit), len(fit[0])
    best = [[float("-inf")] * n_sent for _ in range(n_items)]
    back = [[0] * n_sent for _ in range(n_items)]
    best[0][0] = fit[0][0]
    for i in range(1, n_items):
        running, arg = float("-inf"), 0
        for j in range(n_sent):
            stay = best[i - 1][j]
            # moving to j from an earlier start costs MOVE_COST
            if j > 0 and best[i - 1][j - 1] > running:
                running, arg = best[i - 1][j - 1], j - 1
            moved = running - MOVE_COST
            if stay > moved:  # on a tie the previous item keeps its earlier start
                best[i][j], back[i][j] = stay + fit[i][j], j
            else:
                best[i][j], back[i][j] = moved + fit[i][j], arg
    j = max(range(n_sent), key=lambda k: best[-1][k])
    starts = [0] * n_items
    for i in range(n_items - 1, -1, -1):
        starts[i] = j
        j = back[i][j]
    return starts


def _silent_items(items: list[Item], item_terms: list[list[str]], weights: dict[str, float], answer_terms: set[str]) -> set[str]:
    """Return ids of items the answer passes over in silence.

    Parallel items ("Hoeveel fietsen werden er gestolen?", "Hoeveel bromfietsen werden er
    gestolen?") differ in a few words. When the answer takes up the distinctive words of
    an earlier parallel item but none of this item's, it does not address this item.
    Letters follow their number.
    """
    distinctive = [[t for t in found if weights.get(t) == 1.0 and len(t) >= 5] for found in item_terms]
    index = index_of(frozenset(answer_terms))  # the answer's terms indexed once, for every item
    hit = [overlap(d, index) > 0 for d in distinctive]
    first_word = [item.text.split(" ", 1)[0].lower() for item in items]
    silent = set()
    for i, item in enumerate(items):
        if not distinctive[i] or hit[i] or len(set(item_terms[i])) > 6:
            continue  # only short, parallel questions can be told apart this way
        if overlap(item_terms[i], index, weights) >= 0.2:
            continue
        shared = set(item_terms[i]) - set(distinctive[i])
        if any(
            hit[k] and first_word[k] == first_word[i] and shared & set(item_terms[k])
            for k in range(i)
        ):
            silent.add(item.id)
    for i, item in enumerate(items):
        parent = re.match(r"(\d+)[a-z]$", item.id)
        if parent and parent.group(1) in silent and not (distinctive[i] and hit[i]):
            silent.add(item.id)
    return silent
