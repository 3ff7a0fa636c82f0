"""E-receipts (F3): 我要开票, status, PDF, 重新开票, a deposit's receipt page and public verification.

Access: a deposit's receipt belongs to the account that paid it and to the accounts its house is bound
to. The invoice service decides that from its own copies (payer and house from DepositPaid, bindings
from HouseBound); the gateway says only who is asking. One call each; someone else's receipt is
NOT_FOUND like a missing one.
"""

from __future__ import annotations

import logging
from typing import Any

from gateway.clients import Clients
from gateway.ops.views import invoice_dict, receipt_state_dict, verification_dict
from maintfund.invoice.v1 import invoice_pb2
from maintfund_common import errors

log = logging.getLogger(__name__)


def _caller(account_id: str) -> invoice_pb2.Caller:
    return invoice_pb2.Caller(account_id=account_id)


def _check_id(value: str, what: str) -> str:
    if not value or len(value) > 64:
        raise errors.NotFound(f"{what}不存在")
    return value


def request_invoice(clients: Clients, account_id: str, deposit_id: str) -> dict[str, Any]:
    caller = _caller(account_id)
    response = clients.invoice.RequestInvoice(
        invoice_pb2.RequestInvoiceRequest(deposit_id=_check_id(deposit_id, "交存记录"), caller=caller)
    )
    log.info(
        "receipt requested",
        extra={"invoice_id": response.invoice.invoice_id, "new_receipt": response.created},
    )
    return invoice_dict(response.invoice)


def get_invoice(clients: Clients, account_id: str, invoice_id: str) -> dict[str, Any]:
    caller = _caller(account_id)
    return invoice_dict(
        clients.invoice.GetInvoice(
            invoice_pb2.GetInvoiceRequest(invoice_id=_check_id(invoice_id, "票据"), caller=caller)
        ).invoice
    )


def invoice_pdf(clients: Clients, account_id: str, invoice_id: str) -> tuple[bytes, str]:
    caller = _caller(account_id)
    response = clients.invoice.GetInvoicePdf(
        invoice_pb2.GetInvoicePdfRequest(invoice_id=_check_id(invoice_id, "票据"), caller=caller)
    )
    return response.pdf, response.filename


def retry_invoice(clients: Clients, account_id: str, invoice_id: str) -> dict[str, Any]:
    caller = _caller(account_id)
    return invoice_dict(
        clients.invoice.RetryInvoice(
            invoice_pb2.RetryInvoiceRequest(invoice_id=_check_id(invoice_id, "票据"), caller=caller)
        ).invoice
    )


def deposit_receipt(clients: Clients, account_id: str, deposit_id: str) -> dict[str, Any]:
    """The receipt page of one deposit: its facts, the receipt kind and the active e-receipt."""
    caller = _caller(account_id)
    states = clients.invoice.GetReceiptStates(
        invoice_pb2.GetReceiptStatesRequest(deposit_ids=[_check_id(deposit_id, "交存记录")], caller=caller)
    ).states
    if not states:
        raise errors.NotFound("交存记录不存在")
    return receipt_state_dict(states[0])


def verify_receipt(clients: Clients, bill_code: str, bill_no: str, check_code: str) -> dict[str, Any]:
    """Public: is there a receipt with these numbers? Only the amount and a masked payer name."""
    answer = clients.invoice.VerifyReceipt(
        invoice_pb2.VerifyReceiptRequest(
            bill_code=bill_code[:16], bill_no=bill_no[:16], check_code=check_code[:16]
        )
    )
    return verification_dict(answer)
