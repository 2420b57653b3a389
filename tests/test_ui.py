"""The review app driven in-process: open, walk, mark, note, preview, export; nothing lost.

Every test fails on an exception raised inside a widget callback: ipywidgets' dispatcher
would only log it, so the ``strict_callbacks`` fixture makes it re-raise, and any error the
app itself caught and logged as unexpected (``pqassist.app.ui``) fails the test as well.
"""

from __future__ import annotations

import json
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import textwrap
import time
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

import pytest

ipywidgets = pytest.importorskip("ipywidgets")
docx = pytest.importorskip("docx")

from conftest import FIXTURES, ROOT, write_model_marking_every_answer  # noqa: E402

from pqassist.app import format as ui_format  # noqa: E402
from pqassist.model import Verdict  # noqa: E402
from pqassist.drafting.review import ReviewStore, load_review, with_mark  # noqa: E402
from pqassist.app.ui import ReviewApp, example_wanted  # noqa: E402
from pqassist.app.open_panel import example_text, load_example  # noqa: E402

UI = FIXTURES / "ui"
READ = FIXTURES / "read"
NOTE = "Vraag & antwoord <b>ontbreekt</b>\fpagina 2"
NOTE_CLEAN = "Vraag & antwoord <b>ontbreekt</b> pagina 2"


@pytest.fixture(autouse=True)
def strict_callbacks(monkeypatch):
    """Make ipywidgets re-raise callback exceptions, and fail on errors the app logged."""
    from ipywidgets.widgets.widget import CallbackDispatcher

    def call_all(self, *args, **kwargs):
        value = None
        for callback in self.callbacks:
            local = callback(*args, **kwargs)  # no try: an exception fails the test
            value = local if local is not None else value
        return value

    monkeypatch.setattr(CallbackDispatcher, "__call__", call_all)

    class Collect(logging.Handler):
        def __init__(self):
            super().__init__(logging.ERROR)
            self.records: list[logging.LogRecord] = []

        def emit(self, record):
            self.records.append(record)

    handler = Collect()
    logger = logging.getLogger("pqassist.app.ui")
    logger.addHandler(handler)
    yield handler.records
    logger.removeHandler(handler)
    if handler.records:
        pytest.fail("unexpected error inside the app: " + "; ".join(r.getMessage() + " " + str(r.exc_info and r.exc_info[1]) for r in handler.records))


@pytest.fixture
def folders(tmp_path):
    return {"reviews": tmp_path / "reviews", "exports": tmp_path / "exports"}


@pytest.fixture
def app(folders) -> ReviewApp:
    opened = ReviewApp(example=True, **folders)
    assert opened.analysis is not None, opened.message.value
    return opened


def row_of(app: ReviewApp, item_id: str) -> int:
    return [item.id for item in app.analysis.dossier.items].index(item_id)


def pane(app: ReviewApp, name: str) -> str:
    """Return the HTML of the open item's ``name`` pane ("question", "answer" or "reason")
    from the one widget that shows them."""
    starts = {key: f'<div class="{classes}">' for key, classes in ui_format.PANE_CLASSES.items()}
    value = app.panes.value
    assert all(value.count(start) == 1 for start in starts.values()), value
    begin = value.index(starts[name]) + len(starts[name])
    following = [value.index(start) for start in starts.values() if value.index(start) > begin]
    return value[begin:min(following, default=len(value))].removesuffix("</div>")


def marked_row(app: ReviewApp) -> int:
    """Return the overview row the page marks as the open one (0-based, from the cursor)."""
    found = re.search(r'\.pqa-row:nth-child\((\d+)\)[^<]*</style><img [^>]*data-row="(\d+)"', app.overview.cursor.value)
    assert found and int(found.group(1)) == int(found.group(2)) + 1, app.overview.cursor.value
    return int(found.group(2))


def marked_question(app: ReviewApp) -> str:
    """Return the number of the whole draft's question the open item's draft marks ('' for none)."""
    here = re.search(r'data-here="(\d*)"', app.current_draft.value).group(1)
    rule = re.search(r'mark\.pqa-q\[data-q="(\d+)"\]', app.current_draft.value)
    assert (rule.group(1) if rule else "") == here
    return here


def click_item(app: ReviewApp, item_id: str) -> None:
    app.overview.rows[row_of(app, item_id)][1].click()


def text_of(html: str) -> str:
    """Return what a browser shows of ``html``: tags dropped, entities decoded."""
    import html as html_lib

    return html_lib.unescape(re.sub(r"<[^>]+>", "", html))


def upload(name: str, data: bytes) -> tuple[dict]:
    return ({"name": name, "type": "", "size": len(data), "content": memoryview(data),
             "last_modified": datetime(2024, 3, 1, tzinfo=timezone.utc)},)


# --- opening and showing ---------------------------------------------------------------


def test_the_example_opens_with_metadata_and_an_overview_of_every_item(app):
    dossier = app.analysis.dossier
    meta = text_of(app.meta.value)
    for wanted in ("845", "9 november 2023", "Hanne Vermeire", "Maarten Claessens",
                   "Schoolinfrastructuur - Wachtlijst voor investeringssubsidies"):
        assert wanted in meta
    assert len(app.overview.rows) == len(dossier.items) == 11
    for (_, button, state), item in zip(app.overview.rows, dossier.items):
        assert button.description.startswith(item.id + " ")
        suggested = app.analysis.suggestions[item.id].verdict
        assert suggested.label_nl in text_of(state.value)
        assert ui_format.VERDICT_COLOURS[suggested][0] in state.value  # the verdict's colour
    assert "Deelvraag 1a" in text_of(app.position.value)
    assert marked_row(app) == 0
    assert "pqa-info" in app.message.value and "11 deelvragen" in text_of(app.message.value)


def test_clicking_an_item_opens_it_beside_its_answer_with_the_evidence_marked(app):
    click_item(app, "2")
    assert "Deelvraag 2" in text_of(app.position.value)
    assert marked_row(app) == row_of(app, "2")
    question = text_of(pane(app, "question"))
    assert "Hoeveel schoolbesturen hebben sinds 2019" in question
    assert "Graag een overzicht per jaar." in question  # its asks, one by one
    assert pane(app, "question").count("<li>") == len(app.analysis.dossier.item("2").asks) == 2
    assert "<mark>Daarover worden geen cijfers bijgehouden.</mark>" in pane(app, "answer")
    assert "geen gegevens" in text_of(pane(app, "reason"))
    assert app.verdict.value == "" and app.verdict.label == "voorstel volgen (geen gegevens)"
    assert app.include.value is True


def test_a_referred_passage_is_one_click_away(app):
    click_item(app, "6")
    assert "<details>" in pane(app, "answer") and "209 projecten" in pane(app, "answer")
    buttons = [b for b in app.refs.children if b.layout.display != "none"]
    assert [b.description for b in buttons] == ["Antwoord 4"]
    assert [b.tooltip for b in buttons] == ["Open het antwoord op deelvraag 4"]
    buttons[0].click()
    assert "Deelvraag 4" in text_of(app.position.value)
    assert all(b.layout.display == "none" for b in app.refs.children)


def test_document_text_is_escaped_everywhere(folders):
    text = example_text().replace(
        "Op 1 oktober 2023 stonden 1.184 aanvragen", "Op 1 oktober 2023 stonden <script>alert(1)</script> & 1.184 aanvragen"
    )
    app = ReviewApp(**folders)
    app.opener.paste_answer.value = text
    app.opener.open_paste.click()
    assert app.analysis is not None, app.message.value
    assert "<script>" not in pane(app, "answer")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; 1.184" in pane(app, "answer")
    assert "<script>" not in app.preview.value


def alignment(analysis) -> dict:
    """Return, per item, the answer text aligned with it (what the app shows beside it)."""
    return {item.id: " ".join(analysis.answer_for(item.id).split()) for item in analysis.dossier.items}


def paste(folders, text: str) -> ReviewApp:
    app = ReviewApp(**folders)
    app.opener.paste_answer.value = text  # question and answer together, in the first box
    app.opener.open_paste.click()
    assert app.analysis is not None, app.message.value
    return app


def test_the_pasted_example_aligns_as_the_file_does(folders):
    from pqassist.analysis.pipeline import analyse

    pasted = paste(folders, example_text())
    assert alignment(pasted.analysis) == alignment(analyse(load_example()))
    assert pasted.analysis.dossier.has_answer and "1.184 aanvragen" in " ".join(alignment(pasted.analysis).values())


def test_a_paste_is_read_as_the_same_text_in_a_file(tmp_path):
    from pqassist.app.open_panel import load_pasted
    from pqassist.parse.load import load_dossier

    text = "\ufeff" + example_text().replace("\n", "\r\n").replace("Op 1 oktober", "Op\u00a01 oktober")
    path = tmp_path / "plak.txt"
    path.write_bytes(text.encode("utf-8"))
    from_file, pasted = load_dossier(path), load_pasted(text)
    assert pasted.key == from_file.key
    assert [(i.id, i.text) for i in pasted.items] == [(i.id, i.text) for i in from_file.items]
    assert [(p.covers, p.text) for p in pasted.passages] == [(p.covers, p.text) for p in from_file.passages]


PASTES = {  # made-up texts as a staffer pastes them: question, then answer, no heading between
    "numbered, glued": ("Fietsdiefstal. - Stations.\n\nIn 2023 werden veel fietsen gestolen. 1. Hoeveel fietsen "
                        "werden gestolen aan stations?2. Welke maatregelen neemt u?\n\nIn antwoord op uw vragen "
                        "kan ik het volgende meedelen. 1. Er werden 1.200 fietsen gestolen. 2. We plaatsen "
                        "camera's aan de grootste stations.", {"1": "1.200 fietsen", "2": "camera's"}),
    "lead-in list": ("Belastingaangiften.\n\nKunt u per jaar meedelen: 1. het aantal aangiften; 2. het "
                     "aantal controles?\n\n1. en 2. De cijfers staan in de onderstaande tabel. Er zijn geen "
                     "cijfers voor 2024.", {"1": "onderstaande tabel", "2": "onderstaande tabel"}),
    "unnumbered": ("Wachttijden bij de rijexamens\n\nDe wachttijden lopen op. Hoe lang wacht een kandidaat "
                   "gemiddeld? Wat doet u daaraan?\n\nWat de wachttijden betreft, kan ik meedelen dat een "
                   "kandidaat gemiddeld zes weken wacht. Er komen twee examencentra bij.",
                   {"1": "zes weken"}),
}


@pytest.mark.parametrize("name", list(PASTES))
def test_a_question_and_answer_pasted_together_are_split(folders, name):
    text, wanted = PASTES[name]
    app = paste(folders, text)
    found = alignment(app.analysis)
    assert sorted(found) == sorted(wanted), found
    for item_id, words in wanted.items():
        assert words in found[item_id], (item_id, found)
        assert words not in app.analysis.dossier.item(item_id).text  # the answer is not in the question


def test_a_pasted_question_without_answer_gets_no_invented_answer(folders):
    app = paste(folders, "Fietsdiefstal\n\nIn 2023 werden veel fietsen gestolen.\n\n1. Hoeveel fietsen werden "
                         "gestolen?\n\n2. Welke maatregelen neemt u?\n\nDeze vraag werd ook gesteld aan de "
                         "minister van Justitie.")
    assert not app.analysis.dossier.has_answer
    assert "geen antwoord" in text_of(app.message.value)


FEDERAL_ROWS = ("184501", "184905", "185375", "184544")  # numbered answers, an unnumbered one


@pytest.mark.corpus
@pytest.mark.parametrize("doc_id", FEDERAL_ROWS)
def test_a_pasted_federal_question_and_answer_align_as_from_the_file(folders, corpus, doc_id):
    """A staffer copies the question and its answer from the Chamber's site into one box."""
    from pqassist.analysis.pipeline import analyse
    from pqassist.parse.load import find_kamer_row, load_dossier

    source = corpus / "kamer" / "dekamer-2017.jsonl.gz"
    row = find_kamer_row(source, doc_id)
    from_file = analyse(load_dossier(f"{source}#{doc_id}"))
    app = paste(folders, row["question"] + "\n\n" + row["answer"])
    assert [i.id for i in app.analysis.dossier.items] == [i.id for i in from_file.dossier.items]
    assert alignment(app.analysis) == alignment(from_file)
    assert any(alignment(app.analysis).values())
    last = app.analysis.dossier.items[-1]
    assert row["answer"][:40] not in last.text  # the answer is not swallowed by the last question
    app.go(len(app.analysis.dossier.items) - 1)
    assert "Geen enkele passage" not in pane(app, "answer") or not alignment(from_file)[last.id]


@pytest.mark.corpus
def test_a_pasted_federal_title_with_its_oral_question_number_is_federal(folders, corpus):
    import gzip

    with gzip.open(corpus / "kamer" / "dekamer-2017.jsonl.gz", "rt", encoding="utf-8") as rows:
        row = next(r for r in map(json.loads, rows) if "(MV " in r["question"][:300] and r.get("answer"))
    app = paste(folders, row["question"] + "\n\n" + row["answer"])
    meta = text_of(app.meta.value)
    assert "onbekend parlement" not in meta and "Kamer" in meta
    assert app.analysis.dossier.meta.parliament == "kamer"
    assert app.analysis.dossier.has_answer


def test_navigation_by_buttons_and_the_jump_field(app):
    assert app.prev.disabled and not app.next.disabled
    app.next.click()
    assert "Deelvraag 1b" in text_of(app.position.value)
    app.prev.click()
    assert "Deelvraag 1a" in text_of(app.position.value)
    app.jump.value = "5B"
    assert "Deelvraag 5b" in text_of(app.position.value) and app.jump.value == ""
    app.jump.value = "+"
    assert "Deelvraag 6" in text_of(app.position.value)
    app.jump.value = "-"
    assert "Deelvraag 5b" in text_of(app.position.value)
    app.jump.value = "99"
    assert "pqa-error" in app.message.value and "geen deelvraag '99'" in text_of(app.message.value)
    app.go(len(app.overview.rows) - 1)
    assert app.next.disabled


def test_the_item_view_is_built_once_and_updated(folders):
    from ipywidgets.widgets.widget import _instances

    app = ReviewApp(**folders)
    from pqassist.parse.load import load_dossier

    app.open(lambda: load_dossier(UI / "forty-items.txt"), "forty-items.txt")
    assert len(app.overview.rows) == 40
    views = (app.panes, app.verdict, app.include, app.note)
    before = len(_instances)
    for index in list(range(40)) * 3:
        app.overview.rows[index][1].click()
    assert (app.panes, app.verdict, app.include, app.note) == views
    assert len(_instances) == before, "switching items created widgets"
    # the time per switch is measured by benchmarks/bench_switch.py


def test_shared_layouts_and_styles_stay_as_made_and_keep_the_model_count_low(app, folders):
    """Widgets share one Layout / style model per look (app.shared); walking, marking, noting
    and exporting must never change one of them, or every widget sharing it would change."""
    from pqassist.app import shared

    widgets, looks, todo = set(), set(), [app.widget]
    while todo:  # every widget of the app's tree, and the layout and style models they use
        widget = todo.pop()
        if id(widget) in widgets:
            continue
        widgets.add(id(widget))
        todo += list(getattr(widget, "children", ()))
        looks |= {id(getattr(widget, name)) for name in ("layout", "style") if getattr(widget, name, None) is not None}
    assert len(widgets) > 50 and len(looks) < 25, f"{len(looks)} layout and style models for {len(widgets)} widgets"
    states = {key: model.get_state() for key, model in shared._SHARED.items()}
    for item_id in ("2", "3b", "5a"):
        click_item(app, item_id)
        app.verdict.value = Verdict.PARTIAL.value
        app.note.value = "notitie"
        app.include.value = not app.include.value
    app.title.value = "Titel"
    app.export()
    app.opener.open_example()
    assert {key: model.get_state() for key, model in shared._SHARED.items()} == states
    assert app.work.layout not in shared._SHARED.values()  # shown and hidden: its own


def test_panes_scroll_inside_a_grid_that_may_shrink(app):
    """The layout lives in the stylesheet (checked in a real browser by test_browser_layout):
    here, that every part carries the class the stylesheet sizes."""
    from pqassist.app.style import STYLE

    assert "pqa-panes" in app.panes._dom_classes and not app.panes.layout.min_width
    assert '<div class="pqa-pane pqa-question">' in app.panes.value and '<div class="pqa-pane pqa-answer">' in app.panes.value
    for name in ("pqa-main", "pqa-panes", "pqa-pane", "pqa-overview", "pqa-preview-box", "pqa-current-draft"):
        assert f".{name} " in STYLE or f".{name}{{" in STYLE.replace(" {", "{")
    assert "minmax(0, 1fr)" in STYLE and "100vh" in STYLE
    assert "pqa-col-overview" in app.overview.widget._dom_classes


# --- marking, preview and export -------------------------------------------------------


def test_the_whole_flow_marks_previews_saves_and_exports(app, folders):
    store = ReviewStore(folders["reviews"])
    key = app.analysis.dossier.key
    before = app.preview.value

    first = next(i.id for i in app.analysis.dossier.items if not ui_included(app, i.id))
    name = f"deelvraag {first}"
    click_item(app, first)  # answered: not in the draft
    assert name not in text_of(before).lower()
    app.verdict.value = Verdict.GENERAL.value
    assert load_review(store.path_for(key)).mark(first).verdict is Verdict.GENERAL
    assert app.include.value is True  # a gap now: included unless the staffer says no
    assert name in text_of(app.preview.value).lower()
    assert "✔ vaag / algemeen" in text_of(app.overview.rows[row_of(app, first)][2].value)
    assert name in text_of(app.current_draft.value).lower()  # the open item's question, beside it

    app.include.value = False
    assert name not in text_of(app.preview.value).lower()
    assert "komt niet in de opvolgingsvraag" in text_of(app.current_draft.value)
    assert load_review(store.path_for(key)).mark(first).include is False
    app.include.value = True
    assert name in text_of(app.preview.value).lower()

    app.note.value = NOTE[:5]  # typing: saved when the typing pauses, not on every key
    app.note.value = NOTE
    assert load_review(store.path_for(key)).mark(first).note == ""
    app.flush()
    assert load_review(store.path_for(key)).mark(first).note == NOTE
    preview = app.preview.value
    assert "Vraag &amp; antwoord &lt;b&gt;ontbreekt&lt;/b&gt; pagina 2" in preview
    assert "\f" not in preview and "<b>" not in preview
    assert "✎" in app.overview.rows[row_of(app, first)][2].value

    from pqassist.drafting.export import export_text

    assert text_of(preview).endswith(export_text(app.followup(), "txt"))  # the same text export writes

    app.with_md.value = True
    app.with_txt.value = True
    app.export_button.click()
    docx_files = sorted(folders["exports"].glob("*.docx"))
    md_files = sorted(folders["exports"].glob("*.md"))
    txt_files = sorted(folders["exports"].glob("*.txt"))
    assert len(docx_files) == 1 and len(md_files) == 1 and len(txt_files) == 1, app.message.value
    assert NOTE_CLEAN in txt_files[0].read_text(encoding="utf-8")  # literally, for the web form
    assert NOTE_CLEAN in md_files[0].read_text(encoding="utf-8") and "\\<b" not in md_files[0].read_text(encoding="utf-8")
    body = "\n".join(p.text for p in docx.Document(str(docx_files[0])).paragraphs)
    assert NOTE_CLEAN in body and "\f" not in body
    assert re.search(r"deelvra(ag|gen) [^.?]*\b5b\b", body, re.I)
    link = re.search(r'<a download="([^"]+)" href="data:([^;]+);base64,([^"]+)"', app.download.value)
    assert link and link.group(1) == docx_files[0].name.replace("&", "&amp;")
    assert link.group(2) == ui_format.MIME["docx"]
    import base64

    assert base64.b64decode(link.group(3)) == docx_files[0].read_bytes()
    assert "geëxporteerd" in text_of(app.message.value)

    app.export_button.click()  # never overwrites
    assert len(sorted(folders["exports"].glob("*.docx"))) == 2


def test_resetting_the_verdict_follows_the_suggestion_again(app, folders):
    click_item(app, "7")
    app.verdict.value = Verdict.ANSWERED.value
    assert app.include.value is False
    app.verdict.value = ""
    assert app.include.value is True
    review = ReviewStore(folders["reviews"]).load(app.analysis.dossier.key)
    assert review.mark("7").verdict is None


def test_the_title_field_changes_the_draft_and_is_saved(app, folders):
    app.title.value = "Wachtlijst AGION & bouwkosten"
    assert "Wachtlijst AGION &amp; bouwkosten" in app.preview.value
    assert ReviewStore(folders["reviews"]).load(app.analysis.dossier.key).title == "Wachtlijst AGION & bouwkosten"


def test_nothing_included_says_so(app):
    for index in range(len(app.overview.rows)):
        app.go(index)
        app.include.value = False
    assert "Geen enkele deelvraag is opgenomen" in app.preview.value


# --- nothing lost ----------------------------------------------------------------------


def test_reopening_the_same_document_restores_every_mark_and_note(app, folders):
    click_item(app, "3b")
    app.verdict.value = Verdict.DECLINED.value
    app.note.value = NOTE
    click_item(app, "4")  # switching items saves the note at once
    flipped = not app.include.value
    app.include.value = flipped
    again = ReviewApp(example=True, **folders)
    assert "2 eerdere beslissingen hersteld" in text_of(again.message.value)
    click_item(again, "3b")
    assert again.verdict.value == "declined" and again.note.value == NOTE
    click_item(again, "4")
    assert again.include.value is flipped
    assert again.preview.value == app.preview.value


def test_an_app_built_before_its_page_reads_the_review_saved_meanwhile(app, folders):
    """Voilà builds the app in a pre-heated kernel (``restore=False``) long before a page
    asks; what another window saved in between shows once the page asks (``restore()``),
    and nothing is written before then."""
    store = ReviewStore(folders["reviews"])
    store.document_path(app.analysis.dossier.key).unlink()
    early = ReviewApp(example=True, restore=False, **folders)
    assert early.analysis is not None and early.message.value == ""
    assert not store.document_path(early.analysis.dossier.key).exists()
    click_item(app, "2")
    app.verdict.value = Verdict.DECLINED.value
    app.title.value = "Eigen titel"
    early.restore()
    assert "1 eerdere beslissingen hersteld" in text_of(early.message.value)
    assert store.document_path(early.analysis.dossier.key).is_file()
    assert "✔ " + Verdict.DECLINED.label_nl in text_of(early.overview.rows[row_of(early, "2")][2].value)
    assert early.title.value == "Eigen titel" and "Deelvraag 1a" in early.position.value
    click_item(early, "2")
    assert early.verdict.value == "declined"
    assert early.preview.value.count("Eigen titel") == app.preview.value.count("Eigen titel") == 1


def test_an_app_built_before_a_model_was_trained_analyses_again_when_the_page_asks(folders, monkeypatch):
    from pqassist.analysis import verdict_model

    early = ReviewApp(example=True, restore=False, **folders)
    built = early.analysis
    early.restore()
    assert early.analysis is built  # same model: nothing analysed again
    early = ReviewApp(example=True, restore=False, **folders)
    built = early.analysis
    packaged = verdict_model.packaged_model()  # a new object, as a freshly trained model would be
    monkeypatch.setattr(verdict_model, "active_model", lambda: packaged)
    early.restore()
    assert early.analysis is not built and early.analysis.dossier.key == built.dossier.key
    assert "Geopend: voorbeeld" in text_of(early.message.value)


def test_a_review_file_broken_before_the_page_asks_closes_the_dossier(folders):
    early = ReviewApp(example=True, restore=False, **folders)
    store = ReviewStore(folders["reviews"])
    store.folder.mkdir(parents=True, exist_ok=True)
    store.path_for(early.analysis.dossier.key).write_text('{"schema_version": 1, "dossier_key": ', encoding="utf-8")
    early.restore()
    assert early.analysis is None and "pqa-error" in early.message.value
    assert early.work.layout.display == "none" and early.opener.widget.selected_index == 0


def other_window_saves_after_each_read(monkeypatch, folders) -> list[str]:
    """Make another window save a note on the example's first item (the one a page opens on)
    each time an app reads the review, before the app looks at the file again; return the notes."""
    original = ReviewStore.load
    other = ReviewStore(folders["reviews"])
    first = load_example().items[0].id
    notes: list[str] = []

    def load(self, dossier_key):
        review = original(self, dossier_key)
        if self is not other:
            notes.append(f"ander venster {len(notes) + 1}")
            other.commit(with_mark(original(other, dossier_key), first, note=notes[-1]))
        return review

    monkeypatch.setattr(ReviewStore, "load", load)
    return notes


def test_an_app_built_while_another_window_saves_shows_its_item_and_saves_the_first_verdict(folders, monkeypatch):
    notes = other_window_saves_after_each_read(monkeypatch, folders)
    early = ReviewApp(example=True, restore=False, **folders)  # as Voilà's pre-heated kernel builds it
    assert notes, "the other window did not save"
    assert early.analysis is not None and early.work.layout.display == "flex"
    assert early.opener.widget.selected_index is None and "Deelvraag 1a" in early.position.value
    early.restore()  # the page asks
    assert early.work.layout.display == "flex" and "Geopend: voorbeeld" in text_of(early.message.value)
    early.verdict.value = Verdict.UNANSWERED.value  # the staffer's first choice
    saved = load_review(early.store.path_for(early.analysis.dossier.key))
    assert saved.mark("1a").verdict == Verdict.UNANSWERED
    assert saved.mark("1a").note == notes[-1]  # the other window's note kept beside it


def test_an_open_that_failed_while_the_app_was_built_is_done_again_when_the_page_asks(folders, monkeypatch):
    from pqassist.errors import ReviewProblem

    real, calls = ui_format.meta_html, []

    def fails_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise ReviewProblem("beoordeling even niet leesbaar")
        return real(*args, **kwargs)

    monkeypatch.setattr(ui_format, "meta_html", fails_once)
    early = ReviewApp(example=True, restore=False, **folders)
    assert early.analysis is None and early.work.layout.display == "none"  # never half open
    assert "pqa-error" in early.message.value and early.opener.widget.selected_index == 0
    early.restore()
    assert early.analysis is not None and early.work.layout.display == "flex"
    assert "Geopend: voorbeeld" in text_of(early.message.value) and "Deelvraag 1a" in early.position.value
    early.verdict.value = Verdict.PARTIAL.value
    assert load_review(early.store.path_for(early.analysis.dossier.key)).mark("1a").verdict == Verdict.PARTIAL


def test_a_verdict_saved_while_another_window_saves_a_note_on_the_same_item_is_kept(app, folders, monkeypatch):
    other, key = ReviewStore(folders["reviews"]), app.analysis.dossier.key
    waits = ReviewStore._locked

    def locked(self, path):
        if self is app.store:  # the other window saves while this one waits for the file lock
            other.commit(with_mark(other.load(key), "1a", note="uit het andere venster"))
        return waits(self, path)

    monkeypatch.setattr(ReviewStore, "_locked", locked)
    app.verdict.value = Verdict.PARTIAL.value
    saved = load_review(app.store.path_for(key)).mark("1a")
    assert saved.verdict == Verdict.PARTIAL and saved.note == "uit het andere venster"
    assert app.verdict.value == Verdict.PARTIAL.value and app.note.value == "uit het andere venster"


def test_a_verdict_from_the_page_is_saved_while_the_note_timer_sets_the_apps_own_widgets(app, folders):
    import threading

    inside, release = threading.Event(), threading.Event()

    def timer():  # as the note timer's thread does while it shows another window's change
        app._quiet = True
        inside.set()
        release.wait(10)
        app._quiet = False

    thread = threading.Thread(target=timer)
    thread.start()
    assert inside.wait(10)
    try:
        app.verdict.value = Verdict.DECLINED.value  # handled by the kernel's main thread
    finally:
        release.set()
        thread.join(10)
    assert load_review(app.store.path_for(app.analysis.dossier.key)).mark("1a").verdict == Verdict.DECLINED


def test_two_apps_on_one_document_do_not_overwrite_each_other(app, folders):
    other = ReviewApp(example=True, **folders)
    click_item(app, "1a")
    app.note.value = "uit het eerste tabblad"
    app.flush()
    click_item(other, "2")
    other.note.value = "uit het tweede tabblad"
    other.flush()
    review = ReviewStore(folders["reviews"]).load(app.analysis.dossier.key)
    assert review.mark("1a").note == "uit het eerste tabblad"
    assert review.mark("2").note == "uit het tweede tabblad"
    app.verdict.value = Verdict.PARTIAL.value  # the first tab saves again and learns of the second's note
    assert "in een ander venster gewijzigd" in text_of(app.message.value)
    assert "notitie" in text_of(app.overview.rows[row_of(app, "2")][2].value)
    click_item(other, "1a")  # switching shows what the other tab changed
    assert other.note.value == "uit het eerste tabblad" and other.verdict.value == "partial"


CRASH = textwrap.dedent("""
    import os, signal, sys
    from pqassist.app.ui import ReviewApp
    app = ReviewApp(example=True, reviews=sys.argv[1], exports=sys.argv[2])
    app.go_to_id("1c"); app.verdict.value = "partial"
    app.go_to_id("3a"); app.include.value = not app.include.value  # the opposite of the suggestion
    print(app.include.value, flush=True)
    app.go_to_id("5a")
    for n in range(1, len(sys.argv[3]) + 1):
        app.note.value = sys.argv[3][:n]  # typed key by key
    import time
    time.sleep(2.0)  # the typing pauses: the note is saved
    os.kill(os.getpid(), signal.SIGKILL)  # the kernel dies mid-review
""")

REOPEN = textwrap.dedent("""
    import json, sys
    from pqassist.app.ui import ReviewApp
    app = ReviewApp(example=True, reviews=sys.argv[1], exports=sys.argv[2])
    marks = {}
    for index, item in enumerate(app.analysis.dossier.items):
        app.go(index)
        marks[item.id] = [app.verdict.value, app.include.value, app.note.value]
    print(json.dumps({"marks": marks, "message": app.message.value}))
""")


def test_a_crash_loses_nothing_typed_before_the_pause(folders):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    args = [str(folders["reviews"]), str(folders["exports"])]
    crashed = subprocess.run([sys.executable, "-c", CRASH, *args, NOTE], env=env, cwd=ROOT,
                             capture_output=True, text=True, timeout=120)
    assert crashed.returncode == -signal.SIGKILL, crashed.stderr
    reopened = subprocess.run([sys.executable, "-c", REOPEN, *args], env=env, cwd=ROOT,
                              capture_output=True, text=True, timeout=120)
    assert reopened.returncode == 0, reopened.stderr
    found = json.loads(reopened.stdout.strip().splitlines()[-1])
    assert found["marks"]["1c"][0] == "partial"
    assert found["marks"]["3a"][1] is (crashed.stdout.split()[-1] == "True")
    assert found["marks"]["5a"][2] == NOTE
    assert "3 eerdere beslissingen hersteld" in found["message"]


def test_a_review_file_of_schema_1_written_by_the_app_keeps_opening(folders):
    """tests/fixtures/ui/example-v1.review.json was written by the app (schema 1). Its
    dossier key is set to today's key of the example, so that an edit of the example
    text does not hide a change of the file format."""
    data = json.loads((UI / "example-v1.review.json").read_text(encoding="utf-8"))
    assert data["schema_version"] == 1
    key = load_example().key
    data["dossier_key"] = key
    store = ReviewStore(folders["reviews"])
    store.folder.mkdir(parents=True)
    store.path_for(key).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    app = ReviewApp(example=True, **folders)
    assert "4 eerdere beslissingen hersteld" in text_of(app.message.value)
    assert app.title.value == "Schoolinfrastructuur – opvolging"
    click_item(app, "1c")
    assert app.verdict.value == "referral"
    assert app.note.value == "Bedragen per provincie & per net <graag als tabel>"
    click_item(app, "3b")
    assert app.include.value is False
    click_item(app, "5b")
    assert app.note.value == "Voorrangsregel Brussel?\fZie ook vraag 5a."
    click_item(app, "7")
    assert app.verdict.value == "answered"
    assert "per net &lt;graag als tabel&gt;" in app.preview.value


def test_a_broken_review_file_is_reported_and_left_alone(folders):
    key = load_example().key
    store = ReviewStore(folders["reviews"])
    store.folder.mkdir(parents=True)
    store.path_for(key).write_text('{"schema_version": 1, "dossier_key": ', encoding="utf-8")
    app = ReviewApp(example=True, **folders)
    assert app.analysis is None
    assert "pqa-error" in app.message.value and "geen geldige JSON" in text_of(app.message.value)
    assert store.path_for(key).read_text(encoding="utf-8") == '{"schema_version": 1, "dossier_key": '


# --- errors in the app -----------------------------------------------------------------


@pytest.mark.parametrize(
    "name, data, wanted",
    [
        ("leeg.txt", b"", "is leeg"),
        ("scan.pdf", (READ / "scan.pdf").read_bytes(), "geen tekstlaag"),
        ("wachtwoord.pdf", (READ / "wachtwoord.pdf").read_bytes(), "wachtwoord"),
        ("foto.jpg", b"\xff\xd8\xff\xe0 not a text", "extensie '.jpg'"),
        ("ruis.txt", bytes(range(256)) * 4, "binaire inhoud"),
        ("geen-vraag.txt", "Dit is een gewone zin zonder vraag.".encode(), "geen vraag"),
    ],
)
def test_bad_uploads_show_a_dutch_message_and_keep_the_open_dossier(app, name, data, wanted):
    app.opener.answer_upload.value = upload(name, data)
    app.opener.open_files.click()
    assert "pqa-error" in app.message.value
    assert wanted in text_of(app.message.value)
    assert "Traceback" not in text_of(app.message.value) and "Error" not in text_of(app.message.value)
    assert app.analysis.dossier.meta.number == "845"  # the example stays open


def test_uploads_open_an_answer_with_or_without_a_separate_question(folders):
    app = ReviewApp(**folders)
    app.opener.open_files.click()
    assert "Kies eerst het antwoord" in text_of(app.message.value)
    app.opener.answer_upload.value = upload("vraag.docx", (READ / "vraag.docx").read_bytes())
    app.opener.open_files.click()
    assert app.analysis is not None and "pqa-info" in app.message.value, app.message.value
    assert len(app.overview.rows) == len(app.analysis.dossier.items) > 0

    text = example_text()
    cut = text.index("MAARTEN CLAESSENS")
    separate = ReviewApp(**folders)
    separate.opener.answer_upload.value = upload("antwoord.txt", text[cut:].encode("utf-8"))
    separate.opener.question_upload.value = upload("vraag.txt", text[:cut].encode("utf-8"))
    separate.opener.open_files.click()
    assert separate.analysis is not None, separate.message.value
    assert [i.id for i in separate.analysis.dossier.items][:3] == ["1a", "1b", "1c"]
    assert "vraag.txt + antwoord.txt" in separate.meta.value
    assert "1.184 aanvragen" in pane(separate, "answer")


def test_empty_paste_and_empty_fetch_field_explain_what_to_do(folders):
    app = ReviewApp(**folders)
    app.opener.open_paste.click()
    assert "Plak eerst de tekst" in text_of(app.message.value)
    app.opener.fetch_button.click()
    assert "Vul het nummer of de link" in text_of(app.message.value)
    assert app.work.layout.display == "none"


def test_fetch_opens_a_question_and_reports_a_failure_in_dutch(folders, monkeypatch, tmp_path):
    sys.path.insert(0, str(FIXTURES / "fetch"))
    try:
        import server
    finally:
        sys.path.remove(str(FIXTURES / "fetch"))
    with server.LocalService(FIXTURES / "fetch") as service:
        monkeypatch.setenv("PQASSIST_VP_API", service.base)
        monkeypatch.setenv("PQASSIST_CACHE", str(tmp_path / "cache"))
        app = ReviewApp(**folders)
        app.opener.fetch_id.value = "999999"
        app.opener.fetch_button.click()
        assert "pqa-error" in app.message.value and "999999" in text_of(app.message.value)
        app.opener.fetch_id.value = "1234567"
        app.opener.fetch_button.click()
        assert app.analysis is not None, app.message.value
        assert "pqa-info" in app.message.value and len(app.overview.rows) > 0


def test_an_unexpected_failure_becomes_a_message_not_a_traceback(app, monkeypatch, strict_callbacks):
    import pqassist.analysis.pipeline

    def broken(_dossier):
        raise RuntimeError("kapot")

    monkeypatch.setattr(pqassist.analysis.pipeline, "analyse", broken)
    app.opener.example_button.click()
    assert "Onverwachte fout bij het openen (RuntimeError: kapot)" in text_of(app.message.value)
    assert "Traceback" not in text_of(app.message.value)
    assert len(strict_callbacks) == 1  # logged for the maintainer ...
    strict_callbacks.clear()  # ... and expected here


def test_the_example_setting_reads_the_environment(monkeypatch):
    for value, wanted in (("", True), ("1", True), ("0", False), ("nee", False), ("ja", True)):
        monkeypatch.setenv("PQASSIST_EXAMPLE", value)
        assert example_wanted() is wanted


# --- the app command -------------------------------------------------------------------


def test_app_command_without_notebook_gives_one_line(monkeypatch, tmp_path, capsys):
    from pqassist import cli
    from pqassist.commands import app as app_command

    monkeypatch.setattr(app_command, "NOTEBOOK", Path("notebooks") / "geen-notebook.ipynb")
    monkeypatch.chdir(tmp_path)
    assert cli.main(["app"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "notebooks/geen-notebook.ipynb niet gevonden" in err


def test_servers_accept_uploads_as_large_as_the_reader_does():
    from pqassist.commands.app import MAX_MESSAGE, lab_command, voila_command
    from pqassist.read.document import MAX_BYTES

    assert MAX_MESSAGE > MAX_BYTES * 1.1
    for argv in (voila_command(Path("review.ipynb"), 8866), lab_command(Path("review.ipynb"), 8866)):
        settings = [a for a in argv if "tornado_settings=" in a]
        assert len(settings) == 1
        assert json.loads(settings[0].split("=", 1)[1]) == {"websocket_max_message_size": MAX_MESSAGE}
    argv = voila_command(Path("review.ipynb"), 8866)
    assert "--Voila.ip=127.0.0.1" in argv and "--show_tracebacks=False" in argv


def _start_app(args: list[str], workdir: Path) -> tuple[subprocess.Popen, str]:
    errors = workdir / "app-stderr.txt"
    with open(errors, "w") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "pqassist.cli", "app", *args, "--workdir", str(workdir)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=sink, text=True,
        )
    deadline = time.monotonic() + 240  # --lab runs the notebook first; a busy CI machine is slow
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line and process.poll() is not None:
            break
        if line.startswith("De app draait op "):
            return process, line.split("De app draait op ", 1)[1].strip()
    process.kill()
    process.wait()
    process.stdout.close()
    pytest.fail("pqassist app printed no address; its stderr ends with:\n" + errors.read_text()[-2000:])


def _port_closed(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return False
    except OSError:
        return True


@pytest.mark.slow
@pytest.mark.parametrize("lab", [False, True], ids=["voila", "lab"])
def test_app_command_serves_on_localhost_and_stops_on_ctrl_c(tmp_path, lab):
    from pqassist.commands.app import free_port

    port = free_port(0)
    process, address = _start_app(["--port", str(port)] + (["--lab"] if lab else []), tmp_path)
    try:
        assert address.startswith(f"http://127.0.0.1:{port}/")
        if lab:
            assert "/lab/tree/review.ipynb?token=" in address
        with urllib.request.urlopen(address, timeout=60) as response:
            assert response.status == 200
            page = response.read().decode("utf-8", "replace")
        if not lab:
            assert "Antwoord beoordelen" in page  # the notebook, rendered by Voilà
    finally:
        process.send_signal(signal.SIGINT)  # Ctrl-C
        try:
            code = process.wait(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
            process.stdout.close()
    assert code == 0
    assert _port_closed(port)


# --- the overview, the details, the other engineers' parts -----------------------------


def test_the_overview_says_in_words_what_the_staffer_chose(app):
    index = row_of(app, "1c")  # a referral: in the follow-up by the suggestion
    row, _, state = app.overview.rows[index]
    words = text_of(state.value)
    assert "voorstel" in words and "in opvolgingsvraag" in words
    assert "☐" not in words and "☑" not in words
    assert "pqa-row-in" in row._dom_classes and "pqa-row-own" not in row._dom_classes
    before = (state.value, set(row._dom_classes))
    click_item(app, "1c")
    app.include.value = False  # unticked: the row must look different from the suggestion
    assert (state.value, set(row._dom_classes)) != before
    assert "niet opgenomen (uw keuze)" in text_of(state.value)
    assert "pqa-row-out" in row._dom_classes and "pqa-row-own" in row._dom_classes
    app.verdict.value = Verdict.GENERAL.value
    assert "uw oordeel" in text_of(state.value) and "pqa-own" in state.value  # apart from the suggestion
    assert "voorstel" in text_of(state.value)
    assert "geel" in text_of(pane(app, "reason"))  # the legend of the highlight


def test_a_likely_gap_behind_an_answered_suggestion_is_marked_to_check(folders, monkeypatch, tmp_path):
    """An item suggested as answered whose probability of a gap reaches the model's threshold
    says "te controleren" in its overview row (until the staffer judges it) and in the
    reason line, with that probability; a suggested gap never does."""
    from dataclasses import replace

    from pqassist.analysis.verdict_model import packaged_model, write_model

    # the packaged weights, with a threshold that marks every item suggested as no gap
    monkeypatch.setenv("PQASSIST_MODEL", str(write_model(replace(packaged_model(), check_above=0.0),
                                                         tmp_path / "model.json")))
    app = ReviewApp(example=True, **folders)
    suggestions = app.analysis.suggestions
    answered = [i for i, s in suggestions.items() if s.verdict is Verdict.ANSWERED]
    gaps = [i for i, s in suggestions.items() if s.verdict.is_gap]
    assert answered and gaps
    for item_id in answered[:1] + gaps[:1]:
        click_item(app, item_id)
        _, _, state = app.overview.rows[row_of(app, item_id)]
        marked = item_id in answered
        assert ("te controleren" in text_of(state.value)) is marked, item_id
        reason = text_of(pane(app, "reason"))
        assert ("te controleren: kans op een hiaat" in reason) is marked, reason
        if marked:
            assert f"kans op een hiaat {round(suggestions[item_id].gap_probability * 100)}%" in reason
            app.verdict.value = Verdict.ANSWERED.value  # the staffer read it: no longer to check
            assert "te controleren" not in text_of(state.value)
            assert "uw oordeel" in text_of(state.value)


def test_an_unanswered_item_does_not_highlight_its_question():
    from pqassist.model import Ask, Item, Suggestion

    item = Item("3", "3.", "Hoeveel scholen wachten nog? Waarom duurt het zo lang?", 0, 50,
                (Ask("Hoeveel scholen wachten nog?", 0, 28), Ask("Waarom duurt het zo lang?", 29, 54)))
    unanswered = Suggestion("3", Verdict.UNANSWERED, 0.9, "niets", (), ("Hoeveel scholen wachten nog?",))
    partial = Suggestion("3", Verdict.PARTIAL, 0.9, "deels", (), ("Waarom duurt het zo lang?",))
    assert "<mark>" not in ui_format.question_html(item, unanswered)
    assert "<mark>Waarom duurt het zo lang?</mark>" in ui_format.question_html(item, partial)
    assert "geel" not in text_of(ui_format.reason_html(unanswered))


@pytest.mark.corpus
def test_tweede_kamer_shows_the_answering_staatssecretaris_and_keeps_paragraphs(folders, corpus):
    from pqassist.parse.load import load_dossier

    app = ReviewApp(**folders)
    path = corpus / "tweede-kamer" / "txt" / "tk_ah-tk-20232024-1786.txt"
    app.open(lambda: load_dossier(path), path.name)
    meta = text_of(app.meta.value)
    assert "Staatssecretaris: Van Rij" in meta
    assert "Minister: " not in meta and "Gericht aan:" in meta
    assert "Vragen van de leden" not in meta and "Hirsch en Teunissen" in meta
    app.go_to_id("2")
    assert pane(app, "answer").count("<p>") >= 3, pane(app, "answer")  # the answer's paragraphs, not one block


def test_paragraphs_of_extracted_and_flattened_text_are_kept():
    lines = ("Grootschalige infrastructuur- en baggerprojecten kunnen negatieve effecten\n"
             "voor mens, dier en milieu opleveren. De staat verzekert geen transacties.\n"
             "Dat is beleid.\n"
             "Als er in projecten milieu wordt aangetast of het levensonderhoud van\n"
             "belanghebbenden wordt getroffen, dan moet dit onderzocht worden.\n")
    assert ui_format.reflow(lines).count("\n\n") == 1
    flat = "De noodrem werd geactiveerd; het ging om kwaad opzet in real time.Bij incidenten wordt een analyse gemaakt."
    assert ui_format.reflow(flat).split("\n\n") == [
        "De noodrem werd geactiveerd; het ging om kwaad opzet in real time.", "Bij incidenten wordt een analyse gemaakt."]
    assert ui_format.reflow("Eén alinea\nover twee regels.") == "Eén alinea over twee regels."


def ui_included(app, item_id: str) -> bool:
    from pqassist.drafting.review import included

    return included(app.analysis, app.review, item_id)


def test_the_open_items_draft_follows_the_item(app):
    click_item(app, "2")
    assert "Opvolgingsvraag bij deelvraag 2" in text_of(app.current_draft.value)
    number = marked_question(app)  # marked (and scrolled to) in the whole draft
    assert number and f'<mark class="pqa-q" data-q="{number}">{number}. ' in app.preview.value
    out = next(i.id for i in app.analysis.dossier.items if not ui_included(app, i.id))
    click_item(app, out)  # not in the follow-up
    assert "komt niet in de opvolgingsvraag" in text_of(app.current_draft.value)
    assert marked_question(app) == ""


def test_a_switch_sends_the_heading_first_and_one_message_per_changed_part(app, monkeypatch):
    import ipywidgets

    sent = []
    original = ipywidgets.Widget._send

    def record(widget, msg, buffers=None):
        sent.append((widget, sorted(msg.get("state", {}))))
        return original(widget, msg, buffers)

    monkeypatch.setattr(ipywidgets.Widget, "_send", record)
    click_item(app, "2")
    click_item(app, "3a")
    preview = app.preview.value
    sent.clear()
    click_item(app, "3b")  # each change is one message to the page, applied in this order
    assert sent[0] == (app.position, ["value"]) and sent[1] == (app.panes, ["value"])
    # No overview row, status line or the whole draft: the cursor and the item's draft say
    # which row and which question are the open item's.
    widgets = [widget for widget, _ in sent]
    assert not any(widget in widgets for row in app.overview.rows for widget in row)
    assert app.preview not in widgets and app.preview.value == preview
    assert (app.overview.cursor, ["value"]) in sent and (app.current_draft, ["value"]) in sent
    assert len(sent) == len(set(widgets)) <= 6, sent
    assert marked_row(app) == row_of(app, "3b") and marked_question(app)
    # The same row opened again gets a cursor of its own (its hint runs, the list scrolls).
    before = app.overview.cursor.value
    click_item(app, "3a")
    click_item(app, "3b")
    assert app.overview.cursor.value != before and marked_row(app) == row_of(app, "3b")


def test_a_mark_sends_the_whole_draft_again_with_the_question_still_marked(app):
    click_item(app, "2")
    number = marked_question(app)
    before = app.preview.value
    app.note.value = "Graag de cijfers per provincie."
    app.flush()
    assert app.preview.value != before and "per provincie" in app.preview.value
    assert marked_question(app) == number
    assert f'<mark class="pqa-q" data-q="{number}">{number}. ' in app.preview.value


def test_the_verdict_models_note_is_shown(folders, monkeypatch):
    from pqassist.analysis import verdict_model

    monkeypatch.setattr(verdict_model, "model_note", lambda: "aangepast aan uw 12 eerdere beoordelingen")
    app = ReviewApp(example=True, **folders)
    assert "aangepast aan uw 12 eerdere beoordelingen" in text_of(app.meta.value)
    monkeypatch.setattr(verdict_model, "model_note", lambda: None)
    app = ReviewApp(example=True, **folders)
    assert "aangepast" not in text_of(app.meta.value)


def test_opening_keeps_the_document_beside_its_review(app, folders):
    store = ReviewStore(folders["reviews"])
    assert store.document_path(app.analysis.dossier.key).is_file()


def test_a_stored_review_naming_unknown_items_gives_a_notice(folders):
    from pqassist.model import Mark, Review

    key = load_example().key
    store = ReviewStore(folders["reviews"])
    store.save(Review(key, (Mark("1a", include=True), Mark("99", include=True), Mark("12z", note="x"))))
    app = ReviewApp(example=True, **folders)
    message = text_of(app.message.value)
    assert "niet in dit document" in message and "99 en 12z" in message


def test_the_mijn_vragen_tab_is_there(app):
    assert list(app.tabs.titles) == ["Beoordelen", "Mijn vragen"]
    assert len(app.tabs.children[1].children) == 1  # made only when chosen
    app.tabs.selected_index = 1
    panel = app.tabs.children[1].children[0]
    assert isinstance(panel, ipywidgets.Widget) and "pqa-error" not in app.message.value, app.message.value
    app.tabs.selected_index = 0


def test_opening_and_exporting_a_listed_question_reach_the_question_list(folders, tmp_path, monkeypatch):
    from pqassist.worklist.store import Question, Store

    monkeypatch.setenv("PQASSIST_DB", str(tmp_path / "werklijst.sqlite"))
    monkeypatch.setenv("PQASSIST_MODEL", str(write_model_marking_every_answer(tmp_path / "model.json")))
    meta = load_example().meta
    qid = f"{meta.parliament}:4242"
    with Store() as store:
        store.upsert(Question(qid, meta.parliament, "4242", number=meta.number, asked_on=meta.asked_on))
    app = ReviewApp(example=True, **folders)
    assert app.analysis is not None, app.message.value
    marked = sorted(item for item, s in app.analysis.suggestions.items() if s.to_check)
    assert len(marked) >= 2, "every answered item of the example is marked 'te controleren'"
    with Store() as store:
        (row,) = store.reviews()
        assert row["qid"] == qid and json.loads(row["to_check"]) == marked
        assert row["unchecked"] is None  # no review file until the staffer marks something
        assert store.drafts() == {}
    # the staffer judges one of them: the list counts one fewer still to check
    click_item(app, marked[0])
    app.verdict.value = Verdict.ANSWERED.value
    from pqassist.worklist.listing import index_reviews

    with Store() as store:
        index_reviews(store)
        assert store.reviews()[0]["unchecked"] == len(marked) - 1
    app.export_button.click()
    assert "pqa-error" not in app.message.value, app.message.value
    with Store() as store:
        drafted = store.drafts()[qid]
    assert len(drafted) == 1 and drafted[0].endswith(".docx")


def test_without_a_question_list_the_app_creates_none(app, tmp_path, monkeypatch):
    monkeypatch.setenv("PQASSIST_DB", str(tmp_path / "none.sqlite"))
    app.export_button.click()
    assert not (tmp_path / "none.sqlite").exists()


def test_lab_asks_the_kernel_again_until_iopub_delivers():
    """A subscription to IOPub takes a moment to reach the kernel; what the kernel publishes
    before it is lost (a quick first cell's "idle" too, and that cell would wait its whole time
    limit: `pqassist app --lab` once hung five minutes in CI). The kernel's answer on the shell
    channel alone does not do: ``kernel_metadata`` asks again until the request's status
    arrives on IOPub."""
    from queue import Empty

    pytest.importorskip("jupyter_client", reason="the app extra is not installed (pip install -e '.[app]')")
    from pqassist.app.lab import kernel_metadata

    class Kernel:
        """Answers every kernel_info on shell; publishes on IOPub only from the third on."""

        def __init__(self):
            self.asked, self.shell, self.iopub = 0, [], []

        def kernel_info(self):
            self.asked += 1
            msg_id = f"k{self.asked}"
            self.shell.append({"parent_header": {"msg_id": msg_id},
                               "content": {"language_info": {"name": "python"}}})
            if self.asked >= 3:  # subscribed by now
                self.iopub.append({"parent_header": {"msg_id": msg_id}, "msg_type": "status"})
            return msg_id

        def get_shell_msg(self, timeout):
            if not self.shell:
                raise Empty
            return self.shell.pop(0)

        def get_iopub_msg(self, timeout):
            if not self.iopub:
                raise Empty
            return self.iopub.pop(0)

    kernel = Kernel()
    metadata = kernel_metadata(kernel)
    assert kernel.asked == 3
    assert metadata["language_info"] == {"name": "python"}
    assert metadata["kernelspec"]["name"] == "python3"
