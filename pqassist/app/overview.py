"""The overview of the review app: one row per item, click to open it.

Each row is a button (the item's id and the start of its question) above a status line in
words: the suggested verdict in its colour, the staffer's own verdict outlined apart from
it, whether the item goes into the follow-up (and whether that is the staffer's choice),
a note mark. A row the staffer decided on, or that stays out of the follow-up, looks
different from one that follows the suggestion. Rows are made once per opened dossier;
afterwards only their status line and their classes change. The open row is marked by one
hidden HTML widget (``cursor``, see ``style.row_cursor``): a switch changes only that,
not the old row, the new row and its status line.
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
        self._turn = 0  # how often a row was made the open one (see style.row_cursor)
        self.legend = shared.html(
            '<div class="pqa-legend"><b>voorstel</b> · <b>uw oordeel</b> (omlijnd) · groene streep: in de '
            "opvolgingsvraag · gele hoek: door u beslist · <b>te controleren</b>: geen hiaat voorgesteld, "
            "maar mogelijk toch een</div>"
        )
        self.list = w.VBox(layout=shared.layout(width="100%"))
        self.cursor = shared.html("", "pqa-cursor", display="none")
        self.widget = w.VBox([self.legend, self.list, self.cursor], layout=shared.layout(width="100%", min_width="0"))
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
        self.current = -1
        self.list.children = [row for row, _, _ in rows]

    def set_state(self, index: int, html: str, classes: Iterable[str] = ()) -> None:
        """Show ``html`` (suggestion and decision in words) in the status line of row
        ``index`` and give the row ``classes`` (of ``ROW_STATES``)."""
        row, _, state = self.rows[index]
        state.value = html
        wanted = set(classes)
        for name in ROW_STATES:
            if name in wanted and name not in row._dom_classes:
                row.add_class(name)
            elif name not in wanted and name in row._dom_classes:
                row.remove_class(name)

    def set_current(self, index: int) -> None:
        """Mark row ``index`` as the open item and scroll the list to it (one message)."""
        if index == self.current:
            return
        self.current = index
        self._turn += 1
        self.cursor.value = fmt.row_cursor(index, self._turn)
