"""What the review app tells the question list: a question's review opened, a follow-up drafted.

Both are quiet when the question is not in the list (a document opened from a file of
unknown origin), when there is no list yet (nobody ran ``pqassist werklijst`` or the tab),
or when the list's file cannot be written (logged as a warning): they return None and the
review goes on. The app calls them after opening a question and after an export.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime
from pathlib import Path

from pqassist.worklist.store import Store, StoreProblem, default_path, qid_of

LOG = logging.getLogger(__name__)


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

    store = store or _existing()
    if store is None:
        return None
    qid = question_of(analysis.dossier.meta, store)
    if qid is None:
        return None
    suggested = {item: s.verdict.value for item, s in analysis.suggestions.items() if s.verdict}
    to_check = [item for item, s in analysis.suggestions.items() if s.to_check]
    try:
        store.note_review(qid, analysis.dossier.key, review_path, suggested, to_check, now=now)
        index_reviews(store, now=now)
    except StoreProblem as exc:
        LOG.warning("the question list was not updated: %s", exc)
        return None
    return qid


def note_draft(meta, path: str | Path, *, store: Store | None = None,
               now: datetime | None = None) -> str | None:
    """Record that a follow-up of the question ``meta`` describes was drafted to ``path``."""
    store = store or _existing()
    if store is None:
        return None
    qid = question_of(meta, store)
    if qid is None:
        return None
    try:
        store.note_draft(qid, path, now=now)
    except StoreProblem as exc:
        LOG.warning("the question list was not updated: %s", exc)
        return None
    return qid


def _existing() -> Store | None:
    """Return the user's list when its file exists (never create one from the review app)."""
    if not default_path().exists():
        return None
    try:
        return Store()
    except StoreProblem as exc:
        LOG.warning("the question list cannot be opened: %s", exc)
        return None
