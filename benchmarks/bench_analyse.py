"""Benchmark: parse all federal rows, then analyse (parse, align, suggest) the answered ones.

    .venv/bin/python benchmarks/bench_analyse.py [--corpus ../shared/corpus] [--limit N] [--profile] [--stages]

Runs on one core in this process and prints documents per second by CPU time (what to compare
when other work shares the machine) and by wall clock. Every figure stands beside the floor
measured in the same run: reading the rows (gzip + JSON) plus one regular-expression pass
over their text, the least any analysis must do. The issue's target is full analysis at
>= 0.12 x the floor. ``--stages`` adds where a document's time goes: parsing, alignment,
the features the verdict model reads, the suggestions, and what building the answer models
(part of the features) costs per answer text.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TARGET = 0.12
_FLOOR_PATTERN = re.compile(r"[A-Za-zÀ-ÿ]+|\d+")


def read_rows(source: Path) -> list[dict]:
    """Return the JSON rows of a (gzipped) JSON-lines file."""
    with gzip.open(source, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def floor_rate(source: Path, repeat: int = 3) -> float:
    """Return the floor in documents per CPU second: read all rows, one regex pass over each.

    The best of ``repeat`` runs counts (as ``timeit`` does: slower runs measure neighbours).
    """
    best = 0.0
    for _ in range(repeat):
        cpu = time.process_time()
        found = read_rows(source)
        for row in found:
            _FLOOR_PATTERN.findall(f"{row.get('question') or ''}\n\n{row.get('answer') or ''}")
        seconds = max(time.process_time() - cpu, 1e-9)
        best = max(best, len(found) / seconds)
    return best


def timed(label: str, rows: list[dict], work, floor: float) -> float:
    """Run ``work`` on every row; print and return documents per CPU second."""
    wall, cpu = time.perf_counter(), time.process_time()
    for row in rows:
        work(row)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    rate = len(rows) / cpu
    print(
        f"{label:32} {len(rows):5} docs  {rate:7.0f} docs/s cpu  {len(rows) / wall:7.0f} docs/s wall"
        f"  = {rate / floor:5.3f} x floor"
    )
    return rate


def stage_times(rows: list[dict]) -> None:
    """Print CPU milliseconds per document for each stage of the analysis of ``rows``, then the
    CPU microseconds of building one answer model (``AnswerModel``) per distinct answer text."""
    from pqassist.analysis.align import align
    from pqassist.analysis.answer_model import AnswerModel
    from pqassist.analysis.features import features_all
    from pqassist.analysis.suggest import suggestion_from
    from pqassist.analysis.verdict_model import active_model
    from pqassist.model import Analysis
    from pqassist.parse.load import dossier_from_kamer_row

    model = active_model()
    spent = dict.fromkeys(("parse", "align", "features", "suggest"), 0.0)
    texts: dict[str, None] = {}
    for row in rows:
        start = time.process_time()
        dossier = dossier_from_kamer_row(row)
        parsed = time.process_time()
        links, references = align(dossier)
        aligned = time.process_time()
        analysis = Analysis(dossier=dossier, links=links, references=references)
        found = features_all(analysis)
        measured = time.process_time()
        for features in found.values():
            suggestion_from(features, model, dossier.has_answer)
        done = time.process_time()
        for name, seconds in zip(spent, (parsed - start, aligned - parsed, measured - aligned, done - measured)):
            spent[name] += seconds
        texts.update(dict.fromkeys(t for t in (analysis.answer_for(item.id) for item in dossier.items) if t.strip()))
    shown = ", ".join(f"{name} {seconds / len(rows) * 1000:.3f}" for name, seconds in spent.items())
    print(f"{'stages, ms a document':32} {shown} (total {sum(spent.values()) / len(rows) * 1000:.3f})")
    start = time.process_time()
    for text in texts:
        AnswerModel(text)
    seconds = time.process_time() - start
    size = sum(map(len, texts)) / max(1, len(texts))
    print(f"{'answer models (in features)':32} {len(texts)} texts of {size:.0f} characters on average: "
          f"{seconds / max(1, len(texts)) * 1e6:.0f} us a text, {seconds / len(rows) * 1000:.3f} ms a document")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--profile", action="store_true", help="print the top functions of the analysis (cProfile)")
    parser.add_argument("--stages", action="store_true", help="print the time per stage and per answer model")
    args = parser.parse_args()
    source = Path(args.corpus) / "kamer" / "dekamer-2017.jsonl.gz"
    if not source.is_file():
        print(f"no corpus at {source}: nothing to measure", file=sys.stderr)
        return 1

    code = "import time; t = time.perf_counter(); import pqassist, pqassist.cli; print(time.perf_counter() - t)"
    starts = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout) for _ in range(3)]
    print(f"{'import pqassist (best of 3)':32} {min(starts) * 1000:.0f} ms")

    from pqassist.analysis.pipeline import analyse
    from pqassist.parse.load import dossier_from_kamer_row

    rows = read_rows(source)
    if args.limit:
        rows = rows[: args.limit]
    answered = [r for r in rows if (r.get("answer") or "").strip()]
    analyse(dossier_from_kamer_row(answered[0]))  # load the Dutch lemma table once
    floor = floor_rate(source)
    print(f"{'floor: read rows + one regex pass':32} {'all':>5} docs  {floor:7.0f} docs/s cpu")
    timed("parse all federal rows", rows, dossier_from_kamer_row, floor)
    from pqassist.analysis.align import align

    timed("parse + align answered rows", answered, lambda row: align(dossier_from_kamer_row(row)), floor)
    if args.profile:
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.enable()
    rate = timed("analyse answered rows", answered, lambda row: analyse(dossier_from_kamer_row(row)), floor)
    if args.profile:
        profile.disable()
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)
    print(f"full analysis: {rate / floor:.3f} x floor (target >= {TARGET})")
    if args.stages:
        stage_times(answered)
    return 0


if __name__ == "__main__":
    sys.exit(main())
