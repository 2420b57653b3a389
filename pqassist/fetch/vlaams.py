"""Fetch written questions from the Flemish Parliament's open-data service (ws.vlpar.be).

``search`` finds questions published in a date range (optionally by questioner and/or
minister), one per question with its own document rather than an annex; ``get_record``
reads one question's record; ``get_member`` a member's party; ``fetch_question`` also
downloads the question's document into the cache and opens the dossier, with the
record's metadata (and the questioner's party) winning over what the parser finds.

The base URL comes from the ``api`` argument, else ``$PQASSIST_VP_API``, else
https://ws.vlpar.be. Document URLs come from the record and are used as given.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pqassist.errors import FetchProblem
from pqassist.fetch.client import check_url
from pqassist.fetch.client import open_client as _client
from pqassist.fetch.vlaams_records import (
    MEMBER_PATH,
    PARLIAMENT,
    RECORD_PATH,
    SEARCH_CAP,
    SERVICE,
    Member,
    Record,
    parse_date,
    parse_member,
    parse_record,
    record_id,
)
from pqassist.fetch.vlaams_search import QUESTION_TYPE, SearchHit, group_hits, parse_search
from pqassist.model import Dossier

DEFAULT_API = "https://ws.vlpar.be"
ENV_API = "PQASSIST_VP_API"
PAGE_SIZE = 100
COLLECTION = "vp_collection"


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
    """Return the search path for documents published from ``date_from`` to ``date_to``."""
    return f"inmeta:publicatiedatum:daterange:{date_from.isoformat()}..{date_to.isoformat()}"


def search_params(page: int) -> dict:
    """Return the query parameters of one search page: the collection, the type, paging."""
    return {
        "collection": COLLECTION,
        "requiredfields": f"aggregaattype:{QUESTION_TYPE}",
        "page": page,
        "max": PAGE_SIZE,
        "sort": "date",
    }


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

    One hit per question, pointing at the question's own document (not an annex); hits of
    another kind than a written question are dropped. ``questioner`` and ``minister``
    filter on the names in the results (every word must occur, case and accents ignored).
    Pages are read until the count is reached; a range holding more than the service's
    cap of 10,000 files is refused: pick a shorter one.
    """
    start, end = _day(date_from, "--from"), _day(date_to, "--to")
    if end < start:
        raise FetchProblem(
            f"de periode loopt achteruit ({start} tot {end}); wissel --from en --to."
        )
    url = f"{api_base(api)}/api/search/query/{search_query(start, end)}"
    files: list[SearchHit] = []
    with _client(client, timeout, SERVICE) as http:
        page, seen = 1, 0
        while True:
            data = http.get_json(url, params=search_params(page), what=f"de zoekvraag (pagina {page})")
            total, page_hits = parse_search(data)
            if total >= SEARCH_CAP:
                raise FetchProblem(
                    f"{total} of meer vragen gepubliceerd tussen {start} en {end}: de dienst "
                    f"geeft er niet meer dan {SEARCH_CAP} terug; kies een kortere periode."
                )
            raw = data.get("result") or []
            seen += len(raw)
            files.extend(page_hits)
            if not raw or seen >= total or page * PAGE_SIZE >= SEARCH_CAP:
                break
            page += 1
    found = [
        h
        for h in group_hits(files)
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


def get_member(
    member_id: str | int, *, api: str | None = None, timeout: float | None = None, client=None
) -> Member:
    """Return a member of the Flemish Parliament (name and current party) by id."""
    mid = str(member_id).strip()
    if not mid.isdigit():
        raise FetchProblem(f"'{mid}' is geen id van een parlementslid; geef een getal.")
    with _client(client, timeout, SERVICE) as http:
        data = http.get_json(
            f"{api_base(api)}{MEMBER_PATH}{mid}", params={"lang": "nl"}, what=f"parlementslid {mid}"
        )
    return parse_member(data, mid=mid)


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
        _check_document(record.documents[0], api)
        document = cache.fetch(
            record.documents[0], http, what=f"het document van vraag {record.id}", accept=READABLE
        )
        meta, party_notice = _with_party(record, api, http)
    notices = (missing_notice("Het record van het Vlaams Parlement", record.missing), party_notice)
    dossier = dossier_from_document(document, meta, notices=notices)
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


def _with_party(record: Record, api: str | None, http) -> tuple:
    """Return the record's meta with the questioner's current party, and a notice when unknown."""
    import dataclasses

    if record.meta.party or not record.questioner_id:
        return record.meta, ""
    try:
        member = get_member(record.questioner_id, api=api, client=http)
    except FetchProblem as exc:
        return record.meta, f"De partij van de vraagsteller is onbekend ({exc})"
    if not member.party:
        return record.meta, ""
    return dataclasses.replace(record.meta, party=member.party), ""


def _check_document(url: str, api: str | None) -> None:
    """Refuse a document that is neither on a parliament's host nor on the service's own."""
    from pqassist.fetch.client import check_document_url

    check_document_url(url, api_base(api))


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
