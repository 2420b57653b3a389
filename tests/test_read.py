"""Tests of pqassist.read.document: real .txt, .pdf and .docx files, good and bad, no mocks.

The fixtures in tests/fixtures/read/ are made by make_fixtures.py there; zip bombs and
other large or throw-away inputs are made here in tmp_path.
"""

from __future__ import annotations

import difflib
import importlib.util
import io
import random
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import need
from pqassist.read import document as read_module
from pqassist.errors import UnreadableDocument
from pqassist.read.document import SUPPORTED, UNNAMED, Document, read_document, read_text

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "read"


def _load_maker():
    spec = importlib.util.spec_from_file_location("make_read_fixtures", FIXTURES / "make_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


mf = _load_maker()
EXPECTED = "\n".join(mf.expected_lines())


def squash(text: str) -> str:
    return " ".join(text.split())


# --- good documents -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["vraag-utf8.txt", "vraag-cp1252.txt"])
def test_txt_is_decoded_and_kept_as_is(name):
    document = read_document(FIXTURES / name)
    assert document == Document(text=EXPECTED + "\n", name=name, kind="txt", pages=1)


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: b"\xef\xbb\xbf" + t.replace("\n", "\r\n").encode("utf-8"),
        lambda t: t.encode("utf-16"),  # Notepad's "Unicode", with a BOM
        lambda t: t.encode("cp1252"),
    ],
    ids=["utf8-bom-crlf", "utf16", "cp1252"],
)
def test_txt_encodings_and_line_ends(tmp_path, encode):
    path = tmp_path / "antwoord.txt"
    path.write_bytes(encode("Vraag 1\nIs het “fietssnelweg” of café? € 5\n\fpagina 2\n"))
    assert read_text(path) == "Vraag 1\nIs het “fietssnelweg” of café? € 5\n\fpagina 2\n"


def test_docx_renders_numbering_and_table_in_order():
    document = read_document(FIXTURES / "vraag.docx")
    assert (document.kind, document.pages, document.name) == ("docx", 1, "vraag.docx")
    assert document.text == EXPECTED
    assert "1. Hoeveel kilometer" in document.text and "a) Graag een overzicht" in document.text
    assert "Antwerpen | 52 | 61.400.000" in document.text


def test_pdf_has_pages_joined_by_form_feed():
    document = read_document(FIXTURES / "vraag.pdf")
    assert (document.kind, document.pages) == ("pdf", 3)
    assert document.text.count("\f") == 2
    pdf_words = squash(document.text)
    for line in ("1. Hoeveel kilometer fietssnelweg", "a) Graag een overzicht per provincie.",
                 "3. Daarover worden geen prognoses bijgehouden.", "Antwerpen 52 61.400.000"):
        assert line in pdf_words
    ratio = difflib.SequenceMatcher(None, pdf_words, squash(EXPECTED.replace(" | ", " "))).ratio()
    assert ratio > 0.97


def test_pdf_with_owner_password_only_opens():
    assert read_text(FIXTURES / "alleen-eigenaar.pdf") == read_text(FIXTURES / "vraag.pdf")


def test_aes_encrypted_pdf_with_empty_password_opens():
    need(importlib.util.find_spec("cryptography") is not None,
         "cryptography is not installed (pip install 'pypdf[crypto]'); AES PDFs need it")
    pdf = (FIXTURES / "vraag.pdf").read_bytes()
    assert read_text(mf.encrypt(pdf, "", "AES-256"), name="x.pdf") == read_text(pdf, name="x.pdf")
    with pytest.raises(UnreadableDocument, match="beveiligd met een wachtwoord"):
        read_document(mf.encrypt(pdf, "geheim", "AES-128"), name="x.pdf")


def test_bytes_are_sniffed_and_named():
    for fixture, kind in (("vraag.pdf", "pdf"), ("vraag.docx", "docx"), ("vraag-utf8.txt", "txt")):
        data = (FIXTURES / fixture).read_bytes()
        unnamed = read_document(data)
        assert (unnamed.kind, unnamed.name) == (kind, UNNAMED)
        named = read_document(data, name="C:\\Users\\staf\\Downloads\\" + fixture)
        assert named.name == fixture and named.text == unnamed.text


def test_content_wins_over_a_wrong_extension(tmp_path):
    path = tmp_path / "antwoord.txt"
    path.write_bytes((FIXTURES / "vraag.pdf").read_bytes())
    assert read_document(path).kind == "pdf"
    assert read_document(b"gewone tekst", name="Antwoord op vraag nr. 262").kind == "txt"
    renamed = read_document((FIXTURES / "vraag.docx").read_bytes(), name="vraag.doc")
    assert renamed.kind == "docx" and renamed.text == EXPECTED


def test_import_is_cheap():
    code = ("import sys, pqassist.read.document; "
            "print([m for m in ('pypdf', 'docx', 'lxml') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_supported_extensions():
    assert SUPPORTED == (".txt", ".pdf", ".docx")


# --- Word numbering ---------------------------------------------------------------------


def _numbered_docx(path, levels, paragraphs, *, extra_instances=(), style_items=()):
    """Write a .docx whose paragraphs (text, num_id, level) use list definition 90."""
    import docx

    document = docx.Document()
    mf.add_abstract_list(document, levels, abstract_id=90)
    mf.add_list_instance(document, 90, num_id=91)
    for num_id, restart in extra_instances:
        mf.add_list_instance(document, 90, num_id=num_id, restart=restart)
    for text, num_id, level in paragraphs:
        paragraph = document.add_paragraph(text)
        if num_id is not None:
            mf.number(paragraph, num_id, level)
    for text in style_items:
        document.add_paragraph(text, style="List Number")
    document.save(path)
    return read_text(path).split("\n")


def test_lower_levels_restart_and_instances_share_counters(tmp_path):
    lines = _numbered_docx(
        tmp_path / "lijst.docx",
        [("decimal", "%1."), ("lowerLetter", "%2)")],
        [("een", 91, 0), ("een a", 91, 1), ("een b", 91, 1), ("twee", 91, 0), ("twee a", 91, 1),
         ("los", None, 0), ("drie", 93, 0), ("opnieuw", 94, 0), ("opnieuw a", 94, 1)],
        extra_instances=[(93, False), (94, True)],
    )
    assert lines == ["1. een", "a) een a", "b) een b", "2. twee", "a) twee a", "los",
                     "3. drie", "1. opnieuw", "a) opnieuw a"]


def test_numbering_formats(tmp_path):
    lines = _numbered_docx(
        tmp_path / "formaten.docx",
        [("upperRoman", "%1."), ("decimal", "%1.%2"), ("lowerRoman", "(%3)"), ("bullet", "\uf0b7")],
        [("I", 91, 0), ("I.1", 91, 1), ("i", 91, 2), ("ii", 91, 2), ("punt", 91, 3),
         ("II", 91, 0), ("II.1", 91, 1)],
        style_items=["stijl een", "stijl twee"],
    )
    assert lines == ["I. I", "I.1 I.1", "(i) i", "(ii) ii", "\u2022 punt", "II. II", "II.1 II.1",
                     "1. stijl een", "2. stijl twee"]


def _package(document_xml: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    """Return a minimal .docx (zip) around ``document_xml``."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        )
        archive.writestr(
            "_rels/.rels",
            b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
            b'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            b'Target="word/document.xml"/></Relationships>',
        )
        if document_xml is not None:
            archive.writestr("word/document.xml", document_xml)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def test_docx_reads_content_controls_insertions_and_skips_deletions():
    body = (
        b"<w:p><w:r><w:t>Vraag 1</w:t></w:r></w:p>"
        b"<w:sdt><w:sdtPr><w:alias w:val='x'/></w:sdtPr><w:sdtContent>"
        b"<w:p><w:r><w:t xml:space='preserve'>In een </w:t></w:r><w:ins><w:r><w:t>veld</w:t></w:r></w:ins>"
        b"<w:del><w:r><w:delText>weg</w:delText></w:r></w:del><w:r><w:tab/><w:t>na tab</w:t><w:br/>"
        b"<w:t>regel 2</w:t></w:r></w:p></w:sdtContent></w:sdt>"
        b"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc>"
        b"<w:tc><w:p/></w:tc><w:tc><w:p><w:r><w:t>c</w:t></w:r></w:p></w:tc></w:tr>"
        b"<w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>"
    )
    xml = b"<?xml version='1.0'?><w:document " + W + b"><w:body>" + body + b"</w:body></w:document>"
    assert read_text(_package(xml), name="x.docx") == "Vraag 1\nIn een veld\tna tab\nregel 2\na b |  | c"


# --- bad documents ------------------------------------------------------------------------


def _stream(content: bytes, extra: bytes = b"") -> bytes:
    packed = zlib.compress(content, 9)
    head = b"<< /Length %d /Filter /FlateDecode%s >>\nstream\n" % (len(packed), extra)
    return head + packed + b"\nendstream"


def _content_pdf(content: bytes, form: bytes | None = None) -> bytes:
    """Return a one-page PDF drawing ``content`` with Helvetica; ``form`` is XObject /X1."""
    resources = b"<< /Font << /F1 3 0 R >> /XObject << /X1 6 0 R >> >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources %s /Contents 5 0 R >>"
        % resources,
        _stream(content),
        _stream(form or b"", b" /Type /XObject /Subtype /Form /BBox [0 0 9 9] /Resources " + resources),
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _bomb_one_part(tmp_path) -> Path:
    """Return a .docx whose document.xml unpacks to 300 MB of spaces (a few hundred KB)."""
    path = tmp_path / "bom.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            chunk = b" " * 2**20
            for _ in range(300):
                part.write(chunk)
    return path


def _bomb_many_parts(tmp_path) -> Path:
    """Return a .docx of 250 parts of 1 MB each: small ratios, 250 MB in total."""
    path = tmp_path / "veel.docx"
    chunk = b"\0" * 2**20
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("word/document.xml", b"<w:document/>")
        for index in range(250):
            archive.writestr(f"word/media/image{index}.bin", chunk)
    return path


def _junk(size: int = 4096) -> bytes:
    return random.Random(262).randbytes(size)


def _write(tmp_path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


BAD = {
    # id: (make(tmp_path) -> path, words the message holds)
    "password": (lambda t: FIXTURES / "wachtwoord.pdf", "beveiligd met een wachtwoord"),
    "scanned": (lambda t: FIXTURES / "scan.pdf", "OCR"),
    "truncated": (lambda t: FIXTURES / "afgebroken.pdf", "onvolledige PDF"),
    "corrupt-pdf": (lambda t: _write(t, "kapot.pdf", b"%PDF-1.7\n" + _junk() + b"\n%%EOF\n"),
                    "beschadigde"),
    "pdf-not-pdf": (lambda t: _write(t, "nep.pdf", b"<html>niet gevonden</html>"), "geen PDF"),
    "complex-page": (lambda t: _write(t, "zwaar.pdf", _content_pdf(b"0 0 m 1 1 l S\n" * 500_000)),
                     "te complex"),
    "xxe": (lambda t: FIXTURES / "xxe.docx", "DOCTYPE"),
    "billion-laughs": (lambda t: FIXTURES / "lachsalvo.docx", "ENTITY"),
    "zip-bomb": (_bomb_one_part, "zipbom"),
    "zip-bomb-total": (_bomb_many_parts, "zipbom"),
    "docx-not-zip": (lambda t: _write(t, "tekst.docx", b"Dit is gewone tekst."), "geen geldig Word"),
    "docx-no-document": (lambda t: _write(t, "leeg-pakket.docx", _package(None)), "word/document.xml"),
    "docx-bad-xml": (lambda t: _write(t, "stuk.docx", _package(b"<w:document><w:body>")), "ongeldige XML"),
    "docx-no-text": (lambda t: _write(t, "zonder.docx", _package(
        b"<w:document " + W + b"><w:body><w:p/></w:body></w:document>")), "geen tekst"),
    "docx-is-excel": (lambda t: _write(t, "blad.docx", _package(b"<workbook/>")), "geen Word-document"),
    "protected-docx": (lambda t: _write(t, "geheim.docx", bytes.fromhex("d0cf11e0a1b11ae1") + _junk()),
                       "wachtwoord"),
    "old-doc": (lambda t: _write(t, "oud.doc", bytes.fromhex("d0cf11e0a1b11ae1") + _junk()), ".docx"),
    "xyz": (lambda t: _write(t, "vraag.xyz", b"Vraag 1"), "'.xyz'"),
    "empty-xyz": (lambda t: _write(t, "leeg.xyz", b""), ".txt, .pdf of .docx"),
    "odt": (lambda t: _write(t, "vraag.odt", _package(None)), "'.odt'"),
    "junk-txt": (lambda t: _write(t, "ruis.txt", _junk()), "binaire inhoud"),
    "junk-no-extension": (lambda t: _write(t, "ruis", _junk()), "binaire inhoud"),
    "junk-docx": (lambda t: _write(t, "ruis.docx", _junk()), "geen geldig Word"),
    "junk-pdf": (lambda t: _write(t, "ruis.pdf", _junk()), "geen PDF"),
    "control-chars": (lambda t: _write(t, "stuur.txt", bytes(range(1, 32)) * 20), "binaire inhoud"),
    "empty-txt": (lambda t: _write(t, "leeg.txt", b""), "is leeg"),
    "empty-pdf": (lambda t: _write(t, "leeg.pdf", b""), "is leeg"),
    "empty-docx": (lambda t: _write(t, "leeg.docx", b""), "is leeg"),
    "whitespace": (lambda t: _write(t, "wit.txt", b" \r\n\t \n"), "is leeg"),
    "whitespace-utf16": (lambda t: _write(t, "wit16.txt", "  \n ".encode("utf-16")), "is leeg"),
    "missing": (lambda t: t / "bestaat-niet.pdf", "bestaat niet"),
    "directory": (lambda t: t, "is een map"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_raises_one_quick_line_naming_the_file(tmp_path, case):
    make, words = BAD[case]
    path = make(tmp_path)
    started = time.monotonic()
    with pytest.raises(UnreadableDocument) as caught:
        read_document(path)
    elapsed = time.monotonic() - started
    message = str(caught.value)
    print(f"{case}: {elapsed * 1000:.0f} ms: {message}")
    assert elapsed < 5
    assert "\n" not in message and "\r" not in message
    assert f"'{path.name}'" in message
    assert words in message
    assert str(path.parent) not in message


def test_too_many_pages():
    with pytest.raises(UnreadableDocument, match=r"telt 3 pagina's, meer dan de 2"):
        read_document(FIXTURES / "vraag.pdf", max_pages=2)


def test_time_budget_stops_a_slow_page(tmp_path, monkeypatch):
    monkeypatch.setattr(read_module, "PDF_SECONDS", 0.05)
    slow = _content_pdf(b"BT /F1 9 Tf " + b"1 0 Td (x) Tj " * 60_000 + b"ET")
    started = time.monotonic()
    with pytest.raises(UnreadableDocument, match="te complex"):
        read_document(slow, name="traag.pdf")
    assert time.monotonic() - started < 5


def test_time_budget_stops_a_form_drawn_thousands_of_times(monkeypatch):
    monkeypatch.setattr(read_module, "PDF_SECONDS", 0.5)
    form = b"BT /F1 9 Tf " + b"1 0 Td (woord woord woord woord) Tj " * 20_000 + b"ET"
    started = time.monotonic()
    with pytest.raises(UnreadableDocument, match="te complex"):
        read_document(_content_pdf(b"/X1 Do " * 3000, form), name="herhaald.pdf")
    assert time.monotonic() - started < 5


def test_list_numbers_cannot_multiply_the_text():
    level = (b"<w:lvl w:ilvl='0'><w:numFmt w:val='decimal'/><w:lvlText w:val='"
             + bytes(random.Random(1).choices(b"abcdefghij0123456789", k=2**20)) + b"'/></w:lvl>")
    numbering = (b"<w:numbering " + W + b"><w:abstractNum w:abstractNumId='1'>" + level
                 + b"</w:abstractNum><w:num w:numId='1'><w:abstractNumId w:val='1'/></w:num></w:numbering>")
    paragraph = b"<w:p><w:pPr><w:numPr><w:numId w:val='1'/></w:numPr></w:pPr></w:p>"
    document = b"<w:document " + W + b"><w:body>" + paragraph * 12_000 + b"</w:body></w:document>"
    started = time.monotonic()
    with pytest.raises(UnreadableDocument, match="te groot"):
        read_document(_package(document, {"word/numbering.xml": numbering}), name="lijst.docx")
    assert time.monotonic() - started < 5


def test_page_error_names_the_page():
    broken = _content_pdf(b"BT /F1 9 Tf (x) Tj ET").replace(b"/Contents 5 0 R", b"/Contents 9 0 R")
    with pytest.raises(UnreadableDocument, match="'los.pdf' kan niet gelezen worden: pagina 1 is"):
        read_document(broken, name="los.pdf")


def test_messages_name_bytes_by_their_name():
    with pytest.raises(UnreadableDocument, match="'naamloos document' is leeg"):
        read_document(b"")
    with pytest.raises(UnreadableDocument, match=r"'rare\?naam\.pdf'"):
        read_document(b"", name="/tmp/rare\nnaam.pdf")


# --- property tests ---------------------------------------------------------------------

NAMES = st.tuples(
    st.text(min_size=0, max_size=12), st.sampled_from(SUPPORTED + (".doc", ".xyz", ""))
).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=2048), name=NAMES)
def test_random_bytes_raise_only_unreadable_document(data, name):
    _only_unreadable(data, name)


@settings(max_examples=200, deadline=None)
@given(body=st.binary(max_size=1024), header=st.sampled_from([b"%PDF-1.4\n", b"%PDF-1.7\n%\xe2\xe3\n"]))
def test_random_pdf_bodies_raise_only_unreadable_document(body, header):
    _only_unreadable(header + body + b"\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n", "x.pdf")


@settings(max_examples=200, deadline=None)
@given(xml=st.binary(max_size=512))
def test_random_docx_parts_raise_only_unreadable_document(xml):
    _only_unreadable(_package(xml, {"word/numbering.xml": xml}), "x.docx")


ATTRIBUTE = st.sampled_from(["0", "1", "2", "8", "-1", "x", "", "99999999999999999999"])
LEVEL = st.builds(
    lambda ilvl, start, fmt, text, restart: (
        f"<w:lvl w:ilvl='{ilvl}'><w:start w:val='{start}'/><w:numFmt w:val='{fmt}'/>"
        f"<w:lvlText w:val='{text}'/><w:lvlRestart w:val='{restart}'/></w:lvl>"
    ),
    ATTRIBUTE, ATTRIBUTE,
    st.sampled_from(["decimal", "lowerLetter", "upperRoman", "bullet", "none", "decimalZero", "??"]),
    st.text(alphabet="%123459.)(a ", max_size=12), ATTRIBUTE,
)
PARAGRAPH = st.builds(
    lambda num, ilvl, text: (
        f"<w:p><w:pPr><w:numPr><w:ilvl w:val='{ilvl}'/><w:numId w:val='{num}'/></w:numPr></w:pPr>"
        f"<w:r><w:t>{text}</w:t></w:r></w:p>"
    ),
    ATTRIBUTE, ATTRIBUTE, st.text(alphabet="abc <>&;", max_size=8),
)


@settings(max_examples=200, deadline=None)
@given(
    levels=st.lists(LEVEL, max_size=4),
    overrides=st.lists(st.tuples(ATTRIBUTE, ATTRIBUTE), max_size=2),
    paragraphs=st.lists(PARAGRAPH, max_size=12),
)
def test_random_numbering_raises_only_unreadable_document(levels, overrides, paragraphs):
    nums = "".join(
        f"<w:num w:numId='{i}'><w:abstractNumId w:val='1'/><w:lvlOverride w:ilvl='{ilvl}'>"
        f"<w:startOverride w:val='{start}'/></w:lvlOverride></w:num>"
        for i, (ilvl, start) in enumerate([("0", "1")] + overrides, 1)
    )
    numbering = (f"<w:numbering {W.decode()}><w:abstractNum w:abstractNumId='1'>"
                 f"{''.join(levels)}</w:abstractNum>{nums}</w:numbering>")
    document = f"<w:document {W.decode()}><w:body>{''.join(paragraphs)}</w:body></w:document>"
    _only_unreadable(
        _package(document.encode(), {"word/numbering.xml": numbering.encode()}), "lijst.docx"
    )


def _only_unreadable(data: bytes, name: str) -> None:
    try:
        document = read_document(data, name=name)
    except UnreadableDocument as exc:
        assert "\n" not in str(exc)
    else:
        assert document.kind in ("txt", "pdf", "docx") and document.text.strip()


# --- the corpus -------------------------------------------------------------------------


@pytest.mark.corpus
def test_corpus_pdfs_match_their_text(corpus, capsys):
    pdfs = sorted((corpus / "tweede-kamer" / "pdf").glob("*.pdf"))
    assert len(pdfs) == 21
    ratios = []
    for pdf in pdfs:
        started = time.perf_counter()
        document = read_document(pdf)
        elapsed = (time.perf_counter() - started) * 1000
        reference = (corpus / "tweede-kamer" / "txt" / f"tk_{pdf.stem}.txt").read_text("utf-8")
        ratio = difflib.SequenceMatcher(
            None, document.text.split(), reference.split(), autojunk=False
        ).ratio()
        ratios.append(ratio)
        with capsys.disabled():
            print(f"{pdf.name}: {document.pages} p, {elapsed:.0f} ms, similarity {ratio:.4f}")
        assert document.kind == "pdf" and document.text.count("\f") == document.pages - 1
        assert ratio > 0.98
    assert sum(ratios) / len(ratios) > 0.99
