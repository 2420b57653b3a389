"""Make the Word document of a follow-up question (python-docx and docxtpl are imported here
only, so that the app and the command line load them when a .docx is written, not at start).

The .docx layouts in ``templates/word/`` are made to be edited in Word; docxtpl fills their
header fields (with autoescape on) and python-docx puts in the body: the opening
paragraph(s) where the template says ``{{ opening }}``, and one numbered paragraph per
question where it says ``{{ vragen }}``, numbered through a fresh list instance that
restarts at 1. The block paragraphs are found through markers drawn at random for each
document, so no title or note can pass for one.
"""

from __future__ import annotations

import copy
import io
import secrets
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import jinja2
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from pqassist.drafting import templating as tpl
from pqassist.drafting.export import header_fields, paragraphs
from pqassist.drafting.word_numbering import fresh_num, set_numbering
from pqassist.errors import TemplateProblem
from pqassist.model import FollowUp

_BLOCKS = ("opening", "vragen", "closing")
_LANGUAGE = {"tweede-kamer": "nl-NL"}


def render_docx(followup: FollowUp, *, template: str | Path | None = None, settings: Any = None) -> bytes:
    """Return the .docx bytes of ``followup`` laid out by ``template`` (default: the
    parliament's packaged or the staffer's own layout)."""
    from docxtpl import DocxTemplate

    source = Path(template) if template else tpl.find_word_template(followup.parliament, settings)
    blocks = {name: f"PQASSIST{name.upper()}{secrets.token_hex(12).upper()}" for name in _BLOCKS}
    try:
        doc_template = DocxTemplate(io.BytesIO(source.read_bytes()))
        head = header_fields(followup)
        context = dict(head, **blocks)
        context["questioner"] = head["questioner"] or "…"
        context["addressee"] = head["addressee"] or head["addressee_line"]
        context["closing"] = blocks["closing"] if followup.closing.strip() else ""
        context["questions"] = [
            {"number": q.number, "text": " ".join(tpl.clean_text(q.text).split()), "items": list(q.item_ids)}
            for q in followup.questions
        ]
        env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
        env.filters.update(datum=tpl.dutch_date, lcfirst=tpl.lcfirst, naam=tpl.person_name)
        doc_template.render(context, env, autoescape=True)
    except jinja2.TemplateError as exc:
        # docxtpl renders the document XML, so a line number would point into XML: leave it out.
        exc.lineno = None
        raise tpl.template_problem(str(source), exc, kind="Word-sjabloon") from None
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, PackageNotFoundError) as exc:
        raise TemplateProblem(
            f"Word-sjabloon {source} is geen bruikbaar .docx-bestand ({type(exc).__name__}); "
            "sla het in Word op als .docx"
        ) from None
    document = doc_template.docx
    body = document.element.body
    _fill_block(document, body, blocks["opening"], paragraphs(followup.opening))
    _fill_block(document, body, blocks["closing"], paragraphs(followup.closing))
    texts = [" ".join(tpl.clean_text(q.text).split()) for q in followup.questions]
    if not _fill_block(document, body, blocks["vragen"], texts, numbered=True) and texts:
        _append_numbered(document, texts)
    _set_properties(document, followup, head)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _fill_block(document, body, marker: str, texts: list[str], *, numbered: bool = False) -> bool:
    """Replace each paragraph holding ``marker`` by one paragraph per text (numbered through
    a fresh list when asked); return True when a marker was found."""
    found = False
    for p in list(body.iter(qn("w:p"))):
        if marker not in "".join(t.text or "" for t in p.iter(qn("w:t"))):
            continue
        found = True
        num_id = fresh_num(document, p) if numbered else None
        for text in texts:
            new = _paragraph_like(p)
            p.addprevious(new)
            run = Paragraph(new, None).add_run(text)
            rpr = p.find(f"{qn('w:r')}/{qn('w:rPr')}")
            if rpr is not None:
                run._r.insert(0, copy.deepcopy(rpr))
            if num_id is not None:
                set_numbering(new, num_id)
        p.getparent().remove(p)
    return found


def _paragraph_like(p):
    new = copy.deepcopy(p)
    for child in list(new):
        if child.tag != qn("w:pPr"):
            new.remove(child)
    return new


def _append_numbered(document, texts: list[str]) -> None:
    """Add the questions as numbered paragraphs at the end of the body (for a template
    without a ``{{ vragen }}`` paragraph)."""
    first = document.add_paragraph(texts[0])
    num_id = fresh_num(document, first._p)
    set_numbering(first._p, num_id)
    for text in texts[1:]:
        set_numbering(document.add_paragraph(text)._p, num_id)


def _set_properties(document, followup: FollowUp, head: dict) -> None:
    props = document.core_properties
    now = datetime.now(timezone.utc).replace(microsecond=0, tzinfo=None)
    props.title = head["title"][:255]
    props.author = head["questioner"][:255]
    props.last_modified_by = head["questioner"][:255]
    props.subject = (f"Opvolging van schriftelijke vraag nr. {head['original_number']}"
                     if head["original_number"] else "Opvolgingsvraag")  # fmt: skip
    props.language = _LANGUAGE.get(followup.parliament, "nl-BE")
    props.keywords = "schriftelijke vraag; opvolging"
    props.comments = ""
    props.category = head["parliament_name"]
    props.created = now
    props.modified = now
    props.revision = 1
