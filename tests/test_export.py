"""Writing the follow-up: Word (read back with python-docx, rendered by LibreOffice), text,
safe names, no overwriting, atomic writes."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import need_tool
from pqassist.drafting import export as ex
from pqassist import atomic
from pqassist.errors import ExportProblem, TemplateProblem
from pqassist.drafting.export import export_docx, export_text, free_path, safe_filename, write_export
from pqassist.model import FollowUp, FollowUpQuestion, Verdict

NASTY = "Vergelijk R&D met <b>2023</b> en {{ 7*7 }} {% if x %}\f\x07\x1b einde"


def followup(parliament="vlaams-parlement", *, questions=None, **fields) -> FollowUp:
    texts = questions or [
        "Voor deelvragen 1a en 1b verwijst de minister naar de webstek. Kan de minister de bedragen hier meedelen?",
        "Op vraag 2 kreeg ik geen antwoord. Ik herhaal daarom mijn vraag: hoeveel dossiers waren er in 2023?",
        f"Het antwoord op deelvraag 3d is onvolledig. {NASTY}. Kan de minister dit alsnog meedelen?",
    ]
    base = dict(
        parliament=parliament,
        title="Fietsinfrastructuur - Stand van zaken - opvolging",
        questioner="Sara Peeters",
        addressee="Jan Janssens",
        addressee_title="Vlaams minister van Mobiliteit en Openbare Werken",
        opening="In antwoord op mijn schriftelijke vraag nr. 415 van 12 maart 2024 bezorgde minister "
        "Jan Janssens mij een antwoord dat nog een aantal punten openlaat.",
        questions=tuple(
            FollowUpQuestion(n, (str(n),), Verdict.REFERRAL, text) for n, text in enumerate(texts, start=1)
        ),
        date=date(2024, 5, 2),
        original_number="415",
    )
    base.update(fields)
    return FollowUp(**base)


def numbered(document) -> list:
    return [p for p in document.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None]


def num_definition(path: Path, num_id: int) -> str:
    with zipfile.ZipFile(path) as package:
        xml = package.read("word/numbering.xml").decode("utf-8")
    found = re.search(rf'<w:num w:numId="{num_id}">.*?</w:num>', xml)
    assert found, f"no w:num {num_id}"
    return found.group(0)


# --- Word, read back -------------------------------------------------------------------


@pytest.mark.parametrize("parliament", ["vlaams-parlement", "kamer", "tweede-kamer", "unknown"])
def test_docx_reads_back(tmp_path, parliament):
    path = export_docx(followup(parliament), tmp_path / "vraag.docx")
    document = Document(path)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Sara Peeters".upper() in text.upper()
    assert "2 mei 2024" in text
    assert "nr. 415 van 12 maart 2024" in text
    if parliament == "vlaams-parlement":
        assert "SCHRIFTELIJKE VRAAG" in text and "aan JAN JANSSENS" in text
        assert "VLAAMS MINISTER VAN MOBILITEIT EN OPENBARE WERKEN" in text
    if parliament == "kamer":
        assert "Vraag van het lid Sara Peeters aan minister Jan Janssens" in text
    if parliament == "tweede-kamer":
        assert "Vragen van het lid Sara Peeters aan minister Jan Janssens over fietsinfrastructuur" in text
    else:
        assert "Fietsinfrastructuur - Stand van zaken - opvolging" in text
    assert "{{" not in text.replace("{{ 7*7 }}", "") and "PQASSIST" not in text
    items = numbered(document)
    expected = [" ".join(re.sub("[\x07\x1b]", "", q.text).split()) for q in followup().questions]
    assert [p.text for p in items] == expected
    props = document.core_properties
    assert props.title == "Fietsinfrastructuur - Stand van zaken - opvolging"
    assert props.author == "Sara Peeters"
    assert props.language in ("nl-BE", "nl-NL")


def test_numbering_restarts_at_1_in_a_fresh_list(tmp_path):
    first = export_docx(followup(), tmp_path / "een.docx")
    second = export_docx(followup(questions=["Alleen deze vraag?"]), tmp_path / "twee.docx")
    for path, count in ((first, 3), (second, 1)):
        items = numbered(Document(path))
        assert len(items) == count
        ids = {p._p.pPr.numPr.numId.val for p in items}
        assert len(ids) == 1  # one list
        assert {p._p.pPr.numPr.ilvl.val for p in items} == {0}
        definition = num_definition(path, ids.pop())
        assert '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>' in definition
        with zipfile.ZipFile(path) as package:
            xml = package.read("word/numbering.xml").decode("utf-8")
        abstract = re.search(r'<w:abstractNumId w:val="(\d+)"/>', definition).group(1)
        level = re.search(rf'<w:abstractNum [^>]*w:abstractNumId="{abstract}".*?</w:abstractNum>', xml).group(0)
        assert '<w:numFmt w:val="decimal"/>' in level and '<w:start w:val="1"/>' in level


def test_note_characters_come_out_literally(tmp_path):
    path = export_docx(followup(title="R&D <test> {{ 7*7 }}"), tmp_path / "x.docx")
    document = Document(path)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "R&D met <b>2023</b> en {{ 7*7 }} {% if x %} einde" in text
    assert "R&D <test> {{ 7*7 }}" in text  # a title through docxtpl, autoescaped
    assert "49" not in text
    assert document.core_properties.title == "R&D <test> {{ 7*7 }}"


def test_header_fields_with_control_characters(tmp_path):
    path = export_docx(followup(questioner="Sara\fPeeters\x00", addressee="Jan & Co <x>"), tmp_path / "x.docx")
    text = "\n".join(p.text for p in Document(path).paragraphs)
    assert "SARA PEETERS" in text and "JAN & CO <X>" in text


def test_opening_paragraphs_and_missing_names(tmp_path):
    path = export_docx(
        followup(opening="Eerste alinea.\n\nTweede alinea.", questioner=None, addressee=None, addressee_title=None),
        tmp_path / "x.docx",
    )
    texts = [p.text for p in Document(path).paragraphs]
    assert "Eerste alinea." in texts and "Tweede alinea." in texts
    assert "van …" in texts and "aan DE MINISTER" in texts


def test_closing_only_when_given(tmp_path):
    without = [p.text for p in Document(export_docx(followup(), tmp_path / "a.docx")).paragraphs]
    assert without[-1].startswith("Het antwoord op deelvraag 3d")
    with_closing = [p.text for p in Document(export_docx(followup(closing="Met dank."), tmp_path / "b.docx")).paragraphs]
    assert with_closing[-1] == "Met dank."


def test_layout_without_vragen_gets_a_numbered_list_at_the_end(tmp_path):
    layout = Document()
    layout.add_paragraph("Titel: {{ title }}")
    layout.save(tmp_path / "eigen.docx")
    path = export_docx(followup(), tmp_path / "x.docx", template=tmp_path / "eigen.docx")
    document = Document(path)
    assert document.paragraphs[0].text == "Titel: Fietsinfrastructuur - Stand van zaken - opvolging"
    items = numbered(document)
    assert len(items) == 3
    assert "startOverride" in num_definition(path, items[0]._p.pPr.numPr.numId.val)


def test_staffer_word_layout_overrides_the_packaged_one(tmp_path):
    own = tmp_path / "own" / "word"
    own.mkdir(parents=True)
    layout = Document()
    layout.add_paragraph("EIGEN HUISSTIJL {{ questioner }}")
    layout.add_paragraph("{{ vragen }}")
    layout.save(own / "vlaams-parlement.docx")
    path = export_docx(followup(), tmp_path / "x.docx", settings={"template_dir": tmp_path / "own"})
    document = Document(path)
    assert document.paragraphs[0].text == "EIGEN HUISSTIJL Sara Peeters"
    assert len(numbered(document)) == 3


@pytest.mark.parametrize("field, message", [("{{ onbekend }}", "onbekende variabele 'onbekend'"),
                                            ("{{ title", "syntaxfout")])
def test_broken_word_layout_is_a_template_problem(tmp_path, field, message):
    layout = Document()
    layout.add_paragraph(field)
    layout.save(tmp_path / "kapot.docx")
    with pytest.raises(TemplateProblem) as caught:
        export_docx(followup(), tmp_path / "x.docx", template=tmp_path / "kapot.docx")
    assert "kapot.docx" in str(caught.value) and message in str(caught.value)
    assert "\n" not in str(caught.value)
    assert not (tmp_path / "x.docx").exists()


def test_a_layout_that_is_no_docx_is_a_template_problem(tmp_path):
    (tmp_path / "nep.docx").write_text("geen Word-bestand", encoding="utf-8")
    with pytest.raises(TemplateProblem, match="nep.docx is geen bruikbaar .docx-bestand"):
        export_docx(followup(), tmp_path / "x.docx", template=tmp_path / "nep.docx")


@given(note=st.text(max_size=80))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_note_comes_out_as_typed(tmp_path, note):
    from pqassist.drafting.templating import clean_text

    text = f"Vraag met notitie: {note}"
    path = export_docx(followup(questions=[text]), tmp_path / "x.docx")
    expected = " ".join(clean_text(text).split())
    assert numbered(Document(path))[0].text == expected
    assert f"1. {expected}" in export_text(followup(questions=[text]), "txt")


# --- text ------------------------------------------------------------------------------


def test_text_export():
    txt = export_text(followup(), "txt")
    assert txt.startswith("Fietsinfrastructuur - Stand van zaken - opvolging\n\nIn antwoord op")
    assert "\n1. Voor deelvragen 1a en 1b" in txt and "\n3. Het antwoord" in txt
    assert "R&D met <b>2023</b> en {{ 7*7 }} {% if x %} einde" in txt
    assert "\f" not in txt and "\x07" not in txt


def test_markdown_export_writes_the_text_literally():
    """The text is pasted into the parliament's web form: no backslashes before < > * _."""
    md = export_text(followup(), "md")
    assert md.startswith("# Fietsinfrastructuur")
    assert "*Datum: 2 mei 2024*" in md
    assert "R&D met <b>2023</b> en {{ 7*7 }} {% if x %} einde" in md
    assert "\\" not in md
    with pytest.raises(ExportProblem):
        export_text(followup(), "pdf")


@pytest.mark.parametrize("marker", ["PQASSISTBLOKVRAGEN", "PQASSISTBLOKOPENING", "PQASSISTBLOKSLOT",
                                    "PQASSISTVRAGEN", "{{ vragen }}"])
def test_a_title_that_looks_like_a_block_marker_stays_the_title(tmp_path, marker):
    path = export_docx(followup(title=marker, closing="Slot."), tmp_path / "x.docx")
    document = Document(path)
    texts = [p.text for p in document.paragraphs]
    assert marker in texts  # the title paragraph is still there, with the user's text
    assert len(numbered(document)) == 3 and numbered(document)[0].text.startswith("Voor deelvragen 1a")
    assert sum(t.startswith("In antwoord op mijn") for t in texts) == 1  # the opening once
    assert document.core_properties.title == marker


@pytest.mark.parametrize("parliament, who, expected", [
    ("tweede-kamer", "Hirsch en Teunissen", "Vragen van de leden Hirsch en Teunissen aan"),
    ("tweede-kamer", "Van Zanten", "Vragen van het lid Van Zanten aan"),
    ("kamer", "Sara Peeters", "Vraag van het lid Sara Peeters aan"),
])
def test_word_header_names_one_member_or_several(tmp_path, parliament, who, expected):
    document = Document(export_docx(followup(parliament, questioner=who), tmp_path / "x.docx"))
    assert any(p.text.startswith(expected) for p in document.paragraphs), [p.text for p in document.paragraphs]


# --- names, no overwriting, atomic writes ----------------------------------------------


@pytest.mark.parametrize(
    "title, expected",
    [
        ("Integratiepact - Stand van zaken", "Integratiepact - Stand van zaken.docx"),
        ("a/b\\c:d*e?f\"g<h>i|j", "a b c d e f g h i j.docx"),
        ("../../etc/passwd", "etc passwd.docx"),
        ("..", "opvolgingsvraag.docx"),
        ("CON", "_CON.docx"),
        ("nul", "_nul.docx"),
        ("com1.bak", "_com1.bak.docx"),
        ("LPT9", "_LPT9.docx"),
        ("\x07\f\x00", "opvolgingsvraag.docx"),
        ("", "opvolgingsvraag.docx"),
        (None, "opvolgingsvraag.docx"),
        ("Één ‘vraag’ – opvolging", "Één ‘vraag’ – opvolging.docx"),
        (" . verborgen.", "verborgen.docx"),
    ],
)
def test_safe_filenames(title, expected):
    assert safe_filename(title) == expected


def test_long_titles_are_capped_at_a_word():
    name = safe_filename("Stand van zaken " * 30)
    assert len(name) <= ex.MAX_NAME + len(".docx")
    assert name.endswith("zaken.docx") or name.endswith("van.docx") or name.endswith("Stand.docx")
    assert len(safe_filename("é" * 300, ".md").encode("utf-8")) <= 210


def test_never_overwrites(tmp_path):
    first = export_docx(followup(), tmp_path / "vraag.docx")
    second = export_docx(followup(), tmp_path / "vraag.docx")
    third = export_docx(followup(), tmp_path / "vraag.docx")
    assert [p.name for p in (first, second, third)] == ["vraag.docx", "vraag (2).docx", "vraag (3).docx"]
    assert free_path(tmp_path / "vraag (2).docx").name == "vraag (4).docx"
    (tmp_path / "Begroting (2024).md").write_text("x")
    assert free_path(tmp_path / "Begroting (2024).md").name == "Begroting (2024) (2).md"
    (tmp_path / "Begroting (2024).md").unlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["vraag (2).docx", "vraag (3).docx", "vraag.docx"]


def test_write_export_into_a_folder_names_the_file_after_the_title(tmp_path):
    paths = [write_export(followup(), tmp_path / "exports", fmt) for fmt in ("docx", "md", "txt", "md")]
    assert [p.name for p in paths] == [
        "Fietsinfrastructuur - Stand van zaken - opvolging.docx",
        "Fietsinfrastructuur - Stand van zaken - opvolging.md",
        "Fietsinfrastructuur - Stand van zaken - opvolging.txt",
        "Fietsinfrastructuur - Stand van zaken - opvolging (2).md",
    ]
    assert paths[1].read_text(encoding="utf-8") == export_text(followup(), "md")
    assert write_export(followup(), tmp_path / "eigen.txt", "txt").name == "eigen.txt"
    with pytest.raises(ExportProblem, match="onbekend formaat"):
        write_export(followup(), tmp_path, "pdf")


def test_a_crash_mid_write_leaves_nothing(tmp_path, monkeypatch):
    def crash(fd):
        raise RuntimeError("stroomuitval")

    monkeypatch.setattr(atomic.os, "fsync", crash)
    with pytest.raises(RuntimeError, match="stroomuitval"):
        export_docx(followup(), tmp_path / "vraag.docx")
    assert list(tmp_path.iterdir()) == []  # no target, no temporary file


def test_a_crash_while_placing_leaves_the_old_file_alone(tmp_path, monkeypatch):
    old = export_docx(followup(), tmp_path / "vraag.docx")
    before = old.read_bytes()

    def crash(tmp, target):
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic, "_place_new", crash)
    with pytest.raises(KeyboardInterrupt):
        export_docx(followup(questions=["Andere vraag?"]), tmp_path / "vraag.docx")
    assert old.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["vraag.docx"]


def test_without_hard_links_the_file_is_renamed_into_place(tmp_path, monkeypatch):
    def no_links(src, dst):
        raise PermissionError("geen harde koppelingen")

    monkeypatch.setattr(atomic.os, "link", no_links)
    export_docx(followup(), tmp_path / "vraag.docx")
    path = export_docx(followup(), tmp_path / "vraag.docx")
    assert path.name == "vraag (2).docx"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["vraag (2).docx", "vraag.docx"]


def test_unwritable_places_give_one_dutch_line(tmp_path, monkeypatch):
    blocker = tmp_path / "bestand"
    blocker.write_text("geen map")
    with pytest.raises(ExportProblem) as caught:
        export_docx(followup(), blocker / "vraag.docx")
    assert "kan niet schrijven in map" in str(caught.value) and "\n" not in str(caught.value)

    def refuse(**kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(atomic.tempfile, "mkstemp", refuse)
    with pytest.raises(ExportProblem, match="geen schrijfrechten"):
        write_export(followup(), tmp_path, "md")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write anywhere")
def test_read_only_folder(tmp_path):
    folder = tmp_path / "alleen-lezen"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(ExportProblem, match="geen schrijfrechten"):
            export_docx(followup(), folder / "vraag.docx")
    finally:
        folder.chmod(0o700)


# --- LibreOffice ---------------------------------------------------------------------------


@pytest.mark.office
@pytest.mark.slow
def test_libreoffice_renders_every_layout(tmp_path, artifacts):
    soffice = need_tool("soffice", "libreoffice-writer-nogui")
    pdftoppm = need_tool("pdftoppm", "poppler-utils")
    from pypdf import PdfReader

    layouts = ["vlaams-parlement", "kamer", "tweede-kamer", "unknown"]
    docs = [export_docx(followup(p), tmp_path / f"opvolging-{p}.docx") for p in layouts]
    profile = tmp_path / "lo-profile"
    result = subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(tmp_path), *map(str, docs)],
        capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    for layout, doc in zip(layouts, docs):
        pdf = doc.with_suffix(".pdf")
        assert pdf.is_file(), result.stdout + result.stderr
        reader = PdfReader(pdf)
        assert len(reader.pages) == 1
        text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
        assert "nr. 415 van 12 maart 2024" in text
        assert "R&D met <b>2023</b> en {{ 7*7 }}" in text
        for n in (1, 2, 3):
            assert f"{n}." in text
        assert re.search(r"1\.\s*Voor deelvragen 1a en 1b", text)
        assert re.search(r"3\.\s*Het antwoord op deelvraag 3d", text)
        if layout == "vlaams-parlement":
            assert "SCHRIFTELIJKE VRAAG" in text
        png = artifacts / f"opvolging-{layout}"
        subprocess.run([pdftoppm, "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(png)],
                       check=True, timeout=60)  # fmt: skip
        assert png.with_suffix(".png").stat().st_size > 10_000
    shutil.rmtree(profile, ignore_errors=True)


@pytest.mark.office
@pytest.mark.corpus
@pytest.mark.slow
def test_libreoffice_renders_the_seed_draft(tmp_path, artifacts, corpus):
    """The reference case with its gold marks, as the member would see it."""
    import json

    from pqassist.drafting.compose import draft
    from pqassist.parse.load import load_dossier
    from pqassist.model import Mark, Review
    from pqassist.analysis.pipeline import analyse

    soffice = need_tool("soffice", "libreoffice-writer-nogui")
    pdftoppm = need_tool("pdftoppm", "poppler-utils")
    from pypdf import PdfReader

    analysis = analyse(load_dossier(corpus / "seed" / "vp-262-2018-integratiepact.txt"))
    labels = json.loads((corpus / "labels" / "vp-262-2018.json").read_text(encoding="utf-8"))
    marks = tuple(Mark(i["id"], Verdict(i["verdict"]), Verdict(i["verdict"]).is_gap) for i in labels["items"])
    follow = draft(analysis, Review(analysis.dossier.key, marks), settings={"today": date(2018, 4, 16)})
    doc = export_docx(follow, tmp_path / "seed.docx")
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(doc)],
        capture_output=True, text=True, timeout=240, check=True,
    )  # fmt: skip
    pdf = doc.with_suffix(".pdf")
    reader = PdfReader(pdf)
    assert 1 <= len(reader.pages) <= 3
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "SCHRIFTELIJKE VRAAG" in text and "YASMINE KHERBACHE" in text and "LIESBETH HOMANS" in text
    assert "nr. 262 van 31 januari 2018" in text
    assert re.search(rf"{len(follow.questions)}\.\s", text)
    png = artifacts / "opvolging-seed-262"
    subprocess.run([pdftoppm, "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(png)],
                   check=True, timeout=60)  # fmt: skip
    shutil.rmtree(profile, ignore_errors=True)


DRAFTS = {  # name: (corpus document, what its draft must show); the staffer's marks below
    "seed-zonder-markeringen": ("seed/vp-262-2018-integratiepact.txt",
                                ["nr. 262 van 31 januari 2018", "1c", "mijn"]),
    "tk-gezamenlijke-vraag": ("tweede-kamer/txt/tk_ah-tk-20232024-1786.txt",
                              ["Vragen van de leden Hirsch en Teunissen", "onze schriftelijke vragen", "baggersector"]),
    "tk-nog-niet-bekend": ("tweede-kamer/txt/tk_ah-tk-20232024-1432.txt",
                           ["Van Zanten", "Raad voor Cultuur", "Wanneer"]),
}
MARKS = {"tk-nog-niet-bekend": {"6": Verdict.NO_DATA}}  # as the gold label has it, whatever the suggestion


@pytest.mark.office
@pytest.mark.corpus
@pytest.mark.slow
@pytest.mark.parametrize("name", list(DRAFTS))
def test_libreoffice_renders_the_drafts_of_the_first_day(tmp_path, artifacts, corpus, name):
    """The seed without marks, a Tweede Kamer question of two members and an answer whose
    figures are not known yet: rendered to PNG in test-artifacts/ to be looked at."""
    from pqassist.analysis.pipeline import analyse
    from pqassist.drafting.compose import draft
    from pqassist.parse.load import load_dossier

    soffice = need_tool("soffice", "libreoffice-writer-nogui")
    pdftoppm = need_tool("pdftoppm", "poppler-utils")
    from pypdf import PdfReader

    from pqassist.model import Mark, Review

    document, wanted = DRAFTS[name]
    analysis = analyse(load_dossier(corpus / document))
    marks = tuple(Mark(i, verdict, True) for i, verdict in MARKS.get(name, {}).items())
    follow = draft(analysis, Review(analysis.dossier.key, marks), settings={"today": date(2024, 6, 3)})
    doc = export_docx(follow, tmp_path / f"{name}.docx")
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(doc)],
        capture_output=True, text=True, timeout=240, check=True,
    )  # fmt: skip
    pdf = doc.with_suffix(".pdf")
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(pdf).pages).split())
    for words in wanted:
        assert words in text, words
    if name == "tk-nog-niet-bekend":
        assert not re.search(r"bijgehouden|registreren", text)  # not yet known, not "not kept"
    for leak in ("afgewogen1", "projectwebsite.7", "rapporteur? 9", "met cijfers en data, of een duidelijk",
                 "alsnog hier concreet", "het lid Hirsch en"):
        assert leak not in text, leak
    png = artifacts / f"draft-{name}"
    subprocess.run([pdftoppm, "-png", "-r", "70", "-f", "1", "-l", "2", str(pdf), str(png)],
                   check=True, timeout=60)  # fmt: skip
    assert any(p.stat().st_size > 10_000 for p in artifacts.glob(f"draft-{name}*.png"))
