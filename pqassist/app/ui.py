"""The review app: a minister's answer beside the question, gaps marked, the draft exported.

Widgets only. Every callback calls the package's functions (``analyse``, ``with_mark``,
``ReviewStore.save``, ``draft``, ``export_text``, ``write_export``) and shows what they
return; the HTML comes from ``ui_format``, the open panel from ``ui_open``, the item list
from ``ui_overview``. The item view is built once and updated on every switch. Every
change of a mark is saved at once, so a killed kernel loses nothing. Errors become one
Dutch line in the app (``PqassistError``'s own message); nothing shows a traceback.

    from pqassist.app.ui import ReviewApp
    ReviewApp(example=True)          # in a notebook cell; Voilà serves the same cell
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path
from typing import Callable

import ipywidgets as w

from pqassist.app import format as fmt
from pqassist.errors import PqassistError
from pqassist.model import Analysis, Dossier, Review, Verdict
from pqassist.drafting.review import ReviewStore, effective_verdict, included, with_mark, with_title
from pqassist.app.open_panel import OpenPanel, example_wanted, wait_for_page, warm_up  # noqa: F401 (the notebook's imports)
from pqassist.app.overview import Overview

LOG = logging.getLogger("pqassist.app.ui")
REVIEWS_ENV = "PQASSIST_REVIEWS"
EXPORTS_ENV = "PQASSIST_EXPORTS"


class ReviewApp:
    """The review screen: open a dossier, walk its items, mark gaps, preview and export."""

    def __init__(self, *, reviews: str | Path | None = None, exports: str | Path | None = None,
                 example: bool = False):  # fmt: skip
        self.store = ReviewStore(Path(reviews or os.environ.get(REVIEWS_ENV) or "reviews"))
        self.exports = Path(exports or os.environ.get(EXPORTS_ENV) or "exports")
        self.analysis: Analysis | None = None
        self.review: Review | None = None
        self.source = ""
        self.index = 0
        self._quiet = False  # True while the app sets its own widgets: no saving then
        self._ref_targets: list[str] = []
        self._build()
        if example:
            self.opener.open_example()

    # --- building (once) ---------------------------------------------------------------

    def _build(self) -> None:
        self.opener = OpenPanel(self._safe_open)
        self.message = w.HTML(layout=w.Layout(width="100%"))
        self.message.add_class("pqa-messages")
        self.meta = w.HTML(layout=w.Layout(width="100%"))
        self.meta.add_class("pqa-meta-box")

        self.overview = Overview(lambda index: self._safely("navigeren", self.go, index))

        nav = dict(layout=w.Layout(width="auto"))
        self.prev = w.Button(description="Vorige", icon="arrow-left", tooltip="vorige deelvraag", **nav)
        self.next = w.Button(description="Volgende", icon="arrow-right", tooltip="volgende deelvraag", **nav)
        self.jump = w.Text(placeholder="ga naar: 3b, + of −, Enter", continuous_update=False,
                           layout=w.Layout(width="190px"))
        self.position = w.HTML()
        self.position.add_class("pqa-position")
        self.prev.add_class("pqa-prev")
        self.next.add_class("pqa-next")
        self.jump.add_class("pqa-jump")
        self.prev.on_click(lambda _b: self._safely("navigeren", self.go, self.index - 1))
        self.next.on_click(lambda _b: self._safely("navigeren", self.go, self.index + 1))
        self.jump.observe(self._on_jump, "value")

        pane = dict(min_width="300px", flex="1 1 0", max_height="460px", overflow="auto")
        self.question = w.HTML(layout=w.Layout(**pane))
        self.answer = w.HTML(layout=w.Layout(**pane))
        self.question.add_class("pqa-pane")
        self.question.add_class("pqa-question")
        self.answer.add_class("pqa-pane")
        self.answer.add_class("pqa-answer")
        self.reason = w.HTML(layout=w.Layout(width="100%"))
        self.reason.add_class("pqa-reason-box")
        self.refs = w.HBox(layout=w.Layout(flex_flow="row wrap"))

        self.verdict = w.Dropdown(description="Oordeel", layout=w.Layout(width="320px"))
        self.include = w.Checkbox(description="opnemen in opvolgingsvraag", indent=False,
                                  layout=w.Layout(width="auto"))
        self.note = w.Textarea(placeholder="Notitie bij deze deelvraag (komt mee in de opvolgingsvraag)",
                               continuous_update=True, layout=w.Layout(width="100%", height="72px"))
        self.verdict.add_class("pqa-verdict")
        self.include.add_class("pqa-include")
        self.note.add_class("pqa-note")
        self.verdict.observe(self._on_verdict, "value")
        self.include.observe(self._on_include, "value")
        self.note.observe(self._on_note, "value")

        item_box = w.VBox([
            w.HBox([self.prev, self.next, self.jump, self.position],
                   layout=w.Layout(align_items="center", flex_flow="row wrap")),
            w.HBox([self.question, self.answer], layout=w.Layout(width="100%")),
            self.reason,
            self.refs,
            w.HBox([self.verdict, self.include], layout=w.Layout(align_items="center")),
            self.note,
        ], layout=w.Layout(flex="1 1 0", min_width="620px"))

        self.title = w.Text(description="Titel", placeholder="titel van de opvolgingsvraag (leeg: standaard)",
                            continuous_update=True, layout=w.Layout(width="100%"))
        self.title.add_class("pqa-title-field")
        self.title.observe(self._on_title, "value")
        self.preview = w.HTML(layout=w.Layout(width="100%", max_height="520px", overflow="auto"))
        self.preview.add_class("pqa-preview-box")
        self.export_button = w.Button(description="Exporteer als Word (.docx)", button_style="success",
                                      icon="file-word", layout=w.Layout(width="auto"))
        self.export_button.add_class("pqa-export")
        self.export_button.on_click(lambda _b: self._safely("exporteren", self.export))
        self.with_md = w.Checkbox(description="ook als Markdown (.md)", indent=False, layout=w.Layout(width="auto"))
        self.download = w.HTML()
        self.download.add_class("pqa-download")
        export_box = w.VBox([
            w.HTML('<div class="pqa-muted">De export schrijft precies deze tekst als Word-document in de '
                   f"map <code>{fmt.esc(self.exports)}</code> en biedt het aan als download.</div>"),
            self.export_button, self.with_md, self.download,
        ], layout=w.Layout(flex="0 1 320px", min_width="240px", padding="28px 0 0 4px"))
        draft_box = w.VBox([
            w.HTML("<h3 style='margin:8px 0 4px 0'>Opvolgingsvraag (voorbeeld van de tekst die de export schrijft)</h3>"),
            w.HBox([w.VBox([self.title, self.preview], layout=w.Layout(flex="1 1 600px", max_width="980px")),
                    export_box], layout=w.Layout(width="100%", flex_flow="row wrap")),
        ], layout=w.Layout(width="100%"))

        self.work = w.VBox([
            self.meta,
            w.HBox([self.overview.widget, item_box], layout=w.Layout(width="100%")),
            draft_box,
        ], layout=w.Layout(display="none", width="100%"))
        header = w.HTML(
            '<div class="pqa-muted">Toetsenbord: <span class="pqa-kbd">Tab</span> naar een knop of veld, '
            '<span class="pqa-kbd">Enter</span> of <span class="pqa-kbd">spatie</span> om te kiezen; in '
            '"ga naar" een deelvraag (bv. 3b) of <span class="pqa-kbd">+</span> / <span class="pqa-kbd">-</span> '
            'en <span class="pqa-kbd">Enter</span>. Elke wijziging wordt meteen bewaard.</div>'
        )
        self.widget = w.VBox([w.HTML(fmt.STYLE), header, self.opener.widget, self.message, self.work],
                             layout=w.Layout(width="100%", max_width="1360px"))
        self.widget.add_class("pqa-app")

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    # --- errors ------------------------------------------------------------------------

    def _safely(self, action: str, function: Callable, *args, **kwargs):
        """Run ``function``; show a PqassistError as its Dutch line and anything else as a
        short Dutch message (logged with its traceback for the maintainer)."""
        try:
            return function(*args, **kwargs)
        except PqassistError as exc:
            self.show_message(_sentence(str(exc)), "error")
        except Exception as exc:  # the app must never show a traceback
            LOG.exception("unexpected error while %s", action)
            self.show_message(
                f"Onverwachte fout bij {action} ({type(exc).__name__}: {exc}). Uw beslissingen tot de "
                "laatste wijziging zijn bewaard; meld dit aan wie pqassist beheert.", "error")
        return None

    def show_message(self, text: str, kind: str = "info") -> None:
        """Show one message above the work area ("" clears it)."""
        self.message.value = fmt.message_html(text, kind)

    # --- opening -----------------------------------------------------------------------

    def _safe_open(self, load: Callable[[], Dossier], source: str) -> None:
        self._safely("het openen", self.open, load, source)

    def open(self, load: Callable[[], Dossier], source: str) -> None:
        """Open the dossier ``load()`` returns, restore its saved review and show item 1."""
        from pqassist.analysis.pipeline import analyse

        self.show_message("Bezig met openen …")
        dossier = load()
        analysis = analyse(dossier)
        review = self.store.load(dossier.key)
        self.analysis, self.review, self.source = analysis, review, source
        self._quiet = True
        try:
            self.title.value = review.title or ""
        finally:
            self._quiet = False
        self.meta.value = fmt.meta_html(dossier.meta, source, len(dossier.items))
        self.overview.show(dossier.items)
        for index in range(len(dossier.items)):
            self._update_row(index)
        self.download.value = ""
        self.work.layout.display = "flex"
        self.go(0)
        self._refresh_preview()
        self.opener.collapse()
        lines = [f"Geopend: {source} ({len(dossier.items)} deelvragen)."]
        if review.marks:
            lines.append(f"{len(review.marks)} eerdere beslissingen hersteld.")
        lines.append(f"Elke wijziging wordt meteen bewaard in {self.store.path_for(dossier.key)}.")
        lines += [_sentence(n) for n in dossier.notices]
        if not dossier.has_answer:
            lines.append("Let op: in dit document staat geen antwoord; open ook het antwoord.")
        self.show_message(" ".join(lines), "info")

    # --- the open item -----------------------------------------------------------------

    def go(self, index: int) -> None:
        """Show item number ``index`` (0-based, clamped) in the item view."""
        if self.analysis is None or not self.analysis.dossier.items:
            return
        items = self.analysis.dossier.items
        index = max(0, min(index, len(items) - 1))
        self.index = index
        item = items[index]
        suggestion = self.analysis.suggestions.get(item.id)
        mark = self.review.mark(item.id)
        self._quiet = True
        try:
            self.question.value = fmt.question_html(item, suggestion)
            self.answer.value = fmt.answer_html(self.analysis, item, suggestion)
            self.reason.value = fmt.reason_html(suggestion)
            self._show_refs(fmt.referred_items(self.analysis, item))
            follow = f"voorstel volgen ({suggestion.verdict.label_nl})" if suggestion else "voorstel volgen"
            options = [(follow, "")] + [(v.label_nl, v.value) for v in Verdict]
            if list(self.verdict.options) != options:
                self.verdict.options = options
            self.verdict.value = mark.verdict.value if mark.verdict else ""
            self.include.value = included(self.analysis, self.review, item.id)
            self.note.value = mark.note
            self.prev.disabled = index == 0
            self.next.disabled = index == len(items) - 1
            self.overview.set_current(index)
            self.position.value = (f"<b>Deelvraag {fmt.esc(item.id)}</b> "
                                   f'<span class="pqa-muted">({index + 1} van {len(items)})</span>')
        finally:
            self._quiet = False

    def go_to_id(self, item_id: str) -> bool:
        """Show the item with id ``item_id``; return False when there is none."""
        ids = [item.id for item in self.analysis.dossier.items] if self.analysis else []
        wanted = item_id.strip().lower().replace(" ", "")
        if wanted in ids:
            self.go(ids.index(wanted))
            return True
        return False

    def _show_refs(self, ids: list[str]) -> None:
        buttons = list(self.refs.children)
        while len(buttons) < len(ids):
            button = w.Button(icon="link", layout=w.Layout(width="auto"))
            button.add_class("pqa-ref")
            slot = len(buttons)
            button.on_click(lambda _b, s=slot: self._safely("navigeren", self.go_to_id, self._ref_targets[s]))
            buttons.append(button)
        for slot, button in enumerate(buttons):
            if slot < len(ids):
                button.description = f"Open het antwoord op deelvraag {ids[slot]}"
                button.layout.display = "flex"
            else:
                button.layout.display = "none"
        self._ref_targets = ids
        if len(buttons) != len(self.refs.children):
            self.refs.children = buttons

    def _on_jump(self, change) -> None:
        if self._quiet or not change.new:
            return
        wanted = change.new.strip()
        if wanted in ("+", "v", "volgende"):
            self._safely("navigeren", self.go, self.index + 1)
        elif wanted in ("-", "−", "t", "vorige"):
            self._safely("navigeren", self.go, self.index - 1)
        elif not self._safely("navigeren", self.go_to_id, wanted):
            self.show_message(f"Er is geen deelvraag '{wanted}'. Typ een nummer uit het overzicht, bv. "
                              f"{self.analysis.dossier.items[-1].id if self.analysis else '3b'}.", "error")
        self._quiet = True
        try:
            self.jump.value = ""
        finally:
            self._quiet = False

    # --- marks -------------------------------------------------------------------------

    def _on_verdict(self, change) -> None:
        if not self._quiet:
            self._safely("het bewaren", self.mark, verdict=change.new or None)

    def _on_include(self, change) -> None:
        if not self._quiet:
            self._safely("het bewaren", self.mark, include=bool(change.new))

    def _on_note(self, change) -> None:
        if not self._quiet:
            self._safely("het bewaren", self.mark, note=change.new or "")

    def _on_title(self, change) -> None:
        if not self._quiet and self.review is not None:
            self._safely("het bewaren", self._set_title, change.new)

    def _set_title(self, title: str) -> None:
        self._commit(lambda review: with_title(review, title))
        self._refresh_preview()

    def _commit(self, change: Callable[[Review], Review]) -> None:
        """Apply ``change`` to the review and save it at once. When the saved file differs
        from what this app holds (another tab or kernel changed it), start from the file, so
        that no tab overwrites another's marks; a deleted file is written anew in full."""
        key = self.review.dossier_key
        if self.store.path_for(key).exists():
            saved = self.store.load(key)
            if saved != self.review:
                self.review = saved
                for index in range(len(self.overview.rows)):
                    self._update_row(index)
        self.review = change(self.review)
        self.store.save(self.review)

    def mark(self, **fields) -> None:
        """Change the open item's mark (verdict, include, note), save it at once, and
        update its overview row and the draft preview."""
        if self.analysis is None:
            return
        item = self.analysis.dossier.items[self.index]
        self._commit(lambda review: with_mark(review, item.id, **fields))
        if "verdict" in fields:
            self._quiet = True
            try:
                self.include.value = included(self.analysis, self.review, item.id)
            finally:
                self._quiet = False
        self._update_row(self.index)
        self._refresh_preview()
        if self.message.value and "pqa-error" in self.message.value:
            self.show_message("")

    def _update_row(self, index: int) -> None:
        item = self.analysis.dossier.items[index]
        suggestion = self.analysis.suggestions.get(item.id)
        self.overview.set_state(index, fmt.row_state_html(
            suggestion.verdict if suggestion else None,
            self.review.mark(item.id),
            effective_verdict(self.analysis, self.review, item.id),
            included(self.analysis, self.review, item.id),
        ))

    # --- draft and export --------------------------------------------------------------

    def followup(self):
        """Return the follow-up draft of the open dossier under the current review."""
        from pqassist.drafting.compose import draft

        return draft(self.analysis, self.review)

    def _refresh_preview(self) -> None:
        from pqassist.drafting.export import export_text

        followup = self.followup()
        if not followup.questions:
            note = ('<div class="pqa-muted">Geen enkele deelvraag is opgenomen: vink '
                    '"opnemen in opvolgingsvraag" aan bij de deelvragen die u wilt opvolgen.</div>')
        else:
            note = ""
        self.preview.value = note + fmt.preview_html(export_text(followup, "txt"))

    def export(self) -> list[Path]:
        """Write the draft as .docx (and .md when ticked) into the exports folder, offer
        download links; return the paths written."""
        from pqassist.drafting.export import write_export

        if self.analysis is None:
            self.show_message("Open eerst een document.", "error")
            return []
        followup = self.followup()
        formats = ["docx"] + (["md"] if self.with_md.value else [])
        paths = [write_export(followup, self.exports, kind) for kind in formats]
        links = "".join(f"<div>{fmt.download_link(p.name, p.read_bytes(), kind)}</div>" for p, kind in zip(paths, formats))
        where = ", ".join(fmt.esc(str(p)) for p in paths)
        self.download.value = f'{links}<div class="pqa-muted">Bewaard als {where}</div>'
        self.show_message(f"Opvolgingsvraag met {len(followup.questions)} vragen geëxporteerd.", "info")
        return paths


def _sentence(text: str) -> str:
    """Return ``text`` as a sentence: a capital when it starts with a plain word (not a file
    name such as "groot.txt"), and a final full stop."""
    text = text.strip()
    if not text:
        return text
    first = text.split(maxsplit=1)[0]
    if re.fullmatch(r"[a-zà-ÿ]+[:,]?", first):
        text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."
