"""Deposit payment use cases on each database the project runs on (PostgreSQL, and SQLite as `make run`
uses by default): exactly-once posting under concurrency, idempotency keys, and out_trade_no reuse after a
provider timeout (fake providers; the HTTP protocols are tested in test_payment_providers and end to end)."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from deposit.adapters.orm import deposits, idempotency_keys, ledger_entries, outbox
from deposit.adapters.payments import PrecreateResult
from deposit.bootstrap import database as deposit_database
from deposit.domain.payments import OrderStatus, PaymentEvidence
from deposit.service_layer import billing, payments
from deposit.service_layer.access import Asker, HouseAccess
from maintfund_common import errors, house_grants
from maintfund_common.db import utcnow
from tests.conftest import migrated_sqlite
from tests.deposit_support import house_with_first_deposit_bill

pytestmark = pytest.mark.integration
MCH, APP = "1900000001", "wx8888888888888888"


class FakeWeChat:
    channel = "WECHAT"
    mchid, appid = MCH, APP

    def __init__(self) -> None:
        self.created: list[str] = []
        self.fail_next = 0

    def create(
        self, out_trade_no: str, amount_fen: int, description: str, expires_at: datetime
    ) -> PrecreateResult:
        self.created.append(out_trade_no)
        if self.fail_next:
            self.fail_next -= 1
            raise errors.Unavailable("timeout", code="UPSTREAM_UNAVAILABLE")
        return PrecreateResult(f"weixin://wxpay/bizpayurl?pr={out_trade_no}", expires_at)


@pytest.fixture(scope="module")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return migrated_sqlite("deposit", tmp_path_factory.mktemp("deposit"))


@pytest.fixture(params=["postgresql", "sqlite"])
def ctx(request: pytest.FixtureRequest) -> Iterator[payments.PaymentContext]:
    if request.param == "sqlite":
        url = request.getfixturevalue("sqlite_url")
    else:
        url = request.getfixturevalue("migrated_databases")["deposit"]
    db = deposit_database(url)
    yield payments.PaymentContext(db, {"WECHAT": FakeWeChat()}, lambda house_id: ["刘洋"])  # type: ignore[dict-item]
    db.dispose()


def _bill(ctx: payments.PaymentContext) -> tuple[str, str]:
    house_id, bill = house_with_first_deposit_bill(ctx, bound_to="acct-1")
    assert bill.amount_fen == 762_000  # 76.20 m² x 100 元/m² (multi-storey default standard)
    return house_id, bill.bill_id


def _command(bill_id: str, house_id: str, **kw: object) -> payments.CreateOrder:
    return payments.CreateOrder(
        bill_id=bill_id,
        payer_account_id="acct-1",
        channel="WECHAT",
        amount_fen=0,
        **kw,
    )  # type: ignore[arg-type]


def test_concurrent_successes_post_exactly_once(ctx: payments.PaymentContext) -> None:
    house_id, bill_id = _bill(ctx)
    order, _ = payments.create_order(ctx, _command(bill_id, house_id))
    results: list[OrderStatus] = []

    def pay() -> None:
        done = payments.apply_paid(
            ctx,
            order.out_trade_no,
            PaymentEvidence(762_000, MCH, APP),
            provider_trade_id="42",
            paid_at=utcnow(),
        )
        results.append(done.status)

    threads = [threading.Thread(target=pay) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [OrderStatus.PAID] * 8
    with ctx.db.engine.connect() as conn:
        assert (
            conn.execute(select(func.count()).where(ledger_entries.c.house_id == house_id)).scalar_one() == 1
        )
        assert conn.execute(select(func.count()).where(deposits.c.house_id == house_id)).scalar_one() == 1
        events = conn.execute(
            select(func.count()).where(outbox.c.event_type == "maintfund.events.v1.DepositPaid")
        ).scalar_one()
    assert events >= 1
    with ctx.db.unit_of_work() as uow:
        assert uow.repo.get_bill(bill_id).bill.status.value == "PAID"  # type: ignore[union-attr]


def test_replayed_nonce_is_refused_and_mismatch_goes_to_suspect(ctx: payments.PaymentContext) -> None:
    house_id, bill_id = _bill(ctx)
    order, _ = payments.create_order(ctx, _command(bill_id, house_id))
    wrong = PaymentEvidence(1, MCH, APP)
    done = payments.apply_paid(
        ctx, order.out_trade_no, wrong, provider_trade_id="x", paid_at=None, seen=("WECHAT", "n1")
    )
    assert done.status is OrderStatus.SUSPECT and done.deposit_id == ""
    with pytest.raises(payments.NotificationRejected):
        payments.apply_paid(
            ctx, order.out_trade_no, wrong, provider_trade_id="x", paid_at=None, seen=("WECHAT", "n1")
        )
    # SUSPECT is terminal: a later correct payment report does not post behind a person's back
    again = payments.apply_paid(
        ctx, order.out_trade_no, PaymentEvidence(762_000, MCH, APP), provider_trade_id="y", paid_at=None
    )
    assert again.status is OrderStatus.SUSPECT
    with ctx.db.engine.connect() as conn:
        assert (
            conn.execute(select(func.count()).where(ledger_entries.c.house_id == house_id)).scalar_one() == 0
        )


def test_idempotency_key_replays_and_provider_timeout_reuses_out_trade_no(
    ctx: payments.PaymentContext,
) -> None:
    house_id, bill_id = _bill(ctx)
    provider: FakeWeChat = ctx.providers["WECHAT"]  # type: ignore[assignment]
    provider.fail_next = 1
    keyed = _command(
        bill_id, house_id, idempotency_key="k1", idempotency_scope="acct-1:POST x", request_hash="h1"
    )
    with pytest.raises(errors.Unavailable):
        payments.create_order(ctx, keyed)
    order, replayed = payments.create_order(ctx, keyed)  # the retry continues the same order
    assert not replayed and provider.created == [order.out_trade_no, order.out_trade_no]
    again, replayed = payments.create_order(ctx, keyed)
    assert replayed and again.order_id == order.order_id and len(provider.created) == 2
    other = _command(
        bill_id, house_id, idempotency_key="k1", idempotency_scope="acct-1:POST x", request_hash="h2"
    )
    with pytest.raises(errors.ValidationFailed) as reused:
        payments.create_order(ctx, other)
    assert reused.value.code == "IDEMPOTENCY_KEY_REUSED"
    # an error is stored too and replayed as such
    bad = _command(
        bill_id, house_id, idempotency_key="k2", idempotency_scope="acct-1:POST x", request_hash="h3"
    )
    bad = payments.CreateOrder(**{**bad.__dict__, "amount_fen": 5})
    for _ in range(2):
        with pytest.raises(errors.ValidationFailed) as mismatch:
            payments.create_order(ctx, bad)
        assert mismatch.value.code == "AMOUNT_MISMATCH"


def test_a_key_claimed_by_a_process_that_died_is_taken_over_after_the_lease(
    ctx: payments.PaymentContext,
) -> None:
    """kill -9 of the deposit server between claiming the key and storing the answer: the key must not
    answer IDEMPOTENCY_KEY_IN_USE for ever; a retry after the lease creates (or continues) the order."""
    house_id, bill_id = _bill(ctx)
    keyed = _command(
        bill_id, house_id, idempotency_key="dead", idempotency_scope="acct-1:POST x", request_hash="h1"
    )
    with ctx.db.unit_of_work() as uow:  # what the dead process left: a claim without an answer
        assert uow.repo.claim_idempotency_key("acct-1:POST x", "dead", "h1") is None
        uow.commit()
    with pytest.raises(errors.Conflict) as running:  # within the lease: it may still be running
        payments.create_order(ctx, keyed)
    assert running.value.code == "IDEMPOTENCY_KEY_IN_USE"
    with ctx.db.engine.begin() as conn:
        conn.execute(
            update(idempotency_keys)
            .where(idempotency_keys.c.idem_key == "dead")
            .values(created_at=utcnow() - timedelta(minutes=10))  # long after any live call
        )
    order, replayed = payments.create_order(ctx, keyed)
    assert not replayed and order.bill_id == bill_id
    again, replayed = payments.create_order(ctx, keyed)
    assert replayed and again.order_id == order.order_id


def test_expired_orders_are_not_reused(ctx: payments.PaymentContext) -> None:
    house_id, bill_id = _bill(ctx)
    first, _ = payments.create_order(ctx, _command(bill_id, house_id))
    with ctx.db.unit_of_work() as uow:
        uow.repo.update_order(first.order_id, expires_at=utcnow() + timedelta(seconds=30))
        uow.commit()
    second, _ = payments.create_order(ctx, _command(bill_id, house_id))
    assert second.order_id != first.order_id and second.out_trade_no != first.out_trade_no


def test_another_accounts_bill_is_not_found_with_or_without_a_grant_for_another_house(
    ctx: payments.PaymentContext,
) -> None:
    """Deposit decides who may pay: bound houses, or the house a 我要查询 grant names, for that account."""
    key = b"test-house-grant-key"
    ctx.access = HouseAccess(ctx.db, key)
    house_id, bill_id = _bill(ctx)  # bound to acct-1
    other_house, _ = _bill(ctx)
    stranger = "acct-stranger"

    def attempt(grant: str) -> errors.NotFound:
        command = payments.CreateOrder(
            bill_id=bill_id, payer_account_id=stranger, channel="WECHAT", amount_fen=0, grant=grant
        )
        with pytest.raises(errors.NotFound) as refused:
            payments.create_order(ctx, command)
        with ctx.db.reading() as reader, pytest.raises(errors.NotFound):
            billing.get_bill(reader, ctx.access, Asker(stranger, grant), bill_id)
        return refused.value

    missing = payments.CreateOrder(
        bill_id=str(uuid.uuid4()), payer_account_id=stranger, channel="WECHAT", amount_fen=0
    )
    with pytest.raises(errors.NotFound) as not_there:
        payments.create_order(ctx, missing)
    for grant in (
        "",
        house_grants.issue(key, stranger, other_house)[0],  # a grant for another house
        house_grants.issue(key, "acct-1", house_id)[0],  # someone else's grant for this house
        house_grants.issue(b"forged", stranger, house_id)[0],
    ):
        refused = attempt(grant)
        assert (refused.code, refused.message) == (not_there.value.code, not_there.value.message)
    granted = house_grants.issue(key, stranger, house_id)[0]
    with ctx.db.reading() as reader:
        seen = billing.get_bill(reader, ctx.access, Asker(stranger, granted), bill_id)
    assert [n.value for n in seen.notices] == ["NOT_OWNER"] and seen.payable
    command = payments.CreateOrder(
        bill_id=bill_id, payer_account_id=stranger, channel="WECHAT", amount_fen=0, grant=granted
    )
    order, _ = payments.create_order(ctx, command)
    assert order.status is OrderStatus.PENDING and order.house_id == house_id
