"""The files of the outputs (roadmap/aineistot/): their type read from the content, their size
and their text, which the privacy and credential check reads like any YAML value.

Each file is named in an output's `aineistot` list. Its type comes from its bytes (a PDF's
header, the parts inside an OpenDocument or Office Open XML zip, UTF-8 text), and must be the
type its name says; a well-kept library per format then reads its text (pypdf, odfdo,
python-docx, python-pptx, openpyxl). The check reads more than the page shows: everything the
file carries is published with it, so its properties (author, comments …) and, in an office
file, the text of every part (headers, footers, comments, notes) are checked too. A file that
could run or fetch something is refused: a PDF with a script, a launch action or an embedded
file; an office file with macros, embedded objects, ActiveX controls, a template or other part
fetched from the network, or a part the check cannot read (neither text nor a known picture).
Reading a large document takes a while, so the texts are kept in .cache/aineistot/ by the file's
SHA-256 and the readers' versions: a rebuild reads only new or changed files.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import zipfile
import zlib
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

FOLDER = "aineistot"  # under roadmap/
# The largest file an output may carry. A knowledge bank's documents are reports and slide
# decks; a larger file is most likely a scan or a video, which belongs elsewhere.
MAX_BYTES = 20 * 1024 * 1024
# The most an OpenDocument or Office file (a zip) may unpack to: a small file that unpacks to
# gigabytes (a zip bomb) would stop the build for everyone.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
# The most text of one document that goes on its output's page (and so into the search); the
# whole text is checked for personal data and credentials all the same.
PAGE_TEXT_MAX_CHARS = 30_000
# Bumped when the way text is read changes: the cached texts of older readers are not used.
_READER_VERSION = 15
_READERS = ("pypdf", "odfdo", "python-docx", "python-pptx", "openpyxl")


@dataclass(frozen=True)
class Format:
    key: str  # the file name's ending, without the dot
    label: str  # shown on the page, e.g. "PDF"
    media_type: str


FORMATS = {
    f.key: f
    for f in (
        Format("pdf", "PDF", "application/pdf"),
        Format("odt", "ODT", "application/vnd.oasis.opendocument.text"),
        Format("ods", "ODS", "application/vnd.oasis.opendocument.spreadsheet"),
        Format("odp", "ODP", "application/vnd.oasis.opendocument.presentation"),
        Format("docx", "DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        Format("xlsx", "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        Format("pptx", "PPTX", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
        Format("txt", "teksti", "text/plain"),
    )
}
_ODF_TYPES = {FORMATS[key].media_type: key for key in ("odt", "ods", "odp")}
# The main part of each Office Open XML type: [Content_Types].xml says the same, but a file
# whose main part is missing cannot be read as that type anyway.
_OOXML_PARTS = {"word/document.xml": "docx", "xl/workbook.xml": "xlsx", "ppt/presentation.xml": "pptx"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class MaterialFile:
    """A material file as read: what the output page shows of it and the text it adds."""

    path: str  # under roadmap/aineistot/, as written in the YAML file
    format: Format
    size: int  # bytes
    sha256: str
    text: str  # the whole text read from the file
    unshown_text: str = ""  # what else the file carries (properties, headers …): checked, not shown

    @property
    def page_text(self) -> str:
        return self.text[:PAGE_TEXT_MAX_CHARS]

    @property
    def text_shortened(self) -> bool:
        return len(self.text) > PAGE_TEXT_MAX_CHARS


class MaterialError(Exception):
    """A file that cannot be published; the message is Finnish, for the editor."""


class LocatedPicture(Exception):  # noqa: N818 - what was found, not a failure of the reader
    """A picture inside a document carries the coordinates of a place (tiekartta.model.pictures)."""


def format_of_name(name: str) -> Format | None:
    return FORMATS.get(name.rpartition(".")[2].lower()) if "." in name else None


def sniff(data: bytes) -> str | None:
    """The type of a file from its content: a key of FORMATS, or None when it is none of them."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                if "mimetype" in names:
                    return _ODF_TYPES.get(archive.read("mimetype").decode("ascii", "replace").strip())
                if "[Content_Types].xml" in names:
                    return next((key for part, key in _OOXML_PARTS.items() if part in names), None)
        except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, NotImplementedError, EOFError, zlib.error):
            return None  # not a readable zip (also a part whose packed data is damaged)
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    return None if _CONTROL.search(text) else "txt"


def read_material(path: Path, shown_path: str, cache_folder: Path | None) -> MaterialFile:
    """Check and read one file. Raises MaterialError (Finnish) when it cannot be published."""
    expected = format_of_name(path.name)
    if expected is None:
        raise MaterialError(
            f"Tiedoston {shown_path} tyyppiä ei sallita. Sallitut tiedostot: "
            f"{', '.join('.' + key for key in FORMATS)}."
        )
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise MaterialError(
            f"Tiedosto {shown_path} on liian suuri ({file_size(size)}); enimmäiskoko on {file_size(MAX_BYTES)}. "
            "Pienennä tiedostoa (esim. tallenna PDF pienemmillä kuvilla) tai julkaise se muualla ja lisää linkki."
        )
    data = path.read_bytes()
    if not data:
        raise MaterialError(
            f"Tiedosto {shown_path} on tyhjä (0 tavua). Lisää tiedostoon sen sisältö tai poista tiedosto "
            "ja sen rivi tuotoksen kentästä aineistot."
        )
    unpacked = _unpacked_size(data)
    if unpacked > MAX_UNPACKED_BYTES:
        raise MaterialError(
            f"Tiedosto {shown_path} purkautuu {file_size(unpacked)}:n kokoiseksi; enintään sallitaan "
            f"{file_size(MAX_UNPACKED_BYTES)}. Tallenna tiedosto uudelleen ilman upotettuja suuria kuvia tai tiedostoja."
        )
    found = sniff(data)
    if found != expected.key:
        what = f"sen sisältö on {FORMATS[found].label}-tiedosto" if found else "sen sisältö ei ole mikään sallituista tyypeistä"
        raise MaterialError(
            f"Tiedoston {shown_path} nimi sanoo {expected.label}, mutta {what}. "
            "Tallenna tiedosto oikeassa muodossa tai anna sille sisältöä vastaava pääte."
        )
    digest = hashlib.sha256(data).hexdigest()
    texts = _cached_texts(cache_folder, digest)
    if texts is None:
        try:
            if expected.key == "pdf":
                unshown, active = "\n".join(_pdf_unshown(data)), _pdf_active_content(data)
            elif expected.key == "txt":
                unshown, active = "", None
            else:
                unshown, active = _office_unshown(data)
            texts = ("" if active else _normalise(_READ[expected.key](data))), unshown
        except LocatedPicture:
            raise MaterialError(
                f"Tiedostossa {shown_path} on kuva, jonka tiedoissa on paikan sijainti (GPS-koordinaatit). Se "
                "julkaistaisiin tiedoston mukana ja voi paljastaa esimerkiksi kodin tai asiakaskäynnin paikan. "
                "Poista kuvan sijaintitiedot (tai lisää kuva asiakirjaan uudelleen ilman niitä) ja tallenna tiedosto."
            ) from None
        except Exception as error:  # noqa: BLE001 - any reader failure is a broken or protected file
            raise MaterialError(
                f"Tiedoston {shown_path} tekstiä ei voitu lukea ({type(error).__name__}). Tiedosto voi olla "
                "vioittunut tai salasanalla suojattu: tallenna se uudelleen ilman suojausta."
            ) from None
        if active and expected.key == "pdf":
            raise MaterialError(
                f"PDF-tiedostossa {shown_path} on {active}, jonka PDF-lukija voisi avata tai suorittaa. "
                "Tallenna tiedosto uudelleen tavallisena PDF:nä (esim. tulosta PDF-tiedostoksi)."
            )
        if active:
            raise MaterialError(
                f"Tiedostossa {shown_path} on {active}. Toimisto-ohjelma voisi suorittaa sen tai hakea sen "
                "verkosta, tai tarkistus ei voi lukea sitä. Poista makrot, upotetut tiedostot ja oliot, ulkoiset "
                "mallit sekä linkitetyt kentät ja kaavat (DDE, INCLUDEPICTURE, WEBSERVICE) ja tallenna tiedosto "
                "uudelleen tavallisena asiakirjana (esim. .docx, .xlsx, .pptx tai .odt) tai PDF:nä."
            )
        _keep_texts(cache_folder, digest, *texts)
    return MaterialFile(shown_path, expected, size, digest, *texts)


def _unpacked_size(data: bytes) -> int:
    """What a zip says its parts unpack to (0 for anything else); the readers unpack only those."""
    if not data.startswith(b"PK\x03\x04"):
        return 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError):
        return 0  # not a readable zip: the type check says so


def file_size(size: int) -> str:
    """Size in Finnish form: '1,2 Mt', '340 kt', '512 t' (1 kt = 1,024 bytes)."""
    if size < 1024:
        return f"{size} t"
    if size < 1024 * 1024:
        return f"{_decimal(size / 1024)} kt"
    return f"{_decimal(size / (1024 * 1024))} Mt"


def _decimal(value: float) -> str:
    text = f"{value:.1f}" if value < 10 else f"{value:.0f}"
    return text.replace(".", ",").removesuffix(",0")


def _normalise(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# --- The cache of texts read -------------------------------------------------------------------


@cache
def _readers_key() -> str:
    versions = []
    for name in _READERS:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=-")
    return hashlib.sha256(f"{_READER_VERSION};{';'.join(versions)}".encode()).hexdigest()[:16]


def _cache_file(folder: Path, digest: str) -> Path:
    return folder / f"{digest}-{_readers_key()}.json"


def _cached_texts(folder: Path | None, digest: str) -> tuple[str, str] | None:
    """The shown and the unshown text of a file read before (a file that failed is read again)."""
    if folder is None:
        return None
    try:
        kept = json.loads(_cache_file(folder, digest).read_text(encoding="utf-8"))
        text, unshown = kept["teksti"], kept["muu_teksti"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return (text, unshown) if isinstance(text, str) and isinstance(unshown, str) else None


def _keep_texts(folder: Path | None, digest: str, text: str, unshown: str) -> None:
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target = _cache_file(folder, digest)
        partial = target.with_suffix(f".{os.getpid()}.osa")
        partial.write_text(json.dumps({"teksti": text, "muu_teksti": unshown}, ensure_ascii=False), encoding="utf-8")
        partial.replace(target)
    except OSError:
        return  # a read-only project reads its files again next time


# --- One reader per format ---------------------------------------------------------------------


def _pdf(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        raise ValueError("encrypted")
    return "\n\n".join(page.extract_text() or "" for page in reader.pages)


def _odf(data: bytes) -> str:
    from odfdo import Document

    document = Document(io.BytesIO(data))
    return "\n".join(element.text_recursive for element in _odf_blocks(document.body))


def _odf_blocks(body):
    """Paragraphs and headings of text documents, the cells of spreadsheets (as paragraphs in
    them) and the text boxes of slides: each one block of text, in document order."""
    return body.get_elements("descendant::text:h | descendant::text:p[not(ancestor::text:p)]")


def _docx(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" ".join(dict.fromkeys(cell.text for cell in row.cells)))
    return "\n".join(parts)


def _pptx(data: bytes) -> str:
    from pptx import Presentation

    parts = []
    for slide in Presentation(io.BytesIO(data)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if getattr(shape, "has_table", False) and shape.has_table:
                parts.extend(" ".join(cell.text for cell in row.cells) for row in shape.table.rows)
        if slide.has_notes_slide:
            parts.append(slide.notes_slide.notes_text_frame.text)
        parts.append("")
    return "\n".join(parts)


def _xlsx(data: bytes) -> str:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        parts = []
        for sheet in workbook.worksheets:
            parts.append(sheet.title)
            for row in sheet.iter_rows(values_only=True):
                cells = [str(value) for value in row if value is not None]
                if cells:
                    parts.append(" ".join(cells))
            parts.append("")
        return "\n".join(parts)
    finally:
        workbook.close()


def _txt(data: bytes) -> str:
    return data.decode("utf-8-sig")


_READ = {"pdf": _pdf, "odt": _odf, "ods": _odf, "odp": _odf, "docx": _docx, "xlsx": _xlsx, "pptx": _pptx, "txt": _txt}


# --- What a file carries besides its shown text -------------------------------------------------


# Pictures an office file may hold, by their first bytes: pictures pasted in, a document's
# thumbnail, the drawings (metafiles) Office keeps of pasted drawings and LibreOffice of charts.
_PICTURE_STARTS = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")
_METAFILE_STARTS = (b"\xd7\xcd\xc6\x9a", b"\x01\x00\x09\x00", b"\x02\x00\x09\x00", b"VCLMTF")  # WMF, SVM
# Binary parts that office programs write into ordinary documents, read for their strings: the
# printer's settings Excel and PowerPoint keep (a Windows DEVMODE, python-pptx's own template has
# one) and the layout cache LibreOffice Writer keeps.
_KNOWN_BINARY = re.compile(r"(?:word|xl|ppt)/printerSettings/printerSettings\d+\.bin|layout-cache")
# What in an Office Open XML file runs or fetches something: parts by name, content types in
# [Content_Types].xml, relationship types (a relationship to outside the file is allowed only
# for a hyperlink), and elements.
_OOXML_ACTIVE_PARTS = (("vbaproject", "VBA-makro"), ("vbadata", "VBA-makro"), ("/embeddings/", "upotettu tiedosto tai olio"),
                       ("/activex/", "ActiveX-ohjausobjekti"))
_OOXML_ACTIVE_TYPES = (("vbaproject", "VBA-makro"), ("macroenabled", "makroja sallivan tiedoston osa"),
                       ("ms-office.activex", "ActiveX-ohjausobjekti"), ("oleobject", "upotettu OLE-olio"))
_OOXML_ACTIVE_RELATIONSHIPS = (("/attachedtemplate", "ulkoinen asiakirjamalli"), ("/oleobject", "upotettu OLE-olio"),
                               ("/vbaproject", "VBA-makro"), ("/package", "upotettu tiedosto tai olio"),
                               ("/control", "ActiveX-ohjausobjekti"), ("/afchunk", "upotettu asiakirja"))
# An embedded document (altChunk: HTML, RTF, MHT or another document) is converted by Word when
# the file opens, with its own fields (an RTF's DDEAUTO, INCLUDEPICTURE) and pictures fetched from
# their addresses, none of which the checks of Word's own XML see.
_OOXML_ACTIVE_ELEMENTS = {"attachedtemplate": "ulkoinen asiakirjamalli", "oleobject": "upotettu OLE-olio",
                          "oleobj": "upotettu OLE-olio", "oleobjects": "upotettu OLE-olio",
                          "altchunk": "upotettu asiakirja",
                          # A mail merge's data source, which Word queries when the file opens (a
                          # connection string may lead to a server or a share: w:connectString).
                          "mailmerge": "joukkokirjeen tietolähde"}
# ... and in an OpenDocument file: macro folders, a script's binding, and any event bound to a
# macro or a script (a slide's click that only moves to another slide or plays a sound is no
# such event, nor an empty list of events).
_ODF_ACTIVE_FOLDERS = ("Basic/", "Scripts/")
# Excel 4.0 macro sheets run like VBA macros, whatever the file's type says.
_OOXML_ACTIVE_PARTS += (("macrosheet", "Excel 4.0 -makro"), ("dialogsheet", "Excel 4.0 -makro"))
_OOXML_ACTIVE_TYPES += (("macrosheet", "Excel 4.0 -makro"), ("dialogsheet", "Excel 4.0 -makro"))
# Word's fields that start a program (DDE) or fetch a file or an address when the document is
# opened or updated; the instruction of a field is its first word, in any case.
_FETCHING_FIELDS = {"DDE", "DDEAUTO", "INCLUDEPICTURE", "INCLUDETEXT", "LINK", "IMPORT", "INCLUDE"}
# A spreadsheet's formulas that start a program or fetch something: a DDE reference
# (cmd|'/c calc'!A1, the bar outside quotes), and functions that call a program, a library or
# a server or fetch an address (Excel's, with or without the _xlfn. prefix, and LibreOffice's DDE).
_FETCHING_FORMULA = re.compile(r"\||\b(?:WEBSERVICE|RTD|CALL|REGISTER(?:\.ID)?|EXEC|IMAGE|DDE)\s*\(", re.IGNORECASE)
_FORMULA_QUOTED = re.compile(r'"(?:[^"]|"")*"|\'(?:[^\']|\'\')*\'')
# ... and the parts of an OpenDocument file that fetch or run something outside it: DDE links,
# linked sections and tables, plugins, applets and floating frames.
_ODF_FETCHING_ELEMENTS = {"dde-connection-decl", "dde-source", "dde-link", "section-source", "table-source",
                          "cell-range-source", "plugin", "applet", "floating-frame"}
# A spreadsheet's data connections, which Excel refreshes from a database, a web page or a file
# (also when the workbook opens), and the query tables they fill.
_OOXML_CONNECTIONS = {"dbPr", "webPr", "olapPr", "textPr", "queryTable"}
# A link of a picture or an object that leads out of the file: an address (a scheme other than
# LibreOffice's own) or a path that climbs out of it.
_OUTSIDE_HREF = re.compile(r"\s*(?:(?!vnd\.sun\.star\.)[a-z][a-z0-9+.-]*:|/|\\\\|\.\./)", re.IGNORECASE)
_OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_PRESENTATION_NS = "urn:oasis:names:tc:opendocument:xmlns:presentation:1.0"


def _office_unshown(data: bytes) -> tuple[str, str | None]:
    """The text an office file (a zip) carries besides what its page shows, and what in it cannot
    be published, in Finnish (None: nothing).

    Read: every XML part (read as bytes, so in the encoding it declares) with its comments and
    attribute values (properties, headers, footers, comments, tracked changes' authors, notes,
    links, the body again), each part twice, with its pieces joined as a reader sees them (a word
    split into runs is one word) and with each piece on a line of its own (one property does not
    run into the next); every text part; the strings of metafiles and printer settings; the
    metadata of pictures and anything after a PNG's, JPEG's or GIF's end; and the zip's comment. Refused: macros, embedded objects and files, ActiveX controls, a template or
    anything else fetched from outside the file (a hyperlink to a web page is no such thing; one to a file or a share is refused), events bound to a
    macro, and any part that is none of these readable kinds nor a PNG, JPEG or GIF picture."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    texts: list[str] = []
    refusal = None
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        texts.append(archive.comment.decode("utf-8", "replace"))
        texts.append("\n".join(archive.namelist()))  # a part's name is published too, read or not
        unlisted, refusal = _zip_unlisted_texts(data, archive)
        texts.extend(unlisted)
        names = archive.namelist()
        if len(set(names)) < len(names):
            twice = next(name for name in names if names.count(name) > 1)
            # Office programs never write two; a zip program unpacks both, the programs read one.
            refusal = refusal or f"kaksi osaa samalla nimellä '{twice}'"
        odf = "mimetype" in names
        # Each part as the directory lists it: of two parts with one name, the name alone would
        # give the last, and the first would be published unread.
        for info in archive.infolist():
            name = info.filename
            part = archive.read(info)
            refusal = refusal or _active_part(name, odf)
            if not part.strip():
                continue  # an empty part (or a folder) holds nothing (OpenDocument has some)
            try:
                root = etree.fromstring(part, parser)
            except (etree.XMLSyntaxError, ValueError):
                root = None
            if root is not None:
                texts.append(etree.tostring(root, method="text", encoding="unicode"))
                texts.append("\n".join(root.itertext()))
                texts.extend(str(node.text or "") for node in root.xpath("//comment() | //processing-instruction()"))
                texts.extend(value for element in root.iter() for value in element.attrib.values())
                refusal = refusal or _active_xml(name, root, odf)
                continue
            text = _decoded_text(part)
            if text is not None:
                texts.append(text)
            elif part.startswith(_METAFILE_STARTS) or part[40:44] == b" EMF" or _KNOWN_BINARY.fullmatch(name):
                texts.extend(_strings(part))
            elif part.startswith(_PICTURE_STARTS):
                texts.extend(_embedded_picture_texts(part))
            else:
                refusal = refusal or f"osa {name}, joka ei ole tekstiä eikä tunnettu kuva (PNG, JPEG, GIF)"
    return "\n".join(texts), refusal


def _zip_unlisted_texts(data: bytes, archive: zipfile.ZipFile) -> tuple[list[str], str | None]:
    """What a zip carries besides its parts' contents, which no office program shows but the file
    publishes: each part's own comment and extra fields, its name and extra fields as its local
    header has them (they need not be the directory's), and every byte that no part and not the
    directory holds (between the parts, after the end of the directory and its comment). A part
    there that the directory does not list is refused (in Finnish): it is packed, so its text
    cannot be read as it stands, and a program that reads a zip part by part unpacks it."""
    texts: list[str] = []
    held: list[tuple[int, int]] = []
    for info in archive.infolist():
        texts += [info.comment.decode("utf-8", "replace"), *_binary_texts(info.extra)]
        at = info.header_offset
        header = data[at:at + 30]
        if len(header) < 30 or not header.startswith(b"PK\x03\x04"):
            continue  # a part without its header cannot be read, and the bytes there are read below
        name_length, extra_length = int.from_bytes(header[26:28], "little"), int.from_bytes(header[28:30], "little")
        texts += _binary_texts(data[at + 30:at + 30 + name_length + extra_length])
        end = at + 30 + name_length + extra_length + info.compress_size
        if info.flag_bits & 0x08:  # a data descriptor after the data: checksum and sizes
            end += 16 if data[end:end + 4] == b"PK\x07\x08" else 12
        held.append((at, end))
    record = zipfile._EndRecData(io.BytesIO(data))  # noqa: SLF001 - where zipfile found the end record
    if record:
        held.append((archive.start_dir, record[zipfile._ECD_LOCATION] + 22 + record[zipfile._ECD_COMMENT_SIZE]))  # noqa: SLF001
    unheld = []
    at = 0
    for start, end in sorted(held):
        if start > at:
            unheld.append(data[at:start])
        at = max(at, end)
    if at < len(data):
        unheld.append(data[at:])
    texts += [text for part in unheld for text in _binary_texts(part)]
    refusal = "osa, jota tiedoston sisällysluettelo ei mainitse" if any(b"PK\x03\x04" in part for part in unheld) else None
    return texts, refusal


def _binary_texts(data: bytes) -> list[str]:
    return [data.decode("utf-8", "replace"), *_strings(data)] if data else []


def _embedded_picture_texts(data: bytes) -> list[str]:
    """The text a picture inside a document carries: its metadata (tiekartta.model.pictures) and
    anything after its end."""
    from PIL import Image

    from .pictures import has_location, picture_end, picture_texts, segment_texts

    try:
        with Image.open(io.BytesIO(data)) as picture:
            texts, kind, located = picture_texts(picture), picture.format, has_location(picture)
            texts += segment_texts(kind, data)
    except Exception:  # noqa: BLE001 - a picture Pillow cannot open is read for its runs of text
        return _strings(data)
    if located:
        raise LocatedPicture
    end = picture_end(kind, data) if kind in ("PNG", "JPEG", "GIF") else None
    if end is not None and end < len(data):
        texts += [data[end:].decode("utf-8", "replace"), *_strings(data[end:])]
    return texts


def _active_part(name: str, odf: bool) -> str | None:
    if odf:
        return f"makro (osa {name})" if name.startswith(_ODF_ACTIVE_FOLDERS) else None
    lowered = "/" + name.lower()
    found = next((what for mark, what in _OOXML_ACTIVE_PARTS if mark in lowered), None)
    if found:
        return f"{found} (osa {name})"
    if lowered.endswith(".bin") and not _KNOWN_BINARY.fullmatch(name):
        return f"binääriosa {name} (makro tai upotettu olio)"
    return None


def _active_xml(name: str, root, odf: bool) -> str | None:
    from lxml import etree

    if odf:
        for element in root.iter(etree.Element):
            name_of = etree.QName(element)
            if (name_of.localname == "script" and name_of.namespace == _OFFICE_NS) or (
                    name_of.localname == "event-listener" and (name_of.namespace != _PRESENTATION_NS
                                                               or element.get(f"{{{_PRESENTATION_NS}}}action") == "execute")):
                return f"tapahtumaan kytketty makro, skripti tai ohjelma (osa {name})"
            if name_of.localname in _ODF_FETCHING_ELEMENTS:
                return f"linkitetty osa, jonka ohjelma hakee tiedoston ulkopuolelta ({name_of.localname}, osa {name})"
            attributes = {etree.QName(key).localname: value for key, value in element.attrib.items()}
            if name_of.localname in ("image", "object", "object-ole") and _OUTSIDE_HREF.match(attributes.get("href", "")):
                return f"linkitetty kuva tai olio, jonka ohjelma hakee tiedoston ulkopuolelta (osa {name})"
            if name_of.localname == "a" and not (attributes.get("href", "").startswith("#")
                                                 or _LINK_SCHEMES.match(attributes.get("href", ""))):
                return f"linkki tiedostoon tai ohjelmaan eikä verkkosivulle (osa {name})"
            if _fetching_formula(attributes.get("formula", "")):
                return f"kaava, joka käynnistää ohjelman tai hakee tietoa verkosta (osa {name})"
        return None
    if name == "[Content_Types].xml":
        for element in root.iter(etree.Element):
            kind = element.get("ContentType", "").lower()
            found = next((what for mark, what in _OOXML_ACTIVE_TYPES if mark in kind), None)
            if found:
                return f"{found} (sisältötyyppi {element.get('ContentType')})"
    for element in root.iter(etree.Element):
        local = etree.QName(element).localname
        if local == "Relationship":
            kind = element.get("Type", "").lower()
            found = next((what for mark, what in _OOXML_ACTIVE_RELATIONSHIPS if kind.endswith(mark)), None)
            if found:
                return f"{found} (osa {name})"
            if element.get("TargetMode", "").lower() == "external" and not kind.endswith("/hyperlink"):
                return f"ulkoinen osa, jonka ohjelma hakee tiedoston ulkopuolelta (osa {name}, tyyppi {kind.rpartition('/')[2]})"
            if element.get("TargetMode", "").lower() == "external" and not _LINK_SCHEMES.match(element.get("Target", "")):
                return f"linkki tiedostoon tai ohjelmaan eikä verkkosivulle (osa {name})"
        elif local.lower() in _OOXML_ACTIVE_ELEMENTS:
            return f"{_OOXML_ACTIVE_ELEMENTS[local.lower()]} (osa {name})"
        elif local in ("ddeLink", "oleLink"):
            return f"DDE- tai OLE-linkki, joka käynnistää ohjelman (osa {name})"
        elif local in _OOXML_CONNECTIONS and "spreadsheetml" in (etree.QName(element).namespace or ""):
            return f"tietoyhteys, jonka ohjelma hakee tietokannasta, verkosta tai tiedostosta (osa {name})"
        elif local in ("f", "definedName") and "spreadsheetml" in (etree.QName(element).namespace or ""):
            if _fetching_formula(element.text or ""):
                return f"kaava, joka käynnistää ohjelman tai hakee tietoa verkosta (osa {name})"
        elif local == "hlinkClick" and (element.get("action") or "").lower().startswith(
                ("ppaction://program", "ppaction://ole", "ppaction://macro")):
            return f"napsautukseen kytketty ohjelma, olio tai makro (osa {name})"
    fields = _field_instructions(root)
    field = next((field for field in fields if field.split()[:1] and field.split()[0].upper() in _FETCHING_FIELDS), None)
    if field is not None:
        return f"kenttä {field.split()[0].upper()}, joka käynnistää ohjelman tai hakee tiedoston tai osoitteen (osa {name})"
    for field in fields:
        link = _HYPERLINK_FIELD.match(field)
        target = link and (link.group(1) if link.group(1) is not None else link.group(2))
        if target and not target.startswith("\\") and not _LINK_SCHEMES.match(target):
            return f"linkki tiedostoon tai ohjelmaan eikä verkkosivulle (kenttä HYPERLINK, osa {name})"
    return None


# A Word field's link: HYPERLINK "address" or HYPERLINK address (\l "bookmark" is a place in the document).
_HYPERLINK_FIELD = re.compile(r'\s*HYPERLINK\s+(?:"([^"]*)"|(\S+))', re.IGNORECASE)


def _fetching_formula(formula: str) -> bool:
    """Whether a spreadsheet formula starts a program or fetches something (_FETCHING_FORMULA),
    read without its quoted texts and sheet names."""
    return bool(formula) and bool(_FETCHING_FORMULA.search(_FORMULA_QUOTED.sub("", formula)))


def _field_instructions(root) -> list[str]:
    """The instructions of a Word part's fields: a simple field's `instr`, and a field's
    instruction runs joined however many runs it is split into (a nested field on its own)."""
    from lxml import etree

    found: list[str] = []
    open_fields: list[list[str]] = []
    for element in root.iter(etree.Element):
        local = etree.QName(element).localname
        attributes = {etree.QName(key).localname: value for key, value in element.attrib.items()}
        if local == "fldSimple":
            found.append(attributes.get("instr", ""))
        elif local == "fldChar" and attributes.get("fldCharType") == "begin":
            open_fields.append([])
        elif local == "fldChar" and attributes.get("fldCharType") == "end" and open_fields:
            found.append("".join(open_fields.pop()))
        elif local == "instrText":
            (open_fields[-1] if open_fields else found).append(element.text or "")
    return found + ["".join(pieces) for pieces in open_fields]


def _decoded_text(part: bytes) -> str | None:
    """A part's text when it is text: UTF-8, or UTF-16 with its byte order mark."""
    try:
        text = part.decode("utf-16") if part.startswith((b"\xff\xfe", b"\xfe\xff")) else part.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    return None if _CONTROL.search(text) else text


_ASCII_RUN = re.compile(rb"[\t\x20-\x7e]{4,}")
_UTF16LE_RUN = re.compile(rb"(?:[\t\x20-\x7e]\x00){4,}")
_UTF16BE_RUN = re.compile(rb"(?:\x00[\t\x20-\x7e]){4,}")


def _strings(data: bytes) -> list[str]:
    """The runs of text in binary data, as the `strings` tool finds them: ASCII, UTF-16 either way."""
    return [*(m.group().decode("ascii") for m in _ASCII_RUN.finditer(data)),
            *(m.group().decode("utf-16-le") for m in _UTF16LE_RUN.finditer(data)),
            *(m.group().decode("utf-16-be") for m in _UTF16BE_RUN.finditer(data))]


def _pdf_unshown(data: bytes) -> list[str]:
    """What a PDF carries besides its pages' text: every string of every object (properties,
    bookmarks, form fields, annotations), the data of every stream but the pages' own contents,
    pictures and fonts (XMP metadata, private application data, the strings of forms drawn on
    pages), the metadata of JPEG pictures, its comments, anything after its end, and the same of
    the objects an incremental save left behind (the text drawn by a page's earlier contents).
    Names too, keys and values: a document's custom property is named by its key
    (/Info << /Asiakas (…) >>), and a name may stand where a string does (/Author /Nimi)."""
    from pypdf import PdfReader
    from pypdf.generic import ByteStringObject, NameObject, StreamObject, TextStringObject

    reader = PdfReader(io.BytesIO(data))
    objects = list(_pdf_objects(data, reader))
    fonts = _pdf_font_programs(objects)
    pages = _pdf_pages_by_contents(reader)
    found = []
    read = 0

    def stream_texts(stream) -> list[str]:
        nonlocal read
        if stream.get("/Subtype") == "/Image":
            # A JPEG as it is: its metadata; other pictures' data is their pixels.
            return _embedded_picture_texts(stream.get_data()) if _pdf_filters(stream)[-1:] == ["/DCTDecode"] else []
        unpacked = stream.get_data()
        read += len(unpacked)
        if read > MAX_UNPACKED_BYTES:
            raise ValueError("the streams unpack to too much")
        if stream.get("/Type") == "/Metadata":
            return [unpacked.decode("utf-8", "replace")]  # XMP
        # A form's or a pattern's drawing, or any other stream (a page's contents no page has any
        # more among them): read as a content stream if it is one, else as text.
        return _content_or_text(unpacked)

    for item in objects:
        if isinstance(item, (TextStringObject, ByteStringObject)):
            found.append(_pdf_string(item))
        elif isinstance(item, NameObject):
            found.append(item[1:])
        elif isinstance(item, StreamObject):
            reference = item.indirect_reference
            reference = (reference.idnum, reference.generation) if reference is not None else None
            if reference in pages:  # a page's contents: its text is the page's; the rest is read here
                found.extend(_content_or_text(item.get_data(), strings=False))
                continue
            if reference in fonts:
                continue
            if item.get("/Type") in ("/ObjStm", "/XRef"):
                continue  # object and cross-reference streams: their objects are read as objects
            found.extend(stream_texts(item))
    for reference, earlier in _pdf_earlier_objects(data, reader):
        if isinstance(earlier, StreamObject):
            if earlier.get("/Type") == "/XRef":
                continue
            if reference in pages or reference in fonts:  # an earlier page's contents or font program
                if not any(key in earlier for key in _PDF_FONT_PROGRAM_KEYS):
                    found.extend(_pdf_earlier_page_text(pages.get(reference), earlier, reader))
                continue
            found.extend(stream_texts(earlier))  # an object stream too: its objects are not read otherwise
        else:
            found.extend(_pdf_string(item) if not isinstance(item, NameObject) else item[1:]
                         for item in _flattened([earlier])
                         if isinstance(item, (TextStringObject, ByteStringObject, NameObject)))
    found.extend(_pdf_comments(data))
    end = data.rfind(b"%%EOF")
    if end >= 0:
        found.append(data[end + 5:].decode("latin-1"))
    return found


def _pdf_earlier_page_text(page, contents, reader) -> list[str]:
    """What an earlier version of a page's contents holds: the text it draws, read as the page
    that has that object now (`page`, with its fonts), and the rest of it; all of its strings as
    they are when no page has it any more."""
    from pypdf import PageObject
    from pypdf.generic import NameObject

    if page is None:
        return _content_or_text(contents.get_data())
    earlier = PageObject(reader)
    earlier.update(page)
    earlier[NameObject("/Contents")] = contents
    return [earlier.extract_text(), *_content_or_text(contents.get_data(), strings=False)]


def _pdf_pages_by_contents(reader) -> dict[tuple[int, int], object]:
    """Each page by (number, generation) of each object of its contents."""
    from pypdf.generic import ArrayObject, IndirectObject

    pages = {}
    for page in reader.pages:
        value = page.raw_get("/Contents") if "/Contents" in page else None
        if isinstance(value, IndirectObject) and isinstance(value.get_object(), ArrayObject):
            value = value.get_object()
        for reference in value if isinstance(value, ArrayObject) else [value]:
            if getattr(reference, "idnum", None) is not None:
                pages[(reference.idnum, reference.generation)] = page
    return pages


def _pdf_string(item) -> str:
    from pypdf.generic import TextStringObject

    return str(item) if isinstance(item, TextStringObject) else item.decode("latin-1")


# What a font program's stream has and a page's contents have not (PDF 32000-1, 9.9).
_PDF_FONT_PROGRAM_KEYS = ("/Length1", "/Length2", "/Length3", "/Subtype")
# The header of an indirect object ("12 0 obj"), wherever one stands in the file.
_PDF_OBJECT_HEADER = re.compile(rb"(?<![0-9])([0-9]{1,10})[\0\t\n\f\r ]+([0-9]{1,5})[\0\t\n\f\r ]+obj(?![A-Za-z0-9])")


def _pdf_earlier_objects(data: bytes, reader) -> list[tuple[tuple[int, int], object]]:
    """((number, generation), object) of every object in the file that its cross-reference
    tables do not lead to: those an incremental save replaced or deleted, which are still in the
    published file (the text taken out of a page too), and any listed nowhere. An object that
    cannot be read raises: the file is refused rather than published unread."""
    from pypdf.generic import read_object

    current = {offset for objects in reader.xref.values() for offset in objects.values()}
    stream = io.BytesIO(data)
    found = []
    for header in _PDF_OBJECT_HEADER.finditer(data):
        if header.start() in current:
            continue
        stream.seek(header.start())
        reference = reader.read_object_header(stream)  # past the header and the white space after it
        found.append((reference, read_object(stream, reader)))
    return found


def _pdf_filters(stream) -> list[str]:
    from pypdf.generic import ArrayObject

    value = stream.get("/Filter")
    return [str(name) for name in value] if isinstance(value, ArrayObject) else [str(value)] if value else []


def _pdf_font_programs(objects: list) -> set[tuple[int, int]]:
    """The font programs, whose data is not read for unshown text: their notices and glyph names
    are the font maker's (a notice's '\\050c\\051 1997' would read as a phone number)."""
    from pypdf.generic import DictionaryObject

    references = [item.raw_get(key) for item in objects if isinstance(item, DictionaryObject)
                  for key in ("/FontFile", "/FontFile2", "/FontFile3") if key in item]
    return {(reference.idnum, reference.generation) for reference in references
            if getattr(reference, "idnum", None) is not None}


def _content_or_text(data: bytes, *, strings: bool = True) -> list[str]:
    """A stream's data as a content stream (_content_texts), or as text if it is not one."""
    texts = _content_texts(data, strings=strings)
    if texts is not None:
        return texts
    text = _decoded_text(data)
    return [text] if text is not None else _strings(data)


# A content stream's operators (PDF 32000-1, annex A).
_CONTENT_OPERATORS = frozenset(
    b"b B b* B* BDC BI BMC BT BX c cm CS cs d d0 d1 Do DP EI EMC ET EX f F f* G g gs h i ID j J K k l m M "
    b"MP n q Q re RG rg ri s S SC sc SCN scn sh T* Tc Td TD Tf Tj TJ TL Tm Tr Ts Tw Tz v w W W* y ' \"".split()
)
_DELIMITERS = rb"\0\t\n\f\r ()<>\[\]{}/%"
_CONTENT_TOKEN = re.compile(
    rb"(?P<space>[\0\t\n\f\r ]+)|%(?P<comment>[^\r\n]*)|<<|>>|[\[\]]|/(?P<name>[^" + _DELIMITERS + rb"]*)"
    rb"|(?P<word>[^" + _DELIMITERS + rb"]+)"
)
# A number as PDF writers write a coordinate or an operand: no leading zero, at most six digits
# before the point. Other digits ("040 …", "+358…", "131052-308T") are not drawing: the stream is
# then read as text.
_CONTENT_NUMBER = re.compile(rb"[+-]?(?:(?:0|[1-9][0-9]{0,5})(?:\.[0-9]*)?|\.[0-9]+)")
_INLINE_PICTURE_END = re.compile(rb"[\0\t\n\f\r ]EI(?=[\0\t\n\f\r ]|$)")


def _content_texts(data: bytes, *, strings: bool = True) -> list[str] | None:
    """What a content stream holds besides drawing: its names, comments and (with `strings`) the
    strings it draws. None if it holds anything else than a content stream's operators, plain
    numbers, names, strings, comments and inline pictures: every byte is accounted for, nothing
    is read past (pypdf's own reading of a content stream drops what it cannot parse)."""
    from pypdf.generic import read_hex_string_from_stream, read_string_from_stream

    texts: list[str] = []
    stream = io.BytesIO(data)
    operators = 0
    at = 0
    while at < len(data):
        if data[at:at + 1] == b"(" or (data[at:at + 1] == b"<" and data[at + 1:at + 2] != b"<"):
            stream.seek(at)
            try:
                string = (read_string_from_stream if data[at:at + 1] == b"(" else read_hex_string_from_stream)(stream)
            except Exception:  # noqa: BLE001 - an unreadable string: not a content stream
                return None
            if strings:
                texts.append(_pdf_string(string))
            at = stream.tell()
            continue
        token = _CONTENT_TOKEN.match(data, at)
        if token is None:
            return None
        at = token.end()
        if token["comment"] is not None:
            texts.append(token["comment"].decode("latin-1"))
        elif token["name"] is not None:
            texts.append(token["name"].decode("latin-1"))
        elif token["word"] is not None and not _CONTENT_NUMBER.fullmatch(token["word"]):
            if token["word"] not in _CONTENT_OPERATORS:
                return None
            operators += 1
            if token["word"] == b"ID":  # an inline picture's data, up to its end
                end = _INLINE_PICTURE_END.search(data, at)
                if end is None:
                    return None
                at = end.end()
    return texts if operators else None


_PDF_STREAM_DATA = re.compile(rb"(?<![A-Za-z])stream(?:\r\n|\r|\n).*?endstream", re.DOTALL)
_PDF_STRING_OR_COMMENT = re.compile(rb"[(%]")
_PDF_IN_STRING = re.compile(rb"[\\()]")


def _pdf_comments(data: bytes) -> list[str]:
    """The comments of a PDF (`%` to the end of the line, outside strings and streams): a reader
    skips them, but they are published in the file. The header and the %%EOF lines are comments
    too."""
    found = []
    for outside in _PDF_STREAM_DATA.split(data):
        at = 0
        while (mark := _PDF_STRING_OR_COMMENT.search(outside, at)) is not None:
            if mark.group() == b"%":
                end = len(outside)
                for newline in (b"\n", b"\r"):
                    position = outside.find(newline, mark.end())
                    end = min(end, position) if position >= 0 else end
                found.append(outside[mark.end():end].decode("latin-1"))
                at = end
                continue
            depth, at = 1, mark.end()  # a literal string, with nested parentheses and escapes
            while depth and (inside := _PDF_IN_STRING.search(outside, at)) is not None:
                at = inside.end() + (1 if inside.group() == b"\\" else 0)
                depth += {b"(": 1, b")": -1}.get(inside.group(), 0)
            if depth:
                break
    return found


def _pdf_objects(data: bytes, reader=None):
    """Every object of a PDF, inline dictionaries' and arrays' items too (not page contents)."""
    from pypdf import PdfReader
    from pypdf.generic import IndirectObject

    reader = reader or PdfReader(io.BytesIO(data))
    numbers = [(number, generation) for generation, objects in reader.xref.items() for number in objects]
    numbers += [(number, 0) for number in reader.xref_objStm]
    pending = [reader.get_object(IndirectObject(number, generation, reader)) for number, generation in numbers]
    pending.append(reader.trailer)
    yield from _flattened(pending)


def _flattened(pending: list):
    """The objects and, depth first, the keys and values of their dictionaries and the items of
    their arrays (an indirect reference is not followed)."""
    from pypdf.generic import ArrayObject, DictionaryObject

    while pending:
        item = pending.pop()
        yield item
        if isinstance(item, DictionaryObject):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, ArrayObject):
            pending.extend(item)


# Names in a PDF's objects that run or open something: scripts, launching programs, sending forms,
# embedded files and media.
_PDF_ACTIVE = {
    "/JavaScript": "skripti (JavaScript)", "/JS": "skripti (JavaScript)", "/Launch": "ohjelman käynnistys",
    "/SubmitForm": "lomakkeen lähetys", "/ImportData": "tietojen tuonti", "/EmbeddedFile": "upotettu tiedosto",
    "/EmbeddedFiles": "upotettu tiedosto", "/RichMedia": "upotettu media", "/XFA": "XFA-lomake",
    "/GoToR": "linkki toiseen tiedostoon", "/GoToE": "linkki upotettuun tiedostoon",
    "/Movie": "upotettu tai linkitetty media", "/Sound": "upotettu tai linkitetty media",
    "/Rendition": "upotettu tai linkitetty media",
}
# The addresses a link in a PDF or an office file may open: a web page or an e-mail address. Any other (file:, smb:,
# a program's own scheme, a relative path) opens a file or a program on the reader's machine or
# network, which can also hand the reader's Windows credentials to another server.
_LINK_SCHEMES = re.compile(r"\s*(?:https?|mailto):", re.IGNORECASE)
# Keys whose actions run without a click: when the document or a page opens or closes, and so on.
_PDF_AUTOMATIC_ACTIONS = ("/OpenAction", "/AA")


def _pdf_active_content(data: bytes) -> str | None:
    """What active content a PDF holds, in Finnish (None: none): a name of _PDF_ACTIVE as a key or
    a value (/S /JavaScript) anywhere, a link to a javascript: address or to anything but a web
    or e-mail address, an address opened without a click, and a stream whose data is fetched
    from outside the file (/F)."""
    from pypdf.generic import ByteStringObject, DictionaryObject, NameObject, StreamObject, TextStringObject

    for item in _pdf_objects(data):
        if isinstance(item, NameObject) and item in _PDF_ACTIVE:
            return _PDF_ACTIVE[item]
        if isinstance(item, StreamObject) and ("/F" in item or "/FFilter" in item):
            return "tiedoston ulkopuolelta haettava sisältö"
        if isinstance(item, DictionaryObject):
            address = item.get("/URI")
            address = address.get_object() if address is not None else None
            address = _pdf_string(address) if isinstance(address, (TextStringObject, ByteStringObject)) else ""
            if item.get("/S") == "/URI" and not _LINK_SCHEMES.match(address):
                return "linkki tiedostoon tai ohjelmaan (ei verkkosivulle)"
            for key in _PDF_AUTOMATIC_ACTIONS:
                actions = item.get(key)
                actions = actions.get_object() if actions is not None else None
                if key == "/AA" and isinstance(actions, DictionaryObject):
                    actions = [action.get_object() for action in actions.values()]
                for action in actions if isinstance(actions, list) else [actions]:
                    if isinstance(action, DictionaryObject) and action.get("/S") == "/URI":
                        return "ilman napsautusta avautuva verkko-osoite"
        if isinstance(item, (TextStringObject, ByteStringObject)):
            text = str(item) if isinstance(item, TextStringObject) else item.decode("latin-1")
            if "".join(text.split()).lower().startswith("javascript:"):
                return _PDF_ACTIVE["/JavaScript"]
    return None


# --- The check of every output's materials -----------------------------------------------------


def check_materials(outputs: list, content_dir: Path, repo_root: Path, shown, *,
                    every_output: bool = True) -> tuple[list, dict[str, MaterialFile]]:
    """Problems with the files the outputs name, and the files read (by path under aineistot/).

    `outputs` holds (source, output) pairs: the parsed YAML file and its Output. Every file in
    roadmap/aineistot/ must be named by some output, and every named file must exist there, be
    of the type its name says, not be too large, and hold no personal identity code or credential.
    Files no output names are told only when `every_output` could be read (the files a broken one
    names are not known).
    """
    from .problems import Problem, format_field
    from .sensitive import find_in_text

    folder = content_dir / FOLDER
    cache_folder = None if os.environ.get(_NO_CACHE) else Path(repo_root) / ".cache" / FOLDER
    problems: list[Problem] = []
    read: dict[str, MaterialFile] = {}
    failed: dict[str, tuple[str, str]] = {}  # path -> (kind, message), said wherever the file is named
    named: set[str] = set()
    for source, output in outputs:
        for index, material in enumerate(output.materials):
            where = ("aineistot", index, "tiedosto")
            line, field = source.line_of(where), format_field(where)
            named.add(material.file)
            path = folder / material.file
            shown_path = shown(path)
            if material.file not in read and material.file not in failed:
                try:
                    _check_place(folder, path, shown_path)
                    read[material.file] = read_material(path, shown_path, cache_folder)
                except MaterialError as error:
                    failed[material.file] = ("bad-material", str(error))
                else:
                    file = read[material.file]
                    findings = find_in_text(f"{file.text}\n{file.unshown_text}")
                    if findings:
                        found, what = findings[0]
                        hint = found[: min(len(found) // 2, 12)]
                        failed[material.file] = ("sensitive",
                            f"Aineiston '{material.title}' tiedostossa {shown_path} on {what} (alkaa '{hint}…'"
                            f"{'' if len(findings) == 1 else f', ja {len(findings) - 1} muuta löydöstä'}). "
                            "Julkiselle sivustolle ei saa tulla henkilötunnuksia eikä salasanoja, "
                            "käyttäjätunnuksia tai avaimia: poista ne asiakirjasta ja tallenna se uudelleen."
                            + ("" if found in file.text else
                               " Se ei näy asiakirjan sivuilla vaan on sen muissa tiedoissa (esim. ominaisuudet, "
                               "kommentit tai PDF:n aiemmin tallennettu versio): tallenna asiakirja kokonaan "
                               "uutena tiedostona, esim. tulostamalla se PDF-tiedostoksi."),
                        )
                        del read[material.file]
            if material.file in failed:
                kind, message = failed[material.file]
                problems.append(Problem(source.path, line, field, kind, message, "material refused"))
            if material.accessible and material.accessibility_gap:
                where_gap = ("aineistot", index, "saavutettavuuden_puute")
                problems.append(Problem(
                    source.path, source.line_of(where_gap), format_field(where_gap), "conflict",
                    "Saavutettavuuden puute kirjoitetaan vain aineistolle, joka ei ole saavutettava "
                    "(saavutettava: false). Poista kenttä tai korjaa saavutettava-kenttä.", "gap for an accessible material"))
            if not material.accessible and not material.accessibility_gap:
                where_gap = ("aineistot", index, "saavutettava")
                problems.append(Problem(
                    source.path, source.line_of(where_gap), format_field(where_gap), "missing",
                    "Kun aineisto ei ole saavutettava, kerro syy kenttään saavutettavuuden_puute "
                    "(esim. 'skannattu kuva, ei tekstiä'). Se näytetään saavutettavuusselosteessa.",
                    "inaccessible material needs a reason"))
    if every_output:
        problems += _unnamed_files(folder, named, shown)
    return problems, read


_NO_CACHE = "TIEKARTTA_NO_CACHE"  # as tiekartta.site.build_cache: a published build reads nothing kept


def _check_place(folder: Path, path: Path, shown_path: str) -> None:
    """The file is a plain file inside roadmap/aineistot/, reached without links."""
    current = folder
    for part in path.relative_to(folder).parts:
        current = current / part
        if current.is_symlink():
            raise MaterialError(
                f"{shown_path} on linkki toiseen tiedostoon tai kansioon. Aineiston pitää olla tavallinen "
                "tiedosto kansiossa roadmap/aineistot/: korvaa linkki itse tiedostolla."
            )
    if not path.is_file():
        raise MaterialError(
            f"Tiedostoa {shown_path} ei löydy. Lisää tiedosto kansioon roadmap/aineistot/ tai korjaa polku "
            "(isot ja pienet kirjaimet erotetaan)."
        )


def _unnamed_files(folder: Path, named: set[str], shown) -> list:
    from .problems import Problem

    if not folder.is_dir() or folder.is_symlink():
        return []
    problems = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        if path.is_symlink():
            problems.append(Problem(shown(path), 1, "", "symlink",
                                    "Tämä on linkki toiseen tiedostoon tai kansioon. Korvaa linkki itse tiedostolla.",
                                    "symbolic link"))
        elif path.is_file() and relative not in named:
            problems.append(Problem(
                shown(path), 1, "", "unused-material",
                "Mikään tuotos ei nimeä tätä tiedostoa aineistokseen, joten sitä ei julkaista. Lisää se jonkin "
                "tuotoksen aineistot-listaan (tiedosto: " + relative + ") tai poista tiedosto.",
                "material file not named by any output"))
    return problems
