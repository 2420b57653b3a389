"""Batch worker processes: each analyses one document at a time and holds the next one
ready; a worker is killed and replaced when a document takes longer than the time limit
or when the process dies.

``pool_results`` feeds jobs to ``workers`` processes through pipes and yields their
results in input order. Workers are forked from a warm template (a ``forkserver`` that
imported the pipeline and analysed the bundled example once, then froze its objects for
the garbage collector: ``preload``), so a worker starts in milliseconds and shares those
pages; where there is no forkserver (Windows) they are spawned. The parent gives each
worker up to ``DEPTH`` jobs, so that a worker goes on with its next document while the
parent takes in its last result; a reader thread in the worker empties the pipe at once,
so that neither side ever waits on a full pipe. A worker says ready once the pipeline is
imported, so start-up never counts against a document's limit; the limit is enforced by
the parent (``multiprocessing.connection.wait`` with the nearest deadline, counted from
when the worker's previous document came back), so even a long call into C in the worker
cannot outlast it. Jobs a replaced worker had not started go to the next free worker.
Each run starts its own template and stops it at the end, so that a later run in the same
process sees the settings, phrase lists and model of its own time.
"""

from __future__ import annotations

import multiprocessing
import time
from collections import deque

from pqassist.corpus.batch import AnalyseOne, DocResult, error_row, process_job
from pqassist.corpus.sources import Job
from pqassist.errors import BatchProblem

DEPTH = 2  # jobs given to one worker at a time: the one it analyses and the next
PRELOAD = "pqassist.corpus.preload"


def start_context():
    """Return the multiprocessing context for workers: a warm forkserver where there is one
    (no fork of a threaded parent: the server is a fresh process), else spawn."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([PRELOAD])
        return context
    return multiprocessing.get_context("spawn")  # pragma: no cover - Windows


def start_early() -> None:
    """Start the template workers are forked from now, so that it warms up while the
    caller goes on (opening the output, importing the table writer)."""
    try:
        if start_context().get_start_method() == "forkserver":
            from multiprocessing import forkserver

            forkserver.ensure_running()
    except OSError:  # pragma: no cover - starting the first worker reports the problem
        pass


def stop_template() -> None:
    """Stop the template (the forkserver), so that the next run forks from a fresh one: a
    template holds the environment, phrase lists and verdict model of when it started.
    Call it once the run's workers have stopped (it waits for them)."""
    if "forkserver" not in multiprocessing.get_all_start_methods():  # pragma: no cover - Windows
        return
    from multiprocessing import forkserver

    stop = getattr(forkserver._forkserver, "_stop", None)  # private, but there since Python 3.4
    if stop is not None:
        try:
            stop()
        except (OSError, ChildProcessError):  # pragma: no cover - already gone
            pass


class _Worker:
    """One worker process and the jobs given to it (the first is the one it analyses)."""

    def __init__(self, context, step: AnalyseOne, terms: dict):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, step, terms), daemon=True)
        self.process.start()
        child.close()
        self.jobs: deque[tuple[int, Job]] = deque()
        self.started = 0.0  # when the first of ``jobs`` started
        self.figures: dict | None = None  # peak memory and CPU time, sent when it stops

    def give(self, index: int, job: Job) -> bool:
        """Send ``job`` to the process; return False when it has died (the job is not taken)."""
        try:
            self.conn.send(job)
        except (OSError, ValueError):  # a broken pipe: the process is gone
            return False
        if not self.jobs:
            self.started = time.monotonic()
        self.jobs.append((index, job))
        return True

    def finished(self) -> int:
        """Return the index of the job that came back; the next one starts now."""
        index, _ = self.jobs.popleft()
        self.started = time.monotonic()
        return index

    def stop(self, *, kill: bool = False) -> None:
        try:
            if kill:
                self.process.kill()
            else:
                self.conn.send(None)
                if self.conn.poll(2):
                    figures = self.conn.recv()
                    if isinstance(figures, dict):
                        self.figures = figures
        except (OSError, ValueError, EOFError):
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
    None arrives; answer None with this process's peak memory and CPU time."""
    import os
    import queue
    import threading

    try:
        import pqassist.analysis.pipeline  # noqa: F401 - already there in a forked worker
        import pqassist.parse.load  # noqa: F401
    except Exception:  # pragma: no cover - the first job reports the problem
        pass
    conn.send(_READY)
    jobs: queue.SimpleQueue = queue.SimpleQueue()

    def read() -> None:  # empties the pipe at once: the parent never waits to give a job
        while True:
            try:
                job = conn.recv()
            except (EOFError, OSError):
                job = None
            except Exception:  # a job that cannot be read: the parent sees the process die
                os._exit(3)
            jobs.put(job)
            if job is None:
                return

    threading.Thread(target=read, name="pqassist-jobs", daemon=True).start()
    while True:
        job = jobs.get()
        if job is None:
            break
        conn.send(process_job(job, step, terms))
    try:
        conn.send(_figures())
    except (OSError, ValueError):
        pass


def _figures() -> dict:
    """Return this process's peak resident memory (MB) and CPU seconds."""
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return {}
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {"peak_mb": usage.ru_maxrss / 1024, "cpu_seconds": usage.ru_utime + usage.ru_stime}


def pool_results(jobs, step, terms, workers: int, waiting_per_worker: int, time_limit: float | None,
                 figures: list | None = None):
    """Yield results in input order from ``workers`` processes; a job over ``time_limit``
    or whose process dies becomes an error row, and its process is replaced. At most
    ``workers * waiting_per_worker`` results wait for an earlier one. ``figures``, when
    given, receives each worker's peak memory and CPU time as it stops."""
    from multiprocessing.connection import wait

    from pqassist.analysis.timelimit import too_slow

    context = start_context()
    pool = [_Worker(context, step, terms) for _ in range(workers)]
    starting = {worker.conn: worker for worker in pool}  # until they say ready
    ready: list[_Worker] = []
    busy: dict = {}  # conn -> worker with jobs
    done: dict[int, DocResult] = {}
    retry: deque[tuple[int, Job]] = deque()  # jobs of a replaced worker it had not started
    buffered_limit = max(workers, workers * waiting_per_worker)
    submitted = yielded = 0
    exhausted = False

    def next_job() -> tuple[int, Job] | None:
        nonlocal submitted, exhausted
        if retry:
            return retry.popleft()
        if exhausted or (submitted - yielded) >= buffered_limit:
            return None
        job = next(jobs, None)
        if job is None:
            exhausted = True
            return None
        submitted += 1
        return submitted - 1, job

    def replace_worker(worker: _Worker, result: DocResult | None) -> None:
        """Start a fresh process in ``worker``'s place; ``result`` is what its current job
        came to (None: it had none, every job it held goes to the next free worker)."""
        held = list(worker.jobs)
        if result is not None:
            done[held.pop(0)[0]] = result
        retry.extendleft(reversed(held))
        busy.pop(worker.conn, None)
        ready.remove(worker)
        worker.stop(kill=True)
        fresh = _Worker(context, step, terms)
        pool[pool.index(worker)] = fresh
        starting[fresh.conn] = fresh

    try:
        while True:
            gone: list[_Worker] = []  # died before taking a job
            for depth in range(1, DEPTH + 1):  # first one job to every free worker, then the next
                for worker in ready:
                    if len(worker.jobs) < depth and worker not in gone:
                        given = next_job()
                        if given is None:
                            break
                        if not worker.give(*given):
                            retry.appendleft(given)
                            gone.append(worker)
                            continue
                        busy[worker.conn] = worker
            for worker in gone:
                if not worker.jobs:  # with a job in progress its end is read below, as any death
                    replace_worker(worker, None)
            while yielded in done:
                yield done.pop(yielded)
                yielded += 1
            if exhausted and not retry and not busy and yielded == submitted:
                return
            if not busy and not starting:
                continue
            wait_for = None
            if time_limit is not None and busy:
                wait_for = max(0.0, min(w.started + time_limit for w in busy.values()) - time.monotonic())
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
                    ready.append(worker)
                    continue
                worker = busy[conn]
                try:
                    result = conn.recv()
                except (EOFError, OSError):
                    job = worker.jobs[0][1]
                    replace_worker(worker, DocResult(job.position, job.document, error_row=error_row(
                        job, "WorkerDied",
                        "het werkproces stopte onverwacht bij dit document (te weinig geheugen?)")))
                    continue
                done[worker.finished()] = result
                if not worker.jobs:
                    del busy[conn]
            if time_limit is not None:
                now = time.monotonic()
                for worker in [w for w in busy.values() if now - w.started >= time_limit]:
                    job = worker.jobs[0][1]
                    message = str(too_slow("de analyse", time_limit))
                    replace_worker(worker, DocResult(job.position, job.document,
                                                     error_row=error_row(job, "TooSlow", message)))
    finally:
        for worker in pool:
            worker.stop(kill=worker.conn in busy or worker.conn in starting)
            if figures is not None and worker.figures:
                figures.append(worker.figures)
        stop_template()
