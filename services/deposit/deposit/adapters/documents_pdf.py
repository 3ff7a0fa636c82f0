"""Owners' documents as PDF: the annual statement (年度结存单) and the deposit certificate (交存证明).

A4, reportlab platypus (the entry table flows over pages), Chinese glyphs embedded as a TrueType subset
from the font the invoice service uses for receipts (``fonts-wqy-zenhei``; ``RECEIPT_FONT_PATH`` or the
first usable of ``FONT_CANDIDATES``; reportlab cannot embed Noto CJK's CFF outlines). Each carries the
issuing unit and a verification QR drawn as vector squares; the same input gives the same bytes.
"""

from __future__ import annotations

import io
import os
import threading
from dataclasses import dataclass
from datetime import datetime

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from maintfund_common.beijing_time import BEIJING
from maintfund_common.money import format_yuan, to_chinese_capitals

FONT_CANDIDATES: tuple[str, ...] = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/wenquanyi/wqy-zenhei/wqy-zenhei.ttc",
)
FONT = "DocumentCJK"
ISSUING_UNIT = "北京市住房资金管理中心"
INK = colors.HexColor("#1F2A44")
RULE = colors.HexColor("#A3432B")

_lock = threading.Lock()
_registered = False


def _ensure_font() -> None:
    global _registered  # noqa: PLW0603 - one registration per process
    with _lock:
        if _registered:
            return
        configured = os.environ.get("RECEIPT_FONT_PATH", "").strip()
        for spec in (configured,) if configured else FONT_CANDIDATES:
            path, _, index = spec.partition("#")
            if not os.path.isfile(path):
                continue
            try:
                pdfmetrics.registerFont(TTFont(FONT, path, subfontIndex=int(index or 0)))
            except (TTFError, OSError, ValueError):
                continue
            _registered = True
            return
        raise RuntimeError(
            "no TrueType CJK font for documents: install fonts-wqy-zenhei or set RECEIPT_FONT_PATH"
        )


def _style(size: float, align: int = TA_LEFT, color: colors.Color = INK) -> ParagraphStyle:
    return ParagraphStyle(
        f"d{size}{align}", fontName=FONT, fontSize=size, leading=size * 1.4, alignment=align,
        textColor=color, wordWrap="CJK",
    )  # fmt: skip


def _p(text: str, size: float = 9, align: int = TA_LEFT, color: colors.Color = INK) -> Paragraph:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return Paragraph(escaped, _style(size, align, color))


def _yuan(fen: int) -> str:
    return format_yuan(fen).replace("¥", "")


def beijing(moment: datetime) -> datetime:
    return moment.astimezone(BEIJING) if moment.tzinfo else moment.replace(tzinfo=BEIJING)


class QrCode(Flowable):
    """A QR code drawn as vector squares (no image encoder: byte-identical output)."""

    def __init__(self, payload: str, size: float = 28 * mm) -> None:
        super().__init__()
        qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
        qr.add_data(payload)
        qr.make(fit=True)
        self.matrix = qr.get_matrix()
        self.size = size
        self.width = self.height = size

    def draw(self) -> None:
        cell = self.size / len(self.matrix)
        self.canv.setFillColor(colors.black)
        for r, row in enumerate(self.matrix):
            for c, dark in enumerate(row):
                if dark:
                    self.canv.rect(c * cell, self.size - (r + 1) * cell, cell, cell, stroke=0, fill=1)


def _render(title: str, story: list[Flowable], moment: datetime, subject: str) -> bytes:
    _ensure_font()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
        bottomMargin=16 * mm, title=title, author=ISSUING_UNIT, subject=subject,
        creator="maintfund deposit service", invariant=1,
    )  # fmt: skip
    stamp = beijing(moment).strftime("D:%Y%m%d%H%M%S+08'00'")

    def page(canvas: object, _doc: object) -> None:
        canvas.setDateFormatter(lambda *_a: stamp)  # type: ignore[attr-defined]
        canvas.setFont(FONT, 7.5)  # type: ignore[attr-defined]
        canvas.setFillColor(RULE)  # type: ignore[attr-defined]
        canvas.drawRightString(A4[0] - 18 * mm, 9 * mm, f"{ISSUING_UNIT}  第 {canvas.getPageNumber()} 页")  # type: ignore[attr-defined]

    doc.build(story, onFirstPage=page, onLaterPages=page)
    return buffer.getvalue()


def _header(title: str, qr_payload: str, lines: list[tuple[str, str]]) -> list[Flowable]:
    facts = Table(
        [[_p(label, 9, color=RULE), _p(value, 9)] for label, value in lines],
        colWidths=[28 * mm, 106 * mm],
    )
    facts.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    qr = Table([[QrCode(qr_payload)], [_p("扫码查验", 7, TA_CENTER, RULE)]], colWidths=[32 * mm])
    head = Table([[facts, qr]], colWidths=[138 * mm, 36 * mm])
    head.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [_p(title, 16, TA_CENTER, RULE), Spacer(1, 6 * mm), head, Spacer(1, 4 * mm)]


def _grid(rows: list[list[object]], widths: list[float], header: bool = True) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    style = [
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#FBF1EC")))
    table.setStyle(TableStyle(style))
    return table


# --- 年度结存单 ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatementLine:
    booked_at: datetime
    kind_name: str
    summary: str
    business_no: str
    amount_fen: int
    balance_after_fen: int


@dataclass(frozen=True)
class StatementDocument:
    year: int
    address: str
    area_m2: str
    house_id: str
    opening_balance_fen: int
    deposits_fen: int
    interest_fen: int
    apportionments_fen: int
    refunds_fen: int
    closing_balance_fen: int
    principal_fen: int
    interest_balance_fen: int
    lines: tuple[StatementLine, ...]
    issued_at: datetime
    qr_payload: str


def render_statement_pdf(doc: StatementDocument) -> bytes:
    _ensure_font()  # before the first Paragraph: its style names the font
    issued = beijing(doc.issued_at)
    story = _header(
        f"北京市住宅专项维修资金 {doc.year}年度结存单",
        doc.qr_payload,
        [
            ("房屋坐落：", doc.address),
            ("建筑面积：", f"{doc.area_m2} m²"),
            ("结存年度：", f"{doc.year}年1月1日至{doc.year}年12月31日（北京时间）"),
            ("出具日期：", issued.strftime("%Y-%m-%d %H:%M")),
        ],
    )
    figures = [
        ("年初余额", doc.opening_balance_fen),
        ("本年交存", doc.deposits_fen),
        ("本年增值", doc.interest_fen),
        ("本年使用分摊", doc.apportionments_fen),
        ("本年退款", doc.refunds_fen),
        ("年末余额", doc.closing_balance_fen),
        ("其中：本金", doc.principal_fen),
        ("其中：增值", doc.interest_balance_fen),
    ]
    story.append(
        _grid(
            [[_p("项目", 9, TA_CENTER, RULE), _p("金额（元）", 9, TA_CENTER, RULE)]]
            + [[_p(label), _p(_yuan(fen), 9, TA_RIGHT)] for label, fen in figures],
            [60 * mm, 50 * mm],
        )
    )
    story += [
        Spacer(1, 2 * mm),
        _p(f"年末余额（大写）：{to_chinese_capitals(doc.closing_balance_fen)}", 9),
        Spacer(1, 5 * mm),
        _p("本年资金明细", 11, color=RULE),
        Spacer(1, 2 * mm),
    ]
    rows: list[list[object]] = [
        [
            _p(t, 8.5, TA_CENTER, RULE)
            for t in ("记账日期", "类型", "摘要", "业务流水号", "金额（元）", "余额（元）")
        ]
    ]
    for line in doc.lines:
        rows.append(
            [
                _p(beijing(line.booked_at).strftime("%Y-%m-%d"), 8.5),
                _p(line.kind_name, 8.5),
                _p(line.summary, 8.5),
                _p(line.business_no, 8),
                _p(_yuan(line.amount_fen), 8.5, TA_RIGHT),
                _p(_yuan(line.balance_after_fen), 8.5, TA_RIGHT),
            ]
        )
    if not doc.lines:
        rows.append([_p("本年无资金变动", 8.5), "", "", "", "", ""])
    story.append(_grid(rows, [22 * mm, 18 * mm, 46 * mm, 38 * mm, 25 * mm, 25 * mm]))
    story += [
        Spacer(1, 6 * mm),
        _p("年初余额 + 本年交存 + 本年增值 + 本年使用分摊 + 本年退款 = 年末余额。金额单位：元。", 8),
        Spacer(1, 3 * mm),
        _p(f"出具单位：{ISSUING_UNIT}", 10),
    ]
    return _render(f"{doc.year}年度结存单", story, doc.issued_at, "年度结存单")


# --- 交存证明 ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CertificateDocument:
    certificate_id: str
    verification_code: str  # as shown, in groups
    address: str
    area_m2: str
    fully_paid: bool
    shortfall_fen: int
    balance_fen: int
    first_deposit_fen: int
    issued_at: datetime
    verify_url: str  # the public verification page; the QR carries it with ?code=


def render_certificate_pdf(doc: CertificateDocument) -> bytes:
    _ensure_font()
    issued = beijing(doc.issued_at)
    code = doc.verification_code.replace("-", "")
    story = _header(
        "北京市住宅专项维修资金交存证明",
        f"{doc.verify_url}?code={code}",
        [
            ("房屋坐落：", doc.address),
            ("建筑面积：", f"{doc.area_m2} m²"),
            ("证明编号：", doc.certificate_id),
            ("验 证 码：", doc.verification_code),
            ("出具时间：", issued.strftime("%Y-%m-%d %H:%M")),
        ],
    )
    if doc.fully_paid:
        verdict = f"经核查，截至{issued:%Y年%m月%d日}，上述房屋的住宅专项维修资金已足额交存，无待交存款项。"
    else:
        verdict = (
            f"经核查，截至{issued:%Y年%m月%d日}，上述房屋的住宅专项维修资金尚未足额交存，"
            f"尚需交存 {_yuan(doc.shortfall_fen)} 元（{to_chinese_capitals(doc.shortfall_fen)}）。"
        )
    story += [
        _p(verdict, 11),
        Spacer(1, 4 * mm),
        _grid(
            [
                [_p("首次交存（元）"), _p(_yuan(doc.first_deposit_fen), 9, TA_RIGHT)],
                [_p("账户余额（元）"), _p(_yuan(doc.balance_fen), 9, TA_RIGHT)],
                [_p("尚需交存（元）"), _p(_yuan(doc.shortfall_fen), 9, TA_RIGHT)],
            ],
            [60 * mm, 50 * mm],
            header=False,
        ),
        Spacer(1, 6 * mm),
        _p(
            f"本证明仅反映出具时的交存情况。查验：访问 {doc.verify_url} "
            + f"输入验证码 {doc.verification_code}，或扫描二维码。",
            8.5,
        ),
        Spacer(1, 4 * mm),
        _p(f"出具单位：{ISSUING_UNIT}", 10),
    ]
    return _render("交存证明", story, doc.issued_at, "交存证明")
