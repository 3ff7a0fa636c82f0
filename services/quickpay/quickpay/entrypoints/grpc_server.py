"""Quickpay gRPC API (maintfund.quickpay.v1). Each method: proto -> handler -> proto."""

from __future__ import annotations

from datetime import UTC, datetime

import grpc

from maintfund.deposit.v1 import deposit_pb2
from maintfund.quickpay.v1 import quickpay_pb2 as pb
from maintfund.quickpay.v1 import quickpay_pb2_grpc as pb_grpc
from maintfund_common.grpc_server import GrpcService, require_caller
from maintfund_common.runners.server import grpc_service, serve_grpc
from quickpay.bootstrap import Quickpay, bootstrap
from quickpay.service_layer import by_token, lookups
from quickpay.service_layer.ports import QuickpayDeps

CALLERS = ("gateway",)


def state_to_pb(state: by_token.State) -> pb.QuickpayState:
    found = state.bill
    result = pb.QuickpayState(bill=found.bill, owner_name_masked=found.owner_name_masked)
    if found.HasField("deposit"):
        result.deposit.CopyFrom(found.deposit)
        if state.invoice_id:
            result.deposit.receipt.kind = deposit_pb2.RECEIPT_KIND_ELECTRONIC
            result.deposit.receipt.invoice_id = state.invoice_id
            result.deposit.receipt.status = state.invoice_status
    if found.HasField("latest_order"):
        result.latest_order.CopyFrom(found.latest_order)
    return result


class QuickpayServicer(pb_grpc.QuickpayServiceServicer):
    def __init__(self, app: QuickpayDeps) -> None:
        self.app = app

    def Lookup(self, request: pb.LookupRequest, context: grpc.ServicerContext) -> pb.LookupResponse:
        require_caller(*CALLERS)
        command = lookups.Lookup(
            request.business_no,
            request.owner_name,
            request.client_ip,
            request.challenge_id,
            request.challenge_answer,
        )
        token, expires_at, state = lookups.lookup(self.app, command)
        return pb.LookupResponse(token=token, expires_at=expires_at.isoformat(), state=state_to_pb(state))

    def VerifyToken(
        self, request: pb.VerifyTokenRequest, context: grpc.ServicerContext
    ) -> pb.VerifyTokenResponse:
        require_caller(*CALLERS)
        claims = by_token.verify(self.app, request.token)
        return pb.VerifyTokenResponse(
            bill_id=claims.bill_id,
            business_no=claims.business_no,
            house_id=claims.house_id,
            expires_at=datetime.fromtimestamp(claims.expires_at, UTC).isoformat(),
        )

    def GetState(self, request: pb.GetStateRequest, context: grpc.ServicerContext) -> pb.GetStateResponse:
        require_caller(*CALLERS)
        return pb.GetStateResponse(state=state_to_pb(by_token.state(self.app, request.token)))

    def CreateOrder(
        self, request: pb.CreateOrderRequest, context: grpc.ServicerContext
    ) -> pb.CreateOrderResponse:
        require_caller(*CALLERS)
        order, replayed = by_token.create_order(
            self.app,
            request.token,
            request.channel,
            request.amount_fen,
            idempotency_key=request.idempotency_key,
            request_hash=request.request_hash,
        )
        return pb.CreateOrderResponse(order=order, replayed=replayed)

    def RequestInvoice(
        self, request: pb.RequestInvoiceRequest, context: grpc.ServicerContext
    ) -> pb.RequestInvoiceResponse:
        require_caller(*CALLERS)
        invoice_id, status = by_token.request_invoice(self.app, request.token)
        return pb.RequestInvoiceResponse(invoice_id=invoice_id, status=status)

    def GetInvoicePdf(
        self, request: pb.GetInvoicePdfRequest, context: grpc.ServicerContext
    ) -> pb.GetInvoicePdfResponse:
        require_caller(*CALLERS)
        pdf, filename = by_token.invoice_pdf(self.app, request.token)
        return pb.GetInvoicePdfResponse(pdf=pdf, filename=filename)


def build_server(app: Quickpay) -> GrpcService:
    return grpc_service(
        app,
        pb_grpc.add_QuickpayServiceServicer_to_server,
        QuickpayServicer(app.deps),
        pb.DESCRIPTOR.services_by_name["QuickpayService"],
    )


def main() -> None:
    serve_grpc(bootstrap(), build_server)


if __name__ == "__main__":
    main()
