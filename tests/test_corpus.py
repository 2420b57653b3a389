"""Real documents from ../shared/corpus: everything parses, and the figures on the gold labels
stay above the floors of issues 2 and 3. Skips without the corpus; fails in CI."""

from __future__ import annotations

import json

import pytest

from pqassist.errors import PqassistError
from pqassist.corpus.evaluate import evaluate, report, starts_with
from pqassist.parse.load import dossier_from_kamer_row, dossier_from_text, iter_kamer_rows, load_dossier
from pqassist.model import Verdict
from pqassist.analysis.pipeline import analyse

pytestmark = pytest.mark.corpus

SEED_IDS = ["1a", "1b", "1c", "2", "3a", "3b", "3c", "3d", "4", "5", "6a", "6b", "6c"]


@pytest.fixture(scope="module")
def results(corpus):
    pytest.importorskip("sklearn", reason="cross-validation needs scikit-learn (pip install 'pqassist[train]')")
    # three splits into folds pooled (seeds 0-2), the figure the README and the notes report:
    # one split's figure moves by a point or two with the luck of the split
    return evaluate(corpus / "labels", corpus, folds=5, repeats=3)


def test_every_federal_row_parses(corpus):
    rows = items = passages = unanswered = 0
    for row in iter_kamer_rows(corpus / "kamer" / "dekamer-2017.jsonl.gz"):
        dossier = dossier_from_kamer_row(row)  # no exception of any kind, ours included
        rows += 1
        items += len(dossier.items)
        passages += len(dossier.passages)
        unanswered += not dossier.has_answer
        assert dossier.items, f"row {row['doc_id']} has no item"
    print(f"\nfederal: {rows} rows, {items} items, {passages} passages, {unanswered} without answer")
    assert rows == 3811
    assert unanswered == 328


def test_every_tweede_kamer_text_parses(corpus):
    found = []
    for path in sorted((corpus / "tweede-kamer" / "txt").glob("*.txt")):
        dossier = dossier_from_text(path.read_text(encoding="utf-8"), source=path.name)
        assert dossier.format == "tweede-kamer", path.name
        found.append((path.name, len(dossier.items), len(dossier.passages)))
    print("\n" + "\n".join(f"{n}: {i} items, {p} passages" for n, i, p in found))
    assert len(found) == 24


def test_every_tweede_kamer_pdf_parses_like_its_text(corpus):
    count = 0
    for path in sorted((corpus / "tweede-kamer" / "pdf").glob("*.pdf")):
        dossier = load_dossier(path)
        text = corpus / "tweede-kamer" / "txt" / f"tk_{path.stem}.txt"
        from_text = dossier_from_text(text.read_text(encoding="utf-8"))
        assert [i.id for i in dossier.items] == [i.id for i in from_text.items], path.name
        assert dossier.meta.number == from_text.meta.number
        count += 1
    print(f"\n{count} Tweede Kamer PDFs parse to the same items as their texts")
    assert count == 21


def test_label_figures_meet_the_floors(results):
    """Floors on the CROSS-VALIDATED figures (5 folds by document, stratified by format, three
    splits into folds pooled): every verdict is suggested by a model that never saw the
    document. Measured on 78 documents, 312 items: verdicts 0.69, gap precision 0.80, gap
    recall 0.80 (0.90 with the items marked to check), alignment 0.92. The issue's targets
    (0.70 / 0.80 / 0.90 / 0.92) are not all reached; the floors sit a small margin below what
    is measured."""
    print("\n" + report(results))
    cv = results["cv"]["overall"].figures()
    inside = results["in_sample"]["overall"].figures()
    assert cv["ids"] >= 0.90  # issue 2
    assert cv["segmentation"] >= 0.95  # issue 2
    assert cv["alignment"] >= 0.88
    assert cv["gap_recall"] >= 0.76
    assert cv["gap_precision"] >= 0.76
    assert cv["verdicts"] >= 0.66
    # the ranking by held-out probability of a gap: at recall 0.90 the best threshold gave
    # precision 0.70 (the issue asks 0.80); the figure is printed beside the others
    assert 0.60 <= cv["precision_at_recall"] <= cv["gap_precision"] + 0.05
    # items suggested as no gap but marked "te controleren" (threshold set inside the training
    # folds for recall 0.90): with them, 0.90 of the gaps were caught, 0.14 of the items marked
    assert cv["recall_with_marked"] >= 0.87
    assert 0.05 <= cv["marked"] <= 0.22
    assert cv["marked_precision"] >= 0.20  # 0.36 of the marked items were gold gaps
    notes = [line for line in report(results).splitlines() if line.startswith("(")]
    assert any(line.startswith("(gap precision at recall 90%") for line in notes)
    assert any(line.startswith("(gap recall with to-check") for line in notes)
    assert inside["verdicts"] >= cv["verdicts"]  # the in-sample figure is the optimistic one
    for name in ("kamer", "tweede-kamer"):
        assert results["cv"][name].figures()["verdicts"] >= 0.50, name


@pytest.mark.slow
def test_shuffled_labels_drop_to_chance(corpus):
    """The model learns from the features, not by heart: with the verdicts shuffled among
    the items, cross-validated accuracy falls to about what always guessing the most common
    verdict gives."""
    pytest.importorskip("sklearn", reason="cross-validation needs scikit-learn (pip install 'pqassist[train]')")
    shuffled = evaluate(corpus / "labels", corpus, folds=5, shuffle_labels=True)["cv"]["overall"]
    most_common = max(
        sum(count for (gold, _), count in shuffled.confusion.items() if gold == verdict)
        for verdict in {gold for gold, _ in shuffled.confusion}
    ) / shuffled.items
    accuracy = shuffled.figures()["verdicts"]
    print(f"\nshuffled labels: cross-validated accuracy {accuracy:.2f}, most common verdict {most_common:.2f}")
    assert accuracy <= most_common + 0.05


def test_seed_items_passages_and_meta(corpus):
    dossier = load_dossier(corpus / "seed" / "vp-262-2018-integratiepact.txt")
    labels = json.loads((corpus / "labels" / "vp-262-2018.json").read_text(encoding="utf-8"))
    assert [item.id for item in dossier.items] == SEED_IDS
    analysis = analyse(dossier)
    for gold in labels["items"]:
        assert starts_with(dossier.item(gold["id"]).text, gold["starts"])
        assert starts_with(analysis.answer_for(gold["id"]), gold["answer_starts"])
    meta = dossier.meta
    assert (meta.parliament, meta.number, meta.asked_on.isoformat()) == ("vlaams-parlement", "262", "2018-01-31")
    assert (meta.questioner, meta.addressee, meta.title) == ("Yasmine Kherbache", "Liesbeth Homans", "Integratiepact - Stand van zaken")
    assert meta.addressee_title.startswith("viceminister-president van de Vlaamse Regering, Vlaams minister van Binnenlands Bestuur")
    labels_by_item = {item["id"]: item for item in labels["items"]}
    assert {p.label for p in dossier.passages} >= {"1.", "2.", "3. a)", "b)", "4.", "6. a)"}
    assert len(labels_by_item) == len(SEED_IDS)


def test_seed_suggestions_name_what_is_missing(corpus):
    analysis = analyse(load_dossier(corpus / "seed" / "vp-262-2018-integratiepact.txt"))
    s1b = analysis.suggestions["1b"]
    assert s1b.verdict is Verdict.REFERRAL
    assert any("Alle info over het financiële kader vindt u in oproepfiches" in e.text for e in s1b.evidence)
    assert not analysis.suggestions["3c"].verdict.is_gap
    s3d = analysis.suggestions["3d"]
    assert s3d.verdict is Verdict.PARTIAL
    missing = " ".join(s3d.missing)
    assert "sinds de start" in missing and "stemrecht" in missing
    s4 = analysis.suggestions["4"]
    assert s4.verdict is Verdict.PARTIAL and "bijlage" in s4.reason
    assert any("als bijlage" in m for m in s4.missing)
    for suggestion in analysis.suggestions.values():
        assert 0 < suggestion.confidence <= 1 and suggestion.evidence


def test_seed_6b_is_not_a_gap(corpus):
    """6b asks whether a conclusion may be drawn about a criterion of the call; the answer opens
    with a statement on that very criterion: a reply to the clause asked about."""
    analysis = analyse(load_dossier(corpus / "seed" / "vp-262-2018-integratiepact.txt"))
    assert not analysis.suggestions["6b"].verdict.is_gap


def test_eval_command_prints_a_line_per_format(corpus, capsys):
    from pqassist.cli import main

    assert main(["eval", str(corpus / "labels"), "--folds", "0", "-v"]) == 0
    out = capsys.readouterr().out
    for name in ("vlaams-parlement", "kamer", "tweede-kamer", "overall"):
        assert any(line.startswith(name) and "active" in line and "gap recall" in line for line in out.splitlines())
    assert "gold \\ suggested" in out


def test_eval_report_prints_cross_validated_and_in_sample_per_format(results):
    out = report(results)
    for name in ("vlaams-parlement", "kamer", "tweede-kamer", "overall"):
        lines = [line for line in out.splitlines() if line.startswith(name)]
        assert any(" cv " in line for line in lines) and any("in-sample" in line for line in lines), name
    assert "not a measure" in out


def test_analyse_json_on_a_federal_row(corpus, capsys):
    from pqassist.cli import main

    assert main(["analyse", f"{corpus}/kamer/dekamer-2017.jsonl.gz#186015", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["meta"]["questioner"] == "Barbara Pas" and data["meta"]["asked_on"] == "2017-02-01"
    assert [i["id"] for i in data["items"]] == ["1", "2", "3", "4"]
    for item in data["items"]:
        assert item["verdict"] in {v.value for v in Verdict}
        assert item["answer_label"] == f"{item['id']}." and item["covers"] == [item["id"]]


def test_no_answer_rows_are_valid_dossiers(corpus):
    for row in iter_kamer_rows(corpus / "kamer" / "dekamer-2017.jsonl.gz"):
        if not (row.get("answer") or "").strip():
            analysis = analyse(dossier_from_kamer_row(row))
            assert analysis.dossier.notices
            assert {s.verdict for s in analysis.suggestions.values()} == {Verdict.UNANSWERED}
            break
    else:  # pragma: no cover
        pytest.fail("no unanswered row found")


def test_errors_on_bad_rows_are_ours(tmp_path):
    bad = tmp_path / "rows.jsonl"
    bad.write_text('{"doc_id": 1, "question": "T. Hoeveel?"}\nnot json\n', encoding="utf-8")
    with pytest.raises(PqassistError):
        list(iter_kamer_rows(bad))


def test_pooled_splits_count_every_item_once(tmp_path, capsys):
    """--repeats pools several splits into folds: documents and items are counted once, the
    rates are over all runs; a number of repeats out of range is one Dutch line, exit 2."""
    from pqassist.cli import main
    from pqassist.corpus.evaluate import Tally

    one = Tally(documents=2, items=10, verdict_right=6, gap_tp=3, gap_fp=1, gap_fn=1)
    pooled = Tally()
    pooled.add(one)
    pooled.add(Tally(documents=2, items=10, verdict_right=8, gap_tp=4, gap_fp=0, gap_fn=0))
    pooled.repeats = 2
    figures = pooled.figures()
    assert (figures["documents"], figures["items"]) == (2, 10)
    assert figures["verdicts"] == pytest.approx(0.7)
    assert figures["gap_precision"] == pytest.approx(7 / 8)
    (tmp_path / "a.json").write_text("{}", encoding="utf-8")
    assert main(["eval", str(tmp_path), "--repeats", "0"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--repeats" in err[0]
