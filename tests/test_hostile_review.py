"""Hostile use of the review store: four processes saving one review at once lose nothing."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROCESSES = 4
CHANGES = 500
ITEMS = 25  # each process cycles through its own items, and all touch one shared item

WRITER = """
import sys
from pqassist.drafting.review import ReviewStore, with_mark
folder, me, changes, items = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
store = ReviewStore(folder, lock_seconds=120)
review = store.load("gedeeld")
for i in range(changes):
    review = with_mark(review, f"{me}-{i % items}", note=f"proces {me} wijziging {i}")
    if i % 50 == 0:  # everybody also changes one field of one shared item
        review = with_mark(review, "gedeeld", **{("verdict", "include", "note", "note")[me]:
                           ("partial", True, f"proces {me}", f"proces {me}")[me]})
    store.save(review)
    review = store.last.review  # what an editor shows after saving
"""


@pytest.mark.slow
def test_four_processes_times_500_changes_lose_nothing(tmp_path):
    start = time.monotonic()
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path), str(me), str(CHANGES), str(ITEMS)],
                         cwd=ROOT, stderr=subprocess.PIPE)
        for me in range(PROCESSES)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()
    elapsed = time.monotonic() - start
    data = json.loads((tmp_path / "gedeeld.review.json").read_text(encoding="utf-8"))
    marks = data["marks"]
    lost = []
    for me in range(PROCESSES):
        for item in range(ITEMS):
            last = max(i for i in range(CHANGES) if i % ITEMS == item)
            if marks.get(f"{me}-{item}", {}).get("note") != f"proces {me} wijziging {last}":
                lost.append(f"{me}-{item}")
    assert lost == [], f"verloren: {lost}"
    shared = marks["gedeeld"]
    assert shared["verdict"] == "partial" and shared["include"] is True
    assert shared["note"] in ("proces 2", "proces 3")
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert elapsed < 240, f"{PROCESSES} x {CHANGES} bewaringen duurden {elapsed:.0f} s"


MARKS_POISON = [
    ("diep", "[" * 100_000 + "]" * 100_000, "te diep genest"),
    ("getal", '{"schema_version": 1, "dossier_key": "k", "marks": {"1": {"note": ' + "7" * 5000 + "}}}",
     "te veel cijfers"),
    ("diep-object", '{"schema_version": 1, "dossier_key": "k", "marks": ' + '{"a":' * 100_000 + "}", "te diep genest"),
]


@pytest.mark.parametrize("name, content, words", MARKS_POISON, ids=[c[0] for c in MARKS_POISON])
def test_a_poisonous_marks_file_is_one_line_with_exit_2(tmp_path, name, content, words):
    from hostile_support import run_cli

    marks = tmp_path / "marks.json"
    marks.write_text(content, encoding="utf-8")
    example = ROOT / "pqassist" / "data" / "example-vlaams-parlement.txt"
    outcome = run_cli("draft", str(example), "--marks", str(marks), "-o", str(tmp_path / "uit.docx"), timeout=60)
    assert outcome.refused_in_one_line(), outcome
    assert words in outcome.lines[0]
    assert outcome.seconds < 15
    assert not (tmp_path / "uit.docx").exists()


@pytest.mark.parametrize("name, content, words", MARKS_POISON, ids=[c[0] for c in MARKS_POISON])
def test_a_poisonous_review_file_is_a_review_problem_for_the_store(tmp_path, name, content, words):
    from pqassist.drafting.review import ReviewStore, with_mark
    from pqassist.errors import ReviewProblem
    from pqassist.model import Review

    store = ReviewStore(tmp_path)
    store.path_for("k").write_text(content, encoding="utf-8")
    with pytest.raises(ReviewProblem, match=words):
        store.load("k")
    with pytest.raises(ReviewProblem, match=words):
        store.save(with_mark(Review("k"), "1", note="x"))
