"""``pqassist fetch`` on the command line: output, one-line errors, exit codes, time limits.

Everything runs against servers on 127.0.0.1 started here; the subprocess runs get the
service address through PQASSIST_VP_API and a cache folder under tmp_path.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pqassist.cli import main

from fetch_support import FIXTURES, guard_loopback, servers

LIMIT = 15.0  # seconds within which a command must give up on a dead service (issue 7)


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch, tmp_path):
    """Refuse every connection off 127.0.0.1 (see fetch_support)."""
    guard_loopback(monkeypatch, tmp_path / "cache")


@pytest.fixture
def service():
    with servers.LocalService(FIXTURES) as running:
        yield running


def pqassist_command() -> list[str]:
    """Return the installed ``pqassist`` script, or ``python -m pqassist.cli``."""
    script = Path(sys.executable).parent / "pqassist"
    if script.exists():
        return [str(script)]
    found = shutil.which("pqassist")
    return [found] if found else [sys.executable, "-m", "pqassist.cli"]


def run_cli(args: list[str], env_api: str, tmp_path: Path) -> tuple[subprocess.CompletedProcess, float]:
    """Run ``pqassist ARGS`` in a subprocess; return the result and the seconds it took."""
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env.update(
        PQASSIST_VP_API=env_api,
        PQASSIST_KAMER_API=env_api,
        PQASSIST_CACHE=str(tmp_path / "cache"),
        XDG_CACHE_HOME=str(tmp_path / "xdg"),
    )
    started = time.monotonic()
    done = subprocess.run(
        pqassist_command() + args, capture_output=True, text=True, env=env, timeout=60
    )
    return done, time.monotonic() - started


def assert_one_clean_line(stderr: str, *words: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("pqassist: ") and "Traceback" not in stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


# -- success --------------------------------------------------------------------------------


def test_fetch_by_id_prints_a_summary(service, capsys, tmp_path):
    code = main(["fetch", "vlaams-parlement", "--id", "1234567", "--api", service.base,
                 "--cache", str(tmp_path / "mine")])
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("Vlaams Parlement, schriftelijke vraag nr. 412 (2023-2024)\n")
    assert "Vraagsteller:   Annelies Vermeulen" in out
    assert "Hendrik De Waele" in out and "Beantwoord op:  11-04-2024" in out
    assert "Deelvragen:     5" in out
    assert f"Bijlagen:       {service.base}/pfile?id=2200002" in out
    assert str(tmp_path / "mine") in out
    assert len(list((tmp_path / "mine").glob("pfile-2200001-*.pdf"))) == 1


def test_fetch_by_url_with_json_and_the_env_cache(service, capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("PQASSIST_VP_API", service.base)
    url = "https://www.vlaamsparlement.be/nl/parlementair-werk/schriftelijke-vragen/1234567"
    assert main(["fetch", "vlaams-parlement", "--url", url, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["meta"]["number"] == "412" and data["meta"]["answered_on"] == "2024-04-11"
    assert [item["id"] for item in data["items"]][:2] == ["1", "2a"]
    document = Path(data["fetched"]["document"])
    assert document.parent == tmp_path / "cache" / "vlaams-parlement"
    assert main(["fetch", "vlaams-parlement", "--id", "1234567", "--json"]) == 0
    capsys.readouterr()
    assert service.count("/pfile") == 1


def test_search_prints_a_table(service, capsys):
    code = main(["fetch", "vlaams-parlement", "--search", "--from", "2024-04-01", "--to",
                 "2024-04-30", "--questioner", "Vermeulen", "--minister", "De Waele",
                 "--api", service.base])
    out = capsys.readouterr().out
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["id", "gepubliceerd", "gesteld", "beantwoord", "nr.", "vraagsteller",
                                "minister", "onderwerp"]
    assert lines[1].split()[:7] == ["1234567", "2024-04-12", "2024-03-14", "2024-04-11", "412",
                                    "Annelies", "Vermeulen"]
    assert lines[1].index("412") == lines[0].index("nr.")  # columns line up
    assert "1 vragen." in out


def test_search_json_and_nothing_found(service, capsys):
    assert main(["fetch", "vlaams-parlement", "--search", "--from", "2024-04-01", "--to",
                 "2024-04-30", "--minister", "Zoe De Smet", "--json", "--api", service.base]) == 0
    found = json.loads(capsys.readouterr().out)
    assert [hit["id"] for hit in found] == ["1234572", "1234573", "1234569", "1234568"]
    assert found[2]["answered"] == "2024-04-05" and found[0]["answered"] is None
    assert main(["fetch", "vlaams-parlement", "--search", "--from", "2024-04-01", "--to",
                 "2024-04-30", "--minister", "Niemand", "--api", service.base]) == 0
    assert capsys.readouterr().out == "Geen vragen gevonden.\n"


def test_search_kamer_prints_the_members_questions(service, capsys):
    code = main(["fetch", "kamer", "--search", "--from", "2023-01-01", "--to", "2023-03-31",
                 "--questioner", "Marie Claes", "--api", service.base])
    out = capsys.readouterr().out
    assert code == 0
    lines = out.splitlines()
    assert lines[1].split()[:5] == ["55-B010-1234-0567-2022202301234", "2023-03-17", "2023-02-15",
                                    "2023-04-20", "567"]
    assert "2 vragen." in out


def test_fetch_kamer(service, capsys):
    code = main(["fetch", "kamer", "--id", "55-B010-1234-0567-2022202301234", "--api", service.base])
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("Kamer van volksvertegenwoordigers, schriftelijke vraag nr. 567")
    assert "Marie Claes (Groen)" in out and "Uiterste datum: 17-03-2023" in out


# -- failures in-process: exit 2, one line ----------------------------------------------------


@pytest.mark.parametrize(
    "how, words",
    [
        (dict(status=500, body=b"oops"), ("HTTP 500", "3 pogingen")),
        (dict(body=b'{"id": 1234567, "titel": '), ("geen geldige JSON",)),
        (dict(body=b'{"id": 1234567, "titel": "Zonder documenten"}'), ("'bestand-ordered'",)),
        (dict(body=b'"just text"'), ("onverwachte vorm",)),
        (dict(delay=5), ("niet bereikbaar", "geen antwoord")),
    ],
)
def test_failures_give_one_line_and_exit_2(service, capsys, how, words):
    service.misbehave("/e/opendata/schv/", **how)
    code = main(["fetch", "vlaams-parlement", "--id", "1234567", "--api", service.base,
                 "--timeout", "2"])
    captured = capsys.readouterr()
    assert code == 2 and captured.out == ""
    assert_one_clean_line(captured.err, *words)


def test_a_document_that_is_a_web_page_gives_one_line(service, capsys):
    service.misbehave("/pfile", body=b"<html><body>Gepland onderhoud</body></html>",
                      content_type="text/html")
    assert main(["fetch", "vlaams-parlement", "--id", "1234567", "--api", service.base]) == 2
    assert_one_clean_line(capsys.readouterr().err, "webpagina")


@pytest.mark.parametrize(
    "args, words",
    [
        (["--search", "--from", "2024-01-01"], ("--from 2024-01-01 --to",)),
        (["--search", "--from", "1 januari", "--to", "2024-01-31"], ("onleesbare datum",)),
        (["--url", "https://docs.vlaamsparlement.be/pfile?id=5"], ("link naar een document",)),
        (["--id", "12", "--timeout", "0"], ("--timeout",)),
        (["--id", "12", "--api", "ws.vlpar.be"], ("ongeldig adres",)),
    ],
)
def test_bad_input_gives_one_line_and_exit_2(capsys, args, words):
    assert main(["fetch", "vlaams-parlement", *args]) == 2
    assert_one_clean_line(capsys.readouterr().err, *words)


def test_kamer_search_needs_a_member(capsys):
    assert main(["fetch", "kamer", "--search", "--from", "2024-01-01", "--to", "2024-01-02"]) == 2
    assert_one_clean_line(capsys.readouterr().err, "--questioner")


# -- failures as a real process, timed ---------------------------------------------------------


def test_subprocess_500_exits_2_without_traceback(service, tmp_path):
    service.misbehave("/e/opendata/schv/", status=500, body=b"oops")
    done, _ = run_cli(["fetch", "vlaams-parlement", "--id", "1234567"], service.base, tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    assert_one_clean_line(done.stderr, "HTTP 500")


def test_subprocess_success(service, tmp_path):
    done, _ = run_cli(["fetch", "vlaams-parlement", "--id", "1234567"], service.base, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "schriftelijke vraag nr. 412" in done.stdout
    assert list((tmp_path / "cache" / "vlaams-parlement").glob("*.pdf"))


@pytest.mark.slow
def test_closed_port_fails_within_the_limit(tmp_path, record_property):
    done, seconds = run_cli(["fetch", "vlaams-parlement", "--id", "1234567"],
                            "http://127.0.0.1:9", tmp_path)
    record_property("seconds", round(seconds, 2))
    print(f"closed port: gave up after {seconds:.2f} s")
    assert done.returncode == 2
    assert_one_clean_line(done.stderr, "niet bereikbaar", "127.0.0.1:9")
    assert seconds < LIMIT


@pytest.mark.slow
def test_silent_server_fails_within_the_limit(tmp_path, record_property):
    with servers.SilentService() as silent:
        done, seconds = run_cli(["fetch", "vlaams-parlement", "--id", "1234567"], silent.base, tmp_path)
    record_property("seconds", round(seconds, 2))
    print(f"silent server: gave up after {seconds:.2f} s")
    assert done.returncode == 2
    assert_one_clean_line(done.stderr, "niet bereikbaar", "geen antwoord")
    assert seconds < LIMIT


@pytest.mark.slow
def test_silent_server_search_fails_within_the_limit(tmp_path):
    with servers.SilentService() as silent:
        done, seconds = run_cli(["fetch", "vlaams-parlement", "--search", "--from", "2024-01-01",
                                 "--to", "2024-01-31"], silent.base, tmp_path)
    print(f"silent server (search): gave up after {seconds:.2f} s")
    assert done.returncode == 2
    assert_one_clean_line(done.stderr, "niet bereikbaar")
    assert seconds < LIMIT


@pytest.mark.slow
def test_documents_host_silent_still_within_the_limit(service, tmp_path):
    """The record answers but its document never comes: the command still gives up in time."""
    service.misbehave("/pfile", delay=60)
    done, seconds = run_cli(["fetch", "vlaams-parlement", "--id", "1234567"], service.base, tmp_path)
    print(f"silent document host: gave up after {seconds:.2f} s")
    assert done.returncode == 2
    assert_one_clean_line(done.stderr, "niet bereikbaar", "geen antwoord")
    assert seconds < LIMIT
    assert not list((tmp_path / "cache").rglob("*.pdf"))
