"""Hostile use of batch: existing output, unwritable folders, too many workers, slow
documents, poisonous JSON-lines rows. Each within a time bound."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from hostile_support import federal_row_repeated, many_numbered_items, run_cli
from pqassist.corpus.batch import default_workers, run_batch, write_batch
from pqassist.corpus.tables import free_output, output_paths, read_tables
from pqassist.errors import BatchProblem

FIXTURES = Path(__file__).parent / "fixtures" / "batch"
ROWS = FIXTURES / "kamer" / "kamer-2017-sample.jsonl"
GOOD_ROW = {"doc_id": "goed", "question": "1. Hoeveel?2. Waarom?", "answer": "1. Tien. 2. Daarom."}


def rows_file(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_existing_output_is_kept_and_the_next_free_name_written(tmp_path, suffix):
    source = rows_file(tmp_path / "rijen.jsonl", json.dumps(GOOD_ROW))
    out = tmp_path / f"uit{suffix}"
    first = run_cli("batch", str(source), "-o", str(out), "-q", "--workers", "1", timeout=60)
    assert first.code == 0, first
    before = {p: p.read_bytes() for p in output_paths(out).values()}
    second = run_cli("batch", str(source), "-o", str(out), "--workers", "1", timeout=60)
    assert second.code == 0, second
    assert {p: p.read_bytes() for p in before} == before  # untouched
    again = output_paths(tmp_path / f"uit (2){suffix}")
    assert all(p.exists() for p in again.values())
    assert str(again["documents"]) in second.lines[0]
    third = run_cli("batch", str(source), "-o", str(out), "-q", "--overwrite", "--workers", "1", timeout=60)
    assert third.code == 0
    assert not output_paths(tmp_path / f"uit (3){suffix}")["documents"].exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_the_free_name_is_free_for_all_three_files(tmp_path):
    (tmp_path / "uit.items.csv").write_text("x")
    (tmp_path / "uit (2).errors.csv").write_text("x")
    assert free_output(tmp_path / "uit.csv")["documents"] == tmp_path / "uit (3).documents.csv"
    assert free_output(tmp_path / "uit.csv", overwrite=True)["items"] == tmp_path / "uit.items.csv"


@pytest.mark.parametrize("where, options", [
    ("missing/uit.xlsx", ()),
    ("bestand.txt/uit.csv", ()),
    ("/proc/uit.xlsx", ()),
    ("map.xlsx", ("--overwrite",)),
    ("uit.json", ()),
])
def test_unwritable_output_is_refused_before_any_analysis(tmp_path, where, options):
    (tmp_path / "bestand.txt").write_text("x")
    (tmp_path / "map.xlsx").mkdir()
    slow = many_numbered_items(tmp_path / "traag.txt", count=20_000)
    out = where if where.startswith("/") else str(tmp_path / where)
    outcome = run_cli("batch", str(slow), "-o", out, "--workers", "1", *options, timeout=60)
    assert outcome.refused_in_one_line(), outcome
    assert outcome.seconds < 8  # refused before the 20,000 items were looked at


def test_too_many_workers_are_lowered_with_a_note(tmp_path):
    source = rows_file(tmp_path / "rijen.jsonl", json.dumps(GOOD_ROW))
    outcome = run_cli("batch", str(source), "-o", str(tmp_path / "uit.csv"), "-q", "--workers", "32", timeout=120)
    assert outcome.code == 0, outcome
    cores = default_workers()
    if cores < 32:
        assert outcome.lines == [f"pqassist: --workers 32 verlaagd naar {cores}, het aantal beschikbare processorkernen"]


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_a_slow_document_is_stopped_listed_and_the_run_goes_on(tmp_path, workers):
    folder = tmp_path / "map"
    folder.mkdir()
    many_numbered_items(folder / "a-traag.txt", count=20_000)
    federal_row_repeated(folder / "b-herhaald.jsonl")
    shutil.copy(ROWS, folder / "c-rijen.jsonl")
    out = tmp_path / "uit.csv"
    outcome = run_cli("batch", str(folder), "-o", str(out), "--workers", str(workers),
                      "--time-limit", "5", timeout=180)
    assert outcome.code == 0, outcome
    tables = read_tables(out)
    slow = tables.errors[tables.errors["error"] == "TooSlow"]
    assert "a-traag.txt" in set(slow["document"])
    assert len(tables.documents) >= 5  # the sample rows were analysed after the slow ones
    assert any("a-traag.txt" in line and "TooSlow" in line for line in outcome.lines)
    assert outcome.seconds < 60


def test_poisonous_rows_are_listed_and_skipped(tmp_path):
    source = rows_file(
        tmp_path / "rijen.jsonl",
        "[" * 100_000 + "]" * 100_000,
        '{"doc_id": ' + "7" * 5000 + "}",
        json.dumps(GOOD_ROW),
        '{"doc_id": "kapot", ',
    )
    summary = write_batch([source], tmp_path / "uit.csv", workers=1)
    assert summary.documents == 1
    messages = [row["message"] for row in summary.errors]
    assert len(messages) == 3
    assert "te diep genest" in messages[0] and "te veel cijfers" in messages[1]
    assert "geen geldige JSON" in messages[2]


def test_a_poisonous_row_named_on_the_command_line_is_one_line(tmp_path):
    source = rows_file(tmp_path / "rijen.jsonl", '{"doc_id": "x", "n": ' + "7" * 5000 + "}")
    outcome = run_cli("analyse", f"{source}#x", timeout=60)
    assert outcome.refused_in_one_line(), outcome
    deep = rows_file(tmp_path / "diep.jsonl", "[" * 100_000)
    outcome = run_cli("analyse", f"{deep}#x", timeout=60)
    assert outcome.refused_in_one_line(), outcome


def test_a_worker_that_dies_costs_only_its_document(tmp_path):
    results = list(run_batch([ROWS], workers=2, analyse_one=_dies_on_second, time_limit=30))
    errors = [r.error_row for r in results if r.error_row]
    assert [e["error"] for e in errors if e["error"] == "WorkerDied"] == ["WorkerDied"]
    assert sum(r.error_row is None for r in results) >= 4


def _dies_on_second(job):
    import os

    from pqassist.corpus.batch import analyse_job

    if job.row and str(job.row.get("doc_id")) == "900002":
        os._exit(9)
    return analyse_job(job)


def test_a_job_given_to_a_dead_worker_is_not_taken():
    from pqassist.corpus.batch import analyse_job
    from pqassist.corpus.sources import Job
    from pqassist.corpus.workers import _Worker, start_context, stop_template

    worker = _Worker(start_context(), analyse_job, {})
    try:
        worker.process.kill()
        worker.process.join(10)
        assert worker.give(0, Job(position=1, document="x", kind="row", source="x")) is False  # a broken pipe, no traceback
        assert not worker.jobs  # the job goes back to the queue, not into a dead process
    finally:
        worker.stop(kill=True)
        stop_template()


def test_workers_dying_on_every_other_document_lose_only_those(tmp_path):
    # each death races the job already given to that worker: it must go to another one
    results = list(run_batch([ROWS], workers=2, analyse_one=_dies_on_odd_row, time_limit=30))
    died = {r.error_row["document"] for r in results if r.error_row and r.error_row["error"] == "WorkerDied"}
    # rows 900001, 900003 and 900005 stand on lines 1, 3 and 6 (line 5 is broken); a row
    # whose worker died was never read back, so it is named by its line
    assert died == {f"{ROWS.name}#regel-{n}" for n in (1, 3, 6)}
    assert [r.error_row is None for r in results if r.document in {f"{ROWS.name}#{n}" for n in (900002, 900004)}] == [True, True]
    assert len(results) == 6  # the broken line is reported too, in its place


def _dies_on_odd_row(job):
    import os

    from pqassist.corpus.batch import analyse_job

    if job.row and int(job.row.get("doc_id")) % 2 == 1:
        os._exit(9)
    return analyse_job(job)


def test_library_callers_get_a_batch_problem_too(tmp_path):
    with pytest.raises(BatchProblem, match="bestaat niet"):
        write_batch([ROWS], tmp_path / "nergens" / "uit.xlsx", workers=1)


def test_a_fifo_among_the_sources_is_listed_not_waited_for(tmp_path):
    import os

    if not hasattr(os, "mkfifo"):
        pytest.skip("FIFOs are POSIX")
    folder = tmp_path / "map"
    folder.mkdir()
    os.mkfifo(folder / "a.jsonl")
    os.mkfifo(folder / "b.txt")
    shutil.copy(ROWS, folder / "c.jsonl")
    outcome = run_cli("batch", str(folder), "-o", str(tmp_path / "uit.csv"), "--workers", "1", timeout=60)
    assert outcome.code == 0, outcome
    errors = read_tables(tmp_path / "uit.csv").errors
    assert {"a.jsonl#regel-1", "b.txt"} <= set(errors["document"])
    assert outcome.seconds < 30


def test_an_endless_line_is_skipped_without_holding_it(tmp_path, monkeypatch):
    from pqassist.parse import load

    monkeypatch.setattr(load, "MAX_ROW_CHARS", 1000)
    rows = rows_file(tmp_path / "rijen.jsonl", '{"doc_id": "lang", "question": "' + "x" * 5000 + '"}',
                     json.dumps(GOOD_ROW))
    results = list(run_batch([rows], workers=1, time_limit=30))
    assert [r.error_row["message"] for r in results if r.error_row][0].startswith("regel 1 is langer dan")
    assert sum(r.error_row is None for r in results) == 1
