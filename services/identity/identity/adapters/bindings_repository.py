"""This service's copy of the register's bindings (account -> houses)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, insert, select, tuple_
from sqlalchemy.orm import Session

from identity.adapters.orm import account_houses
from maintfund_common.db import insert_once


def add_binding(session: Session, account_id: str, house_id: str, bound_at: datetime) -> None:
    known = session.execute(
        select(account_houses.c.house_id).where(
            account_houses.c.account_id == account_id, account_houses.c.house_id == house_id
        )
    ).first()
    if known is None:  # the event and identity matching at login may race to store it
        insert_once(
            session,
            insert(account_houses).values(account_id=account_id, house_id=house_id, bound_at=bound_at),
        )


def count_bound(session: Session, account_id: str) -> int:
    query = select(func.count()).select_from(account_houses).where(account_houses.c.account_id == account_id)
    return int(session.execute(query).scalar_one())


def bindings_among(session: Session, pairs: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """Which of these (account, house) pairs the copy has (reconcile-copies)."""
    if not pairs:
        return set()
    c = account_houses.c
    query = select(c.account_id, c.house_id).where(tuple_(c.account_id, c.house_id).in_(pairs))
    return {(r.account_id, r.house_id) for r in session.execute(query)}
