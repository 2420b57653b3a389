"""Read a question or answer document (.txt, .pdf, .docx) into text.

The only module that touches PDF and Word readers (``read_docx`` and ``read_numbering``
are its Word half).
The text is returned as read: nothing is cleaned here, so that offsets computed
downstream point into what the document holds. PDF pages are joined with a form feed
(``"\\f"``) so that the cleaner can find page furniture.

Every failure raises ``UnreadableDocument`` with one Dutch line that says what is
wrong and what to do. Limits keep hostile or broken files quick and small:

- Only regular files are read: a FIFO, device or socket is refused before opening.
- ``MAX_BYTES``: files larger than 100 MB are refused before reading.
- ``MAX_TEXT_BYTES``: a plain-text file larger than 12 MB is refused after its first
  kilobyte (it cannot hold fewer than the parser's 3 million characters).
- ``MAX_PAGES``: PDFs of more than 500 pages are refused (pass ``max_pages``).
- ``PDF_SECONDS``, ``PAGE_SECONDS``: extracting a PDF's text stops after 30 seconds,
  or after 10 seconds on one page.
- ``MAX_PAGE_CONTENT``: a PDF page whose drawing instructions exceed 5 MB is refused.
- Word files: see ``pqassist.read.docx`` (zip bombs, DOCTYPE/ENTITY declarations).
"""

from __future__ import annotations

import logging
import os
import re
import stat
import time
import unicodedata
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path, PureWindowsPath

from pqassist.errors import UnreadableDocument

SUPPORTED = (".txt", ".pdf", ".docx")
MAX_PAGES = 500
MAX_BYTES = 100 * 2**20
# A text holds at most 4 bytes per character (UTF-8, UTF-16 pairs, CRLF in UTF-16), so a
# text file larger than this exceeds the parser's 3 million characters (parse.MAX_CHARS)
# whatever its encoding: refused from its size, without reading it.
MAX_TEXT_BYTES = 4 * 3_000_000
PDF_SECONDS = 30.0
PAGE_SECONDS = 10.0
MAX_PAGE_CONTENT = 5 * 2**20
UNNAMED = "naamloos document"

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .doc, or a password-protected .docx
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_KINDS = {".txt": "txt", ".pdf": "pdf", ".docx": "docx"}
_SUPPORTED_NL = ".txt, .pdf of .docx"
_INVISIBLE = ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")  # replaced by "?" in messages


@dataclass(frozen=True)
class Document:
    """The text of one document, with its file name, kind and page count."""

    text: str  # PDF pages joined with "\f"
    name: str  # file name only, or the name given for bytes
    kind: str  # "txt" | "pdf" | "docx"
    pages: int  # PDF pages; 1 for txt and docx


def read_text(source: str | os.PathLike | bytes, *, name: str | None = None) -> str:
    """Return the text of ``source`` (a path or the file's bytes); see ``read_document``."""
    return read_document(source, name=name).text


def read_document(
    source: str | os.PathLike | bytes,
    *,
    name: str | None = None,
    max_pages: int = MAX_PAGES,
) -> Document:
    """Return the ``Document`` read from a path or from the bytes of a file.

    The kind follows the extension of the path or of ``name``; bytes without an
    extension are sniffed (``%PDF`` -> pdf, zip -> docx, otherwise text). Content that
    is unmistakably a PDF or a Word file is read as such whatever the extension says.
    Raises ``UnreadableDocument`` (one Dutch line naming the file) on any failure.
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        label = _display_name(name) if name else UNNAMED
        if len(data) > MAX_BYTES:
            raise _too_big(label, len(data))
        if len(data) > MAX_TEXT_BYTES and _sniff(data[:1024]) is None:
            raise _too_big_text(label, len(data))
    elif isinstance(source, (str, os.PathLike)):
        path = Path(source)
        label = _display_name(name if name else path.name or str(path))
        data = _read_file(path, label)
    else:
        raise TypeError(f"read_document expects a path or bytes, not {type(source).__name__}")
    if not isinstance(max_pages, int) or max_pages < 1:
        raise ValueError(f"max_pages must be a positive integer, not {max_pages!r}")

    kind = _choose_kind(data, label)
    if kind == "pdf":
        text, pages = _read_pdf(data, label, max_pages)
        return Document(text=text, name=label, kind="pdf", pages=pages)
    if kind == "docx":
        from pqassist.read.docx import read_docx

        return Document(text=read_docx(data, label), name=label, kind="docx", pages=1)
    return Document(text=_read_txt(data, label), name=label, kind="txt", pages=1)


def _display_name(name: str) -> str:
    """Return the last component of ``name`` made safe for a one-line message."""
    base = PureWindowsPath(str(name)).name or str(name)
    base = "".join("?" if unicodedata.category(c) in _INVISIBLE else c for c in base)
    return base if len(base) <= 120 else base[:117] + "..."


def _read_file(path: Path, label: str) -> bytes:
    """Return the bytes of the file at ``path``, refusing missing, odd or huge files.

    Everything is decided before reading: ``stat`` says whether it is a regular file
    (a FIFO, device or socket is refused at once, never opened for a blocking read) and
    how big it is; a text file too big for the parser is refused after its first bytes.
    """
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise UnreadableDocument(
                f"'{label}' is een map, geen bestand; kies een {_SUPPORTED_NL}-bestand."
            )
        if not stat.S_ISREG(info.st_mode):
            raise _not_regular(label)
        if info.st_size > MAX_BYTES:
            raise _too_big(label, info.st_size)
        # O_NONBLOCK: should the name be swapped for a FIFO after the stat, opening it
        # does not wait for a writer; fstat below then refuses it.
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        fd = os.open(path, flags)
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise _not_regular(label)
            head = handle.read(1024)
            if info.st_size > MAX_TEXT_BYTES and _sniff(head) is None:
                raise _too_big_text(label, info.st_size)
            data = head + handle.read(MAX_BYTES + 1 - len(head))
    except UnreadableDocument:
        raise
    except FileNotFoundError as exc:
        raise UnreadableDocument(
            f"Het bestand '{label}' bestaat niet; controleer de naam en de map."
        ) from exc
    except PermissionError as exc:
        raise UnreadableDocument(
            f"Het bestand '{label}' mag niet gelezen worden (geen toegang); "
            "kopieer het naar een map waar u rechten hebt."
        ) from exc
    except (OSError, ValueError) as exc:  # ValueError: NUL in path, name too long ...
        raise UnreadableDocument(
            f"Het bestand '{label}' kan niet geopend worden; controleer de naam en de map."
        ) from exc
    if len(data) > MAX_BYTES:
        raise _too_big(label, len(data))
    return data


def _not_regular(label: str) -> UnreadableDocument:
    return UnreadableDocument(
        f"'{label}' is geen gewoon bestand (maar een pipe, apparaat of socket); "
        f"kies een {_SUPPORTED_NL}-bestand."
    )


def _too_big_text(label: str, size: int) -> UnreadableDocument:
    return UnreadableDocument(
        f"Het bestand '{label}' is te groot voor een tekstbestand ({size / 2**20:.0f} MB, "
        f"maximum {MAX_TEXT_BYTES / 2**20:.0f} MB); bewaar alleen de vraag en het antwoord "
        "in een apart bestand."
    )


def _too_big(label: str, size: int) -> UnreadableDocument:
    return UnreadableDocument(
        f"Het bestand '{label}' is te groot ({size / 2**20:.0f} MB, maximum "
        f"{MAX_BYTES // 2**20} MB); bewaar alleen de vraag en het antwoord in een apart bestand."
    )


def _sniff(data: bytes) -> str | None:
    """Return "pdf", "docx" or "ole" when the bytes carry that signature, else None."""
    if data.startswith(_ZIP_MAGIC):
        return "docx"
    if data.startswith(_OLE_MAGIC):
        return "ole"
    if data[:1024].lstrip(b"\x00\t\n\r\f ")[:5] == b"%PDF-":
        return "pdf"
    return None


def _choose_kind(data: bytes, label: str) -> str:
    """Return "txt", "pdf" or "docx" for ``data`` named ``label``, or raise.

    A supported extension (or none) lets unmistakable content win: a PDF saved as
    .txt is read as a PDF. Other extensions are refused whatever they hold.
    """
    suffix = Path(label).suffix.lower() if label != UNNAMED else ""
    if not re.fullmatch(r"\.[a-z0-9]{1,10}", suffix):
        suffix = ""  # "vraag nr. 262" has no extension
    if suffix not in ("", ".doc", ".dot") + SUPPORTED:
        raise UnreadableDocument(
            f"Het bestand '{label}' heeft de extensie '{suffix}', die pqassist niet leest; "
            f"gebruik een {_SUPPORTED_NL}-bestand."
        )
    if not data.strip():
        raise UnreadableDocument(
            f"Het bestand '{label}' is leeg; kies het bestand met de tekst van de vraag "
            "of het antwoord."
        )
    sniffed = _sniff(data)
    if sniffed == "ole" or (suffix in (".doc", ".dot") and sniffed is None):
        raise UnreadableDocument(
            f"Het bestand '{label}' is een oud Word-document (.doc) of met een wachtwoord "
            "beveiligd; open het in Word en sla het op als .docx zonder wachtwoord."
        )
    return sniffed or _KINDS.get(suffix, "txt")


# --- plain text ---------------------------------------------------------------------


def _read_txt(data: bytes, label: str) -> str:
    """Return ``data`` decoded (UTF-8, UTF-16 with BOM, else cp1252), line ends as ``\\n``."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise _binary(label) from None
    elif b"\x00" in data:
        raise _binary(label)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                text = data.decode("latin-1")  # the five bytes cp1252 leaves undefined
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise UnreadableDocument(
            f"Het bestand '{label}' is leeg; kies het bestand met de tekst van de vraag "
            "of het antwoord."
        )
    odd = sum(
        1 for c in text if unicodedata.category(c) in ("Cc", "Cs", "Cn") and c not in "\t\n\f\v"
    )
    if odd > max(2, len(text) // 50):
        raise _binary(label)
    return text


def _binary(label: str) -> UnreadableDocument:
    return UnreadableDocument(
        f"Het bestand '{label}' bevat geen leesbare tekst (binaire inhoud); sla het "
        f"document op als {_SUPPORTED_NL} en probeer het opnieuw."
    )


# --- PDF ----------------------------------------------------------------------------


class _TooSlow(BaseException):
    """Raised from inside pypdf's text extraction when the time budget is spent.

    A BaseException, because pypdf swallows every Exception raised while it reads a
    form XObject, and a page can draw the same huge form thousands of times.
    """


@contextmanager
def quiet_libraries():
    """Silence library warnings and pypdf's log messages while reading legitimate files."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        logger.setLevel(logging.CRITICAL)
        try:
            yield
        finally:
            logger.setLevel(level)


def _read_pdf(data: bytes, label: str, max_pages: int) -> tuple[str, int]:
    """Return the text layer of the PDF (pages joined with ``\\f``) and its page count."""
    from pypdf import PdfReader

    broken = UnreadableDocument(
        f"Het bestand '{label}' is een beschadigde of ongeldige PDF; download het opnieuw "
        "of gebruik de .docx- of .txt-versie."
    )
    if b"%PDF-" not in data[:1024]:
        raise UnreadableDocument(
            f"Het bestand '{label}' is geen PDF (de PDF-kop ontbreekt); kies het juiste "
            "bestand of gebruik de .docx- of .txt-versie."
        )
    if data.rfind(b"%%EOF", max(0, len(data) - 65536)) < 0:
        raise UnreadableDocument(
            f"Het bestand '{label}' is een onvolledige PDF (het einde ontbreekt, "
            "afgebroken download?); download het opnieuw."
        )
    with quiet_libraries():
        try:
            reader = PdfReader(BytesIO(data), strict=False)
            encrypted = reader.is_encrypted
        except Exception as exc:  # pypdf raises many kinds on broken files
            raise broken from exc
        if encrypted:
            _decrypt(reader, label)
        try:
            count = len(reader.pages)
        except Exception as exc:
            raise broken from exc
        if count == 0:
            raise UnreadableDocument(
                f"Het bestand '{label}' is een PDF zonder pagina's; download het opnieuw."
            )
        if count > max_pages:
            raise UnreadableDocument(
                f"Het bestand '{label}' telt {count} pagina's, meer dan de {max_pages} die "
                "pqassist leest; bewaar alleen de vraag en het antwoord als aparte PDF."
            )
        texts = _extract_pages(reader, count, label)
    if not any(text.strip() for text in texts):
        raise UnreadableDocument(
            f"Het bestand '{label}' bevat geen tekstlaag (gescande PDF?); laat er eerst "
            "tekstherkenning (OCR) op lopen of gebruik de .docx-versie."
        )
    return "\f".join(texts), count


def _decrypt(reader, label: str) -> None:
    """Open an encrypted PDF with the empty password, or raise."""
    from pypdf import PasswordType
    from pypdf.errors import DependencyError

    try:
        opened = reader.decrypt("") != PasswordType.NOT_DECRYPTED
    except DependencyError as exc:
        raise UnreadableDocument(
            f"Het bestand '{label}' is versleuteld (AES) en om het te openen ontbreekt het "
            "pakket 'cryptography' (pip install 'pypdf[crypto]'); of druk het af als nieuwe PDF."
        ) from exc
    except Exception as exc:  # unsupported algorithm, broken encryption dictionary
        raise UnreadableDocument(
            f"Het bestand '{label}' is versleuteld op een manier die pqassist niet kan "
            "openen; druk het af als nieuwe PDF of gebruik de .docx-versie."
        ) from exc
    if not opened:
        raise UnreadableDocument(
            f"Het bestand '{label}' is beveiligd met een wachtwoord; open het, verwijder de "
            "beveiliging (of druk het af als nieuwe PDF) en probeer het opnieuw."
        )


def _extract_pages(reader, count: int, label: str) -> list[str]:
    """Return the text of each page (pypdf's plain mode), within the time budget."""
    final = time.monotonic() + PDF_SECONDS
    deadline = final
    calls = 0

    def guard(*_args) -> None:
        nonlocal calls
        calls += 1
        if calls % 128 == 0 and time.monotonic() > deadline:
            raise _TooSlow

    def too_complex(number: int) -> UnreadableDocument:
        return UnreadableDocument(
            f"Het bestand '{label}' is te complex om snel te lezen (pagina {number}); "
            "druk het af als nieuwe PDF of gebruik de .docx- of .txt-versie."
        )

    texts = []
    for index in range(count):
        number = index + 1
        now = time.monotonic()
        if now > final:
            raise too_complex(number)
        deadline = min(final, now + PAGE_SECONDS)
        try:
            page = reader.pages[index]
            if _content_size(page) > MAX_PAGE_CONTENT:
                raise too_complex(number)
            text = page.extract_text(extraction_mode="plain", visitor_operand_before=guard)
        except UnreadableDocument:
            raise
        except _TooSlow:
            raise too_complex(number) from None
        except Exception as exc:
            raise UnreadableDocument(
                f"Het bestand '{label}' kan niet gelezen worden: pagina {number} is "
                "beschadigd; download het opnieuw of gebruik de .docx- of .txt-versie."
            ) from exc
        texts.append(text or "")
    return texts


def _content_size(page) -> int:
    """Return the decoded size in bytes of the page's content streams."""
    contents = page.get("/Contents")
    if contents is None:
        return 0
    contents = contents.get_object()
    streams = contents if isinstance(contents, list) else [contents]
    total = 0
    for stream in streams:
        stream = stream.get_object()
        if hasattr(stream, "get_data"):
            total += len(stream.get_data())
        if total > MAX_PAGE_CONTENT:
            break
    return total
