"""What the use cases ask of the world outside this service, as plain functions and small Protocols.

``bootstrap.py`` chooses the real ones (gRPC clients of the deposit service and the registry, the
e-receipt platform's HTTP client, the PDF renderer); a test passes others.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from invoice.domain.einvoice import IssueItem, IssueResult, RedFlushResult
from invoice.domain.receipt_document import ReceiptDocument
from invoice.domain.receipts import PaidDeposit

# deposit_id -> its facts from the deposit service, None when it has no such deposit (a copy that lags)
DepositLookup = Callable[[str], PaidDeposit | None]

# (account_id, house_id) -> the registry binds the house to the account (a copy that lags)
BindingLookup = Callable[[str, str], bool]

# everything printed on a receipt -> its PDF (the same input gives the same bytes)
RenderReceipt = Callable[[ReceiptDocument], bytes]


class ReceiptPlatform(Protocol):
    """The finance e-receipt platform, as the worker and the re-issue use it."""

    def query(self, biz_no: str) -> IssueResult | None: ...

    def issue(
        self,
        *,
        biz_no: str,
        payer_name: str,
        amount_fen: int,
        items: Sequence[IssueItem],
        receiving_unit: str,
    ) -> IssueResult: ...

    def red_flush(self, *, bill_code: str, bill_no: str, reason: str) -> RedFlushResult: ...
