"""Bring a member's written questions from open data into the list (``Store``).

Flemish Parliament: the search over the period (one month per call, so no call reaches the
service's cap) filtered on the member's name gives number, title, minister and the dates
asked and answered from the search tags; the record of each question not yet known as
answered adds ``tijdig``, ``soort-antwoord`` and the member's id; the question's document
is read once (from the download cache) for the text that may cite an earlier question.
Federal Chamber: the legislature's list (``/v0/qrva?leg=N&start=K``) and the records of
the member's questions; answered questions already stored are not asked for again.

Afterwards every stored question of the member whose text cites one of their earlier
written questions is linked to it (``chains``).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from pqassist.errors import FetchProblem
from pqassist.worklist.chains import find_citations, pick_original
from pqassist.worklist.store import Question, Store, qid_of

VP = "vlaams-parlement"
KAMER = "kamer"
# Legislatures of the Chamber by their first day (54: 2014, 55: 2019, 56: 2024).
ANSWER_WINDOW = 183  # days after the period in which answers are still looked for
LEGISLATURES = ((56, date(2024, 7, 1)), (55, date(2019, 6, 20)), (54, date(2014, 6, 19)))


@dataclass
class Outcome:
    """What one refresh did: questions seen, answers newly seen, links made, problems met."""

    seen: int = 0
    new_answers: int = 0
    linked: int = 0
    problems: list[str] = field(default_factory=list)


def member_key(name: str) -> str:
    """Return the folded form of a member's name, used to key visits."""
    decomposed = unicodedata.normalize("NFKD", " ".join(name.split()).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def legislatures(date_from: date, date_to: date) -> list[int]:
    """Return the Chamber legislatures that overlap the period, oldest first."""
    found, next_first = [], None
    for number, first in LEGISLATURES:  # newest first
        last = next_first - timedelta(days=1) if next_first else date.max
        if first <= date_to and last >= date_from:
            found.append(number)
        next_first = first
    return sorted(found)


def refresh(
    store: Store,
    questioner: str,
    date_from: date,
    date_to: date,
    *,
    parliaments=(VP, KAMER),
    today: date | None = None,
    vp_api: str | None = None,
    kamer_api: str | None = None,
    legislature: int | None = None,
    cache_dir: str | Path | None = None,
    timeout: float | None = None,
    now: datetime | None = None,
    member_id: str | None = None,
) -> Outcome:
    """Fetch the member's questions asked in the period into ``store``; return what happened.

    A service that cannot be reached is reported in ``Outcome.problems`` and the other one
    still refreshed; the list then shows what is stored.
    """
    today = today or date.today()
    outcome = Outcome()
    for parliament in parliaments:
        try:
            if parliament == VP:
                _refresh_vp(store, questioner, date_from, date_to, today, vp_api, cache_dir,
                            timeout, now, outcome, member_id)
            elif parliament == KAMER:
                _refresh_kamer(store, questioner, date_from, date_to, kamer_api, legislature,
                               timeout, now, outcome)
        except FetchProblem as exc:
            outcome.problems.append(str(exc))
    outcome.linked = link_citations(store, questioner)
    return outcome


def _refresh_vp(store, questioner, date_from, date_to, today, api, cache_dir, timeout, now,
                outcome, member_id) -> None:
    from pqassist.fetch.client import Client, Settings
    from pqassist.fetch.vlaams import get_record, search
    from pqassist.fetch.vlaams_records import SERVICE

    settings = Settings() if timeout is None else Settings(deadline=float(timeout))
    with Client(SERVICE, settings) as http:
        hits = {}
        # answers are published after the period: search on (half a year at most), a month a time
        last = min(max(date_to, today), date_to + timedelta(days=ANSWER_WINDOW))
        for start, end in _months(date_from, last):
            for hit in search(start, end, questioner=questioner, api=api, client=http):
                hits.setdefault(hit.id, hit)
        for hit in hits.values():
            if hit.asked is not None and not date_from <= hit.asked <= date_to:
                continue
            qid = qid_of(VP, hit.id)
            known = store.get(qid)
            question = Question(
                qid=qid, parliament=VP, source_id=hit.id, number=hit.number, title=hit.title,
                questioner=hit.questioner, minister=hit.minister, asked_on=hit.asked,
                answered_on=hit.answered, session=hit.session, url=hit.record_url,
                document_url=hit.document_url,
            )
            if known is None or known.answered_on is None or known.timely is None:
                question = _with_record(question, get_record(hit.id, api=api, client=http))
            if member_id and question.questioner_id and question.questioner_id != str(member_id):
                continue
            if question.asked_on is not None and not date_from <= question.asked_on <= date_to:
                continue
            if (known is None or not known.text) and question.document_url:
                question = _with_text(question, http, cache_dir, outcome)
            outcome.seen += 1
            outcome.new_answers += store.upsert(question, now=now)


def _with_record(question: Question, record) -> Question:
    import dataclasses

    meta = record.meta
    return dataclasses.replace(
        question,
        number=question.number or meta.number,
        title=question.title or meta.title,
        questioner=question.questioner or meta.questioner,
        questioner_id=record.questioner_id,
        minister=question.minister or meta.addressee,
        asked_on=question.asked_on or meta.asked_on,
        answered_on=question.answered_on or meta.answered_on,
        timely=record.timely,
        answer_kind=record.answer_kind,
        session=question.session or meta.session,
        url=record.url,
        document_url=record.documents[0] if record.documents else question.document_url,
    )


def _with_text(question: Question, http, cache_dir, outcome: Outcome) -> Question:
    """Return ``question`` with the text of its document (cached); unchanged when unreadable."""
    import dataclasses

    from pqassist.errors import PqassistError
    from pqassist.fetch.cache import READABLE, DocumentCache, default_cache_dir
    from pqassist.read.document import read_text

    cache = DocumentCache(cache_dir or default_cache_dir(VP))
    try:
        path = cache.fetch(question.document_url, http, what=f"het document van vraag "
                           f"{question.number or question.source_id}", accept=READABLE)
        text = read_text(path)
    except PqassistError as exc:
        outcome.problems.append(str(exc))
        return question
    return dataclasses.replace(question, text=text[:20_000])


def _refresh_kamer(store, questioner, date_from, date_to, api, legislature, timeout, now,
                   outcome) -> None:
    from pqassist.fetch.kamer import search_kamer

    def known(name: str):
        stored = store.get(qid_of(KAMER, name))
        return _Stored(stored) if stored is not None and stored.answered_on else None

    for leg in [legislature] if legislature else legislatures(date_from, date_to):
        for record in search_kamer(leg, date_from, date_to, questioner=questioner, api=api,
                                   timeout=timeout, known=known):
            meta = record.meta
            question = Question(
                qid=qid_of(KAMER, record.id), parliament=KAMER, source_id=record.id,
                number=meta.number, title=meta.title, questioner=meta.questioner,
                party=meta.party, minister=meta.addressee_title, asked_on=meta.asked_on,
                answered_on=meta.answered_on, deadline=meta.deadline, session=meta.session,
                url=meta.source, text=record.question[:20_000] or None,
            )
            outcome.seen += 1
            outcome.new_answers += store.upsert(question, now=now)


class _Stored:
    """A stored Chamber question dressed as a record, so answered ones are not asked again."""

    def __init__(self, q: Question) -> None:
        from pqassist.model import Meta

        self.id = q.source_id
        self.question = q.text or ""
        self.meta = Meta(parliament=KAMER, number=q.number, asked_on=q.asked_on,
                         answered_on=q.answered_on, questioner=q.questioner, party=q.party,
                         addressee_title=q.minister, title=q.title, session=q.session,
                         deadline=q.deadline, source=q.url)


def link_citations(store: Store, questioner: str | None = None) -> int:
    """Link every stored question that cites an earlier one of the same member; return how many."""
    questions = store.questions()
    existing = {row["followup_qid"] for row in store.links()}
    made = 0
    for q in questions:
        if not q.text or q.qid in existing or not q.questioner:
            continue
        if questioner and not named(q.questioner, questioner):
            continue
        for citation in find_citations(q.text):
            candidates = [
                c for c in questions
                if c.parliament == q.parliament and c.number == citation.number and c.qid != q.qid
                and c.questioner and _same_member(c.questioner, member_key(q.questioner))
            ]
            original = pick_original(citation, candidates, before=q.asked_on)
            if original is not None:
                store.link(q.qid, original.qid, "citaat", citation.text)
                made += 1
                break
    return made


def _same_member(name: str, key: str) -> bool:
    words = set(member_key(name).replace(",", " ").split())
    return words == set(key.replace(",", " ").split())


def named(name: str | None, wanted: str) -> bool:
    """Return True when every word of ``wanted`` (case and accents ignored) is in ``name``."""
    if not name:
        return False
    words = set(member_key(name).replace(",", " ").split())
    return set(member_key(wanted).replace(",", " ").split()) <= words


def _months(start: date, end: date):
    """Yield (first, last) day pairs covering ``start``..``end`` one calendar month at a time."""
    day = start
    while day <= end:
        nxt = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
        yield day, min(end, nxt - timedelta(days=1))
        day = nxt
