"""The review app: a minister's answer beside the question, gaps marked, the draft exported.

Widgets only. Every callback calls the package's functions (``analyse``, ``with_mark``,
``ReviewStore.commit``, ``draft``, ``export_text``, ``write_export``) and shows what they
return; the HTML comes from ``app.format``, the open panel from ``app.open_panel``, the
item list from ``app.overview``. One screen holds, side by side, the overview, the open
item (question, answer, verdict, "opnemen", note) and the draft of that item, so that
nothing needed while reviewing sits below the fold of a 1366x768 laptop (see
``app.style``). The item view is built once and updated on every switch. Marks are saved
at once and notes when typing pauses; saves merge with other windows on the same review,
and what another window changed is shown with a notice. Errors become one Dutch line in
the app (``PqassistError``'s own message); nothing shows a traceback.

    from pqassist.app.ui import ReviewApp
    ReviewApp(example=True)          # in a notebook cell; Voilà serves the same cell
"""

from __future__ import annotations

import logging
import os
import re
import threading
from pathlib import Path
from typing import Callable

import ipywidgets as w

from pqassist.app import format as fmt
from pqassist.app import shared
from pqassist.errors import PqassistError
from pqassist.model import Analysis, Dossier, Review
from pqassist.drafting.review import ReviewStore, effective_verdict, included, with_mark, with_title
from pqassist.app.open_panel import OpenPanel, example_wanted  # noqa: F401 (example_wanted: the notebook's import)
from pqassist.app import worklist
from pqassist.analysis import verdict_model
from pqassist.drafting.review import Debouncer
from pqassist.worklist.hooks import note_draft, note_opened
from pqassist.app.draft_panel import DraftPanel
from pqassist.app.item_view import ItemView
from pqassist.app.overview import Overview

LOG = logging.getLogger("pqassist.app.ui")
REVIEWS_ENV = "PQASSIST_REVIEWS"
EXPORTS_ENV = "PQASSIST_EXPORTS"
NOTE_PAUSE = 0.8  # seconds of no typing after which a note is saved


class ReviewApp:
    """The review screen: open a dossier, walk its items, mark gaps, preview and export."""

    def __init__(self, *, reviews: str | Path | None = None, exports: str | Path | None = None,
                 example: bool = False, restore: bool = True):  # fmt: skip
        self.store = ReviewStore(Path(reviews or os.environ.get(REVIEWS_ENV) or "reviews"))
        self.exports = Path(exports or os.environ.get(EXPORTS_ENV) or "exports")
        self.analysis: Analysis | None = None
        self.review: Review | None = None
        self.source = ""
        self.index = 0
        self._local = threading.local()  # per thread: the note timer saves from its own thread
        self._quiet = False  # True while the app sets its own widgets: no saving then
        self._shown = None  # (analysis, index) the item view shows; None before the first item
        self._drafted = None  # (analysis, review, followup, text) of the last preview
        self._loader, self._model = None, None  # how the open dossier was loaded; the verdict model then
        self._asked = None  # (load, source) of the last open asked for: tried again by restore() if it failed
        self._lock = threading.RLock()  # the note timer saves from its own thread
        self._notes = Debouncer(NOTE_PAUSE, self._save_note, on_error=self._note_failed)
        self._build()
        if example:
            self.opener.open_example(restore=restore)

    # --- building (once) ---------------------------------------------------------------

    def _build(self) -> None:
        self.opener = OpenPanel(self._safe_open)
        self.message = shared.html("", "pqa-messages", width="100%")
        self.meta = shared.html("", "pqa-meta-box", width="100%")
        self.overview = Overview(lambda index: self._safely("navigeren", self.go, index))
        self.overview.widget.add_class("pqa-col-overview")
        item_box = self._build_item()
        side = self._build_side()
        main = w.GridBox([self.overview.widget, item_box, side], layout=shared.layout(width="100%"))
        main.add_class("pqa-main")
        self.work = w.VBox([self.meta, main], layout=w.Layout(display="none", width="100%"))
        self.work.add_class("pqa-work")
        review_page = w.VBox([self.opener.widget, self.message, self.work], layout=shared.layout(width="100%"))
        self.tabs = w.Tab(children=[review_page], layout=shared.layout(width="100%"))
        self.tabs.titles = ("Beoordelen",)
        self._add_worklist_tab()
        footer = shared.html(
            '<div class="pqa-muted pqa-footer">Toetsenbord: <span class="pqa-kbd">Tab</span> naar een knop of '
            'veld, <span class="pqa-kbd">Enter</span> of <span class="pqa-kbd">spatie</span> om te kiezen; in '
            '"ga naar" een deelvraag (bv. 3b) of <span class="pqa-kbd">+</span> / <span class="pqa-kbd">-</span> '
            'en <span class="pqa-kbd">Enter</span>. Beslissingen worden meteen bewaard, notities zodra u even '
            "stopt met typen.</div>"
        )
        self.widget = w.VBox([shared.html(fmt.STYLE), self.tabs, footer], layout=shared.layout(width="100%"))
        self.widget.add_class("pqa-app")

    def _build_item(self) -> w.VBox:
        view = self.item_view = ItemView(lambda item_id: self._safely("navigeren", self.go_to_id, item_id))
        self.prev, self.next, self.jump, self.position, self.refs = view.prev, view.next, view.jump, view.position, view.refs
        self.panes = view.panes
        self.verdict, self.include, self.note = view.verdict, view.include, view.note
        self.prev.on_click(lambda _b: self._safely("navigeren", self.go, self.index - 1))
        self.next.on_click(lambda _b: self._safely("navigeren", self.go, self.index + 1))
        self.jump.observe(self._on_jump, "value")
        self.verdict.observe(self._on_verdict, "value")
        self.include.observe(self._on_include, "value")
        self.note.observe(self._on_note, "value")
        return view.widget

    def _build_side(self) -> w.VBox:
        self.draft_panel = DraftPanel(self.exports, self._on_title, lambda: self._safely("exporteren", self.export))
        panel = self.draft_panel
        self.current_draft, self.title, self.preview = panel.current, panel.title, panel.preview
        self.export_button, self.extra_formats, self.download = panel.export_button, panel.extra_formats, panel.download
        self.with_txt, self.with_md = self.extra_formats["txt"], self.extra_formats["md"]
        return panel.widget

    def _add_worklist_tab(self) -> None:
        """Add the "Mijn vragen" tab; its widgets are made when the tab is first chosen."""
        factory = worklist.worklist_panel
        holder = w.VBox([shared.html('<div class="pqa-muted">Bezig met laden …</div>')], layout=shared.layout(width="100%"))
        self.tabs.children = (*self.tabs.children, holder)
        self.tabs.titles = ("Beoordelen", "Mijn vragen")

        def fill(change) -> None:
            if change.new != 1 or getattr(holder, "_filled", False):
                return
            holder._filled = True
            panel = self._safely("de lijst openen", factory, self._open_from_worklist,
                                 reviews=self.store.folder, exports=self.exports)
            holder.children = [panel] if isinstance(panel, w.Widget) else [w.HTML(self.message.value)]

        self.tabs.observe(fill, "selected_index")

    def _open_from_worklist(self, wanted: str) -> None:
        from pqassist.app.open_panel import load_fetched

        self.tabs.selected_index = 0
        self._safe_open(lambda: load_fetched(wanted), f"open data: {wanted}")

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    @property
    def _quiet(self) -> bool:
        """Whether this thread is setting the app's own widgets (their observers then save
        nothing). Per thread: while the note timer's thread shows another window's change,
        a verdict the page sends, handled by the kernel's main thread, is still saved."""
        return getattr(self._local, "quiet", False)

    @_quiet.setter
    def _quiet(self, value: bool) -> None:
        self._local.quiet = value

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

    def _safe_open(self, load: Callable[[], Dossier], source: str, *, restore: bool = True) -> None:
        self._safely("het openen", self.open, load, source, restore=restore)

    def open(self, load: Callable[[], Dossier], source: str, *, restore: bool = True) -> None:
        """Open the dossier ``load()`` returns, restore its saved review and show item 1.
        With ``restore=False`` the dossier is analysed and shown as its review stands now,
        but nothing is recorded and no message is shown until ``restore()`` (Voilà builds
        the app in a pre-heated kernel, long before a page asks for it)."""
        from pqassist.analysis.pipeline import analyse

        self.flush()
        self._asked = (load, source)
        self.show_message("Bezig met openen …")
        model = verdict_model.active_model()
        dossier = load()
        analysis = analyse(dossier)
        review = self.store.load(dossier.key)  # a broken review file keeps the open dossier open
        self._loader, self._model = load, model
        self.analysis, self.source, self.review, self._shown = analysis, source, None, None
        try:
            self.meta.value = fmt.meta_html(dossier.meta, source, len(dossier.items), model_note())
            self.overview.show(dossier.items)
            self.download.value = ""
            self._show_review(review)
            self.work.layout.display = "flex"
            self.opener.collapse()
            if restore:
                self._restore()
            else:
                self.show_message("")
        except BaseException:
            self._close_dossier()  # never half open: no item view that saves nowhere
            raise
        self._asked = None

    def _close_dossier(self) -> None:
        """Show no dossier: the work area hidden, the open panel unfolded, nothing to mark."""
        self.analysis = self.review = self._shown = None
        self.work.layout.display = "none"
        self.opener.widget.selected_index = 0

    def restore(self) -> None:
        """Read the open dossier's saved review again and show it from item 1, with what was
        restored; only what changed since ``open(..., restore=False)`` reaches the page. When
        that open failed (another window saving meanwhile, a file briefly unreadable), the
        dossier is opened again now, with its message."""
        if self.analysis is None and self._asked is not None:
            self._safe_open(*self._asked)
        elif self.analysis is not None and not self._safely("het openen", self._restore):
            self._close_dossier()  # as if it had failed to open: nothing to mark

    def _restore(self) -> bool:
        from pqassist.drafting.compose import name_ids, stray_mark_ids

        if verdict_model.active_model() is not self._model:  # a model trained since the app was built
            self.open(self._loader, self.source)  # analysed again with it, then restored
            return True
        analysis, source = self.analysis, self.source
        dossier = analysis.dossier
        review = self.store.load(dossier.key)
        self.store.keep_document(dossier)  # so that the staffer's reviews can later teach the suggestions
        note_opened(analysis, self.store.path_for(dossier.key))  # the question list, when it has this question
        self._show_review(review)
        lines = [f"Geopend: {source} ({len(dossier.items)} deelvragen)."]
        if review.marks:
            lines.append(f"{len(review.marks)} eerdere beslissingen hersteld.")
        stray = stray_mark_ids(analysis, review)
        if stray:
            lines.append(f"Let op: de bewaarde beoordeling noemt deelvragen die niet in dit document staan "
                         f"({name_ids(stray)}); die worden niet gebruikt.")
        saved_in = self.store.path_for(dossier.key)
        lines.append(f"Bewaard in {saved_in.parent.name}/{saved_in.name}.")
        lines += [_sentence(n) for n in dossier.notices]
        if not dossier.has_answer:
            lines.append("Let op: in dit document staat geen antwoord; open ook het antwoord.")
        self.show_message(" ".join(lines), "info")
        return True

    def _show_review(self, review: Review) -> None:
        """Take ``review`` as the open dossier's review: title, every row, item 1 and its draft
        (widgets whose value stays the same send nothing to the page)."""
        self.review = review
        self._quiet = True
        try:
            self.title.value = review.title or ""
        finally:
            self._quiet = False
        for index in range(len(self.analysis.dossier.items)):
            self._update_row(index)
        self.go(0)

    # --- the open item -----------------------------------------------------------------

    def go(self, index: int) -> None:
        """Show item number ``index`` (0-based, clamped) in the item view."""
        if self.analysis is None or not self.analysis.dossier.items:
            return
        self.flush()
        self._take_other_windows()
        items = self.analysis.dossier.items
        index = max(0, min(index, len(items) - 1))
        self.index = index
        item_id = items[index].id
        self._quiet = True
        try:
            self.item_view.show(self.analysis, index, self.review.mark(item_id),
                                included(self.analysis, self.review, item_id))
            self._shown = (self.analysis, index)
            self.overview.set_current(index)
        finally:
            self._quiet = False
        self._refresh_preview(again=False)

    def go_to_id(self, item_id: str) -> bool:
        """Show the item with id ``item_id``; return False when there is none."""
        ids = [item.id for item in self.analysis.dossier.items] if self.analysis else []
        wanted = item_id.strip().lower().replace(" ", "")
        if wanted in ids:
            self.go(ids.index(wanted))
            return True
        return False

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
        if self._quiet or self.analysis is None:
            return
        item_id = self.analysis.dossier.items[self.index].id
        self._notes(item_id, change.new or "")

    def _save_note(self, item_id: str, note: str) -> None:
        """Save the note of ``item_id`` (called when typing pauses, or at once)."""
        if self.analysis is None or item_id not in {i.id for i in self.analysis.dossier.items}:
            return
        self.mark_item(item_id, note=note)

    def _note_failed(self, exc: BaseException) -> None:
        """Show a note that could not be saved from the pause timer as any other failure."""
        def again():
            raise exc

        self._safely("het bewaren", again)

    def flush(self) -> None:
        """Save a note still waiting for the typing pause (before switching, opening, exporting)."""
        if self._notes.pending:
            self._safely("het bewaren", self._notes.flush)

    def _on_title(self, change) -> None:
        if not self._quiet and self.review is not None:
            self._safely("het bewaren", self._set_title, change.new)

    def _set_title(self, title: str) -> None:
        self._commit(lambda review: with_title(review, title))
        self._refresh_preview()

    def mark(self, **fields) -> None:
        """Change the open item's mark (verdict, include, note), save it at once, and
        update its overview row and the draft preview."""
        if self.analysis is None:
            return
        self.mark_item(self.analysis.dossier.items[self.index].id, **fields)

    def mark_item(self, item_id: str, **fields) -> None:
        """Change the mark of ``item_id``, save it, and update the screen."""
        with self._lock:
            self._mark_item(item_id, **fields)

    def _mark_item(self, item_id: str, **fields) -> None:
        self._commit(lambda review: with_mark(review, item_id, **fields))
        ids = [item.id for item in self.analysis.dossier.items]
        current = ids[self.index] == item_id
        if "verdict" in fields and current:
            self._quiet = True
            try:
                self.include.value = included(self.analysis, self.review, item_id)
            finally:
                self._quiet = False
        self._update_row(ids.index(item_id))
        self._refresh_preview()
        if self.message.value and "pqa-error" in self.message.value:
            self.show_message("")

    def _commit(self, change: Callable[[Review], Review]) -> None:
        """Apply ``change`` to the review and save it at once; the store merges it with
        what other windows saved, and what they changed is shown again."""
        saved = self.store.commit(change(self.review))
        self.review = saved.review
        self._show_changed_elsewhere(saved.changed_elsewhere)

    def _take_other_windows(self) -> None:
        """Take in what another window saved on this review since this one last looked."""
        if self.review is None:
            return
        saved = self.store.refresh(self.review)
        if saved.changed_elsewhere:
            self.review = saved.review
            self._show_changed_elsewhere(saved.changed_elsewhere)

    def _show_changed_elsewhere(self, changed) -> None:
        """Update the rows (and the open item) another window changed, with a notice."""
        if not changed or self.analysis is None:
            return
        ids = [item.id for item in self.analysis.dossier.items]
        items = [i for i in changed if i in ids]
        for item_id in items:
            self._update_row(ids.index(item_id))
        # The open item again, when the item view shows it (while a dossier is being opened,
        # go() shows it next, with the review just taken in).
        if self._shown == (self.analysis, self.index) and ids[self.index] in items:
            self._quiet = True
            try:
                self.item_view.show_mark(self.review.mark(ids[self.index]),
                                         included(self.analysis, self.review, ids[self.index]))
            finally:
                self._quiet = False
        if "title" in changed:
            self._quiet = True
            try:
                self.title.value = self.review.title or ""
            finally:
                self._quiet = False
        named = ", ".join(items + [c for c in changed if c in ("title", "opening")])
        self.show_message(f"Deelvraag {named} is in een ander venster gewijzigd; u ziet nu die versie."
                          if len(items) == 1 and len(changed) == 1 else
                          f"In een ander venster gewijzigd: {named}; u ziet nu die versie.", "notice")

    def _update_row(self, index: int) -> None:
        item = self.analysis.dossier.items[index]
        suggestion = self.analysis.suggestions.get(item.id)
        mark = self.review.mark(item.id)
        include = included(self.analysis, self.review, item.id)
        self.overview.set_state(index, fmt.row_state_html(
            suggestion.verdict if suggestion else None, mark,
            effective_verdict(self.analysis, self.review, item.id), include,
            to_check=bool(suggestion and suggestion.to_check),
        ), fmt.row_classes(mark, include))

    # --- draft and export --------------------------------------------------------------

    def followup(self):
        """Return the follow-up draft of the open dossier under the current review."""
        from pqassist.drafting.compose import draft

        return draft(self.analysis, self.review)

    def _refresh_preview(self, *, again: bool = True) -> None:
        """Show the draft of the open item and the whole draft; ``again=False`` (an item
        switch) reuses the draft made after the last change instead of drafting anew."""
        from pqassist.drafting.export import export_text

        if self.analysis is None:
            return
        cached = self._drafted
        if again or cached is None or cached[0] is not self.analysis or cached[1] != self.review:
            followup = self.followup()
            self._drafted = (self.analysis, self.review, followup, export_text(followup, "txt"))
        _, _, followup, text = self._drafted
        item_id = self.analysis.dossier.items[self.index].id
        self.draft_panel.show(item_id, followup, text, included(self.analysis, self.review, item_id))

    def export(self) -> list[Path]:
        """Write the draft as .docx (and .txt / .md when ticked) into the exports folder,
        offer download links; return the paths written."""
        from pqassist.drafting.export import write_export

        if self.analysis is None:
            self.show_message("Open eerst een document.", "error")
            return []
        self.flush()
        followup = self.followup()
        formats = self.draft_panel.formats()
        paths = [write_export(followup, self.exports, kind) for kind in formats]
        if paths:
            note_draft(self.analysis.dossier.meta, paths[0])  # the question list links the follow-up
        self.draft_panel.offer(paths, formats)
        self.show_message(f"Opvolgingsvraag met {len(followup.questions)} vragen geëxporteerd.", "info")
        return paths


def model_note() -> str | None:
    """Return what the verdict model says about itself ("aangepast aan uw 12 eerdere
    beoordelingen"), or None for the packaged model."""
    try:
        return verdict_model.model_note()
    except Exception:  # a broken model file must not keep the app from opening
        LOG.exception("the verdict model's note failed")
        return None


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
