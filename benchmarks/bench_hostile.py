"""Benchmark the hostile-use cases of issue 11: time and peak memory per case, for the
code in this checkout and (``--before DIR``) for an older checkout of pqassist.

Each case runs in a fresh Python process (``--case NAME``) whose children are the
pqassist commands, so its peak memory (the largest process, ``ru_maxrss`` of the waited
children) is the case's own. A case that does not end is stopped after ``--cap``
seconds and reported as such.

    git worktree add /tmp/base11 32c78cf     # the code before issue 11
    .venv/bin/python benchmarks/bench_hostile.py --before /tmp/base11
    .venv/bin/python benchmarks/bench_hostile.py --cases fifo,text99 --cap 10

Prints one Markdown table: case, then seconds / peak MB / outcome before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from hostile_support import FEDERAL_ROW, federal_row_repeated, many_numbered_items  # noqa: E402

ROWS = ROOT / "tests" / "fixtures" / "batch" / "kamer" / "kamer-2017-sample.jsonl"
EXAMPLE = ROOT / "pqassist" / "data" / "example-vlaams-parlement.txt"
RECORD = ROOT / "tests" / "fixtures" / "fetch" / "record-1234567.json"
CAP = 25.0


# -- running one command of the tree under test --------------------------------------------


def cli(tree: Path, *args: str, cap: float, cwd: Path) -> dict:
    """Run ``pqassist ARGS`` from ``tree``; return exit code, stderr lines and seconds."""
    env = dict(os.environ, PYTHONPATH=str(tree))
    start = time.monotonic()
    try:
        done = subprocess.run([sys.executable, "-m", "pqassist.cli", *args], cwd=cwd, env=env,
                              capture_output=True, timeout=cap, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return {"code": None, "lines": [], "seconds": time.monotonic() - start}
    lines = [line for line in done.stderr.decode("utf-8", "replace").splitlines() if line.strip()]
    return {"code": done.returncode, "lines": lines, "seconds": time.monotonic() - start}


def outcome(run: dict, cap: float) -> str:
    """Return a short description of what the command did."""
    if run["code"] is None:
        return f"hangs (stopped at {cap:.0f} s)"
    if run["code"] == 2 and len(run["lines"]) == 1:
        return "exit 2, one line"
    if run["code"] not in (0, 2) or any(line.startswith("Traceback") for line in run["lines"]):
        return f"exit {run['code']}, traceback" if any("Traceback" in l for l in run["lines"]) else f"exit {run['code']}"
    return f"exit {run['code']}"


# -- cases --------------------------------------------------------------------------------


def case_review(tree: Path, work: Path, cap: float) -> dict:
    """4 processes x 500 changes on one review (each process cycles through 25 items of its
    own), each change as the app makes it: load, change, save. A save that fails (lock
    busy) is retried with the next change, as in the app."""
    writer = (
        "import sys\n"
        "from pqassist.drafting.review import ReviewStore, with_mark\n"
        "from pqassist.errors import ReviewProblem\n"
        "store = ReviewStore(sys.argv[1]); me = int(sys.argv[2]); failed = 0\n"
        "review = store.load('k')\n"
        "for i in range(500):\n"
        "    try:\n"
        "        review = with_mark(store.load('k'), f'{me}-{i % 25}', note=str(i))\n"
        "        store.save(review)\n"
        "    except ReviewProblem:\n"
        "        failed += 1\n"
        "if failed: print(failed, file=sys.stderr)\n"
    )
    env = dict(os.environ, PYTHONPATH=str(tree))
    start = time.monotonic()
    procs = [subprocess.Popen([sys.executable, "-c", writer, str(work), str(me)], env=env, cwd=work)
             for me in range(4)]
    for proc in procs:
        try:
            proc.wait(timeout=cap * 8)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    seconds = time.monotonic() - start
    marks = json.loads((work / "k.review.json").read_text(encoding="utf-8"))["marks"]
    lost = sum(marks.get(f"{me}-{item}", {}).get("note") != str(475 + item) for me in range(4) for item in range(25))
    return {"seconds": seconds, "outcome": f"{lost} of 100 items lost their last change"}


def case_items20000(tree: Path, work: Path, cap: float) -> dict:
    """pqassist analyse on a question with 20,000 numbered items."""
    path = many_numbered_items(work / "twintigduizend.txt")
    run = cli(tree, "analyse", str(path), "--json", cap=cap, cwd=work)
    return {"seconds": run["seconds"], "outcome": outcome(run, cap)}


def case_federal800(tree: Path, work: Path, cap: float) -> dict:
    """pqassist analyse ROWS#ID on a federal row whose question and answer repeat 800 times."""
    path = federal_row_repeated(work / "herhaald.jsonl")
    run = cli(tree, "analyse", f"{path}#herhaald", "--json", cap=cap, cwd=work)
    return {"seconds": run["seconds"], "outcome": outcome(run, cap)}


def case_fifo(tree: Path, work: Path, cap: float) -> dict:
    """pqassist analyse x.txt where x.txt is a FIFO nobody writes to."""
    fifo = work / "x.txt"
    os.mkfifo(fifo)
    run = cli(tree, "analyse", str(fifo), cap=min(cap, 10), cwd=work)
    return {"seconds": run["seconds"], "outcome": outcome(run, min(cap, 10))}


def case_text99(tree: Path, work: Path, cap: float) -> dict:
    """pqassist analyse on a 99 MB plain text."""
    path = work / "groot.txt"
    line = ("1. Hoeveel dossiers werden er behandeld in het jaar 2023 door de dienst? " * 3 + "\n").encode()
    with open(path, "wb") as handle:
        for _ in range(99 * 2**20 // len(line)):
            handle.write(line)
    run = cli(tree, "analyse", str(path), cap=cap * 3, cwd=work)
    return {"seconds": run["seconds"], "outcome": outcome(run, cap * 3)}


def _marks(work: Path, content: str) -> dict:
    marks = work / "marks.json"
    marks.write_text(content, encoding="utf-8")
    return {"marks": marks}


def case_marks_deep(tree: Path, work: Path, cap: float) -> dict:
    """pqassist draft --marks with a marks file nested 100,000 deep."""
    marks = _marks(work, "[" * 100_000 + "]" * 100_000)["marks"]
    run = cli(tree, "draft", str(EXAMPLE), "--marks", str(marks), "-o", str(work / "uit.docx"), cap=cap, cwd=work)
    return {"seconds": run["seconds"], "outcome": outcome(run, cap)}


def case_marks_bigint(tree: Path, work: Path, cap: float) -> dict:
    """pqassist draft --marks with a 5000-digit integer in the marks file."""
    content = '{"schema_version": 1, "dossier_key": "k", "marks": {"1": {"note": ' + "7" * 5000 + "}}}"
    marks = _marks(work, content)["marks"]
    run = cli(tree, "draft", str(EXAMPLE), "--marks", str(marks), "-o", str(work / "uit.docx"), cap=cap, cwd=work)
    return {"seconds": run["seconds"], "outcome": outcome(run, cap)}


def case_row_deep(tree: Path, work: Path, cap: float) -> dict:
    """pqassist analyse ROWS#ID where a JSON-lines row is nested 100,000 deep."""
    rows = work / "rijen.jsonl"
    rows.write_text("[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    run = cli(tree, "analyse", f"{rows}#x", cap=cap, cwd=work)
    return {"seconds": run["seconds"], "outcome": outcome(run, cap)}


def case_batch_poison(tree: Path, work: Path, cap: float) -> dict:
    """pqassist batch on JSON-lines with a deep row, a 5000-digit row and a good row."""
    rows = work / "rijen.jsonl"
    rows.write_text("\n".join(["[" * 100_000 + "]" * 100_000, '{"doc_id": ' + "7" * 5000 + "}",
                               json.dumps(FEDERAL_ROW)]) + "\n", encoding="utf-8")
    run = cli(tree, "batch", str(rows), "-o", str(work / "uit.csv"), "--workers", "1", "-q", cap=cap, cwd=work)
    written = (work / "uit.documents.csv").exists()
    return {"seconds": run["seconds"], "outcome": outcome(run, cap) + ("; good row written" if written else "; nothing written")}


def case_batch_overwrite(tree: Path, work: Path, cap: float) -> dict:
    """pqassist batch -o out.xlsx where out.xlsx exists."""
    out = work / "uit.xlsx"
    out.write_bytes(b"eerder werk")
    run = cli(tree, "batch", str(ROWS), "-o", str(out), "--workers", "1", "-q", cap=cap, cwd=work)
    kept = out.read_bytes() == b"eerder werk"
    return {"seconds": run["seconds"], "outcome": outcome(run, cap) + ("; existing file kept" if kept else "; existing file overwritten")}


def case_batch_unwritable(tree: Path, work: Path, cap: float) -> dict:
    """pqassist batch (a slow document) -o /proc/uit.xlsx: an output nobody can write."""
    slow = many_numbered_items(work / "traag.txt")
    run = cli(tree, "batch", str(slow), "-o", "/proc/uit.xlsx", "--workers", "1", "-q", cap=cap, cwd=work)
    return {"seconds": run["seconds"], "outcome": outcome(run, cap)}


def case_batch_slow_document(tree: Path, work: Path, cap: float) -> dict:
    """pqassist batch on a folder: a 20,000-item document, then the sample rows."""
    folder = work / "map"
    folder.mkdir()
    many_numbered_items(folder / "a-traag.txt")
    shutil.copy(ROWS, folder / "b-rijen.jsonl")
    run = cli(tree, "batch", str(folder), "-o", str(work / "uit.csv"), "--workers", "2", "-q", cap=cap * 2, cwd=work)
    return {"seconds": run["seconds"], "outcome": outcome(run, cap * 2)}


def case_batch_workers32(tree: Path, work: Path, cap: float) -> dict:
    """pqassist batch --workers 32 on 400 small rows: processes started (most alive at once)."""
    rows = work / "rijen.jsonl"
    rows.write_text("".join(json.dumps(dict(FEDERAL_ROW, doc_id=n)) + "\n" for n in range(400)), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(tree))
    start = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "pqassist.cli", "batch", str(rows), "-o", str(work / "uit.csv"),
                             "--workers", "32", "-q"], cwd=work, env=env, stderr=subprocess.DEVNULL)
    most = 0
    while proc.poll() is None and time.monotonic() - start < cap * 4:
        most = max(most, _descendants(proc.pid))
        time.sleep(0.05)
    if proc.poll() is None:
        proc.kill()
    proc.wait()
    return {"seconds": time.monotonic() - start, "outcome": f"exit {proc.returncode}; {most} child processes"}


def _descendants(pid: int) -> int:
    children = 0
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                children += 1 + _descendants(int(child))
    except OSError:
        pass
    return children


class _Raw(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def _serve(mode: str, body: bytes = b"", host: str = "127.0.0.1") -> _Raw:
    stop = threading.Event()

    class Handler(socketserver.StreamRequestHandler):
        def handle(self):
            while self.rfile.readline(65536).strip():
                pass
            server.hits += 1
            try:
                if mode == "slow":
                    for byte in b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" * 50:
                        if stop.wait(1.0):
                            return
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                elif mode == "redirect":
                    self.wfile.write(b"HTTP/1.1 302 Found\r\nLocation: " + body + b"\r\nContent-Length: 0\r\n\r\n")
                else:
                    self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                                     + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n" + body)
            except OSError:
                pass

    server = _Raw((host, 0), Handler)
    server.stop_event = stop
    server.hits = 0
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    return server


def _fetch(tree: Path, work: Path, cap: float, server: _Raw) -> dict:
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        return cli(tree, "fetch", "vlaams-parlement", "--id", "1234567", "--api", base, "--timeout", "5",
                   "--cache", str(work / "cache"), cap=cap, cwd=work)
    finally:
        server.stop_event.set()
        server.shutdown()
        server.server_close()


def case_fetch_slow_headers(tree: Path, work: Path, cap: float) -> dict:
    """pqassist fetch --timeout 5 against a server sending its headers one byte a second."""
    run = _fetch(tree, work, cap, _serve("slow"))
    return {"seconds": run["seconds"], "outcome": outcome(run, cap)}


def case_fetch_redirect(tree: Path, work: Path, cap: float) -> dict:
    """pqassist fetch whose service redirects to another host (localhost, another port)."""
    other = _serve("json", RECORD.read_bytes().replace(b"__DOCS__", b"http://127.0.0.2:9"), host="127.0.0.2")
    target = f"http://127.0.0.2:{other.server_address[1]}/e/opendata/schv/1234567".encode()
    try:
        run = _fetch(tree, work, cap, _serve("redirect", target))
    finally:
        other.stop_event.set()
        other.shutdown()
        other.server_close()
    followed = "; redirect followed to the other host" if other.hits else "; other host not contacted"
    return {"seconds": run["seconds"], "outcome": outcome(run, cap) + followed}


def case_fetch_document_elsewhere(tree: Path, work: Path, cap: float) -> dict:
    """pqassist fetch of a record whose document URL points at another address (127.0.0.2)."""
    docs = _serve("json", b"%PDF-1.4\n%%EOF\n", host="127.0.0.2")
    elsewhere = f"http://127.0.0.2:{docs.server_address[1]}".encode()
    try:
        run = _fetch(tree, work, cap, _serve("json", RECORD.read_bytes().replace(b"__DOCS__", elsewhere)))
    finally:
        docs.stop_event.set()
        docs.shutdown()
        docs.server_close()
    fetched = "; document host contacted" if docs.hits else "; document host not contacted"
    return {"seconds": run["seconds"], "outcome": outcome(run, cap) + fetched}


def case_fetch_deep_reply(tree: Path, work: Path, cap: float) -> dict:
    """pqassist fetch whose service replies with JSON nested 100,000 deep."""
    run = _fetch(tree, work, cap, _serve("json", b"[" * 100_000 + b"]" * 100_000))
    return {"seconds": run["seconds"], "outcome": outcome(run, cap)}


def case_file_mode(tree: Path, work: Path, cap: float) -> dict:
    """A review saved under umask 022: its permissions."""
    code = ("import os, sys\nos.umask(0o022)\nfrom pqassist.drafting.review import ReviewStore, with_mark\n"
            "from pqassist.model import Review\n"
            "p = ReviewStore(sys.argv[1]).save(with_mark(Review('k'), '1', note='x'))\n"
            "print(oct(os.stat(p).st_mode & 0o777))\n")
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-c", code, str(work)], env=dict(os.environ, PYTHONPATH=str(tree)),
                          capture_output=True, text=True, timeout=cap, cwd=work)
    return {"seconds": time.monotonic() - start, "outcome": f"mode {done.stdout.strip()}"}


def case_kill9(tree: Path, work: Path, cap: float) -> dict:
    """30 x kill -9 during review saves of 200 KB, then one more save: temporary files left."""
    code = ("import sys\nfrom pqassist.drafting.review import ReviewStore, with_mark\n"
            "s = ReviewStore(sys.argv[1]); big = 'x' * 200_000; i = 0\n"
            "while True:\n    i += 1\n    s.save(with_mark(s.load('k'), str(i % 50), note=big + str(i)))\n")
    env = dict(os.environ, PYTHONPATH=str(tree))
    start = time.monotonic()
    for kill in range(30):
        proc = subprocess.Popen([sys.executable, "-c", code, str(work)], env=env, cwd=work)
        time.sleep(0.6 + (kill % 5) * 0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    left = [p for p in work.iterdir() if p.name.endswith(".tmp")]
    for path in left:  # as if the next start came a while later
        os.utime(path, (time.time() - 3600,) * 2)
    subprocess.run([sys.executable, "-c", "import sys\nfrom pqassist.drafting.review import ReviewStore, with_mark\n"
                    "s = ReviewStore(sys.argv[1]); s.save(with_mark(s.load('k'), 'x', note='na'))", str(work)],
                   env=env, timeout=cap, cwd=work)
    after = [p for p in work.iterdir() if p.name.endswith(".tmp")]
    return {"seconds": time.monotonic() - start,
            "outcome": f"{len(left)} temporary files after the kills, {len(after)} after the next save"}


CASES = {
    "review": case_review,
    "items20000": case_items20000,
    "federal800": case_federal800,
    "fifo": case_fifo,
    "text99": case_text99,
    "marks_deep": case_marks_deep,
    "marks_bigint": case_marks_bigint,
    "row_deep": case_row_deep,
    "batch_poison": case_batch_poison,
    "batch_overwrite": case_batch_overwrite,
    "batch_unwritable": case_batch_unwritable,
    "batch_slow_document": case_batch_slow_document,
    "batch_workers32": case_batch_workers32,
    "fetch_slow_headers": case_fetch_slow_headers,
    "fetch_redirect": case_fetch_redirect,
    "fetch_document_elsewhere": case_fetch_document_elsewhere,
    "fetch_deep_reply": case_fetch_deep_reply,
    "file_mode": case_file_mode,
    "kill9": case_kill9,
}


def run_case(name: str, tree: Path, cap: float) -> dict:
    """Run one case in a fresh process; return its result with the peak memory of its children."""
    done = subprocess.run([sys.executable, __file__, "--case", name, "--tree", str(tree), "--cap", str(cap)],
                          capture_output=True, text=True, timeout=cap * 20)
    try:
        return json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        return {"seconds": float("nan"), "peak_mb": float("nan"), "outcome": "bench failed: " + done.stderr[-200:]}


def one(name: str, tree: Path, cap: float) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-hostile-") as folder:
        result = CASES[name](tree, Path(folder), cap)
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps(result))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, help="an older checkout to compare with (e.g. /tmp/base11)")
    parser.add_argument("--cases", help="comma-separated case names (default: all): " + ", ".join(CASES))
    parser.add_argument("--cap", type=float, default=CAP, help="seconds before a command counts as hanging")
    parser.add_argument("--case", help=argparse.SUPPRESS)
    parser.add_argument("--tree", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        one(args.case, args.tree, args.cap)
        return 0
    names = args.cases.split(",") if args.cases else list(CASES)
    trees = ([("before", args.before)] if args.before else []) + [("after", ROOT)]
    print("| case | " + " | ".join(f"{label} s | {label} peak MB | {label} outcome" for label, _ in trees) + " |")
    print("|---" * (1 + 3 * len(trees)) + "|")
    for name in names:
        cells = []
        for _, tree in trees:
            result = run_case(name, tree, args.cap)
            cells += [f"{result['seconds']:.1f}", f"{result['peak_mb']:.0f}", result["outcome"]]
        print(f"| {name} | " + " | ".join(cells) + " |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
