"""Invoice gRPC API (maintfund.invoice.v1). Each method: proto -> handler -> proto."""

from __future__ import annotations

import grpc

from invoice.bootstrap import Invoice, bootstrap
from invoice.domain.receipts import QUICKPAY_PRINCIPAL, quickpay_principal
from invoice.domain.records import StoredInvoice
from invoice.service_layer import receipts
from maintfund.invoice.v1 import invoice_pb2 as pb
from maintfund.invoice.v1 import invoice_pb2_grpc as pb_grpc
from maintfund_common import errors
from maintfund_common.grpc_server import GrpcService, require_caller
from maintfund_common.runners.server import grpc_service, serve_grpc


def invoice_to_pb(invoice: StoredInvoice) -> pb.Invoice:
    return pb.Invoice(
        invoice_id=invoice.invoice_id,
        deposit_id=invoice.deposit_id,
        house_id=invoice.house_id,
        status=pb.InvoiceStatus.Value(f"INVOICE_STATUS_{invoice.status.value}"),
        bill_code=invoice.bill_code or "",
        bill_no=invoice.bill_no or "",
        check_code=invoice.check_code or "",
        issued_at=invoice.issued_at.isoformat() if invoice.issued_at else "",
        amount_fen=invoice.amount_fen,
        business_no=invoice.business_no,
        failure_reason=invoice.failure_reason or "",
        attempts=invoice.attempts,
        requested_at=invoice.requested_at.isoformat(),
        replaces_invoice_id=invoice.replaces_invoice_id or "",
        red_bill_code=invoice.red_bill_code or "",
        red_bill_no=invoice.red_bill_no or "",
    )


def caller_of(caller: pb.Caller) -> str:
    """The principal asking: an account, a verified quick-pay token's deposit, or "" (a municipal system)."""
    if caller.quickpay_deposit_id:
        # only the quickpay service, after verifying its signed token, may name a deposit this way
        require_caller("quickpay")
        return quickpay_principal(caller.quickpay_deposit_id)
    if caller.account_id.startswith(QUICKPAY_PRINCIPAL):
        raise errors.NotFound("票据不存在", code="NOT_FOUND")
    return caller.account_id


class InvoiceServicer(pb_grpc.InvoiceServiceServicer):
    def __init__(self, app: Invoice) -> None:
        self.app = app

    def RequestInvoice(
        self, request: pb.RequestInvoiceRequest, context: grpc.ServicerContext
    ) -> pb.RequestInvoiceResponse:
        account_id = caller_of(request.caller)
        app = self.app
        with receipts.refusals_audited(app.db, "RECEIPT_REQUEST", account_id, request.deposit_id):
            invoice, created = receipts.request_receipt(
                app.db,
                app.keyring,
                app.lookup_deposit,
                app.bindings,
                deposit_id=request.deposit_id,
                account_id=account_id,
            )
        return pb.RequestInvoiceResponse(invoice=invoice_to_pb(invoice), created=created)

    def GetInvoice(
        self, request: pb.GetInvoiceRequest, context: grpc.ServicerContext
    ) -> pb.GetInvoiceResponse:
        account_id = caller_of(request.caller)
        with self.app.db.reading() as repo:
            binds = self.app.bindings.binds(repo, account_id)
            invoice = receipts.get_invoice(repo, request.invoice_id, account_id, binds)
        return pb.GetInvoiceResponse(invoice=invoice_to_pb(invoice))

    def GetInvoicePdf(
        self, request: pb.GetInvoicePdfRequest, context: grpc.ServicerContext
    ) -> pb.GetInvoicePdfResponse:
        account_id = caller_of(request.caller)
        with self.app.db.reading() as repo:
            binds = self.app.bindings.binds(repo, account_id)
            invoice, pdf, sha256 = receipts.get_invoice_pdf(repo, request.invoice_id, account_id, binds)
        return pb.GetInvoicePdfResponse(
            pdf=pdf, sha256=sha256, filename=f"{invoice.bill_code}-{invoice.bill_no}.pdf"
        )

    def RetryInvoice(
        self, request: pb.RetryInvoiceRequest, context: grpc.ServicerContext
    ) -> pb.RetryInvoiceResponse:
        account_id = caller_of(request.caller)
        with receipts.refusals_audited(self.app.db, "RECEIPT_RETRY", account_id, request.invoice_id):
            invoice = receipts.retry_receipt(self.app.db, self.app.bindings, request.invoice_id, account_id)
        return pb.RetryInvoiceResponse(invoice=invoice_to_pb(invoice))

    def ReissueInvoice(
        self, request: pb.ReissueInvoiceRequest, context: grpc.ServicerContext
    ) -> pb.ReissueInvoiceResponse:
        account_id = caller_of(request.caller)
        new, old = receipts.reissue_invoice(
            self.app.db,
            self.app.platform,
            invoice_id=request.invoice_id,
            account_id=account_id,
            bindings=self.app.bindings,
            reason=request.reason,
        )
        return pb.ReissueInvoiceResponse(invoice=invoice_to_pb(new), red_flushed=invoice_to_pb(old))

    def VerifyReceipt(
        self, request: pb.VerifyReceiptRequest, context: grpc.ServicerContext
    ) -> pb.VerifyReceiptResponse:
        with self.app.db.reading() as repo:
            found = receipts.verify_receipt(repo, request.bill_code, request.bill_no, request.check_code)
        if found is None:
            return pb.VerifyReceiptResponse(genuine=False)
        return pb.VerifyReceiptResponse(
            genuine=True,
            status=pb.InvoiceStatus.Value(f"INVOICE_STATUS_{found.status.value}"),
            amount_fen=found.amount_fen,
            payer_name_masked=found.payer_name_masked or "",
            issued_at=found.issued_at.isoformat() if found.issued_at else "",
        )

    def GetReceiptStates(
        self, request: pb.GetReceiptStatesRequest, context: grpc.ServicerContext
    ) -> pb.GetReceiptStatesResponse:
        account_id = caller_of(request.caller)
        with self.app.db.reading() as repo:
            binds = self.app.bindings.binds(repo, account_id)
            states = receipts.receipt_states(repo, list(request.deposit_ids), account_id, binds)
        return pb.GetReceiptStatesResponse(
            states=[
                pb.ReceiptState(
                    deposit_id=s.deposit.deposit_id,
                    house_id=s.deposit.house_id,
                    kind=pb.ReceiptKind.Value(f"RECEIPT_KIND_{s.kind}"),
                    invoice=invoice_to_pb(s.invoice) if s.invoice else None,
                    amount_fen=s.deposit.amount_fen,
                    business_no=s.deposit.business_no,
                    paid_at=s.deposit.paid_at.isoformat(),
                    house_address=s.deposit.house_address,
                )
                for s in states
            ]
        )

    def ListDepositReceipts(
        self, request: pb.ListDepositReceiptsRequest, context: grpc.ServicerContext
    ) -> pb.ListDepositReceiptsResponse:
        require_caller("deposit")
        with self.app.db.reading() as repo:
            page = receipts.list_deposit_receipts(repo, request.page_size, request.page_token)
        return pb.ListDepositReceiptsResponse(
            receipts=[
                pb.DepositReceipt(
                    deposit_id=deposit_id,
                    invoice_id=invoice_id,
                    status=pb.InvoiceStatus.Value(f"INVOICE_STATUS_{status}"),
                )
                for deposit_id, invoice_id, status in page.items
            ],
            next_page_token=page.next_token,
        )


def build_server(app: Invoice) -> GrpcService:
    return grpc_service(
        app,
        pb_grpc.add_InvoiceServiceServicer_to_server,
        InvoiceServicer(app),
        pb.DESCRIPTOR.services_by_name["InvoiceService"],
    )


def main() -> None:
    serve_grpc(bootstrap(), build_server)


if __name__ == "__main__":
    main()
