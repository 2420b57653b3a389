"""Batch analysis: many documents through the pipeline, in order, on several processes.

``run_batch`` streams jobs from the sources (``batch_sources``) through worker processes
with a bounded number of results waiting, and yields one ``DocResult`` per document
in input order, so a run on two processes gives exactly the rows of a run on one.
A document that cannot be read or analysed becomes an error row; the run goes on.
One document may take at most the time limit (``timelimit``, 10 s unless set): over
it, its worker process is killed and replaced and the document becomes an error row;
a worker that dies (out of memory) costs only its document too.
``batch_frames``/``batch_tables`` collect the results as pandas DataFrames
(``batch_tables`` module); the command line streams them to disk instead.

No pandas here: workers import only this module and the pipeline.
"""

from __future__ import annotations

import os
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from pqassist.corpus.sources import Job, count_jobs, decode_row, iter_jobs
from pqassist.errors import BatchProblem
from pqassist.model import Analysis, Verdict
from pqassist.corpus.timeliness import Term, assess, load_terms

AnalyseOne = Callable[[Job], Analysis]

CHUNK_SIZE = 8
CHUNKS_IN_FLIGHT_PER_WORKER = 3
TEXT_LIMIT = 4000  # characters kept of one text cell (Excel holds at most 32,767)
EVIDENCE_JOIN = " | "
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class DocResult:
    """The rows one document contributes: a documents row and item rows, or an error row."""

    position: int
    document: str
    document_row: dict | None = None
    item_rows: tuple[dict, ...] = ()
    error_row: dict | None = None


@dataclass
class BatchSummary:
    """Counts of a finished run: documents done, documents skipped and their errors."""

    documents: int = 0
    items: int = 0
    errors: list[dict] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # the files written (write_batch)


def analyse_job(job: Job) -> Analysis:
    """Return the analysis of the document ``job`` names (the default per-document step)."""
    from pqassist.parse.load import dossier_from_kamer_row, load_dossier
    from pqassist.analysis.pipeline import analyse

    if job.kind == "row":
        dossier = dossier_from_kamer_row(job.row, source=job.document)
    elif job.kind == "pair":
        dossier = load_dossier(job.path, answer=job.answer_path)
    else:
        dossier = load_dossier(job.path)
    return analyse(dossier)


def default_workers() -> int:
    """Return the number of worker processes used when none is given: the usable CPUs."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def run_batch(
    sources: Iterable[str | os.PathLike],
    *,
    workers: int | None = None,
    analyse_one: AnalyseOne | None = None,
    terms: dict[str, Term] | None = None,
    progress: bool | None = False,
    chunk_size: int = CHUNK_SIZE,
    time_limit: float | None = None,
    worker_figures: list | None = None,
) -> Iterator[DocResult]:
    """Yield one result per document of ``sources``, in input order.

    ``workers`` processes (default: the usable CPUs; 1 runs in this process);
    ``analyse_one`` turns a job into an ``Analysis`` (default ``analyse_job``; it must be
    a module-level function to reach the worker processes); ``progress`` shows a tqdm bar
    on stderr (None: only when stderr is a terminal). ``time_limit``: seconds one document
    may take (default ``timelimit.default_seconds()``; 0 for none); a document over it
    becomes an error row ("TooSlow") and its worker process is killed and replaced.
    ``worker_figures``, when given, receives each worker process's peak memory and CPU
    time (dicts ``peak_mb``, ``cpu_seconds``) as it stops.
    """
    from pqassist.analysis.timelimit import default_seconds

    sources = list(sources)
    workers = default_workers() if workers is None else max(1, int(workers))
    terms = load_terms() if terms is None else terms
    step = analyse_one or analyse_job
    limit = default_seconds() if time_limit is None else (time_limit or None)
    results = _ordered_results(iter_jobs(sources), step, terms, workers, max(1, chunk_size), limit,
                               worker_figures)
    if progress is False:
        yield from results
        return
    from tqdm import tqdm

    total = count_jobs(sources)
    with tqdm(total=total, unit="doc", desc="pqassist batch", disable=None if progress is None else False,
              leave=True, dynamic_ncols=True) as bar:
        for result in results:
            bar.update(1)
            yield result


def _ordered_results(
    jobs: Iterator[Job],
    step: AnalyseOne,
    terms: dict,
    workers: int,
    chunk_size: int,
    time_limit: float | None = None,
    worker_figures: list | None = None,
) -> Iterator[DocResult]:
    from pqassist.analysis.timelimit import can_interrupt

    if workers == 1 and (time_limit is None or can_interrupt()):
        for job in jobs:
            yield limited_job(job, step, terms, time_limit)
        return
    from pqassist.corpus.workers import pool_results

    yield from pool_results(jobs, step, terms, workers, chunk_size * CHUNKS_IN_FLIGHT_PER_WORKER, time_limit,
                            worker_figures)


def limited_job(job: Job, step: AnalyseOne, terms: dict, time_limit: float | None) -> DocResult:
    """Return ``process_job`` of ``job`` within ``time_limit`` seconds, else its error row."""
    from pqassist.errors import TooSlow
    from pqassist.analysis.timelimit import call_with_limit

    try:
        return call_with_limit(process_job, job, step, terms, seconds=time_limit, what="de analyse")
    except TooSlow as exc:
        return DocResult(job.position, job.document, error_row=error_row(job, "TooSlow", str(exc)))


def process_chunk(jobs: list[Job], step: AnalyseOne, terms: dict) -> list[DocResult]:
    """Return the results of ``jobs`` (run inside a worker process)."""
    return [process_job(job, step, terms) for job in jobs]


def process_job(job: Job, step: AnalyseOne, terms: dict) -> DocResult:
    """Return the rows of one document, or its error row when it cannot be analysed."""
    if job.kind == "broken":
        return DocResult(job.position, job.document, error_row=error_row(job, "BronProbleem", job.problem))
    try:
        job = decode_row(job)
    except BatchProblem as exc:
        return DocResult(job.position, job.document, error_row=error_row(job, "BronProbleem", str(exc)))
    try:
        analysis = step(job)
        document, items = rows_for(job, analysis, terms)
    except Exception as exc:  # one bad document must not stop the run
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
        return DocResult(job.position, job.document, error_row=error_row(job, type(exc).__name__, message))
    return DocResult(job.position, job.document, document, tuple(items))


def error_row(job: Job, kind: str, message: str | None) -> dict:
    """Return the errors-table row for ``job``."""
    return {
        "document": job.document,
        "source": job.source,
        "path": job.path,
        "error": kind,
        "message": clean_text(message or "", 500),
    }


def clean_text(text: str | None, limit: int = TEXT_LIMIT) -> str | None:
    """Return ``text`` without control characters and cut to ``limit`` characters."""
    if text is None:
        return None
    text = _CONTROL.sub(" ", str(text).replace("\r\n", "\n").replace("\r", "\n"))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def rows_for(job: Job, analysis: Analysis, terms: dict) -> tuple[dict, list[dict]]:
    """Return the documents row and the item rows of one analysed document."""
    dossier, meta = analysis.dossier, analysis.dossier.meta
    items: list[dict] = []
    counts = {verdict: 0 for verdict in Verdict}
    gaps = to_check = 0
    for item in dossier.items:
        suggestion = analysis.suggestions.get(item.id)
        verdict = suggestion.verdict if suggestion else None
        if verdict is not None:
            counts[verdict] += 1
            gaps += verdict.is_gap
            to_check += suggestion.to_check
        evidence = suggestion.evidence if suggestion else ()
        quoted = EVIDENCE_JOIN.join(e.text.strip() for e in evidence if e.text.strip())
        answer = analysis.answer_for(item.id)
        items.append({
            "document": job.document,
            "parliament": meta.parliament,
            "number": meta.number,
            "item_id": item.id,
            "label": clean_text(item.label, 100),
            "verdict": verdict.value if verdict else None,
            "verdict_nl": verdict.label_nl if verdict else None,
            "gap": verdict.is_gap if verdict else None,
            "confidence": float(suggestion.confidence) if suggestion else None,
            "gap_probability": float(suggestion.gap_probability) if suggestion else None,
            "to_check": suggestion.to_check if suggestion else None,
            "evidence": clean_text(quoted) or None,
            "evidence_source": ",".join(dict.fromkeys(e.source for e in evidence)) or None,
            "reason": clean_text(suggestion.reason, 500) if suggestion else None,
            "question": clean_text(item.text),
            "question_length": len(item.text),
            "answer_length": len(answer),
        })
    timeliness = assess(meta, has_answer=dossier.has_answer, text=dossier.text, terms=terms)
    document = {
        "document": job.document,
        "source": job.source,
        "parliament": meta.parliament,
        "number": meta.number,
        "title": clean_text(meta.title, 500),
        "asked_on": timeliness.asked_on,
        "answered_on": timeliness.answered_on,
        "deadline": timeliness.deadline,
        "delay_working_days": timeliness.delay_working_days,
        "delay_days": timeliness.delay_days,
        "late": timeliness.late,
        "timeliness": timeliness.status,
        "term": timeliness.term,
        "term_source": timeliness.term_source,
        "term_verified": timeliness.term_verified,
        "postponed": timeliness.postponed,
        "questioner": meta.questioner,
        "party": meta.party,
        "addressee": clean_text(meta.addressee, 500),
        "has_answer": dossier.has_answer,
        "answer_length": sum(len(p.text) for p in dossier.passages),
        "items": len(dossier.items),
        "gaps": gaps,
        "to_check": to_check,
        **{f"n_{verdict.value}": counts[verdict] for verdict in Verdict},
    }
    return _cleaned(document), [_cleaned(row) for row in items]


def _cleaned(row: dict) -> dict:
    return {key: clean_text(value) if isinstance(value, str) else value for key, value in row.items()}


def summarise(results: Iterable[DocResult], sink: Callable[[DocResult], None] | None = None) -> BatchSummary:
    """Return the counts of ``results``, passing each result to ``sink`` on the way."""
    summary = BatchSummary()
    for result in results:
        if sink is not None:
            sink(result)
        if result.error_row is not None:
            summary.errors.append(result.error_row)
        else:
            summary.documents += 1
            summary.items += len(result.item_rows)
    return summary


def write_batch(sources, out, workers: int | None = None, *, overwrite: bool = False, **options) -> BatchSummary:
    """Run the batch on ``sources`` and stream the tables to ``out``; return the counts.

    ``out`` ends in .xlsx, .csv or .parquet (``tables.output_paths`` names the files).
    Existing files are kept and the next free "out (n)" is written instead, unless
    ``overwrite``; the output is checked to be writable before any analysis
    (``BatchProblem`` otherwise). ``options`` are those of ``run_batch``.
    """
    from pqassist.corpus.tables import open_writer

    pool = workers is None or workers > 1
    if pool:
        from pqassist.corpus.workers import start_early, stop_template

        start_early()  # the workers' template warms up while the output is opened
    try:
        writer = open_writer(out, overwrite=overwrite)
        try:
            with writer:
                summary = summarise(run_batch(sources, workers=workers, **options), writer.write_result)
        except OSError as exc:  # disk full, folder removed during the run ...
            raise BatchProblem(f"de uitvoer kon niet worden geschreven: {exc.strerror or exc}; "
                               "kies een andere map met -o") from None
    finally:
        if pool:
            stop_template()  # also when the run stopped before its workers started
    summary.files = [str(path) for path in writer.written]
    return summary


def batch_tables(sources, workers: int | None = None, **options):
    """Return ``BatchTables(documents, items, errors)``: the batch result as DataFrames.

    ``options`` are those of ``run_batch`` (``analyse_one``, ``terms``, ``progress``).
    """
    from pqassist.corpus.tables import collect

    return collect(run_batch(sources, workers=workers, **options))


def batch_frames(sources, workers: int | None = None, **options):
    """Return ``(documents_df, items_df)`` for ``sources``; skipped documents are logged.

    The same tables ``pqassist batch`` writes; use ``batch_tables`` for the errors too.
    """
    import logging

    tables = batch_tables(sources, workers=workers, **options)
    for row in tables.errors.itertuples():
        logging.getLogger("pqassist.corpus.batch").warning("overgeslagen: %s: %s", row.document, row.message)
    return tables.documents, tables.items
