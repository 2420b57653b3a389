"""The regression behind the verdict model: the plain part is the usual L2 multinomial
logistic regression, and the shared weights let a rare dodge verdict learn from the others."""

from __future__ import annotations

import math
import random
from dataclasses import replace

import pytest

pytest.importorskip("sklearn", reason="training needs scikit-learn (pip install 'pqassist[train]')")

import numpy as np  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

from pqassist.analysis.answer_model import DODGES  # noqa: E402
from pqassist.analysis.verdict_model import VerdictModel  # noqa: E402
from pqassist.corpus import regression  # noqa: E402
from pqassist.corpus.regression import fit_regression  # noqa: E402


def test_without_shared_features_it_is_scikit_learns_regression():
    rng = np.random.default_rng(7)
    names = ("a", "b", "c", "flag")
    x = np.column_stack([rng.normal(size=120), rng.normal(2, 3, size=120), rng.normal(size=120),
                         rng.random(120) < 0.1])
    y = np.where(x[:, 0] + 0.5 * x[:, 3] > 0.3, "answered", np.where(x[:, 1] > 2, "general", "referral"))
    fitted = fit_regression(x.tolist(), names, y.tolist(), [1.0] * len(y), c=0.5, spread=0.3)
    assert fitted.matched == {suffix: 0.0 for suffix in regression.MATCHED_SUFFIXES}
    mean, scale = x.mean(axis=0), np.maximum(x.std(axis=0), 0.3)
    reference = LogisticRegression(C=0.5, max_iter=5000, tol=1e-8).fit((x - mean) / scale, y)
    assert fitted.classes == tuple(reference.classes_)
    assert np.allclose(np.array(fitted.weights) * scale, reference.coef_, atol=2e-3)
    model = VerdictModel(fitted.classes, names, tuple(map(tuple, fitted.weights)), tuple(fitted.intercepts))
    mine = [model.probabilities(dict(zip(names, row))) for row in x.tolist()]
    theirs = reference.predict_proba((x - mean) / scale)
    assert np.allclose([[p[k] for k in fitted.classes] for p in mine], theirs, atol=2e-3)


def synthetic(rare: int) -> tuple[list[list[float]], tuple[str, ...], list[str]]:
    """Items whose dodge wording names their verdict (noisily); `declined` is rare."""
    names = ("referral.weight", "no_data.weight", "declined.weight", "noise")
    counts = {"answered": 60, "general": 40, "referral": 30, "no_data": 30, "declined": rare}
    rows, verdicts = [], []
    rng = random.Random(3)
    for verdict, count in counts.items():
        for _ in range(count):
            row = [float(verdict == name.split(".")[0]) * rng.uniform(0.7, 1.3) for name in names[:3]]
            if rng.random() < 0.1:  # a wording that misleads now and then
                row[rng.randrange(3)] = 1.0
            rows.append(row + [rng.gauss(0, 1)])
            verdicts.append(verdict)
    return rows, names, verdicts


def declined_reading(fitted, names) -> tuple[float, str]:
    """Return the probability of `declined` for an item with the declined wording, and the top verdict."""
    model = VerdictModel(fitted.classes, names, tuple(map(tuple, fitted.weights)), tuple(fitted.intercepts),
                         matched_classes=DODGES, matched=tuple(fitted.matched.items()))
    probabilities = model.probabilities({"declined.weight": 1.0})
    return probabilities["declined"], max(probabilities, key=probabilities.get)


def test_a_rare_dodge_learns_what_its_wording_means_from_the_other_dodges(monkeypatch):
    rows, names, verdicts = synthetic(rare=4)
    shared = fit_regression(rows, names, verdicts, [1.0] * len(rows), c=0.03, spread=0.3)
    assert shared.matched["weight"] > 0.5
    monkeypatch.setattr(regression, "MATCHED_CLASSES", ())
    plain = fit_regression(rows, names, verdicts, [1.0] * len(rows), c=0.03, spread=0.3)
    assert plain.matched["weight"] == 0.0
    (with_sharing, top_shared), (without, top_plain) = declined_reading(shared, names), declined_reading(plain, names)
    print(f"\np(declined | its wording): shared {with_sharing:.2f} ({top_shared}), plain {without:.2f} ({top_plain})")
    assert top_shared == "declined" != top_plain
    assert with_sharing > 2 * without
    assert math.isclose(sum(VerdictModel(shared.classes, names, tuple(map(tuple, shared.weights)),
                                         tuple(shared.intercepts)).probabilities({}).values()), 1.0)


def examples_with(verdicts: list[str]):
    from pqassist.corpus.training import Example

    return [Example(f"doc{i}", "kamer", "1", {}, v) for i, v in enumerate(verdicts)]


def test_the_gap_bias_leans_to_gaps_where_the_held_out_score_is_flat():
    from pqassist.corpus.training import fit_gap_bias

    # every prediction is sure: no bias in the grid changes a verdict, all score the same
    examples = examples_with(["answered", "general"] * 10)
    sure = [{"answered": 0.999, "general": 0.001} if e.verdict == "answered" else {"answered": 0.001, "general": 0.999}
            for e in examples]
    assert fit_gap_bias([sure], examples) == 2.0


def test_the_gap_bias_stops_where_leaning_further_costs_more_than_an_item():
    from pqassist.corpus.training import fit_gap_bias

    # ten answered items held at 0.6 against general: a bias past log(0.6/0.4) turns them all into gaps
    examples = examples_with(["answered"] * 10 + ["general"] * 10)
    held_out = [{"answered": 0.6, "general": 0.4}] * 10 + [{"answered": 0.3, "general": 0.7}] * 10
    bias = fit_gap_bias([held_out], examples)
    assert bias < math.log(0.6 / 0.4) <= bias + 1 / 8


def format_examples(flemish_documents: int):
    """Eight federal documents where covered asks mean answered and missing ones partial, and
    ``flemish_documents`` Flemish ones whose covered items happen to be labelled general."""
    from pqassist.corpus.training import Example

    examples = []
    for doc in range(8):
        for item, (flag, verdict) in enumerate([("asks.all_covered", "answered"), ("asks.missing", "partial")] * 3):
            examples.append(Example(f"kamer{doc}", "kamer", str(item), {flag: 1.0, "format.kamer": 1.0}, verdict))
    for doc in range(flemish_documents):
        for item in range(4):
            values = {"asks.all_covered": 1.0, "format.vlaams-parlement": 1.0}
            examples.append(Example(f"vp{doc}", "vlaams-parlement", str(item), values, "general"))
    return examples


def test_a_format_with_too_few_labelled_documents_learns_nothing_of_its_own():
    """One labelled Flemish document whose covered items are general does not teach every
    Flemish item "general": its items count as federal ones; with enough Flemish documents
    the format gets weights of its own."""
    from pqassist.corpus.training import MIN_FORMAT_DOCUMENTS, fit

    covered = {"asks.all_covered": 1.0}
    one = fit(format_examples(1), calibrate=False)
    flemish = one.probabilities({**covered, "format.vlaams-parlement": 1.0})
    federal = one.probabilities({**covered, "format.kamer": 1.0})
    assert max(flemish, key=flemish.get) == "answered"
    assert all(math.isclose(flemish[k], federal[k]) for k in flemish)
    enough = fit(format_examples(MIN_FORMAT_DOCUMENTS), calibrate=False)
    learnt = enough.probabilities({**covered, "format.vlaams-parlement": 1.0})
    assert learnt["general"] > flemish["general"] + 0.05


def test_a_rare_verdict_weighs_more_per_item_and_the_examples_as_much_in_all():
    """Each verdict's items weigh by the inverse square root of its frequency: 64 answered
    and 4 referral items weigh 1 : 4 per item, 68 items in all as before; a reviewed item's
    own weight counts in its verdict's frequency."""
    from pqassist.corpus.training import CLASS_WEIGHT_POWER, Example, class_weights

    assert CLASS_WEIGHT_POWER == 0.5
    examples = examples_with(["answered"] * 64 + ["referral"] * 4)
    weights = class_weights(examples)
    assert weights["referral"] == pytest.approx(4 * weights["answered"])
    assert sum(weights[e.verdict] * e.weight for e in examples) == pytest.approx(len(examples))
    reviewed = [*examples, *(Example("review", "kamer", str(i), {}, "referral", weight=3.0) for i in range(4))]
    shifted = class_weights(reviewed)  # referral now weighs 4 + 12 = 16: half as much per unit as before
    assert shifted["referral"] == pytest.approx(2 * shifted["answered"])


def test_weighing_the_verdicts_lets_a_rare_one_win_where_its_sign_is_seen(monkeypatch):
    """A weak sign seen on the rare verdict's items and on as many common ones: counted once
    per item the common verdict wins there; weighed, the rare one does."""
    from pqassist.corpus import training

    verdicts = ["answered"] * 60 + ["referral"] * 6 + ["answered"] * 6
    examples = examples_with(verdicts)
    examples = [replace(e, values={"answer.short": 1.0}) if i >= 60 else e for i, e in enumerate(examples)]
    monkeypatch.setattr(training, "CLASS_WEIGHT_POWER", 0.0)
    plain = training.fit(examples, calibrate=False).probabilities({"answer.short": 1.0})
    monkeypatch.setattr(training, "CLASS_WEIGHT_POWER", 0.5)
    weighed = training.fit(examples, calibrate=False).probabilities({"answer.short": 1.0})
    assert plain["answered"] > plain["referral"]
    assert weighed["referral"] > weighed["answered"]
