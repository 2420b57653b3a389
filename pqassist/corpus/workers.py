"""Batch worker processes: one document at a time each, killed and replaced when a
document takes longer than the time limit or when the process dies.

``pool_results`` feeds jobs to ``workers`` spawned processes through pipes and yields
their results in input order. A worker says ready once the pipeline is imported, so
start-up never counts against a document's limit; the limit is enforced by the parent
(``multiprocessing.connection.wait`` with the nearest deadline), so even a long call
into C in the worker cannot outlast it.
"""

from __future__ import annotations

import multiprocessing
import time

from pqassist.corpus.batch import AnalyseOne, DocResult, error_row, process_job
from pqassist.corpus.sources import Job
from pqassist.errors import BatchProblem


class _Worker:
    """One worker process analysing one job at a time, fed through a pipe."""

    def __init__(self, context, step: AnalyseOne, terms: dict):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, step, terms), daemon=True)
        self.process.start()
        child.close()
        self.job: Job | None = None
        self.index = -1
        self.started = 0.0

    def give(self, index: int, job: Job) -> None:
        self.index, self.job, self.started = index, job, time.monotonic()
        self.conn.send(job)

    def stop(self, *, kill: bool = False) -> None:
        try:
            if kill:
                self.process.kill()
            else:
                self.conn.send(None)
        except (OSError, ValueError):
            pass
        self.process.join(0 if kill else 2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


_READY = "ready"


def _serve(conn, step: AnalyseOne, terms: dict) -> None:
    """Run in a worker process: say ready once the pipeline is imported (so that start-up
    never counts against a document's time limit), then analyse each job received until
    None arrives."""
    try:
        import pqassist.analysis.pipeline  # noqa: F401
        import pqassist.parse.load  # noqa: F401
    except Exception:  # pragma: no cover - the first job reports the problem
        pass
    conn.send(_READY)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        conn.send(process_job(job, step, terms))


def pool_results(jobs, step, terms, workers: int, waiting_per_worker: int, time_limit: float | None):
    """Yield results in input order from ``workers`` processes, one job each at a time;
    a job over ``time_limit`` or whose process dies becomes an error row, and its
    process is replaced. At most ``workers * waiting_per_worker`` results wait for an
    earlier one."""
    from multiprocessing.connection import wait

    from pqassist.analysis.timelimit import too_slow

    context = multiprocessing.get_context("spawn")  # no fork of a threaded parent
    pool = [_Worker(context, step, terms) for _ in range(workers)]
    starting = {worker.conn: worker for worker in pool}  # until they say ready
    idle: list[_Worker] = []
    busy: dict = {}  # conn -> worker
    done: dict[int, DocResult] = {}
    buffered_limit = max(workers, workers * waiting_per_worker)
    submitted = yielded = 0
    exhausted = False

    def replace_worker(worker: _Worker, result: DocResult) -> None:
        done[worker.index] = result
        del busy[worker.conn]
        worker.stop(kill=True)
        fresh = _Worker(context, step, terms)
        pool[pool.index(worker)] = fresh
        starting[fresh.conn] = fresh

    try:
        while True:
            while idle and not exhausted and (submitted - yielded) < buffered_limit:
                job = next(jobs, None)
                if job is None:
                    exhausted = True
                    break
                worker = idle.pop()
                worker.give(submitted, job)
                busy[worker.conn] = worker
                submitted += 1
            while yielded in done:
                yield done.pop(yielded)
                yielded += 1
            if exhausted and not busy and yielded == submitted:
                return
            if not busy and not starting:
                continue
            now = time.monotonic()
            wait_for = None
            if time_limit is not None and busy:
                wait_for = max(0.0, min(w.started + time_limit for w in busy.values()) - now)
            for conn in wait([*busy, *starting], timeout=wait_for):
                if conn in starting:
                    worker = starting.pop(conn)
                    try:
                        conn.recv()
                    except (EOFError, OSError):
                        raise BatchProblem(
                            "een werkproces van de batch kon niet starten (te weinig geheugen?); "
                            "probeer opnieuw met --workers 1"
                        ) from None
                    idle.append(worker)
                    continue
                worker = busy[conn]
                try:
                    result = conn.recv()
                except (EOFError, OSError):
                    job = worker.job
                    replace_worker(worker, DocResult(job.position, job.document, error_row=error_row(
                        job, "WorkerDied",
                        "het werkproces stopte onverwacht bij dit document (te weinig geheugen?)")))
                    continue
                done[worker.index] = result
                del busy[conn]
                idle.append(worker)
            if time_limit is not None:
                now = time.monotonic()
                for worker in [w for w in busy.values() if now - w.started >= time_limit]:
                    job = worker.job
                    message = str(too_slow("de analyse", time_limit))
                    replace_worker(worker, DocResult(job.position, job.document,
                                                     error_row=error_row(job, "TooSlow", message)))
    finally:
        for worker in pool:
            worker.stop(kill=worker.conn in busy)
