"""Time switching items in the review app in-process (widgets only, no browser): under 20 ms.

Opens the 40-item dossier of tests/fixtures/ui, clicks through the overview three times and
prints the median and the slowest switch; returns 1 when the median is over the limit.
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
    from pqassist.app.ui import ReviewApp
    from pqassist.parse.load import load_dossier

    with tempfile.TemporaryDirectory() as scratch:
        app = ReviewApp(reviews=Path(scratch) / "reviews", exports=Path(scratch) / "exports")
        forty = ROOT / "tests" / "fixtures" / "ui" / "forty-items.txt"
        app.open(lambda: load_dossier(forty), forty.name)
        rows = app.overview.rows
        times = []
        for index in list(range(len(rows))) * ROUNDS:
            started = time.perf_counter()
            rows[index][1].click()
            times.append((time.perf_counter() - started) * 1000)
    median = statistics.median(times)
    print(f"item switch in-process ({len(rows)} items, {len(times)} switches): "
          f"median {median:.1f} ms, slowest {max(times):.1f} ms; limit {LIMIT_MS} ms: "
          f"{'over' if median >= LIMIT_MS else 'ok'}")
    return 1 if median >= LIMIT_MS else 0


if __name__ == "__main__":
    sys.exit(main())
