"""Measure how many documents hold each word the phrase lists need, for the phrase engine's anchors.

    .venv/bin/python tools/measure_word_frequency.py [--corpus ../shared/corpus]

Counts, over the federal rows (question and answer), the Tweede Kamer texts and the Flemish
fragments, the share of documents holding each required word of every phrase line (for
"verwijs*": a word starting so), and writes them to ``pqassist/data/word-frequency-nl.txt``.
Only shares of common words are stored, no text. The phrase engine files each phrase under
its rarest group of words; the figures change only which phrases are tried, never a result.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "pqassist" / "data" / "word-frequency-nl.txt"


def corpus_texts(corpus: Path):
    """Yield the text of every corpus document."""
    from pqassist.parse.load import iter_kamer_rows

    for row in iter_kamer_rows(corpus / "kamer" / "dekamer-2017.jsonl.gz"):
        yield f"{row.get('question') or ''}\n{row.get('answer') or ''}"
    for path in sorted((corpus / "tweede-kamer" / "txt").glob("*.txt")):
        yield path.read_text(encoding="utf-8")
    fragments = corpus / "vlaams-parlement" / "fragments-2024.txt"
    if fragments.is_file():
        yield from fragments.read_text(encoding="utf-8").split("=== FRAGMENT ")[1:]


def main() -> int:
    from pqassist.analysis import phrases

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    args = parser.parse_args()
    wanted: set[str] = set()
    for name in phrases.LISTS:
        for found in phrases.load(name, "").values():
            for phrase in found:
                for group in phrase.requires:
                    wanted.update(group)
    exact = {w for w in wanted if not w.endswith("*")}
    prefixes = {w[:-1] for w in wanted if w.endswith("*")}
    sizes = sorted({len(p) for p in prefixes})
    counts = dict.fromkeys(sorted(wanted), 0)
    documents = 0
    for text in corpus_texts(args.corpus):
        documents += 1
        words = set(re.findall(r"\w+", text.lower()))
        for word in words & exact:
            counts[word] += 1
        starts = {w[:n] for w in words for n in sizes if len(w) >= n} & prefixes
        for start in starts:
            counts[start + "*"] += 1
    lines = [
        "# Share of documents holding each word the phrase lists need (word* : a word starting so).",
        f"# Measured by tools/measure_word_frequency.py over {documents} corpus documents; only",
        "# used to pick which word of a phrase to look for first (never changes a result).",
    ]
    lines += [f"{word}\t{count / documents:.4f}" for word, count in sorted(counts.items())]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(counts)} words over {documents} documents written to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
