"""Fetch written questions from the Flemish Parliament's open-data service (ws.vlpar.be).

``search`` finds questions published in a date range (optionally by questioner and/or
minister); ``get_record`` reads one question's record; ``fetch_question`` also downloads
its document into the cache and opens the dossier, with the record's metadata winning
over what the parser finds in the document.

The base URL comes from the ``api`` argument, else ``$PQASSIST_VP_API``, else
https://ws.vlpar.be. Document URLs come from the record and are used as given.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import quote

from pqassist.errors import FetchProblem
from pqassist.fetch.client import check_url
from pqassist.fetch.client import open_client as _client
from pqassist.fetch.vlaams_records import (
    PARLIAMENT,
    RECORD_PATH,
    SEARCH_CAP,
    SERVICE,
    Record,
    SearchHit,
    parse_date,
    parse_record,
    parse_search,
    record_id,
)
from pqassist.model import Dossier

DEFAULT_API = "https://ws.vlpar.be"
ENV_API = "PQASSIST_VP_API"
PAGE_SIZE = 100
QUESTION_TYPE = "Schriftelijke vraag"


@dataclass(frozen=True)
class Fetched:
    """A fetched question: its record, the local copy of its document, the dossier."""

    record: Record
    document: Path
    dossier: Dossier


def api_base(api: str | None = None) -> str:
    """Return the service's base URL: ``api``, else $PQASSIST_VP_API, else ws.vlpar.be."""
    base = (api or os.environ.get(ENV_API) or DEFAULT_API).strip().rstrip("/")
    check_url(base)
    return base


def record_url(rid: str, api: str | None = None) -> str:
    """Return the URL of the record with id ``rid`` on the service."""
    return f"{api_base(api)}{RECORD_PATH}{rid}"


def search_query(date_from: date, date_to: date) -> str:
    """Return the search path for written questions published from ``date_from`` to ``date_to``."""
    return (
        f"inmeta:publicatiedatum:daterange:{date_from.isoformat()}..{date_to.isoformat()}"
        f"&requiredfields=aggregaattype:{quote(QUESTION_TYPE)}"
    )


def search(
    date_from: date | str,
    date_to: date | str,
    *,
    questioner: str | None = None,
    minister: str | None = None,
    api: str | None = None,
    timeout: float | None = None,
    client=None,
) -> list[SearchHit]:
    """Return the written questions published in the date range, newest first.

    ``questioner`` and ``minister`` filter on the names in the results (every word must
    occur, case and accents ignored). Pages are read until the count is reached; a range
    holding more than the service's cap of 10,000 questions is refused: pick a shorter one.
    """
    start, end = _day(date_from, "--from"), _day(date_to, "--to")
    if end < start:
        raise FetchProblem(
            f"de periode loopt achteruit ({start} tot {end}); wissel --from en --to."
        )
    url = f"{api_base(api)}/api/search/query/{search_query(start, end)}"
    hits: dict[str, SearchHit] = {}
    with _client(client, timeout, SERVICE) as http:
        page, seen = 1, 0
        while True:
            data = http.get_json(
                url,
                params={"page": page, "max": PAGE_SIZE, "sort": "date"},
                what=f"de zoekvraag (pagina {page})",
            )
            total, page_hits = parse_search(data)
            if total >= SEARCH_CAP:
                raise FetchProblem(
                    f"{total} of meer vragen gepubliceerd tussen {start} en {end}: de dienst "
                    f"geeft er niet meer dan {SEARCH_CAP} terug; kies een kortere periode."
                )
            raw = data.get("result") or []
            seen += len(raw)
            for hit in page_hits:
                hits.setdefault(hit.id, hit)
            if not raw or seen >= total or page * PAGE_SIZE >= SEARCH_CAP:
                break
            page += 1
    found = [
        h
        for h in hits.values()
        if (h.published is None or start <= h.published <= end)
        and _matches(h.questioner, questioner)
        and _matches(h.minister, minister)
    ]
    return sorted(found, key=_newest_first, reverse=True)


def get_record(
    id_or_url: str | int, *, api: str | None = None, timeout: float | None = None, client=None
) -> Record:
    """Return the record of one written question, by id or by URL."""
    rid = record_id(id_or_url)
    url = record_url(rid, api)
    with _client(client, timeout, SERVICE) as http:
        data = http.get_json(url, what=f"vraag {rid}")
    return parse_record(data, rid=rid, url=url)


def fetch_question(
    id_or_url: str | int,
    *,
    api: str | None = None,
    cache_dir: str | Path | None = None,
    timeout: float | None = None,
    client=None,
) -> Fetched:
    """Return the record, the cached document and the dossier of one written question."""
    from pqassist.fetch.cache import READABLE, DocumentCache, default_cache_dir
    from pqassist.fetch.dossier import dossier_from_document, missing_notice

    cache = DocumentCache(cache_dir or default_cache_dir(PARLIAMENT))
    with _client(client, timeout, SERVICE) as http:
        record = get_record(id_or_url, api=api, client=http)
        document = cache.fetch(
            record.documents[0], http, what=f"het document van vraag {record.id}", accept=READABLE
        )
    notices = (missing_notice("Het record van het Vlaams Parlement", record.missing),)
    dossier = dossier_from_document(document, record.meta, notices=notices)
    return Fetched(record=record, document=document, dossier=dossier)


def fetch_dossier(
    id_or_url: str | int,
    *,
    api: str | None = None,
    cache_dir: str | Path | None = None,
    timeout: float | None = None,
) -> Dossier:
    """Return the dossier of one written question, fetched by id or URL (documents cached)."""
    return fetch_question(id_or_url, api=api, cache_dir=cache_dir, timeout=timeout).dossier


# -- helpers ----------------------------------------------------------------------------


def _newest_first(hit: SearchHit) -> tuple:
    return (hit.published or date.min, int(hit.id) if hit.id.isdigit() else 0, hit.id)


def _day(value: date | str, option: str) -> date:
    if isinstance(value, date):
        return value
    parsed = parse_date(value)
    if parsed is None:
        raise FetchProblem(f"onleesbare datum bij {option}: {value!r}; schrijf ze als 2024-01-31.")
    return parsed


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _matches(value: str | None, wanted: str | None) -> bool:
    if not wanted or not wanted.strip():
        return True
    if not value:
        return False
    haystack = _fold(value)
    return all(word in haystack for word in _fold(wanted).split())
