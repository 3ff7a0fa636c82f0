"""Reads and writes of house accounts and the ledger (keyset pagination; no OFFSET, no COUNT)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Integer, bindparam, exists, func, insert, select, true, tuple_, update

from deposit.adapters.orm import account_houses, bills, deposits, house_accounts, house_facts, ledger_entries
from deposit.domain.ledger import AccountState, EntryKind, Posting
from deposit.domain.records import HouseSummary, ReceiptState, StoredEntry
from maintfund_common.db import LIKE_ESCAPE, Executor, insert_once, is_postgres, like_contains, utcnow

# Every read of entries selects the whole ledger_entries table first (other columns follow), so an entry
# is the row's first fields, in the table's order, which is StoredEntry's. Unpacked by position a row costs
# 1.5 µs of CPU against 5.0 by column name (in process; a 21-row ListLedgerEntries 0.63-0.71 → 0.53-0.56
# ms). The check fails at import if the table or the record ever changes without this reader.
_ENTRY_COLUMNS = tuple(ledger_entries.c.keys())
if _ENTRY_COLUMNS != tuple(f.name for f in fields(StoredEntry)):
    raise RuntimeError("ledger_entries' columns and StoredEntry's fields differ: update stored_entry")
_ENTRY_KINDS = {kind.value: kind for kind in EntryKind}


def stored_entry(row: Any) -> StoredEntry:
    """A ledger_entries row (or a row that starts with its columns) as the use cases see it."""
    entry_id, house_id, kind, *amounts_and_booking, deposit_id, summary = row[: len(_ENTRY_COLUMNS)]
    return StoredEntry(
        entry_id, house_id, _ENTRY_KINDS[kind], *amounts_and_booking, deposit_id or "", summary or ""
    )


_MAX_ENTRY_ID = 2**63 - 1


def _summary(row: Any) -> HouseSummary:
    return HouseSummary(
        row.house_id,
        row.district_code,
        row.address,
        f"{row.area_m2:.2f}",
        row.property_kind,
        row.storey_class,
        row.deposits_blocked,
        row.contract_no or "",
        row.cert_no or "",
        row.needs_refund,
    )


# The owners' reads, built once with named parameters: building a statement and its cache key cost
# about as much CPU as running it (profiled under the bench's mixed load), so a request only binds values.

# Keyset on the (house_id, entry_id) index: "house_id >= h AND (house_id, entry_id) < (h, before)" is
# "house_id = h AND entry_id < before", written so that only that index can give the order. With a plain
# "house_id = h ... ORDER BY entry_id" PostgreSQL may walk the primary key backwards through every newer
# entry of every other house (measured: 435 ms instead of 0.1 ms for a long ledger).
# The page size is written into the statement (literal_execute; a validated int). As a parameter, LIMIT
# made PostgreSQL cost its generic plan for a tenth of the matching rows, so it planned the statement
# anew at every execution (0.13 ms of planning for 0.08 of execution); with the size in the text it
# keeps the generic plan after five executions, the same index walk: PostgreSQL's CPU per page 340-390 →
# 180-210 µs (psycopg's prepared statement on one connection, 1,000 executions, alternated).
_LEDGER_PAGE = (
    select(ledger_entries)
    .where(
        ledger_entries.c.house_id >= bindparam("house_id"),
        tuple_(ledger_entries.c.house_id, ledger_entries.c.entry_id)
        < tuple_(bindparam("house_id"), bindparam("before")),
    )
    .order_by(ledger_entries.c.house_id.desc(), ledger_entries.c.entry_id.desc())
    .limit(bindparam("limit", type_=Integer, literal_execute=True))
)
_LEDGER_ENTRY = (
    select(ledger_entries, deposits.c.receipt_kind, deposits.c.invoice_id, deposits.c.invoice_status)
    .outerjoin(deposits, deposits.c.deposit_id == ledger_entries.c.deposit_id)
    .where(
        ledger_entries.c.house_id == bindparam("house_id"), ledger_entries.c.entry_id == bindparam("entry_id")
    )
)
_ACCOUNT_STATES = select(house_accounts).where(
    house_accounts.c.house_id.in_(bindparam("house_ids", expanding=True))
)
_HOUSE_SUMMARY = select(house_facts).where(house_facts.c.house_id == bindparam("house_id"))
_BOUND_HOUSE_SUMMARY = (
    select(house_facts)
    .join(account_houses, account_houses.c.house_id == house_facts.c.house_id)
    .where(
        account_houses.c.account_id == bindparam("account_id"),
        account_houses.c.house_id == bindparam("house_id"),
    )
)
_COUNT_BOUND = (
    select(func.count())
    .select_from(account_houses)
    .where(account_houses.c.account_id == bindparam("account_id"))
)
# 我的房屋: a page of the account's houses with their balances and, on every row, how many it has in all
# (uncorrelated: evaluated once), so a page is one statement
_BOUND_HOUSES = (
    select(
        house_facts,
        house_accounts.c.principal_fen,
        house_accounts.c.interest_fen,
        house_accounts.c.first_deposit_fen,
        _COUNT_BOUND.correlate(None).scalar_subquery().label("total_bound"),
    )
    .join(account_houses, account_houses.c.house_id == house_facts.c.house_id)
    .outerjoin(house_accounts, house_accounts.c.house_id == house_facts.c.house_id)
    .where(
        account_houses.c.account_id == bindparam("account_id"), house_facts.c.house_id > bindparam("after")
    )
    .order_by(house_facts.c.house_id)
    .limit(bindparam("limit"))
)
_BOUND_HOUSES_AT = _BOUND_HOUSES.where(
    house_facts.c.address.like(bindparam("address_like"), escape=LIKE_ESCAPE)
)
# An owner's read in one statement: the same reads with the house's facts added and rows only when the
# copy binds the house to the account (one uncorrelated EXISTS, evaluated once). No row means not bound,
# not in the copy yet, or nothing to show: the caller then goes the long way (HouseAccess.visible).
_IS_BOUND = exists().where(
    account_houses.c.account_id == bindparam("account_id"),
    account_houses.c.house_id == bindparam("house_id"),
)
_FACTS = [c for c in house_facts.c if c.name not in ("house_id", "updated_at")]
# house_facts is a one-row cross join on the parameter, never joined on ledger_entries.house_id: that
# equality would let PostgreSQL infer "house_id = h" and take the primary-key walk the keyset avoids.
_BOUND_LEDGER_PAGE = (
    _LEDGER_PAGE.add_columns(*_FACTS)
    .join(house_facts, true())
    .where(house_facts.c.house_id == bindparam("house_id"), _IS_BOUND)
)
_BOUND_LEDGER_ENTRY = (
    _LEDGER_ENTRY.add_columns(*_FACTS)
    .join(house_facts, house_facts.c.house_id == ledger_entries.c.house_id)
    .where(_IS_BOUND)
)
_BOUND_HOUSE_WITH_ACCOUNT = _BOUND_HOUSE_SUMMARY.add_columns(
    house_accounts.c.principal_fen, house_accounts.c.interest_fen, house_accounts.c.first_deposit_fen
).outerjoin(house_accounts, house_accounts.c.house_id == house_facts.c.house_id)
_COUNT_PENDING_BILLS = (
    select(func.count())
    .select_from(bills.join(account_houses, account_houses.c.house_id == bills.c.house_id))
    .where(account_houses.c.account_id == bindparam("account_id"), bills.c.status == "PENDING")
)


class LedgerRepository:
    """House accounts, the ledger and the copies of the register (bindings, house facts)."""

    session: Executor

    def account_states(self, house_ids: Sequence[str]) -> dict[str, AccountState]:
        rows = self.session.execute(_ACCOUNT_STATES, {"house_ids": list(house_ids)})
        return {r.house_id: AccountState(r.principal_fen, r.interest_fen, r.first_deposit_fen) for r in rows}

    def accounts_page(self, after: str, limit: int) -> list[tuple[str, AccountState]]:
        """House accounts with a balance, by house id after ``after`` (keyset; batch work: interest)."""
        c = house_accounts.c
        query = (
            select(house_accounts)
            .where(c.house_id > after, c.principal_fen + c.interest_fen > 0)
            .order_by(c.house_id)
            .limit(limit)
        )
        return [
            (r.house_id, AccountState(r.principal_fen, r.interest_fen, r.first_deposit_fen))
            for r in self.session.execute(query)
        ]

    def lock_account(self, house_id: str) -> AccountState:
        """The account row locked for this transaction, created empty on first use."""
        query = select(house_accounts).where(house_accounts.c.house_id == house_id)
        if is_postgres(self.session):
            from sqlalchemy.dialects.postgresql import insert as pg_insert

            self.session.execute(
                pg_insert(house_accounts)
                .values(
                    house_id=house_id,
                    principal_fen=0,
                    interest_fen=0,
                    first_deposit_fen=0,
                    updated_at=utcnow(),
                )
                .on_conflict_do_nothing()
            )
            row = self.session.execute(query.with_for_update()).one()
        else:
            row = self.session.execute(query).first()
            if row is None:
                self.session.execute(
                    insert(house_accounts).values(
                        house_id=house_id,
                        principal_fen=0,
                        interest_fen=0,
                        first_deposit_fen=0,
                        updated_at=utcnow(),
                    )
                )
                return AccountState()
        return AccountState(row.principal_fen, row.interest_fen, row.first_deposit_fen)

    def entry_by_business_no(self, business_no: str) -> StoredEntry | None:
        row = self.session.execute(
            select(ledger_entries).where(ledger_entries.c.business_no == business_no)
        ).first()
        return stored_entry(row) if row else None

    def append_entry(self, house_id: str, posting: Posting, after: AccountState) -> int:
        entry_id = self.session.execute(
            insert(ledger_entries)
            .values(
                house_id=house_id,
                kind=posting.kind.value,
                principal_delta_fen=posting.principal_delta_fen,
                interest_delta_fen=posting.interest_delta_fen,
                principal_after_fen=after.principal_fen,
                interest_after_fen=after.interest_fen,
                business_no=posting.business_no,
                booked_at=posting.booked_at,
                deposit_id=posting.deposit_id or None,
                summary=posting.summary,
            )
            .returning(ledger_entries.c.entry_id)
        ).scalar_one()
        self.session.execute(
            update(house_accounts)
            .where(house_accounts.c.house_id == house_id)
            .values(
                principal_fen=after.principal_fen,
                interest_fen=after.interest_fen,
                first_deposit_fen=after.first_deposit_fen,
                updated_at=utcnow(),
            )
        )
        return int(entry_id)

    def ledger_page(self, house_id: str, before_entry_id: int | None, limit: int) -> list[StoredEntry]:
        before = _MAX_ENTRY_ID if before_entry_id is None else before_entry_id
        rows = self.session.execute(_LEDGER_PAGE, {"house_id": house_id, "before": before, "limit": limit})
        return [stored_entry(r) for r in rows]

    def ledger_entry(self, house_id: str, entry_id: int) -> tuple[StoredEntry, ReceiptState] | None:
        row = self.session.execute(_LEDGER_ENTRY, {"house_id": house_id, "entry_id": entry_id}).first()
        if row is None:
            return None
        receipt = ReceiptState(row.receipt_kind or "NONE", row.invoice_id or "", row.invoice_status or "")
        return stored_entry(row), receipt

    def bound_ledger_page(
        self, account_id: str, house_id: str, before_entry_id: int | None, limit: int
    ) -> tuple[HouseSummary, list[StoredEntry]] | None:
        """The house and a page of its ledger if the copy binds it to the account and the page has rows."""
        before = _MAX_ENTRY_ID if before_entry_id is None else before_entry_id
        params = {"account_id": account_id, "house_id": house_id, "before": before, "limit": limit}
        rows = self.session.execute(_BOUND_LEDGER_PAGE, params).all()
        return (_summary(rows[0]), [stored_entry(r) for r in rows]) if rows else None

    def bound_ledger_entry(
        self, account_id: str, house_id: str, entry_id: int
    ) -> tuple[StoredEntry, ReceiptState, HouseSummary] | None:
        """The entry, its receipt and its house if the copy binds the house to the account."""
        params = {"account_id": account_id, "house_id": house_id, "entry_id": entry_id}
        row = self.session.execute(_BOUND_LEDGER_ENTRY, params).first()
        if row is None:
            return None
        receipt = ReceiptState(row.receipt_kind or "NONE", row.invoice_id or "", row.invoice_status or "")
        return stored_entry(row), receipt, _summary(row)

    def bound_house_with_account(
        self, account_id: str, house_id: str
    ) -> tuple[HouseSummary, AccountState] | None:
        """The house and its fund account if the copy binds the house to the account."""
        params = {"account_id": account_id, "house_id": house_id}
        row = self.session.execute(_BOUND_HOUSE_WITH_ACCOUNT, params).first()
        if row is None:
            return None
        return _summary(row), AccountState(
            row.principal_fen or 0, row.interest_fen or 0, row.first_deposit_fen or 0
        )

    def is_bound(self, account_id: str, house_id: str) -> bool:
        """This service's copy of the register's bindings binds the house to the account."""
        row = self.session.execute(
            select(account_houses.c.house_id).where(
                account_houses.c.account_id == account_id, account_houses.c.house_id == house_id
            )
        ).first()
        return row is not None

    def house_summary(self, house_id: str) -> HouseSummary | None:
        """The house's facts from this service's copy of the register."""
        row = self.session.execute(_HOUSE_SUMMARY, {"house_id": house_id}).first()
        return _summary(row) if row is not None else None

    def bound_house_summary(self, account_id: str, house_id: str) -> HouseSummary | None:
        """The house's facts if the copy binds it to the account: an owner's read in one statement."""
        row = self.session.execute(
            _BOUND_HOUSE_SUMMARY, {"account_id": account_id, "house_id": house_id}
        ).first()
        return _summary(row) if row is not None else None

    def bound_houses_page(
        self, account_id: str, address_contains: str, after_house_id: str, limit: int
    ) -> tuple[list[tuple[HouseSummary, AccountState]], int]:
        """Houses bound to the account in this service's copies, by house id, with their balances, and how
        many the account has in all."""
        params = {"account_id": account_id, "after": after_house_id, "limit": limit}
        if address_contains:
            query, params = _BOUND_HOUSES_AT, {**params, "address_like": like_contains(address_contains)}
        else:
            query = _BOUND_HOUSES
        rows = self.session.execute(query, params).all()
        page = [
            (_summary(r), AccountState(r.principal_fen or 0, r.interest_fen or 0, r.first_deposit_fen or 0))
            for r in rows
        ]
        # an empty page (past the end, or no address matched) still says how many houses there are
        return page, rows[0].total_bound if rows else self.count_bound(account_id)

    def count_bound(self, account_id: str) -> int:
        return int(self.session.execute(_COUNT_BOUND, {"account_id": account_id}).scalar_one())

    def count_pending_bills(self, account_id: str) -> int:
        """Pending bills of every house bound to the account (the 我要交款 tile of the home page)."""
        return int(self.session.execute(_COUNT_PENDING_BILLS, {"account_id": account_id}).scalar_one())

    def add_binding(self, account_id: str, house_id: str, bound_at: datetime) -> None:
        exists = self.session.execute(
            select(account_houses.c.house_id).where(
                account_houses.c.account_id == account_id, account_houses.c.house_id == house_id
            )
        ).first()
        if not exists:
            insert_once(
                self.session,
                insert(account_houses).values(account_id=account_id, house_id=house_id, bound_at=bound_at),
            )

    def house_facts_by_id(self, house_ids: list[str]) -> dict[str, tuple]:
        """The copy's facts of these houses, comparable with copies._facts (reconcile-copies)."""
        if not house_ids:
            return {}
        c = house_facts.c
        query = select(
            c.house_id,
            c.district_code,
            c.address,
            c.area_m2,
            c.property_kind,
            c.storey_class,
            c.deposits_blocked,
            c.contract_no,
            c.cert_no,
            c.needs_refund,
        ).where(c.house_id.in_(house_ids))
        return {
            r.house_id: (
                r.district_code,
                r.address,
                Decimal(r.area_m2).quantize(Decimal("0.01")),
                r.property_kind,
                r.storey_class,
                bool(r.deposits_blocked),
                r.contract_no or "",
                r.cert_no or "",
                bool(r.needs_refund),
            )
            for r in self.session.execute(query)
        }

    def bindings_among(self, pairs: list[tuple[str, str]]) -> set[tuple[str, str]]:
        """Which of these (account, house) pairs the copy of the bindings has (reconcile-copies)."""
        if not pairs:
            return set()
        query = select(account_houses.c.account_id, account_houses.c.house_id).where(
            account_houses.c.account_id.in_(sorted({a for a, _ in pairs}))
        )
        wanted = set(pairs)
        return {(r.account_id, r.house_id) for r in self.session.execute(query)} & wanted

    def upsert_house_facts(self, values: dict[str, Any]) -> None:
        exists = self.session.execute(
            select(house_facts.c.house_id)
            .where(house_facts.c.house_id == values["house_id"])
            .with_for_update()
        ).first()
        if not exists and insert_once(self.session, insert(house_facts).values(values)):
            return
        self.session.execute(
            update(house_facts).where(house_facts.c.house_id == values["house_id"]).values(values)
        )
