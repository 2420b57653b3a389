"""Build one model of an answer: its sentences, their words, flags and phrase hits, once.

Every check of an item against its answer reads this model instead of rescanning the
text: the answer is split into sentences once (``sentence_spans``), each sentence gets its
content terms (``similarity.terms``), flags (figures, dates, yes/no words, negation,
hedges, placeholders, annex and reason words ...) and the phrase hits of every list, and an
inverted index maps each term to the sentences that hold it. Scoring an ask against the
answer then costs in proportion to the terms that occur, not to asks x sentences.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from pqassist.analysis import phrases
from pqassist.analysis.similarity import TermIndex, index_of, overlap, term_scores, terms
from pqassist.text import DATE_RE, MONTHS, sentence_spans

DODGES = ("withheld", "not_competent", "referral", "no_data", "declined")
HIT_LISTS = (*DODGES, "general")  # verdict wording, found once over the whole answer
REPLY_SECTIONS = ("yes_no", "reason", "when", "vague_time", "annex", "stance")

# A federal table that survives only as a code ("2016201714665-13-2137-bil-1"), or a
# bracketed stand-in for a table or chart.
TABLE_CODE = r"\b(?:19|20)\d{11}-\d+-\d+(?:-(?:nl|fr|bil))+(?:-\d+)?\b"
STAND_IN = re.compile(r"\[(?:tabel|table|grafiek)[^\]]*\]", re.I)  # the table is there, drawn as a stand-in
CODE = re.compile(TABLE_CODE, re.I)  # the table did not survive publication: only its code is left
PLACEHOLDER = re.compile(TABLE_CODE + r"|" + STAND_IN.pattern, re.I)
TABLE_MENTION = re.compile(r"\b(?:tabel|tabellen|grafiek|bijlage|bijlagen|onderstaande?|hieronder|hierna)\b", re.I)
NUMBER_WORDS = re.compile(
    r"\b(?:twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|dertien|veertien|vijftien|"
    r"twintig|dertig|veertig|vijftig|honderd|duizend|miljoen|miljard|tiental|honderdtal|dozijn)\b",
    re.I,
)
YEAR = re.compile(r"^(?:19|20)\d\d$")
NUMBER_TOKEN = re.compile(r"(?<![\w/-])\d+(?:[.,]\d+)*(?![\w/-])")
NOT_A_FIGURE = re.compile(r"\b(?:artikel|art\.|nr\.|nummer|lijn|vraag)\s+\d+", re.I)
# negations that do not say no: "kan ik niets anders doen dan", "niet alleen ... maar ook"
NOT_A_NO = re.compile(r"\b(?:niets anders|niet alleen|niet enkel|niet zozeer|niet uit te sluiten|niet zonder)\b", re.I)
NEGATIVE = re.compile(r"\b(?:nee|neen|geen|niet|nooit|niemand|niets|nergens)\b", re.I)
OPENS_YES = re.compile(r"^(?:ja\b|inderdaad|dat klopt|het klopt|klopt\b|zeker\b|ik kan bevestigen)", re.I)
OPENS_NO = re.compile(r"^(?:nee\b|neen\b|dat klopt niet|het klopt niet)", re.I)
MONTHS_RE = re.compile(r"\b(?:" + "|".join(MONTHS) + r")\b", re.I)
DIGIT = re.compile(r"\d")
YEARS = re.compile(r"\b(?:19|20)\d\d\b")
PER_YEAR = re.compile(r"\b(?:per jaar|jaarlijks)\b", re.I)
DASH_OR_COLON = re.compile(r"(?:^|\s)[-–]\s|:\s*$", re.M)
NAMES = re.compile(r"(?<=[a-zà-ÿ,] )[A-ZÀ-Ý][\w\-]+")

# The same patterns written to open with what they consume (a digit, a dash, a capital), so that
# the regular expression engine skips ahead to where that can be instead of trying the leading
# ``\b`` or look-behind at every character; each matches exactly where its twin above matches
# (tests/test_answer_model_facts.py runs both over federal answers).
_NEAR_YEAR = r"(?:19|20)(?<!\w\d\d)"  # "19"/"20" at the start of a word: ``\b(?:19|20)``
_TABLE_CODE = _NEAR_YEAR + r"\d{11}-\d+-\d+(?:-(?:nl|fr|bil))+(?:-\d+)?\b"
_CODE = re.compile(_TABLE_CODE, re.I)
_PLACEHOLDER = re.compile(_TABLE_CODE + r"|" + STAND_IN.pattern, re.I)
_YEARS = re.compile(_NEAR_YEAR + r"\d\d\b")
_NUMBER_TOKEN = re.compile(r"\d(?<![\w/-]\d)\d*(?:[.,]\d+)*(?![\w/-])")
_NOT_A_FIGURE = re.compile(
    r"(?:a(?<!\w.)(?:rtikel|rt\.)|n(?<!\w.)(?:r\.|ummer)|l(?<!\w.)ijn|v(?<!\w.)raag)\s+\d+", re.I
)
_DATE = re.compile(r"\d(?<!\w\d)\d?(?:e|ste|de)?\s+(?:" + "|".join(MONTHS) + r")\s+\d{4}\b", re.I)
_DASH = re.compile(r"[-–](?<=(?<!\S)[-–])\s")  # a dash after a space or a line start, then a space
_COLON_END = re.compile(r":\s*$", re.M)
_NAMES = re.compile(r"[A-ZÀ-Ý](?<=[a-zà-ÿ,] [A-ZÀ-Ý])[\w\-]+")
ENUMERATION = re.compile(r"(?:^|\n)\s*(?:[-–•*]|\d{1,2}[.)°]|[a-z][.)])\s+\S", re.M)


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of the answer with what was found in it."""

    start: int
    end: int
    text: str
    terms: frozenset[str]
    flags: frozenset[str]
    dodge: str | None  # the strongest dodge wording in it (weight >= 0.7), else None
    dodge_weight: float


class AnswerModel:
    """An answer split once into sentences, with flags, phrase hits and a term index."""

    def __init__(self, text: str) -> None:
        self.text = text
        spans = sentence_spans(text)
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]
        self.hits = {name: phrases.find(name, text) for name in HIT_LISTS}
        dodge_best: list[tuple[float, str | None]] = [(0.0, None)] * len(spans)
        for name in DODGES:
            for hit in self.hits[name]:
                index = self.sentence_at(hit.start)
                if index is not None and hit.phrase.weight > dodge_best[index][0]:
                    dodge_best[index] = (hit.phrase.weight, name)
        section_at: list[set[str]] = [set() for _ in spans]
        for name in ("general",):
            for hit in self.hits[name]:
                index = self.sentence_at(hit.start)
                if index is not None:
                    section_at[index].add("hedge")
        sentences = []
        postings: dict[str, list[int]] = {}
        figures: set[str] = set()
        written_by_sentence: list[frozenset[str]] = []
        for index, (start, end) in enumerate(spans):
            sentence = text[start:end]
            found = frozenset(terms(sentence))
            for term in found:
                postings.setdefault(term, []).append(index)
            weight, dodge = dodge_best[index]
            flags, written = sentence_facts(sentence)
            figures |= written
            written_by_sentence.append(written)
            flags |= section_at[index]
            sentences.append(Sentence(start, end, sentence, found, frozenset(flags), dodge if weight >= 0.7 else None, weight))
        self.sentences: tuple[Sentence, ...] = tuple(sentences)
        # sentences with the same terms fit an ask alike: each set of terms is scored once
        kinds: dict[frozenset[str], int] = {}
        self._kind_of = [kinds.setdefault(sentence.terms, len(kinds)) for sentence in sentences]
        self._kind_terms = list(kinds)
        self.flag_counts: dict[str, int] = {}
        for sentence in sentences:
            for flag in sentence.flags:
                self.flag_counts[flag] = self.flag_counts.get(flag, 0) + 1
        self.postings = postings  # term -> the sentences holding it, ascending (never changed after this)
        self.vocabulary: TermIndex = index_of(frozenset(self.postings))
        self._related: dict[str, Sequence[int]] = {}
        self._sections: dict[str, frozenset[int]] = {}
        self._fits: dict[tuple[str, ...], dict[int, float]] = {}
        self._scores: dict[str, dict[int, float]] = {}  # term -> sentence -> its best relation there
        self._joined: str | None = None  # "|term|term|" of the answer's terms, made when first needed
        self._vocabulary_list: list[str] = []
        self._offsets: list[int] = []
        self.years = frozenset(_YEARS.findall(text))
        self.figures = frozenset(figures)
        # per sentence, ``figures_in`` of its text (``sentence_facts`` found them already)
        self.sentence_figures: tuple[frozenset[str], ...] = tuple(written_by_sentence)

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
            found = frozenset(i for i in (self.sentence_at(h.start) for h in phrases.find("replies", self.text, section))
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
        for term in ask_terms:
            out.update(self._term_scores(term))
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
        for term in unique:
            for j, score in self._term_scores(term).items():
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
            long = self.vocabulary
            shorter = long.long[: bisect.bisect_left(long.long_sizes, len(term))]
            found = self._scores[term] = term_scores(term, self._vocabulary_list, self.postings, self._joined,
                                                     self._offsets, shorter)
        return found

    def _fits_by_index(self, ask_terms) -> dict[int, float]:
        """Return ``fits`` by scoring each sentence's terms with ``overlap`` (the reference)."""
        if not ask_terms:
            return {}
        kind_of, kind_terms = self._kind_of, self._kind_terms
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
        """Return the share of ``ask_terms`` found anywhere in the answer."""
        return overlap(ask_terms, self.vocabulary) if ask_terms else 0.0


@lru_cache(maxsize=4_096)
def _sentence_index(found: frozenset[str]) -> TermIndex:
    return index_of(found)


def sentence_flags(sentence: str) -> set[str]:
    """Return the flags of one sentence: figures, date, year, month, table, per_year,
    negation, opens_yes, opens_no, placeholder, specifics, enumeration."""
    return sentence_facts(sentence)[0]


# The word lists of the patterns above, for texts whose words can be looked up instead:
# ``\b(?:twee|drie)\b`` matches exactly where a ``\w+`` word of the lower-cased text is one of them.
_WORD_RUN = re.compile(r"\w+")
_MONTH_WORDS = frozenset(MONTHS)
_NUMBER_WORDS = frozenset((
    "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "elf", "twaalf", "dertien", "veertien",
    "vijftien", "twintig", "dertig", "veertig", "vijftig", "honderd", "duizend", "miljoen", "miljard", "tiental",
    "honderdtal", "dozijn",
))
_TABLE_WORDS = frozenset((
    "tabel", "tabellen", "grafiek", "bijlage", "bijlagen", "onderstaand", "onderstaande", "hieronder", "hierna",
))
_NEGATIVE_WORDS = frozenset(("nee", "neen", "geen", "niet", "nooit", "niemand", "niets", "nergens"))
_NOT_A_NO_FIRST = frozenset(("niets", "niet"))  # every NOT_A_NO phrase opens with one of them
_SPECIAL = phrases.SPECIAL_CASE  # characters re.IGNORECASE folds beyond str.lower


def sentence_facts(sentence: str) -> tuple[set[str], frozenset[str]]:
    """Return the flags of one sentence (see ``sentence_flags``) and its figures (``figures_in``).

    The word patterns become set look-ups on the sentence's lower-cased words, and each other
    pattern runs only when a character it needs is there; a sentence that lower-casing changes
    in length, or with a character case-insensitive matching folds otherwise, takes the
    patterns themselves (the same flags either way)."""
    low = sentence.lower()
    if len(low) != len(sentence) or _SPECIAL.search(sentence):
        flags = _sentence_flags_by_pattern(sentence)
        return flags, frozenset(figures_in(sentence)) if "figures" in flags else frozenset()
    words = set(_WORD_RUN.findall(low))
    flags = set()
    figures: frozenset[str] = frozenset()
    digits = DIGIT.search(sentence) is not None
    month = not _MONTH_WORDS.isdisjoint(words)
    if digits:
        if "-" in sentence and _CODE.search(sentence):
            flags.add("placeholder")
        if month and _DATE.search(sentence):
            flags.add("date")
        if ("19" in sentence or "20" in sentence) and _YEARS.search(sentence):
            flags.add("year")
        figures = frozenset(_figures_in(sentence, low))
        if figures or "%" in sentence:
            flags.add("figures")
    if "[" in sentence and STAND_IN.search(sentence):
        flags.update(("figures", "stand_in"))
    if "figures" not in flags and not _NUMBER_WORDS.isdisjoint(words):
        flags.add("figures")
    if month:
        flags.add("month")
    if not _TABLE_WORDS.isdisjoint(words):
        flags.add("table")
    if "jaarlijks" in words or ("jaar" in words and "per" in words and PER_YEAR.search(sentence)):
        flags.add("per_year")
    if not _NEGATIVE_WORDS.isdisjoint(words) and (
        _NOT_A_NO_FIRST.isdisjoint(words) or NEGATIVE.search(NOT_A_NO.sub(" ", sentence))
    ):
        flags.add("negation")
    head = sentence.lstrip("\"'“‘«( -–").lower()
    if OPENS_YES.match(head):
        flags.add("opens_yes")
    if OPENS_NO.match(head):
        flags.add("opens_no")
    if digits or month or ";" in sentence or "•" in sentence \
            or (":" in sentence and _COLON_END.search(sentence)) \
            or (("-" in sentence or "–" in sentence) and _DASH.search(sentence)) \
            or len(set(_NAMES.findall(sentence))) >= 2:
        flags.add("specifics")
    if (ENUMERATION.search(sentence) if "\n" in sentence else ENUMERATION.match(sentence)) or sentence.count(";") >= 2:
        flags.add("enumeration")
    return flags, figures


def _sentence_flags_by_pattern(sentence: str) -> set[str]:
    """Return ``sentence_flags`` by running every pattern (the reference the fast path keeps to)."""
    flags = set()
    digits = DIGIT.search(sentence) is not None
    month = bool(MONTHS_RE.search(sentence))
    if digits:
        if CODE.search(sentence):
            flags.add("placeholder")
        if month and DATE_RE.search(sentence):
            flags.add("date")
        if YEARS.search(sentence):
            flags.add("year")
        if figures_in(sentence) or "%" in sentence:
            flags.add("figures")
    if "[" in sentence and STAND_IN.search(sentence):
        flags.update(("figures", "stand_in"))
    if "figures" not in flags and NUMBER_WORDS.search(sentence):
        flags.add("figures")
    if month:
        flags.add("month")
    if TABLE_MENTION.search(sentence):
        flags.add("table")
    if PER_YEAR.search(sentence):
        flags.add("per_year")
    if NEGATIVE.search(sentence) and NEGATIVE.search(NOT_A_NO.sub(" ", sentence)):
        flags.add("negation")
    head = sentence.lstrip("\"'“‘«( -–").lower()
    if OPENS_YES.match(head):
        flags.add("opens_yes")
    if OPENS_NO.match(head):
        flags.add("opens_no")
    if digits or month or ";" in sentence or "•" in sentence or DASH_OR_COLON.search(sentence) \
            or len(set(NAMES.findall(sentence))) >= 2:
        flags.add("specifics")
    if ENUMERATION.search(sentence) or sentence.count(";") >= 2:
        flags.add("enumeration")
    return flags


def figures_in(text: str) -> set[str]:
    """Return the figures written in ``text``: numbers that are not years, dates or article numbers."""
    if DIGIT.search(text) is None:
        return set()  # a figure is written in digits
    low = text.lower()
    if len(low) != len(text) or _SPECIAL.search(text):
        return _figures_by_pattern(text)
    return _figures_in(text, low)


_NOT_A_FIGURE_WORDS = ("art", "nr.", "nummer", "lijn", "vraag")  # NOT_A_FIGURE needs one of them


def _figures_in(text: str, low: str) -> set[str]:
    """Return ``figures_in(text)`` for a text with digits whose lower case ``low`` keeps its
    positions: each substitution runs only when what it removes can be there."""
    if "-" in text or "[" in text:
        text = _PLACEHOLDER.sub(" ", text)
        low = text.lower()
    if any(month in low for month in _MONTH_WORDS):
        text = _DATE.sub(" ", text)
        low = text.lower()
    if any(word in low for word in _NOT_A_FIGURE_WORDS):
        text = _NOT_A_FIGURE.sub(" ", text)
    return {n for n in _NUMBER_TOKEN.findall(text) if not YEAR.match(n)}


def _figures_by_pattern(text: str) -> set[str]:
    text = NOT_A_FIGURE.sub(" ", DATE_RE.sub(" ", PLACEHOLDER.sub(" ", text)))
    return {n for n in NUMBER_TOKEN.findall(text) if not YEAR.match(n)}


@lru_cache(maxsize=512)
def answer_model(text: str) -> AnswerModel:
    """Return the (cached) model of the answer ``text``."""
    return AnswerModel(text)


def item_answer_model(analysis, item_id: str) -> AnswerModel | None:
    """Return the model of the answer aligned to ``item_id`` (None when nothing answers it).

    The one way features reach an item's answer: how the model is built (per item text
    today) can change behind it."""
    answer = analysis.answer_for(item_id)
    return answer_model(answer) if answer.strip() else None


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
