"""Fetching questions and answers from parliaments' open-data services.

The functions the app and the command line call, loaded on first use so that importing
this package stays cheap (httpx loads only when something is fetched):

- ``fetch_dossier(id_or_url, api=None, cache_dir=None, timeout=None) -> Dossier``
  (Flemish Parliament) and ``fetch_question(...)`` (also the record and document path);
- ``search(date_from, date_to, questioner=None, minister=None, api=None) -> list[SearchHit]``
  (one hit per question, its own document rather than an annex); ``get_member(id)``;
- ``search_kamer(legislature, date_from, date_to, questioner=...)`` (federal Chamber list);
- ``fetch_kamer_dossier(id_or_url, api=None, timeout=None) -> Dossier`` (federal Chamber);
- ``fetch_any(id_or_url, ...) -> Dossier``: either of the two, picked from the id or link
  (for a single "Haal op" field). Every failure is a ``FetchProblem`` with one Dutch line.

Needs the ``fetch`` extra (httpx).

Imports: the bottom layer, read and parse.
Used by: worklist, app, commands.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "fetch_dossier": "pqassist.fetch.vlaams",
    "fetch_question": "pqassist.fetch.vlaams",
    "get_record": "pqassist.fetch.vlaams",
    "search": "pqassist.fetch.vlaams",
    "SearchHit": "pqassist.fetch.vlaams_search",
    "Member": "pqassist.fetch.vlaams_records",
    "get_member": "pqassist.fetch.vlaams",
    "search_kamer": "pqassist.fetch.kamer",
    "Record": "pqassist.fetch.vlaams_records",
    "record_id": "pqassist.fetch.vlaams_records",
    "fetch_kamer_dossier": "pqassist.fetch.kamer",
    "get_kamer_record": "pqassist.fetch.kamer",
    "fetch_any": "pqassist.fetch.router",
    "parliament_of": "pqassist.fetch.router",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    """Return the public function or class ``name``, importing its module on first use."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'pqassist.fetch' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
