"""Shared by the fetch tests: the local services, and a guard that keeps every test on 127.0.0.1."""

from __future__ import annotations

import importlib.util
import socket
import sys
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "fetch"


def _load_server_module():
    name = "pqassist_fetch_test_server"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, FIXTURES / "server.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


servers = _load_server_module()


def guard_loopback(monkeypatch, cache_dir: Path | None = None) -> None:
    """Refuse every connection and name lookup off 127.0.0.1; point the services at a closed
    local port (and the cache at ``cache_dir``) unless a test says otherwise."""
    real_connect = socket.socket.connect
    real_getaddrinfo = socket.getaddrinfo

    def connect(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if self.family in (socket.AF_INET, socket.AF_INET6) and host not in ("127.0.0.1", "::1"):
            raise AssertionError(f"a test tried to connect to {address!r}")
        return real_connect(self, address)

    def getaddrinfo(host, *args, **kwargs):
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise AssertionError(f"a test tried to look up {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PQASSIST_VP_API", "http://127.0.0.1:9")
    monkeypatch.setenv("PQASSIST_KAMER_API", "http://127.0.0.1:9")
    if cache_dir is not None:
        monkeypatch.setenv("PQASSIST_CACHE", str(cache_dir))


def publish_answer_470(service) -> None:
    """Let the local open-data service publish the answer to question 470 (record 1234572),
    on time, as a real answer arrives between two visits."""
    import json

    hits = json.loads((FIXTURES / "search-hits.json").read_text("utf-8"))
    for hit in hits["result"]:
        if "/1234572/" in hit["id"]:
            hit["metatags"]["metatag"].append({"name": "statusdatumSchvBeantwoord",
                                               "value": "2024-05-10T00:00:00"})
    service.files["search-hits.json"] = json.dumps(hits).encode()
    record = json.loads((FIXTURES / "record-1234572.json").read_text("utf-8"))
    record["tijdig"] = True
    service.records["1234572"] = json.dumps(record).encode()
