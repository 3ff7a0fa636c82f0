"""Quickpay tables (first version: the outbox and inbox every service has)."""

from __future__ import annotations

from maintfund_common.db import inbox_table, new_metadata, outbox_table

metadata = new_metadata()
outbox = outbox_table(metadata)
inbox = inbox_table(metadata)
