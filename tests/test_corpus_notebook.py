"""notebooks/corpus.ipynb executes headless (nbclient) on a batch result and on its own batch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

from conftest import write_model_marking_every_answer  # noqa: E402
from test_batch import ROWS, SOURCES, fake_analyse  # noqa: E402  (tests/ is on sys.path)

from pqassist.corpus.batch import write_batch  # noqa: E402

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "corpus.ipynb"

# Drives the filters the way a staffer does and checks what they select; a callback that
# raised would otherwise be swallowed by ipywidgets.
CHECK = '''
import json
for minister in kies_minister.options:
    kies_minister.value = minister
    toon_selectie()
kies_minister.value = ALLE
kies_oordeel.value = "geen gegevens"
toon_selectie()
deel = selectie(oordeel="geen gegevens")
assert (deel["verdict_nl"] == "geen gegevens").all()
kies_oordeel.value = ALLE
kies_controle.value = True
toon_selectie()
te_controleren = selectie(controle=True)
assert te_controleren["te_controleren"].all() and not te_controleren["hiaat"].any()
kies_controle.value = False
print("CONTROLE " + json.dumps({
    "documenten": len(documenten), "deelvragen": len(vragen), "hiaten": int(vragen["hiaat"].sum()),
    "geen_gegevens": len(deel), "ministers": len(kies_minister.options) - 1,
    "formuleringen": len(formuleringen), "met_antwoordtijd": int(documenten["delay_working_days"].notna().sum()),
    "te_controleren": len(te_controleren),
}))
'''


def execute(env: dict[str, str], monkeypatch) -> tuple[dict, list]:
    """Run the notebook plus CHECK; return the check's figures and all cell outputs."""
    monkeypatch.delenv("PQASSIST_WERKLIJST", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(CHECK))
    client = nbclient.NotebookClient(
        notebook, timeout=180, kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute()
    outputs = [out for cell in notebook.cells if cell.cell_type == "code" for out in cell.outputs]
    text = "".join(out.get("text", "") for out in outputs if out.output_type == "stream")
    line = next(line for line in text.splitlines() if line.startswith("CONTROLE "))
    return json.loads(line[len("CONTROLE "):]), outputs


def images(outputs) -> int:
    return sum("image/png" in out.get("data", {}) for out in outputs)


def markdown(outputs) -> str:
    return "".join(out.get("data", {}).get("text/markdown", "") for out in outputs)


def test_notebook_nbformat_is_valid():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(notebook)
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code")
    assert "PQASSIST_BATCH_RESULT" in notebook.cells[1].source


@pytest.mark.slow
def test_notebook_on_a_batch_result(tmp_path, monkeypatch):
    out = tmp_path / "uitslag.xlsx"
    write_batch(SOURCES, out, workers=1, analyse_one=fake_analyse)
    figures, outputs = execute({"PQASSIST_BATCH_RESULT": str(out)}, monkeypatch)
    assert figures == {"documenten": 9, "deelvragen": 23, "hiaten": 14, "geen_gegevens": 3,
                       "ministers": 6, "formuleringen": 8, "met_antwoordtijd": 2, "te_controleren": 0}
    # minister, party, verdict mix, answer time, spread of answer times (the explorer draws in a widget)
    assert images(outputs) == 5
    assert "Geen vragenlijst gekozen" in markdown(outputs)
    assert "**9 documenten** met **23 deelvragen**" in markdown(outputs)


@pytest.mark.slow
def test_notebook_plots_the_answer_times_of_the_members_list(tmp_path, monkeypatch):
    from datetime import date

    from pqassist.worklist.store import Question, Store

    out = tmp_path / "kamer.csv"
    write_batch([ROWS], out, workers=1, analyse_one=fake_analyse)
    db = tmp_path / "werklijst.sqlite"
    with Store(db) as store:
        for n, (minister, asked, answered) in enumerate([
            ("Hendrik De Waele", date(2024, 3, 1), date(2024, 3, 20)),
            ("Hendrik De Waele", date(2024, 3, 4), date(2024, 5, 2)),
            ("Zoë Dé Smet", date(2024, 3, 5), None),
        ]):
            store.upsert(Question(f"vlaams-parlement:{n}", "vlaams-parlement", str(n), number=str(n),
                                  minister=minister, asked_on=asked, answered_on=answered))
    figures, outputs = execute({"PQASSIST_BATCH_RESULT": str(out), "PQASSIST_WERKLIJST": str(db)},
                               monkeypatch)
    assert figures["met_antwoordtijd"] == 0  # the batch has no answer dates ...
    assert images(outputs) == 4  # ... but the member's list is plotted
    html = "".join(out.get("data", {}).get("text/html", "") for out in outputs)
    assert "te laat beantwoord" in html and "tijdig beantwoord" in html and "over tijd" in html


@pytest.mark.slow
def test_notebook_without_answer_dates_says_so(tmp_path, monkeypatch):
    out = tmp_path / "kamer.csv"
    write_batch([ROWS], out, workers=1, analyse_one=fake_analyse)
    figures, outputs = execute({"PQASSIST_BATCH_RESULT": str(out)}, monkeypatch)
    assert figures["documenten"] == 5 and figures["met_antwoordtijd"] == 0
    assert "Geen antwoorddata" in markdown(outputs)


@pytest.mark.slow
def test_notebook_runs_its_own_batch_on_the_fixtures(monkeypatch, tmp_path):
    # a model that marks every item suggested answered: the count of items to check is shown
    model = write_model_marking_every_answer(tmp_path / "model.json")
    figures, outputs = execute({"PQASSIST_BATCH_RESULT": "", "PQASSIST_MODEL": str(model)}, monkeypatch)
    assert figures["documenten"] == 9 and figures["deelvragen"] > 0
    assert figures["te_controleren"] > 0
    assert "3 documenten overgeslagen" in markdown(outputs)
