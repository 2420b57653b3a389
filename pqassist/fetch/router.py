"""Pick the parliament a question identifier or link belongs to, and fetch from there.

One entry field (the review notebook's "Haal op") can then take a Flemish record id, a
vlaamsparlement.be or ws.vlpar.be link, a Chamber document name or a data.dekamer.be link.
"""

from __future__ import annotations

import re
from pathlib import Path

from pqassist.model import Dossier

_KAMER_NAME = re.compile(r"\d{2}-B\d{3}-\d+-\d+-\d+")


def parliament_of(id_or_url: str | int) -> str:
    """Return "kamer" for a Chamber document name or link, else "vlaams-parlement"."""
    text = str(id_or_url).strip()
    if "dekamer.be" in text.lower() or _KAMER_NAME.fullmatch(text):
        return "kamer"
    return "vlaams-parlement"


def fetch_any(
    id_or_url: str | int,
    *,
    api: str | None = None,
    cache_dir: str | Path | None = None,
    timeout: float | None = None,
) -> Dossier:
    """Return the dossier of a question from whichever parliament ``id_or_url`` names."""
    if parliament_of(id_or_url) == "kamer":
        from pqassist.fetch.kamer import fetch_kamer_dossier

        return fetch_kamer_dossier(str(id_or_url), api=api, timeout=timeout)
    from pqassist.fetch.vlaams import fetch_dossier

    return fetch_dossier(id_or_url, api=api, cache_dir=cache_dir, timeout=timeout)
