"""What the finance e-receipt platform (财政电子票据平台) answers, as values: the receipt's state there,
the lines of a receipt asked for, and the answers to issue/query, red-flush and verify.

The platform's HTTP interface and its mapping are in ``invoice.adapters.einvoice_platform``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class ReceiptStatus(StrEnum):
    """A receipt's state on the platform."""

    ISSUED = "ISSUED"
    PROCESSING = "PROCESSING"
    REJECTED = "REJECTED"
    RED_FLUSHED = "RED_FLUSHED"


@dataclass(frozen=True, slots=True)
class IssueItem:
    """One line of a receipt: the deposit for one house."""

    name: str
    house_address: str
    area_m2: str
    business_no: str
    amount_fen: int


@dataclass(frozen=True, slots=True)
class IssueResult:
    """The platform's answer to issue or query. Numbers are set when status is ISSUED/RED_FLUSHED."""

    status: ReceiptStatus
    biz_no: str
    bill_code: str | None = None
    bill_no: str | None = None
    check_code: str | None = None
    issued_at: datetime | None = None
    amount_fen: int | None = None
    reject_reason: str | None = None
    red_bill_code: str | None = None
    red_bill_no: str | None = None

    @property
    def issued(self) -> bool:
        return self.status is ReceiptStatus.ISSUED


@dataclass(frozen=True, slots=True)
class RedFlushResult:
    status: ReceiptStatus
    bill_code: str
    bill_no: str
    red_bill_code: str
    red_bill_no: str


@dataclass(frozen=True, slots=True)
class VerifyResult:
    genuine: bool
    status: ReceiptStatus | None = None
    amount_fen: int | None = None
    payer_name_masked: str | None = None
    issued_at: datetime | None = None
