"""The Belgian federal Chamber: open-data rows and the bulletin (Vragen en Antwoorden) layout.

An open-data row has the question ("Title. \\n\\n Body") and the answer as two texts; the
metadata comes from the row's fields (see ``pqassist.parse.load``). A bulletin text prints
``Vraag nr. 1215 van de heer X van 29 juni 2017 (N.) aan de minister van Y: Title.`` and
``Antwoord van de minister van Y van 27 juli 2017, op de vraag nr. 1215 ...:``.
"""

from __future__ import annotations

import re

from pqassist.model import Meta
from pqassist.parse.layout import Layout
from pqassist.text import first_last, parse_date, squash

_DATE = r"\d{1,2}\s+[a-z]+\s+\d{4}"
QUESTION_HEADING = re.compile(
    r"Vraag\s+nr\.?\s*(?P<number>\d+)\s+van\s+(?:de\s+heer|mevrouw|mevr\.|het\s+lid)\s+(?P<name>[^\n]+?)\s+"
    r"van\s+(?P<date>" + _DATE + r")\s*(?:\([NF]\.\)\s*)?aan\s+(?:de\s+|het\s+)?(?P<addressee>[^\n:]+?)\s*(?::|\n)"
)
ANSWER_HEADING = re.compile(
    r"Antwoord\s+van\s+(?:de\s+|het\s+)?(?P<who>[^\n]+?)\s+van\s+(?P<date>" + _DATE + r")\s*,?\s*"
    r"op\s+de\s+vraag\s+nr\.?\s*\d+[^\n]*?(?::|\n)"
)
# the title of a written question that took over an oral one: "De treinhaltes ... (MV 15200)."
ORAL_NUMBER = re.compile(r"^\s*[^\n]{3,300}?\(MV\s*(?P<number>\d{3,6})\)[ \t]*\.?[ \t]*(?:\n|$)")
_FIRST_LINE = re.compile(r"\s*([^\n]*)")
_TITLE_LINE = re.compile(r"\s*([^\n]+)")
BULLETIN = re.compile(r"\(Vragen en Antwoorden, Kamer, (?P<session>\d{4}-\d{4}), nr\. (?P<nr>\d+)\)")


def looks_like(text: str) -> bool:
    """Return True when ``text`` is a federal Chamber bulletin entry or a question whose title
    carries the number of the oral question it replaced ("(MV 15200)")."""
    return bool(QUESTION_HEADING.search(text[:3000]) or ORAL_NUMBER.match(text[:400]))


def split_layout(text: str, answer_from: int | None = None) -> Layout:
    """Return the layout of a federal question: an open-data row or a bulletin entry."""
    heading = QUESTION_HEADING.search(text[:3000])
    if heading:
        return _bulletin(text, heading, answer_from)
    layout = Layout(format="kamer")
    q_end = len(text) if answer_from is None else answer_from
    first_line = _FIRST_LINE.match(text, 0)
    title_start, title_end = first_line.start(1), first_line.end(1)
    if "\n" not in text[:q_end].strip() or title_end - title_start > 300:
        # no title line: the title is the first sentence when it is short
        stop = text.find(". ", title_start, min(q_end, title_start + 200))
        title_end = stop + 1 if stop != -1 else title_start
    if title_end > title_start:
        layout.title = (title_start, title_end)
        layout.meta = Meta(parliament="kamer", title=squash(text[title_start:title_end]).rstrip(". "))
    else:
        layout.meta = Meta(parliament="kamer")
    if answer_from is None:
        from pqassist.parse.generic import guess_answer_start

        answer_from = guess_answer_start(text, title_end, len(text))
        q_end = len(text) if answer_from is None else answer_from
    layout.question = (title_end, q_end)
    if answer_from is not None:
        layout.answer = (answer_from, len(text))
        layout.answer_start = answer_from
    return layout


def _bulletin(text: str, heading: re.Match, answer_from: int | None) -> Layout:
    layout = Layout(format="kamer")
    meta = {
        "parliament": "kamer",
        "number": heading.group("number"),
        "questioner": first_last(heading.group("name")),
        "asked_on": parse_date(heading.group("date")),
        "addressee": squash(heading.group("addressee")),
    }
    layout.header.append((heading.start(), heading.end()))
    answer = ANSWER_HEADING.search(text, heading.end())
    q_end = answer.start() if answer else (len(text) if answer_from is None else answer_from)
    title = _TITLE_LINE.match(text, heading.end())
    q_start = heading.end()
    if title and len(title.group(1)) < 300 and "?" not in title.group(1):
        layout.title = (title.start(1), title.end(1))
        meta["title"] = squash(title.group(1)).rstrip(". ")
        q_start = title.end(1)
    bulletin = BULLETIN.search(text[:q_end])
    if bulletin:
        meta["session"] = bulletin.group("session")
    layout.question = (q_start, q_end)
    if answer:
        meta["answered_on"] = parse_date(answer.group("date"))
        meta["answerer"] = squash(answer.group("who"))
        layout.header.append((answer.start(), answer.end()))
        layout.answer = (answer.end(), len(text))
        layout.answer_start = answer.start()
    elif answer_from is not None:
        layout.answer = (answer_from, len(text))
        layout.answer_start = answer_from
    layout.meta = Meta(**meta)
    return layout
