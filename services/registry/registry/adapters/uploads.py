"""Proof uploads of a registration: recognise, sanitise and scan each file before anything is stored.

- The type comes from the content (magic bytes via ``filetype``), never from the name or a header:
  PDF, JPEG and PNG only.
- Images are decoded and re-encoded (EXIF and any trailing payload are dropped) after a pixel-count
  check against decompression bombs.
- PDFs are parsed; encrypted ones and ones carrying JavaScript, OpenAction, Launch actions or
  embedded files are refused. The original bytes of an accepted PDF are stored.
- A ``VirusScanner`` hook runs last. No scanner is configured yet (ClamAV is a follow-up): the default
  ``NoScanner`` marks files NOT_SCANNED, and reviewers see that state.
"""

from __future__ import annotations

import io
import re
import unicodedata
import warnings
from dataclasses import dataclass
from typing import Protocol

import filetype
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from registry.domain.registrations import UploadPolicy, check_upload_shape, upload_rejected

ALLOWED = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
# Name tokens that make a PDF active content. Matched on the raw bytes as well as on the parsed
# catalogue, because they can sit in any object (pages, annotations, name trees).
_PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|OpenAction|Launch|EmbeddedFile|EmbeddedFiles|RichMedia|XFA)\b")
_SAFE_NAME = re.compile(r"[^\w.\-\u4e00-\u9fff]+")


@dataclass(frozen=True)
class IncomingFile:
    filename: str
    content: bytes


@dataclass(frozen=True)
class CleanFile:
    filename: str
    content_type: str
    content: bytes
    scan_status: str


class VirusScanner(Protocol):
    """Scans sanitised content; raises ValidationFailed(UPLOAD_REJECTED) when infected."""

    def scan(self, content: bytes) -> str:
        """Returns the scan status to store (e.g. CLEAN)."""
        ...


class NoScanner:
    """Placeholder until a ClamAV (clamd) scanner is wired in bootstrap."""

    def scan(self, content: bytes) -> str:
        return "NOT_SCANNED"


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


def _check_pdf(content: bytes) -> None:
    if _PDF_ACTIVE.search(content):
        raise upload_rejected("PDF 含有脚本、自动操作或嵌入文件，不予接收")
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted:
            raise upload_rejected("PDF 已加密，请上传未加密的文件")
        catalog = reader.trailer["/Root"]
        names = catalog.get("/Names")
        names = names.get_object() if names is not None else {}
        if any(k in catalog for k in ("/OpenAction", "/AA")) or any(
            k in names for k in ("/JavaScript", "/EmbeddedFiles")
        ):
            raise upload_rejected("PDF 含有脚本、自动操作或嵌入文件，不予接收")
        if len(reader.pages) == 0:
            raise upload_rejected("PDF 没有页面")
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

    def sanitise(self, files: list[IncomingFile]) -> list[CleanFile]:
        """All or nothing: the first bad file refuses the whole upload."""
        check_upload_shape(self.policy, [len(f.content) for f in files])
        return [self.sanitise_one(f) for f in files]
