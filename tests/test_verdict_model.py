"""The verdict model: a small JSON file, inference in plain Python, a local model fitted with
the staffer's reviews that moves the verdicts they keep changing."""

from __future__ import annotations

import json
import math
from importlib import resources

import pytest

from pqassist.analysis.features import feature_names
from pqassist.analysis.verdict_model import (
    ModelProblem, VerdictModel, active_model, local_model_path, model_from_json, model_note, packaged_model,
    read_model, write_model,
)
from pqassist.model import Meta, Mark, Review, Verdict
from pqassist.parse import parse
from pqassist.analysis.pipeline import analyse

KAMER = Meta(parliament="kamer")


@pytest.fixture(autouse=True)
def no_local_model(tmp_path, monkeypatch):
    """Every test starts with the packaged model: the local one points into tmp_path."""
    monkeypatch.setenv("PQASSIST_MODEL", str(tmp_path / "local" / "verdict-model.json"))


def test_packaged_model_is_small_and_names_every_feature():
    data = resources.files("pqassist.data").joinpath("verdict-model.json").read_bytes()
    assert len(data) < 16_000
    model = packaged_model()
    assert model.features == feature_names()
    assert set(model.classes) == {v.value for v in Verdict}
    assert 0.2 < model.temperature < 10


def test_probabilities_are_a_distribution():
    model = packaged_model()
    for values in ({}, {"no_answer": 1.0}, {"referral.weight": 1.0, "referral.opens": 1.0, "answer.short": 1.0},
                   {"asks.missing": 1.0, "asks.count": 2.0}):
        probabilities = model.probabilities(values)
        assert set(probabilities) == set(model.classes)
        assert math.isclose(sum(probabilities.values()), 1.0)
        ruled_out = {"unanswered"} if not values.get("no_answer") else set()
        ruled_out |= {"partial"} if not values.get("asks.missing") else set()
        assert all(0 < p < 1 for name, p in probabilities.items() if name not in ruled_out)
        assert all(probabilities[name] == 0.0 for name in ruled_out)


def test_an_item_with_an_answer_beside_it_is_never_unanswered():
    """"Unanswered" says no passage addresses the item: the app never shows it beside one."""
    model = VerdictModel(("answered", "general", "unanswered"), ("no_answer", "coverage"),
                         ((0.0, 0.0), (0.0, 0.0), (9.0, -9.0)), (0.0, 0.0, 5.0))
    with_answer = model.probabilities({"coverage": 0.0})
    assert with_answer["unanswered"] == 0.0
    assert math.isclose(with_answer["answered"] + with_answer["general"], 1.0)
    assert max(model.probabilities({"no_answer": 1.0}).items(), key=lambda kv: kv[1])[0] == "unanswered"
    # a model without the verdict (a staffer's own, trained on other verdicts) scores as before
    plain = VerdictModel(("answered", "general"), ("coverage",), ((1.0,), (0.0,)), (0.0, 0.0))
    assert math.isclose(plain.probabilities({"coverage": 1.0})["answered"], math.exp(1) / (math.exp(1) + 1))


def test_partial_needs_an_ask_found_missing_or_dodged():
    """"Gedeeltelijk" names what is missing: with every ask found given there is nothing to name."""
    model = VerdictModel(("answered", "partial"), ("coverage", "asks.missing", "asks.dodged"),
                         ((0.0, 0.0, 0.0), (0.0, 1.0, 1.0)), (0.0, 4.0))
    assert model.probabilities({"coverage": 1.0}) == {"answered": 1.0, "partial": 0.0}
    for named in ("asks.missing", "asks.dodged"):
        assert model.probabilities({named: 1.0})["partial"] > 0.99


def test_the_active_model_follows_its_setting(tmp_path, monkeypatch):
    model = packaged_model()
    first, second = tmp_path / "one" / "model.json", tmp_path / "two" / "model.json"
    write_model(VerdictModel(model.classes, model.features, model.weights, model.intercepts, reviews=3), first)
    write_model(VerdictModel(model.classes, model.features, model.weights, model.intercepts, reviews=5), second)
    monkeypatch.setenv("PQASSIST_MODEL", str(first))
    assert active_model().reviews == 3
    monkeypatch.setenv("PQASSIST_MODEL", str(second))
    assert active_model().reviews == 5
    monkeypatch.setenv("PQASSIST_MODEL", str(tmp_path / "none.json"))
    assert active_model().reviews == 0


def test_shared_weights_score_each_dodge_class_on_its_own_wording():
    model = VerdictModel(("answered", "referral", "withheld"), ("x",), ((0.0,), (0.0,), (0.0,)), (0.0, 0.0, 0.0),
                         matched_classes=("referral", "withheld"), matched=(("weight", 2.0), ("opens", 1.0)))
    plain = model.probabilities({})
    assert math.isclose(plain["referral"], 1 / 3)
    referral = model.probabilities({"referral.weight": 1.0, "referral.opens": 1.0})
    assert max(referral, key=referral.get) == "referral"
    assert math.isclose(referral["referral"], math.exp(3) / (math.exp(3) + 2))
    withheld = model.probabilities({"withheld.weight": 1.0})
    assert withheld["withheld"] > withheld["referral"] == withheld["answered"]
    again = model_from_json(json.loads(json.dumps(model.to_json())))
    assert again.probabilities({"referral.weight": 1.0}) == pytest.approx(model.probabilities({"referral.weight": 1.0}))


def test_a_model_file_of_the_first_version_still_loads_and_scores_as_before():
    """A staffer's own model trained before the shared weights keeps working: version 1 has none."""
    model = packaged_model()
    old = {key: value for key, value in model.to_json().items() if key != "matched"} | {"schema_version": 1}
    loaded = model_from_json(old)
    assert loaded.matched == () and loaded.matched_classes == ()
    values = {"referral.weight": 1.0, "answer.short": 1.0, "format.kamer": 1.0}
    plain = VerdictModel(model.classes, model.features, loaded.weights, loaded.intercepts, loaded.temperature)
    assert loaded.probabilities(values) == plain.probabilities(values)


def test_no_answer_is_unanswered():
    probabilities = packaged_model().probabilities({"no_answer": 1.0, "format.kamer": 1.0})
    assert max(probabilities, key=probabilities.get) == "unanswered"


def test_temperature_softens_without_changing_the_order():
    base = VerdictModel(("a", "b"), ("x",), ((2.0,), (0.0,)), (0.0, 0.0))
    soft = VerdictModel(("a", "b"), ("x",), ((2.0,), (0.0,)), (0.0, 0.0), temperature=2.0)
    sharp, mild = base.probabilities({"x": 1.0}), soft.probabilities({"x": 1.0})
    assert sharp["a"] > mild["a"] > 0.5


@pytest.mark.parametrize("data", [
    {}, [], {"schema_version": 1}, {"schema_version": 2, "classes": [], "features": [], "weights": [], "intercepts": []},
    {"schema_version": 1, "classes": ["a"], "features": ["x"], "weights": [[1.0, 2.0]], "intercepts": [0.0]},
    {"schema_version": 1, "classes": ["a"], "features": ["x"], "weights": [[1.0]], "intercepts": [0.0], "temperature": 0},
    {"schema_version": 1, "classes": ["a"], "features": ["x"], "weights": [["NaN"]], "intercepts": [0.0]},
    {"schema_version": 3, "classes": ["a"], "features": ["x"], "weights": [[1.0]], "intercepts": [0.0]},
    {"schema_version": 2, "classes": ["a"], "features": ["x"], "weights": [[1.0]], "intercepts": [0.0],
     "matched": {"classes": ["b"], "weights": {"weight": 1.0}}},
    {"schema_version": 2, "classes": ["a"], "features": ["x"], "weights": [[1.0]], "intercepts": [0.0],
     "matched": {"classes": ["a"], "weights": {"weight": "inf"}}},
    {"schema_version": 2, "classes": ["a"], "features": ["x"], "weights": [[1.0]], "intercepts": [0.0],
     "matched": {"classes": ["a"], "weights": [1.0]}},
    {"schema_version": 2, "classes": ["a"], "features": ["x"], "weights": [[1.0]], "intercepts": [0.0],
     "matched": {"classes": ["a"], "weights": "x"}},
    {"schema_version": 2, "classes": ["a"], "features": ["x"], "weights": [["x"]], "intercepts": [0.0]},
])
def test_broken_model_data_is_refused_in_dutch(data):
    with pytest.raises(ModelProblem, match="oordeelsmodel") as info:
        model_from_json(data, "model.json")
    assert isinstance(info.value, ValueError)
    reason = str(info.value).split("(", 1)[1].rsplit(")", 1)[0]
    assert reason in {"onbekende versie", "geen oordelen", "de afmetingen kloppen niet", "ongeldige getallen",
                      "onbekende oordelen bij de gedeelde gewichten", "een veld heeft niet de vorm van een oordeelsmodel",
                      "het veld 'classes' ontbreekt"}, reason  # Dutch, never Python's own wording


@pytest.mark.parametrize("broken", ["{not json", "[" * 100_000, '{"weights": ' + "9" * 5000 + "}"],
                         ids=["not-json", "nested-100k-deep", "5000-digit-number"])
def test_a_broken_local_model_leaves_the_packaged_one_in_charge(tmp_path, broken):
    path = local_model_path()
    path.parent.mkdir(parents=True)
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(ModelProblem):
        read_model(path)
    assert active_model().features == packaged_model().features
    assert model_note().startswith("standaardmodel gebruikt: Het oordeelsmodel")


@pytest.mark.parametrize("kind", ["fifo", "folder", "huge"])
def test_a_local_model_that_is_no_file_or_far_too_large_is_refused_at_once(tmp_path, kind):
    """A FIFO in the model's place would hang every analysis; a folder or a huge file is no model."""
    import os
    import subprocess
    import sys

    path = local_model_path()
    path.parent.mkdir(parents=True)
    if kind == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("no FIFOs on this platform")
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    else:
        path.write_bytes(b" " * 6_000_000)
    with pytest.raises(ModelProblem, match="oordeelsmodel"):
        read_model(path)
    assert active_model().features == packaged_model().features
    assert "standaardmodel gebruikt" in model_note()
    example = resources.files("pqassist.data").joinpath("example-vlaams-parlement.txt")
    done = subprocess.run([sys.executable, "-m", "pqassist", "analyse", str(example)], capture_output=True,
                          text=True, timeout=60, env={**os.environ, "PQASSIST_MODEL": str(path)})
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    [warning] = [line for line in done.stderr.splitlines() if line.startswith("let op:")]
    assert str(path) in warning and warning.endswith("Het standaardmodel is gebruikt.")


def test_model_round_trips_and_a_local_model_is_announced(tmp_path):
    model = packaged_model()
    local = VerdictModel(model.classes, model.features, model.weights, model.intercepts, model.temperature, reviews=12)
    assert model_note() is None
    write_model(local, local_model_path())
    assert json.loads(local_model_path().read_text(encoding="utf-8"))["reviews"] == 12
    assert active_model().reviews == 12
    assert model_note() == "aangepast aan uw 12 eerdere beoordelingen"


# --- learning from the staffer -----------------------------------------------------------

FIGURES = [
    ("bouwvergunningen", "de provincie Antwerpen", 1284), ("controles", "de autosnelwegen", 532),
    ("klachten", "de ombudsdienst", 77), ("inspecties", "de kinderopvang", 2310),
    ("aanvragen", "het leefloon", 918), ("overtredingen", "de havens", 143),
    ("dossiers", "de arbeidsrechtbank", 4021), ("meldingen", "de politiezone Gent", 356),
    ("ontslagen", "de spoorwegen", 61), ("beroepen", "de Raad van State", 289),
    ("boetes", "de sluikstorters", 1750), ("bezoeken", "de musea", 8800),
]


def federal(subject: str, place: str, number: int):
    return parse(
        f"Vraag over {subject}. \n\n 1. Hoeveel {subject} waren er in 2024 bij {place}?",
        answer=f"1. In 2024 waren er {number} {subject} bij {place}.", hints=KAMER,
    )


def keep_alternating_reviews(folder, count: int) -> list[str]:
    """Keep ``count`` reviewed one-item documents in ``folder`` (the app's review store), judged
    answered and general in turn; return their dossier keys."""
    from pqassist.drafting.review_store import ReviewStore

    store = ReviewStore(folder)
    keys = []
    for n, (subject, place, number) in enumerate(FIGURES[:count]):
        dossier = federal(subject, place, number)
        store.keep_document(dossier)
        store.save(Review(dossier.key, marks=(Mark("1", Verdict.GENERAL if n % 2 else Verdict.ANSWERED),)))
        keys.append(dossier.key)
    return keys


@pytest.mark.corpus
@pytest.mark.slow
def test_reviews_that_keep_changing_a_verdict_move_it_on_a_fresh_document(corpus, tmp_path):
    """The staffer keeps calling a bare count without any context 'general': after
    ``pqassist train --reviews`` a fresh document of that kind gets 'general' too."""
    pytest.importorskip("sklearn", reason="training needs scikit-learn (pip install 'pqassist[train]')")
    from pqassist.cli import main
    from pqassist.drafting.review_store import ReviewStore

    fresh = federal("vergunningen", "de stad Brugge", 431)
    before = analyse(fresh).suggestions["1"]
    assert before.verdict is Verdict.ANSWERED  # a figure asked, a figure given

    store = ReviewStore(tmp_path / "reviews")
    for subject, place, number in FIGURES:
        dossier = federal(subject, place, number)
        store.keep_document(dossier)
        store.save(Review(dossier.key, marks=(Mark("1", Verdict.GENERAL, note="geen context bij het cijfer"),)))
    assert main(["train", str(corpus / "labels"), "--reviews", str(tmp_path / "reviews")]) == 0
    assert local_model_path().is_file()
    assert model_note() == f"aangepast aan uw {len(FIGURES)} eerdere beoordelingen"
    after = analyse(fresh).suggestions["1"]
    assert after.verdict is Verdict.GENERAL, (after.verdict, after.others)
    assert after.confidence > 0.5


def test_training_leaves_out_damaged_reviews_and_names_each_one(tmp_path, capsys):
    """A reviews folder where some files were damaged (a document emptied, a review cut
    short, a document deleted, a document of another dossier) still trains on the good
    reviews, and says per file which one was left out and why: no traceback, no
    scikit-learn warning on the staffer's terminal."""
    pytest.importorskip("sklearn", reason="training needs scikit-learn (pip install 'pqassist[train]')")
    from pqassist.cli import main

    folder = tmp_path / "reviews"
    keys = keep_alternating_reviews(folder, 8)
    emptied = folder / f"{keys[0]}.document.json"
    data = json.loads(emptied.read_text(encoding="utf-8"))
    emptied.write_text(json.dumps({**data, "text": ""}), encoding="utf-8")
    (folder / f"{keys[1]}.review.json").write_text('{"dossier_key": "', encoding="utf-8")
    (folder / f"{keys[2]}.document.json").unlink()
    other = folder / f"{keys[3]}.document.json"
    other.write_text(json.dumps({**json.loads(other.read_text(encoding="utf-8")), "dossier_key": keys[4]}),
                     encoding="utf-8")

    assert main(["train", "--reviews", str(folder), "-o", str(tmp_path / "model.json")]) == 0
    out, err = capsys.readouterr()
    assert "uit 0 gelabelde en 4 beoordeelde punten" in out
    lines = err.strip().splitlines()
    assert len(lines) == 4 and all(line.startswith("pqassist: let op: ") for line in lines), lines
    for key, why in zip(keys, ("leeg", "geen geldige JSON", "niet bewaard", "ander dossier")):
        assert any(key in line and why in line for line in lines), (key, why, lines)
    assert "Traceback" not in err and "Warning" not in err


def test_train_never_overwrites_a_file_named_with_o_silently(tmp_path, capsys):
    """``-o`` naming a file that exists keeps that file and writes "NAME (2).json", saying so;
    ``--overwrite`` replaces it; a folder given as -o is refused in one line, before training."""
    pytest.importorskip("sklearn", reason="training needs scikit-learn (pip install 'pqassist[train]')")
    from pqassist.cli import main

    keep_alternating_reviews(tmp_path / "reviews", 6)
    target = tmp_path / "model.json"
    target.write_bytes(b"mijn aantekeningen")
    train = ["train", "--reviews", str(tmp_path / "reviews"), "-o"]
    assert main([*train, str(target)]) == 0
    out = capsys.readouterr().out
    assert target.read_bytes() == b"mijn aantekeningen"
    second = tmp_path / "model (2).json"
    assert read_model(second).reviews == 6
    assert f"geschreven naar {second}" in out and "bestond al en blijft staan" in out
    assert main([*train, str(target), "--overwrite"]) == 0
    assert read_model(target).reviews == 6
    assert "bestond al" not in capsys.readouterr().out
    assert main([*train, str(tmp_path / "reviews")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "is een map" in err[0], err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model (2).json", "model.json", "reviews"]


def test_train_without_labels_or_reviews_says_so_in_one_line(tmp_path, capsys):
    from pqassist.cli import main

    assert main(["train", str(tmp_path)]) == 2
    assert main(["train", "--reviews", str(tmp_path / "absent")]) == 2
    assert main(["train"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 3 and all(line.startswith("pqassist: ") for line in err)


@pytest.mark.corpus
@pytest.mark.slow
def test_confidence_is_a_calibrated_probability_on_unseen_documents(corpus):
    """Held out by document, the confidence shown matches how often the verdict is right:
    on the whole, and for the items shown as fairly sure (>= 70%)."""
    pytest.importorskip("sklearn", reason="training needs scikit-learn (pip install 'pqassist[train]')")
    from pqassist.corpus.training import cross_predict
    from pqassist.corpus.evaluate import load_labelled

    examples = [e for doc in load_labelled(corpus / "labels") for e in doc.examples]
    held_out = cross_predict(examples, folds=5)
    shown = [max(p.values()) for p in held_out]
    right = [max(p, key=p.get) == e.verdict for p, e in zip(held_out, examples)]
    mean_shown, accuracy = sum(shown) / len(shown), sum(right) / len(right)
    sure = [r for s, r in zip(shown, right) if s >= 0.7]
    sure_shown = [s for s in shown if s >= 0.7]
    print(f"\nconfidence {mean_shown:.2f} vs accuracy {accuracy:.2f}; "
          f"shown >= 70%: {len(sure)} items, confidence {sum(sure_shown) / len(sure_shown):.2f}, right {sum(sure) / len(sure):.2f}")
    assert abs(mean_shown - accuracy) <= 0.08
    assert len(sure) >= 30 and sum(sure) / len(sure) >= sum(sure_shown) / len(sure_shown) - 0.1


def test_precision_at_recall_takes_the_best_threshold_and_flags_ties_together():
    """The curve point `pqassist eval` prints: the best gap precision among thresholds on the
    held-out probability of a gap that reach the recall asked. Items tied on a score are
    flagged together; an item the analysis lost is never flagged."""
    from pqassist.corpus.evaluate import precision_at_recall

    scored = [(0.9, True), (0.8, False), (0.7, True), (0.6, True), (0.2, False), (0.1, True)]
    assert precision_at_recall(scored, 0.75) == pytest.approx(3 / 4)  # threshold 0.6
    assert precision_at_recall(scored, 1.0) == pytest.approx(4 / 6)  # every item flagged
    assert precision_at_recall(scored, 0.25) == pytest.approx(1.0)  # the top item alone
    tied = [(0.9, True), (0.5, True), (0.5, False), (0.5, False), (0.1, False)]
    assert precision_at_recall(tied, 1.0) == pytest.approx(2 / 4)  # the tie cannot be split
    lost = [(0.9, True), (float("-inf"), True)]
    assert precision_at_recall(lost, 1.0) == 0.0  # recall 1.0 is out of reach
    assert precision_at_recall(lost, 0.5) == 1.0
    assert precision_at_recall([(0.5, False)], 0.9) is None  # no gold gap: no figure


def test_a_verdict_the_model_cannot_give_does_not_set_the_temperature():
    """An item labelled unanswered but aligned with a passage gets probability 0 for it; its
    log-loss would be infinite whatever the temperature, and must not soften every other."""
    from pqassist.corpus.training import Example, fit_temperature

    def example(verdict):
        return Example("doc", "kamer", "1", {}, verdict)

    predicted = [{"answered": 0.8, "general": 0.2, "unanswered": 0.0}] * 10  # right in eight of ten: calibrated
    gold = [example("answered")] * 8 + [example("general")] * 2
    alone = fit_temperature(predicted, gold)
    assert 0.9 < alone < 1.1
    assert fit_temperature(predicted + [predicted[0]], gold + [example("unanswered")]) == alone


# --- "te controleren": a likely gap where no gap is suggested ------------------------------


def test_check_threshold_is_the_highest_that_catches_the_recall_asked():
    """Training sets the threshold on held-out predictions: the highest probability of a gap
    at which the gaps suggested plus those marked reach the recall asked."""
    from pqassist.corpus.training import Example, fit_check_threshold

    def example(verdict):
        return Example("doc", "kamer", "1", {}, verdict)

    def said(verdict, gap):  # a prediction suggesting ``verdict`` with probability ``gap`` of a gap
        if verdict == "answered":
            return {"answered": 1 - gap, "general": gap}
        return {"general": gap, "answered": 1 - gap}

    predicted = [said("general", 0.9), said("general", 0.8), said("answered", 0.45), said("answered", 0.3),
                 said("answered", 0.2), said("answered", 0.4)]
    gold = [example(v) for v in ("general", "partial", "general", "general", "answered", "answered")]
    # four gold gaps, two suggested: recall 0.75 needs one marked (0.45), recall 1.0 two (down to 0.3)
    assert fit_check_threshold(predicted, gold, recall=0.75) == pytest.approx(0.45)
    assert fit_check_threshold(predicted, gold, recall=1.0) == pytest.approx(0.3)
    assert fit_check_threshold(predicted, gold, recall=0.5) == 1.0  # the suggestions alone reach it
    assert fit_check_threshold(predicted[:2], gold[:2], recall=0.9) == 1.0


def test_an_answered_suggestion_with_a_likely_gap_is_marked_to_check():
    from pqassist.analysis.features import ItemFeatures
    from pqassist.analysis.suggest import suggestion_from

    # one feature moves the probability of "general" against "answered"
    model = VerdictModel(("answered", "general", "withheld"), ("x",), ((0.0,), (1.0,), (0.0,)), (0.0, 0.0, -9.0),
                         check_above=0.3)

    def suggestion(x):
        return suggestion_from(ItemFeatures("1", {"x": x}), model)

    sure = suggestion(-3.0)  # P(general) about 0.05
    assert sure.verdict is Verdict.ANSWERED and not sure.to_check and sure.gap_probability < 0.1
    doubt = suggestion(-0.5)  # P(general) about 0.38: answered suggested, but a gap is likely enough
    assert doubt.verdict is Verdict.ANSWERED and doubt.to_check and 0.3 < doubt.gap_probability < 0.5
    percent = round(doubt.gap_probability * 100)
    assert doubt.check_detail_nl == f"kans op een hiaat {percent}%, het meest waarschijnlijk vaag / algemeen"
    assert sure.check_detail_nl == ""
    gap = suggestion(2.0)  # a gap suggested is never "to check"
    assert gap.verdict is Verdict.GENERAL and not gap.to_check and gap.gap_probability > 0.8
    older = suggestion_from(ItemFeatures("1", {"x": -0.5}), VerdictModel(model.classes, model.features, model.weights,
                                                                        model.intercepts))
    assert not older.to_check  # a model trained before the threshold marks nothing


def test_the_check_threshold_round_trips_and_a_bad_one_is_refused(tmp_path):
    model = packaged_model()
    assert model.check_above is not None and 0.1 < model.check_above < 0.9
    written = write_model(model, tmp_path / "model.json")
    assert read_model(written).check_above == pytest.approx(model.check_above, abs=1e-4)
    data = model.to_json()
    for bad in (1.5, -0.1, "NaN", [0.4]):
        with pytest.raises(ModelProblem, match="oordeelsmodel"):
            model_from_json({**data, "check_above": bad}, "model.json")
    del data["check_above"]
    assert model_from_json(data, "model.json").check_above is None  # a model from before it still loads
