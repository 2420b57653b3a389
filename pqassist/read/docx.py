"""Read the text of a Word (.docx) file: the Word half of ``pqassist.read.document``.

Paragraphs and tables come out in document order, one paragraph a line; a table row
is one line with its cells joined by ``" | "``. Word's automatic list numbering is
rendered into the text as printed ("1.", "a)", "2.3"), because the parser downstream
looks for those labels. Content controls, tracked insertions and text boxes are read;
tracked deletions, field codes, headers, footers and footnotes are not.

The zip is checked before anything is parsed:

- ``MAX_UNPACKED``: the parts may unpack to 200 MB at most, in ``MAX_MEMBERS`` parts;
- ``MAX_RATIO``: a part over 1 MB may not be more than 200 times its packed size;
- ``MAX_XML_PART``: an XML part may not unpack to more than 50 MB;
- ``MAX_TEXT``: the text read may not exceed 20 million characters (list numbers
  repeat a level's text for every paragraph, which could otherwise multiply it);
- any XML part declaring a DOCTYPE or ENTITY is refused (external entities, billion
  laughs); lxml is also told not to load DTDs, resolve entities or use the network.
"""

from __future__ import annotations

import posixpath
import re
from io import BytesIO

from pqassist.errors import UnreadableDocument
from pqassist.read.numbering import Numbering

MAX_UNPACKED = 200 * 2**20
MAX_MEMBERS = 5000
MAX_RATIO = 200
RATIO_FROM = 2**20
MAX_XML_PART = 50 * 2**20
MAX_TEXT = 20_000_000

W_NAMESPACES = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",  # ISO 29500 strict
)
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_MATH_T = "{http://schemas.openxmlformats.org/officeDocument/2006/math}t"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def read_docx(data: bytes, label: str) -> str:
    """Return the text of the .docx in ``data``; raise ``UnreadableDocument`` naming ``label``."""
    parts = _unpack(data, label)
    main = _target(parts, "_rels/.rels", "/officeDocument") or "word/document.xml"
    if main not in parts:
        raise UnreadableDocument(
            f"Het bestand '{label}' is een zipbestand zonder Word-tekst (word/document.xml "
            "ontbreekt); open het in Word en sla het op als .docx."
        )
    root = _parse(parts[main], label)
    namespace = root.tag[1:].partition("}")[0] if root.tag.startswith("{") else ""
    if namespace not in W_NAMESPACES or not root.tag.endswith("}document"):
        raise UnreadableDocument(
            f"Het bestand '{label}' is geen Word-document (misschien Excel of PowerPoint?); "
            "open het in Word en sla het op als .docx."
        )
    folder, base = posixpath.split(main)
    rels = posixpath.join(folder, "_rels", base + ".rels")
    styles = _target(parts, rels, "/styles", folder) or posixpath.join(folder, "styles.xml")
    numbering = _target(parts, rels, "/numbering", folder) or posixpath.join(folder, "numbering.xml")
    writer = _Writer(
        label,
        namespace,
        _parse(parts[numbering], label) if numbering in parts else None,
        _parse(parts[styles], label) if styles in parts else None,
    )
    lines: list[str] = []
    body = root.find(writer.w + "body")
    if body is not None:
        writer.blocks(body, lines)
    text = "\n".join(lines)
    if not text.strip():
        raise UnreadableDocument(
            f"Het bestand '{label}' bevat geen tekst; kies het document met de vraag of het "
            "antwoord."
        )
    return text


def _unpack(data: bytes, label: str) -> dict[str, bytes]:
    """Return the XML parts of the zip in ``data`` by name, after the safety checks."""
    import zipfile

    broken = UnreadableDocument(
        f"Het bestand '{label}' is een beschadigd Word-document; open het in Word en sla "
        "het opnieuw op als .docx."
    )
    bomb = UnreadableDocument(
        f"Het bestand '{label}' pakt uit tot een verdacht grote omvang (mogelijk een zipbom) "
        "en wordt niet gelezen; vraag om een gewone .docx of een PDF."
    )
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except Exception as exc:  # BadZipFile, but also ValueError/OSError/EOFError on junk
        raise UnreadableDocument(
            f"Het bestand '{label}' is geen geldig Word-document (.docx); open het in Word "
            "en sla het opnieuw op als .docx."
        ) from exc
    parts = {}
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS or sum(i.file_size for i in infos) > MAX_UNPACKED:
            raise bomb
        for info in infos:
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > RATIO_FROM and ratio > MAX_RATIO:
                raise bomb
        for info in infos:
            if info.is_dir() or not info.filename.lower().endswith((".xml", ".rels")):
                continue
            if info.file_size > MAX_XML_PART:
                raise bomb
            if info.flag_bits & 0x1:
                raise UnreadableDocument(
                    f"Het bestand '{label}' is met een wachtwoord beveiligd; open het in "
                    "Word en sla het op als .docx zonder wachtwoord."
                )
            try:
                blob = archive.read(info)  # zipfile never returns more than file_size
            except Exception as exc:  # bad CRC, unknown compression, truncated data
                raise broken from exc
            if _declares_entities(blob):
                raise UnreadableDocument(
                    f"Het bestand '{label}' bevat een DOCTYPE- of ENTITY-declaratie, wat Word "
                    "nooit schrijft (mogelijk kwaadaardig), en wordt niet gelezen; vraag om "
                    "een gewone .docx of een PDF."
                )
            parts[info.filename.lstrip("/")] = blob
    return parts


def _declares_entities(blob: bytes) -> bool:
    """Return True when the XML in ``blob`` declares a DOCTYPE or an ENTITY."""
    if blob.startswith((b"\xff\xfe", b"\xfe\xff")):
        blob = blob.decode("utf-16", errors="replace").encode("utf-8")
    return _DECLARATION.search(blob) is not None


def _parse(blob: bytes, label: str):
    """Return the root element of ``blob``, parsed without DTDs, entities or network."""
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(blob, parser)
    except Exception as exc:  # XMLSyntaxError, ValueError on odd encodings
        raise UnreadableDocument(
            f"Het bestand '{label}' is een beschadigd Word-document (ongeldige XML); open het "
            "in Word en sla het opnieuw op als .docx."
        ) from exc
    if root is None or root.getroottree().docinfo.doctype:
        raise UnreadableDocument(
            f"Het bestand '{label}' bevat een DOCTYPE-declaratie en wordt niet gelezen; vraag "
            "om een gewone .docx of een PDF."
        )
    return root


def _target(parts: dict[str, bytes], rels: str, kind: str, folder: str = "") -> str | None:
    """Return the part name that relationship part ``rels`` points to for ``kind``."""
    if rels not in parts:
        return None
    from lxml import etree

    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        root = etree.fromstring(parts[rels], parser)
    except Exception:
        return None
    for rel in root.iter(_REL):
        if rel.get("Type", "").endswith(kind) and rel.get("TargetMode") != "External":
            target = rel.get("Target", "")
            name = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            return posixpath.normpath(name)
    return None


class _Writer:
    """Turn the body of a Word document into lines, numbering lists as Word prints them."""

    def __init__(self, label: str, namespace: str, numbering, styles) -> None:
        self.label, self.size = label, 0
        self.w = w = "{" + namespace + "}"
        self.numbering = Numbering(w, numbering, styles)
        self.p, self.tbl, self.tr, self.tc = w + "p", w + "tbl", w + "tr", w + "tc"
        self.skip = {w + t for t in ("pPr", "rPr", "sectPr", "tblPr", "tblGrid", "trPr", "tcPr",
                                     "del", "moveFrom", "sdtPr", "sdtEndPr", "tblPrEx")}
        self.skip.add(_MC + "Fallback")
        self.text = {w + "t": None, w + "tab": "\t", w + "ptab": "\t", w + "br": "\n",
                     w + "cr": "\n", w + "noBreakHyphen": "-", w + "softHyphen": "\u00ad",
                     _MATH_T: None}
        self.box, self.br = w + "txbxContent", w + "br"

    def blocks(self, parent, lines: list[str]) -> None:
        """Append the lines of the paragraphs and tables inside ``parent`` to ``lines``."""
        for child in parent:
            tag = child.tag
            if not isinstance(tag, str) or tag in self.skip:
                continue
            if tag == self.p:
                self.paragraph(child, lines)
            elif tag == self.tbl:
                self.table(child, lines)
            else:  # content controls, custom XML, tracked insertions, mc:Choice ...
                self.blocks(child, lines)

    def paragraph(self, p, lines: list[str]) -> None:
        """Append the paragraph as one line (its list number first), then its text boxes."""
        parts: list[str] = []
        boxes: list = []
        self.runs(p, parts, boxes)
        label, separator = self.numbering.label(p)
        line = label + separator + "".join(parts) if label else "".join(parts)
        self.size += len(line) + 1
        if self.size > MAX_TEXT:
            raise UnreadableDocument(
                f"Het bestand '{self.label}' is te groot (meer dan {MAX_TEXT // 10**6} miljoen "
                "tekens); bewaar alleen de vraag en het antwoord in een apart bestand."
            )
        lines.append(line)
        for box in boxes:
            self.blocks(box, lines)

    def runs(self, parent, parts: list[str], boxes: list) -> None:
        """Append the text of the runs inside ``parent``; collect text boxes in ``boxes``."""
        for child in parent:
            tag = child.tag
            if not isinstance(tag, str) or tag in self.skip:
                continue
            if tag in self.text:
                value = self.text[tag]
                if value is None:
                    value = child.text or ""
                elif tag == self.br and child.get(self.w + "type") not in (None, "textWrapping"):
                    value = ""  # page and column breaks print no character (as python-docx)
                parts.append(value)
            elif tag == self.box:
                boxes.append(child)
            else:
                self.runs(child, parts, boxes)

    def table(self, tbl, lines: list[str]) -> None:
        """Append one line per table row, the cells joined with " | "."""
        for row in self._children(tbl, self.tr):
            cells = []
            for cell in self._children(row, self.tc):
                inner: list[str] = []
                self.blocks(cell, inner)
                cells.append(" ".join(line for line in inner if line.strip()).replace("\n", " "))
            if any(cell.strip() for cell in cells):
                lines.append(" | ".join(cells))

    def _children(self, parent, tag: str):
        """Yield the ``tag`` children of ``parent``, looking inside content controls."""
        for child in parent:
            if child.tag == tag:
                yield child
            elif isinstance(child.tag, str) and child.tag not in self.skip:
                yield from self._children(child, tag)
