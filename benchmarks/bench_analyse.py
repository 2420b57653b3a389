"""Benchmark: parse all federal rows, then analyse (parse, align, suggest) the answered ones.

    .venv/bin/python benchmarks/bench_analyse.py [--corpus ../shared/corpus] [--limit N]

Runs on one core in this process and prints documents per second, by wall clock and by CPU
time (CPU time is what to compare when other work shares the machine).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(label: str, rows: list[dict], work) -> None:
    wall, cpu = time.perf_counter(), time.process_time()
    for row in rows:
        work(row)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"{label:38} {len(rows):5} docs  {wall:6.1f} s wall  {len(rows) / wall:7.0f} docs/s wall  {len(rows) / cpu:7.0f} docs/s cpu")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    source = Path(args.corpus) / "kamer" / "dekamer-2017.jsonl.gz"
    if not source.is_file():
        print(f"no corpus at {source}: nothing to measure", file=sys.stderr)
        return 1

    code = "import time; t = time.perf_counter(); import pqassist, pqassist.cli; print(time.perf_counter() - t)"
    starts = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout) for _ in range(5)]
    print(f"{'import pqassist (best of 5)':38} {min(starts) * 1000:.0f} ms")

    from pqassist.parse.load import dossier_from_kamer_row, iter_kamer_rows
    from pqassist.analysis.pipeline import analyse

    rows = list(iter_kamer_rows(source))
    if args.limit:
        rows = rows[: args.limit]
    answered = [r for r in rows if (r.get("answer") or "").strip()]
    analyse(dossier_from_kamer_row(answered[0]))  # load simplemma's Dutch data once
    timed("parse all federal rows", rows, dossier_from_kamer_row)
    timed("analyse answered federal rows", answered, lambda row: analyse(dossier_from_kamer_row(row)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
