"""Every read and write of the deposit tables, behind one repository over one session.

``DepositRepository(session)`` is built by the database (``Database(url, metadata,
repositories=DepositRepository)``): a unit of work carries it as ``uow.repo`` and ``db.reading()`` yields
one over a read, so the service layer never sees SQL. The statements themselves live by subject in
``repository.py`` (house accounts, the ledger, the copies of the register), ``bills_repository.py``
(bills, orders, deposits, idempotency keys, the notification guard) and ``documents_repository.py``
(statements, certificates, fund projects); each method here runs one of them on this session.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from deposit.adapters import bills_repository as bills
from deposit.adapters import documents_repository as docs
from deposit.adapters import repository as ledger
from deposit.domain.billing import Bill, BillStatus, DepositStandard, PaymentType
from deposit.domain.ledger import AccountState, Posting
from deposit.domain.projects import Project, Share
from deposit.domain.records import (
    BillView,
    BuildingProject,
    Certificate,
    HouseFacts,
    HouseSummary,
    Order,
    ReceiptState,
    StatementEntry,
    StoredEntry,
    StoredProject,
)
from deposit.domain.statements import Totals

__all__ = ["DepositRepository"]


class DepositRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # --- house accounts, the ledger, the copies of the register (repository.py)
    def account_states(self, house_ids: Sequence[str]) -> dict[str, AccountState]:
        return ledger.account_states(self.session, house_ids)

    def accounts_page(self, after: str, limit: int) -> list[tuple[str, AccountState]]:
        return ledger.accounts_page(self.session, after, limit)

    def add_binding(self, account_id: str, house_id: str, bound_at: datetime) -> None:
        return ledger.add_binding(self.session, account_id, house_id, bound_at)

    def append_entry(self, house_id: str, posting: Posting, after: AccountState) -> int:
        return ledger.append_entry(self.session, house_id, posting, after)

    def bindings_among(self, pairs: list[tuple[str, str]]) -> set[tuple[str, str]]:
        return ledger.bindings_among(self.session, pairs)

    def bound_house_ids(self, account_id: str) -> list[str]:
        return ledger.bound_house_ids(self.session, account_id)

    def bound_house_summary(self, account_id: str, house_id: str) -> HouseSummary | None:
        return ledger.bound_house_summary(self.session, account_id, house_id)

    def bound_houses_page(
        self, account_id: str, address_contains: str, after_house_id: str, limit: int
    ) -> list[tuple[HouseSummary, AccountState]]:
        return ledger.bound_houses_page(self.session, account_id, address_contains, after_house_id, limit)

    def count_bound(self, account_id: str) -> int:
        return ledger.count_bound(self.session, account_id)

    def count_pending_bills(self, account_id: str) -> int:
        return ledger.count_pending_bills(self.session, account_id)

    def entry_by_business_no(self, business_no: str) -> StoredEntry | None:
        return ledger.entry_by_business_no(self.session, business_no)

    def house_facts_by_id(self, house_ids: list[str]) -> dict[str, tuple]:
        return ledger.house_facts_by_id(self.session, house_ids)

    def house_summary(self, house_id: str) -> HouseSummary | None:
        return ledger.house_summary(self.session, house_id)

    def is_bound(self, account_id: str, house_id: str) -> bool:
        return ledger.is_bound(self.session, account_id, house_id)

    def ledger_entry(self, house_id: str, entry_id: int) -> tuple[StoredEntry, ReceiptState] | None:
        return ledger.ledger_entry(self.session, house_id, entry_id)

    def ledger_page(self, house_id: str, before_entry_id: int | None, limit: int) -> list[StoredEntry]:
        return ledger.ledger_page(self.session, house_id, before_entry_id, limit)

    def lock_account(self, house_id: str) -> AccountState:
        return ledger.lock_account(self.session, house_id)

    def upsert_house_facts(self, values: dict[str, Any]) -> None:
        return ledger.upsert_house_facts(self.session, values)

    # --- bills, orders, deposits, idempotency keys, the notification guard (bills_repository.py)
    def bill_by_business_no(self, business_no: str) -> BillView | None:
        return bills.bill_by_business_no(self.session, business_no)

    def claim_idempotency_key(self, scope: str, key: str, request_hash: str) -> Any:
        return bills.claim_idempotency_key(self.session, scope, key, request_hash)

    def deposit_by_business_no(self, business_no: str) -> Any:
        return bills.deposit_by_business_no(self.session, business_no)

    def deposit_records(self, payer: str, before: tuple[datetime, str] | None, limit: int) -> list[Any]:
        return bills.deposit_records(self.session, payer, before, limit)

    def deposits_page(self, after: str, limit: int) -> list[Any]:
        return bills.deposits_page(self.session, after, limit)

    def get_bill(self, bill_id: str, lock: bool = False) -> BillView | None:
        return bills.get_bill(self.session, bill_id, lock)

    def get_deposit(self, deposit_id: str, lock: bool = False) -> Any:
        return bills.get_deposit(self.session, deposit_id, lock)

    def get_order(self, order_id: str, lock: bool = False) -> Order | None:
        return bills.get_order(self.session, order_id, lock)

    def house_facts_of(self, house_id: str) -> HouseFacts | None:
        return bills.house_facts_of(self.session, house_id)

    def insert_bill(self, bill: Bill, standard_fen_per_m2: int) -> None:
        return bills.insert_bill(self.session, bill, standard_fen_per_m2)

    def insert_deposit(self, values: dict[str, Any]) -> None:
        return bills.insert_deposit(self.session, values)

    def insert_order(self, values: dict[str, Any]) -> None:
        return bills.insert_order(self.session, values)

    def latest_order_of_bill(self, bill_id: str) -> Order | None:
        return bills.latest_order_of_bill(self.session, bill_id)

    def list_bills(self, house_ids: Sequence[str], status: BillStatus | None) -> list[BillView]:
        return bills.list_bills(self.session, house_ids, status)

    def mark_notification_seen(self, channel: str, key: str) -> bool:
        return bills.mark_notification_seen(self.session, channel, key)

    def order_by_out_trade_no(self, out_trade_no: str) -> Order | None:
        return bills.order_by_out_trade_no(self.session, out_trade_no)

    def orders_to_poll(
        self,
        created_before: datetime,
        queried_before: datetime,
        limit: int,
        *,
        closed_expiring_after: datetime | None = None,
        closed_queried_before: datetime | None = None,
    ) -> list[Order]:
        return bills.orders_to_poll(
            self.session,
            created_before,
            queried_before,
            limit,
            closed_expiring_after=closed_expiring_after,
            closed_queried_before=closed_queried_before,
        )

    def paid_orders_between(self, channel: str, start: datetime, end: datetime) -> list[Order]:
        return bills.paid_orders_between(self.session, channel, start, end)

    def pending_bill_of_type(self, house_id: str, payment_type: PaymentType) -> bool:
        return bills.pending_bill_of_type(self.session, house_id, payment_type)

    def purge_idempotency_keys(self, before: datetime) -> int:
        return bills.purge_idempotency_keys(self.session, before)

    def purge_notifications_seen(self, channel: str, before: datetime) -> int:
        return bills.purge_notifications_seen(self.session, channel, before)

    def receipt_copies(self, deposit_ids: list[str]) -> dict[str, Any]:
        return bills.receipt_copies(self.session, deposit_ids)

    def release_idempotency_key(self, scope: str, key: str) -> None:
        return bills.release_idempotency_key(self.session, scope, key)

    def reusable_order(
        self, bill_id: str, channel: str, *, amount_fen: int, payer: str, valid_after: datetime
    ) -> Order | None:
        return bills.reusable_order(
            self.session, bill_id, channel, amount_fen=amount_fen, payer=payer, valid_after=valid_after
        )

    def set_bill_status(self, bill_id: str, status: BillStatus) -> None:
        return bills.set_bill_status(self.session, bill_id, status)

    def standards(self) -> list[DepositStandard]:
        return bills.standards(self.session)

    def store_idempotent_response(self, scope: str, key: str, response: str) -> None:
        return bills.store_idempotent_response(self.session, scope, key, response)

    def take_over_idempotency_key(self, scope: str, key: str, claimed_at: datetime) -> bool:
        return bills.take_over_idempotency_key(self.session, scope, key, claimed_at)

    def update_deposit(self, deposit_id: str, **values: Any) -> None:
        return bills.update_deposit(self.session, deposit_id, **values)

    def update_order(self, order_id: str, **values: Any) -> None:
        return bills.update_order(self.session, order_id, **values)

    # --- statements, certificates, fund projects (documents_repository.py)
    def add_certificate(self, certificate: Certificate) -> None:
        return docs.add_certificate(self.session, certificate)

    def add_project(self, project_id: str, project: Project, now: datetime) -> None:
        return docs.add_project(self.session, project_id, project, now)

    def add_share(self, project_id: str, share: Share, entry_id: int, building: str) -> None:
        return docs.add_share(self.session, project_id, share, entry_id, building)

    def building_projects(self, building: str, limit: int) -> list[BuildingProject]:
        return docs.building_projects(self.session, building, limit)

    def certificate_by_code(self, code: str) -> Certificate | None:
        return docs.certificate_by_code(self.session, code)

    def certificate_by_id(self, certificate_id: str) -> Certificate | None:
        return docs.certificate_by_id(self.session, certificate_id)

    def compute_year(self, year: int, start: datetime, end: datetime, now: datetime) -> int:
        return docs.compute_year(self.session, year, start, end, now)

    def first_booked_at(self, house_id: str) -> datetime | None:
        return docs.first_booked_at(self.session, house_id)

    def opening_balances(self, house_id: str, start: datetime) -> tuple[int, int]:
        return docs.opening_balances(self.session, house_id, start)

    def project_by_no(self, project_no: str) -> StoredProject | None:
        return docs.project_by_no(self.session, project_no)

    def project_of_entry(self, entry_id: int) -> tuple[StoredProject, int] | None:
        return docs.project_of_entry(self.session, entry_id)

    def stored_statement(self, house_id: str, year: int) -> Totals | None:
        return docs.stored_statement(self.session, house_id, year)

    def year_entries(self, house_id: str, start: datetime, end: datetime) -> list[StatementEntry]:
        return docs.year_entries(self.session, house_id, start, end)
