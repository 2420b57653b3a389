"""Measure whether the answer's content addresses the asks: specific statements against
hedged or intended ones.

An answer that answers states facts about the matter asked (a measure taken, a date, a
body named, an article of law, a list); an answer that stays general announces, studies
or follows up ("wordt onderzocht", "zal ... bekeken worden", "in de mate van het
mogelijke"). Each sentence gets a few cheap content flags from its text alone (cached per
sentence text); the item's features compare the sentences that fit its asks best.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pqassist.analysis.answer_model import AnswerModel
from pqassist.analysis.similarity import index_of, terms

# announcing, studying or intending instead of stating ("zal ... nagaan", "wordt onderzocht")
INTENT = re.compile(
    r"\b(?:zal|zullen|zou|zouden|wil|willen)\b(?:\s+\S+){0,8}?\s+"
    r"(?:onderzoeken|bekijken|nagaan|bestuderen|evalueren|analyseren|overwegen|opvolgen|volgen|"
    r"bespreken|overleggen|informeren|waken|aandacht|nodige|gepaste|bekeken|onderzocht|nagegaan|bestudeerd|"
    r"geëvalueerd|geanalyseerd|overwogen|opgevolgd|besproken)\b"
    r"|\b(?:wordt|worden|is|zijn)\b(?:\s+\S+){0,6}?\s+(?:thans|momenteel|nog|verder)?\s*"
    r"(?:onderzocht|bekeken|bestudeerd|geanalyseerd|geëvalueerd|overwogen|besproken|opgevolgd|nagegaan)\b"
    r"|\b(?:in de mate van het mogelijke|waar (?:nodig|mogelijk)|indien (?:nodig|noodzakelijk|mogelijk)|"
    r"zo snel mogelijk|te gelegener tijd|in de toekomst|op termijn)\b",
    re.I,
)
# every INTENT match holds one of these words: sentences without any skip the costly pattern
INTENT_GATE = frozenset((
    "onderzoeken bekijken nagaan bestuderen evalueren analyseren overwegen opvolgen volgen bespreken overleggen "
    "informeren waken aandacht nodige gepaste bekeken onderzocht nagegaan bestudeerd geëvalueerd geanalyseerd "
    "overwogen opgevolgd besproken mogelijke nodig mogelijk noodzakelijk gelegener toekomst termijn"
).split())
WORD = re.compile(r"\w+")
# a fact stated in the past or perfect ("werd ingevoerd", "heeft ... beslist")
PAST = frozenset({"werd", "werden", "was", "waren", "heeft", "hebben", "had", "hadden"})
# a rule of law named
LEGAL = frozenset({"artikel", "art", "richtlijn", "verordening", "decreet"})
LEGAL_PAIRS = ("wet van", "besluit van", "koninklijk besluit")
MODAL = frozenset({"kan", "kunnen", "mogelijk", "eventueel", "desgevallend", "wellicht", "misschien", "mogelijkheid"})
# a body, programme or person named: capitalised words or acronyms not at a sentence start
NAMED = re.compile(r"(?<=[\w,;:(] )(?:[A-Z]{2,}\w*|[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý]?\w+)?)")
DIGITS = re.compile(r"\d")
LONG_TERM = 8  # a content word this long is rare enough to tell whether the matter comes back


@lru_cache(maxsize=8_192)
def content_flags(sentence: str) -> frozenset[str]:
    """Return the content flags of one sentence: intent, past, named, legal, modal, digits."""
    flags = set()
    low = sentence.lower()
    words = set(WORD.findall(low))
    if not words.isdisjoint(INTENT_GATE) and INTENT.search(sentence):
        flags.add("intent")
    if not words.isdisjoint(PAST):
        flags.add("past")
    if NAMED.search(sentence):
        flags.add("named")
    if not words.isdisjoint(LEGAL) or any(pair in low for pair in LEGAL_PAIRS):
        flags.add("legal")
    if not words.isdisjoint(MODAL):
        flags.add("modal")
    if DIGITS.search(sentence):
        flags.add("digits")
    return frozenset(flags)


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
            c.fit >= 0.3 and c.status != "dodged" and "intent" not in content_flags(c.evidence or "") for c in yes_no
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
        flags = [content_flags(s.text) for s in sentences]
        shares = {f"content.{flag}": sum(flag in f for f in flags) / count for flag in CONTENT_FLAGS}
        shares["content.specific"] = sum(_specific(f, s.flags) for f, s in zip(flags, sentences)) / count
        where = {s.text: j for j, s in reversed(list(enumerate(sentences)))}  # the first sentence of a text
        found = model.derived["content"] = (flags, shares, where)
    return found


def _opens_on_matter(first: str, checks) -> float:
    """Return 1 when the answer's first words are the matter an ask names ("Duurzaamheid is
    ..." to "... dat duurzaamheid geen criterium is?"): a statement about it, not a preamble."""
    opening = terms(first)[:2]
    if not opening:
        return 0.0
    asked = index_of(frozenset(t for c in checks if c.status != "skipped" for t in terms(c.text)))
    return max(asked.score(t) for t in opening)


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
        flags = [content_flags(sentences[j].text) for j in mine]
        values["share.own_specific"] = sum(_specific(f, sentences[j].flags) for f, j in zip(flags, mine)) / len(mine)
        values["share.own_intent"] = sum("intent" in f for f in flags) / len(mine)
    return values


SHARE_NAMES = ("share.own", "share.none", "share.own_specific", "share.own_intent")
