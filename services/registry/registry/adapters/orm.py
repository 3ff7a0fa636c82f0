"""Registry tables. Personal data (owner names and ID numbers) is stored encrypted, with blind indexes."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, ForeignKey, Index, Numeric, String, Table

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

outbox = outbox_table(metadata)
inbox = inbox_table(metadata)
