"""The question list's SQLite schema, one migration per version (``PRAGMA user_version``).

A migration is never edited once released: a change is a new entry at the end, which
``Store`` applies to older files inside one ``BEGIN IMMEDIATE`` transaction.
"""

from __future__ import annotations

MIGRATIONS: tuple[str, ...] = (
    # 1: questions, answers first seen, visits, reviews, drafts, links
    """
    CREATE TABLE questions (
        qid TEXT PRIMARY KEY,
        parliament TEXT NOT NULL,
        source_id TEXT NOT NULL,
        number TEXT,
        title TEXT,
        questioner TEXT,
        questioner_id TEXT,
        party TEXT,
        minister TEXT,
        asked_on TEXT,
        answered_on TEXT,
        deadline TEXT,
        timely INTEGER,
        answer_kind TEXT,
        session TEXT,
        url TEXT,
        document_url TEXT,
        text TEXT,
        first_seen TEXT NOT NULL,
        answer_seen TEXT,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX questions_by_questioner ON questions (questioner);
    CREATE TABLE visits (
        member TEXT NOT NULL,
        visited_at TEXT NOT NULL
    );
    CREATE INDEX visits_by_member ON visits (member, visited_at);
    CREATE TABLE reviews (
        qid TEXT PRIMARY KEY,
        dossier_key TEXT NOT NULL,
        review_path TEXT NOT NULL,
        suggested TEXT NOT NULL DEFAULT '{}',
        gaps INTEGER,
        opened_at TEXT NOT NULL,
        indexed_at TEXT
    );
    CREATE TABLE drafts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        qid TEXT NOT NULL,
        path TEXT NOT NULL,
        drafted_at TEXT NOT NULL
    );
    CREATE INDEX drafts_by_question ON drafts (qid);
    CREATE TABLE links (
        followup_qid TEXT PRIMARY KEY,
        original_qid TEXT NOT NULL,
        how TEXT NOT NULL,
        evidence TEXT
    );
    CREATE INDEX links_by_original ON links (original_qid);
    """,
    # 2: per review, the items suggested with "te controleren" and how many the staffer has not judged yet
    """
    ALTER TABLE reviews ADD COLUMN to_check TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE reviews ADD COLUMN unchecked INTEGER;
    """,
)
VERSION = len(MIGRATIONS)
