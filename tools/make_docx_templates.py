"""Build the Word layouts in templates/word/ with python-docx (the .docx files are committed).

Run ``.venv/bin/python tools/make_docx_templates.py`` after changing this script. The
layouts are ordinary Word documents a staffer may open and restyle in Word; they hold
docxtpl fields ({{ questioner }}, {{ datum }} ...) and two block paragraphs that pqassist
fills itself: ``{{ opening }}`` (the opening text) and ``{{ vragen }}`` (one numbered
paragraph per question, style "Vraag", numbering restarted at 1 in every document).
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pqassist.drafting.word_numbering import add_decimal_list, numbering_root  # noqa: E402

OUT = ROOT / "templates" / "word"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
GREY = RGBColor(0x59, 0x59, 0x59)
FONT = "Arial"


def base(language: str):
    """Return a new document with page, fonts, styles and the numbered style "Vraag"."""
    doc = Document()
    _drop_thumbnail(doc)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.2)

    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    rpr = normal.element.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), FONT)
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    if lang is None:
        defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}").append(parse_xml(f'<w:lang xmlns:w="{W}"/>'))
        lang = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    lang.set(qn("w:val"), language)

    _style(doc, "Kop vraag", size=14, bold=True, after=2)
    _style(doc, "Gegevens vraag", size=10, after=0)
    _style(doc, "Functie minister", size=8.5, after=0, color=GREY)
    _style(doc, "Parlement", size=8.5, after=6, color=GREY, caps=True)
    title = _style(doc, "Titel vraag", size=12, bold=True, before=14, after=10)
    title.paragraph_format.keep_with_next = True
    # Left-aligned: justified text stretched the short questions of a draft unevenly.
    _style(doc, "Tekst vraag", after=8)
    vraag = _style(doc, "Vraag", after=8)

    abstract_id = add_decimal_list(doc)
    num = numbering_root(doc).add_num(abstract_id)
    numpr = vraag.element.get_or_add_pPr().get_or_add_numPr()
    numpr.get_or_add_ilvl().val = 0
    numpr.get_or_add_numId().val = num.numId

    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.style = doc.styles["Functie minister"]
    footer.add_run("pagina ")
    footer._p.append(parse_xml(f'<w:fldSimple xmlns:w="{W}" w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    return doc


def _style(doc, name, *, size=None, bold=False, before=0, after=6, color=None, caps=False):
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.quick_style = True
    if size:
        style.font.size = Pt(size)
    style.font.bold = bold or None
    style.font.all_caps = caps or None
    if color is not None:
        style.font.color.rgb = color
    style.paragraph_format.space_before = Pt(before)
    style.paragraph_format.space_after = Pt(after)
    return style


def _drop_thumbnail(doc) -> None:
    package = doc.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package.rels[rid]


def _rule(doc) -> None:
    """Add an empty paragraph with a thin bottom border: the line under the header."""
    p = doc.add_paragraph(style="Gegevens vraag")
    p.paragraph_format.space_after = Pt(12)
    p._p.get_or_add_pPr().append(
        parse_xml(f'<w:pBdr xmlns:w="{W}"><w:bottom w:val="single" w:sz="6" w:space="4" w:color="808080"/></w:pBdr>')
    )


def _body(doc, *, with_title: bool = True) -> None:
    if with_title:
        doc.add_paragraph("{{ title }}", style="Titel vraag")
    doc.add_paragraph("{{ opening }}", style="Tekst vraag")
    doc.add_paragraph("{{ vragen }}", style="Vraag")
    doc.add_paragraph("{%p if closing %}", style="Tekst vraag")
    doc.add_paragraph("{{ closing }}", style="Tekst vraag")
    doc.add_paragraph("{%p endif %}", style="Tekst vraag")


def vlaams_parlement():
    """Return the Flemish Parliament layout: SCHRIFTELIJKE VRAAG, van, datum, aan + title."""
    doc = base("nl-BE")
    doc.add_paragraph("Vlaams Parlement", style="Parlement")
    doc.add_paragraph("SCHRIFTELIJKE VRAAG", style="Kop vraag")
    doc.add_paragraph("van {{ questioner|upper }}", style="Gegevens vraag")
    doc.add_paragraph("datum: {{ datum }}", style="Gegevens vraag")
    p = doc.add_paragraph("aan {{ addressee|upper }}", style="Gegevens vraag")
    p.paragraph_format.space_before = Pt(8)
    doc.add_paragraph("{%p if addressee_title %}", style="Functie minister")
    doc.add_paragraph("{{ addressee_title|upper }}", style="Functie minister")
    doc.add_paragraph("{%p endif %}", style="Functie minister")
    _rule(doc)
    _body(doc)
    return doc


def kamer():
    """Return the federal Chamber layout: Vraag van het lid (de leden) ... aan de minister van ..."""
    doc = base("nl-BE")
    doc.add_paragraph("Kamer van volksvertegenwoordigers", style="Parlement")
    doc.add_paragraph("Schriftelijke vraag", style="Kop vraag")
    doc.add_paragraph("Vraag van {{ lid }} {{ questioner }} aan {{ addressee_line }}", style="Gegevens vraag")
    doc.add_paragraph("Datum: {{ datum }}", style="Gegevens vraag")
    _rule(doc)
    _body(doc)
    return doc


def tweede_kamer():
    """Return the Tweede Kamer layout: Vragen van het lid (de leden) ... aan ... over ... (ingezonden ...)."""
    doc = base("nl-NL")
    doc.add_paragraph("Tweede Kamer der Staten-Generaal", style="Parlement")
    doc.add_paragraph("Schriftelijke vragen", style="Kop vraag")
    doc.add_paragraph(
        "Vragen van {{ lid }} {{ questioner }} aan {{ addressee_line }} over {{ title_lc }} (ingezonden {{ datum }}).",
        style="Gegevens vraag",
    )
    _rule(doc)
    _body(doc, with_title=False)
    return doc


def default():
    """Return the neutral layout used when the parliament is unknown."""
    doc = base("nl-BE")
    doc.add_paragraph("Schriftelijke vraag", style="Kop vraag")
    doc.add_paragraph("Vraag van {{ questioner }} aan {{ addressee_line }}", style="Gegevens vraag")
    doc.add_paragraph("Datum: {{ datum }}", style="Gegevens vraag")
    _rule(doc)
    _body(doc)
    return doc


LAYOUTS = {
    "vlaams-parlement": vlaams_parlement,
    "kamer": kamer,
    "tweede-kamer": tweede_kamer,
    "default": default,
}


def main() -> int:
    """Write every layout to templates/word/; return the exit code."""
    OUT.mkdir(parents=True, exist_ok=True)
    for name, build in LAYOUTS.items():
        doc = build()
        props = doc.core_properties
        props.author = props.last_modified_by = "pqassist"
        props.title = f"Sjabloon opvolgingsvraag ({name})"
        props.comments = "Sjabloon van pqassist: de velden tussen accolades worden ingevuld; het veld vragen wordt de genummerde lijst."
        props.revision = 1
        doc.save(OUT / f"{name}.docx")
        print(OUT / f"{name}.docx")
    return 0


if __name__ == "__main__":
    sys.exit(main())
