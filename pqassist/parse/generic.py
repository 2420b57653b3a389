"""Any other document: a title line, numbered or unnumbered questions, an optional answer.

The answer starts after a line that says "Antwoord" (or at the separate answer file).
"""

from __future__ import annotations

import re

from pqassist.model import Meta
from pqassist.parse.layout import Layout
from pqassist.parse.text import squash

ANSWER_LINE = re.compile(r"(?im)^[ \t]*(?:antwoord(?:\s+van\s+[^\n]{0,120})?|het antwoord)[ \t]*:?[ \t]*$")


def split_layout(text: str, answer_from: int | None = None) -> Layout:
    """Return the layout of a plain document: title line, question body, answer body."""
    layout = Layout(format="unknown", meta=Meta(parliament="unknown"))
    q_end = len(text) if answer_from is None else answer_from
    if answer_from is None:
        heading = ANSWER_LINE.search(text)
        if heading:
            q_end = heading.start()
            layout.header.append((heading.start(), heading.end()))
            layout.answer = (heading.end(), len(text))
            layout.answer_start = heading.start()
    else:
        layout.answer = (answer_from, len(text))
        layout.answer_start = answer_from
    first = re.compile(r"\s*([^\n]*)").match(text, 0)
    q_start = 0
    line = first.group(1)
    rest = text[first.end(1) : q_end]
    if line and len(line) <= 200 and "?" not in line and rest.strip() and not re.match(r"\s*\d+[.)]\s", line):
        layout.title = (first.start(1), first.end(1))
        layout.meta = Meta(parliament="unknown", title=squash(line).rstrip(". "))
        q_start = first.end(1)
    layout.question = (q_start, q_end)
    return layout
