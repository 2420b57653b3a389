"""The member's question list against a local stand-in for both services (127.0.0.1 only).

The fixtures (tests/fixtures/fetch/) hold, for a fictional member, two months of written
questions in the Flemish Parliament: one answered on time, one answered late, one overdue,
one still open whose answer arrives between two visits, and one that cites an earlier one;
and in the Chamber a late answer and an overdue follow-up citing it.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from types import SimpleNamespace

import pytest

from pqassist.cli import main
from pqassist.errors import PqassistError
from pqassist.model import Mark, Meta, Review, Verdict
from pqassist.worklist import hooks
from pqassist.worklist.listing import (
    LATE,
    ON_TIME,
    OPEN,
    OVERDUE,
    count_gaps,
    count_unchecked,
    export,
    sort_rows,
    status_of,
)
from pqassist.worklist.session import WorklistProblem, WorklistRequest, open_list
from pqassist.worklist.store import Question, Store

from fetch_support import FIXTURES, guard_loopback, servers

MEMBER = "Annelies Vermeulen"
PERIOD = dict(date_from="2024-03-01", date_to="2024-04-30")


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch, tmp_path):
    guard_loopback(monkeypatch, tmp_path / "cache")
    monkeypatch.setenv("PQASSIST_DB", str(tmp_path / "lijst.sqlite"))
    monkeypatch.setenv("PQASSIST_REVIEWS", str(tmp_path / "reviews"))


@pytest.fixture
def service():
    with servers.LocalService(FIXTURES) as running:
        yield running


def at(day: str) -> datetime:
    return datetime.fromisoformat(day + "T09:00:00").replace(tzinfo=timezone.utc)


def look(service, store, today: str, **extra):
    request = WorklistRequest(questioner=MEMBER, today=today, vp_api=service.base,
                              kamer_api=service.base, parliaments=("vlaams-parlement",),
                              **{**PERIOD, **extra})
    return open_list(request, store=store, now=at(today))


def by_number(result) -> dict:
    return {r.number: r for r in result.rows}


def answer_470(service) -> None:
    """Publish the answer to question 470 on the local service (between two visits)."""
    hits = json.loads((FIXTURES / "search-hits.json").read_text("utf-8"))
    for hit in hits["result"]:
        if "/1234572/" in hit["id"]:
            for tag in hit["metatags"]["metatag"]:
                if tag["name"] == "publicatiedatum":
                    tag["value"] = "2024-05-11T10:00:00"
            hit["metatags"]["metatag"].append(
                {"name": "statusdatumSchvBeantwoord", "value": "2024-05-10T00:00:00"})
    service.files["search-hits.json"] = json.dumps(hits).encode()
    record = json.loads((FIXTURES / "record-1234572.json").read_text("utf-8"))
    record["procedureverloop"].append({"datum": "2024-05-10T00:00:00+02:00", "status": "Tijdig beantwoord"})
    record["tijdig"], record["soort-antwoord"] = True, "Antwoord"
    service.records["1234572"] = json.dumps(record).encode()


# -- the list over two months, two visits ------------------------------------------------------


def test_two_months_late_overdue_open_and_a_follow_up(service, tmp_path):
    store = Store()
    first = look(service, store, "2024-05-06")
    rows = by_number(first)
    assert sorted(rows) == ["101", "412", "455", "470", "488"]  # not colleague 97, not the VRU
    assert rows["412"].status == ON_TIME and rows["412"].days_waiting == 19  # Easter Monday off
    assert rows["101"].status == LATE and rows["101"].deadline == date(2024, 3, 29)
    assert rows["455"].status == OVERDUE and rows["455"].deadline == date(2024, 4, 18)
    assert rows["470"].status == OPEN and rows["470"].deadline == date(2024, 5, 28)
    assert rows["470"].days_waiting == 6  # 1 May is a holiday
    assert rows["488"].follows_up == "101" and rows["101"].followup_number == "488"
    assert rows["412"].minister == "Hendrik De Waele"
    assert first.since is None and not first.new
    # sorted by status: overdue first, then open, late, on time
    assert [r.status for r in first.rows] == [OVERDUE, OPEN, LATE, ON_TIME, ON_TIME]
    assert first.problems == []


def test_an_answer_between_two_visits_is_shown_as_new_at_the_top(service):
    store = Store()
    look(service, store, "2024-05-06")
    answer_470(service)
    second = look(service, store, "2024-05-13")
    assert second.since is not None
    assert [r.number for r in second.new] == ["470"]
    assert second.rows[0].number == "470" and second.rows[0].status == ON_TIME
    assert second.rows[0].answered_on == date(2024, 5, 10)
    # the record of an answered question is not asked for again on the next visit
    before = service.count("/e/opendata/schv/1234567")
    third = look(service, store, "2024-05-14")
    assert third.new == []
    assert service.count("/e/opendata/schv/1234567") == before


def test_an_old_answer_first_fetched_later_is_not_news(service):
    store = Store()
    look(service, store, "2024-05-06", date_to="2024-03-31")  # March only: 101, 412, 455
    answer_470(service)
    second = look(service, store, "2024-05-13")  # now April too: 470 and 488 come in
    rows = by_number(second)
    assert rows["488"].answered_on == date(2024, 4, 30) and not rows["488"].new
    assert rows["470"].new  # answered on 10 May, after the visit of 6 May


def test_a_drafted_follow_up_and_the_gaps_of_a_review(service, tmp_path):
    store = Store()
    look(service, store, "2024-05-06")
    q455 = Meta(parliament="vlaams-parlement", number="455",
                source=f"{service.base}/e/opendata/schv/1234571")
    assert hooks.note_draft(q455, tmp_path / "455 - opvolging.docx", store=store) == "vlaams-parlement:1234571"
    # a review opened in the app: four items, two suggested gaps, one mark changes one;
    # items 1 and 4 suggested answered but marked "te controleren", item 4 not judged yet
    from pqassist.drafting.review import save_review

    reviews = tmp_path / "reviews"
    reviews.mkdir()
    review_path = reviews / "k412.review.json"
    save_review(Review("k412", marks=(Mark("1", include=True), Mark("3", verdict=Verdict.ANSWERED))),
                review_path)
    suggestion = lambda v, check=False: SimpleNamespace(verdict=v, to_check=check)  # noqa: E731
    analysis = SimpleNamespace(
        dossier=SimpleNamespace(key="k412", meta=Meta(parliament="vlaams-parlement", number="412",
                                                      source=f"{service.base}/e/opendata/schv/1234567")),
        suggestions={"1": suggestion(Verdict.ANSWERED, True), "2": suggestion(Verdict.REFERRAL),
                     "3": suggestion(Verdict.NO_DATA), "4": suggestion(Verdict.ANSWERED, True)},
    )
    assert hooks.note_opened(analysis, review_path, store=store) == "vlaams-parlement:1234567"
    rows = by_number(look(service, store, "2024-05-07", offline=True))
    assert rows["412"].gaps == 2  # item 1 ticked, item 2 a referral; item 3 marked answered
    assert rows["412"].to_check == 2  # ticking item 1 is no verdict of the staffer's
    assert rows["455"].draft and rows["455"].followup_number is None
    assert rows["101"].gaps is None and rows["101"].to_check is None  # never opened
    # the staffer judges item 4 in the app: the next look counts one item still to check
    save_review(Review("k412", marks=(Mark("1", include=True), Mark("3", verdict=Verdict.ANSWERED),
                                      Mark("4", verdict=Verdict.ANSWERED))), review_path)
    result = look(service, store, "2024-05-08", offline=True)
    assert by_number(result)["412"].to_check == 1
    from pqassist.worklist.render import HEADINGS, cells, text_table

    row = by_number(result)["412"]
    assert cells(row)[HEADINGS.index("te controleren")] == "1"
    assert cells(row)[HEADINGS.index("hiaten")] == "2"
    assert "te controleren" in text_table(result)
    import csv

    with export(result.rows, tmp_path / "lijst.csv").open(encoding="utf-8-sig", newline="") as handle:
        exported = {line["nummer"]: line for line in csv.DictReader(handle)}
    assert list(exported["412"])[list(exported["412"]).index("hiaten") + 1] == "te controleren"
    # whole numbers, blank when unknown: not "2.0" because another row has no count
    assert (exported["412"]["hiaten"], exported["412"]["te controleren"]) == ("2", "1")
    assert (exported["101"]["hiaten"], exported["101"]["te controleren"]) == ("", "")
    # a document of unknown origin changes nothing
    stranger = Meta(parliament="vlaams-parlement", number="999")
    assert hooks.note_draft(stranger, tmp_path / "x.docx", store=store) is None


def test_hooks_never_create_a_list_and_never_fail_the_app(tmp_path, monkeypatch):
    monkeypatch.setenv("PQASSIST_DB", str(tmp_path / "nog-geen" / "lijst.sqlite"))
    meta = Meta(parliament="vlaams-parlement", number="455", source="http://x/e/opendata/schv/1234571")
    assert hooks.note_draft(meta, tmp_path / "a.docx") is None
    assert not (tmp_path / "nog-geen").exists()
    monkeypatch.setenv("PQASSIST_DB", str(tmp_path))  # a folder, not a database file
    assert hooks.note_draft(meta, tmp_path / "a.docx") is None


def test_count_gaps_marks_over_suggestions():
    review = Review("k", marks=(Mark("a", include=False), Mark("c", verdict=Verdict.PARTIAL)))
    suggested = {"a": "referral", "b": "no_data", "c": "answered", "d": "answered"}
    assert count_gaps(suggested, review) == 2  # b (suggested gap), c (marked partial)


def test_count_unchecked_counts_items_without_a_verdict_of_the_staffer():
    review = Review("k", marks=(Mark("a", include=False), Mark("c", verdict=Verdict.ANSWERED), Mark("d", note="x")))
    assert count_unchecked(["a", "b", "c", "d", "b"], review) == 3  # a, b and d: no verdict given
    assert count_unchecked([], review) == 0


def test_a_list_from_before_the_marks_is_brought_up_to_date(tmp_path):
    """A list file written at schema 1 (no "te controleren" in its reviews) opens, keeps its
    reviews, and counts nothing to check until the review is opened again."""
    import sqlite3

    from pqassist.worklist.schema import MIGRATIONS

    path = tmp_path / "oud.sqlite"
    with sqlite3.connect(path) as conn:
        conn.executescript(MIGRATIONS[0])
        conn.execute("INSERT INTO reviews (qid, dossier_key, review_path, suggested, gaps, opened_at) "
                     "VALUES ('vlaams-parlement:1', 'k1', '/nergens.review.json', '{\"1\": \"answered\"}', 3, "
                     "'2024-05-06T09:00:00+00:00')")
        conn.execute("PRAGMA user_version = 1")
    store = Store(path)
    assert store.schema_version() == 2
    (row,) = store.reviews()
    assert row["gaps"] == 3 and row["to_check"] == "[]" and row["unchecked"] is None
    store.note_review("vlaams-parlement:1", "k1", tmp_path / "k1.review.json", {"1": "answered"}, ["1"])
    assert json.loads(store.reviews()[0]["to_check"]) == ["1"]


@pytest.mark.parametrize("suggested, to_check", [
    ("{niet json", "[]"),
    ('["1", "2"]', "[]"),  # JSON, but not item -> verdict
    ('{"1": "answered"}', "[" * 100_000),  # nested past any limit
    ('{"1": "answered"}', '{"1": true}'),
])
def test_a_damaged_note_of_a_review_leaves_its_counts_unknown_not_the_list_broken(
        service, tmp_path, suggested, to_check):
    import sqlite3

    from pqassist.drafting.review import save_review

    store = Store()
    look(service, store, "2024-05-06")
    review_path = tmp_path / "k412.review.json"
    save_review(Review("k412", marks=(Mark("1", verdict=Verdict.PARTIAL),)), review_path)
    store.note_review("vlaams-parlement:1234567", "k412", review_path, {"1": "answered"}, ["1"])
    with sqlite3.connect(store.path) as conn:
        conn.execute("UPDATE reviews SET suggested = ?, to_check = ?", (suggested, to_check))
    rows = by_number(look(service, store, "2024-05-07", offline=True))
    row = rows["412"]
    assert row.to_check in (None, 0)
    assert row.gaps in (None, 1)  # unknown, or the staffer's own mark counted


def test_chamber_list_late_answer_and_overdue_follow_up(service):
    store = Store()
    request = WorklistRequest(questioner="Marie Claes", date_from="2023-01-01", date_to="2023-04-30",
                              today="2023-05-15", kamer_api=service.base, parliaments=("kamer",))
    rows = by_number(open_list(request, store=store))
    assert rows["567"].status == LATE and rows["567"].answered_on == date(2023, 4, 20)
    assert rows["567"].deadline == date(2023, 3, 17)  # the record's own deadline
    assert rows["612"].status == OVERDUE and rows["612"].follows_up == "567"
    assert rows["567"].followup_number == "612"
    assert "600" not in rows  # another member's question


def test_one_service_down_still_lists_the_other(service, tmp_path):
    store = Store()
    request = WorklistRequest(questioner=MEMBER, today="2024-05-06", vp_api=service.base,
                              kamer_api="http://127.0.0.1:9", timeout=2, **PERIOD)
    result = open_list(request, store=store)
    assert len(result.rows) == 5
    assert len(result.problems) == 1 and "niet bereikbaar" in result.problems[0]


def test_a_last_name_alone_finds_the_member(service):
    store = Store()
    look(service, store, "2024-05-06")
    rows = open_list(WorklistRequest(questioner="vermeulen", today="2024-05-06", offline=True,
                                     **PERIOD), store=store).rows
    assert len(rows) == 5
    assert open_list(WorklistRequest(questioner="Koen Vermeulen", today="2024-05-06", offline=True,
                                     **PERIOD), store=store).rows == []


def test_status_of_unknown_dates():
    q = Question("x:1", "vlaams-parlement", "1")
    assert status_of(q, date(2024, 5, 1))[0] == "datum onbekend"


# -- sorting, filtering, export ----------------------------------------------------------------


def test_filter_and_sort(service):
    result = look(service, Store(), "2024-05-06")
    overdue = sort_rows(result.rows, "status", [OVERDUE, OPEN])
    assert [r.number for r in overdue] == ["455", "470"]
    assert [r.number for r in sort_rows(result.rows, "datum")] == ["470", "488", "455", "412", "101"]
    assert sort_rows(result.rows, "wachttijd")[0].number == "455"
    assert [r.minister for r in sort_rows(result.rows, "minister")][:2] == ["Hendrik De Waele"] * 2


def test_export_csv_and_xlsx_never_overwrite(service, tmp_path):
    import pandas as pd

    rows = look(service, Store(), "2024-05-06").rows
    first = export(rows, tmp_path / "vragen.csv")
    second = export(rows, tmp_path / "vragen.csv")
    assert first.name == "vragen.csv" and second.name == "vragen (2).csv"
    table = pd.read_csv(first, dtype=str, keep_default_na=False)
    assert list(table["nummer"]) == [r.number for r in rows]
    assert "status" in table.columns and "uiterste datum" in table.columns
    book = pd.read_excel(export(rows, tmp_path / "vragen.xlsx"), sheet_name="Mijn vragen", dtype=str)
    assert set(book["status"]) == {OVERDUE, OPEN, LATE, ON_TIME}
    with pytest.raises(PqassistError):
        export(rows, tmp_path / "vragen.pdf")


# -- the command line --------------------------------------------------------------------------


def test_cli_lists_marks_new_and_exports(service, capsys, tmp_path):
    args = ["werklijst", "--questioner", MEMBER, "--from", "2024-03-01", "--to", "2024-04-30",
            "--parliament", "vlaams-parlement", "--api", service.base]
    assert main(args + ["--today", "2024-05-06"]) == 0
    out = capsys.readouterr().out
    assert "eerste bezoek" in out and "over tijd" in out and "5 vragen" in out
    answer_470(service)
    out_file = tmp_path / "lijst.xlsx"
    assert main(args + ["--today", "2024-05-13", "-o", str(out_file)]) == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert "Nieuw beantwoord sinds uw vorige bezoek: 1" in captured.out
    first_row = next(line for line in lines if line.startswith("* "))
    assert " 470 " in first_row and "tijdig beantwoord" in first_row
    assert out_file.exists() and "Bewaard als" in captured.err
    assert main(args + ["--today", "2024-05-13", "--offline", "--json", "--status", "over tijd"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["number"] for r in data["rows"]] == ["455"] and data["previous_visit"]


@pytest.mark.parametrize(
    "args, words",
    [
        (["--questioner", MEMBER, "--from", "1 maart"], "onleesbare datum"),
        (["--questioner", MEMBER, "--from", "2024-05-01", "--to", "2024-04-01"], "achteruit"),
        (["--member-id", "abc", "--offline"], "geen id"),
        (["--member-id", "9001", "--offline"], "nog niet in de lijst"),
        (["--questioner", MEMBER, "--offline", "-o", "lijst.pdf"], ".xlsx of .csv"),
        (["--questioner", MEMBER, "--timeout", "0"], "--timeout"),
    ],
)
def test_cli_bad_input_one_line_exit_2(capsys, args, words, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["werklijst", *args]) == 2
    err = capsys.readouterr().err
    assert words in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_cli_member_id_looks_up_the_name(service, capsys):
    assert main(["werklijst", "--member-id", "9001", "--from", "2024-03-01", "--to", "2024-04-30",
                 "--today", "2024-05-06", "--parliament", "vlaams-parlement",
                 "--api", service.base]) == 0
    out = capsys.readouterr().out
    assert "Schriftelijke vragen van Annelies Vermeulen" in out and "5 vragen" in out


def test_help_documents_every_option(capsys):
    with pytest.raises(SystemExit):
        main(["werklijst", "--help"])
    text = capsys.readouterr().out
    for option in ("--questioner", "--member-id", "--from", "--to", "--parliament", "--status",
                   "--sort", "--offline", "--today", "--reviews", "--db", "--output", "--json",
                   "--api", "--kamer-api", "--leg", "--cache", "--timeout"):
        assert option in text, option
    assert "nieuw" in text.lower() or "bovenaan" in text


def test_a_newer_database_is_refused(tmp_path):
    import sqlite3

    path = tmp_path / "nieuw.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 99")
    with pytest.raises(PqassistError) as caught:
        Store(path)
    assert "nieuwere versie" in str(caught.value)


def test_store_schema_and_wal(tmp_path):
    import sqlite3

    store = Store(tmp_path / "a.sqlite")
    assert store.schema_version() >= 1
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    q = Question("vlaams-parlement:1", "vlaams-parlement", "1", number="5", asked_on=date(2024, 1, 2))
    assert store.upsert(q) is False
    # a thinner later source does not wipe what is known; an answer is seen once
    assert store.upsert(Question("vlaams-parlement:1", "vlaams-parlement", "1",
                                 answered_on=date(2024, 1, 20))) is True
    assert store.upsert(Question("vlaams-parlement:1", "vlaams-parlement", "1",
                                 answered_on=date(2024, 1, 20))) is False
    got = store.get("vlaams-parlement:1")
    assert got.number == "5" and got.asked_on == date(2024, 1, 2) and got.answer_seen


def test_worklist_problem_is_a_value_error():
    assert issubclass(WorklistProblem, ValueError) and issubclass(WorklistProblem, PqassistError)


def test_silent_services_give_up_in_bounded_time(capsys, tmp_path):
    import time

    with servers.SilentService() as silent:
        start = time.monotonic()
        code = main(["werklijst", "--questioner", MEMBER, "--from", "2024-03-01", "--to", "2024-04-30",
                     "--today", "2024-05-06", "--api", silent.base, "--kamer-api", silent.base,
                     "--timeout", "1"])
        elapsed = time.monotonic() - start
    captured = capsys.readouterr()
    assert code == 0 and "Geen vragen gevonden." in captured.out
    warnings = [line for line in captured.err.splitlines() if line.startswith("pqassist: let op:")]
    assert len(warnings) == 2 and all("niet bereikbaar" in w for w in warnings)
    assert elapsed < 20, elapsed  # two services, one second each, generous bound


def test_a_missing_extra_is_named(monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "holidays" else real(name, *a))
    with pytest.raises(WorklistProblem) as caught:
        open_list(WorklistRequest(questioner=MEMBER, offline=True))
    assert "pqassist[batch]" in str(caught.value)
