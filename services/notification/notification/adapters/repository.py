"""Every read and write of the notification tables (SQLAlchemy Core), behind one repository.

``NotificationRepository(session)`` is built by the database (``Database(url, metadata,
repositories=NotificationRepository)``): a unit of work carries it as ``uow.repo`` and ``db.reading()``
yields one over a read, so the service layer never sees SQL.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, insert, or_, select, tuple_, update
from sqlalchemy.engine import Row

from maintfund_common.db import Executor, insert_once, is_postgres
from notification.adapters.orm import (
    account_houses,
    deposits,
    notifications,
    sms_daily,
    sms_messages,
    sms_preferences,
)
from notification.domain.messages import Draft, Kind, Preferences, StoredNotification
from notification.domain.records import StoredDeposit, StoredSms
from notification.domain.sms_rules import SmsStatus


def _notification(row: Row[Any]) -> StoredNotification:
    return StoredNotification(
        notification_id=row.notification_id,
        account_id=row.account_id,
        kind=Kind(row.kind),
        title=row.title,
        body=row.body,
        link=row.link,
        created_at=row.created_at,
        read=row.read_at is not None,
    )


def _sms(row: Row[Any]) -> StoredSms:
    return StoredSms(
        notification_id=row.notification_id,
        account_id=row.account_id,
        kind=Kind(row.kind),
        template=row.template,
        params=dict(row.params or {}),
        status=SmsStatus(row.status),
        not_before=row.not_before,
        attempts=row.attempts,
    )


class NotificationRepository:
    def __init__(self, session: Executor) -> None:
        self.session = session

    # --- the copy of the register's bindings ---------------------------------------------------

    def add_binding(self, account_id: str, house_id: str, bound_at: datetime) -> None:
        """Keep a binding once (the event and reconcile-copies may race to store it)."""
        c = account_houses.c
        found = select(c.house_id).where(c.account_id == account_id, c.house_id == house_id)
        if self.session.execute(found).first() is None:
            insert_once(
                self.session,
                insert(account_houses).values(account_id=account_id, house_id=house_id, bound_at=bound_at),
            )

    def accounts_of(self, house_id: str) -> list[str]:
        c = account_houses.c
        return list(self.session.execute(select(c.account_id).where(c.house_id == house_id)).scalars())

    def bindings_among(self, pairs: list[tuple[str, str]]) -> set[tuple[str, str]]:
        if not pairs:
            return set()
        c = account_houses.c
        query = select(c.account_id, c.house_id).where(tuple_(c.account_id, c.house_id).in_(pairs))
        return {(r.account_id, r.house_id) for r in self.session.execute(query)}

    # --- the copy of deposits ------------------------------------------------------------------

    def add_deposit(self, deposit: StoredDeposit, now: datetime) -> None:
        if self.get_deposit(deposit.deposit_id) is None:
            insert_once(
                self.session,
                insert(deposits).values(
                    deposit_id=deposit.deposit_id,
                    house_id=deposit.house_id,
                    house_address=deposit.house_address,
                    amount_fen=deposit.amount_fen,
                    payer_account_id=deposit.payer_account_id or None,
                    recorded_at=now,
                ),
            )

    def get_deposit(self, deposit_id: str) -> StoredDeposit | None:
        row = self.session.execute(select(deposits).where(deposits.c.deposit_id == deposit_id)).first()
        if row is None:
            return None
        return StoredDeposit(
            row.deposit_id, row.house_id, row.house_address, row.amount_fen, row.payer_account_id or ""
        )

    # --- messages ------------------------------------------------------------------------------

    def add_notification(self, draft: Draft, source_key: str, now: datetime) -> str | None:
        """Store a message; None when this (source, account, kind) already has one (a redelivery)."""
        c = notifications.c
        existing = select(c.notification_id).where(
            c.source_key == source_key, c.account_id == draft.account_id, c.kind == draft.kind.value
        )
        if self.session.execute(existing).first() is not None:
            return None
        notification_id = str(uuid.uuid4())
        stored = insert_once(
            self.session,
            insert(notifications).values(
                notification_id=notification_id,
                account_id=draft.account_id,
                kind=draft.kind.value,
                title=draft.title,
                body=draft.body,
                link=draft.link,
                created_at=now,
                read_at=None,
                source_key=source_key,
            ),
        )
        return notification_id if stored else None

    def page(
        self, account_id: str, after: tuple[datetime, str] | None, limit: int
    ) -> list[StoredNotification]:
        """Newest first, keyset: the rows strictly older than ``after`` (created_at, notification_id)."""
        c = notifications.c
        query = select(notifications).where(c.account_id == account_id)
        if after is not None:
            at, nid = after
            query = query.where(or_(c.created_at < at, and_(c.created_at == at, c.notification_id < nid)))
        query = query.order_by(c.created_at.desc(), c.notification_id.desc()).limit(limit)
        return [_notification(r) for r in self.session.execute(query)]

    def count_unread(self, account_id: str) -> int:
        c = notifications.c
        query = select(func.count()).where(c.account_id == account_id, c.read_at.is_(None))
        return int(self.session.execute(query).scalar_one())

    def mark_read(self, account_id: str, notification_id: str, now: datetime) -> bool:
        """True when the account has this message (read now or before)."""
        c = notifications.c
        mine = and_(c.notification_id == notification_id, c.account_id == account_id)
        if self.session.execute(select(c.notification_id).where(mine)).first() is None:
            return False
        self.session.execute(update(notifications).where(mine, c.read_at.is_(None)).values(read_at=now))
        return True

    def mark_all_read(self, account_id: str, now: datetime) -> int:
        c = notifications.c
        result = self.session.execute(
            update(notifications).where(c.account_id == account_id, c.read_at.is_(None)).values(read_at=now)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    def notifications_of(self, source_key: str) -> list[StoredNotification]:
        query = select(notifications).where(notifications.c.source_key == source_key)
        return [_notification(r) for r in self.session.execute(query)]

    # --- preferences ---------------------------------------------------------------------------

    def preferences(self, account_id: str) -> Preferences:
        c = sms_preferences.c
        rows = self.session.execute(select(c.kind).where(c.account_id == account_id, c.sms.is_(False)))
        return Preferences(frozenset(Kind(k) for k in rows.scalars()))

    def preferences_of(self, account_ids: Sequence[str]) -> dict[str, Preferences]:
        c = sms_preferences.c
        off: dict[str, set[Kind]] = {a: set() for a in account_ids}
        if account_ids:
            query = select(c.account_id, c.kind).where(c.account_id.in_(account_ids), c.sms.is_(False))
            for row in self.session.execute(query):
                off[row.account_id].add(Kind(row.kind))
        return {a: Preferences(frozenset(kinds)) for a, kinds in off.items()}

    def set_preference(self, account_id: str, kind: Kind, sms: bool, now: datetime) -> None:
        c = sms_preferences.c
        mine = and_(c.account_id == account_id, c.kind == kind.value)
        changed = self.session.execute(update(sms_preferences).where(mine).values(sms=sms, updated_at=now))
        if not changed.rowcount:  # type: ignore[attr-defined]
            row = {"account_id": account_id, "kind": kind.value, "sms": sms, "updated_at": now}
            if not insert_once(self.session, insert(sms_preferences).values(**row)):
                self.session.execute(update(sms_preferences).where(mine).values(sms=sms, updated_at=now))

    # --- SMS -----------------------------------------------------------------------------------

    def add_sms(self, notification_id: str, draft: Draft, not_before: datetime, now: datetime) -> None:
        assert draft.sms is not None
        self.session.execute(
            insert(sms_messages).values(
                notification_id=notification_id,
                account_id=draft.account_id,
                kind=draft.kind.value,
                template=draft.sms.template,
                params=dict(draft.sms.params),
                status=SmsStatus.PENDING.value,
                not_before=not_before,
                attempts=0,
                created_at=now,
                updated_at=now,
            )
        )

    def due_sms(self, now: datetime, limit: int) -> list[str]:
        c = sms_messages.c
        query = (
            select(c.notification_id)
            .where(c.status == SmsStatus.PENDING.value, c.not_before <= now)
            .order_by(c.not_before)
            .limit(limit)
        )
        return list(self.session.execute(query).scalars())

    def claim_sms(self, notification_id: str) -> StoredSms | None:
        """Lock one PENDING SMS for this worker (another worker's claim is skipped, not waited for)."""
        c = sms_messages.c
        query = select(sms_messages).where(
            c.notification_id == notification_id, c.status == SmsStatus.PENDING.value
        )
        if is_postgres(self.session):
            query = query.with_for_update(skip_locked=True)
        row = self.session.execute(query).first()
        return _sms(row) if row else None

    def get_sms(self, notification_id: str) -> StoredSms | None:
        row = self.session.execute(
            select(sms_messages).where(sms_messages.c.notification_id == notification_id)
        ).first()
        return _sms(row) if row else None

    def update_sms(self, notification_id: str, expected: SmsStatus, **values: Any) -> bool:
        c = sms_messages.c
        values = {k: (v.value if isinstance(v, SmsStatus) else v) for k, v in values.items()}
        result = self.session.execute(
            update(sms_messages)
            .where(c.notification_id == notification_id, c.status == expected.value)
            .values(**values)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def sending_before(self, before: datetime) -> list[str]:
        """SMS left SENDING by a worker that stopped between recording the intent and confirming."""
        c = sms_messages.c
        query = select(c.notification_id).where(c.status == SmsStatus.SENDING.value, c.updated_at < before)
        return list(self.session.execute(query).scalars())

    def count_to_cap(self, phone_index: str, day: str, cap: int) -> bool:
        """Count one SMS toward the phone's day, if under the cap: True when counted."""
        c = sms_daily.c
        insert_once(self.session, insert(sms_daily).values(phone_index=phone_index, day=day, sent=0))
        result = self.session.execute(
            update(sms_daily)
            .where(c.phone_index == phone_index, c.day == day, c.sent < cap)
            .values(sent=c.sent + 1)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def uncount(self, phone_index: str, day: str) -> None:
        """Give back a count for an SMS that did not reach the phone."""
        c = sms_daily.c
        self.session.execute(
            update(sms_daily)
            .where(c.phone_index == phone_index, c.day == day, c.sent > 0)
            .values(sent=c.sent - 1)
        )

    def sms_counts(self) -> dict[str, int]:
        c = sms_messages.c
        return {
            row.status: int(row.n)
            for row in self.session.execute(select(c.status, func.count().label("n")).group_by(c.status))
        }
