"""Benchmark: does the cost of analysis grow linearly with the size of a document?

    .venv/bin/python benchmarks/bench_linear.py [--stage parse|align|full] [--max-times 256]

Takes one answered federal row (``--row`` picks another), repeats its question and its answer
1, 2, 4 ... 256 times, and measures the CPU seconds per character at each size. Linear cost
keeps that figure flat; the issue's target is every size within 2x of the smallest. Each size
is also set beside the floor of the same run: one regex pass over the same text. A size whose
run takes longer than ``--max-seconds`` ends the series (and counts as a failure).
Also: a question with 20,000 numbered sub-questions (numbering past 99) and its answer.
Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
TARGET = 2.0
_FLOOR_PATTERN = re.compile(r"[A-Za-zÀ-ÿ]+|\d+")


def stage_function(stage: str):
    """Return a function (question, answer) -> result for ``stage``."""
    from pqassist.analysis.align import align
    from pqassist.analysis.pipeline import analyse
    from pqassist.model import Meta
    from pqassist.parse.load import dossier_from_text

    hints = Meta(parliament="kamer")

    def parse(question, answer):
        return dossier_from_text(question, answer=answer, hints=hints)

    if stage == "parse":
        return parse
    def aligned(question, answer):
        dossier = parse(question, answer)
        align(dossier)
        return dossier

    if stage == "align":
        return aligned
    return lambda q, a: analyse(parse(q, a)).dossier


def cpu_per_char(work, question: str, answer: str, min_seconds: float = 0.3) -> tuple[float, float]:
    """Return (CPU seconds per character, CPU seconds of one run), repeating short runs.

    Each run's answer ends in one more space, so that no cache keyed by the text serves it.
    """
    runs, cpu = 0, time.process_time()
    while True:
        work(question, answer + " " * runs)
        runs += 1
        spent = time.process_time() - cpu
        if spent >= min_seconds:
            break
    return spent / runs / (len(question) + len(answer)), spent / runs


def pick_row(rows: list[dict], wanted: str | None) -> dict:
    """Return the row named ``wanted`` or the first answered row of 2,000-4,000 characters."""
    for row in rows:
        if wanted and str(row.get("doc_id", "")).endswith(wanted):
            return row
        if not wanted and (row.get("answer") or "").strip() and 2000 <= len(row.get("question", "")) + len(row["answer"]) <= 4000:
            return row
    raise SystemExit(f"no row {wanted!r}")


def numbered(count: int) -> tuple[str, str]:
    """Return a question with ``count`` numbered sub-questions and an answer numbered alike."""
    question = "Titel van de vraag.\n\n" + "\n".join(
        f"{n}. Hoeveel aanvragen voor dossier {n} werden ingediend in de provincie?" for n in range(1, count + 1)
    )
    answer = "\n".join(f"{n}. Er werden {n * 3} aanvragen ingediend voor dit dossier." for n in range(1, count + 1))
    return question, answer


def main() -> int:
    from bench_analyse import read_rows

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    parser.add_argument("--stage", choices=("parse", "align", "full"), default="full")
    parser.add_argument("--row", help="the end of a row's doc_id")
    parser.add_argument("--max-times", type=int, default=256)
    parser.add_argument("--max-seconds", type=float, default=60.0)
    parser.add_argument("--items", type=int, default=20_000, help="numbered sub-questions (0: skip)")
    args = parser.parse_args()
    source = Path(args.corpus) / "kamer" / "dekamer-2017.jsonl.gz"
    if not source.is_file():
        print(f"no corpus at {source}: nothing to measure", file=sys.stderr)
        return 1
    row = pick_row(read_rows(source), args.row)
    work = stage_function(args.stage)
    question, answer = row["question"], row["answer"]
    work(question, answer)  # load the lemma table and phrase lists
    print(f"stage {args.stage}, row {row.get('doc_id')}, {len(question) + len(answer)} characters at 1x")
    ok = True
    base = None
    times = 1
    while times <= args.max_times:
        q, a = "\n\n".join([question] * times), "\n\n".join([answer] * times)
        floor_cpu = time.process_time()
        _FLOOR_PATTERN.findall(q + "\n\n" + a)
        floor = max(time.process_time() - floor_cpu, 1e-6)
        per_char, one = cpu_per_char(work, q, a)
        base = base or per_char
        ratio = per_char / base
        ok &= ratio <= TARGET
        print(
            f"{times:4}x {len(q) + len(a):9} chars  {one:8.3f} s cpu  {per_char * 1e6:7.2f} us/char"
            f"  {ratio:5.2f} x the 1x cost per char  (floor {floor:6.3f} s, {one / floor:6.0f} x floor)"
        )
        if one > args.max_seconds:
            print(f"stopped: one run took more than {args.max_seconds} s")
            ok = False
            break
        times *= 2
    if args.items:
        q, a = numbered(args.items)
        cpu = time.process_time()
        result = work(q, a)
        spent = time.process_time() - cpu
        count = len(result.items)
        print(f"{args.items} numbered sub-questions: {spent:.2f} s cpu, {count} items found")
        ok &= spent <= 15 and count == args.items
    print("linear within target" if ok else "target missed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
