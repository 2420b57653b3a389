"""The overview of the review app: one row per item, click to open it.

Each row is a button (the item's id and the start of its question) above a status line in
words: the suggested verdict in its colour, the staffer's own verdict outlined apart from
it, whether the item goes into the follow-up (and whether that is the staffer's choice),
a note mark. A row the staffer decided on, or that stays out of the follow-up, looks
different from one that follows the suggestion. Rows are made once per opened dossier;
afterwards only their status line, their classes and the highlight of the open row change.
"""

from __future__ import annotations

from typing import Callable, Iterable

import ipywidgets as w

from pqassist.app import format as fmt
from pqassist.app import shared
from pqassist.model import Item

ROW_STATES = ("pqa-row-in", "pqa-row-out", "pqa-row-own")


class Overview:
    """All items of the open dossier as clickable rows."""

    def __init__(self, on_pick: Callable[[int], None]):
        self._on_pick = on_pick
        self.rows: list[tuple[w.VBox, w.Button, w.HTML]] = []
        self.current = -1
        self._turn = 0  # how often a row was made the open one (see fmt.scroll_to_row)
        self._states: list[str] = []
        self.legend = shared.html(
            '<div class="pqa-legend"><b>voorstel</b> · <b>uw oordeel</b> (omlijnd) · groene streep: in de '
            "opvolgingsvraag · gele hoek: door u beslist</div>"
        )
        self.list = w.VBox(layout=shared.layout(width="100%"))
        self.widget = w.VBox([self.legend, self.list], layout=shared.layout(width="100%", min_width="0"))
        self.widget.add_class("pqa-overview")

    def show(self, items: tuple[Item, ...]) -> None:
        """Replace the rows by one row per item (the old row widgets are closed)."""
        for row, button, state in self.rows:
            button.close()
            state.close()
            row.close()
        rows = []
        for index, item in enumerate(items):
            button = shared.button(fmt.row_label(item), "pqa-open", tooltip=fmt.shorten(item.text, 300),
                                   layout_traits={"width": "100%", "min_width": "0"})
            button.on_click(lambda _b, i=index: self._on_pick(i))
            state = shared.html(width="100%")
            row = w.VBox([button, state], layout=shared.layout(width="100%"))
            row.add_class("pqa-row")
            rows.append((row, button, state))
        self.rows = rows
        self._states = ["" for _ in rows]
        self.current = -1
        self.list.children = [row for row, _, _ in rows]

    def set_state(self, index: int, html: str, classes: Iterable[str] = ()) -> None:
        """Show ``html`` (suggestion and decision in words) in the status line of row
        ``index`` and give the row ``classes`` (of ``ROW_STATES``)."""
        row, _, state = self.rows[index]
        self._states[index] = html
        state.value = html + (fmt.scroll_to_row(self._turn) if index == self.current else "")
        wanted = set(classes)
        for name in ROW_STATES:
            if name in wanted and name not in row._dom_classes:
                row.add_class(name)
            elif name not in wanted and name in row._dom_classes:
                row.remove_class(name)

    def set_current(self, index: int) -> None:
        """Highlight row ``index`` as the open item and scroll the list to it."""
        if index == self.current:
            return
        if 0 <= self.current < len(self.rows):
            # Only the class goes: the row's scroll hint stays in its status line until that
            # changes (one message less a switch) and does nothing in a row that is not open.
            self.rows[self.current][0].remove_class("pqa-current")
        self.current = index
        self._turn += 1
        self.rows[index][0].add_class("pqa-current")  # before the hint that checks for it
        self.rows[index][2].value = self._states[index] + fmt.scroll_to_row(self._turn)
