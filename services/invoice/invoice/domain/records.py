"""The invoice service's records: its copy of a paid deposit and an e-receipt, as read from its tables."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from invoice.domain.receipts import DepositFacts, InvoiceStatus


@dataclass(frozen=True)
class StoredDeposit:
    """A deposit in the copy (DepositPaid, or the deposit service's answer when the event lagged)."""

    deposit_id: str
    house_id: str
    business_no: str
    amount_fen: int
    paid_at: datetime
    payer_account_id: str | None
    owner_name_enc: str  # encrypted at rest (field_crypto); decrypted only to print or send the receipt
    house_address: str
    area_m2: str
    paper_receipt_no: str | None

    @property
    def facts(self) -> DepositFacts:
        return DepositFacts(
            self.deposit_id, self.house_id, self.payer_account_id, bool(self.paper_receipt_no)
        )


@dataclass(frozen=True)
class StoredInvoice:
    """An e-receipt of a deposit, with the deposit's house and business number."""

    invoice_id: str
    deposit_id: str
    status: InvoiceStatus
    amount_fen: int
    bill_code: str | None
    bill_no: str | None
    check_code: str | None
    issued_at: datetime | None
    payer_name_masked: str | None
    failure_reason: str | None
    attempts: int
    requested_at: datetime
    replaces_invoice_id: str | None
    red_bill_code: str | None
    red_bill_no: str | None
    house_id: str = ""
    business_no: str = ""
