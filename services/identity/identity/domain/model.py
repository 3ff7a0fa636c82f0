"""Account rules: usernames, password strength, lock-out after repeated failures, SMS codes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from maintfund_common import errors

USERNAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{3,31}$")


@dataclass(frozen=True)
class LockoutPolicy:
    """After ``max_failures`` consecutive failures the account is locked for ``lock_minutes``."""

    max_failures: int = 5
    lock_minutes: int = 15

    def after_failure(self, failures_before: int, now: datetime) -> tuple[int, datetime | None]:
        failures = failures_before + 1
        if failures >= self.max_failures:
            return 0, now + timedelta(minutes=self.lock_minutes)
        return failures, None

    @staticmethod
    def is_locked(locked_until: datetime | None, now: datetime) -> bool:
        return locked_until is not None and locked_until > now


@dataclass(frozen=True)
class SmsPolicy:
    code_ttl_seconds: int = 300
    resend_after_seconds: int = 60
    max_attempts: int = 5


def validate_username(username: str) -> str:
    username = username.strip()
    if not USERNAME_RE.match(username):
        raise errors.ValidationFailed("用户名须以字母开头，由4-32位字母、数字或下划线组成", field="username")
    return username


def validate_password(password: str, username: str) -> str:
    if not 8 <= len(password) <= 64:
        raise errors.ValidationFailed("密码长度须为8-64位", field="password")
    classes = sum(bool(re.search(p, password)) for p in (r"[a-z]", r"[A-Z]", r"\d", r"[^A-Za-z0-9]"))
    if classes < 3:
        raise errors.ValidationFailed(
            "密码须包含大写字母、小写字母、数字、符号中的至少三类", field="password"
        )
    if username.lower() in password.lower():
        raise errors.ValidationFailed("密码不能包含用户名", field="password")
    return password


def invalid_credentials() -> errors.Unauthenticated:
    """The same answer for an unknown user and a wrong password."""
    return errors.Unauthenticated("用户名或密码错误", code="INVALID_CREDENTIALS")


def account_locked(until: datetime) -> errors.Unauthenticated:
    return errors.Unauthenticated(
        "登录失败次数过多，账号已临时锁定，请15分钟后再试",
        code="ACCOUNT_LOCKED",
        locked_until=until.isoformat(),
    )
