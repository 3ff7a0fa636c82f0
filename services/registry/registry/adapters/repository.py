"""Reads and writes of the register. Set-based SQL; statements per call do not grow with list length."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, func, select, tuple_
from sqlalchemy.orm import Session

from maintfund_common.db import utcnow
from registry.adapters.orm import bindings, houses, owners
from registry.domain.model import House, PropertyKind, StoreyClass


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


def houses_owned_by(session: Session, identity_index: str, fund_registered_only: bool = True) -> list[str]:
    query = select(owners.c.house_id).where(owners.c.identity_index == identity_index)
    if fund_registered_only:
        query = query.join(houses, houses.c.house_id == owners.c.house_id).where(houses.c.fund_registered)
    rows = session.execute(query)
    return sorted({r.house_id for r in rows})


def bound_house_ids(session: Session, account_id: str) -> set[str]:
    rows = session.execute(select(bindings.c.house_id).where(bindings.c.account_id == account_id))
    return {r.house_id for r in rows}


def add_bindings(session: Session, account_id: str, house_ids: Iterable[str], via: str) -> None:
    now = utcnow()
    values = [{"account_id": account_id, "house_id": h, "via": via, "bound_at": now} for h in house_ids]
    if values:
        session.execute(bindings.insert(), values)


def count_bound(session: Session, account_id: str) -> int:
    return int(
        session.execute(
            select(func.count()).select_from(bindings).where(bindings.c.account_id == account_id)
        ).scalar_one()
    )


def list_bound_houses(
    session: Session, account_id: str, address_contains: str, after_house_id: str, limit: int
) -> list[House]:
    """Keyset page of an account's houses, ordered by house id."""
    query = (
        select(houses)
        .join(bindings, and_(bindings.c.house_id == houses.c.house_id, bindings.c.account_id == account_id))
        .order_by(houses.c.house_id)
        .limit(limit)
    )
    if after_house_id:
        query = query.where(houses.c.house_id > after_house_id)
    if address_contains:
        escaped = address_contains.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(houses.c.address.like(f"%{escaped}%", escape="\\"))
    return [_to_house(r) for r in session.execute(query)]


def page_houses(session: Session, after_house_id: str, limit: int) -> list[House]:
    """Keyset page of the whole register, ordered by house id (reconcile-copies)."""
    query = select(houses).order_by(houses.c.house_id).limit(limit)
    if after_house_id:
        query = query.where(houses.c.house_id > after_house_id)
    return [_to_house(r) for r in session.execute(query)]


def page_bindings(session: Session, after: tuple[str, str] | None, limit: int) -> list[tuple[str, str]]:
    """Keyset page of every binding, ordered by (account id, house id) (reconcile-copies)."""
    query = select(bindings.c.account_id, bindings.c.house_id)
    if after:
        query = query.where(tuple_(bindings.c.account_id, bindings.c.house_id) > tuple_(*after))
    query = query.order_by(bindings.c.account_id, bindings.c.house_id).limit(limit)
    return [(r.account_id, r.house_id) for r in session.execute(query)]


def get_bound_house(session: Session, account_id: str, house_id: str) -> House | None:
    row = session.execute(
        select(houses)
        .join(bindings, bindings.c.house_id == houses.c.house_id)
        .where(bindings.c.account_id == account_id, houses.c.house_id == house_id)
    ).first()
    return _to_house(row) if row else None


def get_houses(session: Session, house_ids: Sequence[str]) -> list[House]:
    if not house_ids:
        return []
    return [
        _to_house(r) for r in session.execute(select(houses).where(houses.c.house_id.in_(list(house_ids))))
    ]


def find_house(session: Session, column: str, value: str, house_type: str = "") -> House | None:
    """A house of the fund register by an exact address, contract number or certificate number."""
    query = select(houses).where(getattr(houses.c, column) == value, houses.c.fund_registered)
    if house_type:
        query = query.where(houses.c.house_type == house_type)
    row = session.execute(query.order_by(houses.c.house_id).limit(1)).first()
    return _to_house(row) if row else None


def is_bound(session: Session, account_id: str, house_id: str) -> bool:
    row = session.execute(
        select(bindings.c.house_id).where(
            bindings.c.account_id == account_id, bindings.c.house_id == house_id
        )
    ).first()
    return row is not None


def owner_name_tokens(session: Session, house_id: str) -> list[str]:
    rows = session.execute(
        select(owners.c.name_enc).where(owners.c.house_id == house_id).order_by(owners.c.id)
    )
    return [r.name_enc for r in rows]
