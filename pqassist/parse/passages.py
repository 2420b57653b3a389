"""Split the body of an answer into passages at the labels it prints.

Labels name the items they answer, alone or in groups and ranges: "1.", "3. a)", "b)",
"2. en 3.", "1. tot 3.", "1., 2., 3. b), 3. c) en 4.", "Vraag 2:", "Antwoord op vraag 4".
A label is accepted only when every item it names exists in the question and it comes
after the items already answered, so "mijn antwoord op vraag 4." is not taken for a label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pqassist.parse.items import ItemSpan, trim
from pqassist.parse.markers import placement
from pqassist.text import digit_and_paren_starts, finditer_at

_SEP = r"(?:\s*,\s*(?:en\s+)?|\s+en\s+|\s+tot(?:\s+en\s+met)?\s+|\s*t/m\s*|\s*[-–]\s*|\s*&\s*)"
_PREFIX = r"(?:(?:antwoord\s+op\s+(?:de\s+)?(?:deel)?vra(?:ag|gen)|antwoord|(?:deel)?vra(?:ag|gen)|ad|punt)\s+)?"


@lru_cache(maxsize=8)
def label_patterns(digits: int = 2) -> tuple[re.Pattern, re.Pattern]:
    """Return (LABEL, PREFIXED_NUMBER) for item numbers of up to ``digits`` digits.

    A question numbered up to 99 keeps two-digit labels, so that a year glued to a letter
    ("in 2016.b) Op grond") is never read as a label that hides the "b)". A group of numbers
    may print only its last one as a label: "1 en 2. Wat ..." answers items 1 and 2.
    """
    num = r"\d{1,2}" if digits <= 2 else rf"(?:\d{{1,2}}|[1-9]\d{{2,{digits - 1}}})"
    atom = r"(?:" + num + r"(?:\s?[.)](?!\d)|(?=[a-z][.)]))(?:\s?[a-z]\))?|[a-z]\))"
    # "1 en 2." / "3, 4 en 5.": bare numbers joined to a last one that is printed as a label
    bare = rf"(?P<bare>{num}(?:{_SEP}{num})*{_SEP}{atom})"
    label = re.compile(
        rf"(?<![\w,/\-–(])(?P<label>{_PREFIX}(?P<atoms>{atom}(?:{_SEP}{atom})*|{bare})\s*:?)"
        r"(?=\s*\S)",
        re.IGNORECASE,
    )
    prefixed = re.compile(
        r"(?<![\w])(?P<label>(?:Antwoord\s+op\s+(?:de\s+)?(?:deel)?vra(?:ag|gen)|(?:Deel)?[Vv]ra(?:ag|gen)|Ad)\s+"
        r"(?P<atoms>" + num + r"[a-z]?(?:\s*(?:,|en|tot|t/m|-)\s*" + num + r"[a-z]?)*)\s*[:.)]?)(?=\s*\S)",
        re.IGNORECASE,
    )
    return label, prefixed


LABEL, _PREFIXED_NUMBER = label_patterns(2)
# Every place a label can begin: a run of digits, a letter before ")", or a word that opens
# a prefixed label. The full patterns run only there.
_LABEL_WORD = re.compile(r"antwoord|deelvra|vra|ad|punt", re.IGNORECASE)
_LABEL_WORDS = ("antwoord", "vra", "ad", "punt")  # the same over lower-cased text ("deelvra" found by its "vra")


_LETTER_STARTS = {f"{c})" for c in "abcdefghijklmnopqrstuvwxyz"}
_DIGITS = re.compile(r"\d+")
_LETTERED_ID = re.compile(r"\d+[a-z]")  # an item id such as "3b" (used with fullmatch)
_ATOM_SEP = re.compile(r"\s*(,\s*(?:en\s+)?|\ben\b|\btot(?:\s+en\s+met)?\b|t/m|[-–&])\s*", re.I)
_ATOM = re.compile(r"(\d{1,5})?\s?[.)]?\s?(?:([a-z])[.)]?)?")  # one atom of a label (used with fullmatch)


@dataclass
class PassageSpan:
    """A passage found in cleaned text, with the item ids its label names."""

    label: str
    covers: list[str]
    start: int
    end: int
    label_start: int | None = None
    label_end: int | None = None


def parse_answer_body(text: str, start: int, end: int, items: list[ItemSpan]) -> tuple[list[PassageSpan], list[tuple[int, int]]]:
    """Return the passages of the answer ``text[start:end]`` and the text before the first label."""
    start, end = trim(text, start, end)
    if end <= start:
        return [], []
    order = {item.id: index for index, item in enumerate(items)}
    family = _Family(items, order)
    labels = _recover_glued(text, _accepted_labels(text, start, end, items, order, family), items, start, end)
    if not labels:
        covers = [item.id for item in items]
        return [PassageSpan("", covers, start, end)], []
    passages = []
    intro = [trim(text, start, labels[0][0])] if labels[0][0] > start else []
    for index, (l_start, l_end, printed, covers) in enumerate(labels):
        p_end = labels[index + 1][0] if index + 1 < len(labels) else end
        body_start, body_end = trim(text, l_end, p_end)
        passages.append(PassageSpan(printed, covers, body_start, body_end, l_start, l_end))
    _resolve_number_only(passages, items, family)
    return passages, [i for i in intro if i[1] > i[0]]


def _accepted_labels(text, start, end, items, order, family):
    """Return the labels accepted as (start, end, printed, covers); a new round of numbering
    that does not come back as far as the round before it is not one ("In bijlage: 1. ... 2. ...")."""
    refused: set[int] = set()
    while True:
        accepted, unfinished = _accept_labels(text, start, end, items, order, family, refused)
        if unfinished is None:
            return accepted
        refused.add(unfinished)


def _accept_labels(text, start, end, items, order, family, refused):
    numbers_with_letters = {_DIGITS.match(i.id).group() for i in items if _LETTERED_ID.fullmatch(i.id)}
    ids = set(order)
    accepted = []
    taken: set[str] = set()
    last = -1
    current_number = None
    digits = max((len(i.id.rstrip("abcdefghijklmnopqrstuvwxyz")) for i in items), default=1)
    matches = _label_matches(text, start, end, digits)
    round_start, round_goal = None, -1  # where the current new round began, and how far the one before it came
    for index, match in enumerate(matches):
        quality = placement(text, match.start())
        if quality is None:
            continue
        if quality == 0 and _after_figure(text, start, matches, index):
            quality = 1  # "Nu zijn het er dus 45. 4. Het ...": a figure ended the sentence
        if match.groupdict().get("bare") and quality == 0:
            continue  # "in 2 en 3. Het" mid-sentence: numbers, not a label
        atoms = _atoms(match.group("atoms"), current_number)
        if not atoms:
            continue
        following = matches[index + 1] if index + 1 < len(matches) else None
        if following is not None and _figure_before_label(text, match, following, atoms, items, last):
            continue
        covers: list[str] = []
        ok = True
        for number, letter in atoms:
            if number is None:
                ok = False
                break
            if letter:
                item_id = f"{number}{letter}"
                if item_id not in ids and letter == "a" and number in ids and number not in numbers_with_letters:
                    covers.append(number)  # "2. a)" where item 2 has no letters: the answer divides it
                    continue
                if item_id not in ids:
                    ok = False
                    break
                covers.append(item_id)
            elif number in ids or number in numbers_with_letters:
                covers.append(number)
            else:
                ok = False
                break
        if not ok or not covers:
            continue
        first = min(_order_of(c, family) for c in covers)
        prefixed = not match.group("label")[:1].isdigit() and match.group("label")[:2] not in _LETTER_STARTS
        if prefixed and quality == 0:
            continue  # "mijn antwoord op vraag 4." is a reference, not a heading
        if (first <= last and match.start() not in refused
                and _opens_new_round(text, start, match.start(), match.end(), first, last, quality)):
            if round_start is not None and last < round_goal:
                return accepted, round_start
            round_start, round_goal = match.start(), last
            taken, last = set(), -1  # "Voor wat Ambtenarenzaken betreft: 1. ...": the items again
        if first <= last:
            # out of order ("1., 2., 3. b) en 4." then "3. a)"): only a well-placed label
            # naming items no label has named yet
            if quality == 0 or any(c in taken for c in covers):
                continue
        elif quality == 0 and first != last + 1:
            continue  # a number mid-sentence is a label only when it is the very next item
        printed = " ".join(match.group("label").split()).rstrip(":")
        accepted.append((match.start(), match.end(), printed, covers))
        taken.update(covers)
        last = max(last, max(_order_of(c, family, last_child=True) for c in covers))
        current_number = atoms[-1][0]
    if round_start is not None and last < round_goal:
        return accepted, round_start
    return accepted, None


HEADING_WORDS = 12  # the most words a heading such as "Voor wat Defensie betreft:" has


def _opens_new_round(text: str, start: int, pos: int, label_end: int, first: int, last: int, quality: int) -> bool:
    """Return True when the label at ``pos`` names the first item again after a heading that
    ends in a colon, and words follow: an answer given once per department or per case, each
    numbered anew ("Voor wat Defensie betreft:1. ... 3. ... Voor wat Ambtenarenzaken
    betreft:1. ...", "a) Wat de eerste opdracht betreft:1. ... b) Wat de tweede ...:1. ...").
    A number quoted inside a passage ('luidt als volgt: "§ 1.') has no such heading, and an
    amount split at its thousands ("bedrag: 1. 208.262 euro") has a figure after it."""
    if first != 0 or last < 1 or quality == 0:
        return False
    after = label_end
    while after < len(text) and text[after].isspace():
        after += 1
    if after >= len(text) or not text[after].isalpha():
        return False
    back = pos - 1
    while back >= start and text[back] in " \t\u00a0":
        back -= 1
    if back < start or text[back] == "\n":
        return True  # on a line of its own: a new part of the answer
    if text[back] not in ":.":
        return False
    opening = back
    while opening > start and text[opening - 1] not in ".?!\n":
        opening -= 1
    heading = text[opening:back].split()
    if text[back] == ".":  # "Voor wat de FOD Economie betreft. 1."
        return 1 < len(heading) <= HEADING_WORDS and heading[-1].lower() == "betreft"
    return 0 < len(heading) <= HEADING_WORDS


_FIGURE_ENDS_SENTENCE = re.compile(r"(?<![\d.,/\-])\d+\.[ \t]+$")


def _after_figure(text, start, matches, index) -> bool:
    """Return True for a number label right after a figure that ends a sentence ("45. 4. Het")
    when no later label names the same numbers (then that later one is the heading)."""
    match = matches[index]
    if not match.group("label")[:1].isdigit() or not _FIGURE_ENDS_SENTENCE.search(text, max(start, match.start() - 16), match.start()):
        return False
    atoms = _atoms(match.group("atoms"), None)
    if not atoms or any(letter for _, letter in atoms):
        return False
    numbers = {number for number, _ in atoms}
    return not any(numbers & {n for n, _ in _atoms(later.group("atoms"), None)} for later in matches[index + 1 :])


def _figure_before_label(text, match, following, atoms, items, last) -> bool:
    """Return True when ``match`` is a figure that ends a sentence right before the real label
    ("2016: 5. 3. Aantal", "taalrol: 6. 3. Voor", "45. 4. Het"): a lone number followed at
    once by a label that names the next item, while the number itself does not."""
    if len(atoms) != 1 or atoms[0][1] or text[match.end() : following.start()].strip():
        return False
    if last + 1 >= len(items):
        return False
    expected = items[last + 1].id.rstrip("abcdefghijklmnopqrstuvwxyz")
    following_atoms = _atoms(following.group("atoms"), None)
    return bool(following_atoms) and following_atoms[0][0] == expected and atoms[0][0] != expected


# "Defensie1. Defensie biedt": a one-word heading at the start or after a sentence, glued to its number
_GLUED_TO_HEADING = re.compile(r"(?:^|(?<=[.!?:\n]))[ \t]*[A-ZÀ-Ý][a-zà-ÿ]{2,}(?P<number>\d{1,2})\.[ \t]+(?=[A-ZÀ-Ý])")


def _recover_glued(text, labels, items, start, end):
    """Return ``labels`` with numbers glued to a unit recovered ("8.256 m22. Dit" is m2, then 2.),
    and a first number glued to a one-word heading ("Defensie1. Defensie biedt ...").

    Only a number item that no label names, expected between two labels (or after the
    last), is looked for, glued to a unit such as m2 or m3; or, for the first item, before
    the first label, glued to a capitalised word that opens the answer or a sentence.
    """
    if not labels:
        return labels
    named = {c for _, _, _, covers in labels for c in covers}
    numbers = [i.id for i in items if i.id.isdigit()]
    out = list(labels)
    for item_id in numbers:
        if item_id in named:
            continue
        before = [l for l in out if any(c.isdigit() and int(c) < int(item_id) for c in l[3] if c.isdigit())]
        after = [l for l in out if any(c.isdigit() and int(c) > int(item_id) for c in l[3] if c.isdigit())]
        if not before:
            if item_id == numbers[0] and after:
                match = _GLUED_TO_HEADING.search(text, start, after[0][0])
                if match and match.group("number") == item_id:
                    out.append((match.start("number"), match.end(), f"{item_id}.", [item_id]))
                    named.add(item_id)
            continue
        lo = before[-1][1]
        hi = after[0][0] if after and after[0][0] > lo else end
        match = re.compile(rf"(?<=[a-zA-Z][23]){item_id}\.[ \t]+(?=[A-ZÀ-Ý])").search(text, lo, hi)
        if match:
            out.append((match.start(), match.end(), f"{item_id}.", [item_id]))
            named.add(item_id)
    out.sort(key=lambda l: l[0])
    return out


def _label_matches(text, start, end, digits=2):
    seen = set()
    matches = []
    label, prefixed = label_patterns(digits)
    words = _label_word_starts(text, start, end)
    starts = digit_and_paren_starts(text, start, end)
    if words:
        starts = sorted(set(starts).union(words))
    # a prefixed label opens with one of the words; a label with a number, a letter or a word
    for pattern, at in ((prefixed, words), (label, starts)):
        for match in finditer_at(pattern, text, at, end):
            if match.start() in seen:
                continue
            seen.add(match.start())
            matches.append(match)
    matches.sort(key=lambda m: m.start())
    # drop matches starting inside an earlier match
    out, reach = [], -1
    for match in matches:
        if match.start() < reach:
            continue
        out.append(match)
        reach = match.end()
    return out


def _label_word_starts(text: str, start: int, end: int) -> list[int]:
    """Return where a word that opens a prefixed label begins in ``text[start:end]``, where no
    word character stands before it (both label patterns need that)."""
    low = text[start:end].lower()
    if len(low) != end - start:
        found = [m.start() for m in _LABEL_WORD.finditer(text, start, end)]
        return [p for p in found if p == 0 or not _is_word_char(text[p - 1])]
    # the same positions: these letters fold only to themselves; each word looked up by itself
    found = []
    find = low.find
    for word in _LABEL_WORDS:
        pos = find(word)
        while pos != -1:
            at = pos + start
            if at == 0 or not _is_word_char(text[at - 1]):
                found.append(at)
            elif word == "vra" and pos >= 4 and low.startswith("deel", pos - 4):
                at -= 4  # "deelvraag"
                if at == 0 or not _is_word_char(text[at - 1]):
                    found.append(at)
            pos = find(word, pos + 1)
    found.sort()
    return found


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _atoms(raw: str, current_number: str | None) -> list[tuple[str | None, str | None]]:
    """Return (number, letter) pairs named by a label's atoms, expanding ranges."""
    pieces = _ATOM_SEP.split(raw.strip())
    atoms: list[tuple[str | None, str | None]] = []
    range_next = False
    number = current_number
    for piece in pieces:
        if not piece:
            continue
        low = piece.lower().strip()
        if low in (",", "en", "&") or low.startswith(","):
            continue
        if low.startswith("tot") or low in ("t/m", "-", "–"):
            range_next = True
            continue
        match = _ATOM.fullmatch(low)
        if not match or not (match.group(1) or match.group(2)):
            return []
        if match.group(1):
            number = str(int(match.group(1)))
        letter = match.group(2)
        if range_next and atoms:
            prev_number, prev_letter = atoms[-1]
            if letter and prev_letter and prev_number == number:
                atoms.extend((number, chr(c)) for c in range(ord(prev_letter) + 1, ord(letter)))
            elif not letter and not prev_letter and prev_number and number and int(number) > int(prev_number):
                atoms.extend((str(n), None) for n in range(int(prev_number) + 1, int(number)))
            range_next = False
        atoms.append((number, letter))
    return atoms


class _Family:
    """The items grouped by number: "3" with "3a", "3b" ... (built once per answer)."""

    def __init__(self, items: list[ItemSpan], order: dict[str, int]) -> None:
        self.order = order
        self.members: dict[str, list[int]] = {}  # number -> places of the items it names, itself included
        self.letters: dict[str, list[str]] = {}  # number -> ids of its lettered items, in order
        self.ids = {item.id for item in items}
        for item in items:
            number = item.id.rstrip("abcdefghijklmnopqrstuvwxyz")
            self.members.setdefault(number, []).append(order[item.id])
            if number != item.id and _LETTERED_ID.fullmatch(item.id):
                self.letters.setdefault(number, []).append(item.id)

    def has_letters(self, item_id: str) -> bool:
        """Return True when ``item_id`` has lettered items under it ("3" and "3a")."""
        return bool(self.letters.get(item_id))


def _order_of(item_id: str, family: _Family, last_child: bool = False) -> int:
    order = family.order
    if item_id in order and not (last_child and family.has_letters(item_id)):
        return order[item_id]
    children = family.members.get(item_id)
    if not children:
        return order.get(item_id, -1)
    return max(children) if last_child else min(children)


def _resolve_number_only(passages: list[PassageSpan], items: list[ItemSpan], family: _Family | None = None) -> None:
    """Make a label "1." cover 1a, 1b, 1c when the answer prints no letters for item 1."""
    family = family or _Family(items, {item.id: index for index, item in enumerate(items)})
    lettered = {c for p in passages for c in p.covers if _LETTERED_ID.fullmatch(c)}
    for passage in passages:
        covers: list[str] = []
        for item_id in passage.covers:
            if item_id.isdigit():
                children = family.letters.get(item_id, [])
                own = [item_id] if item_id in family.ids else []
                free = [c for c in children if c not in lettered]
                covers.extend(own + (free if free else ([] if own else children)))
            else:
                covers.append(item_id)
        passage.covers = list(dict.fromkeys(covers))
