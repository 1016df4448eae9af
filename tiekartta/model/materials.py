"""The files of the outputs (roadmap/aineistot/): their type read from the content, their size
and their text, which the privacy and credential check reads like any YAML value.

Each file is named in an output's `aineistot` list. Its type comes from its bytes (a PDF's
header, the parts inside an OpenDocument or Office Open XML zip, UTF-8 text), and must be the
type its name says; a well-kept library per format then reads its text (pypdf, odfdo,
python-docx, python-pptx, openpyxl). The check reads more than the page shows: everything the
file carries is published with it, so its properties (author, comments …) and, in an office
file, the text of every part (headers, footers, comments, notes) are checked too, and a PDF that
holds a script, a launch action or an embedded file is refused. Reading a large document takes a
while, so the texts are kept in .cache/aineistot/ by the file's SHA-256 and the readers'
versions: a rebuild reads only new or changed files.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import zipfile
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
_READER_VERSION = 2
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
        except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, NotImplementedError):
            return None
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
            texts = _normalise(_READ[expected.key](data)), _unshown_text(expected.key, data)
            active = _pdf_active_content(data) if expected.key == "pdf" else None
        except Exception as error:  # noqa: BLE001 - any reader failure is a broken or protected file
            raise MaterialError(
                f"Tiedoston {shown_path} tekstiä ei voitu lukea ({type(error).__name__}). Tiedosto voi olla "
                "vioittunut tai salasanalla suojattu: tallenna se uudelleen ilman suojausta."
            ) from None
        if active:
            raise MaterialError(
                f"PDF-tiedostossa {shown_path} on {active}, jonka PDF-lukija voisi avata tai suorittaa. "
                "Tallenna tiedosto uudelleen tavallisena PDF:nä (esim. tulosta PDF-tiedostoksi)."
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


def _unshown_text(kind: str, data: bytes) -> str:
    """The text of a file that its page does not show but the file publishes. In an office file
    (a zip): every part that is text, XML parts with their attribute values (properties,
    headers, footers, comments, tracked changes' authors, notes, links, the body again), and the
    zip's comment; each XML part twice, with its pieces joined as a reader sees them (a word
    split into runs is one word) and with each piece on a line of its own (one property does not
    run into the next). In a PDF: every string of every object (properties, bookmarks, form
    fields, annotations), its XMP metadata and anything after its end."""
    if kind == "pdf":
        return "\n".join(_pdf_unshown(data))
    if kind == "txt":
        return ""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)
    parts = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts.append(archive.comment.decode("utf-8", "replace"))
        for name in archive.namelist():
            part = archive.read(name)
            if not part.strip():
                continue  # an empty part holds nothing (OpenDocument has some)
            if part.lstrip()[:1] == b"<":
                root = etree.fromstring(part, parser)
                if root is not None:
                    parts.append(etree.tostring(root, method="text", encoding="unicode"))
                    parts.append("\n".join(root.itertext()))
                    parts.extend(value for element in root.iter() for value in element.attrib.values())
                    continue
            try:
                parts.append(part.decode("utf-8"))
            except UnicodeDecodeError:
                pass  # a picture or other binary part
    return "\n".join(parts)


def _pdf_unshown(data: bytes) -> list[str]:
    from pypdf.generic import ByteStringObject, StreamObject, TextStringObject

    found = []
    for item in _pdf_objects(data):
        if isinstance(item, (TextStringObject, ByteStringObject)):
            found.append(str(item) if isinstance(item, TextStringObject) else item.decode("latin-1"))
        elif isinstance(item, StreamObject) and item.get("/Type") == "/Metadata":
            found.append(item.get_data().decode("utf-8", "replace"))  # XMP
    end = data.rfind(b"%%EOF")
    if end >= 0:
        found.append(data[end + 5:].decode("latin-1"))
    return found


def _pdf_objects(data: bytes):
    """Every object of a PDF, inline dictionaries' and arrays' items too (not page contents)."""
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    reader = PdfReader(io.BytesIO(data))
    numbers = [(number, generation) for generation, objects in reader.xref.items() for number in objects]
    numbers += [(number, 0) for number in reader.xref_objStm]
    pending = [reader.get_object(IndirectObject(number, generation, reader)) for number, generation in numbers]
    pending.append(reader.trailer)
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
}


def _pdf_active_content(data: bytes) -> str | None:
    """What active content a PDF holds, in Finnish (None: none): a name of _PDF_ACTIVE as a key or
    a value (/S /JavaScript) anywhere, or a link to a javascript: address."""
    from pypdf.generic import ByteStringObject, NameObject, TextStringObject

    for item in _pdf_objects(data):
        if isinstance(item, NameObject) and item in _PDF_ACTIVE:
            return _PDF_ACTIVE[item]
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
                            "käyttäjätunnuksia tai avaimia: poista ne asiakirjasta ja tallenna se uudelleen.",
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
