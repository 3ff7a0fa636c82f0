"""Every read and write of the identity tables (SQLAlchemy Core), behind one repository.

``IdentityRepository(session)`` is built by the database (``Database(url, metadata,
repositories=IdentityRepository)``, ``bootstrap.database``): a unit of work carries it as ``uow.repo``
and ``db.reading()`` yields one over a read, so the service layer never sees SQL.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, select, tuple_, update
from sqlalchemy.engine import Row

from identity.adapters.orm import account_houses, accounts, sms_codes
from identity.domain.records import NewAccount, StoredAccount, StoredSmsCode, TakenKeys
from maintfund_common.db import Executor, insert_once

__all__ = ["IdentityRepository"]


def _account(row: Row[Any] | None) -> StoredAccount | None:
    if row is None:
        return None
    return StoredAccount(
        account_id=row.account_id,
        username=row.username,
        password_hash=row.password_hash,
        name_enc=row.name_enc,
        id_number_enc=row.id_number_enc,
        phone_enc=row.phone_enc,
        roles=tuple(r for r in row.roles.split(",") if r),
        district_code=row.district_code or "",
        display_mode=row.display_mode,
    )


def _sms_code(row: Row[Any] | None) -> StoredSmsCode | None:
    if row is None:
        return None
    return StoredSmsCode(row.phone_index, row.code_hash, row.sent_at, row.expires_at, row.attempts)


# The owner's hot reads (personal info, the home page), built once with named parameters: building a
# statement and its cache key cost about as much CPU as running it (profiled under the bench's load).
_ACCOUNT = select(accounts).where(accounts.c.account_id == bindparam("account_id"))
_COUNT_BOUND = (
    select(func.count())
    .select_from(account_houses)
    .where(account_houses.c.account_id == bindparam("account_id"))
)
# the account and its number of bound houses in one statement (the home page's and 个人信息's read)
_ACCOUNT_WITH_COUNT = select(accounts, _COUNT_BOUND.scalar_subquery().label("house_count")).where(
    accounts.c.account_id == bindparam("account_id")
)


class IdentityRepository:
    def __init__(self, session: Executor) -> None:
        self.session = session

    # --- accounts -----------------------------------------------------------------------------------

    def account(self, account_id: str) -> StoredAccount | None:
        return _account(self.session.execute(_ACCOUNT, {"account_id": account_id}).first())

    def account_with_house_count(self, account_id: str) -> tuple[StoredAccount, int] | None:
        row = self.session.execute(_ACCOUNT_WITH_COUNT, {"account_id": account_id}).first()
        account = _account(row)
        return (account, int(row.house_count)) if account and row else None

    def account_by_username(self, username: str, *, lock: bool = False) -> StoredAccount | None:
        query = select(accounts).where(accounts.c.username == username)
        return _account(self.session.execute(query.with_for_update() if lock else query).first())

    def account_by_phone(self, phone_index: str) -> StoredAccount | None:
        query = select(accounts).where(accounts.c.phone_index == phone_index)
        return _account(self.session.execute(query).first())

    def has_phone(self, phone_index: str) -> bool:
        query = select(accounts.c.account_id).where(accounts.c.phone_index == phone_index)
        return self.session.execute(query).first() is not None

    def taken(self, username: str, id_number_index: str, phone_index: str) -> TakenKeys | None:
        """An account with this username, ID number or phone (any one of them), if there is one."""
        c = accounts.c
        row = self.session.execute(
            select(c.username, c.id_number_index, c.phone_index).where(
                (c.username == username)
                | (c.id_number_index == id_number_index)
                | (c.phone_index == phone_index)
            )
        ).first()
        return None if row is None else TakenKeys(row.username, row.id_number_index, row.phone_index)

    def add_account(self, account: NewAccount) -> bool:
        """Stored by this call; False when a concurrent registration took a unique key first."""
        values = {
            "account_id": account.account_id,
            "username": account.username,
            "password_hash": account.password_hash,
            "name_enc": account.name_enc,
            "id_number_enc": account.id_number_enc,
            "id_number_index": account.id_number_index,
            "phone_enc": account.phone_enc,
            "phone_index": account.phone_index,
            "roles": ",".join(account.roles),
            "district_code": account.district_code,
            "failed_logins": 0,
            "created_at": account.created_at,
        }
        return insert_once(self.session, insert(accounts).values(values))

    def record_login(self, account_id: str, at: datetime) -> None:
        self.session.execute(
            update(accounts)
            .where(accounts.c.account_id == account_id)
            .values(failed_logins=0, locked_until=None, last_login_at=at)
        )

    def set_password_hash(self, account_id: str, password_hash: str) -> None:
        self.session.execute(
            update(accounts).where(accounts.c.account_id == account_id).values(password_hash=password_hash)
        )

    def set_display_mode(self, account_id: str, mode: str) -> bool:
        """True when the account exists (its mode is then ``mode``)."""
        result = self.session.execute(
            update(accounts).where(accounts.c.account_id == account_id).values(display_mode=mode)
        )
        return bool(result.rowcount)

    # --- SMS codes ----------------------------------------------------------------------------------

    def sms_code(self, phone_index: str, *, lock: bool = False) -> StoredSmsCode | None:
        query = select(sms_codes).where(sms_codes.c.phone_index == phone_index)
        return _sms_code(self.session.execute(query.with_for_update() if lock else query).first())

    def set_sms_attempts(self, phone_index: str, attempts: int) -> None:
        self.session.execute(
            update(sms_codes).where(sms_codes.c.phone_index == phone_index).values(attempts=attempts)
        )

    def delete_sms_code(self, phone_index: str) -> None:
        self.session.execute(delete(sms_codes).where(sms_codes.c.phone_index == phone_index))

    def replace_sms_code(self, code: StoredSmsCode) -> None:
        """The phone's new code, in place of any earlier one."""
        self.delete_sms_code(code.phone_index)
        self.session.execute(
            insert(sms_codes).values(
                phone_index=code.phone_index,
                code_hash=code.code_hash,
                sent_at=code.sent_at,
                expires_at=code.expires_at,
                attempts=code.attempts,
            )
        )

    # --- the copy of the register's bindings (account -> houses) ------------------------------------

    def add_binding(self, account_id: str, house_id: str, bound_at: datetime) -> None:
        known = self.session.execute(
            select(account_houses.c.house_id).where(
                account_houses.c.account_id == account_id, account_houses.c.house_id == house_id
            )
        ).first()
        if known is None:  # the event and identity matching at login may race to store it
            insert_once(
                self.session,
                insert(account_houses).values(account_id=account_id, house_id=house_id, bound_at=bound_at),
            )

    def bindings_among(self, pairs: list[tuple[str, str]]) -> set[tuple[str, str]]:
        """Which of these (account, house) pairs the copy has (reconcile-copies)."""
        if not pairs:
            return set()
        c = account_houses.c
        query = select(c.account_id, c.house_id).where(tuple_(c.account_id, c.house_id).in_(pairs))
        return {(r.account_id, r.house_id) for r in self.session.execute(query)}
