"""Suggested verdicts on hand-written questions and answers: one group of cases per detector.

Every text here is invented for these tests (topics, names and figures alike). The
detectors (``features.py``, ``asks.py``) must see what each case shows: the dodge wording
with its sentence, the ask that got no reason, no annex, no period. The verdict is the
trained model's: where the wording leaves no doubt and the labels teach it, the exact
verdict is asserted; where the labelled documents do not settle it (a staffer could read it
two ways, or the labels hold only a handful of such items), the expected verdict must be
among the model's two most probable ones (``top_two``), never out of sight.
"""

from __future__ import annotations

import re

import pytest

from pqassist.model import Meta, Verdict
from pqassist.parse import parse
from pqassist.analysis.asks import ask_kinds
from pqassist.analysis.features import features_all
from pqassist.analysis.pipeline import analyse

KAMER = Meta(parliament="kamer")


def federal(question: str, answer: str | None, title: str = "Vraag over het beleid"):
    """Return the analysis of a federal open-data row: question and answer as two texts."""
    return analyse(parse(f"{title}. \n\n Burgers en lokale besturen stellen zich hierover vragen. {question}",
                         answer=answer, hints=KAMER))


def flemish(title: str, context: str, questions: str, answer: str):
    """Return the analysis of a whole Flemish document built around the given parts."""
    text = f"""SCHRIFTELIJKE VRAAG 
nr. 388 van ELINE DE CLERCQ
datum: 22 april 2025

WARD VERSTRAETE
VLAAMS MINISTER VAN BINNENLANDS BESTUUR, WELZIJN EN ARMOEDEBESTRIJDING

{title}

{context}

{questions}



WARD VERSTRAETE
VLAAMS MINISTER VAN BINNENLANDS BESTUUR, WELZIJN EN ARMOEDEBESTRIJDING

ANTWOORD 
op vraag nr. 388 van 22 april 2025
van ELINE DE CLERCQ

{answer}
"""
    return analyse(parse(text))


def squashed(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def top_two(suggestion) -> set:
    """Return the suggested verdict and the model's next most probable one."""
    return {suggestion.verdict, *(v for v, _ in suggestion.others[:1])}


def not_given(analysis, item_id: str = "1") -> list[str]:
    """Return the asks the detectors found not given (dodged or missing) for ``item_id``."""
    return [c.text for c in features_all(analysis)[item_id].checks if c.status in ("dodged", "missing")]


def quoted_from(evidence_text: str, source_text: str) -> bool:
    """Return True when ``evidence_text`` (maybe cut short with "…") is words of ``source_text``."""
    words = squashed(evidence_text).removesuffix("…").strip()
    return words in squashed(source_text)


# --- dodges: referral, no_data, not_competent, declined, withheld --------------------------
# (question, answer, expected verdict, words the evidence must quote from the answer)

DODGE_CASES = [
    # referral
    pytest.param(
        "1. Welke subsidies kunnen jeugdhuizen aanvragen voor de renovatie van hun lokalen?",
        "1. Alle informatie over de voorwaarden en de bedragen is terug te vinden op de webstek "
        "www.jeugdhuizen-voorbeeld.be.",
        Verdict.REFERRAL, "terug te vinden op de webstek", id="referral-webstek",
    ),
    pytest.param(
        "1. Welke instellingen zijn erkend als centrum voor slachtofferonthaal?",
        "1. De lijst van de erkende centra staat op de website van het Instituut voor Slachtofferzorg.",
        Verdict.REFERRAL, "op de website van het Instituut", id="referral-website",
    ),
    pytest.param(
        "1. Hoeveel speekseltests op drugs in het verkeer werden er in 2024 afgenomen?",
        "1. Kortheidshalve verwijs ik naar mijn eerdere reactie op schriftelijke vraag nr. 112 van 3 oktober 2024.",
        Verdict.REFERRAL, "Kortheidshalve verwijs ik naar", id="referral-kortheidshalve",
    ),
    pytest.param(
        "1. Hoeveel middelen zijn voorzien voor de projectoproep rond eenzaamheid bij ouderen? Welke "
        "criteria worden gehanteerd?",
        "1. U vindt de criteria en het beschikbare budget in de oproepfiche.",
        Verdict.REFERRAL, "in de oproepfiche",
        id="referral-oproepfiche-u-vindt",
    ),
    pytest.param(
        "1. Hoeveel middelen zijn voorzien voor de projectoproep rond eenzaamheid bij ouderen? Welke "
        "criteria worden gehanteerd?",
        "1. De criteria en het budget staan beschreven in de handleiding van de projectoproep.",
        Verdict.REFERRAL, "in de handleiding",
        id="referral-document-beschreven",
    ),
    pytest.param(
        "1. Hoeveel inspecties voerde het Voedselagentschap uit in 2024?",
        "1. De gevraagde cijfers staan in het jaarverslag 2024 van het Voedselagentschap.",
        Verdict.REFERRAL, "in het jaarverslag",
        id="referral-jaarverslag",
    ),
    pytest.param(
        "1. Hoeveel inspecties voerde het Voedselagentschap uit in 2024?",
        "1. Het geachte lid kan deze cijfers raadplegen in het jaarverslag van het Voedselagentschap.",
        Verdict.REFERRAL, "raadplegen in het jaarverslag",
        id="referral-raadplegen",
    ),
    pytest.param(
        "1. Welke sectoren bieden de meeste werkplekken aan voor duaal leren?",
        "1. Zie de beleidsnota Werk en Sociale Economie.",
        Verdict.REFERRAL, "Zie de beleidsnota",
        id="referral-zie-beleidsnota",
    ),
    pytest.param(
        "1. Welke acties onderneemt u tegen de wachttijden bij de keuringscentra?",
        "1. Ik heb deze maatregelen uitvoerig toegelicht in de commissie voor Mobiliteit van 5 februari 2025.",
        Verdict.REFERRAL, "in de commissie voor Mobiliteit",
        id="referral-commissie",
    ),
    # no_data
    pytest.param(
        "1. Hoeveel fietsen werden in 2024 gestolen in de stationsbuurten?",
        "1. Daarover worden geen cijfers bijgehouden.",
        Verdict.NO_DATA, "geen cijfers bijgehouden", id="no_data-geen-cijfers",
    ),
    pytest.param(
        "1. Hoeveel zal de renovatie van het gerechtsgebouw in Leuven kosten? Wanneer starten de werken?",
        "1. De kostprijs en de planning zijn nog niet gekend, omdat de haalbaarheidsstudie nog loopt.",
        Verdict.NO_DATA, "zijn nog niet gekend", id="no_data-nog-niet-gekend",
    ),
    pytest.param(
        "1. Welke resultaten leverde de evaluatie van het proefproject met bodycams op?",
        "1. De resultaten van de evaluatie zijn nog niet beschikbaar. Ze worden in december verwacht.",
        Verdict.NO_DATA, "nog niet beschikbaar", id="no_data-niet-beschikbaar",
    ),
    pytest.param(  # the infinitive 'verwijzen', which the line 'verwijs* ... naar' does not reach
        "1. Hoeveel treinen reden in 2024 te laat op de lijn Gent-Brussel?",
        "1. Ik heb de eer het geachte lid te verwijzen naar het antwoord van de minister van Mobiliteit op "
        "vraag nr. 412 van 3 maart 2025.",
        Verdict.REFERRAL, "te verwijzen naar het antwoord", id="referral-te-verwijzen",
    ),
    pytest.param(  # the answer is said to come from another minister
        "1. Hoeveel ambtenaren werkten in 2024 voor de federale overheid in Brussel?",
        "1. Ik deel het geachte lid mee dat het antwoord op deze vraag zal worden gegeven door de minister "
        "van Ambtenarenzaken (vraag nr. 58 van 4 april 2025).",
        Verdict.REFERRAL, "zal worden gegeven door", id="referral-antwoord-gegeven-door",
    ),
    pytest.param(
        "1. Welke werkwijze gebruiken de oplichters het vaakst?",
        "1. De postoperator kan geen details geven over de werkwijze van de oplichters.",
        Verdict.NO_DATA, "kan geen details geven", id="no_data-kan-geen-details-geven",
    ),
    pytest.param(
        "1. Hoeveel bestelwagens op waterstof waren eind 2024 ingeschreven?",
        "1. In de databank van de inschrijvingsdienst wordt geen onderscheid gemaakt tussen waterstof en "
        "andere gassen.",
        Verdict.NO_DATA, "geen onderscheid gemaakt", id="no_data-geen-onderscheid-gemaakt",
    ),
    # not_competent
    pytest.param(
        "1. Hoeveel kilometer gewestweg werd vorig jaar heraangelegd in Vlaams-Brabant?",
        "1. Het beheer van de gewestwegen valt onder de bevoegdheid van de gewesten. Deze vraag kan "
        "beter aan de bevoegde gewestminister worden voorgelegd.",
        Verdict.NOT_COMPETENT, "bevoegdheid van de gewesten", id="not_competent-gewesten",
    ),
    pytest.param(
        "1. Welke acties onderneemt u tegen de wachtlijsten in de kinderpsychiatrie?",
        "1. De organisatie van de kinderpsychiatrie is een bevoegdheid van de gemeenschappen.",
        Verdict.NOT_COMPETENT, "bevoegdheid van de gemeenschappen", id="not_competent-gemeenschappen",
    ),
    pytest.param(
        "1. Hoeveel werkloosheidsuitkeringen werden in 2024 geschorst wegens onvoldoende zoekgedrag?",
        "1. De regeling van de werkloosheidsuitkeringen is een landsaangelegenheid.",
        Verdict.NOT_COMPETENT, "landsaangelegenheid", id="not_competent-landsaangelegenheid",
    ),
    pytest.param(
        "1. Overweegt u de strafmaat voor dierenmishandeling te verhogen?",
        "1. Het strafrecht is een landsaangelegenheid. De Vlaamse Regering kan de strafmaat niet zelf "
        "wijzigen.",
        Verdict.NOT_COMPETENT, "landsaangelegenheid",
        id="not_competent-landsaangelegenheid-ja-nee",
    ),
    pytest.param(
        "1. Hoeveel patiënten wachten op een niertransplantatie? Welke initiatieven plant u om het aantal "
        "donoren te verhogen?",
        "1. Voor deze vraag verwijs ik naar mijn collega van Volksgezondheid, die bevoegd is voor het "
        "donorbeleid.",
        Verdict.NOT_COMPETENT, "naar mijn collega van Volksgezondheid", id="not_competent-collega",
    ),
    pytest.param(
        "1. Hoeveel leerlingen verlieten vorig jaar het secundair onderwijs zonder diploma?",
        "1. Het onderwijs is een zaak van de gemeenschappen. Sta mij dan ook toe u door te verwijzen "
        "naar de gemeenschappen.",
        Verdict.NOT_COMPETENT, "naar de gemeenschappen", id="not_competent-verwijzen-naar-de-gemeenschappen",
    ),
    pytest.param(  # the verb last, after 'dat'
        "1. Hoeveel controles voerde de economische inspectie in 2024 uit bij tankstations?",
        "1. Ik deel het geachte lid mee dat zijn vraag onder de bevoegdheid valt van de minister van "
        "Economie (vraag nr. 77 van 5 mei 2025).",
        Verdict.NOT_COMPETENT, "onder de bevoegdheid valt van", id="not_competent-valt-van-werkwoord-achteraan",
    ),
    pytest.param(
        "1. Welke maatregelen neemt u tegen de wachttijden aan de grensposten?",
        "1. De vraag wordt doorgestuurd naar de minister van Binnenlandse Zaken, aangezien het voorwerp "
        "ervan tot zijn bevoegdheden behoort.",
        Verdict.NOT_COMPETENT, "tot zijn bevoegdheden behoort", id="not_competent-behoort-werkwoord-achteraan",
    ),
    pytest.param(  # 'niet ... onder mijn bevoegdhe*': a * inside [ ] had made it a literal star
        "1. Hoeveel bouwvergunningen werden in 2024 geweigerd?",
        "1. Ik deel het geachte lid mee dat haar vraag niet onder mijn bevoegdheden valt.",
        Verdict.NOT_COMPETENT, "niet onder mijn bevoegdheden valt", id="not_competent-niet-onder-mijn-bevoegdheden",
    ),
    # declined
    pytest.param(
        "1. Waarom werd de erkenning van het woonzorgcentrum in Lier ingetrokken?",
        "1. Op individuele dossiers kan ik niet ingaan.",
        Verdict.DECLINED, "individuele dossiers kan ik niet ingaan", id="declined-individuele-dossiers",
    ),
    pytest.param(
        "1. Welke feiten worden de betrokken agent ten laste gelegd?",
        "1. Omwille van het lopende gerechtelijk onderzoek kan ik hierover geen verdere toelichting geven.",
        Verdict.DECLINED, "lopende gerechtelijk onderzoek", id="declined-gerechtelijk-onderzoek",
    ),
    pytest.param(
        "1. Welke bedragen werden in het akkoord met de leverancier afgesproken?",
        "1. Het gaat om vertrouwelijke contractuele informatie die ik niet openbaar maak.",
        Verdict.DECLINED, "vertrouwelijke contractuele informatie", id="declined-vertrouwelijk",
    ),
    # withheld
    pytest.param(
        "1. Hoeveel boetes voor sluikstorten werden in 2024 per gemeente uitgeschreven?",
        "1. De tabel met het aantal boetes per gemeente wordt het geachte lid rechtstreeks toegestuurd. "
        "Ze ligt eveneens ter inzage bij de griffie.",
        Verdict.WITHHELD, "rechtstreeks toegestuurd", id="withheld-tabel",
    ),
    pytest.param(
        "1. Hoeveel erkende kinderdagverblijven telde elke gemeente van het arrondissement op 1 januari?",
        "1. Gelet op de omvang van de gegevens werd de lijst per gemeente rechtstreeks aan het geachte "
        "lid overgemaakt; ze kan ter inzage worden geraadpleegd bij de griffie.",
        Verdict.WITHHELD, "rechtstreeks aan het geachte lid overgemaakt",
        id="withheld-overgemaakt",
    ),
]


@pytest.mark.parametrize("question, answer, verdict, words", DODGE_CASES)
def test_dodge_wording_gives_its_verdict_with_the_sentence_as_evidence(question, answer, verdict, words):
    analysis = federal(question, answer)
    suggestion = analysis.suggestions["1"]
    assert verdict in top_two(suggestion), (suggestion.verdict, suggestion.others, suggestion.reason)
    quoted = features_all(analysis)["1"].evidence[verdict.value]  # the detector quotes the sentence
    assert any(words.lower() in e.text.lower() for e in quoted if e.source == "answer"), quoted
    if suggestion.verdict is verdict:
        assert any(words.lower() in e.text.lower() for e in suggestion.evidence if e.source == "answer")
    assert suggestion.verdict.is_gap == (verdict is not Verdict.WITHHELD)


FLEMISH_DODGES = [
    pytest.param(
        dict(
            title="Armoedebeleid - Energieschulden van gezinnen",
            context="Steeds meer gezinnen kunnen hun energiefactuur niet betalen en komen in een "
            "afbetalingsplan terecht.",
            questions="1. Hoeveel gezinnen hebben vandaag een budgetmeter voor elektriciteit?\n\n"
            "2. Hoeveel afsluitingen vonden plaats in 2024?",
        ),
        "1. Kortheidshalve verwijs ik naar het jaarverslag van de regulator, dat elk voorjaar "
        "verschijnt.\n\n2. Het aantal afsluitingen wordt niet centraal geregistreerd.",
        {"1": Verdict.REFERRAL, "2": Verdict.NO_DATA},
        id="referral-en-no_data",
    ),
    pytest.param(
        dict(
            title="Binnenlands bestuur - Politiezones en fusies",
            context="Enkele gemeenten die fuseren behoren tot verschillende politiezones.",
            questions="1. Hoeveel politiezones moeten na de fusies van 2025 worden hertekend?\n\n"
            "2. Welke termijn geldt voor de aanpassing van de zones?",
        ),
        "1. en 2. De indeling van de politiezones is een landsaangelegenheid. Die vraag moet aan de "
        "federale minister van Binnenlandse Zaken worden gesteld.",
        {"1": Verdict.NOT_COMPETENT, "2": Verdict.NOT_COMPETENT},
        id="not_competent-gegroepeerd",
    ),
]


@pytest.mark.parametrize("parts, answer, expected", FLEMISH_DODGES)
def test_dodges_in_a_flemish_document(parts, answer, expected):
    analysis = flemish(answer=answer, **parts)
    got = {item_id: s.verdict for item_id, s in analysis.suggestions.items()}
    assert got == expected


# --- unanswered -------------------------------------------------------------------------

def test_item_without_passage_is_unanswered_and_quotes_the_question():
    analysis = federal(
        "1. Hoeveel laadpalen staan er op de parkings van de federale overheidsgebouwen?2. Wanneer "
        "worden de laadpalen aan het Financiecentrum in Gent geplaatst?3. Welke firma plaatst ze?",
        "1. Op de parkings van de federale gebouwen staan 284 laadpalen.3. De plaatsing gebeurt door "
        "een firma die via een raamcontract werd aangesteld.",
    )
    suggestion = analysis.suggestions["2"]
    assert suggestion.verdict is Verdict.UNANSWERED
    assert [e.source for e in suggestion.evidence] == ["question"]
    assert "Financiecentrum in Gent" in suggestion.evidence[0].text
    assert suggestion.missing and "Financiecentrum" in suggestion.missing[0]


@pytest.mark.parametrize("answer", [pytest.param("", id="leeg"), pytest.param(None, id="geen")])
def test_question_without_any_answer_leaves_every_item_unanswered(answer):
    analysis = federal(
        "1. Hoeveel gedetineerden verblijven in de gevangenis van Haren?2. Waarom werd de "
        "bezoekzaal gesloten?3. Zal u bijkomende cipiers aanwerven?",
        answer,
    )
    assert [i.id for i in analysis.dossier.items] == ["1", "2", "3"]
    for item in analysis.dossier.items:
        suggestion = analysis.suggestions[item.id]
        assert suggestion.verdict is Verdict.UNANSWERED
        assert quoted_from(suggestion.evidence[0].text, item.text)


# --- figures asked ----------------------------------------------------------------------

NO_FIGURE = [
    pytest.param(
        "1. Hoeveel asielzoekers verbleven eind 2024 in de opvangcentra?",
        "1. De bezetting van het opvangnetwerk blijft hoog en het agentschap zoekt voortdurend naar "
        "bijkomende plaatsen.",
        id="hoeveel",
    ),
    pytest.param(
        "1. Hoeveel bedraagt het budget voor de renovatie van het museum?",
        "1. De renovatie van het museum is een prioriteit en het budget wordt in overleg met de stad "
        "vastgelegd.",
        id="bedrag",
    ),
    pytest.param(
        "1. Wat is het percentage jongeren dat de eerste graad van het secundair zonder attest verlaat?",
        "1. Het aandeel jongeren zonder attest is een belangrijke indicator die nauw wordt opgevolgd door "
        "de onderwijsinspectie.",
        id="percentage",
    ),
]


@pytest.mark.parametrize("question, answer", NO_FIGURE)
def test_figures_asked_and_none_given_is_general_or_partial(question, answer):
    analysis = federal(question, answer)
    suggestion = analysis.suggestions["1"]
    assert suggestion.verdict.is_gap and top_two(suggestion) & {Verdict.GENERAL, Verdict.PARTIAL}
    assert any(e.source == "question" for e in suggestion.evidence)
    assert any("figures" in c.lacking for c in features_all(analysis)["1"].checks)


WITH_FIGURE = [
    pytest.param(
        "1. Hoeveel asielzoekers verbleven eind 2024 in de opvangcentra?",
        "1. Eind 2024 verbleven 33.450 asielzoekers in de opvangcentra.",
        id="getal",
    ),
    pytest.param(
        "1. Hoeveel bijstandsaanvragen werden per provincie ingediend?",
        "1. Het aantal aanvragen per provincie staat in de onderstaande tabel.\n[tabel]",
        id="tabel",
    ),
    pytest.param(
        "1. Wat is het percentage jongeren dat de eerste graad van het secundair zonder attest verlaat?",
        "1. In het schooljaar 2023-2024 verliet 6,8 % van de jongeren de eerste graad zonder attest.",
        id="procent",
    ),
]


@pytest.mark.parametrize("question, answer", WITH_FIGURE)
def test_figures_asked_and_given_is_answered(question, answer):
    assert federal(question, answer).suggestions["1"].verdict is Verdict.ANSWERED


# --- yes/no questions -------------------------------------------------------------------

YES_NO_ANSWERED = [
    pytest.param("1. Is het bezoekerscentrum in Tienen opnieuw open?",
                 "1. Ja, het bezoekerscentrum is sinds 1 maart opnieuw open.", id="ja"),
    pytest.param("1. Zal u de bijdrage voor de kinderbijslag verhogen?",
                 "1. Neen, de bijdrage blijft ongewijzigd.", id="neen"),
    pytest.param("1. Mag daaruit besloten worden dat de hulpverleningszone haar begroting overschrijdt?",
                 "1. Inderdaad, de hulpverleningszone overschrijdt haar begroting met 4 procent.", id="inderdaad"),
    pytest.param("1. Klopt het dat de vergunning voor de windturbine in Kruibeke werd vernietigd?",
                 "1. Ja.", id="kort-ja"),
]


@pytest.mark.parametrize("question, answer", YES_NO_ANSWERED)
def test_yes_no_question_answered_yes_or_no_is_answered(question, answer):
    suggestion = federal(question, answer).suggestions["1"]
    assert suggestion.verdict is Verdict.ANSWERED
    assert suggestion.evidence and suggestion.evidence[0].source == "answer"


@pytest.mark.parametrize("question, answer, given", [
    ("1. Klopt het dat de wachttijd voor een erkenning drie jaar bedraagt?",
     "1. De wachttijd voor een erkenning bedraagt sinds vorig jaar twee jaar.", True),
    ("1. Mag daaruit besloten worden dat de rijtest niet langer verplicht is voor bestuurders van bromfietsen?",
     "1. De rijtest blijft verplicht voor elke nieuwe bestuurder van een bromfiets.", True),
    ("1. Kan daaruit worden besloten dat projecten voor de tweede generatie niet kunnen worden ingediend?",
     "1. De Europese regelgeving bepaalt dat alle projecten moeten bijdragen tot de integratie.", False),
], ids=["klopt-het-dat", "besloten-dat", "opent-elders"])
def test_a_statement_on_the_clause_asked_about_is_its_reply(question, answer, given):
    """A yes/no question about a clause ("Klopt het dat X ...?") is answered by a statement that
    opens on X; a description that opens elsewhere leaves the yes or no missing."""
    assert (not_given(federal(question, answer)) == []) is given


@pytest.mark.parametrize("question, answer, given", [
    ("1. Deelt u de mening dat de nieuwe regeling tot meer aanvragen zal leiden?",
     "1. Hoewel de regeling eenvoudiger wordt, deel ik die mening niet.", True),
    ("1. Kan het nieuwe voedingslabel van de Europese Commissie ook in ons land worden ingevoerd?",
     "1. Mijn diensten bestuderen de bestaande systemen samen met de sector. In dit stadium is er nog "
     "geen sprake van een voedingslabel in ons land.", True),
    ("1. Kan het nieuwe voedingslabel van de Europese Commissie ook in ons land worden ingevoerd?",
     "1. Mijn diensten bestuderen de bestaande systemen samen met de sector. In dit stadium bekijken "
     "zij ook een voedingslabel in ons land.", False),
], ids=["standpunt-na-bijzin", "ontkenning-verder", "zonder-ontkenning"])
def test_a_position_or_a_negated_restatement_is_the_reply(question, answer, given):
    """A position after a fronted clause ("Hoewel ..., deel ik uw mening niet") answers an
    opinion question and its yes or no; a negated sentence that restates the matter answers a
    yes/no question wherever it stands; the same sentence without the negation leaves it missing."""
    assert (not_given(federal(question, answer)) == []) is given


@pytest.mark.parametrize("ask", [
    "Welk budget wordt er voor deze campagne uitgetrokken?",
    "Wat is de kostprijs van de nieuwe software?",
    "Welke kosten werden er in 2024 voor de verhuis gemaakt?",
])
def test_an_amount_asked_without_hoeveel_asks_for_figures(ask):
    assert "figures" in ask_kinds(ask)


COORDINATED_EDGES = [
    "Hoeveel dossiers zijn er, en welke zijn afgerond?", "Hoeveel dossiers zijn er,en welke zijn afgerond?",
    "Hoeveel dossiers zijn er ,  EN WELKE zijn afgerond?", "Wat kost het\ten hoe wordt het betaald?",
    "Wat kost het\u00a0en\u00a0wat levert het op?", "Wat kost het en\nwie betaalt het?", "en welke zijn er?",
    "Hoeveel kosten zij ten welke prijs?", "Wat zeggen zij hen welke vragen?", "Wat doet u en-welke gevolgen?",
    "Wat doet u en welkeen niet?", "Wat doet u en in hoeverre helpt het?", "Wat doet u En op welke wijze?",
    "Wat doet u, en waarom?", "Wie wel en wie geen stemrecht heeft", "Wat doet u en  hoeveel kost het?",
]


def _split_by_the_written_pattern(asks: list[str]) -> list[str]:
    """Return ``split_asks(asks)`` with SPLIT_COORDINATED run on every ask (the reference)."""
    from pqassist.analysis import asks as module
    from pqassist.analysis import phrases
    from pqassist.text import squash

    out = []
    for ask in asks:
        ask = module.FOOTNOTE.sub("", ask)
        if len(ask.split()) <= 8 and phrases.any_match("asks", ask, "not_an_ask"):
            continue
        parts = [squash(p) for p in module.SPLIT_COORDINATED.split(ask)]
        if any(len(p.split()) < 5 for p in parts) or any(p.endswith((" wel", " niet")) for p in parts[:-1]):
            parts = [squash(ask)]
        out.extend(p for p in parts if len(p.split()) >= 3)
    return out


def test_coordinated_asks_are_looked_for_where_the_written_pattern_matches(corpus):
    """``split_asks`` runs SPLIT_COORDINATED only where its twin (which opens with the "en")
    finds a place: the twin finds one exactly when the pattern does, on edge cases and on
    the sentences of federal questions, and the asks come out the same."""
    from corpus_documents import federal_rows

    from pqassist.analysis.asks import _COORDINATED_EN, SPLIT_COORDINATED, split_asks
    from pqassist.sentences import sentence_spans

    questions = [row.get("question") or "" for row in federal_rows(corpus, 1500)]
    asks = [q[s:e] for q in questions for s, e in sentence_spans(q)]
    found = 0
    for ask in COORDINATED_EDGES + asks:
        written = SPLIT_COORDINATED.search(ask) is not None
        assert (_COORDINATED_EN.search(ask) is not None) == written, ask
        found += written
    assert found > 40
    for ask in COORDINATED_EDGES + asks:
        assert split_asks([ask]) == _split_by_the_written_pattern([ask]), ask


YES_NO_VAGUE = [
    pytest.param("1. Zal u het kadaster van de sporthallen laten actualiseren?",
                 "1. Het kadaster is een belangrijk instrument en mijn administratie bekijkt hoe het kan "
                 "worden verbeterd.", id="zal-u"),
    pytest.param("1. Is de minister bereid de openingsuren van de loketten uit te breiden?",
                 "1. De dienstverlening aan de burger staat centraal. We volgen de behoeften van de "
                 "gebruikers van nabij op.", id="bereid"),
    pytest.param("1. Wordt de subsidie voor buurtsport na 2025 verlengd?",
                 "1. Buurtsport levert een waardevolle bijdrage aan de leefbaarheid van wijken. Ik blijf "
                 "inzetten op sport voor iedereen.", id="wordt"),
]


@pytest.mark.parametrize("question, answer", YES_NO_VAGUE)
def test_yes_no_question_answered_with_a_description_is_general(question, answer):
    analysis = federal(question, answer)
    suggestion = analysis.suggestions["1"]
    assert Verdict.GENERAL in top_two(suggestion), (suggestion.verdict, suggestion.others)
    # the yes/no ask is found not given, and named for the follow-up when the verdict is a gap
    assert any("?" in n and quoted_from(n, question) for n in not_given(analysis))
    if suggestion.verdict.is_gap:
        named = list(suggestion.missing) + [e.text for e in suggestion.evidence if e.source == "question"]
        assert any("?" in n and quoted_from(n, question) for n in named), named


# --- waarom -----------------------------------------------------------------------------

WHY_ANSWERED = [
    pytest.param("1. Waarom werd het loket van de dienst Vreemdelingenzaken in Geel gesloten?",
                 "1. Het loket werd gesloten omdat er gemiddeld minder dan vijf bezoekers per dag kwamen.",
                 id="omdat"),
    pytest.param("1. Om welke redenen werd de aanbesteding voor de nieuwe gevangenis stopgezet?",
                 "1. De aanbesteding werd stopgezet aangezien geen enkele offerte binnen het budget bleef.",
                 id="aangezien"),
    pytest.param("1. Waarom schrijven minder volwassenen zich in voor een cursus in de avondschool?",
                 "1. De daling is vooral te wijten aan het ruimere aanbod van online cursussen.",
                 id="te-wijten-aan"),
    pytest.param("1. Waarom daalde het aantal inschrijvingen in de avondscholen?",
                 "1. De inschrijvingen daalden omdat het aanbod van online cursussen sterk groeide.",
                 id="waarom-daalde-het-aantal"),
]


@pytest.mark.parametrize("question, answer", WHY_ANSWERED)
def test_why_answered_with_a_reason(question, answer):
    assert federal(question, answer).suggestions["1"].verdict is Verdict.ANSWERED


WHY_NOT_ANSWERED = [
    pytest.param("1. Waarom werden de werken aan de sluis in Evergem stilgelegd?",
                 "1. De werken aan de sluis in Evergem werden op 3 mei stilgelegd. Ze worden in het najaar "
                 "hervat.", id="feit-zonder-reden"),
    pytest.param("1. Waarom kreeg de gemeente Zonhoven geen subsidie voor het nieuwe zwembad?",
                 "1. De subsidieaanvraag van Zonhoven werd door de administratie grondig onderzocht.",
                 id="onderzocht"),
    pytest.param("1. Is het aantal meldingen van partnergeweld gestegen? Zo neen, waarom niet?",
                 "1. Neen, het aantal meldingen bleef stabiel.", id="zo-neen-waarom-niet"),
]


@pytest.mark.parametrize("question, answer", WHY_NOT_ANSWERED)
def test_why_without_a_reason_is_a_gap_naming_the_why(question, answer):
    analysis = federal(question, answer)
    suggestion = analysis.suggestions["1"]
    assert top_two(suggestion) & {Verdict.GENERAL, Verdict.PARTIAL}, (suggestion.verdict, suggestion.others)
    assert any(re.search(r"\bwaarom\b", m, re.I) for m in not_given(analysis))
    if suggestion.verdict.is_gap:
        assert any(re.search(r"\bwaarom\b", m, re.I) for m in suggestion.missing), suggestion.missing


def test_why_not_after_a_request_that_was_not_met_stays_asked():
    analysis = federal(
        "1. Kunt u de evaluatie van het proefproject met deelsteps bezorgen? Zo neen, waarom niet?",
        "1. Het proefproject met deelsteps loopt nog tot eind 2025.",
    )
    assert any("Zo neen, waarom niet" in m for m in not_given(analysis))
    suggestion = analysis.suggestions["1"]
    assert Verdict.ANSWERED not in top_two(suggestion) or not suggestion.verdict is Verdict.ANSWERED
    if suggestion.verdict.is_gap:
        assert any("Zo neen, waarom niet" in m for m in suggestion.missing)


# --- annex asked and not attached -------------------------------------------------------

ANNEX = [
    pytest.param(
        "1. Kunt u de lijst van de gecontroleerde bedrijven als bijlage bezorgen?",
        "1. In 2024 werden 412 bedrijven gecontroleerd, vooral in de horeca en de bouw.",
        "als bijlage bezorgen", id="enkel-bijlage",
    ),
    pytest.param(
        "1. Hoeveel bedrijven werden in 2024 gecontroleerd? Kunt u het controleverslag als bijlage "
        "bezorgen?",
        "1. In 2024 werden 412 bedrijven gecontroleerd, vooral in de horeca en de bouw.",
        "controleverslag als bijlage", id="cijfer-en-bijlage",
    ),
    pytest.param(
        "1. Welke gemeenten ontvingen een renovatiepremie voor hun sporthal? Graag een overzicht als "
        "bijlage.",
        "1. Verschillende gemeenten in alle provincies ontvingen een premie voor de renovatie van hun "
        "sporthal.",
        "overzicht als bijlage", id="graag-een-overzicht",
    ),
]


@pytest.mark.parametrize("question, answer, asked", ANNEX)
def test_annex_asked_and_not_attached_names_the_annex_ask(question, answer, asked):
    analysis = federal(question, answer)
    suggestion = analysis.suggestions["1"]
    assert top_two(suggestion) & {Verdict.GENERAL, Verdict.PARTIAL}, (suggestion.verdict, suggestion.others)
    assert any(asked in m for m in not_given(analysis))
    if suggestion.verdict in (Verdict.GENERAL, Verdict.PARTIAL):
        assert any(asked in m for m in suggestion.missing), suggestion.missing
        assert any(e.source == "question" and asked in e.text for e in suggestion.evidence)


def test_annex_asked_and_attached_is_answered():
    suggestion = federal(
        "1. Kunt u de lijst van de gecontroleerde bedrijven als bijlage bezorgen?",
        "1. De lijst van de 412 gecontroleerde bedrijven gaat als bijlage.",
    ).suggestions["1"]
    assert suggestion.verdict is Verdict.ANSWERED


# --- period asked and one figure given --------------------------------------------------

PERIOD = [
    pytest.param("1. Hoeveel arbeidsongevallen werden per jaar sinds 2019 gemeld in de bouwsector?",
                 "1. In 2024 werden 4.210 arbeidsongevallen gemeld in de bouwsector.", id="per-jaar-sinds"),
    pytest.param("1. Hoe evolueerde het aantal leefloners in Charleroi de voorbije vijf jaar?",
                 "1. Eind 2024 ontvingen 9.800 personen in Charleroi een leefloon.", id="evolutie"),
    pytest.param("1. Hoeveel treinen reden jaarlijks te laat op de lijn Leuven-Brussel tussen 2020 en 2024?",
                 "1. In 2024 reden 11.300 treinen te laat op de lijn Leuven-Brussel.", id="tussen-jaren"),
]


@pytest.mark.parametrize("question, answer", PERIOD)
def test_period_asked_and_one_figure_given_is_a_gap(question, answer):
    analysis = federal(question, answer)
    suggestion = analysis.suggestions["1"]
    assert top_two(suggestion) & {Verdict.GENERAL, Verdict.PARTIAL}, (suggestion.verdict, suggestion.others)
    assert not_given(analysis) and quoted_from(not_given(analysis)[0], question)
    if suggestion.verdict.is_gap:
        assert suggestion.missing and quoted_from(suggestion.missing[0], question)


def test_period_asked_and_every_year_given_is_answered():
    suggestion = federal(
        "1. Hoeveel arbeidsongevallen werden per jaar sinds 2021 gemeld in de bouwsector?",
        "1. In 2021 werden 4.480 arbeidsongevallen gemeld, in 2022 waren het er 4.390, in 2023 4.300 en "
        "in 2024 4.210.",
    ).suggestions["1"]
    assert suggestion.verdict is Verdict.ANSWERED


# --- partial: two asks, one answered ----------------------------------------------------

PARTIAL = [
    pytest.param(
        "1. Hoeveel camera's hangen er langs de snelwegen? Wanneer worden de camera's op de E40 vervangen?",
        "1. Langs de snelwegen hangen 1.850 camera's.",
        "Wanneer worden de camera's op de E40 vervangen?", id="aantal-en-wanneer",
    ),
    pytest.param(
        "1. Hoeveel scholen namen deel aan het project rond gezonde voeding? Welke resultaten leverde de "
        "evaluatie op?",
        "1. Aan het project namen 146 scholen deel.",
        "Welke resultaten leverde de evaluatie op?", id="aantal-en-resultaten",
    ),
    pytest.param(
        "1. Wanneer opent het nieuwe asielcentrum in Jabbeke? Hoeveel plaatsen zal het tellen?",
        "1. Het centrum in Jabbeke opent in november 2025.",
        "Hoeveel plaatsen zal het tellen?", id="wanneer-en-hoeveel",
    ),
]


@pytest.mark.parametrize("question, answer, unanswered_ask", PARTIAL)
def test_two_asks_one_answered_is_partial_and_quotes_the_other(question, answer, unanswered_ask):
    analysis = federal(question, answer)
    suggestion = analysis.suggestions["1"]
    assert Verdict.PARTIAL in top_two(suggestion), (suggestion.verdict, suggestion.others)
    assert not_given(analysis) == [unanswered_ask]
    if suggestion.verdict is Verdict.PARTIAL:
        assert unanswered_ask in suggestion.missing
        assert any(e.source == "question" and e.text == unanswered_ask for e in suggestion.evidence)
        assert any(e.source == "answer" for e in suggestion.evidence)


# --- two yes/no questions, one reply -----------------------------------------------------

TWO_YES_NO = ("1. Kent u het rapport van het Rekenhof over de wachtlijsten in de kinderopvang? "
              "Zal u de aanbevelingen van dat rapport in alle diensten laten uitvoeren?")
ONE_REPLY = ("1. Ja, ik ken het rapport van het Rekenhof over de wachtlijsten in de kinderopvang. "
             "Het rapport bevat aanbevelingen voor de sector.")


def test_one_yes_does_not_answer_two_yes_no_questions():
    """The "Ja" that opens the answer is the first question's reply; the second gets none and
    is named missing (it was taken as answered by the same "Ja" before)."""
    analysis = federal(TWO_YES_NO, ONE_REPLY)
    second = "Zal u de aanbevelingen van dat rapport in alle diensten laten uitvoeren?"
    assert not_given(analysis) == [second]
    assert second in analysis.suggestions["1"].missing


@pytest.mark.parametrize("reply", [
    "Ik zal de aanbevelingen inderdaad in alle diensten laten uitvoeren.",
    "Ik zal de aanbevelingen niet laten uitvoeren.",
], ids=["ja", "nee"])
def test_a_reply_of_its_own_answers_the_second_yes_no_question(reply):
    answer = "1. Ja, ik ken het rapport van het Rekenhof over de wachtlijsten in de kinderopvang. " + reply
    assert not_given(federal(TWO_YES_NO, answer)) == []


def test_partial_in_a_flemish_document_leaves_the_other_items_alone():
    analysis = flemish(
        "Welzijn - Wachtlijsten voor persoonsvolgende budgetten",
        "Duizenden personen met een handicap wachten op een persoonsvolgend budget.",
        "1. Hoeveel personen stonden op 1 januari 2025 op de wachtlijst? Hoeveel van hen staan in de "
        "hoogste prioriteitengroep?\n\n2. Wanneer wordt de volgende toewijzingsronde gestart?",
        "1. Op 1 januari 2025 stonden 14.880 personen op de wachtlijst.\n\n2. De volgende "
        "toewijzingsronde start in oktober 2025.",
    )
    one = analysis.suggestions["1"]
    assert Verdict.PARTIAL in top_two(one), (one.verdict, one.others)
    assert any("hoogste prioriteitengroep" in m for m in not_given(analysis))
    if one.verdict.is_gap:
        assert any("hoogste prioriteitengroep" in m for m in one.missing)
    assert analysis.suggestions["2"].verdict is Verdict.ANSWERED


# --- evidence and confidence hold for every case above ----------------------------------

def _all_cases():
    groups = [DODGE_CASES, NO_FIGURE, WITH_FIGURE, YES_NO_ANSWERED, YES_NO_VAGUE, WHY_ANSWERED,
              WHY_NOT_ANSWERED, ANNEX, PERIOD, PARTIAL]
    for group in groups:
        for case in group:
            yield pytest.param(case.values[0], case.values[1], id=case.id)


@pytest.mark.parametrize("question, answer", list(_all_cases()))
def test_evidence_quotes_the_documents_and_confidence_is_a_share(question, answer):
    analysis = federal(question, answer)
    answer_text = analysis.dossier.text[analysis.dossier.answer_start:]
    question_text = analysis.dossier.text[: analysis.dossier.answer_start]
    for item_id, suggestion in analysis.suggestions.items():
        assert 0 < suggestion.confidence <= 1
        assert suggestion.reason.strip()
        assert suggestion.evidence, item_id
        for evidence in suggestion.evidence:
            assert evidence.source in ("answer", "question")
            source = answer_text if evidence.source == "answer" else question_text
            assert quoted_from(evidence.text, source), (evidence.source, evidence.text)
        for ask in suggestion.missing:
            assert quoted_from(ask, question_text), ask
        if suggestion.verdict is Verdict.ANSWERED:  # missing: only what the reason says was not found
            assert bool(suggestion.missing) == ("niet teruggevonden" in suggestion.reason), suggestion


# --- content: does the answer state something about the matter asked? ---------------------

@pytest.mark.parametrize("sentence, present, absent", [
    ("Deze piste wordt momenteel verder onderzocht door mijn administratie.", {"intent"}, {"past", "digits"}),
    ("Ik zal, indien noodzakelijk, gepaste maatregelen nemen.", {"intent"}, {"past"}),
    ("De overeenkomst werd op 3 maart 2021 gesloten met de NMBS.", {"past", "digits", "named"}, {"intent"}),
    ("Artikel 12 van de wet van 4 mei 1999 regelt dit.", {"legal", "digits"}, {"intent"}),
    ("Dat kan eventueel later nog.", {"modal"}, {"named", "legal", "past"}),
])
def test_content_flags_tell_a_statement_from_an_intention(sentence, present, absent):
    from pqassist.analysis.content import content_flags

    flags = content_flags(sentence)
    assert present <= flags, flags
    assert not absent & flags, flags


def test_the_intent_gate_never_hides_an_intention():
    """The cheap pre-check must hold a word of every intention the full pattern finds."""
    from pqassist.analysis.sentence_facts import INTENT, INTENT_GATE, WORD

    sentences = ["Dat zal de komende maanden grondig bekeken worden.", "Het dossier wordt thans bestudeerd.",
                 "Wij willen dat samen met de sector evalueren.", "Dit gebeurt in de mate van het mogelijke.",
                 "Indien noodzakelijk grijp ik in.", "De resultaten worden nog geanalyseerd.",
                 "Ik zal de situatie van nabij opvolgen.", "Dit komt te gelegener tijd aan bod."]
    for sentence in sentences:
        assert INTENT.search(sentence), sentence
        assert INTENT_GATE & set(WORD.findall(sentence.lower())), sentence


def test_a_shared_passage_is_divided_among_its_items_by_their_words():
    """Two items answered by one passage: each sentence goes to the item whose words it takes
    up; an item none of whose words come back gets no sentence of its own."""
    from pqassist.analysis.answer_model import answer_model
    from pqassist.analysis.content import share_features
    from pqassist.analysis.similarity import terms

    passage = ("De gemeentelijke sporthallen werden in 2022 volledig gerenoveerd. "
               "De renovatie van de sporthallen kostte 2 miljoen euro. "
               "Het zwembad blijft open tot de zomer.")
    model = answer_model(passage)
    halls = list(terms("Wanneer werden de sporthallen gerenoveerd?"))
    pool = list(terms("Blijft het zwembad open?"))
    library = list(terms("Hoeveel boeken telt de bibliotheek?"))
    assert share_features(model, halls, [pool])["share.own"] == pytest.approx(2 / 3)
    assert share_features(model, pool, [halls])["share.own"] == pytest.approx(1 / 3)
    assert share_features(model, library, [halls, pool])["share.none"] == 1.0


def test_an_ask_check_is_read_only():
    from pqassist.analysis.asks import check_asks

    check = check_asks(["Hoeveel dossiers werden er in 2023 behandeld?"], "In 2023 werden 45 dossiers behandeld.")[0]
    assert (check.status, check.kinds, check.lacking) == ("covered", frozenset({"figures"}), ())
    with pytest.raises(AttributeError):
        check.status = "missing"  # type: ignore[misc]


def test_verdicts_are_looked_up_by_the_names_the_model_gives():
    from pqassist.analysis.suggest import _verdict

    assert all(_verdict(verdict.value) is Verdict(verdict.value) for verdict in Verdict)
    with pytest.raises(ValueError):
        _verdict("no such verdict")


def test_no_suggestion_quotes_the_same_words_twice():
    """Two asks answered by one sentence ("Op 1 oktober stonden 1.184 aanvragen ..., voor een
    totaal van 2,31 miljard euro") show that sentence once as evidence, not once per ask."""
    from pqassist.data import data_path
    from pqassist.parse.load import load_dossier

    example = load_dossier(data_path("example-vlaams-parlement.txt"))

    question = ("Wachtlijst. \n\n 1. Hoeveel aanvragen staan op de wachtlijst? Over welk totaalbedrag gaat het?"
                "2. Hoe lang duurt het wachten?")
    answer = ("1. Op 1 oktober stonden 1.184 aanvragen op de wachtlijst, voor een totaal van 2,31 miljard "
              "euro.2. Gemiddeld 6,4 jaar.")
    for analysis in (analyse(example), analyse(parse(question, answer=answer, hints=Meta(parliament="kamer")))):
        for item_id, suggestion in analysis.suggestions.items():
            quotes = [(e.source, e.text) for e in suggestion.evidence]
            assert len(quotes) == len(set(quotes)), (item_id, quotes)


def test_an_ask_answered_only_by_an_announcement_is_not_covered():
    """"Hoe zal het materiaal vervoerd worden?" - "Het vervoer van het materiaal zal later
    bekeken worden.": the sentence that fits the ask best only says it will be looked at; the
    ask is not covered."""
    analysis = federal(
        "1. Vanaf wanneer wordt de site voor opslag gebruikt? Hoe zal het materiaal naar de site vervoerd worden?",
        "1. De strijdkrachten gebruiken de site voor opslag vanaf 1 mei 2026. Het vervoer van het materiaal naar "
        "de site zal later met de betrokken diensten bekeken worden.")
    checks = features_all(analysis)["1"].checks
    assert [c.status for c in checks] == ["covered", "missing"], checks
    assert checks[1].lacking == ("announced",)
    assert features_all(analysis)["1"].values["asks.some_covered_some_not"] == 1.0
    suggestion = analysis.suggestions["1"]  # the model weighs it: a gap, or marked to check
    assert suggestion.verdict.is_gap or suggestion.to_check, suggestion


@pytest.mark.parametrize("answer", [
    "1. Het project zal op 1 mei 2026 starten.",  # an intention that gives the date asked
    "1. De werken zijn op 1 mei 2026 gestart.",
])
def test_an_intention_that_gives_what_is_asked_covers_the_ask(answer):
    analysis = federal("1. Wanneer start het project?", answer)
    (check,) = features_all(analysis)["1"].checks
    assert check.status == "covered", check


def test_a_partial_suggestion_always_names_what_is_missing():
    """"Gedeeltelijk" tells the staffer which part went unanswered: over the bundled example and
    every fixture document, each item suggested partial names at least one missing ask. The
    example's 1a (both asks given in one sentence) is suggested answered, as labelled."""
    from conftest import FIXTURES

    from pqassist.data import data_path
    from pqassist.parse.load import load_dossier

    paths = [data_path("example-vlaams-parlement.txt")]
    paths += sorted(p for folder in ("vlaams", "kamer", "tweede-kamer") for p in (FIXTURES / folder).glob("*.txt"))
    partial = 0
    for path in paths:
        analysis = analyse(load_dossier(path))
        for item_id, suggestion in analysis.suggestions.items():
            if suggestion.verdict is Verdict.PARTIAL:
                partial += 1
                assert suggestion.missing and "ontbreekt" in suggestion.reason, (path.name, item_id, suggestion)
        if path.name.startswith("example"):
            assert analysis.suggestions["1a"].verdict is Verdict.ANSWERED, analysis.suggestions["1a"]
    assert partial >= 2  # the rule is seen at work, not vacuously true


def suggested(checks, values: dict, likeliest: str = "answered"):
    """Return the suggestion for an item with these ask checks and feature values, from a model
    that says ``likeliest`` ("answered" or "general") whatever the values."""
    from pqassist.analysis.features import ItemFeatures
    from pqassist.analysis.suggest import suggestion_from
    from pqassist.analysis.verdict_model import VerdictModel

    intercepts = (3.0, 0.0) if likeliest == "answered" else (0.0, 3.0)
    model = VerdictModel(("answered", "general"), ("asks.missing",), ((0.0,), (0.0,)), intercepts)
    return suggestion_from(ItemFeatures("1", values, checks=tuple(checks)), model)


def test_an_item_suggested_answered_says_which_ask_was_not_found():
    """The model may weigh an ask found missing as no gap; the reason then does not claim
    "elke deelvraag krijgt een antwoord" but says what the checks did not find."""
    from pqassist.analysis.asks import AskCheck

    checks = (AskCheck("Welke criteria golden er?", frozenset(), "covered"),
              AskCheck("Kan de minister de lijst als bijlage bezorgen?", frozenset({"annex"}), "missing", ("annex",)))
    suggestion = suggested(checks, {"asks.missing": 0.5})
    assert suggestion.verdict is Verdict.ANSWERED
    assert suggestion.reason == "lijkt beantwoord; niet teruggevonden: de gevraagde bijlage"
    assert suggestion.missing == ("Kan de minister de lijst als bijlage bezorgen?",)  # highlighted in the app
    all_given = suggested(checks[:1], {})
    assert all_given.reason == Verdict.ANSWERED.reason_nl and all_given.missing == ()


def test_an_answered_item_whose_ask_words_do_not_come_back_says_so_without_contradiction():
    """"lijkt beantwoord; niet teruggevonden: een antwoord op deze vraag" contradicts itself;
    what the checks missed is the subject of the ask."""
    from pqassist.analysis.asks import AskCheck

    off_topic = AskCheck("Welke sancties zijn eraan verbonden?", frozenset(), "missing", ("topic",))
    one = suggested([off_topic], {"asks.missing": 1.0})
    assert one.reason == "lijkt beantwoord; niet teruggevonden: het onderwerp van de vraag"
    given = AskCheck("Wie controleert?", frozenset(), "covered")
    two = suggested([given, off_topic], {"asks.missing": 0.5})
    assert two.reason == "lijkt beantwoord; niet teruggevonden: het onderwerp van een deelvraag"
    assert suggested([off_topic], {"asks.missing": 1.0}, likeliest="general").reason.endswith(
        "ontbreekt: een antwoord op deze vraag")


@pytest.mark.parametrize("ask, answer", [
    ("Deelt u de mening dat een bijkomende studie nodig is?",
     "Volgens de administratie volstaan de inspecties van vorig jaar. Een dergelijke studie is dan ook niet nodig."),
    ("Is het volgens u niet logisch dat werknemers ook bij de hulpkas terechtkunnen?",
     "Ik kan bevestigen dat de werkloze vrij kiest tussen de hulpkas en een vakbond."),
])
def test_a_position_denied_or_confirmed_answers_an_opinion_question(ask, answer):
    """"... is niet nodig" and "Ik kan bevestigen dat ..." state a position: the opinion
    asked for is given (without them the ask counted as missing its position)."""
    from pqassist.analysis.asks import check_asks

    (check,) = check_asks([ask], answer)
    assert "opinion" in check.kinds and check.status == "covered", check
    (without,) = check_asks([ask], "Volgens de administratie volstaan de inspecties van vorig jaar.")
    assert without.status == "missing" and "opinion" in without.lacking, without
