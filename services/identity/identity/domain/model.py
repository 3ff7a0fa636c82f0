"""Account rules: usernames, password strength, lock-out after repeated failures, SMS codes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from maintfund_common import errors

USERNAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{3,31}$")


@dataclass(frozen=True)
class LockoutPolicy:
    """Failures are counted per username, existing or not, in a window of ``lock_minutes`` from the first
    one; the ``max_failures``-th locks that username for ``lock_minutes``. Every refusal says how many tries
    are left, so an owner is warned before the lock, and an unknown name is answered exactly like a known
    one (same code, message and count), so the answers do not tell which usernames exist."""

    max_failures: int = 5
    lock_minutes: int = 15

    @property
    def lock_seconds(self) -> int:
        return self.lock_minutes * 60

    def remaining(self, failures: int) -> int:
        """Tries left after ``failures`` failures in the window; 0 means the username is now locked."""
        return max(0, self.max_failures - failures)

    def locked_until(self, now: datetime, seconds_left: int) -> datetime:
        return now + timedelta(seconds=seconds_left)


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


def invalid_credentials(remaining: int | None = None) -> errors.Unauthenticated:
    """The same answer for an unknown user and a wrong password, with the tries left before the lock."""
    if remaining is None:
        return errors.Unauthenticated("用户名或密码错误", code="INVALID_CREDENTIALS")
    return errors.Unauthenticated(
        f"用户名或密码错误，还可尝试{remaining}次",
        code="INVALID_CREDENTIALS",
        remaining_attempts=str(remaining),
    )


def account_locked(until: datetime, lock_minutes: int = 15) -> errors.Unauthenticated:
    return errors.Unauthenticated(
        f"登录失败次数过多，账号已临时锁定，请{lock_minutes}分钟后再试",
        code="ACCOUNT_LOCKED",
        locked_until=until.replace(microsecond=0).isoformat(),
    )


#: How the portal shows its pages to an account: 标准版 or 长辈版 (issue 19). An account that never chose
#: has none (``None``), and the browser's own choice then holds.
DISPLAY_MODES = ("STANDARD", "ELDER")


def validate_display_mode(mode: str) -> str:
    if mode not in DISPLAY_MODES:
        raise errors.ValidationFailed("显示模式应为标准版或长辈版", field="display_mode")
    return mode
