"""立即注册: an account with real-name data, its consents and its phone proven by an SMS code (and the
operators' CLI and the demo seed, which skip both)."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from identity.domain.model import validate_password, validate_username
from identity.domain.records import NewAccount, TakenKeys
from identity.service_layer.accounts import ID_CTX, NAME_CTX, PHONE_CTX, AccountView
from identity.service_layer.sms_codes import use_register_code
from maintfund.events.v1 import events_pb2
from maintfund_common import audit, errors
from maintfund_common.db import utcnow
from maintfund_common.personal_data import (
    mask_id_number,
    mask_name,
    mask_phone,
    normalize_id_number,
    normalize_name,
    normalize_phone,
)

if TYPE_CHECKING:
    from identity.adapters.repository import IdentityRepository
    from identity.service_layer.ports import IdentityDeps
    from maintfund_common.db import UnitOfWork

log = logging.getLogger(__name__)

# The versions of the documents at /terms and /privacy an applicant agrees to (kept in the audit trail).
TERMS_VERSION, PRIVACY_VERSION = "2026-12", "2026-12"


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


def _require_consents(cmd: RegisterAccount) -> None:
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


def _refuse_taken(taken: TakenKeys, account: NewAccount) -> errors.AlreadyExists:
    if taken.username == account.username:
        return errors.AlreadyExists("用户名已被使用", code="USERNAME_TAKEN", field="username")
    if taken.id_number_index == account.id_number_index:
        return errors.AlreadyExists(
            "该身份证号码已注册账号，请直接登录", code="ID_NUMBER_REGISTERED", field="id_number"
        )
    return errors.AlreadyExists("该手机号码已注册账号", code="PHONE_REGISTERED", field="phone")


def register_account(
    uow: UnitOfWork[IdentityRepository],
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
        _require_consents(cmd)
        use_register_code(uow, deps, phone, cmd.sms_code)
    if verify_real_name and not deps.real_name.verify(name, id_number):
        raise errors.ValidationFailed("姓名与身份证号码不一致，请核对后重试", code="REAL_NAME_MISMATCH")
    keyring = deps.keyring
    account = NewAccount(
        account_id=cmd.account_id or str(uuid.uuid4()),
        username=username,
        password_hash=deps.hasher.hash(cmd.password),
        name_enc=keyring.encrypt(name, NAME_CTX),
        id_number_enc=keyring.encrypt(id_number, ID_CTX),
        id_number_index=keyring.blind_index(id_number, ID_CTX),
        phone_enc=keyring.encrypt(phone, PHONE_CTX),
        phone_index=keyring.blind_index(phone, PHONE_CTX),
        roles=tuple(cmd.roles),
        district_code=cmd.district_code,
        created_at=utcnow(),
    )
    taken = uow.repo.taken(username, account.id_number_index, account.phone_index)
    if taken is not None:
        raise _refuse_taken(taken, account)
    if not uow.repo.add_account(account):  # a concurrent registration took a key after the check
        raise errors.AlreadyExists("账号已存在", code="ACCOUNT_EXISTS")
    if self_service:  # PIPL: the consents given, to which versions, when and from where
        audit.record(
            uow,
            actor_id=account.account_id,
            actor_role="OWNER",
            action="CONSENT",
            target=account.account_id,
            outcome="OK",
            detail=f"terms {TERMS_VERSION}, privacy and ID number {PRIVACY_VERSION}, phone verified by SMS",
        )
    uow.publish(events_pb2.AccountRegistered(account_id=account.account_id))
    uow.commit()
    log.info("account registered", extra={"account_id": account.account_id})
    return AccountView(
        account.account_id,
        username,
        mask_name(name),
        mask_id_number(id_number),
        mask_phone(phone),
        account.roles,
        cmd.district_code,
    )
