"""The list's SQLite file survives the app and the command line writing at the same time."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

# What the app does while a staffer works: questions refreshed, reviews indexed, drafts noted.
APP_WRITER = textwrap.dedent(
    """
    import sys
    from datetime import date, timedelta
    from pqassist.worklist.store import Question, Store

    store = Store(sys.argv[1])
    tag = sys.argv[2]
    for n in range(int(sys.argv[3])):
        qid = f"vlaams-parlement:{tag}{n}"
        store.upsert(Question(qid, "vlaams-parlement", f"{tag}{n}", number=str(n),
                              questioner="Annelies Vermeulen", asked_on=date(2024, 3, 1) + timedelta(n % 50)))
        store.upsert(Question(qid, "vlaams-parlement", f"{tag}{n}", answered_on=date(2024, 5, 1)))
        store.note_review(qid, f"k{tag}{n}", f"/nowhere/{tag}{n}.review.json", {"1": "referral"})
        store.note_draft(qid, f"/nowhere/{tag}{n}.docx")
    print("klaar")
    """
)


def _env(db: Path) -> dict:
    env = {**os.environ, "PQASSIST_DB": str(db), "PYTHONWARNINGS": "error"}
    env.pop("CI", None)
    return env


def test_app_and_cli_write_at_once(tmp_path):
    db = tmp_path / "lijst.sqlite"
    env = _env(db)
    writes = 80
    cli = [sys.executable, "-m", "pqassist.cli", "werklijst", "--questioner", "Annelies Vermeulen",
           "--from", "2024-03-01", "--to", "2024-04-30", "--today", "2024-05-06", "--offline",
           "--reviews", str(tmp_path / "reviews")]
    procs = [
        subprocess.Popen([sys.executable, "-c", APP_WRITER, str(db), "a", str(writes)], env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True),
        subprocess.Popen([sys.executable, "-c", APP_WRITER, str(db), "b", str(writes)], env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True),
    ]
    cli_runs = []
    for _ in range(3):  # the command line, run again and again while the app writes
        cli_runs.append(subprocess.run(cli, env=env, capture_output=True, text=True, timeout=120))
    outputs = [p.communicate(timeout=180) for p in procs]
    for proc, (out, err) in zip(procs, outputs):
        assert proc.returncode == 0, err
        assert out.strip() == "klaar"
    for run in cli_runs:
        assert run.returncode == 0, run.stderr
        assert "Schriftelijke vragen van Annelies Vermeulen" in run.stdout
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT COUNT(*) FROM questions").fetchone()[0] == 2 * writes
        assert conn.execute("SELECT COUNT(*) FROM questions WHERE answer_seen IS NULL").fetchone()[0] == 0
        assert conn.execute("SELECT COUNT(*) FROM drafts").fetchone()[0] == 2 * writes
        assert conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == 2 * writes
        assert conn.execute("SELECT COUNT(*) FROM visits").fetchone()[0] == len(cli_runs)
    # one more look after the writers: every question of the period is there
    final = subprocess.run(cli + ["--json"], env=env, capture_output=True, text=True, timeout=120)
    assert final.returncode == 0, final.stderr
    assert final.stdout.count('"qid"') == 2 * writes  # all asked from 1 March to 19 April


def test_two_processes_create_the_file_at_once(tmp_path):
    db = tmp_path / "nieuw" / "lijst.sqlite"
    env = _env(db)
    procs = [subprocess.Popen([sys.executable, "-c", APP_WRITER, str(db), tag, "5"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for tag in ("a", "b", "c")]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] >= 1
        assert conn.execute("SELECT COUNT(*) FROM questions").fetchone()[0] == 15
