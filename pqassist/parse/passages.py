"""Split the body of an answer into passages at the labels it prints.

Labels name the items they answer, alone or in groups and ranges: "1.", "3. a)", "b)",
"2. en 3.", "1. tot 3.", "1., 2., 3. b), 3. c) en 4.", "Vraag 2:", "Antwoord op vraag 4".
A label is accepted only when every item it names exists in the question and it comes
after the items already answered, so "mijn antwoord op vraag 4." is not taken for a label.
Text before the first label is an introduction (kept, unassigned), except when items come
before the first item a label names and no label names them: the minister printed no "1.",
and that text is their answer (an unlabelled passage, split among them by content).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pqassist.parse.items import ItemSpan, trim
from pqassist.parse.labels import label_atoms, label_matches
from pqassist.parse.markers import placement
from pqassist.sentences import amount_split_at

_LETTER_STARTS = {f"{c})" for c in "abcdefghijklmnopqrstuvwxyz"}
_DIGITS = re.compile(r"\d+")
_LETTERED_ID = re.compile(r"\d+[a-z]")  # an item id such as "3b" (used with fullmatch)


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
    labels = _recover_repeated(text, labels, items, start, end)
    labels = _recover_shifted(text, labels, items, start, end)
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
    intro = [i for i in intro if i[1] > i[0]]
    opening = _opening_answer(text, intro, passages, items, order)
    if opening is not None:
        return [opening, *passages], []
    return passages, intro


OPENING_CHARS = 60  # the least text before the first label that can be an answer of its own


def _opening_answer(text: str, intro: list[tuple[int, int]], passages: list[PassageSpan],
                    items: list[ItemSpan], order: dict[str, int]) -> PassageSpan | None:
    """Return the text before the first label as an unlabelled passage answering the items
    that come before the first item a label names, when no label names them: "... (the answer
    to question 1) 2. ... 3. ..." (the minister printed no "1."). Otherwise (the first label
    names the first item, or the text is too short to be an answer) return None: the text stays
    unassigned."""
    if not intro or not passages:
        return None
    start, end = intro[0]
    if len("".join(text[start:end].split())) < OPENING_CHARS:
        return None
    named = {c for p in passages for c in p.covers}
    first = min(order.get(c, len(items)) for c in passages[0].covers)
    earlier = [item.id for item in items[:first] if item.id not in named]
    if not earlier:
        return None
    return PassageSpan("", earlier, start, end)


def _accepted_labels(text, start, end, items, order, family):
    """Return the labels accepted as (start, end, printed, covers), in one pass over the label
    matches. A new round of numbering that does not come back as far as the round before it is
    not one ("In bijlage: 1. ... 2. ..."): the reading goes back to where it began, as it was
    then, and reads on with that label refused as a new round (each match is read again at
    most once per round it falls in, so the cost stays linear in the rounds' lengths)."""
    numbers_with_letters = {_DIGITS.match(i.id).group() for i in items if _LETTERED_ID.fullmatch(i.id)}
    ids = set(order)
    digits = max((len(i.id.rstrip("abcdefghijklmnopqrstuvwxyz")) for i in items), default=1)
    matches = label_matches(text, start, end, digits)
    accepted: list = []
    taken: set[str] = set()
    last = -1
    current_number = None
    refused: set[int] = set()
    opened = None  # the new round being read: (its match, the reading as it was before it, the last item before it)
    index = 0
    while True:
        if index == len(matches):
            if opened is None or last >= opened[2]:
                return accepted
            index, (size, taken, last, current_number, opened) = opened[0], opened[1]
            del accepted[size:]
            refused.add(index)
            continue
        match = matches[index]
        found = _label_of(text, start, matches, index, items, ids, numbers_with_letters, family, current_number, last)
        index += 1
        if found is None:
            continue
        quality, atoms, covers, first = found
        if first == 0 <= last and index - 1 not in refused and _opens_new_round(
                text, start, match.start(), match.end(), quality):
            if opened is not None and last < opened[2]:  # the round before came short: not a round
                index, (size, taken, last, current_number, opened) = opened[0], opened[1]
                del accepted[size:]
                refused.add(index)
                continue
            if last >= 1:  # the round before named the second item at least
                opened = (index - 1, (len(accepted), set(taken), last, current_number, opened), last)
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


_NUMBER_DOT = re.compile(r"\d{1,3}\.")


def _label_of(text, start, matches, index, items, ids, numbers_with_letters, family, current_number, last):
    """Return (placement quality, atoms, the items covered, the first one's place) of the label
    match at ``index``, or None when it names no item or is no label where it stands."""
    match = matches[index]
    label = match.group("label").strip()
    if _NUMBER_DOT.fullmatch(label) and amount_split_at(text, text.index(".", match.start("label"))):
        # "- 1. 073.293 euro": an amount printed with a space after its millions, not a label
        # (over the federal corpus 326 such "N. ddd.ddd", not one a label followed by an amount)
        return None
    quality = placement(text, match.start())
    if quality is None:
        return None
    if quality == 0 and _after_figure(text, start, matches, index):
        quality = 1  # "Nu zijn het er dus 45. 4. Het ...": a figure ended the sentence
    if match.groupdict().get("bare") and quality == 0:
        return None  # "in 2 en 3. Het" mid-sentence: numbers, not a label
    atoms = label_atoms(match.group("atoms"), current_number)
    if not atoms:
        return None
    following = matches[index + 1] if index + 1 < len(matches) else None
    if following is not None and _figure_before_label(text, match, following, atoms, items, last):
        return None
    covers: list[str] = []
    for number, letter in atoms:
        if number is None:
            return None
        if letter:
            item_id = f"{number}{letter}"
            if item_id not in ids and letter == "a" and number in ids and number not in numbers_with_letters:
                covers.append(number)  # "2. a)" where item 2 has no letters: the answer divides it
                continue
            if item_id not in ids:
                return None
            covers.append(item_id)
        elif number in ids or number in numbers_with_letters:
            covers.append(number)
        else:
            return None
    if not covers:
        return None
    prefixed = not match.group("label")[:1].isdigit() and match.group("label")[:2] not in _LETTER_STARTS
    if prefixed and quality == 0:
        return None  # "mijn antwoord op vraag 4." is a reference, not a heading
    return quality, atoms, covers, min(_order_of(c, family) for c in covers)


HEADING_WORDS = 12  # the most words a heading such as "Voor wat Defensie betreft:" has


def _opens_new_round(text: str, start: int, pos: int, label_end: int, quality: int) -> bool:
    """Return True when the label at ``pos`` (naming the first item again) stands after a heading
    that ends in a colon, or on a line of its own, and words follow: an answer given once per
    department or per case, each numbered anew ("Voor wat Defensie betreft:1. ... 3. ... Voor wat
    Ambtenarenzaken betreft:1. ...", "a) Wat de eerste opdracht betreft:1. ... b) ...:1. ...").
    A number quoted inside a passage ('luidt als volgt: "§ 1.') has no such heading, and an
    amount split at its thousands ("bedrag: 1. 208.262 euro") has a figure after it."""
    if quality == 0:
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
    atoms = label_atoms(match.group("atoms"), None)
    if not atoms or any(letter for _, letter in atoms):
        return False
    numbers = {number for number, _ in atoms}
    return not any(numbers & {n for n, _ in label_atoms(later.group("atoms"), None)} for later in matches[index + 1 :])


def _figure_before_label(text, match, following, atoms, items, last) -> bool:
    """Return True when ``match`` is a figure that ends a sentence right before the real label
    ("2016: 5. 3. Aantal", "taalrol: 6. 3. Voor", "45. 4. Het"): a lone number followed at
    once by a label that names the next item, while the number itself does not."""
    if len(atoms) != 1 or atoms[0][1] or text[match.end() : following.start()].strip():
        return False
    if last + 1 >= len(items):
        return False
    expected = items[last + 1].id.rstrip("abcdefghijklmnopqrstuvwxyz")
    following_atoms = label_atoms(following.group("atoms"), None)
    return bool(following_atoms) and following_atoms[0][0] == expected and atoms[0][0] != expected


# "Defensie1. Defensie biedt": a one-word heading at the start or after a sentence, glued to its number
_GLUED_TO_HEADING = re.compile(r"(?:^|(?<=[.!?:\n]))[ \t]*[A-ZÀ-Ý][a-zà-ÿ]{2,}(?P<number>\d{1,2})\.[ \t]+(?=[A-ZÀ-Ý])")


# a number right before the code that stands for a table the Chamber's text leaves out
# ("4.2016201715998-3-2163-bil-3"): a decimal to the label pattern, but the item's label
_BEFORE_TABLE_CODE = r"\s*%s\.(?=\s*(?:19|20)\d{11}-\d)"
# a number glued to a unit (m2, m3) or to a lower-case word, then a sentence: "%s" is the item's number
_GLUED = r"(?:(?<=[a-zA-Z][23])|(?<=[a-zà-ÿ][a-zà-ÿ]))%s\.[ \t]+(?=[A-ZÀ-Ý])"
# the same for a group of numbers: "prijsaanduiding6.en 7. Aangezien", "Zwitserland4. tot 6. Voor"
_GLUED_GROUP = (r"(?<=[a-zà-ÿ][a-zà-ÿ])%s\.?[ \t]*(?P<sep>en|tot|t/m)[ \t]*(?P<last>\d{1,2})\.(?=[ \t]+[A-ZÀ-Ý])")


def _recover_glued(text, labels, items, start, end):
    """Return ``labels`` with numbers glued to a unit recovered ("8.256 m22. Dit" is m2, then 2.)
    or to the last word of a sentence that ends without a full stop ("Noorse scabies3. Het nut
    ...", "Neen6. In theorie"), and a first number glued to a one-word heading ("Defensie1.
    Defensie biedt ...").

    Only a number item that no label names, expected between two labels (or after the
    last), is looked for, glued to a unit such as m2 or m3 or to a lower-case word and
    followed by a capital; or, for the first item, before the first label, glued to a
    capitalised word that opens the answer or a sentence. (Over the corpus, numbers glued to
    a word this way were labels each time, also where the item before had no label found.)
    A number right before a table code ("2.2016201714666-9-1486-bil-2", the Chamber's mark
    for a table left out of the text) is the item's label too, also as the answer's start.
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
            if item_id == numbers[0]:
                match = re.compile(_BEFORE_TABLE_CODE % item_id).match(text, start)
                if match:  # "1.2016201714666-9-1486-bil-1 2.2016...": the answer opens on a table
                    out.append((match.start(), match.end(), f"{item_id}.", [item_id]))
                    named.add(item_id)
            continue
        lo = before[-1][1]
        hi = after[0][0] if after and after[0][0] > lo else end
        match = re.compile(_GLUED % item_id).search(text, lo, hi) or re.compile(
            r"(?<![\w.,])" + _BEFORE_TABLE_CODE % item_id).search(text, lo, hi)
        if match:
            out.append((match.start(), match.end(), f"{item_id}.", [item_id]))
            named.add(item_id)
            continue
        group = re.compile(_GLUED_GROUP % item_id).search(text, lo, hi)  # "Zwitserland4. en 5. Voor ..."
        if group:
            last = group.group("last")
            joined = [n for n in numbers if int(item_id) <= int(n) <= int(last)] if group.group("sep") != "en" \
                else [item_id, last]
            if last in numbers and int(last) > int(item_id) and not named.intersection(joined):
                printed = " ".join(text[group.start():group.end()].split())
                out.append((group.start(), group.end(), printed, joined))
                named.update(joined)
    out.sort(key=lambda l: l[0])
    return out


_SENTENCE_AFTER = re.compile(r"\s*[A-ZÀ-Ý]")  # a sentence opens after the label (not "1. 139")


def _recover_repeated(text, labels, items, start, end):
    """Return ``labels`` with a number printed twice read as the next one, where that is what
    the minister meant: "1. ... 2. ... 2. ... 4. ..." answers item 3 with the second "2."
    (printed label "3. (gedrukt als 2.)"). Only when the label before names that number alone,
    the next item has no label, the label after (if any) names a later item, and the repeat
    is the one number in that passage placed as a label, with a sentence after it."""
    numbers = [i.id for i in items if i.id.isdigit()]
    place_of = {number: place for place, number in enumerate(numbers)}
    named = {c for _, _, _, covers in labels for c in covers}
    out = list(labels)
    for index, (_, l_end, _, covers) in enumerate(labels):
        place = place_of.get(covers[0]) if len(covers) == 1 else None
        if place is None or place + 1 >= len(numbers) or numbers[place + 1] in named:
            continue
        number, wanted = covers[0], numbers[place + 1]
        hi = labels[index + 1][0] if index + 1 < len(labels) else end
        if index + 1 < len(labels) and not any(place_of.get(c, -1) > place + 1 for c in labels[index + 1][3]):
            continue
        # the one well-placed number in the passage, and a sentence after it (a list numbered
        # anew, "2012 1. ... 2. ... 2013 1. ...", prints several)
        placed = _placed_labels(text, l_end, hi)
        if len(placed) == 1 and label_atoms(placed[0].group("atoms"), None) == [(number, None)] \
                and _SENTENCE_AFTER.match(text, placed[0].end()):
            out.append((placed[0].start(), placed[0].end(), _misprinted(wanted, number), [wanted]))
            named.add(wanted)
    out.sort(key=lambda l: l[0])
    return out


def _recover_shifted(text, labels, items, start, end):
    """Return ``labels`` read anew when the minister printed one number twice and numbered
    every later answer one lower: "1. ... 1. ... 2. ... 3." for questions 1 to 4 (the
    second "1." answers 2, "2." answers 3, "3." answers 4). Only when the items are the
    numbers 1 to n, the answer's well-placed labels are exactly 1 ... k, k, k+1 ... n-1 (n
    labels, one per item), each with a sentence after it, and the labels read as printed
    left the last item without one. Else ``labels`` as they were."""
    numbers = [item.id for item in items]
    count = len(numbers)
    if count < 3 or numbers != [str(n) for n in range(1, count + 1)]:
        return labels
    if not labels or any(str(count) in covers for _, _, _, covers in labels):
        return labels  # no "1." was read, or the last item has its label: nothing was shifted
    placed = _placed_labels(text, start, end)
    printed = []
    for match in placed:
        atoms = label_atoms(match.group("atoms"), None)
        if len(atoms) != 1 or atoms[0][1] or atoms[0][0] is None or not _SENTENCE_AFTER.match(text, match.end()):
            return labels
        printed.append(int(atoms[0][0]))
    for repeat in range(1, count - 1):  # a repeat of the last but one is _recover_repeated's
        if printed == list(range(1, repeat + 1)) + list(range(repeat, count)):
            break
    else:
        return labels
    out = []
    for place, match in enumerate(placed):
        wanted, shown = numbers[place], printed[place]
        label = " ".join(match.group("label").split()).rstrip(":")
        out.append((match.start(), match.end(), label if str(shown) == wanted else _misprinted(wanted, shown), [wanted]))
    return out


def _placed_labels(text: str, lo: int, hi: int) -> list:
    """Return the label matches in ``text[lo:hi]`` that name numbers and stand where a label
    stands (placement 1 or more: at a line's or a sentence's start)."""
    return [m for m in label_matches(text, lo, hi) if m.groupdict().get("atoms") and (placement(text, m.start()) or 0) >= 1]


def _misprinted(wanted, shown) -> str:
    """Return the label of a number the minister printed wrongly: "3. (gedrukt als 2.)"."""
    return f"{wanted}. (gedrukt als {shown}.)"


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
