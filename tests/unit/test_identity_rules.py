"""Identity rules: usernames, password strength, lock-out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from identity.domain.model import LockoutPolicy, validate_password, validate_username
from identity.domain.records import StoredSmsCode
from maintfund_common import errors

NOW = datetime(2026, 11, 26, 12, tzinfo=UTC)


@pytest.mark.parametrize("name", ["zhangwei", "Li_Na2026", "abcd"])
def test_good_usernames(name: str) -> None:
    assert validate_username(f" {name} ") == name


@pytest.mark.parametrize("name", ["abc", "1abc", "张伟", "a" * 33, "ab cd", ""])
def test_bad_usernames(name: str) -> None:
    with pytest.raises(errors.ValidationFailed):
        validate_username(name)


@pytest.mark.parametrize("password", ["short1!", "alllowercase", "NoDigitsHere", "zhangwei@2026X"])
def test_weak_passwords(password: str) -> None:
    with pytest.raises(errors.ValidationFailed):
        validate_password(password, "zhangwei")


def test_strong_password() -> None:
    assert validate_password("Demo@2026", "zhangwei") == "Demo@2026"


def test_lockout_after_five_failures() -> None:
    policy = LockoutPolicy(max_failures=5, lock_minutes=15)
    assert [policy.remaining(n) for n in range(1, 7)] == [4, 3, 2, 1, 0, 0]
    assert policy.lock_seconds == 900
    assert policy.locked_until(NOW, 60) == NOW + timedelta(minutes=1)


def _code(expires_in_s: int, attempts: int) -> StoredSmsCode:
    return StoredSmsCode("idx", "hash", NOW, NOW + timedelta(seconds=expires_in_s), attempts)


@pytest.mark.parametrize(
    ("expires_in_s", "attempts", "usable"),
    [(300, 0, True), (1, 4, True), (0, 0, False), (-1, 0, False), (300, 5, False), (300, 6, False)],
)
def test_an_sms_code_is_usable_unexpired_and_within_its_attempts(
    expires_in_s: int, attempts: int, usable: bool
) -> None:
    assert _code(expires_in_s, attempts).usable(NOW, max_attempts=5) is usable
