"""Time the review app in a real browser: Voilà's cold start, page load, item switches.

Starts Voilà exactly as ``pqassist app`` does (two pre-heated kernels) on a free port of
127.0.0.1 with a temporary folder for reviews and exports, and drives Debian's Chromium
through Playwright (every request that does not go to 127.0.0.1 is aborted). Prints:

- cold start: launch -> server answers, and launch -> first page usable;
- page load with the server running (kernel ready after a pause; and an immediate reload);
- item switches: click in the overview -> item view updated in the DOM, on the bundled
  example (11 items) and on a 40-item dossier opened by pasting its text.

"Usable" means the overview lists every item and the item view shows item 1. Limits:
page load (server running) under 4 s, item switch under 100 ms; returns 1 when over.

    .venv/bin/python benchmarks/bench_ui.py [--loads 5] [--pause 8] [--rounds 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pqassist.commands.app import app_environment, free_port, stop, voila_command, wait_until_listening  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]  # fmt: skip
NOTEBOOK = ROOT / "notebooks" / "review.ipynb"
FORTY = ROOT / "tests" / "fixtures" / "ui" / "forty-items.txt"
PAGE_LIMIT_S = 4.0
SWITCH_LIMIT_MS = 100.0

# Click the overview button of ``id`` and resolve with the milliseconds until the item view
# (position line and question pane) shows that item.
SWITCH_JS = """
async (id) => {
  const button = [...document.querySelectorAll('.pqa-row button.pqa-open')]
      .find(b => b.textContent.trim().startsWith(id + ' '));
  const position = document.querySelector('.pqa-position');
  const question = document.querySelector('.pqa-question');
  const head = new RegExp('Deelvraag ' + id + '(?![0-9a-z])');
  const pane = new RegExp('^Vraag ' + id + '$');
  const done = () => head.test(position.textContent)
      && pane.test((question.querySelector('h4') || {}).textContent || '');
  return await new Promise((resolve, reject) => {
    const start = performance.now();
    const observer = new MutationObserver(() => {
      if (done()) { observer.disconnect(); resolve(performance.now() - start); }
    });
    observer.observe(document.querySelector('.pqa-app'), {subtree: true, childList: true, characterData: true});
    setTimeout(() => { observer.disconnect(); reject(new Error('no update for ' + id)); }, 5000);
    button.click();
  });
}
"""


def new_page(browser, port: int):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    local = f"http://127.0.0.1:{port}/"
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith((local, "data:")) else r.abort())
    return page


def load_page(browser, port: int, items: int = 11, timeout_ms: float = 120_000) -> tuple[float, object]:
    """Open the app in a new page; return seconds until usable, and the page."""
    page = new_page(browser, port)
    start = time.perf_counter()
    page.goto(f"http://127.0.0.1:{port}/")
    page.wait_for_function(
        f"""() => document.querySelectorAll('.pqa-row').length === {items}
             && /Deelvraag 1a/.test((document.querySelector('.pqa-position') || {{}}).textContent || '')
             && !document.querySelector('.pqa-verdict select').disabled""",
        timeout=timeout_ms,
    )
    return time.perf_counter() - start, page


def switch_times(page, ids: list[str], rounds: int) -> list[float]:
    """Return the milliseconds of each item switch, walking ``ids`` ``rounds`` times."""
    order = [i for _ in range(rounds) for i in ids[1:] + ids[:1]]  # never the item already open
    return [page.evaluate(SWITCH_JS, item_id) for item_id in order]


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
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"bench_ui: {CHROMIUM} is missing (Debian package chromium)")
        return 1
    from playwright.sync_api import sync_playwright

    from pqassist.parse.load import load_dossier

    forty_ids = [item.id for item in load_dossier(FORTY).items]
    work = Path(tempfile.mkdtemp(prefix="bench-ui-"))
    port = free_port(0)
    log = open(work / "voila.log", "w")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        launched = time.perf_counter()
        process = subprocess.Popen(voila_command(NOTEBOOK, port), cwd=work, env=app_environment(work),
                                   stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
        try:
            if not wait_until_listening(port, process):
                print("bench_ui: Voilà did not start; see", work / "voila.log")
                return 1
            listening = time.perf_counter() - launched
            seconds, page = load_page(browser, port)
            first = time.perf_counter() - launched
            page.close()
            print(f"cold start: server answers after {listening:.2f} s; first page usable {first:.2f} s "
                  f"after launch (page itself {seconds:.2f} s)")  # fmt: skip

            loads = []
            for _ in range(args.loads):
                time.sleep(args.pause)
                seconds, page = load_page(browser, port)
                loads.append(seconds)
                page.close()
            print(f"page load -> usable, server running ({args.pause:.0f} s idle before): {describe(loads, 's')}")
            seconds, page = load_page(browser, port)  # straight after the previous one
            print(f"page load -> usable, immediate reload: {seconds:.2f} s")

            example_ids = [row.split()[0] for row in page.locator(".pqa-row button.pqa-open").all_inner_texts()]
            small = switch_times(page, example_ids, args.rounds)
            print(f"item switch, example ({len(example_ids)} items): {describe(small, 'ms')}")

            page.get_by_text("Document openen").click()
            page.get_by_text("Tekst plakken").click()
            page.locator(".pqa-opener textarea").first.fill(FORTY.read_text(encoding="utf-8"))
            start = time.perf_counter()
            page.locator(".pqa-open-paste").click()
            page.wait_for_function("() => document.querySelectorAll('.pqa-row').length === 40", timeout=60_000)
            opened = time.perf_counter() - start
            large = switch_times(page, forty_ids, args.rounds)
            print(f"open a 40-item dossier (pasted): {opened:.2f} s; item switch: {describe(large, 'ms')}")
            page.close()
        finally:
            stop(process)
            browser.close()
            log.close()
    shutil.rmtree(work, ignore_errors=True)
    slow_page = statistics.median(loads) >= PAGE_LIMIT_S
    slow_switch = statistics.median(small + large) >= SWITCH_LIMIT_MS
    print(f"limits: page load < {PAGE_LIMIT_S:.0f} s: {'over' if slow_page else 'ok'}; "
          f"item switch < {SWITCH_LIMIT_MS:.0f} ms: {'over' if slow_switch else 'ok'}")
    return 1 if slow_page or slow_switch else 0


if __name__ == "__main__":
    sys.exit(main())
