"""Answer timeliness: delay in working days and the parliament's answer term.

The terms live in ``pqassist/data/terms.csv`` with the rule they come from and
whether that rule was checked (``verified``). Working days skip weekends and the
national public holidays of the ``holidays`` package (Belgium for the Flemish
Parliament and the federal Chamber, the Netherlands for the Tweede Kamer);
regional days such as 11 July and parliamentary recesses are not counted as days
off. Nothing here guesses: an unknown date gives ``None`` and a status that says
which date is missing.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from pathlib import Path

from pqassist.errors import BatchProblem
from pqassist.model import Meta

UNITS = ("werkdagen", "weken", "kalenderdagen")

STATUS_ON_TIME = "tijdig"
STATUS_LATE = "te laat"
STATUS_NO_ANSWER = "geen antwoord"
STATUS_NO_ANSWER_DATE = "antwoorddatum onbekend"
STATUS_NO_ASKED_DATE = "indieningsdatum onbekend"
STATUS_NO_TERM = "termijn onbekend"
STATUS_BAD_DATES = "antwoorddatum vóór indieningsdatum"

# The Aanhangsel prints "Zie ook Aanhangsel Handelingen, vergaderjaar ..., nr. N" under
# the answer heading when a postponement notice (uitstelbericht) was published.
_POSTPONEMENT = re.compile(r"Zie\s+ook\s+Aanhangsel\s+Handelingen", re.IGNORECASE)
_HEADER_CHARS = 3000


@dataclass(frozen=True)
class Term:
    """One parliament's answer term, with the rule it comes from."""

    parliament: str
    term: int
    unit: str
    postponed_term: int | None
    holidays: str
    verified: bool
    cite: str
    rule: str
    source: str

    @property
    def label(self) -> str:
        """Return the term in words, e.g. ``"20 werkdagen"``."""
        return f"{self.term} {self.unit}"


@dataclass(frozen=True)
class Timeliness:
    """How long an answer took and whether it came within the term."""

    asked_on: date | None
    answered_on: date | None
    deadline: date | None
    delay_working_days: int | None
    delay_days: int | None
    late: bool | None
    term: str | None
    term_source: str | None
    term_verified: bool | None
    postponed: bool | None
    status: str

    def to_row(self) -> dict:
        """Return the fields as a flat dict for the documents table."""
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def load_terms(path: str | Path | None = None) -> dict[str, Term]:
    """Return the terms table (``pqassist/data/terms.csv`` or ``path``) keyed by parliament."""
    if path is None:
        text = resources.files("pqassist.data").joinpath("terms.csv").read_text("utf-8")
    else:
        try:
            text = Path(path).read_text("utf-8")
        except OSError as exc:
            raise BatchProblem(f"de termijnentabel {path} kan niet gelezen worden: {exc}") from exc
    terms = {}
    for line, row in enumerate(csv.DictReader(text.splitlines()), start=2):
        try:
            term = Term(
                parliament=row["parliament"].strip(),
                term=int(row["term"]),
                unit=_unit(row["unit"]),
                postponed_term=int(row["postponed_term"]) if row.get("postponed_term") else None,
                holidays=row["holidays"].strip().upper(),
                verified=row["verified"].strip().lower() in ("ja", "yes", "true", "1"),
                cite=row.get("cite") or row["parliament"],
                rule=row.get("rule") or "",
                source=row.get("source") or "",
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise BatchProblem(
                f"de termijnentabel is ongeldig op regel {line} ({exc}); verwacht de kolommen "
                "parliament, term, unit, postponed_term, holidays, verified, cite, rule, source"
            ) from exc
        terms[term.parliament] = term
    return terms


def override_term(terms: dict[str, Term], spec: str) -> dict[str, Term]:
    """Return ``terms`` with one term replaced as ``spec`` says (``"kamer=20"``, ``"kamer=4weken"``).

    An override is always marked unverified, with the user named as its source.
    """
    match = re.fullmatch(r"\s*([\w-]+)\s*=\s*(\d+)\s*([a-z]*)\s*", spec or "")
    if not match:
        raise BatchProblem(
            f"ongeldige termijn {spec!r}: schrijf PARLEMENT=AANTAL[EENHEID], bv. kamer=20 of kamer=4weken"
        )
    parliament, number, unit = match.group(1), int(match.group(2)), match.group(3)
    base = terms.get(parliament) or Term(
        parliament, number, "werkdagen", None, _country_of(parliament) or "BE", False, "", "", ""
    )
    new = replace(
        base,
        term=number,
        unit=_unit(unit) if unit else base.unit,
        verified=False,
        cite="opgegeven door de gebruiker",
        rule=f"termijn opgegeven door de gebruiker ({spec.strip()})",
        source="opgegeven bij het starten van de batch",
    )
    return {**terms, parliament: new}


def _unit(text: str) -> str:
    unit = (text or "").strip().lower()
    aliases = {"werkdag": "werkdagen", "wd": "werkdagen", "week": "weken", "w": "weken",
               "dagen": "kalenderdagen", "dag": "kalenderdagen", "d": "kalenderdagen"}
    unit = aliases.get(unit, unit)
    if unit not in UNITS:
        raise BatchProblem(f"onbekende eenheid {text!r}; kies uit {', '.join(UNITS)}")
    return unit


@lru_cache(maxsize=64)
def _holidays(country: str, year: int) -> frozenset[date]:
    import holidays

    return frozenset(holidays.country_holidays(country, years=year).keys())


def is_working_day(day: date, country: str) -> bool:
    """Return True when ``day`` is neither a weekend day nor a public holiday in ``country``."""
    return day.weekday() < 5 and day not in _holidays(country, day.year)


def working_days_between(start: date, end: date, country: str) -> int:
    """Return the number of working days after ``start`` up to and including ``end``.

    The day a question is sent does not count; the day the answer arrives does. Negative
    when ``end`` lies before ``start``.
    """
    if end < start:
        return -working_days_between(end, start, country)
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_working_day(day, country)
    return count


def add_working_days(start: date, days: int, country: str) -> date:
    """Return the date of the ``days``-th working day after ``start``."""
    day, left = start, days
    while left > 0:
        day += timedelta(days=1)
        left -= is_working_day(day, country)
    return day


def deadline_for(asked_on: date, term: Term, *, postponed: bool = False) -> date:
    """Return the last day on which an answer to a question of ``asked_on`` is on time."""
    amount = term.postponed_term if postponed and term.postponed_term else term.term
    if term.unit == "werkdagen":
        return add_working_days(asked_on, amount, term.holidays)
    if term.unit == "weken":
        return asked_on + timedelta(weeks=amount)
    return asked_on + timedelta(days=amount)


def postponement_notice(text: str | None) -> bool | None:
    """Return True when the document's heading cites a postponement notice, False when not.

    Tweede Kamer answers print "Zie ook Aanhangsel Handelingen ..., nr. N" under their
    heading when an uitstelbericht was published; None when there is no text to look at.
    """
    if not text:
        return None
    return bool(_POSTPONEMENT.search(text[:_HEADER_CHARS]))


def assess(
    meta: Meta,
    *,
    has_answer: bool = True,
    text: str | None = None,
    terms: dict[str, Term] | None = None,
) -> Timeliness:
    """Return the timeliness of the answer described by ``meta``.

    ``text`` is the document's text, used only to see a Tweede Kamer postponement notice.
    A deadline in the record (``meta.deadline``) wins over the terms table.
    """
    terms = load_terms() if terms is None else terms
    term = terms.get(meta.parliament)
    country = term.holidays if term else _country_of(meta.parliament)
    postponed = postponement_notice(text) if term and term.postponed_term else None

    if meta.deadline is not None:
        deadline = meta.deadline
        label, source, verified = "uiterste datum uit het record", "deadline in het record", True
    elif term is not None and meta.asked_on is not None:
        deadline = deadline_for(meta.asked_on, term, postponed=bool(postponed))
        label = term.label
        if postponed:
            label = f"{term.postponed_term} {term.unit} (na uitstelbericht)"
        source, verified = term.cite, term.verified
    else:
        deadline, label = None, term.label if term else None
        source, verified = (term.cite, term.verified) if term else (None, None)

    delay_wd = delay_days = late = None
    if not has_answer and meta.answered_on is None:
        status = STATUS_NO_ANSWER
    elif meta.asked_on is None:
        status = STATUS_NO_ASKED_DATE
    elif meta.answered_on is None:
        status = STATUS_NO_ANSWER_DATE
    elif meta.answered_on < meta.asked_on:
        status = STATUS_BAD_DATES
    else:
        delay_days = (meta.answered_on - meta.asked_on).days
        delay_wd = working_days_between(meta.asked_on, meta.answered_on, country) if country else None
        if deadline is None:
            status = STATUS_NO_TERM
        else:
            late = meta.answered_on > deadline
            status = STATUS_LATE if late else STATUS_ON_TIME
    return Timeliness(
        asked_on=meta.asked_on,
        answered_on=meta.answered_on,
        deadline=deadline,
        delay_working_days=delay_wd,
        delay_days=delay_days,
        late=late,
        term=label,
        term_source=source,
        term_verified=verified,
        postponed=postponed,
        status=status,
    )


def _country_of(parliament: str) -> str | None:
    return {"vlaams-parlement": "BE", "kamer": "BE", "tweede-kamer": "NL"}.get(parliament)
