"""Payment use cases: orders, provider notifications, confirmation, the sweeper and reconciliation.

Nothing lost, nothing twice, nothing believed without the provider's signature:
- ``out_trade_no`` is committed before the provider is called and reused on retry;
- a payment is applied only from a verified notification or a signed query, under the order's row
  lock, through the pure state machine in ``domain.payments``; the ledger's unique business number is
  the last line of defence;
- the Idempotency-Key store lives in this database so the key, the order it created and the stored
  answer commit together (a Redis store could keep a key whose order was rolled back, or lose it).
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from deposit.domain.billing import BillStatus, check_house_payable
from deposit.domain.ledger import Posting
from deposit.domain.payments import OrderStatus, PaymentEvidence, on_closed, on_failed, on_paid
from deposit.domain.reconciliation import Line, Report, reconcile
from deposit.domain.records import BillView, Order
from deposit.service_layer import billing, ledger
from deposit.service_layer.access import Asker, HouseAccess
from deposit.service_layer.ports import NotificationRejected, PaymentProvider, ProviderRejected
from maintfund.events.v1 import events_pb2
from maintfund_common import audit, errors
from maintfund_common.beijing_time import BEIJING
from maintfund_common.db import Database, UnitOfWork, utcnow

if TYPE_CHECKING:
    from deposit.adapters.deposit_repository import DepositRepository

log = logging.getLogger(__name__)
CHANNELS = ("WECHAT", "ALIPAY")
IDEMPOTENCY_RETENTION = timedelta(hours=72)  # Stripe keeps keys 24 h; DESIGN §8 asks for >= 48 h
# A claimed key without an answer after this long was claimed by a process that died mid-call (kill -9,
# OOM): far longer than a live call (provider timeout 5 s), so a retry may take the key over.
IDEMPOTENCY_CLAIM_LEASE = timedelta(seconds=30)
NONCE_RETENTION = timedelta(minutes=15)  # WeChat timestamps older than 300 s are refused anyway
REUSE_MARGIN = timedelta(minutes=2)  # an order about to expire is not handed out again
# Alipay has no trade to close until the payer scans, so an order we closed stays payable at the provider
# until its own expiry (clocks differ, a payment started in time completes late): the sweeper keeps
# asking about closed orders this long after they expired, every CLOSED_RECHECK, so a late payment whose
# notification is lost still ends PAID (flagged), never CLOSED with the money kept.
LATE_PAYMENT_WATCH = timedelta(minutes=15)
CLOSED_RECHECK = timedelta(minutes=1)
_ERROR_CLASSES: dict[str, type[errors.DomainError]] = {
    c.__name__: c
    for c in (
        errors.ValidationFailed,
        errors.NotFound,
        errors.Conflict,
        errors.AlreadyExists,
        errors.PermissionDenied,
    )
}


@dataclass
class PaymentContext:
    """What the payment use cases need: the database, the providers, the owner-name lookup and who may
    pay which house (without a registry and a grant key: only this service's copy of the bindings)."""

    db: Database
    providers: Mapping[str, PaymentProvider]
    owner_names: Callable[[str], list[str]]
    order_ttl: timedelta = timedelta(minutes=30)
    access: HouseAccess = None  # type: ignore[assignment]

    def __post_init__(self) -> None:
        if self.access is None:  # a key nobody else has: no grant verifies
            self.access = HouseAccess(self.db, grant_key=secrets.token_bytes(32))


def new_out_trade_no(now: datetime) -> str:
    """28 characters of [0-9A-Z]: fits WeChat (6–32) and Alipay (≤ 64)."""
    return f"MF{now.astimezone(BEIJING):%Y%m%d%H%M%S}{secrets.token_hex(6).upper()}"


def request_hash(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


@dataclass(frozen=True)
class AuditAs:
    """Who a payment action is audited as: the payer, a provider's notification, or the sweeper."""

    actor_id: str
    actor_role: str
    action: str

    @classmethod
    def payer(cls, account_id: str, action: str) -> AuditAs:
        # quick pay orders have no account: the payer is anonymous (the bill token was checked upstream)
        return cls(account_id or "-", audit.OWNER if account_id else audit.ANONYMOUS, action)

    @classmethod
    def provider(cls, channel: str) -> AuditAs:
        return cls(f"provider:{channel}", audit.PROVIDER, "PAYMENT_NOTIFY")


SWEEPER = AuditAs("sweeper", audit.SYSTEM, "PAYMENT_SYNC")


def _audit(uow: UnitOfWork, who: AuditAs | None, target: str, outcome: str, detail: str = "") -> None:
    """An audit row in this unit of work (it commits with the payment change it describes)."""
    if who is not None:
        audit.record(
            uow,
            actor_id=who.actor_id,
            actor_role=who.actor_role,
            action=who.action,
            target=target,
            outcome=outcome,
            detail=detail,
        )


def _audit_alone(ctx: PaymentContext, who: AuditAs, target: str, outcome: str, detail: str = "") -> None:
    """For an attempt that changed nothing (refused, replayed, unknown): a transaction of its own."""
    audit.record_alone(
        ctx.db,
        actor_id=who.actor_id,
        actor_role=who.actor_role,
        action=who.action,
        target=target,
        outcome=outcome,
        detail=detail,
    )


def _refusal(exc: errors.DomainError) -> str:
    return "NOT_FOUND" if isinstance(exc, errors.NotFound) else "REFUSED"


def _provider(ctx: PaymentContext, channel: str) -> PaymentProvider:
    provider = ctx.providers.get(channel)
    if provider is None:
        raise errors.ValidationFailed("支付方式应为 WECHAT 或 ALIPAY", field="channel")
    return provider


# --- orders ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CreateOrder:
    bill_id: str
    payer_account_id: str
    channel: str
    amount_fen: int
    grant: str = ""  # the payer's 我要查询 grant, for someone else's house
    by_quickpay: bool = False  # the quick-pay service verified its token for this bill (no account)
    idempotency_key: str = ""
    idempotency_scope: str = ""
    request_hash: str = ""


def create_order(ctx: PaymentContext, cmd: CreateOrder) -> tuple[Order, bool]:
    """立即付款, honouring the Idempotency-Key: (order, replayed)."""
    if not cmd.idempotency_key:
        return _create_order(ctx, cmd), False
    if len(cmd.idempotency_key) > 255 or not cmd.idempotency_scope:
        raise errors.ValidationFailed("Idempotency-Key 无效", field="Idempotency-Key")
    scope, key = cmd.idempotency_scope[:200], cmd.idempotency_key
    with ctx.db.unit_of_work() as uow:
        existing = uow.repo.claim_idempotency_key(scope, key, cmd.request_hash)
        if existing is not None and existing.request_hash != cmd.request_hash:
            raise errors.ValidationFailed(
                "同一 Idempotency-Key 已用于内容不同的请求", code="IDEMPOTENCY_KEY_REUSED"
            )
        if (
            existing is not None
            and existing.response is None
            and utcnow() - existing.created_at > IDEMPOTENCY_CLAIM_LEASE
            and uow.repo.take_over_idempotency_key(scope, key, existing.created_at)
        ):
            existing = None  # ours now: the order is created (or the open one reused) below
        uow.commit()
    if existing is not None:
        if existing.response is None:
            raise errors.Conflict("相同的请求正在处理，请稍后重试", code="IDEMPOTENCY_KEY_IN_USE")
        return _replay(ctx, json.loads(existing.response)), True
    try:
        order = _create_order(ctx, cmd)
    except errors.Unavailable:
        # The outcome is unknown (provider timeout): forget the key so a retry continues the same order.
        with ctx.db.unit_of_work() as uow:
            uow.repo.release_idempotency_key(scope, key)
            uow.commit()
        raise
    except errors.DomainError as exc:
        stored = {
            "error": {"class": type(exc).__name__, "code": exc.code, "message": exc.message, **exc.details}
        }
        _store(ctx, scope, key, stored)
        raise
    except Exception:
        with ctx.db.unit_of_work() as uow:
            uow.repo.release_idempotency_key(scope, key)
            uow.commit()
        raise
    _store(ctx, scope, key, {"order_id": order.order_id})
    return order, False


def _store(ctx: PaymentContext, scope: str, key: str, response: dict) -> None:
    with ctx.db.unit_of_work() as uow:
        uow.repo.store_idempotent_response(scope, key, json.dumps(response, ensure_ascii=False))
        uow.commit()


def _replay(ctx: PaymentContext, stored: dict) -> Order:
    if "error" in stored:
        error = dict(stored["error"])
        cls = _ERROR_CLASSES.get(error.pop("class"), errors.Conflict)
        raise cls(error.pop("message"), code=error.pop("code"), **error)
    with ctx.db.unit_of_work() as uow:
        order = uow.repo.get_order(stored["order_id"])
    assert order is not None
    return order


def _create_order(ctx: PaymentContext, cmd: CreateOrder) -> Order:
    who = AuditAs.payer(cmd.payer_account_id, "PAYMENT_ORDER_CREATE")
    try:
        provider = _provider(ctx, cmd.channel)
    except errors.DomainError as exc:
        _audit_alone(ctx, who, cmd.bill_id[:36], _refusal(exc), exc.code)
        raise
    now = utcnow()
    if not cmd.by_quickpay:
        try:  # before any lock: deciding may ask the registry
            with ctx.db.reading() as repo:
                billing.get_bill(repo, ctx.access, Asker(cmd.payer_account_id, cmd.grant), cmd.bill_id)
        except errors.DomainError as exc:
            _audit_alone(ctx, who, cmd.bill_id[:36], _refusal(exc), exc.code)
            raise
    with ctx.db.unit_of_work() as uow:
        try:
            view, order, created = _open_order(ctx, uow, cmd, now)
        except errors.DomainError as exc:
            uow.rollback()
            _audit_alone(ctx, who, cmd.bill_id[:36], _refusal(exc), exc.code)
            raise
        _audit(
            uow,
            who,
            order.order_id,
            "CREATED" if created else "REUSED",
            f"bill={view.bill.bill_id} channel={order.channel} amount_fen={order.amount_fen}",
        )
        uow.commit()  # out_trade_no is stored before the provider hears of it
    if order.qr_content:
        return order
    description = f"北京市住宅专项维修资金-{view.bill.payment_type.label}"
    try:
        result = provider.create(order.out_trade_no, order.amount_fen, description, order.expires_at)
    except ProviderRejected:
        with ctx.db.unit_of_work() as uow:
            locked = uow.repo.get_order(order.order_id, lock=True)
            if locked is not None:
                uow.repo.update_order(order.order_id, status=on_failed(locked.status).value)
            uow.commit()
        raise
    with ctx.db.unit_of_work() as uow:
        uow.repo.update_order(
            order.order_id,
            qr_content=result.qr_content,
            expires_at=min(result.expires_at, order.expires_at),
        )
        updated = uow.repo.get_order(order.order_id)
        uow.commit()
    assert updated is not None
    log.info("payment order created", extra={"order_id": order.order_id, "channel": cmd.channel})
    return updated


def _open_order(
    ctx: PaymentContext, uow: UnitOfWork, cmd: CreateOrder, now: datetime
) -> tuple[BillView, Order, bool]:
    """The bill checked and locked, and its order for this payer: (bill, order, newly created)."""
    view = uow.repo.get_bill(cmd.bill_id, lock=True) if 0 < len(cmd.bill_id) <= 36 else None
    if view is None:  # the payer's access to its house was decided before the lock
        raise errors.NotFound("交存业务不存在", code="NOT_FOUND")
    amount = view.bill.payable_amount(cmd.amount_fen or None)
    if view.house is None:
        raise errors.Conflict("房屋信息尚未同步，请稍后再试", code="HOUSE_NOT_READY")
    check_house_payable(view.house.property_kind, view.house.deposits_blocked)
    order = uow.repo.reusable_order(
        view.bill.bill_id,
        cmd.channel,
        amount_fen=amount,
        payer=cmd.payer_account_id,
        valid_after=now + REUSE_MARGIN,
    )
    if order is not None:
        return view, order, False
    order_id = str(uuid.uuid4())
    uow.repo.insert_order(
        {
            "order_id": order_id,
            "out_trade_no": new_out_trade_no(now),
            "bill_id": view.bill.bill_id,
            "house_id": view.bill.house_id,
            "channel": cmd.channel,
            "amount_fen": amount,
            "status": OrderStatus.PENDING.value,
            "payer_account_id": cmd.payer_account_id or None,
            "expires_at": now + ctx.order_ttl,
        },
    )
    created = uow.repo.get_order(order_id)
    assert created is not None
    return view, created, True


def get_order(repo: DepositRepository, order_id: str, payer_account_id: str) -> Order:
    order = repo.get_order(order_id) if 0 < len(order_id) <= 36 else None
    if order is None or not payer_account_id or order.payer_account_id != payer_account_id:
        raise errors.NotFound("订单不存在", code="NOT_FOUND")
    return order


def confirm_order(ctx: PaymentContext, order_id: str, payer_account_id: str) -> Order:
    """已支付: ask the provider now; apply what its signed answer says. Audited once, with the outcome."""
    who = AuditAs.payer(payer_account_id, "PAYMENT_CONFIRM")
    try:
        with ctx.db.unit_of_work() as uow:
            order = get_order(uow.repo, order_id, payer_account_id)
    except errors.DomainError as exc:
        _audit_alone(ctx, who, order_id[:36], _refusal(exc), exc.code)
        raise
    if order.status is not OrderStatus.PENDING:
        _audit_alone(ctx, who, order.order_id, order.status.value, "already settled")
        return order
    try:
        return sync_with_provider(ctx, order, audit_as=who)
    except errors.DomainError as exc:
        _audit_alone(ctx, who, order.order_id, "ERROR", exc.code)
        raise


def sync_with_provider(
    ctx: PaymentContext, order: Order, close_if_expired: bool = False, audit_as: AuditAs | None = None
) -> Order:
    """Apply what the provider's signed query says; ``audit_as`` is written with the resulting change."""
    provider = _provider(ctx, order.channel)
    trade = provider.query(order.out_trade_no)
    if trade.state == "PAID":
        return apply_paid(
            ctx,
            order.out_trade_no,
            PaymentEvidence(trade.amount_fen, trade.merchant_id, trade.app_id),
            provider_trade_id=trade.provider_trade_id,
            paid_at=trade.paid_at,
            audit_as=audit_as,
        )
    if trade.state == "CLOSED":
        return _set_closed(ctx, order.order_id, audit_as)
    if close_if_expired and order.status is OrderStatus.PENDING and order.expires_at <= utcnow():
        if trade.state == "NOT_FOUND":
            # the provider never created it: nothing to close
            return _set_closed(ctx, order.order_id, audit_as)
        provider.close(order.out_trade_no)
        # Re-query after closing: a payment may have landed in between (it then ends PAID, flagged).
        again = provider.query(order.out_trade_no)
        if again.state == "PAID":
            return apply_paid(
                ctx,
                order.out_trade_no,
                PaymentEvidence(again.amount_fen, again.merchant_id, again.app_id),
                provider_trade_id=again.provider_trade_id,
                paid_at=again.paid_at,
                audit_as=audit_as,
            )
        return _set_closed(ctx, order.order_id, audit_as)
    with ctx.db.unit_of_work() as uow:
        uow.repo.update_order(order.order_id, last_queried_at=utcnow())
        current = uow.repo.get_order(order.order_id)
        assert current is not None
        # the sweeper's polls of still-pending orders change nothing worth a row each time
        if audit_as is not None and audit_as.actor_role != audit.SYSTEM:
            _audit(uow, audit_as, order.order_id, current.status.value, f"provider: {trade.state}")
        uow.commit()
    return current


def _set_closed(ctx: PaymentContext, order_id: str, audit_as: AuditAs | None = None) -> Order:
    with ctx.db.unit_of_work() as uow:
        locked = uow.repo.get_order(order_id, lock=True)
        assert locked is not None
        uow.repo.update_order(order_id, status=on_closed(locked.status).value, last_queried_at=utcnow())
        current = uow.repo.get_order(order_id)
        assert current is not None
        _audit(uow, audit_as, order_id, current.status.value, "closed at the provider")
        uow.commit()
    assert current is not None
    return current


# --- applying a payment ---------------------------------------------------------------------------------


def _merchant(provider: PaymentProvider) -> tuple[str, str]:
    """(merchant id, app id) this service's orders are made under."""
    merchant = getattr(provider, "mchid", None) or getattr(provider, "seller_id", "")
    app_id = getattr(provider, "appid", None) or getattr(provider, "app_id", "")
    return str(merchant), str(app_id)


def apply_paid(
    ctx: PaymentContext,
    out_trade_no: str,
    evidence: PaymentEvidence,
    *,
    provider_trade_id: str | None,
    paid_at: datetime | None,
    seen: tuple[str, str] | None = None,
    audit_as: AuditAs | None = None,
) -> Order:
    """A verified payment: under the order's row lock, at most one deposit and one ledger entry.

    ``seen`` = (channel, nonce or notify_id): recorded in the same transaction; a replay raises
    ``NotificationRejected("REPLAYED")``. ``audit_as``: the audit row, written in that transaction with
    the outcome (PAID, SUSPECT, ... or DUPLICATE when nothing changed).
    """
    with ctx.db.unit_of_work() as uow:
        order = uow.repo.order_by_out_trade_no(out_trade_no)
    if order is None:
        raise errors.NotFound("订单不存在", code="ORDER_NOT_FOUND")
    names: list[str] = []
    if order.status is not OrderStatus.PAID:
        names = ctx.owner_names(order.house_id)  # before taking locks: no remote call under a row lock
    merchant_id, app_id = _merchant(_provider(ctx, order.channel))
    with ctx.db.unit_of_work() as uow:
        if seen is not None and not uow.repo.mark_notification_seen(*seen):
            raise NotificationRejected("MALFORMED", "REPLAYED")
        order = uow.repo.get_order(order.order_id, lock=True)
        assert order is not None
        view = uow.repo.get_bill(order.bill_id, lock=True)
        assert view is not None
        decision = on_paid(
            order.status,
            order.amount_fen,
            merchant_id,
            app_id,
            evidence,
            bill_pending=view.bill.status is BillStatus.PENDING,
        )
        if decision.status is order.status and not decision.post:
            _audit(uow, audit_as, order.order_id, "DUPLICATE", f"already {order.status.value}")
            uow.commit()  # records the nonce / notify_id: a duplicate, nothing else changes
            return order
        paid = paid_at or utcnow()
        values: dict = {
            "status": decision.status.value,
            "provider_trade_id": provider_trade_id,
            "paid_at": paid,
        }
        if decision.flag:
            values["flag"] = decision.flag
            log.warning(
                "payment needs a person",
                extra={"order_id": order.order_id, "flag": str(decision.flag), "channel": order.channel},
            )
        if decision.post:
            deposit_id = str(uuid.uuid4())
            values["deposit_id"] = deposit_id
            uow.repo.insert_deposit(
                {
                    "deposit_id": deposit_id,
                    "house_id": order.house_id,
                    "business_no": view.bill.business_no,
                    "amount_fen": order.amount_fen,
                    "channel": order.channel,
                    "payer_account_id": order.payer_account_id or None,
                    "paid_at": paid,
                },
            )
            entry = ledger.post(
                uow,
                order.house_id,
                Posting(
                    view.bill.payment_type.entry_kind,
                    order.amount_fen,
                    0,
                    view.bill.business_no,
                    paid,
                    deposit_id=deposit_id,
                    summary=view.bill.payment_type.label,
                ),
            )
            uow.repo.set_bill_status(view.bill.bill_id, BillStatus.PAID)
            uow.publish(
                events_pb2.DepositPaid(
                    deposit_id=deposit_id,
                    house_id=order.house_id,
                    business_no=view.bill.business_no,
                    amount_fen=order.amount_fen,
                    paid_at=paid.isoformat(),
                    channel=order.channel,
                    payer_account_id=order.payer_account_id,
                    owner_name="、".join(names),
                    house_address=view.house.address if view.house else "",
                    area_m2=f"{view.house.area_m2:.2f}" if view.house else "",
                    payment_type=view.bill.payment_type.value,
                    entry_id=entry.entry_id,
                )
            )
        uow.repo.update_order(order.order_id, **values)
        result = uow.repo.get_order(order.order_id)
        assert result is not None
        _audit(
            uow,
            audit_as,
            order.order_id,
            result.status.value,
            f"flag={decision.flag}" if decision.flag else f"deposit={values.get('deposit_id', '')}",
        )
        uow.commit()
    log.info("payment applied", extra={"order_id": order.order_id, "status": result.status.value})
    return result


# --- notifications --------------------------------------------------------------------------------------


def handle_notification(  # noqa: PLR0911 - one answer per outcome
    ctx: PaymentContext, channel: str, headers: Mapping[str, str], body: bytes
) -> tuple[int, bytes, str]:
    """Verify, dedup and apply one provider notification; the answer the provider expects."""
    provider = ctx.providers.get(channel)
    if provider is None:
        return 404, b"", "text/plain; charset=utf-8"
    who = AuditAs.provider(channel)
    try:
        note = provider.verify_notification(dict(headers), body)
    except NotificationRejected as exc:
        log.warning(
            "payment notification refused",
            extra={"channel": channel, "reason": exc.reason, "detail": exc.detail},
        )
        _audit_alone(ctx, who, "-", "REJECTED", f"{exc.reason}: {exc.detail}")
        return provider.notification_ack(False, refused=True)
    seen = (
        (channel, f"nonce:{note.nonce}")
        if channel == "WECHAT"
        else (channel, f"notify:{note.notification_id}")
    )
    target = note.out_trade_no[:80] or "-"
    if not note.paid:
        log.info(
            "payment notification without a payment", extra={"channel": channel, "state": note.provider_state}
        )
        _audit_alone(ctx, who, target, "NOT_PAID", f"provider state {note.provider_state}")
        return provider.notification_ack(True)
    try:
        apply_paid(
            ctx,
            note.out_trade_no,
            PaymentEvidence(note.amount_fen, note.merchant_id, note.app_id),
            provider_trade_id=note.provider_trade_id,
            paid_at=note.paid_at,
            seen=seen,
            audit_as=who,
        )
    except NotificationRejected:
        _audit_alone(ctx, who, target, "REPLAYED", seen[1][:40])
        if channel == "ALIPAY":
            return provider.notification_ack(True)  # the same notify_id again: already applied
        log.warning("payment notification replayed", extra={"channel": channel})
        return provider.notification_ack(False, refused=True)
    except errors.NotFound:
        log.error("payment notification for an unknown order", extra={"channel": channel})
        _audit_alone(ctx, who, target, "NOT_FOUND", "no such out_trade_no")
        return provider.notification_ack(False)
    except errors.DomainError as exc:
        log.error("payment notification not applied", extra={"channel": channel, "code": exc.code})
        _audit_alone(ctx, who, target, "ERROR", exc.code)
        return provider.notification_ack(False)
    return provider.notification_ack(True)


# --- sweeper and reconciliation -------------------------------------------------------------------------


def poll_once(
    ctx: PaymentContext, poll_after: timedelta, limit: int = 100, closed_recheck: timedelta = CLOSED_RECHECK
) -> int:
    """Query PENDING orders whose notification has not come, and recently closed ones (a late payment);
    close expired ones. Returns orders seen."""
    now = utcnow()
    with ctx.db.unit_of_work() as uow:
        orders = uow.repo.orders_to_poll(
            now - poll_after,
            now - poll_after,
            limit,
            closed_expiring_after=now - LATE_PAYMENT_WATCH,
            closed_queried_before=now - closed_recheck,
        )
        uow.repo.purge_notifications_seen("WECHAT", now - NONCE_RETENTION)
        uow.repo.purge_idempotency_keys(now - IDEMPOTENCY_RETENTION)
        uow.commit()
    for order in orders:
        try:
            sync_with_provider(ctx, order, close_if_expired=True, audit_as=SWEEPER)
        except errors.DomainError as exc:
            log.warning("order poll failed", extra={"order_id": order.order_id, "code": exc.code})
    return len(orders)


def reconcile_day(
    ctx: PaymentContext, day: date, statement: Callable[[str, date], list[Line]]
) -> dict[str, Report]:
    start = datetime(day.year, day.month, day.day, tzinfo=BEIJING).astimezone(UTC)
    end = start + timedelta(days=1)
    reports = {}
    with ctx.db.unit_of_work() as uow:
        for channel in CHANNELS:
            local = [
                Line(o.out_trade_no, o.amount_fen) for o in uow.repo.paid_orders_between(channel, start, end)
            ]
            reports[channel] = reconcile(statement(channel, day), local)
    return reports
