"""The "Mijn vragen" tab in a real browser: Voilà on 127.0.0.1, Debian's Chromium, a local
stand-in for the open-data services. A visit is recorded, an answer is published, and the
refresh in the browser shows it as new on top; the screenshot is kept in the artifacts
folder. Voilà is stopped by its PID. Skips without Chromium, fails instead where CI=true.
"""

from __future__ import annotations

import re

import nbformat
import pytest

from browser_support import FIRST_LOAD_MS, chromium, expect, keep_local, need_browser, voila_server
from fetch_support import FIXTURES, publish_answer_470, servers

pytestmark = [pytest.mark.browser, pytest.mark.slow]
CELL = """
import os
from datetime import date
from pqassist.app.worklist import worklist_panel

geopend = []
tab = worklist_panel(geopend.append, vp_api=os.environ["WL_API"], kamer_api=os.environ["WL_API"],
                     today=date(2024, 5, 13))
paneel = tab.panel
paneel.questioner.value = "Annelies Vermeulen"
paneel.date_from.value, paneel.date_to.value = date(2024, 3, 1), date(2024, 4, 30)
paneel.parliament.value = "Vlaams Parlement"
tab
"""


def test_worklist_tab_in_the_browser(tmp_path, artifacts, monkeypatch):
    need_browser()
    from pqassist.worklist.session import WorklistRequest, open_list

    notebook = tmp_path / "mijn-vragen.ipynb"
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(CELL)]
    nbformat.write(nb, notebook)
    db = tmp_path / "werklijst.sqlite"
    with servers.LocalService(FIXTURES) as service:
        monkeypatch.setenv("PQASSIST_DB", str(db))
        monkeypatch.setenv("PQASSIST_CACHE", str(tmp_path / "cache"))
        monkeypatch.setenv("WL_API", service.base)
        # the first visit, a week earlier, from the command line's side
        first = open_list(WorklistRequest(questioner="Annelies Vermeulen", date_from="2024-03-01",
                                          date_to="2024-04-30", today="2024-05-06",
                                          vp_api=service.base, parliaments=("vlaams-parlement",)))
        assert len(first.rows) == 5
        publish_answer_470(service)
        with voila_server(tmp_path, notebook) as voila, chromium() as browser:
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            page = context.new_page()
            external, errors = [], []
            keep_local(context, external, page)
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(voila.url)
            expect(page.locator(".pqa-worklist")).to_be_visible(timeout=FIRST_LOAD_MS)
            expect(page.locator(".pqa-wl-questioner input")).to_have_value("Annelies Vermeulen")
            page.locator(".pqa-wl-refresh").click()
            table = page.locator(".pqa-wl-table table")
            expect(table).to_be_visible(timeout=30_000)
            expect(page.locator(".pqa-wl-banner")).to_contain_text(
                "Nieuw beantwoord sinds uw vorige bezoek: 1")
            expect(table.locator("tbody tr")).to_have_count(5)
            first_row = table.locator("tbody tr").first
            expect(first_row).to_contain_text("470")
            expect(first_row).to_contain_text("tijdig beantwoord")
            expect(table).to_contain_text("over tijd")
            expect(table).to_contain_text("nr. 488")
            expect(page.locator(".pqa-wl-choice select")).to_have_value(re.compile(r"nr\. 470"))
            expect(page.locator(".pqa-wl-refresh")).to_have_text(re.compile("Vernieuw uit open data"))
            page.select_option(".pqa-wl-status select", label="over tijd")
            expect(table.locator("tbody tr")).to_have_count(1)
            expect(table).to_contain_text("Verkeersveiligheid")
            page.select_option(".pqa-wl-status select", label="alle")
            expect(table.locator("tbody tr")).to_have_count(5)
            page.wait_for_timeout(300)
            page.screenshot(path=str(artifacts / "worklist-tab.png"), full_page=True)
            assert "Traceback" not in page.content()
            assert not errors, errors
            assert not external, external

