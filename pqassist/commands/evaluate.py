"""``pqassist eval LABEL_DIR [-v]``: figures against gold labels, per format and overall."""

from __future__ import annotations

import sys
from pathlib import Path

from pqassist.errors import PqassistError


def register(subparsers, name: str):
    """Add the ``eval`` command to ``subparsers`` and return its parser."""
    parser = subparsers.add_parser(
        name,
        help="measure the analysis against gold labels",
        description="Run the analysis on every labelled document and print, per format and "
        "overall: documents, items, item-id match, segmentation, alignment, gap precision and "
        "recall, verdict accuracy.",
    )
    parser.add_argument("labels", help="folder of label files (*.json), e.g. ../shared/corpus/labels")
    parser.add_argument("--corpus", help="folder the labels' documents are relative to (default: the labels' parent)")
    parser.add_argument("-v", "--verbose", action="store_true", help="also print a confusion table and the misses")
    return parser


def run(args) -> int:
    """Run the command; return the exit code."""
    from pqassist.corpus.evaluate import evaluate, report

    folder = Path(args.labels)
    if not folder.is_dir() or not any(folder.glob("*.json")):
        raise PqassistError(f"In '{folder}' staan geen labelbestanden (*.json). Geef de map met de labels op.")
    sys.stdout.write(report(evaluate(folder, args.corpus), verbose=args.verbose) + "\n")
    return 0
