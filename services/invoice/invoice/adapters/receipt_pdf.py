"""The e-receipt as a PDF, laid out like a 财政电子票据 (China's fiscal electronic receipt).

``render_receipt_pdf(receipt) -> bytes`` draws one 210 × 140 mm page: the title
「北京市住宅专项维修资金电子票据」, a verification QR code top left (the ``verify_url`` with
``bill_code``, ``bill_no`` and ``check_code`` in its query), 票据代码/票据号码/校验码/开票日期 top right,
the payer, an item table, the total in Chinese capitals and in figures, remarks, 收款单位（章）with an
electronic seal, 复核人 and 收款人, framed in the receipt's red-brown.

The output is byte-identical for the same input: reportlab's invariant mode, the creation date and the
document ID derived from the receipt, and the QR code drawn as vector squares (no image encoder).

Chinese glyphs are embedded as a TrueType subset, so the PDF renders anywhere. reportlab embeds only
TrueType outlines, so Debian's Noto CJK (CFF outlines in a .ttc) does not work; the font comes from
``RECEIPT_FONT_PATH`` (a .ttf/.ttc, optionally ``path#index`` for a collection member) or the first
usable font of :data:`FONT_CANDIDATES` (``fonts-wqy-zenhei`` first). No usable font is an error at the
first render, naming what to install.
"""

from __future__ import annotations

import hashlib
import io
import math
import os
import threading
from datetime import datetime
from urllib.parse import urlencode, urlsplit, urlunsplit

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from reportlab.lib.colors import Color, HexColor, black
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, Table, TableStyle

from invoice.domain.receipt_document import ReceiptDocument, ReceiptItem
from maintfund_common.beijing_time import BEIJING
from maintfund_common.money import format_yuan, to_chinese_capitals

__all__ = [
    "FONT_CANDIDATES",
    "ReceiptDocument",
    "ReceiptItem",
    "find_cjk_font",
    "render_receipt_pdf",
    "verification_payload",
]

#: TrueType-outline CJK fonts tried in order when RECEIPT_FONT_PATH is not set.
FONT_CANDIDATES: tuple[str, ...] = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",  # Debian fonts-wqy-zenhei
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",  # Debian fonts-wqy-microhei
    "/usr/share/fonts/truetype/arphic/uming.ttc",  # Debian fonts-arphic-uming
    "/usr/share/fonts/truetype/arphic/ukai.ttc",  # Debian fonts-arphic-ukai
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",  # Debian fonts-droid-fallback
    "/usr/share/fonts/wenquanyi/wqy-zenhei/wqy-zenhei.ttc",  # Fedora/RHEL
    "/Library/Fonts/Arial Unicode.ttf",  # macOS developer machines
)

FONT_NAME = "ReceiptCJK"
RECEIPT_RED = HexColor("#A3432B")  # the red-brown of printed fiscal receipts
SEAL_RED = Color(0.84, 0.1, 0.1, alpha=0.85)
INK = HexColor("#1F2A44")  # values in dark blue-black, labels in red-brown
TITLE = "北京市住宅专项维修资金电子票据"
PAGE_SIZE = (210 * mm, 140 * mm)  # the usual size of a printed fiscal e-receipt

_font_lock = threading.Lock()
_font_registered = False


# --- font ----------------------------------------------------------------------------------------


def _split_font_spec(spec: str) -> tuple[str, int]:
    path, _, index = spec.partition("#")
    return path, int(index) if index else 0


def _try_font(path: str, index: int) -> TTFont | None:
    if not os.path.isfile(path):
        return None
    try:
        return TTFont(FONT_NAME, path, subfontIndex=index)
    except (TTFError, OSError, ValueError):
        return None


def find_cjk_font() -> tuple[str, int]:
    """(path, collection index) of the font to embed; see the module docstring."""
    configured = os.environ.get("RECEIPT_FONT_PATH", "").strip()
    if configured:
        path, index = _split_font_spec(configured)
        if _try_font(path, index) is None:
            raise RuntimeError(
                f"RECEIPT_FONT_PATH={configured!r} is not a usable TrueType font "
                "(reportlab needs TrueType outlines; OpenType/CFF such as Noto CJK do not work)"
            )
        return path, index
    for candidate in FONT_CANDIDATES:
        path, index = _split_font_spec(candidate)
        if _try_font(path, index) is not None:
            return path, index
    raise RuntimeError(
        "no TrueType CJK font for receipts: install fonts-wqy-zenhei (apt-get install fonts-wqy-zenhei) "
        "or set RECEIPT_FONT_PATH to a .ttf/.ttc with TrueType outlines"
    )


def _ensure_font() -> None:
    global _font_registered  # noqa: PLW0603 - one registration per process
    with _font_lock:
        if _font_registered:
            return
        path, index = find_cjk_font()
        pdfmetrics.registerFont(TTFont(FONT_NAME, path, subfontIndex=index))
        _font_registered = True


# --- content helpers -----------------------------------------------------------------------------


def verification_payload(receipt: ReceiptDocument) -> str:
    """What the QR code encodes: ``verify_url`` with the three receipt keys added to its query."""
    parts = urlsplit(receipt.verify_url)
    extra = urlencode(
        {"bill_code": receipt.bill_code, "bill_no": receipt.bill_no, "check_code": receipt.check_code}
    )
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


def _beijing(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=BEIJING)
    return moment.astimezone(BEIJING)


def _pdf_date(moment: datetime) -> str:
    return moment.strftime("D:%Y%m%d%H%M%S+08'00'")


def _style(
    size: float, align: int = TA_LEFT, color: Color = INK, leading: float | None = None
) -> ParagraphStyle:
    return ParagraphStyle(
        name=f"r{size}{align}",
        fontName=FONT_NAME,
        fontSize=size,
        leading=leading or size * 1.3,
        alignment=align,
        textColor=color,
        wordWrap="CJK",
    )


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return Paragraph(escaped, style)


# --- drawing -------------------------------------------------------------------------------------


def _draw_qr(canvas: Canvas, payload: str, x: float, y_top: float, size: float) -> None:
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    qr.add_data(payload)
    qr.make(fit=True)
    matrix = qr.get_matrix()
    cell = size / len(matrix)
    canvas.saveState()
    canvas.setFillColor(black)
    for row_index, row in enumerate(matrix):
        y = y_top - (row_index + 1) * cell
        col = 0
        while col < len(row):  # merge horizontal runs: fewer, seamless rectangles
            if not row[col]:
                col += 1
                continue
            start = col
            while col < len(row) and row[col]:
                col += 1
            canvas.rect(x + start * cell, y, (col - start) * cell, cell, stroke=0, fill=1)
    canvas.restoreState()


def _draw_arc_text(canvas: Canvas, text: str, *, cx: float, cy: float, radius: float, size: float) -> None:
    """Characters along the upper arc of a circle, as on a Chinese seal."""
    span = min(240.0, 21.0 * len(text))
    step = span / max(len(text) - 1, 1)
    start = 90 + span / 2
    canvas.setFont(FONT_NAME, size)
    for i, ch in enumerate(text):
        angle = math.radians(start - i * step)
        canvas.saveState()
        canvas.translate(cx + radius * math.cos(angle), cy + radius * math.sin(angle))
        canvas.rotate(math.degrees(angle) - 90)
        canvas.drawCentredString(0, -size / 2.8, ch)
        canvas.restoreState()


def _draw_seal(canvas: Canvas, unit: str, cx: float, cy: float) -> None:
    radius = 33
    canvas.saveState()
    canvas.setStrokeColor(SEAL_RED)
    canvas.setFillColor(SEAL_RED)
    canvas.setLineWidth(1.6)
    canvas.circle(cx, cy, radius, stroke=1, fill=0)
    label = unit if len(unit) <= 14 else unit[:14]
    _draw_arc_text(canvas, label, cx=cx, cy=cy, radius=radius - 8, size=6.6 if len(label) > 10 else 7.5)
    # five-pointed star
    points = []
    for k in range(10):
        r = 8 if k % 2 == 0 else 3.2
        a = math.radians(90 + k * 36)
        points.append((cx + r * math.cos(a), cy + 2 + r * math.sin(a)))
    path = canvas.beginPath()
    path.moveTo(*points[0])
    for point in points[1:]:
        path.lineTo(*point)
    path.close()
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.setFont(FONT_NAME, 6.5)
    canvas.drawCentredString(cx, cy - 16, "票据专用章")
    canvas.restoreState()


def _draw_watermark(canvas: Canvas, text: str, width: float, height: float) -> None:
    canvas.saveState()
    canvas.setFillColor(Color(0.85, 0.1, 0.1, alpha=0.18))
    canvas.setFont(FONT_NAME, 72)
    canvas.translate(width / 2, height / 2 - 20)
    canvas.rotate(20)
    canvas.drawCentredString(0, 0, text)
    canvas.restoreState()


def _items_table(receipt: ReceiptDocument, width: float) -> Table:
    head = _style(9, TA_CENTER, RECEIPT_RED)
    cell = _style(9, TA_CENTER)
    left = _style(9, TA_LEFT)
    right = _style(9, TA_RIGHT)
    label = _style(9, TA_CENTER, RECEIPT_RED)
    col_widths = [w * width for w in (0.17, 0.37, 0.10, 0.19, 0.17)]

    rows: list[list[object]] = [
        [_p(t, head) for t in ("项目名称", "房屋坐落", "面积(m²)", "业务流水号", "金额(元)")]
    ]
    for item in receipt.items:
        rows.append(
            [
                _p(item.item_name, cell),
                _p(item.house_address, left),
                _p(item.area_m2, right),
                _p(item.business_no, cell),
                _p(format_yuan(item.amount_fen).replace("¥", ""), right),
            ]
        )
    # pad to a fixed height so every receipt looks the same
    for _ in range(max(0, 2 - len(receipt.items))):
        rows.append(["", "", "", "", ""])
    total_row = len(rows)
    rows.append(
        [
            _p("金额合计（大写）", label),
            _p(to_chinese_capitals(receipt.total_fen), _style(10, TA_LEFT)),
            "",
            _p("（小写）", _style(9, TA_RIGHT, RECEIPT_RED)),
            _p(format_yuan(receipt.total_fen), _style(10, TA_RIGHT)),
        ]
    )
    remarks = receipt.remarks
    if receipt.red_flushed_by:
        note = f"本票据已被红字票据（{receipt.red_flushed_by}）冲红，作废。"
        remarks = f"{note}{remarks}" if remarks else note
    rows.append([_p("备注", label), _p(remarks, left), "", "", ""])
    remarks_row = total_row + 1

    row_heights: list[float] = [20.0]
    for row in rows[1:total_row]:
        needed = 0.0
        for content, col_width in zip(row, col_widths, strict=True):
            if isinstance(content, Paragraph):
                needed = max(needed, content.wrap(col_width - 8, 1000)[1] + 6)
        row_heights.append(max(28.0, needed))
    row_heights += [26.0, 38.0]
    table = Table(rows, colWidths=col_widths, rowHeights=row_heights)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.7, RECEIPT_RED),
                ("BOX", (0, 0), (-1, -1), 1.2, RECEIPT_RED),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (-1, 0), HexColor("#FBF1EC")),
                ("SPAN", (1, total_row), (2, total_row)),
                ("SPAN", (1, remarks_row), (4, remarks_row)),
                ("VALIGN", (1, remarks_row), (4, remarks_row), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _label_value(canvas: Canvas, x: float, y: float, label: str, value: str, *, size: float = 9) -> None:
    canvas.setFont(FONT_NAME, size)
    canvas.setFillColor(RECEIPT_RED)
    canvas.drawString(x, y, label)
    canvas.setFillColor(INK)
    canvas.drawString(x + pdfmetrics.stringWidth(label, FONT_NAME, size), y, value)


MARGIN = 20.0


def _new_canvas(buffer: io.BytesIO, receipt: ReceiptDocument, issued: datetime) -> Canvas:
    canvas = Canvas(buffer, pagesize=PAGE_SIZE, invariant=1, pageCompression=1, pdfVersion=(1, 4))
    fixed_date = _pdf_date(issued)
    canvas.setDateFormatter(lambda *_parts: fixed_date)
    # A per-receipt document ID: invariant mode alone would give every receipt the same one.
    # updateSignature is reportlab's own hook for the digest behind /ID.
    canvas._doc.updateSignature(
        hashlib.sha256(
            f"{receipt.bill_code}|{receipt.bill_no}|{receipt.check_code}|{issued.isoformat()}".encode()
        ).hexdigest()
    )
    canvas.setTitle(f"{TITLE} {receipt.bill_code}-{receipt.bill_no}")
    canvas.setAuthor(receipt.receiving_unit)
    canvas.setSubject("财政电子票据")
    canvas.setCreator("maintfund invoice service")
    canvas.setProducer("maintfund invoice service (ReportLab)")
    return canvas


def _draw_frame(canvas: Canvas, width: float, height: float) -> None:
    """Thick outer line, thin inner line."""
    canvas.setStrokeColor(RECEIPT_RED)
    canvas.setLineWidth(1.8)
    canvas.rect(MARGIN - 8, MARGIN - 8, width - 2 * MARGIN + 16, height - 2 * MARGIN + 16)
    canvas.setLineWidth(0.6)
    canvas.rect(MARGIN - 5, MARGIN - 5, width - 2 * MARGIN + 10, height - 2 * MARGIN + 10)


def _draw_title(canvas: Canvas, width: float, title_y: float, *, red: bool) -> None:
    """The title in a bold look with a double rule under it."""
    title_size = 16
    title_w = pdfmetrics.stringWidth(TITLE, FONT_NAME, title_size)
    canvas.saveState()  # the text render mode is graphics state: keep it to the title
    canvas.setFillColor(RECEIPT_RED)
    canvas.setStrokeColor(RECEIPT_RED)
    canvas.setLineWidth(0.35)
    text = canvas.beginText(width / 2 - title_w / 2, title_y)
    text.setFont(FONT_NAME, title_size)
    text.setTextRenderMode(2)  # fill + stroke: a bold look from a regular face
    text.textOut(TITLE)
    canvas.drawText(text)
    canvas.restoreState()
    canvas.setFillColor(RECEIPT_RED)
    canvas.setStrokeColor(RECEIPT_RED)
    left, right = width / 2 - title_w / 2 - 6, width / 2 + title_w / 2 + 6
    canvas.setLineWidth(0.9)
    canvas.line(left, title_y - 7, right, title_y - 7)
    canvas.setLineWidth(0.4)
    canvas.line(left, title_y - 10, right, title_y - 10)
    if red:
        canvas.setFont(FONT_NAME, 10)
        canvas.drawCentredString(width / 2, title_y - 24, "（红字）")


def _draw_header(
    canvas: Canvas, receipt: ReceiptDocument, issued: datetime, width: float, top: float
) -> None:
    """QR code top left, the receipt's numbers top right."""
    qr_size = 70.0
    qr_x, qr_top = MARGIN + 6, top - 6  # keeps a quiet zone of about four modules
    _draw_qr(canvas, verification_payload(receipt), qr_x, qr_top, qr_size)
    canvas.setFont(FONT_NAME, 7)
    canvas.setFillColor(RECEIPT_RED)
    canvas.drawCentredString(qr_x + qr_size / 2, qr_top - qr_size - 10, "扫码查验真伪")

    right_x = width - MARGIN - 122
    y = top - 14
    for label, value in (
        ("票据代码：", receipt.bill_code),
        ("票据号码：", receipt.bill_no),
        ("校 验 码：", receipt.check_code),
        ("开票日期：", issued.strftime("%Y-%m-%d")),
    ):
        _label_value(canvas, right_x, y, label, value)
        y -= 16


def _draw_footer(canvas: Canvas, receipt: ReceiptDocument, width: float, sign_y: float) -> None:
    """收款单位（章） with the seal over it, 复核人, 收款人."""
    _label_value(canvas, MARGIN + 4, sign_y, "收款单位（章）：", receipt.receiving_unit)
    _label_value(canvas, width / 2 + 60, sign_y, "复核人：", "")
    _label_value(canvas, width - MARGIN - 110, sign_y, "收款人：", "")
    seal_x = MARGIN + 4 + pdfmetrics.stringWidth("收款单位（章）：", FONT_NAME, 9) + 45
    _draw_seal(canvas, receipt.receiving_unit, seal_x, sign_y + 3)


def render_receipt_pdf(receipt: ReceiptDocument) -> bytes:
    """The receipt as PDF bytes; the same input gives the same bytes."""
    _ensure_font()
    issued = _beijing(receipt.issued_at)
    width, height = PAGE_SIZE
    top = height - MARGIN
    buffer = io.BytesIO()
    canvas = _new_canvas(buffer, receipt, issued)

    _draw_frame(canvas, width, height)
    _draw_title(canvas, width, top - 32, red=receipt.total_fen < 0)
    _draw_header(canvas, receipt, issued, width, top)

    payer_y = top - 102
    _label_value(canvas, MARGIN + 4, payer_y, "交款人：", receipt.payer_name, size=10)

    table_width = width - 2 * MARGIN
    table = _items_table(receipt, table_width)
    _, table_height = table.wrapOn(canvas, table_width, height)
    table_bottom = payer_y - 9 - table_height
    sign_y = MARGIN + 34
    if table_bottom < sign_y + 40:
        raise ValueError("receipt items do not fit on one page; shorten the addresses or remarks")
    table.drawOn(canvas, MARGIN, table_bottom)

    _draw_footer(canvas, receipt, width, sign_y)
    if receipt.red_flushed_by:
        _draw_watermark(canvas, "已冲红", width, height)

    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
