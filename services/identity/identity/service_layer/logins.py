"""Logins by password and by SMS code: lock-out per username, one audit row per attempt, and identity
matching (DESIGN F1) at each success."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from argon2.exceptions import InvalidHashError, VerificationError

from identity.domain.model import account_locked, invalid_credentials
from identity.domain.records import StoredAccount
from identity.service_layer import bindings
from identity.service_layer.accounts import PHONE_CTX, AccountView, account_view, real_name
from identity.service_layer.sms_codes import is_right_code
from maintfund.events.v1 import events_pb2
from maintfund_common import audit, errors
from maintfund_common.db import utcnow
from maintfund_common.personal_data import normalize_phone

if TYPE_CHECKING:
    from identity.adapters.repository import IdentityRepository
    from identity.service_layer.ports import IdentityDeps
    from maintfund_common.db import UnitOfWork

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LoginResult:
    account: AccountView
    house_count: int


def _audit_login(
    uow: UnitOfWork[IdentityRepository],
    method: str,
    account: StoredAccount | None,
    outcome: str,
    detail: str = "",
) -> None:
    """One audit row per login attempt, in the attempt's own transaction; ``account`` None: no such one."""
    audit.record(
        uow,
        actor_id=account.account_id if account is not None else "-",
        actor_role=account.roles_text if account is not None else audit.ANONYMOUS,
        action=f"LOGIN_{method}",
        target=account.account_id if account is not None else "-",
        outcome=outcome,
        detail=detail,
    )


def _finish_login(
    uow: UnitOfWork[IdentityRepository], deps: IdentityDeps, account: StoredAccount, method: str
) -> LoginResult:
    uow.repo.record_login(account.account_id, utcnow())
    _audit_login(uow, method, account, "OK")
    uow.commit()
    name, id_number = real_name(deps.keyring, account)
    # Identity matching (DESIGN F1): bind every house of the register whose owners include this person.
    house_ids = deps.bind_houses(account.account_id, name, id_number)
    for house_id in house_ids:  # the registry's answer refreshes this service's copy of the bindings
        bindings.record_binding(uow, events_pb2.HouseBound(account_id=account.account_id, house_id=house_id))
    uow.commit()
    log.info("login succeeded", extra={"account_id": account.account_id, "house_count": len(house_ids)})
    return LoginResult(account_view(deps.keyring, account), len(house_ids))


def _throttle_key(deps: IdentityDeps, username: str) -> str:
    """The username's key in the failure counters: a keyed hash, so Redis holds no usernames."""
    return deps.keyring.blind_index(username.strip().lower(), "identity.login.username")


def _refuse_if_locked(
    uow: UnitOfWork[IdentityRepository],
    deps: IdentityDeps,
    key: str,
    method: str,
    account: StoredAccount | None,
) -> None:
    seconds = deps.throttle.locked_seconds(key)
    if seconds <= 0:
        return
    _audit_login(uow, method, account, "LOCKED", "username locked")
    uow.commit()
    log.warning(
        "login refused: locked", extra={"account_id": account.account_id if account is not None else "-"}
    )
    lockout = deps.lockout
    raise account_locked(lockout.locked_until(utcnow(), seconds), lockout.lock_minutes)


def login_with_password(
    uow: UnitOfWork[IdentityRepository], deps: IdentityDeps, username: str, password: str
) -> LoginResult:
    """A known and an unknown username are answered alike at every step: failures are counted per
    username in Redis whether it exists or not, both verify one argon2 hash, both lock after the same
    number of failures with the same code and message."""
    key = _throttle_key(deps, username)
    account = uow.repo.account_by_username(username.strip(), lock=True)
    _refuse_if_locked(uow, deps, key, "PASSWORD", account)
    try:
        deps.hasher.verify(account.password_hash if account is not None else deps._dummy_hash, password)
        ok = account is not None
    except (VerificationError, InvalidHashError):
        ok = False
    if account is None or not ok:
        lockout = deps.lockout
        failures = deps.throttle.record_failure(key, lockout.lock_seconds)
        remaining = lockout.remaining(failures)
        if remaining == 0:
            deps.throttle.lock(key, lockout.lock_seconds)
        outcome = "LOCKED_OUT" if remaining == 0 else "FAILED"
        reason = "wrong password" if account is not None else "unknown username"
        _audit_login(uow, "PASSWORD", account, outcome, f"{reason}, {failures} failures")
        uow.commit()
        account_id = account.account_id if account is not None else "-"
        log.warning("login failed", extra={"account_id": account_id, "locked": remaining == 0})
        if remaining == 0:
            raise account_locked(lockout.locked_until(utcnow(), lockout.lock_seconds), lockout.lock_minutes)
        raise invalid_credentials(remaining)
    deps.throttle.clear(key)
    if deps.hasher.check_needs_rehash(account.password_hash):
        uow.repo.set_password_hash(account.account_id, deps.hasher.hash(password))
    return _finish_login(uow, deps, account, "PASSWORD")


def login_with_sms_code(
    uow: UnitOfWork[IdentityRepository], deps: IdentityDeps, raw_phone: str, code: str
) -> LoginResult:
    phone = normalize_phone(raw_phone)
    phone_index = deps.keyring.blind_index(phone, PHONE_CTX)
    wrong = errors.Unauthenticated("验证码错误或已过期", code="INVALID_SMS_CODE")
    stored = uow.repo.sms_code(phone_index, lock=True)
    account = uow.repo.account_by_phone(phone_index)
    if stored is None or not stored.usable(utcnow(), deps.sms_policy.max_attempts):
        _audit_login(uow, "SMS", account, "FAILED", "no valid code")
        uow.commit()
        raise wrong
    if not is_right_code(deps, stored, code):
        uow.repo.set_sms_attempts(phone_index, stored.attempts + 1)
        _audit_login(uow, "SMS", account, "FAILED", f"wrong code, attempt {stored.attempts + 1}")
        uow.commit()
        raise wrong
    uow.repo.delete_sms_code(phone_index)  # one use only
    if account is None:
        _audit_login(uow, "SMS", None, "FAILED", "no account for the phone")
        uow.commit()
        raise wrong
    _refuse_if_locked(uow, deps, _throttle_key(deps, account.username), "SMS", account)
    return _finish_login(uow, deps, account, "SMS")
