"""Layouts and styles that the review app's widgets share: one model per distinct look.

Every ipywidgets widget otherwise brings a Layout and a style model of its own: each one a
comm opened in the kernel, a part of the widget state the page asks for, and a model built
again in the browser; in the app that was over half of all its models. Widgets whose look
never changes take the one shared model with the same values instead; a widget whose layout
the app changes later (shown or hidden) keeps a Layout of its own.
"""

from __future__ import annotations

import ipywidgets as w
from ipywidgets.widgets.widget_bool import CheckboxStyle  # noqa: F401 (for the app's modules)
from ipywidgets.widgets.widget_string import HTMLStyle, TextStyle  # noqa: F401

_SHARED: dict[tuple, w.Widget] = {}


def layout(**traits) -> w.Layout:
    """Return the shared Layout with ``traits`` (never change it: ask for another one)."""
    return _shared(w.Layout, traits)


def style(kind: type[w.Widget], **traits) -> w.Widget:
    """Return the shared style model ``kind`` (``w.ButtonStyle``, ``w.HTMLStyle`` ...) with ``traits``."""
    return _shared(kind, traits)


def html(value: str = "", *classes: str, **layout_traits) -> w.HTML:
    """Return an HTML widget showing ``value`` with the CSS ``classes``, on shared models."""
    widget = w.HTML(value, layout=layout(**layout_traits), style=style(HTMLStyle))
    for name in classes:
        widget.add_class(name)
    return widget


def button(description: str, *classes: str, layout_traits: dict | None = None, **traits) -> w.Button:
    """Return a Button with the CSS ``classes`` and ``traits``, on shared models (width auto
    unless ``layout_traits`` say otherwise)."""
    widget = w.Button(description=description, layout=layout(**(layout_traits or {"width": "auto"})),
                      style=style(w.ButtonStyle), **traits)  # fmt: skip
    for name in classes:
        widget.add_class(name)
    return widget


def _shared(kind: type[w.Widget], traits: dict) -> w.Widget:
    key = (kind, tuple(sorted(traits.items())))
    found = _SHARED.get(key)
    if found is None or found.comm is None:  # never made, or closed (Widget.close_all)
        found = _SHARED[key] = kind(**traits)
    return found
