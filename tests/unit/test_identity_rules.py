"""Identity rules: usernames, password strength, lock-out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from identity.domain.model import LockoutPolicy, validate_password, validate_username
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
    failures, locked = 0, None
    for _ in range(4):
        failures, locked = policy.after_failure(failures, NOW)
        assert locked is None
    failures, locked = policy.after_failure(failures, NOW)
    assert locked == NOW + timedelta(minutes=15) and failures == 0
    assert policy.is_locked(locked, NOW + timedelta(minutes=14))
    assert not policy.is_locked(locked, NOW + timedelta(minutes=16))
