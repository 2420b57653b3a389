"""Fit the verdict model from gold labels and the staffer's reviews (needs scikit-learn).

Each labelled or reviewed item becomes one example: the features ``features.py`` measures
on the analysis the tool itself makes (its own alignment, not the gold one) and the
verdict a careful reader gave. A multinomial logistic regression (``regression.py``: the
dodge verdicts share the weights of their own wording) is fitted on standardised features;
the scaling is folded into the weights so that inference is one dot product. Its
probabilities are calibrated by one temperature, fitted on out-of-fold predictions
(grouped by document). scikit-learn and scipy are imported here only: ``pqassist train``
and the tests need them, the analysis and the app do not.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, replace
from pathlib import Path

from pqassist.analysis.features import feature_names, features_all
from pqassist.analysis.suggest import gap_probability
from pqassist.analysis.verdict_model import VerdictModel
from pqassist.corpus.evaluate import RECALL_POINT
from pqassist.corpus.regression import MATCHED_CLASSES
from pqassist.errors import PqassistError
from pqassist.model import Analysis, Dossier, Verdict

C = 0.03  # inverse regularisation strength, chosen by grouped cross-validation (0.02 to 10 tried)
SPREAD = 0.3  # the least standard deviation a feature is scaled by
CALIBRATION_SPLITS = 3  # splits into folds whose held-out predictions set the gap bias and temperature
# Each verdict's items weigh by the inverse of its frequency to this power (``class_weights``):
# half-way between counting every item once, which lets the common verdicts (answered,
# general) drown the rare ones a staffer acts on, and weighing every verdict alike, which lets
# a dozen items of one verdict pull as hard as two hundred. Grouped 5-fold, seeds 0-11: verdict
# accuracy +0.02, gap precision at recall 0.90 +0.02, a fifth fewer items marked to check, the
# confidence still calibrated (tools/model_trials.py class-weights compares powers).
CLASS_WEIGHT_POWER = 0.5
REVIEW_WEIGHT = 3.0  # one reviewed item counts as much as three gold-labelled ones
# A format gets weights of its own only when this many labelled documents hold it: learnt from
# fewer, its weights would be those documents' quirks (one labelled Flemish document taught
# every Flemish item "partial"). Its items are then read as the most common format's.
MIN_FORMAT_DOCUMENTS = 3


class TrainingProblem(PqassistError, ValueError):
    """Training cannot proceed (no scikit-learn, no labels, too few verdicts)."""


@dataclass(frozen=True)
class Example:
    """One item with its features and the verdict it should get."""

    document: str  # examples of one document always fall in the same fold
    format: str
    item_id: str
    values: dict
    verdict: str
    weight: float = 1.0


def analysis_without_suggestions(dossier: Dossier) -> Analysis:
    """Return the dossier aligned, with references, but no suggestions (features come next)."""
    from pqassist.analysis.align import align

    links, references = align(dossier)
    return Analysis(dossier=dossier, links=links, references=references)


def examples_from_analysis(analysis: Analysis, verdicts: dict[str, str], document: str, weight: float = 1.0) -> list[Example]:
    """Return an example for every item of ``analysis`` that ``verdicts`` names."""
    found = features_all(analysis)
    return [
        Example(document, analysis.dossier.format, item_id, found[item_id].values, verdict, weight)
        for item_id, verdict in verdicts.items()
        if item_id in found
    ]


def examples_from_reviews(folder: str | Path, skipped: list[tuple[str, str]] | None = None) -> list[Example]:
    """Return the examples the staffer's reviews give: every mark with a verdict, on the
    document kept beside the review (``ReviewStore.keep_document``). A review whose file or
    document cannot be used is left out; ``skipped`` (when given) gets its name and why."""
    from pqassist.drafting.review_store import ReviewStore, iter_reviewed
    from pqassist.parse.load import dossier_from_text

    examples = []
    for document, review in iter_reviewed(folder, skipped):
        verdicts = {m.item_id: m.verdict.value for m in review.marks if m.verdict is not None}
        if not verdicts:
            continue
        try:
            dossier = dossier_from_document(document, dossier_from_text)
        except PqassistError as exc:  # a kept document that no longer reads as a question and answer
            if skipped is not None:
                what = str(exc).split(". ")[0].rstrip(".")  # what is wrong; its advice is for opening a file
                skipped.append((ReviewStore(folder).document_path(review.dossier_key).name, what))
            continue
        examples += examples_from_analysis(analysis_without_suggestions(dossier), verdicts,
                                           f"review:{review.dossier_key}", REVIEW_WEIGHT)
    return examples


def dossier_from_document(document: dict, parse_text) -> Dossier:
    """Return the dossier of a kept document: its question and answer parsed again."""
    text = document["text"]
    start = document.get("answer_start")
    source = str(document.get("source") or "")
    if document.get("format") == "kamer" and isinstance(start, int) and 0 < start < len(text):
        return parse_text(text[:start], answer=text[start:], source=source)
    return parse_text(text, source=source)


def fit(examples: list[Example], c: float = C, calibrate: bool = True, reviews: int = 0) -> VerdictModel:
    """Return the model fitted on ``examples`` (temperature from grouped out-of-fold predictions)."""
    fit_regression = _solver()
    names = feature_names()
    classes = sorted({e.verdict for e in examples})
    if len(classes) < 2:
        raise TrainingProblem("Er zijn minstens twee verschillende oordelen nodig om te trainen.")
    # standardised, but a rare flag's spread counts as at least SPREAD: otherwise a flag seen
    # on three items is blown up into a large weight; the scaling is folded into the weights
    unlearnt = unlearnt_formats(examples)
    rows = [[0.0 if n in unlearnt else e.values.get(n, 0.0) for n in names] for e in examples]
    weights = class_weights(examples)
    fitted = fit_regression(rows, names, [e.verdict for e in examples], [e.weight * weights[e.verdict] for e in examples],
                            c, SPREAD)
    model = VerdictModel(
        classes=fitted.classes,
        features=names,
        weights=tuple(tuple(row) for row in fitted.weights),
        intercepts=tuple(fitted.intercepts),
        matched_classes=tuple(k for k in MATCHED_CLASSES if k in fitted.classes),
        matched=tuple(fitted.matched.items()),
        reviews=reviews,
    )
    if calibrate and len({e.document for e in examples}) >= 6:
        # several splits into folds: the bias and temperature do not rest on one split
        splits = [cross_predict(examples, folds=5, c=c, calibrate=False, seed=seed) for seed in range(CALIBRATION_SPLITS)]
        bias = fit_gap_bias(splits, examples)
        held_out = [shift(p, bias) for split in splits for p in split]
        intercepts = tuple(b - bias if not Verdict(k).is_gap else b for k, b in zip(model.classes, model.intercepts))
        temperature = fit_temperature(held_out, examples * len(splits))
        check_above = fit_check_threshold([sharpen(p, temperature) for p in held_out], examples * len(splits))
        model = replace(model, intercepts=intercepts, temperature=temperature, check_above=check_above)
    return model


def class_weights(examples: list[Example]) -> dict[str, float]:
    """Return a weight per verdict: its total weight among ``examples`` to the power
    ``-CLASS_WEIGHT_POWER``, scaled so that the examples weigh as much in all as before."""
    totals: dict[str, float] = {}
    for example in examples:
        totals[example.verdict] = totals.get(example.verdict, 0.0) + example.weight
    raw = {verdict: total ** -CLASS_WEIGHT_POWER for verdict, total in totals.items()}
    scale = sum(totals.values()) / sum(raw[verdict] * total for verdict, total in totals.items())
    return {verdict: weight * scale for verdict, weight in raw.items()}


def unlearnt_formats(examples: list[Example]) -> set[str]:
    """Return the format features that keep a weight of 0: the most common format's (the
    others are measured against it) and those of formats with fewer than
    ``MIN_FORMAT_DOCUMENTS`` documents among ``examples``, whose items thereby count as the
    most common format's, at training and when the model is used."""
    documents: dict[str, set[str]] = {}
    for example in examples:
        documents.setdefault(example.format, set()).add(example.document)
    common = max(documents, key=lambda name: (len(documents[name]), name), default=None)
    learnt = {name for name, found in documents.items() if len(found) >= MIN_FORMAT_DOCUMENTS and name != common}
    return {name for name in feature_names() if name.startswith("format.") and name.removeprefix("format.") not in learnt}


def shift(probabilities: dict, bias: float) -> dict:
    """Return ``probabilities`` with the no-gap verdicts (answered, withheld) lowered by
    ``bias`` in log-odds, renormalised."""
    lowered = {k: p * math.exp(-bias) if not Verdict(k).is_gap else p for k, p in probabilities.items()}
    total = sum(lowered.values()) or 1.0
    return {k: p / total for k, p in lowered.items()}


def fit_gap_bias(splits: list[list[dict]], examples: list[Example]) -> float:
    """Return the log-odds lowering of the no-gap verdicts that leans most to gaps at no cost
    in verdict accuracy on held-out predictions (averaged over the splits into folds given,
    each a prediction per example).

    The suggested verdict is the likeliest one. That a missed gap costs a staffer more than
    one to dismiss is carried by the "te controleren" mark (``fit_check_threshold``), which
    brings nine in ten gaps before the staffer; leaning the verdicts as well counted that
    cost twice: suggested gaps went from about 0.80 to 0.76 right and the verdicts from 0.69
    to 0.67, for the same recall with the marks (grouped 5-fold, seeds 0, 3, 6 and 9).
    """
    gold = [e.verdict for e in examples]

    def score(bias: float) -> float:
        return sum(score_split(predicted, bias) for predicted in splits) / len(splits)

    def score_split(predicted: list[dict], bias: float) -> float:
        right = 0
        for probabilities, verdict in zip(predicted, gold):
            shifted = shift(probabilities, bias)
            right += max(shifted, key=shifted.get) == verdict
        return right / len(gold)

    # Accuracy is flat near its top, so its very best point moves a step when one item
    # changes. Among the biases within one item's worth of the best, take the one leaning
    # most to gaps.
    grid = [k / 8 for k in range(0, 17)]
    scores = {b: score(b) for b in grid}
    best = max(scores.values())
    return max(b for b, s in scores.items() if s >= best - 1 / len(examples))


def cross_predict(examples: list[Example], folds: int = 5, c: float = C, calibrate: bool = True, seed: int = 0) -> list[dict]:
    """Return, for every example, the class probabilities of a model that never saw its
    document: grouped k-fold by document, folds stratified by format."""
    out: list[dict] = [{} for _ in examples]
    for model, test in cross_fit(examples, folds, c, calibrate, seed):
        for i in test:
            out[i] = model.probabilities(examples[i].values)
    return out


def cross_fit(examples: list[Example], folds: int = 5, c: float = C, calibrate: bool = True,
              seed: int = 0) -> list[tuple[VerdictModel, list[int]]]:
    """Return, per fold, the model fitted on the other folds and the indexes of the examples
    it is to judge: grouped k-fold by document, folds stratified by format."""
    return [(fit([examples[i] for i in train], c=c, calibrate=calibrate), test)
            for train, test in fold_splits(examples, folds, seed)]


def fold_splits(examples: list[Example], folds: int = 5, seed: int = 0) -> list[tuple[list[int], list[int]]]:
    """Return, per fold, the indexes of the examples to train on and of those to judge:
    grouped k-fold by document (all items of a document in one fold), stratified by format."""
    from sklearn.model_selection import StratifiedGroupKFold

    documents = [e.document for e in examples]
    if len(set(documents)) < folds:
        raise TrainingProblem(f"Er zijn minstens {folds} gelabelde documenten nodig voor {folds} vouwen.")
    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    formats = [e.format for e in examples]
    with warnings.catch_warnings():
        # a format with fewer items than folds (a staffer's first reviews of another parliament)
        # cannot be spread over every fold; the split is still grouped by document
        warnings.filterwarnings("ignore", message="The least populated class", category=UserWarning)
        return [(list(train), list(test)) for train, test in splitter.split(examples, formats, documents)]


def sharpen(probabilities: dict, temperature: float) -> dict:
    """Return ``probabilities`` as the model gives them with its logits divided by ``temperature``."""
    powered = {k: max(p, 1e-300) ** (1.0 / temperature) for k, p in probabilities.items()}
    total = sum(powered.values())
    return {k: p / total for k, p in powered.items()}


def fit_check_threshold(predicted: list[dict], examples: list[Example], recall: float = RECALL_POINT) -> float:
    """Return the least probability of a gap from which an item suggested as no gap is
    marked "te controleren", set on held-out predictions so that ``recall`` of the gold
    gaps are suggested as a gap or marked (by default the recall the judgement issue asks
    for, which no single verdict threshold reaches at a useful precision): the highest
    threshold that reaches it (1.0 when the suggestions alone reach it; items tied on the
    threshold are all marked)."""
    gaps = [(gap_probability(p), Verdict(max(p, key=p.get)).is_gap)
            for p, e in zip(predicted, examples) if Verdict(e.verdict).is_gap]
    need = math.ceil(recall * len(gaps) - 1e-9) - sum(suggested for _, suggested in gaps)
    unmarked = sorted((score for score, suggested in gaps if not suggested), reverse=True)
    if need <= 0 or not unmarked:
        return 1.0
    return unmarked[min(need, len(unmarked)) - 1]


def fit_temperature(predicted: list[dict], examples: list[Example]) -> float:
    """Return the temperature that makes held-out probabilities fit the true verdicts best
    (lowest negative log-likelihood, searched on a log grid)."""
    logs = []
    for probabilities, example in zip(predicted, examples):
        if not probabilities.get(example.verdict):
            continue  # a verdict the model cannot give this item (unanswered beside an answer): no measure of its sureness
        logs.append(({k: math.log(max(p, 1e-12)) for k, p in probabilities.items()}, example.verdict))

    def loss(t: float) -> float:
        total = 0.0
        for logp, truth in logs:
            scaled = {k: v / t for k, v in logp.items()}
            top = max(scaled.values())
            norm = top + math.log(sum(math.exp(v - top) for v in scaled.values()))
            total -= scaled.get(truth, math.log(1e-12) / t) - norm
        return total

    grid = [math.exp(k / 20) for k in range(-20, 41)]  # 0.37 .. 7.4
    return min(grid, key=loss)


def _solver():
    try:
        import numpy  # noqa: F401
        import scipy.optimize  # noqa: F401
        import sklearn  # noqa: F401  (its folds split the calibration)
    except ImportError:
        raise TrainingProblem("Trainen vraagt scikit-learn: pip install 'pqassist[train]'.") from None
    from pqassist.corpus.regression import fit_regression

    return fit_regression
