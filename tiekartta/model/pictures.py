"""The text a picture carries and where its own data ends, read with Pillow: a picture is
published as it is, with all its metadata and anything appended after it."""

from __future__ import annotations

import re
import zlib

# EXIF tags whose text Windows writes in UTF-16 (XPTitle, XPComment, XPAuthor, XPKeywords,
# XPSubject), and the user comment, whose first eight bytes name its character set.
_EXIF_UTF16_TAGS = range(0x9C9B, 0x9CA0)
_EXIF_USER_COMMENT = 0x9286
_UTF16_RUNS = (("utf-16-le", re.compile(rb"(?:[\t\x20-\x7e]\x00){4,}")), ("utf-16-be", re.compile(rb"(?:\x00[\t\x20-\x7e]){4,}")))


def picture_texts(picture) -> list[str]:
    """The text a picture carries, opened with Pillow: its format's text (PNG text chunks, a JPEG
    comment, XMP), every EXIF field of the main, Exif, GPS, interoperability and thumbnail IFDs
    (UTF-16 fields decoded) and the IPTC fields (caption, author, keywords …)."""
    from PIL import ExifTags, IptcImagePlugin

    texts = [text for value in picture.info.values() for text in _value_texts(value)]
    exif = picture.getexif()
    ifds = [exif]
    for ifd in (ExifTags.IFD.Exif, ExifTags.IFD.GPSInfo, ExifTags.IFD.Interop, ExifTags.IFD.IFD1):
        try:
            ifds.append(exif.get_ifd(ifd))
        except (KeyError, ValueError, TypeError, OSError, SyntaxError):
            continue  # a broken sub-IFD: its bytes are read with the raw EXIF (info["exif"]) above
    for fields in ifds:
        for tag, value in fields.items():
            if isinstance(value, tuple) and all(isinstance(item, int) and 0 <= item < 256 for item in value):
                value = bytes(value)
            if isinstance(value, bytes) and tag in _EXIF_UTF16_TAGS:
                texts.append(value.decode("utf-16-le", "replace"))
            elif isinstance(value, bytes) and tag == _EXIF_USER_COMMENT and value.startswith(b"UNICODE\0"):
                texts += [value[8:].decode("utf-16-le", "replace"), value[8:].decode("utf-16-be", "replace")]
            texts += _value_texts(value)
    iptc = IptcImagePlugin.getiptcinfo(picture) if picture.format in ("JPEG", "TIFF") else None
    for value in (iptc or {}).values():
        for item in value if isinstance(value, list) else [value]:
            texts += _value_texts(item)
    return texts


# Where a picture was taken (or what it shows) as coordinates: EXIF's GPS tags, or the same
# properties in its XMP (exif:GPSLatitude …).
_GPS_PLACE_TAGS = (0x0002, 0x0004, 0x0014, 0x0016)  # GPSLatitude, GPSLongitude, GPSDestLatitude, GPSDestLongitude
_XMP_PLACE = re.compile(r"GPS(?:Dest)?(?:Latitude|Longitude)(?!Ref)")


def has_location(picture) -> bool:
    """Whether a picture, opened with Pillow, carries the coordinates of a place: published with
    it, they would show where it was taken (a home, a client's visit)."""
    from PIL import ExifTags

    try:
        gps = picture.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    except (KeyError, ValueError, TypeError, OSError, SyntaxError):
        gps = {}
    if any(gps.get(tag) for tag in _GPS_PLACE_TAGS):
        return True
    return any(_XMP_PLACE.search(text) for value in picture.info.values() for text in _value_texts(value))


def _value_texts(value) -> list[str]:
    """A metadata value's text: a string as it is, bytes as UTF-8 and their runs of UTF-16 text,
    a dict's (Photoshop resources, IPTC among them) values so."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _value_texts(item)]
    if not isinstance(value, bytes):
        return []
    texts = [value.decode("utf-8", "replace")]
    texts += [run.group().decode(encoding) for encoding, runs in _UTF16_RUNS for run in runs.finditer(value)]
    return texts


# The segments that hold the picture itself (its pixels and how to draw them), in each format;
# every other segment's bytes are read as text by segment_texts.
_IMAGE_CHUNKS = frozenset({b"IHDR", b"PLTE", b"IDAT", b"IEND", b"fdAT",  # PNG
                           b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF",  # WebP
                           b","})  # GIF: an image's data (tiekartta.model.pictures._gif_segments)
_JPEG_TEXT_SEGMENTS = frozenset({*(bytes([marker]) for marker in range(0xE0, 0xF0)), b"\xfe"})  # APP0–APP15, COM
_MAX_INFLATED = 1_000_000


def segment_texts(kind: str, data: bytes) -> list[str]:
    """The text of every segment of a picture's file but its image data, also those Pillow does
    not read: a PNG's private chunks ("prVt"), a JPEG's application segments (APP0–APP15) and
    comments, wherever they stand, a WebP's other RIFF chunks, a GIF's extensions (comments, text
    drawn on the picture, any program's own data). Each is published with the
    picture; one that holds zlib-compressed data is read inflated too."""
    texts = []
    for name, payload in _segments(kind, data)[0]:
        if name in _JPEG_TEXT_SEGMENTS if kind == "JPEG" else name not in _IMAGE_CHUNKS:
            texts += _value_texts(payload)
            try:
                texts += _value_texts(zlib.decompressobj().decompress(payload, _MAX_INFLATED))
            except zlib.error:
                continue
    return texts


def picture_end(kind: str, data: bytes) -> int | None:
    """Where a picture's own data ends (None: it has no end): after a PNG's IEND chunk, a JPEG's
    end-of-image marker, a WebP's RIFF chunk, a GIF's trailer. Anything after that is published with the picture
    but shown by no program: another file or a message appended to it."""
    return _segments(kind, data)[1]


def _segments(kind: str, data: bytes) -> tuple[list[tuple[bytes, bytes]], int | None]:
    """(name, data) of each segment of a picture's file, in order (a PNG's chunks, a WebP's RIFF
    chunks, a JPEG's marker segments: the marker's byte as the name), and where the picture ends
    (None: the file breaks off or is no such picture)."""
    if kind == "PNG":
        return _png_segments(data)
    if kind == "WEBP":
        return _webp_segments(data)
    if kind == "GIF":
        return _gif_segments(data)
    return _jpeg_segments(data)


def _gif_segments(data: bytes) -> tuple[list[tuple[bytes, bytes]], int | None]:
    """A GIF's blocks after its header and colour table: each extension by its label (0xFE a
    comment, 0x01 text drawn on the picture, 0xFF an application's data such as XMP) with its
    sub-blocks joined, each image as "," with its data left out; the picture ends with its
    trailer (";")."""
    found: list[tuple[bytes, bytes]] = []
    if len(data) < 13:
        return found, None
    at = 13 + _gif_colour_table(data[10])
    while at < len(data):
        introducer = data[at]
        if introducer == 0x3B:
            return found, at + 1
        if introducer == 0x21 and at + 1 < len(data):
            payload, end = _gif_sub_blocks(data, at + 2, keep=True)
            found.append((data[at + 1:at + 2], payload))
        elif introducer == 0x2C and at + 10 < len(data):
            # The image descriptor, its colour table and the LZW code size, then its data.
            _, end = _gif_sub_blocks(data, at + 10 + _gif_colour_table(data[at + 9]) + 1, keep=False)
            found.append((b",", b""))
        else:
            return found, None
        if end is None:
            return found, None
        at = end
    return found, None


def _gif_colour_table(flags: int) -> int:
    return 3 << ((flags & 7) + 1) if flags & 0x80 else 0


def _gif_sub_blocks(data: bytes, at: int, *, keep: bool) -> tuple[bytes, int | None]:
    """A GIF block's sub-blocks from `at` (each its size, then as many bytes; a size of 0 ends
    them) joined, and where the block ends (None: the file breaks off)."""
    parts = []
    while at < len(data):
        size = data[at]
        if size == 0:
            return b"".join(parts), at + 1
        if keep:
            parts.append(data[at + 1:at + 1 + size])
        at += 1 + size
    return b"".join(parts), None


def _png_segments(data: bytes) -> tuple[list[tuple[bytes, bytes]], int | None]:
    found = []
    at = 8
    while at + 8 <= len(data):
        length, chunk = int.from_bytes(data[at:at + 4], "big"), data[at + 4:at + 8]
        found.append((chunk, data[at + 8:at + 8 + length]))
        at += 12 + length
        if chunk == b"IEND":
            return found, (at if at <= len(data) else None)
    return found, None


def _webp_segments(data: bytes) -> tuple[list[tuple[bytes, bytes]], int | None]:
    size = int.from_bytes(data[4:8], "little")
    end = 8 + size + (size & 1)
    found = []
    at = 12
    while at + 8 <= min(end, len(data)):
        chunk, length = data[at:at + 4], int.from_bytes(data[at + 4:at + 8], "little")
        found.append((chunk, data[at + 8:at + 8 + length]))
        at += 8 + length + (length & 1)
    return found, end


def _jpeg_segments(data: bytes) -> tuple[list[tuple[bytes, bytes]], int | None]:
    """The segments are walked by their lengths (an EXIF thumbnail's own end marker is inside
    one), and the compressed data after each start of scan up to its next marker is skipped; the
    picture ends with its end-of-image marker."""
    found = []
    at = 2
    while at + 1 < len(data):
        if data[at] != 0xFF:
            return found, None
        marker = data[at + 1]
        if marker == 0xFF:
            at += 1  # a fill byte
            continue
        if marker == 0xD9:
            return found, at + 2
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            at += 2
            continue
        length = int.from_bytes(data[at + 2:at + 4], "big")
        found.append((bytes([marker]), data[at + 4:at + 2 + length]))
        at += 2 + length
        if marker == 0xDA:
            while True:  # the scan's data: 0xFF is followed by 0x00 (a byte of data) or a restart marker
                at = data.find(b"\xff", at)
                if at < 0 or at + 1 >= len(data):
                    return found, None
                following = data[at + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7:
                    at += 2
                elif following == 0xFF:
                    at += 1
                else:
                    break
    return found, None
