"""``pqassist train LABEL_DIR... -o MODEL [--reviews DIR]``: fit the verdict model."""

from __future__ import annotations

import sys
from pathlib import Path

from pqassist.errors import PqassistError

SHOWN_SKIPPED = 5  # reviews named one by one; the rest are counted


def register(subparsers, name: str):
    """Add the ``train`` command to ``subparsers`` and return its parser."""
    parser = subparsers.add_parser(
        name,
        help="train het oordeelsmodel op gouden labels (en uw eigen beoordelingen)",
        description="Train het model dat oordelen voorstelt: een logistische regressie over de "
        "kenmerken die de analyse meet, gekalibreerd op weggelaten documenten. Leert van mappen "
        "met gouden labels en, met --reviews, van de oordelen die u in de app bevestigde of "
        "wijzigde. Zonder -o komt het model in uw gegevensmap (PQASSIST_MODEL verplaatst het) "
        "en gebruikt de analyse het voortaan. Vraagt scikit-learn (pip install 'pqassist[train]').",
    )
    parser.add_argument("labels", nargs="*", metavar="LABELMAP",
                        help="mappen met labelbestanden (*.json); met --reviews mag er geen zijn")
    parser.add_argument("-o", "--output", metavar="MODEL.json",
                        help="het modelbestand (standaard: uw gegevensmap, die de analyse gebruikt)")
    parser.add_argument("--overwrite", action="store_true",
                        help="een bestaand bestand bij -o vervangen (anders: MODEL (2).json ...)")
    parser.add_argument("--reviews", action="append", default=[], metavar="MAP",
                        help="map met beoordelingen die de app bewaarde (mag herhaald worden)")
    parser.add_argument("--corpus", metavar="MAP",
                        help="map waar de documenten van de labels staan (standaard: de map boven de labels)")
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
    if args.output and Path(args.output).is_dir():
        raise PqassistError(f"'{args.output}' is een map; geef met -o een bestandsnaam, bv. model.json.")
    for folder in args.reviews:
        if not Path(folder).is_dir():
            raise PqassistError(f"De map '{folder}' met beoordelingen bestaat niet.")
    examples = [e for doc in load_labelled(folders, args.corpus) for e in doc.examples] if folders else []
    skipped: list[tuple[str, str]] = []
    reviewed = [e for folder in args.reviews for e in examples_from_reviews(folder, skipped)]
    _warn_skipped(skipped)
    if not examples and not reviewed:
        raise PqassistError("Er is niets om van te leren: geef een map met labels of met beoordelingen op.")
    model = fit(examples + reviewed, reviews=len(reviewed))
    target = Path(args.output) if args.output else local_model_path()
    # your own model in the data folder is there to be replaced by the next training; a file
    # named with -o is kept unless --overwrite, and the model goes to "NAME (2).json"
    overwrite = args.overwrite or not args.output
    try:
        written = write_model(model, target, overwrite=overwrite)
    except OSError as exc:
        raise PqassistError(f"Het model kan niet geschreven worden naar '{target}' ({exc.strerror or exc}).") from None
    documents = len({e.document for e in examples + reviewed})
    kept = f" ('{target}' bestond al en blijft staan; --overwrite vervangt het)" if written != target else ""
    print(f"model met {len(model.classes)} oordelen geleerd uit {len(examples)} gelabelde en {len(reviewed)} "
          f"beoordeelde punten ({documents} documenten); geschreven naar {written}{kept}")
    return 0


def _warn_skipped(skipped: list[tuple[str, str]]) -> None:
    """Say on stderr which reviews were left out of the training and why."""
    for name, why in skipped[:SHOWN_SKIPPED]:
        print(f"pqassist: let op: {name} overgeslagen: {why}.", file=sys.stderr)
    if len(skipped) > SHOWN_SKIPPED:
        print(f"pqassist: let op: nog {len(skipped) - SHOWN_SKIPPED} beoordelingen overgeslagen.", file=sys.stderr)
