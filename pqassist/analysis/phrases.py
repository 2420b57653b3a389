"""Load the Dutch phrase lists (``pqassist/data/phrases``) and find them in text.

The lists are data a staffer can extend (see the README.txt beside them); a folder of the
staffer's own (``PQASSIST_PHRASES``) adds lines to the packaged ones.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from pqassist.errors import TemplateProblem

GAP = r"(?:\s+\S+){0,10}?"


@dataclass(frozen=True)
class Phrase:
    """One compiled phrase: its pattern, weight, the line it came from, and the words a text
    must hold for it to match at all (one group per token, any alternative will do)."""

    pattern: re.Pattern
    weight: float
    line: str
    source: str
    requires: tuple[tuple[str, ...], ...] = ()
    tests: tuple[tuple[frozenset[str], tuple[str, ...]], ...] = ()

    def possible(self, words: frozenset[str], low: str) -> bool:
        """Return False when ``low`` (lower-cased text with ``words``) cannot hold the phrase."""
        for exact, prefixes in self.tests:
            if exact.isdisjoint(words) and not any(p in low for p in prefixes):
                return False
        return True


@dataclass(frozen=True)
class Hit:
    """Where a phrase matched."""

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


def _parse_file(text: str, source: str) -> dict[str, list[Phrase]]:
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
        try:
            pattern = re.compile(compile_phrase(line), re.IGNORECASE)
        except re.error as exc:
            raise TemplateProblem(f"Fout in de zinnenlijst {source}, regel {number} ({line!r}): {exc}.") from None
        requires = _requirements(line)
        tests = tuple(
            (frozenset(w for w in group if not w.endswith("*")), tuple(w[:-1] for w in group if w.endswith("*")))
            for group in requires
        )
        sections.setdefault(current, []).append(Phrase(pattern, weight, line, f"{source}:{number}", requires, tests))
    return sections


@lru_cache(maxsize=32)
def load(name: str, extra_dir: str | None = None) -> dict[str, list[Phrase]]:
    """Return the phrases of list ``name`` (e.g. "referral", "asks"), by section."""
    packaged = resources.files("pqassist.data").joinpath("phrases", f"{name}.txt")
    sections = _parse_file(packaged.read_text(encoding="utf-8"), f"{name}.txt")
    if extra_dir is None:
        extra_dir = os.environ.get("PQASSIST_PHRASES")
    if extra_dir:
        own = Path(extra_dir) / f"{name}.txt"
        if own.is_file():
            for section, phrases in _parse_file(own.read_text(encoding="utf-8"), str(own)).items():
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


@lru_cache(maxsize=8_192)
def _word_set(low: str) -> frozenset[str]:
    return frozenset(re.findall(r"\w+", low))


LISTS = ("referral", "no_data", "not_competent", "declined", "withheld", "general", "asks", "replies")


@lru_cache(maxsize=4)
def _anchor_index(extra_dir: str | None):
    """Return, over every list, (phrases by a required word, by a required prefix, always):
    each phrase is filed under its rarest group of words."""
    by_word: dict[str, list[tuple[str, str, Phrase]]] = {}
    by_prefix: dict[str, list[tuple[str, str, Phrase]]] = {}
    always: list[tuple[str, str, Phrase]] = []
    for name in LISTS:
        for section, found in load(name, extra_dir).items():
            for phrase in found:
                entry = (name, section, phrase)
                if not phrase.requires:
                    always.append(entry)
                    continue
                for word in _rarest_group(phrase.requires):
                    if word.endswith("*"):
                        by_prefix.setdefault(word[:-1], []).append(entry)
                    else:
                        by_word.setdefault(word, []).append(entry)
    return by_word, by_prefix, always


def _rarest_group(requires: tuple[tuple[str, ...], ...]) -> tuple[str, ...]:
    """Return the requirement group least likely to be in a text: long words are rare words."""
    return max(requires, key=lambda group: min(len(w.rstrip("*")) for w in group))


@lru_cache(maxsize=8_192)
def _possible(text: str, extra_dir: str | None) -> dict[tuple[str, str], frozenset[int]]:
    """Return, per (list, section), the ids of the phrases ``text`` could hold."""
    by_word, by_prefix, always = _anchor_index(extra_dir)
    low = text.lower()
    words = _word_set(low)
    entries = list(always)
    for word in words & by_word.keys():
        entries.extend(by_word[word])
    for prefix, found in by_prefix.items():
        if prefix in low:
            entries.extend(found)
    out: dict[tuple[str, str], set[int]] = {}
    for name, section, phrase in entries:
        if phrase.possible(words, low):
            out.setdefault((name, section), set()).add(id(phrase))
    return {key: frozenset(value) for key, value in out.items()}


def _candidates(name: str, section: str, text: str) -> list[Phrase]:
    """Return the phrases of a list that ``text`` could hold, in list order."""
    extra_dir = os.environ.get("PQASSIST_PHRASES")
    if name not in LISTS:
        return list(load(name, extra_dir).get(section, []))
    chosen = _possible(text, extra_dir).get((name, section))
    if not chosen:
        return []
    return [p for p in load(name, extra_dir).get(section, []) if id(p) in chosen]


@lru_cache(maxsize=8_192)
def find(name: str, text: str, section: str = "") -> tuple[Hit, ...]:
    """Return every place in ``text`` where a phrase of list ``name`` (section) matches."""
    hits = []
    for phrase in _candidates(name, section, text):
        for match in phrase.pattern.finditer(text):
            hits.append(Hit(phrase, match.start(), match.end()))
    hits.sort(key=lambda h: h.start)
    return tuple(hits)


@lru_cache(maxsize=8_192)
def any_match(name: str, text: str, section: str = "") -> bool:
    """Return True when any phrase of list ``name`` (section) occurs in ``text``."""
    return any(phrase.pattern.search(text) for phrase in _candidates(name, section, text))
