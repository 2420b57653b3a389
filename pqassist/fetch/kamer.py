"""Fetch written questions from the federal Chamber's open data (data.dekamer.be/v0/qrva).

A question is named by its document name (``54-B001-3-0001-0000201400004``) or its URL.
Its record holds the question (``TITN``, ``TEXTQN``) and the answers (``TEXTA1N`` ...)
as text, so nothing is downloaded besides the record. ``PUBLICA1`` reads "bulletin,
, publication date, number": the third field is the day the answer was published in the
Bulletin van Vragen en Antwoorden, used as the answer date. ``list_questions`` pages
through ``/v0/qrva?leg=N&start=K`` (``start``, ``total``, ``items``). The shape is taken
from public client code and has not been checked against the live service.

The base URL comes from the ``api`` argument, else ``$PQASSIST_KAMER_API``, else
http://data.dekamer.be (plain http, as every public client uses it).
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from pqassist.errors import FetchProblem
from pqassist.fetch.vlaams_records import parse_date
from pqassist.model import Dossier, Meta

PARLIAMENT = "kamer"
SERVICE = "De open-datadienst van de Kamer"
DEFAULT_API = "http://data.dekamer.be"
LIST_PATH = "/v0/qrva"
LIST_CAP = 5000  # pages of the list read at most in one call (a legislature: some thousands)
ENV_API = "PQASSIST_KAMER_API"
RECORD_PATH = "/v0/qrva/"


@dataclass(frozen=True)
class KamerRecord:
    """One Chamber question's record: metadata, question text and answer text."""

    id: str
    url: str
    meta: Meta
    question: str
    answer: str
    missing: tuple[str, ...] = ()
    status: str | None = None  # STATUSQ, e.g. "answerReceived"


def api_base(api: str | None = None) -> str:
    """Return the service's base URL: ``api``, else $PQASSIST_KAMER_API, else data.dekamer.be."""
    from pqassist.fetch.client import check_url

    base = (api or os.environ.get(ENV_API) or DEFAULT_API).strip().rstrip("/")
    check_url(base)
    return base


def document_name(id_or_url: str) -> str:
    """Return the document name (e.g. ``54-B001-3-0001-0000201400004``) in an id or URL."""
    text = str(id_or_url).strip()
    if text.startswith(("http://", "https://")):
        path = urlsplit(text).path.rstrip("/")
        if "/qrva/" not in path:
            raise FetchProblem(
                f"in de link {text} staat geen vraag van de Kamer; verwacht een link zoals "
                "https://data.dekamer.be/v0/qrva/54-B001-3-0001-0000201400004."
            )
        text = path.rsplit("/", 1)[-1]
    if not re.fullmatch(r"[0-9A-Za-z][0-9A-Za-z-]{2,60}", text):
        raise FetchProblem(
            f"'{text}' is geen vraag van de Kamer; geef de documentnaam, zoals "
            "54-B001-3-0001-0000201400004."
        )
    return text


def parse_kamer_record(data: Any, *, name: str, url: str) -> KamerRecord:
    """Return the KamerRecord read from a decoded record; raise FetchProblem when unusable."""
    item = _item(data, name)
    question = field_text(item.get("TEXTQN"))
    if not question:
        raise FetchProblem(
            f"het record van Kamervraag {name} mist het veld 'TEXTQN' (de tekst van de vraag)."
        )
    answers = [field_text(item.get(f"TEXTA{n}N")) for n in range(1, 10)]
    answer = "\n\n".join(a for a in answers if a)
    questioner, party = _author(item.get("AUT"))
    title = _line(item.get("TITN"))
    missing = [k for k in ("TITN", "AUT", "DEPOTDAT", "DEPTN") if not _line(item.get(k))]
    publica = [p.strip() for p in (field_text(item.get("PUBLICA1")) or "").split(",")]
    meta = Meta(
        parliament=PARLIAMENT,
        number=_line(item.get("QUESTNUM")),
        asked_on=parse_date(_line(item.get("DEPOTDAT"))),
        deadline=parse_date(_line(item.get("DELAIDAT"))),
        questioner=questioner,
        party=party,
        addressee_title=_line(item.get("DEPTN")),
        title=title,
        session=_line(item.get("LEGISL")),
        bulletin=publica[0] if publica and publica[0] else None,
        answered_on=parse_date(publica[2]) if len(publica) > 2 and answer else None,
        source=url,
    )
    text = f"{title}\n\n{question}" if title and not question.startswith(title) else question
    return KamerRecord(
        id=_line(item.get("SDOCNAME")) or name,
        url=url,
        meta=meta,
        question=text,
        answer=answer,
        missing=tuple(missing),
        status=_line(item.get("STATUSQ")),
    )


def parse_list_page(data: Any) -> tuple[int, int, list[dict]]:
    """Return (start, total, items) of one page of ``/v0/qrva?leg=N&start=K``."""
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise FetchProblem(
            f"de lijst van {SERVICE.lower()} mist het veld 'items'; controleer het adres (--api)."
        )
    try:
        start, total = int(data.get("start") or 0), int(data.get("total") or 0)
    except (TypeError, ValueError):
        raise FetchProblem("de lijst van de Kamer heeft een onleesbaar 'start' of 'total'.") from None
    return start, total, [i for i in data["items"] if isinstance(i, dict)]


def item_name(item: dict) -> str | None:
    """Return the document name of a list item (``SDOCNAME``, else the end of its link)."""
    name = _line(item.get("SDOCNAME"))
    if name:
        return name
    link = item.get("link")
    href = link.get("href") if isinstance(link, dict) else link
    if isinstance(href, str) and "/qrva/" in href:
        return href.rstrip("/").rsplit("/", 1)[-1]
    return None


def session_overlaps(name: str, date_from: date, date_to: date) -> bool:
    """Return False when the document name's session year lies wholly outside the period.

    A name ends in the session's two years and a number (``...-2022202301234``: session
    2022-2023, which runs from the second Tuesday of October); anything else is kept.
    """
    match = re.search(r"-(\d{4})(\d{4})\d{5}$", name)
    if not match:
        return True
    first, second = int(match.group(1)), int(match.group(2))
    if second != first + 1:
        return True
    return not (date_to < date(first, 9, 1) or date_from > date(second, 10, 31))


def list_questions(
    legislature: int, *, api: str | None = None, timeout: float | None = None, client=None
):
    """Yield every list item of a legislature's questions, page after page (``start``)."""
    from pqassist.fetch.client import open_client

    url = f"{api_base(api)}{LIST_PATH}"
    with open_client(client, timeout, SERVICE) as http:
        offset, pages = 0, 0
        while True:
            data = http.get_json(url, params={"leg": legislature, "start": offset},
                                 what=f"de lijst van zittingsperiode {legislature} (vanaf {offset})")
            start, total, items = parse_list_page(data)
            yield from items
            pages += 1
            offset = start + len(items)
            if not items or offset >= total:
                return
            if pages >= LIST_CAP:
                raise FetchProblem(
                    f"de lijst van zittingsperiode {legislature} telt meer dan {LIST_CAP} pagina's; "
                    "kies een kortere periode."
                )


def search_kamer(
    legislature: int,
    date_from: date,
    date_to: date,
    *,
    questioner: str,
    api: str | None = None,
    timeout: float | None = None,
    known=None,
    client=None,
) -> list[KamerRecord]:
    """Return the records of ``questioner``'s questions filed from ``date_from`` to ``date_to``.

    A list item that carries ``AUT`` and ``DEPOTDAT`` is filtered before its record is read;
    ``known(name)`` may return a record already stored (answered questions need no new look).
    """
    from pqassist.fetch.client import open_client
    from pqassist.fetch.vlaams import _matches

    found = []
    with open_client(client, timeout, SERVICE) as http:
        for item in list_questions(legislature, api=api, client=http):
            name = item_name(item)
            if not name:
                continue
            if not session_overlaps(name, date_from, date_to):
                continue
            author, _ = _author(item.get("AUT"))
            filed = parse_date(_line(item.get("DEPOTDAT")))
            if author is not None and not _matches(author, questioner):
                continue
            if filed is not None and not date_from <= filed <= date_to:
                continue
            record = known(name) if known else None
            if record is None:
                record = get_kamer_record(name, api=api, client=http)
            if not _matches(record.meta.questioner, questioner):
                continue
            if record.meta.asked_on and not date_from <= record.meta.asked_on <= date_to:
                continue
            found.append(record)
    return found


def get_kamer_record(
    id_or_url: str, *, api: str | None = None, timeout: float | None = None, client=None
) -> KamerRecord:
    """Return the record of one Chamber question, by document name or URL."""
    from pqassist.fetch.client import open_client

    name = document_name(id_or_url)
    url = f"{api_base(api)}{RECORD_PATH}{name}"
    with open_client(client, timeout, SERVICE) as http:
        data = http.get_json(url, what=f"Kamervraag {name}")
    return parse_kamer_record(data, name=name, url=url)


def fetch_kamer_dossier(
    id_or_url: str, *, api: str | None = None, timeout: float | None = None
) -> Dossier:
    """Return the dossier of one Chamber question, fetched by document name or URL."""
    from pqassist.fetch.dossier import dossier_from_texts, missing_notice

    record = get_kamer_record(id_or_url, api=api, timeout=timeout)
    notices = [missing_notice("Het record van de Kamer", record.missing)]
    if not record.answer:
        notices.append("De Kamer heeft (nog) geen antwoord op deze vraag gepubliceerd.")
    return dossier_from_texts(record.question, record.answer, record.meta, notices=notices)


# -- helpers ----------------------------------------------------------------------------


def _item(data: Any, name: str) -> dict:
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        items = [i for i in data["items"] if isinstance(i, dict)]
        if not items:
            raise FetchProblem(f"{SERVICE} kent Kamervraag {name} niet (lege lijst 'items').")
        return items[0]
    if isinstance(data, dict) and ("TEXTQN" in data or "SDOCNAME" in data or "ID" in data):
        return data
    kind = "een lijst" if isinstance(data, list) else type(data).__name__
    if isinstance(data, dict):
        raise FetchProblem(
            f"het antwoord van {SERVICE.lower()} voor {name} mist het veld 'items'; "
            "controleer het adres (--api)."
        )
    raise FetchProblem(
        f"{SERVICE} gaf voor {name} een onverwachte vorm terug ({kind} in plaats van een object)."
    )


def field_text(value: Any) -> str:
    """Return the text of a record field: a string, ``{"br": [...]}`` or a list of those."""
    if value is None:
        return ""
    if isinstance(value, dict):
        for key in ("br", "p", "#text", "text", "value"):
            if key in value:
                return field_text(value[key])
        return ""
    if isinstance(value, list):
        return "\n".join(t for t in (field_text(v) for v in value) if t)
    text = str(value)
    text = re.sub(r"<br\s*/?>", "\n", text, flags=re.I)
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    lines = [" ".join(line.split()) for line in text.replace("\r", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _line(value: Any) -> str | None:
    text = " ".join(field_text(value).split())
    return text or None


def _author(value: Any) -> tuple[str | None, str | None]:
    """Return (name, party) from ``AUT`` such as "Nahima\\n Lanjri,\\n CD&V (07999)"."""
    text = _line(value)
    if not text:
        return None, None
    name, _, party = text.partition(",")
    party = re.sub(r"\(\d+\)", "", party).strip() or None
    return name.strip() or None, party
