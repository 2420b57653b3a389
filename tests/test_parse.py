"""Parser units on small inputs written here, and property tests: never crash, never lose text."""

from __future__ import annotations

import string

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from pqassist.errors import NoQuestionFound, PqassistError, UnreadableDocument
from pqassist.model import Meta
from pqassist.parse import detect, parse
from pqassist.parse.clean import clean
from pqassist.parse.markers import find_candidates, select_sequence
from pqassist.sentences import is_ask, sentence_spans
from pqassist.text import name_case, parse_date

KAMER = Meta(parliament="kamer")


def ids(dossier) -> list[str]:
    return [item.id for item in dossier.items]


def covers(dossier) -> dict[str, str]:
    """Return item id -> label of the passage that covers it."""
    out = {}
    for passage in dossier.passages:
        for item_id in passage.covers:
            out.setdefault(item_id, passage.label)
    return out


# --- text tools ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Hoeveel scholen kregen een premie?", True),
        ("Graag een overzicht per provincie.", True),
        ("Kan de minister de lijst bezorgen.", True),
        ("Zo ja, welke?", True),
        ("De minister antwoordde in maart.", False),
        ("Zie artikel 4, ? 2 van de wet.", False),
        ("https://docs.vlaamsparlement.be/pfile?id=123", False),
        ("Gelet op n?810/2009 werd de regeling aangepast.", False),
        # a topic named as a heading asks nothing; a question with "wat ... betreft" does
        ("Wat de teruggekeerde reizigers betreft.", False),
        ("Wat betreft de kostprijs van de werken:", False),
        ("Voor wat de federale diensten betreft:", False),
        ("Wat is de stand van zaken wat de renovatie betreft.", True),
        ("Wat de kostprijs betreft, kan u die meedelen.", True),
        ("Wat de kostprijs betreft: hoeveel bedraagt die?", True),
    ],
)
def test_is_ask(sentence, expected):
    assert is_ask(sentence) is expected


def test_a_request_leading_into_lettered_asks_is_their_context_not_an_item():
    """"1. Graag vernam ik per jaar: a) het aantal ...; b) ..." asks through its letters, as
    "1. Kunt u per jaar meedelen: a) ..." already did: no item 1 beside 1a and 1b."""
    question = ("Verkeersboetes. \n\n 1. Graag vernam ik voor de laatste vijf jaar, per jaar:a) het aantal "
                "boetes;b) het totale bedrag.2. Hoeveel boetes werden betwist?")
    dossier = parse(question, answer="1. a) 1.200 boetes.b) 84.000 euro.2. 35.", hints=KAMER)
    assert ids(dossier) == ["1a", "1b", "2"]
    assert "per jaar" in dossier.item("1a").context
    # without letters after it, such a request is the question's ask
    alone = parse("Verkeersboetes. \n\n Graag had ik per provincie de volgende gegevens:\n\n- het aantal "
                  "boetes in 2024;\n- het totale bedrag.", answer="Er waren 1.200 boetes.", hints=KAMER)
    assert [a.text for a in alone.items[0].asks] == ["Graag had ik per provincie de volgende gegevens:"]


def test_a_topic_heading_over_lettered_questions_is_their_context_not_an_item():
    """"3. Wat de teruggekeerde reizigers betreft. a) Hoeveel ...? b) Hoeveel ...?": item 3 asks
    nothing (it was an item of its own, then suggested as a gap, and the draft asked the
    minister "Wat de teruggekeerde reizigers betreft." as a question); its words stay with 3a."""
    question = (
        "Reizigers. \n\n 1. Hoeveel reizigers vertrokken in 2024?2. Hoeveel van hen keerden terug?"
        "3. Wat de teruggekeerde reizigers betreft.a) Hoeveel van hen kregen begeleiding?"
        "b) Hoeveel van hen vonden werk?"
    )
    answer = "1. Er vertrokken 412 reizigers.2. Er keerden 120 terug.3. a) 80 kregen begeleiding.b) 35 vonden werk."
    dossier = parse(question, answer=answer, hints=Meta(parliament="kamer"))
    assert ids(dossier) == ["1", "2", "3a", "3b"]
    assert "Wat de teruggekeerde reizigers betreft" in dossier.item("3a").context
    assert covers(dossier)["3a"] == "3. a)"


def test_sentences_split_glued_federal_text():
    text = "Het plan werd goedgekeurd.De uitvoering start in mei.Wanneer volgt de evaluatie?Zo ja, hoe?"
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "Het plan werd goedgekeurd.",
        "De uitvoering start in mei.",
        "Wanneer volgt de evaluatie?",
        "Zo ja, hoe?",
    ]


def test_sentences_keep_abbreviations():
    text = "Zie mijn antwoord op vraag nr. 12 van dhr. Peeters. Dat volstaat."
    assert len(sentence_spans(text)) == 2


_SENTENCE_ALPHABET = "ab Ae.!?…\n\t\"')”19,%:-•nr"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_SENTENCE_ALPHABET, max_size=60), st.integers(0, 5), st.integers(0, 5))
def test_sentence_ends_are_those_of_the_full_pattern(text, cut_start, cut_end):
    """The sentence-end pattern runs only after . ! ? … and at line breaks; the spans must be
    those of running it over the whole range (as ``finditer`` does), abbreviations skipped."""
    from pqassist.sentences import _SENTENCE_END, _add_span, _no_end_at, _sentence_spans

    start, end = min(cut_start, len(text)), max(min(cut_start, len(text)), len(text) - cut_end)
    # a mark just before the range does not end a sentence at its start (``finditer`` would
    # see it through the lookbehind): the spans start there as they always did
    assume(start == 0 or text[start - 1] not in ".!?…")
    expected, pos = [], start
    for match in _SENTENCE_END.finditer(text, start, end):
        if not _no_end_at(text, match.start()):
            _add_span(text, pos, match.start(), expected)
            pos = match.end()
    _add_span(text, pos, end, expected)
    assert list(_sentence_spans(text, start, end)) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="a1 20.9)٣²x", max_size=40), st.integers(0, 4))
def test_digit_starts_are_where_runs_of_digits_begin(text, cut):
    """Digit runs are found the fast way in ASCII text and by the pattern otherwise."""
    import re

    from pqassist.text import digit_starts

    start = min(cut, len(text))
    assert digit_starts(text, start, len(text)) == [m.start() for m in re.compile(r"\d+").finditer(text, start)]


@pytest.mark.parametrize(
    "raw, expected",
    [("KURT DE LOOR", "Kurt De Loor"), ("AN MOERENHOUT", "An Moerenhout"), ("JEAN-MARIE D'HONDT", "Jean-Marie D'Hondt")],
)
def test_name_case(raw, expected):
    assert name_case(raw) == expected


def test_parse_date():
    assert parse_date("van 31 januari 2018 van X").isoformat() == "2018-01-31"
    assert parse_date("(ingezonden 3 oktober 2023)").isoformat() == "2023-10-03"
    assert parse_date("geen datum") is None


# --- numbering ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Inleiding. 1. Hoeveel? 2. Waarom? 3. Wanneer?", ["1", "2", "3"]),
        ("Inleiding.1. Hoeveel?2. Waarom?3. a) Wie?b) Wat?", ["1", "2", "3", "a", "b"]),
        ("Er is 8. 387,00 euro. 1. Hoeveel? 2. Waarom?", ["1", "2"]),
        ("Volgens artikel 3. De regel. 1. Hoeveel?", ["1"]),
    ],
)
def test_markers_follow_the_sequence(text, expected):
    found = select_sequence(find_candidates(text, 0, len(text)))
    assert [m.value for m in found] == expected


def test_federal_row_glued_numbers_and_units():
    question = (
        "Kazernes. \n\n De site telt 8.256 m2. 1. Hoeveel kost het onderhoud per jaar?2. Zou er een "
        "verkoop komen?3. a) Wanneer start die?b) Aan wie?"
    )
    answer = "1. Het onderhoud kost 120.000 euro per jaar, voor 8.256 m22. Dit gebouw wordt verkocht. 3. a) In mei. b) Aan de stad."
    dossier = parse(question, answer=answer, hints=KAMER)
    assert ids(dossier) == ["1", "2", "3a", "3b"]
    assert covers(dossier) == {"1": "1.", "2": "2.", "3a": "3. a)", "3b": "b)"}
    assert dossier.meta.title == "Kazernes"


def test_context_units_and_requests():
    question = (
        "Titel. \n\n Inleiding. 1. Deze vraag gaat over de bussen. a) Hoeveel bussen rijden er? "
        "b) Graag een overzicht per provincie. 2. a) De lijnen werden ingekort. b) Waarom?"
    )
    dossier = parse(question, answer="", hints=KAMER)
    assert ids(dossier) == ["1a", "1b", "2b"]
    assert dossier.item("1a").context.startswith("Deze vraag gaat over de bussen")
    assert dossier.item("2b").context.startswith("De lijnen werden ingekort")
    assert dossier.notices, "a question without answer carries a notice"
    assert dossier.passages == ()


@pytest.mark.parametrize(
    "answer, expected",
    [
        ("1. en 2. Samen. 3. Apart.", {"1": "1. en 2.", "2": "1. en 2.", "3": "3."}),
        ("1. tot 3. Allemaal samen.", {"1": "1. tot 3.", "2": "1. tot 3.", "3": "1. tot 3."}),
        ("Inleiding.1. Eerst. 3. Derde.", {"1": "1.", "3": "3."}),
        ("Zoals in mijn antwoord op vraag\n2. Niet dit. 1. Wel dit.", {"1": "1."}),
    ],
)
def test_answer_labels(answer, expected):
    question = "T. \n\n 1. Hoeveel? 2. Waarom? 3. Wanneer?"
    assert covers(parse(question, answer=answer, hints=KAMER)) == expected


def test_number_label_covers_unlettered_children():
    question = "T. \n\n 1. a) Hoeveel? b) Waarom? 2. Wie?"
    dossier = parse(question, answer="1. Samen beantwoord. 2. De stad.", hints=KAMER)
    assert covers(dossier) == {"1a": "1.", "1b": "1.", "2": "2."}


def test_grouped_label_with_letters():
    question = "T. \n\n 1. Wat? 2. Wie? 3. a) Hoe? b) Waar? c) Wanneer? 4. Waarom?"
    answer = "1., 2., 3. b), 3. c) en 4. Alles samen. 3. a) Apart."
    dossier = parse(question, answer=answer, hints=KAMER)
    joint = "1., 2., 3. b), 3. c) en 4."
    assert covers(dossier) == {"1": joint, "2": joint, "3b": joint, "3c": joint, "4": joint, "3a": "3. a)"}


def test_unnumbered_question_is_one_item():
    dossier = parse("Titel. \n\n Lange inleiding. Wat is de stand van zaken?", answer="Het loopt.", hints=KAMER)
    assert ids(dossier) == ["1"]
    assert dossier.passages[0].covers == ("1",)


# --- formats -----------------------------------------------------------------------------

TK = """Tweede Kamer der Staten-Generaal
2
Vergaderjaar 2023–2024 Aanhangsel van de Handelingen
Vragen gesteld door de leden der Kamer, met de daarop door de
regering gegeven antwoorden
4321
Vragen van het lid Jansen (Partij) aan de Minister van Verkeer over de
sluizen (ingezonden 2 april 2024).
Antwoord van Minister De Vries (Verkeer) (ontvangen 30 april 2024).
Vraag 1
Kent u het bericht over de sluizen? 1
Antwoord 1
Ja.
Vraag 2, 3 en 4
Hoeveel sluizen zijn er defect?
Wanneer worden zij hersteld? Wat kost dat?
Waarom duurt het zo lang?
1 NOS, 1 april 2024
 
ah-tk-20232024-4321
ISSN 0921 - 7398
’s-Gravenhage 2024 Tweede Kamer, vergaderjaar 2023–2024, Aanhangsel 1
Antwoord 2, 3 en 4
Er zijn drie sluizen defect. Herstel volgt in juni.
"""


def test_tweede_kamer_grouped_block_and_furniture():
    dossier = parse(TK)
    assert dossier.format == "tweede-kamer"
    assert ids(dossier) == ["1", "2", "3", "4"]
    assert dossier.item("2").text.startswith("Hoeveel sluizen")
    assert dossier.item("3").text.startswith("Wanneer worden zij hersteld")
    assert dossier.item("4").text.startswith("Waarom duurt")
    assert "ISSN" not in dossier.item("4").text and "NOS" not in dossier.item("4").text
    assert covers(dossier)["4"] == "Antwoord 2, 3 en 4"
    meta = dossier.meta
    assert (meta.number, meta.questioner, meta.party) == ("4321", "Jansen", "Partij")
    assert (meta.asked_on.isoformat(), meta.answered_on.isoformat()) == ("2024-04-02", "2024-04-30")
    kinds = {segment.ref for segment in dossier.furniture()}
    assert {"footnote", "page footer"} <= kinds


def test_detect_formats():
    assert detect(TK) == "tweede-kamer"
    assert detect("SCHRIFTELIJKE VRAAG nr. 12 van AN PEETERS datum: 3 maart 2024") == "vlaams-parlement"
    assert detect("Een gewone tekst met een vraag?") == "unknown"


def test_generic_document_with_answer_heading():
    text = "Fietspaden\n\n1. Hoeveel kilometer fietspad kwam erbij?\n2. Waarom niet meer?\n\nAntwoord\n\n1. Twaalf kilometer.\n2. Budget."
    dossier = parse(text)
    assert dossier.format == "unknown"
    assert covers(dossier) == {"1": "1.", "2": "2."}


# --- errors --------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   \n\t  "])
def test_empty_text_is_a_clear_error(text):
    with pytest.raises(UnreadableDocument) as err:
        parse(text)
    assert "\n" not in str(err.value)


def test_document_without_a_question():
    with pytest.raises(NoQuestionFound):
        parse("Dit is een verslag.\n\nEr staat geen enkele vraag in deze tekst.")


def test_question_without_answer_is_valid():
    dossier = parse("Titel\n\n1. Hoeveel?\n2. Waarom?")
    assert ids(dossier) == ["1", "2"] and dossier.passages == () and dossier.notices


# --- lossless, on random and mutated inputs ---------------------------------------------------


def assert_lossless(dossier) -> None:
    """Every character of the raw text is in exactly one segment; furniture is recorded."""
    pos = 0
    for segment in dossier.segments:
        assert segment.start == pos, f"gap or overlap at {pos}: {segment}"
        assert segment.end > segment.start
        pos = segment.end
    assert pos == len(dossier.text)
    for item in dossier.items:
        assert 0 <= item.start <= item.end <= len(dossier.text)
    for passage in dossier.passages:
        assert 0 <= passage.start <= passage.end <= len(dossier.text)


def test_seedlike_document_is_lossless_with_furniture():
    text = (
        "Scholen\n\nInleiding met een zacht\u00ad\nafgebroken woord.\f2\n\n1. Hoeveel scholen wer-\nden "
        "gebouwd?\n2. Waarom?\n\nJAN JANSSENS\nVLAAMS MINISTER VAN ONDERWIJS\n\nANTWOORD\nop vraag nr. 5 van "
        "1 maart 2024\nvan AN PEETERS\n\n1. Twintig.\n2. Om budgettaire redenen."
    )
    dossier = parse(text)
    assert_lossless(dossier)
    assert dossier.item("1").text == "Hoeveel scholen werden gebouwd?"
    removed = "".join(dossier.text[s.start : s.end] for s in dossier.furniture())
    assert "\u00ad" in removed and "\f" in removed


ALPHABET = string.ascii_letters + string.digits + " .,;:?!()-\n\t\f\u00ad\u200f&<>«»’'\"é" + "\x00\x07"
PIECES = st.sampled_from(
    ["1. ", "2. ", "a) ", "b) ", "Vraag 1\n", "Antwoord 1\n", "Hoeveel? ", "Waarom niet? ", "Graag een lijst. ",
     "ANTWOORD op vraag nr. 3 van 2 mei 2024 van AN PEETERS\n", "\n\n", "\f", "ISSN 0921 - 7398\n", "Zo ja, welke?"]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(PIECES, st.text(ALPHABET, max_size=40)), max_size=30))
def test_parse_never_crashes_and_never_drops_text(parts):
    text = "".join(parts)
    try:
        dossier = parse(text)
    except PqassistError:
        return
    assert_lossless(dossier)


@settings(max_examples=150, deadline=None)
@given(st.text(ALPHABET, max_size=200), st.text(ALPHABET, max_size=200))
def test_two_texts_never_crash_and_never_drop_text(question, answer):
    try:
        dossier = parse("Titel\n\n1. Hoeveel? " + question, answer=answer, hints=KAMER)
    except PqassistError:
        return
    assert_lossless(dossier)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 4000), st.sampled_from(["\f", "\u00ad", "-\n", "?", "1. ", "\x00", "\u200f"]))
def test_mutated_real_layout_stays_lossless(position, insert):
    from conftest import ROOT

    text = (ROOT / "pqassist" / "data" / "example-vlaams-parlement.txt").read_text(encoding="utf-8")
    position = min(position, len(text))
    mutated = text[:position] + insert + text[position:]
    try:
        dossier = parse(mutated)
    except PqassistError:
        return
    assert_lossless(dossier)


def test_clean_maps_every_character_back():
    raw = "a\u00adb\r\nc\fd\x00e"
    cleaned = clean(raw)
    assert cleaned.text == "ab\nc\nde"
    removed = {raw[s:e] for s, e, _ in cleaned.furniture}
    assert {"\u00ad", "\r", "\f", "\x00"} <= removed
    assert [raw[cleaned.raw_offset(i)] for i in range(len(cleaned.text)) if cleaned.text[i] not in "\n"] == list("abcde")


# --- cleaning what PDFs and web copies add ---------------------------------------------------


def test_running_headers_and_page_numbers_are_furniture():
    page = "Vlaams Parlement — Schriftelijke vraag 77\n{body}\n{number}\n"
    bodies = ("Eerst de inleiding.", "Dan de vragen zelf.", "Tot slot het antwoord.")
    raw = "\f".join(page.format(body=body, number=n) for n, body in enumerate(bodies, 1))
    cleaned = clean(raw)
    assert "Schriftelijke vraag 77" not in cleaned.text
    assert all(body in cleaned.text for body in bodies)
    kinds = {kind for _, _, kind in cleaned.furniture}
    assert {"running header/footer", "page number", "page break"} <= kinds


def test_words_and_urls_broken_across_lines_are_joined():
    raw = "De communi-\ncatie verloopt via https://www.example.be/nieuws/fiets-\npaden-2024) en via de\nESF-\nVlaanderen, en ook communicatie-\nen wervingsstrategie."
    text = clean(raw).text
    assert "communicatie verloopt" in text
    assert "https://www.example.be/nieuws/fiets-paden-2024)" in text
    assert "ESF-Vlaanderen" in text
    assert "communicatie-\nen wervingsstrategie" in text  # a real hyphen before "en" stays


def test_tweede_kamer_flat_text_loses_its_page_lines():
    flat = ("Vraag 1 Kent u het bericht?1 Antwoord 1 Ja. Vraag 2 Wat doet u eraan? 1 NOS, 2 mei 2024 "
            "ah-tk-20232024-9 ISSN 0921 - 7398 ’s-Gravenhage 2024 Tweede Kamer, vergaderjaar 2023–2024, "
            "Aanhangsel 1 Antwoord 2 Ik onderzoek het. Tweede Kamer, vergaderjaar 2023–2024, Aanhangsel 2 ") * 1
    flat = "Aanhangsel van de Handelingen " + flat + "x" * 3000
    cleaned = clean(flat)
    assert "ISSN" not in cleaned.text and "NOS, 2 mei" not in cleaned.text
    assert "Antwoord 2 Ik onderzoek het." in cleaned.text


# --- numbering past 99 ---------------------------------------------------------------


def _numbered(count: int) -> tuple[str, str]:
    question = "Aanvragen per dossier.\n\n" + "\n".join(
        f"{n}. Hoeveel aanvragen voor dossier {n} werden ingediend?" for n in range(1, count + 1)
    )
    answer = "\n".join(f"{n}. Er werden {n * 3} aanvragen ingediend." for n in range(1, count + 1))
    return question, answer


@pytest.mark.parametrize("count", [100, 120, 1_000])
def test_numbering_past_99_is_accepted_in_question_and_answer(count):
    question, answer = _numbered(count)
    dossier = parse(question, answer=answer, hints=KAMER)
    assert ids(dossier) == [str(n) for n in range(1, count + 1)]
    found = covers(dossier)
    assert found["100"] == "100." and found[str(count)] == f"{count}."
    assert "aanvragen voor dossier 100 " in dossier.item("100").text + " "


def test_a_year_glued_to_a_letter_is_no_label_when_numbering_stays_below_100():
    question = (
        "Titel.\n\n1. a) Hoeveel meldingen waren er in 2015? b) En hoeveel in 2016?\n"
        "2. Welke maatregelen volgen?"
    )
    answer = "1. a) Er waren 40 meldingen in 2016.b) In 2016 waren het er 52.\n2. Een actieplan volgt."
    dossier = parse(question, answer=answer, hints=KAMER)
    assert covers(dossier) == {"1a": "1. a)", "1b": "b)", "2": "2."}


def test_a_year_is_no_item_number_in_a_long_numbering():
    lines = [f"{n}. Hoeveel dossiers waren er in groep {n}?" for n in range(1, 121)]
    lines[40] = "41. Hoeveel dossiers waren er in 2016. Graag per provincie?"
    dossier = parse("Titel.\n\n" + "\n".join(lines), hints=KAMER)
    assert ids(dossier) == [str(n) for n in range(1, 121)]


@pytest.mark.parametrize(
    "answer, labels",
    [
        ("Voor zijn vragen nrs. 1., 2. en 3. verwijs ik naar mijn vorige antwoord.", [""]),
        ("1. Zie het verslag (Parl. St. 53 3427/005, p. 2). Het blijft zo.\n2. Neen.", ["1.", "2."]),
        ("Er bestaat geen bepaling (art. 1) die dat regelt.", [""]),
    ],
)
def test_a_number_after_an_abbreviated_reference_is_no_label(answer, labels):
    question = "Titel.\n\n1. Hoeveel dossiers zijn er?\n2. Komt er een evaluatie?\n3. Wanneer?"
    dossier = parse(question, answer=answer, hints=KAMER)
    assert [p.label for p in dossier.passages] == labels


def test_a_name_ending_in_a_capital_letter_is_no_abbreviated_reference():
    question = "Politie.\n\nDat blijkt uit een rapport van het Comité P.1. Zult u de adviezen opvolgen?2. Wanneer?"
    dossier = parse(question, hints=KAMER)
    assert ids(dossier) == ["1", "2"]


@settings(max_examples=500, deadline=None)
@example("deelvraag 2 (deelvra xvra 1ad ad Punt", 0)
@example("xdeelvraag, antwoord", 1)
@given(st.lists(st.sampled_from(["ad", "vra", "deel", "antwoord", "punt", "Ad", "VRA", "İ", "x", " ", "(", "1"]), max_size=12).map("".join), st.integers(0, 3))
def test_label_words_are_found_where_a_word_begins(text, cut):
    """The words that open a prefixed label are looked up one by one; the places must be those
    the alternation finds, at the start of a word (also right after the span's first character)."""
    import re

    from pqassist.parse.labels import _label_word_starts

    start = min(cut, len(text))
    expected = [
        m.start() for m in re.compile(r"antwoord|deelvra|vra|ad|punt", re.I).finditer(text, start)
        if m.start() == 0 or not (text[m.start() - 1].isalnum() or text[m.start() - 1] == "_")
    ]
    assert _label_word_starts(text, start, len(text)) == expected


@settings(max_examples=400, deadline=None)
@example("Graag had ik vernomen", 0)
@example("Ik DRİNG er op aan", 0)
@example("wenſ ik te vernemen", 0)
@given(st.lists(st.sampled_from(["graag", "had ik", "zou ik", "Graag", "dring", "DRİNG", "drıng", "er op aan", "dank u",
                                 "alvast voor", "wens ik te vernemen", "wenſ", "een", " ", "x", "K", "ik"]), max_size=10).map(" ".join),
       st.integers(0, 0))
def test_request_phrases_are_found_whether_or_not_prefiltered(text, _):
    """The request-phrase pattern is skipped when none of its words is in the sentence; what
    it finds must not change (also with letters that lower-case oddly)."""
    from pqassist.sentences import _REQUEST_PHRASE, _has_request_phrase

    assert _has_request_phrase(text) == (_REQUEST_PHRASE.search(text) is not None)
