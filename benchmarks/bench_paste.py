"""Measure: a federal question and its answer pasted together into one box align as the
same row read from the open-data file (same items, each item's answer from the same passages).

    .venv/bin/python benchmarks/bench_paste.py [--corpus ../shared/corpus] [--limit N] [-v]

Pasting goes through the app's own ``load_pasted`` (read as a .txt file would be); the
reference is ``dossier_from_kamer_row``. Prints the share that agree and, with -v, the rows
that do not.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def shape(dossier) -> list[tuple[str, str]]:
    """Return each item's id with the squashed text of the answer aligned to it."""
    from pqassist.analysis.align import align
    from pqassist.model import Analysis

    links, references = align(dossier)
    analysis = Analysis(dossier=dossier, links=links, references=references)
    return [(item.id, " ".join(analysis.answer_for(item.id).split())) for item in dossier.items]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    source = Path(args.corpus) / "kamer" / "dekamer-2017.jsonl.gz"
    if not source.is_file():
        print(f"no corpus at {source}: nothing to measure", file=sys.stderr)
        return 1

    from pqassist.app.open_panel import load_pasted
    from pqassist.errors import PqassistError
    from pqassist.parse.load import dossier_from_kamer_row, iter_kamer_rows

    rows = [r for r in iter_kamer_rows(source) if (r.get("answer") or "").strip()]
    rows = rows[: args.limit] if args.limit else rows
    same, differ = 0, []
    for row in rows:
        expected = shape(dossier_from_kamer_row(row))
        try:
            pasted = shape(load_pasted(row["question"] + "\n\n" + row["answer"]))
        except PqassistError as exc:
            differ.append(f"{row['doc_id']}: refused ({exc})")
            continue
        if pasted == expected:
            same += 1
        else:
            differ.append(f"{row['doc_id']}: items {[i for i, _ in pasted]} vs {[i for i, _ in expected]}")
    print(f"pasted as one text, aligned as from the data file: {same} of {len(rows)} answered federal rows "
          f"({same / len(rows):.1%})")
    if args.verbose:
        print("\n".join(differ))
    return 0


if __name__ == "__main__":
    sys.exit(main())
