"""Everything printed on an e-receipt (the PDF is drawn by ``invoice.adapters.receipt_pdf``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

MAX_ITEMS = 4  # the lines that fit on one receipt page


@dataclass(frozen=True, slots=True)
class ReceiptItem:
    """One line of the receipt."""

    item_name: str  # e.g. 住宅专项维修资金
    house_address: str
    area_m2: str  # two decimals, as registered
    business_no: str
    amount_fen: int


@dataclass(frozen=True, slots=True)
class ReceiptDocument:
    """Everything printed on a receipt. ``issued_at`` naive means Beijing time."""

    bill_code: str
    bill_no: str
    check_code: str
    issued_at: datetime
    payer_name: str
    receiving_unit: str
    items: tuple[ReceiptItem, ...]
    total_fen: int
    verify_url: str
    red_flushed_by: str | None = None  # e.g. "11060126 0000000002" of the red receipt
    remarks: str = ""

    def __post_init__(self) -> None:
        if not self.items:
            raise ValueError("a receipt needs at least one item")
        if len(self.items) > MAX_ITEMS:
            raise ValueError(f"at most {MAX_ITEMS} items fit on one receipt")
        if sum(item.amount_fen for item in self.items) != self.total_fen:
            raise ValueError("total_fen must equal the sum of the items")
