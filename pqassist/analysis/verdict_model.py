"""Apply the trained verdict model: a multinomial logistic regression read from a JSON file.

Inference only (a dot product in plain Python); training lives in ``pqassist.corpus.training``. The
packaged model (``pqassist/data/verdict-model.json``) was fitted on the gold labels; a
local model fitted with the staffer's own reviews (``pqassist train --reviews``) replaces
it when present: ``PQASSIST_MODEL`` names its file, otherwise the user's data folder.
The probability returned is calibrated (temperature scaling fitted on held-out folds), so
"80%" means: of the items shown with about 80%, about four in five had that verdict.
The probability of a gap is the sum over the gap verdicts; an item suggested ``answered``
(or ``withheld``) whose probability of a gap reaches ``check_above`` is marked "te
controleren": set at training so that, on held-out documents, nine in ten gaps are either
suggested or marked.
Two verdicts are ruled out where they cannot be right: "unanswered" beside an answer, and
"partial" when no ask was found missing or dodged (it would have nothing to name).
Besides a weight per class and feature, the dodge verdicts share one weight per measurement
of their own wording (``matched``: withheld's score adds it times ``withheld.weight``,
referral's times ``referral.weight``), learnt from all of them together.
"""

from __future__ import annotations

import json
import math
import os
import sys
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from pqassist import jsonio
from pqassist.data import data_path
from pqassist.errors import PqassistError

SCHEMA_VERSION = 2
READABLE_VERSIONS = (1, 2)  # version 1: no shared weights (a staffer's model trained before them still loads)
FILE_NAME = "verdict-model.json"
MAX_BYTES = 5_000_000  # a model is a few KB; anything this large is not one


class ModelProblem(PqassistError, ValueError):
    """A verdict model file cannot be used."""


@dataclass(frozen=True)
class VerdictModel:
    """Weights per class over named features, with the temperature that calibrates them."""

    classes: tuple[str, ...]
    features: tuple[str, ...]
    weights: tuple[tuple[float, ...], ...]  # one row per class, one column per feature
    intercepts: tuple[float, ...]
    temperature: float = 1.0
    matched_classes: tuple[str, ...] = ()  # the classes that also score their own wording with ``matched``
    matched: tuple[tuple[str, float], ...] = ()  # (suffix, weight): class k adds weight x value of "k.suffix"
    reviews: int = 0  # how many of the staffer's reviewed items the model learnt from
    source: str = ""
    problem: str = ""  # why the staffer's own model could not be used (this is then the packaged one)
    check_above: float | None = None  # probability of a gap from which a no-gap suggestion is marked to check

    def probabilities(self, values: dict[str, float]) -> dict[str, float]:
        """Return the calibrated probability of every class for one item's feature values."""
        get = self._columns().get
        # the measured features with their weights, in the order of ``values``: each class's
        # logit adds them up in that order (the same floats, bit for bit, as feature by feature)
        present = [(column, value) for name, value in values.items() if value and (column := get(name)) is not None]
        logits = []
        own = self._own_wording()
        for k, intercept in enumerate(self.intercepts):
            z = intercept
            for column, value in present:
                z += column[k] * value
            for name, weight in own[k]:
                z += weight * values.get(name, 0.0)
            logits.append(z)
        logits = [z / self.temperature for z in logits]
        for k in self._ruled_out(values):
            logits[k] = -math.inf
        top = max(logits)
        exps = [math.exp(z - top) for z in logits]
        total = sum(exps)
        return {name: e / total for name, e in zip(self.classes, exps)}

    def _ruled_out(self, values: dict[str, float]) -> list[int]:
        """Return the indices of the classes an item with these feature values cannot have.

        "unanswered" says no passage addresses the item: one with an answer beside it in the app
        gets a verdict about that answer (were the passage the wrong one, the item is still a
        gap: general, partial ...). "partial" says which part of the question went unanswered:
        without an ask found missing or dodged there is nothing to name, and the staffer would
        meet "gedeeltelijk" with no "ontbreekt" beside it.
        """
        unanswered, partial = self._special_indices()
        out = []
        if unanswered is not None and not values.get("no_answer"):
            out.append(unanswered)
        if partial is not None and not (values.get("asks.missing") or values.get("asks.dodged")):
            out.append(partial)
        return out

    def _special_indices(self) -> tuple[int | None, int | None]:
        """Return the indices of "unanswered" and "partial", None for a class the model lacks (once per model)."""
        found = self.__dict__.get("_special")
        if found is None:
            found = tuple(self.classes.index(name) if name in self.classes else None
                          for name in ("unanswered", "partial"))
            object.__setattr__(self, "_special", found)
        return found

    def _columns(self) -> dict[str, tuple[float, ...]]:
        """Return, per feature, its weight in every class (computed once per model)."""
        columns = self.__dict__.get("_by_feature")
        if columns is None:
            columns = {name: tuple(row[j] for row in self.weights) for j, name in enumerate(self.features)}
            object.__setattr__(self, "_by_feature", columns)
        return columns

    def _own_wording(self) -> tuple[tuple[tuple[str, float], ...], ...]:
        """Return, per class, the (feature, shared weight) pairs of its own wording (once per model)."""
        own = self.__dict__.get("_own")
        if own is None:
            own = tuple(tuple((f"{name}.{suffix}", weight) for suffix, weight in self.matched)
                        if name in self.matched_classes else () for name in self.classes)
            object.__setattr__(self, "_own", own)
        return own

    def to_json(self) -> dict:
        """Return the model as JSON-ready data (rounded: the file stays a few KB)."""
        return {
            "schema_version": SCHEMA_VERSION,
            "kind": "multinomial logistic regression",
            "classes": list(self.classes),
            "features": list(self.features),
            "weights": [[round(w, 4) for w in row] for row in self.weights],
            "intercepts": [round(b, 4) for b in self.intercepts],
            "temperature": round(self.temperature, 4),
            "matched": {"classes": list(self.matched_classes),
                        "weights": {suffix: round(w, 4) for suffix, w in self.matched}},
            "reviews": self.reviews,
            **({"check_above": round(self.check_above, 4)} if self.check_above is not None else {}),
        }


def model_from_json(data, source: str = "model") -> VerdictModel:
    """Return the model described by ``data``; raise ``ModelProblem`` when it does not fit
    (saying in Dutch what is wrong, never Python's own wording)."""
    try:
        if data.get("schema_version") not in READABLE_VERSIONS:
            raise _Unfit("onbekende versie")
        classes = tuple(str(c) for c in data["classes"])
        features = tuple(str(f) for f in data["features"])
        weights = tuple(tuple(float(w) for w in row) for row in data["weights"])
        intercepts = tuple(float(b) for b in data["intercepts"])
        temperature = float(data.get("temperature", 1.0))
        shared = data.get("matched") or {}
        matched_classes = tuple(str(c) for c in shared.get("classes", ()))
        matched = tuple((str(suffix), float(w)) for suffix, w in shared.get("weights", {}).items())
        if not classes:
            raise _Unfit("geen oordelen")
        if len(weights) != len(classes) or len(intercepts) != len(classes) or any(len(r) != len(features) for r in weights):
            raise _Unfit("de afmetingen kloppen niet")
        if not set(matched_classes) <= set(classes):
            raise _Unfit("onbekende oordelen bij de gedeelde gewichten")
        numbers = [w for row in weights for w in row] + [w for _, w in matched]
        if not temperature > 0 or not all(math.isfinite(w) for w in numbers):
            raise _Unfit("ongeldige getallen")
        check_above = data.get("check_above")  # absent in models trained before it
        if check_above is not None:
            check_above = float(check_above)
            if not 0.0 <= check_above <= 1.0:
                raise _Unfit("ongeldige drempel voor 'te controleren'")
        return VerdictModel(classes, features, weights, intercepts, temperature, matched_classes, matched,
                            int(data.get("reviews", 0)), source, check_above=check_above)
    except _Unfit as exc:
        reason = str(exc)
    except KeyError as exc:
        reason = f"het veld {exc} ontbreekt"
    except (AttributeError, TypeError, ValueError):
        reason = "een veld heeft niet de vorm van een oordeelsmodel"
    raise ModelProblem(f"Het oordeelsmodel {source} is onbruikbaar ({reason}); train het opnieuw met 'pqassist train'.")


class _Unfit(ValueError):
    """What is wrong with a model file, in Dutch."""


def read_model(path: str | Path) -> VerdictModel:
    """Return the model stored at ``path``."""
    from pqassist.atomic import open_regular

    path = Path(path)
    try:
        # a FIFO or device in the model's place refuses at once instead of hanging the analysis
        with open_regular(path) as handle:
            text = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ModelProblem(f"Het oordeelsmodel {path} kan niet gelezen worden: {exc.strerror or exc}.") from None
    if len(text) > MAX_BYTES:
        raise ModelProblem(f"Het oordeelsmodel {path} is groter dan {MAX_BYTES // 1_000_000} MB en dus geen "
                           "oordeelsmodel; train het opnieuw met 'pqassist train'.")
    data = jsonio.loads(text, source=f"Het oordeelsmodel {path}", error=ModelProblem,
                        hint="train het opnieuw met 'pqassist train'")
    return model_from_json(data, str(path))


def local_model_path() -> Path:
    """Return where a model fitted with the staffer's reviews is kept (``PQASSIST_MODEL``
    or the user's data folder)."""
    if os.environ.get("PQASSIST_MODEL"):
        return Path(os.environ["PQASSIST_MODEL"]).expanduser()
    if sys.platform == "win32":  # pragma: no cover - platform specific
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":  # pragma: no cover - platform specific
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "pqassist" / FILE_NAME


def packaged_model() -> VerdictModel:
    """Return the model shipped inside the package (fitted on the gold labels)."""
    text = data_path(FILE_NAME).read_text(encoding="utf-8")
    return model_from_json(json.loads(text), f"pqassist/data/{FILE_NAME}")


def active_model() -> VerdictModel:
    """Return the local model when there is a usable one, else the packaged model."""
    environ = os.environ
    path = _local_model_path(environ.get("PQASSIST_MODEL"), environ.get("XDG_DATA_HOME"), environ.get("APPDATA"),
                             environ.get("HOME"), environ.get("USERPROFILE"))
    try:
        stamp = os.stat(path).st_mtime_ns
    except OSError:
        stamp = None
    return _load(path, stamp)


@lru_cache(maxsize=16)
def _local_model_path(*settings: str | None) -> str:
    """Return ``local_model_path()`` as text for the settings it depends on (worked out once per
    distinct setting: each document's analysis asks for the active model)."""
    return str(local_model_path())


@lru_cache(maxsize=4)
def _load(path: str, stamp: int | None) -> VerdictModel:
    if stamp is not None:
        try:
            return read_model(path)
        except ModelProblem as problem:
            # a broken local model never stops the analysis: the packaged one stands, and says why
            return replace(packaged_model(), problem=str(problem))
    return packaged_model()


def model_problem() -> str | None:
    """Return why the staffer's own model file (there is one) could not be used, else None."""
    path = local_model_path()
    if not os.path.lexists(path):
        return None
    return active_model().problem or None


def model_note() -> str | None:
    """Return the line the app shows when a model adapted to the staffer's reviews is active,
    or when the staffer's own model could not be used."""
    model = active_model()
    if model.problem:
        return f"standaardmodel gebruikt: {model.problem}"
    if model.source.endswith(f"pqassist/data/{FILE_NAME}"):
        return None
    if model.reviews:
        word = "beoordeling" if model.reviews == 1 else "beoordelingen"
        return f"aangepast aan uw {model.reviews} eerdere {word}"
    return "eigen oordeelsmodel actief"


def write_model(model: VerdictModel, path: str | Path, *, overwrite: bool = True) -> Path:
    """Write ``model`` to ``path`` atomically and return the path written (with
    ``overwrite=False``, the next free "name (n).json" when something is at ``path``)."""
    from pqassist.atomic import write_file

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(model.to_json(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return write_file(path, data, overwrite=overwrite)
