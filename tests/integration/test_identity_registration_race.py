"""Two registrations of one username at once, on the real PostgreSQL: both pass the uniqueness check
before either commits, the loser's insert waits on the winner's and is answered ACCOUNT_EXISTS (a stable
code, not an internal error), and the winner's account is the only one."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator

import pytest
import redis
from argon2 import PasswordHasher
from sqlalchemy import func, select

from identity.adapters.login_throttle import RedisLoginThrottle
from identity.adapters.orm import accounts
from identity.bootstrap import database
from identity.domain.model import LockoutPolicy, SmsPolicy
from identity.domain.records import NewAccount
from identity.service_layer import ports, registration
from maintfund_common import errors
from maintfund_common.db import Database, utcnow
from maintfund_common.field_crypto import KeyRing
from maintfund_common.personal_data import id_check_char
from tests.conftest import REDIS_URL

pytestmark = pytest.mark.integration


class _RealName:
    def verify(self, name: str, id_number: str) -> bool:
        return True


class _NoSms:
    def send_login_code(self, phone: str, code: str, ttl_minutes: int) -> None: ...
    def send_register_code(self, phone: str, code: str, ttl_minutes: int) -> None: ...


@pytest.fixture()
def identity_db(migrated_databases: dict[str, str]) -> Iterator[tuple[Database, ports.IdentityDeps]]:
    db = database(migrated_databases["identity"])
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
    yield db, deps
    db.dispose()


def _id_number(seed: int) -> str:
    body = f"110105{1960 + seed % 40}{seed % 12 + 1:02d}{seed % 28 + 1:02d}{seed % 1000:03d}"
    return body + id_check_char(body)


def test_the_loser_of_a_registration_race_gets_account_exists(
    identity_db: tuple[Database, ports.IdentityDeps],
) -> None:
    db, deps = identity_db
    seed = uuid.uuid4().int
    username = f"race{seed % 10**10}"
    keyring = deps.keyring
    first = NewAccount(
        account_id=str(uuid.uuid4()),
        username=username,
        password_hash=deps.hasher.hash("Race@2026x"),
        name_enc=keyring.encrypt("竞争一", "identity.accounts.name"),
        id_number_enc=keyring.encrypt(_id_number(seed), "identity.accounts.id_number"),
        id_number_index=keyring.blind_index(_id_number(seed), "identity.accounts.id_number"),
        phone_enc=keyring.encrypt(f"137{seed % 10**8:08d}", "identity.accounts.phone"),
        phone_index=keyring.blind_index(f"137{seed % 10**8:08d}", "identity.accounts.phone"),
        roles=("OWNER",),
        district_code="",
        created_at=utcnow(),
    )
    second = registration.RegisterAccount(
        username=username,
        password="Race@2026y",
        name="竞争二",
        id_number=_id_number(seed + 1),
        phone=f"138{seed % 10**8:08d}",
    )
    outcome: list[object] = []

    def register_second() -> None:
        try:
            with db.unit_of_work() as uow:
                view = registration.register_account(uow, deps, second, False, self_service=False)
            outcome.append(view)
        except errors.AlreadyExists as exc:
            outcome.append(exc)

    with db.unit_of_work() as uow:
        assert uow.repo.add_account(first) is True  # the winner's row, not committed yet
        racer = threading.Thread(target=register_second)
        racer.start()
        racer.join(timeout=2)
        assert racer.is_alive(), outcome  # the second insert waits on the first's unique key
        uow.commit()
    racer.join(timeout=10)
    assert not racer.is_alive()
    assert len(outcome) == 1 and isinstance(outcome[0], errors.AlreadyExists), outcome
    assert outcome[0].code == "ACCOUNT_EXISTS"
    with db.engine.connect() as conn:
        rows = conn.execute(select(func.count()).where(accounts.c.username == username)).scalar_one()
    assert rows == 1
