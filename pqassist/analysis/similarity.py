"""Dutch-aware word overlap: content lemmas (simplemma's Dutch data), stop words, compounds.

Used to align unnumbered answers with the sub-questions and to see whether an ask's
words come back in the answer. Lemmas are cached by word. The Dutch lemma table is read
from a compact cached file (``lemma_table``); simplemma itself is imported only for words
that table does not hold, and what it answers is kept beside the table for the next start.
"""

from __future__ import annotations

import os
from bisect import bisect_left, bisect_right
from functools import lru_cache

from pqassist.analysis import lemma_table
from pqassist.analysis.words import letter_words
from pqassist.data import data_path
from pqassist.text import TextCache

MAX_WORDS = 100_000  # words kept in memory per table (about 10 MB at most)
MAX_LEARNED = 50_000  # lemmas of words outside the table kept on disk


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """Return the Dutch stop words from ``pqassist/data/stopwords-nl.txt``."""
    text = data_path("stopwords-nl.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


class _Lemmas:
    """Word -> lemma, from the compact table, the learned file, or simplemma, cached by word."""

    def __init__(self) -> None:
        self.words: dict[str, str] = {}
        self.table = None
        self.learned: dict[str, str] | None = None  # appended since the learned table was written
        self.learned_table = {}  # lemmas learned on earlier runs, mapped (lemma_table.load_learned)
        self.simplemma = None
        self.loaded = False

    def _load(self) -> None:
        self.loaded = True
        self.table = lemma_table.load_table("nl")
        self.learned = {}
        if self.table is None:
            return
        self.learned_table, self.learned = lemma_table.load_learned("nl")

    def _learned_path(self):
        return lemma_table.learned_paths("nl")[1]

    def _from_simplemma(self, low: str) -> str:
        if self.simplemma is None:
            self.simplemma = lemma_table.lemmatizer() if self.table is not None else _PlainSimplemma()
        try:
            return self.simplemma.lemmatize(low, "nl").lower()
        except (ValueError, KeyError):  # pragma: no cover - simplemma refuses odd tokens
            return low

    def lookup(self, low: str) -> str:
        """Return the lemma of the lower-cased word ``low``."""
        found = self.words.get(low)
        if found is not None:
            return found
        if not self.loaded:
            self._load()
        found = None
        if self.table is not None and "'" not in low and "’" not in low:
            found = self.table.get(low)
            if found is not None:
                found = found.lower()
        if found is None and self.learned is not None:
            found = self.learned.get(low) or self.learned_table.get(low)
        if found is None:
            found = self._from_simplemma(low)
            self._learn(low, found)
        if len(self.words) >= MAX_WORDS:
            self.words.clear()
        self.words[low] = found
        return found

    def _learn(self, low: str, found: str) -> None:
        """Append a lemma simplemma worked out to the learned file (one small append)."""
        if self.table is None or self.learned is None or len(self.learned) + len(self.learned_table) >= MAX_LEARNED:
            return
        self.learned[low] = found
        if "\n" in low or "\t" in low or "\n" in found or "\t" in found:
            return
        try:
            # O_NONBLOCK: a FIFO in the file's place refuses at once instead of waiting for a reader
            fd = os.open(self._learned_path(), os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NONBLOCK", 0), 0o644)
            try:
                os.write(fd, f"{low}\t{found}\n".encode())
            finally:
                os.close(fd)
        except OSError:
            pass


class _PlainSimplemma:
    """simplemma's own module-level lemmatizer (when the compact table is unavailable)."""

    def lemmatize(self, word: str, lang: str) -> str:
        import simplemma

        return simplemma.lemmatize(word, lang=lang)


_LEMMAS = _Lemmas()


def lemma(word: str) -> str:
    """Return the Dutch lemma of ``word`` in lower case ("brieven" -> "brief")."""
    return _LEMMAS.lookup(word.lower())


_TERM_OF: dict[str, str | None] = {}  # surface word -> its content lemma, or None when it is no term
_TERMS = TextCache(max_chars=2_000_000, max_entries=20_000)


def _term_of(word: str) -> str | None:
    found = _TERM_OF.get(word, _NOT_YET)
    if found is not _NOT_YET:
        return found
    stops = stop_words()
    low = word.lower()
    if word[0].isdigit() or len(word) < 3 or low in stops:
        found = None
    else:
        base = _LEMMAS.lookup(low)
        found = None if base in stops else base
    if len(_TERM_OF) >= MAX_WORDS:
        _TERM_OF.clear()
    _TERM_OF[word] = found
    return found


_NOT_YET = object()


def terms(text: str, keep: bool = True) -> tuple[str, ...]:
    """Return the content lemmas of ``text``: no stop words, no numbers, no single letters
    (``keep`` False: not kept in the cache, for text read once, such as an answer's sentences)."""
    found = _TERMS.get(text)
    if found is not None:
        return found
    words = letter_words(text)  # numbers are never terms: not read
    try:  # every word seen before (the usual case): one look-up each, in C
        mapped = list(map(_TERM_OF.__getitem__, words))
    except KeyError:
        for word in set(words).difference(_TERM_OF):
            _term_of(word)  # the words not seen before, each once
        try:
            mapped = list(map(_TERM_OF.__getitem__, words))
        except KeyError:  # the table was full and emptied on the way: word by word
            mapped = [_term_of(word) for word in words]
    found = tuple([term for term in mapped if term is not None])
    if keep:
        _TERMS.put(text, found, len(text))
    return found


class TermIndex:
    """A set of answer terms ready for fast exact and compound look-ups."""

    __slots__ = ("terms", "joined", "long", "long_sizes", "_scores")

    def __init__(self, found) -> None:
        self.terms = frozenset(found)
        self.joined = "|" + "|".join(sorted(self.terms)) + "|"
        self.long = tuple(sorted([t for t in self.terms if len(t) >= 5], key=len))
        self.long_sizes = tuple(map(len, self.long))
        self._scores: dict[str, float] = {}

    def score(self, term: str) -> float:
        """Return how well ``term`` is found: 1 exact, 0.7 within a compound, 0.5 sharing a part."""
        if term in self.terms:
            return 1.0
        if len(term) < 5:
            return 0.0
        found = self._scores.get(term)
        if found is None:
            found = self._scores[term] = self._compound_score(term)
        return found

    def _compound_score(self, term: str) -> float:
        if term in self.joined:
            return 0.7
        size = len(term)
        shorter = bisect_left(self.long_sizes, size)  # only terms shorter than this one fit in it
        if shorter * 2 <= (size - 4) * (size - 5):
            for other in self.long[:shorter]:
                if other in term:
                    return 0.7
        else:  # fewer of the term's own parts than shorter terms: look its parts up
            terms = self.terms
            for width in range(5, size):
                for k in range(size - width + 1):
                    if term[k : k + width] in terms:
                        return 0.7
        if len(term) >= 9 and any(term[k : k + 9] in self.joined for k in range(len(term) - 8)):
            return 0.5
        return 0.0


_INDEXES: dict[frozenset, TermIndex] = {}
MAX_INDEXES = 512


def index_of(found: frozenset[str]) -> TermIndex:
    """Return the (cached) index of a set of terms."""
    index = _INDEXES.get(found)
    if index is None:
        if len(_INDEXES) >= MAX_INDEXES:
            _INDEXES.clear()  # bounded: an index is rebuilt in microseconds
        index = _INDEXES[found] = TermIndex(found)
    return index


def overlap(question_terms, answer_terms, weight: dict[str, float] | None = None) -> float:
    """Return the weighted share of ``question_terms`` found (or compound-related) in ``answer_terms``."""
    if not question_terms:
        return 0.0
    index = answer_terms if isinstance(answer_terms, TermIndex) else index_of(frozenset(answer_terms))
    exact = index.terms
    score = index.score
    if not weight:  # every weight 1.0: the same sums, without looking weights up
        unique = dict.fromkeys(question_terms)
        found = 0.0
        for term in unique:
            if term in exact:
                found += 1.0
            elif len(term) >= 5:
                found += score(term)
        return found / len(unique) if unique else 0.0
    total = 0.0
    found = 0.0
    for term in dict.fromkeys(question_terms):
        w = weight.get(term, 1.0) if weight else 1.0
        total += w
        if term in exact:
            found += w
        elif len(term) >= 5:
            found += w * score(term)
    return found / total if total else 0.0


def relation(term: str, other: str) -> float:
    """Return how ``other`` (an answer term) stands for ``term``: as ``TermIndex.score`` on {other}."""
    if term == other:
        return 1.0
    if len(term) < 5:
        return 0.0
    if term in other or (5 <= len(other) < len(term) and other in term):
        return 0.7
    if len(term) >= 9 and any(term[k : k + 9] in other for k in range(len(term) - 8)):
        return 0.5
    return 0.0


def overlap_matrix(question_terms: list, sentence_terms: list, weight: dict[str, float] | None = None) -> list[list[float]]:
    """Return ``overlap(q, s, weight)`` for every q in ``question_terms`` and s in ``sentence_terms``.

    A term-to-sentence index: each question term is compared once with each distinct answer
    term, not once per sentence, so the cost follows the terms that occur.
    """
    postings: dict[str, list[int]] = {}
    for j, found in enumerate(sentence_terms):
        for term in found:
            postings.setdefault(term, []).append(j)
    vocabulary = list(postings)
    offsets, pos = [], 1
    for term in vocabulary:
        offsets.append(pos)
        pos += len(term) + 1
    joined = "|" + "|".join(vocabulary) + "|"
    long = sorted([term for term in vocabulary if len(term) >= 5], key=len)  # the terms parts can be, shortest first
    long_sizes = list(map(len, long))
    best: dict[str, dict[int, float]] = {}
    rows = []
    width = len(sentence_terms)
    for wanted in question_terms:
        unique = list(dict.fromkeys(wanted))
        if not unique:
            rows.append([0.0] * width)
            continue
        found = [0.0] * width
        total = 0.0
        for term in unique:
            w = weight.get(term, 1.0) if weight else 1.0
            total += w
            scores = best.get(term)
            if scores is None:
                shorter = long[: bisect_left(long_sizes, len(term))] if len(term) >= 5 else None
                scores = best[term] = term_scores(term, vocabulary, postings, joined, offsets, shorter)
            for j, score in scores.items():
                found[j] += w * score
        rows.append([f / total if total else 0.0 for f in found])
    return rows


def term_scores(term: str, vocabulary: list[str], postings: dict[str, list[int]], joined: str, offsets: list[int],
                shorter: list[str] | tuple[str, ...] | None = None) -> dict[int, float]:
    """Return, per sentence, the best relation of ``term`` to a term of that sentence (see ``relation``).

    ``shorter``: the answer terms of five letters or more that are shorter than ``term``, when
    known; they are tested against ``term`` when there are fewer of them than parts of it."""
    scores: dict[int, float] = {}
    if term in postings:
        for j in postings[term]:
            scores[j] = 1.0
    size = len(term)
    if size < 5:
        return scores
    related: dict[str, float] = {}
    pos = joined.find(term)
    while pos != -1:  # the term inside a longer answer term (a compound)
        other = vocabulary[bisect_right(offsets, pos) - 1]
        if other != term:
            related[other] = 0.7
        pos = joined.find(term, pos + 1)
    if shorter is not None and len(shorter) * 2 <= (size - 4) * (size - 5):
        for other in shorter:  # a shorter answer term inside this term
            if other in term:
                related[other] = 0.7
    else:
        for a in range(size - 4):  # a shorter answer term inside this term
            for b in range(a + 5, size + 1 if a else size):
                part = term[a:b]
                if part in postings:
                    related[part] = 0.7
    if size >= 9:
        for k in range(size - 8):  # sharing a part of nine letters
            gram = term[k : k + 9]
            pos = joined.find(gram)
            while pos != -1:
                other = vocabulary[bisect_right(offsets, pos) - 1]
                if other != term and other not in related:
                    related[other] = 0.5
                pos = joined.find(gram, pos + 1)
    for other, score in related.items():
        for j in postings[other]:
            if scores.get(j, 0.0) < score:
                scores[j] = score
    return scores
