"""Read the Flemish Parliament's open-data JSON: search answers, records, identifiers.

Pure functions, no network. The shape is taken from public client code (the R package
flempar and others) and has not been checked against the live service, so every field
is optional here: what is missing is reported by name, and only a record without any
document is refused (without a document there is nothing to open).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

from pqassist.errors import FetchProblem
from pqassist.model import Meta

PARLIAMENT = "vlaams-parlement"
SERVICE = "De webdienst van het Vlaams Parlement"
RECORD_PATH = "/e/opendata/schv/"
SEARCH_CAP = 10_000

# Fields of a record that feed the metadata; reported by name when absent.
META_FIELDS = (
    "vraagnummer", "titel", "vraagsteller", "minister", "procedureverloop", "zittingsjaar"
)


@dataclass(frozen=True)
class Record:
    """One written question's record: metadata, document URLs and what was missing."""

    id: str
    url: str
    meta: Meta
    documents: tuple[str, ...]  # first: question with answer; the rest: annexes
    missing: tuple[str, ...] = ()
    raw: dict = field(default_factory=dict, repr=False, compare=False)


@dataclass(frozen=True)
class SearchHit:
    """One question found by a search: enough to show in a table and fetch it."""

    id: str
    number: str | None = None
    title: str | None = None
    questioner: str | None = None
    minister: str | None = None
    published: date | None = None
    session: str | None = None
    record_url: str | None = None
    document_url: str | None = None

    def to_json(self) -> dict:
        """Return the hit as JSON-ready values (the date as an ISO string)."""
        out = dict(self.__dict__)
        out["published"] = self.published.isoformat() if self.published else None
        return out


# -- identifiers ------------------------------------------------------------------------


def record_id(id_or_url: str | int) -> str:
    """Return the record id named by a number, a record URL or a vlaamsparlement.be URL."""
    text = str(id_or_url).strip()
    if re.fullmatch(r"\d+", text):
        return text
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise FetchProblem(
            f"'{text}' is geen vraag-id of link; geef een getal (--id 1234567) of een link "
            "naar de vraag op vlaamsparlement.be of ws.vlpar.be (--url)."
        )
    if parts.path.rstrip("/").endswith("/pfile") or parts.netloc.startswith("docs."):
        raise FetchProblem(
            f"{text} is de link naar een document, niet naar de vraag; geef de link naar de "
            "vraag zelf (de pagina op vlaamsparlement.be) of het id van de vraag."
        )
    match = re.search(r"/schv/(\d+)", parts.path)
    if match:
        return match.group(1)
    query = parse_qs(parts.query)
    for key in ("id", "objectId", "objectid"):
        if query.get(key) and re.fullmatch(r"\d+", query[key][0]):
            return query[key][0]
    numbers = re.findall(r"(?:^|/)(\d{4,})(?=/|$)", parts.path.rstrip("/"))
    if numbers:
        return numbers[-1]
    raise FetchProblem(
        f"in de link {text} staat geen id van een vraag; open de vraag op "
        "vlaamsparlement.be en kopieer de link van die pagina."
    )


# -- records ----------------------------------------------------------------------------


def parse_record(data: Any, *, rid: str, url: str) -> Record:
    """Return the Record read from a decoded record; raise FetchProblem when unusable."""
    if not isinstance(data, dict):
        raise FetchProblem(
            f"{SERVICE} gaf voor vraag {rid} een onverwachte vorm terug "
            f"({_kind(data)} in plaats van een object); controleer het adres (--api)."
        )
    data = _unwrap(data)
    missing = [name for name in META_FIELDS if _empty(data.get(name))]
    if _empty(data.get("titel")) and not _empty(data.get("onderwerp")):
        missing.remove("titel")
    documents = _documents(data)
    if not documents:
        raise FetchProblem(
            f"het record van vraag {rid} mist het veld 'bestand-ordered' (de documenten met "
            "vraag en antwoord); zonder document kan pqassist de vraag niet openen. Is ze al "
            "gepubliceerd?"
        )
    asked, answered = _procedure_dates(data.get("procedureverloop"))
    minister = _people(data.get("minister"))
    meta = Meta(
        parliament=PARLIAMENT,
        number=_text(data.get("vraagnummer")),
        asked_on=asked,
        answered_on=answered,
        questioner=_people(data.get("vraagsteller")),
        party=_party(data.get("vraagsteller")),
        addressee=minister,
        addressee_title=_title_of(data.get("minister")),
        title=_text(data.get("titel")) or _text(data.get("onderwerp")),
        session=_session(data.get("zittingsjaar")),
        source=url,
        annexes=tuple(documents[1:]),
    )
    return Record(
        id=_text(data.get("id")) or rid,
        url=url,
        meta=meta,
        documents=documents,
        missing=tuple(missing),
        raw=data,
    )


def _unwrap(data: dict) -> dict:
    """Return the record object itself when it arrives wrapped in one outer key."""
    known = set(META_FIELDS) | {"bestand-ordered", "onderwerp", "id"}
    if known & set(data):
        return data
    inner = [v for v in data.values() if isinstance(v, dict) and known & set(v)]
    if len(inner) == 1:
        return inner[0]
    items = data.get("items")
    if isinstance(items, list) and len(items) == 1 and isinstance(items[0], dict):
        return _unwrap(items[0])
    return data


def _documents(data: dict) -> tuple[str, ...]:
    urls: list[str] = []
    for entry in _as_list(data.get("bestand-ordered")) or _as_list(data.get("bestand")):
        url = _url_of(entry)
        if url and url not in urls:
            urls.append(url)
    if not urls:
        url = _url_of(data.get("document"))
        if url:
            urls.append(url)
    return tuple(urls)


def _url_of(entry: Any) -> str | None:
    if isinstance(entry, str):
        text = entry.strip()
        return text if text.startswith(("http://", "https://")) else None
    if isinstance(entry, dict):
        for key in ("URL", "url", "href", "link"):
            if key in entry:
                return _url_of(entry[key])
    return None


def _procedure_dates(steps: Any) -> tuple[date | None, date | None]:
    """Return (asked on, answered on) from the procedure steps."""
    asked = answered = None
    dated: list[date] = []
    for step in _as_list(steps):
        if not isinstance(step, dict):
            continue
        when = parse_date(step.get("datum"))
        if when is None:
            continue
        dated.append(when)
        status = (_text(step.get("status")) or "").lower()
        if asked is None and ("gesteld" in status or "ingediend" in status):
            asked = when
        elif "antwoord" in status and not re.search(r"\b(niet|onbeantwoord|nog geen)\b", status):
            answered = max(answered, when) if answered else when
    if asked is None and dated:
        asked = min(dated)
    return asked, answered


def _people(value: Any) -> str | None:
    names = [n for n in (_person(v) for v in _as_list(value)) if n]
    return ", ".join(names) or None


def _person(value: Any) -> str | None:
    if isinstance(value, str):
        return " ".join(value.split()) or None
    if isinstance(value, dict):
        parts = [_text(value.get("voornaam")), _text(value.get("naam"))]
        name = " ".join(p for p in parts if p)
        return name or _text(value.get("volledigenaam")) or None
    return None


def _party(value: Any) -> str | None:
    for person in _as_list(value):
        if isinstance(person, dict):
            party = person.get("fractie") or person.get("partij")
            if isinstance(party, dict):
                party = party.get("naam")
            if _text(party):
                return _text(party)
    return None


def _title_of(value: Any) -> str | None:
    for person in _as_list(value):
        if isinstance(person, dict):
            for key in ("titel", "functie", "bevoegdheid"):
                if _text(person.get(key)):
                    return _text(person.get(key))
    return None


def _session(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("naam") or value.get("id")
    return _text(value)


# -- search answers ---------------------------------------------------------------------


def parse_search(data: Any) -> tuple[int, list[SearchHit]]:
    """Return (total count, hits) read from one page of a search answer."""
    if not isinstance(data, dict):
        raise FetchProblem(
            f"{SERVICE} gaf op de zoekvraag een onverwachte vorm terug ({_kind(data)} in "
            "plaats van een object); controleer het adres (--api)."
        )
    results = data.get("result")
    if "count" not in data:
        if results is None:
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
            raise FetchProblem(
                f"het zoekantwoord meldt {total} vragen maar mist het veld 'result'."
            )
        return 0, []
    if not isinstance(results, list):
        raise FetchProblem(
            f"het veld 'result' van het zoekantwoord is {_kind(results)}, geen lijst."
        )
    hits = [hit for hit in (_hit(item) for item in results) if hit is not None]
    return total, hits


def _hit(item: Any) -> SearchHit | None:
    if not isinstance(item, dict):
        return None
    tags = metatags(item)
    record_url = tags.get("opendata")
    rid = None
    if record_url:
        match = re.search(r"(\d+)/?$", record_url)
        rid = match.group(1) if match else None
    if rid is None:
        return None
    return SearchHit(
        id=rid,
        number=tags.get("nummer") or tags.get("vraagnummer"),
        title=tags.get("onderwerp") or tags.get("titel") or _text(item.get("title")),
        questioner=tags.get("vraagsteller"),
        minister=tags.get("minister"),
        published=parse_date(tags.get("publicatiedatum")),
        session=tags.get("zittingsjaar"),
        record_url=record_url,
        document_url=tags.get("document"),
    )


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


# -- small helpers ----------------------------------------------------------------------


def parse_date(value: Any) -> date | None:
    """Return the date in ``value`` (ISO, dd/mm/yyyy, dd-mm-yyyy, yyyymmdd, epoch ms), or None."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = value / 1000 if value > 10**11 else value
        try:
            return datetime.fromtimestamp(seconds).date()
        except (OverflowError, OSError, ValueError):
            return None
    text = str(value).strip()
    patterns = (
        (r"(\d{4})-(\d{2})-(\d{2})", (1, 2, 3)),
        (r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", (3, 2, 1)),
        (r"(\d{4})(\d{2})(\d{2})$", (1, 2, 3)),
    )
    for pattern, (y, m, d) in patterns:
        match = re.match(pattern, text)
        if match:
            try:
                return date(int(match.group(y)), int(match.group(m)), int(match.group(d)))
            except ValueError:
                return None
    return None


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = " ".join(str(value).split())
    return text or None


def _as_list(value: Any) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _kind(value: Any) -> str:
    return {list: "een lijst", str: "tekst", int: "een getal", float: "een getal"}.get(
        type(value), "niets" if value is None else type(value).__name__
    )
