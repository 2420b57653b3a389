"""Read the Dutch phrase lists (``pqassist/data/phrases``, plus the staffer's own folder).

Each line of a list is a phrase in a small notation (``[a|b]`` alternatives, ``...`` a gap of
up to ten words, ``word*`` a word starting so) compiled to a regular expression, with the
words a matching text must hold. The lists are data a staffer can extend (see the
README.txt beside them); a folder of the staffer's own (``PQASSIST_PHRASES``, read once;
``phrases.reload()`` reads it again) adds lines to the packaged ones. ``phrases`` finds them
in text, each phrase through its rarest words (``frequency``: measured document frequencies).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from pqassist.data import data_path
from pqassist.errors import TemplateProblem

GAP = r"(?:\s+\S+){0,10}?"


@dataclass(frozen=True)
class Phrase:
    """One phrase: its regular expression (compiled on first use), weight, the line it came
    from, and the words a text must hold for it to match at all (one group per token, any
    alternative will do)."""

    regex: str
    weight: float
    line: str
    source: str
    requires: tuple[tuple[str, ...], ...] = ()
    tests: tuple[tuple[frozenset[str], tuple[str, ...]], ...] = ()
    section: str = ""

    @property
    def pattern(self) -> re.Pattern:
        """Return the compiled pattern (compiled once, when a text first needs it)."""
        return _compiled(self.regex)

    def possible(self, words: frozenset[str], low: str) -> bool:
        """Return False when ``low`` (lower-cased text with ``words``) cannot hold the phrase."""
        for exact, prefixes in self.tests:
            if exact.isdisjoint(words) and not any(p in low for p in prefixes):
                return False
        return True


class Hit(NamedTuple):
    """Where a phrase matched (a named tuple: read-only, and made in a third of the
    instructions of a frozen dataclass; a text's scan makes one per match)."""

    phrase: Phrase
    start: int
    end: int


def compile_phrase(line: str) -> str:
    """Return the regular expression for one phrase line (see README.txt for the syntax)."""
    parts = []
    for token in re.findall(r"\[[^\]]*\]\*?|\S+", line):
        if token == "...":
            parts.append(GAP)
            continue
        star = token.endswith("*")
        body = token[:-1] if star else token
        if body.startswith("[") and body.endswith("]"):
            options = [o.strip() for o in body[1:-1].split("|") if o.strip()]
            alternatives = "|".join(_words(o) for o in sorted(options, key=len, reverse=True))
            piece = f"(?:{alternatives})"
        else:
            piece = _words(body)
        parts.append(piece + (r"[\w\-]*" if star else ""))
    pattern = ""
    for index, part in enumerate(parts):
        if index == 0:
            pattern = part
        elif part == GAP:
            pattern += GAP
        else:
            pattern += r"\s+" + part
    return r"(?<![\w])" + pattern + r"(?![\w])"


def _words(text: str) -> str:
    return r"\s+".join(re.escape(word) for word in text.split())


@lru_cache(maxsize=None)  # one entry per phrase line
def _compiled(regex: str) -> re.Pattern:
    return re.compile(regex, re.IGNORECASE)


def _parse_file(text: str, source: str, check: bool = False) -> dict[str, list[Phrase]]:
    """Return the phrases of one file by section ("" when the file has no sections)."""
    sections: dict[str, list[Phrase]] = {}
    current = ""
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if re.fullmatch(r"\[[a-z_]+\]", line):
            current = line[1:-1]
            continue
        weight = 1.0
        weighted = re.match(r"^(\d(?:\.\d+)?)\s*\|\s*(.+)$", line)
        if weighted:
            weight, line = float(weighted.group(1)), weighted.group(2)
        if re.search(r"\[[^\]]*\*[^\]]*\]", line):  # a star inside [...] would be matched as a literal "*"
            raise TemplateProblem(f"Fout in de zinnenlijst {source}, regel {number} ({line!r}): een * kan niet "
                                  "binnen [ ] staan; schrijf elk woord met * op een eigen regel.")
        regex = compile_phrase(line)
        if check:  # a staffer's own line: say at once when it is broken
            try:
                _compiled(regex)
            except re.error as exc:
                raise TemplateProblem(f"Fout in de zinnenlijst {source}, regel {number} ({line!r}): {exc}.") from None
        requires = _requirements(line)
        tests = tuple(
            (frozenset(w for w in group if not w.endswith("*")), tuple(w[:-1] for w in group if w.endswith("*")))
            for group in requires
        )
        sections.setdefault(current, []).append(Phrase(regex, weight, line, f"{source}:{number}", requires, tests, current))
    return sections


SETTINGS: dict[str, str | None] = {}  # "extra": PQASSIST_PHRASES, read once (phrases reads it on every scan)


def extra_folder() -> str | None:
    """Return the staffer's own phrase folder (``PQASSIST_PHRASES``), read once per process."""
    if "extra" not in SETTINGS:
        SETTINGS["extra"] = os.environ.get("PQASSIST_PHRASES") or None
    return SETTINGS["extra"]


def forget() -> None:
    """Forget the loaded lists and the setting of ``PQASSIST_PHRASES`` (``phrases.reload``)."""
    SETTINGS.clear()
    load.cache_clear()


@lru_cache(maxsize=32)
def load(name: str, extra_dir: str | None = None) -> dict[str, list[Phrase]]:
    """Return the phrases of list ``name`` (e.g. "referral", "asks"), by section."""
    packaged = data_path("phrases") / f"{name}.txt"
    sections = _parse_file(packaged.read_text(encoding="utf-8"), f"{name}.txt")
    if extra_dir is None:
        extra_dir = extra_folder()
    if extra_dir:
        own = Path(extra_dir) / f"{name}.txt"
        if own.is_file():
            for section, phrases in _parse_file(own.read_text(encoding="utf-8"), str(own), check=True).items():
                sections.setdefault(section, []).extend(phrases)
    return sections


def _requirements(line: str) -> tuple[tuple[str, ...], ...]:
    """Return, per token of a phrase, the words one of which a matching text must contain."""
    groups = []
    for token in re.findall(r"\[[^\]]*\]\*?|\S+", line):
        if token == "...":
            continue
        star = token.endswith("*")
        body = token[:-1] if star else token
        options = [o.strip() for o in body[1:-1].split("|")] if body.startswith("[") else [body]
        group = []
        for option in options:
            words = re.findall(r"\w+", option.lower())
            if not words:
                return tuple(groups)  # punctuation only: no cheap test
            first = words[0]
            group.append(first + "*" if (star and len(words) == 1) else first)
        groups.append(tuple(group))
    return tuple(groups)


LISTS = ("referral", "no_data", "not_competent", "declined", "withheld", "general", "asks", "replies")


@lru_cache(maxsize=1)
def word_frequencies() -> dict[str, float]:
    """Return the share of documents holding each anchor word ("verwijs*": a word so starting),
    as measured over the corpus (``data/word-frequency-nl.txt``); empty when the file is missing."""
    try:
        text = data_path("word-frequency-nl.txt").read_text(encoding="utf-8")
    except (OSError, FileNotFoundError):
        return {}
    out = {}
    for line in text.splitlines():
        word, tab, share = line.partition("\t")
        if tab and not word.startswith("#"):
            try:
                out[word] = float(share)
            except ValueError:
                continue
    return out


def frequency(word: str) -> float:
    """Return how likely a document holds ``word`` (measured; estimated for unmeasured words)."""
    measured = word_frequencies().get(word)
    if measured is not None:
        return measured
    bare = word.rstrip("*")
    # not measured (a staffer's own line): short words are common words
    return 1.0 if len(bare) <= 3 else (0.3 if len(bare) <= 5 else 0.1) * (2 if word.endswith("*") else 1)


def rarest_group(requires: tuple[tuple[str, ...], ...]) -> tuple[str, ...]:
    """Return the requirement group least likely to be in a text: the lowest summed frequency."""
    return min(requires, key=lambda group: sum(frequency(w) for w in group))
