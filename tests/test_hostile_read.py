"""Hostile use of the reader: FIFOs and devices, huge texts; refused before reading."""

from __future__ import annotations

import os
import threading

import pytest

from hostile_support import run_cli
from pqassist.errors import UnreadableDocument
from pqassist.read import document as doc
from pqassist.read.document import read_document


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_named_txt_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "x.txt"
    os.mkfifo(fifo)
    outcome = run_cli("analyse", str(fifo), timeout=30)
    assert outcome.refused_in_one_line(), outcome
    assert "geen gewoon bestand" in outcome.lines[0]
    assert outcome.seconds < 15


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_is_refused_in_process_too(tmp_path):
    fifo = tmp_path / "vraag.pdf"
    os.mkfifo(fifo)
    done = []
    worker = threading.Thread(target=lambda: done.append(_refusal(fifo)), daemon=True)
    worker.start()
    worker.join(10)
    assert done and "geen gewoon bestand" in done[0]


def _refusal(path) -> str:
    try:
        read_document(path)
    except UnreadableDocument as exc:
        return str(exc)
    return "gelezen"


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_devices_are_refused(device):
    if not os.path.exists(device):
        pytest.skip(f"{device} does not exist here")
    outcome = run_cli("analyse", device, timeout=30)
    assert outcome.refused_in_one_line(), outcome
    assert "geen gewoon bestand" in outcome.lines[0]


def test_a_99_mb_text_is_refused_fast_without_reading_it(tmp_path):
    big = tmp_path / "groot.txt"
    line = ("1. Hoeveel dossiers werden er behandeld in het jaar 2023 door de dienst? " * 3 + "\n").encode()
    with open(big, "wb") as handle:
        for _ in range(99 * 2**20 // len(line)):
            handle.write(line)
    assert big.stat().st_size > 98 * 2**20
    outcome = run_cli("analyse", str(big), timeout=60)
    assert outcome.refused_in_one_line(), outcome
    assert "te groot voor een tekstbestand" in outcome.lines[0]
    assert outcome.seconds < 15


def test_the_text_limit_follows_the_parser_limit():
    from pqassist.parse import MAX_CHARS

    assert doc.MAX_TEXT_BYTES == 4 * MAX_CHARS


def test_bytes_of_a_huge_text_are_refused_but_a_big_pdf_is_not_refused_as_text():
    with pytest.raises(UnreadableDocument, match="te groot voor een tekstbestand"):
        read_document(b"a" * (doc.MAX_TEXT_BYTES + 1), name="x.txt")
    with pytest.raises(UnreadableDocument) as caught:
        read_document(b"%PDF-1.4\n" + b" " * (doc.MAX_TEXT_BYTES + 1), name="x.pdf")
    assert "tekstbestand" not in str(caught.value)


def test_a_text_just_under_the_limit_is_still_read(tmp_path):
    path = tmp_path / "net.txt"
    path.write_bytes(b"Vraag 1. Hoeveel?\n" * 100)
    assert read_document(path).text.startswith("Vraag 1.")
