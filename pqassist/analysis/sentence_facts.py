"""Read the facts of one sentence: figures, dates, years, months, tables, negation, a plain
yes or no at its start, placeholders for tables, specifics and enumerations.

``sentence_facts`` is the fast path: word patterns become set look-ups on the lower-cased
words, and each other pattern runs only when a character it needs is there, through twins
that open with what they consume. ``_sentence_flags_by_pattern`` and ``_figures_by_pattern``
run the original patterns: they are the reference the fast path keeps to
(tests/test_answer_model_facts.py) and the path for text that case folding treats
specially. ``answer_model`` reads every sentence of an answer through here once.
"""

from __future__ import annotations

import re

from pqassist.analysis.words import WORD_RUN, special_case, word_runs
from pqassist.text import DATE_RE, MONTHS

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
# a number that names a thing, not a quantity: "artikel 7", "vraag 3", "tabel 2", "bijlage 1"
NOT_A_FIGURE = re.compile(r"\b(?:artikel|art\.|nr\.|nummer|lijn|vraag|tabel|bijlage|grafiek|figuur)\s+\d+", re.I)
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
_DATE = re.compile(r"\d(?<!\w\d)\d?(?:e|ste|de)?\s+(?:" + "|".join(MONTHS) + r")\s+\d{4}\b", re.I)
_DASH = re.compile(r"[-–](?<=(?<!\S)[-–])\s")  # a dash after a space or a line start, then a space
_COLON_END = re.compile(r":\s*$", re.M)
_NAMES = re.compile(r"[A-ZÀ-Ý](?<=[a-zà-ÿ,] [A-ZÀ-Ý])[\w\-]+")
ENUMERATION = re.compile(r"(?:^|\n)\s*(?:[-–•*]|\d{1,2}[.)°]|[a-z][.)])\s+\S", re.M)


def sentence_flags(sentence: str) -> set[str]:
    """Return the flags of one sentence: figures, date, year, month, table, per_year,
    negation, opens_yes, opens_no, placeholder, specifics, enumeration."""
    return sentence_facts(sentence)[0]


# The word lists of the patterns above, for texts whose words can be looked up instead:
# ``\b(?:twee|drie)\b`` matches exactly where a ``\w+`` word of the lower-cased text is one of them.
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
# no NOT_A_NO phrase holds one of these: where one is a word, NEGATIVE finds it whatever NOT_A_NO takes out
_OTHER_NEGATIVE_WORDS = _NEGATIVE_WORDS - _NOT_A_NO_FIRST


def _plain_niet(sentence: str, low: str) -> bool:
    """Return ``NEGATIVE.search(NOT_A_NO.sub(" ", sentence))`` for a sentence whose only negative
    words are "niet" and "niets" (``low``: its lower case, the same positions): one of them as a
    word of its own with no NOT_A_NO phrase opening on it (a phrase holds one, at its start)."""
    size = len(low)
    at = low.find("niet")
    while at != -1:
        end = at + 5 if low.startswith("s", at + 4) else at + 4
        if (at == 0 or not _is_word_char(sentence[at - 1])) and (end == size or not _is_word_char(sentence[end])) \
                and NOT_A_NO.match(sentence, at) is None:
            return True
        at = low.find("niet", at + 1)
    return False


def _is_word_char(char: str) -> bool:
    """Return True for a character ``\\w`` matches."""
    return char.isalnum() or char == "_"


def sentence_facts(sentence: str, low: str | None = None, words: set[str] | None = None,
                   exact: bool = False) -> tuple[set[str], frozenset[str]]:
    """Return the flags of one sentence (see ``sentence_flags``) and its figures (``figures_in``).

    The word patterns become set look-ups on the sentence's lower-cased words, and each other
    pattern runs only when a character it needs is there; a sentence that lower-casing changes
    in length, or with a character case-insensitive matching folds otherwise, takes the
    patterns themselves (the same flags either way). ``low`` and ``words``: the sentence
    lower-cased and its words there (``\\w+``), when the caller has them already; ``exact``: the
    caller knows that lower-casing keeps the sentence's positions and no character folds otherwise
    (it is part of a text that was checked)."""
    if low is None:
        low = sentence.lower()
    if not exact and (len(low) != len(sentence) or special_case(sentence)):
        flags = _sentence_flags_by_pattern(sentence)
        return flags, frozenset(figures_in(sentence)) if "figures" in flags else frozenset()
    return _facts(sentence, low, set(word_runs(low)) if words is None else words)[:2]


def _facts(sentence: str, low: str, words: set[str] | frozenset[str]) -> tuple[set[str], frozenset[str], bool, bool]:
    """Return ``sentence_facts`` of a sentence whose lower case keeps its positions and folds no
    character otherwise, with whether it holds a digit and whether a capital (or, outside ASCII,
    anything) stands after its first character."""
    flags = set()
    figures: frozenset[str] = frozenset()
    digits = has_digit(sentence)
    # NAMES and NAMED need a capital after the first character: none in an ASCII sentence
    # whose rest lower-cases to itself
    capitals = not sentence.isascii() or sentence[1:] != low[1:]
    month = not _MONTH_WORDS.isdisjoint(words)
    if digits:
        code = "-" in sentence and _CODE.search(sentence) is not None
        if code:
            flags.add("placeholder")
            # the code of a table left out is no specific of the answer ("digits" and "specifics")
            digits = has_digit(_CODE.sub(" ", sentence))
        if month and _DATE.search(sentence):
            flags.add("date")
        if ("19" in sentence or "20" in sentence) and _YEARS.search(sentence):
            flags.add("year")
        figures = frozenset(_figures_in(sentence, low, code, words, month))
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
        _NOT_A_NO_FIRST.isdisjoint(words) or not _OTHER_NEGATIVE_WORDS.isdisjoint(words) or _plain_niet(sentence, low)
    ):
        flags.add("negation")
    head = low.lstrip(_OPEN_MARKS)  # what ``_opening`` reads: the same as lower-casing after
    if head[:1] in _OPENING_FIRST:
        flags.update(_opening_of(head))
    if digits or month or ";" in sentence or "•" in sentence \
            or (":" in sentence and _COLON_END.search(sentence)) \
            or (("-" in sentence or "–" in sentence) and _DASH.search(sentence)) \
            or (capitals and len(set(_NAMES.findall(sentence))) >= 2):
        flags.add("specifics")
    if (ENUMERATION.search(sentence) if "\n" in sentence else ENUMERATION.match(sentence)) or sentence.count(";") >= 2:
        flags.add("enumeration")
    return flags, figures, digits, capitals


def sentence_reading(sentence: str, low: str, words: set[str] | frozenset[str],
                     exact: bool = False) -> tuple[set[str], frozenset[str], frozenset[str]]:
    """Return ``sentence_facts`` and ``content_flags_of`` of one sentence at once (what they both
    look for, a digit or a capital, is looked for once)."""
    if not exact and (len(low) != len(sentence) or special_case(sentence)):
        flags, figures = sentence_facts(sentence, low, words)
        return flags, figures, content_flags_of(sentence, low, words)
    flags, figures, digits, capitals = _facts(sentence, low, words)
    return flags, figures, content_flags_of(sentence, low, words, digits, capitals)


_ASCII_DIGITS = "0123456789"


def has_digit(text: str) -> bool:
    """Return True when ``text`` holds a digit (``DIGIT``): in ASCII text one of 0-9, found by
    plain substring searches (several times faster than the pattern)."""
    if text.isascii():
        for digit in _ASCII_DIGITS:
            if digit in text:
                return True
        return False
    return DIGIT.search(text) is not None


# Content flags (``content``): announcing, studying or intending instead of stating ("zal ... nagaan",
# "wordt onderzocht")
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
# the words INTENT's first branch ends on (``_may_intend`` reads them too)
_INTENT_VERBS = frozenset((
    "onderzoeken bekijken nagaan bestuderen evalueren analyseren overwegen opvolgen volgen bespreken overleggen "
    "informeren waken aandacht nodige gepaste bekeken onderzocht nagegaan bestudeerd geëvalueerd geanalyseerd "
    "overwogen opgevolgd besproken"
).split())
# every INTENT match holds one of these words: sentences without any skip the costly pattern
INTENT_GATE = _INTENT_VERBS | frozenset("mogelijke nodig mogelijk noodzakelijk gelegener toekomst termijn".split())
WORD = WORD_RUN
# a fact stated in the past or perfect ("werd ingevoerd", "heeft ... beslist")
PAST = frozenset({"werd", "werden", "was", "waren", "heeft", "hebben", "had", "hadden"})
# a rule of law named
LEGAL = frozenset({"artikel", "art", "richtlijn", "verordening", "decreet"})
LEGAL_PAIRS = ("wet van", "besluit van", "koninklijk besluit")
MODAL = frozenset({"kan", "kunnen", "mogelijk", "eventueel", "desgevallend", "wellicht", "misschien", "mogelijkheid"})
# a body, programme or person named: capitalised words or acronyms not at a sentence start
NAMED = re.compile(r"(?<=[\w,;:(] )(?:[A-Z]{2,}\w*|[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý]?\w+)?)")
# where NAMED can match, written to open with the capital it consumes (a search finds one
# exactly when NAMED does: what NAMED adds after its first two letters never fails)
_NAMED_AT = re.compile(r"[A-ZÀ-Ý](?<=[\w,;:(] [A-ZÀ-Ý])(?:(?<=[A-Z])[A-Z]|[a-zà-ÿ])")
_CONTENT_SETS: dict[frozenset[str], frozenset[str]] = {}  # one shared set per combination of flags


def content_flags_of(sentence: str, low: str, words: set[str] | frozenset[str], digits: bool | None = None,
                     capitals: bool = True) -> frozenset[str]:
    """Return the content flags of one sentence (intent, past, named, legal, modal, digits) from
    its text, its lower case ``low`` and the words of ``low`` (``WORD``); ``digits``: whether it
    holds a digit outside a table's code, when known; ``capitals`` False: it holds no capital
    after its first character."""
    flags = []
    if not words.isdisjoint(INTENT_GATE) and (not sentence.isascii() or _may_intend(words, low)) \
            and INTENT.search(sentence):
        flags.append("intent")
    if not words.isdisjoint(PAST):
        flags.append("past")
    if capitals and _NAMED_AT.search(sentence):
        flags.append("named")
    if not words.isdisjoint(LEGAL) or any(pair in low for pair in LEGAL_PAIRS):
        flags.append("legal")
    if not words.isdisjoint(MODAL):
        flags.append("modal")
    if digits is None:  # a table's code is not a specific: its digits do not count
        digits = has_digit(sentence) and ("-" not in sentence or has_digit(CODE.sub(" ", sentence)))
    if digits:
        flags.append("digits")
    found = frozenset(flags)
    return _CONTENT_SETS.setdefault(found, found)


def _opening(sentence: str) -> tuple[str, ...]:
    """Return "opens_yes" or "opens_no" when the sentence opens with a plain yes or no."""
    return _opening_of(sentence.lstrip(_OPEN_MARKS).lower())


_OPEN_MARKS = "\"'“‘«( -–"
_OPENING_FIRST = frozenset("jidhkzn")  # the letters OPENS_YES and OPENS_NO open with


def _opening_of(head: str) -> tuple[str, ...]:
    return tuple(flag for flag, pattern in (("opens_yes", OPENS_YES), ("opens_no", OPENS_NO)) if pattern.match(head))


# The words each branch of INTENT needs (whole words of an ASCII sentence: the pattern's words
# stand between word boundaries or spaces); a sentence without them cannot match it.
_INTENT_MODALS = frozenset(("zal", "zullen", "zou", "zouden", "wil", "willen"))
_INTENT_AUX = frozenset(("wordt", "worden", "is", "zijn"))
# a participle may follow "nog", "thans" ... with no space between: looked for in the text
_INTENT_PARTICIPLES = ("onderzocht", "bekeken", "bestudeerd", "geanalyseerd", "geëvalueerd", "overwogen", "besproken",
                       "opgevolgd", "nagegaan")
_INTENT_ALONE = frozenset(("gelegener", "toekomst", "termijn"))


def _may_intend(words: set[str] | frozenset[str], low: str) -> bool:
    """Return False when an ASCII sentence with ``words`` (its lower case ``low``) cannot hold an
    INTENT match: no branch finds all the words it needs."""
    if not words.isdisjoint(_INTENT_ALONE):
        return True
    if not words.isdisjoint(_INTENT_MODALS) and not words.isdisjoint(_INTENT_VERBS):
        return True
    if not words.isdisjoint(_INTENT_AUX) and any(p in low for p in _INTENT_PARTICIPLES):
        return True
    if "mogelijk" in words and ("waar" in words or "indien" in words or "snel" in words):
        return True
    if "nodig" in words and ("waar" in words or "indien" in words):
        return True
    return ("noodzakelijk" in words and "indien" in words) or ("mogelijke" in words and "mate" in words)


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
    flags.update(_opening(sentence))
    if DIGIT.search(CODE.sub(" ", sentence)) or month or ";" in sentence or "•" in sentence \
            or DASH_OR_COLON.search(sentence) or len(set(NAMES.findall(sentence))) >= 2:
        flags.add("specifics")
    if ENUMERATION.search(sentence) or sentence.count(";") >= 2:
        flags.add("enumeration")
    return flags


def years_in(text: str) -> frozenset[str]:
    """Return the years (1900-2099) written as words of ``text``."""
    return frozenset(_YEARS.findall(text))


def figures_in(text: str) -> set[str]:
    """Return the figures written in ``text``: numbers that are not years, dates or article numbers."""
    if not has_digit(text):
        return set()  # a figure is written in digits
    low = text.lower()
    if len(low) != len(text) or special_case(text):
        return _figures_by_pattern(text)
    return _figures_in(text, low)


def _figures_in(text: str, low: str, code: bool | None = None, words: set[str] | frozenset[str] | None = None,
                month: bool | None = None) -> set[str]:
    """Return ``figures_in(text)`` for a text with digits whose lower case ``low`` keeps its
    positions: each substitution runs only when what it removes can be there (``code``: whether
    a table code (``_CODE``) is in the text, when known; ``words``: the words (``\\w+``) of
    ``low``, and ``month``: whether one of them is a month, when known).

    A date and a name of a thing hold their month or name as a whole word, and the placeholders
    and dates taken out before start and end at word boundaries (the words around them stay
    whole), so a text without such a word has nothing for those substitutions to take out."""
    if "[" in text or ("-" in text if code is None else code):
        text = _PLACEHOLDER.sub(" ", text)
        low = text.lower()
    if any(month in low for month in _MONTH_WORDS) if month is None else month:
        text = _DATE.sub(" ", text)
        low = text.lower()
    if any(name in low for name in _NOT_A_FIGURE_NAMES) if words is None else not _NAME_WORDS.isdisjoint(words):
        text = _without_names_of_things(text, low)
    return {n for n in _NUMBER_TOKEN.findall(text) if not YEAR.match(n)}


# the words NOT_A_FIGURE opens with: the text holds one wherever it can match
_NOT_A_FIGURE_NAMES = ("artikel", "art.", "nr.", "nummer", "lijn", "vraag", "tabel", "bijlage", "grafiek", "figuur")
# the same names as the words (``\w+``) they are: a name followed by spaces and digits, or by its full stop
_NAME_WORDS = frozenset(name.rstrip(".") for name in _NOT_A_FIGURE_NAMES)
_SPACES_DIGITS = re.compile(r"\s+\d+")


def _without_names_of_things(text: str, low: str) -> str:
    """Return ``NOT_A_FIGURE.sub(" ", text)`` (``low``: the text lower-cased, the same positions):
    the pattern is tried only where one of its words starts a word, not at every letter it may
    open with. A match opens on one of the words and holds no other, so the matches do not overlap."""
    found = []
    for name in _NOT_A_FIGURE_NAMES:
        at = low.find(name)
        while at != -1:
            if at == 0 or not _is_word_char(text[at - 1]):
                match = _SPACES_DIGITS.match(text, at + len(name))
                if match is not None:
                    found.append((at, match.end()))
            at = low.find(name, at + 1)
    if not found:
        return text
    found.sort()
    pieces = []
    reach = 0
    for start, end in found:
        if start >= reach:
            pieces.append(text[reach:start])
            pieces.append(" ")
            reach = end
    pieces.append(text[reach:])
    return "".join(pieces)


def _figures_by_pattern(text: str) -> set[str]:
    text = NOT_A_FIGURE.sub(" ", DATE_RE.sub(" ", PLACEHOLDER.sub(" ", text)))
    return {n for n in NUMBER_TOKEN.findall(text) if not YEAR.match(n)}
