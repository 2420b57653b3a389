"""The staffer's review: the marks.json format, atomic saving, the store, pure changes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from pqassist import atomic
from pqassist.drafting import review as rv
from pqassist.errors import ReviewProblem
from pqassist.model import Analysis, Dossier, Item, Mark, Meta, Review, Suggestion, Verdict
from pqassist.drafting.review import (
    ReviewStore,
    effective_verdict,
    included,
    load_review,
    review_from_json,
    review_to_json,
    save_review,
    with_mark,
    with_opening,
    with_title,
    without_mark,
)

FIXTURES = Path(__file__).parent / "fixtures" / "review"
NOON = datetime(2024, 3, 1, 12, 0, tzinfo=timezone.utc)


def sample_review() -> Review:
    return Review(
        dossier_key="abc123",
        marks=(
            Mark("1a", Verdict.REFERRAL, True, "bedragen per oproep"),
            Mark("3c", None, False, ""),
            Mark("3d", Verdict.PARTIAL, None, "R&D <b> {{ 7*7 }}\fna"),
        ),
        title="Eigen titel",
    )


def test_json_round_trip_keeps_every_field():
    review = sample_review()
    data = review_to_json(review, now=NOON)
    assert data["schema_version"] == 1
    assert data["marks"]["1a"] == {"verdict": "referral", "include": True, "note": "bedragen per oproep"}
    assert data["marks"]["3c"] == {"verdict": None, "include": False, "note": ""}
    assert data["updated_at"] == "2024-03-01T12:00:00+00:00"
    assert review_from_json(json.loads(json.dumps(data))) == review


def test_empty_marks_are_left_out():
    review = Review("k", marks=(Mark("1"), Mark("2", note="x")))
    assert list(review_to_json(review)["marks"]) == ["2"]


def test_save_then_load(tmp_path):
    path = save_review(sample_review(), tmp_path / "sub" / "marks.json", now=NOON)
    assert load_review(path) == sample_review()
    assert [p.name for p in path.parent.iterdir()] == ["marks.json"]  # no temp file left


def test_save_is_atomic_when_the_write_crashes(tmp_path, monkeypatch):
    path = tmp_path / "marks.json"
    save_review(sample_review(), path)
    before = path.read_bytes()

    def crash(fd):
        raise RuntimeError("stroomuitval")

    monkeypatch.setattr(atomic.os, "fsync", crash)
    with pytest.raises(RuntimeError):
        save_review(with_mark(sample_review(), "9", note="nieuw"), path)
    assert path.read_bytes() == before  # the old file is whole
    assert [p.name for p in tmp_path.iterdir()] == ["marks.json"]


def test_a_saved_review_survives_a_killed_process(tmp_path):
    path = tmp_path / "marks.json"
    code = (
        "import os, sys\n"
        "from pqassist.model import Review\n"
        "from pqassist.drafting.review import save_review, with_mark\n"
        "r = with_mark(Review('k'), '2', note='getypt voor de crash')\n"
        f"save_review(r, {str(path)!r})\n"
        "os._exit(9)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], timeout=60)
    assert result.returncode == 9
    assert load_review(path).mark("2").note == "getypt voor de crash"


@pytest.mark.parametrize(
    "content, words",
    [
        ("{niet: json", "geen geldige JSON"),
        ("", "geen geldige JSON (regel 1, kolom 1: waarde verwacht)"),
        # the decoder's reason, English in Python, in Dutch
        ('{"dossier_key": "k', "tekst tussen aanhalingstekens niet afgesloten"),
        ("{dossier_key: 1}", "naam tussen dubbele aanhalingstekens verwacht"),
        ('{"a": 1 "b": 2}', "komma verwacht"),
        ('{"a" 1}', "dubbele punt verwacht"),
        ('{"a": "x\x01"}', "ongeldig stuurteken"),
        ('{"a": "\\q"}', "ongeldige escape met backslash"),
        ('{"a": 1} {"b": 2}', "nog tekst na het einde"),
        ("[1, 2]", "geen JSON-object"),
        ('{"schema_version": 99, "dossier_key": "k", "marks": {}}', "nieuwere versie"),
        ('{"schema_version": "1", "dossier_key": "k"}', "schema_version"),
        ('{"dossier_key": "k", "marks": {}}', "schema_version"),
        ('{"schema_version": 1, "marks": {}}', "dossier_key"),
        ('{"schema_version": 1, "dossier_key": "k", "marks": []}', "'marks'"),
        ('{"schema_version": 1, "dossier_key": "k", "marks": {"1": {"verdict": "misschien"}}}', "onbekend oordeel"),
        ('{"schema_version": 1, "dossier_key": "k", "marks": {"1": {"include": "ja"}}}', "include"),
        ('{"schema_version": 1, "dossier_key": "k", "marks": {"1": {"note": 5}}}', "notitie"),
    ],
)
def test_unusable_files_give_one_dutch_line(tmp_path, content, words):
    path = tmp_path / "marks.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ReviewProblem) as caught:
        load_review(path)
    message = str(caught.value)
    assert words in message
    assert "\n" not in message
    assert str(path) in message
    assert not any(word in message for word in ("Expecting", "Unterminated", "Invalid", "Extra data")), message


def test_binary_and_missing_files(tmp_path):
    binary = tmp_path / "marks.json"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ReviewProblem, match="geen tekstbestand"):
        load_review(binary)
    with pytest.raises(ReviewProblem, match="bestaat niet"):
        load_review(tmp_path / "nergens.json")


def test_dutch_verdict_names_are_read_too():
    data = {"schema_version": 1, "dossier_key": "k", "marks": {"1": {"verdict": "doorverwijzing"}}}
    assert review_from_json(data).mark("1").verdict is Verdict.REFERRAL


def test_migration_hook_upgrades_an_older_schema(monkeypatch):
    def one_to_two(data):
        data["marks"] = {k: dict(v, note=v.get("opmerking", "")) for k, v in data["marks"].items()}
        return data

    monkeypatch.setattr(rv, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(rv, "MIGRATIONS", {1: one_to_two})
    old = {"schema_version": 1, "dossier_key": "k", "marks": {"1": {"opmerking": "oud veld"}}}
    assert review_from_json(old).mark("1").note == "oud veld"
    monkeypatch.setattr(rv, "MIGRATIONS", {})
    with pytest.raises(ReviewProblem, match="kan niet worden omgezet"):
        review_from_json(old)


def test_the_file_written_by_version_1_keeps_opening():
    """tests/fixtures/review/marks-v1.json was written by save_review of schema 1; never edit it."""
    review = load_review(FIXTURES / "marks-v1.json")
    assert review.dossier_key == "5c1e0f2a9b7d4e63"
    assert review.title == "Integratiepact – opvolging"
    assert review.opening is None
    assert review.mark("1a") == Mark("1a", Verdict.REFERRAL, True, "Vraag naar de bedragen per oproep.")
    assert review.mark("3c") == Mark("3c", None, False, "")
    assert review.mark("3d").verdict is Verdict.PARTIAL
    assert review.mark("3d").note == "Wie heeft stemrecht? R&D <b> {{ 7*7 }} “citaat”"
    assert review.mark("6b").verdict is Verdict.ANSWERED


def test_store_keys_files_by_content_key(tmp_path):
    store = ReviewStore(tmp_path / "reviews")
    assert store.load("abc123") == Review("abc123")  # nothing saved yet
    path = store.save(sample_review())
    assert path == tmp_path / "reviews" / "abc123.review.json"
    assert store.load("abc123") == sample_review()
    assert ReviewStore(tmp_path / "reviews").load("other") == Review("other")


def test_store_refuses_a_file_of_another_document(tmp_path):
    store = ReviewStore(tmp_path)
    save_review(Review("zzz"), store.path_for("abc"))
    with pytest.raises(ReviewProblem, match="ander document"):
        store.load("abc")


def test_store_path_is_safe_for_odd_keys(tmp_path):
    assert ReviewStore(tmp_path).path_for("../../etc").parent == tmp_path


def test_with_mark_changes_only_what_is_given():
    review = sample_review()
    changed = with_mark(review, "1a", note="nieuwe notitie")
    assert changed.mark("1a") == Mark("1a", Verdict.REFERRAL, True, "nieuwe notitie")
    assert review.mark("1a").note == "bedragen per oproep"  # the original is untouched
    assert [m.item_id for m in changed.marks] == ["1a", "3c", "3d"]  # order kept
    assert with_mark(review, "1a", verdict=None).mark("1a").verdict is None
    assert with_mark(review, "1a", verdict="partial").mark("1a").verdict is Verdict.PARTIAL
    added = with_mark(review, "5", include=True)
    assert added.mark("5") == Mark("5", None, True, "")
    assert added.marks[-1].item_id == "5"


def test_a_mark_emptied_is_dropped():
    review = with_mark(sample_review(), "3c", include=None)
    assert "3c" not in [m.item_id for m in review.marks]
    assert without_mark(sample_review(), "1a").mark("1a") == Mark("1a")


def test_title_and_opening_overrides():
    review = with_opening(with_title(Review("k"), "  Nieuw  "), "Eigen inleiding.")
    assert (review.title, review.opening) == ("Nieuw", "Eigen inleiding.")
    assert with_title(review, "").title is None
    assert with_opening(review, None).opening is None


def analysis_with(verdicts: dict[str, Verdict]) -> Analysis:
    items = tuple(Item(i, f"{i}.", f"Vraag {i}?", 0, 1) for i in verdicts)
    dossier = Dossier(Meta(), "x", items, (), (), 0)
    suggestions = {i: Suggestion(i, v, 0.9, "test") for i, v in verdicts.items()}
    return Analysis(dossier, suggestions=suggestions)


def test_effective_verdict_and_included():
    analysis = analysis_with({"1": Verdict.ANSWERED, "2": Verdict.REFERRAL, "3": Verdict.WITHHELD})
    assert effective_verdict(analysis, None, "2") is Verdict.REFERRAL
    assert [included(analysis, None, i) for i in "123"] == [False, True, False]
    review = Review("k", marks=(Mark("1", Verdict.GENERAL), Mark("2", include=False), Mark("3", include=True)))
    assert effective_verdict(analysis, review, "1") is Verdict.GENERAL
    assert effective_verdict(analysis, review, "2") is Verdict.REFERRAL
    assert [included(analysis, review, i) for i in "123"] == [True, False, True]
    assert effective_verdict(analysis, review, "9") is None
    assert not included(analysis, review, "9")


def test_saved_file_is_readable_json_with_utf8(tmp_path):
    path = save_review(Review("k", marks=(Mark("1", note="“café” &"),)), tmp_path / "m.json")
    text = path.read_text(encoding="utf-8")
    assert "“café” &" in text
    assert json.loads(text)["marks"]["1"]["note"] == "“café” &"
    assert os.stat(path).st_size > 0


# --- merging saves, refresh, notes on pause, documents kept -----------------------------


def test_two_stores_on_one_review_keep_both_windows_changes(tmp_path):
    left, right = ReviewStore(tmp_path), ReviewStore(tmp_path)
    a, b = left.load("k"), right.load("k")
    left.save(with_mark(a, "1", verdict="partial"))
    assert left.last.changed_elsewhere == ()
    right.save(with_mark(b, "2", note="tweede venster"))  # b never saw item 1
    assert right.last.changed_elsewhere == ("1",)
    saved = load_review(left.path_for("k"))
    assert saved.mark("1").verdict is Verdict.PARTIAL
    assert saved.mark("2").note == "tweede venster"
    assert right.last.review == saved


def test_fields_of_one_item_merge_and_the_later_change_wins(tmp_path):
    left, right = ReviewStore(tmp_path), ReviewStore(tmp_path)
    a, b = left.load("k"), right.load("k")
    left.commit(with_mark(a, "1", verdict="partial", note="links"), now=NOON)
    right.commit(with_mark(b, "1", include=True, note="rechts"), now=NOON.replace(minute=1))
    assert load_review(left.path_for("k")).mark("1") == Mark("1", Verdict.PARTIAL, True, "rechts")
    data = json.loads(left.path_for("k").read_text(encoding="utf-8"))
    assert data["marks"]["1"]["updated_at"].startswith("2024-03-01T12:01:00")


def test_an_entry_changed_later_on_disk_is_not_overwritten_by_an_older_clock(tmp_path):
    left, right = ReviewStore(tmp_path), ReviewStore(tmp_path)
    a, b = left.load("k"), right.load("k")
    left.commit(with_mark(a, "1", note="later"), now=NOON.replace(hour=13))
    right.commit(with_mark(b, "1", note="vroeger, andere klok"), now=NOON)
    assert load_review(left.path_for("k")).mark("1").note == "later"


def test_clearing_a_mark_and_title_merge_too(tmp_path):
    left, right = ReviewStore(tmp_path), ReviewStore(tmp_path)
    left.save(with_title(with_mark(Review("k"), "1", note="weg"), "Titel"))
    b = right.load("k")
    a = left.load("k")
    left.save(without_mark(a, "1"))
    right.save(with_opening(b, "Inleiding"))
    saved = load_review(left.path_for("k"))
    assert saved.mark("1") == Mark("1") and saved.title == "Titel" and saved.opening == "Inleiding"
    assert right.last.changed_elsewhere == ("1",)


def test_refresh_shows_other_windows_changes_and_keeps_unsaved_ones(tmp_path):
    left, right = ReviewStore(tmp_path), ReviewStore(tmp_path)
    a, b = left.load("k"), right.load("k")
    left.save(with_mark(a, "1", note="van links"))
    pending = with_mark(b, "2", note="nog niet bewaard")
    seen = right.refresh(pending)
    assert seen.changed_elsewhere == ("1",)
    assert seen.review.mark("1").note == "van links"
    assert seen.review.mark("2").note == "nog niet bewaard"
    assert right.refresh(seen.review).changed_elsewhere == ()  # nothing new since
    right.save(seen.review)
    assert load_review(left.path_for("k")).mark("2").note == "nog niet bewaard"


def test_lock_timeout_is_one_dutch_line(tmp_path):
    from filelock import FileLock

    store = ReviewStore(tmp_path, lock_seconds=0.2)
    path = store.path_for("k")
    with FileLock(str(path.with_name(f".{path.name}.lock"))):
        with pytest.raises(ReviewProblem, match="ander venster") as caught:
            store.save(with_mark(Review("k"), "1", note="x"))
    assert "\n" not in str(caught.value)


def test_debouncer_saves_once_after_the_pause_and_flush_saves_now():
    import threading
    import time

    calls = []
    done = threading.Event()

    def save(text):
        calls.append(text)
        done.set()

    typing = rv.Debouncer(0.2, save)
    for text in ("a", "ab", "abc"):
        typing(text)
    assert typing.pending and calls == []
    assert done.wait(5)
    time.sleep(0.05)
    assert calls == ["abc"] and not typing.pending
    typing("abcd")
    typing.flush()
    assert calls == ["abc", "abcd"]
    typing("x")
    typing.cancel()
    time.sleep(0.3)
    assert calls == ["abc", "abcd"]


def test_debouncer_reports_errors_from_the_timer():
    import threading

    seen = threading.Event()

    def fail():
        raise ReviewProblem("schijf vol")

    typing = rv.Debouncer(0.05, fail, on_error=lambda exc: seen.set())
    typing()
    assert seen.wait(5)
    assert isinstance(typing.error, ReviewProblem)
    typing()
    with pytest.raises(ReviewProblem):
        typing.flush()


def test_kept_documents_pair_with_their_reviews(tmp_path):
    dossier = Dossier(Meta(source="vraag.txt"), "Vraag 1. Hoeveel?\nAntwoord: geen cijfers.", (), (), (), 18,
                      format="vlaams")
    store = ReviewStore(tmp_path)
    path = store.keep_document(dossier)
    assert path == tmp_path / f"{dossier.key}.document.json"
    first = path.read_bytes()
    assert store.keep_document(dossier) == path and path.read_bytes() == first  # once
    assert list(rv.iter_reviewed(tmp_path)) == []  # no review yet
    store.save(with_mark(Review(dossier.key), "1", verdict="withheld"))
    store.save(with_mark(Review("zonder-document"), "1", note="x"))
    (pairs,) = list(rv.iter_reviewed(tmp_path))
    document, review = pairs
    assert document == {"schema_version": 1, "dossier_key": dossier.key, "text": dossier.text,
                        "answer_start": 18, "format": "vlaams", "source": "vraag.txt"}
    assert review.mark("1").verdict is Verdict.WITHHELD


def test_review_files_are_readable_by_others(tmp_path):
    import stat

    if os.name != "posix":
        pytest.skip("file modes are POSIX")
    path = ReviewStore(tmp_path).save(with_mark(Review("k"), "1", note="x"))
    mask = atomic.process_umask()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o666 & ~mask
