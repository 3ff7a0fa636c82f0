"""Reads and writes of bills, payment orders, the idempotency store and the notification replay guard."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from deposit.adapters.orm import (
    account_houses,
    bills,
    deposit_standards,
    deposits,
    house_facts,
    idempotency_keys,
    notifications_seen,
    payment_orders,
)
from deposit.domain.billing import AmountRule, Bill, BillStatus, DepositStandard, PaymentType
from deposit.domain.payments import OrderStatus
from deposit.domain.records import BillView, HouseFacts, Order
from maintfund_common.db import Executor, utcnow


def _bill(row: Any) -> Bill:
    return Bill(
        bill_id=row.bill_id,
        business_no=row.business_no,
        house_id=row.house_id,
        payment_type=PaymentType(row.payment_type),
        amount_rule=AmountRule(row.amount_rule),
        amount_fen=row.amount_fen,
        min_fen=row.min_fen,
        max_fen=row.max_fen,
        status=BillStatus(row.status),
        fund_type=row.fund_type,
    )


def _facts(row: Any) -> HouseFacts | None:
    if row.address is None:
        return None
    return HouseFacts(
        row.house_id,
        row.address,
        Decimal(row.area_m2).quantize(Decimal("0.01")),
        row.property_kind,
        row.storey_class,
        bool(row.deposits_blocked),
    )


def _view(row: Any) -> BillView:
    return BillView(_bill(row), row.created_at, row.standard_fen_per_m2, _facts(row))


def _bill_query() -> Any:
    return select(
        bills,
        house_facts.c.address,
        house_facts.c.area_m2,
        house_facts.c.property_kind,
        house_facts.c.storey_class,
        house_facts.c.deposits_blocked,
    ).outerjoin(house_facts, house_facts.c.house_id == bills.c.house_id)


def _order(row: Any) -> Order:
    return Order(
        order_id=row.order_id,
        out_trade_no=row.out_trade_no,
        bill_id=row.bill_id,
        house_id=row.house_id,
        channel=row.channel,
        amount_fen=row.amount_fen,
        status=OrderStatus(row.status),
        flag=row.flag or "",
        payer_account_id=row.payer_account_id or "",
        qr_content=row.qr_content or "",
        expires_at=row.expires_at,
        created_at=row.created_at,
        paid_at=row.paid_at,
        deposit_id=row.deposit_id or "",
        business_no=getattr(row, "business_no", "") or "",
    )


def _order_query() -> Any:
    return select(payment_orders, bills.c.business_no).join(
        bills, bills.c.bill_id == payment_orders.c.bill_id
    )


# Owners' reads built once with named parameters (see ledger_repository: building costs as much as running).
_BILLS_OF_HOUSES = (
    _bill_query()
    .where(bills.c.house_id.in_(bindparam("house_ids", expanding=True)))
    .order_by(bills.c.created_at.desc(), bills.c.bill_id)
)
_BILLS_OF_HOUSES_IN_STATUS = _BILLS_OF_HOUSES.where(bills.c.status == bindparam("status"))
# 我要交款: the bills of every house bound to the account, in one statement
_BILLS_OF_ACCOUNT = (
    _bill_query()
    .where(
        bills.c.house_id.in_(
            select(account_houses.c.house_id).where(account_houses.c.account_id == bindparam("account_id"))
        )
    )
    .order_by(bills.c.created_at.desc(), bills.c.bill_id)
)
_BILLS_OF_ACCOUNT_IN_STATUS = _BILLS_OF_ACCOUNT.where(bills.c.status == bindparam("status"))
_ORDER = _order_query().where(payment_orders.c.order_id == bindparam("order_id"))


class BillsRepository:
    """Bills, payment orders, deposits, idempotency keys and the notification guard."""

    session: Executor

    def standards(self) -> list[DepositStandard]:
        return [
            DepositStandard(r.property_kind, r.storey_class, r.effective_from, r.fen_per_m2)
            for r in self.session.execute(select(deposit_standards))
        ]

    def house_facts_of(self, house_id: str) -> HouseFacts | None:
        row = self.session.execute(select(house_facts).where(house_facts.c.house_id == house_id)).first()
        return _facts(row) if row else None

    def insert_bill(self, bill: Bill, standard_fen_per_m2: int) -> None:
        self.session.execute(
            insert(bills).values(
                bill_id=bill.bill_id,
                business_no=bill.business_no,
                house_id=bill.house_id,
                payment_type=bill.payment_type.value,
                amount_rule=bill.amount_rule.value,
                amount_fen=bill.amount_fen,
                min_fen=bill.min_fen,
                max_fen=bill.max_fen,
                standard_fen_per_m2=standard_fen_per_m2,
                status=bill.status.value,
                fund_type=bill.fund_type,
                created_at=utcnow(),
            )
        )

    def get_bill(self, bill_id: str, lock: bool = False) -> BillView | None:
        query = _bill_query().where(bills.c.bill_id == bill_id)
        if lock:
            query = query.with_for_update(of=bills)
        row = self.session.execute(query).first()
        return _view(row) if row else None

    def pending_bill_of_type(self, house_id: str, payment_type: PaymentType) -> bool:
        row = self.session.execute(
            select(bills.c.bill_id).where(
                bills.c.house_id == house_id,
                bills.c.payment_type == payment_type.value,
                bills.c.status == BillStatus.PENDING.value,
            )
        ).first()
        return row is not None

    def list_bills(self, house_ids: Sequence[str], status: BillStatus | None) -> list[BillView]:
        if not house_ids:
            return []
        if status is None:
            rows = self.session.execute(_BILLS_OF_HOUSES, {"house_ids": list(house_ids)})
        else:
            rows = self.session.execute(
                _BILLS_OF_HOUSES_IN_STATUS, {"house_ids": list(house_ids), "status": status.value}
            )
        return [_view(r) for r in rows]

    def bills_of_account(self, account_id: str, status: BillStatus | None) -> list[BillView]:
        """The bills of every house this service's copy binds to the account."""
        if status is None:
            rows = self.session.execute(_BILLS_OF_ACCOUNT, {"account_id": account_id})
        else:
            params = {"account_id": account_id, "status": status.value}
            rows = self.session.execute(_BILLS_OF_ACCOUNT_IN_STATUS, params)
        return [_view(r) for r in rows]

    def set_bill_status(self, bill_id: str, status: BillStatus) -> None:
        self.session.execute(
            update(bills).where(bills.c.bill_id == bill_id).values(status=status.value, decided_at=utcnow())
        )

    def insert_order(self, values: dict[str, Any]) -> None:
        now = utcnow()
        self.session.execute(insert(payment_orders).values(created_at=now, updated_at=now, flag="", **values))

    def get_order(self, order_id: str, lock: bool = False) -> Order | None:
        query = _ORDER.with_for_update(of=payment_orders) if lock else _ORDER
        row = self.session.execute(query, {"order_id": order_id}).first()
        return _order(row) if row else None

    def order_by_out_trade_no(self, out_trade_no: str) -> Order | None:
        row = self.session.execute(
            _order_query().where(payment_orders.c.out_trade_no == out_trade_no)
        ).first()
        return _order(row) if row else None

    def reusable_order(
        self, bill_id: str, channel: str, *, amount_fen: int, payer: str, valid_after: datetime
    ) -> Order | None:
        query = (
            _order_query()
            .where(
                payment_orders.c.bill_id == bill_id,
                payment_orders.c.channel == channel,
                payment_orders.c.amount_fen == amount_fen,
                payment_orders.c.status == OrderStatus.PENDING.value,
                payment_orders.c.expires_at > valid_after,
            )
            .order_by(payment_orders.c.created_at.desc())
            .limit(1)
        )
        query = query.where(
            payment_orders.c.payer_account_id == payer
            if payer
            else payment_orders.c.payer_account_id.is_(None)
        )
        row = self.session.execute(query).first()
        return _order(row) if row else None

    def update_order(self, order_id: str, **values: Any) -> None:
        self.session.execute(
            update(payment_orders)
            .where(payment_orders.c.order_id == order_id)
            .values(updated_at=utcnow(), **values)
        )

    def orders_to_poll(
        self,
        created_before: datetime,
        queried_before: datetime,
        limit: int,
        *,
        closed_expiring_after: datetime | None = None,
        closed_queried_before: datetime | None = None,
    ) -> list[Order]:
        """PENDING orders due a query; with ``closed_expiring_after``, also CLOSED orders that expired
        after it and were last asked about before ``closed_queried_before`` (a late payment may land)."""
        due = payment_orders.c.last_queried_at.is_(None) | (payment_orders.c.last_queried_at < queried_before)
        condition = (
            (payment_orders.c.status == OrderStatus.PENDING.value)
            & (payment_orders.c.created_at < created_before)
            & due
        )
        if closed_expiring_after is not None:
            recheck = closed_queried_before or queried_before
            condition |= (
                (payment_orders.c.status == OrderStatus.CLOSED.value)
                & (payment_orders.c.expires_at > closed_expiring_after)
                & (payment_orders.c.last_queried_at.is_(None) | (payment_orders.c.last_queried_at < recheck))
            )
        query = _order_query().where(condition).order_by(payment_orders.c.created_at).limit(limit)
        return [_order(r) for r in self.session.execute(query)]

    def paid_orders_between(self, channel: str, start: datetime, end: datetime) -> list[Order]:
        query = _order_query().where(
            payment_orders.c.channel == channel,
            payment_orders.c.paid_at >= start,
            payment_orders.c.paid_at < end,
            payment_orders.c.status.in_([OrderStatus.PAID.value, OrderStatus.SUSPECT.value]),
        )
        return [_order(r) for r in self.session.execute(query)]

    def insert_deposit(self, values: dict[str, Any]) -> None:
        self.session.execute(insert(deposits).values(receipt_kind="NONE", **values))

    def deposit_records(self, payer: str, before: tuple[datetime, str] | None, limit: int) -> list[Any]:
        """Deposits ``payer`` paid (own houses and, through 我要查询, others'), and deposits on the houses
        bound to ``payer`` whoever paid them (quick pay without login, a co-owner, the counter): the
        records page reaches every receipt the account may open."""
        own_houses = select(account_houses.c.house_id).where(account_houses.c.account_id == payer)
        query = (
            select(deposits, house_facts.c.address)
            .outerjoin(house_facts, house_facts.c.house_id == deposits.c.house_id)
            .where((deposits.c.payer_account_id == payer) | deposits.c.house_id.in_(own_houses))
            .order_by(deposits.c.paid_at.desc(), deposits.c.deposit_id.desc())
            .limit(limit)
        )
        if before is not None:
            paid_at, deposit_id = before
            query = query.where(
                (deposits.c.paid_at < paid_at)
                | ((deposits.c.paid_at == paid_at) & (deposits.c.deposit_id < deposit_id))
            )
        return list(self.session.execute(query))

    def get_deposit(self, deposit_id: str, lock: bool = False) -> Any:
        query = select(deposits).where(deposits.c.deposit_id == deposit_id)
        if lock:
            query = query.with_for_update()
        return self.session.execute(query).first()

    def deposits_page(self, after: str, limit: int) -> list[Any]:
        """Keyset page of every deposit by deposit id, with its bill's payment type if it has a bill
        (reconcile-copies)."""
        query = (
            select(deposits, bills.c.payment_type)
            .outerjoin(bills, bills.c.business_no == deposits.c.business_no)
            .order_by(deposits.c.deposit_id)
            .limit(limit)
        )
        if after:
            query = query.where(deposits.c.deposit_id > after)
        return list(self.session.execute(query))

    def receipt_copies(self, deposit_ids: list[str]) -> dict[str, Any]:
        """The copy of receipt states of these deposits: deposit id -> (receipt kind, invoice id, status)."""
        if not deposit_ids:
            return {}
        c = deposits.c
        query = select(c.deposit_id, c.receipt_kind, c.invoice_id, c.invoice_status).where(
            c.deposit_id.in_(deposit_ids)
        )
        return {r.deposit_id: r for r in self.session.execute(query)}

    def update_deposit(self, deposit_id: str, **values: Any) -> None:
        self.session.execute(update(deposits).where(deposits.c.deposit_id == deposit_id).values(**values))

    def claim_idempotency_key(self, scope: str, key: str, request_hash: str) -> Any:
        """Insert the key (response NULL = running); the existing row if someone was first."""
        try:
            with self.session.begin_nested():
                self.session.execute(
                    insert(idempotency_keys).values(
                        scope=scope,
                        idem_key=key,
                        request_hash=request_hash,
                        response=None,
                        created_at=utcnow(),
                    )
                )
            return None
        except IntegrityError:
            return self.session.execute(
                select(idempotency_keys).where(
                    idempotency_keys.c.scope == scope, idempotency_keys.c.idem_key == key
                )
            ).first()

    def take_over_idempotency_key(self, scope: str, key: str, claimed_at: datetime) -> bool:
        """Claim again a key whose claimant never answered; False when someone else took it over first."""
        taken = self.session.execute(
            update(idempotency_keys)
            .where(
                idempotency_keys.c.scope == scope,
                idempotency_keys.c.idem_key == key,
                idempotency_keys.c.response.is_(None),
                idempotency_keys.c.created_at == claimed_at,
            )
            .values(created_at=utcnow())
        )
        return taken.rowcount == 1

    def store_idempotent_response(self, scope: str, key: str, response: str) -> None:
        self.session.execute(
            update(idempotency_keys)
            .where(idempotency_keys.c.scope == scope, idempotency_keys.c.idem_key == key)
            .values(response=response)
        )

    def release_idempotency_key(self, scope: str, key: str) -> None:
        self.session.execute(
            delete(idempotency_keys).where(
                idempotency_keys.c.scope == scope, idempotency_keys.c.idem_key == key
            )
        )

    def purge_idempotency_keys(self, before: datetime) -> int:
        return (
            self.session.execute(
                delete(idempotency_keys).where(idempotency_keys.c.created_at < before)
            ).rowcount
            or 0
        )

    def mark_notification_seen(self, channel: str, key: str) -> bool:
        """True the first time (channel, key) is seen in a committed transaction; False for a replay."""
        try:
            with self.session.begin_nested():
                self.session.execute(
                    insert(notifications_seen).values(channel=channel, key=key[:128], seen_at=utcnow())
                )
            return True
        except IntegrityError:
            return False

    def purge_notifications_seen(self, channel: str, before: datetime) -> int:
        result = self.session.execute(
            delete(notifications_seen).where(
                notifications_seen.c.channel == channel, notifications_seen.c.seen_at < before
            )
        )
        return result.rowcount or 0

    def bill_by_business_no(self, business_no: str) -> BillView | None:
        row = self.session.execute(_bill_query().where(bills.c.business_no == business_no)).first()
        return _view(row) if row else None

    def deposit_by_business_no(self, business_no: str) -> Any:
        return self.session.execute(select(deposits).where(deposits.c.business_no == business_no)).first()

    def latest_order_of_bill(self, bill_id: str) -> Order | None:
        query = (
            _order_query()
            .where(payment_orders.c.bill_id == bill_id)
            .order_by(payment_orders.c.created_at.desc(), payment_orders.c.order_id.desc())
            .limit(1)
        )
        row = self.session.execute(query).first()
        return _order(row) if row else None
