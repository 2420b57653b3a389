"""The review app's item view: navigation, question and answer side by side, the decision.

Widgets only, built once and updated on every switch (``show``): the buttons and the
"ga naar" field, the question and answer panes with the reason of the suggestion below
them (one HTML widget, from ``app.format``), buttons to the answers this one refers to,
the verdict, "opnemen" and the note. The app observes the widgets; nothing here saves or
decides.
"""

from __future__ import annotations

from typing import Callable

import ipywidgets as w

from pqassist.app import format as fmt
from pqassist.app import shared
from pqassist.model import Analysis, Item, Mark, Verdict


class ItemView:
    """The open item: its widgets and how they show one item."""

    def __init__(self, on_ref: Callable[[str], object]):
        self._on_ref = on_ref
        self._ref_targets: list[str] = []
        self.prev = shared.button("Vorige", "pqa-prev", icon="arrow-left", tooltip="vorige deelvraag")
        self.next = shared.button("Volgende", "pqa-next", icon="arrow-right", tooltip="volgende deelvraag")
        self.jump = w.Text(placeholder="ga naar: 3b, + of −", continuous_update=False,
                           tooltip="typ een deelvraag (bv. 3b) of + / - en Enter", layout=shared.layout(width="150px"),
                           style=shared.style(shared.TextStyle))  # fmt: skip
        self.jump.add_class("pqa-jump")
        self.position = shared.html("", "pqa-position")
        self.refs = w.HBox(layout=shared.layout(flex_flow="row wrap"))

        # Question and answer side by side, the suggestion's reason below: one widget, so
        # that a switch sends them to the page in one message (see fmt.item_panes_html).
        self.panes = shared.html("", "pqa-panes", width="100%")

        # wide enough for the longest choice, "voorstel volgen (niet gepubliceerd)"
        self.verdict = w.Dropdown(description="Oordeel", layout=w.Layout(width="350px"),
                                  style={"description_width": "60px"})
        self.include = w.Checkbox(description="opnemen in opvolgingsvraag", indent=False,
                                  layout=shared.layout(width="auto"), style=shared.style(shared.CheckboxStyle))
        self.note = w.Textarea(placeholder="Notitie bij deze deelvraag (komt mee in de opvolgingsvraag)",
                               continuous_update=True, layout=shared.layout(width="100%", height="54px"),
                               style=shared.style(shared.TextStyle))  # fmt: skip
        for widget, name in ((self.verdict, "pqa-verdict"), (self.include, "pqa-include"), (self.note, "pqa-note")):
            widget.add_class(name)
        decide = w.HBox([self.verdict, self.include], layout=shared.layout(width="100%"))
        decide.add_class("pqa-decide")
        self.widget = w.VBox([
            w.HBox([self.prev, self.next, self.jump, self.position, self.refs],
                   layout=shared.layout(align_items="center", flex_flow="row wrap")),
            self.panes, decide, self.note,
        ], layout=shared.layout(width="100%", min_width="0"))
        self.widget.add_class("pqa-col-item")

    def show(self, analysis: Analysis, index: int, mark: Mark, include: bool) -> None:
        """Show item number ``index`` of ``analysis`` with the staffer's ``mark``."""
        items = analysis.dossier.items
        item: Item = items[index]
        suggestion = analysis.suggestions.get(item.id)
        # The heading first: each change is a message of its own, applied in this order.
        self.position.value = (f"<b>Deelvraag {fmt.esc(item.id)}</b> "
                               f'<span class="pqa-muted">({index + 1} van {len(items)})</span>')
        self.panes.value = fmt.item_panes_html(analysis, item, suggestion)
        self.show_refs(fmt.referred_items(analysis, item))
        follow = f"voorstel volgen ({suggestion.verdict.label_nl})" if suggestion else "voorstel volgen"
        options = [(follow, "")] + [(v.label_nl, v.value) for v in Verdict]
        with self.verdict.hold_sync():  # new labels and the choice reach the page in one message
            if list(self.verdict.options) != options:
                self.verdict.options = options
            self.show_mark(mark, include)
        self.prev.disabled = index == 0
        self.next.disabled = index == len(items) - 1

    def show_mark(self, mark: Mark, include: bool) -> None:
        """Show the staffer's verdict, "opnemen" and note of the open item."""
        self.verdict.value = mark.verdict.value if mark.verdict else ""
        self.include.value = include
        self.note.value = mark.note

    def show_refs(self, ids: list[str]) -> None:
        """Show one button per item whose answer this one refers to (made once, reused)."""
        buttons = list(self.refs.children)
        while len(buttons) < len(ids):
            button = w.Button(icon="link", layout=w.Layout(width="auto"))
            button.add_class("pqa-ref")
            slot = len(buttons)
            button.on_click(lambda _b, s=slot: self._on_ref(self._ref_targets[s]))
            buttons.append(button)
        for slot, button in enumerate(buttons):
            if slot < len(ids):
                button.description = f"Antwoord {ids[slot]}"
                button.tooltip = f"Open het antwoord op deelvraag {ids[slot]}"
                button.layout.display = "flex"
            else:
                button.layout.display = "none"
        self._ref_targets = ids
        if len(buttons) != len(self.refs.children):
            self.refs.children = buttons
