"""Proof uploads of a registration: recognise, sanitise and scan each file before anything is stored.

- The type comes from the content (magic bytes via ``filetype``), never from the name or a header:
  PDF, JPEG and PNG only.
- Images are decoded and re-encoded (EXIF and any trailing payload are dropped) after a pixel-count
  check against decompression bombs.
- PDFs are parsed; encrypted ones and ones carrying JavaScript, OpenAction, Launch actions or
  embedded files are refused. The original bytes of an accepted PDF are stored.
- A ``VirusScanner`` runs last on the bytes that will be stored: ClamAV (``adapters.clamav``) in any
  deployment, refusing infected files (nothing is stored) and failing closed when clamd is down. Only a
  development run without CLAMD_ADDRESS uses ``NoScanner``, which marks files NOT_SCANNED; a reviewer
  can open a file only in a state ``openable`` allows.
"""

from __future__ import annotations

import io
import re
import unicodedata
import warnings
from typing import Protocol

import filetype
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, DictionaryObject, NameObject

from registry.domain.registrations import (
    CleanFile,
    IncomingFile,
    UploadPolicy,
    check_upload_shape,
    upload_rejected,
)

__all__ = ["CleanFile", "IncomingFile", "NoScanner", "UploadSanitizer", "VirusScanner"]

ALLOWED = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
# Name tokens that make a PDF active content. Matched on the raw bytes as well as on the parsed
# catalogue, because they can sit in any object (pages, annotations, name trees).
_PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|OpenAction|Launch|EmbeddedFile|EmbeddedFiles|RichMedia|XFA)\b")
NOT_SCANNED = "NOT_SCANNED"
_MAX_PDF_OBJECTS = 200_000  # a 10 MB proof never needs more; bounds the walk
_SAFE_NAME = re.compile(r"[^\w.\-\u4e00-\u9fff]+")


class VirusScanner(Protocol):
    """Scans sanitised content; raises ValidationFailed(UPLOAD_REJECTED) when infected."""

    def scan(self, content: bytes) -> str:
        """Returns the scan status to store (e.g. CLEAN)."""
        ...


class NoScanner:
    """Development without clamd: files are stored NOT_SCANNED (production refuses to start this way)."""

    def scan(self, content: bytes) -> str:
        return NOT_SCANNED


def safe_filename(raw: str, extension: str) -> str:
    stem = unicodedata.normalize("NFKC", raw or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    stem = _SAFE_NAME.sub("_", stem).strip("._")[:60] or "file"
    return f"{stem}.{extension}"


def _sanitise_image(content: bytes, kind: str, policy: UploadPolicy) -> bytes:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                width, height = image.size
                if width * height > policy.max_pixels:
                    raise upload_rejected("图片像素过大，请压缩后上传")
                image.load()
                if kind == "jpg":
                    clean = image.convert("RGB")
                    fmt, options = "JPEG", {"quality": 90}
                else:
                    mode = image.mode if image.mode in ("RGB", "RGBA", "L", "LA", "P") else "RGBA"
                    clean = image.convert(mode)
                    fmt, options = "PNG", {"optimize": False}
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise upload_rejected("图片文件已损坏或无法识别") from None
    except Image.DecompressionBombWarning:
        raise upload_rejected("图片像素过大，请压缩后上传") from None
    out = io.BytesIO()
    clean.save(out, fmt, **options)  # a fresh file: no EXIF, no comments, no trailing data
    return out.getvalue()


_ACTIVE_KEYS = frozenset(
    {"/JavaScript", "/JS", "/OpenAction", "/AA", "/Launch", "/EmbeddedFile", "/EmbeddedFiles", "/EF"}
    | {"/RichMedia", "/XFA"}
)
_ACTIVE_VALUES = frozenset(
    {"/JavaScript", "/Launch", "/EmbeddedFile", "/RichMedia", "/ImportData", "/FileAttachment", "/GoToE"}
)
_PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
# After the last %%EOF only line ends (and the NUL padding some scanners add) may follow.
_PDF_TAIL = re.compile(rb"%%EOF[\r\n\0\t ]*\Z")


def _is_active(obj: object, depth: int = 0) -> bool:
    """An action, script or attachment in this object or the direct objects inside it."""
    if depth > 32:
        return True  # nesting that deep is no scanned contract
    if isinstance(obj, DictionaryObject):
        if any(key in _ACTIVE_KEYS for key in obj):
            return True
        for key, value in obj.items():
            if (
                key in ("/S", "/Type", "/Subtype")
                and isinstance(value, NameObject)
                and value in _ACTIVE_VALUES
            ):
                return True
            if isinstance(value, DictionaryObject | ArrayObject) and _is_active(value, depth + 1):
                return True
    elif isinstance(obj, ArrayObject):
        return any(_is_active(item, depth + 1) for item in obj)
    return False


def _check_pdf(content: bytes) -> None:
    """Refuse active content wherever it sits: raw bytes first (names with #xx escapes decoded), then
    every parsed object, which also covers objects packed into compressed object streams."""
    active = "PDF 含有脚本、自动操作或嵌入文件，不予接收"
    if _PDF_ACTIVE.search(content) or _PDF_ACTIVE.search(
        _PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), content)
    ):
        raise upload_rejected(active)
    if not _PDF_TAIL.search(content[-4096:]):  # e.g. a PDF/HTML polyglot: HTML appended after %%EOF
        raise upload_rejected("PDF 文件结尾有多余内容，不予接收")
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted:
            raise upload_rejected("PDF 已加密，请上传未加密的文件")
        if len(reader.pages) == 0:
            raise upload_rejected("PDF 没有页面")
        size = int(reader.trailer.get("/Size", 0))
        if not 0 < size <= _MAX_PDF_OBJECTS:
            raise upload_rejected("PDF 文件结构异常，不予接收")
        for number in range(1, size):
            if _is_active(reader.get_object(number)):
                raise upload_rejected(active)
        if _is_active(reader.trailer["/Root"].get_object()):
            raise upload_rejected(active)
    except (PdfReadError, KeyError, ValueError, TypeError, AttributeError, RecursionError):
        raise upload_rejected("PDF 文件已损坏或无法识别") from None


class UploadSanitizer:
    def __init__(self, policy: UploadPolicy | None = None, scanner: VirusScanner | None = None) -> None:
        self.policy = policy or UploadPolicy()
        self.scanner = scanner or NoScanner()

    def sanitise_one(self, incoming: IncomingFile) -> CleanFile:
        kind = filetype.guess(incoming.content)
        mime = kind.mime if kind else ""
        if mime not in ALLOWED:
            raise upload_rejected(f"文件「{safe_filename(incoming.filename, 'x')[:-2]}」不是 PDF、JPG 或 PNG")
        extension = ALLOWED[mime]
        if mime == "application/pdf":
            _check_pdf(incoming.content)
            content = incoming.content
        else:
            content = _sanitise_image(incoming.content, extension, self.policy)
        status = self.scanner.scan(content)
        return CleanFile(safe_filename(incoming.filename, extension), mime, content, status)

    def openable(self, scan_status: str) -> bool:
        """Reviewers open CLEAN files; NOT_SCANNED ones only where no scanner is configured at all."""
        return scan_status == "CLEAN" or (scan_status == NOT_SCANNED and isinstance(self.scanner, NoScanner))

    def sanitise(self, files: list[IncomingFile]) -> list[CleanFile]:
        """All or nothing: the first bad file refuses the whole upload."""
        check_upload_shape(self.policy, [len(f.content) for f in files])
        return [self.sanitise_one(f) for f in files]
