"""Reads and writes of registrations and their files. Bounded statements per call."""

from __future__ import annotations

import datetime
import hashlib
import uuid
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from maintfund_common.db import utcnow
from maintfund_common.field_crypto import KeyRing
from maintfund_common.personal_data import mask_phone
from registry.adapters.orm import houses, owners, registration_files, registrations
from registry.adapters.repository import _to_house
from registry.adapters.uploads import CleanFile
from registry.domain.model import House
from registry.domain.registrations import Method, Registration, Status, StoredFileInfo

PHONE_CONTEXT = "registry.registrations.phone"
APPLICANT_CONTEXT = "registry.registrations.applicant_name"


def find_house_by_contract(session: Session, contract_no: str, house_type: str) -> House | None:
    row = session.execute(
        select(houses).where(houses.c.contract_no == contract_no, houses.c.house_type == house_type).limit(1)
    ).first()
    return _to_house(row) if row else None


def find_house_by_cert(session: Session, cert_no: str) -> House | None:
    row = session.execute(select(houses).where(houses.c.cert_no == cert_no).limit(1)).first()
    return _to_house(row) if row else None


def owner_name_tokens(session: Session, house_id: str) -> list[str]:
    rows = session.execute(
        select(owners.c.name_enc).where(owners.c.house_id == house_id).order_by(owners.c.id)
    )
    return [r.name_enc for r in rows]


def house_has_owner(session: Session, house_id: str, identity_index: str) -> bool:
    return (
        session.execute(
            select(owners.c.id).where(
                owners.c.house_id == house_id, owners.c.identity_index == identity_index
            )
        ).first()
        is not None
    )


def mark_fund_registered(session: Session, house_id: str) -> None:
    session.execute(update(houses).where(houses.c.house_id == house_id).values(fund_registered=True))


def _to_registration(keyring: KeyRing, row: Any, files: tuple[StoredFileInfo, ...] = ()) -> Registration:
    return Registration(
        registration_id=row.registration_id,
        account_id=row.account_id,
        method=Method(row.method),
        status=Status(row.status),
        house_id=row.house_id or "",
        district_code=row.district_code,
        address=row.address,
        contract_no=row.contract_no or "",
        house_type=row.house_type or "",
        cert_no=row.cert_no or "",
        submitted_at=row.submitted_at,
        decided_at=row.decided_at,
        reason=row.reason or "",
        phone_masked=mask_phone(keyring.decrypt(row.phone_enc, PHONE_CONTEXT)),
        reviewer_id=row.reviewer_id or "",
        files=files,
    )


def pending_for(session: Session, keyring: KeyRing, account_id: str, house_id: str) -> Registration | None:
    row = session.execute(
        select(registrations).where(
            registrations.c.account_id == account_id,
            registrations.c.house_id == house_id,
            registrations.c.status == Status.PENDING_REVIEW.value,
        )
    ).first()
    return _to_registration(keyring, row) if row else None


def insert_registration(
    session: Session, keyring: KeyRing, values: dict[str, Any], phone: str, name: str
) -> str:
    registration_id = str(uuid.uuid4())
    session.execute(
        registrations.insert().values(
            registration_id=registration_id,
            phone_enc=keyring.encrypt(phone, PHONE_CONTEXT),
            applicant_name_enc=keyring.encrypt(name, APPLICANT_CONTEXT),
            submitted_at=utcnow(),
            **values,
        )
    )
    return registration_id


def insert_files(session: Session, registration_id: str, files: list[CleanFile]) -> None:
    now = utcnow()
    rows = [
        {
            "file_id": str(uuid.uuid4()),
            "registration_id": registration_id,
            "position": position,
            "filename": f.filename,
            "content_type": f.content_type,
            "size_bytes": len(f.content),
            "sha256": hashlib.sha256(f.content).hexdigest(),
            "scan_status": f.scan_status,
            "content": f.content,
            "created_at": now,
        }
        for position, f in enumerate(files)
    ]
    if rows:
        session.execute(registration_files.insert(), rows)


def get_registration(
    session: Session, keyring: KeyRing, registration_id: str, *, for_update: bool = False
) -> Registration | None:
    query = select(registrations).where(registrations.c.registration_id == registration_id)
    if for_update:
        query = query.with_for_update()
    row = session.execute(query).first()
    if row is None:
        return None
    file_rows = session.execute(
        select(
            registration_files.c.file_id,
            registration_files.c.filename,
            registration_files.c.content_type,
            registration_files.c.size_bytes,
            registration_files.c.scan_status,
        )
        .where(registration_files.c.registration_id == registration_id)
        .order_by(registration_files.c.position)
    )
    files = tuple(
        StoredFileInfo(f.file_id, f.filename, f.content_type, f.size_bytes, f.scan_status) for f in file_rows
    )
    return _to_registration(keyring, row, files)


def applicant_contact(session: Session, keyring: KeyRing, registration_id: str) -> tuple[str, str]:
    row = session.execute(
        select(registrations.c.applicant_name_enc, registrations.c.phone_enc).where(
            registrations.c.registration_id == registration_id
        )
    ).one()
    return (
        keyring.decrypt(row.applicant_name_enc, APPLICANT_CONTEXT),
        keyring.decrypt(row.phone_enc, PHONE_CONTEXT),
    )


def get_file(session: Session, registration_id: str, file_id: str) -> tuple[StoredFileInfo, bytes] | None:
    row = session.execute(
        select(registration_files).where(
            registration_files.c.registration_id == registration_id, registration_files.c.file_id == file_id
        )
    ).first()
    if row is None:
        return None
    info = StoredFileInfo(row.file_id, row.filename, row.content_type, row.size_bytes, row.scan_status)
    return info, bytes(row.content)


def record_decision(
    session: Session,
    registration_id: str,
    status: Status,
    *,
    reason: str,
    reviewer_id: str,
    house_id: str,
    decided_at: datetime.datetime,
) -> None:
    session.execute(
        update(registrations)
        .where(registrations.c.registration_id == registration_id)
        .values(
            status=status.value,
            reason=reason or None,
            reviewer_id=reviewer_id,
            decided_at=decided_at,
            house_id=house_id or None,
        )
    )


def _keyset(
    query: Any, cursor: tuple[datetime.datetime, str] | None, descending: bool
) -> Any:  # (submitted_at, registration_id) keyset
    if cursor is None:
        return query
    at, rid = cursor
    if descending:
        return query.where(
            or_(
                registrations.c.submitted_at < at,
                and_(registrations.c.submitted_at == at, registrations.c.registration_id < rid),
            )
        )
    return query.where(
        or_(
            registrations.c.submitted_at > at,
            and_(registrations.c.submitted_at == at, registrations.c.registration_id > rid),
        )
    )


def list_for_account(
    session: Session,
    keyring: KeyRing,
    account_id: str,
    cursor: tuple[datetime.datetime, str] | None,
    limit: int,
) -> list[Registration]:
    query = (
        select(registrations)
        .where(registrations.c.account_id == account_id)
        .order_by(registrations.c.submitted_at.desc(), registrations.c.registration_id.desc())
        .limit(limit)
    )
    return [_to_registration(keyring, r) for r in session.execute(_keyset(query, cursor, descending=True))]


def list_pending(
    session: Session,
    keyring: KeyRing,
    district_code: str,
    cursor: tuple[datetime.datetime, str] | None,
    limit: int,
) -> list[Registration]:
    query = (
        select(registrations)
        .where(
            registrations.c.district_code == district_code,
            registrations.c.status == Status.PENDING_REVIEW.value,
        )
        .order_by(registrations.c.submitted_at, registrations.c.registration_id)
        .limit(limit)
    )
    return [_to_registration(keyring, r) for r in session.execute(_keyset(query, cursor, descending=False))]
