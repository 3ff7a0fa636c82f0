"""Bill use cases: raise, void, list, the title centre's question, paper receipts, deposit records,
one deposit's facts for the invoice service."""

from __future__ import annotations

import logging
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from deposit.domain.access import Access, Notice, notices, payable
from deposit.domain.billing import (
    REPLENISH_THRESHOLD_PERCENT,
    AmountRule,
    Bill,
    BillStatus,
    PaymentType,
    fund_type,
    replenishment_bounds,
    standard_deposit_fen,
    standard_for,
)
from deposit.domain.ledger import AccountState
from deposit.domain.records import BillView
from deposit.service_layer.access import Asker, HouseAccess
from maintfund.events.v1 import events_pb2
from maintfund_common import copies, errors
from maintfund_common.db import UnitOfWork, utcnow

if TYPE_CHECKING:
    from deposit.adapters.deposit_repository import DepositRepository

log = logging.getLogger(__name__)
MAX_BATCH, MAX_PAGE, DEFAULT_PAGE = 500, 100, 20


def new_business_no(today: date) -> str:
    return f"SW{today:%Y%m%d}{secrets.randbelow(10**8):08d}"


def raise_bill(
    uow: UnitOfWork,
    house_id: str,
    payment_type: PaymentType,
    *,
    business_no: str = "",
    amount_fen: int = 0,
    today: date | None = None,
    bill_id: str = "",
) -> BillView:
    """Back office: a new 待交存 bill; its amount or bounds follow the deposit standards. Commits."""
    view = add_bill(
        uow,
        house_id,
        payment_type,
        business_no=business_no,
        amount_fen=amount_fen,
        today=today,
        bill_id=bill_id,
    )
    uow.commit()
    log.info(
        "bill raised", extra={"bill_id": view.bill.bill_id, "house_id": house_id, "type": payment_type.value}
    )
    return view


def add_bill(
    uow: UnitOfWork,
    house_id: str,
    payment_type: PaymentType,
    *,
    business_no: str = "",
    amount_fen: int = 0,
    today: date | None = None,
    bill_id: str = "",
) -> BillView:
    """A new 待交存 bill and its BillRaised event in ``uow``, not committed (a 续筹 bill is raised in the
    same transaction as the posting that made it due)."""
    today = today or utcnow().date()
    facts = uow.repo.house_facts_of(house_id)
    if facts is None:
        raise errors.NotFound("房屋不存在")
    if facts.deposits_blocked:
        raise errors.Conflict("该房屋需办理退款，不能再交存", code="REFUND_REQUIRED")
    if uow.repo.pending_bill_of_type(house_id, payment_type):
        raise errors.Conflict("该房屋已有同类型的待交存业务", code="BILL_ALREADY_PENDING")
    standard = standard_for(uow.repo.standards(), facts.property_kind, facts.storey_class, today)
    full = standard_deposit_fen(facts.area_m2, standard.fen_per_m2)
    state = uow.repo.account_states([house_id]).get(house_id, AccountState())
    rule, fixed, low, high = AmountRule.FIXED, 0, 0, 0
    if payment_type is PaymentType.FIRST_DEPOSIT:
        if state.first_deposit_fen > 0:
            raise errors.Conflict("该房屋已首次交存", code="FIRST_DEPOSIT_DONE")
        fixed = full
    elif payment_type is PaymentType.TOP_UP:
        if amount_fen <= 0:
            raise errors.ValidationFailed("补交金额必须大于0", field="amount_fen")
        fixed = amount_fen
    else:
        rule = AmountRule.ENTERED
        low, high = replenishment_bounds(state, full)
    bill = Bill(
        bill_id=bill_id or str(uuid.uuid4()),
        business_no=(business_no or new_business_no(today)).strip(),
        house_id=house_id,
        payment_type=payment_type,
        amount_rule=rule,
        amount_fen=fixed,
        min_fen=low,
        max_fen=high,
        status=BillStatus.PENDING,
        fund_type=fund_type(facts.property_kind),
    )
    if not 6 <= len(bill.business_no) <= 40:
        raise errors.ValidationFailed("业务流水号无效", field="business_no")
    if uow.repo.entry_by_business_no(bill.business_no) is not None:
        raise errors.AlreadyExists("业务流水号已存在", code="BUSINESS_NO_REUSED")
    uow.repo.insert_bill(bill, standard.fen_per_m2)
    view = uow.repo.get_bill(bill.bill_id)
    assert view is not None
    house = uow.repo.house_summary(house_id)
    uow.publish(
        events_pb2.BillRaised(
            bill_id=bill.bill_id,
            house_id=house_id,
            business_no=bill.business_no,
            payment_type=payment_type.value,
            amount_fen=view.bill.amount_fen,
            min_fen=view.bill.min_fen,
            max_fen=view.bill.max_fen,
            house_address=house.address if house else "",
        )
    )
    return view


def tell_low_balance(
    uow: UnitOfWork, house_id: str, address: str, *, business_no: str, after: AccountState, now: datetime
) -> None:
    """A posting took the balance under the 续筹 threshold: raise the 续筹 bill (or name the one pending)
    and say so (BalanceLow), in the posting's transaction."""
    pending = [
        v
        for v in uow.repo.list_bills([house_id], BillStatus.PENDING)
        if v.bill.payment_type is PaymentType.REPLENISHMENT
    ]
    bill_id = pending[0].bill.bill_id if pending else ""
    if not pending:
        try:  # add_bill refuses before it writes anything: the posting's transaction stays whole
            bill_id = add_bill(uow, house_id, PaymentType.REPLENISHMENT, today=now.date()).bill.bill_id
        except errors.DomainError as exc:  # e.g. a house to be refunded: still told, without a bill
            log.info("no 续筹 bill for a low balance", extra={"house_id": house_id, "code": exc.code})
    uow.publish(
        events_pb2.BalanceLow(
            house_id=house_id,
            business_no=business_no,
            balance_fen=after.balance_fen,
            first_deposit_fen=after.first_deposit_fen,
            threshold_percent=REPLENISH_THRESHOLD_PERCENT,
            bill_id=bill_id,
            house_address=address,
        )
    )


def void_bill(uow: UnitOfWork, bill_id: str, reason: str) -> BillView:
    view = uow.repo.get_bill(bill_id, lock=True)
    if view is None:
        raise errors.NotFound("业务不存在")
    if view.bill.status is BillStatus.PAID:
        raise errors.Conflict("该笔业务已交存，不能作废", code="BILL_ALREADY_PAID")
    if view.bill.status is BillStatus.PENDING:
        uow.repo.set_bill_status(bill_id, BillStatus.VOID)
        log.info("bill voided", extra={"bill_id": bill_id, "reason": reason[:200]})
    view = uow.repo.get_bill(bill_id)
    assert view is not None
    uow.commit()
    return view


def list_bills(repo: DepositRepository, house_ids: list[str], status: BillStatus | None) -> list[BillView]:
    """Back office: the bills of the given houses."""
    if len(house_ids) > MAX_BATCH:
        raise errors.ValidationFailed(f"一次最多查询 {MAX_BATCH} 套房屋")
    return repo.list_bills(house_ids, status)


@dataclass(frozen=True)
class PayerBill:
    """A bill as the asking owner sees it: what they are told, and whether they can pay it now."""

    view: BillView
    notices: list[Notice]
    payable: bool


def _for_payer(view: BillView, access: Access) -> PayerBill:
    house = view.house
    told = notices(house.property_kind, house.deposits_blocked, access) if house else []
    return PayerBill(view, told, payable(told, view.bill.status is BillStatus.PENDING) and house is not None)


def account_bills(repo: DepositRepository, account_id: str, status: BillStatus | None) -> list[PayerBill]:
    """我要交款: the bills of every house bound to the account."""
    if not account_id:
        raise errors.ValidationFailed("缺少账户", field="account_id")
    views = repo.bills_of_account(account_id, status)
    return [_for_payer(v, Access.OWNER) for v in views]


def get_bill(repo: DepositRepository, access: HouseAccess, asker: Asker, bill_id: str) -> PayerBill:
    """A bill whose house the asker may see; anything else is the same NOT_FOUND as a missing bill."""
    view = repo.get_bill(bill_id) if _plausible_id(bill_id) else None
    try:
        if view is None:
            raise errors.NotFound("交存业务不存在")
        return _for_payer(view, access.check(repo, asker, view.bill.house_id))
    except errors.NotFound:
        raise errors.NotFound("交存业务不存在", code="NOT_FOUND") from None


@dataclass(frozen=True)
class HousePayment:
    """我要查询: what the asker may pay on a house it found."""

    owned: bool
    notices: list[Notice]
    bills: list[PayerBill]
    payable: bool


def house_payment(repo: DepositRepository, access: HouseAccess, asker: Asker, house_id: str) -> HousePayment:
    granted = access.check(repo, asker, house_id)
    house = access.summary(repo, house_id)
    bills = [_for_payer(v, granted) for v in repo.list_bills([house_id], BillStatus.PENDING)]
    return HousePayment(
        owned=granted is Access.OWNER,
        notices=notices(house.property_kind, house.deposits_blocked, granted),
        bills=bills,
        payable=any(b.payable for b in bills),
    )


def _plausible_id(value: str) -> bool:
    return 0 < len(value) <= 36


@dataclass(frozen=True)
class FundStatus:
    fully_paid: bool
    outstanding_fen: int
    pending_business_nos: list[str]
    balance_fen: int
    first_deposit_fen: int


def fund_fully_paid(repo: DepositRepository, house_id: str) -> FundStatus:
    if repo.house_facts_of(house_id) is None:
        raise errors.NotFound("房屋不存在")
    state = repo.account_states([house_id]).get(house_id, AccountState())
    pending = repo.list_bills([house_id], BillStatus.PENDING)
    outstanding = sum(
        v.bill.amount_fen if v.bill.amount_rule is AmountRule.FIXED else v.bill.min_fen for v in pending
    )
    return FundStatus(
        fully_paid=state.first_deposit_fen > 0 and not pending,
        outstanding_fen=outstanding,
        pending_business_nos=[v.bill.business_no for v in pending],
        balance_fen=state.balance_fen,
        first_deposit_fen=state.first_deposit_fen,
    )


def record_paper_receipt(uow: UnitOfWork, deposit_id: str, paper_receipt_no: str) -> None:
    row = uow.repo.get_deposit(deposit_id, lock=True)
    if row is None:
        raise errors.NotFound("交存记录不存在")
    if not paper_receipt_no.strip() or len(paper_receipt_no) > 40:
        raise errors.ValidationFailed("纸质票据号无效", field="paper_receipt_no")
    if row.receipt_kind == "PAPER":
        return
    if row.receipt_kind == "ELECTRONIC" and row.invoice_status in ("ISSUING", "ISSUED"):
        raise errors.Conflict("该笔交存已开具电子票据，不能再登记纸质票据", code="E_RECEIPT_EXISTS")
    uow.repo.update_deposit(deposit_id, receipt_kind="PAPER")
    uow.publish(
        events_pb2.PaperReceiptRecorded(deposit_id=deposit_id, paper_receipt_no=paper_receipt_no.strip())
    )
    uow.commit()


def record_invoice_status(uow: UnitOfWork, event: events_pb2.InvoiceStatusChanged) -> None:
    """Consumer of InvoiceStatusChanged: the deposit's receipt becomes ELECTRONIC with the invoice's state."""
    row = uow.repo.get_deposit(event.deposit_id, lock=True)
    if row is None:
        log.warning("invoice status for an unknown deposit", extra={"deposit_id": event.deposit_id})
        return
    if row.receipt_kind == "PAPER":
        log.warning(
            "invoice status for a deposit with a paper receipt", extra={"deposit_id": event.deposit_id}
        )
        return
    if event.status == "RED_FLUSHED" and row.invoice_id and row.invoice_id != event.invoice_id:
        return  # the flushed receipt was replaced: the current one is already recorded
    uow.repo.update_deposit(
        event.deposit_id,
        receipt_kind="ELECTRONIC",
        invoice_id=event.invoice_id,
        invoice_status=event.status,
    )


@dataclass(frozen=True)
class RecordPage:
    rows: list
    next_cursor: str


def deposit_records(repo: DepositRepository, payer: str, requested_size: int, cursor: str) -> RecordPage:
    if requested_size < 0 or requested_size > MAX_PAGE:
        raise errors.ValidationFailed(f"每页条数应在 1 到 {MAX_PAGE} 之间", field="limit")
    size = requested_size or DEFAULT_PAGE
    before = None
    if cursor:
        stamp, _, deposit_id = cursor.partition("|")
        try:
            before = (datetime.fromisoformat(stamp), deposit_id)
        except ValueError:
            raise errors.ValidationFailed("分页游标无效", field="cursor") from None
        if before[0].tzinfo is None or not deposit_id:
            raise errors.ValidationFailed("分页游标无效", field="cursor")
    rows = repo.deposit_records(payer, before, size + 1)
    more = len(rows) > size
    rows = rows[:size]
    next_cursor = f"{rows[-1].paid_at.isoformat()}|{rows[-1].deposit_id}" if more else ""
    return RecordPage(rows, next_cursor)


@dataclass(frozen=True)
class PaidDepositFacts:
    """A deposit as its DepositPaid event told it, plus whether a paper receipt was recorded since."""

    deposit_id: str
    house_id: str
    business_no: str
    amount_fen: int
    paid_at: datetime
    channel: str
    payer_account_id: str
    owner_name: str
    house_address: str
    area_m2: str
    payment_type: str
    paper_receipt_recorded: bool


def paid_deposit(
    repo: DepositRepository, owner_names: Callable[[str], list[str]], deposit_id: str
) -> PaidDepositFacts:
    """For the invoice service's copy when the DepositPaid event has not reached it yet."""
    row = repo.get_deposit(deposit_id) if _plausible_id(deposit_id) else None
    if row is None:
        raise errors.NotFound("交存记录不存在", code="NOT_FOUND")
    # a deposit paid at a counter before this portal has no bill here: no payment type to tell
    view = repo.bill_by_business_no(row.business_no)
    house = repo.house_summary(row.house_id)
    return PaidDepositFacts(
        deposit_id=row.deposit_id,
        house_id=row.house_id,
        business_no=row.business_no,
        amount_fen=row.amount_fen,
        paid_at=row.paid_at,
        channel=row.channel,
        payer_account_id=row.payer_account_id or "",
        # as the payment did: the registry's current owners (the event is at most moments old)
        owner_name="、".join(owner_names(row.house_id)),
        house_address=house.address if house else "",
        area_m2=house.area_m2 if house else "",
        payment_type=view.bill.payment_type.value if view else "",
        paper_receipt_recorded=row.receipt_kind == "PAPER",
    )


def list_deposits(repo: DepositRepository, page_size: int, token: str) -> copies.SourcePage[PaidDepositFacts]:
    """Every deposit by id, for the invoice service's copy checked against it (reconcile-copies). What
    GetDeposit adds (owner names, address, area) is left empty: asked only for the deposits it must store."""
    size = copies.source_page_size(page_size)
    rows = repo.deposits_page(copies.decode_token(token), size + 1)
    page = copies.source_page(rows, size, lambda row: row.deposit_id)
    facts = [
        PaidDepositFacts(
            deposit_id=row.deposit_id,
            house_id=row.house_id,
            business_no=row.business_no,
            amount_fen=row.amount_fen,
            paid_at=row.paid_at,
            channel=row.channel,
            payer_account_id=row.payer_account_id or "",
            owner_name="",
            house_address="",
            area_m2="",
            payment_type=row.payment_type or "",
            paper_receipt_recorded=row.receipt_kind == "PAPER",
        )
        for row in page.items
    ]
    return copies.SourcePage(facts, page.next_token)
