"""Hostile use of files: colleagues must be able to read what pqassist writes, and
processes killed while saving must not leave temporary files behind for good."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pqassist import atomic
from pqassist.drafting.review import ReviewStore, with_mark
from pqassist.model import Review

ROOT = Path(__file__).resolve().parents[1]
posix = pytest.mark.skipif(os.name != "posix", reason="file modes and kill -9 are POSIX")


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@posix
@pytest.mark.parametrize("mask", [0o022, 0o002, 0o077])
def test_files_follow_the_umask(tmp_path, mask):
    code = (
        "import os, sys\n"
        f"os.umask({mask})\n"
        "from pqassist import atomic\n"
        "from pqassist.drafting.review import ReviewStore, with_mark\n"
        "from pqassist.model import Review\n"
        "folder = sys.argv[1]\n"
        "atomic.write_file(folder + '/vraag.docx', b'x', overwrite=False)\n"
        "atomic.write_file(folder + '/vraag.docx', b'y', overwrite=False)\n"
        "ReviewStore(folder).save(with_mark(Review('k'), '1', note='n'))\n"
        "from pqassist.corpus.batch import write_batch\n"
        "write_batch([sys.argv[2]], folder + '/uit.csv', workers=1)\n"
    )
    rows = ROOT / "tests" / "fixtures" / "batch" / "kamer" / "kamer-2017-sample.jsonl"
    subprocess.run([sys.executable, "-c", code, str(tmp_path), str(rows)], check=True, cwd=ROOT, timeout=120)
    written = [p for p in tmp_path.iterdir() if not p.name.startswith(".")]
    assert {p.name for p in written} >= {"vraag.docx", "vraag (2).docx", "k.review.json", "uit.documents.csv"}
    for path in written:
        assert mode(path) == 0o666 & ~mask, (path.name, oct(mode(path)))


@posix
def test_kill_9_while_saving_leaves_nothing_behind_for_good(tmp_path):
    code = (
        "import sys\n"
        "from pqassist.drafting.review import ReviewStore, with_mark\n"
        "from pqassist.model import Review\n"
        "store = ReviewStore(sys.argv[1])\n"
        "review = Review('k', marks=tuple())\n"
        "big = 'x' * 200_000\n"
        "i = 0\n"
        "while True:\n"
        "    i += 1\n"
        "    store.save(with_mark(store.load('k'), str(i % 50), note=big + str(i)))\n"
    )
    start = time.monotonic()
    for kill in range(30):
        proc = subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], cwd=ROOT)
        time.sleep(0.6 + (kill % 5) * 0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    left = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    # Left-overs are possible right after kill -9; they carry the dead process's id and
    # are removed by the next write once they are old enough.
    for path in left:
        os.utime(path, (time.time() - atomic.STALE_SECONDS - 60,) * 2)
    review = ReviewStore(tmp_path).load("k")  # the file is always whole
    subprocess.run([sys.executable, "-c", "import sys\nfrom pqassist.drafting.review import ReviewStore, with_mark\n"
                    "s = ReviewStore(sys.argv[1]); s.save(with_mark(s.load('k'), 'x', note='na'))", str(tmp_path)],
                   check=True, cwd=ROOT, timeout=60)
    assert [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    assert review.dossier_key == "k"
    assert time.monotonic() - start < 120


def test_stale_rule_keeps_fresh_files_and_files_of_live_processes(tmp_path):
    old = time.time() - atomic.STALE_SECONDS - 10
    dead_pid = _dead_pid()
    dead = tmp_path / f".pqassist-{dead_pid}-abc123.tmp"
    live = tmp_path / f".pqassist-{os.getpid()}-def456.tmp"
    fresh = tmp_path / f".pqassist-{dead_pid}-ghi789.tmp"
    foreign = tmp_path / ".andere-123-abc.tmp"
    for path in (dead, live, fresh, foreign):
        path.write_bytes(b"x")
    for path in (dead, live, foreign):
        os.utime(path, (old, old))
    removed = atomic.remove_stale(tmp_path, force=True)
    assert removed == [dead]
    assert live.exists() and fresh.exists() and foreign.exists()


def test_a_write_cleans_its_folder_once(tmp_path):
    dead = tmp_path / f".pqassist-{_dead_pid()}-abc123.tmp"
    dead.write_bytes(b"x")
    old = time.time() - atomic.STALE_SECONDS - 10
    os.utime(dead, (old, old))
    atomic.write_file(tmp_path / "a.txt", b"a", overwrite=True)
    assert not dead.exists()


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
@pytest.mark.parametrize("command", ["draft --marks", "eval", "train --reviews"])
def test_a_fifo_where_a_file_is_read_is_refused_not_waited_for(tmp_path, command):
    """Nothing ever writes to a FIFO put in place of a review, a label file or a kept review:
    reading it must fail at once with one line, not hang the command."""
    example = ROOT / "pqassist" / "data" / "example-vlaams-parlement.txt"
    folder = tmp_path / "map"
    folder.mkdir()
    if command == "draft --marks":
        os.mkfifo(tmp_path / "marks.json")
        args = ["draft", str(example), "--marks", str(tmp_path / "marks.json"), "-o", str(tmp_path / "uit.docx")]
    elif command == "eval":
        os.mkfifo(folder / "label.json")
        args = ["eval", str(folder), "--folds", "0"]
    else:
        os.mkfifo(folder / "x.review.json")
        (folder / "x.document.json").write_text("{}", encoding="utf-8")
        args = ["train", "--reviews", str(folder), "-o", str(tmp_path / "model.json")]
    done = subprocess.run([sys.executable, "-m", "pqassist", *args], capture_output=True, text=True, timeout=60,
                          cwd=tmp_path, env={**os.environ, "PQASSIST_MODEL": str(tmp_path / "geen-model.json")})
    assert done.returncode == 2, (done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    if command == "train --reviews":  # a review that cannot be read is named, then there is nothing to learn from
        skipped = lines.pop(0)
        assert skipped.startswith("pqassist: let op: x.review.json overgeslagen") and "geen gewoon bestand" in skipped
    assert len(lines) == 1 and lines[0].startswith("pqassist: "), done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "uit.docx").exists() and not (tmp_path / "model.json").exists()
