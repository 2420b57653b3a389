"""Every notebook in notebooks/ executes headless (nbclient) without an error.

The review notebook also gets a check cell that drives the app the way a staffer does; its
reviews and exports go to a temporary folder, never into notebooks/.
"""

from __future__ import annotations

import json

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

from conftest import ROOT  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
TIMEOUT = 300

CHECK_REVIEW = '''
import json
assert app.analysis is not None, app.message.value
app.go_to_id("2")
app.verdict.value = "declined"
app.note.value = "R&D <b>\\fpagina 2"
app.flush()  # notes are saved (and drafted) after a pause in typing; a staffer's next step flushes
assert "R&amp;D &lt;b&gt; pagina 2" in app.preview.value, app.preview.value
paths = app.export()
assert "pqa-error" not in app.message.value, app.message.value
print("CONTROLE " + json.dumps({"deelvragen": len(app.analysis.dossier.items),
                                "export": [p.suffix for p in paths]}))
'''

CHECK_EMPTY = '''
import json
print("CONTROLE " + json.dumps({"open": app.analysis is not None, "zichtbaar": app.work.layout.display}))
'''


def execute(path, extra_cell: str | None = None):
    """Run the notebook at ``path`` (plus ``extra_cell``); return its code-cell outputs."""
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    if extra_cell:
        notebook.cells.append(nbformat.v4.new_code_cell(extra_cell))
    client = nbclient.NotebookClient(
        notebook, timeout=TIMEOUT, kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()  # raises CellExecutionError on an error output
    outputs = [out for cell in notebook.cells if cell.cell_type == "code" for out in cell.outputs]
    errors = [out for out in outputs if out.output_type == "error"]
    assert not errors, errors
    stderr = "".join(out.get("text", "") for out in outputs if out.get("name") == "stderr")
    assert "Traceback" not in stderr, stderr
    return outputs


def check_line(outputs) -> dict:
    text = "".join(out.get("text", "") for out in outputs if out.output_type == "stream")
    line = next(line for line in text.splitlines() if line.startswith("CONTROLE "))
    return json.loads(line[len("CONTROLE "):])


def test_there_are_notebooks():
    assert {p.name for p in NOTEBOOKS} >= {"review.ipynb", "corpus.ipynb"}


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_executes_headless(path, tmp_path, monkeypatch):
    monkeypatch.setenv("PQASSIST_REVIEWS", str(tmp_path / "reviews"))
    monkeypatch.setenv("PQASSIST_EXPORTS", str(tmp_path / "exports"))
    monkeypatch.setenv("PQASSIST_EXAMPLE", "1")
    monkeypatch.delenv("PQASSIST_BATCH_RESULT", raising=False)
    outputs = execute(path, CHECK_REVIEW if path.name == "review.ipynb" else None)
    if path.name == "review.ipynb":
        assert check_line(outputs) == {"deelvragen": 11, "export": [".docx"]}
        assert any("application/vnd.jupyter.widget-view+json" in out.get("data", {}) for out in outputs)
        assert len(list((tmp_path / "reviews").glob("*.review.json"))) == 1
        assert len(list((tmp_path / "exports").glob("*.docx"))) == 1


@pytest.mark.slow
def test_review_notebook_starts_empty_when_asked(tmp_path, monkeypatch):
    monkeypatch.setenv("PQASSIST_REVIEWS", str(tmp_path / "reviews"))
    monkeypatch.setenv("PQASSIST_EXPORTS", str(tmp_path / "exports"))
    monkeypatch.setenv("PQASSIST_EXAMPLE", "0")
    outputs = execute(ROOT / "notebooks" / "review.ipynb", CHECK_EMPTY)
    assert check_line(outputs) == {"open": False, "zichtbaar": "none"}
    assert not (tmp_path / "reviews").exists()
