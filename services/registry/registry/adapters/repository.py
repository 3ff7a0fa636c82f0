"""Every read and write of the registry tables (SQLAlchemy Core), behind one repository.

``RegistryRepository(session)`` is built by the database (``Database(url, metadata,
repositories=RegistryRepository)``): a unit of work carries it as ``uow.repo`` and ``db.reading()``
yields one over a read, so the service layer never sees SQL. Set-based SQL: the statements of a call do
not grow with the length of its lists.
"""

from __future__ import annotations

import datetime
import hashlib
import uuid
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, delete, func, or_, select, tuple_, update
from sqlalchemy.exc import IntegrityError

from maintfund_common.db import LIKE_ESCAPE, Executor, like_contains, utcnow
from maintfund_common.field_crypto import KeyRing
from maintfund_common.personal_data import mask_phone
from registry.adapters.orm import (
    bindings,
    houses,
    inbox,
    outbox,
    owners,
    registration_files,
    registrations,
)
from registry.domain.model import House, PropertyKind, StoreyClass
from registry.domain.registrations import (
    APPLICANT_CONTEXT,
    PHONE_CONTEXT,
    CleanFile,
    Method,
    PendingSlotTaken,
    Registration,
    Status,
    StoredFileInfo,
)

__all__ = ["APPLICANT_CONTEXT", "PHONE_CONTEXT", "RegistryRepository", "house_values"]

# (submitted_at, registration_id): the keyset of registration pages
Keyset = tuple[datetime.datetime, str]


def _to_house(row: Any) -> House:
    return House(
        house_id=row.house_id,
        district_code=row.district_code,
        address=row.address,
        area_m2=Decimal(row.area_m2).quantize(Decimal("0.01")),
        property_kind=PropertyKind(row.property_kind),
        storey_class=StoreyClass(row.storey_class),
        house_type=row.house_type,
        contract_no=row.contract_no or "",
        cert_no=row.cert_no or "",
        needs_refund=bool(row.needs_refund),
        closed=bool(row.closed),
        fund_registered=bool(row.fund_registered),
    )


def house_values(house: House) -> dict[str, Any]:
    return {
        "house_id": house.house_id,
        "district_code": house.district_code,
        "address": house.address,
        "area_m2": house.area_m2,
        "property_kind": house.property_kind.value,
        "storey_class": house.storey_class.value,
        "house_type": house.house_type,
        "contract_no": house.contract_no or None,
        "cert_no": house.cert_no or None,
        "needs_refund": house.needs_refund,
        "closed": house.closed,
        "fund_registered": house.fund_registered,
        "created_at": utcnow(),
    }


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


def _keyset(query: Any, cursor: Keyset | None, descending: bool) -> Any:
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


class RegistryRepository:
    """The register (houses, owners, bindings) and the registrations with their files, over one session."""

    def __init__(self, session: Executor) -> None:
        self.session = session

    # --- houses and owners -------------------------------------------------------------------------

    def houses_owned_by(self, identity_index: str, fund_registered_only: bool = True) -> list[str]:
        query = select(owners.c.house_id).where(owners.c.identity_index == identity_index)
        if fund_registered_only:
            query = query.join(houses, houses.c.house_id == owners.c.house_id).where(houses.c.fund_registered)
        return sorted({r.house_id for r in self.session.execute(query)})

    def page_houses(self, after_house_id: str, limit: int) -> list[House]:
        """Keyset page of the whole register, ordered by house id (reconcile-copies)."""
        query = select(houses).order_by(houses.c.house_id).limit(limit)
        if after_house_id:
            query = query.where(houses.c.house_id > after_house_id)
        return [_to_house(r) for r in self.session.execute(query)]

    def get_houses(self, house_ids: Sequence[str]) -> list[House]:
        if not house_ids:
            return []
        query = select(houses).where(houses.c.house_id.in_(list(house_ids)))
        return [_to_house(r) for r in self.session.execute(query)]

    def find_house(self, column: str, value: str, house_type: str = "") -> House | None:
        """A house of the fund register by an exact address, contract number or certificate number."""
        query = select(houses).where(getattr(houses.c, column) == value, houses.c.fund_registered)
        if house_type:
            query = query.where(houses.c.house_type == house_type)
        row = self.session.execute(query.order_by(houses.c.house_id).limit(1)).first()
        return _to_house(row) if row else None

    def find_house_by_contract(self, contract_no: str, house_type: str) -> House | None:
        """Any house of the register (fund-registered or not) by its contract number: 个人造册."""
        query = select(houses).where(houses.c.contract_no == contract_no, houses.c.house_type == house_type)
        row = self.session.execute(query.limit(1)).first()
        return _to_house(row) if row else None

    def find_house_by_cert(self, cert_no: str) -> House | None:
        """Any house of the register by its certificate number: 个人造册."""
        row = self.session.execute(select(houses).where(houses.c.cert_no == cert_no).limit(1)).first()
        return _to_house(row) if row else None

    def owner_name_tokens(self, house_id: str) -> list[str]:
        rows = self.session.execute(
            select(owners.c.name_enc).where(owners.c.house_id == house_id).order_by(owners.c.id)
        )
        return [r.name_enc for r in rows]

    def house_has_owner(self, house_id: str, identity_index: str) -> bool:
        query = select(owners.c.id).where(
            owners.c.house_id == house_id, owners.c.identity_index == identity_index
        )
        return self.session.execute(query).first() is not None

    def mark_fund_registered(self, house_id: str) -> None:
        self.session.execute(update(houses).where(houses.c.house_id == house_id).values(fund_registered=True))

    def save_house(self, house: House, owner_rows: list[dict[str, Any]]) -> None:
        """Insert a new house or update a known one; its owners are replaced by ``owner_rows``."""
        values = house_values(house)
        exists = self.session.execute(
            select(houses.c.house_id).where(houses.c.house_id == house.house_id)
        ).first()
        if exists:
            values.pop("created_at")
            self.session.execute(update(houses).where(houses.c.house_id == house.house_id).values(values))
            self.session.execute(delete(owners).where(owners.c.house_id == house.house_id))
        else:
            self.session.execute(houses.insert().values(values))
        self.session.execute(owners.insert(), owner_rows)

    def wipe(self) -> None:
        """Demo reset: the registry's tables back to empty. The audit log is append-only (a trigger
        refuses DELETE) and survives demo resets."""
        for table in (registration_files, registrations, bindings, owners, houses, outbox, inbox):
            self.session.execute(delete(table))

    # --- bindings ----------------------------------------------------------------------------------

    def bound_house_ids(self, account_id: str) -> set[str]:
        rows = self.session.execute(select(bindings.c.house_id).where(bindings.c.account_id == account_id))
        return {r.house_id for r in rows}

    def add_bindings(self, account_id: str, house_ids: Iterable[str], via: str) -> None:
        """Bind the houses; PendingSlotTaken when a concurrent writer bound one of them first."""
        now = utcnow()
        values = [{"account_id": account_id, "house_id": h, "via": via, "bound_at": now} for h in house_ids]
        if values:
            try:
                self.session.execute(bindings.insert(), values)
            except IntegrityError as exc:
                raise PendingSlotTaken(str(exc.orig)) from exc

    def count_bound(self, account_id: str) -> int:
        query = select(func.count()).select_from(bindings).where(bindings.c.account_id == account_id)
        return int(self.session.execute(query).scalar_one())

    def list_bound_houses(
        self, account_id: str, address_contains: str, after_house_id: str, limit: int
    ) -> list[House]:
        """Keyset page of an account's houses, ordered by house id."""
        query = (
            select(houses)
            .join(
                bindings, and_(bindings.c.house_id == houses.c.house_id, bindings.c.account_id == account_id)
            )
            .order_by(houses.c.house_id)
            .limit(limit)
        )
        if after_house_id:
            query = query.where(houses.c.house_id > after_house_id)
        if address_contains:
            query = query.where(houses.c.address.like(like_contains(address_contains), escape=LIKE_ESCAPE))
        return [_to_house(r) for r in self.session.execute(query)]

    def page_bindings(self, after: tuple[str, str] | None, limit: int) -> list[tuple[str, str]]:
        """Keyset page of every binding, ordered by (account id, house id) (reconcile-copies)."""
        query = select(bindings.c.account_id, bindings.c.house_id)
        if after:
            query = query.where(tuple_(bindings.c.account_id, bindings.c.house_id) > tuple_(*after))
        query = query.order_by(bindings.c.account_id, bindings.c.house_id).limit(limit)
        return [(r.account_id, r.house_id) for r in self.session.execute(query)]

    def get_bound_house(self, account_id: str, house_id: str) -> House | None:
        row = self.session.execute(
            select(houses)
            .join(bindings, bindings.c.house_id == houses.c.house_id)
            .where(bindings.c.account_id == account_id, houses.c.house_id == house_id)
        ).first()
        return _to_house(row) if row else None

    def is_bound(self, account_id: str, house_id: str) -> bool:
        query = select(bindings.c.house_id).where(
            bindings.c.account_id == account_id, bindings.c.house_id == house_id
        )
        return self.session.execute(query).first() is not None

    # --- registrations (个人造册) and their files ----------------------------------------------------

    def pending_for(self, keyring: KeyRing, account_id: str, house_id: str) -> Registration | None:
        row = self.session.execute(
            select(registrations).where(
                registrations.c.account_id == account_id,
                registrations.c.house_id == house_id,
                registrations.c.status == Status.PENDING_REVIEW.value,
            )
        ).first()
        return _to_registration(keyring, row) if row else None

    def insert_registration(self, keyring: KeyRing, values: dict[str, Any], phone: str, name: str) -> str:
        """A new registration (phone and applicant's name encrypted); its id. PendingSlotTaken when a
        concurrent identical submission holds the one pending slot of this account and house."""
        registration_id = str(uuid.uuid4())
        statement = registrations.insert().values(
            registration_id=registration_id,
            phone_enc=keyring.encrypt(phone, PHONE_CONTEXT),
            applicant_name_enc=keyring.encrypt(name, APPLICANT_CONTEXT),
            submitted_at=utcnow(),
            **values,
        )
        try:
            self.session.execute(statement)
        except IntegrityError as exc:
            raise PendingSlotTaken(str(exc.orig)) from exc
        return registration_id

    def insert_files(self, registration_id: str, files: list[CleanFile]) -> None:
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
            self.session.execute(registration_files.insert(), rows)

    def get_registration(
        self, keyring: KeyRing, registration_id: str, *, for_update: bool = False
    ) -> Registration | None:
        query = select(registrations).where(registrations.c.registration_id == registration_id)
        if for_update:
            query = query.with_for_update()
        row = self.session.execute(query).first()
        if row is None:
            return None
        file_rows = self.session.execute(
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
            StoredFileInfo(f.file_id, f.filename, f.content_type, f.size_bytes, f.scan_status)
            for f in file_rows
        )
        return _to_registration(keyring, row, files)

    def applicant_contact(self, keyring: KeyRing, registration_id: str) -> tuple[str, str]:
        row = self.session.execute(
            select(registrations.c.applicant_name_enc, registrations.c.phone_enc).where(
                registrations.c.registration_id == registration_id
            )
        ).one()
        return (
            keyring.decrypt(row.applicant_name_enc, APPLICANT_CONTEXT),
            keyring.decrypt(row.phone_enc, PHONE_CONTEXT),
        )

    def get_file(self, registration_id: str, file_id: str) -> tuple[StoredFileInfo, bytes] | None:
        row = self.session.execute(
            select(registration_files).where(
                registration_files.c.registration_id == registration_id,
                registration_files.c.file_id == file_id,
            )
        ).first()
        if row is None:
            return None
        info = StoredFileInfo(row.file_id, row.filename, row.content_type, row.size_bytes, row.scan_status)
        return info, bytes(row.content)

    def record_decision(
        self,
        registration_id: str,
        status: Status,
        *,
        reason: str,
        reviewer_id: str,
        house_id: str,
        decided_at: datetime.datetime,
    ) -> None:
        self.session.execute(
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

    def list_for_account(
        self, keyring: KeyRing, account_id: str, cursor: Keyset | None, limit: int
    ) -> list[Registration]:
        query = (
            select(registrations)
            .where(registrations.c.account_id == account_id)
            .order_by(registrations.c.submitted_at.desc(), registrations.c.registration_id.desc())
            .limit(limit)
        )
        rows = self.session.execute(_keyset(query, cursor, descending=True))
        return [_to_registration(keyring, r) for r in rows]

    def list_pending(
        self, keyring: KeyRing, district_code: str, cursor: Keyset | None, limit: int
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
        rows = self.session.execute(_keyset(query, cursor, descending=False))
        return [_to_registration(keyring, r) for r in rows]
