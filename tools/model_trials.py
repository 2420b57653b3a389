"""Trials on the verdict model's fitting that the notes report, reproducible by one command.

    # which gap bias ``fit_gap_bias`` picks from each group of three splits into folds
    .venv/bin/python tools/model_trials.py bias-picks [--seeds 12]

    # items of each verdict weighed by (1 / its frequency) ** POWER (training.CLASS_WEIGHT_POWER)
    .venv/bin/python tools/model_trials.py class-weights [--powers 0,0.25,0.5,0.75,1] [--seeds 0,1,2]

    # the model fitted on all labels with such weights, for tools/compare_analysis.py
    .venv/bin/python tools/model_trials.py class-weights --powers 0.5 --write-model /tmp/model.json
    PQASSIST_MODEL=/tmp/model.json .venv/bin/python tools/compare_analysis.py dump --full /tmp/after.jsonl

Every figure is grouped 5-fold by document (``cross_predict``, folds stratified by format,
the gap bias fitted inside each training fold as ``pqassist eval`` does). Needs the training
extra (scikit-learn) and the labels in ``../shared/corpus/labels``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
LABELS = ROOT.parent / "shared" / "corpus" / "labels"


def bias_picks(examples, seeds: int) -> None:
    """Print the bias ``fit_gap_bias`` picks from seeds 0-2, 3-5 ... (as ``fit`` uses three)."""
    from pqassist.corpus.training import C, CALIBRATION_SPLITS, cross_predict, fit_gap_bias

    splits = [cross_predict(examples, folds=5, c=C, calibrate=False, seed=seed) for seed in range(seeds)]
    for first in range(0, seeds - CALIBRATION_SPLITS + 1, CALIBRATION_SPLITS):
        group = splits[first : first + CALIBRATION_SPLITS]
        print(f"seeds {first}-{first + CALIBRATION_SPLITS - 1}: gap bias {fit_gap_bias(group, examples)}")


def class_weights(examples, powers: list[float], seeds: list[int], write_model: str | None) -> None:
    """Print held-out verdict accuracy and gap precision at recall 0.90 per power and seed."""
    from pqassist.analysis.suggest import gap_probability
    from pqassist.analysis.verdict_model import write_model as write
    from pqassist.corpus import training
    from pqassist.corpus.evaluate import RECALL_POINT, precision_at_recall
    from pqassist.model import Verdict

    for power in powers:
        training.CLASS_WEIGHT_POWER = power  # read by ``fit`` at every call
        accuracy, precision = [], []
        for seed in seeds:
            predicted = training.cross_predict(examples, folds=5, seed=seed)
            said = [max(p, key=p.get) for p in predicted]
            accuracy.append(sum(s == e.verdict for s, e in zip(said, examples)) / len(examples))
            scored = [(gap_probability(p), Verdict(e.verdict).is_gap) for p, e in zip(predicted, examples)]
            precision.append(precision_at_recall(scored, RECALL_POINT) or 0.0)
        print(f"power {power}: verdicts {statistics.mean(accuracy):.3f}, gap precision at recall "
              f"{RECALL_POINT:.2f} {statistics.mean(precision):.3f} (seeds {', '.join(map(str, seeds))})", flush=True)
        if write_model:
            print(f"model written to {write(training.fit(examples), write_model)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trial", choices=("bias-picks", "class-weights"))
    parser.add_argument("--labels", default=str(LABELS))
    parser.add_argument("--seeds", default="", help="bias-picks: how many seeds (12); class-weights: a list (0,1,2)")
    parser.add_argument("--powers", default="0,0.25,0.5,0.75,1")
    parser.add_argument("--write-model", help="class-weights: write the model fitted on all labels (one power)")
    args = parser.parse_args(argv)
    from pqassist.corpus.evaluate import load_labelled

    try:  # read before the labels are: a mistyped number stops at once, in one line
        seeds = [int(s) for s in (args.seeds or ("12" if args.trial == "bias-picks" else "0,1,2")).split(",")]
        powers = [float(p) for p in args.powers.split(",")]
    except ValueError:
        parser.error("--seeds and --powers take numbers separated by commas")
    if args.trial == "bias-picks" and len(seeds) != 1:
        parser.error("bias-picks: --seeds takes one number, how many seeds")
    if args.write_model and len(powers) != 1:
        parser.error("--write-model takes one power")
    examples = [e for doc in load_labelled(args.labels) for e in doc.examples]
    if args.trial == "bias-picks":
        bias_picks(examples, seeds[0])
    else:
        class_weights(examples, powers, seeds, args.write_model)
    return 0


if __name__ == "__main__":
    sys.exit(main())
