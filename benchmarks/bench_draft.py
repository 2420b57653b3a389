"""Time drafting and exporting one dossier (draft + .docx + .md); must stay under 500 ms.

Uses the seed question of ../shared/corpus with its gold marks when the corpus is there
and ``load_dossier``/``analyse`` work, else a small built-in example. Prints the first
(cold: templates compiled, Word layout read) and the median of the following runs. Also
times what the review app does on every mark and item switch (draft + plain text for the
preview), which must stay under 50 ms, on the same dossier and, with the corpus, on a
Tweede Kamer question of two members (footnote markers to remove).

    .venv/bin/python benchmarks/bench_draft.py
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pqassist.drafting.compose import draft  # noqa: E402
from pqassist.drafting.export import export_docx, export_text  # noqa: E402
from pqassist.model import (  # noqa: E402
    Analysis, Ask, Dossier, Evidence, Item, Link, Mark, Meta, Passage, Review, Suggestion, Verdict,
)

LIMIT_MS = 500
PREVIEW_LIMIT_MS = 50
RUNS = 15
CORPUS = Path(os.environ.get("PQASSIST_CORPUS", ROOT.parent / "shared" / "corpus"))


def seed_case() -> tuple[str, Analysis, Review] | None:
    """Return the seed with its gold marks, or None when the corpus or the pipeline is missing."""
    seed = CORPUS / "seed" / "vp-262-2018-integratiepact.txt"
    if not seed.is_file():
        return None
    try:
        from pqassist.parse.load import load_dossier
        from pqassist.analysis.pipeline import analyse

        analysis = analyse(load_dossier(seed))
    except NotImplementedError:
        return None
    labels = json.loads((CORPUS / "labels" / "vp-262-2018.json").read_text(encoding="utf-8"))
    marks = tuple(Mark(i["id"], Verdict(i["verdict"]), Verdict(i["verdict"]).is_gap) for i in labels["items"])
    return "seed vp-262-2018 (gold marks)", analysis, Review(analysis.dossier.key, marks)


def example_case() -> tuple[str, Analysis, Review]:
    """Return a built-in example: 12 items, one of every verdict and a grouped referral."""
    verdicts = [v for v in Verdict] + [Verdict.REFERRAL, Verdict.REFERRAL, Verdict.PARTIAL]
    text, items, passages, links, suggestions = "Voorbeeldvraag\n\n", [], [], {}, {}
    for n, verdict in enumerate(verdicts, start=1):
        body = f"Hoeveel dossiers waren er in {2010 + n}? Waarom is dat aantal gestegen?"
        start = len(text)
        text += body + "\n\n"
        items.append(Item(str(n), f"{n}.", body, start, start + len(body), (Ask(body, start, start + len(body)),)))
    for n, verdict in enumerate(verdicts, start=1):
        body = f"Meer informatie over jaar {2010 + n} vindt u op de webstek van de administratie."
        start = len(text)
        text += body + "\n\n"
        passages.append(Passage(n - 1, f"{n}.", (str(n),), body, start, start + len(body)))
        links[str(n)] = (Link(str(n), n - 1, 1.0, "label"),)
        suggestions[str(n)] = Suggestion(str(n), verdict, 0.8, "voorbeeld", (Evidence("answer", "webstek"),),
                                         ("Waarom is dat aantal gestegen?",))  # fmt: skip
    meta = Meta(parliament="vlaams-parlement", number="99", asked_on=date(2024, 1, 15), questioner="An Voorbeeld",
                addressee="Jan Minister", title="Voorbeeldvraag")  # fmt: skip
    dossier = Dossier(meta, text, tuple(items), tuple(passages), (), 0)
    review = Review(dossier.key, (Mark("5", note="Een notitie met R&D & <tekens>."),))
    return "built-in example (12 items)", Analysis(dossier, links, (), suggestions), review


def run_once(analysis: Analysis, review: Review, folder: Path) -> float:
    """Return the milliseconds one draft + .docx export + .md text takes."""
    start = time.perf_counter()
    followup = draft(analysis, review)
    export_docx(followup, folder / "bench.docx")
    export_text(followup, "md")
    return (time.perf_counter() - start) * 1000


def preview_once(analysis: Analysis, review: Review | None) -> float:
    """Return the milliseconds the app's preview takes: draft + plain text."""
    start = time.perf_counter()
    export_text(draft(analysis, review), "txt")
    return (time.perf_counter() - start) * 1000


def joint_case() -> tuple[str, Analysis, None] | None:
    """Return a Tweede Kamer question of two members (no marks), or None without the corpus."""
    path = CORPUS / "tweede-kamer" / "txt" / "tk_ah-tk-20232024-1786.txt"
    if not path.is_file():
        return None
    from pqassist.analysis.pipeline import analyse
    from pqassist.parse.load import load_dossier

    return "Tweede Kamer 1786 (two members, footnotes)", analyse(load_dossier(path)), None


def main() -> int:
    """Run the benchmark, print the figures; return 1 when over a limit."""
    name, analysis, review = seed_case() or example_case()
    with tempfile.TemporaryDirectory() as tmp:
        cold = run_once(analysis, review, Path(tmp))
        warm = [run_once(analysis, review, Path(tmp)) for _ in range(RUNS)]
    median = statistics.median(warm)
    print(f"bench_draft: {name}: cold {cold:.0f} ms, warm median {median:.0f} ms, "
          f"max {max(warm):.0f} ms over {RUNS} runs (limit {LIMIT_MS} ms)")  # fmt: skip
    ok = max(cold, median) < LIMIT_MS
    for case in ((name, analysis, review), joint_case()):
        if case is None:
            continue
        label, case_analysis, case_review = case
        times = [preview_once(case_analysis, case_review) for _ in range(RUNS)]
        preview = statistics.median(times)
        print(f"bench_draft: preview on a mark or switch, {label}: median {preview:.1f} ms, "
              f"max {max(times):.1f} ms (limit {PREVIEW_LIMIT_MS} ms)")  # fmt: skip
        ok = ok and preview < PREVIEW_LIMIT_MS
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
