"""The statement and certificate PDFs: the CJK font embedded, the figures and the code in the text
(read back by poppler's pdftotext, a real reader), the same bytes for the same input."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from deposit.adapters import documents_pdf as d

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
ISSUED = datetime(2026, 1, 1, 1, 0, tzinfo=UTC)


def _text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "d.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout.decode()


def test_statement_pdf(tmp_path: Path) -> None:
    lines = tuple(
        d.StatementLine(
            datetime(2025, 12, 31, 17, 0, tzinfo=UTC), "增值", "增值分配", f"ZZ{n}", 100, 1_000 + n
        )
        for n in range(60)  # more than a page: the table flows on
    )
    doc = d.StatementDocument(
        2025, "朝阳区望京西园三区312号楼2单元1503", "89.50", "h1", 1_234_500, 0, 6_000, -1_354_485, 0,
        1_886_015, 1_800_000, 86_015, lines, ISSUED, "http://portal/houses/h1/statements/2025",
    )  # fmt: skip
    pdf = d.render_statement_pdf(doc)
    assert pdf == d.render_statement_pdf(doc)
    assert b"FontFile2" in pdf  # the TrueType subset is embedded
    text = _text(pdf, tmp_path)
    assert "2025年度结存单" in text and "18,860.15" in text and "-13,544.85" in text
    assert "北京市住房资金管理中心" in text and "望京西园三区312号楼" in text
    assert "2026-01-01" in text  # the entry booked 2025-12-31 17:00 UTC is a Beijing 2026-01-01 date


def test_certificate_pdf_carries_the_code(tmp_path: Path) -> None:
    doc = d.CertificateDocument(
        "c1", "7KQ2-M9XD-4TPR-B3HW", "丰台区丰台北路18号院5号楼1单元301", "65.00", False, 24_000,
        1_349_000, 1_300_000, ISSUED, "http://portal/certificates/verify",
    )  # fmt: skip
    text = _text(d.render_certificate_pdf(doc), tmp_path)
    assert "7KQ2-M9XD-4TPR-B3HW" in text and "尚未足额交存" in text and "240.00" in text
    assert "交存证明" in text and "北京市住房资金管理中心" in text
