"""The review app's "Mijn vragen" tab: the member's written questions, widgets only.

``worklist_panel(on_open)`` returns the tab's widget. The staffer types the member's name
and a period, and refreshes from open data or shows what is stored; the table lists every
question with deadline, working days waiting, status, gaps and follow-up, answers new since
the previous visit on top. Filter and sort change the view without fetching again; "Open in
de beoordeling" hands the chosen question's id to ``on_open`` (the app fetches and opens
it); "Exporteer" writes .xlsx or .csv and offers it for download. All logic lives in
``pqassist.worklist``; a problem becomes one Dutch line in the tab, never a traceback.
"""

from __future__ import annotations

import logging
import os
from datetime import date, timedelta
from pathlib import Path
from typing import Callable

import ipywidgets as w

from pqassist.errors import PqassistError

LOG = logging.getLogger(__name__)
ALL = "alle"
PARLIAMENTS = {"beide": ("vlaams-parlement", "kamer"), "Vlaams Parlement": ("vlaams-parlement",),
               "Kamer": ("kamer",)}
SORTS = {"status": "status", "datum (nieuwste eerst)": "datum", "wachttijd": "wachttijd",
         "minister": "minister", "nummer": "nummer"}
EXPORTS_ENV = "PQASSIST_EXPORTS"


class WorklistPanel:
    """The widgets of the "Mijn vragen" tab and what their buttons do."""

    def __init__(self, on_open: Callable[[str], None] | None = None, *, store=None,
                 reviews: str | Path | None = None, exports: str | Path | None = None,
                 vp_api: str | None = None, kamer_api: str | None = None,
                 today: date | None = None) -> None:
        from pqassist.worklist.listing import STATUSES

        self.on_open = on_open
        self.store = store
        self.reviews = reviews
        self.exports = Path(exports or os.environ.get(EXPORTS_ENV) or "exports")
        self.vp_api, self.kamer_api = vp_api, kamer_api
        self.today = today
        self.result = None
        end = today or date.today()
        wide = dict(style={"description_width": "initial"})
        auto = dict(layout=w.Layout(width="auto"))

        self.questioner = w.Text(description="Parlementslid", placeholder="voornaam en naam",
                                 layout=w.Layout(width="360px"), **wide)
        self.date_from = w.DatePicker(description="Gesteld van", value=end - timedelta(days=61), **wide)
        self.date_to = w.DatePicker(description="tot en met", value=end, **wide)
        self.parliament = w.Dropdown(description="Parlement", options=list(PARLIAMENTS), value="beide", **wide)
        self.refresh = w.Button(description="Vernieuw uit open data", icon="refresh", button_style="primary",
                                tooltip="haal de vragen en antwoorden op en toon de lijst", **auto)
        self.show_stored = w.Button(description="Toon bewaarde lijst", icon="list",
                                    tooltip="toon wat al bewaard is, zonder iets op te halen", **auto)
        self.status = w.Dropdown(description="Status", options=[ALL, *STATUSES], value=ALL, **wide)
        self.sort = w.Dropdown(description="Sorteer op", options=list(SORTS), value="status", **wide)
        self.message = w.HTML()
        self.table = w.HTML()
        self.choice = w.Dropdown(description="Vraag", options=[], layout=w.Layout(width="560px"), **wide)
        self.open_button = w.Button(description="Open in de beoordeling", icon="folder-open",
                                    disabled=True, **auto)
        self.export_format = w.Dropdown(options=["xlsx", "csv"], value="xlsx", layout=w.Layout(width="90px"))
        self.export_button = w.Button(description="Exporteer", icon="download", disabled=True, **auto)
        self.download = w.HTML()
        for widget, name in ((self.questioner, "questioner"), (self.refresh, "refresh"),
                             (self.show_stored, "stored"), (self.status, "status"),
                             (self.sort, "sort"), (self.table, "table"), (self.choice, "choice"),
                             (self.open_button, "open"), (self.export_button, "export")):
            widget.add_class(f"pqa-wl-{name}")

        self.refresh.on_click(lambda _b: self._safely("het vernieuwen", self.load, offline=False))
        self.show_stored.on_click(lambda _b: self._safely("het tonen", self.load, offline=True))
        self.status.observe(lambda _c: self._safely("het filteren", self.render), "value")
        self.sort.observe(lambda _c: self._safely("het sorteren", self.render), "value")
        self.open_button.on_click(lambda _b: self._safely("het openen", self.open_chosen))
        self.export_button.on_click(lambda _b: self._safely("het exporteren", self.export))

        self.widget = w.VBox([
            w.HTML("<h3>Mijn vragen</h3><div class='pqa-muted'>Alle schriftelijke vragen van een "
                   "parlementslid: antwoord, termijn, hiaten en opvolging.</div>"),
            w.HBox([self.questioner, self.parliament]),
            w.HBox([self.date_from, self.date_to]),
            w.HBox([self.refresh, self.show_stored]),
            self.message,
            w.HBox([self.status, self.sort]),
            self.table,
            w.HBox([self.choice, self.open_button]),
            w.HBox([self.export_format, self.export_button]),
            self.download,
        ])
        self.widget.add_class("pqa-worklist")

    # -- actions -------------------------------------------------------------------------

    def load(self, *, offline: bool) -> None:
        """Build the list (refreshed from open data unless ``offline``) and show it."""
        from pqassist.worklist.session import WorklistRequest, open_list

        name = " ".join(self.questioner.value.split())
        if not name:
            self.show("Vul de naam van het parlementslid in.", "error")
            return
        self.show("Bezig met ophalen …" if not offline else "Bezig …")
        request = WorklistRequest(
            questioner=name, date_from=self.date_from.value, date_to=self.date_to.value,
            today=self.today, parliaments=PARLIAMENTS[self.parliament.value], offline=offline,
            reviews=self.reviews, vp_api=self.vp_api, kamer_api=self.kamer_api,
        )
        self.result = open_list(request, store=self.store)
        self.render()
        problems = " ".join(f"Let op: {p}" for p in self.result.problems)
        self.show(problems or f"{len(self.result.rows)} vragen van {name}.",
                  "error" if problems else "info")

    def rows(self) -> list:
        """Return the rows shown now: filtered on status and sorted, new answers first."""
        from pqassist.worklist.listing import sort_rows

        if self.result is None:
            return []
        wanted = None if self.status.value == ALL else [self.status.value]
        return sort_rows(self.result.rows, SORTS[self.sort.value], wanted)

    def render(self) -> None:
        """Show the current rows in the table and the question chooser."""
        from pqassist.worklist.render import followup_text, html_table

        if self.result is None:
            return
        rows = self.rows()
        self.table.value = html_table(rows, since=self.result.since)
        self.choice.options = [
            (f"{'★ ' if r.new else ''}nr. {r.number or '?'} – {r.status} – {r.title or ''}"[:110]
             + (f" ({followup_text(r)})" if followup_text(r) else ""), r.source_id)
            for r in rows
        ]
        self.choice.value = rows[0].source_id if rows else None
        self.open_button.disabled = not rows or self.on_open is None
        self.export_button.disabled = not rows

    def open_chosen(self) -> None:
        """Hand the chosen question's id to the app, which fetches and opens it."""
        if self.choice.value and self.on_open is not None:
            self.on_open(self.choice.value)

    def export(self) -> Path | None:
        """Write the shown rows as .xlsx or .csv into the exports folder; offer a download."""
        from pqassist.app.format import download_link, esc
        from pqassist.worklist.listing import export

        rows = self.rows()
        if not rows:
            return None
        name = "mijn-vragen-" + "-".join(self.result.questioner.lower().split())
        path = export(rows, self.exports / f"{name}.{self.export_format.value}")
        self.download.value = (f"<div>{download_link(path.name, path.read_bytes(), self.export_format.value)}"
                               f"</div><div class='pqa-muted'>Bewaard als {esc(str(path))}</div>")
        return path

    # -- messages ------------------------------------------------------------------------

    def show(self, text: str, kind: str = "info") -> None:
        """Show one message in the tab ("" clears it)."""
        from pqassist.app.format import message_html

        self.message.value = message_html(text, kind)

    def _safely(self, action: str, function: Callable, *args, **kwargs):
        try:
            return function(*args, **kwargs)
        except PqassistError as exc:
            self.show(str(exc), "error")
        except Exception as exc:  # the app must never show a traceback
            LOG.exception("unexpected error while %s", action)
            self.show(f"Onverwachte fout bij {action} ({type(exc).__name__}: {exc}); meld dit aan "
                      "wie pqassist beheert.", "error")
        return None


def worklist_panel(on_open: Callable[[str], None] | None = None, **options) -> w.Widget:
    """Return the "Mijn vragen" tab; ``on_open(id)`` opens a question in the review.

    ``options`` go to ``WorklistPanel`` (store, reviews, exports, vp_api, kamer_api, today);
    the panel object itself is the returned widget's ``panel`` attribute.
    """
    panel = WorklistPanel(on_open, **options)
    panel.widget.panel = panel
    return panel.widget
