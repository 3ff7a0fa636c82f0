"""Nothing lost, nothing twice, nothing believed without a signature (DESIGN §3, §8), for payments.

The real deposit service layer on each database the project runs on (PostgreSQL, and the SQLite file that
`make run` uses by default), with the real WeChat Pay and Alipay clients talking HTTP to
the sandbox providers (in this process, notifications dropped: the test takes each notification the
sandbox would send and delivers it itself, duplicated, reordered, late, tampered):
- a Hypothesis state machine over orders, payments, notifications, confirmations, closes and sweeps,
  with DESIGN §8's invariants checked after every step;
- the sweeper recovering every paid order whose notification never came;
- a close and a payment racing;
- the owner's 已支付 racing the provider's notification and the sweeper;
- reconciliation's classification and its refusal of unusable statements.

`make test` runs short versions; MAINTFUND_RELIABILITY=long (`make reliability`) runs many more examples.
"""

from __future__ import annotations

import collections
import dataclasses
import random
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

import pytest
import requests
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import func, select, text

from deposit.adapters.orm import deposits, ledger_entries, payment_orders
from deposit.adapters.payments import statement
from deposit.adapters.payments.alipay import AlipayClient
from deposit.adapters.payments.statement import StatementUnusable, fetch_statement, parse_statement
from deposit.adapters.payments.wechatpay import WeChatPayClient
from deposit.bootstrap import database as deposit_database
from deposit.domain.payments import Flag, OrderStatus
from deposit.entrypoints import cli
from deposit.service_layer import payments
from maintfund_common import errors
from maintfund_common.db import is_postgres, utcnow
from sandbox import payments as sandbox
from tests.conftest import DB_PREFIX, ROOT, migrate, migrated_sqlite, recreate_database
from tests.deposit_support import house_with_first_deposit_bill
from tests.reliability.summary import LONG, publish_figures
from tests.sandbox_support import serve_blueprint

pytestmark = [pytest.mark.reliability, pytest.mark.integration, pytest.mark.timeout(3600 if LONG else 300)]

EXAMPLES, STEPS = (300, 40) if LONG else (40, 25)
SWEEP_ORDERS = 500 if LONG else 20
RACES = 300 if LONG else 30
CONFIRM_RACES = 200 if LONG else 30
KEYS = ROOT / "sandbox" / "keys"
PAYER = "acct-payfuzz"
UNREACHABLE = "http://127.0.0.1:9"  # the sandbox is in drop mode: it never calls this
CHANNELS = ("WECHAT", "ALIPAY")


def _pem(name: str) -> bytes:
    return Path(KEYS / f"{name}.pem").read_bytes()


# --- the world: a database, the sandbox providers, the service's payment context -----------------------


@pytest.fixture(scope="module")
def sandbox_url() -> Iterator[str]:
    with serve_blueprint("sandbox-payfuzz", sandbox.bp) as url:
        yield url


@pytest.fixture(scope="module", params=["postgresql", "sqlite"])
def ctx(
    sandbox_url: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[payments.PaymentContext]:
    """The payment use cases on a freshly migrated database of each kind the project runs on."""
    if request.param == "sqlite":
        url = migrated_sqlite("deposit", tmp_path_factory.mktemp("payments"))
    else:
        url = recreate_database(f"{DB_PREFIX}rel_payments")
        migrate("deposit", url)
    db = deposit_database(url)
    providers: dict[str, Any] = {
        "WECHAT": WeChatPayClient(
            base_url=sandbox_url,
            mchid="1900000001",
            appid="wx8888888888888888",
            merchant_serial_no="3775B6A45ACD588826D15E583A95F5DD00000001",
            merchant_private_key_pem=_pem("wechat_merchant_private"),
            platform_public_keys={"7132D72A03E93CDDF8C03BBD1F37EEDF00000001": _pem("wechat_platform_public")},
            api_v3_key="SandboxApiV3Key0123456789abcdefg",
            notify_url=UNREACHABLE + "/notify/wechat",
        ),
        "ALIPAY": AlipayClient(
            gateway_url=sandbox_url + "/alipay/gateway.do",
            app_id="2021000000000001",
            seller_id="2088000000000001",
            app_private_key_pem=_pem("alipay_app_private"),
            alipay_public_key_pem=_pem("alipay_platform_public"),
            notify_url=UNREACHABLE + "/notify/alipay",
        ),
    }
    context = payments.PaymentContext(db, providers, lambda _house_id: ["刘洋"])
    context.sandbox_url = sandbox_url  # type: ignore[attr-defined]
    yield context
    for provider in providers.values():
        provider.close_session()
    db.dispose()


def database(ctx: payments.PaymentContext) -> str:
    return ctx.db.engine.dialect.name


def fresh(ctx: payments.PaymentContext) -> None:
    """Empty payment tables and a sandbox that forgets every order and never notifies by itself."""
    tables = (
        "payment_orders, bills, deposits, ledger_entries, house_accounts, house_facts, outbox, "
        "idempotency_keys, notifications_seen"
    )
    with ctx.db.engine.begin() as conn:
        if is_postgres(ctx.db.engine):
            conn.execute(text(f"TRUNCATE {tables}"))
        else:
            for table in tables.split(", "):
                conn.execute(text(f"DELETE FROM {table}"))
    sandbox.reset_state()
    with sandbox._lock:
        sandbox._state.notify_mode = "drop"


@dataclasses.dataclass(frozen=True)
class OrderRef:
    order_id: str
    out_trade_no: str
    channel: str
    bill_id: str
    house_id: str
    business_no: str
    amount_fen: int


def new_bill(ctx: payments.PaymentContext, area_m2: Decimal = Decimal("76.20")) -> tuple[str, str, str]:
    house_id, bill = house_with_first_deposit_bill(ctx, area_m2, bound_to=PAYER)
    return house_id, bill.bill_id, bill.business_no


def create_order(
    ctx: payments.PaymentContext, channel: str, house_id: str, bill_id: str, business_no: str
) -> OrderRef:
    order, _ = payments.create_order(
        ctx,
        payments.CreateOrder(
            bill_id=bill_id,
            payer_account_id=PAYER,
            channel=channel,
            amount_fen=0,
        ),
    )
    return OrderRef(
        order.order_id, order.out_trade_no, channel, bill_id, house_id, business_no, order.amount_fen
    )


def new_order(ctx: payments.PaymentContext, channel: str) -> OrderRef:
    return create_order(ctx, channel, *new_bill(ctx))


def pay_at_provider(ctx: payments.PaymentContext, order: OrderRef) -> int:
    """The payer scans and pays: 200 when the provider took (or had taken) the money."""
    resp = requests.post(
        f"{ctx.sandbox_url}/sandbox/pay",  # type: ignore[attr-defined]
        json={"out_trade_no": order.out_trade_no, "channel": order.channel},
        timeout=10,
    )
    assert resp.status_code in (200, 409), resp.text
    return resp.status_code


def _sandbox_order(order: OrderRef) -> sandbox.Order | None:
    table = sandbox._state.wechat if order.channel == "WECHAT" else sandbox._state.alipay
    return table.get(order.out_trade_no)


def provider_paid(order: OrderRef) -> bool:
    with sandbox._lock:
        found = _sandbox_order(order)
        return found is not None and sandbox._is_paid(found)


def provider_notification(
    order: OrderRef, amount_fen: int | None = None
) -> tuple[dict[str, str], bytes] | None:
    """What the provider sends for a paid order (freshly signed, as each retry is); with ``amount_fen``,
    a validly signed notification reporting another amount (a partial payment or a provider error)."""
    with sandbox._lock:
        found = _sandbox_order(order)
        if found is None or not sandbox._is_paid(found):
            return None
        source = found
        if amount_fen is not None:
            source = dataclasses.replace(found, amount_fen=amount_fen)
            source.notification_payload = (
                sandbox._wechat_notification(source)
                if order.channel == "WECHAT"
                else sandbox._alipay_notification(source)
            )
    build = sandbox._wechat_delivery if order.channel == "WECHAT" else sandbox._alipay_delivery
    return build(source)


def tampered(channel: str, body: bytes) -> bytes:
    """The body changed after signing: another amount (Alipay) or a flipped ciphertext byte (WeChat)."""
    if channel == "ALIPAY":
        params = dict(parse_qsl(body.decode()))
        params["total_amount"] = "0.01"
        return urlencode(params).encode()
    index = body.index(b'"ciphertext": "') + len(b'"ciphertext": "') + 4
    flipped = b"A" if body[index : index + 1] != b"A" else b"B"
    return body[:index] + flipped + body[index + 1 :]


def deliver(ctx: payments.PaymentContext, channel: str, headers: dict[str, str], body: bytes) -> bool:
    """Hand a notification to the service as the gateway does; True when it was acknowledged."""
    status, answer, _ = payments.handle_notification(ctx, channel, headers, body)
    return status in (200, 204) and (channel == "WECHAT" or answer == b"success")


def expire_and_close(ctx: payments.PaymentContext, order: OrderRef) -> OrderStatus | None:
    """The order's time is up and the sweeper closes it (at the provider, then here)."""
    with ctx.db.unit_of_work() as uow:
        current = uow.repo.get_order(order.order_id)
        assert current is not None
        uow.repo.update_order(order.order_id, expires_at=utcnow() - timedelta(seconds=1))
        uow.commit()
    if current.status is not OrderStatus.PENDING:
        return current.status
    with ctx.db.unit_of_work() as uow:
        current = uow.repo.get_order(order.order_id)
    try:
        return payments.sync_with_provider(
            ctx, current, close_if_expired=True, audit_as=payments.SWEEPER
        ).status
    except errors.Conflict:  # the provider refused the close: it was paid meanwhile
        return None


def sweep(ctx: payments.PaymentContext) -> None:
    """One sweeper pass over every order due a query (poll_once takes 100 at a time)."""
    for _ in range(100):
        if payments.poll_once(ctx, timedelta(0), limit=100, closed_recheck=timedelta(0)) < 100:
            return
    raise AssertionError("the sweeper never finished")


@dataclasses.dataclass
class Books:
    orders: dict[str, tuple[OrderStatus, str, str | None, str]]  # order_id -> (status, flag, deposit, bill)
    entries: dict[str, int]  # business_no -> ledger entries
    deposits: dict[str, int]  # business_no -> deposits
    total_entries: int


def books(ctx: payments.PaymentContext) -> Books:
    with ctx.db.engine.connect() as conn:
        orders = {
            r.order_id: (OrderStatus(r.status), r.flag, r.deposit_id, r.bill_id)
            for r in conn.execute(
                select(
                    payment_orders.c.order_id,
                    payment_orders.c.status,
                    payment_orders.c.flag,
                    payment_orders.c.deposit_id,
                    payment_orders.c.bill_id,
                )
            )
        }
        entries = dict(
            conn.execute(
                select(ledger_entries.c.business_no, func.count()).group_by(ledger_entries.c.business_no)
            ).all()
        )
        deps = dict(
            conn.execute(select(deposits.c.business_no, func.count()).group_by(deposits.c.business_no)).all()
        )
    return Books(orders, entries, deps, sum(entries.values()))


def check_books(ctx: payments.PaymentContext, refs: list[OrderRef], closed_seen: set[str]) -> Books:
    """DESIGN §8's invariants that hold after every step."""
    b = books(ctx)
    paid = [r for r in refs if b.orders[r.order_id][0] is OrderStatus.PAID]
    # ledger entries = paid orders, one per paid bill, and a deposit behind each
    assert b.total_entries == len(paid), f"{b.total_entries} ledger entries for {len(paid)} paid orders"
    assert sum(b.deposits.values()) == len(paid)
    for ref in refs:
        status, flag, deposit_id, _ = b.orders[ref.order_id]
        paid_for_bill = sum(1 for r in paid if r.bill_id == ref.bill_id)
        assert paid_for_bill <= 1, f"bill {ref.business_no} paid by {paid_for_bill} orders"
        assert b.entries.get(ref.business_no, 0) == paid_for_bill
        if status is OrderStatus.PAID:
            assert deposit_id, "a PAID order without its deposit"
            assert provider_paid(ref), "PAID here, but the provider took no money"
            if ref.order_id in closed_seen:
                assert flag == Flag.LATE_PAYMENT, "a payment after close must be flagged"
        else:
            assert not deposit_id, f"a {status} order has a deposit"
        if status is OrderStatus.SUSPECT:
            assert flag, "SUSPECT without the reason a person needs"
    return b


Note = tuple[OrderRef, tuple[dict[str, str], bytes] | None]


# --- 1. the state machine -------------------------------------------------------------------------------


class PaymentWorld(RuleBasedStateMachine):
    ctx: payments.PaymentContext
    examples = 0
    steps = 0

    orders = Bundle("orders")
    notifications = Bundle("notifications")

    def __init__(self) -> None:
        super().__init__()
        fresh(self.ctx)
        type(self).examples += 1
        self.refs: list[OrderRef] = []
        self.last: dict[str, OrderStatus] = {}
        self.closed_seen: set[str] = set()

    def _track(self, ref: OrderRef) -> OrderRef:
        self.refs.append(ref)
        self.last[ref.order_id] = OrderStatus.PENDING
        return ref

    @rule(target=orders, channel=st.sampled_from(CHANNELS))
    def open_order(self, channel: str) -> OrderRef:
        return self._track(new_order(self.ctx, channel))

    @rule(target=orders, other=orders, channel=st.sampled_from(CHANNELS))
    def open_second_order_for_the_same_bill(self, other: OrderRef, channel: str) -> Any:
        """The payer opens another order for the bill (the other channel, or after the first closed)."""
        try:
            ref = create_order(self.ctx, channel, other.house_id, other.bill_id, other.business_no)
        except errors.DomainError:  # the bill is paid already
            return other  # bundles grow the same way whatever the outcome (Hypothesis replays them)
        if ref.order_id in self.last:
            return ref  # the same still-open order handed out again
        return self._track(ref)

    @rule(order=orders)
    def payer_pays(self, order: OrderRef) -> None:
        pay_at_provider(self.ctx, order)

    @rule(target=notifications, order=orders)
    def provider_sends(self, order: OrderRef) -> Note:
        """What the provider sends now (nothing when unpaid): kept to arrive later, twice, out of order."""
        return order, provider_notification(order)

    @rule(note=notifications)
    def notification_arrives(self, note: Note) -> None:
        order, sent = note
        if sent is not None:
            deliver(self.ctx, order.channel, *sent)  # again, out of order, after close: all allowed

    @rule(note=notifications)
    def tampered_notification_is_refused(self, note: Note) -> None:
        order, sent = note
        if sent is None:
            return
        headers, body = sent
        before = books(self.ctx)
        assert not deliver(self.ctx, order.channel, headers, tampered(order.channel, body))
        assert books(self.ctx) == before, "a tampered notification changed something"

    @rule(order=orders, delta=st.sampled_from([-1, 1, -100_00]))
    def provider_reports_another_amount(self, order: OrderRef, delta: int) -> None:
        note = provider_notification(order, amount_fen=order.amount_fen + delta)
        if note is None:
            return
        was = books(self.ctx).orders[order.order_id][0]
        deliver(self.ctx, order.channel, *note)
        now, flag, deposit_id, _ = books(self.ctx).orders[order.order_id]
        if was.terminal:
            assert now is was
        else:
            assert (now, flag, deposit_id) == (OrderStatus.SUSPECT, Flag.AMOUNT_MISMATCH, None)

    @rule(order=orders)
    def payer_confirms(self, order: OrderRef) -> None:
        try:
            payments.confirm_order(self.ctx, order.order_id, PAYER)
        except errors.DomainError:  # the provider refused or was unsure: the order stays as it was
            pass

    @rule(order=orders)
    def order_expires_and_is_closed(self, order: OrderRef) -> None:
        if expire_and_close(self.ctx, order) is OrderStatus.CLOSED:
            self.closed_seen.add(order.order_id)

    @rule()
    def sweeper_runs(self) -> None:
        sweep(self.ctx)
        self.no_money_kept_on_an_open_or_closed_order()

    def no_money_kept_on_an_open_or_closed_order(self) -> None:
        """The sweeper's contract: after its pass, every payment the provider holds is booked here."""
        b = books(self.ctx)
        for ref in self.refs:
            status = b.orders[ref.order_id][0]
            if provider_paid(ref):
                assert status in (OrderStatus.PAID, OrderStatus.SUSPECT), f"money kept on a {status} order"

    @invariant()
    def books_balance_and_nothing_regresses(self) -> None:
        type(self).steps += 1
        b = check_books(self.ctx, self.refs, self.closed_seen)
        for order_id, before in self.last.items():
            now = b.orders[order_id][0]
            if before.terminal:
                assert now is before, f"{before} regressed to {now}"
            if now is OrderStatus.CLOSED:
                self.closed_seen.add(order_id)
            self.last[order_id] = now

    def teardown(self) -> None:
        """The sweeper has had its turn: no money is kept on an order left CLOSED or PENDING."""
        sweep(self.ctx)
        check_books(self.ctx, self.refs, self.closed_seen)
        self.no_money_kept_on_an_open_or_closed_order()


def test_payment_state_machine(ctx: payments.PaymentContext) -> None:
    PaymentWorld.ctx = ctx
    PaymentWorld.examples = PaymentWorld.steps = 0
    run_state_machine_as_test(
        PaymentWorld,
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=STEPS,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
            # every step is real HTTP and SQL: shrinking a failure takes minutes, worth it only when long
            phases=list(Phase) if LONG else [Phase.explicit, Phase.generate],
        ),
    )
    publish_figures(
        f"payments on {database(ctx)}: {PaymentWorld.examples} examples, {PaymentWorld.steps} checked steps, "
        "ledger entries = paid orders after every step",
        payment_examples=PaymentWorld.examples,
        payment_steps=PaymentWorld.steps,
    )


# --- 2. the sweeper -------------------------------------------------------------------------------------


def test_sweeper_recovers_every_paid_order_without_notifications(ctx: payments.PaymentContext) -> None:
    fresh(ctx)
    refs = [new_order(ctx, CHANNELS[i % 2]) for i in range(SWEEP_ORDERS)]
    for ref in refs:
        assert pay_at_provider(ctx, ref) == 200
    sweep(ctx)
    b = check_books(ctx, refs, set())
    recovered = sum(
        1 for r in refs if b.orders[r.order_id][0] is OrderStatus.PAID and b.entries[r.business_no] == 1
    )
    publish_figures(
        f"payments on {database(ctx)}: sweeper recovered {recovered}/{len(refs)} paid orders whose "
        "notification never came, "
        f"ledger entries {b.total_entries} = paid orders {recovered}",
        sweeper_recovered=recovered,
        sweeper_orders=len(refs),
    )
    assert recovered == len(refs)
    sweep(ctx)  # a second sweep finds nothing more to do
    assert books(ctx) == b


def test_payment_after_close_without_notification_is_recovered(ctx: payments.PaymentContext) -> None:
    """Alipay: an order never scanned has no trade to close, so its QR code stays payable after we close
    it. A payment landing then, whose notification is lost, must still end PAID (flagged)."""
    fresh(ctx)
    ref = new_order(ctx, "ALIPAY")
    assert expire_and_close(ctx, ref) is OrderStatus.CLOSED
    assert pay_at_provider(ctx, ref) == 200
    sweep(ctx)
    status, flag, deposit_id, _ = books(ctx).orders[ref.order_id]
    assert (status, flag) == (OrderStatus.PAID, Flag.LATE_PAYMENT) and deposit_id
    check_books(ctx, [ref], {ref.order_id})


# --- 3. close against payment ---------------------------------------------------------------------------


def test_close_and_payment_race(ctx: payments.PaymentContext) -> None:
    fresh(ctx)
    outcomes = {"paid": 0, "paid_flagged": 0, "closed": 0}
    refs = []
    rng = random.Random(20261203)
    for i in range(RACES):
        ref = new_order(ctx, CHANNELS[i % 2])
        refs.append(ref)
        notify = i % 4 < 2  # half the notifications are lost: the sweeper must settle those
        start = threading.Barrier(2)
        closed: list[OrderStatus | None] = []

        def close(ref: OrderRef = ref, start: threading.Barrier = start, closed: list = closed) -> None:
            start.wait()
            closed.append(expire_and_close(ctx, ref))

        # the close takes a few round trips before it reaches the provider: a jitter of the same order
        # lets either side win
        delay = rng.uniform(0, 0.06)

        def pay(
            ref: OrderRef = ref, start: threading.Barrier = start, notify: bool = notify, delay: float = delay
        ) -> None:
            start.wait()
            time.sleep(delay)
            if pay_at_provider(ctx, ref) == 200 and notify:
                note = provider_notification(ref)
                assert note is not None
                deliver(ctx, ref.channel, *note)

        threads = [threading.Thread(target=close), threading.Thread(target=pay)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        sweep(ctx)
        status, flag, _, _ = books(ctx).orders[ref.order_id]
        if provider_paid(ref):
            assert status is OrderStatus.PAID, f"the provider took the money, the order is {status}"
            outcomes["paid_flagged" if flag == Flag.LATE_PAYMENT else "paid"] += 1
        else:
            assert status is OrderStatus.CLOSED, f"unpaid at the provider, {status} here"
            outcomes["closed"] += 1
        # settled: time passes and it leaves the sweeper's late-payment watch, as it would after 15 min
        with ctx.db.unit_of_work() as uow:
            uow.repo.update_order(ref.order_id, expires_at=utcnow() - timedelta(days=1))
            uow.commit()
    check_books(ctx, refs, set())
    publish_figures(
        f"payments on {database(ctx)}: close/pay race x{RACES}: {outcomes['paid']} paid, "
        f"{outcomes['paid_flagged']} paid after "
        f"close (flagged), {outcomes['closed']} closed with no money taken, 0 closed with money kept",
        payment_races=RACES,
    )


# --- 4. 已支付 against the notification and the sweeper --------------------------------------------------


def test_confirm_notification_and_sweeper_race(ctx: payments.PaymentContext) -> None:
    """The payer has paid; the owner presses 已支付 three times (a double tap and a retry) while the
    provider's notification arrives twice and the sweeper polls. Every order ends PAID, unflagged, with
    exactly one deposit and one ledger entry, on each database."""
    fresh(ctx)
    refs: list[OrderRef] = []
    failures: list[BaseException] = []
    for i in range(CONFIRM_RACES):
        ref = new_order(ctx, CHANNELS[i % 2])
        refs.append(ref)
        assert pay_at_provider(ctx, ref) == 200
        note = provider_notification(ref)
        assert note is not None

        def confirm(ref: OrderRef = ref) -> None:
            payments.confirm_order(ctx, ref.order_id, PAYER)

        def notify(ref: OrderRef = ref, note: tuple = note) -> None:
            deliver(ctx, ref.channel, *note)  # the second delivery is a replay: refused or acknowledged

        def poll() -> None:
            payments.poll_once(ctx, timedelta(0), limit=10, closed_recheck=timedelta(0))

        tasks = [confirm, confirm, confirm, notify, notify, poll]
        start = threading.Barrier(len(tasks))

        def run(task: Any, start: threading.Barrier = start) -> None:
            start.wait()
            try:
                task()
            except BaseException as exc:  # an owner who sees an error page counts as a failure
                failures.append(exc)

        threads = [threading.Thread(target=run, args=(task,)) for task in tasks]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
    b = check_books(ctx, refs, set())
    outcomes = collections.Counter(
        (b.orders[r.order_id][0].value, b.orders[r.order_id][1] or "") for r in refs
    )
    suspect = sum(n for (status, _), n in outcomes.items() if status == OrderStatus.SUSPECT.value)
    database = ctx.db.engine.dialect.name
    publish_figures(
        f"payments on {database}: 已支付 x3 against the notification x2 and the sweeper x{len(refs)}: "
        f"{outcomes[(OrderStatus.PAID.value, '')]} paid, {suspect} suspect, ledger entries "
        f"{b.total_entries} = paid orders, errors {len(failures)}",
        confirm_races=len(refs),
        confirm_race_suspect=suspect,
    )
    assert not failures, failures[:3]
    assert outcomes == {(OrderStatus.PAID.value, ""): len(refs)}, outcomes
    assert b.total_entries == len(refs) and all(b.entries[r.business_no] == 1 for r in refs)


# --- 5. reconciliation ----------------------------------------------------------------------------------


def with_summary(rows: list[str]) -> str:
    """A statement of these rows with the header and a totals summary that agree with them."""
    total = sum(int(row.split(",")[2]) for row in rows)
    lines = [",".join(statement.HEADER), *rows, ",".join(statement.SUMMARY_HEADER), f"{len(rows)},{total}"]
    return "\n".join(lines) + "\n"


def test_reconciliation_classifies_injected_differences(ctx: payments.PaymentContext) -> None:
    fresh(ctx)
    refs = [new_order(ctx, "WECHAT") for _ in range(5)]
    for ref in refs:
        pay_at_provider(ctx, ref)
    sweep(ctx)
    day = (utcnow() + timedelta(hours=8)).date()
    url = f"{ctx.sandbox_url}/sandbox/payments/statement"  # type: ignore[attr-defined]
    real = {channel: fetch_statement(url, channel, day) for channel in CHANNELS}
    assert sorted(line.out_trade_no for line in real["WECHAT"]) == sorted(r.out_trade_no for r in refs)
    assert cli.reconcile_with(ctx, day, lambda channel, _d: real[channel]) == 0

    # edit the real statement: drop one trade, change an amount, list one twice, add a stranger
    body = requests.get(url, params={"date": day.isoformat(), "channel": "WECHAT"}, timeout=10).text
    rows = body.strip().splitlines()[1:-2]
    by_no = {row.split(",")[0]: row for row in rows}
    missing, changed, doubled = refs[0].out_trade_no, refs[1].out_trade_no, refs[2].out_trade_no
    fields = by_no[changed].split(",")
    edited = [row for no, row in by_no.items() if no not in (missing, changed)]
    edited += [",".join([fields[0], fields[1], str(int(fields[2]) + 1), fields[3]]), by_no[doubled]]
    edited.append(f"MF20261203000000STRANGER0001,4200000000000000000001,100,{fields[3]}")
    edited_statement = parse_statement(with_summary(edited))
    reports = payments.reconcile_day(
        ctx, day, lambda channel, _d: edited_statement if channel == "WECHAT" else []
    )
    report = reports["WECHAT"]
    assert report.provider_only == ["MF20261203000000STRANGER0001"]
    assert report.local_only == [missing]
    assert report.amount_mismatch == [(changed, refs[1].amount_fen + 1, refs[1].amount_fen)]
    assert report.duplicates == [doubled]
    assert report.matched == 3 and reports["ALIPAY"].clean
    assert (
        cli.reconcile_with(ctx, day, lambda ch, _d: edited_statement if ch == "WECHAT" else [])
        == cli.EXIT_DIFFERENCES
    )


@pytest.mark.parametrize(
    ("corrupt", "reason"),
    [
        (lambda t: t[: len(t) // 2], "summary"),  # cut short mid-file
        (lambda t: "\n".join(t.splitlines()[:-2]) + "\n", "summary"),  # the summary lost
        (lambda t: t.replace("\n5,", "\n4,"), "summary says 4"),  # wrong count
        (lambda t: t[: t.rindex(",") + 1] + "1\n", "total"),  # wrong total
        (lambda t: t.replace(",762000,", ",76x000,", 1), "garbled"),  # garbled amount
        (lambda t: t.replace(",762000,", ",762000,,", 1), "fields"),  # a field too many
        (lambda t: "out_trade_no;amount\n" + t, "header"),  # not the expected header
        (lambda t: "", "header"),
    ],
)
def test_unusable_statement_is_refused_whole(
    ctx: payments.PaymentContext, corrupt: Any, reason: str, capsys: Any
) -> None:
    fresh(ctx)
    refs = [new_order(ctx, "WECHAT") for _ in range(5)]
    for ref in refs:
        pay_at_provider(ctx, ref)
    sweep(ctx)
    day = (utcnow() + timedelta(hours=8)).date()
    url = f"{ctx.sandbox_url}/sandbox/payments/statement"  # type: ignore[attr-defined]
    good = requests.get(url, params={"date": day.isoformat(), "channel": "WECHAT"}, timeout=10).text
    assert len(parse_statement(good)) == 5
    with pytest.raises(StatementUnusable, match=reason):
        parse_statement(corrupt(good))

    def fetch(channel: str, _day: Any) -> list:
        return parse_statement(corrupt(good)) if channel == "WECHAT" else []

    capsys.readouterr()
    assert cli.reconcile_with(ctx, day, fetch) == cli.EXIT_STATEMENT_UNUSABLE
    out, err = capsys.readouterr()
    assert "matched" not in out and "statement unusable" in err
