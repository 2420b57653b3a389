"""``pqassist eval LABEL_DIR [--folds 5] [-v]``: figures against gold labels, cross-validated by document."""

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
        "recall, verdict accuracy. Verdicts are cross-validated: the model is fitted on the "
        "other folds of documents and scores the held-out fold; the in-sample figure is printed "
        "beside it as such. Needs scikit-learn (pip install 'pqassist[train]') unless --folds 0.",
    )
    parser.add_argument("labels", help="folder of label files (*.json), e.g. ../shared/corpus/labels")
    parser.add_argument("--corpus", help="folder the labels' documents are relative to (default: the labels' parent)")
    parser.add_argument("--folds", type=int, default=5,
                        help="folds of documents for cross-validation (default 5); 0 scores the active model only")
    parser.add_argument("--seed", type=int, default=0, help="seed of the fold split (default 0)")
    parser.add_argument("-v", "--verbose", action="store_true", help="also print a confusion table and the misses")
    return parser


def run(args) -> int:
    """Run the command; return the exit code."""
    from pqassist.corpus.evaluate import evaluate, report

    folder = Path(args.labels)
    if not folder.is_dir() or not any(folder.glob("*.json")):
        raise PqassistError(f"In '{folder}' staan geen labelbestanden (*.json). Geef de map met de labels op.")
    if args.folds < 0 or args.folds == 1:
        raise PqassistError("--folds moet 0 (geen kruisvalidatie) of minstens 2 zijn.")
    results = evaluate(folder, args.corpus, folds=args.folds, seed=args.seed)
    sys.stdout.write(report(results, verbose=args.verbose) + "\n")
    return 0
