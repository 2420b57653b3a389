"""Read the Flemish Parliament's search answers: one hit per file, written questions only.

Pure functions, no network. A search hit is one file (its ``id`` reads
``http://be.vlp.feed/<recordId>/pfls/<fileId>``), so one question with an annex gives two
hits; ``group_hits`` keeps one ``SearchHit`` per question with the question's own document,
not the annex. Hits of another kind (the ``aggregaattype`` tag is not "Schriftelijke
vraag", or the ``soort`` tag is not ``SCHV``) are dropped, as public clients do. Names in
the tags read "Naam, Voornaam" and are turned around; ``themadatum`` is the day the
question was asked and ``statusdatumSchvBeantwoord`` the day it was answered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from pqassist.errors import FetchProblem
from pqassist.fetch.vlaams_records import (
    SERVICE,
    _as_list,
    _kind,
    _text,
    display_name,
    is_annex,
    parse_date,
)

QUESTION_TYPE = "Schriftelijke vraag"
QUESTION_KIND = "SCHV"
_FEED_ID = re.compile(r"be\.vlp\.feed/(\d+)(?:/pfls/(\d+))?")


@dataclass(frozen=True)
class SearchHit:
    """One question found by a search: enough to show in a table, follow and fetch it."""

    id: str
    number: str | None = None
    title: str | None = None
    questioner: str | None = None
    minister: str | None = None
    published: date | None = None
    asked: date | None = None
    answered: date | None = None
    session: str | None = None
    record_url: str | None = None
    document_url: str | None = None
    file_id: str | None = None
    annex: bool = False

    def to_json(self) -> dict:
        """Return the hit as JSON-ready values (dates as ISO strings)."""
        out = dict(self.__dict__)
        for name in ("published", "asked", "answered"):
            out[name] = out[name].isoformat() if out[name] else None
        return out


def parse_search(data: Any) -> tuple[int, list[SearchHit]]:
    """Return (total count, file hits of written questions) read from one search page."""
    if not isinstance(data, dict):
        raise FetchProblem(
            f"{SERVICE} gaf op de zoekvraag een onverwachte vorm terug ({_kind(data)} in "
            "plaats van een object); controleer het adres (--api)."
        )
    results = data.get("result")
    if "count" not in data and results is None:
        raise FetchProblem(
            f"het zoekantwoord van {SERVICE.lower()} mist de velden 'count' en 'result'; "
            "controleer het adres (--api)."
        )
    try:
        total = int(data.get("count") or 0)
    except (TypeError, ValueError):
        raise FetchProblem(
            f"het zoekantwoord heeft een onleesbaar veld 'count': {data.get('count')!r}"
        ) from None
    if results is None:
        if total:
            raise FetchProblem(f"het zoekantwoord meldt {total} vragen maar mist het veld 'result'.")
        return 0, []
    if not isinstance(results, list):
        raise FetchProblem(f"het veld 'result' van het zoekantwoord is {_kind(results)}, geen lijst.")
    return total, [hit for hit in (_hit(item) for item in results) if hit is not None]


def is_written_question(tags: dict[str, str]) -> bool:
    """Return True when a hit's tags say it is a written question (by type or kind)."""
    kinds = [k.strip() for k in tags.get("aggregaattype", "").split(";") if k.strip()]
    sorts = [k.strip().upper() for k in tags.get("soort", "").split(";") if k.strip()]
    if kinds and QUESTION_TYPE not in kinds:
        return False
    if sorts and QUESTION_KIND not in sorts:
        return False
    return bool(kinds or sorts)


def _hit(item: Any) -> SearchHit | None:
    if not isinstance(item, dict):
        return None
    tags = metatags(item)
    if not is_written_question(tags):
        return None
    rid, file_id = _ids(item, tags)
    if rid is None:
        return None
    return SearchHit(
        id=rid,
        number=tags.get("nummer") or tags.get("vraagnummer"),
        title=tags.get("onderwerp") or tags.get("titel") or _text(item.get("title")),
        questioner=display_name(tags.get("vraagsteller")),
        minister=display_name(tags.get("minister")),
        published=parse_date(tags.get("publicatiedatum")),
        asked=parse_date(tags.get("themadatum")),
        answered=parse_date(tags.get("statusdatumSchvBeantwoord")),
        session=tags.get("zittingsjaar"),
        record_url=tags.get("opendata"),
        document_url=tags.get("document") or _text(item.get("url")),
        file_id=file_id,
        annex=is_annex({**tags, "naam": _text(item.get("title")) or ""}),
    )


def _ids(item: dict, tags: dict[str, str]) -> tuple[str | None, str | None]:
    """Return (record id, file id) from the hit's ``id``, else its ``opendata`` tag."""
    match = _FEED_ID.search(_text(item.get("id")) or "")
    if match:
        return match.group(1), match.group(2)
    for source in (tags.get("opendata"), _text(item.get("url"))):
        found = re.search(r"/schv/(\d+)/?$", source or "")
        if found:
            return found.group(1), None
    return None, None


def group_hits(hits: list[SearchHit]) -> list[SearchHit]:
    """Return one hit per question: the question's own file, not an annex.

    Among the files of one question, a file that does not call itself an annex wins, then
    the lowest file id (the question is filed before what is attached to it).
    """
    by_record: dict[str, list[SearchHit]] = {}
    for hit in hits:
        by_record.setdefault(hit.id, []).append(hit)
    chosen = []
    for files in by_record.values():
        files.sort(key=lambda h: (h.annex, int(h.file_id) if (h.file_id or "").isdigit() else 1 << 62))
        best = files[0]
        # dates and names may sit on one file's tags only: fill the gaps from the others
        fill = {}
        for name in ("number", "title", "questioner", "minister", "published", "asked",
                     "answered", "session", "record_url"):
            if getattr(best, name) is None:
                fill[name] = next((getattr(f, name) for f in files if getattr(f, name)), None)
        chosen.append(best if not fill else SearchHit(**{**best.__dict__, **fill}))
    return chosen


def metatags(item: dict) -> dict[str, str]:
    """Return the name/value pairs of a search result (repeated names joined by '; ')."""
    holder = item.get("metatags")
    entries = holder.get("metatag") if isinstance(holder, dict) else holder
    out: dict[str, list[str]] = {}
    for tag in _as_list(entries):
        if isinstance(tag, dict) and _text(tag.get("name")) and _text(tag.get("value")):
            values = out.setdefault(_text(tag["name"]), [])
            value = _text(tag["value"])
            if value not in values:
                values.append(value)
    return {name: "; ".join(values) for name, values in out.items()}
