"""What the review app tells the question list: a question's review opened, a follow-up drafted.

Both are quiet when the question is not in the list (a document opened from a file of
unknown origin): they return None and change nothing.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from pqassist.worklist.store import Store, qid_of


def question_of(meta, store: Store) -> str | None:
    """Return the list's id of the question ``meta`` describes, or None when it is not listed."""
    source = meta.source or ""
    if meta.parliament == "vlaams-parlement":
        match = re.search(r"/schv/(\d+)", source)
        if match and store.get(qid_of(meta.parliament, match.group(1))):
            return qid_of(meta.parliament, match.group(1))
    if meta.parliament == "kamer":
        match = re.search(r"/qrva/([0-9A-Za-z-]+)", source)
        if match and store.get(qid_of(meta.parliament, match.group(1))):
            return qid_of(meta.parliament, match.group(1))
    if meta.number:
        found = store.find(meta.parliament, meta.number)
        if found and (not meta.asked_on or not found.asked_on or found.asked_on == meta.asked_on):
            return found.qid
    return None


def note_opened(analysis, review_path: str | Path, *, store: Store | None = None,
                now: datetime | None = None) -> str | None:
    """Index the review of the opened ``analysis`` (file ``review_path``); return the question id."""
    from pqassist.worklist.listing import index_reviews

    store = store or Store()
    qid = question_of(analysis.dossier.meta, store)
    if qid is None:
        return None
    suggested = {item: s.verdict.value for item, s in analysis.suggestions.items() if s.verdict}
    store.note_review(qid, analysis.dossier.key, review_path, suggested, now=now)
    index_reviews(store, now=now)
    return qid


def note_draft(meta, path: str | Path, *, store: Store | None = None,
               now: datetime | None = None) -> str | None:
    """Record that a follow-up of the question ``meta`` describes was drafted to ``path``."""
    store = store or Store()
    qid = question_of(meta, store)
    if qid is not None:
        store.note_draft(qid, path, now=now)
    return qid
