"""Identity tables. Names, ID numbers and phones are encrypted; blind indexes serve equality lookups."""

from __future__ import annotations

from sqlalchemy import Column, Integer, String, Table

from maintfund_common.audit import audit_log_table
from maintfund_common.db import UtcDateTime, inbox_table, new_metadata, outbox_table

metadata = new_metadata()

# This service's copy of the register's bindings (HouseBound; refreshed at each login by identity
# matching), so that 个人信息 answers "has houses, how many" in one call.
account_houses = Table(
    "account_houses",
    metadata,
    Column("account_id", String(36), primary_key=True),
    Column("house_id", String(36), primary_key=True),
    Column("bound_at", UtcDateTime(), nullable=False),
)

accounts = Table(
    "accounts",
    metadata,
    Column("account_id", String(36), primary_key=True),
    Column("username", String(32), nullable=False, unique=True),
    Column("password_hash", String(200), nullable=False),
    Column("name_enc", String(300), nullable=False),
    Column("id_number_enc", String(300), nullable=False),
    Column("id_number_index", String(64), nullable=False, unique=True),
    Column("phone_enc", String(300), nullable=False),
    Column("phone_index", String(64), nullable=False, unique=True),
    Column("roles", String(100), nullable=False),
    Column("district_code", String(6), nullable=False, default=""),
    Column("failed_logins", Integer, nullable=False, default=0),
    Column("locked_until", UtcDateTime(), nullable=True),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("last_login_at", UtcDateTime(), nullable=True),
    # 标准版 / 长辈版 as last chosen while logged in (STANDARD, ELDER); NULL: never chosen
    Column("display_mode", String(16), nullable=True),
)

sms_codes = Table(
    "sms_codes",
    metadata,
    Column("phone_index", String(64), primary_key=True),
    Column("code_hash", String(64), nullable=False),
    Column("sent_at", UtcDateTime(), nullable=False),
    Column("expires_at", UtcDateTime(), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
)

# Logins: successes, failures, lock-outs (maintfund_common.audit).
audit_log = audit_log_table(metadata)

outbox = outbox_table(metadata)
inbox = inbox_table(metadata)
