"""Benchmark: ``pqassist analyse`` on the bundled example as a whole process.

    .venv/bin/python benchmarks/bench_cli.py [--runs 7]

Prints the median wall and CPU time of the whole process (start, import, read, analyse,
print) beside the floor measured in the same run: a Python process that only starts and
exits, and the load average. The issue's target is a median of <= 0.3 s. Exits 1 when the
median is above it. The runs use cached byte code as an installed package does (in a
folder outside the checkout) and a new, empty cache folder (``PQASSIST_CACHE``), as on a
machine that never ran pqassist: the first run, which builds the lemma table and the
compiled patterns, is timed and shown on its own; ``--user-cache`` uses the user's
folder instead (its learned lemmas included). ``--baseline DIR`` also runs the package in
DIR (e.g. ``git archive HEAD`` of an older commit, unpacked) on ``PYTHONPATH``, each of its
runs beside one of the current code's, and prints its figures too.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
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


def run(command: list[str], env: dict | None = None) -> tuple[float, float]:
    """Return (wall seconds, CPU seconds of the child) of one run of ``command``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env or ENV)
    wall = time.perf_counter() - wall
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr.strip()[-300:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--user-cache", action="store_true",
                        help="use the user's cache folder instead of a new, empty one")
    parser.add_argument("--baseline", type=Path, metavar="DIR",
                        help="also time the package in DIR (on PYTHONPATH), interleaved with the current one")
    args = parser.parse_args()
    # the console script, run by path from the scripts folder: PYTHONPATH comes before the install
    exe = Path(sys.executable).parent / "pqassist"
    command = [str(exe)] if exe.is_file() else [sys.executable, "-m", "pqassist.cli"]
    command += ["analyse", str(EXAMPLE)]
    fresh = None if args.user_cache else tempfile.mkdtemp(prefix="pqassist-bench-cache-")
    if fresh:
        ENV["PQASSIST_CACHE"] = fresh
    old_env = None
    if args.baseline:
        if not (args.baseline / "pqassist" / "cli.py").is_file():
            raise SystemExit(f"{args.baseline}: no pqassist/cli.py there")
        old_env = {**ENV, "PYTHONPATH": str(args.baseline.resolve())}
    try:
        run([sys.executable, "-c", "pass"])  # byte code of the interpreter's own start
        first = run(command)  # builds the lemma table and the compiled patterns when missing
        if old_env:
            run(command, old_env)  # its own caches (those whose layout differs) and byte code
        load = os.getloadavg()[0]
        floor, cli, json_runs, old_cli, old_json = [], [], [], [], []
        for _ in range(args.runs):  # interleaved: a burst of the neighbours' load hits all of them
            floor.append(run([sys.executable, "-c", "pass"]))
            if old_env:
                old_cli.append(run(command, old_env))
            cli.append(run(command))
            if old_env:
                old_json.append(run(command + ["--json"], old_env))
            json_runs.append(run(command + ["--json"]))
        load = (load + os.getloadavg()[0]) / 2
    finally:
        if fresh:
            shutil.rmtree(fresh, ignore_errors=True)
    f_wall, f_cpu = statistics.median(w for w, _ in floor), statistics.median(c for _, c in floor)
    print(f"floor: python -c pass           {f_wall:6.3f} s wall  {f_cpu:6.3f} s cpu (median of {args.runs})")
    ok = True
    rows = [("pqassist analyse EXAMPLE", cli), ("pqassist analyse EXAMPLE --json", json_runs)]
    if old_env:
        rows += [("baseline: analyse EXAMPLE", old_cli), ("baseline: analyse EXAMPLE --json", old_json)]
    for label, runs in rows:
        wall, cpu = statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)
        if not label.startswith("baseline"):
            ok &= wall <= TARGET
        print(f"{label:32} {wall:6.3f} s wall  {cpu:6.3f} s cpu  = {wall / f_wall:4.1f} x floor  (target <= {TARGET} s)")
    if old_env:
        print(f"baseline: {args.baseline}")
    if fresh:
        print(f"{'first run, empty cache folder':32} {first[0]:6.3f} s wall  {first[1]:6.3f} s cpu  (builds the caches once)")
    print(f"load average {load:.1f} on {os.cpu_count()} cores; cache folder: "
          f"{'a new one per benchmark' if fresh else os.environ.get('PQASSIST_CACHE', '~/.cache/pqassist')}; "
          f"byte code in {ENV['PYTHONPYCACHEPREFIX']}"
          + (" (PYTHONDONTWRITEBYTECODE is set here: dropped for the runs)" if "PYTHONDONTWRITEBYTECODE" in os.environ else ""))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
