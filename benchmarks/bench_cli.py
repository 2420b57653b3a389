"""Benchmark: ``pqassist analyse`` on the bundled example as a whole process.

    .venv/bin/python benchmarks/bench_cli.py [--runs 7]

Prints the median wall and CPU time of the whole process (start, import, read, analyse,
print) beside the floor measured in the same run: a Python process that only starts and
exits. The issue's target is a median of <= 0.3 s. Exits 1 when the median is above it.
The runs use cached byte code as an installed package does (in a folder outside the
checkout), and a first run fills the lemma cache.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "pqassist" / "data" / "example-vlaams-parlement.txt"
TARGET = 0.3


# As installed: byte code cached. This machine may set PYTHONDONTWRITEBYTECODE (then every
# start compiles every module again); the byte code goes to a folder outside the checkout.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV["PYTHONPYCACHEPREFIX"] = os.path.join(tempfile.gettempdir(), "pqassist-bench-pycache")


def run(command: list[str]) -> tuple[float, float]:
    """Return (wall seconds, CPU seconds of the child) of one run of ``command``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=ENV)
    wall = time.perf_counter() - wall
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr.strip()[-300:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    exe = Path(sys.executable).parent / "pqassist"
    command = [str(exe)] if exe.is_file() else [sys.executable, "-m", "pqassist.cli"]
    command += ["analyse", str(EXAMPLE)]
    run(command)  # a first run builds the lemma cache when it is missing
    floor = [run([sys.executable, "-c", "pass"]) for _ in range(args.runs)]
    cli = [run(command) for _ in range(args.runs)]
    json_runs = [run(command + ["--json"]) for _ in range(args.runs)]
    f_wall, f_cpu = statistics.median(w for w, _ in floor), statistics.median(c for _, c in floor)
    print(f"floor: python -c pass          {f_wall:6.3f} s wall  {f_cpu:6.3f} s cpu (median of {args.runs})")
    ok = True
    for label, runs in (("pqassist analyse EXAMPLE", cli), ("pqassist analyse EXAMPLE --json", json_runs)):
        wall, cpu = statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)
        ok &= wall <= TARGET
        print(f"{label:31} {wall:6.3f} s wall  {cpu:6.3f} s cpu  = {wall / f_wall:4.1f} x floor  (target <= {TARGET} s)")
    print(f"cache folder: {os.environ.get('PQASSIST_CACHE', '~/.cache/pqassist')}; byte code in {ENV['PYTHONPYCACHEPREFIX']}"
          + (" (PYTHONDONTWRITEBYTECODE is set here: dropped for the runs)" if "PYTHONDONTWRITEBYTECODE" in os.environ else ""))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
