"""reconcile-copies: this service's copies checked against their sources (maintfund_common.copies).

- house_facts: registry's houses (HouseRegistered), compared field by field;
- account_houses: registry's bindings (HouseBound), only added, never removed: registry never unbinds, and
  a binding the copy lacks only sends a reader to registry (DESIGN §2);
- receipt_states: invoice's newest receipt of each deposit (InvoiceStatusChanged); a deposit with a paper
  receipt keeps it, as the event's handler does.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from deposit.service_layer import billing, copies
from maintfund.events.v1 import events_pb2
from maintfund_common.copies import Copy, SourcePage

HousePages = Callable[[str], SourcePage[events_pb2.HouseRegistered]]
BindingPages = Callable[[str], SourcePage[events_pb2.HouseBound]]
ReceiptPages = Callable[[str], SourcePage[events_pb2.InvoiceStatusChanged]]


def _facts(event: events_pb2.HouseRegistered) -> tuple:
    return (
        event.district_code,
        event.address,
        Decimal(event.area_m2).quantize(Decimal("0.01")),
        event.property_kind,
        event.storey_class,
        event.deposits_blocked,
        event.contract_no,
        event.cert_no,
        event.needs_refund,
    )


def house_facts_copy(pages: HousePages) -> Copy[events_pb2.HouseRegistered]:
    return Copy(
        name="house_facts",
        pages=pages,
        key=lambda event: event.house_id,
        local=lambda repo, house_ids: repo.house_facts_by_id(house_ids),
        same=lambda row, event: row == _facts(event),
        repair=copies.record_house_facts,
    )


def bindings_copy(pages: BindingPages) -> Copy[events_pb2.HouseBound]:
    return Copy(
        name="account_houses",
        pages=pages,
        key=lambda event: (event.account_id, event.house_id),
        local=lambda repo, pairs: dict.fromkeys(repo.bindings_among(pairs)),
        same=lambda _row, _event: True,  # a binding has no facts but itself
        repair=copies.record_binding,
    )


def _same_receipt(row: Any, event: events_pb2.InvoiceStatusChanged) -> bool:
    if row is None or row.receipt_kind == "PAPER":
        return True  # a deposit unknown here is not invoice's to create; a paper receipt stands
    return (row.receipt_kind, row.invoice_id, row.invoice_status) == (
        "ELECTRONIC",
        event.invoice_id,
        event.status,
    )


def receipt_states_copy(pages: ReceiptPages) -> Copy[events_pb2.InvoiceStatusChanged]:
    def local(repo, deposit_ids: list) -> dict:
        rows = repo.receipt_copies(deposit_ids)
        return {deposit_id: rows.get(deposit_id) for deposit_id in deposit_ids}

    return Copy(
        name="receipt_states",
        pages=pages,
        key=lambda event: event.deposit_id,
        local=local,
        same=_same_receipt,
        repair=billing.record_invoice_status,
    )
