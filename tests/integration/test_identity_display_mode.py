"""长辈版 / 标准版 remembered for the account (issue 19), through the identity gRPC API on the real
PostgreSQL: an account that never chose has no mode; what the gateway stores comes back from GetAccount
and, above all, from the next login (so it follows the owner to another browser); bad modes, unknown
accounts and callers other than the gateway are refused and change nothing."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterator

import grpc
import pytest
import redis
from argon2 import PasswordHasher
from sqlalchemy import select

from identity.adapters.login_throttle import RedisLoginThrottle
from identity.adapters.orm import accounts
from identity.bootstrap import Identity, database
from identity.config import Config
from identity.domain.model import LockoutPolicy, SmsPolicy
from identity.entrypoints.grpc_server import build_server
from identity.service_layer import ports, registration
from maintfund.identity.v1 import identity_pb2 as pb
from maintfund.identity.v1 import identity_pb2_grpc
from maintfund_common.field_crypto import KeyRing
from maintfund_common.grpc_server import GrpcServerConfig
from maintfund_common.personal_data import id_check_char
from tests.conftest import REDIS_URL

pytestmark = pytest.mark.integration
TOKENS = {"t-gateway": "gateway", "t-registry": "registry"}
GATEWAY = (("authorization", "Bearer t-gateway"),)
REGISTRY = (("authorization", "Bearer t-registry"),)
PASSWORD = "Mode@2026x"
Stub = identity_pb2_grpc.IdentityServiceStub


class _NoSms:
    def send_login_code(self, phone: str, code: str, ttl_minutes: int) -> None: ...
    def send_register_code(self, phone: str, code: str, ttl_minutes: int) -> None: ...


class _RealName:
    def verify(self, name: str, id_number: str) -> bool:
        return True


@pytest.fixture(scope="module")
def identity(migrated_databases: dict[str, str]) -> Iterator[tuple[Stub, Identity]]:
    config = dataclasses.replace(
        Config.from_env(),
        database_url=migrated_databases["identity"],
        redis_url=REDIS_URL,
        grpc=GrpcServerConfig("identity", 0, 0, 4, 1.0, 0.0, TOKENS),
    )
    deps = ports.IdentityDeps(
        keyring=KeyRing.for_development(),
        hasher=PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1),
        lockout=LockoutPolicy(),
        sms_policy=SmsPolicy(),
        sms=_NoSms(),
        real_name=_RealName(),
        bind_houses=lambda account_id, name, id_number: [],
        throttle=RedisLoginThrottle(redis.Redis.from_url(REDIS_URL)),
    )
    app = Identity(config=config, db=database(config.database_url), deps=deps, readiness=lambda: True)
    service = build_server(app)
    service.server.start()
    channel = grpc.insecure_channel(f"127.0.0.1:{service.port}")
    yield identity_pb2_grpc.IdentityServiceStub(channel), app
    channel.close()
    service.server.stop(0).wait()
    app.db.dispose()


def _register(app: Identity) -> tuple[str, str]:
    """A new owner account: (account id, username)."""
    seed = uuid.uuid4().int
    username = f"mode{seed % 10**10}"
    body = f"110105{1960 + seed % 40}{seed % 12 + 1:02d}{seed % 28 + 1:02d}{seed % 1000:03d}"
    with app.db.unit_of_work() as uow:
        view = registration.register_account(
            uow,
            app.deps,
            registration.RegisterAccount(
                username=username,
                password=PASSWORD,
                name="模式测试",
                id_number=body + id_check_char(body),
                phone=f"135{seed % 10**8:08d}",
            ),
            verify_real_name=False,
            self_service=False,
        )
    return view.account_id, username


def _login(stub: Stub, username: str) -> pb.Account:
    request = pb.LoginWithPasswordRequest(username=username, password=PASSWORD, client_ip="127.0.0.1")
    return stub.LoginWithPassword(request, metadata=GATEWAY, timeout=10).account


def _stored(app: Identity, account_id: str) -> str | None:
    with app.db.engine.connect() as conn:
        query = select(accounts.c.display_mode).where(accounts.c.account_id == account_id)
        return conn.execute(query).scalar_one()


def _set(stub, account_id: str, mode: int, metadata=GATEWAY) -> pb.SetDisplayModeResponse:
    request = pb.SetDisplayModeRequest(account_id=account_id, display_mode=mode)
    return stub.SetDisplayMode(request, metadata=metadata, timeout=10)


def test_the_mode_chosen_comes_back_at_the_next_login(identity) -> None:
    stub, app = identity
    account_id, username = _register(app)
    # never chosen: the browser's own mode is to hold, so the account says so rather than "standard"
    assert _login(stub, username).display_mode == pb.DISPLAY_MODE_UNSPECIFIED
    assert _stored(app, account_id) is None

    answer = _set(stub, account_id, pb.DISPLAY_MODE_ELDER)
    assert answer.account.account_id == account_id
    assert answer.account.display_mode == pb.DISPLAY_MODE_ELDER
    assert _stored(app, account_id) == "ELDER"
    got = stub.GetAccount(pb.GetAccountRequest(account_id=account_id), metadata=GATEWAY, timeout=10)
    assert got.account.display_mode == pb.DISPLAY_MODE_ELDER
    assert _login(stub, username).display_mode == pb.DISPLAY_MODE_ELDER  # on any browser

    _set(stub, account_id, pb.DISPLAY_MODE_STANDARD)  # and back to 标准版
    assert _login(stub, username).display_mode == pb.DISPLAY_MODE_STANDARD
    assert _stored(app, account_id) == "STANDARD"


def test_one_accounts_mode_is_not_anothers(identity) -> None:
    stub, app = identity
    elder_id, _ = _register(app)
    other_id, other_name = _register(app)
    _set(stub, elder_id, pb.DISPLAY_MODE_ELDER)
    assert _login(stub, other_name).display_mode == pb.DISPLAY_MODE_UNSPECIFIED
    assert _stored(app, other_id) is None


@pytest.mark.parametrize("mode", [pb.DISPLAY_MODE_UNSPECIFIED, 7], ids=["unspecified", "unknown-value"])
def test_a_mode_that_is_neither_is_refused_and_changes_nothing(identity, mode: int) -> None:
    stub, app = identity
    account_id, _ = _register(app)
    _set(stub, account_id, pb.DISPLAY_MODE_ELDER)
    with pytest.raises(grpc.RpcError) as refused:
        _set(stub, account_id, mode)
    assert refused.value.code() is grpc.StatusCode.INVALID_ARGUMENT
    assert _stored(app, account_id) == "ELDER"


def test_an_unknown_account_is_not_found(identity) -> None:
    stub, _ = identity
    with pytest.raises(grpc.RpcError) as refused:
        _set(stub, str(uuid.uuid4()), pb.DISPLAY_MODE_ELDER)
    assert refused.value.code() is grpc.StatusCode.NOT_FOUND


def test_only_the_gateway_may_set_it(identity) -> None:
    stub, app = identity
    account_id, _ = _register(app)
    with pytest.raises(grpc.RpcError) as refused:
        _set(stub, account_id, pb.DISPLAY_MODE_ELDER, metadata=REGISTRY)
    assert refused.value.code() is grpc.StatusCode.PERMISSION_DENIED
    with pytest.raises(grpc.RpcError) as anonymous:
        _set(stub, account_id, pb.DISPLAY_MODE_ELDER, metadata=())
    assert anonymous.value.code() is grpc.StatusCode.UNAUTHENTICATED
    assert _stored(app, account_id) is None


def test_the_home_pages_account_read_is_one_statement_with_its_house_count(identity) -> None:
    """GetAccount (the home page, 个人信息) reads the account and counts its bound houses in one
    statement: the bench's most frequent owner read pays one database round trip, not two."""
    from sqlalchemy import event

    from maintfund_common.db import utcnow

    stub, app = identity
    account_id, _ = _register(app)
    with app.db.unit_of_work() as uow:
        for _ in range(2):
            uow.repo.add_binding(account_id, str(uuid.uuid4()), utcnow())
        uow.commit()
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(app.db.engine, "before_cursor_execute", record)
    try:
        got = stub.GetAccount(pb.GetAccountRequest(account_id=account_id), metadata=GATEWAY, timeout=10)
    finally:
        event.remove(app.db.engine, "before_cursor_execute", record)
    assert got.account.house_count == 2
    assert got.account.name_masked == "模**试"
    assert len(statements) == 1
    with pytest.raises(grpc.RpcError) as missing:
        stub.GetAccount(pb.GetAccountRequest(account_id=str(uuid.uuid4())), metadata=GATEWAY, timeout=10)
    assert missing.value.code() is grpc.StatusCode.NOT_FOUND
