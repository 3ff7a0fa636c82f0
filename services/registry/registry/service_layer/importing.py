"""Bulk import of the register (net-signing and title-registration extracts) and the demo/synthetic seeds.

An import is validated whole before anything is written: a file with a bad line changes nothing and
reports every bad line. Imported houses are announced with HouseRegistered events.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from maintfund.events.v1 import events_pb2
from maintfund_common import errors
from maintfund_common.db import Database, UnitOfWork
from maintfund_common.districts import DISTRICTS
from maintfund_common.field_crypto import KeyRing
from maintfund_common.personal_data import normalize_id_number, normalize_name
from registry.domain.model import House, PropertyKind, StoreyClass, validate_area
from registry.domain.owners import ID_CONTEXT, NAME_CONTEXT, identity_index

if TYPE_CHECKING:
    from registry.adapters.repository import RegistryRepository


@dataclass(frozen=True)
class OwnerRecord:
    name: str
    id_number: str


@dataclass(frozen=True)
class HouseRecord:
    house: House
    owners: tuple[OwnerRecord, ...]


class ImportRejected(errors.ValidationFailed):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("导入文件有误，未导入任何数据:\n" + "\n".join(problems[:50]), code="IMPORT_REJECTED")
        self.problems = problems


def parse_record(raw: dict[str, Any]) -> HouseRecord:
    """One line of an extract -> a validated record. Raises ValueError/ValidationFailed with the reason."""
    district = str(raw.get("district_code", "")).strip()
    if district not in DISTRICTS:
        raise ValueError(f"unknown district_code {district!r}")
    address = str(raw.get("address", "")).strip()
    if not address or len(address) > 200:
        raise ValueError("address missing or longer than 200 characters")
    try:
        area = validate_area(Decimal(str(raw.get("area_m2", ""))))
    except (InvalidOperation, ValueError):
        raise ValueError(f"bad area_m2 {raw.get('area_m2')!r}") from None
    raw_owners = raw.get("owners") or []
    if isinstance(raw_owners, str):  # CSV: "name:id;name:id"
        raw_owners = [
            dict(zip(("name", "id_number"), o.split(":", 1), strict=False))
            for o in raw_owners.split(";")
            if o
        ]
    owners_ = tuple(
        OwnerRecord(normalize_name(o.get("name", "")), normalize_id_number(o.get("id_number", "")))
        for o in raw_owners
    )
    if not owners_:
        raise ValueError("a house needs at least one owner")
    house = House(
        house_id=str(raw.get("house_id") or uuid.uuid4()),
        district_code=district,
        address=address,
        area_m2=area,
        property_kind=PropertyKind(str(raw.get("property_kind", "")).strip()),
        storey_class=StoreyClass(str(raw.get("storey_class", "")).strip()),
        house_type=str(raw.get("house_type") or "商品房").strip(),
        contract_no=str(raw.get("contract_no") or "").strip().upper(),
        cert_no=str(raw.get("cert_no") or "").strip(),
        needs_refund=str(raw.get("needs_refund", "")).lower() in {"1", "true", "yes"},
        closed=str(raw.get("closed", "")).lower() in {"1", "true", "yes"},
        fund_registered=str(raw.get("fund_registered", "true")).lower() in {"1", "true", "yes"},
    )
    return HouseRecord(house, owners_)


def read_records(text: str, fmt: str) -> Iterator[dict[str, Any]]:
    if fmt == "jsonl":
        for line in text.splitlines():
            if line.strip():
                yield json.loads(line)
    elif fmt == "csv":
        yield from csv.DictReader(io.StringIO(text))
    else:
        raise ValueError(f"unknown format {fmt!r} (csv or jsonl)")


def validate_all(raw_records: Iterable[dict[str, Any]]) -> list[HouseRecord]:
    records, problems = [], []
    for line_no, raw in enumerate(raw_records, start=1):
        try:
            records.append(parse_record(raw))
        except (ValueError, errors.ValidationFailed, json.JSONDecodeError) as exc:
            problems.append(f"record {line_no}: {exc}")
    if problems:
        raise ImportRejected(problems)
    return records


def owner_rows(keyring: KeyRing, house_id: str, owners_: Iterable[OwnerRecord]) -> list[dict[str, Any]]:
    return [
        {
            "house_id": house_id,
            "name_enc": keyring.encrypt(o.name, NAME_CONTEXT),
            "id_number_enc": keyring.encrypt(o.id_number, ID_CONTEXT),
            "identity_index": identity_index(keyring, o.name, o.id_number),
        }
        for o in owners_
    ]


def house_registered_event(house: House) -> events_pb2.HouseRegistered:
    return events_pb2.HouseRegistered(
        house_id=house.house_id,
        district_code=house.district_code,
        area_m2=f"{house.area_m2:.2f}",
        property_kind=house.property_kind.value,
        storey_class=house.storey_class.value,
        address=house.address,
        deposits_blocked=house.deposits_blocked,
        contract_no=house.contract_no,
        cert_no=house.cert_no,
        needs_refund=house.needs_refund,
    )


def import_records(uow: UnitOfWork[RegistryRepository], keyring: KeyRing, records: list[HouseRecord]) -> int:
    """Insert new houses, update known ones (owners replaced), announce each. One transaction."""
    for record in records:
        uow.repo.save_house(record.house, owner_rows(keyring, record.house.house_id, record.owners))
        uow.publish(house_registered_event(record.house))
    uow.commit()
    return len(records)


def wipe(db: Database[RegistryRepository]) -> None:
    """Demo reset: the registry's tables back to empty (the append-only audit trail stays)."""
    with db.unit_of_work() as uow:
        uow.repo.wipe()
        uow.commit()
