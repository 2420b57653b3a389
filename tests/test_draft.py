"""Drafting the follow-up question from hand-built analyses, and from the seed end to end."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from pqassist.drafting import templating
from pqassist.drafting.compose import draft, excerpt, item_ref, plan, quote_for
from pqassist.errors import TemplateProblem
from pqassist.model import (
    Analysis,
    Ask,
    Dossier,
    Evidence,
    Item,
    Link,
    Mark,
    Meta,
    Passage,
    Review,
    Suggestion,
    Verdict,
)
from pqassist.drafting.review import with_mark

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"

# A made-up Flemish question: (id, printed label, text), then the answer passages
# (label, items covered, text) and the suggestion per item (verdict, evidence, missing).
ITEMS = [
    ("1a", "1. a)", "Hoeveel kilometer fietspad werd in 2023 aangelegd?"),
    ("1b", "b)", "Hoeveel kilometer staat gepland voor 2024? En hoeveel daarvan langs gewestwegen?"),
    ("2", "2.", "Hoeveel fietsongevallen waren er in 2023, opgesplitst per provincie?"),
    ("3", "3.", "Welke maatregelen neemt de minister tegen te snel rijdende speedpedelecs?"),
    ("4a", "4. a)", "Welke gemeenten kregen een subsidie? Hoeveel bedroeg het totale bedrag? "
     "Waarom kregen sommige gemeenten niets?"),
    ("4b", "b)", "Zijn er gemeenten die hun subsidie hebben terugbetaald?"),
    ("5", "5.", "Kan de minister het rapport van de evaluatiestudie bezorgen?"),
    ("6", "6.", "Wanneer wordt de fietssnelweg F1 volledig afgewerkt?"),
    ("7", "7.", "Hoeveel fietsen werden in 2023 gestolen aan stations?"),
    ("8", "8.", "Kan de minister de lijst van projecten per gemeente geven?"),
]
PASSAGES = [
    ("1.", ("1a", "1b"), "Alle cijfers over de aanleg van fietspaden vindt u op de webstek van het "
     "Agentschap Wegen en Verkeer."),
    ("2.", ("2",), "Er worden geen cijfers per provincie bijgehouden."),
    ("3.", ("3",), "De snelheidscontrole is een federale bevoegdheid."),
    ("4. a)", ("4a",), "De volgende gemeenten kregen een subsidie: Gent, Leuven en Hasselt. Het totale "
     "bedrag was 12 miljoen euro."),
    ("b)", ("4b",), "Nee, geen enkele gemeente heeft terugbetaald."),
    ("5.", ("5",), "Het rapport is vertrouwelijk; ik kan het niet bezorgen."),
    ("6.", ("6",), "We werken hard aan de afwerking, in nauw overleg met alle partners."),
    ("8.", ("8",), "De lijst werd rechtstreeks aan de vraagsteller bezorgd."),
]
SUGGEST = {
    "1a": ("referral", "vindt u op de webstek", ()),
    "1b": ("referral", "vindt u op de webstek", ()),
    "2": ("no_data", "geen cijfers per provincie bijgehouden", ()),
    "3": ("not_competent", "federale bevoegdheid", ()),
    "4a": ("partial", "", ("Waarom kregen sommige gemeenten niets?",)),
    "4b": ("answered", "", ()),
    "5": ("declined", "vertrouwelijk", ()),
    "6": ("general", "", ()),
    "7": ("unanswered", "", ()),
    "8": ("withheld", "rechtstreeks aan de vraagsteller bezorgd", ()),
}
META = Meta(
    parliament="vlaams-parlement",
    number="415",
    asked_on=date(2024, 3, 12),
    questioner="SARA PEETERS",
    addressee="Jan Janssens",
    addressee_title="Vlaams minister van Mobiliteit en Openbare Werken",
    title="Fietsinfrastructuur - Stand van zaken",
)


def build(parliament="vlaams-parlement", *, items=ITEMS, passages=PASSAGES, suggest=SUGGEST, meta=None) -> Analysis:
    """Return a hand-built analysis of the made-up question (offsets into one text)."""
    text = "Fietsinfrastructuur - Stand van zaken\n\n"
    built = []
    for item_id, label, body in items:
        text += label + " "
        start = len(text)
        text += body
        asks, pos = [], start
        for sentence in re.findall(r"[^?]+\?", body):
            sentence = sentence.strip()
            at = text.index(sentence, pos)
            asks.append(Ask(sentence, at, at + len(sentence)))
            pos = at + len(sentence)
        built.append(Item(item_id, label, body, start, len(text), tuple(asks)))
        text += "\n\n"
    answer_start = len(text)
    text += "ANTWOORD\n\n"
    parts, links = [], {}
    for n, (label, covers, body) in enumerate(passages):
        text += label + " "
        start = len(text)
        text += body
        parts.append(Passage(n, label, covers, body, start, len(text)))
        for item_id in covers:
            links[item_id] = links.get(item_id, ()) + (Link(item_id, n, 1.0, "label"),)
        text += "\n\n"
    suggestions = {
        item_id: Suggestion(item_id, Verdict(v), 0.8, "test", (Evidence("answer", ev),) if ev else (), missing)
        for item_id, (v, ev, missing) in suggest.items()
    }
    meta = meta or Meta(**{**META.__dict__, "parliament": parliament})
    dossier = Dossier(meta, text, tuple(built), tuple(parts), (), answer_start, format=parliament)
    return Analysis(dossier, links, (), suggestions)


def one_item(verdict: Verdict, parliament="vlaams-parlement", evidence="", missing=()) -> Analysis:
    items = [("3d", "d)", "Kan de minister de bestuursleden oplijsten? Wie heeft stemrecht? "
              "Op basis waarvan zijn ze gekozen?")]
    passages = [("d)", ("3d",), "De bestuursleden zijn Jan, Piet en Joris. Zij zijn gekozen op basis van hun "
                 "expertise. Meer informatie vindt u op de webstek.")]
    return build(parliament, items=items, passages=passages, suggest={"3d": (verdict.value, evidence, missing)})


# --- every verdict ---------------------------------------------------------------------

EXPECT = {  # words that show the question does what its verdict asks
    Verdict.PARTIAL: ["onvolledig|ten dele|gedeeltelijk|onbeantwoord"],
    Verdict.REFERRAL: ["verwij|verwijzing"],
    Verdict.NO_DATA: ["gegevens|cijfers", "bij te houden|bijgehouden|registreren|verzameld"],
    Verdict.NOT_COMPETENT: ["bevoegd", "eigen bevoegdheden"],
    Verdict.DECLINED: ["redenen|grond|waarom", "vertrouwelijk"],
    Verdict.GENERAL: ["concreet|precies"],
    Verdict.UNANSWERED: ["geen antwoord|niet in op|onbeantwoord", "Wie heeft stemrecht\\?"],
    Verdict.ANSWERED: ["schrijft"],
    Verdict.WITHHELD: ["gepubliceerde tekst", "openbaar"],
}


@pytest.mark.parametrize("parliament", ["vlaams-parlement", "kamer", "tweede-kamer", "unknown"])
@pytest.mark.parametrize("verdict", list(Verdict))
def test_every_verdict_gives_a_dutch_question(verdict, parliament):
    analysis = one_item(verdict, parliament, evidence="vindt u op de webstek",
                        missing=("Wie heeft stemrecht?",) if verdict is Verdict.PARTIAL else ())
    followup = draft(analysis, Review("k", marks=(Mark("3d", include=True),)))
    (question,) = followup.questions
    assert question.verdict is verdict and question.item_ids == ("3d",)
    text = question.text
    assert "deelvraag 3d" in text
    assert text[0].isupper() and text[-1] in ".?"
    assert "  " not in text and "{" not in text and " ." not in text
    for pattern in EXPECT[verdict]:
        assert re.search(pattern, text), (pattern, text)
    if verdict is Verdict.UNANSWERED:
        return  # re-asks the item in its own words, addressing nobody
    if parliament == "vlaams-parlement":
        assert "de minister" in text and " u " not in text.replace("vindt u ", "")
    else:
        assert "de minister" not in text.replace("Kan de minister de bestuursleden", "")
        assert re.search(r"\b(u|uw|U|Uw)\b", text)


@pytest.mark.parametrize("folder", ["default", "vlaams-parlement", "kamer", "tweede-kamer"])
def test_every_variant_of_every_template_renders(folder):
    analysis = one_item(Verdict.PARTIAL, evidence="webstek", missing=("Wie heeft stemrecht?",))
    from pqassist.drafting.compose import Planned, question_context

    context = question_context(analysis, Planned(analysis.dossier.items, Verdict.PARTIAL, ("Mijn notitie",)), 1)
    for path in sorted((TEMPLATES / "phrases" / folder).glob("*.j2")):
        phrases = templating.load_phrases(path.name, folder)
        if path.name == "opening.j2":
            continue
        texts = [phrases.render(i, context) for i in range(len(phrases.variants))]
        assert len(set(texts)) == len(texts), path  # the variants differ
        assert all("Mijn notitie." in t for t in texts), path  # every variant weaves in the note
        for empty in ("quote", "missing"):
            assert phrases.render(0, dict(context, **{empty: ""}))


def test_five_referrals_do_not_read_like_five_copies():
    items = [(str(n), f"{n}.", f"Hoeveel dossiers waren er in jaar {n}?") for n in range(1, 6)]
    passages = [(f"{n}.", (str(n),), f"Zie de webstek voor jaar {n}.") for n in range(1, 6)]
    suggest = {str(n): ("referral", "webstek", ()) for n in range(1, 6)}
    followup = draft(build(items=items, passages=passages, suggest=suggest))
    openings = [q.text.split(":")[0] for q in followup.questions]
    assert len(followup.questions) == 5
    assert len(set(openings[:3])) == 3


# --- the whole draft -------------------------------------------------------------------


def test_draft_of_the_made_up_question():
    followup = draft(build(), settings={"today": date(2024, 5, 2)})
    assert followup.title == "Fietsinfrastructuur - Stand van zaken - opvolging"
    assert followup.questioner == "Sara Peeters"
    assert followup.date == date(2024, 5, 2)
    assert followup.original_number == "415"
    assert [q.item_ids for q in followup.questions] == [("1a", "1b"), ("2",), ("3",), ("4a",), ("5",), ("6",), ("7",)]
    assert [q.number for q in followup.questions] == list(range(1, 8))
    assert "deelvragen 1a en 1b" in followup.questions[0].text
    assert "vindt u op de webstek" in followup.questions[0].text  # quotes the answer
    all_text = " ".join(q.text for q in followup.questions)
    assert "4b" not in all_text and "vraag 8" not in all_text  # answered, withheld


def test_opening_cites_the_earlier_question():
    opening = draft(build()).opening
    assert opening.startswith("In antwoord op mijn schriftelijke vraag nr. 415 van 12 maart 2024")
    assert "minister Jan Janssens" in opening
    assert "‘Fietsinfrastructuur - Stand van zaken’" in opening


def test_federal_opening_with_bulletin():
    meta = Meta(parliament="kamer", number="700", asked_on=date(2016, 2, 25), title="Energielabels",
                bulletin="Vragen en Antwoorden, Kamer, 2015-2016, nr. 88", addressee_title="Minister van Economie")
    opening = draft(build(meta=meta)).opening
    assert opening.startswith(
        "In opvolging van mijn schriftelijke vraag nr. 700 van 25 februari 2016 "
        "(Vragen en Antwoorden, Kamer, 2015-2016, nr. 88) over ‘Energielabels’"
    )
    assert "stel ik u graag" in opening


@pytest.mark.parametrize("parliament", ["vlaams-parlement", "kamer", "tweede-kamer", "unknown"])
def test_opening_without_number_or_date_still_reads(parliament):
    analysis = build(meta=Meta(parliament=parliament))
    followup = draft(analysis)
    assert "eerdere schriftelijke vra" in followup.opening
    assert "nr." not in followup.opening and " van ." not in followup.opening
    assert followup.opening.endswith(".") and "  " not in followup.opening
    assert followup.title == "Opvolgingsvraag"


def test_one_question_is_singular():
    analysis = one_item(Verdict.UNANSWERED)
    assert "de volgende bijkomende vraag." in draft(analysis).opening


def test_review_overrides_title_opening_verdict_and_include():
    review = Review("k", title="Eigen titel", opening="Eigen inleiding.\n\nTweede alinea.")
    review = with_mark(review, "4b", verdict=Verdict.GENERAL)  # answered -> general: now included
    review = with_mark(review, "2", include=False)
    review = with_mark(review, "8", include=True)  # withheld, explicitly included
    followup = draft(build(), review)
    assert followup.title == "Eigen titel"
    assert followup.opening == "Eigen inleiding.\n\nTweede alinea."
    ids = [q.item_ids for q in followup.questions]
    assert ("2",) not in ids and ("4b",) in ids and ("8",) in ids
    assert next(q for q in followup.questions if q.item_ids == ("4b",)).verdict is Verdict.GENERAL


def test_partial_asks_only_for_the_missing_asks():
    analysis = one_item(Verdict.PARTIAL, missing=("Wie heeft stemrecht?",))
    text = draft(analysis).questions[0].text
    assert "Wie heeft stemrecht?" in text
    assert "bestuursleden oplijsten" not in text and "Op basis waarvan" not in text


def test_an_answered_item_the_staffer_calls_partial_asks_again_only_what_was_not_found():
    """The bundled example's item 4 asks for criteria and for the list as an annex; the answer
    gives the criteria and no annex. Judged partial by the staffer (whatever was suggested),
    the follow-up asks for the annex, not again for the criteria."""
    from pqassist.analysis.pipeline import analyse
    from pqassist.data import data_path
    from pqassist.parse.load import load_dossier

    analysis = analyse(load_dossier(data_path("example-vlaams-parlement.txt")))
    assert analysis.suggestions["4"].missing == ("Kan de minister de lijst van de geselecteerde projecten als bijlage bezorgen?",)
    review = with_mark(Review(analysis.dossier.key), "4", verdict=Verdict.PARTIAL, include=True)
    text = next(q for q in draft(analysis, review).questions if q.item_ids == ("4",)).text
    assert "als bijlage bezorgen?" in text and "Volgens welke criteria" not in text, text


def test_partial_without_known_missing_asks_reasks_the_item():
    text = draft(one_item(Verdict.PARTIAL)).questions[0].text
    assert "Wie heeft stemrecht?" in text and "Op basis waarvan zijn ze gekozen?" in text


def test_notes_are_data_never_templates():
    note = "Vergelijk R&D met <b>2023</b>: {{ 7*7 }} {% if x %}\f\x07 einde"
    review = with_mark(Review("k"), "2", note=note)
    text = draft(build(), review).questions[1].text
    assert "R&D met <b>2023</b>: {{ 7*7 }} {% if x %} einde." in text
    assert "49" not in text and "\f" not in text and "\x07" not in text


def test_notes_of_grouped_items_are_all_kept():
    review = with_mark(with_mark(Review("k"), "1a", note="Eerste notitie"), "1b", note="Tweede notitie")
    followup = draft(build(), review)
    assert followup.questions[0].item_ids == ("1a", "1b")
    assert "Eerste notitie. Tweede notitie." in followup.questions[0].text


def test_grouping_needs_same_passage_and_same_verdict():
    review = with_mark(Review("k"), "1b", verdict=Verdict.NO_DATA)
    ids = [q.item_ids for q in draft(build(), review).questions]
    assert ids[:2] == [("1a",), ("1b",)]
    passages = [("1.", ("1a",), "Zie de webstek."), ("1. b)", ("1b",), "Zie ook de webstek.")]
    ids = [q.item_ids for q in draft(build(passages=passages)).questions]
    assert ids[:2] == [("1a",), ("1b",)]


def test_plan_keeps_item_order():
    review = with_mark(Review("k"), "4b", include=True)
    order = [item.id for planned in plan(build(), review) for item in planned.items]
    assert order == ["1a", "1b", "2", "3", "4a", "4b", "5", "6", "7"]


def test_item_names():
    item = lambda i, label="": Item(i, label or i, "x", 0, 1)  # noqa: E731
    assert item_ref([item("3d")]) == "deelvraag 3d"
    assert item_ref([item("2")]) == "vraag 2"
    assert item_ref([item("1a"), item("1b"), item("1c")]) == "de deelvragen 1a, 1b en 1c"
    assert item_ref([item("3"), item("4")]) == "de vragen 3 en 4"
    assert item_ref([item("2"), item("3a")]) == "vraag 2 en deelvraag 3a"
    assert item_ref([item("1")], alone=True) == "mijn vraag"


def test_unnumbered_question_is_called_mijn_vraag():
    analysis = build(items=[("1", "", "Hoeveel scholen zijn er?")], passages=[("", ("1",), "Veel.")],
                     suggest={"1": ("general", "", ())})
    assert "mijn vraag" in draft(analysis).questions[0].text


def test_item_without_asks_falls_back_to_its_questions():
    analysis = build(items=[("1", "1.", "Context zonder vraagteken. Hoeveel zijn er?")], passages=[],
                     suggest={"1": ("unanswered", "", ())})
    analysis = Analysis(
        analysis.dossier.__class__(**{**analysis.dossier.__dict__,
                                      "items": (Item("1", "1.", "Context zonder vraagteken. Hoeveel zijn er?", 0, 1),)}),
        analysis.links, (), analysis.suggestions,
    )
    assert draft(analysis).questions[0].text.endswith("Hoeveel zijn er?")


def test_quotes_are_short_clauses():
    long = "Dit " + " ".join(["woord"] * 20) + ", en dan " + " ".join(["nog"] * 20) + "."
    assert excerpt(long).endswith("(…)") and len(excerpt(long).split()) <= 25
    analysis = build(passages=[("2.", ("2",), "Inleiding zonder meer. " + long)], suggest={"2": ("general", "", ())})
    assert quote_for(analysis, "2") == "Inleiding zonder meer."
    assert quote_for(analysis, "7") == ""


def test_missing_fragments_are_quoted():
    from pqassist.drafting.compose import missing_text

    assert missing_text(["Wie heeft stemrecht?", "Sinds wanneer"]) == "Wie heeft stemrecht? Sinds wanneer."
    assert missing_text(["een oplijsting sinds de start", "wie geen stemrecht heeft."]) == (
        "“een oplijsting sinds de start” en “wie geen stemrecht heeft”."
    )
    assert missing_text(["welke indicatoren zijn er?"]) == "“welke indicatoren zijn er?”"
    assert missing_text([]) == ""


def test_evidence_cut_with_an_ellipsis_still_finds_its_sentence():
    suggest = dict(SUGGEST, **{"2": ("no_data", "Er worden geen cijfers per …", ())})
    assert quote_for(build(suggest=suggest), "2") == "Er worden geen cijfers per provincie bijgehouden."


def test_dutch_dates():
    months = [templating.dutch_date(date(2018, m, 31 if m != 2 else 28)) for m in (1, 2, 3)]
    assert months == ["31 januari 2018", "28 februari 2018", "31 maart 2018"]
    assert templating.dutch_date(date(2024, 12, 1)) == "1 december 2024"
    assert templating.dutch_date(None) == ""


# --- templates: the staffer's own, and broken ones ---------------------------------------


def test_user_template_dir_overrides_one_template(tmp_path, monkeypatch):
    own = tmp_path / "phrases" / "vlaams-parlement"
    own.mkdir(parents=True)
    (own / "referral.j2").write_text("Eigen sjabloon voor {{ ref }}. {{ note }}", encoding="utf-8")
    followup = draft(build(), settings={"template_dir": str(tmp_path)})
    assert followup.questions[0].text == "Eigen sjabloon voor de deelvragen 1a en 1b."
    assert "niet beschikbaar" in followup.questions[1].text  # no_data: still the packaged one
    monkeypatch.setenv("PQASSIST_TEMPLATES", str(tmp_path))
    assert draft(build()).questions[0].text.startswith("Eigen sjabloon")


def test_user_default_template_serves_every_parliament(tmp_path):
    own = tmp_path / "phrases" / "default"
    own.mkdir(parents=True)
    (own / "unanswered.j2").write_text("Nog open: {{ ref }}.", encoding="utf-8")
    for parliament in ("vlaams-parlement", "kamer"):
        assert draft(build(parliament), settings={"template_dir": tmp_path}).questions[-1].text == "Nog open: vraag 7."


@pytest.mark.parametrize(
    "source, words",
    [
        ("Regel een\n{# --- #}\nRegel drie {{ citaat }}", ["regel 3", "onbekende variabele 'citaat'"]),
        ("Goed {{ ref }}\n\n{% if quote %}zonder einde", ["regel 3", "syntaxfout"]),
        ("{{ ref | bestaatniet }}", ["regel 1", "bestaatniet"]),
        ("{# --- #}\n", ["leeg"]),
    ],
)
def test_broken_template_names_file_and_problem(tmp_path, source, words):
    own = tmp_path / "phrases" / "vlaams-parlement"
    own.mkdir(parents=True)
    (own / "referral.j2").write_text(source, encoding="utf-8")
    with pytest.raises(TemplateProblem) as caught:
        for variant in range(2):  # the broken variant may be the second
            templating.load_phrases("referral.j2", "vlaams-parlement", {"template_dir": tmp_path}).render(
                variant, {"ref": "vraag 1", "quote": ""}
            )
    message = str(caught.value)
    assert str(own / "referral.j2") in message and "\n" not in message
    for word in words:
        assert word in message


def test_broken_template_fails_the_draft_with_template_problem(tmp_path):
    own = tmp_path / "phrases" / "default"
    own.mkdir(parents=True)
    (own / "no_data.j2").write_text("{{ niet_bestaand }}", encoding="utf-8")
    with pytest.raises(TemplateProblem, match="no_data.j2.*niet_bestaand"):
        draft(build(), settings={"template_dir": tmp_path})


def test_missing_template_is_a_template_problem():
    with pytest.raises(TemplateProblem, match="niet gevonden"):
        templating.load_phrases("bestaat-niet.j2", "kamer")


def test_packaged_templates_are_found_through_importlib_resources():
    place = templating.find_template("phrases", "referral.j2", "vlaams-parlement")
    assert place.is_file()
    assert templating.find_word_template("kamer").name == "kamer.docx"
    assert templating.find_word_template("unknown").name == "default.docx"


def test_package_data_ships_every_template():
    """pyproject's package-data for pqassist.templates must match every template file."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["pqassist.templates"]
    shipped = {p for pattern in patterns for p in TEMPLATES.glob(pattern)}
    needed = {p for p in TEMPLATES.rglob("*") if p.suffix in (".j2", ".docx", ".md")}
    missing = sorted(str(p.relative_to(TEMPLATES)) for p in needed - shipped)
    assert not missing, (
        f"pyproject.toml package-data for pqassist.templates misses {missing[:3]}...: "
        'add "phrases/*/*.j2" to that list'
    )


# --- the seed, end to end ----------------------------------------------------------------

SEED = "seed/vp-262-2018-integratiepact.txt"


def seed_analysis(corpus: Path) -> Analysis:
    """Return the analysis of the seed."""
    from pqassist.parse.load import load_dossier
    from pqassist.analysis.pipeline import analyse

    return analyse(load_dossier(corpus / SEED))


def gold_review(corpus: Path, dossier_key: str) -> tuple[Review, dict]:
    labels = json.loads((corpus / "labels" / "vp-262-2018.json").read_text(encoding="utf-8"))
    marks = tuple(
        Mark(item["id"], Verdict(item["verdict"]), Verdict(item["verdict"]).is_gap) for item in labels["items"]
    )
    return Review(dossier_key, marks), {item["id"]: Verdict(item["verdict"]) for item in labels["items"]}


def named(question_text: str, item_id: str) -> bool:
    return re.search(rf"(?<![\w]){re.escape(item_id)}(?![\w])", question_text) is not None


@pytest.mark.corpus
def test_seed_with_gold_marks(corpus, tmp_path):
    from docx import Document

    from pqassist.drafting.export import export_docx

    analysis = seed_analysis(corpus)
    review, gold = gold_review(corpus, analysis.dossier.key)
    followup = draft(analysis, review)
    assert "nr. 262 van 31 januari 2018" in followup.opening
    gaps = [i for i, v in gold.items() if v.is_gap]
    covered = {i: q for q in followup.questions for i in q.item_ids}
    for item_id in gaps:
        assert item_id in covered, f"gap {item_id} not asked"
        assert named(covered[item_id].text, item_id), covered[item_id].text
    for item_id in ("3c", "6b"):
        assert item_id not in covered
        assert not any(named(q.text, item_id) for q in followup.questions)
    ids = [i for q in followup.questions for i in q.item_ids]
    assert ids == [i for i in gold if i in ids]  # in item order

    document = Document(export_docx(followup, tmp_path / "seed.docx"))
    numbered = [p for p in document.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None]
    assert [p.text for p in numbered] == [q.text for q in followup.questions]
    body = "\n".join(p.text for p in document.paragraphs)
    assert "nr. 262 van 31 januari 2018" in body
    assert document.core_properties.title == followup.title


@pytest.mark.corpus
def test_seed_with_suggestions_only(corpus):
    analysis = seed_analysis(corpus)
    assert analysis.suggestions, "analyse gave no suggestions on the seed"
    followup = draft(analysis)
    assert "nr. 262 van 31 januari 2018" in followup.opening
    assert followup.title == "Integratiepact - Stand van zaken - opvolging"
    covered = {i: q for q in followup.questions for i in q.item_ids}
    for item_id, suggestion in analysis.suggestions.items():
        assert (item_id in covered) == suggestion.verdict.is_gap, item_id
    assert len(followup.questions) >= 3
    for question in followup.questions:
        assert all(named(question.text, i) for i in question.item_ids), question.text
        assert question.text.endswith(("?", ".")) and "  " not in question.text
        assert "“" in question.text  # quotes the answer


# --- the command line ------------------------------------------------------------------


@pytest.mark.corpus
def test_cli_draft_writes_word_and_text(corpus, tmp_path, capsys):
    from docx import Document

    from pqassist.cli import main
    from pqassist.parse.load import load_dossier
    from pqassist.drafting.review import save_review

    dossier = load_dossier(corpus / SEED)
    review, _ = gold_review(corpus, dossier.key)
    marks = save_review(review, tmp_path / "marks.json")
    code = main(["draft", str(corpus / SEED), "--marks", str(marks), "-o", str(tmp_path / "uit.docx")])
    assert code == 0
    written = Path(capsys.readouterr().out.strip())
    assert written == tmp_path / "uit.docx"
    assert "nr. 262 van 31 januari 2018" in "\n".join(p.text for p in Document(written).paragraphs)
    assert main(["draft", str(corpus / SEED), "--marks", str(marks), "-o", str(tmp_path / "uit.docx")]) == 0
    assert Path(capsys.readouterr().out.strip()).name == "uit (2).docx"  # never overwritten
    assert main(["draft", str(corpus / SEED), "--marks", str(marks), "--format", "txt"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("Integratiepact - Stand van zaken - opvolging\n") and "\n1. " in text


def test_cli_errors_are_one_line(tmp_path, capsys):
    from pqassist.cli import main

    broken = tmp_path / "marks.json"
    broken.write_text("{kapot", encoding="utf-8")
    question = tmp_path / "vraag.txt"
    question.write_text("x", encoding="utf-8")
    assert main(["draft", str(question), "-o", str(tmp_path / "uit.pdf")]) == 2
    assert "kies een bestand .docx, .md of .txt" in capsys.readouterr().err
    assert main(["draft", str(question), "-o", str(tmp_path / "uit.docx"), "--format", "md"]) == 2
    assert "extensie" in capsys.readouterr().err


# --- wording: per verdict, per kind of missing thing, per number of questioners -------

from pqassist.drafting import wording  # noqa: E402
from pqassist.drafting.compose import default_title, stray_mark_ids  # noqa: E402


def single(body: str, verdict: str, answer: str, *, parliament="vlaams-parlement", evidence="",
           missing=(), questioner="SARA PEETERS") -> str:  # fmt: skip
    """Return the text of the one follow-up question about item 2 of a made-up dossier."""
    meta = Meta(**{**META.__dict__, "parliament": parliament, "questioner": questioner})
    analysis = build(parliament, items=[("2", "2.", body)], passages=[("2.", ("2",), answer)],
                     suggest={"2": (verdict, evidence, missing)}, meta=meta)
    (question,) = draft(analysis).questions
    return question.text


NOT_KEPT = "Deze gegevens worden niet bijgehouden door de administratie."
NOT_YET = "De evaluatie loopt nog; de resultaten zijn pas eind dit jaar beschikbaar."


@pytest.mark.parametrize("parliament", ["vlaams-parlement", "kamer", "tweede-kamer", "unknown"])
def test_no_data_not_kept_asks_why_and_whether_to_register(parliament):
    text = single("Hoeveel klachten kwamen er binnen in 2023?", "no_data", NOT_KEPT, parliament=parliament,
                  evidence="niet bijgehouden")
    assert re.search(r"bijgehouden|registreren|verzameld", text), text
    assert "nog niet bekend" not in text


@pytest.mark.parametrize("parliament", ["vlaams-parlement", "kamer", "tweede-kamer", "unknown"])
def test_no_data_not_yet_known_asks_when_not_why_unkept(parliament):
    text = single("Hoeveel klachten kwamen er binnen in 2023?", "no_data", NOT_YET, parliament=parliament,
                  evidence="De evaluatie loopt nog")
    assert not re.search(r"bijgehouden|registreren|voortaan", text), text
    assert re.search(r"[Ww]anneer", text), text


def test_no_data_kind_is_read_from_the_answer():
    assert wording.no_data_kind(NOT_KEPT) == "not_kept"
    assert wording.no_data_kind(NOT_YET) == "not_yet"
    assert wording.no_data_kind("De beoordeling door de Raad is nog niet afgerond.") == "not_yet"
    assert wording.no_data_kind("Er is geen centrale registratie van deze meldingen.") == "not_kept"
    assert wording.no_data_kind("Daarover kan ik niets zeggen.") == ""
    assert wording.no_data_kind("", NOT_YET) == "not_yet"  # evidence empty: the passage decides


@pytest.mark.parametrize("body, present, absent", [
    ("Hoeveel fietspaden werden in 2023 aangelegd?", ["cijfers"], ["ja of neen", "ja of nee"]),
    ("Bent u bereid de regeling te herzien?", ["ja of neen"], ["cijfers"]),
    ("Welke maatregelen neemt de minister tegen snel rijdende speedpedelecs?", [],
     ["cijfers", "ja of neen", "data"]),
    ("Waarom kregen sommige gemeenten niets?", ["redenen"], ["cijfers", "ja of neen"]),
    ("Wanneer wordt de fietssnelweg afgewerkt?", ["timing"], ["cijfers", "ja of neen"]),
])
def test_general_presses_only_for_what_was_asked(body, present, absent):
    text = single(body, "general", "We werken hard aan dit dossier, in overleg met alle partners.")
    for word in present:
        assert word in text, text
    for word in absent:
        assert word not in text, text
    assert "met cijfers en data, of een duidelijk ja of neen waar dat gevraagd is" not in text


def test_a_yes_no_request_for_information_is_not_a_yes_no_question():
    assert wording.wanted_kinds(["Kan de minister de lijst van projecten bezorgen?"]) == []
    assert wording.wanted_kinds(["Klopt het dat de termijn verstreken is?"]) == ["yesno"]
    assert wording.wanted_phrase(["figures", "yesno"], "nee") == "de gevraagde cijfers en een duidelijk ja of nee"


JOINT = "Hirsch en Teunissen"


def unquoted(text: str) -> str:
    """Return ``text`` without the quotes of the answer (the minister may say "ik")."""
    return re.sub(r"“[^”]*”", "", text)


def test_joint_questioners_speak_as_we():
    assert wording.speakers(JOINT) == 2 and wording.speakers("Sara Peeters") == 1
    assert wording.speakers("Hirsch (GroenLinks-PvdA), Teunissen (PvdA) en Van Dijk (SP)") == 3
    meta = Meta(parliament="tweede-kamer", questioner=JOINT, title="exportkredietverzekeringen voor de baggersector",
                number="1786", asked_on=date(2024, 4, 4))
    suggest = {"1a": ("unanswered", "", ()), "1b": ("partial", "", ("En hoeveel daarvan langs gewestwegen?",)),
               "2": ("general", "", ()), "3": ("referral", "webstek", ()), "4a": ("no_data", "", ()),
               "4b": ("unanswered", "", ()), "5": ("declined", "vertrouwelijk", ()), "6": ("general", "", ()),
               "7": ("unanswered", "", ()), "8": ("not_competent", "", ())}
    followup = draft(build("tweede-kamer", suggest=suggest, meta=meta))
    assert "onze schriftelijke vragen" in followup.opening and "hebben wij" in followup.opening
    assert not re.search(r"\b(mijn|ik|Ik|mij)\b", followup.opening), followup.opening
    for question in followup.questions:
        assert not re.search(r"\b(mijn|ik|Ik|mij)\b", unquoted(question.text)), question.text
    assert any(re.search(r"\b(onze|wij|Wij)\b", q.text) for q in followup.questions)


def test_one_questioner_speaks_as_i():
    followup = draft(build("tweede-kamer"))
    assert "mijn schriftelijke vragen" in followup.opening and "heb ik" in followup.opening
    assert not any(re.search(r"\b(onze|wij|Wij)\b", q.text) for q in followup.questions)


def test_tweede_kamer_title_starts_with_a_capital():
    meta = Meta(parliament="tweede-kamer", title="de reactie op de motie over jeugdzorg")
    assert default_title(meta) == "De reactie op de motie over jeugdzorg - opvolging"
    assert default_title(Meta(title="AMIF-oproep")) == "AMIF-oproep - opvolging"


def test_no_stiff_phrases_in_any_template():
    for path in (TEMPLATES / "phrases").rglob("*.j2"):
        source = path.read_text(encoding="utf-8")
        for stiff in ("alsnog hier concreet", "met cijfers en data, of een duidelijk", "op vragen {{",
                      "antwoord op vragen"):
            assert stiff not in source, (path, stiff)
    followup = draft(build(items=[(str(n), f"{n}.", f"Hoeveel dossiers waren er in jaar {n}?") for n in (2, 3, 4)],
                           passages=[("2. tot 4.", ("2", "3", "4"), "Zie de webstek.")],
                           suggest={str(n): ("referral", "webstek", ()) for n in (2, 3, 4)}))
    (question,) = followup.questions
    assert "de vragen 2, 3 en 4" in question.text and "op vragen 2" not in question.text


def test_variants_are_chosen_per_item_so_ticking_one_keeps_the_others():
    analysis = build()
    before = {q.item_ids: q.text for q in draft(analysis).questions}
    review = with_mark(Review(analysis.dossier.key), "4b", include=True)  # tick an answered item
    review = with_mark(review, "3", include=False)  # untick another
    after = {q.item_ids: q.text for q in draft(analysis, review).questions}
    assert ("4b",) in after and ("3",) not in after
    for ids, text in after.items():
        if ids in before:
            assert text == before[ids], ids
    assert wording.variant_for(["2"], Verdict.REFERRAL, 3) == wording.variant_for(["2"], "referral", 3)
    picks = {wording.variant_for([str(n)], Verdict.REFERRAL, 3) for n in range(1, 30)}
    assert picks == {0, 1, 2}  # the hash spreads the variants


@pytest.mark.parametrize("raw, clean", [
    ("zijn afgewogen1; hoe rijmt u dat", "zijn afgewogen; hoe rijmt u dat"),
    ("op de projectwebsite.7 Conform de standaarden", "op de projectwebsite. Conform de standaarden"),
    ("de klacht bij de VN rapporteur? 9 Hoe zijn uw ministeries", "de klacht bij de VN rapporteur? Hoe zijn uw ministeries"),
    ("de Kamerbrief van 15 december jl. 3 heeft het kabinet", "de Kamerbrief van 15 december jl. heeft het kabinet"),
    ("het rapport van Both Ends 1?", "het rapport van Both Ends?"),
    ("de klacht bij de VN rapporteur? 9", "de klacht bij de VN rapporteur?"),  # a sentence of its own
    ("zie Kamerstuk 26 485, nr. 3 heeft", "zie Kamerstuk 26 485, nr. 3 heeft"),  # a number, not a footnote
    ("Wat is uw antwoord op vraag 1?", "Wat is uw antwoord op vraag 1?"),
    ("8.256 m2 en de CO2-uitstoot in 2024.", "8.256 m2 en de CO2-uitstoot in 2024."),
])
def test_footnote_markers_are_removed(raw, clean):
    assert wording.strip_footnotes(raw, frozenset(range(1, 16))) == clean
    assert wording.strip_footnotes(raw, frozenset()) == raw  # no footnotes: nothing touched


def test_footnote_numbers_come_from_the_cleaned_furniture():
    from pqassist.model import Segment

    text = "Vraag 1\nIs de afweging gemaakt1; en hoe?\n1 Kamerstuk 1, nr. 2\n2 Zie www.x.nl\nAntwoord 1\nJa."
    start = text.index("1 Kamerstuk")
    end = text.index("Antwoord 1")
    dossier = Dossier(Meta(parliament="tweede-kamer"), text, (), (), (Segment("furniture", start, end, "footnote"),), 0)
    assert wording.footnote_numbers(dossier) == frozenset({1, 2})


def test_stray_mark_ids_are_named():
    analysis = build()
    review = Review(analysis.dossier.key, (Mark("2", include=True), Mark("99"), Mark("3z")))
    assert stray_mark_ids(analysis, review) == ["99", "3z"]
    assert stray_mark_ids(analysis, None) == []


@pytest.mark.corpus
def test_seed_without_marks_does_not_reask_answered_items(corpus):
    analysis = seed_analysis(corpus)
    followup = draft(analysis)
    asked = {i for q in followup.questions for i in q.item_ids}
    answered = {i for i, s in analysis.suggestions.items() if not s.verdict.is_gap}
    assert not asked & answered
    assert asked == {i for i, s in analysis.suggestions.items() if s.verdict.is_gap}


@pytest.mark.corpus
def test_seed_without_marks_does_not_reask_6b(corpus):
    analysis = seed_analysis(corpus)
    assert "6b" not in {i for q in draft(analysis).questions for i in q.item_ids}, analysis.suggestions["6b"]


@pytest.mark.corpus
@pytest.mark.parametrize("name, leaks", [
    ("tk_ah-tk-20232024-1786.txt", ["projectwebsite.7", "rapporteur? 9", "Ends 1?", "OESO-landen.14", "jl. 3"]),
    ("tk_ah-tk-20232024-1432.txt", ["afgewogen1", "vraag 6.1"]),
])
def test_tweede_kamer_drafts_carry_no_footnote_markers(corpus, name, leaks):
    from pqassist.analysis.pipeline import analyse
    from pqassist.parse.load import load_dossier

    analysis = analyse(load_dossier(corpus / "tweede-kamer" / "txt" / name))
    included = Review(analysis.dossier.key, tuple(Mark(i.id, include=True) for i in analysis.dossier.items))
    followup = draft(analysis, included)
    text = " ".join(q.text for q in followup.questions)
    for leak in leaks:
        assert leak not in text, leak
    assert followup.title[0].isupper()


@pytest.mark.corpus
def test_tweede_kamer_joint_question_draft(corpus):
    from pqassist.analysis.pipeline import analyse
    from pqassist.drafting.export import header_fields
    from pqassist.parse.load import load_dossier

    analysis = analyse(load_dossier(corpus / "tweede-kamer" / "txt" / "tk_ah-tk-20232024-1786.txt"))
    followup = draft(analysis)
    assert followup.questioner == JOINT
    assert header_fields(followup)["lid"] == "de leden"
    assert "onze schriftelijke vragen" in followup.opening
    assert followup.title.startswith("Exportkredietverzekeringen")
    for question in followup.questions:
        assert not re.search(r"\b(mijn|ik|Ik)\b", unquoted(question.text)), question.text


def test_cli_warns_once_about_marks_for_items_not_in_the_document(tmp_path, capsys):
    from pqassist.cli import main
    from pqassist.drafting.review import save_review
    from pqassist.parse.load import load_dossier

    question = tmp_path / "vraag.txt"
    question.write_text("Fietspaden\n\n1. Hoeveel kilometer fietspad werd aangelegd?\n2. Wanneer is de F1 klaar?\n\n"
                        "Antwoord\n\n1. Er werd 12 kilometer aangelegd.\n2. Dat is nog niet bekend.\n", encoding="utf-8")
    dossier = load_dossier(question)
    ids = [f"{n}x" for n in range(40)]
    review = Review(dossier.key, (Mark("1", include=True),) + tuple(Mark(i, include=True) for i in ids))
    marks = save_review(review, tmp_path / "marks.json")
    assert main(["draft", str(question), "--marks", str(marks), "--format", "txt"]) == 0
    captured = capsys.readouterr()
    warnings = [line for line in captured.err.splitlines() if "niet in het document" in line]
    assert len(warnings) == 1, captured.err
    assert "0x, 1x" in warnings[0] and "en 28 andere" in warnings[0] and len(warnings[0]) < 400
    assert "\n1. " in captured.out
