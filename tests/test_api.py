"""The public API (``pqassist.open_dossier``, ``analyse``, ``draft``, ``export``), the README's
Python example, and the JSON contract of ``analyse --json`` as a core function."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from conftest import CORPUS, FIXTURES, ROOT

import pqassist
from pqassist.data import data_path
from pqassist.serialize import analysis_to_json

EXAMPLE = data_path("example-vlaams-parlement.txt")


def test_the_public_names():
    assert {"open_dossier", "analyse", "draft", "export", "Dossier", "Verdict", "PqassistError"} <= set(dir(pqassist))
    assert pqassist.Verdict.REFERRAL.value == "referral"
    with pytest.raises(AttributeError, match="geen_naam"):
        pqassist.geen_naam  # noqa: B018


def test_from_a_file_to_three_exports(tmp_path):
    dossier = pqassist.open_dossier(EXAMPLE)
    assert isinstance(dossier, pqassist.Dossier) and dossier.meta.parliament == "vlaams-parlement"
    analysis = pqassist.analyse(dossier)
    assert isinstance(analysis, pqassist.Analysis)
    assert set(analysis.suggestions) == {item.id for item in dossier.items}
    followup = pqassist.draft(analysis)
    assert isinstance(followup, pqassist.FollowUp) and followup.questions
    written = {fmt: pqassist.export(followup, tmp_path / f"vervolg.{fmt}") for fmt in ("docx", "md", "txt")}
    assert written["md"].read_text(encoding="utf-8").startswith("# ")
    assert followup.questions[0].text.split()[0] in written["txt"].read_text(encoding="utf-8")
    import docx

    paragraphs = [p.text for p in docx.Document(str(written["docx"])).paragraphs]
    assert any(followup.title in p for p in paragraphs)
    again = pqassist.export(followup, tmp_path / "vervolg.md")
    assert again != written["md"] and again.name == "vervolg (2).md", "export must never overwrite"
    into_folder = pqassist.export(followup, tmp_path, format="txt")
    assert into_folder.parent == tmp_path and into_folder.suffix == ".txt"


def test_question_and_answer_as_two_files_and_a_saved_review(tmp_path):
    whole = pqassist.open_dossier(EXAMPLE)
    question, answer = tmp_path / "vraag.txt", tmp_path / "antwoord.txt"
    question.write_text(whole.text[: whole.answer_start], encoding="utf-8")
    answer.write_text(whole.text[whole.answer_start :], encoding="utf-8")
    dossier = pqassist.open_dossier(question, answer=answer)
    analysis = pqassist.analyse(dossier)
    assert [i.id for i in dossier.items] == [i.id for i in whole.items] and dossier.has_answer
    from pqassist.drafting.review import save_review, with_mark

    first = dossier.items[0].id
    review = with_mark(pqassist.Review(dossier_key=dossier.key), first, verdict="partial", include=True,
                       note="Welk bedrag?")
    saved = save_review(review, tmp_path / "beoordeling.review.json")
    from_path = pqassist.draft(analysis, review=saved)
    from_object = pqassist.draft(analysis, review=review)
    assert from_path == from_object
    assert from_path != pqassist.draft(analysis), "the review changed nothing in the draft"
    assert any(first in q.item_ids for q in from_path.questions)


def test_bad_input_raises_one_pqassist_error(tmp_path):
    empty = tmp_path / "leeg.txt"
    empty.write_bytes(b"")
    with pytest.raises(pqassist.PqassistError) as caught:
        pqassist.open_dossier(empty)
    assert isinstance(caught.value, ValueError) and "\n" not in str(caught.value)
    followup = pqassist.draft(pqassist.analyse(pqassist.open_dossier(EXAMPLE)))
    with pytest.raises(pqassist.PqassistError, match="formaat"):
        pqassist.export(followup, tmp_path / "x.docx", format="rtf")


def _readme_python() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## From Python", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.DOTALL)
    assert len(blocks) == 1, "the README's 'From Python' section should hold one python block"
    return blocks[0]


def test_the_readme_python_example_runs(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    exec(compile(_readme_python(), "README.md", "exec"), {"__name__": "readme"})  # noqa: S102
    out = capsys.readouterr().out
    written = tmp_path / "vervolgvraag.docx"
    assert written.is_file() and written.stat().st_size > 5_000
    dossier = pqassist.open_dossier(EXAMPLE)
    for item in dossier.items:
        assert re.search(rf"^{re.escape(item.id)} [a-z_]+ - ", out, re.MULTILINE), (item.id, out)


# --- the JSON contract -------------------------------------------------------------------------

CONTRACT_FILES = [
    EXAMPLE,
    FIXTURES / "vlaams" / "vp-2024-284-demer.txt",
    FIXTURES / "kamer" / "kamer-2017-387-stations.txt",
    FIXTURES / "tweede-kamer" / "tk-2024-1642-sluizen.txt",
    CORPUS / "seed" / "vp-262-2018-integratiepact.txt",
]


@pytest.mark.parametrize("path", CONTRACT_FILES, ids=lambda p: p.stem)
def test_analyse_json_is_the_core_function_byte_for_byte(path):
    if not path.is_file():
        from conftest import need

        need(False, f"the corpus folder {CORPUS} is absent")
    result = subprocess.run([sys.executable, "-m", "pqassist", "analyse", str(path), "--json"],
                            capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    expected = analysis_to_json(pqassist.analyse(pqassist.open_dossier(path)))
    assert result.stdout == json.dumps(expected, ensure_ascii=False, indent=2) + "\n"
    assert list(expected) == ["meta", "items", "unassigned", "references", "notices"]
    assert list(expected["meta"]) == ["parliament", "number", "asked_on", "answered_on", "questioner",
                                      "addressee", "addressee_title", "title", "party", "source"]
    for item in expected["items"]:
        assert list(item) == ["id", "question", "asks", "answer", "answer_label", "covers", "verdict",
                              "confidence", "gap_probability", "to_check", "reason", "evidence", "missing",
                              "links"]
