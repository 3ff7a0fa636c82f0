"""The e-receipt PDF: deterministic, readable, with the CJK font embedded."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pypdf
import pytest

from invoice.adapters.receipt_pdf import (
    ReceiptDocument,
    ReceiptItem,
    find_cjk_font,
    render_receipt_pdf,
    verification_payload,
)

BEIJING = timezone(timedelta(hours=8))


def make_receipt(**changes: object) -> ReceiptDocument:
    receipt = ReceiptDocument(
        bill_code="11060126",
        bill_no="0000000123",
        check_code="7K3Q9A",
        issued_at=datetime(2026, 5, 9, 10, 30, 0, tzinfo=BEIJING),
        payer_name="张伟",
        receiving_unit="北京市住房资金管理中心",
        items=(
            ReceiptItem(
                item_name="住宅专项维修资金",
                house_address="北京市朝阳区望京西园三区301号楼2单元1502",
                area_m2="89.50",
                business_no="SW202611260001",
                amount_fen=1_790_000,
            ),
        ),
        total_fen=1_790_000,
        verify_url="https://einvoice.example.gov.cn/verify",
        remarks="首次交存",
    )
    return dataclasses.replace(receipt, **changes)


def page_text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    return reader.pages[0].extract_text()


def test_same_input_same_bytes() -> None:
    first = render_receipt_pdf(make_receipt())
    second = render_receipt_pdf(make_receipt())
    assert first == second
    assert first.startswith(b"%PDF-")


def test_different_receipts_have_different_ids() -> None:
    one = pypdf.PdfReader(io.BytesIO(render_receipt_pdf(make_receipt())))
    other = pypdf.PdfReader(io.BytesIO(render_receipt_pdf(make_receipt(bill_no="0000000124"))))
    assert one.trailer["/ID"] != other.trailer["/ID"]


def test_metadata_dates_come_from_issued_at() -> None:
    reader = pypdf.PdfReader(io.BytesIO(render_receipt_pdf(make_receipt())))
    assert reader.metadata is not None
    assert reader.metadata["/CreationDate"] == "D:20260509103000+08'00'"
    assert "0000000123" in reader.metadata["/Title"]


def test_text_carries_numbers_and_amounts() -> None:
    text = page_text(render_receipt_pdf(make_receipt()))
    for expected in (
        "北京市住宅专项维修资金电子票据",
        "11060126",
        "0000000123",
        "7K3Q9A",
        "2026-05-09",
        "张伟",
        "人民币壹万柒仟玖佰元整",
        "¥17,900.00",
        "SW202611260001",
        "89.50",
        "收款单位（章）",
        "复核人",
        "收款人",
    ):
        assert expected in text, expected


def test_naive_issued_at_is_beijing_time() -> None:
    naive = make_receipt(issued_at=datetime(2026, 5, 9, 10, 30, 0))
    assert render_receipt_pdf(naive) == render_receipt_pdf(make_receipt())
    utc = make_receipt(issued_at=datetime(2026, 5, 8, 17, 0, 0, tzinfo=UTC))
    assert "2026-05-09" in page_text(render_receipt_pdf(utc))


def test_red_flushed_receipt_says_so() -> None:
    text = page_text(render_receipt_pdf(make_receipt(red_flushed_by="11060126 0000000124")))
    assert "已冲红" in text
    assert "0000000124" in text


def _fonts(reader: pypdf.PdfReader) -> list[pypdf.generic.DictionaryObject]:
    resources = reader.pages[0]["/Resources"]
    return [font.get_object() for font in resources["/Font"].values()]


def test_cjk_font_is_embedded_as_truetype_subset() -> None:
    reader = pypdf.PdfReader(io.BytesIO(render_receipt_pdf(make_receipt())))
    embedded = []
    for font in _fonts(reader):
        descriptor = font.get("/FontDescriptor")
        if descriptor is None and "/DescendantFonts" in font:
            descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
        if descriptor is not None and "/FontFile2" in descriptor.get_object():
            embedded.append(str(font["/BaseFont"]))
    assert embedded, "no embedded TrueType font"
    assert all("+" in name for name in embedded), embedded  # subset fonts are tagged ABCDEF+Name


def test_qr_payload_carries_the_receipt_keys() -> None:
    payload = verification_payload(make_receipt())
    assert payload == (
        "https://einvoice.example.gov.cn/verify?bill_code=11060126&bill_no=0000000123&check_code=7K3Q9A"
    )
    with_query = verification_payload(make_receipt(verify_url="https://x.example/v?lang=zh"))
    assert with_query.startswith("https://x.example/v?lang=zh&bill_code=11060126&")


def test_negative_red_receipt_renders() -> None:
    item = dataclasses.replace(make_receipt().items[0], amount_fen=-1_790_000)
    pdf = render_receipt_pdf(make_receipt(items=(item,), total_fen=-1_790_000))
    text = page_text(pdf)
    assert "人民币负壹万柒仟玖佰元整" in text
    assert "红字" in text


def test_document_checks_its_total() -> None:
    with pytest.raises(ValueError):
        make_receipt(total_fen=1)
    with pytest.raises(ValueError):
        make_receipt(items=())


def test_font_path_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    path, index = find_cjk_font()
    monkeypatch.setenv("RECEIPT_FONT_PATH", f"{path}#{index}")
    assert find_cjk_font() == (path, index)
    bogus = tmp_path / "not-a-font.ttf"
    bogus.write_bytes(b"nope")
    monkeypatch.setenv("RECEIPT_FONT_PATH", str(bogus))
    with pytest.raises(RuntimeError, match="RECEIPT_FONT_PATH"):
        find_cjk_font()


def test_same_bytes_in_another_process() -> None:
    """Font subset tags and IDs must not depend on process state (gunicorn workers, pods)."""
    script = (
        "import hashlib, sys\n"
        "sys.path[:0] = ['services/common', 'services/invoice', 'tests/unit']\n"
        "from test_receipt_pdf import make_receipt\n"
        "from invoice.adapters.receipt_pdf import render_receipt_pdf\n"
        "print(hashlib.sha256(render_receipt_pdf(make_receipt())).hexdigest())\n"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=root, capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == hashlib.sha256(render_receipt_pdf(make_receipt())).hexdigest()
