"""Deposit tables: house accounts, the ledger, deposits, copies of the register's house facts and bindings."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Date, Index, Integer, Numeric, String, Table, Text, text

from maintfund_common.audit import audit_log_table
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
    # for the house detail page, answered here in one call
    Column("contract_no", String(60), nullable=True),
    Column("cert_no", String(100), nullable=True),
    Column("needs_refund", Boolean, nullable=False, server_default=text("false")),
)

# The register's bindings of accounts to houses, kept from HouseBound events, so that an owner's read of
# a house's fund details is answered here in one call. Registry stays authoritative: a missing row only
# sends the caller to registry (a binding may be a moment old), it never grants anything.
account_houses = Table(
    "account_houses",
    metadata,
    Column("account_id", String(36), primary_key=True),
    Column("house_id", String(36), primary_key=True),
    Column("bound_at", UtcDateTime(), nullable=False),
)

# 交存标准 as data: (property kind, storey class, effective date) -> fen per m².
deposit_standards = Table(
    "deposit_standards",
    metadata,
    Column("property_kind", String(32), primary_key=True),
    Column("storey_class", String(32), primary_key=True),
    Column("effective_from", Date, primary_key=True),
    Column("fen_per_m2", BigInteger, nullable=False),
)

bills = Table(
    "bills",
    metadata,
    Column("bill_id", String(36), primary_key=True),
    Column("business_no", String(40), nullable=False, unique=True),  # 申请编号 / 业务流水号
    Column("house_id", String(36), nullable=False),
    Column("payment_type", String(20), nullable=False),  # FIRST_DEPOSIT | TOP_UP | REPLENISHMENT
    Column("amount_rule", String(10), nullable=False),  # FIXED | ENTERED
    Column("amount_fen", BigInteger, nullable=False),
    Column("min_fen", BigInteger, nullable=False),
    Column("max_fen", BigInteger, nullable=False),
    Column("standard_fen_per_m2", BigInteger, nullable=False),
    Column("status", String(10), nullable=False),  # PENDING | PAID | VOID
    Column("fund_type", String(10), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("decided_at", UtcDateTime(), nullable=True),
    Index("ix_bills_house", "house_id", "created_at"),
)

payment_orders = Table(
    "payment_orders",
    metadata,
    Column("order_id", String(36), primary_key=True),
    Column("out_trade_no", String(32), nullable=False, unique=True),  # stored before the provider call
    Column("bill_id", String(36), nullable=False),
    Column("house_id", String(36), nullable=False),
    Column("channel", String(10), nullable=False),
    Column("amount_fen", BigInteger, nullable=False),
    Column("status", String(10), nullable=False),
    Column("flag", String(30), nullable=False, default=""),
    Column("payer_account_id", String(36), nullable=True),
    Column("qr_content", String(300), nullable=True),
    Column("expires_at", UtcDateTime(), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
    Column("last_queried_at", UtcDateTime(), nullable=True),
    Column("provider_trade_id", String(64), nullable=True),
    Column("paid_at", UtcDateTime(), nullable=True),
    Column("deposit_id", String(36), nullable=True),
    Index("ix_payment_orders_bill", "bill_id", "channel", "status"),
    Index("ix_payment_orders_status", "status", "created_at"),
    # the sweeper's second question: CLOSED orders that expired in the last minutes (a late payment)
    Index("ix_payment_orders_status_expiry", "status", "expires_at"),
)

# Idempotency-Key store (Stripe semantics): scope = user + route; the first response is kept >= 48 h.
idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("scope", String(200), primary_key=True),
    Column("idem_key", String(255), primary_key=True),
    Column("request_hash", String(64), nullable=False),
    Column("response", Text, nullable=True),  # JSON: {"order_id"} or {"error": {...}}; NULL while running
    Column("created_at", UtcDateTime(), nullable=False),
    Index("ix_idempotency_keys_created", "created_at"),
)

# Notification replay guard: WeChat nonces and Alipay notify_ids already applied.
notifications_seen = Table(
    "notifications_seen",
    metadata,
    Column("channel", String(10), primary_key=True),
    Column("key", String(128), primary_key=True),
    Column("seen_at", UtcDateTime(), nullable=False),
    Column("attempts", Integer, nullable=False, default=1),
)

# 年度结存单 computed by the year-end batch (one set-based statement per year): the archive of what each
# house's statement said; the owner's live statement is computed from the ledger and equals it.
annual_statements = Table(
    "annual_statements",
    metadata,
    Column("house_id", String(36), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("opening_principal_fen", BigInteger, nullable=False),
    Column("opening_interest_fen", BigInteger, nullable=False),
    Column("deposits_fen", BigInteger, nullable=False),
    Column("interest_fen", BigInteger, nullable=False),
    Column("apportionments_fen", BigInteger, nullable=False),
    Column("refunds_fen", BigInteger, nullable=False),
    Column("closing_principal_fen", BigInteger, nullable=False),
    Column("closing_interest_fen", BigInteger, nullable=False),
    Column("entry_count", Integer, nullable=False),
    Column("computed_at", UtcDateTime(), nullable=False),
)

# 交存证明: the fund of a house as it was on the day of issue, checkable by its verification code.
deposit_certificates = Table(
    "deposit_certificates",
    metadata,
    Column("certificate_id", String(36), primary_key=True),
    Column("verification_code", String(16), nullable=False, unique=True),
    Column("house_id", String(36), nullable=False),
    Column("account_id", String(36), nullable=False),  # the owner who asked for it
    Column("address", String(200), nullable=False),
    Column("area_m2", Numeric(10, 2), nullable=False),
    Column("fully_paid", Boolean, nullable=False),
    Column("shortfall_fen", BigInteger, nullable=False),
    Column("balance_fen", BigInteger, nullable=False),
    Column("first_deposit_fen", BigInteger, nullable=False),
    Column("issued_at", UtcDateTime(), nullable=False),
    Index("ix_deposit_certificates_house", "house_id", "issued_at"),
)

# Fund uses (维修项目) recorded by the back office, and each house's share of one (an apportionment).
fund_projects = Table(
    "fund_projects",
    metadata,
    Column("project_id", String(36), primary_key=True),
    Column("project_no", String(40), nullable=False, unique=True),
    Column("name", String(100), nullable=False),
    Column("reason", String(500), nullable=False),
    Column("scope", String(10), nullable=False),  # BUILDING | COMMUNITY
    Column("scope_name", String(200), nullable=False),
    Column("total_cost_fen", BigInteger, nullable=False),
    Column("households", Integer, nullable=False),
    Column("share_basis", String(10), nullable=False),  # BY_AREA | EQUAL
    Column("approved_on", Date, nullable=False),
    Column("documents", Text, nullable=False),  # JSON list of {kind, title, reference}
    Column("created_at", UtcDateTime(), nullable=False),
)

fund_project_shares = Table(
    "fund_project_shares",
    metadata,
    Column("entry_id", BigInteger, primary_key=True, autoincrement=False),  # the apportionment it posted
    Column("project_id", String(36), nullable=False),
    Column("house_id", String(36), nullable=False),
    Column("building_key", String(200), nullable=False),  # domain.projects.building_key of the address
    Column("amount_fen", BigInteger, nullable=False),
    Index("ix_fund_project_shares_building", "building_key", "project_id"),
    Index("ix_fund_project_shares_project", "project_id"),
)

# Payments: orders, provider notifications, confirmations (maintfund_common.audit).
audit_log = audit_log_table(metadata)

outbox = outbox_table(metadata)
inbox = inbox_table(metadata)
