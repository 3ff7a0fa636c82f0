"""Registry tables. Personal data (owner names and ID numbers) is stored encrypted, with blind indexes."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Table,
    text,
)

from maintfund_common.audit import audit_log_table
from maintfund_common.db import BigIntPK, UtcDateTime, inbox_table, new_metadata, outbox_table

metadata = new_metadata()

houses = Table(
    "houses",
    metadata,
    Column("house_id", String(36), primary_key=True),
    Column("district_code", String(6), nullable=False),
    Column("address", String(200), nullable=False),
    Column("area_m2", Numeric(10, 2), nullable=False),
    Column("property_kind", String(32), nullable=False),
    Column("storey_class", String(32), nullable=False),
    Column("house_type", String(20), nullable=False),
    Column("contract_no", String(40), nullable=True),
    Column("cert_no", String(80), nullable=True),
    Column("needs_refund", Boolean, nullable=False, default=False),
    Column("closed", Boolean, nullable=False, default=False),
    # Owner data is in the fund's register (业主信息已录入): identity matching at login may bind it.
    Column("fund_registered", Boolean, nullable=False, default=True),
    Column("created_at", UtcDateTime(), nullable=False),
    Index("ix_houses_address", "address"),
    Index("ix_houses_contract_no", "contract_no"),
    Index("ix_houses_cert_no", "cert_no"),
)

owners = Table(
    "owners",
    metadata,
    Column("id", BigIntPK, primary_key=True, autoincrement=True),
    Column("house_id", String(36), ForeignKey("houses.house_id"), nullable=False),
    Column("name_enc", String(300), nullable=False),
    Column("id_number_enc", String(300), nullable=False),
    # HMAC(name, ID number): equality lookup without storing either in clear.
    Column("identity_index", String(64), nullable=False),
    Index("ix_owners_identity_index", "identity_index"),
    Index("ix_owners_house_id", "house_id"),
)

bindings = Table(
    "bindings",
    metadata,
    Column("account_id", String(36), primary_key=True),
    Column("house_id", String(36), ForeignKey("houses.house_id"), primary_key=True),
    Column("via", String(20), nullable=False),
    Column("bound_at", UtcDateTime(), nullable=False),
)

# Personal registrations (个人造册) and their review by the district 管理部.
registrations = Table(
    "registrations",
    metadata,
    Column("registration_id", String(36), primary_key=True),
    Column("account_id", String(36), nullable=False),
    Column("method", String(16), nullable=False),
    Column("status", String(20), nullable=False),
    Column("house_id", String(36), ForeignKey("houses.house_id"), nullable=True),
    Column("district_code", String(6), nullable=False),
    Column("address", String(200), nullable=False),
    Column("contract_no", String(40), nullable=True),
    Column("house_type", String(20), nullable=True),
    Column("cert_no", String(80), nullable=True),
    Column("phone_enc", String(300), nullable=False),
    Column("applicant_name_enc", String(300), nullable=False),
    Column("submitted_at", UtcDateTime(), nullable=False),
    Column("decided_at", UtcDateTime(), nullable=True),
    Column("reason", String(200), nullable=True),
    Column("reviewer_id", String(64), nullable=True),
    Index("ix_registrations_account", "account_id", "submitted_at"),
    Index("ix_registrations_queue", "district_code", "status", "submitted_at"),
    # At most one pending registration per account and house: a re-submission returns it.
    Index(
        "uq_registrations_pending",
        "account_id",
        "house_id",
        unique=True,
        postgresql_where=text("status = 'PENDING_REVIEW'"),
        sqlite_where=text("status = 'PENDING_REVIEW'"),
    ),
)

# Proof files, in the database so every replica reads them (no local disk); random ids.
registration_files = Table(
    "registration_files",
    metadata,
    Column("file_id", String(36), primary_key=True),
    Column("registration_id", String(36), ForeignKey("registrations.registration_id"), nullable=False),
    Column("position", Integer, nullable=False),  # upload order
    Column("filename", String(80), nullable=False),
    Column("content_type", String(40), nullable=False),
    Column("size_bytes", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("scan_status", String(16), nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Index("ix_registration_files_registration", "registration_id"),
)

# Append-only audit trail (reviews, views of applicants' and other owners' data): maintfund_common.audit.
audit_log = audit_log_table(metadata)

outbox = outbox_table(metadata)
inbox = inbox_table(metadata)
