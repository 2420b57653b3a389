"""The member's question list as rows: deadline, days waiting, status, gaps, follow-up.

Deadlines and days waiting come from ``pqassist.corpus.timeliness`` (working days without
weekends and public holidays; the term of ``pqassist/data/terms.csv``; a deadline in the
record wins). The status is one of ``STATUSES``; an answer first seen after the member's
previous visit is flagged new, and such rows come first. Gaps are recounted from the
review files (the source of the marks) with the suggestions noted when a review was opened,
and so are the items suggested with "te controleren" that the staffer has not judged yet.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import lru_cache
from datetime import date, datetime
from pathlib import Path

from pqassist.corpus.timeliness import assess, load_terms, working_days_between
from pqassist.model import Meta, Verdict
from pqassist.worklist.store import Question, Store

OPEN = "open"
ON_TIME = "tijdig beantwoord"
LATE = "te laat beantwoord"
OVERDUE = "over tijd"
UNKNOWN = "datum onbekend"
STATUSES = (OVERDUE, OPEN, LATE, ON_TIME, UNKNOWN)
SORTS = ("status", "datum", "wachttijd", "minister", "nummer")

COLUMNS = {  # row field -> Dutch column heading (the export and the tab use these)
    "new": "nieuw beantwoord",
    "parliament": "parlement",
    "number": "nummer",
    "title": "onderwerp",
    "asked_on": "gesteld op",
    "minister": "minister",
    "deadline": "uiterste datum",
    "answered_on": "beantwoord op",
    "days_waiting": "werkdagen",
    "status": "status",
    "gaps": "hiaten",
    "to_check": "te controleren",
    "draft": "opvolging opgesteld",
    "followup_number": "opvolgingsvraag nr.",
    "follows_up": "volgt op nr.",
    "questioner": "vraagsteller",
    "qid": "id",
}
COUNTS = ("days_waiting", "gaps", "to_check")  # the columns that hold a count (or nothing)


@dataclass(frozen=True)
class Row:
    """One question in the member's list, ready to show or export."""

    qid: str
    parliament: str
    source_id: str
    number: str | None
    title: str | None
    questioner: str | None
    minister: str | None
    asked_on: date | None
    answered_on: date | None
    deadline: date | None
    days_waiting: int | None
    status: str
    new: bool
    gaps: int | None
    to_check: int | None  # items suggested "te controleren" the staffer has not judged yet
    draft: bool
    followup_number: str | None
    follows_up: str | None

    def to_json(self) -> dict:
        """Return the row as JSON-ready values (dates as ISO strings)."""
        out = asdict(self)
        for name in ("asked_on", "answered_on", "deadline"):
            out[name] = out[name].isoformat() if out[name] else None
        return out


def status_of(q: Question, today: date, terms=None, memo: dict | None = None) -> tuple[str, date | None, int | None]:
    """Return (status, deadline, working days waiting) of question ``q`` on ``today``.

    Waiting runs from the day asked to the answer, or to today while unanswered. The
    record's own ``tijdig`` (Flemish Parliament) wins over the computed verdict. ``memo``
    keeps computed timings between calls (questions asked on one day share a deadline).
    """
    key = (q.parliament, q.asked_on, q.answered_on, q.deadline)
    timing = memo.get(key) if memo is not None else None
    if timing is None:
        meta = Meta(parliament=q.parliament, asked_on=q.asked_on, answered_on=q.answered_on,
                    deadline=q.deadline)
        timing = assess(meta, has_answer=q.answered_on is not None, terms=terms)
        if memo is not None:
            memo[key] = timing
    deadline = timing.deadline
    if q.asked_on is None:
        return UNKNOWN, deadline, None
    end = q.answered_on or today
    waiting = _working_days(q.asked_on, end) if end >= q.asked_on else None
    if q.answered_on is not None:
        late = (not q.timely) if q.timely is not None else timing.late
        if late is None:
            return UNKNOWN, deadline, waiting
        return (LATE if late else ON_TIME), deadline, waiting
    if deadline is not None and today > deadline:
        return OVERDUE, deadline, waiting
    return OPEN, deadline, waiting


@lru_cache(maxsize=4096)
def _working_days(start: date, end: date) -> int:
    return working_days_between(start, end, "BE")  # both parliaments are Belgian


def build_rows(
    store: Store,
    questioner: str | None,
    date_from: date | None,
    date_to: date | None,
    *,
    today: date,
    since: str | None = None,
    parliaments=None,
    terms=None,
) -> list[Row]:
    """Return the member's questions asked in the period as rows (not yet sorted).

    ``since`` is the previous visit (ISO time): answers first seen after it are new.
    """
    from pqassist.worklist.sync import named

    terms = load_terms() if terms is None else terms
    everything = store.questions()
    by_qid = {q.qid: q for q in everything}
    links = store.links()
    original_of = {row["followup_qid"]: row["original_qid"] for row in links}
    followup_of: dict[str, str] = {}
    for row in links:
        followup_of.setdefault(row["original_qid"], row["followup_qid"])
    drafts = store.drafts()
    reviews = store.reviews()
    gaps = {row["qid"]: row["gaps"] for row in reviews}
    unchecked = {row["qid"]: row["unchecked"] for row in reviews}
    memo: dict = {}
    rows = []
    for q in everything:
        if questioner and not named(q.questioner, questioner):
            continue
        if parliaments and q.parliament not in parliaments:
            continue
        if q.asked_on and ((date_from and q.asked_on < date_from) or (date_to and q.asked_on > date_to)):
            continue
        status, deadline, waiting = status_of(q, today, terms, memo)
        follow = by_qid.get(followup_of.get(q.qid, ""))
        original = by_qid.get(original_of.get(q.qid, ""))
        rows.append(Row(
            qid=q.qid, parliament=q.parliament, source_id=q.source_id, number=q.number,
            title=q.title, questioner=q.questioner, minister=q.minister, asked_on=q.asked_on,
            answered_on=q.answered_on, deadline=deadline, days_waiting=waiting, status=status,
            new=answered_since(q, since),
            gaps=gaps.get(q.qid), to_check=unchecked.get(q.qid), draft=q.qid in drafts,
            followup_number=follow.number if follow else None,
            follows_up=original.number if original else None,
        ))
    return rows


def answered_since(q: Question, since: str | None) -> bool:
    """Return True when ``q``'s answer is news since the visit at ``since`` (ISO time).

    The answer was first seen after that visit, and either the question was already known
    then (it was open) or the answer is dated on or after that visit's day: a question first
    fetched now with an old answer (a longer period than last time) is not news.
    """
    if not since or not q.answer_seen or q.answer_seen <= since:
        return False
    known_before = bool(q.first_seen and q.first_seen <= since)
    return known_before or bool(q.answered_on and q.answered_on >= date.fromisoformat(since[:10]))


def sort_rows(rows: list[Row], by: str = "status", statuses=None) -> list[Row]:
    """Return ``rows`` filtered to ``statuses`` (None: all) and sorted; new answers first."""
    if by not in SORTS:
        raise ValueError(by)
    kept = [r for r in rows if not statuses or r.status in statuses]
    keys = {
        "status": lambda r: (STATUSES.index(r.status), -(r.days_waiting or 0)),
        "datum": lambda r: (-(r.asked_on or date.min).toordinal(),),
        "wachttijd": lambda r: (-(r.days_waiting or 0),),
        "minister": lambda r: ((r.minister or "").casefold(), (r.asked_on or date.min)),
        "nummer": lambda r: (r.parliament, int(r.number) if (r.number or "").isdigit() else 0),
    }
    return sorted(kept, key=lambda r: (not r.new, *keys[by](r), r.qid))


def index_reviews(store: Store, *, now: datetime | None = None) -> int:
    """Recount the gaps of every indexed review from its file, and the items still to check;
    return how many were read.

    A gap is an item whose verdict (the staffer's mark, else the suggestion noted when the
    review was opened) is a gap and that is not excluded from the follow-up, or that the
    staffer explicitly included. An item still to check was suggested with "te controleren"
    and has no verdict of the staffer's yet. A missing or unreadable review file leaves both
    counts unknown.
    """
    from pqassist.drafting.review import load_review
    from pqassist.errors import PqassistError

    read = 0
    for row in store.reviews():
        path = Path(row["review_path"])
        if not path.exists():
            store.set_gaps(row["qid"], None, now=now)
            continue
        try:
            review = load_review(path)
            # what was noted when the review was opened (a damaged note: both counts unknown)
            suggested, to_check = suggested_of(row["suggested"]), to_check_of(row["to_check"])
        except (PqassistError, OSError, ValueError):
            store.set_gaps(row["qid"], None, now=now)
            continue
        store.set_gaps(row["qid"], count_gaps(suggested, review), count_unchecked(to_check, review), now=now)
        read += 1
    return read


def count_gaps(suggested: dict[str, str], review) -> int:
    """Return the number of items that go into the follow-up, marks over suggestions."""
    count = 0
    for item_id in set(suggested) | {m.item_id for m in review.marks}:
        mark = review.mark(item_id)
        verdict = mark.verdict or Verdict.parse(suggested.get(item_id))
        include = mark.include if mark.include is not None else bool(verdict and verdict.is_gap)
        count += bool(include)
    return count


def count_unchecked(to_check, review) -> int:
    """Return how many of the items ``to_check`` the staffer has not given a verdict of their own."""
    return sum(review.mark(item_id).verdict is None for item_id in set(to_check))


def frame(rows: list[Row]):
    """Return the rows as a pandas DataFrame with Dutch column headings."""
    import pandas as pd

    data = [{COLUMNS[k]: v for k, v in r.to_json().items() if k in COLUMNS} for r in rows]
    table = pd.DataFrame(data, columns=list(COLUMNS.values()))
    for name in ("new", "draft"):
        table[COLUMNS[name]] = table[COLUMNS[name]].map({True: "ja", False: "nee"})
    for name in COUNTS:  # whole numbers, blank when unknown (not 2.0 beside an empty cell)
        table[COLUMNS[name]] = table[COLUMNS[name]].astype("Int64")
    return table


def export(rows: list[Row], path: str | Path) -> Path:
    """Write the rows to ``path`` (.xlsx or .csv) without overwriting; return the path written."""
    import io

    from pqassist.atomic import write_file
    from pqassist.errors import ExportProblem

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ExportProblem(f"kan de lijst niet als '{suffix or path.name}' bewaren; kies .xlsx of .csv.")
    try:
        table = frame(rows)
    except ImportError as exc:
        raise ExportProblem(f"exporteren vraagt het pakket '{exc.name}': installeer pqassist[batch].") from None
    buffer = io.BytesIO()
    if suffix == ".csv":
        buffer.write(table.to_csv(index=False).encode("utf-8-sig"))
    else:
        try:
            table.to_excel(buffer, index=False, sheet_name="Mijn vragen")
        except ImportError as exc:
            raise ExportProblem(f"exporteren naar .xlsx vraagt het pakket '{exc.name}': installeer "
                                "pqassist[batch].") from None
    try:
        return write_file(path, buffer.getvalue(), overwrite=False)
    except OSError as exc:
        raise ExportProblem(f"kan {path} niet schrijven: {exc}") from None


def suggested_of(text: str | None) -> dict:
    """Return the suggested verdicts stored with a review (item id -> verdict code)."""
    found = _noted(text)
    return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else {}


def to_check_of(text: str | None) -> list[str]:
    """Return the items noted with a review as suggested "te controleren" (a list of item ids)."""
    found = _noted(text)
    return [str(item) for item in found] if isinstance(found, list) else []


def _noted(text: str | None):
    """Return the JSON noted with a review in the list's file (None when nothing was noted);
    raise StoreProblem when it is not JSON."""
    from pqassist.jsonio import loads
    from pqassist.worklist.store import StoreProblem

    if not text:
        return None
    return loads(text, source="de werklijst", error=StoreProblem, hint="draai pqassist werklijst opnieuw")
