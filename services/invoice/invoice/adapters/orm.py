"""Invoice tables: the copy of deposits (from events), receipts, their stored PDFs, outbox and inbox."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    UniqueConstraint,
    text,
)

from maintfund_common.audit import audit_log_table
from maintfund_common.db import UtcDateTime, inbox_table, new_metadata, outbox_table

metadata = new_metadata()
# Receipt requests, retries and reissues (maintfund_common.audit).
audit_log = audit_log_table(metadata)

outbox = outbox_table(metadata)
inbox = inbox_table(metadata)

# This service's copy of the deposits it may receipt (DepositPaid, PaperReceiptRecorded).
deposits = Table(
    "deposits",
    metadata,
    Column("deposit_id", String(36), primary_key=True),
    Column("house_id", String(36), nullable=False),
    Column("business_no", String(40), nullable=False, unique=True),
    Column("amount_fen", BigInteger, nullable=False),
    Column("paid_at", UtcDateTime(), nullable=False),
    Column("channel", String(20), nullable=False),
    Column("payer_account_id", String(36), nullable=True),
    Column("owner_name_enc", String(300), nullable=False),  # field_crypto token (the receipt's payer)
    Column("house_address", String(200), nullable=False),
    Column("area_m2", String(16), nullable=False),
    Column("payment_type", String(20), nullable=False),
    Column("paper_receipt_no", String(64), nullable=True),
    Column("updated_at", UtcDateTime(), nullable=False),
    Index("ix_deposits_payer", "payer_account_id"),
    Index("ix_deposits_house", "house_id"),
)

# This service's copy of the register's bindings (HouseBound): the accounts a house's receipts belong to.
account_houses = Table(
    "account_houses",
    metadata,
    Column("account_id", String(36), primary_key=True),
    Column("house_id", String(36), primary_key=True),
    Column("bound_at", UtcDateTime(), nullable=False),
)

invoices = Table(
    "invoices",
    metadata,
    Column("invoice_id", String(36), primary_key=True),
    Column("deposit_id", String(36), ForeignKey("deposits.deposit_id"), nullable=False),
    Column("status", String(16), nullable=False),  # ISSUING | ISSUED | FAILED | RED_FLUSHED
    Column("amount_fen", BigInteger, nullable=False),
    Column("bill_code", String(8), nullable=True),
    Column("bill_no", String(10), nullable=True),
    Column("check_code", String(6), nullable=True),
    Column("issued_at", UtcDateTime(), nullable=True),
    Column("payer_name_masked", String(64), nullable=True),
    Column("failure_reason", String(200), nullable=True),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("requested_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
    Column("replaces_invoice_id", String(36), nullable=True),
    Column("red_bill_code", String(8), nullable=True),
    Column("red_bill_no", String(10), nullable=True),
    UniqueConstraint("bill_code", "bill_no", name="uq_invoices_bill_number"),
    # At most one active receipt per deposit (DESIGN §3): a re-issue red-flushes the old one first.
    Index(
        "uq_invoices_active_deposit",
        "deposit_id",
        unique=True,
        postgresql_where=text("status <> 'RED_FLUSHED'"),
        sqlite_where=text("status <> 'RED_FLUSHED'"),
    ),
)

# The receipt file, rendered once when the receipt is issued and never changed (byte-identical downloads).
invoice_documents = Table(
    "invoice_documents",
    metadata,
    Column("invoice_id", String(36), ForeignKey("invoices.invoice_id"), primary_key=True),
    Column("pdf", LargeBinary, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
)
