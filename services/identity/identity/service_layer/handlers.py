"""Identity use cases."""

from __future__ import annotations

import dataclasses
import hmac
import logging
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from identity.adapters import bindings_repository
from identity.adapters.orm import accounts, sms_codes
from identity.domain.model import (
    LockoutPolicy,
    SmsPolicy,
    account_locked,
    invalid_credentials,
    validate_password,
    validate_username,
)
from identity.service_layer import bindings
from maintfund.events.v1 import events_pb2
from maintfund_common import audit, errors
from maintfund_common.db import UnitOfWork, utcnow
from maintfund_common.field_crypto import KeyRing
from maintfund_common.personal_data import (
    mask_id_number,
    mask_name,
    mask_phone,
    normalize_id_number,
    normalize_name,
    normalize_phone,
)

log = logging.getLogger(__name__)

NAME_CTX, ID_CTX, PHONE_CTX = (
    "identity.accounts.name",
    "identity.accounts.id_number",
    "identity.accounts.phone",
)
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


@dataclass(frozen=True)
class AccountView:
    account_id: str
    username: str
    name_masked: str
    id_number_masked: str
    phone_masked: str
    roles: tuple[str, ...]
    district_code: str
    house_count: int = 0  # houses bound to the account, from this service's copy of the bindings


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


def _view(keyring: KeyRing, row: Any) -> AccountView:
    return AccountView(
        account_id=row.account_id,
        username=row.username,
        name_masked=mask_name(keyring.decrypt(row.name_enc, NAME_CTX)),
        id_number_masked=mask_id_number(keyring.decrypt(row.id_number_enc, ID_CTX)),
        phone_masked=mask_phone(keyring.decrypt(row.phone_enc, PHONE_CTX)),
        roles=tuple(r for r in row.roles.split(",") if r),
        district_code=row.district_code or "",
    )


def _real_name(keyring: KeyRing, row: Any) -> tuple[str, str]:
    return keyring.decrypt(row.name_enc, NAME_CTX), keyring.decrypt(row.id_number_enc, ID_CTX)


@dataclass(frozen=True)
class RegisterAccount:
    username: str
    password: str
    name: str
    id_number: str
    phone: str
    roles: tuple[str, ...] = ("OWNER",)
    district_code: str = ""
    account_id: str = ""
    sms_code: str = ""  # SendSmsCode(purpose=REGISTER) sent it to the phone
    accepted_terms: bool = False
    accepted_privacy: bool = False


# The versions of the documents at /terms and /privacy an applicant agrees to (kept in the audit trail).
TERMS_VERSION, PRIVACY_VERSION = "2026-12", "2026-12"
REGISTER_CODES = "identity.sms_codes.register"  # registration codes are kept apart from login codes


def register_account(
    uow: UnitOfWork,
    deps: IdentityDeps,
    cmd: RegisterAccount,
    verify_real_name: bool = True,
    *,
    self_service: bool = True,
) -> AccountView:
    """``self_service``: a person registering (立即注册) must agree to the 用户协议 and, separately, to the
    隐私政策 (the ID number is sensitive personal data), and prove the phone with the SMS code sent to it.
    Accounts made by the operators' CLI and the demo seed skip both."""
    username = validate_username(cmd.username)
    validate_password(cmd.password, username)
    name, id_number, phone = (
        normalize_name(cmd.name),
        normalize_id_number(cmd.id_number),
        normalize_phone(cmd.phone),
    )
    if self_service:
        if not cmd.accepted_terms:
            raise errors.ValidationFailed(
                "请阅读并同意《用户协议》", code="CONSENT_REQUIRED", field="accepted_terms"
            )
        if not cmd.accepted_privacy:
            raise errors.ValidationFailed(
                "请阅读并同意《隐私政策》及对身份证号码的处理",
                code="CONSENT_REQUIRED",
                field="accepted_privacy",
            )
        _use_register_code(uow, deps, phone, cmd.sms_code)
    if verify_real_name and not deps.real_name.verify(name, id_number):
        raise errors.ValidationFailed("姓名与身份证号码不一致，请核对后重试", code="REAL_NAME_MISMATCH")
    keyring = deps.keyring
    row = {
        "account_id": cmd.account_id or str(uuid.uuid4()),
        "username": username,
        "password_hash": deps.hasher.hash(cmd.password),
        "name_enc": keyring.encrypt(name, NAME_CTX),
        "id_number_enc": keyring.encrypt(id_number, ID_CTX),
        "id_number_index": keyring.blind_index(id_number, ID_CTX),
        "phone_enc": keyring.encrypt(phone, PHONE_CTX),
        "phone_index": keyring.blind_index(phone, PHONE_CTX),
        "roles": ",".join(cmd.roles),
        "district_code": cmd.district_code,
        "failed_logins": 0,
        "created_at": utcnow(),
    }
    session = uow.session
    taken = session.execute(
        select(accounts.c.username, accounts.c.id_number_index, accounts.c.phone_index).where(
            (accounts.c.username == username)
            | (accounts.c.id_number_index == row["id_number_index"])
            | (accounts.c.phone_index == row["phone_index"])
        )
    ).first()
    if taken is not None:
        if taken.username == username:
            raise errors.AlreadyExists("用户名已被使用", code="USERNAME_TAKEN", field="username")
        if taken.id_number_index == row["id_number_index"]:
            raise errors.AlreadyExists(
                "该身份证号码已注册账号，请直接登录", code="ID_NUMBER_REGISTERED", field="id_number"
            )
        raise errors.AlreadyExists("该手机号码已注册账号", code="PHONE_REGISTERED", field="phone")
    session.execute(accounts.insert().values(row))
    if self_service:  # PIPL: the consents given, to which versions, when and from where
        audit.record(
            uow,
            actor_id=row["account_id"],
            actor_role="OWNER",
            action="CONSENT",
            target=row["account_id"],
            outcome="OK",
            detail=f"terms {TERMS_VERSION}, privacy and ID number {PRIVACY_VERSION}, phone verified by SMS",
        )
    uow.publish(events_pb2.AccountRegistered(account_id=row["account_id"]))
    try:
        uow.commit()
    except IntegrityError:
        raise errors.AlreadyExists("账号已存在", code="ACCOUNT_EXISTS") from None
    log.info("account registered", extra={"account_id": row["account_id"]})
    return AccountView(
        row["account_id"],
        username,
        mask_name(name),
        mask_id_number(id_number),
        mask_phone(phone),
        tuple(cmd.roles),
        cmd.district_code,
    )


@dataclass(frozen=True)
class LoginResult:
    account: AccountView
    house_count: int


def _audit_login(uow: UnitOfWork, method: str, row: Any, outcome: str, detail: str = "") -> None:
    """One audit row per login attempt, in the attempt's own transaction; ``row`` None: no such account."""
    audit.record(
        uow,
        actor_id=row.account_id if row is not None else "-",
        actor_role=row.roles if row is not None else audit.ANONYMOUS,
        action=f"LOGIN_{method}",
        target=row.account_id if row is not None else "-",
        outcome=outcome,
        detail=detail,
    )


def _finish_login(uow: UnitOfWork, deps: IdentityDeps, row: Any, method: str) -> LoginResult:
    uow.session.execute(
        update(accounts)
        .where(accounts.c.account_id == row.account_id)
        .values(failed_logins=0, locked_until=None, last_login_at=utcnow())
    )
    _audit_login(uow, method, row, "OK")
    uow.commit()
    name, id_number = _real_name(deps.keyring, row)
    # Identity matching (DESIGN F1): bind every house of the register whose owners include this person.
    house_ids = deps.bind_houses(row.account_id, name, id_number)
    for house_id in house_ids:  # the registry's answer refreshes this service's copy of the bindings
        bindings.record_binding(uow, events_pb2.HouseBound(account_id=row.account_id, house_id=house_id))
    uow.commit()
    log.info("login succeeded", extra={"account_id": row.account_id, "house_count": len(house_ids)})
    return LoginResult(_view(deps.keyring, row), len(house_ids))


def _throttle_key(deps: IdentityDeps, username: str) -> str:
    """The username's key in the failure counters: a keyed hash, so Redis holds no usernames."""
    return deps.keyring.blind_index(username.strip().lower(), "identity.login.username")


def _refuse_if_locked(uow: UnitOfWork, deps: IdentityDeps, key: str, method: str, row: Any) -> None:
    seconds = deps.throttle.locked_seconds(key)
    if seconds <= 0:
        return
    _audit_login(uow, method, row, "LOCKED", "username locked")
    uow.commit()
    log.warning("login refused: locked", extra={"account_id": row.account_id if row is not None else "-"})
    lockout = deps.lockout
    raise account_locked(lockout.locked_until(utcnow(), seconds), lockout.lock_minutes)


def login_with_password(uow: UnitOfWork, deps: IdentityDeps, username: str, password: str) -> LoginResult:
    """A known and an unknown username are answered alike at every step: failures are counted per
    username in Redis whether it exists or not, both verify one argon2 hash, both lock after the same
    number of failures with the same code and message."""
    key = _throttle_key(deps, username)
    row = uow.session.execute(
        select(accounts).where(accounts.c.username == username.strip()).with_for_update()
    ).first()
    _refuse_if_locked(uow, deps, key, "PASSWORD", row)
    try:
        deps.hasher.verify(row.password_hash if row is not None else deps._dummy_hash, password)
        ok = row is not None
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok:
        lockout = deps.lockout
        failures = deps.throttle.record_failure(key, lockout.lock_seconds)
        remaining = lockout.remaining(failures)
        if remaining == 0:
            deps.throttle.lock(key, lockout.lock_seconds)
        outcome = "LOCKED_OUT" if remaining == 0 else "FAILED"
        reason = "wrong password" if row is not None else "unknown username"
        _audit_login(uow, "PASSWORD", row, outcome, f"{reason}, {failures} failures")
        uow.commit()
        log.warning(
            "login failed",
            extra={"account_id": row.account_id if row is not None else "-", "locked": remaining == 0},
        )
        if remaining == 0:
            raise account_locked(lockout.locked_until(utcnow(), lockout.lock_seconds), lockout.lock_minutes)
        raise invalid_credentials(remaining)
    deps.throttle.clear(key)
    if deps.hasher.check_needs_rehash(row.password_hash):
        uow.session.execute(
            update(accounts)
            .where(accounts.c.account_id == row.account_id)
            .values(password_hash=deps.hasher.hash(password))
        )
    return _finish_login(uow, deps, row, "PASSWORD")


def _code_hash(deps: IdentityDeps, phone_index: str, code: str) -> str:
    return deps.keyring.blind_index(f"{phone_index}:{code}", "identity.sms_codes")


def _use_register_code(uow: UnitOfWork, deps: IdentityDeps, phone: str, code: str) -> None:
    """The registration code sent to ``phone``: right, unexpired, within its attempts; used once."""
    phone_index = deps.keyring.blind_index(phone, REGISTER_CODES)
    wrong = errors.ValidationFailed("短信验证码错误或已过期", code="INVALID_SMS_CODE", field="sms_code")
    stored = uow.session.execute(
        select(sms_codes).where(sms_codes.c.phone_index == phone_index).with_for_update()
    ).first()
    if stored is None or stored.expires_at <= utcnow() or stored.attempts >= deps.sms_policy.max_attempts:
        raise wrong
    if not hmac.compare_digest(stored.code_hash, _code_hash(deps, phone_index, code.strip())):
        uow.session.execute(
            update(sms_codes)
            .where(sms_codes.c.phone_index == phone_index)
            .values(attempts=stored.attempts + 1)
        )
        uow.commit()
        raise wrong
    uow.session.execute(delete(sms_codes).where(sms_codes.c.phone_index == phone_index))


def send_sms_code(uow: UnitOfWork, deps: IdentityDeps, raw_phone: str, *, register: bool = False) -> int:
    """Send a login code if the phone has an account (the answer is the same either way), or, with
    ``register``, a code that proves the phone of a registration (sent to any phone)."""
    phone = normalize_phone(raw_phone)
    phone_index = deps.keyring.blind_index(phone, REGISTER_CODES if register else PHONE_CTX)
    now = utcnow()
    policy = deps.sms_policy
    previous = uow.session.execute(select(sms_codes).where(sms_codes.c.phone_index == phone_index)).first()
    if previous is not None and previous.sent_at > now - timedelta(seconds=policy.resend_after_seconds):
        raise errors.RateLimited(
            "验证码发送过于频繁，请稍后再试",
            code="RATE_LIMITED",
            retry_after=str(policy.resend_after_seconds),
        )
    has_account = (
        register
        or uow.session.execute(
            select(accounts.c.account_id).where(accounts.c.phone_index == phone_index)
        ).first()
    )
    code = f"{secrets.randbelow(1_000_000):06d}"
    uow.session.execute(delete(sms_codes).where(sms_codes.c.phone_index == phone_index))
    uow.session.execute(
        sms_codes.insert().values(
            phone_index=phone_index,
            code_hash=_code_hash(deps, phone_index, code),
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


def login_with_sms_code(uow: UnitOfWork, deps: IdentityDeps, raw_phone: str, code: str) -> LoginResult:
    phone = normalize_phone(raw_phone)
    phone_index = deps.keyring.blind_index(phone, PHONE_CTX)
    now = utcnow()
    wrong = errors.Unauthenticated("验证码错误或已过期", code="INVALID_SMS_CODE")
    stored = uow.session.execute(
        select(sms_codes).where(sms_codes.c.phone_index == phone_index).with_for_update()
    ).first()
    row = uow.session.execute(select(accounts).where(accounts.c.phone_index == phone_index)).first()
    if stored is None or stored.expires_at <= now or stored.attempts >= deps.sms_policy.max_attempts:
        _audit_login(uow, "SMS", row, "FAILED", "no valid code")
        uow.commit()
        raise wrong
    if not hmac.compare_digest(stored.code_hash, _code_hash(deps, phone_index, code.strip())):
        uow.session.execute(
            update(sms_codes)
            .where(sms_codes.c.phone_index == phone_index)
            .values(attempts=stored.attempts + 1)
        )
        _audit_login(uow, "SMS", row, "FAILED", f"wrong code, attempt {stored.attempts + 1}")
        uow.commit()
        raise wrong
    uow.session.execute(delete(sms_codes).where(sms_codes.c.phone_index == phone_index))  # one use only
    if row is None:
        _audit_login(uow, "SMS", None, "FAILED", "no account for the phone")
        uow.commit()
        raise wrong
    _refuse_if_locked(uow, deps, _throttle_key(deps, row.username), "SMS", row)
    return _finish_login(uow, deps, row, "SMS")


def _account_row(session: Session, account_id: str) -> Any:
    row = session.execute(select(accounts).where(accounts.c.account_id == account_id)).first()
    if row is None:
        raise errors.NotFound("账号不存在")
    return row


def get_account(session: Session, deps: IdentityDeps, account_id: str) -> AccountView:
    view = _view(deps.keyring, _account_row(session, account_id))
    return dataclasses.replace(view, house_count=bindings_repository.count_bound(session, account_id))


def get_real_name(session: Session, deps: IdentityDeps, account_id: str) -> tuple[str, str]:
    return _real_name(deps.keyring, _account_row(session, account_id))


def get_account_phone(session: Session, deps: IdentityDeps, account_id: str) -> str:
    return deps.keyring.decrypt(_account_row(session, account_id).phone_enc, PHONE_CTX)
