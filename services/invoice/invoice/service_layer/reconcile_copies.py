"""reconcile-copies: this service's copies checked against their sources (maintfund_common.copies).

- deposits: the deposit service's deposits (DepositPaid, PaperReceiptRecorded); a deposit the copy lacks
  or holds differently is asked of the deposit service in full (GetDeposit) and stored or set back;
- account_houses: registry's bindings (HouseBound), only added: registry never unbinds.
"""

from __future__ import annotations

from collections.abc import Callable

from invoice.domain.receipts import PaidDeposit
from invoice.domain.records import StoredDeposit
from invoice.service_layer import bindings, deposits
from invoice.service_layer.ports import DepositLookup
from maintfund.events.v1 import events_pb2
from maintfund_common.copies import Copy, SourcePage
from maintfund_common.field_crypto import KeyRing

DepositPages = Callable[[str], SourcePage[PaidDeposit]]  # without owner name, address and area
BindingPages = Callable[[str], SourcePage[events_pb2.HouseBound]]


def _same_deposit(row: StoredDeposit, source: PaidDeposit) -> bool:
    return (
        row.house_id,
        row.business_no,
        row.amount_fen,
        row.paid_at,
        row.payer_account_id or "",
        bool(row.paper_receipt_no),
    ) == (
        source.house_id,
        source.business_no,
        source.amount_fen,
        source.paid_at,
        source.payer_account_id,
        bool(source.paper_receipt_no),
    )


def deposits_copy(pages: DepositPages, lookup: DepositLookup, keyring: KeyRing) -> Copy[PaidDeposit]:
    def complete(items: list[PaidDeposit]) -> list[PaidDeposit]:
        found = (lookup(item.deposit_id) for item in items)
        return [deposit for deposit in found if deposit is not None]

    return Copy(
        name="deposits",
        pages=pages,
        key=lambda deposit: deposit.deposit_id,
        local=lambda repo, ids: {d.deposit_id: d for d in repo.get_deposits(ids)},
        same=_same_deposit,
        repair=lambda uow, deposit: deposits.restore_deposit(uow, keyring, deposit),
        complete=complete,
    )


def bindings_copy(pages: BindingPages) -> Copy[events_pb2.HouseBound]:
    return Copy(
        name="account_houses",
        pages=pages,
        key=lambda event: (event.account_id, event.house_id),
        local=lambda repo, pairs: dict.fromkeys(repo.bindings_among(pairs)),
        same=lambda _row, _event: True,  # a binding has no facts but itself
        repair=bindings.record_binding,
    )
