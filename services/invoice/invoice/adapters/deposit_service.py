"""The deposit service, asked for one deposit when this service's copy lacks it (DESIGN §2)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from invoice.domain.receipts import PaidDeposit
from invoice.service_layer.ports import DepositLookup
from maintfund.deposit.v1 import deposit_pb2
from maintfund_common.copies import DEFAULT_SOURCE_PAGE, SourcePage, rpc_pages
from maintfund_common.errors import NotFound
from maintfund_common.grpc_client import ServiceClient


def deposit_lookup(deposit: ServiceClient) -> DepositLookup:
    """deposit_id -> the deposit's facts, or None when the deposit service has no such deposit."""

    def lookup(deposit_id: str) -> PaidDeposit | None:
        try:
            found = deposit.GetDeposit(deposit_pb2.GetDepositRequest(deposit_id=deposit_id))
        except NotFound:
            return None
        return paid_deposit_of(found)

    return lookup


def deposit_pages(
    deposit: ServiceClient, page_size: int = DEFAULT_SOURCE_PAGE
) -> Callable[[str], SourcePage[PaidDeposit]]:
    """The deposit service's ListDeposits, page by page (owner name, address and area left empty)."""
    return rpc_pages(
        deposit,
        "ListDeposits",
        deposit_pb2.ListDepositsRequest,
        "deposits",
        paid_deposit_of,
        page_size=page_size,
    )


def paid_deposit_of(found: deposit_pb2.GetDepositResponse) -> PaidDeposit:
    return PaidDeposit(
        deposit_id=found.deposit_id,
        house_id=found.house_id,
        business_no=found.business_no,
        amount_fen=found.amount_fen,
        paid_at=datetime.fromisoformat(found.paid_at),
        channel=found.channel,
        payer_account_id=found.payer_account_id,
        owner_name=found.owner_name,
        house_address=found.house_address,
        area_m2=found.area_m2,
        payment_type=found.payment_type,
        # deposit keeps only that there is one; PaperReceiptRecorded brings the number later
        paper_receipt_no="PAPER" if found.paper_receipt_recorded else None,
    )
