"""Answer timeliness: working days with public holidays, the terms table, the statuses."""

from __future__ import annotations

import csv
import re
from datetime import date, timedelta
from importlib import resources

import pytest

from pqassist.errors import BatchProblem
from pqassist.model import PARLIAMENTS, Meta
from pqassist.corpus.timeliness import (
    STATUS_BAD_DATES,
    STATUS_LATE,
    STATUS_NO_ANSWER,
    STATUS_NO_ANSWER_DATE,
    STATUS_NO_ASKED_DATE,
    STATUS_NO_TERM,
    STATUS_ON_TIME,
    UNITS,
    add_working_days,
    assess,
    deadline_for,
    is_working_day,
    load_terms,
    override_term,
    postponement_notice,
    working_days_between,
)

D = date


@pytest.mark.parametrize(
    "start, end, country, expected",
    [
        (D(2024, 3, 11), D(2024, 3, 21), "NL", 8),  # Monday to Thursday next week
        (D(2024, 3, 15), D(2024, 3, 18), "NL", 1),  # Friday to Monday: the weekend is skipped
        (D(2023, 4, 26), D(2023, 4, 28), "NL", 1),  # King's Day, Thursday 27 April 2023
        (D(2017, 4, 14), D(2017, 4, 18), "BE", 1),  # Easter Monday 17 April 2017
        (D(2017, 7, 20), D(2017, 7, 24), "BE", 1),  # National Day, Friday 21 July 2017
        (D(2017, 11, 10), D(2017, 11, 13), "BE", 1),  # Armistice Day on a Saturday: nothing extra
        (D(2024, 3, 4), D(2024, 4, 2), "NL", 19),  # Good Friday and Easter Monday off
        (D(2024, 3, 4), D(2024, 4, 2), "BE", 20),  # only Easter Monday off in Belgium
        (D(2024, 5, 1), D(2024, 5, 1), "BE", 0),
    ],
)
def test_working_days_between(start, end, country, expected):
    assert working_days_between(start, end, country) == expected
    assert working_days_between(end, start, country) == -expected


def test_add_working_days_is_the_inverse_of_counting():
    start = D(2023, 12, 20)
    for days in range(1, 45):
        end = add_working_days(start, days, "BE")
        assert is_working_day(end, "BE")
        assert working_days_between(start, end, "BE") == days


def test_working_days_match_numpy_busday_count():
    import holidays
    import numpy as np

    start, end = D(2016, 12, 1), D(2018, 2, 1)
    for country in ("BE", "NL"):
        off = sorted(holidays.country_holidays(country, years=range(2016, 2019)))
        day = start
        while day < end:
            later = day + timedelta(days=37)
            expected = int(np.busday_count(day + timedelta(days=1), later + timedelta(days=1), holidays=off))
            assert working_days_between(day, later, country) == expected
            day += timedelta(days=5)


def test_terms_table_is_complete_and_sourced():
    text = resources.files("pqassist.data").joinpath("terms.csv").read_text("utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    assert {row["parliament"] for row in rows} == {"vlaams-parlement", "kamer", "tweede-kamer"}
    for row in rows:
        assert row["parliament"] in PARLIAMENTS and row["unit"] in UNITS
        assert row["source"].strip() and row["rule"].strip() and row["cite"].strip()
        assert row["verified"] in ("ja", "nee")
    terms = load_terms()
    assert (terms["vlaams-parlement"].label, terms["vlaams-parlement"].holidays) == ("20 werkdagen", "BE")
    assert (terms["tweede-kamer"].label, terms["tweede-kamer"].postponed_term) == ("3 weken", 6)
    assert terms["tweede-kamer"].holidays == "NL"
    assert terms["vlaams-parlement"].verified and terms["tweede-kamer"].verified
    assert not terms["kamer"].verified  # a configurable default, marked as such


def test_a_broken_terms_table_is_reported(tmp_path):
    path = tmp_path / "terms.csv"
    path.write_text("parliament,term\nkamer,twintig\n", "utf-8")
    with pytest.raises(BatchProblem, match="regel 2"):
        load_terms(path)
    with pytest.raises(BatchProblem, match="kan niet gelezen"):
        load_terms(tmp_path / "nergens.csv")


def test_override_term_is_marked_unverified():
    terms = override_term(load_terms(), "kamer=4weken")
    assert (terms["kamer"].label, terms["kamer"].verified) == ("4 weken", False)
    assert terms["kamer"].cite == "opgegeven door de gebruiker"
    assert override_term(terms, "kamer=15")["kamer"].label == "15 weken"  # keeps the unit
    assert override_term(load_terms(), "kamer = 15")["kamer"].label == "15 werkdagen"
    for bad in ("kamer", "kamer=", "kamer=20 maanden", "=20"):
        with pytest.raises(BatchProblem):
            override_term(load_terms(), bad)


def test_deadlines_per_unit():
    terms = load_terms()
    assert deadline_for(D(2024, 3, 4), terms["vlaams-parlement"]) == D(2024, 4, 2)
    assert deadline_for(D(2024, 3, 4), terms["tweede-kamer"]) == D(2024, 3, 25)
    assert deadline_for(D(2024, 3, 4), terms["tweede-kamer"], postponed=True) == D(2024, 4, 15)
    days = override_term(terms, "kamer=30dagen")["kamer"]
    assert deadline_for(D(2024, 3, 4), days) == D(2024, 4, 3)


def test_postponement_notice_in_the_heading_only():
    heading = "Antwoord van Minister X (ontvangen 20 februari 2024). Zie ook Aanhangsel Handelingen, nr. 594."
    assert postponement_notice(heading) is True
    assert postponement_notice("Vraag 1\n" + "x" * 5000 + "Zie ook Aanhangsel Handelingen") is False
    assert postponement_notice("") is None


@pytest.mark.parametrize(
    "meta, has_answer, text, status, late, delay",
    [
        (Meta("tweede-kamer", asked_on=D(2024, 3, 11), answered_on=D(2024, 3, 21)), True, "", STATUS_ON_TIME, False, 8),
        (Meta("tweede-kamer", asked_on=D(2023, 11, 20), answered_on=D(2024, 2, 20)), True,
         "Zie ook Aanhangsel Handelingen, vergaderjaar 2023–2024, nr. 594.", STATUS_LATE, True, 63),
        (Meta("vlaams-parlement", asked_on=D(2018, 1, 31), answered_on=D(2018, 2, 28)), True, "", STATUS_ON_TIME, False, 20),
        (Meta("vlaams-parlement", asked_on=D(2018, 1, 31), answered_on=D(2018, 3, 1)), True, "", STATUS_LATE, True, 21),
        (Meta("kamer", asked_on=D(2017, 1, 4)), True, "", STATUS_NO_ANSWER_DATE, None, None),
        (Meta("kamer", asked_on=D(2017, 1, 4)), False, "", STATUS_NO_ANSWER, None, None),
        (Meta("kamer", answered_on=D(2017, 1, 4)), True, "", STATUS_NO_ASKED_DATE, None, None),
        (Meta("kamer", asked_on=D(2017, 2, 4), answered_on=D(2017, 1, 4)), True, "", STATUS_BAD_DATES, None, None),
        (Meta("unknown", asked_on=D(2024, 3, 11), answered_on=D(2024, 3, 21)), True, "", STATUS_NO_TERM, None, None),
    ],
)
def test_assess(meta, has_answer, text, status, late, delay):
    result = assess(meta, has_answer=has_answer, text=text)
    assert (result.status, result.late, result.delay_working_days) == (status, late, delay)
    if result.late is None:
        assert result.status not in (STATUS_LATE, STATUS_ON_TIME)


def test_record_deadline_wins_and_is_verified():
    meta = Meta("kamer", asked_on=D(2024, 3, 4), answered_on=D(2024, 4, 10), deadline=D(2024, 4, 12))
    result = assess(meta)
    assert (result.deadline, result.late, result.term_verified) == (D(2024, 4, 12), False, True)
    assert result.term_source == "deadline in het record"
    unverified = assess(Meta("kamer", asked_on=D(2024, 3, 4), answered_on=D(2024, 4, 10)))
    assert unverified.term_verified is False and unverified.late is True


def test_to_row_has_every_field():
    row = assess(Meta("kamer", asked_on=D(2017, 1, 4))).to_row()
    assert row["status"] == STATUS_NO_ANSWER_DATE and row["answered_on"] is None and row["late"] is None


# ---------------------------------------------------------------- Tweede Kamer texts

MONTHS = "januari februari maart april mei juni juli augustus september oktober november december".split()
HEADER_DATE = r"\b{word}\s+(\d{{1,2}})\s+(" + "|".join(MONTHS) + r")\s+(\d{{4}})"


def header_date(word: str, text: str) -> date | None:
    """Return the first "WORD 20 februari 2024" date of the text's first 3,000 characters."""
    match = re.search(HEADER_DATE.format(word=word), text[:3000])
    if not match:
        return None
    return date(int(match.group(3)), MONTHS.index(match.group(2)) + 1, int(match.group(1)))


def tk_texts(corpus):
    return sorted((corpus / "tweede-kamer" / "txt").glob("*.txt"))


@pytest.mark.corpus
def test_tweede_kamer_header_dates(corpus):
    """Both header dates give a delay that numpy agrees with, and a late flag per the rule."""
    import holidays
    import numpy as np

    checked, late = 0, []
    off = sorted(holidays.country_holidays("NL", years=range(2014, 2026)))
    for path in tk_texts(corpus):
        text = path.read_text("utf-8")
        asked, answered = header_date("ingezonden", text), header_date("ontvangen", text)
        if not (asked and answered):
            continue
        result = assess(Meta("tweede-kamer", asked_on=asked, answered_on=answered), text=text)
        expected = int(np.busday_count(asked + timedelta(days=1), answered + timedelta(days=1), holidays=off))
        assert result.delay_working_days == expected, path.name
        weeks = 6 if result.postponed else 3
        assert result.late == (answered > asked + timedelta(weeks=weeks)), path.name
        checked += 1
        late += [path.name] if result.late else []
        print(f"{path.name}: {asked} -> {answered}: {result.delay_working_days} werkdagen, "
              f"uitstel {result.postponed}, {result.status}")
    assert checked >= 20
    one = assess(Meta("tweede-kamer", asked_on=D(2024, 3, 11), answered_on=D(2024, 3, 21)))
    assert (one.delay_working_days, one.late) == (8, False)  # ah-tk-20232024-1292
    print(f"{checked} texts, {len(late)} late")


@pytest.mark.corpus
def test_parser_dates_match_the_headers(corpus):
    """The dates the parser reads (and so the batch table reports) are the header dates."""
    from pqassist.parse.load import load_dossier

    mismatches = []
    for path in tk_texts(corpus):
        text = path.read_text("utf-8")
        asked, answered = header_date("ingezonden", text), header_date("ontvangen", text)
        meta = load_dossier(path).meta
        if (asked, answered) != (meta.asked_on, meta.answered_on):
            mismatches.append((path.name, asked, answered, meta.asked_on, meta.answered_on))
    print("\n".join(map(str, mismatches)))
    assert not mismatches
