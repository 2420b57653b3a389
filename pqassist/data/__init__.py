"""Data shipped with pqassist, and where its templates and notebooks are found.

This folder holds the bundled example dossier, the phrase lists and the term tables.
The Word/phrase templates and the notebooks live at the top level of the repository
(``templates/``, ``notebooks/``), where a staffer finds them; a wheel ships them inside the
package (``pqassist/templates``, ``pqassist/notebooks``, see pyproject.toml). The functions
below find them in either place, so the same code works from a checkout, an editable and
a normal install.

Imports: nothing of ours (it is part of the bottom).
Used by: read, parse, analysis, drafting, corpus, fetch, worklist, app, commands.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent
CHECKOUT = PACKAGE.parent


def resource_dir(name: str) -> Path:
    """Return the folder ``name`` ("templates" or "notebooks"): inside the installed package
    (a wheel), else at the top level of the checkout; the packaged place when neither exists."""
    for place in (PACKAGE / name, CHECKOUT / name):
        if place.is_dir():
            return place
    return PACKAGE / name


def templates_dir() -> Path:
    """Return the folder of the packaged phrase and Word templates."""
    return resource_dir("templates")


def notebooks_dir() -> Path:
    """Return the folder of the shipped notebooks (review app, corpus overview)."""
    return resource_dir("notebooks")


def notebook_path(name: str) -> Path:
    """Return the path of the shipped notebook ``name`` (e.g. "review.ipynb"); it may not exist."""
    return notebooks_dir() / name


def data_path(name: str) -> Path:
    """Return the path of the data file ``name`` in this folder (e.g. the bundled example)."""
    return Path(__file__).resolve().parent / name
