"""Every phrase line is general wording: it matches at least three documents of the corpus,
or the comment right above it marks it as a deliberate general construction and says why
(syntax in pqassist/data/phrases/README.txt)."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from corpus_documents import corpus_documents
from pqassist.analysis.phrase_lists import compile_phrase

pytestmark = [pytest.mark.corpus, pytest.mark.slow]
LEAST = 3
MARK = re.compile(r"^#\s*general:\s*(\S.{9,})$")


def phrase_lines() -> list[tuple[str, int, str, bool]]:
    """Return (file, line number, phrase, marked general) for every phrase line."""
    folder = resources.files("pqassist.data").joinpath("phrases")
    out = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".txt") or entry.name == "README.txt":
            continue
        previous = ""
        for number, raw in enumerate(entry.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.strip()
            if line and not line.startswith("#") and not re.fullmatch(r"\[[a-z_]+\]", line):
                phrase = re.sub(r"^\d(?:\.\d+)?\s*\|\s*", "", line)
                out.append((entry.name, number, phrase, bool(MARK.match(previous))))
            previous = line
    return out


def _words(phrase: str) -> list[tuple[str, ...]]:
    """Return, per plain token of the phrase, the lower-case words one of which must occur."""
    groups = []
    for token in re.findall(r"\[[^\]]*\]\*?|\S+", phrase):
        if token == "..." or token.endswith("*"):
            continue
        options = token[1:-1].split("|") if token.startswith("[") else [token]
        firsts = tuple(re.findall(r"\w+", o.lower())[0] for o in options if re.findall(r"\w+", o))
        if firsts:
            groups.append(firsts)
    return groups


def count_documents(phrase: str, documents) -> int:
    """Return in how many of ``documents`` (name, lower text, word set) the phrase matches (up to LEAST)."""
    pattern = re.compile(compile_phrase(phrase), re.I)
    needed = _words(phrase)
    found = 0
    for _, low, words in documents:
        if any(words.isdisjoint(group) for group in needed):
            continue
        if pattern.search(low):
            found += 1
            if found >= LEAST:
                break
    return found


def test_the_mark_is_read():
    assert MARK.match("# general: the standard refusal in every house style")
    assert not MARK.match("# general:")
    assert _words("[doe|doen] ... geen uitspraak*") == [("doe", "doen"), ("geen",)]


def test_every_phrase_line_matches_several_documents_or_says_why_not(corpus):
    documents = [(name, text.lower(), frozenset(re.findall(r"\w+", text.lower()))) for name, text in corpus_documents(corpus)]
    assert len(documents) > 3_800
    rare = []
    marked = 0
    for file, number, phrase, general in phrase_lines():
        if general:
            marked += 1
            continue
        count = count_documents(phrase, documents)
        if count < LEAST:
            rare.append(f"{file}:{number} {phrase!r} matches {count} document(s)")
    print(f"\n{len(phrase_lines())} phrase lines, {marked} marked as deliberate general constructions")
    assert not rare, "phrase lines that fit fewer than three documents:\n" + "\n".join(rare)


def test_no_phrase_line_names_a_single_document_word():
    # the seed's call documents are not wording a rule may rely on
    assert not [p for _, _, p, _ in phrase_lines() if "oproepfiche" in p.lower()]
