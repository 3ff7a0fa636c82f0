"""What the use cases are given: the world outside this service as small Protocols and plain functions,
and the policies and keys they work with (``IdentityDeps``).

``bootstrap.py`` chooses the real ones (the SMS gateway and the real-name platform over HTTP, Redis for
the failed-login counters, the registry's BindOwnedHouses over gRPC); a test passes others.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from argon2 import PasswordHasher

from identity.domain.model import LockoutPolicy, SmsPolicy
from maintfund_common.field_crypto import KeyRing

# A fixed hash to verify against when the username is unknown, so both cases cost the same time.
_DUMMY_HASH_PASSWORD = "not-a-real-password-Aa1!"  # noqa: S105


class SmsSender(Protocol):
    def send_login_code(self, phone: str, code: str, ttl_minutes: int) -> None: ...
    def send_register_code(self, phone: str, code: str, ttl_minutes: int) -> None: ...


class LoginThrottle(Protocol):
    """Failed-login counters and locks per username (``adapters.login_throttle``: Redis)."""

    def locked_seconds(self, key: str) -> int: ...
    def record_failure(self, key: str, window_s: int) -> int: ...
    def lock(self, key: str, seconds: int) -> None: ...
    def clear(self, key: str) -> None: ...


class RealNameChecker(Protocol):
    def verify(self, name: str, id_number: str) -> bool: ...


HouseBinder = Callable[[str, str, str], list[str]]  # (account_id, name, id_number) -> bound house ids


@dataclass
class IdentityDeps:
    keyring: KeyRing
    hasher: PasswordHasher
    lockout: LockoutPolicy
    sms_policy: SmsPolicy
    sms: SmsSender
    real_name: RealNameChecker
    bind_houses: HouseBinder
    throttle: LoginThrottle

    def __post_init__(self) -> None:
        self._dummy_hash = self.hasher.hash(_DUMMY_HASH_PASSWORD)
