"""One look at the member's list, as the command line and the app take it.

``open_list`` reads the request's dates, finds the member (by name, or by the Flemish
Parliament's member id), refreshes the stored questions from open data (unless offline),
recounts the gaps of the reviews, builds the rows and records the visit, so that answers
that arrive before the next look are shown as new.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from pqassist.errors import PqassistError
from pqassist.worklist.listing import Row, build_rows, index_reviews, sort_rows, suggested_of, to_check_of
from pqassist.worklist.store import Store
from pqassist.worklist.sync import member_key, refresh

DEFAULT_DAYS = 61
REVIEWS_ENV = "PQASSIST_REVIEWS"


class WorklistProblem(PqassistError, ValueError):
    """The question list was asked for with input it cannot use."""


@dataclass(frozen=True)
class WorklistRequest:
    """What the staffer asks for: whose questions, which period, which view."""

    questioner: str | None = None
    member_id: str | None = None
    date_from: date | str | None = None
    date_to: date | str | None = None
    today: date | str | None = None
    parliaments: tuple[str, ...] = ("vlaams-parlement", "kamer")
    statuses: tuple[str, ...] = ()
    sort: str = "status"
    offline: bool = False
    reviews: str | Path | None = None
    db: str | Path | None = None
    vp_api: str | None = None
    kamer_api: str | None = None
    legislature: int | None = None
    cache: str | Path | None = None
    timeout: float | None = None


@dataclass
class ListResult:
    """The rows to show, for whom and when, the previous visit and what went wrong."""

    questioner: str
    date_from: date
    date_to: date
    today: date
    rows: list[Row]
    since: str | None
    problems: list[str] = field(default_factory=list)

    @property
    def new(self) -> list[Row]:
        """Return the rows answered since the previous visit."""
        return [r for r in self.rows if r.new]


def open_list(request: WorklistRequest, *, store: Store | None = None,
              now: datetime | None = None) -> ListResult:
    """Return the member's list for ``request``, refreshed unless offline; record the visit."""
    need("holidays", "batch")
    if not request.offline:
        need("httpx", "fetch")
    today = _day(request.today, "--today") or date.today()
    date_to = _day(request.date_to, "--to") or today
    date_from = _day(request.date_from, "--from") or date_to - timedelta(days=DEFAULT_DAYS)
    if date_to < date_from:
        raise WorklistProblem(
            f"de periode loopt achteruit ({date_from} tot {date_to}); wissel --from en --to."
        )
    if request.timeout is not None and not 0 < request.timeout <= 600:
        raise WorklistProblem("--timeout moet tussen 0 en 600 seconden liggen.")
    if store is None:
        with Store(request.db) as own:
            return open_list(request, store=own, now=now)
    name, problems = _member_name(request, store)
    if not request.offline:
        outcome = refresh(
            store, name, date_from, date_to, parliaments=request.parliaments, today=today,
            vp_api=request.vp_api, kamer_api=request.kamer_api, legislature=request.legislature,
            cache_dir=request.cache, timeout=request.timeout, now=now,
            member_id=request.member_id,
        )
        problems += outcome.problems
    index_folder(store, request.reviews)
    index_reviews(store, now=now)
    key = member_key(name)
    since = store.last_visit(key)
    rows = build_rows(store, name, date_from, date_to, today=today, since=since,
                      parliaments=request.parliaments)
    store.note_visit(key, now=now)
    try:
        rows = sort_rows(rows, request.sort, request.statuses or None)
    except ValueError:
        raise WorklistProblem(f"onbekende sortering {request.sort!r}.") from None
    return ListResult(name, date_from, date_to, today, rows, since, problems)


def need(module: str, extra: str) -> None:
    """Raise WorklistProblem naming the extra to install when ``module`` is missing."""
    import importlib.util

    if importlib.util.find_spec(module) is None:
        raise WorklistProblem(
            f"de vragenlijst heeft het pakket '{module}' nodig: installeer pqassist[{extra}] "
            f"(pip install 'pqassist[{extra}]')."
        )


def index_folder(store: Store, folder: str | Path | None) -> None:
    """Point indexed reviews at ``folder/<key>.review.json`` when their noted file is gone."""
    folder = Path(folder or os.environ.get(REVIEWS_ENV) or "reviews")
    for row in store.reviews():
        if Path(row["review_path"]).exists():
            continue
        candidate = folder / f"{row['dossier_key']}.review.json"
        if candidate.exists():
            try:
                noted = suggested_of(row["suggested"]), to_check_of(row["to_check"])
            except PqassistError:  # a damaged note: the counts stay unknown until the review is opened again
                noted = {}, []
            store.note_review(row["qid"], row["dossier_key"], candidate, *noted)


def _member_name(request: WorklistRequest, store: Store) -> tuple[str, list[str]]:
    """Return the member's name (looked up by id when needed) and any problem met."""
    if request.questioner and request.questioner.strip():
        return " ".join(request.questioner.split()), []
    mid = str(request.member_id or "").strip()
    if not mid:
        raise WorklistProblem("geef een parlementslid: --questioner NAAM of --member-id ID.")
    if not mid.isdigit():
        raise WorklistProblem(f"'{mid}' is geen id van een parlementslid; geef een getal.")
    for q in store.questions():
        if q.questioner_id == mid and q.questioner:
            if request.offline:
                return q.questioner, []
            break
    if request.offline:
        raise WorklistProblem(
            f"parlementslid {mid} staat nog niet in de lijst; haal de vragen eerst op (zonder --offline)."
        )
    from pqassist.fetch.vlaams import get_member

    member = get_member(mid, api=request.vp_api, timeout=request.timeout)
    if not member.name:
        raise WorklistProblem(f"parlementslid {mid} heeft geen naam in de open data.")
    return member.name, []


def _day(value, option: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    from pqassist.fetch.vlaams_records import parse_date

    parsed = parse_date(value)
    if parsed is None:
        raise WorklistProblem(f"onleesbare datum bij {option}: {value!r}; schrijf ze als 2024-03-01.")
    return parsed
