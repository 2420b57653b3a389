"""Follow-up chains: citations of the member's own earlier written question.

Hand-written cases (written here, in the ways members phrase it) decide the pattern; the
federal Chamber's 2017 questions are only counted against the list of known follow-ups
(../shared/corpus/kamer/followups.txt) and the figures printed.
"""

from __future__ import annotations

import gzip
import json
from datetime import date
from types import SimpleNamespace

import pytest

from pqassist.worklist.chains import find_citations, pick_original


@pytest.mark.parametrize(
    "text, number, day",
    [
        ("In opvolging van mijn schriftelijke vraag nr. 412 van 14 maart 2024 wil ik nog weten ...",
         "412", date(2024, 3, 14)),
        ("Op mijn vraag nr. 88 van 3 februari 2023 antwoordde u dat ...", "88", date(2023, 2, 3)),
        ("Eerder stelde ik u hierover al schriftelijke vraag nr. 1079 van 19 oktober 2016 (Vragen "
         "en Antwoorden, Kamer, 2016-2017, nr. 101).", "1079", date(2016, 10, 19)),
        ("Op 26 januari 2017 diende ik schriftelijke vraag nr. 1687 in.", "1687", None),
        ("In uw antwoord op mijn schriftelijke vraag nr. 5 van 01/02/2020 staat ...", "5", date(2020, 2, 1)),
        ("Uit uw antwoord op mijn vorige schriftelijke vraag nr. 77 blijkt ...", "77", None),
        ("Ik stelde al vraag nr. 1393 op 26 april 2016 (Vragen en Antwoorden).", "1393", date(2016, 4, 26)),
    ],
)
def test_own_earlier_question_is_found(text, number, day):
    found = find_citations(text)
    assert [(c.number, c.asked_on) for c in found] == [(number, day)]


@pytest.mark.parametrize(
    "text",
    [
        "Ook antwoordde u op schriftelijke vraag nr. 685 van Olivier Chastel dat ...",
        "In antwoord op vraag nr. 1350 van 29 juni 2006 van de heer Jean-Jacques Viseur stelde u ...",
        "Als antwoord op mijn vraag nr. 6313 (Integraal Verslag, Kamer, 2015-2016, CRIV 54 COM 253) zei u ...",
        "In opvolging van mijn mondelinge vraag nr. 11976 over ...",
        "Ik verwijs naar het antwoord op de vraag nr. 650 van 18 augustus 2016.",
        "Het antwoord op vraag nr. 12 van mevrouw Peeters was onvolledig.",
        "Zie het decreet van 12 maart 2020, nr. 45.",
        "",
    ],
)
def test_colleagues_oral_questions_and_mere_referrals_are_not_chains(text):
    assert find_citations(text) == []


def test_each_number_once_in_order():
    text = ("In opvolging van mijn schriftelijke vraag nr. 3 van 1 maart 2024 en mijn schriftelijke "
            "vraag nr. 9 van 2 april 2024, en nogmaals mijn schriftelijke vraag nr. 3 ...")
    assert [c.number for c in find_citations(text)] == ["3", "9"]


def test_pick_original_by_date_or_alone():
    q = lambda n, d: SimpleNamespace(number=n, asked_on=d, minister=None)  # noqa: E731
    march, may = q("3", date(2023, 3, 1)), q("3", date(2024, 3, 2))
    cited = find_citations("mijn schriftelijke vraag nr. 3 van 2 maart 2024")[0]
    assert pick_original(cited, [march, may]) is may
    undated = find_citations("mijn schriftelijke vraag nr. 3 ...")[0]
    assert pick_original(undated, [march, may]) is None  # two candidates: no guess
    assert pick_original(undated, [march, may], before=date(2023, 6, 1)) is march
    wrong_day = find_citations("mijn schriftelijke vraag nr. 3 van 20 maart 2024")[0]
    assert pick_original(wrong_day, [march, may]) is None


def test_counts_on_the_chamber_questions_of_2017(corpus):
    listed_file = corpus / "kamer" / "followups.txt"
    rows_file = corpus / "kamer" / "dekamer-2017.jsonl.gz"
    listed = {line.strip() for line in listed_file.read_text("utf-8").splitlines()
              if line.strip() and not line.startswith("#")}
    found_listed = found_other = total = 0
    with gzip.open(rows_file, "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            total += 1
            hit = bool(find_citations(row.get("question") or ""))
            if str(row.get("doc_id")) in listed:
                found_listed += hit
            else:
                found_other += hit
    print(f"\nketens: {found_listed} van {len(listed)} gekende opvolgingsvragen gevonden "
          f"({found_listed / len(listed):.0%}); {found_other} andere vragen van {total} citeren "
          "ook een eigen eerdere schriftelijke vraag")
    assert found_listed >= 0.8 * len(listed)
    assert found_other <= 0.01 * total


@pytest.mark.parametrize("parliament", ["vlaams-parlement", "kamer"])
def test_a_follow_up_drafted_here_cites_its_original_so_it_links_once_submitted(parliament):
    """The opening pqassist drafts is found by the same pattern, for one member or several."""
    import dataclasses

    from pqassist.analysis.pipeline import analyse
    from pqassist.app.open_panel import load_example
    from pqassist.drafting.compose import draft
    from pqassist.drafting.export import export_text

    dossier = load_example()
    meta = dataclasses.replace(dossier.meta, parliament=parliament)
    analysis = analyse(dataclasses.replace(dossier, meta=meta))
    text = export_text(draft(analysis), "txt")
    found = find_citations(text)
    assert found and found[0].number == meta.number, text[:400]
    assert found[0].asked_on == meta.asked_on
    several = find_citations("In antwoord op onze schriftelijke vraag nr. 12 van 3 mei 2024 ...")
    assert [c.number for c in several] == ["12"]
