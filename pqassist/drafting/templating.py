"""Find and render pqassist's templates: Jinja phrase templates and Word layouts.

Templates live in the top-level ``templates/`` folder, shipped inside the wheel as
``pqassist/templates`` and found through ``pqassist.data.templates_dir``. A staffer's own folder
(``settings.template_dir`` or the environment variable ``PQASSIST_TEMPLATES``) mirrors
that layout and overrides single files::

    phrases/<parliament>/<name>.j2     phrases/default/<name>.j2
    word/<parliament>.docx             word/default.docx

A phrase file may hold several variants separated by a line ``{# --- #}``; the caller
picks one by number, so five referrals do not read like five copies. Phrase templates
render with ``StrictUndefined``: a missing variable or bad syntax raises
``TemplateProblem`` naming the file and the line.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

import jinja2

from pqassist.errors import TemplateProblem
from pqassist.text import format_date_nl, name_case, tighten

ENV_VAR = "PQASSIST_TEMPLATES"
VARIANT_SEPARATOR = re.compile(r"^[ \t]*\{#\s*---\s*#\}[ \t]*$", re.MULTILINE)

# Characters XML 1.0 (and so Word) cannot hold; tab, newline and carriage return stay.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def setting(settings: Any, name: str, default: Any = None) -> Any:
    """Return the setting ``name`` from a mapping or an object (``default`` when absent)."""
    if settings is None:
        return default
    if isinstance(settings, Mapping):
        value = settings.get(name, default)
    else:
        value = getattr(settings, name, default)
    return default if value is None else value


def user_template_dir(settings: Any = None) -> Path | None:
    """Return the staffer's own template folder, or None when none is set."""
    value = setting(settings, "template_dir") or os.environ.get(ENV_VAR, "").strip()
    return Path(value).expanduser() if value else None


def packaged_templates():
    """Return the packaged template folder (in the wheel, else the checkout's ``templates/``)."""
    from pqassist.data import templates_dir

    return templates_dir()


def candidates(kind: str, name: str, parliament: str | None, settings: Any = None) -> list:
    """Return the places to look for template ``name`` of ``kind``, most specific first.

    The staffer's folder beats the packaged one; within each, the parliament's own file
    beats the ``default`` one.
    """
    roots = []
    user = user_template_dir(settings)
    if user is not None:
        roots.append(user)
    roots.append(packaged_templates())
    folders = [parliament, "default"] if parliament and parliament != "default" else ["default"]
    found = []
    for root in roots:
        for folder in folders:
            if kind == "phrases":
                found.append(root / "phrases" / folder / name)
            else:
                found.append(root / kind / f"{folder}{name}")
    return found


def find_template(kind: str, name: str, parliament: str | None, settings: Any = None):
    """Return the first existing template file (a Path or Traversable) for ``name``."""
    tried = candidates(kind, name, parliament, settings)
    for place in tried:
        if place.is_file():
            return place
    raise TemplateProblem(
        f"sjabloon {kind}/{parliament or 'default'}/{name} niet gevonden "
        f"(gezocht in {len(tried)} mappen); herstel de installatie of je sjabloonmap"
    )


def find_word_template(parliament: str | None, settings: Any = None):
    """Return the Word layout (.docx) for ``parliament``: the staffer's, else packaged."""
    return find_template("word", ".docx", parliament, settings)


@dataclass(frozen=True)
class PhraseTemplate:
    """One phrase file compiled into its variants."""

    path: str
    variants: tuple[jinja2.Template, ...]

    def render(self, variant: int, context: Mapping[str, Any]) -> str:
        """Return variant ``variant`` (modulo the count) rendered with ``context``, tidied."""
        template = self.variants[variant % len(self.variants)]
        try:
            text = template.render(**context)
        except jinja2.TemplateError as exc:
            raise template_problem(self.path, exc) from None
        except (TypeError, ValueError, AttributeError, KeyError, IndexError) as exc:
            raise TemplateProblem(f"sjabloon {self.path}: {type(exc).__name__}: {exc}") from None
        return tighten(text)


def load_phrases(name: str, parliament: str | None, settings: Any = None) -> PhraseTemplate:
    """Return the compiled phrase template ``name`` (e.g. ``referral.j2``) for a parliament."""
    place = find_template("phrases", name, parliament, settings)
    try:
        source = place.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateProblem(f"sjabloon {place} is niet leesbaar: {exc}") from None
    return _compile(str(place), source)


@lru_cache(maxsize=256)
def _compile(path: str, source: str) -> PhraseTemplate:
    variants = []
    offset = 0
    pieces = VARIANT_SEPARATOR.split(source)
    for piece in pieces:
        if piece.strip():
            # Pad with newlines so that Jinja's line numbers are the file's line numbers.
            try:
                code = _ENV.compile("\n" * offset + piece, name=path, filename=path)
            except jinja2.TemplateSyntaxError as exc:
                raise template_problem(path, exc) from None
            variants.append(_ENV.template_class.from_code(_ENV, code, _ENV.make_globals(None), None))
        offset += piece.count("\n")
    if not variants:
        raise TemplateProblem(f"sjabloon {path} is leeg; schrijf er minstens één variant in")
    return PhraseTemplate(path, tuple(variants))


def template_problem(path: str, exc: jinja2.TemplateError, kind: str = "sjabloon") -> TemplateProblem:
    """Return a one-line TemplateProblem naming ``path``, the line and what is wrong."""
    line = getattr(exc, "lineno", None)
    if line is None:
        line = _line_from_traceback(exc, path)
    where = f"{path}, regel {line}" if line else path
    if isinstance(exc, jinja2.UndefinedError):
        found = re.search(r"'([^']+)' is undefined", str(exc))
        what = f"onbekende variabele '{found.group(1)}'" if found else f"onbekende waarde ({exc})"
    elif isinstance(exc, jinja2.TemplateSyntaxError):
        what = f"syntaxfout: {exc.message}"
    else:
        what = str(exc)
    return TemplateProblem(f"{kind} {where}: {' '.join(what.split())}")


def _line_from_traceback(exc: BaseException, path: str) -> int | None:
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == path:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def clean_text(text: Any) -> str:
    """Return ``text`` as a string Word can hold: form feeds become spaces, control chars go."""
    if text is None:
        return ""
    text = str(text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\f", " ").replace("\v", " ")
    return _XML_INVALID.sub("", text)


def dutch_date(value: date | None) -> str:
    """Return a date written the Dutch way ("31 januari 2018"); "" for None."""
    return format_date_nl(value)


def lcfirst(text: str) -> str:
    """Return ``text`` with its first letter in lower case (unless it starts an acronym)."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def ucfirst(text: str) -> str:
    """Return ``text`` with its first letter in upper case."""
    return text[:1].upper() + text[1:]


def person_name(name: str | None, parliament: str | None = None) -> str:
    """Return a name as people write it: "YASMINE KHERBACHE" -> "Yasmine Kherbache"; in the
    Tweede Kamer with small particles ("Marnix van Rij"), elsewhere as Belgians write them."""
    if not name:
        return ""
    name = " ".join(str(name).split())
    if not name.isupper():
        return name
    return name_case(name, lower_particles=parliament == "tweede-kamer")


_TITLE_WORDS = ("minister", "vice-eersteminister", "eerste minister", "eersteminister",
                "staatssecretaris", "viceminister", "vlaams minister", "de minister")  # fmt: skip


def addressee_phrase(addressee: str | None, addressee_title: str | None = None) -> str:
    """Return how running text names the addressee: "minister Liesbeth Homans",
    "de minister van Justitie" or "" when nothing is known."""
    name = " ".join((addressee or "").split())
    title = " ".join((addressee_title or "").split())
    if name and name.lower().startswith(_TITLE_WORDS):
        return name if name.lower().startswith("de ") else "de " + lcfirst(name)
    if name:
        function = "staatssecretaris" if "staatssecretaris" in title.lower() else "minister"
        return f"{function} {person_name(name)}"
    if title and not title.isupper():
        first = title.split(",")[0]
        return first if first.lower().startswith("de ") else "de " + lcfirst(first)
    if title:
        return "de minister"
    return ""


def quoted(text: str) -> str:
    """Return ``text`` between Dutch double quotes, its own quotes made single, no end stop."""
    inner = " ".join(str(text).split()).rstrip(" .,;:")
    inner = inner.replace("“", "‘").replace("”", "’").replace('"', "’")
    return f"“{inner}”"


def join_nl(values) -> str:
    """Return values joined the Dutch way: "a, b en c"."""
    values = [str(v) for v in values if str(v)]
    if len(values) <= 1:
        return "".join(values)
    return ", ".join(values[:-1]) + " en " + values[-1]


def sentence(text: str) -> str:
    """Return ``text`` starting with a capital and ending with a full stop (unless it ends
    with ? ! or a closing quote after one)."""
    text = " ".join(str(text).split())
    if not text:
        return ""
    if not re.search(r"[.?!…][”’\")]*$", text):
        text = text.rstrip(" ,;:") + "."
    return ucfirst(text)


_ENV = jinja2.Environment(
    undefined=jinja2.StrictUndefined,
    autoescape=False,
    keep_trailing_newline=False,
)
_ENV.filters.update(
    quoted=quoted,
    join_nl=join_nl,
    lcfirst=lcfirst,
    ucfirst=ucfirst,
    sentence=sentence,
    datum=dutch_date,
    naam=person_name,
)
