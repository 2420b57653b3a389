"""Choose the words of a follow-up question: which variant, who speaks, what is missing.

Pure functions over plain text and the dossier, used by ``compose`` to fill the phrase
templates:

- ``variant_for`` picks a template variant from the item ids and the verdict (a hash), so
  an item keeps its wording whatever else the staffer ticks or unticks;
- ``speakers`` counts the questioners ("Vragen van de leden Hirsch en Teunissen" is two)
  and ``persons`` gives the matching words (ik/wij, mijn/onze, het lid/de leden);
- ``no_data_kind`` tells "not kept" ("worden niet bijgehouden") from "not yet known"
  ("de evaluatie loopt nog");
- ``wanted`` says what the asks ask for (figures, dates, reasons, a yes or no), so the
  draft presses for exactly that and nothing else;
- ``footnote_numbers`` and ``strip_footnotes`` remove footnote markers that extraction
  glued to words ("afgewogen1;", "projectwebsite.7 Conform") from quoted and re-asked text.
"""

from __future__ import annotations

import hashlib
import re
from typing import Callable, Iterable

from pqassist.model import Dossier, Verdict


def variant_for(item_ids: Iterable[str], verdict: Verdict | str, count: int) -> int:
    """Return the variant (0 .. count-1) for the question about ``item_ids`` with ``verdict``:
    the same items and verdict always get the same variant."""
    if count <= 1:
        return 0
    value = verdict.value if isinstance(verdict, Verdict) else str(verdict)
    key = "|".join(item_ids) + "#" + value
    return int.from_bytes(hashlib.sha1(key.encode("utf-8")).digest()[:4], "big") % count


# --- who asks --------------------------------------------------------------------------

_NAME_SPLIT = re.compile(r"\s*(?:,|\ben\b|&)\s*")


def speakers(questioner: str | None) -> int:
    """Return how many members put the question: "Hirsch en Teunissen" is 2, "Sara
    Peeters" is 1 (0 when unknown)."""
    if not questioner or not questioner.strip():
        return 0
    names = [n for n in _NAME_SPLIT.split(re.sub(r"\([^)]*\)", " ", questioner)) if n.strip()]
    return max(1, len(names))


def persons(plural: bool) -> dict:
    """Return the first-person words for one member or several: ``ik``, ``Ik``, ``mijn``,
    ``Mijn``, ``mij``, ``lid`` ("het lid" / "de leden") and ``we(singular, plural)``."""
    words = {
        "ik": "wij" if plural else "ik",
        "mijn": "onze" if plural else "mijn",
        "mij": "ons" if plural else "mij",
        "lid": "de leden" if plural else "het lid",
        "wij": plural,
    }
    words.update({"Ik": words["ik"].capitalize(), "Mijn": words["mijn"].capitalize()})
    words["we"] = _chooser(plural)
    return words


def _chooser(plural: bool) -> Callable[[str, str], str]:
    def we(singular: str, several: str) -> str:
        """Return ``several`` when several members ask, else ``singular``."""
        return several if plural else singular

    return we


# --- what kind of thing is missing ----------------------------------------------------

_NOT_YET = re.compile(
    r"\bnog\s+niet\b(?!\s+(?:bijgehouden|geregistreerd|verzameld|geïnventariseerd))"
    r"|\bnog\s+geen\b(?!\s+(?:registratie|statistieken))"
    r"|\b(?:loopt|lopen)\s+nog\b|\bnog\s+(?:lopende|bezig|in\s+(?:voorbereiding|uitvoering|ontwikkeling|opmaak))\b"
    r"|\bniet\s+(?:afgerond|afgewerkt|voltooid)\b|\b(?:wordt|worden)\s+(?:momenteel|nog|op\s+dit\s+ogenblik)\s+"
    r"(?:onderzocht|geëvalueerd|geanalyseerd|bekeken|uitgewerkt|verwerkt|verzameld)\b"
    r"|\bte\s+vroeg\b|\bzodra\b|\bpas\s+(?:in|na|vanaf|eind|begin|midden|later)\b|\bin\s+de\s+loop\s+van\b"
    r"|\b(?:evaluatie|analyse|studie|onderzoek|beoordeling|doorlichting)\s+(?:loopt|is\s+(?:lopende|nog|niet))",
    re.IGNORECASE,
)
_NOT_KEPT = re.compile(
    r"\b(?:niet|nergens)\s+(?:afzonderlijk\s+|apart\s+|centraal\s+|systematisch\s+)?"
    r"(?:bijgehouden|geregistreerd|geïnventariseerd|verzameld|opgevolgd)\b"
    r"|\bgeen\s+(?:\w+\s+){0,4}(?:bijgehouden|geregistreerd|verzameld)\b"
    r"|\bgeen\s+(?:registratie|statistieken|centrale\s+registratie|cijfers|gegevens)\b"
    r"|\b(?:beschik\w*|beschikt)\s+niet\s+over\b|\bniet\s+(?:beschikbaar|voorhanden)\b"
    r"|\bniet\s+uit\s+de\s+\w+\s+(?:te\s+)?(?:halen|gehaald|filteren)\b",
    re.IGNORECASE,
)


def no_data_kind(*texts: str) -> str:
    """Return "not_yet" when the answer says the data are not known yet (an assessment or
    count still running), "not_kept" when they are not kept, "" when it does not say.

    ``texts`` are tried in order (the evidence sentence first, then the whole passage)."""
    for text in texts:
        if not text:
            continue
        if _NOT_YET.search(text):
            return "not_yet"
        if _NOT_KEPT.search(text):
            return "not_kept"
    return ""


_FIGURES = re.compile(
    r"\b(?:hoeveel|aantal(?:len)?|cijfers?|cijfermatig|bedrag(?:en)?|percentage|budget(?:ten)?|"
    r"kostprijs|kosten|middelen|euro|procent|statistieken|per\s+(?:jaar|maand|provincie|gemeente|regio))\b",
    re.IGNORECASE,
)
_DATES = re.compile(r"\b(?:wanneer|tegen\s+wanneer|sinds\s+wanneer|welke\s+datum|timing|tijdpad|planning)\b", re.I)
_REASONS = re.compile(
    r"\b(?:waarom|om\s+welke\s+redenen?|wat\s+is\s+de\s+reden|op\s+basis\s+waarvan|hoe\s+verklaart|"
    r"wat\s+verklaart|welke\s+redenen?)\b",
    re.IGNORECASE,
)
_YES_NO_START = re.compile(
    r"^[\"'“‘«(]*(?:en\s+|ook\s+|maar\s+)?(?:kan|kunt|kunnen|is|zijn|wordt|worden|werd|werden|heeft|hebt|"
    r"hebben|zal|zult|zullen|zou|zouden|bent|deelt|erkent|overweegt|klopt|acht|vindt|herkent|gaat|"
    r"wil|wilt|komt|komen|bestaat|bestaan|plant|voorziet|staat|mag|moet|moeten|was|waren|ziet|"
    r"onderschrijft|steunt|verwacht|beschikt)\b",
    re.IGNORECASE,
)
_REQUEST_VERB = re.compile(
    r"\b(?:meedelen|mededelen|geven|bezorgen|oplijsten|opsommen|toelichten|verduidelijken|verstrekken|"
    r"overmaken|aangeven|schetsen|toevoegen|delen|voorleggen|bezorgd|uiteenzetten|detailleren|"
    r"specificeren|vermelden|overzicht)\b",
    re.IGNORECASE,
)


def wanted_kinds(asks: Iterable[str]) -> list[str]:
    """Return what ``asks`` ask for, in a fixed order: "figures", "dates", "reasons",
    "yesno" (a closed question such as "Bent u bereid ...?", not "Kan u ... meedelen?")."""
    found: set[str] = set()
    for ask in asks:
        text = " ".join(ask.split())
        if _FIGURES.search(text):
            found.add("figures")
        if _DATES.search(text):
            found.add("dates")
        if _REASONS.search(text):
            found.add("reasons")
        if text.endswith("?") and _YES_NO_START.match(text) and not _REQUEST_VERB.search(text):
            found.add("yesno")
    return [kind for kind in ("figures", "dates", "reasons", "yesno") if kind in found]


def wanted_phrase(kinds: list[str], nee: str = "neen") -> str:
    """Return what a concrete answer should hold for ``kinds``: "de gevraagde cijfers en
    een duidelijk ja of neen"; "" when the asks ask for none of these."""
    words = {
        "figures": "de gevraagde cijfers",
        "dates": "een concrete timing",
        "reasons": "de redenen",
        "yesno": f"een duidelijk ja of {nee}",
    }
    parts = [words[kind] for kind in kinds]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " en " + parts[-1]


# --- footnote markers -------------------------------------------------------------------

_FOOTNOTE_LINE = re.compile(r"(?m)^[ \t]*(\d{1,3})[ \t]+\S")
# words after which a number is part of the text, not a footnote marker
_NUMBER_WORDS = {
    "nr", "nrs", "art", "artikel", "artikels", "artikelen", "blz", "p", "pag", "pagina", "vraag", "vragen",
    "punt", "punten", "hoofdstuk", "bijlage", "lid", "fase", "stap", "groep", "niveau", "klasse", "deel",
    "week", "dag", "versie", "no", "n°", "nummer", "paragraaf", "tabel", "figuur", "antwoord", "zone",
    "categorie", "type", "graad", "editie", "jaar", "sector", "afdeling", "periode", "kwartaal", "boek",
}


def footnote_numbers(dossier: Dossier) -> frozenset[int]:
    """Return the footnote numbers the cleaning removed from ``dossier``'s text (as page
    furniture); footnotes are numbered through the document, so 1 up to the highest."""
    highest = 0
    for segment in dossier.segments:
        if segment.kind != "furniture" or segment.ref != "footnote":
            continue
        for match in _FOOTNOTE_LINE.finditer(dossier.text[segment.start : segment.end]):
            highest = max(highest, int(match.group(1)))
    return frozenset(range(1, highest + 1))


def strip_footnotes(text: str, numbers: frozenset[int] | set[int]) -> str:
    """Return ``text`` without the footnote markers ``numbers`` that extraction glued to it:
    "afgewogen1;" -> "afgewogen;", "projectwebsite.7 Conform" -> "projectwebsite. Conform",
    "rapporteur? 9 Hoe" -> "rapporteur? Hoe" (also "rapporteur? 9" at the end), "Both Ends 1?"
    -> "Both Ends?", "jl. 3 heeft"
    -> "jl. heeft". Numbers after "nr.", "artikel", "vraag" ... stay."""
    if not numbers or not text:
        return text

    def known(match: re.Match) -> bool:
        return int(match.group("n")) in numbers

    def word_before(pos: int) -> str:
        found = re.search(r"([\w°]+)\W*$", text[:pos])
        return found.group(1).lower() if found else ""

    def glued(match: re.Match) -> str:  # "afgewogen1;" "OESO-landen.14 Daarnaast"
        if not known(match) or len(match.group("word")) < 4:
            return match.group()  # "m2", "CO2" are units, not footnotes
        return match.group("word") + match.group("stop")

    text = re.sub(r"(?P<word>[A-Za-zà-ÿ]*[a-zà-ÿ][)»”’\"]?)(?P<stop>[.?!]?)(?P<n>\d{1,3})(?=[\s;:,.?!)]|$)", glued, text)

    def spaced(match: re.Match) -> str:  # "rapporteur? 9 Hoe", "jl. 3 heeft"
        if not known(match) or word_before(match.start()) in _NUMBER_WORDS:
            return match.group()
        return match.group("stop") + " "

    text = re.sub(r"(?P<stop>[.?!;:»”)])[ \t]+(?P<n>\d{1,3})(?:[ \t]+(?=[A-Za-zÀ-Ýà-ÿ«“\"(])|[ \t]*$)", spaced, text)
    text = text.rstrip() if text.endswith(" ") else text

    def before_mark(match: re.Match) -> str:  # "Both Ends 1?"
        if not known(match) or word_before(match.start("n")) in _NUMBER_WORDS:
            return match.group()
        return match.group("word") + match.group("mark")

    return re.sub(r"(?P<word>[A-Za-zà-ÿ)»”’\"])[ \t]+(?P<n>\d{1,3})(?P<mark>[?!])", before_mark, text)
