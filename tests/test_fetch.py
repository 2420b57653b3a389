"""Fetching from open data, offline: real HTTP against a server on 127.0.0.1 only.

The fixtures in tests/fixtures/fetch/ are written by the project in the shapes public
clients of the services read (flempar and others; not checked against the live services):
one search hit per file, names as "Naam, Voornaam", timestamps with ``T``. A guard refuses
any connection that does not go to the loopback address.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import time
from datetime import date

import pytest

from pqassist.errors import FetchProblem, PqassistError
from pqassist.fetch.cache import DocumentCache, cache_key, guess_suffix
from pqassist.fetch.client import Client, Settings
from pqassist.fetch.kamer import (
    document_name,
    field_text,
    get_kamer_record,
    list_questions,
    parse_kamer_record,
    search_kamer,
)
from pqassist.fetch.vlaams import fetch_question, get_member, get_record, search, search_query
from pqassist.fetch.vlaams_records import display_name, parse_date, parse_member, parse_record, record_id
from pqassist.fetch.vlaams_search import group_hits, parse_search

from fetch_support import FIXTURES, guard_loopback, servers

FAST = Settings(connect=1.0, read=1.0, attempts=3, backoff=0.01, deadline=3.0)


# -- fixtures ---------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch):
    """Refuse every connection off 127.0.0.1 (see fetch_support)."""
    guard_loopback(monkeypatch)


@pytest.fixture
def service():
    """A local stand-in for ws.vlpar.be serving the fixtures."""
    with servers.LocalService(FIXTURES) as running:
        yield running


@pytest.fixture
def client():
    with Client("De testdienst", FAST) as http:
        yield http


def one_line(exc: BaseException) -> str:
    text = str(exc)
    assert text and "\n" not in text, text
    assert "Traceback" not in text
    return text


# -- identifiers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "given, expected",
    [
        ("1234567", "1234567"),
        (" 1234567 ", "1234567"),
        (1234567, "1234567"),
        ("https://ws.vlpar.be/e/opendata/schv/1234567", "1234567"),
        ("http://ws.vlpar.be/e/opendata/schv/1234567/", "1234567"),
        ("https://www.vlaamsparlement.be/nl/parlementair-werk/vragen/schriftelijke-vragen/1234567", "1234567"),
        ("https://www.vlaamsparlement.be/nl/parlementair-werk/schriftelijke-vragen/1234567/fietspaden", "1234567"),
        ("https://www.vlaamsparlement.be/schriftelijke-vraag?id=1234567", "1234567"),
    ],
)
def test_record_id_reads_numbers_and_links(given, expected):
    assert record_id(given) == expected


@pytest.mark.parametrize(
    "given, words",
    [
        ("https://docs.vlaamsparlement.be/pfile?id=2200001", "document"),
        ("https://www.vlaamsparlement.be/nl/over-ons", "geen id"),
        ("vraag twaalf", "geen vraag-id"),
        ("ftp://ws.vlpar.be/e/opendata/schv/1", "geen vraag-id"),
    ],
)
def test_record_id_refuses_what_is_not_a_question(given, words):
    with pytest.raises(FetchProblem) as caught:
        record_id(given)
    assert words in one_line(caught.value)


# -- reading records and search answers ---------------------------------------------------


def fixture_record() -> dict:
    text = (FIXTURES / "record-1234567.json").read_text(encoding="utf-8")
    return json.loads(text.replace("__DOCS__", "https://docs.example"))


def test_parse_record_fills_meta_from_the_record():
    record = parse_record(fixture_record(), rid="1234567", url="https://x/e/opendata/schv/1234567")
    meta = record.meta
    assert meta.parliament == "vlaams-parlement"
    assert meta.number == "412"
    assert meta.title == "Fietspaden langs gewestwegen - Onderhoud en budget"
    assert meta.questioner == "Annelies Vermeulen"
    assert meta.addressee == "Hendrik De Waele"
    assert meta.asked_on == date(2024, 3, 14)
    assert meta.answered_on == date(2024, 4, 11)
    assert meta.session == "2023-2024"
    assert meta.source == "https://x/e/opendata/schv/1234567"
    # the record lists the annex first; the question's own document comes first here
    assert record.documents == (
        "https://docs.example/pfile?id=2200001",
        "https://docs.example/pfile?id=2200002",
    )
    assert meta.annexes == ("https://docs.example/pfile?id=2200002",)
    assert record.missing == ()
    assert (record.timely, record.answer_kind) == (True, "Antwoord")
    assert (record.questioner_id, record.minister_id) == ("9001", "9002")
    assert meta.party is None and meta.addressee_title is None  # not in the record


def test_parse_member_reads_the_current_party():
    data = json.loads((FIXTURES / "vv-9001.json").read_text(encoding="utf-8"))
    member = parse_member(data, mid="9001")
    assert (member.id, member.name, member.party) == ("9001", "Annelies Vermeulen", "Groen")
    assert parse_member({"naam": "X", "voornaam": "Y"}, mid="5").party is None
    with pytest.raises(FetchProblem):
        parse_member([], mid="5")


@pytest.mark.parametrize(
    "given, expected",
    [
        ("Vermeulen, Annelies", "Annelies Vermeulen"),
        ("De Waele, Hendrik", "Hendrik De Waele"),
        ("Dé Smet, Zoë; Peeters, Koen", "Zoë Dé Smet; Koen Peeters"),
        ("Annelies Vermeulen", "Annelies Vermeulen"),
        ("", None),
    ],
)
def test_display_name_turns_naam_voornaam_around(given, expected):
    assert display_name(given) == expected


def test_parse_record_tolerates_missing_and_odd_fields():
    data = {
        "onderwerp": "Iets  zonder\ntitel",
        "vraagsteller": "Jan Janssens",
        "minister": [{"voornaam": "An", "naam": "Peeters", "fractie": {"naam": "X"}}],
        "zittingsjaar": {"naam": "2019-2020"},
        "procedureverloop": [
            {"datum": "05/02/2020", "status": "Vraag ingediend"},
            {"datum": "not a date", "status": "Beantwoord"},
            {"datum": "2020-03-20", "status": "Niet tijdig beantwoord"},
            {"datum": "2020-03-21", "status": "Onbeantwoord"},
            "rubbish",
        ],
        "bestand-ordered": {"url": "https://docs.example/pfile?id=1"},
    }
    record = parse_record(data, rid="77", url="u")
    assert record.id == "77"
    assert record.meta.title == "Iets zonder titel"
    assert record.meta.questioner == "Jan Janssens"
    assert record.meta.addressee == "An Peeters"
    assert record.meta.session == "2019-2020"
    assert record.meta.asked_on == date(2020, 2, 5)
    assert record.meta.answered_on is None
    assert record.meta.number is None
    assert record.missing == ("vraagnummer",)
    assert record.documents == ("https://docs.example/pfile?id=1",)


def test_parse_record_unwraps_a_single_outer_key():
    record = parse_record({"schriftelijke-vraag": fixture_record()}, rid="1", url="u")
    assert record.meta.number == "412"


def test_parse_record_without_documents_names_the_field():
    data = fixture_record()
    del data["bestand-ordered"]
    with pytest.raises(FetchProblem) as caught:
        parse_record(data, rid="1234567", url="u")
    assert "'bestand-ordered'" in one_line(caught.value)
    assert "1234567" in str(caught.value)


@pytest.mark.parametrize("data", [[], "tekst", 3, None])
def test_parse_record_refuses_an_unexpected_shape(data):
    with pytest.raises(FetchProblem) as caught:
        parse_record(data, rid="5", url="u")
    assert "onverwachte vorm" in one_line(caught.value)


def search_hits() -> dict:
    return json.loads((FIXTURES / "search-hits.json").read_text(encoding="utf-8"))


def test_parse_search_keeps_written_questions_one_hit_per_file():
    total, hits = parse_search({"count": 9, **search_hits()})
    assert total == 9
    # the interpellation request (aggregaattype "Vraag om uitleg", soort VRU) is dropped
    assert "1234570" not in [h.id for h in hits]
    assert [h.id for h in hits][:2] == ["1234567", "1234567"]  # annex and question: two files
    annex, question = hits[0], hits[1]
    assert (annex.file_id, annex.annex) == ("2200002", True)
    assert (question.file_id, question.annex) == ("2200001", False)
    assert question.number == "412"
    assert question.questioner == "Annelies Vermeulen"
    assert question.minister == "Hendrik De Waele"
    assert question.published == date(2024, 4, 12)
    assert (question.asked, question.answered) == (date(2024, 3, 14), date(2024, 4, 11))
    assert question.record_url == "http://ws.vlpar.be/e/opendata/schv/1234567"
    back = json.loads(json.dumps(question.to_json()))
    assert (back["published"], back["asked"], back["answered"]) == ("2024-04-12", "2024-03-14", "2024-04-11")


def test_group_hits_picks_the_question_not_the_annex():
    _, hits = parse_search({"count": 9, **search_hits()})
    grouped = {h.id: h for h in group_hits(hits)}
    assert grouped["1234567"].document_url.endswith("pfile?id=2200001")
    assert len(grouped) == len({h.id for h in hits})
    # without any annex wording the lowest file id (filed first) wins
    plain = [dataclasses.replace(h, annex=False) for h in hits if h.id == "1234567"]
    assert group_hits(plain)[0].file_id == "2200001"


@pytest.mark.parametrize(
    "tags, kept",
    [
        ([("aggregaattype", "Schriftelijke vraag")], True),
        ([("soort", "SCHV")], True),
        ([("aggregaattype", "Schriftelijke vraag"), ("soort", "VRU")], False),
        ([("aggregaattype", "Vraag om uitleg")], False),
        ([], False),
    ],
)
def test_hits_are_filtered_by_type(tags, kept):
    item = {
        "id": "http://be.vlp.feed/77/pfls/88",
        "metatags": {"metatag": [{"name": n, "value": v} for n, v in tags]},
    }
    assert bool(parse_search({"count": 1, "result": [item]})[1]) is kept


@pytest.mark.parametrize(
    "data, words",
    [
        ({}, "'count' en 'result'"),
        ({"count": 4}, "'result'"),
        ({"count": "veel", "result": []}, "'count'"),
        ({"count": 1, "result": {"a": 1}}, "'result'"),
        ([1, 2], "onverwachte vorm"),
    ],
)
def test_parse_search_names_what_is_wrong(data, words):
    with pytest.raises(FetchProblem) as caught:
        parse_search(data)
    assert words in one_line(caught.value)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2024-03-14T00:00:00+01:00", date(2024, 3, 14)),
        ("2024-03-14T00:00:00", date(2024, 3, 14)),
        ("2024-03-13T23:00:00Z", date(2024, 3, 14)),  # midnight in Brussels
        ("2024-07-31T22:30:00.000Z", date(2024, 8, 1)),
        ("14/03/2024", date(2024, 3, 14)),
        ("14-3-2024", date(2024, 3, 14)),
        ("20240314", date(2024, 3, 14)),
        ("2024-02-30", None),
        ("gisteren", None),
        (None, None),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


# -- search over HTTP ---------------------------------------------------------------------


def test_search_reads_every_page_and_sends_the_documented_query(service, monkeypatch):
    monkeypatch.setattr("pqassist.fetch.vlaams.PAGE_SIZE", 3)
    hits = search("2024-04-01", "2024-04-30", api=service.base)
    # one per question (412's annex folded in), newest published first, no interpellation
    assert [h.id for h in hits] == ["1234572", "1234573", "1234567", "1234569", "1234568"]
    assert hits[2].document_url == f"{service.base}/pfile?id=2200001"  # not the annex
    searches = [s for s in service.seen if s.path.startswith("/api/search/query/")]
    assert len(searches) == 3  # 7 files, 3 a page
    assert searches[0].path == "/api/search/query/" + search_query(date(2024, 4, 1), date(2024, 4, 30))
    assert searches[0].path.endswith("inmeta:publicatiedatum:daterange:2024-04-01..2024-04-30")
    assert searches[0].query == {
        "collection": ["vp_collection"],
        "requiredfields": ["aggregaattype:Schriftelijke vraag"],
        "page": ["1"], "max": ["3"], "sort": ["date"],
    }
    assert [s.query["page"] for s in searches] == [["1"], ["2"], ["3"]]
    assert searches[0].headers["accept"] == "application/json"


def test_search_filters_on_questioner_and_minister(service):
    by_questioner = search("2024-04-01", "2024-04-30", questioner="vermeulen", api=service.base)
    assert [h.id for h in by_questioner] == ["1234572", "1234573", "1234567", "1234569"]
    both = search(
        date(2024, 4, 1), date(2024, 4, 30), questioner="Annelies", minister="zoe de smet",
        api=service.base,
    )
    assert [h.id for h in both] == ["1234572", "1234573", "1234569"]
    assert search("2024-04-01", "2024-04-30", minister="Nobody", api=service.base) == []
    assert [h.id for h in search("2024-04-05", "2024-04-30", api=service.base)] == [
        "1234572", "1234573", "1234567", "1234569"]


def test_search_drops_what_the_service_sends_outside_the_range(service):
    body = json.dumps({"count": 9, **search_hits()}).encode()
    service.misbehave("/api/search/query/", body=body)
    found = search("2024-04-05", "2024-04-30", api=service.base)
    assert [h.id for h in found] == ["1234572", "1234573", "1234567", "1234569"]


def test_search_uses_the_environment_variable(service, monkeypatch):
    monkeypatch.setenv("PQASSIST_VP_API", service.base + "/")
    assert len(search("2024-04-01", "2024-04-30")) == 5


def test_search_refuses_more_than_the_cap(service):
    service.misbehave("/api/search/query/", body=b'{"count": 12000, "result": []}')
    with pytest.raises(FetchProblem) as caught:
        search("2020-01-01", "2024-12-31", api=service.base)
    assert "kortere periode" in one_line(caught.value)


@pytest.mark.parametrize(
    "start, end, words", [("2024-05-01", "2024-04-01", "achteruit"), ("1 april", "2024-04-30", "--from")]
)
def test_search_refuses_bad_dates_without_asking(service, start, end, words):
    with pytest.raises(FetchProblem) as caught:
        search(start, end, api=service.base)
    assert words in one_line(caught.value)
    assert service.seen == []


# -- records, downloads and the cache -----------------------------------------------------


def test_get_record_over_http(service):
    record = get_record(f"{service.base}/e/opendata/schv/1234567", api=service.base)
    assert record.meta.number == "412"
    assert record.documents[0] == f"{service.base}/pfile?id=2200001"
    assert service.seen[0].path == "/e/opendata/schv/1234567"
    assert service.seen[0].headers["accept"] == "application/json"


def test_download_goes_to_the_cache_once(service, client, tmp_path):
    record = get_record("1234567", api=service.base, client=client)
    cache = DocumentCache(tmp_path / "cache")
    first = cache.fetch(record.documents[0], client, accept=(".pdf",))
    assert first.suffix == ".pdf" and first.read_bytes().startswith(b"%PDF")
    assert first.read_bytes() == (FIXTURES / "question-412.pdf").read_bytes()
    second = DocumentCache(tmp_path / "cache").fetch(record.documents[0], client)
    assert second == first
    assert service.count("/pfile") == 1
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [first.name]


def test_cache_keys_differ_per_url_and_read_well():
    a = cache_key("https://docs.vlaamsparlement.be/pfile?id=2200001")
    b = cache_key("http://127.0.0.1:5/pfile?id=2200001")
    assert a != b and a.startswith("pfile-2200001-") and b.startswith("pfile-2200001-")
    assert cache_key("https://x/a b/c*?.pdf") .replace("-", "").isalnum()


def test_an_interrupted_write_leaves_nothing(tmp_path, monkeypatch):
    cache = DocumentCache(tmp_path)

    def broken_replace(src, dst):
        raise KeyboardInterrupt  # the user pressed Ctrl-C at the worst moment

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(KeyboardInterrupt):
        cache.store("https://docs.example/pfile?id=1", b"%PDF-1.4 half")
    assert list(tmp_path.iterdir()) == []
    assert cache.lookup("https://docs.example/pfile?id=1") is None


def test_a_download_cut_off_halfway_leaves_nothing(service, client, tmp_path):
    service.misbehave("/pfile", truncate=True)
    cache = DocumentCache(tmp_path)
    with pytest.raises(FetchProblem) as caught:
        cache.fetch(f"{service.base}/pfile?id=2200001", client, what="het document")
    assert "verbroken" in one_line(caught.value)
    assert service.count("/pfile") == 3  # retried
    assert list(tmp_path.iterdir()) == []


def test_a_web_page_instead_of_a_document_is_refused_and_not_cached(service, client, tmp_path):
    service.misbehave("/pfile", body=b"<!DOCTYPE html><html>Onderhoud</html>", content_type="text/html")
    cache = DocumentCache(tmp_path)
    with pytest.raises(FetchProblem) as caught:
        cache.fetch(f"{service.base}/pfile?id=2200001", client, what="het document", accept=(".pdf",))
    assert "webpagina" in one_line(caught.value)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "body, ctype, suffix",
    [
        (b"%PDF-1.7", "", ".pdf"),
        (b"PK\x03\x04rest", "application/octet-stream", ".docx"),
        (b"PK\x03\x04rest", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
        (b"plain words", "text/plain; charset=utf-8", ".txt"),
        (b"  <html>", "", ".html"),
        (b"\x00\x01", "", ".bin"),
    ],
)
def test_guess_suffix(body, ctype, suffix):
    assert guess_suffix(body, ctype) == suffix


def test_cache_folder_that_cannot_be_made_gives_one_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(FetchProblem) as caught:
        DocumentCache(blocker / "cache").store("https://docs.example/pfile?id=1", b"%PDF-1.4")
    assert "--cache" in one_line(caught.value)


# -- failures: each one clear line --------------------------------------------------------


def test_500_is_retried_then_reported(service, client):
    service.misbehave("/e/opendata/schv/", status=500, body=b"oops")
    with pytest.raises(FetchProblem) as caught:
        get_record("1234567", api=service.base, client=client)
    message = one_line(caught.value)
    assert "HTTP 500" in message and "3 pogingen" in message
    assert service.count("/e/opendata/schv/") == 3


def test_a_passing_503_is_survived(service, client):
    service.misbehave("/e/opendata/schv/", status=503, body=b"busy", times=2)
    record = get_record("1234567", api=service.base, client=client)
    assert record.meta.number == "412"
    assert service.count("/e/opendata/schv/") == 3


def test_404_is_not_retried(service, client):
    with pytest.raises(FetchProblem) as caught:
        get_record("999", api=service.base, client=client)
    assert "HTTP 404" in one_line(caught.value)
    assert service.count("/e/opendata/schv/") == 1


@pytest.mark.parametrize(
    "body, words",
    [
        (b'{"vraagnummer": 412,', "geen geldige JSON"),
        (b"<html>Onderhoud</html>", "geen geldige JSON"),
        (b"\xff\xfe\x00garbage", "onleesbare tekens"),
        (b"[]", "onverwachte vorm"),
        (b'{"vraagnummer": 412, "titel": "x"}', "'bestand-ordered'"),
    ],
)
def test_bad_record_answers_give_one_line(service, client, body, words):
    service.misbehave("/e/opendata/schv/", body=body)
    with pytest.raises(FetchProblem) as caught:
        get_record("1234567", api=service.base, client=client)
    assert words in one_line(caught.value)


def test_a_slow_answer_times_out_within_the_budget(service):
    service.misbehave("/e/opendata/schv/", delay=10)
    settings = Settings(connect=1.0, read=0.5, attempts=3, backoff=0.05, deadline=1.5)
    started = time.monotonic()
    with Client("De testdienst", settings) as http, pytest.raises(FetchProblem) as caught:
        get_record("1234567", api=service.base, client=http)
    elapsed = time.monotonic() - started
    message = one_line(caught.value)
    assert "niet bereikbaar" in message and "geen antwoord" in message
    assert elapsed < 3.0


def test_a_silent_server_times_out_within_the_budget():
    with servers.SilentService() as silent:
        started = time.monotonic()
        with pytest.raises(FetchProblem) as caught:
            get_record("1234567", api=silent.base, timeout=1.5)
        elapsed = time.monotonic() - started
    assert "niet bereikbaar" in one_line(caught.value)
    assert elapsed < 3.0


def test_a_closed_port_is_reported_as_unreachable():
    started = time.monotonic()
    with pytest.raises(FetchProblem) as caught:
        get_record("1234567", timeout=2)  # PQASSIST_VP_API points at 127.0.0.1:9
    message = one_line(caught.value)
    assert "niet bereikbaar" in message and "127.0.0.1:9" in message
    assert time.monotonic() - started < 3.0


def test_fetch_problem_is_a_pqassist_error_and_an_os_error():
    assert issubclass(FetchProblem, PqassistError) and issubclass(FetchProblem, OSError)


@pytest.mark.parametrize("api", ["ws.vlpar.be", "file:///etc/passwd", "http://"])
def test_a_bad_api_address_is_refused(api):
    with pytest.raises(FetchProblem) as caught:
        get_record("1", api=api)
    assert "ongeldig adres" in one_line(caught.value)


# -- the whole way: record, download, cache, dossier --------------------------------------


def require_loader():
    """Check that load_dossier reads the fixture PDF (a failure here is a real failure)."""
    from pqassist.parse.load import load_dossier

    load_dossier(FIXTURES / "question-412.pdf")


def test_fetch_question_opens_the_dossier_and_caches(service, tmp_path):
    require_loader()
    cache = tmp_path / "cache"
    fetched = fetch_question("1234567", api=service.base, cache_dir=cache)
    dossier = fetched.dossier
    assert fetched.document.parent == cache and fetched.document.suffix == ".pdf"
    meta = dossier.meta
    assert (meta.parliament, meta.number, meta.session) == ("vlaams-parlement", "412", "2023-2024")
    assert meta.questioner == "Annelies Vermeulen"  # the record's spelling wins over the PDF's
    assert meta.addressee == "Hendrik De Waele"
    assert meta.answered_on == date(2024, 4, 11)
    assert meta.annexes == (f"{service.base}/pfile?id=2200002",)
    assert dossier.has_answer
    assert len(dossier.items) >= 4
    assert "184 kilometer" in dossier.text
    requests_before = len(service.seen)
    again = fetch_question("1234567", api=service.base, cache_dir=cache)
    assert again.document == fetched.document
    assert service.count("/pfile") == 1  # the document was downloaded once
    assert [s.path for s in service.seen[requests_before:]] == [
        "/e/opendata/schv/1234567", "/e/opendata/vv/9001"]
    assert meta.party == "Groen"  # the member's current party, from /e/opendata/vv/9001


def test_fetch_dossier_through_the_package_api(service, tmp_path):
    require_loader()
    import pqassist.fetch as fetch

    dossier = fetch.fetch_dossier(f"{service.base}/e/opendata/schv/1234567", api=service.base, cache_dir=tmp_path)
    assert dossier.meta.number == "412"


def test_missing_record_fields_become_notices(service, tmp_path):
    require_loader()
    data = fixture_record()
    for name in ("vraagnummer", "minister"):
        del data[name]
    data["bestand-ordered"] = [{"URL": "__DOCS__/pfile?id=2200001"}]
    service.records["1234570"] = json.dumps(data).encode()
    dossier = fetch_question("1234570", api=service.base, cache_dir=tmp_path).dossier
    assert any("'vraagnummer' en 'minister'" in n for n in dossier.notices)
    assert dossier.meta.number == "412"  # read from the document instead


# -- the federal Chamber ------------------------------------------------------------------

KAMER_ID = "55-B010-1234-0567-2022202301234"


def test_kamer_document_name_from_id_or_url():
    assert document_name(KAMER_ID) == KAMER_ID
    assert document_name(f"http://data.dekamer.be/v0/qrva/{KAMER_ID}") == KAMER_ID
    with pytest.raises(FetchProblem):
        document_name("https://www.dekamer.be/kvvcr/index.cfm")
    with pytest.raises(FetchProblem):
        document_name("vraag 12 / 2023")


def test_kamer_record_over_http(service):
    record = get_kamer_record(KAMER_ID, api=service.base, timeout=3)
    meta = record.meta
    assert meta.parliament == "kamer"
    assert (meta.questioner, meta.party) == ("Marie Claes", "Groen")
    assert meta.asked_on == date(2023, 2, 15) and meta.deadline == date(2023, 3, 17)
    assert meta.addressee_title == "Minister van Mobiliteit"
    assert meta.number == "567" and meta.bulletin == "B010"
    assert meta.answered_on == date(2023, 4, 20)  # PUBLICA1's third field
    assert record.status == "answerReceived"
    assert record.question.startswith("Stiptheid van de treinen op de lijn Gent-Brussel.\n\nReizigers")
    assert "2. Welke maatregelen" not in record.question or "?2." in record.question
    assert record.answer.startswith("1. In 2022 reden 4.812 treinen")
    assert service.seen[0].path == f"/v0/qrva/{KAMER_ID}"


def test_kamer_default_address_is_plain_http(monkeypatch):
    from pqassist.fetch.kamer import api_base

    monkeypatch.delenv("PQASSIST_KAMER_API", raising=False)
    assert api_base() == "http://data.dekamer.be"


def test_kamer_unanswered_record_has_no_answer_date():
    data = json.loads((FIXTURES / "kamer-qrva-55-B012-1234-0612-2022202301389.json").read_text("utf-8"))
    record = parse_kamer_record(data, name="x", url="u")
    assert record.answer == "" and record.meta.answered_on is None
    assert record.meta.deadline == date(2023, 4, 19)


def test_kamer_list_pages_by_start(service):
    items = list(list_questions(55, api=service.base))
    assert len(items) == 3
    lists = [s for s in service.seen if s.path == "/v0/qrva"]
    assert [s.query["start"] for s in lists] == [["0"], ["2"]]
    assert all(s.query["leg"] == ["55"] for s in lists)
    assert list(list_questions(40, api=service.base)) == []


def test_search_kamer_reads_only_the_members_records(service):
    found = search_kamer(55, date(2023, 1, 1), date(2023, 3, 31), questioner="marie claes",
                         api=service.base)
    assert [r.meta.number for r in found] == ["567", "612"]
    # the item that names another author in the list is skipped without reading its record
    assert service.count("/v0/qrva/55-B011") == 0
    assert service.count("/v0/qrva/55-B010") == 1
    march = search_kamer(55, date(2023, 3, 1), date(2023, 3, 31), questioner="Claes", api=service.base)
    assert [r.meta.number for r in march] == ["612"]


@pytest.mark.parametrize(
    "start, end, kept",
    [
        (date(2023, 1, 1), date(2023, 3, 31), True),
        (date(2023, 11, 1), date(2024, 1, 31), False),  # the next session
        (date(2022, 1, 1), date(2022, 6, 30), False),  # the session before
        (date(2022, 9, 15), date(2022, 10, 15), True),  # the session's start
    ],
)
def test_kamer_session_year_in_the_name_skips_records(start, end, kept):
    from pqassist.fetch.kamer import session_overlaps

    assert session_overlaps(KAMER_ID, start, end) is kept
    assert session_overlaps("55-odd-name", start, end) is True


def test_search_kamer_outside_the_session_reads_no_record(service):
    assert search_kamer(55, date(2023, 11, 1), date(2023, 12, 31), questioner="Marie Claes",
                        api=service.base) == []
    assert service.count("/v0/qrva/") == 0


def test_kamer_list_without_items_gives_one_line(service):
    service.misbehave("/v0/qrva", body=b'{"total": 3}')
    with pytest.raises(FetchProblem) as caught:
        list(list_questions(55, api=service.base))
    assert "'items'" in one_line(caught.value)


def test_get_member_over_http_and_a_missing_member(service):
    assert get_member("9001", api=service.base).party == "Groen"
    with pytest.raises(FetchProblem) as caught:
        get_member("42", api=service.base)
    assert "404" in one_line(caught.value)
    with pytest.raises(FetchProblem):
        get_member("abc", api=service.base)


def test_an_unknown_party_becomes_a_notice_not_a_failure(service, tmp_path):
    require_loader()
    service.misbehave("/e/opendata/vv/", status=404)
    dossier = fetch_question("1234567", api=service.base, cache_dir=tmp_path).dossier
    assert dossier.meta.party is None
    assert any("partij van de vraagsteller is onbekend" in n for n in dossier.notices)


def test_kamer_record_without_question_text_names_the_field():
    with pytest.raises(FetchProblem) as caught:
        parse_kamer_record({"items": [{"SDOCNAME": KAMER_ID, "TITN": "x"}]}, name=KAMER_ID, url="u")
    assert "'TEXTQN'" in one_line(caught.value)
    with pytest.raises(FetchProblem) as caught:
        parse_kamer_record({"disclaimer": "x"}, name=KAMER_ID, url="u")
    assert "'items'" in one_line(caught.value)


def test_kamer_field_text_handles_the_shapes():
    assert field_text({"br": ["a", "b"]}) == "a\nb"
    assert field_text("een<br/>twee &amp; drie") == "een\ntwee & drie"
    assert field_text(["x", {"br": "y"}, None]) == "x\ny"
    assert field_text(None) == ""


def test_kamer_dossier(service):
    require_loader()
    from pqassist.fetch import fetch_kamer_dossier

    dossier = fetch_kamer_dossier(KAMER_ID, api=service.base, timeout=3)
    assert dossier.meta.questioner == "Marie Claes"
    assert dossier.has_answer


# -- one field for both parliaments ---------------------------------------------------------


@pytest.mark.parametrize(
    "given, parliament",
    [
        ("1234567", "vlaams-parlement"),
        ("https://www.vlaamsparlement.be/nl/schriftelijke-vragen/1234567", "vlaams-parlement"),
        (KAMER_ID, "kamer"),
        (f"https://data.dekamer.be/v0/qrva/{KAMER_ID}", "kamer"),
    ],
)
def test_parliament_of(given, parliament):
    from pqassist.fetch import parliament_of

    assert parliament_of(given) == parliament


def test_fetch_any_routes_to_the_right_service(service, tmp_path):
    require_loader()
    from pqassist.fetch import fetch_any

    assert fetch_any("1234567", api=service.base, cache_dir=tmp_path).meta.number == "412"
    assert fetch_any(KAMER_ID, api=service.base).meta.parliament == "kamer"


# -- importing stays cheap ----------------------------------------------------------------


def test_importing_the_command_and_package_does_not_load_httpx():
    code = (
        "import argparse, sys, pqassist, pqassist.fetch, pqassist.commands.fetch\n"
        "pqassist.commands.fetch.register(argparse.ArgumentParser().add_subparsers(), 'fetch')\n"
        "print('httpx' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"
