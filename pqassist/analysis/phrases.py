"""Find the Dutch phrase lists (read by ``phrase_lists``) in text.

A text is scanned once for all lists: its words are looked up in an index of anchors (for
each phrase the group of words it needs that is rarest in parliamentary Dutch, by the
document frequencies measured in ``data/word-frequency-nl.txt``), and only the phrases whose
anchors and other required words all occur run their full pattern. The result per text is
kept in a cache bounded by characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pqassist.analysis import phrase_lists
from pqassist.analysis.phrase_lists import (  # noqa: F401 - the lists' API, also used through this module
    LISTS, SETTINGS, Hit, Phrase, extra_folder, frequency, load, rarest_group, word_frequencies,
)
from pqassist.analysis.words import WORD_RUN, special_case, word_runs  # noqa: F401 - special_case also used through this module
from pqassist.text import TextCache

def reload() -> None:
    """Forget the loaded lists and scans and read ``PQASSIST_PHRASES`` again (the app calls this
    after the staffer changed the folder or its files)."""
    global _LAST
    phrase_lists.forget()
    _anchor_index.cache_clear()
    word_frequencies.cache_clear()
    _SCANS.clear()
    _WORD_MATCHES.clear()
    _LAST = (None, None, None)


@lru_cache(maxsize=4)
def _anchor_index(extra_dir: str | None) -> dict[str, _ListIndex]:
    """Return, per list, its phrases in list order (by section, then place in the section) with
    the words that pick them as candidates: by anchor word, by anchor prefix, or always."""
    lists = {}
    for name in LISTS:
        table: list[tuple[str, Phrase, tuple, tuple | None]] = []
        by_word: dict[str, list[int]] = {}
        by_prefix: dict[str, list[int]] = {}
        always: list[int] = []
        for section, found in load(name, extra_dir).items():
            for phrase in found:
                rank = len(table)
                starts = _first_words(phrase)
                table.append((section, phrase, phrase.tests, starts, _single_words(phrase, starts)))
                if not phrase.requires:
                    always.append(rank)
                    continue
                for word in dict.fromkeys(rarest_group(phrase.requires)):
                    if word.endswith("*"):
                        by_prefix.setdefault(word[:-1], []).append(rank)
                    else:
                        by_word.setdefault(word, []).append(rank)
        lists[name] = _ListIndex(
            tuple(table), {word: tuple(ranks) for word, ranks in by_word.items()}, frozenset(by_word),
            tuple((start, tuple(ranks)) for start, ranks in by_prefix.items()), tuple(always),
        )
    return lists


@dataclass(frozen=True, slots=True)
class _ListIndex:
    """One list's phrases ready for a scan (see ``_anchor_index``)."""

    table: tuple  # rank -> (section, phrase, its tests, its first words, whether it is one word)
    by_word: dict[str, tuple[int, ...]]  # anchor word -> ranks
    anchors: frozenset[str]
    by_prefix: tuple[tuple[str, tuple[int, ...]], ...]  # (anchor prefix, ranks)
    always: tuple[int, ...]  # phrases with no word to require


def _first_words(phrase: Phrase) -> tuple[tuple[str, bool, frozenset[str]], ...] | None:
    """Return the words a match of ``phrase`` starts with ((word, is prefix, the words of the
    text that alternative needs) per alternative of its first token), or None when a match may
    start elsewhere (a gap or punctuation first).

    Every word of an alternative stands between a space or the phrase's edge, so each is a
    whole word of a matching text (but the last one under a ``*``, which may go on)."""
    tokens = re.findall(r"\[[^\]]*\]\*?|\S+", phrase.line)
    if not tokens or tokens[0] == "...":
        return None
    star = tokens[0].endswith("*")
    body = tokens[0][:-1] if star else tokens[0]
    options = [o.strip() for o in body[1:-1].split("|") if o.strip()] if body.startswith("[") else [body]
    out = []
    for option in options:
        low = option.lower()
        words = WORD_RUN.findall(low)
        if not words or not low.startswith(words[0]):
            return None
        needs = frozenset(words[:-1] if star else words)
        out.append((words[0], star and len(option.split()) == 1 and len(words) == 1, needs))
    return tuple(out)


def _single_words(phrase: Phrase, starts) -> bool:
    """Return True when ``phrase`` is one word or a choice of single words, no ``*`` ("omdat",
    "[want|immers]"): in a text whose lower case keeps its positions it matches exactly where
    a whole word of the text is one of them (which its first words find already)."""
    if starts is None or " " in phrase.line.strip() or phrase.line.endswith("*"):
        return False
    body = phrase.line.strip()
    options = [o.strip() for o in body[1:-1].split("|") if o.strip()] if body.startswith("[") else [body]
    return all(WORD_RUN.fullmatch(o.lower()) and not prefix for o, (_, prefix, _) in zip(options, starts)) \
        and len(options) == len(starts)


class _Scan:
    """The phrase hits of one text, per (list, section), found on first demand.

    The text's words are read once; a list's candidate phrases (those whose anchor and other
    required words occur) are picked the first time the list is asked for. A phrase runs its
    full pattern only where one of its first words starts (a match can start nowhere else),
    unless lower-casing changes the text's length or the text holds a character that
    case-insensitive matching folds in another way.
    """

    __slots__ = ("text", "extra_dir", "words", "groups", "hits", "low", "exact", "positions", "_prefixes", "_any")

    def __init__(self, text: str, extra_dir: str | None, low: str | None = None, words: frozenset[str] | None = None,
                 exact: bool | None = None) -> None:
        self.text = text
        self.extra_dir = extra_dir
        low = self.low = text.lower() if low is None else low
        self.words = frozenset(word_runs(low)) if words is None else words
        self.groups: dict[str, dict[str, list[Phrase]]] = {}
        self.hits: dict[tuple[str, str], tuple[Hit, ...]] = {}
        self.positions: dict[tuple[str, bool], list[int]] = {}
        self._prefixes: dict[str, bool] = {}
        self._any: dict[tuple[str, str], bool | frozenset[str]] = {}  # (list, section) -> any; (list, "*") -> sections
        self.exact = (len(low) == len(text) and not special_case(text)) if exact is None else exact

    def _groups(self, name: str) -> dict[str, list[tuple[Phrase, tuple | None]]]:
        """Return the candidate phrases of list ``name`` by section, in list order, each with
        its first words."""
        found_groups = self.groups.get(name)
        if found_groups is not None:
            return found_groups
        index = _anchor_index(self.extra_dir)[name]
        words, low = self.words, self.low
        ranks = set(index.always)
        by_word = index.by_word
        for word in words & index.anchors:
            ranks.update(by_word[word])
        for start, found in index.by_prefix:
            if self._starts_word(start):
                ranks.update(found)
        found_groups = self.groups[name] = {}
        table = index.table
        for rank in sorted(ranks):
            section, phrase, tests, starts, single = table[rank]
            for exact, prefixes in tests:  # ``Phrase.possible``
                if exact.isdisjoint(words) and (not prefixes or not any(p in low for p in prefixes)):
                    break
            else:
                group = found_groups.get(section)
                if group is None:
                    group = found_groups[section] = []
                group.append((phrase, starts, single))
        return found_groups

    def _starts_word(self, start: str) -> bool:
        """Return True when a word of the lower-cased text starts with ``start`` (itself a word:
        an occurrence with no word character before it)."""
        found = self._prefixes.get(start)
        if found is None:
            low = self.low
            at = low.find(start)
            while at > 0 and (low[at - 1].isalnum() or low[at - 1] == "_"):  # ``\w``, as re has it
                at = low.find(start, at + 1)
            found = self._prefixes[start] = at != -1
        return found

    def find(self, name: str, section: str) -> tuple[Hit, ...]:
        """Return the hits of list ``name`` (section) in document order."""
        key = (name, section)
        found = self.hits.get(key)
        if found is None:
            found = self.hits[key] = self._run(self._groups(name).get(section, ()))
        return found

    def any(self, name: str, section: str) -> bool:
        """Return True when list ``name`` (section) has a hit (stopping at the first one)."""
        key = (name, section)
        found = self.hits.get(key)
        if found is not None:
            return bool(found)
        answer = self._any.get(key)
        if answer is None:
            answer = self._any[key] = self._has_hit(self._groups(name).get(section, ()))
        return answer

    def sections(self, name: str) -> frozenset[str]:
        """Return the sections of list ``name`` that have a hit (``any`` for each at once)."""
        key = (name, "*")
        found = self._any.get(key)
        if found is None:
            has_hit = self._has_hit
            found = self._any[key] = frozenset(
                section for section, candidates in self._groups(name).items() if has_hit(candidates)
            )
        return found

    def _has_hit(self, candidates) -> bool:
        if not self.exact:
            return any(phrase.pattern.search(self.text) for phrase, _, _ in candidates)
        text = self.text
        for phrase, starts, single in candidates:
            if single:  # a candidate holds one of its words, and each such word is a match
                return True
            if starts is None:
                if phrase.pattern.search(text):
                    return True
                continue
            match_at = phrase.pattern.match
            for pos in self._starts(starts):
                if match_at(text, pos) is not None:
                    return True
        return False

    def _run(self, candidates) -> tuple[Hit, ...]:
        if not candidates:
            return ()
        if not self.exact:
            return _run([phrase for phrase, _, _ in candidates], self.text)
        text = self.text
        hits = []
        for phrase, starts, single in candidates:
            if single:  # each place one of its words stands as a whole word is a match, that word long
                words = self.words
                found = {(pos, pos + len(word)) for word, _, needs in starts if needs <= words
                         for pos in self._word_starts((word, False))}
                hits.extend(Hit(phrase, start, end) for start, end in sorted(found))
                continue
            if starts is None:
                hits.extend(Hit(phrase, m.start(), m.end()) for m in phrase.pattern.finditer(text))
                continue
            reach = 0
            match_at = phrase.pattern.match
            for pos in self._starts(starts):
                if pos < reach:
                    continue
                match = match_at(text, pos)
                if match is not None:
                    hits.append(Hit(phrase, match.start(), match.end()))
                    reach = match.end()
        if len(hits) > 1:
            hits.sort(key=_hit_start)
        return tuple(hits)

    def _starts(self, starts: tuple[tuple[str, bool, frozenset[str]], ...]) -> list[int]:
        """Return, in order, where a word of ``starts`` (or one starting so) begins in the text,
        for the alternatives whose words all occur in the text (no other can match)."""
        words = self.words
        if len(starts) == 1:
            word, prefix, needs = starts[0]
            return self._word_starts((word, prefix)) if needs <= words else []
        wanted = [(word, prefix) for word, prefix, needs in starts if needs <= words]
        if len(wanted) == 1:
            return self._word_starts(wanted[0])
        found: set[int] = set()
        for start in wanted:
            found.update(self._word_starts(start))
        return sorted(found)

    def _word_starts(self, start: tuple[str, bool]) -> list[int]:
        found = self.positions.get(start)
        if found is None:
            found = self.positions[start] = [m.start() for m in _finder(*start).finditer(self.low)]
        return found


@lru_cache(maxsize=4_096)
def _finder(word: str, prefix: bool) -> re.Pattern:
    """Return a pattern for ``word`` as a whole word (or the start of one) in lower-case text;
    it opens with the word itself so that the regex engine can skip ahead to it."""
    return re.compile(re.escape(word) + rf"(?<!\w[\s\S]{{{len(word)}}})" + ("" if prefix else r"(?!\w)"))


def _hit_start(hit: Hit) -> int:
    return hit.start


def _run(candidates, text: str) -> tuple[Hit, ...]:
    hits = []
    for phrase in candidates:
        for match in phrase.pattern.finditer(text):
            hits.append(Hit(phrase, match.start(), match.end()))
    hits.sort(key=lambda h: h.start)
    return tuple(hits)


# the texts scanned last (answer models keep their own scan): scans hold many objects, which
# the cycle collector walks as long as they are kept
_SCANS = TextCache(max_chars=2_000_000, max_entries=256)


_LAST: tuple = (None, None, None)  # the text scanned last, its phrase folder and its scan (one tuple: replaced whole)
_LIST_NAMES = frozenset(LISTS)


def scan_of(text: str, low: str | None = None, words: frozenset[str] | None = None, exact: bool | None = None,
            keep: bool = True) -> _Scan:
    """Return the scan of ``text`` (its ``any(name, section)`` answers ``any_match``; cached).

    ``low``, ``words``, ``exact``: the text lower-cased, the words (``\\w+``) of that, and whether
    lower-casing keeps every position and no character folds otherwise, when the caller has
    worked them out already (used when the text is not scanned yet). ``keep`` False: a new scan is
    not kept (the caller keeps it, or the text is read once: kept scans hold many objects, which
    the cycle collector walks as long as they live)."""
    return _scan_of(text, low, words, exact, keep)


def _scan_of(text: str, low: str | None = None, words: frozenset[str] | None = None,
             exact: bool | None = None, keep: bool = True) -> _Scan:
    global _LAST
    extra = SETTINGS["extra"] if "extra" in SETTINGS else extra_folder()
    last = _LAST
    if text is last[0] and extra == last[1]:  # the same text asked again (one list after another)
        return last[2]
    key = (text, extra)
    found = _SCANS.get(key)
    if found is None:
        found = _Scan(text, extra, low, words, exact)
        if not keep:
            return found
        _SCANS.put(key, found, len(text) + 200)
    _LAST = (text, extra, found)
    return found


def scan(text: str) -> dict[str, tuple[Hit, ...]]:
    """Return the hits of every list in ``text``, one pass: list name -> hits in document order
    (each hit's ``phrase.section`` says its section)."""
    found = _scan_of(text)
    out: dict[str, tuple[Hit, ...]] = {}
    for name in LISTS:
        hits = [hit for section in load(name, found.extra_dir) for hit in found.find(name, section)]
        hits.sort(key=lambda h: h.start)
        out[name] = tuple(hits)
    return out


def find(name: str, text: str, section: str = "") -> tuple[Hit, ...]:
    """Return every place in ``text`` where a phrase of list ``name`` (section) matches."""
    if name not in _LIST_NAMES:
        return _run(load(name, extra_folder()).get(section, []), text)
    return _scan_of(text).find(name, section)


def any_match(name: str, text: str, section: str = "") -> bool:
    """Return True when any phrase of list ``name`` (section) occurs in ``text``."""
    if name not in _LIST_NAMES:
        return bool(find(name, text, section))
    return _scan_of(text).any(name, section)


_WORD_MATCHES: dict[tuple[str, str, str, str | None], bool] = {}  # (list, section, word, folder) -> any_match
MAX_WORD_MATCHES = 10_000


def word_matches(name: str, word: str, section: str = "") -> bool:
    """Return ``any_match(name, word, section)`` for a short text such as one word, kept per word
    (the same few words come back: the first words of questions), with no scan kept."""
    extra = SETTINGS["extra"] if "extra" in SETTINGS else extra_folder()
    key = (name, section, word, extra)
    found = _WORD_MATCHES.get(key)
    if found is None:
        found = _scan_of(word, keep=False).any(name, section) if name in _LIST_NAMES else any_match(name, word, section)
        if len(_WORD_MATCHES) >= MAX_WORD_MATCHES:
            _WORD_MATCHES.clear()
        _WORD_MATCHES[key] = found
    return found


def could_match(name: str, text: str) -> bool:
    """Return False when no phrase of list ``name`` can occur in ``text``: none of the words that
    pick a phrase as a candidate is in the lower-cased text, even as a part of a word (cheaper
    than a scan; True says only that one may)."""
    if name not in _LIST_NAMES:
        return True
    index = _anchor_index(extra_folder())[name]
    if index.always:
        return True
    low = text.lower()
    return any(word in low for word in index.anchors) or any(start in low for start, _ in index.by_prefix)
