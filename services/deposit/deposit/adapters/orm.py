"""Deposit tables: house accounts, the ledger, deposits and a copy of the register's house facts."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Index, Numeric, String, Table

from maintfund_common.db import BigIntPK, UtcDateTime, inbox_table, new_metadata, outbox_table

metadata = new_metadata()

# Running balances, updated under a row lock in the transaction that appends the entry.
house_accounts = Table(
    "house_accounts",
    metadata,
    Column("house_id", String(36), primary_key=True),
    Column("principal_fen", BigInteger, nullable=False),
    Column("interest_fen", BigInteger, nullable=False),
    Column("first_deposit_fen", BigInteger, nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
)

ledger_entries = Table(
    "ledger_entries",
    metadata,
    Column("entry_id", BigIntPK, primary_key=True, autoincrement=True),
    Column("house_id", String(36), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("principal_delta_fen", BigInteger, nullable=False),
    Column("interest_delta_fen", BigInteger, nullable=False),
    Column("principal_after_fen", BigInteger, nullable=False),
    Column("interest_after_fen", BigInteger, nullable=False),
    # One business fact posts at most once.
    Column("business_no", String(40), nullable=False, unique=True),
    Column("booked_at", UtcDateTime(), nullable=False),
    Column("deposit_id", String(36), nullable=True),
    Column("summary", String(100), nullable=False, default=""),
    Index("ix_ledger_entries_house_entry", "house_id", "entry_id"),
)

deposits = Table(
    "deposits",
    metadata,
    Column("deposit_id", String(36), primary_key=True),
    Column("house_id", String(36), nullable=False),
    Column("business_no", String(40), nullable=False, unique=True),
    Column("amount_fen", BigInteger, nullable=False),
    Column("channel", String(20), nullable=False),
    Column("payer_account_id", String(36), nullable=True),
    Column("paid_at", UtcDateTime(), nullable=False),
    Column("receipt_kind", String(20), nullable=False),  # NONE | PAPER | ELECTRONIC
    Column("invoice_id", String(36), nullable=True),
    Column("invoice_status", String(20), nullable=True),
    Index("ix_deposits_payer", "payer_account_id", "paid_at"),
    Index("ix_deposits_house", "house_id"),
)

# The register's facts this service needs (area, kind, storey) kept from HouseRegistered events.
house_facts = Table(
    "house_facts",
    metadata,
    Column("house_id", String(36), primary_key=True),
    Column("district_code", String(6), nullable=False),
    Column("address", String(200), nullable=False),
    Column("area_m2", Numeric(10, 2), nullable=False),
    Column("property_kind", String(32), nullable=False),
    Column("storey_class", String(32), nullable=False),
    Column("deposits_blocked", Boolean, nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
)

outbox = outbox_table(metadata)
inbox = inbox_table(metadata)
