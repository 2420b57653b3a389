"""Batch analysis: sources, ordered process pool, tables, files, CLI and the federal corpus file.

Most tests inject ``fake_analyse``, a tiny stand-in for the pipeline written here, so
that the batch machinery is checked with exact counts whatever the parser does; the
end-to-end tests run the real pipeline on the same fixtures.
"""

from __future__ import annotations

import gzip
import json
import re
from datetime import date
from itertools import islice
from pathlib import Path

import pytest

from pqassist.corpus import batch
from pqassist.corpus.batch import batch_frames, batch_tables, run_batch, write_batch
from pqassist.corpus.sources import count_jobs, decode_row, iter_jobs
from pqassist.corpus.tables import COLUMNS, TABLES, columns, open_writer, output_paths, read_tables
from pqassist.cli import main
from pqassist.errors import BatchProblem, UnreadableDocument
from pqassist.model import Analysis, Dossier, Evidence, Item, Link, Meta, Passage, Suggestion, Verdict

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "batch"
DOCS = FIXTURES / "docs"
ROWS = FIXTURES / "kamer" / "kamer-2017-sample.jsonl"
SOURCES = [str(DOCS), str(ROWS)]

# What the fixtures hold, in input order: (document as named in the tables, kind of job).
EXPECTED_JOBS = [
    ("kapot.pdf", "file"),
    ("los", "broken"),
    ("tk-2024-0873-jeugdzorg", "pair"),
    ("tk-2024-0991-stikstof.txt", "file"),
    ("vp-0412-fietspaden.txt", "file"),
    ("vp-0530-kinderopvang", "file"),
    ("kamer-2017-sample.jsonl#900001", "row"),
    ("kamer-2017-sample.jsonl#900002", "row"),
    ("kamer-2017-sample.jsonl#900003", "row"),
    ("kamer-2017-sample.jsonl#900004", "row"),
    ("kamer-2017-sample.jsonl#regel-5", "row"),
    ("kamer-2017-sample.jsonl#900005", "row"),
]
BAD = {"kapot.pdf", "los", "kamer-2017-sample.jsonl#regel-5"}


# ---------------------------------------------------------------- a stand-in pipeline

MONTHS = "januari februari maart april mei juni juli augustus september oktober november december".split()
_DATE = r"(\d{1,2})\s+(" + "|".join(MONTHS) + r")\s+(\d{4})"


def _date(pattern: str, text: str) -> date | None:
    match = re.search(pattern + r"\s+" + _DATE, text)
    if not match:
        return None
    return date(int(match.group(3)), MONTHS.index(match.group(2)) + 1, int(match.group(1)))


def _read(path: str) -> str:
    if path.endswith(".pdf"):
        from pypdf import PdfReader

        return "\n".join(page.extract_text() for page in PdfReader(path).pages)
    if path.endswith(".docx"):
        import docx

        return "\n".join(p.text for p in docx.Document(path).paragraphs)
    return Path(path).read_text("utf-8")


def fake_analyse(job) -> Analysis:
    """Return a crude analysis: numbered items, numbered answers, verdict by keyword."""
    if job.kind == "row":
        row = job.row
        question, answer = row["question"], row["answer"] or ""
        meta = Meta(parliament="kamer", number=str(row["doc_id"]), asked_on=date.fromisoformat(row["depotdat"]),
                    questioner=row["aut_person"], party=row["aut_party"], addressee=row["answer_department"])
    else:
        text = _read(job.path) + ("\n" + _read(job.answer_path) if job.answer_path else "")
        split = re.search(r"^(ANTWOORD|Antwoord van)", text, re.MULTILINE)
        question, answer = (text[: split.start()], text[split.start():]) if split else (text, "")
        parliament = "tweede-kamer" if "ingezonden" in text else "vlaams-parlement"
        meta = Meta(parliament=parliament, asked_on=_date(r"(?:ingezonden|datum:)", text),
                    answered_on=_date(r"ontvangen", text), title=question.strip().splitlines()[0][:80])
    text = question + "\n" + answer
    if re.search(r"^Vraag 1", text, re.MULTILINE):  # Tweede Kamer: Vraag N / Antwoord N interleaved
        asks, answers = r"^Vraag\s+(\d+)", r"^Antwoord\s+(\d+)"
        ask_range, answer_range = (0, len(text)), (0, len(text))
    else:  # "1. ..." numbering in the question, then in the answer
        asks = answers = r"(?<!\d)(\d)\.\s"
        ask_range, answer_range = (0, len(question)), (len(question) + 1, len(text))
    marks = sorted(
        [(m, "item") for m in re.finditer(asks, text[: ask_range[1]], re.MULTILINE)]
        + [(m, "passage") for m in re.finditer(answers, text, re.MULTILINE) if m.start() >= answer_range[0]],
        key=lambda pair: pair[0].start(),
    )
    items, passages = [], []
    for i, (m, kind) in enumerate(marks):
        stop = marks[i + 1][0].start() if i + 1 < len(marks) else len(text)
        body = text[m.end():stop].strip()
        if kind == "item" and not any(x.id == m.group(1) for x in items):
            items.append(Item(id=m.group(1), label=m.group(0).strip(), text=body, start=m.start(), end=stop))
        elif kind == "passage":
            passages.append(Passage(index=len(passages), label=m.group(0).strip(), covers=(m.group(1),),
                                    text=body, start=m.end(), end=stop))
    items, passages = tuple(items), tuple(passages)
    offset = len(question) + 1
    links, suggestions = {}, {}
    for item in items:
        found = [p for p in passages if item.id in p.covers]
        links[item.id] = tuple(Link(item.id, p.index, 1.0, "label") for p in found)
        words = found[0].text if found else ""
        verdict, phrase = Verdict.ANSWERED, None
        for key, value in (("geen cijfers", Verdict.NO_DATA), ("geen gegevens", Verdict.NO_DATA),
                           ("verwijs", Verdict.REFERRAL), ("rechtstreeks", Verdict.WITHHELD),
                           ("bevoegdheid", Verdict.NOT_COMPETENT), ("te zijner tijd", Verdict.GENERAL)):
            if key in words:
                verdict, phrase = value, words[words.index(key):][:60]
                break
        if not found:
            verdict = Verdict.UNANSWERED
        suggestions[item.id] = Suggestion(
            item.id, verdict, 0.5 if phrase else 0.9, "nep",
            (Evidence("answer", phrase),) if phrase else (),
        )
    dossier = Dossier(meta=meta, text=text, items=items, passages=passages, segments=(),
                      answer_start=offset)
    return Analysis(dossier, links, (), suggestions)


def exploding_analyse(job) -> Analysis:
    """Fail on one document and work on the others."""
    if "stikstof" in job.document:
        raise UnreadableDocument("dit document is opzettelijk onleesbaar")
    return fake_analyse(job)


# ---------------------------------------------------------------- sources

def test_jobs_follow_the_naming_convention_in_order():
    jobs = list(iter_jobs(SOURCES))
    lines = iter(range(1, 7))  # rows are named by line until the worker decodes them
    expected = [(re.sub(r"#.*", f"#regel-{next(lines)}", d) if k == "row" else d, k) for d, k in EXPECTED_JOBS]
    assert [(j.document, j.kind) for j in jobs] == expected
    assert [decode_row(j).document for j in jobs[6:10]] == [d for d, _ in EXPECTED_JOBS[6:10]]
    with pytest.raises(BatchProblem, match="regel 5 is geen geldige JSON"):
        decode_row(jobs[10])
    assert [j.position for j in jobs] == list(range(len(EXPECTED_JOBS)))
    pair = jobs[2]
    assert pair.path.endswith("tk-2024-0873-jeugdzorg.vraag.docx")
    assert pair.answer_path.endswith("tk-2024-0873-jeugdzorg.antwoord.pdf")
    assert "antwoord zonder vraag" in jobs[1].problem
    assert count_jobs(SOURCES) == len(EXPECTED_JOBS)


def test_two_question_files_for_one_name_are_reported(tmp_path):
    (tmp_path / "a.vraag.txt").write_text("1. Vraag?", "utf-8")
    (tmp_path / "a.vraag.docx").write_bytes(b"")
    (tmp_path / "a.antwoord.txt").write_text("1. Antwoord.", "utf-8")
    [job] = iter_jobs([tmp_path])
    assert job.kind == "broken" and "meer dan één" in job.problem


def test_rows_stream_and_a_truncated_gzip_is_reported(tmp_path):
    rows = [json.dumps({"doc_id": n, "question": "1. Vraag? " * 50, "answer": "x"}) for n in range(2000)]
    data = gzip.compress("\n".join(rows).encode())
    path = tmp_path / "rows.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    jobs = iter_jobs([path])
    first = list(islice(jobs, 3))
    assert [decode_row(j).document for j in first] == ["rows.jsonl.gz#0", "rows.jsonl.gz#1", "rows.jsonl.gz#2"]
    rest = list(jobs)
    assert rest[-1].kind == "broken" and "beschadigd" in rest[-1].problem
    assert all(j.kind == "row" for j in rest[:-1])


def test_missing_source_is_a_batch_problem(tmp_path):
    with pytest.raises(BatchProblem, match="bestaat niet"):
        list(iter_jobs([tmp_path / "nergens"]))


# ---------------------------------------------------------------- tables

def test_tables_have_the_columns_and_counts():
    tables = batch_tables(SOURCES, workers=1, analyse_one=fake_analyse)
    for table in TABLES:
        assert list(getattr(tables, table).columns) == columns(table)
    documents, items, errors = tables
    good = [d for d, _ in EXPECTED_JOBS if d not in BAD]
    assert list(documents["document"]) == good
    assert list(errors["document"]) == [d for d, _ in EXPECTED_JOBS if d in BAD]
    assert list(errors["error"]) == ["PdfStreamError", "BronProbleem", "BronProbleem"]
    # 3 + 3 + 4 + 2 items in the documents, 3 + 2 + 2 + 2 + 2 in the rows
    assert list(documents["items"]) == [3, 3, 4, 2, 3, 2, 2, 2, 2]
    assert len(items) == 23
    verdicts = documents[[f"n_{v.value}" for v in Verdict]].sum(axis=1)
    assert list(verdicts) == list(documents["items"])
    assert items["verdict"].value_counts().to_dict() == {
        "answered": 8, "unanswered": 6, "referral": 3, "no_data": 3, "general": 1, "withheld": 1,
        "not_competent": 1,
    }
    assert int(documents["gaps"].sum()) == int(items["gap"].sum()) == 14
    assert items.loc[items["verdict"] == "no_data", "evidence"].str.startswith("geen").all()


def test_documents_carry_timeliness():
    import pandas as pd

    documents, _ = batch_frames(SOURCES, workers=1, analyse_one=fake_analyse)
    by = documents.set_index("document")
    tk = by.loc["tk-2024-0873-jeugdzorg"]  # 4 maart -> 2 april 2024: more than three weeks
    assert (tk.asked_on.date(), tk.answered_on.date(), tk.deadline.date()) == (
        date(2024, 3, 4), date(2024, 4, 2), date(2024, 3, 25))
    # Good Friday 29 March and Easter Monday 1 April are Dutch public holidays in `holidays`
    assert tk.delay_working_days == 19 and tk.delay_days == 29
    assert bool(tk.late) and tk.timeliness == "te laat" and not bool(tk.postponed)
    stikstof = by.loc["tk-2024-0991-stikstof.txt"]  # postponed: six weeks, on time
    assert bool(stikstof.postponed) and not bool(stikstof.late) and stikstof.term == "6 weken (na uitstelbericht)"
    vp = by.loc["vp-0412-fietspaden.txt"]
    assert vp.timeliness == "antwoorddatum onbekend" and pd.isna(vp.late) and pd.isna(vp.delay_working_days)
    assert vp.deadline.date() == date(2024, 4, 2)  # 20 Belgian working days after 4 March (Easter Monday off)
    kamer = by.loc["kamer-2017-sample.jsonl#900001"]
    assert kamer.timeliness == "antwoorddatum onbekend" and not bool(kamer.term_verified)
    assert by.loc["kamer-2017-sample.jsonl#900003"].timeliness == "geen antwoord"


def test_a_failing_document_is_skipped_and_reported():
    tables = batch_tables(SOURCES, workers=1, analyse_one=exploding_analyse)
    assert "tk-2024-0991-stikstof.txt" not in set(tables.documents["document"])
    row = tables.errors.set_index("document").loc["tk-2024-0991-stikstof.txt"]
    assert row.error == "UnreadableDocument" and "opzettelijk onleesbaar" in row.message
    assert len(tables.documents) == 8 and len(tables.errors) == 4


def test_two_processes_give_the_single_process_result():
    import pandas as pd

    one = batch_tables(SOURCES, workers=1, analyse_one=fake_analyse)
    two = batch_tables(SOURCES * 3, workers=2, analyse_one=fake_analyse, chunk_size=2)
    for table in TABLES:
        expected = pd.concat([getattr(one, table)] * 3, ignore_index=True)
        pd.testing.assert_frame_equal(getattr(two, table), expected)


def test_work_in_flight_is_bounded():
    pulled = []

    def jobs():
        for job in iter_jobs([ROWS] * 50):
            pulled.append(job.position)
            yield job

    results = batch._ordered_results(jobs(), fake_analyse, {}, workers=2, chunk_size=2)
    first = next(results)
    assert first.position == 0
    assert len(pulled) <= 2 * batch.CHUNKS_IN_FLIGHT_PER_WORKER * 2 + 2
    results.close()


def sleepy_analyse(job) -> Analysis:
    """Take far too long on one row and work on the others."""
    if job.kind == "row" and str(job.row.get("doc_id")) == "900002":
        import time

        time.sleep(60)
    return fake_analyse(job)


def report_warmth(job) -> Analysis:
    """Fail with a message that says whether this worker started from the warm template."""
    import gc
    import sys

    warm = "pqassist.corpus.preload" in sys.modules and gc.get_freeze_count() > 10_000
    raise ValueError(f"warm={warm} pipeline={'pqassist.analysis.pipeline' in sys.modules}")


def test_a_slow_document_costs_only_itself_and_the_jobs_queued_behind_it_are_analysed():
    """A worker holds its next job; when it is killed over the time limit, that job goes to
    another worker: every other document is analysed, in input order."""
    one = list(run_batch(SOURCES, workers=1, analyse_one=fake_analyse))
    started = __import__("time").monotonic()
    two = list(run_batch(SOURCES * 2, workers=2, analyse_one=sleepy_analyse, time_limit=5))
    assert __import__("time").monotonic() - started < 50
    assert [r.position for r in two] == list(range(2 * len(one)))
    slow = [r.position for r in two if r.error_row and r.error_row["error"] == "TooSlow"]
    at = next(r.position for r in one if r.document == "kamer-2017-sample.jsonl#900002")
    assert slow == [at, at + len(one)]
    expected = [(r.document, r.document_row, r.item_rows, r.error_row) for r in one] * 2
    got = [(r.document, r.document_row, r.item_rows, r.error_row) for r in two]
    assert [g for i, g in enumerate(got) if i not in slow] == [e for i, e in enumerate(expected) if i not in slow]


def test_workers_start_warm_and_report_their_figures():
    figures: list = []
    results = list(run_batch([ROWS], workers=2, analyse_one=report_warmth, worker_figures=figures))
    messages = {r.error_row["message"] for r in results if r.error_row and r.error_row["error"] == "ValueError"}
    assert messages == {"warm=True pipeline=True"}, messages
    # a worker still starting when the last result came back is stopped without figures
    assert 1 <= len(figures) <= 2 and all(f["peak_mb"] > 10 and f["cpu_seconds"] >= 0 for f in figures), figures


def report_setting(job) -> Analysis:
    """Fail with the value of a setting as this worker sees it."""
    import os

    raise ValueError(f"setting={os.environ.get('PQASSIST_TEST_SETTING')}")


def test_each_run_forks_its_workers_from_a_template_of_its_own_time(monkeypatch):
    """A later run in the same process sees the settings of its own time, not those of the
    first run's template (the template is stopped at the end of each run)."""
    for value in ("eerst", "daarna"):
        monkeypatch.setenv("PQASSIST_TEST_SETTING", value)
        results = list(run_batch([ROWS], workers=2, analyse_one=report_setting))
        messages = {r.error_row["message"] for r in results if r.error_row and r.error_row["error"] == "ValueError"}
        assert messages == {f"setting={value}"}, messages


def test_progress_bar_on_stderr(capsys):
    list(run_batch([ROWS], workers=1, analyse_one=fake_analyse, progress=True))
    assert "pqassist batch" in capsys.readouterr().err
    list(run_batch([ROWS], workers=1, analyse_one=fake_analyse, progress=None))  # not a TTY here
    assert capsys.readouterr().err == ""


# ---------------------------------------------------------------- files

def test_output_naming_rule(tmp_path):
    assert output_paths(tmp_path / "out.csv") == {t: tmp_path / f"out.{t}.csv" for t in TABLES}
    assert output_paths(tmp_path / "out.items.parquet")["documents"] == tmp_path / "out.documents.parquet"
    assert set(output_paths(tmp_path / "out.xlsx").values()) == {tmp_path / "out.xlsx"}
    with pytest.raises(BatchProblem, match="xlsx"):
        output_paths(tmp_path / "out.json")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_files_round_trip(tmp_path, suffix):
    import pandas as pd

    out = tmp_path / f"uit{suffix}"
    summary = write_batch(SOURCES, out, workers=1, analyse_one=fake_analyse)
    assert (summary.documents, summary.items, len(summary.errors)) == (9, 23, 3)
    assert not list(tmp_path.glob("*.part"))
    expected = batch_tables(SOURCES, workers=1, analyse_one=fake_analyse)
    written = read_tables(out)
    for table in TABLES:
        pd.testing.assert_frame_equal(getattr(written, table), getattr(expected, table))


def test_xlsx_keeps_formula_like_text_as_text(tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "uit.xlsx"
    with open_writer(out) as writer:
        writer.write("errors", {"document": "=HYPERLINK(\"x\")", "message": "a\nb"})
    sheet = load_workbook(out)["errors"]
    assert sheet["A2"].value == "=HYPERLINK(\"x\")" and sheet["A2"].data_type == "s"
    assert [c.value for c in sheet[1]] == columns("errors")


def test_failed_run_leaves_earlier_output(tmp_path):
    out = tmp_path / "uit.csv"
    write_batch([ROWS], out, workers=1, analyse_one=fake_analyse)
    before = (tmp_path / "uit.documents.csv").read_bytes()

    def boom(result):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt), open_writer(out) as writer:
        writer.write_result(next(run_batch([ROWS], workers=1, analyse_one=fake_analyse)))
        boom(None)
    assert (tmp_path / "uit.documents.csv").read_bytes() == before
    assert not list(tmp_path.glob("*.part"))


def test_column_types_are_declared_once():
    for table, spec in COLUMNS.items():
        assert len({name for name, _ in spec}) == len(spec), table
        assert {kind for _, kind in spec} <= {"str", "int", "float", "bool", "date"}


# ---------------------------------------------------------------- command line

def test_cli_rejects_a_bad_output_before_working(tmp_path, capsys):
    assert main(["batch", str(ROWS), "-o", str(tmp_path / "uit.json")]) == 2
    assert "onbekend uitvoerformaat" in capsys.readouterr().err


def test_cli_reports_empty_sources(tmp_path, capsys):
    assert main(["batch", str(tmp_path), "-o", str(tmp_path / "uit.csv")]) == 2
    assert "geen documenten gevonden" in capsys.readouterr().err


def test_cli_rejects_a_bad_term(tmp_path, capsys):
    assert main(["batch", str(ROWS), "-o", str(tmp_path / "u.csv"), "--term", "kamer=twintig"]) == 2
    assert "ongeldige termijn" in capsys.readouterr().err


# ---------------------------------------------------------------- the real pipeline

def test_cli_end_to_end_on_the_fixtures(tmp_path, capsys):
    out = tmp_path / "uit.xlsx"
    code = main(["batch", *SOURCES, "-o", str(out), "--workers", "2", "--term", "kamer=15"])
    assert code == 0
    err = capsys.readouterr().err
    assert re.search(r"9 documenten met \d+ deelvragen geanalyseerd, 3 overgeslagen", err)
    documents, items, errors = read_tables(out)
    assert list(documents["document"]) == [d for d, _ in EXPECTED_JOBS if d not in BAD]
    assert set(errors["document"]) == BAD
    assert len(items) == int(documents["items"].sum()) > 0
    verdicts = documents[[f"n_{v.value}" for v in Verdict]].sum(axis=1)
    assert (verdicts == documents["items"]).all()
    assert list(documents["has_answer"]) == [True, True, True, False, True, True, False, False, True]
    kamer = documents[documents["parliament"] == "kamer"]
    assert set(kamer["term"]) == {"15 werkdagen"} and not kamer["term_verified"].any()
    by = documents.set_index("document")
    assert by.loc["tk-2024-0873-jeugdzorg", "parliament"] == "tweede-kamer"
    assert by.loc["tk-2024-0991-stikstof.txt", "timeliness"] == "tijdig"  # six weeks after a postponement
    assert bool(by.loc["tk-2024-0991-stikstof.txt", "postponed"])


def test_answer_date_of_a_separate_answer_file_reaches_the_table():
    """The "(ontvangen 2 april 2024)" of NAME.antwoord.pdf gives the pair its delay."""
    documents, _ = batch_frames([DOCS], workers=1)
    pair = documents.set_index("document").loc["tk-2024-0873-jeugdzorg"]
    assert (pair.asked_on.date(), pair.answered_on.date()) == (date(2024, 3, 4), date(2024, 4, 2))
    assert (pair.delay_working_days, bool(pair.late)) == (19, True)


def test_batch_frames_with_the_real_pipeline_matches_the_files(tmp_path):
    import pandas as pd

    documents, items = batch_frames(SOURCES, workers=1)
    write_batch(SOURCES, tmp_path / "uit.parquet", workers=2)
    written = read_tables(tmp_path / "uit.parquet")
    pd.testing.assert_frame_equal(written.documents, documents)
    pd.testing.assert_frame_equal(written.items, items)


def test_items_to_check_are_likely_gaps_behind_a_no_gap_suggestion(monkeypatch, tmp_path):
    """The real pipeline's tables: every item carries its probability of a gap; the items
    marked to check are suggested as no gap with that probability at the model's threshold,
    and each document counts them. The threshold is set between the fixtures' no-gap items
    (which of them the packaged model marks changes with each retraining)."""
    from dataclasses import replace

    from pqassist.analysis.verdict_model import packaged_model, write_model

    monkeypatch.setenv("PQASSIST_MODEL", str(tmp_path / "none.json"))  # the packaged model
    _, items = batch_frames(SOURCES, workers=1)
    no_gap = sorted(items[~items["gap"].astype(bool)]["gap_probability"])
    assert len(set(no_gap)) >= 2, no_gap
    threshold = (no_gap[0] + no_gap[-1]) / 2  # some no-gap items above it, some below
    monkeypatch.setenv("PQASSIST_MODEL", str(write_model(replace(packaged_model(), check_above=threshold),
                                                         tmp_path / "model.json")))
    documents, items = batch_frames(SOURCES, workers=1)
    assert items["gap_probability"].between(0, 1).all()
    marked = items[items["to_check"].astype(bool)]
    assert 0 < len(marked) < len(no_gap) and not marked["gap"].astype(bool).any()
    assert (marked["gap_probability"] >= round(threshold, 2) - 0.005).all()
    unmarked = items[~items["to_check"].astype(bool) & ~items["gap"].astype(bool)]
    assert (unmarked["gap_probability"] <= round(threshold, 2) + 0.005).all()
    assert int(documents["to_check"].sum()) == len(marked)


@pytest.mark.corpus
@pytest.mark.slow
def test_federal_file_end_to_end(corpus, tmp_path, capsys):
    source = corpus / "kamer" / "dekamer-2017.jsonl.gz"
    out = tmp_path / "dekamer-2017.xlsx"
    assert main(["batch", str(source), "-o", str(out)]) == 0
    documents, items, errors = read_tables(out)
    print(capsys.readouterr().err)
    print(documents["timeliness"].value_counts().to_string())
    print(items["verdict"].value_counts().to_string())
    assert len(documents) + len(errors) == 3811
    assert len(errors) == 0, errors.head().to_string()
    assert int((~documents["has_answer"]).sum()) == 328
    assert documents["answered_on"].isna().all()  # the 2017 file has no answer dates
    assert set(documents["timeliness"]) <= {"antwoorddatum onbekend", "geen antwoord"}
    assert int((documents["timeliness"] == "geen antwoord").sum()) == 328
    assert documents["late"].isna().all()
    assert len(items) == int(documents["items"].sum()) > 3811
    assert documents["document"].is_unique
