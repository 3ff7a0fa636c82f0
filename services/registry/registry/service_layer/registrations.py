"""Personal registration (个人造册) use cases: lookup, submit, history, review queue, decision.

The applicant's real name comes from the identity service (``real_name``), never from the request: an
account can only claim houses for the person it was registered for.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from maintfund.events.v1 import events_pb2
from maintfund_common import audit, errors
from maintfund_common.db import Database, UnitOfWork, utcnow
from maintfund_common.districts import DISTRICTS
from maintfund_common.field_crypto import KeyRing
from maintfund_common.personal_data import mask_name, mask_phone, normalize_name
from registry.domain import registrations as rules
from registry.domain.model import BindingVia, House
from registry.domain.owners import NAME_CONTEXT, identity_index
from registry.domain.registrations import (
    CleanFile,
    IncomingFile,
    Method,
    PendingSlotTaken,
    Registration,
    Status,
    Submission,
)
from registry.service_layer.ports import AccountPhone, RealName, Sanitizer
from registry.service_layer.register import decode_cursor, encode_cursor, page_size

if TYPE_CHECKING:
    from registry.adapters.repository import RegistryRepository

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RegistrationDeps:
    keyring: KeyRing
    real_name: RealName  # account id -> (name, ID number), from identity
    sanitizer: Sanitizer  # adapters.uploads.UploadSanitizer: recognise, sanitise, scan
    # account id -> the account's own mobile, from identity: the contact phone when the owner keeps the
    # prefilled one (the form shows it masked) or leaves the field empty
    account_phone: AccountPhone | None = None


@dataclass(frozen=True)
class Actor:
    reviewer_id: str
    role: str
    district_code: str
    source_ip: str = ""


def house_not_found() -> errors.NotFound:
    return errors.NotFound("未查询到该房屋，请核对编号，或选择上传证明材料", code="HOUSE_NOT_FOUND")


def _find_house(repo: RegistryRepository, contract_no: str, house_type: str, cert_no: str) -> House | None:
    if contract_no:
        return repo.find_house_by_contract(contract_no, house_type)
    if cert_no:
        return repo.find_house_by_cert(cert_no)
    return None


def _owners_masked(repo: RegistryRepository, keyring: KeyRing, house_id: str) -> str:
    return "、".join(mask_name(keyring.decrypt(t, NAME_CONTEXT)) for t in repo.owner_name_tokens(house_id))


@dataclass(frozen=True)
class Lookup:
    house: House
    owners_masked: str


def lookup_house(
    repo: RegistryRepository,
    keyring: KeyRing,
    method: Method,
    *,
    contract_no: str,
    house_type: str,
    cert_no: str,
) -> Lookup:
    contract, kind, cert = rules.parse_lookup(method, contract_no, house_type, cert_no)
    house = _find_house(repo, contract, kind, cert)
    if house is None or house.closed:
        raise house_not_found()
    return Lookup(house, _owners_masked(repo, keyring, house.house_id))


@dataclass(frozen=True)
class SubmitCommand:
    account_id: str
    method: Method
    contract_no: str = ""
    house_type: str = ""
    cert_no: str = ""
    district_code: str = ""
    phone: str = ""
    address: str = ""
    files: tuple[IncomingFile, ...] = ()


def submit_registration(
    db: Database[RegistryRepository], deps: RegistrationDeps, cmd: SubmitCommand
) -> Registration:
    """BOUND at once when the applicant is one of the house's owners, else PENDING_REVIEW."""
    if not cmd.account_id:
        raise errors.Unauthenticated("请先登录")
    sub = rules.parse_submission(
        cmd.method,
        contract_no=cmd.contract_no,
        house_type=cmd.house_type,
        cert_no=cmd.cert_no,
        district_code=cmd.district_code,
        phone=_contact_phone(deps, cmd),
        address=cmd.address,
    )
    if sub.method is not Method.PROOF and cmd.files:
        raise rules.upload_rejected("只有“上传证明材料”方式需要上传文件")
    # Files are checked whole before anything is written: a refused upload stores nothing.
    clean = deps.sanitizer.sanitise(list(cmd.files)) if sub.method is Method.PROOF else []
    name, id_number = deps.real_name(cmd.account_id)  # a gRPC call: before the transaction opens
    with db.unit_of_work() as uow:
        try:
            return _submit(
                uow, deps.keyring, cmd.account_id, sub, clean=clean, name=name, id_number=id_number
            )
        except PendingSlotTaken:  # a concurrent identical submission won the pending slot
            uow.rollback()
    with db.unit_of_work() as uow:
        return _submit(uow, deps.keyring, cmd.account_id, sub, clean=clean, name=name, id_number=id_number)


def _contact_phone(deps: RegistrationDeps, cmd: SubmitCommand) -> str:
    """The phone typed, or the account's own when the field was left empty or kept as prefilled (masked)."""
    typed = cmd.phone.strip()
    if deps.account_phone is None or (typed and "*" not in typed):
        return cmd.phone
    own = deps.account_phone(cmd.account_id)  # a gRPC call: before the transaction opens
    return own if not typed or typed == mask_phone(own) else cmd.phone


def _submit(
    uow: UnitOfWork[RegistryRepository],
    keyring: KeyRing,
    account_id: str,
    sub: Submission,
    *,
    clean: list[CleanFile],
    name: str,
    id_number: str,
) -> Registration:
    repo = uow.repo
    house = _find_house(repo, sub.contract_no, sub.house_type, sub.cert_no)
    if house is None and sub.method is not Method.PROOF:
        raise house_not_found()
    if house is not None:
        rules.check_district(sub, house.district_code)
        if house.house_id in repo.bound_house_ids(account_id):
            raise errors.Conflict("该房屋已在您的账号下，无需重复添加", code="HOUSE_ALREADY_BOUND")
        existing = repo.pending_for(keyring, account_id, house.house_id)
        if existing is not None:
            return existing  # idempotent re-submission
    matches = house is not None and repo.house_has_owner(
        house.house_id, identity_index(keyring, name, id_number)
    )
    status = rules.outcome_on_submit(sub.method, matches)
    now = utcnow()
    registration_id = repo.insert_registration(
        keyring,
        {
            "account_id": account_id,
            "method": sub.method.value,
            "status": status.value,
            "house_id": house.house_id if house else None,
            "district_code": house.district_code if house else sub.district_code,
            "address": house.address if house else sub.address,
            "contract_no": sub.contract_no or None,
            "house_type": sub.house_type or None,
            "cert_no": sub.cert_no or None,
            "decided_at": now if status is Status.BOUND else None,
        },
        sub.phone,
        name,
    )
    repo.insert_files(registration_id, clean)
    if status is Status.BOUND and house is not None:
        repo.add_bindings(account_id, [house.house_id], BindingVia.REGISTRATION)
        repo.mark_fund_registered(house.house_id)
        uow.publish(
            events_pb2.HouseBound(house_id=house.house_id, account_id=account_id, via=BindingVia.REGISTRATION)
        )
    result = repo.get_registration(keyring, registration_id)
    uow.commit()
    log.info(
        "registration submitted",
        extra={"registration_id": registration_id, "method": sub.method.value, "status": status.value},
    )
    assert result is not None
    return result


def _decode_keyset(token: str) -> tuple[datetime.datetime, str] | None:
    raw = decode_cursor(token)
    if not raw:
        return None
    at, _, rid = raw.partition("|")
    try:
        return datetime.datetime.fromisoformat(at), rid
    except ValueError:
        raise errors.ValidationFailed("分页游标无效", field="cursor") from None


def _page(rows: list[Registration], size: int) -> tuple[list[Registration], str]:
    more = len(rows) > size
    rows = rows[:size]
    cursor = encode_cursor(f"{rows[-1].submitted_at.isoformat()}|{rows[-1].registration_id}") if more else ""
    return rows, cursor


def list_account_registrations(
    repo: RegistryRepository, keyring: KeyRing, account_id: str, requested_size: int, cursor: str
) -> tuple[list[Registration], str]:
    size = page_size(requested_size)
    return _page(repo.list_for_account(keyring, account_id, _decode_keyset(cursor), size + 1), size)


def _require_district(district_code: str) -> None:
    if district_code not in DISTRICTS:
        raise errors.PermissionDenied("没有审核权限", code="NOT_A_REVIEWER")


def list_pending_registrations(
    repo: RegistryRepository, keyring: KeyRing, district_code: str, requested_size: int, cursor: str
) -> tuple[list[Registration], str]:
    _require_district(district_code)
    size = page_size(requested_size)
    return _page(repo.list_pending(keyring, district_code, _decode_keyset(cursor), size + 1), size)


def not_found() -> errors.NotFound:
    return errors.NotFound("申请不存在", code="NOT_FOUND")


def _visible(registration: Registration | None, actor: Actor) -> Registration:
    """Another district's registration looks exactly like a missing one."""
    if registration is None or registration.district_code != actor.district_code:
        raise not_found()
    return registration


def _audit_refusal(
    db: Database[RegistryRepository],
    actor: Actor,
    action: str,
    target: str,
    *,
    outcome: str,
    detail: str = "",
) -> None:
    """A refused review action: its own transaction rolled back, so the row gets one of its own."""
    audit.record_alone(
        db,
        actor_id=actor.reviewer_id,
        actor_role=actor.role,
        action=action,
        target=target,
        outcome=outcome,
        detail=detail,
        source_ip=actor.source_ip or None,
    )


def _audit(
    uow: UnitOfWork[RegistryRepository],
    actor: Actor,
    action: str,
    target: str,
    *,
    outcome: str,
    detail: str = "",
) -> None:
    audit.record(
        uow,
        actor_id=actor.reviewer_id,
        actor_role=actor.role,
        action=action,
        target=target,
        outcome=outcome,
        detail=detail,
        source_ip=actor.source_ip or None,
    )


def _valid_id(registration_id: str) -> str:
    if not registration_id or len(registration_id) > 36:
        raise not_found()
    return registration_id


@dataclass(frozen=True)
class ReviewView:
    registration: Registration
    applicant_name: str  # in clear only when revealed
    applicant_phone: str
    owners_masked: str
    applicant_name_masked: str = ""
    applicant_phone_masked: str = ""
    applicant_is_owner: bool = False


def get_registration(
    db: Database[RegistryRepository],
    keyring: KeyRing,
    registration_id: str,
    actor: Actor,
    *,
    reveal_applicant: bool = False,
) -> ReviewView:
    """A reviewer opens one registration: the applicant masked, and whether they are a registered owner;
    the view is audited. ``reveal_applicant`` (the reviewer's explicit click) answers the applicant's name
    and phone in clear and is audited as REVEAL_APPLICANT."""
    _require_district(actor.district_code)
    action = "REVEAL_APPLICANT" if reveal_applicant else "VIEW_REGISTRATION"
    with db.unit_of_work() as uow:
        try:
            reg = _visible(uow.repo.get_registration(keyring, _valid_id(registration_id)), actor)
        except errors.NotFound:
            uow.rollback()
            _audit_refusal(db, actor, action, registration_id[:80], outcome="NOT_FOUND")
            raise
        name, phone = uow.repo.applicant_contact(keyring, reg.registration_id)
        tokens = uow.repo.owner_name_tokens(reg.house_id) if reg.house_id else []
        owner_names = [keyring.decrypt(t, NAME_CONTEXT) for t in tokens]
        _audit(uow, actor, action, reg.registration_id, outcome="OK")
        uow.commit()
    return ReviewView(
        reg,
        name if reveal_applicant else "",
        phone if reveal_applicant else "",
        "、".join(mask_name(n) for n in owner_names),
        applicant_name_masked=mask_name(name),
        applicant_phone_masked=mask_phone(phone),
        applicant_is_owner=normalize_name(name) in {normalize_name(n) for n in owner_names},
    )


def get_registration_file(
    db: Database[RegistryRepository],
    keyring: KeyRing,
    registration_id: str,
    file_id: str,
    actor: Actor,
    *,
    openable: Callable[[str], bool],
) -> tuple[rules.StoredFileInfo, bytes]:
    """A reviewer downloads a proof file of their district, if its virus-scan state lets it be opened."""
    _require_district(actor.district_code)
    with db.unit_of_work() as uow:
        reg = uow.repo.get_registration(keyring, _valid_id(registration_id))
        found = uow.repo.get_file(registration_id, file_id) if reg else None
        if reg is None or reg.district_code != actor.district_code or found is None:
            uow.rollback()
            _audit_refusal(
                db,
                actor,
                "VIEW_REGISTRATION_FILE",
                f"{registration_id[:36]}/{file_id[:36]}",
                outcome="NOT_FOUND",
            )
            raise errors.NotFound("文件不存在", code="NOT_FOUND")
        if not openable(found[0].scan_status):
            uow.rollback()
            _audit_refusal(
                db, actor, "VIEW_REGISTRATION_FILE", f"{registration_id}/{file_id}", outcome="QUARANTINED"
            )
            raise errors.Conflict("该文件未通过病毒扫描，不能打开", code="FILE_QUARANTINED")
        _audit(uow, actor, "VIEW_REGISTRATION_FILE", f"{registration_id}/{file_id}", outcome="OK")
        uow.commit()
    return found


@dataclass(frozen=True)
class DecideCommand:
    registration_id: str
    actor: Actor
    approve: bool
    reason: str = ""
    house_id: str = ""


def decide_registration(
    db: Database[RegistryRepository], keyring: KeyRing, cmd: DecideCommand
) -> Registration:
    """Approve (bind the house, HouseBound) or reject; RegistrationDecided either way; always audited."""
    _require_district(cmd.actor.district_code)
    action = "APPROVE_REGISTRATION" if cmd.approve else "REJECT_REGISTRATION"
    try:
        with db.unit_of_work() as uow:
            result = _decide(uow, keyring, cmd, action)
    except errors.DomainError as exc:
        _audit_refusal(
            db,
            cmd.actor,
            action,
            cmd.registration_id[:80],
            outcome="REFUSED",
            detail=f"{exc.code}: {exc.message}"[:200],
        )
        raise
    log.info(
        "registration decided", extra={"registration_id": result.registration_id, "status": result.status}
    )
    return result


def _decide(
    uow: UnitOfWork[RegistryRepository], keyring: KeyRing, cmd: DecideCommand, action: str
) -> Registration:
    repo = uow.repo
    reg = _visible(repo.get_registration(keyring, _valid_id(cmd.registration_id), for_update=True), cmd.actor)
    decision = rules.decide(reg.status, cmd.approve, cmd.reason)
    house_id = reg.house_id
    if decision.status is Status.APPROVED:
        if not house_id:
            house_id = cmd.house_id.strip()
            if not house_id or not repo.get_houses([house_id]):
                raise errors.ValidationFailed(
                    "该申请未关联登记库中的房屋，请指定要绑定的房屋", code="HOUSE_REQUIRED", field="house_id"
                )
        if house_id not in repo.bound_house_ids(reg.account_id):
            repo.add_bindings(reg.account_id, [house_id], BindingVia.REVIEW)
            uow.publish(
                events_pb2.HouseBound(house_id=house_id, account_id=reg.account_id, via=BindingVia.REVIEW)
            )
    now = utcnow()
    repo.record_decision(
        reg.registration_id,
        decision.status,
        reason=decision.reason,
        reviewer_id=cmd.actor.reviewer_id,
        house_id=house_id,
        decided_at=now,
    )
    uow.publish(
        events_pb2.RegistrationDecided(
            registration_id=reg.registration_id,
            account_id=reg.account_id,
            house_id=house_id,
            district_code=reg.district_code,
            decision=decision.status.value,
            reason=decision.reason,
            reviewer_id=cmd.actor.reviewer_id,
        )
    )
    _audit(uow, cmd.actor, action, reg.registration_id, outcome=decision.status.value, detail=decision.reason)
    result = repo.get_registration(keyring, reg.registration_id)
    uow.commit()
    assert result is not None
    return result
