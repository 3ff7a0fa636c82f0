"""Login lock-out on the real PostgreSQL and Redis: an existing and an unknown username are answered
alike (code, message, tries left, lock, timing), the answer warns before the lock, and a success clears
the count (issue 18, item 9)."""

from __future__ import annotations

import statistics
import time
import uuid
from collections.abc import Iterator

import pytest
import redis
from argon2 import PasswordHasher

from identity.adapters.login_throttle import PREFIX, RedisLoginThrottle
from identity.bootstrap import database
from identity.domain.model import LockoutPolicy, SmsPolicy
from identity.service_layer import logins, ports, registration
from maintfund_common import errors
from maintfund_common.db import Database
from maintfund_common.field_crypto import KeyRing
from maintfund_common.personal_data import id_check_char
from tests.conftest import REDIS_URL

pytestmark = pytest.mark.integration
PASSWORD = "Lock@2026x"


class _NoSms:
    def send_login_code(self, phone: str, code: str, ttl_minutes: int) -> None:
        self.code = code


class _RealName:
    def verify(self, name: str, id_number: str) -> bool:
        return True


@pytest.fixture()
def identity_db(migrated_databases: dict[str, str]) -> Iterator[tuple[Database, ports.IdentityDeps]]:
    db = database(migrated_databases["identity"])
    deps = ports.IdentityDeps(
        keyring=KeyRing.for_development(),
        # the production cost, so the timing comparison measures what owners get
        hasher=PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1),
        lockout=LockoutPolicy(max_failures=5, lock_minutes=15),
        sms_policy=SmsPolicy(),
        sms=_NoSms(),
        real_name=_RealName(),
        bind_houses=lambda account_id, name, id_number: [],
        throttle=RedisLoginThrottle(redis.Redis.from_url(REDIS_URL)),
    )
    yield db, deps
    db.dispose()


def _register(db: Database, deps: ports.IdentityDeps) -> str:
    suffix = uuid.uuid4().int
    username = f"lock{suffix % 10**10}"
    body = f"110105{1960 + suffix % 40}{suffix % 12 + 1:02d}{suffix % 28 + 1:02d}{suffix % 1000:03d}"
    with db.unit_of_work() as uow:
        registration.register_account(
            uow,
            deps,
            registration.RegisterAccount(
                username=username,
                password=PASSWORD,
                name="锁定测试",
                id_number=body + id_check_char(body),
                phone=f"136{suffix % 10**8:08d}",
            ),
            verify_real_name=False,
            self_service=False,
        )
    return username


def _answer(db: Database, deps: ports.IdentityDeps, username: str, password: str) -> tuple:
    started = time.perf_counter()
    with pytest.raises(errors.Unauthenticated) as refused, db.unit_of_work() as uow:
        logins.login_with_password(uow, deps, username, password)
    elapsed = time.perf_counter() - started
    error = refused.value
    return (error.code, error.message, error.details.get("remaining_attempts")), elapsed


def test_existing_and_unknown_usernames_get_the_same_answers_and_lock_alike(
    identity_db: tuple[Database, ports.IdentityDeps],
) -> None:
    db, deps = identity_db
    known, unknown = _register(db, deps), f"nobody{uuid.uuid4().hex[:10]}"
    seen: dict[str, list[tuple]] = {known: [], unknown: []}
    times: dict[str, list[float]] = {known: [], unknown: []}
    for _ in range(6):
        for name in (known, unknown):
            answer, elapsed = _answer(db, deps, name, "Wrong@2026x")
            seen[name].append(answer)
            times[name].append(elapsed)
    assert seen[known] == seen[unknown]
    codes = [code for code, _, _ in seen[known]]
    assert codes == ["INVALID_CREDENTIALS"] * 4 + ["ACCOUNT_LOCKED"] * 2
    # warned before the lock: 还可尝试4次 … 1次
    assert [message for _, message, _ in seen[known][:4]] == [
        f"用户名或密码错误，还可尝试{n}次" for n in (4, 3, 2, 1)
    ]
    assert seen[known][4][1] == "登录失败次数过多，账号已临时锁定，请15分钟后再试"
    # the right password does not open a locked username
    assert _answer(db, deps, known, PASSWORD)[0][0] == "ACCOUNT_LOCKED"
    # timing: both verify one argon2 hash per failure, neither while locked
    failing = [statistics.median(times[n][:5]) for n in (known, unknown)]
    assert abs(failing[0] - failing[1]) < 0.5 * max(failing), failing
    # Redis holds no username, only keyed hashes
    keys = [k.decode() for k in redis.Redis.from_url(REDIS_URL).scan_iter(PREFIX + "*", count=1000)]
    assert keys and not any(known in k or unknown in k for k in keys)


def test_a_success_clears_the_count(identity_db: tuple[Database, ports.IdentityDeps]) -> None:
    db, deps = identity_db
    username = _register(db, deps)
    for expected in (4, 3, 2):
        assert _answer(db, deps, username, "Wrong@2026x")[0][2] == str(expected)
    with db.unit_of_work() as uow:
        logins.login_with_password(uow, deps, username, PASSWORD)
    assert _answer(db, deps, username, "Wrong@2026x")[0][2] == "4"
