"""The "Mijn vragen" tab driven in-process: set ``.value``, ``.click()``, read what it shows.

A callback that raises fails the test (ipywidgets would only log it), and so does an
unexpected error the tab caught and logged. The services are a local stand-in on 127.0.0.1.
"""

from __future__ import annotations

import logging
from datetime import date

import pytest

pytest.importorskip("ipywidgets")

from pqassist.app.worklist import worklist_panel  # noqa: E402
from pqassist.worklist.store import Store  # noqa: E402

from fetch_support import FIXTURES, guard_loopback, publish_answer_470, servers  # noqa: E402


@pytest.fixture(autouse=True)
def strict_callbacks(monkeypatch):
    """Make ipywidgets re-raise callback exceptions; fail on errors the tab logged."""
    from ipywidgets.widgets.widget import CallbackDispatcher

    def call_all(self, *args, **kwargs):
        value = None
        for callback in self.callbacks:
            local = callback(*args, **kwargs)
            value = local if local is not None else value
        return value

    monkeypatch.setattr(CallbackDispatcher, "__call__", call_all)
    records: list[logging.LogRecord] = []

    class Collect(logging.Handler):
        def emit(self, record):
            records.append(record)

    handler = Collect(logging.ERROR)
    logger = logging.getLogger("pqassist.app.worklist")
    logger.addHandler(handler)
    yield
    logger.removeHandler(handler)
    assert not records, "unexpected error in the tab: " + "; ".join(r.getMessage() for r in records)


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch, tmp_path):
    guard_loopback(monkeypatch, tmp_path / "cache")


@pytest.fixture
def service():
    with servers.LocalService(FIXTURES) as running:
        yield running


def make(service, tmp_path, today=date(2024, 5, 6), opened=None):
    store = Store(tmp_path / "lijst.sqlite")
    tab = worklist_panel(
        (opened.append if opened is not None else None), store=store,
        reviews=tmp_path / "reviews", exports=tmp_path / "exports",
        vp_api=service.base, kamer_api=service.base, today=today,
    )
    panel = tab.panel
    panel.questioner.value = "Annelies Vermeulen"
    panel.date_from.value, panel.date_to.value = date(2024, 3, 1), date(2024, 4, 30)
    panel.parliament.value = "Vlaams Parlement"
    return tab, panel


def test_refresh_shows_the_list_filter_sort_open_and_export(service, tmp_path):
    opened: list[str] = []
    tab, panel = make(service, tmp_path, opened=opened)
    assert "Mijn vragen" in tab.children[0].value
    assert panel.open_button.disabled and panel.export_button.disabled
    panel.refresh.click()
    assert "5 vragen van Annelies Vermeulen" in panel.message.value
    html = panel.table.value
    for shown in ("455", "over tijd", "te laat beantwoord", "tijdig beantwoord", "18-04-2024", "nr. 488"):
        assert shown in html, shown
    assert "eerste bezoek" in html
    assert len(panel.choice.options) == 5
    # filter on status: only the overdue question, without fetching again
    before = len(service.seen)
    panel.status.value = "over tijd"
    assert [value for _label, value in panel.choice.options] == ["1234571"]
    assert "Verkeersveiligheid" in panel.table.value and "Fietspaden" not in panel.table.value
    assert len(service.seen) == before
    panel.status.value = "alle"
    panel.sort.value = "datum (nieuwste eerst)"
    assert panel.choice.options[0][1] == "1234572"
    # open the chosen question in the review
    panel.choice.value = "1234569"
    panel.open_button.click()
    assert opened == ["1234569"]
    # export: a download link, and a second export never overwrites the first
    panel.export_format.value = "csv"
    panel.export_button.click()
    panel.export_button.click()
    written = sorted(p.name for p in (tmp_path / "exports").iterdir())
    assert written == ["mijn-vragen-annelies-vermeulen (2).csv", "mijn-vragen-annelies-vermeulen.csv"]
    assert "data:" in panel.download.value and "Download" in panel.download.value


def test_an_answer_between_two_visits_is_on_top_as_new(service, tmp_path):
    _, panel = make(service, tmp_path)
    panel.refresh.click()
    publish_answer_470(service)
    _, later = make(service, tmp_path, today=date(2024, 5, 13))
    later.refresh.click()
    assert "Nieuw beantwoord sinds uw vorige bezoek: 1" in later.table.value
    assert later.choice.options[0][1] == "1234572" and later.choice.options[0][0].startswith("★")
    assert "Uw vorige bezoek" in later.table.value


def test_problems_are_one_dutch_line_not_a_traceback(service, tmp_path):
    _, panel = make(service, tmp_path)
    panel.questioner.value = "  "
    panel.refresh.click()
    assert "Vul de naam" in panel.message.value
    panel.questioner.value = "Annelies Vermeulen"
    panel.date_from.value, panel.date_to.value = date(2024, 5, 1), date(2024, 4, 1)
    panel.show_stored.click()
    assert "achteruit" in panel.message.value and "Traceback" not in panel.message.value
    # a service that is down: the other parliament's list still shows, with a notice
    panel.date_from.value, panel.date_to.value = date(2024, 3, 1), date(2024, 4, 30)
    panel.parliament.value = "beide"
    panel.kamer_api = "http://127.0.0.1:9"
    panel.refresh.click()
    assert "niet bereikbaar" in panel.message.value
    assert len(panel.choice.options) == 5


def test_stored_list_needs_no_service(service, tmp_path):
    _, panel = make(service, tmp_path)
    panel.refresh.click()
    count = len(service.seen)
    _, again = make(service, tmp_path)
    again.show_stored.click()
    assert len(again.choice.options) == 5 and len(service.seen) == count
    again.questioner.value = "Iemand Anders"
    again.show_stored.click()
    assert again.choice.options == () and "0 vragen" in again.message.value
    assert again.export_button.disabled
