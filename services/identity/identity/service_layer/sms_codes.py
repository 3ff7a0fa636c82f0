"""SMS codes: a login code sent to the phone of an account, a registration code to any phone; each phone
has one live code per purpose, stored as a keyed hash, used once, refused after its attempts."""

from __future__ import annotations

import hmac
import secrets
from datetime import timedelta
from typing import TYPE_CHECKING

from identity.domain.records import StoredSmsCode
from identity.service_layer.accounts import PHONE_CTX
from maintfund_common import errors
from maintfund_common.db import utcnow
from maintfund_common.personal_data import normalize_phone

if TYPE_CHECKING:
    from identity.adapters.repository import IdentityRepository
    from identity.service_layer.ports import IdentityDeps
    from maintfund_common.db import UnitOfWork

REGISTER_CODES = "identity.sms_codes.register"  # registration codes are kept apart from login codes


def code_hash(deps: IdentityDeps, phone_index: str, code: str) -> str:
    return deps.keyring.blind_index(f"{phone_index}:{code}", "identity.sms_codes")


def is_right_code(deps: IdentityDeps, stored: StoredSmsCode, code: str) -> bool:
    return hmac.compare_digest(stored.code_hash, code_hash(deps, stored.phone_index, code.strip()))


def use_register_code(uow: UnitOfWork[IdentityRepository], deps: IdentityDeps, phone: str, code: str) -> None:
    """The registration code sent to ``phone``: right, unexpired, within its attempts; used once."""
    phone_index = deps.keyring.blind_index(phone, REGISTER_CODES)
    wrong = errors.ValidationFailed("短信验证码错误或已过期", code="INVALID_SMS_CODE", field="sms_code")
    stored = uow.repo.sms_code(phone_index, lock=True)
    if stored is None or not stored.usable(utcnow(), deps.sms_policy.max_attempts):
        raise wrong
    if not is_right_code(deps, stored, code):
        uow.repo.set_sms_attempts(phone_index, stored.attempts + 1)
        uow.commit()
        raise wrong
    uow.repo.delete_sms_code(phone_index)


def send_sms_code(
    uow: UnitOfWork[IdentityRepository], deps: IdentityDeps, raw_phone: str, *, register: bool = False
) -> int:
    """Send a login code if the phone has an account (the answer is the same either way), or, with
    ``register``, a code that proves the phone of a registration (sent to any phone)."""
    phone = normalize_phone(raw_phone)
    phone_index = deps.keyring.blind_index(phone, REGISTER_CODES if register else PHONE_CTX)
    now = utcnow()
    policy = deps.sms_policy
    previous = uow.repo.sms_code(phone_index)
    if previous is not None and previous.sent_at > now - timedelta(seconds=policy.resend_after_seconds):
        raise errors.RateLimited(
            "验证码发送过于频繁，请稍后再试",
            code="RATE_LIMITED",
            retry_after=str(policy.resend_after_seconds),
        )
    has_account = register or uow.repo.has_phone(phone_index)
    code = f"{secrets.randbelow(1_000_000):06d}"
    uow.repo.replace_sms_code(
        StoredSmsCode(
            phone_index=phone_index,
            code_hash=code_hash(deps, phone_index, code),
            sent_at=now,
            expires_at=now + timedelta(seconds=policy.code_ttl_seconds),
            attempts=0,
        )
    )
    uow.commit()
    if register:
        deps.sms.send_register_code(phone, code, policy.code_ttl_seconds // 60)
    elif has_account:
        deps.sms.send_login_code(phone, code, policy.code_ttl_seconds // 60)
    return policy.resend_after_seconds
