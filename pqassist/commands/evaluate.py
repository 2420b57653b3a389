"""``pqassist eval LABEL_DIR [--folds 5] [-v]``: figures against gold labels, cross-validated by document."""

from __future__ import annotations

import sys
from pathlib import Path

from pqassist.errors import PqassistError


def register(subparsers, name: str):
    """Add the ``eval`` command to ``subparsers`` and return its parser."""
    parser = subparsers.add_parser(
        name,
        help="meet de analyse aan gouden labels",
        description="Analyseer elk gelabeld document en geef per formaat en in totaal: "
        "documenten, deelvragen, juiste nummering, segmentatie, koppeling, precisie en "
        "vangst van de hiaten, juiste oordelen. De oordelen zijn kruisgevalideerd: het model "
        "leert op de andere groepen documenten en wordt gemeten op de weggelaten groep; het "
        "cijfer op de eigen trainingsdata staat ernaast, als zodanig gemerkt. Vraagt "
        "scikit-learn (pip install 'pqassist[train]'), behalve met --folds 0.",
    )
    parser.add_argument("labels", metavar="LABELMAP", help="map met labelbestanden (*.json), bv. ../shared/corpus/labels")
    parser.add_argument("--corpus", metavar="MAP",
                        help="map waar de documenten van de labels staan (standaard: de map boven de labels)")
    parser.add_argument("--folds", type=int, default=5, metavar="N",
                        help="groepen documenten voor de kruisvalidatie (standaard 5); 0 meet alleen het actieve model")
    parser.add_argument("--seed", type=int, default=0, help="startwaarde van de verdeling in groepen (standaard 0)")
    parser.add_argument("--repeats", type=int, default=1, metavar="N",
                        help="herhaal de kruisvalidatie met N verdelingen in groepen (startwaarden seed, seed+1 ...) "
                        "en tel ze samen (standaard 1)")
    parser.add_argument("-v", "--verbose", action="store_true", help="geef ook de verwarringstabel en elke misser")
    return parser


def run(args) -> int:
    """Run the command; return the exit code."""
    from pqassist.corpus.evaluate import evaluate, report

    folder = Path(args.labels)
    if not folder.is_dir() or not any(folder.glob("*.json")):
        raise PqassistError(f"In '{folder}' staan geen labelbestanden (*.json). Geef de map met de labels op.")
    if args.folds < 0 or args.folds == 1:
        raise PqassistError("--folds moet 0 (geen kruisvalidatie) of minstens 2 zijn.")
    if not 1 <= args.repeats <= 20:
        raise PqassistError("--repeats moet tussen 1 en 20 liggen.")
    results = evaluate(folder, args.corpus, folds=args.folds, seed=args.seed, repeats=args.repeats)
    sys.stdout.write(report(results, verbose=args.verbose) + "\n")
    return 0
