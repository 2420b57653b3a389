"""Fit a multinomial logistic regression whose dodge verdicts share the weights of their own wording.

A plain multinomial regression gives every verdict its own weight for every feature. The
rare dodge verdicts (a few dozen labelled items each, some in only a handful of documents)
then learn "my own wording points to me" from very few items, and strong regularisation
keeps those weights small: an answer that says in so many words that it was sent to the
member directly was still called ``general``. Here each dodge verdict's score also adds
one *shared* weight per measurement of its own wording (``withheld.weight`` for withheld,
``referral.weight`` for referral, and so on, for each suffix in ``MATCHED_SUFFIXES``), so
that what the wording of one dodge says about its verdict is learnt from all of them together.
The per-verdict weights stay, to learn how each wording differs.

Numbers: features are standardised (a rare flag's spread counts as at least ``spread``), the
objective is the summed log-loss plus an L2 penalty of ``1 / (2 C)`` on every weight but the
intercepts (the objective scikit-learn's ``LogisticRegression`` minimises), solved with
L-BFGS; the scaling is folded back so that inference is one dot product over raw values.
Needs numpy and scipy (the training extra); the analysis never imports this module.
"""

from __future__ import annotations

from dataclasses import dataclass

from pqassist.analysis.answer_model import DODGES

MATCHED_CLASSES = DODGES  # the verdicts whose own wording shares its weights
# the measurements of a verdict's wording in features.py, each one shared weight
MATCHED_SUFFIXES = ("weight", "opens", "closes", "share", "decisive", "opens_short")


@dataclass(frozen=True)
class Fitted:
    """Weights over raw feature values: per class, one row; shared, one weight per suffix."""

    classes: tuple[str, ...]
    weights: list[list[float]]
    intercepts: list[float]
    matched: dict[str, float]  # suffix -> the weight every matched class gives its own measurement


def fit_regression(rows: list[list[float]], names: tuple[str, ...], verdicts: list[str], sample_weights: list[float],
                   c: float, spread: float) -> Fitted:
    """Return the regression fitted on ``rows`` (one list of values per item, in the order of
    ``names``) with the verdicts and weights given."""
    import numpy as np
    from scipy.optimize import minimize

    classes = tuple(sorted(set(verdicts)))
    raw = np.asarray(rows, dtype=float)
    mean = raw.mean(axis=0)
    scale = np.maximum(raw.std(axis=0), spread)
    x = (raw - mean) / scale
    n, d = x.shape
    k = len(classes)
    y = np.array([classes.index(v) for v in verdicts])
    w = np.asarray(sample_weights, dtype=float)
    onehot = np.zeros((n, k))
    onehot[np.arange(n), y] = 1.0

    column = {name: j for j, name in enumerate(names)}
    matched = np.zeros((n, k, len(MATCHED_SUFFIXES)))  # item x class x suffix: the class's own measurement
    for ci, verdict in enumerate(classes):
        if verdict in MATCHED_CLASSES:
            for s, suffix in enumerate(MATCHED_SUFFIXES):
                j = column.get(f"{verdict}.{suffix}")
                if j is not None:
                    matched[:, ci, s] = raw[:, j]
    present = matched.reshape(-1, len(MATCHED_SUFFIXES))
    present = present[np.abs(present).sum(axis=1) > 0]
    matched_scale = np.maximum(present.std(axis=0), spread) if len(present) else np.ones(len(MATCHED_SUFFIXES))
    matched = matched / matched_scale
    m = len(MATCHED_SUFFIXES)
    penalty = 1.0 / c

    def loss_and_gradient(theta):
        weights = theta[: k * d].reshape(k, d)
        intercepts = theta[k * d : k * d + k]
        shared = theta[k * d + k :]
        z = x @ weights.T + intercepts + matched @ shared
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        loss = -(w * np.log(p[np.arange(n), y] + 1e-300)).sum()
        loss += 0.5 * penalty * ((weights * weights).sum() + shared @ shared)
        residual = (p - onehot) * w[:, None]
        gradient = np.concatenate([
            (residual.T @ x + penalty * weights).ravel(),
            residual.sum(axis=0),
            np.einsum("nk,nkm->m", residual, matched) + penalty * shared,
        ])
        return loss, gradient

    result = minimize(loss_and_gradient, np.zeros(k * d + k + m), jac=True, method="L-BFGS-B",
                      options={"maxiter": 5000})
    theta = result.x
    weights = theta[: k * d].reshape(k, d) / scale
    intercepts = theta[k * d : k * d + k] - (theta[: k * d].reshape(k, d) * (mean / scale)).sum(axis=1)
    shared = theta[k * d + k :] / matched_scale
    return Fitted(classes, weights.tolist(), intercepts.tolist(),
                  {suffix: float(v) for suffix, v in zip(MATCHED_SUFFIXES, shared)})
