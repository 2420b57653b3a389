"""Hostile use of the fetch client: stalled headers, redirects elsewhere, documents on
other hosts, replies nested deep or holding huge numbers. Real HTTP on 127.0.0.1 only."""

from __future__ import annotations

import json
import socketserver
import threading
import time
from pathlib import Path

import pytest

from hostile_support import run_cli
from pqassist.errors import FetchProblem
from pqassist.fetch.cache import DocumentCache
from pqassist.fetch.client import Client, Settings, check_document_url, check_redirect

FIXTURES = Path(__file__).parent / "fixtures" / "fetch"
RECORD = "/e/opendata/schv/1234567"


class Hostile(socketserver.ThreadingTCPServer):
    """A raw HTTP server on 127.0.0.1 whose answer per path is set by the test."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, host: str = "127.0.0.1"):
        super().__init__((host, 0), _Handler)
        self.routes: dict[str, object] = {}
        self.hits: list[str] = []
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://{self.server_address[0]}:{self.server_address[1]}"

    def stop(self):
        self.stopping.set()
        self.shutdown()
        self.server_close()


class _Handler(socketserver.StreamRequestHandler):
    def handle(self):
        line = self.rfile.readline(65536).decode("latin-1")
        while self.rfile.readline(65536).strip():
            pass
        path = line.split(" ")[1] if " " in line else "/"
        self.server.hits.append(path)
        route = self.server.routes.get(path.split("?")[0], (404, b"", "text/plain"))
        if route == "slow-headers":
            for byte in b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" * 100:
                if self.server.stopping.wait(1.0):
                    return
                try:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                except OSError:
                    return
            return
        status, body, kind = route[:3]
        extra = route[3] if len(route) > 3 else ""
        head = (f"HTTP/1.1 {status} X\r\nContent-Type: {kind}\r\nContent-Length: {len(body)}\r\n"
                f"{extra}Connection: close\r\n\r\n").encode()
        try:
            self.wfile.write(head + body)
        except OSError:
            pass


@pytest.fixture
def server():
    hostile = Hostile()
    yield hostile
    hostile.stop()


def record_with_documents_at(base: str) -> bytes:
    return (FIXTURES / "record-1234567.json").read_bytes().replace(b"__DOCS__", base.encode())


def test_headers_sent_one_byte_a_second_fail_within_the_deadline(server):
    server.routes[RECORD] = "slow-headers"
    start = time.monotonic()
    with Client("De testdienst", Settings(deadline=3, read=2, attempts=1)) as client:
        with pytest.raises(FetchProblem, match="geen antwoord binnen") as caught:
            client.get_json(server.base + RECORD)
    assert time.monotonic() - start < 6
    assert "\n" not in str(caught.value)


def test_slow_headers_through_the_command_line_exit_2_in_one_line(server):
    server.routes[RECORD] = "slow-headers"
    outcome = run_cli("fetch", "vlaams-parlement", "--id", "1234567", "--api", server.base,
                      "--timeout", "3", timeout=60)
    assert outcome.refused_in_one_line(), outcome
    assert outcome.seconds < 15


def test_a_redirect_to_another_host_is_not_followed(server):
    other = Hostile("127.0.0.2")  # another address on this machine, really listening
    try:
        other.routes[RECORD] = (200, record_with_documents_at(other.base), "application/json")
        server.routes[RECORD] = (302, b"", "text/plain", f"Location: {other.base}{RECORD}\r\n")
        outcome = run_cli("fetch", "vlaams-parlement", "--id", "1234567", "--api", server.base,
                          "--timeout", "5", timeout=60)
        assert outcome.refused_in_one_line(), outcome
        assert "ander adres" in outcome.lines[0]
        assert other.hits == []
    finally:
        other.stop()


def test_a_redirect_within_the_host_is_followed(server):
    server.routes["/oud"] = (301, b"", "text/plain", "Location: /nieuw\r\n")
    server.routes["/nieuw"] = (200, b'{"ok": true}', "application/json")
    with Client("De testdienst", Settings(deadline=5)) as client:
        assert client.get_json(server.base + "/oud") == {"ok": True}


@pytest.mark.parametrize("source, target", [
    ("https://ws.vlpar.be/a", "https://evil.example/a"),
    ("https://ws.vlpar.be/a", "http://ws.vlpar.be/a"),  # no downgrade
    ("http://127.0.0.1:8000/a", "http://127.0.0.1:9000/a"),  # another service on this machine
    ("http://127.0.0.1:8000/a", "http://169.254.169.254/latest"),
    ("https://ws.vlpar.be/a", "file:///etc/passwd"),
])
def test_redirect_rule(source, target):
    with pytest.raises(FetchProblem):
        check_redirect(source, target)


def test_redirect_rule_allows_the_same_host_and_an_upgrade():
    check_redirect("https://ws.vlpar.be/a", "https://ws.vlpar.be/b?x=1")
    check_redirect("http://ws.vlpar.be/a", "https://ws.vlpar.be/a")


def test_a_record_pointing_its_document_elsewhere_is_refused(server, tmp_path):
    other = Hostile("127.0.0.2")
    try:
        other.routes["/pfile"] = (200, b"%PDF-1.4\n%%EOF\n", "application/pdf")
        server.routes[RECORD] = (200, record_with_documents_at(other.base), "application/json")
        outcome = run_cli("fetch", "vlaams-parlement", "--id", "1234567", "--api", server.base,
                          "--cache", str(tmp_path), "--timeout", "5", timeout=60)
        assert outcome.refused_in_one_line(), outcome
        assert "127.0.0.2" in outcome.lines[0]
        assert other.hits == []
    finally:
        other.stop()


def test_document_rule():
    check_document_url("https://docs.vlaamsparlement.be/pfile?id=1", "https://ws.vlpar.be")
    check_document_url("https://www.dekamer.be/doc.pdf", "https://data.dekamer.be")
    check_document_url("https://mirror.example/x.pdf", "https://mirror.example")  # --api elsewhere
    for url in ("https://evil.example/x.pdf", "http://10.0.0.5/x.pdf", "http://127.0.0.1:22/x",
                "https://vlaamsparlement.be.evil.example/x"):
        with pytest.raises(FetchProblem):
            check_document_url(url, "https://ws.vlpar.be")


def test_the_cache_checks_documents_against_the_service_the_records_came_from(server, tmp_path):
    server.routes["/rec"] = (200, b"{}", "application/json")
    with Client("De testdienst", Settings(deadline=5)) as client:
        client.get_json(server.base + "/rec")
        with pytest.raises(FetchProblem, match="parlement"):
            DocumentCache(tmp_path).fetch("http://127.0.0.2:9/x.pdf", client)
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("body, words", [
    (b"[" * 100_000 + b"]" * 100_000, "te diep genest"),
    (b'{"id": ' + b"7" * 5000 + b"}", "te veel cijfers"),
])
def test_hostile_replies_give_one_line(server, body, words):
    server.routes[RECORD] = (200, body, "application/json")
    outcome = run_cli("fetch", "vlaams-parlement", "--id", "1234567", "--api", server.base,
                      "--timeout", "5", timeout=60)
    assert outcome.refused_in_one_line(), outcome
    assert words in outcome.lines[0]
    assert outcome.seconds < 15


def test_fixture_record_still_names_its_documents():
    data = json.loads(record_with_documents_at("https://docs.vlaamsparlement.be"))
    assert "docs.vlaamsparlement.be" in json.dumps(data)
