"""The fast sentence facts (and the answer model built on them) agree with the patterns they stand in for."""

from __future__ import annotations

import pytest
from corpus_documents import federal_rows, federal_texts

from pqassist.analysis import answer_model
from pqassist.analysis import sentence_facts as am
from pqassist.sentences import sentence_spans

SENTENCES = [
    "Er werden in 2017 in totaal 1.234 aanvragen ingediend, tegen 987 in 2016.",
    "Neen, dat klopt niet.",
    "Ik kan niets anders doen dan verwijzen naar artikel 12 van de wet.",
    "Het is niet alleen een kwestie van geld, maar ook van tijd.",
    "Zie de tabel hieronder: [tabel: aantallen per jaar]",
    "De tabel 2016201714665-13-2137-bil-1 werd aan het geachte lid bezorgd.",
    "Op 12 maart 2018 werd het besluit genomen; de uitvoering volgt; het geld is er.",
    "- Eerste punt\n2. tweede punt",
    "a) de kosten per jaar bedragen twee miljoen euro.",
    "Jaarlijks worden drie inspecties uitgevoerd bij Jan Peeters en Marie Claes.",
    "Het aantal bedroeg 45 % in vraag 3 en nr. 7.",
    "Dat is juist: er zijn tien dossiers.",
    "Ja.",
    # characters that re.IGNORECASE folds beyond str.lower, and one that lower-casing lengthens
    "Op 3 auguſtus 2019 waren er twee gevallen.",
    "In januarı 2019 waren er 12 gevallen, dat klopt nıet.",
    "İn 2018 werden er 14 toegekend, per jaar dus 14.",
    "Er is geen ſtatistiek: nergens.",
]


# what INTENT needs, with and without the words its branches need, and openings
INTENT_EDGES = [
    "Dit wordt nogonderzocht.", "Dit wordt nogonderzocht, met aandacht.", "Dit dossier is thans onderzocht.", "Het zijn onderzochte zaken.",
    "Waar nodig wordt bijgestuurd.", "Nodig is waar het om gaat.", "De minister zal dit verder onderzoeken.",
    "Dit zal in de toekomst gebeuren.", "In de mate van het mogelijke.", "Zo snel mogelijk, zo snel als mogelijk.",
    "Indien noodzakelijk volgt meer.", "Ik wil aandacht vragen.", "Wil  men dit volgen?", "Op termijn.",
    "Te gelegener tijd.", "ZAL dit NAGAAN.", "Volgen, nodige en gepaste maatregelen zonder hulpwerkwoord.",
    "Ja, dat klopt.", "\"(– neen.", "  - Inderdaad.", "Zeker niet.", "Hetklopt niet.", "KLOPT.", "Nee.",
    "jan Peeters", "a B", "a Bc", "a BC", "a, Ab", "x ÀB en Écolo", "Alleen de eerste Hoofdletter.", "geen hoofdletters",
]


@pytest.mark.parametrize("sentence", SENTENCES + INTENT_EDGES)
def test_fast_facts_match_the_patterns(sentence: str) -> None:
    flags, figures = am.sentence_facts(sentence)
    assert flags == am._sentence_flags_by_pattern(sentence)
    assert am.figures_in(sentence) == am._figures_by_pattern(sentence)
    assert figures == (frozenset(am._figures_by_pattern(sentence)) if "figures" in flags else frozenset())


def test_a_number_that_names_a_table_or_an_annex_is_no_figure() -> None:
    assert am.figures_in("Tabel 1 geeft het aantal gerechtigden per Gewest weer.") == set()
    assert am.figures_in("De cijfers staan in bijlage 2 en in grafiek 3.") == set()
    assert am.figures_in("Tabel 1 telt 12 rijen; er zijn 3 bijlagen.") == {"12", "3"}


def test_facts_found() -> None:
    flags, figures = am.sentence_facts("Op 12 maart 2018 werden 1.234 aanvragen ingediend, niet 1.300.")
    assert {"date", "month", "year", "figures", "negation", "specifics"} <= flags
    assert figures == {"1.234", "1.300"}
    assert "negation" not in am.sentence_flags("Het is niet alleen duur, maar ook traag.")
    assert "per_year" in am.sentence_flags("Dat kost 5 euro per jaar.")
    assert "per_year" not in am.sentence_flags("Dat kost 5 euro per  jaar.")  # the pattern wants one space


def test_fast_facts_match_on_federal_answers(corpus) -> None:
    rows = federal_rows(corpus, 400)
    checked = 0
    for row in rows:
        text = row.get("answer") or ""
        for start, end in sentence_spans(text):
            sentence = text[start:end]
            flags, figures = am.sentence_facts(sentence)
            assert flags == am._sentence_flags_by_pattern(sentence), sentence
            assert am.figures_in(sentence) == am._figures_by_pattern(sentence), sentence
            checked += 1
    assert checked > 1000


def test_sentence_figures_are_figures_in_each_sentence(corpus) -> None:
    """The model keeps each sentence's figures (``figures_in``) as ``sentence_facts`` found them."""
    texts = list(SENTENCES) + [row.get("answer") or "" for row in federal_rows(corpus, 300)]
    checked = 0
    for text in texts:
        model = answer_model.AnswerModel(text)
        assert len(model.sentence_figures) == len(model.sentences)
        for sentence, written in zip(model.sentences, model.sentence_figures):
            assert written == am.figures_in(sentence.text), sentence.text
            checked += bool(written)
    assert checked > 100


FIGURE_EDGES = [
    "Op 3 mei 2019 en 12 Juni 2020 werden 45 en 46 dossiers behandeld (artikel 7, art. 8, Nr. 9).",
    "In de gemeente Meise werden 12 dossiers behandeld; in meisjesscholen 14.", "Lijn 12 en lijnen 13, Vraag 4 of vragen 5.",
    "Bijlage 3 en bijlagen 4, Grafiek 2, figuur 6, FIGUUR 7, tabel 8, subtabel 9, nummer 10 en nummers 11.",
    "De tabel [tabel: 3 mei 2019] telt 12 rijen; [grafiek] juni 2018 gaf 14.",
    "2016201714665-13-2137-bil-1 mei 2019: 15 en 16; artikel\n17 en art.18 en nr 19.",
    "Sinds 1 januari 2019 (1e januari 2019, 12de maart2020, 3 maartx 2019) werden 20 aanvragen gedaan.",
]


def test_figures_look_for_dates_and_names_of_things_only_where_their_word_is(corpus) -> None:
    """Within a sentence's facts, a date is taken out only when a month is one of its words and
    a name of a thing ('artikel 7') only when the name is: the figures equal the written
    patterns' on edge cases and on every sentence with a digit of 600 federal texts."""
    texts = FIGURE_EDGES + SENTENCES + list(EDGES) + federal_texts(corpus, 600)
    compared = 0
    for text in texts:
        for start, end in sentence_spans(text) + [(0, len(text))]:
            sentence = text[start:end]
            if not am.has_digit(sentence):
                continue
            flags, figures = am.sentence_facts(sentence)
            assert figures == (frozenset(am._figures_by_pattern(sentence)) if "figures" in flags else frozenset()), sentence
            compared += 1
    assert compared > 1500


TWINS = [  # (pattern as written, the twin the fast path runs)
    (am.CODE, am._CODE), (am.PLACEHOLDER, am._PLACEHOLDER), (am.YEARS, am._YEARS), (am.NUMBER_TOKEN, am._NUMBER_TOKEN),
    (am.DATE_RE, am._DATE), (am.NAMES, am._NAMES),
]
EDGES = [
    "2016201714665-13-2137-bil-1 x2016201714665-13-2137-bil-1 _2016201714665-13-2137-nl-fr-2 (2017201814665-1-2-FR)",
    "In 1999, 2000 en 2019 of a2019, 20191, 19-20, /2019 en -2020; 3,5 en 4.000.000, 1.5a, x12, 12x, /12, 12/, -12, 12-",
    "Artikel 5, art. 6, NR. 7, nummer 8, lijn 9, vraag 10, kunstartikel 11, xnr. 12, anummer 13, vraag\n14, Vraag  15",
    "Tabel 1, tabel\n2, BIJLAGE 3, grafiek 4, figuur 5, subtabel 6, xbijlage 7, tabellen 8, bijlagen 9, Tabel  10",
    "Op 1 januari 2019, 12de maart 2020, 3ste MEI 2018, x1 juni 2019, 123 juli 2019, 05e april 2017 en 1e\tjuni 2016.",
    "De minister van Justitie, Jan Peeters en Marie-Claire Dubois, met De Lijn, NMBS, Écolo en Ölaf en ÀB.",
    "- a; a - b; a -b; a:\nb; x:\n  y; a -\tb; \u00a0- x; a\n- b; a–\nb; – x; einde:  ",
]


def test_fast_twins_match_where_the_written_patterns_match(corpus) -> None:
    texts = list(EDGES) + SENTENCES + federal_texts(corpus, 600)
    found = 0
    for text in texts:
        for written, twin in TWINS:
            spans = [m.span() for m in written.finditer(text)]
            assert [m.span() for m in twin.finditer(text)] == spans, (written.pattern, text[:80])
            found += len(spans)
        for part in [text, *text.split("\n")] + [text[k : k + 60] for k in range(0, len(text), 45)]:
            fast = bool(":" in part and am._COLON_END.search(part)) or bool(am._DASH.search(part))
            assert fast == bool(am.DASH_OR_COLON.search(part)), part
    assert found > 5000


NEGATION_EDGES = [
    "Het is niet alleen duur, maar niet goedkoop.", "Ik kan niets anders doen.", "Niets anders, niets.",
    "niet alleen", "Niet alleen dit; NIET ZONDER dat.", "Het is niet uit te sluiten, niet zozeer.",
    "Dat is nietig, niets-nut en nietsdoen.", "_niet alleen en x niet_ en niet2 en 2niet", "niets andersom",
    "niet alleenstaand", "niet  alleen", "geen niet alleen", "Niet alleen nooit.", "niet\nalleen", "niets",
    "Het kan niet enkel dat, niet enkelvoudig.", "De nietigheid is niet zonder meer", "Nietszeggend is het niet.",
]
NAME_EDGES = [
    "art. 5 en artikel 6, art.7, art 8, kunstart. 9, kwartaal 10, start 11, ART.  12, x_art. 13, (art. 14)",
    "nr. 5, nr.6, nrs. 7, Nr.\n8, vraagt 9, vraag 10 11, aanvraag 12, vraag10, vraag -10, lijn\t20, richtlijn 21",
    "Tabel 2 en tabel 3: bijlage 4, BIJLAGE\u00a05, grafiek 6a, figuur 7.5, nummer 8,9, nummers 10, tabel 2016",
    "artikel 5 artikel 6 art. 7 nr. 8 vraag 9 vraag 9 vraag", "Artikel", "nr. ", "vraag 3?", "ééntabel 4 en é tabel 5",
    # a table code taken out first leaves "artikel   5": a name of a thing, no figure
    "Zie artikel 2016201714665-13-2137-bil-1 5 hierover.", "Zie tabel [tabel 3] 4 en tabel 2017201814665-1-2-nl 6",
]


@pytest.mark.parametrize("sentence", NEGATION_EDGES + NAME_EDGES)
def test_fast_facts_match_the_patterns_on_negations_and_numbered_names(sentence: str) -> None:
    flags, figures = am.sentence_facts(sentence)
    assert flags == am._sentence_flags_by_pattern(sentence)
    assert am.figures_in(sentence) == am._figures_by_pattern(sentence)


def test_names_of_things_and_plain_niet_are_what_the_patterns_find(corpus) -> None:
    """The numbers that name a thing ("artikel 7") are taken out where the pattern takes them out,
    and a "niet" of its own is found where NEGATIVE finds one once NOT_A_NO is taken out."""
    texts = NEGATION_EDGES + NAME_EDGES + list(EDGES) + SENTENCES + federal_texts(corpus, 600)
    removed = plain = 0
    for text in texts:
        for part in [text] + [text[k : k + 80] for k in range(0, len(text), 50)]:
            low = part.lower()
            if len(low) != len(part) or am.special_case(part):
                continue
            expected = am.NOT_A_FIGURE.sub(" ", part)
            assert am._without_names_of_things(part, low) == expected, part
            removed += expected != part
            if am._OTHER_NEGATIVE_WORDS.isdisjoint(am.word_runs(low)):
                found = am.NEGATIVE.search(am.NOT_A_NO.sub(" ", part)) is not None
                assert am._plain_niet(part, low) == found, part
                plain += found
    assert removed > 200 and plain > 200


def _related_by_parts(model: answer_model.AnswerModel, term: str) -> tuple[int, ...]:
    """Return the sentences related to ``term`` by looking every part of it up (the reference)."""
    exact = model.postings.get(term, ())
    if len(term) < 5 or model.vocabulary.score(term) == 0.0:
        return tuple(exact)
    found = set(exact)
    joined = model.vocabulary.joined
    for piece in [term] + ([term[k : k + 9] for k in range(len(term) - 8)] if len(term) >= 9 else []):
        at = joined.find(piece)
        while at != -1:
            start, end = joined.rfind("|", 0, at) + 1, joined.find("|", at)
            found.update(model.postings.get(joined[start:end], ()))
            at = joined.find(piece, end)
    for size in range(5, len(term)):
        for k in range(len(term) - size + 1):
            found.update(model.postings.get(term[k : k + size], ()))
    return tuple(sorted(found))


def test_related_sentences_equal_a_look_up_of_every_part(corpus) -> None:
    from pqassist.analysis.similarity import terms

    rows = federal_rows(corpus, 150)
    checked = 0
    for row in rows:
        model = answer_model.AnswerModel(row.get("answer") or "")
        for term in dict.fromkeys(terms(row.get("question") or "") + ("verkeersveiligheidsplan", "fietspaden")):
            assert tuple(model._related_sentences(term)) == _related_by_parts(model, term), term
            checked += len(term) >= 9
    assert checked > 500


def test_fits_from_term_relations_equal_the_overlap_per_sentence(corpus) -> None:
    """``fits`` adds each term's best relation per sentence; the reference scores every sentence's
    terms with ``overlap``: the same sentences, in the same order, with the very same floats."""
    from pqassist.analysis.asks import split_asks
    from pqassist.analysis.similarity import terms

    rows = federal_rows(corpus, 200)
    compared = 0
    for row in rows:
        model = answer_model.AnswerModel(row.get("answer") or "")
        question = row.get("question") or ""
        wanted = [list(terms(question))] + [list(terms(ask)) for ask in split_asks([question])]
        wanted += [["fietspaden", "verkeersveiligheidsplan", "fiets", "fietspaden"], ["de"], []]
        for ask_terms in wanted:
            fast, reference = model.fits(ask_terms), model._fits_by_index(ask_terms)
            assert list(fast.items()) == list(reference.items()), ask_terms
            assert model.candidates(ask_terms) == model._candidates_by_parts(ask_terms), ask_terms
            assert model.coverage(ask_terms) == model._coverage_by_index(ask_terms), ask_terms
            compared += len(fast)
    assert compared > 2000


def _content_flags_by_pattern(sentence: str) -> frozenset[str]:
    """Return the content flags as the written patterns find them (the reference)."""
    low = sentence.lower()
    words = set(am.WORD.findall(low))
    flags = set()
    if words & am.INTENT_GATE and am.INTENT.search(sentence):
        flags.add("intent")
    if words & am.PAST:
        flags.add("past")
    if am.NAMED.search(sentence):
        flags.add("named")
    if words & am.LEGAL or any(pair in low for pair in am.LEGAL_PAIRS):
        flags.add("legal")
    if words & am.MODAL:
        flags.add("modal")
    if am.DIGIT.search(am.CODE.sub(" ", sentence)):  # a table's code is not a specific
        flags.add("digits")
    return frozenset(flags)


def test_model_content_flags_match_the_patterns(corpus) -> None:
    """Each sentence's content flags, read with its facts from one pass over its words, are
    those of the written patterns (``NAMED`` as written, not its twin)."""
    from pqassist.analysis.content import content_flags

    texts = list(SENTENCES) + list(EDGES) + INTENT_EDGES + [row.get("answer") or "" for row in federal_rows(corpus, 400)]
    named = intent = 0
    for text in texts:
        for sentence in answer_model.AnswerModel(text).sentences:
            expected = _content_flags_by_pattern(sentence.text)
            assert sentence.content == expected == content_flags(sentence.text), sentence.text
            # the facts read with them (a digit and a capital looked for once) are the patterns' too
            assert sentence.flags - {"hedge"} == am._sentence_flags_by_pattern(sentence.text), sentence.text
            named += "named" in expected
            intent += "intent" in expected
    assert named > 300 and intent > 50


def test_the_sentences_words_are_the_texts_words_for_its_phrase_scan(corpus) -> None:
    """The words the sentences were read into, with those between them, are exactly the words of
    the lower-cased text the phrase scan needs (or None, and the scan reads the text itself)."""
    import re

    from pqassist.analysis import phrases
    from pqassist.analysis.words import SPECIAL_CASE

    texts = list(SENTENCES) + list(EDGES) + ["Σ ΟΔΟΣ en de ΣΑΣ zijn dat.", "İstanbul: 12 gevallen. Nu_ook x", ""]
    texts += [row.get("answer") or "" for row in federal_rows(corpus, 400)]
    joined = 0
    for text in texts:
        pieces, low, words, exact = answer_model._read_words(text, sentence_spans(text))
        assert low == text.lower()
        assert exact == (len(low) == len(text) and not SPECIAL_CASE.search(text))
        assert [p[0] for p in pieces] == [text[s:e] for s, e in sentence_spans(text)]
        assert all(w == set(re.findall(r"\w+", p.lower())) and lw == p.lower() for p, lw, w in pieces)
        if words is not None:
            assert words == frozenset(re.findall(r"\w+", low)), text[:80]
            joined += 1
    assert joined > 350
    phrases.reload()  # a fresh scan: built from the model's words
    for text in texts[-50:]:
        scan = answer_model.AnswerModel(text)._scan
        assert scan.words == frozenset(re.findall(r"\w+", text.lower())) and scan.low == text.lower()


def test_a_sentence_of_the_model_is_read_only() -> None:
    """Each sentence keeps its place, text, flags and content flags, and cannot be changed."""
    model = answer_model.AnswerModel("Er zijn 12 dossiers. Dat klopt niet.")
    first, second = model.sentences
    assert (first.start, first.end, first.text, second.start) == (0, 20, "Er zijn 12 dossiers.", 21)
    assert "figures" in first.flags and "negation" in second.flags and first.dodge is None
    assert "digits" in first.content and "digits" not in second.content
    with pytest.raises(AttributeError):
        first.text = "Er zijn 13 dossiers."  # type: ignore[misc]
