"""Parse the project's own question/answer documents and compare with their expected parse.

Each fixture is a complete document written by the project (``tests/fixtures/vlaams``,
``kamer``, ``tweede-kamer`` and the bundled example in ``pqassist/data``) with a JSON file
next to it that a staffer wrote before the parsing rules existed, following the corpus'
LABELS.md: the item ids, where each item starts, where the answer passage that covers it
starts and the header that passage prints, the metadata and the notices.

Texts are compared with whitespace squashed and soft hyphens dropped (they are invisible
in the printed document). Every mismatch of a fixture is listed in one failure message.
"""

from __future__ import annotations

import json
import re
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pytest

from pqassist.parse import parse

FIXTURES = Path(__file__).resolve().parent / "fixtures"
HOUSE_DIRS = ("vlaams", "kamer", "tweede-kamer")
FORMATS = {"vlaams-parlement", "kamer", "tweede-kamer"}
EXAMPLE = "example-vlaams-parlement"


def _cases() -> dict[str, tuple[Path, Path]]:
    """Return fixture name -> (document path, expected JSON path)."""
    cases = {}
    for folder in HOUSE_DIRS:
        for expected in sorted((FIXTURES / folder).glob("*.json")):
            cases[f"{folder}/{expected.stem}"] = (expected.with_suffix(".txt"), expected)
    example = Path(str(resources.files("pqassist.data").joinpath(f"{EXAMPLE}.txt")))
    cases[EXAMPLE] = (example, FIXTURES / f"{EXAMPLE}.json")
    return cases


CASES = _cases()
NAMES = sorted(CASES)


def squash(text: str | None) -> str:
    """Return ``text`` with soft hyphens dropped and all whitespace runs as one space."""
    return re.sub(r"\s+", " ", (text or "").replace("\u00ad", "")).strip()


@lru_cache(maxsize=None)
def document(name: str) -> str:
    return CASES[name][0].read_bytes().decode("utf-8")


@lru_cache(maxsize=None)
def expected(name: str) -> dict:
    return json.loads(CASES[name][1].read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def parsed(name: str):
    return parse(document(name), source=CASES[name][0].name)


def _fail_on(problems: list[str], name: str) -> None:
    if problems:
        pytest.fail(f"{name}:\n  " + "\n  ".join(problems), pytrace=False)


def test_there_are_enough_fixtures():
    counts = {folder: sum(n.startswith(folder + "/") for n in NAMES) for folder in HOUSE_DIRS}
    assert counts["vlaams"] >= 6, counts
    assert counts["kamer"] >= 2, counts
    assert counts["tweede-kamer"] >= 2, counts
    assert EXAMPLE in NAMES


@pytest.mark.parametrize("name", NAMES)
def test_fixture_is_utf8_and_lists_every_item(name):
    """The document is valid UTF-8 and its JSON names every item, in document order."""
    path, json_path = CASES[name]
    assert path.is_file(), f"{path} is missing"
    raw = path.read_bytes()
    raw.decode("utf-8")  # raises on anything that is not UTF-8
    assert not raw.startswith(b"\xef\xbb\xbf"), "no byte-order mark"
    exp = expected(name)
    assert exp["format"] in FORMATS
    assert exp["items"], "a document has at least one item"
    ids = [item["id"] for item in exp["items"]]
    assert len(ids) == len(set(ids)), f"duplicate ids {ids}"
    text = squash(document(name))
    position = 0
    for item in exp["items"]:
        assert set(item) >= {"id", "starts", "answer_starts", "answer_label"}, item
        assert re.fullmatch(r"[0-9]+[a-z]?", item["id"]), item["id"]
        words = item["starts"].split()
        assert 1 <= len(words) <= 8, item
        found = text.find(squash(item["starts"]), position)
        assert found >= 0, f"item {item['id']}: {item['starts']!r} not found after the previous item"
        position = found + 1
        if item["answer_starts"] is None:
            assert item["answer_label"] is None, item
        else:
            assert squash(item["answer_starts"]) in text, item
            assert isinstance(item["answer_label"], str), item
    if "no_answer" in exp.get("notices", []):
        assert all(item["answer_starts"] is None for item in exp["items"])
    if name == EXAMPLE:
        verdicts = {item["verdict"] for item in exp["items"]}
        assert verdicts <= {
            "answered", "partial", "referral", "no_data", "not_competent",
            "declined", "general", "unanswered", "withheld",
        }
        assert all(item.get("why") for item in exp["items"])


@pytest.mark.parametrize("name", NAMES)
def test_format_is_recognised(name):
    dossier = parsed(name)
    want = expected(name)["format"]
    got = {getattr(dossier, "format", None), dossier.meta.parliament}
    assert want in got, f"format: expected {want}, got {got}"


@pytest.mark.parametrize("name", NAMES)
def test_item_ids(name):
    got = [item.id for item in parsed(name).items]
    want = [item["id"] for item in expected(name)["items"]]
    assert got == want


@pytest.mark.parametrize("name", NAMES)
def test_item_starts(name):
    exp = expected(name)
    items = {item.id: item for item in parsed(name).items}
    single = len(exp["items"]) == 1
    problems = []
    for want in exp["items"]:
        item = items.get(want["id"])
        if item is None:
            problems.append(f"item {want['id']}: missing")
            continue
        text, start = squash(item.text), squash(want["starts"])
        # LABELS.md: for a question without numbering, `starts` may quote the body or the
        # sentence that asks; either lies inside that one item.
        ok = start in text if single else text.startswith(start)
        if not ok:
            problems.append(f"item {want['id']}: expected to start {start!r}, got {text[:70]!r}")
    _fail_on(problems, name)


@pytest.mark.parametrize("name", NAMES)
def test_answer_passages(name):
    dossier = parsed(name)
    problems = []
    for want in expected(name)["items"]:
        covering = [p for p in dossier.passages if want["id"] in p.covers]
        if want["answer_starts"] is None:
            if covering:
                problems.append(
                    f"item {want['id']}: expected no passage, got {covering[0].label!r} "
                    f"{squash(covering[0].text)[:50]!r}"
                )
            continue
        if not covering:
            problems.append(
                f"item {want['id']}: expected passage {want['answer_label']!r} "
                f"{want['answer_starts']!r}, no passage covers it"
            )
            continue
        passage = covering[0]
        label = squash(passage.label)
        text = squash(passage.text)
        if label and text.startswith(label + " "):  # tolerate a passage text that keeps its header
            text = text[len(label) + 1 :]
        if not text.startswith(squash(want["answer_starts"])):
            problems.append(
                f"item {want['id']}: expected answer to start {want['answer_starts']!r}, "
                f"got {text[:60]!r}"
            )
        if label != squash(want["answer_label"]):
            problems.append(
                f"item {want['id']}: expected answer label {want['answer_label']!r}, got {passage.label!r}"
            )
    _fail_on(problems, name)


def _iso(value) -> str | None:
    return value.isoformat() if isinstance(value, date) else value


@pytest.mark.parametrize("name", NAMES)
def test_meta(name):
    meta = parsed(name).meta
    problems = []
    for field, want in expected(name)["meta"].items():
        got = _iso(getattr(meta, field))
        if field in ("addressee_title",) or (field == "addressee" and expected(name)["format"] != "vlaams-parlement"):
            # an office as printed: its capitalisation ("minister"/"Minister") carries no meaning
            same = squash(got).casefold() == squash(want).casefold() if got is not None else want is None
        elif field == "title":
            same = squash(got) == squash(want) if got is not None else want is None
        else:
            same = got == want
        if not same:
            problems.append(f"meta.{field}: expected {want!r}, got {got!r}")
    _fail_on(problems, name)


@pytest.mark.parametrize("name", NAMES)
def test_notices(name):
    """A question without an answer is a valid dossier with a notice (issue 2), not an error.

    ``notices`` are sentences for the staffer, not codes, so the expected ``no_answer`` is
    checked as: no answer text at all, and at least one notice saying so.
    """
    dossier = parsed(name)
    if "no_answer" in expected(name).get("notices", []):
        assert not dossier.has_answer, "expected no answer text"
        assert dossier.notices, "expected a notice that the question has no answer yet"
    else:
        assert dossier.has_answer, f"expected answer text; notices: {list(dossier.notices)}"
