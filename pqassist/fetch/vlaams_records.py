"""Read the Flemish Parliament's open-data JSON: records, members, identifiers, dates.

Pure functions, no network. The shape is taken from public client code (the R package
flempar, a Python study of the service, older clients) and has not been checked against
the live service, so every field is optional here: what is missing is reported by name.

What those clients agree on: a record (``/e/opendata/schv/<id>``) carries ``vraagsteller``
and ``minister`` as ``{"id", "voornaam", "naam"}`` only (no party, no office title), the
procedure steps, ``tijdig`` and ``soort-antwoord``; a member's party is under
``/e/opendata/vv/<id>`` in ``huidigefractie``; names in search tags read "Naam, Voornaam".
Search answers are read in ``vlaams_search``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo
from urllib.parse import parse_qs, urlsplit

from pqassist.errors import FetchProblem
from pqassist.model import Meta

PARLIAMENT = "vlaams-parlement"
SERVICE = "De webdienst van het Vlaams Parlement"
RECORD_PATH = "/e/opendata/schv/"
MEMBER_PATH = "/e/opendata/vv/"
SEARCH_CAP = 10_000
_BRUSSELS = ZoneInfo("Europe/Brussels")

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
    documents: tuple[str, ...]  # first: the question (with its answer); the rest: annexes
    missing: tuple[str, ...] = ()
    timely: bool | None = None  # the record's ``tijdig``
    answer_kind: str | None = None  # the record's ``soort-antwoord``
    questioner_id: str | None = None
    minister_id: str | None = None
    raw: dict = field(default_factory=dict, repr=False, compare=False)


@dataclass(frozen=True)
class Member:
    """A member of the Flemish Parliament as ``/e/opendata/vv/<id>`` describes them."""

    id: str
    name: str | None
    party: str | None


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
    timely = data.get("tijdig")
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
        timely=timely if isinstance(timely, bool) else _yes_no(timely),
        answer_kind=_text(data.get("soort-antwoord")),
        questioner_id=_person_id(data.get("vraagsteller")),
        minister_id=_person_id(data.get("minister")),
        raw=data,
    )


def parse_member(data: Any, *, mid: str) -> Member:
    """Return the Member read from ``/e/opendata/vv/<mid>``; party from ``huidigefractie``."""
    if not isinstance(data, dict):
        raise FetchProblem(
            f"{SERVICE} gaf voor parlementslid {mid} een onverwachte vorm terug "
            f"({_kind(data)} in plaats van een object)."
        )
    if "volksvertegenwoordiger" in data and isinstance(data["volksvertegenwoordiger"], dict):
        data = data["volksvertegenwoordiger"]
    party = None
    for group in _as_list(data.get("huidigefractie")):
        if isinstance(group, dict) and _text(group.get("naam")):
            party = _text(group.get("naam"))
            break
        if _text(group):
            party = _text(group)
            break
    return Member(id=_text(data.get("id")) or mid, name=_person(data), party=party)


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
    """Return the document URLs, the question's own document first and annexes after it."""
    entries = _as_list(data.get("bestand-ordered")) or _as_list(data.get("bestand"))
    ranked = sorted(enumerate(entries), key=lambda pair: (is_annex(pair[1]), pair[0]))
    urls: list[str] = []
    for _, entry in ranked:
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


def is_annex(entry: Any) -> bool:
    """Return True when a file entry or search hit names itself an annex ("bijlage")."""
    if not isinstance(entry, dict):
        return False
    words = " ".join(
        str(entry.get(key) or "")
        for key in ("documenttype", "soort", "type", "bestandsnaam", "naam", "omschrijving")
    ).casefold()
    return bool(re.search(r"\bbijlage|\bannex", words))


def display_name(value: str | None) -> str | None:
    """Return "Voornaam Naam" for "Naam, Voornaam" (each of several names joined by '; ')."""
    if not value:
        return None
    names = []
    for part in re.split(r"\s*;\s*", value):
        last, comma, first = part.partition(",")
        names.append(f"{first.strip()} {last.strip()}".strip() if comma else part.strip())
    return "; ".join(n for n in names if n) or None


def _person_id(value: Any) -> str | None:
    for person in _as_list(value):
        if isinstance(person, dict) and _text(person.get("id")):
            return _text(person.get("id"))
    return None


def _yes_no(value: Any) -> bool | None:
    text = (_text(value) or "").casefold()
    return {"true": True, "ja": True, "1": True, "false": False, "nee": False, "0": False}.get(text)


def _people(value: Any) -> str | None:
    names = [n for n in (_person(v) for v in _as_list(value)) if n]
    return ", ".join(names) or None


def _person(value: Any) -> str | None:
    if isinstance(value, str):
        return display_name(" ".join(value.split()))
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


# -- small helpers ----------------------------------------------------------------------


def parse_date(value: Any) -> date | None:
    """Return the date in ``value`` (ISO, dd/mm/yyyy, dd-mm-yyyy, yyyymmdd, epoch ms), or None.

    A timestamp with a zone ("2024-03-13T23:00:00Z") gives the day in Brussels.
    """
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = value / 1000 if value > 10**11 else value
        try:
            return datetime.fromtimestamp(seconds).date()
        except (OverflowError, OSError, ValueError):
            return None
    text = str(value).strip()
    zoned = re.fullmatch(r"(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})", text)
    if zoned:
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
        return moment.astimezone(_BRUSSELS).date()
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
