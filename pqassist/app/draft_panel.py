"""The review app's draft panel: the open item's follow-up question, the whole draft, export.

Widgets only. ``show`` puts in what ``draft`` and ``export_text`` returned (the app passes
them in); ``offer`` shows the download links of exported files. The panel sits beside the
open item, so the staffer sees the question change while marking.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import ipywidgets as w

from pqassist.app import draft_format
from pqassist.app import format as fmt
from pqassist.app import shared

EXTRA_FORMATS = (("txt", "ook .txt (voor het webformulier)"), ("md", "ook .md (Markdown)"))


class DraftPanel:
    """The side panel: draft of the open item, title, whole draft, export buttons."""

    def __init__(self, exports: Path, on_title: Callable, on_export: Callable[[], object]):
        self.current = shared.html("", "pqa-current-box", width="100%")
        self.title = w.Text(placeholder="titel van de opvolgingsvraag (leeg: standaard)", continuous_update=True,
                            layout=shared.layout(width="100%"), style=shared.style(shared.TextStyle))
        self.title.add_class("pqa-title-field")
        self.title.observe(on_title, "value")
        self.preview = shared.html("", "pqa-preview-box", width="100%")
        self.export_button = shared.button("Exporteer (.docx)", "pqa-export", button_style="success", icon="file-word",
                                           tooltip="schrijf de opvolgingsvraag als Word-document")
        self.export_button.on_click(lambda _b: on_export())
        self.extra_formats = {
            kind: w.Checkbox(description=label, indent=False, layout=shared.layout(width="auto"),
                             style=shared.style(shared.CheckboxStyle))
            for kind, label in EXTRA_FORMATS
        }
        self.download = shared.html("", "pqa-download")
        buttons = w.HBox([self.export_button, *self.extra_formats.values()], layout=shared.layout(width="100%"))
        buttons.add_class("pqa-export-row")
        self.widget = w.VBox([
            self.current,
            shared.html("<h4>Hele opvolgingsvraag</h4>"), self.title, self.preview, buttons, self.download,
            shared.html('<div class="pqa-muted">De export schrijft precies deze tekst, in de map '
                        f"<code>{fmt.esc(exports)}</code>, en biedt ze aan als download.</div>"),
        ], layout=shared.layout(width="100%", min_width="0"))
        self.widget.add_class("pqa-side")
        self.widget.add_class("pqa-col-side")

    def formats(self) -> list[str]:
        """Return the formats to export: .docx and the ticked extra ones."""
        return ["docx"] + [kind for kind, box in self.extra_formats.items() if box.value]

    def show(self, item_id: str, followup, text: str, included: bool) -> None:
        """Show the question of ``item_id`` in ``followup`` (or why there is none) and the
        whole draft ``text`` with that question marked and scrolled into view; the whole
        draft is the same for every item (only the open item's draft marks its question),
        so a switch sends it no message."""
        question = next((q for q in followup.questions if item_id in q.item_ids), None)
        self.current.value = draft_format.current_draft_html(item_id, question, included)
        note = ""
        if not followup.questions:
            note = ('<div class="pqa-muted">Geen enkele deelvraag is opgenomen: vink '
                    '"opnemen in opvolgingsvraag" aan bij de deelvragen die u wilt opvolgen.</div>')
        self.preview.value = note + draft_format.preview_html(text, [q.number for q in followup.questions])

    def offer(self, paths: list[Path], formats: list[str]) -> None:
        """Show a download link per exported file and where the files were saved."""
        links = "".join(f"<div>{fmt.download_link(p.name, p.read_bytes(), kind)}</div>"
                        for p, kind in zip(paths, formats))  # fmt: skip
        where = ", ".join(fmt.esc(str(p)) for p in paths)
        self.download.value = f'{links}<div class="pqa-muted">Bewaard als {where}</div>'
