"""The copy of paid deposits: DepositPaid and PaperReceiptRecorded, the deposit service asked when the
copy lags (DESIGN §2), and the repair of reconcile-copies. Every path stores through ``record_deposit``."""

from __future__ import annotations

import dataclasses
import logging
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from invoice.domain.receipts import PaidDeposit
from invoice.service_layer.ports import DepositLookup
from maintfund.events.v1 import events_pb2
from maintfund_common.field_crypto import KeyRing

if TYPE_CHECKING:
    from invoice.adapters.repository import InvoiceRepository
    from maintfund_common.db import Database, UnitOfWork

log = logging.getLogger(__name__)

OWNER_NAME_CTX = "invoice.deposits.owner_name"  # the encryption context of the payer's name


def is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def record_deposit(uow: UnitOfWork[InvoiceRepository], keyring: KeyRing, deposit: PaidDeposit) -> bool:
    """Keep a copy of a paid deposit (first copy wins; it never changes): the one path for the event
    and for what the deposit service told a lagging copy. True when this call stored it."""
    if uow.repo.get_deposit(deposit.deposit_id) is not None:
        return False
    return uow.repo.add_deposit(deposit, keyring.encrypt(deposit.owner_name, OWNER_NAME_CTX))


def restore_deposit(uow: UnitOfWork[InvoiceRepository], keyring: KeyRing, deposit: PaidDeposit) -> None:
    """reconcile-copies: a deposit missing from the copy is stored as its event would have; one whose
    facts differ from the deposit service's is set back to them (the receipt's payer name stays)."""
    if record_deposit(uow, keyring, deposit):
        return
    row = uow.repo.get_deposit(deposit.deposit_id, lock=True)
    paper_receipt_no = (row.paper_receipt_no if row else None) or deposit.paper_receipt_no
    uow.repo.restore_deposit_facts(dataclasses.replace(deposit, paper_receipt_no=paper_receipt_no))


def paid_deposit_of(event: events_pb2.DepositPaid) -> PaidDeposit:
    return PaidDeposit(
        deposit_id=event.deposit_id,
        house_id=event.house_id,
        business_no=event.business_no,
        amount_fen=event.amount_fen,
        paid_at=datetime.fromisoformat(event.paid_at),
        channel=event.channel,
        payer_account_id=event.payer_account_id,
        owner_name=event.owner_name,
        house_address=event.house_address,
        area_m2=event.area_m2,
        payment_type=event.payment_type,
    )


def record_deposit_paid(keyring: KeyRing) -> Callable[[UnitOfWork, events_pb2.DepositPaid], None]:
    """The handler of DepositPaid: keep a copy of the deposit (see record_deposit)."""

    def handle(uow: UnitOfWork[InvoiceRepository], event: events_pb2.DepositPaid) -> None:
        record_deposit(uow, keyring, paid_deposit_of(event))

    return handle


def learn_missing_deposit(
    db: Database[InvoiceRepository], keyring: KeyRing, lookup: DepositLookup, deposit_id: str
) -> None:
    """A copy behind its events asks the deposit service (DESIGN §2): never "not found" because of lag.

    Only stores facts; who may see them is decided afterwards on the copy, exactly as for the event's."""
    if not is_uuid(deposit_id):
        return  # no deposit has such an id: the usual NOT_FOUND, without a remote call
    with db.reading() as repo:
        if repo.get_deposit(deposit_id) is not None:
            return
    deposit = lookup(deposit_id)  # outside any transaction: no row lock held across a remote call
    if deposit is None:
        return  # the deposit service has none either: the usual NOT_FOUND
    with db.unit_of_work() as uow:
        if record_deposit(uow, keyring, deposit):
            log.info("deposit copy filled from the deposit service", extra={"deposit_id": deposit_id})
        uow.commit()


def record_paper_receipt(uow: UnitOfWork[InvoiceRepository], event: events_pb2.PaperReceiptRecorded) -> None:
    """A paper receipt exists: no electronic receipt may be requested any more."""
    if not uow.repo.record_paper_receipt(event.deposit_id, event.paper_receipt_no or "PAPER"):
        # Its DepositPaid has not arrived yet: the retry queue brings this event back later.
        raise LookupError(f"deposit {event.deposit_id} not known yet")
