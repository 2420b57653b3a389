"""Time the review app in a real browser: cold start, page load, item switches.

Starts the app exactly as a staffer does (``pqassist app`` in a subprocess, one pre-heated
kernel, a token) on a free port of 127.0.0.1 with a temporary folder for reviews and
exports, and drives Debian's Chromium through Playwright (every request that does not go
to 127.0.0.1 is aborted and counted). Prints:

- cold start: launch -> address printed, and launch -> first page usable (the page is
  opened as soon as the address appears);
- page load with the server running (kernel ready after a pause; and an immediate reload);
- item switches: click in the overview -> item view updated in the DOM (its heading and
  question; the limit applies to this), and -> every change of the switch applied (answer,
  verdict, overview rows, draft panel), on the bundled example (11 items) and on a 40-item
  dossier opened by pasting its text;
- the machine's load average before and after (the figures mean little on a busy machine),
  and the CPU seconds each process spent (launcher, server, fork server, kernels, browser),
  which the load changes much less.

"Usable" means the overview lists every item, the item view shows item 1, and its verdict
control is visible and responds: a verdict chosen there reaches the kernel, which saves it and
marks the item's overview row (the time includes that round trip; the choice is then undone,
untimed). Limits
(issue 13, on an idle 2-core machine): first page usable <= 5 s after launch, page load
(server running) <= 2 s, item switch <= 50 ms (medians); returns 1 when over.

    .venv/bin/python benchmarks/bench_ui.py [--loads 5] [--pause 8] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pqassist.commands.app import free_port  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]  # fmt: skip
FORTY = ROOT / "tests" / "fixtures" / "ui" / "forty-items.txt"
COLD_LIMIT_S = 5.0
PAGE_LIMIT_S = 2.0
SWITCH_LIMIT_MS = 50.0
PROBE_VERDICT = "onbeantwoord"  # chosen on item 1 to prove the page responds, then undone
PROBE_MS = 30_000
ADDRESS = re.compile(r"De app draait op (http://127\.0\.0\.1:\d+/\S*)")

# Click the overview button of ``id`` and resolve with the milliseconds until the item view
# (position line and question pane) shows that item, and until the last change the switch
# made anywhere in the app (answer, verdict, overview rows, draft panel: the last mutation
# seen before SETTLE_MS pass without one).
SETTLE_MS = 250
SWITCH_JS = """
async (id) => {
  const button = [...document.querySelectorAll('.pqa-row button.pqa-open')]
      .find(b => b.textContent.trim().startsWith(id + ' '));
  const position = document.querySelector('.pqa-position');
  const head = new RegExp('Deelvraag ' + id + '(?![0-9a-z])');
  const pane = new RegExp('^Vraag ' + id + '$');
  const done = () => head.test(position.textContent)  // the question pane is made anew by a switch
      && pane.test((document.querySelector('.pqa-question h4') || {}).textContent || '');
  return await new Promise((resolve, reject) => {
    const start = performance.now();
    let shown = null, last = 0, quiet = null;
    const settle = () => { observer.disconnect(); clearTimeout(limit); resolve([shown, last - start]); };
    const observer = new MutationObserver(() => {
      last = performance.now();
      if (shown === null && done()) shown = last - start;
      if (shown !== null) { clearTimeout(quiet); quiet = setTimeout(settle, %d); }
    });
    observer.observe(document.querySelector('.pqa-app'),
                     {subtree: true, childList: true, characterData: true, attributes: true});
    const limit = setTimeout(() => { observer.disconnect(); reject(new Error('no update for ' + id)); }, 5000);
    button.click();
  });
}
""" % SETTLE_MS


EXTERNAL: list[str] = []


def new_page(browser, address: str, context=None):
    """Open a page in ``context`` (its cache warm from earlier pages), else in a fresh one."""
    page = context.new_page() if context else browser.new_page(viewport={"width": 1400, "height": 1000})
    local = address.split("?")[0]

    def route(r):
        if r.request.url.startswith((local, "data:")):
            r.continue_()
        else:
            EXTERNAL.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.frames_in = [0, 0]  # WebSocket messages the page received (kernel, via the server) and their bytes

    def count(payload) -> None:
        page.frames_in[0] += 1
        page.frames_in[1] += len(payload)

    page.on("websocket", lambda ws: ws.on("framereceived", count))
    return page


class ProbeFailed(Exception):
    """The page loaded but the verdict chosen on it never reached the kernel's saved review."""


FAILED: list[str] = []  # loads whose probe failed: reported, left out of the figures


def load_or_note(browser, address: str, **kwargs):
    """Return ``load_page(...)``; when its probe fails, note it (reported at the end) and load
    once more."""
    try:
        return load_page(browser, address, **kwargs)
    except ProbeFailed as exc:
        FAILED.append(str(exc))
        print(f"  (load {len(FAILED)} failed: {exc}; loading again)")
        return load_page(browser, address, **kwargs)


def load_page(browser, address: str, items: int = 11, timeout_ms: float = 120_000,
              context=None) -> tuple[float, object]:  # fmt: skip
    """Open the app in a new page; return seconds until usable (the first item's verdict
    control visible and answered by the kernel), and the page (``page.usable_at``: the
    perf_counter() time it became usable)."""
    page = new_page(browser, address, context)
    start = time.perf_counter()
    page.goto(address, timeout=timeout_ms)
    page.wait_for_function(
        f"""() => document.querySelectorAll('.pqa-row').length === {items}
             && /Deelvraag 1a/.test((document.querySelector('.pqa-position') || {{}}).textContent || '')
             && !document.querySelector('.pqa-verdict select').disabled""",
        timeout=timeout_ms,
    )
    verdict = page.locator(".pqa-verdict select")
    state = page.locator(".pqa-row.pqa-current .pqa-row-state")
    try:
        verdict.select_option(label=PROBE_VERDICT, timeout=PROBE_MS)  # fails unless visible and enabled
        state.filter(has_text="✔ " + PROBE_VERDICT).wait_for(timeout=PROBE_MS)  # the kernel saved it
    except Exception as exc:  # noqa: BLE001 - say what the page showed instead
        shown = page.locator(".pqa-messages").inner_text(timeout=5_000)
        control = ("visible, showing " + repr(verdict.evaluate("s => s.options[s.selectedIndex].text"))
                   if verdict.is_visible() else "hidden")
        page.close()
        raise ProbeFailed(f"the first item's verdict did not respond ({type(exc).__name__}; its control "
                          f"{control}); the app says: {shown!r}") from None
    page.usable_at = time.perf_counter()
    seconds = page.usable_at - start
    verdict.select_option(index=0, timeout=timeout_ms)  # back to the suggestion, untimed
    page.wait_for_function("() => !/✔/.test(document.querySelector('.pqa-row.pqa-current .pqa-row-state').textContent)",
                           timeout=timeout_ms)  # fmt: skip
    return seconds, page


def list_requests(browser, address: str) -> None:
    """Print the scripts under voila/ that a page load asks for, in the order asked, as
    quoted lines for the app's template (pqassist/app/jupyter/.../preload.html.j2)."""
    page = new_page(browser, address)
    asked: list[str] = []
    base = address.split("?")[0] + "voila/"
    page.on("request", lambda r: asked.append(r.url) if r.resource_type == "script" else None)
    page.goto(address)
    page.wait_for_function("() => !!document.querySelector('.pqa-verdict select')", timeout=120_000)
    page.wait_for_timeout(2000)  # what the widgets load once shown
    paths = list(dict.fromkeys(url[len(base):] for url in asked if url.startswith(base)))
    paths = [p for p in paths if p.startswith(("static/", "labextensions/")) and not p.endswith("voila-style.js")]
    print(",\n".join(f'  "{p}"' for p in paths))
    page.close()


SWITCH_FRAMES: list[tuple[int, int]] = []  # per switch: messages the page received, and their bytes


def switch_times(page, ids: list[str], rounds: int) -> tuple[list[float], list[float]]:
    """Return the milliseconds of each item switch until the item is shown, and until all its
    changes are applied, walking ``ids`` ``rounds`` times; note in SWITCH_FRAMES the
    WebSocket messages each switch brought to the page (comm messages and the kernel's
    busy/idle status: what a switch costs the kernel, the server and the browser, whatever
    the machine's load)."""
    order = [i for _ in range(rounds) for i in ids[1:] + ids[:1]]  # never the item already open
    pairs = []
    for item_id in order:
        before = list(page.frames_in)
        pairs.append(page.evaluate(SWITCH_JS, item_id))
        SWITCH_FRAMES.append((page.frames_in[0] - before[0], page.frames_in[1] - before[1]))
    return [shown for shown, _ in pairs], [settled for _, settled in pairs]


def launch(work: Path, port: int) -> tuple[subprocess.Popen, str, float, float]:
    """Start ``pqassist app`` as a staffer does; return the process, the address it printed,
    and the seconds from launch to listening (first line) and to the address."""
    launched = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "pqassist.cli", "app", "--port", str(port), "--workdir", str(work)],
                               cwd=work, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # fmt: skip
    first = None
    for line in process.stdout:
        first = first or time.perf_counter() - launched
        found = ADDRESS.search(line)
        if found:
            return process, found.group(1), first, time.perf_counter() - launched
    process.wait()
    raise SystemExit(f"bench_ui: pqassist app ended (code {process.returncode}) before showing its address")


def end(process: subprocess.Popen) -> None:
    """Stop ``pqassist app`` by its PID (it stops its server and kernels)."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def cpu_by_role(launcher: int) -> dict[str, float]:
    """Return CPU seconds used so far by the processes of ``pqassist app`` (its launcher,
    the server, the fork server, the kernels) and by the browser, read from /proc (what the
    machine's load does not change much, unlike wall-clock time); {} off Linux."""
    stats: dict[int, tuple[int, float, str]] = {}
    try:
        names = os.listdir("/proc")
    except OSError:
        return {}
    for name in names:
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
            with open(f"/proc/{name}/cmdline", "rb") as handle:
                command = handle.read().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, IndexError):
            continue
        stats[int(name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK, command)
    children: dict[int, list[int]] = {}
    for pid, (parent, _, _) in stats.items():
        children.setdefault(parent, []).append(pid)

    def family(root: int) -> list[int]:
        found, todo = [], [root]
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo += children.get(pid, [])
        return found

    app = set(family(launcher))
    roles: dict[str, float] = {}
    for pid in family(os.getpid()):
        if pid not in stats or pid == os.getpid():
            continue
        parent, cpu, command = stats[pid]
        if pid == launcher:
            role = "launcher"
        elif pid not in app:
            role = "browser" if "chrom" in command else "bench"
        elif "voila.app" in command:
            role = "server"
        elif "pqassist.app.forkserver" in command and parent == launcher:
            role = "fork server"
        elif " -I -S -c " in command:
            role = "kernel clients"
        else:
            role = "kernels"
        roles[role] = roles.get(role, 0.0) + cpu
    return roles


def cpu_spent(before: dict[str, float], after: dict[str, float]) -> str:
    """Return the CPU seconds each role spent between two ``cpu_by_role`` readings."""
    spent = {role: after[role] - before.get(role, 0.0) for role in after}
    return ", ".join(f"{role} {value:.2f}" for role, value in sorted(spent.items()) if value >= 0.005) or "?"


def describe(values: list[float], unit: str) -> str:
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, int(round(0.9 * (len(ordered) - 1))))]
    return (f"median {statistics.median(values):.{0 if unit == 'ms' else 2}f} {unit}, p90 {p90:.{0 if unit == 'ms' else 2}f} "
            f"{unit}, max {max(values):.{0 if unit == 'ms' else 2}f} {unit} (n={len(values)})")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=5, help="page loads with the server running")
    parser.add_argument("--pause", type=float, default=8.0, help="seconds idle before each load (kernel pre-heats)")
    parser.add_argument("--rounds", type=int, default=3, help="walks through all items for the switch timing")
    parser.add_argument("--list-requests", action="store_true",
                        help="print the scripts one page load asks for, in order, as the app's template "
                             "preload.html.j2 lists them, and stop")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"bench_ui: {CHROMIUM} is missing (Debian package chromium)")
        return 1
    from playwright.sync_api import sync_playwright

    from pqassist.parse.load import load_dossier

    forty_ids = [item.id for item in load_dossier(FORTY).items]
    work = Path(tempfile.mkdtemp(prefix="bench-ui-"))
    port = free_port(0)
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} cores)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        cpu_start = cpu_by_role(-1)  # the browser before the app starts
        process, address, listening, shown = launch(work, port)
        launched = time.perf_counter() - shown
        cpu_shown = cpu_by_role(process.pid)
        if args.list_requests:
            try:
                list_requests(browser, address)
            finally:
                end(process)
                browser.close()
                shutil.rmtree(work, ignore_errors=True)
            return 0
        try:
            seconds, page = load_or_note(browser, address)
            cpu_usable = cpu_by_role(process.pid)
            first = page.usable_at - launched
            page.close()
            print(f"cold start: first output {listening:.2f} s, address shown {shown:.2f} s, first page usable "
                  f"{first:.2f} s after launch (page itself {seconds:.2f} s); load average "
                  f"{os.getloadavg()[0]:.2f}")  # fmt: skip
            print(f"  CPU seconds, launch -> address: {cpu_spent(cpu_start, cpu_shown)}; "
                  f"address -> usable: {cpu_spent(cpu_shown, cpu_usable)}")

            loads, spent = [], []
            for _ in range(args.loads):
                time.sleep(args.pause)
                before = cpu_by_role(process.pid)
                seconds, page = load_or_note(browser, address)
                spent.append(cpu_spent(before, cpu_by_role(process.pid)))
                loads.append(seconds)
                page.close()
            print(f"page load -> usable, server running ({args.pause:.0f} s idle before), first visit "
                  f"(empty browser cache): {describe(loads, 's')}; load average {os.getloadavg()[0]:.2f}")  # fmt: skip
            print(f"  CPU seconds of the median load: {spent[loads.index(statistics.median_low(loads))]} "
                  "(the browser's include the untimed undo of the probe)")
            # a browser profile on disk, as a staffer's browser has: its HTTP cache and the
            # compiled scripts V8 keeps beside it survive from one load to the next (an
            # in-memory context, like the fresh pages above, keeps no compiled scripts)
            profile = work / "browser-profile"  # removed with the work folder
            context = playwright.chromium.launch_persistent_context(
                str(profile), executable_path=CHROMIUM, args=ARGS, viewport={"width": 1400, "height": 1000})
            warm = []
            for _ in range(2):  # V8 keeps a script's compiled code from its second load on
                load_or_note(browser, address, context=context)[1].close()
            for _ in range(args.loads):
                time.sleep(args.pause)
                seconds, page = load_or_note(browser, address, context=context)
                warm.append(seconds)
                page.close()
            context.close()
            print(f"page load -> usable, server running ({args.pause:.0f} s idle before), browser profile on "
                  f"disk, cache warm: "
                  f"{describe(warm, 's')}")  # fmt: skip
            seconds, page = load_or_note(browser, address)  # straight after the previous one
            print(f"page load -> usable, immediate reload: {seconds:.2f} s")

            example_ids = [row.split()[0] for row in page.locator(".pqa-row button.pqa-open").all_inner_texts()]
            small, small_all = switch_times(page, example_ids, args.rounds)
            print(f"item switch, example ({len(example_ids)} items): {describe(small, 'ms')}; "
                  f"every change applied: {describe(small_all, 'ms')}")

            page.get_by_text("Document openen").click()
            page.get_by_text("Tekst plakken").click()
            page.locator(".pqa-opener textarea").first.fill(FORTY.read_text(encoding="utf-8"))
            start = time.perf_counter()
            page.locator(".pqa-open-paste").click()
            page.wait_for_function("() => document.querySelectorAll('.pqa-row').length === 40", timeout=60_000)
            opened = time.perf_counter() - start
            large, large_all = switch_times(page, forty_ids, args.rounds)
            print(f"open a 40-item dossier (pasted): {opened:.2f} s; item switch: {describe(large, 'ms')}; "
                  f"every change applied: {describe(large_all, 'ms')}")
            page.close()
            frames = [n for n, _ in SWITCH_FRAMES]
            print(f"messages to the page per item switch (comm messages and kernel status): median "
                  f"{statistics.median(frames):g}, max {max(frames)}; bytes median "
                  f"{statistics.median(b for _, b in SWITCH_FRAMES):.0f} (n={len(frames)})")
        finally:
            end(process)
            browser.close()
    shutil.rmtree(work, ignore_errors=True)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if EXTERNAL:
        print(f"requests that would have left 127.0.0.1 (aborted): {sorted(set(EXTERNAL))}")
    slow_cold = first > COLD_LIMIT_S
    slow_page = max(statistics.median(loads), statistics.median(warm)) > PAGE_LIMIT_S
    slow_switch = statistics.median(small + large) > SWITCH_LIMIT_MS
    print(f"limits: first page <= {COLD_LIMIT_S:.0f} s after launch: {'over' if slow_cold else 'ok'}; "
          f"page load <= {PAGE_LIMIT_S:.0f} s: {'over' if slow_page else 'ok'}; "
          f"item switch <= {SWITCH_LIMIT_MS:.0f} ms: {'over' if slow_switch else 'ok'}")
    if FAILED:
        print(f"the first item's verdict did not reach the kernel on {len(FAILED)} load(s) (loaded again; "
              f"a cold start that failed counts the second load): {FAILED}")
    return 1 if slow_cold or slow_page or slow_switch or EXTERNAL or FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
