"""Tiny documents of every type an output may carry, made by the tests themselves: each holds
the given lines of text, written with the same libraries (or, for PDF, by hand) that real
office programs' files are read with."""

from __future__ import annotations

import io
from pathlib import Path

MATERIAL_TYPES = ("pdf", "odt", "ods", "odp", "docx", "xlsx", "pptx", "txt")


def pdf_bytes(lines: list[str], *, catalog: bytes = b"", extra: tuple[bytes, ...] = (), comment: bytes = b"",
              contents: bytes | None = None) -> bytes:
    """A one-page PDF with the lines in Helvetica (WinAnsi: Finnish letters included); `catalog`
    adds entries to its catalog, `extra` adds objects numbered from 6 on, `comment` a comment
    line after each object, and `contents` is the page's contents object (pdf_contents)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog + b">>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        contents or pdf_contents(lines),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        *extra,
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
        if comment:
            out.write(b"%" + comment + b"\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def pdf_saved_again(pdf: bytes, objects: dict[int, bytes], *, unlisted: tuple[int, ...] = ()) -> bytes:
    """The PDF after an incremental save, as PDF editors save: the objects (by number) appended
    with a cross-reference section of their own that leads to them instead of their earlier
    versions, which stay in the file. The numbers in `unlisted` are written but not listed."""
    previous = int(pdf.rsplit(b"startxref", 1)[1].split()[0])
    size = int(pdf.rsplit(b"/Size", 1)[1].split()[0])
    out = io.BytesIO()
    out.write(pdf)
    offsets = {}
    for number, body in objects.items():
        offsets[number] = out.tell()
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 1\n0000000000 65535 f \n")
    for number, offset in offsets.items():
        if number not in unlisted:
            out.write(f"{number} 1\n{offset:010d} 00000 n \n".encode())
    size = max(size, *(number + 1 for number in objects))
    out.write(f"trailer\n<< /Size {size} /Root 1 0 R /Prev {previous} >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def pdf_contents(lines: list[str], after: bytes = b"") -> bytes:
    """A page's contents stream object drawing the lines (as pdf_bytes draws them), `after` after them."""
    stream = b"BT /F1 12 Tf 72 760 Td 16 TL " + b" ".join(
        b"(" + line.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b") '"
        for line in lines) + b" ET" + after
    return b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream"


def located_picture(kind: str, how: str = "exif") -> bytes:
    """A two-pixel picture that carries the coordinates of a place: in EXIF's GPS tags or in XMP."""
    from PIL import ExifTags, Image

    out = io.BytesIO()
    if how == "xmp":
        xmp = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
               b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="62,36.09N" '
               b'exif:GPSLongitude="29,45.02E"/></rdf:RDF></x:xmpmeta>')
        Image.new("RGB", (2, 2)).save(out, format=kind, xmp=xmp)
        return out.getvalue()
    exif = Image.Exif()
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef], gps[ExifTags.GPS.GPSLatitude] = "N", (62.0, 36.0, 5.5)
    gps[ExifTags.GPS.GPSLongitudeRef], gps[ExifTags.GPS.GPSLongitude] = "E", (29.0, 45.0, 1.0)
    Image.new("RGB", (2, 2)).save(out, format=kind, exif=exif.tobytes())
    return out.getvalue()


def _odf_bytes(kind: str, lines: list[str]) -> bytes:
    from odfdo import Document, DrawPage, Frame, Paragraph, Table

    document = Document({"odt": "text", "ods": "spreadsheet", "odp": "presentation"}[kind])
    body = document.body
    if kind == "odt":
        for line in lines:
            body.append(Paragraph(line))
    elif kind == "ods":
        table = Table("Taulukko1", width=1, height=len(lines))
        for row, line in enumerate(lines):
            table.set_value((0, row), line)
        body.append(table)
    else:
        page = DrawPage("sivu1", name="Dia 1")
        for number, line in enumerate(lines):
            page.append(Frame.text_frame(line, size=("10cm", "1cm"), position=("1cm", f"{number + 1}cm")))
        body.append(page)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _docx_bytes(lines: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _xlsx_bytes(lines: list[str]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    for line in lines:
        workbook.active.append([line])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _pptx_bytes(lines: list[str]) -> bytes:
    from pptx import Presentation
    from pptx.util import Inches

    presentation = Presentation()
    slide = presentation.slides.add_slide(presentation.slide_layouts[6])
    box = slide.shapes.add_textbox(Inches(1), Inches(1), Inches(6), Inches(4))
    box.text_frame.text = "\n".join(lines)
    out = io.BytesIO()
    presentation.save(out)
    return out.getvalue()


def document_bytes(kind: str, lines: list[str]) -> bytes:
    if kind == "pdf":
        return pdf_bytes(lines)
    if kind in ("odt", "ods", "odp"):
        return _odf_bytes(kind, lines)
    if kind == "txt":
        return ("\n".join(lines) + "\n").encode("utf-8")
    return {"docx": _docx_bytes, "xlsx": _xlsx_bytes, "pptx": _pptx_bytes}[kind](lines)


def write_document(path: Path, kind: str, lines: list[str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(document_bytes(kind, lines))
    return path
