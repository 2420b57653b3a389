"""The whole corpus as plain texts, one per document, for tests that count where wording occurs.

Federal rows (question and answer), Tweede Kamer texts, Flemish fragments and the seed:
about 3,900 documents. Read once per test session.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice
from pathlib import Path


@lru_cache(maxsize=2)
def corpus_documents(corpus: Path) -> tuple[tuple[str, str], ...]:
    """Return (name, text) for every document of the corpus folder."""
    from pqassist.parse.load import iter_kamer_rows

    out = []
    for row in iter_kamer_rows(corpus / "kamer" / "dekamer-2017.jsonl.gz"):
        out.append((f"kamer#{row.get('doc_id')}", f"{row.get('question') or ''}\n\n{row.get('answer') or ''}"))
    for path in sorted((corpus / "tweede-kamer" / "txt").glob("*.txt")):
        out.append((path.name, path.read_text(encoding="utf-8")))
    fragments = (corpus / "vlaams-parlement" / "fragments-2024.txt").read_text(encoding="utf-8")
    for number, text in enumerate(re.split(r"^=== FRAGMENT \d+ .*===$", fragments, flags=re.M)[1:], 1):
        out.append((f"fragment {number}", text))
    for path in sorted((corpus / "seed").glob("*.txt")):
        out.append((path.name, path.read_text(encoding="utf-8")))
    return tuple(out)


def federal_rows(corpus: Path, count: int) -> list[dict]:
    """Return the first ``count`` rows (question, answer ...) of the federal corpus file."""
    from pqassist.parse.load import iter_kamer_rows

    return list(islice(iter_kamer_rows(corpus / "kamer" / "dekamer-2017.jsonl.gz"), count))


def federal_texts(corpus: Path, count: int) -> list[str]:
    """Return the question and the answer of each of the first ``count`` federal rows (empty ones kept)."""
    return [text for row in federal_rows(corpus, count) for text in (row.get("question") or "", row.get("answer") or "")]
