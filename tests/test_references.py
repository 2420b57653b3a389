"""References in hand-written answers: to another item's answer, to an earlier question, a
website, a letter, a document or a debate, each quoted with the sentence that makes it.

Every text here is invented for these tests (topics, names and figures alike).
"""

from __future__ import annotations

import re

import pytest

from pqassist.model import Meta
from pqassist.parse import parse
from pqassist.analysis.pipeline import analyse

KAMER = Meta(parliament="kamer")
QUESTION = (
    "Duaal leren in het secundair onderwijs. \n\n Steeds meer jongeren combineren leren op school met "
    "werken in een bedrijf. 1. Hoeveel jongeren volgden in 2024 een duaal traject?2. Welke sectoren "
    "bieden de meeste werkplekken aan?3. Hoe evalueert u het systeem na vijf jaar?"
)
FIRST = "1. In 2024 volgden 5.300 jongeren een duaal traject, vooral in de provincie Antwerpen."
THIRD = " 3. Het systeem wordt in het najaar geëvalueerd door de onderwijsinspectie."


def analyse_with_second(sentence: str, tail: str = " Meer kan ik hierover nu niet zeggen."):
    """Return the analysis of a three-item question whose answer 2 holds ``sentence``."""
    answer = f"{FIRST} 2. {sentence}{tail}{THIRD}"
    return analyse(parse(QUESTION, answer=answer, hints=KAMER))


def squashed(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def refs_of(analysis, kind: str, passage: int = 1):
    return [r for r in analysis.references if r.kind == kind and r.passage == passage]


def xfail(reason: str):
    return pytest.mark.xfail(strict=True, reason=reason)


# (sentence in answer 2, kind, words the target must hold)
CASES = [
    # another item's answer
    pytest.param("Ik verwijs naar het antwoord op vraag 1, dat ook hier geldt.", "item", "1", id="item-verwijs"),
    pytest.param("Zie het antwoord op de vragen 1 en 3, die samen een overzicht geven.", "item", "1, 3",
                 id="item-vragen-1-en-3"),
    pytest.param("Zie ook vraag 1, waar de cijfers per provincie staan.", "item", "1", id="item-zie-ook-vraag"),
    pytest.param("Cf. supra.", "item", "vorige", id="item-cf-supra"),
    pytest.param("Zie mijn antwoord op vraag 1.", "item", "1",
                 id="item-einde-zin"),
    pytest.param("Het antwoord op vraag 1 hierboven geldt ook voor de sectoren.", "item", "1",
                 id="item-gevolgd-door-woord"),
    # an earlier parliamentary question
    pytest.param("Kortheidshalve verwijs ik naar wat ik schreef in antwoord op schriftelijke vraag nr. 245 van 12 januari 2024.",
                 "question", "245", id="question-schriftelijk"),
    pytest.param("Zie mijn antwoord op parlementaire vraag nummer 55-318 van de heer Wouters.", "question", "55-318",
                 id="question-nummer"),
    pytest.param("Het antwoord op mondelinge vraag nr. 1207 blijft onverkort geldig.", "question", "1207",
                 id="question-mondeling"),
    # a website
    pytest.param("De cijfers per sector staan op https://www.werk-voorbeeld.be/duaal/sectoren voor wie ze wil nalezen.",
                 "website", "https://www.werk-voorbeeld.be/duaal/sectoren", id="website-url"),
    pytest.param("Een overzicht staat op www.duaal-voorbeeld.be, dat elk kwartaal wordt bijgewerkt.",
                 "website", "www.duaal-voorbeeld.be", id="website-www"),
    pytest.param("Zie de webstek van het agentschap, waar de lijst van de sectoren staat.", "website", "webstek",
                 id="website-webstek"),
    pytest.param("Meer informatie vindt u op www.duaal-voorbeeld.be.", "website", "www.duaal-voorbeeld.be",
                 id="website-einde-zin"),
    # a letter
    pytest.param("Voor de details verwijs ik naar mijn brief van 4 maart 2025 aan de voorzitter van de commissie.", "letter",
                 "brief van 4 maart 2025",
                 id="letter-met-datum"),
    pytest.param("Deze brief bevat ook de verdeling over de sectoren.", "letter", "brief", id="letter-deze-brief"),
    pytest.param("Ik heb de sectoren toegelicht in de kamerbrief over het arbeidsmarktbeleid.", "letter", "kamerbrief",
                 id="letter-kamerbrief"),
    # a document
    pytest.param("De sectoren staan opgesomd in het jaarverslag van het agentschap.", "document", "jaarverslag",
                 id="document-jaarverslag"),
    pytest.param("Zie de beleidsnota Werk 2024-2029, die de sectoren uitvoerig bespreekt.", "document", "beleidsnota",
                 id="document-beleidsnota"),
    pytest.param("Alle voorwaarden voor de werkplekken staan in de oproepfiche van de projectoproep.", "document",
                 "oproepfiche", id="document-oproepfiche"),
    # a debate
    pytest.param("Ik heb de sectoren overlopen in de commissie voor Onderwijs van 14 mei 2024.", "debate",
                 "commissie voor Onderwijs van 14 mei 2024", id="debate-commissie"),
    pytest.param("Dit kwam uitvoerig ter sprake in de plenaire vergadering van 3 juli 2024.", "debate",
                 "plenaire vergadering van 3 juli 2024", id="debate-plenaire"),
    pytest.param("Ik verwijs naar het debat van 12 maart 2025 over de arbeidsmarkt.", "debate",
                 "debat van 12 maart 2025", id="debate-debat"),
]


@pytest.mark.parametrize("sentence, kind, target", CASES)
def test_reference_is_found_with_its_sentence(sentence, kind, target):
    analysis = analyse_with_second(sentence)
    found = refs_of(analysis, kind)
    assert found, [(r.kind, r.target) for r in analysis.references]
    ref = found[0]
    if kind in ("item", "website"):
        assert ref.target == target
    else:
        assert target.lower() in ref.target.lower()
    # the quoted words are the whole sentence that makes the reference, and nothing after it
    assert ref.text == squashed(sentence)
    # references are found in the passage that makes them, not in the others
    assert all(r.passage == 1 for r in analysis.references), analysis.references


@pytest.mark.parametrize("sentence", [
    pytest.param("De vraag naar werkplekken blijft groot in de bouw en de zorg.", id="vraag-naar"),
    pytest.param("In 2024 boden vooral de bouw, de zorg en de horeca werkplekken aan.", id="feitelijk"),
    pytest.param("Een nieuwe sector, de logistiek, telt sinds vorig jaar 310 werkplekken.", id="cijfers"),
])
def test_plain_answer_has_no_reference(sentence):
    analysis = analyse_with_second(sentence, tail="")
    assert analysis.references == ()


def test_item_reference_points_the_staffer_to_the_other_passage():
    analysis = analyse_with_second("Ik verwijs naar het antwoord op vraag 1, dat ook hier geldt.")
    (link,) = [l for l in analysis.links["2"] if l.kind == "reference"]
    assert analysis.dossier.passages[link.passage].covers == ("1",)
    assert "1" in link.reason or "2" in link.reason
    assert "5.300 jongeren" not in analysis.answer_for("2")


def test_references_keep_document_order_and_each_sentence_once():
    answer = (
        "1. Zie de webstek van het agentschap; daar staat ook het jaarverslag.2. Ik verwijs naar het "
        "antwoord op vraag 1, dat ook hier geldt. Zie ook mijn brief van 4 maart 2025.3. Dit werd "
        "besproken in de commissie voor Onderwijs van 14 mei 2024."
    )
    analysis = analyse(parse(QUESTION, answer=answer, hints=KAMER))
    got = [(r.passage, r.kind) for r in analysis.references]
    assert got == [(0, "website"), (0, "document"), (1, "item"), (1, "letter"), (2, "debate")]
    texts = [r.text for r in analysis.references]
    assert texts[0] == texts[1] == "Zie de webstek van het agentschap; daar staat ook het jaarverslag."
    answer_text = squashed(analysis.dossier.text[analysis.dossier.answer_start:])
    assert all(t in answer_text for t in texts)


# Pieces that open a reference in the ways the patterns allow (optional words before the
# word, whitespace runs, capitals, letters that lower-case to two characters or are matched
# without lower-casing), and pieces that nearly do.
_PIECES = [
    "zie vraag 2", "Zie ook de deelvraag 3 b)", "antwoorden bij vragen 1 en 2", "gelet op vraag 4",
    "cf. supra", "cfr hierboven", "zoals eerder al vermeld", "schriftelijke vraag nr. 12",
    "Parlementaire  vraag nummer 4-5", "de vraag nr 77", "de\n\nvraag nr. 3", "vraagnr. 4",
    "http://voorbeeld.be/a", "WWW.voorbeeld.nl", "de website", "webstek", "internetsite",
    "mijn brief van 3 mei 2021", "de  \n kamerbrief", "Deze\tbrief", "die kamerbrief van 1 juni 2020",
    "beleidsbrief", "omzendbrief", "jaarverslag", "bijlagen", "Kamerstukken", "oproepfiches",
    "in de commissie van 4 juni 2019", "In\n de  plenaire vergadering van 2 mei 2018", "in  de debat",
    "het vragenuurtje Binnenlandse Zaken van 3 maart 2022", "Debat van 1 mei 2020",
    "zıe vraag 2", "ſchriftelijke vraag nr. 5", "İn de commissie van 4 juni 2019", "KELVIN",
    "2.", "a)", "nota", "studie", "rapport", "de", "in", "kamer", "vra", "web",
]
_GLUE = [" ", "", ". ", "\n\n", "  ", ", ", "\n", "x", "("]


def test_reference_candidates_find_what_a_full_scan_finds():
    """The patterns run only where a match can begin; they must find exactly what running
    them over the whole passage finds, also across whitespace runs and odd letters."""
    import random

    from pqassist.analysis.references import PATTERNS, _candidate_runs

    rng = random.Random(7)
    for _ in range(600):
        text = "".join(rng.choice(_PIECES) + rng.choice(_GLUE) for _ in range(rng.randint(1, 8)))
        start = rng.randint(0, min(3, len(text)))
        end = rng.randint(max(start, len(text) - 3), len(text))
        expected = {
            (order, m.span())
            for order, (_, pattern) in enumerate(PATTERNS)
            for m in pattern.finditer(text, start, end)
        }
        found = {(order, m.span()) for order, _, _, matches in _candidate_runs(text, start, end) for m in matches}
        assert found == expected, text
