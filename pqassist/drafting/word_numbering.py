"""Word list numbering: a list that restarts at 1 for the questions of each draft.

python-docx has no public API for list instances, so the ``w:numbering`` XML is built here,
in one place: a decimal list ("1.", "2.", ...) when the template has none, and for every
draft a fresh ``w:num`` with a ``startOverride`` so that numbering never continues from an
earlier list. Used by ``export`` (and ``tools/make_docx_templates.py``).
"""

from __future__ import annotations

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def set_numbering(p, num_id: int) -> None:
    """Put paragraph ``p`` (a ``w:p``) in list instance ``num_id`` at the first level."""
    numpr = p.get_or_add_pPr().get_or_add_numPr()
    numpr.get_or_add_ilvl().val = 0
    numpr.get_or_add_numId().val = num_id


def numbering_root(document):
    """Return the ``w:numbering`` element of ``document``, creating the part when absent."""
    try:
        return document.part.numbering_part.element
    except NotImplementedError:
        from docx.opc.constants import CONTENT_TYPE as CT
        from docx.opc.packuri import PackURI
        from docx.parts.numbering import NumberingPart

        part = NumberingPart(PackURI("/word/numbering.xml"), CT.WML_NUMBERING,
                             parse_xml(f'<w:numbering xmlns:w="{_W}"/>'), document.part.package)  # fmt: skip
        document.part.relate_to(part, RT.NUMBERING)
        return part.element


def add_decimal_list(document) -> int:
    """Add an abstract list "1.", "2." ... to ``document``; return its abstractNumId."""
    root = numbering_root(document)
    ids = [int(a.get(qn("w:abstractNumId"))) for a in root.findall(qn("w:abstractNum"))]
    abstract_id = max(ids, default=0) + 1
    abstract = parse_xml(
        f'<w:abstractNum xmlns:w="{_W}" w:abstractNumId="{abstract_id}">'
        '<w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        '<w:lvlText w:val="%1."/><w:lvlJc w:val="left"/>'
        '<w:pPr><w:ind w:left="426" w:hanging="426"/></w:pPr></w:lvl></w:abstractNum>'
    )
    nums = root.findall(qn("w:num"))
    if nums:
        nums[0].addprevious(abstract)
    else:
        root.append(abstract)
    return abstract_id


def fresh_num(document, p) -> int:
    """Return the id of a new list instance for paragraph ``p`` that restarts at 1: same
    look as the paragraph's (or its style's) list, with a startOverride."""
    root = numbering_root(document)
    abstract_id = None
    num_id = _num_id_of(document, p)
    if num_id is not None:
        for num in root.findall(qn("w:num")):
            if num.get(qn("w:numId")) == str(num_id):
                abstract_id = int(num.find(qn("w:abstractNumId")).get(qn("w:val")))
    if abstract_id is None:
        abstract_id = add_decimal_list(document)
    num = root.add_num(abstract_id)
    num.add_lvlOverride(ilvl=0).add_startOverride(1)
    return num.numId


def _num_id_of(document, p) -> int | None:
    """Return the numId a paragraph gets from itself or its style chain (None: no list)."""
    ppr = p.pPr
    if ppr is not None and ppr.numPr is not None and ppr.numPr.numId is not None:
        return ppr.numPr.numId.val
    style_id = ppr.pStyle.val if ppr is not None and ppr.pStyle is not None else None
    styles = document.styles.element
    seen = set()
    while style_id and style_id not in seen:
        seen.add(style_id)
        style = styles.get_by_id(style_id)
        if style is None:
            return None
        spr = style.pPr
        if spr is not None and spr.numPr is not None and spr.numPr.numId is not None:
            return spr.numPr.numId.val
        style_id = style.basedOn_val
    return None
