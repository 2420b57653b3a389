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


def terms(text: str) -> list[str]:
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
    return out


@lru_cache(maxsize=200_000)
def related(a: str, b: str) -> float:
    """Return 1 for the same lemma, 0.7 when one compound contains the other, 0.5 when two
    compounds share a long part ("energiebevoorrading", "bevoorradingszekerheid"), else 0."""
    if a == b:
        return 1.0
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) >= 5 and short in long:
        return 0.7
    if len(short) >= 9 and any(short[k : k + 9] in long for k in range(len(short) - 8)):
        return 0.5
    return 0.0


def overlap(question_terms: list[str], answer_terms: set[str], weight: dict[str, float] | None = None) -> float:
    """Return the weighted share of ``question_terms`` found (or compound-related) in ``answer_terms``."""
    if not question_terms:
        return 0.0
    total = 0.0
    found = 0.0
    for term in dict.fromkeys(question_terms):
        w = weight.get(term, 1.0) if weight else 1.0
        total += w
        if term in answer_terms:
            found += w
        elif len(term) >= 5:
            best = max((related(term, other) for other in answer_terms if len(other) >= 5), default=0.0)
            found += w * best
    return found / total if total else 0.0
