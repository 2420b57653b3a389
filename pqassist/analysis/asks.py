"""Look at one item ask by ask: what each asks for and whether the answer gives it.

An ask is a question sentence or request; coordinated questions ("... en welke
resultaatindicatoren zijn daaraan verbonden?") are split further. For each ask the answer
sentence that fits it best is found; the ask is *covered* when its words come back and
what it asks for is there (a figure, a yes or no, a reason, a date, an annex, a period),
*dodged* when the best sentence is itself a dodge ("is nog niet gekend"), else *missing*.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from pqassist.analysis import phrases
from pqassist.parse.text import DATE_RE, MONTHS, is_conditional, sentence_spans, squash
from pqassist.analysis.similarity import index_of, overlap, terms

DODGES = ("withheld", "not_competent", "referral", "no_data", "declined")
REQUEST_VERBS = {
    "verduidelijken", "toelichten", "meedelen", "geven", "bezorgen", "aangeven", "vermelden",
    "weergave", "concreet", "concrete", "kunnen", "graag", "opgeven", "overmaken", "informeren",
    "aan_geven", "mee_delen", "toe_lichten", "weer_geven", "hierbij", "daarbij",
}
PLACEHOLDER = re.compile(r"\d{13}-\d+-\d+-(?:nl|fr)-(?:nl|fr)-\d+|\[(?:tabel|table|grafiek)[^\]]*\]", re.I)
NUMBER_WORDS = re.compile(
    r"\b(?:twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|dertien|veertien|vijftien|"
    r"twintig|dertig|veertig|vijftig|honderd|duizend|miljoen|miljard|tiental|honderdtal|dozijn)\b",
    re.I,
)
YEAR = re.compile(r"^(?:19|20)\d\d$")
NUMBER_TOKEN = re.compile(r"(?<![\w/-])\d+(?:[.,]\d+)*(?![\w/-])")
SPLIT_COORDINATED = re.compile(r"(?:,\s*|\s+)en\s+(?=(?:welke|hoe|wanneer|waarom|wie|hoeveel|wat|in hoeverre|op welke)\b)", re.I)
# negations that do not say no: "kan ik niets anders doen dan", "niet alleen ... maar ook"
NOT_A_NO = re.compile(r"\b(?:niets anders|niet alleen|niet enkel|niet zozeer|niet uit te sluiten|niet zonder)\b", re.I)
NEGATIVE = re.compile(r"\b(?:nee|neen|geen|niet|nooit|niemand|niets|nergens)\b", re.I)
# kinds in a fixed order, so that reasons read the same in every run
KIND_ORDER = ("figures", "yes_no", "opinion", "why", "when", "annex", "period", "list")
KIND_NAMES_NL = {
    "figures": "de gevraagde cijfers",
    "yes_no": "een duidelijk ja of nee",
    "why": "de reden",
    "when": "een concrete datum of termijn",
    "annex": "de gevraagde bijlage",
    "period": "de gevraagde periode",
    "opinion": "een duidelijk standpunt",
    "list": "de gevraagde opsomming",
    "topic": "een antwoord op deze vraag",
}


@dataclass(frozen=True)
class AskCheck:
    """One ask and what the answer does with it."""

    text: str
    kinds: frozenset[str]
    status: str  # "covered" | "dodged" | "missing" | "skipped"
    lacking: tuple[str, ...] = ()  # kinds the answer does not give
    dodge: str | None = None  # the dodge verdict of the best sentence
    evidence: str | None = None  # the answer sentence that fits best
    concrete: bool = True  # covered with specifics (a figure, date, name, list) or an explicit reply


def split_asks(asks: list[str]) -> list[str]:
    """Return the asks with coordinated questions split ("..., en welke ...?") and
    sentences that ask nothing of their own ("Graag een gedetailleerd antwoord.") left out."""
    out = []
    for ask in asks:
        ask = re.sub(r"^\d{1,2}\s+(?=[A-ZÀ-Ý])", "", ask)  # a footnote number glued in front
        if phrases.any_match("asks", ask, "not_an_ask") and len(ask.split()) <= 8:
            continue
        parts = [squash(p) for p in SPLIT_COORDINATED.split(ask)]
        if any(len(p.split()) < 5 for p in parts) or any(p.endswith((" wel", " niet")) for p in parts[:-1]):
            parts = [squash(ask)]  # "wie wel en wie geen stemrecht heeft" is one ask
        out.extend(p for p in parts if len(p.split()) >= 3)
    return out


@lru_cache(maxsize=8_192)
def ask_kinds(ask: str) -> frozenset[str]:
    """Return what ``ask`` asks for: figures, yes_no, why, when, annex, period, list."""
    kinds = set()
    for section in ("figures", "why", "when", "annex", "period", "list", "opinion"):
        if phrases.any_match("asks", ask, section):
            kinds.add(section)
    if "why" in kinds and not re.search(r"\b(?:hoeveel|cijfers?)\b", ask, re.I):
        kinds.discard("figures")  # "Waarom daalde het aantal ...?" asks for a reason
    first = ask.split(" ", 1)[0].strip("\"'“‘«(").lower()
    if (phrases.any_match("asks", first, "yes_no") or "opinion" in kinds) and not kinds & {"why", "when", "list"}:
        polite = first in MODALS and phrases.any_match("asks", ask, "request")
        if not polite:
            kinds.add("yes_no")
            if "figures" in kinds and not re.search(r"\b(?:hoeveel|cijfers?)\b", ask, re.I):
                kinds.discard("figures")  # "Zal dit budget volstaan ondanks het aantal ...?"
    return frozenset(kinds)


MODALS = {"kan", "kunt", "kunnen", "wil", "wilt", "zou", "zoudt", "zouden", "mag"}


@lru_cache(maxsize=5_000)
def answer_sentences(answer: str) -> tuple[str, ...]:
    """Return the sentences of ``answer`` (cached: every check of an item reads them)."""
    return tuple(answer[s:e] for s, e in sentence_spans(answer))


def _figures_in(text: str) -> set[str]:
    """Return the figures written in ``text``: numbers that are not years or dates."""
    text = DATE_RE.sub(" ", PLACEHOLDER.sub(" ", text))
    return {n for n in NUMBER_TOKEN.findall(text) if not YEAR.match(n)}


def has_figures(text: str, tables_count: bool = True) -> bool:
    """Return True when ``text`` gives a figure (a number that is not a year, or a table)."""
    if tables_count and PLACEHOLDER.search(text):
        return True
    text = PLACEHOLDER.sub(" ", text)
    if "%" in text or NUMBER_WORDS.search(text):
        return True
    text = DATE_RE.sub(" ", text)  # "1 mei 2017" is a date, not a figure
    text = re.sub(r"\b(?:artikel|art\.|nr\.|nummer|lijn|vraag)\s+\d+", " ", text, flags=re.I)
    return any(not YEAR.match(n) for n in re.findall(r"(?<![\w/-])\d+(?:[.,]\d+)*", text))


def check_asks(
    asks: list[str], answer: str, tables_withheld: bool = False, dedicated: bool = False, asked_year: int | None = None
) -> list[AskCheck]:
    """Return a check for every ask of an item against the aligned ``answer``.

    ``tables_withheld``: the answer says its tables went to the member directly, so a table
    placeholder in the text does not give the figures. ``dedicated``: the answer is printed
    as the answer to this item alone, so a single ask is on topic whatever its words.
    ``asked_year``: when the question was asked; a date years before it answers no "when".
    """
    sentences = list(answer_sentences(answer))
    sentence_terms = [index_of(frozenset(terms(s))) for s in sentences]
    answer_terms = index_of(frozenset().union(*(st.terms for st in sentence_terms)))
    dodge_of = _dodges(answer)
    checks: list[AskCheck] = []
    claimed_numbers: set[str] = set()
    polarity = None
    concrete = True
    previous_lacking: tuple[str, ...] = ()
    asked = split_asks(asks)
    single = dedicated and len([a for a in asked if not is_conditional(a)]) <= 1
    only_conditional = bool(asked) and all(is_conditional(a) for a in asked)
    for index, ask in enumerate(asked):
        kinds = ask_kinds(ask)
        # "Is er ...? Zo ja, ...? Zo neen, ...?": the member wants a clear yes or no
        branched = index + 1 < len(asked) and is_conditional(asked[index + 1]) and not is_conditional(ask)
        conditional_unknown = False
        if is_conditional(ask) and not only_conditional:
            applies = _applies(ask, polarity, previous_lacking)
            if applies is False:
                checks.append(AskCheck(ask, kinds, "skipped"))
                continue
            conditional_unknown = applies is None
        ask_terms = [t for t in terms(ask) if t not in REQUEST_VERBS]
        fits = [overlap(ask_terms, st) for st in sentence_terms]
        best = max(range(len(sentences)), key=lambda j: fits[j]) if sentences else None
        # an ask is off-topic only when none of its words, among them a specific one, come back
        topical = single or overlap(ask_terms, answer_terms) > 0.15 or not any(len(t) >= 9 for t in ask_terms)
        # a factual yes/no question is answered by restating it or by the facts themselves;
        # an opinion question only by a position or a close restatement
        restated = bool(sentences) and not branched and (
            (best is not None and fits[best] >= (0.5 if "opinion" in kinds else 0.45))
            or ("opinion" not in kinds and _restates(ask, ask_terms, sentences[0], fits[0]))
            or ("opinion" not in kinds and best is not None and fits[best] >= 0.2 and has_specifics(" ".join(_near(sentences, best))))
        )
        first_fit = (fits[0] if fits else 0.0) + (0.2 if single else 0.0)
        given = {k for k in kinds if _gives(k, answer, sentences, best, tables_withheld, first_fit, asked_year)}
        if "figures" in given:
            # one figure does not answer two "hoeveel"s: each figure ask needs a number of its own
            near_numbers = _figures_in(" ".join(_near(sentences, best))) or _figures_in(answer)
            if near_numbers and near_numbers <= claimed_numbers:
                given.discard("figures")
            claimed_numbers |= near_numbers
        lacking = tuple(k for k in KIND_ORDER if k in kinds and k not in given and not (k in ("yes_no", "opinion") and restated))
        if kinds - {"list", "opinion"} and not lacking:
            topical = True  # "Ja." answers "Kent u het bericht ...?" without repeating a word
        if "yes_no" in kinds:
            polarity = _polarity(sentences)
        evidence = sentences[best] if best is not None else None
        if best is not None and dodge_of[best] and (fits[best] > 0 or len(sentences) <= 2):
            status, dodge = "dodged", dodge_of[best]
        elif topical and not lacking:
            status, dodge = "covered", None
            explicit = bool(given - {"list", "opinion"})
            concrete = explicit or has_specifics(" ".join(_near(sentences, best)))
        else:
            status, dodge = "missing", None
            if not topical:
                lacking = lacking + ("topic",)
        if conditional_unknown and (status == "dodged" or not set(lacking) - {"topic"}):
            # the condition may not hold: only what it asks for and did not get counts
            status = "skipped" if status != "dodged" else status
        previous_lacking = lacking
        checks.append(AskCheck(ask, kinds, status, lacking, dodge, evidence, concrete if status == "covered" else True))
    return checks


def _applies(ask: str, polarity: str | None, previous_lacking: tuple[str, ...]) -> bool | None:
    """Return whether a conditional ask ("Zo neen, waarom niet?") must be answered: True,
    False, or None when the answer does not say yes or no."""
    low = ask.lower()
    negative = bool(re.match(r"^(?:zo\s+(?:nee|neen|niet)|indien\s+(?:niet|neen|nee))", low))
    if polarity is None:
        # a "why not" after a request that was not met still stands
        return True if negative and previous_lacking else None
    return negative == (polarity == "neen")


SPECIFIC = re.compile(
    r"\d|[;•]|(?:^|\s)[-–]\s|:\s*$|\b(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)\b",
    re.I | re.M,
)


def has_specifics(text: str) -> bool:
    """Return True when ``text`` names specifics: figures, dates, lists, or several proper names."""
    if SPECIFIC.search(text):
        return True
    names = re.findall(r"(?<=[a-zà-ÿ,] )[A-ZÀ-Ý][\w\-]+", text)
    return len(set(names)) >= 2


def _restates(ask: str, ask_terms: list[str], first_sentence: str, fit: float) -> bool:
    """Return True when the answer's first sentence restates a yes/no question as a statement
    ("Kan het plan nog dit jaar starten?" - "Het plan kan in het najaar starten.")."""
    if len(ask_terms) < 2:
        return False
    from pqassist.analysis.similarity import lemma

    verb = lemma(ask.split(" ", 1)[0].strip("\"'“‘«(").lower())
    said = {lemma(w.lower()) for w in re.findall(r"\w+", first_sentence)}
    return fit >= 0.3 and verb in said


def _near(sentences: list[str], best: int | None) -> list[str]:
    """Return the best-fitting sentence and its neighbours."""
    if best is None:
        return sentences[:2]
    return sentences[max(0, best - 1) : best + 2]


def _polarity(sentences: list[str]) -> str | None:
    """Return "ja" or "neen" when the answer opens with a plain yes or no, else None."""
    opening = sentences[0].lower() if sentences else ""
    if re.match(r"^(?:ja\b|inderdaad|dat klopt|het klopt|klopt\b|zeker\b|ik kan bevestigen)", opening):
        return "ja"
    if re.match(r"^(?:nee\b|neen\b|dat klopt niet|het klopt niet)", opening) or NEGATIVE.search(opening):
        return "neen"
    return None


MONTH_WORDS = "|".join(MONTHS)
MONTHS_RE = rf"\b(?:{MONTH_WORDS})\b"
DATED_YEAR = re.compile(rf"\b(?:\d{{1,2}}\s+)?(?:(?:{MONTH_WORDS})\s+)?((?:19|20)\d\d)\b", re.I)


def _gives(
    kind: str, answer: str, sentences: list[str], best: int | None, tables_withheld: bool = False,
    first_fit: float = 0.0, asked_year: int | None = None,
) -> bool:
    """Return True when ``answer`` gives what an ask of ``kind`` asks for."""
    near = " ".join(sentences[j] for j in {0, best if best is not None else 0, min(len(sentences) - 1, (best or 0) + 1)} if 0 <= j < len(sentences))
    if kind == "figures":
        # near the sentence that answers this ask: one figure does not answer two "hoeveel"s
        return has_figures(near, tables_count=not tables_withheld) or (len(sentences) <= 3 and has_figures(answer, tables_count=not tables_withheld))
    if kind == "yes_no":
        if phrases.any_match("replies", near, "yes_no"):
            return True
        # a negated statement of the question's matter: "Zo'n akkoord werd nooit gesloten."
        opening = NOT_A_NO.sub(" ", sentences[0]) if sentences else ""
        return bool(NEGATIVE.search(opening)) and first_fit >= 0.2
    if kind == "opinion":
        return phrases.any_match("replies", near, "stance")
    if kind == "why":
        # a reason word near the best sentence, or an explanation of some length
        return phrases.any_match("replies", near, "reason") or len(sentences) >= 3
    if kind == "when":
        if asked_year is not None:
            # a date years before the question is part of its premise, not an answer to "when"
            near = DATED_YEAR.sub(lambda m: m.group(0) if int(m.group(1)) >= asked_year - 1 else " ", near)
        if phrases.any_match("replies", near, "vague_time") and not re.search(MONTHS_RE, near, re.I):
            return False  # "zo snel mogelijk" is no date
        return phrases.any_match("replies", near, "when")
    if kind == "annex":
        return phrases.any_match("replies", answer, "annex") or bool(PLACEHOLDER.search(answer))
    if kind == "period":
        years = set(re.findall(r"\b(?:19|20)\d\d\b", answer))
        return len(years) >= 2 or bool(PLACEHOLDER.search(answer)) or bool(re.search(r"\b(?:per jaar|jaarlijks)\b", answer, re.I))
    return True


@lru_cache(maxsize=2_048)
def _dodges(answer: str) -> list[str | None]:
    """Return, per sentence of ``answer``, the dodge verdict its wording shows (strongest
    first), else None. The phrase lists run once over the whole answer."""
    spans = sentence_spans(answer)
    starts = [s for s, _ in spans]
    best: list[tuple[float, str | None]] = [(0.0, None)] * len(spans)
    for verdict in DODGES:
        for hit in phrases.find(verdict, answer):
            index = bisect.bisect_right(starts, hit.start) - 1
            if 0 <= index < len(spans) and hit.start < spans[index][1] and hit.phrase.weight > best[index][0]:
                best[index] = (hit.phrase.weight, verdict)
    return [verdict if weight >= 0.7 else None for weight, verdict in best]
