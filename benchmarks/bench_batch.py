"""Benchmark ``pqassist batch`` on the federal Chamber file: documents per second and memory.

Runs the batch (real pipeline, output streamed to Parquet) on one and on two processes,
each in a fresh Python process so that its peak memory is its own, and once more on half
the input to show that memory does not grow with the number of documents. Each run is
repeated (``--repeat``, default 3, interleaved); the table shows the median run of each
setting and the speed-up is given as the median of the rounds' ratios and as the ratio of
the fastest runs (as ``timeit`` counts: on a shared machine the slower runs measure the
neighbours), with the load average beside it. CPU seconds count every process of a run:
the main one, the workers and the template they are forked from (stopped at the end).

    .venv/bin/python benchmarks/bench_batch.py               # all 3,811 rows
    .venv/bin/python benchmarks/bench_batch.py --limit 1200 --repeat 1

Exits 1 when two processes are less than 1.8 times as fast as one (the fastest runs, on a
machine with at least two usable cores) or a worker's peak memory is above 150 MB.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("PQASSIST_CORPUS", ROOT.parent / "shared" / "corpus"))
DEFAULT_SOURCE = CORPUS / "kamer" / "dekamer-2017.jsonl.gz"
TARGET = 1.8
WORKER_MB = 150


def child(workers: int, source: str, out: str) -> None:
    """Run one batch in this process and print its figures as JSON."""
    from pqassist.corpus.batch import write_batch

    load = os.getloadavg()[0]
    started = time.perf_counter()
    figures: list[dict] = []
    summary = write_batch([source], out, workers=workers, progress=False, overwrite=True, worker_figures=figures)
    seconds = time.perf_counter() - started
    # the workers' template is stopped at the end of the run and has waited for the workers:
    # the finished children's figures hold all of them
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({
        "workers": workers,
        "documents": summary.documents,
        "errors": len(summary.errors),
        "items": summary.items,
        "seconds": seconds,
        "cpu_seconds": own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime,
        "worker_cpu_seconds": [round(f.get("cpu_seconds", 0), 2) for f in figures],
        "main_peak_mb": own.ru_maxrss / 1024,
        "worker_peak_mb": max([f.get("peak_mb", 0) for f in figures] + [children.ru_maxrss / 1024]),
        "load": (load + os.getloadavg()[0]) / 2,
    }))


def first_rows(source: Path, limit: int | None, folder: Path) -> tuple[Path, int]:
    """Return a JSON-lines file with the first ``limit`` rows of ``source`` and its row count."""
    opener = gzip.open if source.suffix == ".gz" else open
    target = folder / f"rows-{limit or 'all'}.jsonl"
    count = 0
    with opener(source, "rt", encoding="utf-8") as rows, open(target, "w", encoding="utf-8") as out:
        for line in rows:
            if limit is not None and count >= limit:
                break
            if line.strip():
                out.write(line)
                count += 1
    return target, count


def run(workers: int, source: Path, folder: Path) -> dict:
    """Return the figures of one batch run in a fresh Python process."""
    out = folder / f"bench-{workers}-{source.stem}.parquet"
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(workers), str(source), str(out)],
        check=True, capture_output=True, text=True, cwd=ROOT,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N rows")
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="a .jsonl(.gz) file")
    parser.add_argument("--repeat", type=int, default=3, help="runs per setting; the fastest counts")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(int(args.child[0]), args.child[1], args.child[2])
        return 0
    if not args.source.is_file():
        print(f"bench_batch: {args.source} is absent; set PQASSIST_CORPUS or --source", file=sys.stderr)
        return 0
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    with tempfile.TemporaryDirectory(prefix="pqassist-bench-") as tmp:
        folder = Path(tmp)
        full, count = first_rows(args.source, args.limit, folder)
        half, half_count = first_rows(args.source, max(1, count // 2), folder)
        settings = [(1, full), (2, full), (2, half)]
        rounds: list[list[dict]] = []
        for _ in range(max(1, args.repeat)):
            rounds.append([run(workers, source, folder) for workers, source in settings])

    def median_run(index: int) -> dict:
        ordered = sorted((r[index] for r in rounds), key=lambda figures: figures["seconds"])
        return ordered[(len(ordered) - 1) // 2]

    print(f"pqassist batch benchmark: {args.source.name}, first {count} rows, {cores} usable cores, "
          f"median of {len(rounds)}")
    print(f"{'processes':>9} {'documents':>9} {'skipped':>7} {'items':>7} {'seconds':>8} "
          f"{'docs/s':>7} {'CPU s':>7} {'peak main MB':>12} {'peak worker MB':>14} {'load':>5}")
    runs = [median_run(index) for index in range(len(settings))]
    for figures in runs:
        rate = figures["documents"] / figures["seconds"] if figures["seconds"] else float("nan")
        print(f"{figures['workers']:>9} {figures['documents']:>9} {figures['errors']:>7} "
              f"{figures['items']:>7} {figures['seconds']:>8.1f} {rate:>7.1f} {figures['cpu_seconds']:>7.1f} "
              f"{figures['main_peak_mb']:>12.0f} {figures['worker_peak_mb']:>14.0f} {figures['load']:>5.1f}")
    one, two, small = runs
    ratios = [r[0]["seconds"] / r[1]["seconds"] for r in rounds]
    fastest = min(r[0]["seconds"] for r in rounds) / min(r[1]["seconds"] for r in rounds)
    cpu_ratio = statistics.median(r[0]["cpu_seconds"] / r[1]["cpu_seconds"] for r in rounds)
    print(f"speed-up with 2 processes: {statistics.median(ratios):.2f}x median of the rounds "
          f"({', '.join(f'{x:.2f}' for x in ratios)}), {fastest:.2f}x fastest runs (target at least {TARGET}x); "
          f"load average {statistics.median(r[1]['load'] for r in rounds):.1f} during the 2-process runs")
    print(f"CPU time of 2 processes / 1 process: {1 / cpu_ratio:.2f} (the speed-up two idle cores allow "
          f"when both stay busy: {2 * cpu_ratio:.2f}x)")
    worker_peak = max(r[1]["worker_peak_mb"] for r in rounds)
    print(f"peak memory of the main process: {small['main_peak_mb']:.0f} MB for {half_count} rows, "
          f"{two['main_peak_mb']:.0f} MB for {count} rows (2 processes); of a worker: {worker_peak:.0f} MB "
          f"(target at most {WORKER_MB} MB)")
    if cores >= 2 and (fastest < TARGET or worker_peak > WORKER_MB):
        sys.stdout.flush()
        print("bench_batch: below target", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
