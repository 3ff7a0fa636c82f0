"""The audit trail (DESIGN §8) on the real PostgreSQL.

- every audited action leaves exactly one row, with the user, role, outcome, request id and source IP,
  committed in the same transaction as the action (a rolled-back action leaves only its refusal row);
- no personal data in clear in any row;
- append-only: the trigger refuses UPDATE, DELETE and TRUNCATE even to the owner, and the application's
  role (as the migrations grant it, DB_APP_ROLE) may only SELECT and INSERT.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest
import redis
from argon2 import PasswordHasher
from sqlalchemy import Engine, create_engine, func, select, text
from sqlalchemy.exc import DBAPIError, ProgrammingError

from deposit.adapters.payments import (
    NotificationRejected,
    PrecreateResult,
    ProviderTrade,
    VerifiedNotification,
)
from deposit.bootstrap import database as deposit_database
from deposit.domain.payments import OrderStatus
from deposit.service_layer import payments
from identity.adapters.login_throttle import RedisLoginThrottle
from identity.bootstrap import database as identity_database
from identity.domain.model import LockoutPolicy, SmsPolicy
from identity.service_layer import logins, ports, registration
from invoice.bootstrap import database as invoice_database
from invoice.domain.einvoice import ReceiptStatus, RedFlushResult
from invoice.domain.receipts import InvoiceStatus
from invoice.service_layer import receipts as invoice
from invoice.service_layer.bindings import Bindings
from invoice.service_layer.deposits import record_deposit_paid
from maintfund.events.v1 import events_pb2
from maintfund_common import errors
from maintfund_common.db import Database, utcnow
from maintfund_common.field_crypto import KeyRing
from maintfund_common.logging_setup import reset_client_ip, reset_request_id, set_client_ip, set_request_id
from maintfund_common.migrations import grant_app_role
from maintfund_common.personal_data import id_check_char
from maintfund_dev import demo
from registry.service_layer import register as registry
from registry.service_layer.importing import import_records, wipe
from tests.conftest import DB_PREFIX, PG_BASE, REDIS_URL, ROOT, SLOT, recreate_database
from tests.deposit_support import house_with_first_deposit_bill

pytestmark = pytest.mark.integration

KEYRING = KeyRing.for_development()
AUDITED = ("identity", "registry", "deposit", "invoice")
MCH, APP = "1900000001", "wx8888888888888888"
CLIENT_IP = "203.0.113.7"


def _metadata(service: str) -> Any:
    return __import__(f"{service}.adapters.orm", fromlist=["metadata"]).metadata


@pytest.fixture()
def request_context() -> Iterator[str]:
    """What the gRPC interceptor binds from the gateway's metadata: a request id and the client IP."""
    rid = uuid.uuid4().hex
    rid_token, ip_token = set_request_id(rid), set_client_ip(CLIENT_IP)
    yield rid
    reset_client_ip(ip_token)
    reset_request_id(rid_token)


@pytest.fixture()
def open_db() -> Iterator[Any]:
    """open_db(url, service) -> Database, disposed after the test whatever happens."""
    opened: list[Database] = []

    def factory(url: str, service: str) -> Database:
        opened.append(deposit_database(url) if service == "deposit" else Database(url, _metadata(service)))
        return opened[-1]

    yield factory
    for db in opened:
        db.dispose()


def _trail(db: Database, **where: str) -> list[Any]:
    table = db.metadata.tables["audit_log"]
    query = select(table).order_by(table.c.id)
    for column, value in where.items():
        query = query.where(table.c[column] == value)
    with db.engine.connect() as conn:
        return list(conn.execute(query))


def _since(db: Database, mark: int) -> list[Any]:
    table = db.metadata.tables["audit_log"]
    with db.engine.connect() as conn:
        return list(conn.execute(select(table).where(table.c.id > mark).order_by(table.c.id)))


def _mark(db: Database) -> int:
    table = db.metadata.tables["audit_log"]
    with db.engine.connect() as conn:
        return int(conn.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one())


def _summary(rows: list[Any]) -> list[tuple[str, str, str, str]]:
    return [(r.actor_id, r.actor_role, r.action, r.outcome) for r in rows]


def _assert_context(rows: list[Any], rid: str) -> None:
    for r in rows:
        assert (r.request_id, r.source_ip) == (rid, CLIENT_IP), r
        assert r.occurred_at is not None


# --- identity: logins -------------------------------------------------------------------------------


class _NoSms:
    def send_login_code(self, phone: str, code: str, ttl_minutes: int) -> None:
        self.code = code


class _RealName:
    def verify(self, name: str, id_number: str) -> bool:
        return True


@pytest.fixture()
def identity_db(migrated_databases: dict[str, str]) -> Iterator[tuple[Database, ports.IdentityDeps]]:
    db = identity_database(migrated_databases["identity"])
    deps = ports.IdentityDeps(
        keyring=KEYRING,
        hasher=PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1),
        lockout=LockoutPolicy(max_failures=3, lock_minutes=15),
        sms_policy=SmsPolicy(),
        sms=_NoSms(),
        real_name=_RealName(),
        bind_houses=lambda account_id, name, id_number: [],
        throttle=RedisLoginThrottle(redis.Redis.from_url(REDIS_URL)),
    )
    yield db, deps
    db.dispose()


def _id_number(seed: int) -> str:
    body = f"110105{1960 + seed % 40}{seed % 12 + 1:02d}{seed % 28 + 1:02d}{seed % 1000:03d}"
    return body + id_check_char(body)


def _register(db: Database, deps: ports.IdentityDeps) -> tuple[str, str, str]:
    suffix = uuid.uuid4().int
    username, phone = f"audit{suffix % 10**8}", f"139{suffix % 10**8:08d}"
    with db.unit_of_work() as uow:
        view = registration.register_account(
            uow,
            deps,
            registration.RegisterAccount(
                username=username,
                password="Audit@2026",
                name="欧阳娜娜",
                id_number=_id_number(suffix),
                phone=phone,
            ),
            verify_real_name=False,
            self_service=False,
        )
    return view.account_id, username, phone


def test_logins_success_failure_and_lock_out_leave_one_row_each(
    identity_db: tuple[Database, ports.IdentityDeps], request_context: str
) -> None:
    db, deps = identity_db
    account_id, username, phone = _register(db, deps)
    mark = _mark(db)

    def attempt(password: str) -> None:
        with db.unit_of_work() as uow:
            logins.login_with_password(uow, deps, username, password)

    attempt("Audit@2026")
    for _ in range(3):  # the third failure locks the account
        with pytest.raises(errors.Unauthenticated):
            attempt("Wrong@2026")
    with pytest.raises(errors.Unauthenticated):  # locked: even the right password is refused
        attempt("Audit@2026")
    with pytest.raises(errors.Unauthenticated), db.unit_of_work() as uow:
        logins.login_with_password(uow, deps, f"nobody{uuid.uuid4().hex[:8]}", "Wrong@2026")
    with pytest.raises(errors.Unauthenticated), db.unit_of_work() as uow:
        logins.login_with_sms_code(uow, deps, phone, "000000")  # no code was sent

    rows = _since(db, mark)
    assert _summary(rows) == [
        (account_id, "OWNER", "LOGIN_PASSWORD", "OK"),
        (account_id, "OWNER", "LOGIN_PASSWORD", "FAILED"),
        (account_id, "OWNER", "LOGIN_PASSWORD", "FAILED"),
        (account_id, "OWNER", "LOGIN_PASSWORD", "LOCKED_OUT"),
        (account_id, "OWNER", "LOGIN_PASSWORD", "LOCKED"),
        ("-", "ANONYMOUS", "LOGIN_PASSWORD", "FAILED"),
        (account_id, "OWNER", "LOGIN_SMS", "FAILED"),
    ]
    _assert_context(rows, request_context)
    text_of_rows = " ".join(str(tuple(r)) for r in rows)
    assert username not in text_of_rows and phone not in text_of_rows and "欧阳" not in text_of_rows


# --- registry: 我要查询 on another person's house --------------------------------------------------------


def test_querying_another_persons_house_is_audited_and_ones_own_is_not(
    migrated_databases: dict[str, str], request_context: str, request: pytest.FixtureRequest
) -> None:
    from maintfund_dev.registry_seed import demo_records
    from registry.adapters.orm import houses
    from registry.bootstrap import database
    from registry.domain.model import BindingVia

    db = database(migrated_databases["registry"])
    request.addfinalizer(db.dispose)
    wipe(db)
    with db.unit_of_work() as uow:
        import_records(uow, KEYRING, demo_records())
    with db.engine.connect() as conn:
        mine, other = conn.execute(select(houses.c.house_id, houses.c.address).limit(2)).all()
    with db.unit_of_work() as uow:
        uow.repo.add_bindings("acc-audit", [mine.house_id], BindingVia.IDENTITY_MATCH)
        uow.commit()
    mark = _mark(db)
    for address in (mine.address, other.address, other.address):
        with db.unit_of_work() as uow:
            registry.query_house(uow, b"test-grant-key", "acc-audit", "address", address=address)
    with pytest.raises(errors.NotFound), db.unit_of_work() as uow:
        registry.query_house(uow, b"test-grant-key", "acc-audit", "address", address="朝阳区没有这个地址1号")
    rows = _since(db, mark)
    assert [(r.actor_id, r.actor_role, r.action, r.target) for r in rows] == [
        ("acc-audit", "OWNER", "VIEW_OTHERS_HOUSE", other.house_id)
    ] * 2
    _assert_context(rows, request_context)
    assert other.address not in " ".join(r.detail for r in rows)


# --- deposit: payments ------------------------------------------------------------------------------


@dataclass
class FakeWeChat:
    channel = "WECHAT"
    mchid, appid = MCH, APP
    paid: set[str] | None = None
    notes: dict[bytes, VerifiedNotification] | None = None

    def create(self, out_trade_no: str, amount_fen: int, description: str, expires_at: datetime) -> Any:
        return PrecreateResult(f"weixin://wxpay/bizpayurl?pr={out_trade_no}", expires_at)

    def query(self, out_trade_no: str) -> ProviderTrade:
        if out_trade_no in (self.paid or set()):
            return ProviderTrade(out_trade_no, "PAID", 762_000, "t-" + out_trade_no, MCH, APP, utcnow())
        return ProviderTrade(out_trade_no, "NOT_PAID")

    def verify_notification(self, headers: dict[str, str], body: bytes) -> VerifiedNotification:
        note = (self.notes or {}).get(body)
        if note is None:
            raise NotificationRejected("BAD_SIGNATURE", "signature does not verify")
        return note

    def notification_ack(self, ok: bool, *, refused: bool = False) -> tuple[int, bytes, str]:
        return (204 if ok else 401 if refused else 500), b"", "text/plain"


@pytest.fixture()
def pay(migrated_databases: dict[str, str]) -> Iterator[payments.PaymentContext]:
    db = deposit_database(migrated_databases["deposit"])
    yield payments.PaymentContext(db, {"WECHAT": FakeWeChat(set(), {})}, lambda house_id: ["刘洋"])  # type: ignore[dict-item]
    db.dispose()


def _bill(ctx: payments.PaymentContext) -> tuple[str, str]:
    house_id, bill = house_with_first_deposit_bill(ctx, bound_to="acct-pay")
    return house_id, bill.bill_id


def _order_command(bill_id: str, payer: str = "acct-pay") -> payments.CreateOrder:
    return payments.CreateOrder(bill_id=bill_id, payer_account_id=payer, channel="WECHAT", amount_fen=0)


def _note(out_trade_no: str, amount_fen: int, nonce: str) -> VerifiedNotification:
    return VerifiedNotification(
        out_trade_no=out_trade_no,
        paid=True,
        amount_fen=amount_fen,
        provider_trade_id="t-" + nonce,
        merchant_id=MCH,
        app_id=APP,
        notification_id="n-" + nonce,
        paid_at=utcnow(),
        nonce=nonce,
    )


def test_payment_orders_notifications_and_confirmations_leave_one_row_each(
    pay: payments.PaymentContext, request_context: str
) -> None:
    provider: FakeWeChat = pay.providers["WECHAT"]  # type: ignore[assignment]
    _house_a, bill_a = _bill(pay)
    _house_b, bill_b = _bill(pay)
    _house_c, bill_c = _bill(pay)
    mark = _mark(pay.db)

    order_a, _ = payments.create_order(pay, _order_command(bill_a))
    again, _ = payments.create_order(pay, _order_command(bill_a))  # the same order again
    assert again.order_id == order_a.order_id
    with pytest.raises(errors.NotFound):  # someone else's bill
        payments.create_order(pay, _order_command(bill_a, payer="acct-someone-else"))
    order_b, _ = payments.create_order(pay, _order_command(bill_b))
    order_c, _ = payments.create_order(pay, _order_command(bill_c))
    assert mark < _mark(pay.db)

    notify = _mark(pay.db)
    provider.notes = {
        b"paid-a": _note(order_a.out_trade_no, 762_000, "na"),
        b"short-b": _note(order_b.out_trade_no, 1, "nb"),  # amount mismatch: SUSPECT
        b"unknown": _note("MF-NO-SUCH-ORDER", 1, "nx"),
    }
    for body in (b"paid-a", b"paid-a", b"short-b", b"unknown", b"forged"):
        payments.handle_notification(pay, "WECHAT", {}, body)

    confirm = _mark(pay.db)
    assert payments.confirm_order(pay, order_c.order_id, "acct-pay").status is OrderStatus.PENDING
    provider.paid = {order_c.out_trade_no}
    assert payments.confirm_order(pay, order_c.order_id, "acct-pay").status is OrderStatus.PAID
    assert payments.confirm_order(pay, order_c.order_id, "acct-pay").status is OrderStatus.PAID
    with pytest.raises(errors.NotFound):  # not the payer's order
        payments.confirm_order(pay, order_c.order_id, "acct-other")

    created = _trail(pay.db, action="PAYMENT_ORDER_CREATE")
    created = [r for r in created if r.id > mark]
    assert [(r.actor_id, r.actor_role, r.target, r.outcome) for r in created] == [
        ("acct-pay", "OWNER", order_a.order_id, "CREATED"),
        ("acct-pay", "OWNER", order_a.order_id, "REUSED"),
        ("acct-someone-else", "OWNER", bill_a, "NOT_FOUND"),
        ("acct-pay", "OWNER", order_b.order_id, "CREATED"),
        ("acct-pay", "OWNER", order_c.order_id, "CREATED"),
    ]
    notified = [r for r in _since(pay.db, notify) if r.id <= confirm]
    assert [(r.actor_id, r.actor_role, r.action, r.target, r.outcome) for r in notified] == [
        ("provider:WECHAT", "PROVIDER", "PAYMENT_NOTIFY", order_a.order_id, "PAID"),
        ("provider:WECHAT", "PROVIDER", "PAYMENT_NOTIFY", order_a.out_trade_no, "REPLAYED"),
        ("provider:WECHAT", "PROVIDER", "PAYMENT_NOTIFY", order_b.order_id, "SUSPECT"),
        ("provider:WECHAT", "PROVIDER", "PAYMENT_NOTIFY", "MF-NO-SUCH-ORDER", "NOT_FOUND"),
        ("provider:WECHAT", "PROVIDER", "PAYMENT_NOTIFY", "-", "REJECTED"),
    ]
    confirmed = _since(pay.db, confirm)
    assert [(r.actor_id, r.action, r.target, r.outcome) for r in confirmed] == [
        ("acct-pay", "PAYMENT_CONFIRM", order_c.order_id, "PENDING"),
        ("acct-pay", "PAYMENT_CONFIRM", order_c.order_id, "PAID"),
        ("acct-pay", "PAYMENT_CONFIRM", order_c.order_id, "PAID"),
        ("acct-other", "PAYMENT_CONFIRM", order_c.order_id, "NOT_FOUND"),
    ]
    _assert_context(_since(pay.db, mark), request_context)


# --- invoice: receipt requests ----------------------------------------------------------------------


class _Platform:
    def red_flush(self, *, bill_code: str, bill_no: str, reason: str) -> RedFlushResult:
        return RedFlushResult(ReceiptStatus.RED_FLUSHED, bill_code, bill_no, "99999999", "0000000001")


@pytest.fixture()
def invoice_db(migrated_databases: dict[str, str]) -> Iterator[Database]:
    """The invoice database with its repository (``uow.repo``), as the service's bootstrap builds it."""
    db = invoice_database(migrated_databases["invoice"])
    yield db
    db.dispose()


def test_receipt_request_retry_and_reissue_leave_one_row_each(
    request_context: str, invoice_db: Database
) -> None:
    db = invoice_db
    owner = str(uuid.uuid4())
    event = events_pb2.DepositPaid(
        deposit_id=str(uuid.uuid4()),
        house_id=str(uuid.uuid4()),
        business_no=f"JC{uuid.uuid4().int % 10**12:012d}",
        amount_fen=762_000,
        paid_at=utcnow().isoformat(),
        channel="WECHAT",
        payer_account_id=owner,
        owner_name="欧阳娜娜",
        house_address="朝阳区审计路1号",
        area_m2="76.20",
        payment_type="FIRST_DEPOSIT",
        entry_id=1,
    )
    with db.unit_of_work() as uow:
        record_deposit_paid(KEYRING)(uow, event)
        uow.commit()
    mark = _mark(db)

    def request(account_id: str) -> Any:
        with (
            invoice.refusals_audited(db, "RECEIPT_REQUEST", account_id, event.deposit_id),
            db.unit_of_work() as uow,
        ):
            found, _ = invoice.request_invoice(uow, event.deposit_id, account_id, lambda _house_id: False)
            uow.commit()
        return found

    first = request(owner)
    assert request(owner).invoice_id == first.invoice_id  # the active receipt again
    with pytest.raises(errors.NotFound):
        request("someone-else")
    with db.unit_of_work() as uow:  # the platform refused it
        uow.repo.update_invoice(first.invoice_id, status=InvoiceStatus.FAILED.value)
        uow.commit()
    with db.unit_of_work() as uow:
        invoice.retry_invoice(uow, first.invoice_id, owner, lambda _house_id: False)
        uow.commit()
    with db.unit_of_work() as uow:  # the platform issued it
        uow.repo.update_invoice(
            first.invoice_id,
            status=InvoiceStatus.ISSUED.value,
            bill_code="11010126",
            bill_no=f"{uuid.uuid4().int % 10**10:010d}",
            check_code="A1B2C3",
            issued_at=utcnow(),
        )
        uow.commit()
    new, _old = invoice.reissue_invoice(
        db,
        _Platform(),
        invoice_id=first.invoice_id,
        account_id=owner,
        bindings=Bindings(db),
        reason="抬头有误",
    )
    with pytest.raises(errors.Conflict):  # already red-flushed
        invoice.reissue_invoice(
            db, _Platform(), invoice_id=first.invoice_id, account_id=owner, bindings=Bindings(db), reason="x"
        )
    rows = _since(db, mark)
    assert [(r.actor_id, r.action, r.target, r.outcome) for r in rows] == [
        (owner, "RECEIPT_REQUEST", first.invoice_id, "CREATED"),
        (owner, "RECEIPT_REQUEST", first.invoice_id, "EXISTING"),
        ("someone-else", "RECEIPT_REQUEST", event.deposit_id, "NOT_FOUND"),
        (owner, "RECEIPT_RETRY", first.invoice_id, "ISSUING"),
        (owner, "RECEIPT_REISSUE", first.invoice_id, "RED_FLUSHED"),
        (owner, "RECEIPT_REISSUE", first.invoice_id, "REFUSED"),
    ]
    assert rows[4].detail == f"new={new.invoice_id}"
    _assert_context(rows, request_context)


# --- append-only, for every service -----------------------------------------------------------------


def _insert_row(conn: Any) -> None:
    conn.execute(
        text(
            "INSERT INTO audit_log (occurred_at, actor_id, actor_role, action, target, outcome, request_id,"
            " source_ip, detail) VALUES (now(), 'a', 'OWNER', 'TEST', 't', 'OK', '', '', '')"
        )
    )


@pytest.mark.parametrize("service", AUDITED)
def test_the_trigger_refuses_even_the_owner(migrated_databases: dict[str, str], service: str) -> None:
    engine = create_engine(migrated_databases[service])  # the superuser that ran the migrations
    with engine.begin() as conn:
        _insert_row(conn)
    for statement in (
        "UPDATE audit_log SET outcome = 'FORGED'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
    ):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(text(statement))
    engine.dispose()


APP_ROLE = f"mft{SLOT}_audit_app"


@pytest.fixture(scope="module")
def app_role_database() -> Iterator[tuple[str, str]]:
    """A deposit database migrated as the owner with DB_APP_ROLE set: (owner URL, app role URL)."""
    name = f"{DB_PREFIX}int_audit_roles"
    admin = create_engine(f"{PG_BASE}/postgres", isolation_level="AUTOCOMMIT")

    def drop_role() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f"DROP ROLE IF EXISTS {APP_ROLE}"))

    drop_role()
    with admin.connect() as conn:  # what a production app role is: LOGIN, nothing else
        conn.execute(text(f"CREATE ROLE {APP_ROLE} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT"))
    url = recreate_database(name)
    env = {**os.environ, "DATABASE_URL": url, "DB_APP_ROLE": APP_ROLE}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "alembic",
            "-c",
            str(ROOT / "services/deposit/alembic.ini"),
            "upgrade",
            "head",
        ],
        env=env,
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    app_url = url.replace("://postgres@", f"://{APP_ROLE}@")
    assert app_url != url
    yield url, app_url
    drop_role()
    admin.dispose()


def _as(url: str) -> Engine:
    return create_engine(url, isolation_level="AUTOCOMMIT")


def test_the_app_role_may_only_add_to_the_audit_log(app_role_database: tuple[str, str]) -> None:
    _, app_url = app_role_database
    app = _as(app_url)
    with app.connect() as conn:
        assert conn.execute(text("SELECT current_user")).scalar_one() == APP_ROLE
        _insert_row(conn)
        assert conn.execute(text("SELECT count(*) FROM audit_log")).scalar_one() == 1
        for statement in (
            "UPDATE audit_log SET outcome = 'FORGED'",
            "DELETE FROM audit_log",
            "TRUNCATE audit_log",
            "DROP TRIGGER audit_log_no_change ON audit_log",
            "ALTER TABLE audit_log DISABLE TRIGGER ALL",
            "UPDATE alembic_version SET version_num = '0001'",
        ):
            with pytest.raises(ProgrammingError) as refused:
                conn.execute(text(statement))
            assert "InsufficientPrivilege" in type(refused.value.orig).__name__ or "must be owner" in str(
                refused.value
            ), statement
    app.dispose()


def test_the_app_role_still_runs_the_service(app_role_database: tuple[str, str], open_db: Any) -> None:
    """The grants are enough for the application: DML on its tables, sequences of identity columns."""
    _, app_url = app_role_database
    db = open_db(app_url, "deposit")
    ctx = payments.PaymentContext(db, {"WECHAT": FakeWeChat(set(), {})}, lambda house_id: ["刘洋"])  # type: ignore[dict-item]
    _house_id, bill_id = _bill(ctx)
    order, _ = payments.create_order(ctx, _order_command(bill_id))
    ctx.providers["WECHAT"].paid = {order.out_trade_no}  # type: ignore[attr-defined]
    assert payments.confirm_order(ctx, order.order_id, "acct-pay").status is OrderStatus.PAID
    assert [r.outcome for r in _trail(db, target=order.order_id)] == ["CREATED", "PAID"]


def test_no_audit_row_no_action(app_role_database: tuple[str, str], open_db: Any) -> None:
    """The audit row is in the action's transaction: when it cannot be written, the order is not made."""
    from deposit.adapters.orm import payment_orders as orders

    owner_url, app_url = app_role_database
    db = open_db(app_url, "deposit")
    ctx = payments.PaymentContext(db, {"WECHAT": FakeWeChat(set(), {})}, lambda house_id: ["刘洋"])  # type: ignore[dict-item]
    _house_id, bill_id = _bill(ctx)
    owner = _as(owner_url)
    with owner.connect() as conn:
        conn.execute(text(f"REVOKE INSERT ON audit_log FROM {APP_ROLE}"))
    try:
        with pytest.raises(ProgrammingError, match="audit_log"):
            payments.create_order(ctx, _order_command(bill_id))
    finally:
        with owner.connect() as conn:
            conn.execute(text(f"GRANT INSERT ON audit_log TO {APP_ROLE}"))
        owner.dispose()
    with db.engine.connect() as conn:
        assert conn.execute(select(func.count()).where(orders.c.bill_id == bill_id)).scalar_one() == 0


def test_the_grant_refuses_an_app_role_that_owns_the_tables(migrated_databases: dict[str, str]) -> None:
    engine = create_engine(migrated_databases["deposit"])
    with engine.connect() as conn, pytest.raises(ValueError, match="does not own"):
        grant_app_role(conn, "postgres")
    with engine.connect() as conn, pytest.raises(ValueError, match="plain PostgreSQL role"):
        grant_app_role(conn, 'x"; DROP TABLE audit_log; --')
    engine.dispose()


def test_no_personal_data_reaches_an_audit_row(migrated_databases: dict[str, str], open_db: Any) -> None:
    from maintfund_common import audit

    db = open_db(migrated_databases["deposit"], "deposit")
    mark = _mark(db)
    with db.unit_of_work() as uow:
        audit.record(
            uow,
            actor_id="acct-1",
            actor_role="OWNER",
            action="TEST",
            target="t",
            outcome="OK",
            detail=f"typed {demo.LI_NA.id_number} and 13912345678 into a free-text field",
        )
        uow.commit()
    (row,) = _since(db, mark)
    assert demo.LI_NA.id_number not in row.detail and "13912345678" not in row.detail
    assert "139****5678" in row.detail


def test_a_production_pod_is_not_ready_while_its_role_could_rewrite_the_trail(
    app_role_database: tuple[str, str],
) -> None:
    from maintfund_common.audit import AppRoleGuard, rewrite_privileges

    owner_url, app_url = app_role_database
    owner, app = create_engine(owner_url), create_engine(app_url)
    try:
        assert rewrite_privileges(app) == []
        assert AppRoleGuard(app, enforce=True).ok()
        assert rewrite_privileges(owner) == ["superuser", "owner", "update", "delete", "truncate"]
        assert not AppRoleGuard(owner, enforce=True).ok()
        assert AppRoleGuard(owner, enforce=False).ok()  # development: one role for everything
    finally:
        owner.dispose()
        app.dispose()
