"""The overview of the review app: one row per item, click to open it.

Each row is a button (the item's id and the start of its question) and a cell with the
suggested verdict in its colour and the staffer's decision. Rows are made once per
opened dossier; afterwards only their state cell and the highlight of the open row change.
"""

from __future__ import annotations

from typing import Callable

import ipywidgets as w

from pqassist.app import format as fmt
from pqassist.model import Item


class Overview:
    """All items of the open dossier as clickable rows."""

    def __init__(self, on_pick: Callable[[int], None]):
        self._on_pick = on_pick
        self.rows: list[tuple[w.HBox, w.Button, w.HTML]] = []
        self.current = -1
        self.widget = w.VBox(layout=w.Layout(width="380px", min_width="300px", max_height="680px",
                                             overflow="auto", flex="0 0 auto"))
        self.widget.add_class("pqa-overview")

    def show(self, items: tuple[Item, ...]) -> None:
        """Replace the rows by one row per item (the old row widgets are closed)."""
        for row, button, state in self.rows:
            button.close()
            state.close()
            row.close()
        rows = []
        for index, item in enumerate(items):
            button = w.Button(description=fmt.row_label(item), tooltip=fmt.shorten(item.text, 300),
                              layout=w.Layout(flex="1 1 auto", width="auto", min_width="0"))
            button.add_class("pqa-open")
            button.on_click(lambda _b, i=index: self._on_pick(i))
            state = w.HTML(layout=w.Layout(flex="0 0 128px"))
            row = w.HBox([button, state], layout=w.Layout(width="100%", align_items="center"))
            row.add_class("pqa-row")
            rows.append((row, button, state))
        self.rows = rows
        self.current = -1
        self.widget.children = [row for row, _, _ in rows]

    def set_state(self, index: int, html: str) -> None:
        """Show ``html`` (suggestion and decision) in the state cell of row ``index``."""
        self.rows[index][2].value = html

    def set_current(self, index: int) -> None:
        """Highlight row ``index`` as the open item."""
        if index == self.current:
            return
        if 0 <= self.current < len(self.rows):
            self.rows[self.current][0].remove_class("pqa-current")
        self.rows[index][0].add_class("pqa-current")
        self.current = index
