"""Dutch-aware word overlap: content lemmas (simplemma's Dutch data), stop words, compounds.

Used to align unnumbered answers with the sub-questions and to see whether an ask's
words come back in the answer. simplemma loads its Dutch dictionary on first use.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ'’\-]*[A-Za-zÀ-ÖØ-öø-ÿ]|\d+(?:[.,]\d+)*")


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """Return the Dutch stop words from ``pqassist/data/stopwords-nl.txt``."""
    text = resources.files("pqassist.data").joinpath("stopwords-nl.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """Return the Dutch lemma of ``word`` in lower case ("brieven" -> "brief")."""
    import simplemma

    low = word.lower()
    try:
        return simplemma.lemmatize(low, lang="nl").lower()
    except (ValueError, KeyError):  # pragma: no cover - simplemma refuses odd tokens
        return low


@lru_cache(maxsize=8_192)
def terms(text: str) -> tuple[str, ...]:
    """Return the content lemmas of ``text``: no stop words, no numbers, no single letters."""
    stops = stop_words()
    out = []
    for match in _WORD.finditer(text):
        word = match.group()
        if word[0].isdigit() or len(word) < 3:
            continue
        low = word.lower()
        if low in stops:
            continue
        base = lemma(low)
        if base in stops:
            continue
        out.append(base)
    return tuple(out)


class TermIndex:
    """A set of answer terms ready for fast exact and compound look-ups."""

    __slots__ = ("terms", "joined", "long")

    def __init__(self, found) -> None:
        self.terms = frozenset(found)
        self.joined = "|" + "|".join(sorted(self.terms)) + "|"
        self.long = tuple(sorted((t for t in self.terms if len(t) >= 5), key=len))

    def score(self, term: str) -> float:
        """Return how well ``term`` is found: 1 exact, 0.7 within a compound, 0.5 sharing a part."""
        if term in self.terms:
            return 1.0
        if len(term) < 5:
            return 0.0
        if term in self.joined:
            return 0.7
        for other in self.long:  # shortest first: only those shorter than the term can fit in it
            if len(other) >= len(term):
                break
            if other in term:
                return 0.7
        if len(term) >= 9 and any(term[k : k + 9] in self.joined for k in range(len(term) - 8)):
            return 0.5
        return 0.0


@lru_cache(maxsize=8_192)
def index_of(found: frozenset[str]) -> TermIndex:
    """Return the (cached) index of a set of terms."""
    return TermIndex(found)


def overlap(question_terms, answer_terms, weight: dict[str, float] | None = None) -> float:
    """Return the weighted share of ``question_terms`` found (or compound-related) in ``answer_terms``."""
    if not question_terms:
        return 0.0
    index = answer_terms if isinstance(answer_terms, TermIndex) else index_of(frozenset(answer_terms))
    total = 0.0
    found = 0.0
    for term in dict.fromkeys(question_terms):
        w = weight.get(term, 1.0) if weight else 1.0
        total += w
        found += w * index.score(term)
    return found / total if total else 0.0
