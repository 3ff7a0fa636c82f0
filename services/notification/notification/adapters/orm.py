"""Notification tables: messages, SMS preferences and SMS deliveries, the copies it decides recipients
from (bindings, deposits), outbox and inbox."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Index,
    Integer,
    String,
    Table,
    UniqueConstraint,
    text,
)

from maintfund_common.db import UtcDateTime, inbox_table, new_metadata, outbox_table

metadata = new_metadata()
outbox = outbox_table(metadata)  # the unit of work needs one; this service publishes no event today
inbox = inbox_table(metadata)

# The copy of the register's bindings (HouseBound): who is told about a house.
account_houses = Table(
    "account_houses",
    metadata,
    Column("account_id", String(36), primary_key=True),
    Column("house_id", String(36), primary_key=True),
    Column("bound_at", UtcDateTime(), nullable=False),
    Index("ix_account_houses_house", "house_id"),
)

# The copy of paid deposits (DepositPaid): whose receipt an InvoiceStatusChanged is about.
deposits = Table(
    "deposits",
    metadata,
    Column("deposit_id", String(36), primary_key=True),
    Column("house_id", String(36), nullable=False),
    Column("house_address", String(200), nullable=False),
    Column("amount_fen", BigInteger, nullable=False),
    Column("payer_account_id", String(36), nullable=True),
    Column("recorded_at", UtcDateTime(), nullable=False),
)

notifications = Table(
    "notifications",
    metadata,
    Column("notification_id", String(36), primary_key=True),
    Column("account_id", String(36), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("title", String(100), nullable=False),
    Column("body", String(500), nullable=False),
    Column("link", String(200), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("read_at", UtcDateTime(), nullable=True),
    # the event that caused it: a redelivered event (or a second event id for the same fact, keyed by
    # its business id) makes no second message for the same account and kind
    Column("source_key", String(120), nullable=False),
    UniqueConstraint("source_key", "account_id", "kind", name="uq_notifications_source"),
    Index("ix_notifications_account_page", "account_id", "created_at", "notification_id"),
    Index(
        "ix_notifications_unread",
        "account_id",
        postgresql_where=text("read_at IS NULL"),
        sqlite_where=text("read_at IS NULL"),
    ),
)

sms_preferences = Table(
    "sms_preferences",
    metadata,
    Column("account_id", String(36), primary_key=True),
    Column("kind", String(32), primary_key=True),
    Column("sms", Boolean, nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
)

# One SMS per message at most: the intent is recorded with the message, the worker sends it later.
sms_messages = Table(
    "sms_messages",
    metadata,
    Column("notification_id", String(36), primary_key=True),
    Column("account_id", String(36), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("template", String(64), nullable=False),
    Column("params", JSON, nullable=False),  # masked values only (deciding.py)
    Column("status", String(16), nullable=False),
    Column("not_before", UtcDateTime(), nullable=False),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("phone_index", String(64), nullable=True),  # keyed hash of the phone (the cap), never the phone
    Column("cap_day", String(10), nullable=True),
    Column("last_error", String(200), nullable=True),
    Column("provider_message_id", String(64), nullable=True),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
    Column("sent_at", UtcDateTime(), nullable=True),
    Index(
        "ix_sms_messages_due",
        "not_before",
        postgresql_where=text("status = 'PENDING'"),
        sqlite_where=text("status = 'PENDING'"),
    ),
)

# SMS counted toward the daily cap, per phone (its keyed hash) and Beijing day.
sms_daily = Table(
    "sms_daily",
    metadata,
    Column("phone_index", String(64), primary_key=True),
    Column("day", String(10), primary_key=True),
    Column("sent", Integer, nullable=False),
)
