"""What the deposit service stores, as the use cases see it: records read from and written to its
repository (``adapters.deposit_repository.DepositRepository``), plain values with no SQL behind them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from deposit.domain.billing import Bill
from deposit.domain.ledger import EntryKind
from deposit.domain.payments import OrderStatus
from deposit.domain.projects import Project
from deposit.domain.statements import Movement


@dataclass(frozen=True)
class StoredEntry:
    entry_id: int
    house_id: str
    kind: EntryKind
    principal_delta_fen: int
    interest_delta_fen: int
    principal_after_fen: int
    interest_after_fen: int
    business_no: str
    booked_at: datetime
    deposit_id: str
    summary: str

    @property
    def amount_fen(self) -> int:
        return self.principal_delta_fen + self.interest_delta_fen

    @property
    def balance_after_fen(self) -> int:
        return self.principal_after_fen + self.interest_after_fen

    def movement(self) -> Movement:
        """The entry as the annual statement's arithmetic counts it (domain.statements)."""
        return Movement(
            self.kind,
            self.principal_delta_fen,
            self.interest_delta_fen,
            self.principal_after_fen,
            self.interest_after_fen,
        )


@dataclass(frozen=True)
class ReceiptState:
    kind: str  # NONE | PAPER | ELECTRONIC
    invoice_id: str = ""
    status: str = ""


@dataclass(frozen=True)
class HouseSummary:
    house_id: str
    district_code: str
    address: str
    area_m2: str
    property_kind: str
    storey_class: str
    deposits_blocked: bool = False
    contract_no: str = ""
    cert_no: str = ""
    needs_refund: bool = False


@dataclass(frozen=True)
class HouseFacts:
    house_id: str
    address: str
    area_m2: Decimal
    property_kind: str
    storey_class: str
    deposits_blocked: bool


@dataclass(frozen=True)
class BillView:
    bill: Bill
    created_at: datetime
    standard_fen_per_m2: int
    house: HouseFacts | None


@dataclass(frozen=True)
class Order:
    order_id: str
    out_trade_no: str
    bill_id: str
    house_id: str
    channel: str
    amount_fen: int
    status: OrderStatus
    flag: str
    payer_account_id: str
    qr_content: str
    expires_at: datetime
    created_at: datetime
    paid_at: datetime | None
    deposit_id: str
    business_no: str = ""


@dataclass(frozen=True)
class Certificate:
    certificate_id: str
    verification_code: str
    house_id: str
    account_id: str
    address: str
    area_m2: str
    fully_paid: bool
    shortfall_fen: int
    balance_fen: int
    first_deposit_fen: int
    issued_at: datetime


@dataclass(frozen=True)
class StoredProject:
    project_id: str
    project: Project


@dataclass(frozen=True)
class BuildingProject:
    stored: StoredProject
    houses_in_building: int  # houses of this building that paid a share
    building_paid_fen: int  # what they paid together
