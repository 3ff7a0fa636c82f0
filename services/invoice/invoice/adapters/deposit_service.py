"""The deposit service, asked for one deposit when this service's copy lacks it (DESIGN §2)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from invoice.domain.receipts import PaidDeposit
from invoice.service_layer.ports import DepositLookup
from maintfund.deposit.v1 import deposit_pb2
from maintfund_common.copies import SourcePage
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
    deposit: ServiceClient, page_size: int, timeout_s: float
) -> Callable[[str], SourcePage[PaidDeposit]]:
    """The deposit service's ListDeposits, page by page (owner name, address and area left empty)."""

    def pages(token: str) -> SourcePage[PaidDeposit]:
        request = deposit_pb2.ListDepositsRequest(page_size=page_size, page_token=token)
        page = deposit.call("ListDeposits", request, timeout=timeout_s)
        return SourcePage([paid_deposit_of(found) for found in page.deposits], page.next_page_token)

    return pages


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
