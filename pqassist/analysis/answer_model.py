"""Build one model of an answer: its sentences, their words, flags and phrase hits, once.

Every check of an item against its answer reads this model instead of rescanning the
text: the answer is split into sentences once (``sentence_spans``), each sentence is
lower-cased and read into words once, and gets its content terms (``similarity.terms``),
flags (figures, dates, yes/no words, negation, hedges, placeholders, annex and reason
words ...), content flags (``content``) and the phrase hits of every list (one scan of the
answer, which takes the sentences' words), and an inverted index maps each term to the
sentences that hold it. Scoring an ask against the answer then costs in proportion to the
terms that occur, not to asks x sentences. A document's models live as long as its
features are measured (``item_answer_model``), not in a cache across documents.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from pqassist.analysis import phrases
from pqassist.analysis.sentence_facts import sentence_reading, years_in
from pqassist.analysis.similarity import TermIndex, index_of, overlap, term_scores, terms
from pqassist.analysis.words import special_case, word_runs
from pqassist.sentences import sentence_spans

DODGES = ("withheld", "not_competent", "referral", "no_data", "declined")
HIT_LISTS = (*DODGES, "general")  # verdict wording, found once over the whole answer
REPLY_SECTIONS = ("yes_no", "reason", "when", "vague_time", "annex", "stance")
_FLAG_SETS: dict[frozenset[str], frozenset[str]] = {}  # one shared set per combination of flags



class Sentence(NamedTuple):
    """One sentence of the answer with what was found in it (a named tuple: read-only, and
    made in a third of the instructions of a frozen dataclass, once per sentence of every answer)."""

    start: int
    end: int
    text: str
    flags: frozenset[str]
    dodge: str | None  # the strongest dodge wording in it (weight >= 0.7), else None
    dodge_weight: float
    content: frozenset[str] = frozenset()  # its content flags (``content``): intent, past, named ...


class AnswerModel:
    """An answer split once into sentences, with flags, phrase hits and a term index."""

    def __init__(self, text: str) -> None:
        self.text = text
        spans = sentence_spans(text)
        self.starts = starts = [s for s, _ in spans]
        self.ends = ends = [e for _, e in spans]
        pieces, low_text, words, exact = _read_words(text, spans)
        # the scan of the text's phrases, kept by the model (its reply sections are looked up later);
        # it takes the words the sentences were read into, when they are all of the text's words
        scan = self._scan = phrases.scan_of(text, low_text, words, exact, keep=False)
        hits = self.hits = {name: scan.find(name, "") for name in HIT_LISTS}
        count = len(spans)
        dodge_weight = [0.0] * count
        dodge_name: list[str | None] = [None] * count
        for name in DODGES:
            for hit in hits[name]:
                index = self.sentence_at(hit.start)
                if index is not None and hit.phrase.weight > dodge_weight[index]:
                    dodge_weight[index], dodge_name[index] = hit.phrase.weight, name
        hedged = {self.sentence_at(hit.start) for hit in hits["general"]}
        sentences = []
        postings: dict[str, list[int]] = {}
        get_posting = postings.get
        figures: set[str] = set()
        written_by_sentence: list[frozenset[str]] = []
        flag_counts: dict[str, int] = {}
        flag_sets = _FLAG_SETS
        for index in range(count):
            start, end = starts[index], ends[index]
            sentence, low, words = pieces[index]
            for term in dict.fromkeys(terms(sentence, keep=False)):
                posting = get_posting(term)
                if posting is None:
                    postings[term] = [index]
                else:
                    posting.append(index)
            flags, written, content = sentence_reading(sentence, low, words, exact)
            if written:
                figures |= written
            written_by_sentence.append(written)
            if index in hedged:
                flags.add("hedge")
            for flag in flags:
                flag_counts[flag] = flag_counts.get(flag, 0) + 1
            weight = dodge_weight[index]
            frozen = frozenset(flags)
            sentences.append(Sentence(start, end, sentence, flag_sets.setdefault(frozen, frozen),
                                      dodge_name[index] if weight >= 0.7 else None, weight, content))
        self.sentences: tuple[Sentence, ...] = tuple(sentences)
        self.flag_counts = flag_counts
        # term -> the sentences holding it, ascending; tuples of numbers, which the cycle collector
        # stops tracking, so that the models the cache keeps do not lengthen its rounds
        self.postings: dict[str, tuple[int, ...]] = {term: tuple(found) for term, found in postings.items()}
        self._vocabulary: TermIndex | None = None
        self._related: dict[str, Sequence[int]] = {}
        self._sections: dict[str, frozenset[int]] = {}
        self._fits: dict[tuple[str, ...], dict[int, float]] = {}
        self._scores: dict[str, dict[int, float]] = {}  # term -> sentence -> its best relation there
        self._joined: str | None = None  # "|term|term|" of the answer's terms, made when first needed
        self._vocabulary_list: list[str] = []
        self._offsets: list[int] = []
        self._long: list[str] = []  # the answer's terms of five letters or more, shortest first
        self._long_sizes: list[int] = []
        self._years: frozenset[str] | None = None
        self.derived: dict[str, object] = {}  # what item features measure of the answer alone, kept for its other items
        self.figures = frozenset(figures)
        # per sentence, ``figures_in`` of its text (``sentence_facts`` found them already)
        self.sentence_figures: tuple[frozenset[str], ...] = tuple(written_by_sentence)

    @property
    def vocabulary(self) -> TermIndex:
        """Return the index of every term of the answer (built the first time it is asked for)."""
        found = self._vocabulary
        if found is None:
            found = self._vocabulary = index_of(frozenset(self.postings))
        return found

    @property
    def years(self) -> frozenset[str]:
        """Return the years written in the answer (``years_in``)."""
        found = self._years
        if found is None:
            found = self._years = years_in(self.text)
        return found

    def __len__(self) -> int:
        return len(self.sentences)

    def sentence_at(self, offset: int) -> int | None:
        """Return the index of the sentence holding ``offset`` (None when between sentences)."""
        index = bisect.bisect_right(self.starts, offset) - 1
        return index if index >= 0 and offset < self.ends[index] else None

    def any_flag(self, flag: str, indexes=None) -> bool:
        """Return True when a sentence (of ``indexes``, default all) carries ``flag``; the
        reply wording (yes_no, reason, when, ...) is looked up the first time it is asked for."""
        if flag in REPLY_SECTIONS:
            found = self._section(flag)
            return bool(found) if indexes is None else any(i in found for i in indexes)
        if indexes is None:
            return self.flag_counts.get(flag, 0) > 0
        return any(flag in self.sentences[i].flags for i in indexes)

    def _section(self, section: str) -> frozenset[int]:
        found = self._sections.get(section)
        if found is None:
            found = frozenset(i for i in (self.sentence_at(h.start) for h in self._scan.find("replies", section))
                              if i is not None)
            self._sections[section] = found
        return found

    def count_flag(self, flag: str) -> int:
        """Return how many sentences carry ``flag``."""
        if flag in REPLY_SECTIONS:
            return len(self._section(flag))
        return self.flag_counts.get(flag, 0)

    def candidates(self, ask_terms) -> set[int]:
        """Return the sentences that share a term (or a compound part) with ``ask_terms``: those
        where a term has a relation (``_term_scores``, the relations ``fits`` adds up)."""
        out: set[int] = set()
        known = self._scores  # most terms were scored already (by ``fits`` and ``coverage``)
        for term in ask_terms:
            scores = known.get(term)
            out.update(self._term_scores(term) if scores is None else scores)
        return out

    def _candidates_by_parts(self, ask_terms) -> set[int]:
        """Return ``candidates`` through ``_related_sentences`` (the reference)."""
        out: set[int] = set()
        for term in ask_terms:
            found = self._related.get(term)
            if found is None:
                found = self._related_sentences(term)
                self._related[term] = found
            out.update(found)
        return out

    def _related_sentences(self, term: str) -> Sequence[int]:
        exact = self.postings.get(term, ())
        if len(term) < 5 or self.vocabulary.score(term) == 0.0:
            return exact
        # the same compound relations as TermIndex.score, found through the joined vocabulary
        # ("|term|term|") and the term's own parts, never by scanning every word of the answer
        found = set(exact)
        joined = self.vocabulary.joined
        pieces = [term] + ([term[k : k + 9] for k in range(len(term) - 8)] if len(term) >= 9 else [])
        for piece in pieces:
            at = joined.find(piece)
            while at != -1:
                start = joined.rfind("|", 0, at) + 1
                end = joined.find("|", at)
                found.update(self.postings.get(joined[start:end], ()))
                at = joined.find(piece, end)
        size = len(term)
        vocabulary = self.vocabulary
        shorter = bisect.bisect_left(vocabulary.long_sizes, size)  # answer terms of 5 letters up, shorter than it
        if shorter * 2 <= (size - 4) * (size - 5):  # fewer such terms than parts of the term: test each
            for other in vocabulary.long[:shorter]:
                if other in term:
                    found.update(self.postings[other])
            return tuple(sorted(found))
        for width in range(5, size):  # else look each part of the term up
            for k in range(size - width + 1):
                where = self.postings.get(term[k : k + width])
                if where:
                    found.update(where)
        return tuple(sorted(found))

    def fits(self, ask_terms) -> dict[int, float]:
        """Return, for the sentences that share a term with the ask, the share of its terms found
        (kept per model: the same question's terms are fitted for its rivals and its own share)."""
        if not ask_terms:
            return {}
        key = tuple(ask_terms)
        found = self._fits.get(key)
        if found is None:
            found = self._fits[key] = self._fits_of(ask_terms)
        return dict(found)

    def _fits_of(self, ask_terms) -> dict[int, float]:
        """Return ``fits`` from each term's best relation per sentence (found once per term for
        the whole answer): per sentence, the relations of the ask's distinct terms added in
        their order, over their count, which is ``overlap`` with that sentence's terms."""
        unique = dict.fromkeys(ask_terms)
        found: dict[int, float] = {}
        get = found.get
        known = self._scores
        for term in unique:
            scores = known.get(term)
            if scores is None:
                scores = self._term_scores(term)
            for j, score in scores.items():
                found[j] = get(j, 0.0) + score
        count = len(unique)
        return {j: found[j] / count for j in sorted(found)}

    def _term_scores(self, term: str) -> dict[int, float]:
        """Return, per sentence, the best relation of ``term`` to one of its terms (1 the same
        term, 0.7 within a compound, 0.5 sharing a part; sentences with none left out)."""
        found = self._scores.get(term)
        if found is None:
            if self._joined is None:
                vocabulary = self._vocabulary_list = list(self.postings)
                offsets, pos = [], 1
                for other in vocabulary:
                    offsets.append(pos)
                    pos += len(other) + 1
                self._offsets = offsets
                self._joined = "|" + "|".join(vocabulary) + "|"
                self._long = sorted([other for other in vocabulary if len(other) >= 5], key=len)
                self._long_sizes = list(map(len, self._long))
            shorter = self._long[: bisect.bisect_left(self._long_sizes, len(term))]
            found = self._scores[term] = term_scores(term, self._vocabulary_list, self.postings, self._joined,
                                                     self._offsets, shorter)
        return found

    def _fits_by_index(self, ask_terms) -> dict[int, float]:
        """Return ``fits`` by scoring each sentence's terms with ``overlap`` (the reference)."""
        if not ask_terms:
            return {}
        # sentences with the same terms fit an ask alike: each set of terms is scored once
        kinds: dict[frozenset[str], int] = {}
        kind_of = [kinds.setdefault(frozenset(terms(sentence.text)), len(kinds)) for sentence in self.sentences]
        kind_terms = list(kinds)
        scored: dict[int, float] = {}
        out = {}
        for j in sorted(self._candidates_by_parts(ask_terms)):
            kind = kind_of[j]
            fit = scored.get(kind)
            if fit is None:
                fit = scored[kind] = overlap(ask_terms, _sentence_index(kind_terms[kind]))
            out[j] = fit
        return out

    def coverage(self, ask_terms) -> float:
        """Return the share of ``ask_terms`` found anywhere in the answer: ``overlap`` with the
        answer's terms, from each term's best relation in any sentence (``_term_scores``, which
        ``fits`` has mostly found already for the same terms)."""
        if not ask_terms:
            return 0.0
        unique = dict.fromkeys(ask_terms)
        known = self._scores
        found = 0.0
        for term in unique:
            scores = known.get(term)
            if scores is None:
                scores = self._term_scores(term)
            if scores:
                found += max(scores.values())
        return found / len(unique)

    def _coverage_by_index(self, ask_terms) -> float:
        """Return ``coverage`` through ``overlap`` with the answer's term index (the reference)."""
        return overlap(ask_terms, self.vocabulary) if ask_terms else 0.0


def _read_words(text: str, spans) -> tuple[list[tuple[str, str, set[str]]], str, frozenset[str] | None, bool]:
    """Return each sentence with its lower case and its words (``\\w+`` there: read once for its
    facts, content flags and the text's phrase scan), the text lower-cased, all words of the
    text (None when they cannot be put together from the sentences' words) and whether
    lower-casing keeps the text's positions and no character folds otherwise.

    The sentences' words are the text's words when lower-casing the text keeps its positions,
    no capital sigma (lower-cased by context) is in it, no sentence starts or ends inside a
    word, and the words between the sentences are added."""
    low_text = text.lower()
    exact = len(low_text) == len(text) and not special_case(text)
    union: set[str] | None = set() if exact and "Σ" not in text else None
    pieces = []
    reach = 0
    size = len(text)
    for start, end in spans:
        sentence = text[start:end]
        low = sentence.lower()
        words = set(word_runs(low))
        pieces.append((sentence, low, words))
        if union is None:
            continue
        if _inside_word(low_text, start, size) or _inside_word(low_text, end, size):
            union = None
            continue
        if reach < start:
            union.update(word_runs(low_text[reach:start]))
        union |= words
        reach = max(reach, end)
    if union is not None and reach < size:
        union.update(word_runs(low_text[reach:]))
    return pieces, low_text, (frozenset(union) if union is not None else None), exact


def _inside_word(low: str, at: int, size: int) -> bool:
    """Return True when ``at`` falls between two word characters (``\\w``) of ``low``."""
    if at <= 0 or at >= size:
        return False
    before, after = low[at - 1], low[at]
    return (before.isalnum() or before == "_") and (after.isalnum() or after == "_")


@lru_cache(maxsize=4_096)
def _sentence_index(found: frozenset[str]) -> TermIndex:
    return index_of(found)


@lru_cache(maxsize=64)
def answer_model(text: str) -> AnswerModel:
    """Return the (cached) model of the answer ``text``."""
    return AnswerModel(text)


def item_answer_model(analysis, item_id: str, models: dict[str, AnswerModel] | None = None) -> AnswerModel | None:
    """Return the model of the answer aligned to ``item_id`` (None when nothing answers it).

    The one way features reach an item's answer: how the model is built (per item text
    today) can change behind it. ``models``: the models of one document by answer text,
    filled here (they live as long as the document's analysis, not in a cache across
    documents whose objects the cycle collector would keep walking)."""
    answer = analysis.answer_for(item_id)
    if not answer.strip():
        return None
    if models is None:
        return answer_model(answer)
    found = models.get(answer)
    if found is None:
        found = models[answer] = AnswerModel(answer)
    return found


def withheld_statement(analysis) -> str | None:
    """Return the sentence saying tables or annexes went to the member directly, if any."""
    for passage in analysis.dossier.passages:
        if not phrases.could_match("withheld", passage.text):
            continue  # none of the words the list needs: no scan of the passage
        hits = phrases.find("withheld", passage.text)
        if hits:
            for start, end in sentence_spans(passage.text):
                if start <= hits[0].start < end:
                    return passage.text[start:end]
            return passage.text[hits[0].start : hits[0].end]
    return None
