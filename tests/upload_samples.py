"""Files for upload tests, made in memory: good proofs and every kind of bad one."""

from __future__ import annotations

import io

from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject


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


def pdf(*, javascript: bool = False, encrypted: bool = False, attachment: bool = False) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
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
