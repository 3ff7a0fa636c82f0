"""The notification service on real PostgreSQL and RabbitMQ: its gRPC API (the servicer in process, caller
tokens checked), its consumer (events become messages once, whatever the broker redelivers or publishes
twice, at once or later: those tests run on SQLite too, the default database of `make run`) and its SMS
worker against the sandbox's SMS gateway (quiet hours defer, failures retry with backoff, the daily cap,
opt-out, at most once across a crash between sending and confirming)."""

from __future__ import annotations

import dataclasses
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import grpc
import pika
import pytest
import requests
from sqlalchemy import select, text

from maintfund.events.v1 import events_pb2
from maintfund.notification.v1 import notification_pb2 as pb
from maintfund.notification.v1 import notification_pb2_grpc
from maintfund_common.errors import NotFound
from maintfund_common.grpc_server import GrpcServerConfig
from maintfund_common.messaging import EXCHANGE, InboxConsumer, connection_parameters
from notification.adapters.orm import notifications, sms_daily, sms_messages
from notification.adapters.sms_gateway import SmsGateway
from notification.bootstrap import Notification, bootstrap
from notification.config import Config
from notification.domain import deciding
from notification.domain.sms_rules import SmsPolicy, SmsStatus
from notification.entrypoints.consumer import build_consumer
from notification.entrypoints.grpc_server import build_server
from notification.service_layer.events import DepositNotYetKnown, store
from notification.service_layer.sms import SmsDelivery
from sandbox import messaging_idp
from tests.conftest import migrated_sqlite
from tests.sandbox_support import serve_blueprint

pytestmark = pytest.mark.integration
TOKENS = {"t-gateway": "gateway"}
GATEWAY = (("authorization", "Bearer t-gateway"),)
HOUSE_ADDRESS = "北京市朝阳区建国路88号院3号楼2单元1201"
# 2026-12-07 in Beijing: 10:00 is daytime, 23:00 is inside the quiet hours
DAY = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)
NIGHT = datetime(2026, 12, 7, 15, 0, tzinfo=UTC)
UNREACHABLE = "127.0.0.1:9"


def _service(database_url: str, amqp_url: str) -> Notification:
    config = dataclasses.replace(
        Config.from_env(),
        database_url=database_url,
        amqp_url=amqp_url,
        grpc=GrpcServerConfig("notification", 0, 0, 4, 1.0, 0.0, TOKENS),
        # no identity here: a payer's name asked of it meets a real UNAVAILABLE (nothing listens there)
        identity_addr=UNREACHABLE,
    )
    return bootstrap(config)


@pytest.fixture(scope="module")
def app(migrated_databases: dict[str, str], amqp_url: str) -> Iterator[Notification]:
    application = _service(migrated_databases["notification"], amqp_url)
    yield application
    application.db.dispose()


@pytest.fixture(scope="module")
def sqlite_app(tmp_path_factory: pytest.TempPathFactory, amqp_url: str) -> Iterator[Notification]:
    application = _service(migrated_sqlite("notification", tmp_path_factory.mktemp("notification")), amqp_url)
    yield application
    application.db.dispose()


@pytest.fixture(params=["postgresql", "sqlite"])
def any_app(request: pytest.FixtureRequest) -> Notification:
    """The service on PostgreSQL and on SQLite (the default of `make run`): the exactly-once keys (inbox
    and the unique (source key, account, kind) of a message) must hold on both."""
    application = request.getfixturevalue("app" if request.param == "postgresql" else "sqlite_app")
    assert application.db.engine.dialect.name == request.param
    return application


@pytest.fixture(scope="module")
def stub(app: Notification) -> Iterator[notification_pb2_grpc.NotificationServiceStub]:
    service = build_server(app)
    service.server.start()
    channel = grpc.insecure_channel(f"127.0.0.1:{service.port}")
    yield notification_pb2_grpc.NotificationServiceStub(channel)
    channel.close()
    service.server.stop(0).wait()


@pytest.fixture(scope="module")
def sms_url() -> Iterator[str]:
    with serve_blueprint("sms", messaging_idp.bp) as url:
        yield url


@pytest.fixture(autouse=True)
def _sandbox_reset(sms_url: str) -> None:
    requests.post(f"{sms_url}/sandbox/sms/reset", timeout=5)


def _bind(consumer: InboxConsumer, account_id: str, house_id: str) -> None:
    event = events_pb2.HouseBound(event_id=str(uuid.uuid4()), house_id=house_id, account_id=account_id)
    assert (
        consumer.apply("maintfund.events.v1.HouseBound", event.event_id, event.SerializeToString())
        == "applied"
    )


def _deposit_paid(house_id: str, payer: str, amount_fen: int = 1_790_000) -> events_pb2.DepositPaid:
    return events_pb2.DepositPaid(
        event_id=str(uuid.uuid4()),
        deposit_id=str(uuid.uuid4()),
        house_id=house_id,
        business_no=f"SW{uuid.uuid4().hex[:12]}",
        amount_fen=amount_fen,
        payer_account_id=payer,
        owner_name="张伟",
        house_address=HOUSE_ADDRESS,
        area_m2="89.50",
        payment_type="FIRST_DEPOSIT",
    )


def _apply(consumer: InboxConsumer, event) -> str:
    return consumer.apply(event.DESCRIPTOR.full_name, event.event_id, event.SerializeToString())


def _messages_of(app: Notification, account_id: str) -> list:
    with app.db.engine.connect() as conn:
        return conn.execute(select(notifications).where(notifications.c.account_id == account_id)).all()


def _sms_of(app: Notification, account_id: str) -> list:
    with app.db.engine.connect() as conn:
        return conn.execute(select(sms_messages).where(sms_messages.c.account_id == account_id)).all()


# --- the gRPC API ---------------------------------------------------------------------------------------


def test_pages_newest_first_count_and_read_marks_for_the_own_account_only(
    app: Notification, stub: notification_pb2_grpc.NotificationServiceStub
) -> None:
    consumer = build_consumer(app)
    owner, stranger, house = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
    _bind(consumer, owner, house)
    for amount in (100_00, 200_00, 300_00, 400_00, 500_00):
        assert _apply(consumer, _deposit_paid(house, owner, amount)) == "applied"

    first = stub.ListNotifications(pb.ListNotificationsRequest(account_id=owner, limit=2), metadata=GATEWAY)
    assert [n.kind for n in first.items] == [pb.NOTIFICATION_KIND_DEPOSIT_POSTED] * 2
    assert "500.00元" in first.items[0].body and "400.00元" in first.items[1].body
    assert first.items[0].link == f"/houses/{house}/ledger"
    assert first.unread_count == 5  # the account's, not the page's: the badge comes with the page
    assert "张" not in first.items[0].body and "1201" in first.items[0].body  # shortened, no name
    seen = [n.notification_id for n in first.items]
    cursor = first.next_cursor
    while cursor:
        page = stub.ListNotifications(
            pb.ListNotificationsRequest(account_id=owner, limit=2, cursor=cursor), metadata=GATEWAY
        )
        seen += [n.notification_id for n in page.items]
        assert page.unread_count == 5
        cursor = page.next_cursor
    assert len(seen) == len(set(seen)) == 5

    assert stub.CountUnread(pb.CountUnreadRequest(account_id=owner), metadata=GATEWAY).count == 5
    marked = stub.MarkRead(pb.MarkReadRequest(account_id=owner, notification_id=seen[0]), metadata=GATEWAY)
    assert marked.unread_count == 4
    again = stub.MarkRead(pb.MarkReadRequest(account_id=owner, notification_id=seen[0]), metadata=GATEWAY)
    assert again.unread_count == 4  # idempotent: a message read before is not subtracted again
    assert stub.CountUnread(pb.CountUnreadRequest(account_id=owner), metadata=GATEWAY).count == 4

    # another account's message is NOT_FOUND, like a missing one, and stays unread
    for target in (seen[1], str(uuid.uuid4())):
        with pytest.raises(grpc.RpcError) as refused:
            stub.MarkRead(pb.MarkReadRequest(account_id=stranger, notification_id=target), metadata=GATEWAY)
        assert refused.value.code() is grpc.StatusCode.NOT_FOUND
    with pytest.raises(grpc.RpcError) as refused:  # the owner's own id with something appended
        stub.MarkRead(pb.MarkReadRequest(account_id=owner, notification_id=seen[2] + "0"), metadata=GATEWAY)
    assert refused.value.code() is grpc.StatusCode.NOT_FOUND
    nothing = stub.ListNotifications(pb.ListNotificationsRequest(account_id=stranger), metadata=GATEWAY)
    assert nothing.items == [] and nothing.unread_count == 0
    assert stub.CountUnread(pb.CountUnreadRequest(account_id=owner), metadata=GATEWAY).count == 4

    marked = stub.MarkAllRead(pb.MarkAllReadRequest(account_id=owner), metadata=GATEWAY).marked
    assert marked == 4
    assert stub.CountUnread(pb.CountUnreadRequest(account_id=owner), metadata=GATEWAY).count == 0
    listed = stub.ListNotifications(
        pb.ListNotificationsRequest(account_id=owner, limit=100), metadata=GATEWAY
    )
    assert all(n.read for n in listed.items) and listed.next_cursor == "" and listed.unread_count == 0


def test_bad_requests_are_invalid_argument_and_a_missing_token_unauthenticated(
    stub: notification_pb2_grpc.NotificationServiceStub,
) -> None:
    account = str(uuid.uuid4())
    bad = [
        lambda: stub.ListNotifications(
            pb.ListNotificationsRequest(account_id=account, limit=101), metadata=GATEWAY
        ),
        lambda: stub.ListNotifications(
            pb.ListNotificationsRequest(account_id=account, limit=-1), metadata=GATEWAY
        ),
        lambda: stub.ListNotifications(
            pb.ListNotificationsRequest(account_id=account, cursor="not a cursor!"), metadata=GATEWAY
        ),
        lambda: stub.CountUnread(pb.CountUnreadRequest(account_id=""), metadata=GATEWAY),
        lambda: stub.SetPreferences(
            pb.SetPreferencesRequest(
                account_id=account,
                preferences=[pb.Preference(kind=pb.NOTIFICATION_KIND_UNSPECIFIED, sms=False)],
            ),
            metadata=GATEWAY,
        ),
        lambda: stub.SetPreferences(
            pb.SetPreferencesRequest(account_id=account, preferences=[pb.Preference(kind=99, sms=False)]),
            metadata=GATEWAY,
        ),
    ]
    for call in bad:
        with pytest.raises(grpc.RpcError) as refused:
            call()
        assert refused.value.code() is grpc.StatusCode.INVALID_ARGUMENT
    with pytest.raises(grpc.RpcError) as refused:
        stub.CountUnread(pb.CountUnreadRequest(account_id=account))
    assert refused.value.code() is grpc.StatusCode.UNAUTHENTICATED


def test_preferences_default_on_and_change_only_the_kinds_given(
    stub: notification_pb2_grpc.NotificationServiceStub,
) -> None:
    account = str(uuid.uuid4())
    prefs = stub.GetPreferences(pb.GetPreferencesRequest(account_id=account), metadata=GATEWAY).preferences
    assert [p.kind for p in prefs] == list(range(1, 9)) and all(p.sms for p in prefs)
    changed = stub.SetPreferences(
        pb.SetPreferencesRequest(
            account_id=account,
            preferences=[pb.Preference(kind=pb.NOTIFICATION_KIND_INTEREST_POSTED, sms=False)],
        ),
        metadata=GATEWAY,
    ).preferences
    assert {p.kind: p.sms for p in changed}[pb.NOTIFICATION_KIND_INTEREST_POSTED] is False
    assert sum(not p.sms for p in changed) == 1
    again = stub.GetPreferences(pb.GetPreferencesRequest(account_id=account), metadata=GATEWAY).preferences
    assert list(again) == list(changed)
    other = stub.GetPreferences(pb.GetPreferencesRequest(account_id=str(uuid.uuid4())), metadata=GATEWAY)
    assert all(p.sms for p in other.preferences)


# --- the consumer ---------------------------------------------------------------------------------------


def test_an_event_applied_twice_or_republished_makes_one_message_per_account(any_app: Notification) -> None:
    consumer = build_consumer(any_app)
    owner, co_owner, payer, house = (str(uuid.uuid4()) for _ in range(4))
    _bind(consumer, owner, house)
    _bind(consumer, co_owner, house)
    event = _deposit_paid(house, payer)
    assert _apply(consumer, event) == "applied"
    assert _apply(consumer, event) == "duplicate"
    republished = events_pb2.DepositPaid()
    republished.CopyFrom(event)
    republished.event_id = str(uuid.uuid4())  # the same deposit under a new event id
    assert _apply(consumer, republished) == "applied"

    for account in (owner, co_owner, payer):
        assert len(_messages_of(any_app, account)) == 1, account
        assert len(_sms_of(any_app, account)) == 1
    owner_body = _messages_of(any_app, owner)[0].body
    assert "由他人代为交存" in owner_body
    payer_message = _messages_of(any_app, payer)[0]
    assert payer_message.link == "/deposit-records" and "交存的17,900.00元" in payer_message.body


def test_the_owners_are_told_the_masked_name_of_a_payer_who_is_not_one_of_them(app: Notification) -> None:
    asked: list[str] = []

    def masked_name_of(account_id: str) -> str:
        asked.append(account_id)
        return "李*"

    consumer = build_consumer(dataclasses.replace(app, masked_name_of=masked_name_of))
    owner, co_owner, payer, house = (str(uuid.uuid4()) for _ in range(4))
    _bind(consumer, owner, house)
    _bind(consumer, co_owner, house)
    assert _apply(consumer, _deposit_paid(house, payer)) == "applied"
    assert asked == [payer]
    for account in (owner, co_owner):
        (told,) = _messages_of(app, account)
        assert told.body.endswith("已入账17,900.00元（由李*代为交存）。")
        (sms,) = _sms_of(app, account)
        assert sms.params["payer"] == "李*代交"
    (booked,) = _messages_of(app, payer)
    assert "李*" not in booked.body
    # an owner paying, or a quick payment without an account, asks identity nothing
    assert _apply(consumer, _deposit_paid(house, owner)) == "applied"
    assert _apply(consumer, _deposit_paid(house, "")) == "applied"
    assert asked == [payer]
    bodies = sorted(m.body for m in _messages_of(app, owner))
    assert len(bodies) == 3 and any("（由他人代为交存）" in b for b in bodies)
    assert sum("李*" in b for b in bodies) == 1


def test_identity_not_answering_or_not_knowing_the_payer_still_tells_the_owners(app: Notification) -> None:
    def unknown(account_id: str) -> str:
        raise NotFound("账户不存在", account_id=account_id)

    for lookup in (None, unknown):  # None: the real client of an identity that is not there
        application = app if lookup is None else dataclasses.replace(app, masked_name_of=lookup)
        consumer = build_consumer(application)
        owner, payer, house = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
        _bind(consumer, owner, house)
        assert _apply(consumer, _deposit_paid(house, payer)) == "applied"
        (told,) = _messages_of(app, owner)
        assert told.body.endswith("（由他人代为交存）。")
        (sms,) = _sms_of(app, owner)
        assert sms.params["payer"] == "他人代交"
        assert len(_messages_of(app, payer)) == 1


def test_a_receipt_before_its_deposit_is_retried_then_told_to_payer_and_owners(any_app: Notification) -> None:
    consumer = build_consumer(any_app)
    owner, payer, house = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
    _bind(consumer, owner, house)
    paid = _deposit_paid(house, payer)
    failed = events_pb2.InvoiceStatusChanged(
        event_id=str(uuid.uuid4()), invoice_id=str(uuid.uuid4()), deposit_id=paid.deposit_id, status="FAILED"
    )
    with pytest.raises(DepositNotYetKnown):
        _apply(consumer, failed)
    assert _messages_of(any_app, owner) == []  # the inbox row rolled back with it: the retry applies it
    _apply(consumer, paid)
    assert _apply(consumer, failed) == "applied"
    for account in (owner, payer):
        kinds = {m.kind: m for m in _messages_of(any_app, account)}
        assert kinds["RECEIPT_FAILED"].link == f"/deposits/{paid.deposit_id}/receipt"
        assert "重新开票" in kinds["RECEIPT_FAILED"].body


def test_the_broker_redelivering_an_event_makes_no_second_message(
    any_app: Notification, amqp_url: str
) -> None:
    consumer = build_consumer(any_app)
    consumer.declare()
    owner, house = str(uuid.uuid4()), str(uuid.uuid4())
    _bind(consumer, owner, house)
    event = events_pb2.RegistrationDecided(
        event_id=str(uuid.uuid4()),
        registration_id=str(uuid.uuid4()),
        account_id=owner,
        house_id=house,
        decision="REJECTED",
        reason="产权证明材料不清晰，请重新上传",
    )
    connection = pika.BlockingConnection(connection_parameters(amqp_url))
    channel = connection.channel()
    channel.confirm_delivery()
    for _ in range(3):  # a relay whose confirm was lost publishes again with the same message id
        channel.basic_publish(
            EXCHANGE,
            event.DESCRIPTOR.full_name,
            event.SerializeToString(),
            pika.BasicProperties(message_id=event.event_id, type=event.DESCRIPTOR.full_name, delivery_mode=2),
            mandatory=True,
        )
    connection.close()
    stop = threading.Event()
    thread = threading.Thread(target=consumer.run, args=(stop,), daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not _messages_of(any_app, owner):
            time.sleep(0.2)
        time.sleep(1.5)  # the other two deliveries land meanwhile
    finally:
        stop.set()
        thread.join(10)
    messages = _messages_of(any_app, owner)
    assert len(messages) == 1
    assert messages[0].kind == "REGISTRATION_DECIDED" and "产权证明材料不清晰" in messages[0].body


def _lock_waiters(app: Notification) -> int:
    """PostgreSQL sessions of this database waiting for a lock another transaction holds."""
    query = text(
        "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
        " WHERE NOT l.granted AND a.datname = current_database()"
    )
    with app.db.engine.connect() as conn:
        return int(conn.execute(query).scalar_one())


def test_one_fact_applied_at_once_under_two_event_ids_makes_one_message(any_app: Notification) -> None:
    """Two consumers apply the same decision published twice (two event ids) at the same moment. The
    first writes its message and holds its transaction open; the second's look-up finds nothing committed,
    so only the unique key (source key, account, kind) stands between it and a second message: on
    PostgreSQL its insert waits on that index and then gives way, on SQLite it waits for the write lock.
    Either way: one message, one SMS, and both events acknowledged as applied."""
    kind = "maintfund.events.v1.RegistrationDecided"
    written, go = threading.Event(), threading.Event()
    first, second = build_consumer(any_app), build_consumer(any_app)
    decide = first.handlers[kind]

    def decide_then_hold(uow, event) -> None:
        decide(uow, event)
        uow.session.flush()  # the message is in the open transaction
        written.set()
        assert go.wait(30)

    first.handlers[kind] = decide_then_hold
    applicant = str(uuid.uuid4())
    event = events_pb2.RegistrationDecided(
        event_id=str(uuid.uuid4()),
        registration_id=str(uuid.uuid4()),
        account_id=applicant,
        house_id=str(uuid.uuid4()),
        decision="APPROVED",
    )
    again = events_pb2.RegistrationDecided()
    again.CopyFrom(event)
    again.event_id = str(uuid.uuid4())
    with ThreadPoolExecutor(2) as pool:
        held = pool.submit(_apply, first, event)
        assert written.wait(30)
        racing = pool.submit(_apply, second, again)
        if any_app.db.engine.dialect.name == "postgresql":  # the second is at the unique index, waiting
            deadline = time.monotonic() + 30
            while not _lock_waiters(any_app) and time.monotonic() < deadline and not racing.done():
                time.sleep(0.05)
            assert not racing.done() and _lock_waiters(any_app) == 1
        go.set()
        assert (held.result(30), racing.result(30)) == ("applied", "applied")
    assert len(_messages_of(any_app, applicant)) == 1
    assert len(_sms_of(any_app, applicant)) == 1


# --- the SMS worker -------------------------------------------------------------------------------------


def _delivery(app: Notification, sms_url: str, policy: SmsPolicy, phone: str, **kw) -> SmsDelivery:
    return SmsDelivery(
        app.db,
        SmsGateway(sms_url, "sandbox-sms-key", "北京市住房资金管理中心", 3.0),
        lambda _account: phone,
        lambda value: app.keyring.blind_index(value, "notification.sms.phone"),
        policy,
        **kw,
    )


def _phone() -> str:
    return "139" + str(uuid.uuid4().int)[:8]


def _sandbox(sms_url: str, phone: str) -> list[dict]:
    return requests.get(f"{sms_url}/sandbox/sms/{phone}/messages", timeout=5).json()["items"]


def _one_message(app: Notification, made_at: datetime, policy: SmsPolicy) -> tuple[str, str]:
    """A REGISTRATION_DECIDED message made at ``made_at``: (account, notification id)."""
    account = str(uuid.uuid4())
    with app.db.unit_of_work() as uow:
        drafts = deciding.registration_decided(deciding.RegistrationFacts("r", account, True, "材料齐全"))
        (notification_id,) = store(uow, drafts, f"registration:{uuid.uuid4()}", policy, made_at)
        uow.commit()
    return account, notification_id


def _status(app: Notification, notification_id: str) -> tuple[SmsStatus, int, datetime]:
    with app.db.engine.connect() as conn:
        row = conn.execute(
            select(sms_messages).where(sms_messages.c.notification_id == notification_id)
        ).one()
    return SmsStatus(row.status), row.attempts, row.not_before


def test_quiet_hours_defer_an_sms_to_eight_in_the_morning_beijing_time(
    app: Notification, sms_url: str
) -> None:
    policy = SmsPolicy()
    phone = _phone()
    _account, nid = _one_message(app, NIGHT, policy)
    status, _, not_before = _status(app, nid)
    assert status is SmsStatus.PENDING
    assert not_before == datetime(2026, 12, 8, 0, 0, tzinfo=UTC)  # 08:00 Beijing
    delivery = _delivery(app, sms_url, policy, phone)
    assert delivery.deliver(nid, NIGHT + timedelta(hours=1)) is None  # not due: nothing sent
    assert _sandbox(sms_url, phone) == []
    assert delivery.deliver(nid, not_before + timedelta(minutes=1)) is SmsStatus.SENT
    (sent,) = _sandbox(sms_url, phone)
    assert sent["template"] == "SMS_MF_REGISTRATION_DECIDED" and "已通过" in sent["text"]


def test_a_failing_gateway_is_retried_with_backoff_then_sent_once(app: Notification, sms_url: str) -> None:
    from prometheus_client import REGISTRY

    def metric(name: str, **labels: str) -> float:
        return REGISTRY.get_sample_value(name, labels) or 0.0

    failures_before = metric("maintfund_notification_sms_failures_total", reason="unavailable")
    sent_before = metric("maintfund_notification_messages_total", kind="REGISTRATION_DECIDED", channel="sms")
    policy = SmsPolicy(backoff_base_s=30, max_attempts=3)
    phone = _phone()
    _account, nid = _one_message(app, DAY, policy)
    delivery = _delivery(app, sms_url, policy, phone)
    requests.post(f"{sms_url}/sandbox/sms/mode", json={"mode": "fail"}, timeout=5)
    assert delivery.deliver(nid, DAY) is SmsStatus.PENDING
    status, attempts, not_before = _status(app, nid)
    assert (status, attempts, not_before) == (SmsStatus.PENDING, 1, DAY + timedelta(seconds=30))
    assert delivery.deliver(nid, DAY + timedelta(seconds=31)) is SmsStatus.PENDING
    assert _status(app, nid)[2] == DAY + timedelta(seconds=31 + 60)  # doubled
    requests.post(f"{sms_url}/sandbox/sms/mode", json={"mode": "ok"}, timeout=5)
    assert delivery.deliver(nid, DAY + timedelta(seconds=100)) is SmsStatus.SENT
    assert len(_sandbox(sms_url, phone)) == 1
    assert delivery.deliver(nid, DAY + timedelta(seconds=200)) is None  # sent: never again
    assert len(_sandbox(sms_url, phone)) == 1
    assert metric("maintfund_notification_sms_failures_total", reason="unavailable") == failures_before + 2
    assert (
        metric("maintfund_notification_messages_total", kind="REGISTRATION_DECIDED", channel="sms")
        == sent_before + 1
    )

    # a gateway that never recovers: FAILED after the last attempt, nothing sent, the cap untouched
    _account, nid = _one_message(app, DAY, policy)
    requests.post(f"{sms_url}/sandbox/sms/mode", json={"mode": "fail"}, timeout=5)
    outcomes = [delivery.deliver(nid, DAY + timedelta(hours=i)) for i in range(3)]
    assert outcomes == [SmsStatus.PENDING, SmsStatus.PENDING, SmsStatus.FAILED]
    with app.db.engine.connect() as conn:
        index = app.keyring.blind_index(phone, "notification.sms.phone")
        assert conn.execute(select(sms_daily.c.sent).where(sms_daily.c.phone_index == index)).scalar() == 1


def test_the_daily_cap_per_phone_stops_sms_but_not_messages(app: Notification, sms_url: str) -> None:
    policy = SmsPolicy(daily_cap=2)
    phone = _phone()
    delivery = _delivery(app, sms_url, policy, phone)
    ids = [_one_message(app, DAY, policy)[1] for _ in range(3)]
    assert [delivery.deliver(nid, DAY) for nid in ids] == [SmsStatus.SENT, SmsStatus.SENT, SmsStatus.CAPPED]
    assert len(_sandbox(sms_url, phone)) == 2
    # the next Beijing day counts afresh
    nid = _one_message(app, DAY + timedelta(days=1), policy)[1]
    assert delivery.deliver(nid, DAY + timedelta(days=1)) is SmsStatus.SENT


def test_an_opted_out_kind_makes_the_message_without_an_sms(
    app: Notification, stub: notification_pb2_grpc.NotificationServiceStub
) -> None:
    consumer = build_consumer(app)
    owner, house = str(uuid.uuid4()), str(uuid.uuid4())
    _bind(consumer, owner, house)
    stub.SetPreferences(
        pb.SetPreferencesRequest(
            account_id=owner, preferences=[pb.Preference(kind=pb.NOTIFICATION_KIND_DEPOSIT_POSTED, sms=False)]
        ),
        metadata=GATEWAY,
    )
    _apply(consumer, _deposit_paid(house, owner))
    assert len(_messages_of(app, owner)) == 1
    assert _sms_of(app, owner) == []


def test_a_worker_stopped_between_sending_and_confirming_never_sends_again(
    app: Notification, sms_url: str
) -> None:
    policy = SmsPolicy()
    phone = _phone()
    _account, nid = _one_message(app, DAY, policy)

    class Crash(BaseException):
        pass

    def crash(_nid: str) -> None:
        raise Crash

    crashing = _delivery(app, sms_url, policy, phone, after_send=crash)
    with pytest.raises(Crash):
        crashing.deliver(nid, DAY)
    assert _status(app, nid)[0] is SmsStatus.SENDING
    assert len(_sandbox(sms_url, phone)) == 1

    # another worker (the same after a restart): a SENDING row younger than stale_s may still be in
    # flight and is left alone; an older one is UNCONFIRMED and never sent again
    restarted = _delivery(app, sms_url, policy, phone, stale_s=60)
    assert restarted.recover(DAY + timedelta(seconds=30)) == 0
    assert _status(app, nid)[0] is SmsStatus.SENDING
    assert restarted.recover(DAY + timedelta(minutes=5)) >= 1
    assert _status(app, nid)[0] is SmsStatus.UNCONFIRMED
    assert restarted.deliver(nid, DAY + timedelta(hours=1)) is None
    assert len(_sandbox(sms_url, phone)) == 1


def test_a_consumer_killed_in_the_middle_of_an_effect_makes_one_message_after_redelivery(
    any_app: Notification, amqp_url: str
) -> None:
    """kill -9 between writing the messages and committing them: nothing was committed, the broker
    redelivers the unacknowledged event to the next consumer, which makes the messages once."""
    import os
    import signal
    import subprocess
    import sys

    from tests.conftest import ROOT

    consumer = build_consumer(any_app)
    consumer.declare()
    owner, house = str(uuid.uuid4()), str(uuid.uuid4())
    _bind(consumer, owner, house)
    event = _deposit_paid(house, owner)
    connection = pika.BlockingConnection(connection_parameters(amqp_url))
    channel = connection.channel()
    channel.confirm_delivery()
    channel.basic_publish(
        EXCHANGE,
        event.DESCRIPTOR.full_name,
        event.SerializeToString(),
        pika.BasicProperties(message_id=event.event_id, type=event.DESCRIPTOR.full_name, delivery_mode=2),
        mandatory=True,
    )
    connection.close()
    env = {
        **os.environ,
        "DATABASE_URL": any_app.config.database_url,
        "AMQP_URL": amqp_url,
        "LOG_LEVEL": "WARNING",
    }
    stalling = subprocess.Popen(
        [sys.executable, "-m", "tests.integration.support.stalling_notification_consumer"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert stalling.stdout is not None
        line = stalling.stdout.readline()  # blocks until the effect is written (or the process died)
        assert "effect written" in line, line
    finally:
        stalling.send_signal(signal.SIGKILL)
        stalling.wait(10)
        if stalling.stdout is not None:
            stalling.stdout.close()
    assert _messages_of(any_app, owner) == []  # the killed transaction left nothing

    stop = threading.Event()
    thread = threading.Thread(target=consumer.run, args=(stop,), daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not _messages_of(any_app, owner):
            time.sleep(0.2)
        time.sleep(1)
    finally:
        stop.set()
        thread.join(10)
    assert len(_messages_of(any_app, owner)) == 1
    assert len(_sms_of(any_app, owner)) == 1


def test_a_receipt_event_carrying_its_deposit_needs_no_copy(app: Notification) -> None:
    consumer = build_consumer(app)
    owner, payer, house = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
    _bind(consumer, owner, house)
    deposit_id = str(uuid.uuid4())
    issued = events_pb2.InvoiceStatusChanged(
        event_id=str(uuid.uuid4()),
        invoice_id=str(uuid.uuid4()),
        deposit_id=deposit_id,
        status="ISSUED",
        house_id=house,
        amount_fen=762_000,
        payer_account_id=payer,
        house_address=HOUSE_ADDRESS,
    )
    assert _apply(consumer, issued) == "applied"
    for account in (owner, payer):
        (told,) = _messages_of(app, account)
        assert told.kind == "RECEIPT_ISSUED" and "7,620.00元" in told.body
        assert told.link == f"/deposits/{deposit_id}/receipt"
    issuing = events_pb2.InvoiceStatusChanged(
        event_id=str(uuid.uuid4()), invoice_id=issued.invoice_id, deposit_id=deposit_id, status="ISSUING"
    )
    assert _apply(consumer, issuing) == "applied"  # tells nobody anything new
    assert len(_messages_of(app, owner)) == 1
