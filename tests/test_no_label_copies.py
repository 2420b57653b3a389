"""Phrase lists and modules hold general wording, not the labelled documents' sentences.

Fails if a phrase file, template or module contains a run of four or more words copied from
a gold label's ``starts`` or ``answer_starts`` (the documents' own Dutch words), or a phrase
file or template one from a label's ``why``. Judged honestly:
- regular expressions are read as text: an escape such as ``\\s+`` or ``\\b`` separates words
  and is no word itself (``\\s+`` is not the word "s");
- a run that occurs in two or more documents of the corpus is wording of the house style
  ("antwoord op deze vraag", "kan de minister de"), not a memory of the one labelled document;
- the labels' ``why`` lines are English notes; four English words shared with an English code
  comment ("the size of the") copy no rule, so ``why`` is held against the Dutch data files only.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import ROOT
from corpus_documents import corpus_documents

RUN = 4
COMMON = 2  # documents of the corpus a run must occur in to be more than one document's words
REGEX_ESCAPE = re.compile(r"\\[A-Za-z]")


def _words(text: str) -> list[str]:
    return re.findall(r"[\wÀ-ÿ'’-]+", text.lower())


def _runs(text: str) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i : i + RUN]) for i in range(len(words) - RUN + 1)}


def _source_runs(path: Path) -> set[tuple[str, ...]]:
    """Return the runs of a project file, regex escapes read as word breaks."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".py":
        text = REGEX_ESCAPE.sub(" ", text)
    return _runs(text)


def _project_files() -> list[Path]:
    files = sorted((ROOT / "pqassist").rglob("*.py")) + _data_files()
    return [f for f in files if "example-" not in f.name]


def _data_files() -> list[Path]:
    files = sorted((ROOT / "pqassist" / "data").rglob("*.txt")) + sorted((ROOT / "templates").rglob("*.j2"))
    return [f for f in files if "example-" not in f.name and "frequency" not in f.name]


def test_regex_escapes_are_word_breaks(tmp_path):
    source = tmp_path / "rule.py"
    source.write_text('PATTERN = r"niet\\s+bekend\\s+bij\\s+de\\s+diensten"\n', encoding="utf-8")
    assert ("niet", "bekend", "bij", "de") in _source_runs(source)
    assert not any("s" in run for run in _source_runs(source))


@pytest.mark.corpus
def test_no_phrase_or_module_copies_label_wording(corpus):
    own: dict[tuple[str, ...], str] = {}  # the documents' own words
    notes: dict[tuple[str, ...], str] = {}  # the labellers' English notes
    for path in sorted((corpus / "labels").glob("*.json")):
        label = json.loads(path.read_text(encoding="utf-8"))
        for item in label["items"]:
            for field in ("starts", "answer_starts"):
                for run in _runs(item.get(field) or ""):
                    own.setdefault(run, f"{path.name} {item['id']} {field}")
            for run in _runs(item.get("why") or ""):
                notes.setdefault(run, f"{path.name} {item['id']} why")
    data = set(_data_files())
    suspects: list[tuple[Path, tuple[str, ...], str]] = []
    for file in _project_files():
        runs = _source_runs(file)
        suspects += [(file, run, own[run]) for run in runs & own.keys()]
        if file in data:
            suspects += [(file, run, notes[run]) for run in runs & notes.keys()]
    if not suspects:
        return
    documents = [" ".join(_words(text)) for _, text in corpus_documents(corpus)]
    copied = []
    for file, run, where in suspects:
        phrase = " " + " ".join(run) + " "
        if sum(phrase in f" {doc} " for doc in documents) >= COMMON:
            continue  # common wording of the house style
        copied.append(f"{file.relative_to(ROOT)}: {' '.join(run)!r} (from {where})")
    assert not copied, "wording copied from the labels:\n" + "\n".join(sorted(copied))
