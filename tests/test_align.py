"""Alignment on hand-written documents: printed labels, letters under a number, items no
passage addresses, unnumbered answers aligned by content, and references between passages.

Every text here is invented for these tests (topics, names and figures alike).
"""

from __future__ import annotations

import pytest

from pqassist.model import Meta, Verdict
from pqassist.parse import parse
from pqassist.analysis.pipeline import analyse

KAMER = Meta(parliament="kamer")


def federal(question: str, answer: str):
    """Return the analysis of a federal open-data row: question and answer as two texts."""
    return analyse(parse(question, answer=answer, hints=KAMER))


def flemish(title: str, context: str, questions: str, answer: str):
    """Return the analysis of a whole Flemish document built around the given parts."""
    text = f"""SCHRIFTELIJKE VRAAG 
nr. 143 van PIETER VANHOUTTE
datum: 14 maart 2025

INGE MAES
VLAAMS MINISTER VAN MOBILITEIT EN WATERWEGEN

{title}

{context}

{questions}



INGE MAES
VLAAMS MINISTER VAN MOBILITEIT EN WATERWEGEN

ANTWOORD 
op vraag nr. 143 van 14 maart 2025
van PIETER VANHOUTTE

{answer}
"""
    return analyse(parse(text))


def label_links(analysis, item_id: str):
    return [l for l in analysis.links[item_id] if l.kind == "label"]


# --- printed labels, groups and ranges ---------------------------------------------------

LABEL_CASES = [
    pytest.param(
        "Fietspaden langs gewestwegen. \n\n In mijn gemeente ontbreken veilige fietspaden langs de "
        "drukke invalswegen. 1. Hoeveel kilometer fietspad werd in 2022 aangelegd? 2. Hoeveel "
        "kilometer werd in 2023 aangelegd?3. Welke projecten staan gepland voor volgend jaar?",
        "1. en 2. In 2022 werd 42 kilometer fietspad aangelegd, in 2023 was dat 57 kilometer.3. Voor "
        "volgend jaar staan de projecten in Hasselt en Genk gepland.",
        {"1": ("1", "2"), "2": ("1", "2"), "3": ("3",)},
        id="een-en-twee",
    ),
    pytest.param(
        "Onderhoud van spoorbruggen. \n\n Bij een recente inspectie bleken verschillende bruggen in "
        "slechte staat. 1. Hoeveel bruggen werden in 2023 geïnspecteerd?2. Bij hoeveel bruggen werden "
        "ernstige gebreken vastgesteld?3. Welk budget is voorzien voor herstellingen?4. Wanneer starten "
        "de werken aan de brug in Temse?",
        "1. tot 3. In 2023 werden 214 bruggen geïnspecteerd. Bij 17 bruggen werden ernstige gebreken "
        "vastgesteld. Voor herstellingen is 23 miljoen euro uitgetrokken.4. De werken in Temse starten "
        "in september 2025.",
        {"1": ("1", "2", "3"), "2": ("1", "2", "3"), "3": ("1", "2", "3"), "4": ("4",)},
        id="een-tot-drie",
    ),
    pytest.param(
        "Winteropvang voor daklozen. \n\n Tijdens koude nachten zijn de opvangplaatsen vaak volzet. "
        "1. Hoeveel opvangplaatsen waren er tijdens de voorbije winter beschikbaar?2. Hoeveel personen "
        "moesten worden geweigerd?3. a) Welke organisaties ontvangen een subsidie? b) Hoeveel bedraagt "
        "die subsidie per organisatie? c) Voor welke periode werd de subsidie toegekend?4. Overweegt u "
        "bijkomende plaatsen te openen?",
        "1., 2., 3. b), 3. c) en 4. Tijdens de voorbije winter waren 640 plaatsen beschikbaar; 85 "
        "personen moesten worden doorverwezen. Elke organisatie ontvangt 120.000 euro voor de periode "
        "2024-2026. Bijkomende plaatsen worden geopend in Brussel.3. a) De subsidie gaat naar "
        "Samusocial, het Rode Kruis en de vzw Ilot.",
        {"1": ("1", "2", "3b", "3c", "4"), "3a": ("3a",), "3b": ("1", "2", "3b", "3c", "4"),
         "3c": ("1", "2", "3b", "3c", "4"), "4": ("1", "2", "3b", "3c", "4")},
        id="lijst-met-letters",
    ),
    pytest.param(
        "Speelpleinwerking in de zomer. \n\n Veel gemeenten vinden moeilijk animatoren. 1. Hoeveel "
        "kinderen namen vorige zomer deel aan een speelplein?2. a) Hoeveel animatoren waren actief? b) "
        "Hoeveel daarvan hadden een attest? c) Hoeveel bedroeg de vergoeding per dag?3. Welke gemeenten "
        "organiseerden geen speelpleinwerking?",
        "1. Vorige zomer namen 48.000 kinderen deel.2. a) Er waren 3.100 animatoren actief. b) en c) Van "
        "hen hadden 2.250 een attest; de vergoeding bedroeg gemiddeld 25 euro per dag.3. Het gaat om "
        "Herstappe en Mesen.",
        {"2a": ("2a",), "2b": ("2b", "2c"), "2c": ("2b", "2c"), "3": ("3",)},
        id="b-en-c",
    ),
]


@pytest.mark.parametrize("question, answer, expected", LABEL_CASES)
def test_printed_labels_link_every_item_to_its_group(question, answer, expected):
    analysis = federal(question, answer)
    for item_id, covers in expected.items():
        links = label_links(analysis, item_id)
        assert len(links) == 1, (item_id, analysis.links[item_id])
        passage = analysis.dossier.passages[links[0].passage]
        assert passage.covers == covers
        assert links[0].reason.startswith("genummerd als ") and passage.label in links[0].reason
        assert links[0].score == 1.0


def test_grouped_answer_is_the_same_text_for_every_item_of_the_group():
    question, answer, _ = LABEL_CASES[1].values
    analysis = federal(question, answer)
    assert analysis.answer_for("1") == analysis.answer_for("2") == analysis.answer_for("3")
    assert "214 bruggen" in analysis.answer_for("3")
    assert "Temse" not in analysis.answer_for("3")
    assert analysis.answer_for("4").startswith("De werken in Temse")


# --- a number covers its letters when the answer prints none ------------------------------

NUMBER_COVERS_LETTERS = [
    pytest.param(
        "Lerarentekort in het basisonderwijs. \n\n Scholen melden nog steeds openstaande vacatures. "
        "1. a) Hoeveel vacatures stonden op 1 september open? b) In welke provincies is het tekort het "
        "grootst? c) Hoeveel zij-instromers begonnen dit schooljaar?2. Welke acties onderneemt u?",
        "1. Op 1 september stonden 1.240 vacatures open, vooral in Antwerpen en Vlaams-Brabant. Dit "
        "schooljaar begonnen 610 zij-instromers.2. Ik verhoog de startwedde en breid de "
        "lerarenopleiding uit.",
        ("1a", "1b", "1c"),
        id="federaal",
    ),
    pytest.param(
        "Gebruik van de nationale noodnummers. \n\n Het noodnummer 112 wordt vaak gebeld voor zaken "
        "die geen noodgeval zijn. 1. a) Hoeveel oproepen kwamen in 2024 binnen? b) Hoeveel daarvan "
        "waren onterecht? c) Welke campagne plant u om het juiste gebruik te promoten?",
        "1. In 2024 kwamen 2,3 miljoen oproepen binnen, waarvan ongeveer 40 procent geen dringende hulp "
        "vereiste. In het voorjaar loopt een campagne op sociale media en in de stations.",
        ("1a", "1b", "1c"),
        id="enkel-vraag-een",
    ),
]


@pytest.mark.parametrize("question, answer, letters", NUMBER_COVERS_LETTERS)
def test_passage_printed_with_a_number_answers_all_its_letters(question, answer, letters):
    analysis = federal(question, answer)
    assert tuple(i.id for i in analysis.dossier.items if i.id[0] == "1") == letters
    texts = set()
    for item_id in letters:
        links = label_links(analysis, item_id)
        assert links, f"{item_id} has no label link"
        assert analysis.dossier.passages[links[0].passage].label == "1."
        texts.add(analysis.answer_for(item_id))
    assert len(texts) == 1


def test_flemish_number_covers_its_letters():
    analysis = flemish(
        "Waterbeheer - Overstromingen langs de Dijle",
        "Na de hevige regenval van vorig najaar liepen opnieuw kelders onder water in Rotselaar.",
        "1. Over de bufferbekkens:\n\na) Hoeveel bufferbekkens zijn er langs de Dijle?\n\n"
        "b) Welke bekkens worden dit jaar uitgebreid?\n\n2. Wanneer is de nieuwe dijk in Rotselaar klaar?",
        "1. Langs de Dijle liggen elf bufferbekkens. Dit jaar worden de bekkens in Wezemaal en Werchter "
        "uitgebreid.\n\n2. De dijk in Rotselaar is klaar in juni 2026.",
    )
    assert [i.id for i in analysis.dossier.items] == ["1a", "1b", "2"]
    for item_id in ("1a", "1b"):
        (link,) = label_links(analysis, item_id)
        assert analysis.dossier.passages[link.passage].label.startswith("1")
    assert analysis.answer_for("2").startswith("De dijk in Rotselaar")


# --- an item no passage addresses: no link, shown as unanswered ---------------------------

SKIPPED = [
    pytest.param(
        "Registratie van drones. \n\n Het aantal drones in het luchtruim neemt snel toe. 1. Hoeveel "
        "drones zijn vandaag geregistreerd?2. Hoeveel boetes werden in 2024 uitgeschreven voor "
        "vliegen zonder registratie?3. Plant u een verplichte opleiding voor recreatieve piloten?",
        "1. Vandaag zijn 31.500 drones geregistreerd.3. Een verplichte online opleiding voor "
        "recreatieve piloten gaat van start in januari 2026.",
        "2",
        id="federaal-middelste",
    ),
    pytest.param(
        "Loodleidingen in oude woningen. \n\n In veel woningen van voor 1970 liggen nog loden "
        "waterleidingen. 1. Hoeveel woningen hebben volgens de drinkwatermaatschappijen nog een "
        "loden aansluiting?2. Welke premie kunnen eigenaars krijgen om die te vervangen?3. Hoeveel "
        "gezinnen vroegen die premie al aan?",
        "1. De drinkwatermaatschappijen schatten dat nog 64.000 woningen een loden aansluiting "
        "hebben.2. Eigenaars kunnen een premie van 500 euro per aansluiting krijgen.",
        "3",
        id="federaal-laatste",
    ),
]


@pytest.mark.parametrize("question, answer, skipped", SKIPPED)
def test_item_no_passage_addresses_has_no_link_and_is_unanswered(question, answer, skipped):
    analysis = federal(question, answer)
    assert skipped in [i.id for i in analysis.dossier.items]
    assert analysis.links[skipped] == ()
    assert analysis.answer_for(skipped) == ""
    assert analysis.suggestions[skipped].verdict is Verdict.UNANSWERED
    others = [i.id for i in analysis.dossier.items if i.id != skipped]
    assert all(analysis.links[i] for i in others)


def test_flemish_item_no_passage_addresses_is_kept():
    analysis = flemish(
        "Openbaar vervoer - Nachtbussen in Gent",
        "Studenten vragen al langer om nachtbussen tussen het centrum en de campussen.",
        "1. Hoeveel reizigers namen in 2024 de nachtbus in Gent?\n\n"
        "2. Welke lijnen worden volgend jaar uitgebreid?\n\n"
        "3. Overweegt de minister een nachtbus naar de campus Sterre?",
        "1. In 2024 namen 212.000 reizigers de nachtbus in Gent.\n\n"
        "3. Een nachtbus naar de campus Sterre wordt vanaf september 2025 getest.",
    )
    assert [i.id for i in analysis.dossier.items] == ["1", "2", "3"]
    assert analysis.links["2"] == ()
    assert analysis.suggestions["2"].verdict is Verdict.UNANSWERED
    assert analysis.answer_for("3").startswith("Een nachtbus naar de campus Sterre")


# --- unnumbered answers aligned by content, in document order -----------------------------

VEER = dict(
    title="Veerdiensten op de Schelde - Dienstverlening",
    context="Sinds de zomer varen de veerboten tussen Hemiksem en Bazel minder vaak. Pendelaars met de "
    "fiets melden dat ze soms een uur moeten wachten.",
    questions="1. Hoeveel overtochten maakte het veer tussen Hemiksem en Bazel in 2024?\n\n"
    "2. Waarom werd de dienstregeling tijdens de zomermaanden ingekrompen?\n\n"
    "3. Wanneer wordt de nieuwe elektrische veerboot in gebruik genomen?",
)

CONTENT_CASES = [
    pytest.param(
        VEER,
        "In 2024 voer het veer tussen Hemiksem en Bazel 18.420 keer over. Dat zijn er ongeveer 900 "
        "minder dan een jaar eerder.\n\nDe dienstregeling werd in de zomer ingekrompen omdat twee "
        "schippers langdurig ziek waren. De Vlaamse Waterweg heeft intussen drie nieuwe schippers "
        "aangeworven.\n\nDe nieuwe elektrische veerboot wordt in oktober 2025 geleverd en vaart vanaf "
        "januari 2026 op de lijn.",
        {"1": "In 2024 voer het veer", "2": "De dienstregeling werd in de zomer", "3": "De nieuwe elektrische veerboot"},
        id="veer-drie-alineas",
    ),
    pytest.param(
        VEER,
        "In 2024 voer het veer tussen Hemiksem en Bazel 18.420 keer over. De dienstregeling werd in de "
        "zomer ingekrompen omdat twee schippers langdurig ziek waren. De nieuwe elektrische veerboot "
        "vaart vanaf januari 2026 op de lijn.",
        {"1": "In 2024 voer het veer", "2": "De dienstregeling werd in de zomer", "3": "De nieuwe elektrische veerboot"},
        id="veer-een-alinea",
    ),
    pytest.param(
        dict(
            title="Natuurbeheer - Wolven in de Kempen",
            context="Sinds enkele jaren leeft er opnieuw een roedel wolven in Limburg. Schapenhouders "
            "vragen meer steun voor omheiningen.",
            questions="1. Hoeveel wolven leven er momenteel in Vlaanderen?\n\n"
            "2. Hoeveel schapen werden vorig jaar door een wolf gedood?\n\n"
            "3. Welke vergoeding krijgen schapenhouders voor wolfwerende omheiningen?",
        ),
        "Volgens het Instituut voor Natuur- en Bosonderzoek leven er momenteel negen wolven in "
        "Vlaanderen, verdeeld over twee roedels.\n\nVorig jaar werden 74 schapen door een wolf "
        "gedood; alle schapenhouders werden daarvoor vergoed.\n\nVoor een wolfwerende omheining "
        "betaalt de overheid tot 80 procent van de kosten terug.",
        {"1": "Volgens het Instituut voor Natuur", "2": "Vorig jaar werden 74 schapen", "3": "Voor een wolfwerende omheining"},
        id="wolven",
    ),
]


@pytest.mark.parametrize("parts, answer, starts", CONTENT_CASES)
def test_unnumbered_answer_is_aligned_by_content_in_order(parts, answer, starts):
    analysis = flemish(answer=answer, **parts)
    assert [i.id for i in analysis.dossier.items] == list(starts)
    previous = -1
    for item_id, opening in starts.items():
        (link,) = analysis.links[item_id]
        assert link.kind == "content"
        assert analysis.answer_for(item_id).startswith(opening), (item_id, analysis.answer_for(item_id)[:80])
        assert link.start >= previous
        previous = link.start
    # each item's stretch ends where the next one starts: item 1 does not run into item 3
    assert "veerboot" not in analysis.answer_for("1") and "omheining" not in analysis.answer_for("1")


SHARED_START = [
    pytest.param(
        dict(
            title="Energie - Zonnepanelen op scholen",
            context="Veel scholen willen zonnepanelen leggen, maar botsen op de kosten.",
            questions="1. Hoeveel scholen legden vorig jaar zonnepanelen met steun van de overheid?\n\n"
            "2. Hoeveel subsidie werd daarvoor in totaal uitgekeerd?\n\n"
            "3. Wanneer start de nieuwe oproep voor scholen?",
        ),
        "Vorig jaar legden 312 scholen zonnepanelen met overheidssteun, waarvoor in totaal 9,4 miljoen "
        "euro subsidie werd uitgekeerd. Die steun dekt gemiddeld een derde van de kosten.\n\n"
        "De nieuwe oproep voor scholen start op 1 oktober 2025.",
        ("1", "2"),
        "3",
        "De nieuwe oproep voor scholen",
        id="zonnepanelen",
    ),
    pytest.param(
        dict(
            title="Mobiliteit - Deelfietsen in centrumsteden",
            context="Verschillende steden breiden hun deelfietssysteem uit naar de randgemeenten.",
            questions="1. Hoeveel deelfietsen zijn er vandaag beschikbaar in Leuven?\n\n"
            "2. Hoeveel ritten werden er vorig jaar met die deelfietsen gemaakt?\n\n"
            "3. Wanneer worden de randgemeenten aangesloten?",
        ),
        "In Leuven zijn vandaag 1.150 deelfietsen beschikbaar, waarmee vorig jaar 820.000 ritten werden "
        "gemaakt.\n\nDe randgemeenten worden aangesloten in de loop van 2026.",
        ("1", "2"),
        "3",
        "De randgemeenten worden aangesloten",
        id="deelfietsen",
    ),
    pytest.param(
        dict(
            title="Cultuur - Bibliotheken op zondag",
            context="Enkele steden openen hun bibliotheek op zondag, andere niet.",
            questions="1. Hoeveel openbare bibliotheken zijn op zondag open?\n\n"
            "2. In welke steden gaat het om?\n\n"
            "3. Wanneer wordt de evaluatie van het proefproject verwacht?",
        ),
        "Op zondag zijn elf openbare bibliotheken open, in Antwerpen, Gent, Leuven, Brugge en "
        "Kortrijk.\n\nHet proefproject wordt geëvalueerd in het voorjaar van 2026.",
        ("1", "2"),
        "3",
        "Het proefproject wordt geëvalueerd",
        id="bibliotheken",
    ),
]


@pytest.mark.parametrize("parts, answer, joint, last, opening", SHARED_START)
def test_items_answered_in_one_sentence_share_a_start(parts, answer, joint, last, opening):
    analysis = flemish(answer=answer, **parts)
    starts = {analysis.links[i][0].start for i in joint}
    assert len(starts) == 1, {i: analysis.links[i] for i in joint}
    assert analysis.answer_for(last).startswith(opening)
    assert analysis.links[last][0].start > starts.pop()


# --- a reference to another item's answer ------------------------------------------------

REFERENCE_CASES = [
    pytest.param(
        "Controle op zwartwerk in de bouw. \n\n De inspectiediensten melden een stijging van "
        "zwartwerk op bouwwerven. 1. Hoeveel controles voerde de inspectie in 2024 uit op "
        "bouwwerven?2. Hoeveel inbreuken werden daarbij vastgesteld?3. Hoeveel van die inbreuken "
        "leidden tot een boete?",
        "1. In 2024 voerde de inspectie 5.870 controles uit op bouwwerven.2. Daarbij werden 1.312 "
        "inbreuken vastgesteld.3. Zie mijn antwoord op vraag 2. Een opsplitsing naar sanctie is niet "
        "beschikbaar.",
        "3",
        "2",
        id="zie-vraag-2",
    ),
    pytest.param(
        "Wachttijden bij de paspoortdienst. \n\n Burgers wachten soms weken op een afspraak voor "
        "een paspoort. 1. Hoe lang bedraagt de gemiddelde wachttijd voor een afspraak?2. Hoeveel "
        "spoedprocedures werden vorig jaar aangevraagd?3. Welke stappen zet u om de "
        "wachttijden in te korten?",
        "1. De gemiddelde wachttijd bedraagt vandaag negentien dagen.2. Vorig jaar werden 41.000 "
        "spoedprocedures aangevraagd.3. Hiervoor verwijs ik naar het antwoord op vraag 1, waarin ik de "
        "evolutie van de wachttijden toelicht.",
        "3",
        "1",
        id="verwijs-naar-vraag-1",
    ),
    pytest.param(
        "Asbest in schoolgebouwen. \n\n Heel wat scholen dateren van voor het asbestverbod. 1. In "
        "hoeveel scholen werd asbest aangetroffen?2. Hoeveel scholen werden al gesaneerd?3. Welk "
        "budget is voorzien voor de sanering van de overige scholen?",
        "1. In 1.420 scholen werd asbest aangetroffen.2. Daarvan werden er 380 gesaneerd.3. Gelet "
        "op het antwoord op vraag 2 voorziet de regering 150 miljoen euro voor de overige scholen.",
        "3",
        "2",
        id="gelet-op-vraag-2",
    ),
]


@pytest.mark.parametrize("question, answer, source, target", REFERENCE_CASES)
def test_reference_to_another_answer_adds_a_reference_link(question, answer, source, target):
    analysis = federal(question, answer)
    target_passage = label_links(analysis, target)[0].passage
    refs = [l for l in analysis.links[source] if l.kind == "reference"]
    assert [l.passage for l in refs] == [target_passage]
    assert refs[0].reason and 0 < refs[0].score < 1
    own = label_links(analysis, source)
    assert own and own[0].passage != target_passage
    # the staffer sees the referenced passage beside the answer, not inside it
    target_text = analysis.dossier.passages[target_passage].text
    assert target_text not in analysis.answer_for(source)
    assert analysis.answer_for(source) == analysis.dossier.passages[own[0].passage].text


def test_reference_link_is_not_added_to_the_referenced_item():
    question, answer, source, target = REFERENCE_CASES[1].values
    analysis = federal(question, answer)
    assert any(l.kind == "reference" for l in analysis.links[source])
    assert all(l.kind != "reference" for l in analysis.links[target])


# --- every link has a score and a reason -------------------------------------------------

def _all_analyses():
    for case in LABEL_CASES + NUMBER_COVERS_LETTERS + SKIPPED:
        yield pytest.param(lambda v=case.values: federal(v[0], v[1]), id="label-" + case.id)
    for case in CONTENT_CASES:
        yield pytest.param(lambda v=case.values: flemish(answer=v[1], **v[0]), id="content-" + case.id)
    for case in SHARED_START:
        yield pytest.param(lambda v=case.values: flemish(answer=v[1], **v[0]), id="shared-" + case.id)
    for case in REFERENCE_CASES:
        yield pytest.param(lambda v=case.values: federal(v[0], v[1]), id="reference-" + case.id)


@pytest.mark.parametrize("make", list(_all_analyses()))
def test_every_link_has_a_score_and_a_reason(make):
    analysis = make()
    assert analysis.links.keys() == {i.id for i in analysis.dossier.items}
    for item_id, links in analysis.links.items():
        for link in links:
            assert link.item_id == item_id
            assert link.reason.strip()
            assert 0 < link.score <= 1
            assert link.kind in ("label", "whole", "content", "reference")
            assert 0 <= link.passage < len(analysis.dossier.passages)
            if link.start is not None:
                passage = analysis.dossier.passages[link.passage]
                assert passage.start <= link.start < link.end <= passage.end


def test_an_item_no_label_names_is_found_by_its_words_or_left_unanswered():
    from pqassist.model import Meta
    from pqassist.parse import parse
    from pqassist.analysis.pipeline import analyse

    question = (
        "Fietsbeleid. \n\n Inleiding. 1. Hoeveel kilometer fietspad werd aangelegd in Limburg?"
        "2. Welke gemeenten kregen subsidies voor fietsenstallingen?"
        "3. Hoeveel kost het onderhoud van de overdekte fietsenstallingen in de stations jaarlijks?"
        "4. Wanneer start de proef met deelsteps in Hasselt?"
    )
    answer = (
        "1. Er werd 40 kilometer fietspad aangelegd in Limburg. "
        "2. Het onderhoud van de overdekte fietsenstallingen in de stations kost jaarlijks 2 miljoen euro."
    )
    analysis = analyse(parse(question, answer=answer, hints=Meta(parliament="kamer")))
    (link,) = analysis.links["3"]
    assert link.kind == "content" and link.reason == "gelijkaardige woorden"
    assert analysis.dossier.passages[link.passage].label == "2."
    assert analysis.links["4"] == ()  # nothing in the answer speaks of deelsteps


# --- the answer before the first printed label -------------------------------------------

SPOREN = (
    "Spoorwerken in de Kempen. \n\n De werken aan lijn 15 lopen vertraging op. 1. Wanneer zijn de "
    "werken aan lijn 15 klaar?2. Hoeveel treinen werden tijdens de werken afgeschaft?3. Welke "
    "vervangbussen zet de NMBS in?"
)


def test_the_text_before_a_first_label_2_answers_item_1():
    """The minister printed no "1.": the answer to question 1 stands before "2." (not an
    introduction left unassigned, which made item 1 look unanswered)."""
    answer = (
        "Infrabel verwacht de werken aan lijn 15 af te ronden tegen eind november 2025, op voorwaarde "
        "dat de leveringen van de bovenleiding op tijd gebeuren.2. Tijdens de werken werden 412 treinen "
        "afgeschaft.3. De NMBS zet tussen Herentals en Geel elk uur twee vervangbussen in."
    )
    analysis = federal(SPOREN, answer)
    (link,) = analysis.links["1"]
    passage = analysis.dossier.passages[link.passage]
    assert passage.label == "" and passage.covers == ("1",) and link.reason == "het hele antwoord"
    assert analysis.answer_for("1").startswith("Infrabel verwacht de werken aan lijn 15")
    assert analysis.suggestions["1"].verdict is not Verdict.UNANSWERED
    assert analysis.answer_for("2").startswith("Tijdens de werken werden 412 treinen")
    assert not analysis.dossier.unassigned  # nothing of the answer is left over


def test_the_text_before_a_later_first_label_is_shared_by_the_items_before_it():
    answer = (
        "De werken aan lijn 15 zijn klaar tegen eind november 2025. Tijdens de werken werden 412 "
        "treinen afgeschaft, vooral in het weekend.3. De NMBS zet elk uur twee vervangbussen in."
    )
    analysis = federal(SPOREN, answer)
    assert analysis.links["1"] and analysis.links["2"]
    assert {analysis.dossier.passages[link.passage].label for i in ("1", "2") for link in analysis.links[i]} == {""}
    assert "412" in analysis.answer_for("2")
    assert analysis.answer_for("3").startswith("De NMBS zet")


@pytest.mark.parametrize("answer", [
    pytest.param("In antwoord op uw vragen kan ik u het volgende meedelen. 1. De werken aan lijn 15 zijn "
                 "klaar tegen eind november 2025.2. Er werden 412 treinen afgeschaft.3. De NMBS zet "
                 "twee vervangbussen per uur in.", id="inleiding-voor-1"),
    pytest.param("Antwoord:2. Er werden 412 treinen afgeschaft.3. De NMBS zet twee vervangbussen "
                 "per uur in.", id="te-kort"),
])
def test_an_introduction_before_1_or_a_few_words_stay_unassigned(answer):
    analysis = federal(SPOREN, answer)
    assert all(p.label for p in analysis.dossier.passages)
    assert analysis.dossier.unassigned  # kept and shown, but no item's answer


GLUED_TO_A_WORD = [
    pytest.param(
        "1. De werken aan lijn 15 zijn klaar tegen eind november 2025. De planning:- Herfst 2025: "
        "bovenleiding- Winter 2025: indienststelling van de sporen2. Er werden 412 treinen afgeschaft.3. "
        "De NMBS zet twee vervangbussen per uur in.",
        {"1": "De werken aan lijn 15", "2": "Er werden 412 treinen", "3": "De NMBS zet"},
        id="na-een-opsomming",
    ),
    pytest.param(
        "1. Eind november 2025.2. Geen enkele trein werd afgeschaft, vooral dankzij de nachtwerken3. "
        "Geen: de treinen rijden gewoon.",
        {"1": "Eind november 2025", "2": "Geen enkele trein", "3": "Geen: de treinen"},
        id="kort-antwoord",
    ),
]


@pytest.mark.parametrize("answer, starts", GLUED_TO_A_WORD)
def test_a_label_glued_to_the_last_word_of_a_sentence_without_full_stop(answer, starts):
    """"... van de sporen2. Er werden ...": the sentence before ends without a full stop; the
    next item's number is its label, not part of the word."""
    analysis = federal(SPOREN, answer)
    for item_id, start in starts.items():
        assert analysis.answer_for(item_id).startswith(start), (item_id, analysis.answer_for(item_id))
    assert all(analysis.suggestions[i].verdict is not Verdict.UNANSWERED for i in starts)


def test_a_group_label_glued_to_a_word_answers_its_items():
    answer = ("1. De werken zijn klaar tegen eind november 2025, met vertraging door de bovenleiding2. en 3. Voor "
              "deze vragen verwijs ik naar de NMBS.")
    analysis = federal(SPOREN, answer)
    for item_id in ("2", "3"):
        (link,) = analysis.links[item_id]
        assert analysis.dossier.passages[link.passage].label == "2. en 3."
        assert analysis.answer_for(item_id) == "Voor deze vragen verwijs ik naar de NMBS."
    assert analysis.answer_for("1").endswith("door de bovenleiding")


@pytest.mark.parametrize("glued", [
    "de nieuwe machine Tamper7. De",  # no item 7
    "de nieuwe machine tamper2. de",  # no sentence follows
    "een baanvak van 800 m22. de",  # a unit, but no sentence follows
])
def test_a_number_glued_to_a_word_that_opens_no_answer_is_no_label(glued):
    answer = (f"1. De werken zijn klaar tegen eind november 2025 dankzij {glued} nieuwe planning.3. "
              "De NMBS zet twee vervangbussen per uur in.")
    analysis = federal(SPOREN, answer)
    assert glued in analysis.answer_for("1")
    assert analysis.links["2"] == ()


def test_a_number_answered_through_its_letters_has_their_answers():
    """"2. Waar werden de goederen aangetroffen? a) ... b) ..." answered "2. a) ... b) ...": the
    number's own question is answered by its letters' answers (it was suggested unanswered,
    so the draft told the minister a question had no answer); the letters keep their own."""
    from pqassist.analysis.features import features_all

    question = (
        "Vervalste geneesmiddelen. \n\n 1. Hoeveel zendingen werden in 2024 onderschept?2. Waar werden de "
        "goederen aangetroffen?a) Gaat het om de havens van Antwerpen en Gent?b) Gaat het om de luchthavens?"
    )
    answer = ("1. Er werden 1.204 zendingen onderschept.2. a) In de haven van Antwerpen werden 312 zendingen "
              "onderschept, in Gent geen.b) Op de luchthaven van Zaventem werden 890 zendingen onderschept.")
    analysis = federal(question, answer)
    assert [i.id for i in analysis.dossier.items] == ["1", "2", "2a", "2b"]
    links = analysis.links["2"]
    assert [link.kind for link in links] == ["letters", "letters"]
    assert links[0].reason == "beantwoord per onderdeel, a) tot b)"
    assert "Antwerpen" in analysis.answer_for("2") and "Zaventem" in analysis.answer_for("2")
    assert analysis.suggestions["2"].verdict is not Verdict.UNANSWERED
    features = features_all(analysis)
    for letter in ("2a", "2b"):  # still each letter's own passage, shared with no rival
        assert features[letter].values["link.dedicated"] == 1.0 and features[letter].values.get("link.shared", 0) == 0


@pytest.mark.parametrize("closing, verdicts", [
    ("De andere vragen behoren tot de bevoegdheid van de minister van Mobiliteit.",
     {Verdict.NOT_COMPETENT, Verdict.REFERRAL}),
    ("Voor uw verdere vragen verwijs ik u naar de minister van Mobiliteit.", {Verdict.NOT_COMPETENT, Verdict.REFERRAL}),
])
def test_the_answers_words_on_the_other_questions_answer_them(closing, verdicts):
    """"1. ... De andere vragen behoren tot de bevoegdheid van ...": items 2 and 3 have that
    sentence as their answer, not no answer at all."""
    answer = f"1. De werken aan lijn 15 zijn klaar tegen eind november 2025. {closing}"
    analysis = federal(SPOREN, answer)
    assert analysis.answer_for("1").startswith("De werken aan lijn 15")
    for item_id in ("2", "3"):
        (link,) = analysis.links[item_id]
        assert link.reason == "het antwoord spreekt over de andere vragen"
        assert analysis.answer_for(item_id) == closing
        assert analysis.suggestions[item_id].verdict in verdicts, analysis.suggestions[item_id]


def test_the_next_question_alone_is_not_the_other_questions():
    answer = ("1. De werken aan lijn 15 zijn klaar tegen eind november 2025. Dat geldt ook voor uw volgende "
              "vraag over de bovenleiding.")
    analysis = federal(SPOREN, answer)
    assert analysis.links["2"] == () and analysis.links["3"] == ()


VIER = (
    "Spoorwerken in de Kempen. \n\n 1. Wanneer zijn de werken klaar?2. Hoeveel treinen werden afgeschaft?"
    "3. Welke vervangbussen zet de NMBS in?4. Hoe worden de reizigers verwittigd?"
)


def test_a_number_printed_twice_by_mistake_answers_the_next_item():
    """"1. ... 2. ... 2. ... 4. ...": the second "2." is the answer to question 3 (it was
    suggested unanswered, its answer run into item 2's)."""
    answer = ("1. De werken zijn klaar tegen eind november 2025. 2. Er werden 412 treinen afgeschaft. "
              "2. De NMBS zet elk uur twee vervangbussen in. 4. De reizigers worden via de app verwittigd.")
    analysis = federal(VIER, answer)
    (link,) = analysis.links["3"]
    assert link.reason == "genummerd als 3. (gedrukt als 2.)"
    assert analysis.answer_for("3").startswith("De NMBS zet elk uur")
    assert analysis.answer_for("2") == "Er werden 412 treinen afgeschaft."


def test_every_answer_numbered_one_lower_after_a_repeat_answers_the_next_item():
    """"1. ... 1. ... 2. ... 3." for questions 1 to 4: the minister printed "1." twice and
    numbered every later answer one lower. Read as printed, item 2 got the answer to 3, item 3
    the answer to 4, and item 4 was suggested unanswered."""
    answer = ("1. De werken zijn klaar tegen eind november 2025. 1. Er werden 412 treinen afgeschaft. "
              "2. De NMBS zet elk uur twee vervangbussen in. 3. De reizigers worden via de app verwittigd.")
    analysis = federal(VIER, answer)
    assert [p.label for p in analysis.dossier.passages] == [
        "1.", "2. (gedrukt als 1.)", "3. (gedrukt als 2.)", "4. (gedrukt als 3.)"]
    assert analysis.answer_for("2") == "Er werden 412 treinen afgeschaft."
    assert analysis.answer_for("4") == "De reizigers worden via de app verwittigd."
    assert analysis.suggestions["4"].verdict is not Verdict.UNANSWERED


@pytest.mark.parametrize("answer", [
    pytest.param("1. De werken zijn klaar. 1. Er werden 412 treinen afgeschaft. 2. De NMBS zet bussen in. "
                 "4. De reizigers worden via de app verwittigd.", id="laatste-heeft-een-nummer"),
    pytest.param("1. De werken zijn klaar. 1. 412 treinen. 2. De NMBS zet bussen in. 3. De reizigers worden "
                 "verwittigd.", id="geen-zin-na-het-nummer"),
])
def test_numbers_that_are_not_one_lower_throughout_stay_as_printed(answer):
    analysis = federal(VIER, answer)
    assert not any("gedrukt als" in p.label for p in analysis.dossier.passages), analysis.dossier.passages


@pytest.mark.parametrize("answer", [
    pytest.param("1. De werken zijn klaar tegen eind november 2025. 2. Per jaar: 2023 1. Eerste fase. 2. Tweede "
                 "fase. 2024 1. Derde fase. 2. Vierde fase. 4. De reizigers worden via de app verwittigd.",
                 id="lijst-per-jaar"),
    pytest.param("1. De werken zijn klaar tegen eind november 2025. 2. Afgeschafte treinen: 2. 412 in totaal. "
                 "4. De reizigers worden via de app verwittigd.", id="geen-zin-erna"),
])
def test_a_number_printed_again_inside_a_list_stays_text(answer):
    analysis = federal(VIER, answer)
    assert analysis.links["3"] == ()


# --- alignment beyond printed labels -----------------------------------------------------


def aligned(question: str, answer: str):
    """Return (dossier, links) of a federal row: parse and align only."""
    from pqassist.analysis.align import align

    dossier = parse(question, answer=answer, hints=KAMER)
    return dossier, align(dossier)[0]


def answer_of(dossier, links, item_id: str) -> str:
    parts = []
    for link in links[item_id]:
        if link.kind == "reference":
            continue
        if link.start is not None:
            parts.append(dossier.text[link.start : link.end])
        else:
            parts.append(dossier.passages[link.passage].text)
    return " ".join(parts)


GLUED_FIGURE_CASES = [
    pytest.param(
        "Personeel van het kabinet.\n\n1. Hoeveel medewerkers telt uw kabinet?\n"
        "2. Hoe zijn zij verdeeld volgens taalrol?\n3. Hoeveel waren het er voor uw aantreden?",
        "1. Het kabinet telt 45 medewerkers.\n2. Verdeling volgens taalrol: Franse taalrol: 39; "
        "Nederlandse taalrol: 6. 3. Voor mijn aantreden telde het kabinet 43 personen.",
        {"2": "Verdeling volgens taalrol", "3": "Voor mijn aantreden"},
        id="figure-after-colon",
    ),
    pytest.param(
        "Verwijderingen.\n\n1. Hoeveel incidenten waren er?\n2. Hoeveel verwondingen?\n"
        "3. Hoeveel dagen arbeidsongeschiktheid?",
        "1. Aantal incidenten.2015: 109;2016: 96. 2. Aantal verwondingen.2015: 7;2016: 5. "
        "3. Aantal dagen arbeidsongeschiktheid.2015: 123;2016: 116.",
        {"2": "Aantal verwondingen", "3": "Aantal dagen"},
        id="figure-that-is-an-item-number",
    ),
    pytest.param(
        "Wagenpark.\n\n1. Hoeveel personen telt het kabinet nu?\n2. Hoeveel waren het er vroeger?\n"
        "3. Hoeveel voltijdse equivalenten zijn toegestaan?\n4. Hoeveel wagens zijn er?",
        "1. Het kabinet telt 40 personen.\n2. Voor mijn aantreden waren het er 43. Nu zijn het er dus 45. "
        "4. Het toegestane aantal is 50.",
        {"2": "Voor mijn aantreden", "4": "Het toegestane aantal"},
        id="number-ends-a-sentence",
    ),
]


@pytest.mark.parametrize("question, answer, starts", GLUED_FIGURE_CASES)
def test_a_label_glued_after_a_figure_is_the_label_not_the_figure(question, answer, starts):
    dossier, links = aligned(question, answer)
    for item_id, start in starts.items():
        found = answer_of(dossier, links, item_id)
        assert found.startswith(start), (item_id, found)
        assert all(l.reason for l in links[item_id])


@pytest.mark.parametrize(
    "answer, groups",
    [
        ("1 en 2. Beide vragen hebben hetzelfde antwoord. 3. Er zijn drie dossiers.", {"1": "1 en 2.", "2": "1 en 2.", "3": "3."}),
        ("1. Ja. 2, 3 en 4. Daarover bestaan geen cijfers.", {"2": "2, 3 en 4.", "4": "2, 3 en 4."}),
        ("1 tot 3. Het antwoord volgt hieronder. 4. Neen.", {"1": "1 tot 3.", "3": "1 tot 3.", "4": "4."}),
    ],
)
def test_one_passage_answers_a_group_printed_with_bare_numbers(answer, groups):
    question = (
        "Dossiers.\n\n1. Hoeveel dossiers zijn er?\n2. Hoeveel zijn afgehandeld?\n"
        "3. Hoeveel lopen er nog?\n4. Komt er een evaluatie?"
    )
    dossier, links = aligned(question, answer)
    for item_id, label in groups.items():
        passage = dossier.passages[links[item_id][0].passage]
        assert passage.label == label and item_id in passage.covers
        assert links[item_id][0].reason == f"genummerd als {label}"


def test_bare_numbers_mid_sentence_are_no_label():
    question = "Dossiers.\n\n1. Hoeveel dossiers zijn er?\n2. Hoeveel zijn afgehandeld?\n3. Komt er een evaluatie?"
    answer = "1. Er zijn er 12. Daarvan liepen er in 2 en 3. Gevallen nog vertraging op.\n2. Acht.\n3. Neen."
    dossier, links = aligned(question, answer)
    assert [p.label for p in dossier.passages] == ["1.", "2.", "3."]


@pytest.mark.parametrize(
    "answer",
    [
        "Het antwoord op deze vraag is het geachte lid rechtstreeks toegestuurd. Gezien het louter "
        "documentaire karakter ervan wordt het niet in het bulletin opgenomen (dienst reizen).",
        "Uw vragen hebben betrekking op de bevoegdheid van de minister van Financien. Ik verwijs naar hem.",
    ],
)
def test_an_answer_that_speaks_for_all_questions_is_every_items_answer(answer):
    question = (
        "Dienstreizen.\n\n1. Hoeveel werd er begroot voor dienstreizen in 2016?\n"
        "2. Wat was de totale kostprijs van de reizen?\n3. Bestaat er een reglement over het documentaire karakter?"
    )
    dossier, links = aligned(question, answer)
    for item_id in ("1", "2", "3"):
        assert answer_of(dossier, links, item_id).startswith(answer[:30])
        assert links[item_id][0].reason == "het antwoord beantwoordt de vragen samen"


def test_an_answer_recalling_an_earlier_question_is_still_split_by_content():
    question = (
        "Acties.\n\n1. Welke acties werden ondernomen tegen de verzakking van de dijk?\n"
        "2. Wanneer start de herstelling van de brug?"
    )
    answer = (
        "In mijn antwoord op uw vraag van 14 april 2016 gaf ik al een overzicht van de acties tegen de verzakking van de dijk. "
        "De herstelling van de brug start in maart 2018."
    )
    dossier, links = aligned(question, answer)
    assert answer_of(dossier, links, "2").startswith("De herstelling van de brug")


def test_a_sentence_turning_to_a_new_point_starts_the_answer_it_leads_into():
    question = (
        "Geneesmiddelen.\n\n1. Welke vaststellingen deed het agentschap bij zijn controles van de klinieken?\n"
        "2. Zal u de artsen beter informeren over de wettelijke bepalingen?"
    )
    answer = (
        "Bij zijn controles van de klinieken deed het agentschap vaststellingen die aan het parket werden overgemaakt. "
        "Rekening houdend met die vaststellingen lijkt het opportuun om actie te ondernemen. "
        "Het agentschap zal bestuderen hoe het de artsen beter kan informeren over de wettelijke bepalingen."
    )
    dossier, links = aligned(question, answer)
    assert answer_of(dossier, links, "2").startswith("Rekening houdend met die vaststellingen")
    assert answer_of(dossier, links, "1").startswith("Bij zijn controles")


def test_an_answer_that_divides_an_item_into_letters_still_answers_the_item():
    question = "Diefstal.\n\n1. Hoeveel diefstallen waren er?\n2. Welke initiatieven nemen uw diensten?"
    answer = (
        "1. Er waren er 340 in 2016. 2. a) In het algemeen wordt het fenomeen integraal aangepakt. "
        "b) De federale politie volgt het op."
    )
    dossier, links = aligned(question, answer)
    assert answer_of(dossier, links, "2").startswith("In het algemeen wordt het fenomeen")
    assert "b) De federale politie" in answer_of(dossier, links, "2")
    assert links["2"][0].reason == "genummerd als 2. a)"


# --- an answer given once per department or per case, each numbered anew ----------------

ROUNDS_QUESTION = (
    "Jobstudenten bij de overheid. \n\n Graag had ik per dienst een antwoord gekregen. "
    "1. Hoeveel jobstudenten werden in 2024 aangeworven? 2. Welke voorwaarden gelden er? "
    "3. Hoeveel aanvragen werden er geweigerd?"
)


@pytest.mark.parametrize("heading_one, heading_two", [
    ("Voor wat de Regie der Gebouwen betreft:", "Voor wat de FOD Financien betreft:"),
    ("a) Wat de eerste dienst betreft:", "b) Wat de tweede dienst betreft :"),
    ("Voor wat de Regie der Gebouwen betreft.", "Voor wat de FOD Financien betreft."),
    ("", "\n"),
])
def test_each_round_of_numbers_answers_the_items_again(heading_one, heading_two):
    answer = (
        f"{heading_one}1. De Regie nam 14 jobstudenten aan. 2. Zij moeten minstens 18 jaar zijn. "
        f"3. Er werden 3 aanvragen geweigerd.{heading_two}1. De FOD nam 52 jobstudenten aan. "
        "2. Er gelden geen bijzondere voorwaarden. 3. Geen enkele aanvraag werd geweigerd."
    )
    analysis = federal(ROUNDS_QUESTION, answer)
    first, second, third = (analysis.answer_for(i) for i in ("1", "2", "3"))
    assert "14 jobstudenten" in first and "52 jobstudenten" in first
    assert "18 jaar" in second and "geen bijzondere voorwaarden" in second and "52" not in second
    assert "3 aanvragen" in third and "Geen enkele aanvraag" in third and "52" not in third


@pytest.mark.parametrize("after_the_round", [
    # an amount split at its thousands after a colon: a figure, no new round
    " Het totale bedrag: 1. 208.262,57 euro voor beide jaren.",
    # a numbered list of annexes that does not come back round the items
    " In bijlage:1. Het protocol van 8 april 2022. 2. De overeenkomst van 3 mei 2023.",
    # a quoted article: its paragraph numbers have no heading of their own
    ' Artikel 12 luidt als volgt: "§ 1. De dienst stelt jaarlijks een lijst op. § 2. De lijst wordt bekendgemaakt."',
])
def test_numbers_after_the_last_answer_that_are_no_new_round_stay_with_it(after_the_round):
    answer = ("1. Er werden 14 jobstudenten aangeworven. 2. Zij moeten minstens 18 jaar zijn. "
              f"3. Er werden 3 aanvragen geweigerd.{after_the_round}")
    analysis = federal(ROUNDS_QUESTION, answer)
    assert analysis.answer_for("1") == "Er werden 14 jobstudenten aangeworven."
    assert analysis.answer_for("2") == "Zij moeten minstens 18 jaar zijn."
    assert analysis.answer_for("3").startswith("Er werden 3 aanvragen geweigerd.")
    assert after_the_round.strip()[:12] in analysis.answer_for("3")


def test_a_first_number_glued_to_a_one_word_heading_is_its_label():
    answer = ("Defensie1. Defensie nam 9 jobstudenten aan. 2. Zij moeten minstens 18 jaar zijn. "
              "3. Er werd geen enkele aanvraag geweigerd.")
    analysis = federal(ROUNDS_QUESTION, answer)
    assert analysis.answer_for("1") == "Defensie nam 9 jobstudenten aan."
    assert analysis.suggestions["1"].verdict is not Verdict.UNANSWERED


def test_thousands_of_numbered_lists_that_are_no_round_are_read_in_linear_time():
    """Hostile: an answer followed by 3,000 short numbered lists after a colon. Each list is
    refused as a round once the next one shows it came short (reading it again once), not by
    reading the whole answer again per list (that took 48 s for 1,600 lists)."""
    import time

    lists = "".join(f" In bijlage:1. Stuk nummer {i}." for i in range(3_000))
    answer = "1. Er werden 14 jobstudenten aangeworven. 2. Zij moeten minstens 18 jaar zijn. " \
             f"3. Er werden 3 aanvragen geweigerd.{lists}"
    began = time.process_time()
    analysis = federal(ROUNDS_QUESTION, answer)
    assert time.process_time() - began < 20  # about 1 s here; quadratic reading took minutes
    assert [p.covers for p in analysis.dossier.passages] == [("1",), ("2",), ("3",)]
    assert analysis.answer_for("3").endswith("Stuk nummer 2999.")


AUDITS = (
    "Audits bij de spoorbeheerder. \n\n Graag ontving ik voor elke audit van de laatste vijf jaar:1. het onderwerp "
    "van de audit;2. de auditor;3. de kostprijs van de audit."
)


@pytest.mark.parametrize("answer, whole", [
    pytest.param("Tussen 2021 en 2025 ging 1,9 miljoen euro naar externe audits:- 558.750 euro voor de veiligheid;- "
                 "1. 073.293 euro voor de jaarrekening (door het college van commissarissen);- 94.920 euro voor de "
                 "informatica.", True, id="geen-nummers"),
    pytest.param("1. Het onderwerp was telkens de jaarrekening. In 2025 telden wij 2. 757.722 euro aan kosten. 2. De "
                 "auditor was het college van commissarissen. 3. Zie hierboven.", False, id="midden-in-antwoord-1"),
])
def test_an_amount_split_after_its_millions_is_no_label(answer, whole):
    """"- 1. 073.293 euro voor ...": the open data print large amounts with a space after the
    millions; read as a label, "1." or "2." cut an answer in two and gave an item the tail."""
    analysis = federal(AUDITS, answer)
    labels = [p.label for p in analysis.dossier.passages]
    if whole:  # no label at all: the one passage answers every item, the amount inside it
        assert labels == [""] and all("1. 073.293 euro" in analysis.answer_for(i) for i in ("1", "2", "3"))
    else:
        assert labels == ["1.", "2.", "3."], labels
        assert "2. 757.722 euro" in analysis.answer_for("1")
        assert analysis.answer_for("2") == "De auditor was het college van commissarissen."


def test_an_amount_split_after_its_millions_ends_no_sentence():
    from pqassist.sentences import sentence_spans

    text = ("Er gingen 1,9 miljoen euro naar audits:- 1. 073.293 euro voor de jaarrekening;- 94.920 euro voor de "
            "informatica. In 2025 telden wij 2. 757.722 oproepen. Het totaal is 3. 1.200.000 niet.")
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "Er gingen 1,9 miljoen euro naar audits:- 1. 073.293 euro voor de jaarrekening;- 94.920 euro voor de informatica.",
        "In 2025 telden wij 2. 757.722 oproepen.",
        "Het totaal is 3.",  # a number after it that is no group of three digits: a sentence may end
        "1.200.000 niet.",
    ]
