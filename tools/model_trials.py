"""Trials on the verdict model's fitting that the notes report, reproducible by one command.

    # which gap bias ``fit_gap_bias`` picks from each group of three splits into folds
    .venv/bin/python tools/model_trials.py bias-picks [--seeds 12]

    # items of each verdict weighed by (1 / its frequency) ** POWER (training.CLASS_WEIGHT_POWER)
    .venv/bin/python tools/model_trials.py class-weights [--powers 0,0.25,0.5,0.75,1] [--seeds 0,1,2]

    # the model fitted on all labels with such weights, for tools/compare_analysis.py
    .venv/bin/python tools/model_trials.py class-weights --powers 0.5 --write-model /tmp/model.json
    PQASSIST_MODEL=/tmp/model.json .venv/bin/python tools/compare_analysis.py dump --full /tmp/after.jsonl

    # other learners on the same features: do the features or the regression limit the ranking?
    .venv/bin/python tools/model_trials.py learners [--seeds 0,1,2]

    # the regression's regularisation: gap precision at recall 0.90 held out and in-sample per C
    .venv/bin/python tools/model_trials.py regularisation [--cs 0.01,0.03,0.1,0.3,1] [--seeds 0,1,2]

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


def learners(examples, seeds: list[int]) -> None:
    """Print held-out verdict accuracy and gap precision at recall 0.90 of the shipped
    regression beside other learners fitted on the same features and folds: a plain
    multinomial and a gap-or-not logistic regression (scikit-learn, standardised), a random
    forest and gradient-boosted trees; and the shipped regression in-sample (scored on the
    items it was fitted on: not a measure, what it makes of these features at best)."""
    import numpy as np
    from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from pqassist.analysis.features import feature_names
    from pqassist.analysis.suggest import gap_probability
    from pqassist.corpus import training
    from pqassist.corpus.evaluate import RECALL_POINT, precision_at_recall
    from pqassist.model import Verdict

    names = feature_names()
    x = np.array([[e.values.get(n, 0.0) for n in names] for e in examples])
    verdicts = np.array([e.verdict for e in examples])
    gaps = [Verdict(v).is_gap for v in verdicts]
    weights = training.class_weights(examples)
    sample_weight = np.array([weights[v] for v in verdicts])
    makers = {
        "multinomial": lambda: make_pipeline(StandardScaler(), LogisticRegression(C=training.C, max_iter=5000)),
        "gap or not": lambda: make_pipeline(StandardScaler(), LogisticRegression(C=training.C, max_iter=5000)),
        "random forest": lambda: RandomForestClassifier(500, min_samples_leaf=3, max_features=0.3, random_state=0),
        "boosted trees": lambda: GradientBoostingClassifier(n_estimators=150, max_depth=2, learning_rate=0.05,
                                                            subsample=0.8, random_state=0),
    }

    def ranked(scores) -> float:
        return precision_at_recall(list(zip(scores, gaps)), RECALL_POINT) or 0.0

    found: dict[str, list[tuple[float | None, float]]] = {"shipped regression": [], **{name: [] for name in makers}}
    for seed in seeds:
        predicted = training.cross_predict(examples, folds=5, seed=seed)
        said = [max(p, key=p.get) for p in predicted]
        found["shipped regression"].append((float(np.mean([s == v for s, v in zip(said, verdicts)])),
                                            ranked([gap_probability(p) for p in predicted])))
        folds = training.fold_splits(examples, folds=5, seed=seed)  # the folds cross_predict used
        for name, make in makers.items():
            binary = name == "gap or not"
            target = np.array(gaps) if binary else verdicts
            scores, said = np.zeros(len(examples)), np.array(verdicts, dtype=object)
            for train, test in folds:
                model = make()
                fit_weights = {"sample_weight": sample_weight[train]}
                if hasattr(model, "steps"):
                    fit_weights = {f"{model.steps[-1][0]}__sample_weight": sample_weight[train]}
                model.fit(x[train], target[train], **fit_weights)
                probabilities = model.predict_proba(x[test])
                classes = list(model.classes_)
                if binary:
                    scores[test] = probabilities[:, classes.index(True)]
                else:
                    gap_columns = [k for k, c in enumerate(classes) if Verdict(c).is_gap]
                    scores[test] = probabilities[:, gap_columns].sum(axis=1)
                    said[test] = [classes[k] for k in probabilities.argmax(axis=1)]
            found[name].append((None if binary else float(np.mean(said == verdicts)), ranked(scores)))
        print(f"seed {seed} done", file=sys.stderr, flush=True)
    for name, runs in found.items():
        verdict_text = "   -  " if runs[0][0] is None else f"{statistics.mean(a for a, _ in runs):.3f}"
        print(f"{name:20} held out: verdicts {verdict_text}, gap precision at recall {RECALL_POINT:.2f} "
              f"{statistics.mean(p for _, p in runs):.3f}")
    inside = training.fit(examples)
    print(f"{'shipped regression':20} in-sample: gap precision at recall {RECALL_POINT:.2f} "
          f"{ranked([gap_probability(inside.probabilities(e.values)) for e in examples]):.3f} (not a measure)")


def regularisation(examples, cs: list[float], seeds: list[int]) -> None:
    """Print, per inverse regularisation strength C of the regression, gap precision at
    recall 0.90 held out (mean over ``seeds``) and in-sample (fitted on every label and scored
    on those same items: not a measure). Weaker regularisation fits the labels closer and
    ranks new documents worse; training.C is the best held out."""
    from pqassist.analysis.suggest import gap_probability
    from pqassist.corpus import training
    from pqassist.corpus.evaluate import RECALL_POINT, precision_at_recall
    from pqassist.model import Verdict

    gaps = [Verdict(e.verdict).is_gap for e in examples]

    def ranked(predicted) -> float:
        return precision_at_recall(list(zip(map(gap_probability, predicted), gaps)), RECALL_POINT) or 0.0

    for c in cs:
        held_out = statistics.mean(ranked(training.cross_predict(examples, folds=5, c=c, seed=seed)) for seed in seeds)
        inside = training.fit(examples, c=c)
        print(f"C {c}{' (shipped)' if c == training.C else ''}: gap precision at recall {RECALL_POINT:.2f} held out "
              f"{held_out:.3f}, in-sample {ranked([inside.probabilities(e.values) for e in examples]):.3f}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trial", choices=("bias-picks", "class-weights", "learners", "regularisation"))
    parser.add_argument("--labels", default=str(LABELS))
    parser.add_argument("--seeds", default="", help="bias-picks: how many seeds (12); the others: a list (0,1,2)")
    parser.add_argument("--powers", default="0,0.25,0.5,0.75,1")
    parser.add_argument("--write-model", help="class-weights: write the model fitted on all labels (one power)")
    parser.add_argument("--cs", default="0.01,0.03,0.1,0.3,1", help="regularisation: the values of C to try")
    args = parser.parse_args(argv)
    from pqassist.corpus.evaluate import load_labelled

    try:  # read before the labels are: a mistyped number stops at once, in one line
        seeds = [int(s) for s in (args.seeds or ("12" if args.trial == "bias-picks" else "0,1,2")).split(",")]
        powers = [float(p) for p in args.powers.split(",")]
        cs = [float(c) for c in args.cs.split(",")]
    except ValueError:
        parser.error("--seeds, --powers and --cs take numbers separated by commas")
    if any(c <= 0 for c in cs):
        parser.error("--cs takes numbers above 0")
    if args.trial == "bias-picks" and len(seeds) != 1:
        parser.error("bias-picks: --seeds takes one number, how many seeds")
    if args.write_model and len(powers) != 1:
        parser.error("--write-model takes one power")
    examples = [e for doc in load_labelled(args.labels) for e in doc.examples]
    if args.trial == "bias-picks":
        bias_picks(examples, seeds[0])
    elif args.trial == "learners":
        learners(examples, seeds)
    elif args.trial == "regularisation":
        regularisation(examples, cs, seeds)
    else:
        class_weights(examples, powers, seeds, args.write_model)
    return 0


if __name__ == "__main__":
    sys.exit(main())
