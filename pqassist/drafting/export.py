"""Write a follow-up question as a Word document, Markdown or plain text.

The Word document itself is made in ``word_document`` (python-docx and docxtpl load only
when a .docx is written). Texts are data, never templates: a note holding ``{{ 7*7 }}``,
``&`` or ``<`` comes out literally, in Word, Markdown and plain text alike (the text is
pasted into the parliament's web form, so nothing is backslash-escaped).

Files are never overwritten: an existing name gets " (2)", " (3)" ...; every file is
written to a temporary file in the same folder and then linked or renamed into place,
so a crash never leaves half a document.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

from pqassist import atomic
from pqassist.drafting import templating as tpl
from pqassist.errors import ExportProblem
from pqassist.model import EXPORT_FORMATS, PARLIAMENT_NAMES_NL, FollowUp

FORMATS = EXPORT_FORMATS
MAX_NAME = 80
_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {
    f"{kind}{n}" for kind in ("COM", "LPT") for n in list("123456789") + ["¹", "²", "³"]
}


# --- file names and safe writing -------------------------------------------------------


def safe_filename(title: str | None, suffix: str = ".docx", max_len: int = MAX_NAME) -> str:
    """Return a readable file name made from ``title``: no path separators, "..", control
    characters or Windows reserved names, at most ``max_len`` characters before ``suffix``."""
    name = unicodedata.normalize("NFC", tpl.clean_text(title or ""))
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f\x7f]', " ", name)
    name = re.sub(r"\.{2,}", ".", name)
    name = " ".join(name.split()).strip(" .-")
    if len(name) > max_len:
        cut = name[:max_len]
        name = cut.rsplit(" ", 1)[0] if " " in cut[max_len // 2 :] else cut
    while len(name.encode("utf-8")) > 200:
        name = name[:-1]
    name = name.strip(" .-") or "opvolgingsvraag"
    if name.split(".")[0].strip().upper() in _RESERVED:
        name = f"_{name}"
    return name + suffix


def free_path(path: str | Path) -> Path:
    """Return ``path`` when nothing exists there, else the first free "name (n).ext"."""
    try:
        return atomic.free_path(path)
    except FileExistsError as exc:
        raise ExportProblem(f"{exc}; ruim de map op") from None


def write_new_file(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` or, when that exists, to a free "name (n)" beside it,
    never overwriting and never leaving half a file; return the path written."""
    path = Path(path)
    try:
        return atomic.write_file(path, data, overwrite=False)
    except ExportProblem:
        raise
    except OSError as exc:
        raise _problem(path.parent, exc) from None


def _problem(folder: Path, exc: OSError) -> ExportProblem:
    if isinstance(exc, PermissionError):
        what = "geen schrijfrechten"
    elif isinstance(exc, (NotADirectoryError, FileExistsError)):
        what = "een deel van het pad is geen map"
    elif getattr(exc, "errno", None) == 28:
        what = "de schijf is vol"
    else:
        what = exc.strerror or str(exc)
    return ExportProblem(f"kan niet schrijven in map {folder} ({what}); kies een andere map")


# --- text ------------------------------------------------------------------------------


def header_fields(followup: FollowUp) -> dict:
    """Return the cleaned one-line header fields shared by every format."""
    one = lambda value: " ".join(tpl.clean_text(value).split())  # noqa: E731
    title = one(followup.title) or "Opvolgingsvraag"
    from pqassist.drafting.wording import persons, speakers

    several = speakers(followup.questioner) > 1
    return {
        "lid": persons(several)["lid"],
        "leden": several,
        "title": title,
        "title_lc": tpl.lcfirst(title),
        "questioner": one(followup.questioner),
        "addressee": one(followup.addressee),
        "addressee_title": one(followup.addressee_title),
        "addressee_line": one(tpl.addressee_phrase(followup.addressee, followup.addressee_title))
        or "de minister",
        "datum": tpl.dutch_date(followup.date or date.today()),
        "parliament_name": PARLIAMENT_NAMES_NL.get(followup.parliament, ""),
        "original_number": one(followup.original_number),
    }


def paragraphs(text: str) -> list[str]:
    """Return the paragraphs of ``text`` (split at blank lines), cleaned for Word."""
    text = tpl.clean_text(text)
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]


def export_text(followup: FollowUp, fmt: str = "md") -> str:
    """Return the follow-up as Markdown (``md``) or plain text (``txt``, for the
    parliament's online form: title, opening, numbered questions)."""
    if fmt not in ("md", "txt"):
        raise ExportProblem(f"onbekend tekstformaat {fmt!r}; kies md of txt")
    head = header_fields(followup)
    lines = [f"# {head['title']}" if fmt == "md" else head["title"], ""]
    if fmt == "md":
        who = f"Schriftelijke vraag van {head['questioner'] or '…'} aan {head['addressee_line']}"
        if head["addressee_title"]:
            who += f" ({head['addressee_title']})"
        lines += [f"*{who}*  ", f"*Datum: {head['datum']}*", ""]
    for para in paragraphs(followup.opening):
        lines += [para, ""]
    for question in followup.questions:
        lines += [f"{question.number}. {' '.join(tpl.clean_text(question.text).split())}", ""]
    for para in paragraphs(followup.closing):
        lines += [para, ""]
    return "\n".join(lines).rstrip() + "\n"


# --- Word ------------------------------------------------------------------------------


def render_docx(followup: FollowUp, *, template: str | Path | None = None, settings: Any = None) -> bytes:
    """Return the .docx bytes of ``followup`` laid out by ``template`` (default: the
    parliament's packaged or the staffer's own layout); python-docx is imported only here,
    when a Word file is made (``word_document``)."""
    from pqassist.drafting.word_document import render_docx as render

    return render(followup, template=template, settings=settings)


def export_docx(followup: FollowUp, path: str | Path, *, template: str | Path | None = None,
                settings: Any = None) -> Path:  # fmt: skip
    """Write ``followup`` as a Word document at ``path`` (or a free "(n)" name beside it);
    return the path written."""
    return write_new_file(Path(path), render_docx(followup, template=template, settings=settings))


def write_export(followup: FollowUp, folder_or_path: str | Path, fmt: str = "docx", *,
                 settings: Any = None) -> Path:  # fmt: skip
    """Write ``followup`` in ``fmt`` (docx, md, txt) into a folder (name from the title) or
    to a file path; never overwrite; return the path written."""
    if fmt not in FORMATS:
        raise ExportProblem(f"onbekend formaat {fmt!r}; kies uit {', '.join(FORMATS)}")
    target = Path(folder_or_path)
    if target.is_dir() or (not target.suffix and not target.exists()):
        target = target / safe_filename(followup.title, "." + fmt)
    if fmt == "docx":
        return export_docx(followup, target, settings=settings)
    return write_new_file(target, export_text(followup, fmt).encode("utf-8"))
