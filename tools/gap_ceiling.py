"""Trials on what might lift gap precision at recall 0.90 beyond today's model, by one command.

    # the asks one by one: a learnt score per ask, its soft maximum added to a gap-or-not regression
    .venv/bin/python tools/gap_ceiling.py per-ask [--seeds 0,1,2]

    # self-training: each fold's model labels the unlabelled federal items it is surest of and
    # is fitted again with them
    .venv/bin/python tools/gap_ceiling.py self-training [--seeds 0,1,2]

    # perfect alignment at best: precision at recall 0.90 with every misaligned no-gap item
    # taken out of the items above the threshold
    .venv/bin/python tools/gap_ceiling.py perfect-alignment [--seeds 0,1,2]

Every figure is held out, on the folds ``pqassist eval`` uses (``training.fold_splits``:
grouped 5-fold by document, stratified by format), mean over the seeds. Needs the training
extra (scikit-learn, scipy) and ``../shared/corpus`` (labels and the federal file).
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus"
FEDERAL = Path("kamer") / "dekamer-2017.jsonl.gz"
ASK_KINDS = ("figures", "yes_no", "opinion", "why", "when", "annex", "period", "list")
ASK_LACKING = (*ASK_KINDS, "topic", "announced")
ASK_STATUSES = ("covered", "dodged", "missing", "skipped")
# (least probability of the verdict the fold's model gives, weight of each such item) per run
SELF_TRAINING = ((0.9, 0.1), (0.8, 0.1), (0.9, 0.3), (0.7, 0.05))


def ranked(scores, examples) -> float:
    """Return the best gap precision at recall 0.90 that ranking ``examples`` by ``scores`` gives."""
    from pqassist.corpus.evaluate import RECALL_POINT, precision_at_recall
    from pqassist.model import Verdict

    return precision_at_recall([(s, Verdict(e.verdict).is_gap) for s, e in zip(scores, examples)], RECALL_POINT) or 0.0


def ask_values(check) -> list[float]:
    """Return what the per-ask score reads of one ask check: its status, kinds, what it lacks,
    whether it is covered concretely, its fit, a restated reply, no kind, kinds covered."""
    covered = check.status == "covered"
    values = [check.status == s for s in ASK_STATUSES] + [k in check.kinds for k in ASK_KINDS]
    values += [k in check.lacking for k in ASK_LACKING]
    values += [check.concrete and covered, check.fit, check.restated, not check.kinds]
    values += [k in check.kinds and covered for k in ASK_KINDS]
    return [float(v) for v in values]


ASK_VALUES = len(ASK_STATUSES) + 2 * len(ASK_KINDS) + len(ASK_LACKING) + 4


def fit_gap_model(x, asks, gaps, weights, train, use_asks: bool):
    """Fit, on the ``train`` rows, a gap-or-not logistic regression over the item features
    ``x`` plus (``use_asks``) log(1 + sum over the item's asks of exp(v . ask values)), with the
    regression's penalty on both; return a function scoring rows."""
    import numpy as np
    from scipy.optimize import minimize

    from pqassist.corpus.training import C, SPREAD

    mean = x[train].mean(axis=0)
    scale = np.maximum(x[train].std(axis=0), SPREAD)
    z, y, w = (x[train] - mean) / scale, gaps[train], weights[train]
    rows = [asks[i] for i in train]
    d = z.shape[1]

    def soft_max(matrix, v):
        """log(1 + sum exp(matrix . v)) and the weights of its gradient (0 and none without asks)."""
        if not use_asks or not len(matrix):
            return 0.0, None
        e = matrix @ v
        top = max(0.0, e.max())
        powered = np.exp(e - top)
        total = math.exp(-top) + powered.sum()
        return top + math.log(total), powered / total

    def loss(theta):
        coef, bias, v = theta[:d], theta[d], theta[d + 1:]
        parts = [soft_max(matrix, v) for matrix in rows]
        p = 1 / (1 + np.exp(-(z @ coef + bias + np.array([value for value, _ in parts]))))
        total = -np.sum(w * (y * np.log(p + 1e-12) + (1 - y) * np.log(1 - p + 1e-12)))
        total += (coef @ coef + v @ v) / (2 * C)
        r = w * (p - y)
        grad_v = v / C + sum(r[i] * (share @ rows[i]) for i, (_, share) in enumerate(parts) if share is not None)
        return total, np.concatenate([z.T @ r + coef / C, [r.sum()], grad_v])

    theta = minimize(loss, np.zeros(d + 1 + ASK_VALUES), jac=True, method="L-BFGS-B", options={"maxiter": 500}).x

    def score(indexes):
        s = ((x[indexes] - mean) / scale) @ theta[:d] + theta[d]
        s += np.array([soft_max(asks[i], theta[d + 1:])[0] for i in indexes])
        return 1 / (1 + np.exp(-s))

    return score


def per_ask(labelled, seeds: list[int]) -> None:
    """Print held-out gap precision at recall 0.90 of a gap-or-not regression with and without
    a learnt score per ask (the ask checks one by one instead of their shares)."""
    import numpy as np

    from pqassist.analysis.features import feature_names, features_all
    from pqassist.corpus import training
    from pqassist.model import Verdict

    examples, asks = [], []
    for doc in labelled:
        found = features_all(doc.analysis)
        for example in doc.examples:
            examples.append(example)
            checks = found[example.item_id].checks
            asks.append(np.array([ask_values(c) for c in checks]) if checks else np.zeros((0, ASK_VALUES)))
    unlearnt = training.unlearnt_formats(examples)
    x = np.array([[0.0 if n in unlearnt else e.values.get(n, 0.0) for n in feature_names()] for e in examples])
    gaps = np.array([Verdict(e.verdict).is_gap for e in examples], dtype=float)
    class_weight = training.class_weights(examples)
    weights = np.array([class_weight[e.verdict] for e in examples])
    for use_asks in (False, True):
        found = []
        for seed in seeds:
            scores = np.zeros(len(examples))
            for train, test in training.fold_splits(examples, folds=5, seed=seed):
                scores[test] = fit_gap_model(x, asks, gaps, weights, train, use_asks)(test)
            found.append(ranked(scores, examples))
        name = "with a score per ask" if use_asks else "item features only"
        print(f"gap or not, {name:22} held out: gap precision at recall 0.90 {statistics.mean(found):.3f} "
              f"({', '.join(f'{f:.3f}' for f in found)})", flush=True)


def unlabelled_federal(corpus: Path, labelled) -> list[dict]:
    """Return the feature values of every item of the answered federal documents no label names."""
    from pqassist.analysis.features import features_all
    from pqassist.corpus.training import analysis_without_suggestions
    from pqassist.parse.load import dossier_from_kamer_row, iter_kamer_rows

    named = {doc.label["doc"].rsplit("#", 1)[-1] for doc in labelled}
    out = []
    for row in iter_kamer_rows(corpus / FEDERAL):
        if not (row.get("answer") or "").strip() or str(row.get("doc_id")) in named:
            continue
        analysis = analysis_without_suggestions(dossier_from_kamer_row(row))
        out += [features.values for features in features_all(analysis).values()]
    return out


def self_training(labelled, corpus: Path, seeds: list[int]) -> None:
    """Print held-out verdicts and gap precision at recall 0.90 of the regression (uncalibrated,
    as inside ``fit``) fitted on the training folds, then fitted again with the unlabelled
    federal items its first fit is surest of, per setting of ``SELF_TRAINING``."""
    from pqassist.analysis.suggest import gap_probability
    from pqassist.corpus import training

    examples = [e for doc in labelled for e in doc.examples]
    pool = unlabelled_federal(corpus, labelled)
    print(f"{len(pool)} unlabelled federal items", flush=True)
    for least, weight in ((None, 0.0), *SELF_TRAINING):
        accuracy, precision = [], []
        for seed in seeds:
            held: list[dict] = [{} for _ in examples]
            for train, test in training.fold_splits(examples, folds=5, seed=seed):
                own = [examples[i] for i in train]
                model = training.fit(own, calibrate=False)
                if least is not None:
                    extra = []
                    for n, values in enumerate(pool):
                        p = model.probabilities(values)
                        verdict = max(p, key=p.get)
                        if p[verdict] >= least:
                            extra.append(training.Example(f"unlabelled-{n}", "kamer", "1", values, verdict, weight))
                    model = training.fit(own + extra, calibrate=False)
                for i in test:
                    held[i] = model.probabilities(examples[i].values)
            accuracy.append(statistics.mean(max(p, key=p.get) == e.verdict for p, e in zip(held, examples)))
            precision.append(ranked([gap_probability(p) for p in held], examples))
        name = "labels only" if least is None else f"with items at >= {least}, weight {weight}"
        print(f"{name:34} held out: verdicts {statistics.mean(accuracy):.3f}, gap precision at recall 0.90 "
              f"{statistics.mean(precision):.3f}", flush=True)


def perfect_alignment(labelled, seeds: list[int]) -> None:
    """Print, per seed, the held-out precision at recall 0.90 and what it would be if every
    no-gap item above that threshold whose answer the aligner got wrong fell below it once
    aligned right (an upper bound on what better alignment brings there)."""
    from pqassist.analysis.suggest import gap_probability
    from pqassist.corpus import training
    from pqassist.corpus.evaluate import RECALL_POINT, aligned
    from pqassist.model import Verdict

    examples = [e for doc in labelled for e in doc.examples]
    misaligned = {(doc.label["_file"], gold["id"]) for doc in labelled for gold in doc.label["items"]
                  if not aligned(gold, doc.analysis)}
    print(f"{len(misaligned)} labelled items aligned to another answer than the label's", flush=True)
    gaps = [Verdict(e.verdict).is_gap for e in examples]
    for seed in seeds:
        scores = [gap_probability(p) for p in training.cross_predict(examples, folds=5, seed=seed)]
        gap_scores = sorted((s for s, gap in zip(scores, gaps) if gap), reverse=True)
        threshold = gap_scores[math.ceil(RECALL_POINT * len(gap_scores)) - 1]
        above = [e for s, e, gap in zip(scores, examples, gaps) if s >= threshold and not gap]
        wrong = [e for e in above if (e.document, e.item_id) in misaligned]
        caught = sum(s >= threshold for s in gap_scores)
        print(f"seed {seed}: {caught} gaps and {len(above)} no-gap items above the threshold, {len(wrong)} of them "
              f"misaligned: precision {caught / (caught + len(above)):.3f}, "
              f"{caught / (caught + len(above) - len(wrong)):.3f} without those", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trial", choices=("per-ask", "self-training", "perfect-alignment"))
    parser.add_argument("--corpus", default=str(CORPUS))
    parser.add_argument("--seeds", default="0,1,2")
    args = parser.parse_args(argv)
    try:  # read before the labels are: a mistyped number stops at once, in one line
        seeds = [int(s) for s in args.seeds.split(",")]
    except ValueError:
        parser.error("--seeds takes numbers separated by commas")
    corpus = Path(args.corpus)
    if not (corpus / "labels").is_dir() or not (corpus / FEDERAL).is_file():
        parser.error(f"{corpus} holds no labels/ or {FEDERAL}: give the shared corpus with --corpus")
    from pqassist.corpus.evaluate import load_labelled

    labelled = load_labelled(corpus / "labels", corpus)
    if args.trial == "per-ask":
        per_ask(labelled, seeds)
    elif args.trial == "self-training":
        self_training(labelled, corpus, seeds)
    else:
        perfect_alignment(labelled, seeds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
