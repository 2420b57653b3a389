"""``pqassist train LABEL_DIR... -o MODEL [--reviews DIR]``: fit the verdict model."""

from __future__ import annotations

import sys
from pathlib import Path

from pqassist.errors import PqassistError


def register(subparsers, name: str):
    """Add the ``train`` command to ``subparsers`` and return its parser."""
    parser = subparsers.add_parser(
        name,
        help="fit the verdict model on gold labels (and your own reviews)",
        description="Fit the model that suggests verdicts: a logistic regression over the "
        "features the analysis measures, calibrated on held-out documents. Learns from gold "
        "label folders and, with --reviews, from the verdicts you confirmed or changed in the "
        "app. Without -o the model goes to your data folder (PQASSIST_MODEL moves it) and the "
        "analysis uses it from then on. Needs scikit-learn (pip install 'pqassist[train]').",
    )
    parser.add_argument("labels", nargs="*", help="folders of label files (*.json); default: none with --reviews")
    parser.add_argument("-o", "--output", help="model file to write (default: your data folder, used by the analysis)")
    parser.add_argument("--reviews", action="append", default=[], help="folder of review files kept by the app (repeatable)")
    parser.add_argument("--corpus", help="folder the labels' documents are relative to (default: the labels' parent)")
    return parser


def run(args) -> int:
    """Run the command; return the exit code."""
    from pqassist.corpus.training import examples_from_reviews, fit
    from pqassist.analysis.verdict_model import local_model_path, write_model
    from pqassist.corpus.evaluate import load_labelled

    folders = [Path(f) for f in args.labels]
    for folder in folders:
        if not folder.is_dir() or not any(folder.glob("*.json")):
            raise PqassistError(f"In '{folder}' staan geen labelbestanden (*.json). Geef de map met de labels op.")
    for folder in args.reviews:
        if not Path(folder).is_dir():
            raise PqassistError(f"De map '{folder}' met beoordelingen bestaat niet.")
    examples = [e for doc in load_labelled(folders, args.corpus) for e in doc.examples] if folders else []
    reviewed = [e for folder in args.reviews for e in examples_from_reviews(folder)]
    if not examples and not reviewed:
        raise PqassistError("Er is niets om van te leren: geef een map met labels of met beoordelingen op.")
    model = fit(examples + reviewed, reviews=len(reviewed))
    target = Path(args.output) if args.output else local_model_path()
    try:
        write_model(model, target)
    except OSError as exc:
        raise PqassistError(f"Het model kan niet geschreven worden naar '{target}' ({exc.strerror or exc}).") from None
    documents = len({e.document for e in examples + reviewed})
    print(f"model met {len(model.classes)} oordelen geleerd uit {len(examples)} gelabelde en {len(reviewed)} "
          f"beoordeelde punten ({documents} documenten); geschreven naar {target}")
    return 0
