"""Measure whether the answer's content addresses the asks: specific statements against
hedged or intended ones.

An answer that answers states facts about the matter asked (a measure taken, a date, a
body named, an article of law, a list); an answer that stays general announces, studies
or follows up ("wordt onderzocht", "zal ... bekeken worden", "in de mate van het
mogelijke"). Each sentence gets a few cheap content flags from its text alone (found by the
answer model with its other facts, ``Sentence.content``); the item's features compare the
sentences that fit its asks best.
"""

from __future__ import annotations

from functools import lru_cache

from pqassist.analysis.answer_model import AnswerModel
from pqassist.analysis.sentence_facts import content_flags_of
from pqassist.analysis.similarity import terms
from pqassist.analysis.words import word_runs

LONG_TERM = 8  # a content word this long is rare enough to tell whether the matter comes back


@lru_cache(maxsize=1_024)
def content_flags(sentence: str) -> frozenset[str]:
    """Return the content flags of one sentence: intent, past, named, legal, modal, digits
    (an answer's sentences have theirs in the model: ``Sentence.content``)."""
    low = sentence.lower()
    return content_flags_of(sentence, low, set(word_runs(low)))


CONTENT_FLAGS = ("intent", "past", "named", "legal", "modal", "digits")


def content_feature_names() -> list[str]:
    """Return the names of the content features, in a fixed order."""
    names = [f"content.{flag}" for flag in CONTENT_FLAGS]
    names += [f"content.best_{flag}" for flag in CONTENT_FLAGS]
    names += ["content.specific", "content.best_specific", "content.rare_back", "content.yes_no_fact",
              "content.fit_max", "content.opens_on_matter"]
    return names


def _specific(flags: frozenset[str], answer_flags: frozenset[str]) -> float:
    """Return 1 for a sentence that states something concrete and not only an intention."""
    concrete = bool(flags & {"named", "legal", "digits", "past"}) or bool(answer_flags & {"figures", "date", "enumeration"})
    return float(concrete and "intent" not in flags)


def content_features(model: AnswerModel, checks, question_terms) -> dict[str, float]:
    """Return the content features of one item: the share of answer sentences with each
    flag, the same for the sentences that fit its asks best, whether the question's rare
    words come back, and whether a yes/no ask gets a statement of fact on its matter."""
    sentences = model.sentences
    count = len(sentences)
    values: dict[str, float] = {}
    if not count:
        return values
    flags, shares, where = _answer_content(model)
    values.update(shares)
    best = [where[c.evidence] for c in checks if c.status != "skipped" and c.evidence in where]
    if best:
        for flag in CONTENT_FLAGS:
            values[f"content.best_{flag}"] = sum(flag in flags[j] for j in best) / len(best)
        values["content.best_specific"] = sum(_specific(flags[j], sentences[j].flags) for j in best) / len(best)
    long_terms = [t for t in question_terms if len(t) >= LONG_TERM]
    values["content.rare_back"] = model.coverage(long_terms) if long_terms else 0.5
    yes_no = [c for c in checks if "yes_no" in c.kinds and c.status != "skipped"]
    if yes_no:
        values["content.yes_no_fact"] = sum(
            c.fit >= 0.3 and c.status != "dodged" and "intent" not in _flags_of(c.evidence, flags, where) for c in yes_no
        ) / len(yes_no)
    fits = [c.fit for c in checks if c.status != "skipped"]
    values["content.fit_max"] = max(fits) if fits else 0.0
    values["content.opens_on_matter"] = _opens_on_matter(sentences[0].text, checks)
    return values


def _answer_content(model: AnswerModel) -> tuple[list[frozenset[str]], dict[str, float], dict[str, int]]:
    """Return what the content features measure of the answer alone (the same for every item
    it answers): each sentence's content flags, the share of sentences with each flag, and
    the first sentence of each text."""
    found = model.derived.get("content")
    if found is None:
        sentences = model.sentences
        count = len(sentences)
        flags = [s.content for s in sentences]
        shares = {f"content.{flag}": sum(flag in f for f in flags) / count for flag in CONTENT_FLAGS}
        shares["content.specific"] = sum(_specific(f, s.flags) for f, s in zip(flags, sentences)) / count
        where = {s.text: j for j, s in reversed(list(enumerate(sentences)))}  # the first sentence of a text
        found = model.derived["content"] = (flags, shares, where)
    return found


def _flags_of(text: str | None, flags: list[frozenset[str]], where: dict[str, int]) -> frozenset[str]:
    """Return the content flags of ``text``: those of the answer's sentence with that text."""
    if text is None:
        return frozenset()
    j = where.get(text)
    return flags[j] if j is not None else content_flags(text)


def _opens_on_matter(first: str, checks) -> float:
    """Return 1 when the answer's first words are the matter an ask names ("Duurzaamheid is
    ..." to "... dat duurzaamheid geen criterium is?"): a statement about it, not a preamble."""
    opening = terms(first)[:2]
    if not opening:
        return 0.0
    asked = {t for c in checks if c.status != "skipped" for t in terms(c.text)}
    return max(best_relation(t, asked) for t in opening)


def best_relation(term: str, others: set[str]) -> float:
    """Return ``TermIndex(others).score(term)`` without building the index: the best
    ``similarity.relation`` of ``term`` to one of ``others`` (0 when there are none)."""
    if term in others:
        return 1.0
    size = len(term)
    if size < 5 or not others:
        return 0.0
    joined = "|".join(others)  # ``term`` (no "|" in it) is in it only inside one of them
    if term in joined or any(5 <= len(other) < size and other in term for other in others):
        return 0.7
    if size >= 9 and any(term[k : k + 9] in joined for k in range(size - 8)):
        return 0.5
    return 0.0


def share_features(model: AnswerModel, own_terms, sibling_terms: list | None = None,
                   rivals: dict[int, float] | None = None) -> dict[str, float]:
    """Return how much of a passage shared by several items speaks to this item: each
    sentence goes to the item whose words it takes up most; the share of sentences that
    fall to this item, and whether those are specific or only intentions.

    The other items are given by their question terms (``sibling_terms``) or, measured once
    for the whole document, by the best fit any of them has per sentence (``rivals``)."""
    sentences = model.sentences
    if not sentences:
        return {}
    if sibling_terms:
        rivals = {}
        for found in (model.fits(t) for t in sibling_terms):
            for j, fit in found.items():
                rivals[j] = max(fit, rivals.get(j, 0.0))
    if rivals is not None:
        mine = [j for j, fit in model.fits(own_terms).items() if fit > 0 and fit >= rivals.get(j, 0.0)]
    else:  # the passage is this item's alone: every sentence taking up its words is its own
        mine = sorted(model.candidates(own_terms))
    values = {"share.own": len(mine) / len(sentences), "share.none": float(not mine)}
    if mine:
        flags = [sentences[j].content for j in mine]
        values["share.own_specific"] = sum(_specific(f, sentences[j].flags) for f, j in zip(flags, mine)) / len(mine)
        values["share.own_intent"] = sum("intent" in f for f in flags) / len(mine)
    return values


SHARE_NAMES = ("share.own", "share.none", "share.own_specific", "share.own_intent")
