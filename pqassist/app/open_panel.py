"""The "Document openen" panel of the review app: upload, paste, fetch or the example.

Each way of opening ends in one call ``on_open(load, source)``: ``load`` is a function
that returns the ``Dossier`` (it calls the package's reading, parsing or fetching
functions and may raise ``PqassistError``), ``source`` names where it came from. The app
runs ``load`` inside its error handling, so a scanned PDF or a failed fetch becomes a
Dutch message and never a traceback.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Callable

import os

import ipywidgets as w
from pqassist.app import shared

from pqassist.errors import UnreadableDocument
from pqassist.model import Dossier

EXAMPLE_NAME = "example-vlaams-parlement.txt"
EXAMPLE_ENV = "PQASSIST_EXAMPLE"
ACCEPT = ".pdf,.docx,.txt"

Opener = Callable[..., None]  # (load, source, *, restore=True): the app's opener


def example_text() -> str:
    """Return the text of the bundled example dossier (Flemish Parliament)."""
    return (files("pqassist.data") / EXAMPLE_NAME).read_text(encoding="utf-8")


def load_example() -> Dossier:
    """Return the bundled example dossier."""
    from pqassist.parse.load import dossier_from_text

    return dossier_from_text(example_text(), source=EXAMPLE_NAME)


def load_uploads(answer: dict | None, question: dict | None = None) -> Dossier:
    """Return the dossier from uploaded files (``FileUpload`` values): the answer, which may
    hold the question too, and optionally the question as a separate file."""
    from pqassist.parse.load import load_dossier

    if not answer:
        raise UnreadableDocument("Kies eerst het antwoord (PDF, .docx of .txt) met de knop 'Antwoord'.")
    answer_bytes, answer_name = bytes(answer["content"]), answer.get("name") or None
    if not question:
        return load_dossier(answer_bytes, name=answer_name)
    return load_dossier(
        bytes(question["content"]), name=question.get("name") or None, answer=answer_bytes, answer_name=answer_name
    )


PASTED_NAME = "geplakte tekst.txt"
PASTED_QUESTION_NAME = "geplakte vraag.txt"


def load_pasted(answer: str, question: str = "") -> Dossier:
    """Return the dossier from pasted text: the answer (with or without the question) and
    optionally the question on its own. The text is read exactly as a .txt file with the
    same content would be (same reading, same parsing: a question and answer pasted
    together are split as in a file)."""
    from pqassist.parse.load import load_dossier

    if not answer.strip():
        raise UnreadableDocument("Plak eerst de tekst van het antwoord (met of zonder de vraag).")
    data = answer.encode("utf-8", "surrogatepass")
    if question.strip():
        return load_dossier(question.encode("utf-8", "surrogatepass"), name=PASTED_QUESTION_NAME,
                            answer=data, answer_name=PASTED_NAME)
    return load_dossier(data, name=PASTED_NAME)


def load_fetched(id_or_url: str) -> Dossier:
    """Return the dossier fetched from open data (Flemish Parliament or federal Chamber)."""
    from pqassist.fetch import fetch_any

    wanted = id_or_url.strip()
    if not wanted:
        raise UnreadableDocument("Vul het nummer of de link van de vraag in en klik op 'Haal op'.")
    return fetch_any(wanted)


def example_wanted(default: bool = True) -> bool:
    """Return whether to open the bundled example at start: $PQASSIST_EXAMPLE (1/0), else ``default``."""
    value = os.environ.get(EXAMPLE_ENV, "").strip().lower()
    if not value:
        return default
    return value not in ("0", "nee", "no", "false", "off")


def first_upload(upload: w.FileUpload) -> dict | None:
    """Return the one file chosen in ``upload`` (its dict), or None."""
    value = upload.value
    return dict(value[0]) if value else None


class OpenPanel:
    """The widgets to open a dossier four ways, in one collapsible box."""

    def __init__(self, on_open: Opener):
        self._on_open = on_open
        self.answer_upload = w.FileUpload(accept=ACCEPT, multiple=False, description="Antwoord",
                                          tooltip="het antwoord van de minister (.pdf, .docx, .txt)",
                                          layout=shared.layout(width="auto"), style=shared.style(w.ButtonStyle))
        self.question_upload = w.FileUpload(accept=ACCEPT, multiple=False, description="Vraag (optioneel)",
                                            tooltip="de vraag, als die niet in het antwoord staat",
                                            layout=shared.layout(width="auto"), style=shared.style(w.ButtonStyle))
        self.open_files = shared.button("Bestanden openen", button_style="primary", icon="folder-open")
        text = dict(style=shared.style(shared.TextStyle))
        self.paste_answer = w.Textarea(placeholder="Plak hier het antwoord (met of zonder de vraag)",
                                       layout=shared.layout(width="100%", height="120px"), **text)
        self.paste_question = w.Textarea(placeholder="Optioneel: plak hier de vraag als die niet boven het antwoord staat",
                                         layout=shared.layout(width="100%", height="70px"), **text)
        self.open_paste = shared.button("Tekst openen", button_style="primary")
        self.fetch_id = w.Text(placeholder="bv. 1234567 of een link naar vlaamsparlement.be of dekamer.be",
                               layout=shared.layout(width="460px"), **text)
        self.fetch_button = shared.button("Haal op", button_style="primary", icon="download")
        self.example_button = shared.button("Open het voorbeeld", icon="book")
        for widget, name in ((self.open_files, "pqa-open-files"), (self.open_paste, "pqa-open-paste"),
                             (self.fetch_button, "pqa-fetch"), (self.example_button, "pqa-open-example"),
                             (self.fetch_id, "pqa-fetch-id"), (self.answer_upload, "pqa-upload-answer"),
                             (self.question_upload, "pqa-upload-question")):
            widget.add_class(name)
        self.open_files.on_click(lambda _b: self._open_files())
        self.open_paste.on_click(lambda _b: self._open_paste())
        self.fetch_button.on_click(lambda _b: self._fetch())
        self.example_button.on_click(lambda _b: self.open_example())
        hint = lambda text: shared.html(f'<span class="pqa-muted">{text}</span>')  # noqa: E731
        tabs = w.Tab(children=[
            w.VBox([hint("Kies het antwoord (PDF, Word of tekst). Staat de vraag in een apart bestand, "
                         "kies dat dan ook."),
                    w.HBox([self.answer_upload, self.question_upload, self.open_files],
                           layout=shared.layout(flex_flow="row wrap"))], layout=shared.layout()),
            w.VBox([self.paste_answer, self.paste_question, self.open_paste], layout=shared.layout()),
            w.VBox([hint("Haal een schriftelijke vraag met antwoord op uit de open data van het Vlaams "
                         "Parlement of de Kamer."),
                    w.HBox([self.fetch_id, self.fetch_button], layout=shared.layout())], layout=shared.layout()),
            w.VBox([hint("Een schriftelijke vraag uit het Vlaams Parlement met antwoord, om de werkwijze "
                         "uit te proberen."), self.example_button], layout=shared.layout()),
        ], layout=shared.layout())
        tabs.titles = ("Bestand", "Tekst plakken", "Ophalen", "Voorbeeld")
        self.tabs = tabs
        self.widget = w.Accordion(children=[tabs], titles=("Document openen",), selected_index=0,
                                  layout=shared.layout())
        self.widget.add_class("pqa-opener")

    def collapse(self) -> None:
        """Fold the panel away (after a document was opened)."""
        self.widget.selected_index = None

    def open_example(self, **options) -> None:
        """Open the bundled example (``options`` go to the app's opener: ``restore``)."""
        self._on_open(load_example, "voorbeeld: " + EXAMPLE_NAME, **options)

    def _open_files(self) -> None:
        answer, question = first_upload(self.answer_upload), first_upload(self.question_upload)
        names = " + ".join(f["name"] for f in (question, answer) if f)
        self._on_open(lambda: load_uploads(answer, question), names or "upload")

    def _open_paste(self) -> None:
        answer, question = self.paste_answer.value, self.paste_question.value
        self._on_open(lambda: load_pasted(answer, question), "geplakte tekst")

    def _fetch(self) -> None:
        wanted = self.fetch_id.value
        self._on_open(lambda: load_fetched(wanted), f"open data: {wanted.strip()}")
