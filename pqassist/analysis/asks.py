"""Look at one item ask by ask: what each asks for and whether the answer gives it.

An ask is a question sentence or request; coordinated questions ("... en welke
resultaatindicatoren zijn daaraan verbonden?") are split further. For each ask the answer
sentence that fits it best is found; the ask is *covered* when its words come back and
what it asks for is there (a figure, a yes or no, a reason, a date, an annex, a period),
*dodged* when the best sentence is itself a dodge ("is nog niet gekend"), else *missing*.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from pqassist.analysis import phrases
from pqassist.analysis.answer_model import DODGES, AnswerModel, answer_model
from pqassist.analysis.sentence_facts import PLACEHOLDER
from pqassist.analysis.similarity import terms
from pqassist.sentences import is_conditional
from pqassist.text import MONTHS, squash

__all__ = ["DODGES", "KIND_NAMES_NL", "PLACEHOLDER", "AskCheck", "ask_kinds", "check_asks", "split_asks"]

REQUEST_VERBS = {
    "verduidelijken", "toelichten", "meedelen", "geven", "bezorgen", "aangeven", "vermelden",
    "weergave", "concreet", "concrete", "kunnen", "graag", "opgeven", "overmaken", "informeren",
    "aan_geven", "mee_delen", "toe_lichten", "weer_geven", "hierbij", "daarbij",
}
_COORDINATED_ASK = r"\s+(?=(?:welke|hoe|wanneer|waarom|wie|hoeveel|wat|in hoeverre|op welke)\b)"
SPLIT_COORDINATED = re.compile(r"(?:,\s*|\s+)en" + _COORDINATED_ASK, re.I)
# where SPLIT_COORDINATED can match, written to open with the "en" it needs (after a comma or a
# space), so that the regular expression engine skips ahead to an "e" instead of trying the
# leading comma or space at every character: a search finds one exactly when it does
_COORDINATED_EN = re.compile(r"en(?<=[,\s]en)" + _COORDINATED_ASK, re.I)
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
    "announced": "een antwoord in plaats van een aankondiging of studie",
}


class AskCheck(NamedTuple):
    """One ask and what the answer does with it (a named tuple: read-only, and made in a
    third of the instructions of a frozen dataclass)."""

    text: str
    kinds: frozenset[str]
    status: str  # "covered" | "dodged" | "missing" | "skipped"
    lacking: tuple[str, ...] = ()  # kinds the answer does not give
    dodge: str | None = None  # the dodge verdict of the best sentence
    evidence: str | None = None  # the answer sentence that fits best
    concrete: bool = True  # covered with specifics (a figure, date, name, list) or an explicit reply
    fit: float = 0.0  # the share of the ask's words in the best-fitting sentence
    restated: bool = False  # the answer restates a yes/no question as a statement


def split_asks(asks: list[str]) -> list[str]:
    """Return the asks with coordinated questions split ("..., en welke ...?") and
    sentences that ask nothing of their own ("Graag een gedetailleerd antwoord.") left out."""
    out = []
    for ask in asks:
        ask = FOOTNOTE.sub("", ask)  # a footnote number glued in front
        if len(ask.split()) <= 8 and phrases.any_match("asks", ask, "not_an_ask"):
            continue
        coordinated = _COORDINATED_EN.search(ask) is not None
        parts = [squash(p) for p in SPLIT_COORDINATED.split(ask)] if coordinated else [squash(ask)]
        if any(len(p.split()) < 5 for p in parts) or any(p.endswith((" wel", " niet")) for p in parts[:-1]):
            parts = [squash(ask)]  # "wie wel en wie geen stemrecht heeft" is one ask
        out.extend(p for p in parts if len(p.split()) >= 3)
    return out


KIND_SECTIONS = ("figures", "why", "when", "annex", "period", "list", "opinion")
HOW_MANY = re.compile(r"\b(?:hoeveel|cijfers?)\b", re.I)
FOOTNOTE = re.compile(r"^\d{1,2}\s+(?=[A-ZÀ-Ý])")  # a footnote number glued in front of an ask


@lru_cache(maxsize=2_048)
def ask_kinds(ask: str) -> frozenset[str]:
    """Return what ``ask`` asks for: figures, yes_no, why, when, annex, period, list."""
    # the ask's words read once for every section; the scan is not kept (its kinds are)
    hit = phrases.scan_of(ask, keep=False).sections("asks")
    kinds = {section for section in KIND_SECTIONS if section in hit}
    if "why" in kinds and not HOW_MANY.search(ask):
        kinds.discard("figures")  # "Waarom daalde het aantal ...?" asks for a reason
    first = ask.split(" ", 1)[0].strip("\"'“‘«(").lower()
    if ("opinion" in kinds or phrases.word_matches("asks", first, "yes_no")) and not kinds & {"why", "when", "list"}:
        polite = first in MODALS and "request" in hit
        if not polite:
            kinds.add("yes_no")
            if "figures" in kinds and not HOW_MANY.search(ask):
                kinds.discard("figures")  # "Zal dit budget volstaan ondanks het aantal ...?"
    found = frozenset(kinds)
    return _KIND_SETS.setdefault(found, found)  # one shared set per combination of kinds


_KIND_SETS: dict[frozenset[str], frozenset[str]] = {}


MODALS = {"kan", "kunt", "kunnen", "wil", "wilt", "zou", "zoudt", "zouden", "mag"}


def check_asks(
    asks: list[str], answer: str | AnswerModel, tables_withheld: bool = False, dedicated: bool = False,
    asked_year: int | None = None,
) -> list[AskCheck]:
    """Return a check for every ask of an item against the aligned ``answer`` (text or model).

    ``tables_withheld``: the answer says its tables went to the member directly, so a table
    placeholder in the text does not give the figures. ``dedicated``: the answer is printed
    as the answer to this item alone, so a single ask is on topic whatever its words.
    ``asked_year``: when the question was asked; a date years before it answers no "when".
    """
    model = answer if isinstance(answer, AnswerModel) else answer_model(answer)
    sentences = model.sentences
    checks: list[AskCheck] = []
    claimed_numbers: set[str] = set()
    claimed_replies: set[int] = set()  # the sentences that gave an earlier yes/no ask its reply
    polarity = None
    concrete = True
    previous_lacking: tuple[str, ...] = ()
    asked = split_asks(asks)
    conditional = [is_conditional(a) for a in asked]
    single = dedicated and conditional.count(False) <= 1
    only_conditional = bool(asked) and all(conditional)
    for index, ask in enumerate(asked):
        kinds = ask_kinds(ask)
        # "Is er ...? Zo ja, ...? Zo neen, ...?": the member wants a clear yes or no
        branched = index + 1 < len(asked) and conditional[index + 1] and not conditional[index]
        conditional_unknown = False
        if conditional[index] and not only_conditional:
            applies = _applies(ask, polarity, previous_lacking)
            if applies is False:
                checks.append(AskCheck(ask, kinds, "skipped"))
                continue
            conditional_unknown = applies is None
        ask_terms = [t for t in terms(ask) if t not in REQUEST_VERBS]
        fits = model.fits(ask_terms)  # only the sentences sharing a term: no asks x sentences
        best = (min(fits, key=lambda j: (-fits[j], j)) if fits and max(fits.values()) > 0 else 0) if sentences else None
        best_fit = fits.get(best, 0.0) if best is not None else 0.0
        # an ask is off-topic only when none of its words, among them a specific one, come back
        topical = single or model.coverage(ask_terms) > 0.15 or not any(len(t) >= 9 for t in ask_terms)
        # a factual yes/no question is answered by restating it or by the facts themselves;
        # an opinion question only by a position or a close restatement
        restated = bool(sentences) and not branched and (
            best_fit >= (0.5 if "opinion" in kinds else 0.45)
            or ("opinion" not in kinds and _restates(ask, ask_terms, sentences[0].text, fits.get(0, 0.0)))
            or ("opinion" not in kinds and best_fit >= 0.2 and model.any_flag("specifics", _near(model, best)))
        )
        first_fit = fits.get(0, 0.0) + (0.2 if single else 0.0)
        given = {k for k in kinds if k != "yes_no" and _gives(k, model, best, tables_withheld, asked_year)}
        if "yes_no" in kinds and sentences:
            # one "Ja." does not answer two yes/no questions: each needs a reply of its own
            replies = [j for j in _replies(model, ask, best, first_fit, best_fit) if j not in claimed_replies]
            if replies:
                given.add("yes_no")
                claimed_replies.add(best if best in replies else replies[0])
        if "opinion" in given:
            given.add("yes_no")  # "Deelt u ...?" - "Ik deel die mening niet.": the position is the reply
        if "figures" in given:
            # one figure does not answer two "hoeveel"s: each figure ask needs a number of its own
            written = model.sentence_figures  # figures_in of each sentence, found when the model was built
            near_numbers = set().union(*(written[j] for j in _near(model, best))) or model.figures
            if near_numbers and near_numbers <= claimed_numbers:
                given.discard("figures")
            claimed_numbers |= near_numbers
        lacking = tuple(k for k in KIND_ORDER if k in kinds and k not in given and not (k in ("yes_no", "opinion") and restated))
        if kinds - {"list", "opinion"} and not lacking:
            topical = True  # "Ja." answers "Kent u het bericht ...?" without repeating a word
        if "yes_no" in kinds:
            polarity = _polarity(model)
        evidence = sentences[best].text if best is not None else None
        if best is not None and sentences[best].dodge and (best_fit > 0 or len(sentences) <= 2):
            status, dodge = "dodged", sentences[best].dodge
        elif topical and not lacking and not _only_announced(model, best, given):
            status, dodge = "covered", None
            explicit = bool(given - {"list", "opinion"})
            concrete = explicit or model.any_flag("specifics", _near(model, best))
        elif topical and not lacking:
            status, dodge, lacking = "missing", None, ("announced",)
        else:
            status, dodge = "missing", None
            if not topical:
                lacking = lacking + ("topic",)
        if conditional_unknown and (status == "dodged" or not set(lacking) - {"topic"}):
            # the condition may not hold: only what it asks for and did not get counts
            status = "skipped" if status != "dodged" else status
        previous_lacking = lacking
        checks.append(AskCheck(ask, kinds, status, lacking, dodge, evidence, concrete if status == "covered" else True,
                               best_fit, bool(restated)))
    return checks


def _replies(model: AnswerModel, ask: str, best: int | None, first_fit: float, best_fit: float) -> list[int]:
    """Return the sentences that reply to the yes/no question ``ask``, in order (none: not given)."""
    sentences = model.sentences
    # a yes or no word in the opening sentence, the one that fits the ask best or the next
    found = {j for j in _near_reply(len(sentences), best) if model.any_flag("yes_no", (j,))}
    # a negated statement of the question's matter: "Zo'n akkoord werd nooit gesloten."; or a
    # statement on the clause asked about: "Klopt het dat de wachttijd ...?" - "De wachttijd bedraagt ..."
    if ("negation" in sentences[0].flags and first_fit >= 0.2) or _opens_on_clause(ask, sentences[0].text):
        found.add(0)
    # or further on, where the sentence restates the matter: "... is er nog geen sprake van ..."
    if best is not None and "negation" in sentences[best].flags and best_fit >= 0.3:
        found.add(best)
    return sorted(found)


def _near_reply(count: int, best: int | None) -> list[int]:
    """Return the sentences where a reply to an ask is looked for: the first, the best-fitting and the next."""
    at = best or 0
    return sorted({0, at, min(count - 1, at + 1)})


def _only_announced(model: AnswerModel, best: int | None, given: set[str]) -> bool:
    """Return True when the sentence that fits the ask best only announces or studies its
    matter ("Hoe het materiaal vervoerd zal worden, wordt momenteel bestudeerd."): an
    intention, nothing the ask wants given, and no specifics in it."""
    if best is None or given - {"list", "opinion"}:
        return False
    sentence = model.sentences[best]
    return "intent" in sentence.content and "specifics" not in sentence.flags


def _applies(ask: str, polarity: str | None, previous_lacking: tuple[str, ...]) -> bool | None:
    """Return whether a conditional ask ("Zo neen, waarom niet?") must be answered: True,
    False, or None when the answer does not say yes or no."""
    low = ask.lower()
    negative = bool(re.match(r"^(?:zo\s+(?:nee|neen|niet)|indien\s+(?:niet|neen|nee))", low))
    if polarity is None:
        # a "why not" after a request that was not met still stands
        return True if negative and previous_lacking else None
    return negative == (polarity == "neen")


def _restates(ask: str, ask_terms: list[str], first_sentence: str, fit: float) -> bool:
    """Return True when the answer's first sentence restates a yes/no question as a statement
    ("Kan het plan nog dit jaar starten?" - "Het plan kan in het najaar starten.")."""
    if len(ask_terms) < 2 or fit < 0.3:
        return False
    from pqassist.analysis.similarity import lemma

    verb = lemma(ask.split(" ", 1)[0].strip("\"'“‘«(").lower())
    return verb in _lemmas_of(first_sentence)


@lru_cache(maxsize=256)
def _lemmas_of(sentence: str) -> frozenset[str]:
    """Return the lemmas of the words of ``sentence`` (an answer's first sentence, asked once per ask)."""
    from pqassist.analysis.similarity import lemma

    return frozenset(lemma(w.lower()) for w in re.findall(r"\w+", sentence))


CLAUSE = re.compile(r"\bdat\s+(\S+(?:\s+\S+){0,3})", re.I)


def _opens_on_clause(ask: str, first_sentence: str) -> bool:
    """Return True when a yes/no question about a clause ("Klopt het dat de wachttijd drie
    jaar bedraagt?") is answered by a sentence that opens on the clause's subject ("De
    wachttijd bedraagt sinds vorig jaar twee jaar."): a statement on that matter."""
    clause = CLAUSE.search(ask)
    if clause is None:
        return False
    subject = terms(clause.group(1))[:2]
    opening = terms(" ".join(first_sentence.split()[:4]))[:2]
    return bool(subject) and not set(subject).isdisjoint(opening)


def _near(model: AnswerModel, best: int | None) -> list[int]:
    """Return the best-fitting sentence and its neighbours (the first two when none fits)."""
    count = len(model.sentences)
    if best is None:
        return list(range(min(2, count)))
    return list(range(max(0, best - 1), min(count, best + 2)))


def _polarity(model: AnswerModel) -> str | None:
    """Return "ja" or "neen" when the answer opens with a plain yes or no, else None."""
    if not model.sentences:
        return None
    flags = model.sentences[0].flags
    if "opens_yes" in flags:
        return "ja"
    if "opens_no" in flags or "negation" in flags:
        return "neen"
    return None


MONTH_WORDS = "|".join(MONTHS)
MONTHS_RE = re.compile(rf"\b(?:{MONTH_WORDS})\b", re.I)
DATED_YEAR = re.compile(rf"\b(?:\d{{1,2}}\s+)?(?:(?:{MONTH_WORDS})\s+)?((?:19|20)\d\d)\b", re.I)


def _gives(kind: str, model: AnswerModel, best: int | None, tables_withheld: bool = False,
           asked_year: int | None = None) -> bool:
    """Return True when the answer gives what an ask of ``kind`` asks for (a yes or no: ``_replies``)."""
    sentences = model.sentences
    if not sentences:
        return False
    near = _near_reply(len(sentences), best)
    if kind == "figures":
        # near the sentence that answers this ask: one figure does not answer two "hoeveel"s
        def figures(indexes) -> bool:
            return model.any_flag("figures", indexes) or (not tables_withheld and model.any_flag("placeholder", indexes))

        return figures(near) or (len(sentences) <= 3 and figures(None))
    if kind == "opinion":
        return model.any_flag("stance", near)
    if kind == "why":
        # a reason word near the best sentence, or an explanation of some length
        return model.any_flag("reason", near) or len(sentences) >= 3
    if kind == "when":
        if not model.any_flag("when", near):
            return False
        text = " ".join(sentences[j].text for j in near)
        if asked_year is not None:
            # a date years before the question is part of its premise, not an answer to "when"
            text = DATED_YEAR.sub(lambda m: m.group(0) if int(m.group(1)) >= asked_year - 1 else " ", text)
        if model.any_flag("vague_time", near) and not MONTHS_RE.search(text):
            return False  # "zo snel mogelijk" is no date
        return phrases.scan_of(text, keep=False).any("replies", "when")  # a text made for this check
    if kind == "annex":
        return model.any_flag("annex") or model.any_flag("placeholder") or model.any_flag("stand_in")
    if kind == "period":
        return (len(model.years) >= 2 or model.any_flag("placeholder") or model.any_flag("stand_in")
                or model.any_flag("per_year"))
    return True
