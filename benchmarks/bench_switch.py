"""Time switching items in the review app in-process (widgets only, no browser): under 20 ms.

Opens the 40-item dossier of tests/fixtures/ui, clicks through the overview three times and
prints the median and the slowest switch, and the messages each switch sends to the page
(widget state changes: each travels through the kernel, the server and the browser; a
count the machine's load does not change); returns 1 when the median is over the limit.
Wall-clock figures depend on the machine's load, so they live here and not in the tests
(tests/test_ui.py checks that switching builds no new widgets).

    .venv/bin/python benchmarks/bench_switch.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LIMIT_MS = 20
ROUNDS = 3


def main() -> int:
    import ipywidgets

    from pqassist.app.ui import ReviewApp
    from pqassist.parse.load import load_dossier

    sent: list[int] = []  # characters of widget state per message sent to the page
    original = ipywidgets.Widget._send

    def count(widget, msg, buffers=None):
        sent.append(sum(len(str(value)) for value in msg.get("state", {}).values()))
        return original(widget, msg, buffers)

    ipywidgets.Widget._send = count

    with tempfile.TemporaryDirectory() as scratch:
        app = ReviewApp(reviews=Path(scratch) / "reviews", exports=Path(scratch) / "exports")
        forty = ROOT / "tests" / "fixtures" / "ui" / "forty-items.txt"
        app.open(lambda: load_dossier(forty), forty.name)
        rows = app.overview.rows
        times, messages, chars = [], [], []
        for index in list(range(1, len(rows))) * ROUNDS + [0]:  # never the item already open
            sent.clear()
            started = time.perf_counter()
            rows[index][1].click()
            times.append((time.perf_counter() - started) * 1000)
            messages.append(len(sent))
            chars.append(sum(sent))
    ipywidgets.Widget._send = original
    median = statistics.median(times)
    print(f"item switch in-process ({len(rows)} items, {len(times)} switches): "
          f"median {median:.1f} ms, slowest {max(times):.1f} ms; limit {LIMIT_MS} ms: "
          f"{'over' if median >= LIMIT_MS else 'ok'}")
    print(f"messages to the page per switch: median {statistics.median(messages):g}, max {max(messages)}; "
          f"widget state per switch: median {statistics.median(chars):.0f} characters")
    return 1 if median >= LIMIT_MS else 0


if __name__ == "__main__":
    sys.exit(main())
