"""Quickpay gRPC API (maintfund.quickpay.v1). Each method: proto -> handler -> proto."""

from __future__ import annotations

from datetime import UTC, datetime

import grpc

from maintfund.deposit.v1 import deposit_pb2
from maintfund.quickpay.v1 import quickpay_pb2 as pb
from maintfund.quickpay.v1 import quickpay_pb2_grpc as pb_grpc
from maintfund_common.grpc_server import GrpcService, require_caller, run_until_signalled, service_for
from maintfund_common.logging_setup import configure_logging
from quickpay.bootstrap import bootstrap
from quickpay.config import SERVICE, Config
from quickpay.service_layer import handlers
from quickpay.service_layer.handlers import QuickpayApp

CALLERS = ("gateway",)


def state_to_pb(state: handlers.State) -> pb.QuickpayState:
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
    def __init__(self, app: QuickpayApp) -> None:
        self.app = app

    def Lookup(self, request: pb.LookupRequest, context: grpc.ServicerContext) -> pb.LookupResponse:
        require_caller(*CALLERS)
        command = handlers.Lookup(
            request.business_no,
            request.owner_name,
            request.client_ip,
            request.challenge_id,
            request.challenge_answer,
        )
        token, expires_at, state = handlers.lookup(self.app, command)
        return pb.LookupResponse(token=token, expires_at=expires_at.isoformat(), state=state_to_pb(state))

    def VerifyToken(
        self, request: pb.VerifyTokenRequest, context: grpc.ServicerContext
    ) -> pb.VerifyTokenResponse:
        require_caller(*CALLERS)
        claims = handlers.verify(self.app, request.token)
        return pb.VerifyTokenResponse(
            bill_id=claims.bill_id,
            business_no=claims.business_no,
            house_id=claims.house_id,
            expires_at=datetime.fromtimestamp(claims.expires_at, UTC).isoformat(),
        )

    def GetState(self, request: pb.GetStateRequest, context: grpc.ServicerContext) -> pb.GetStateResponse:
        require_caller(*CALLERS)
        return pb.GetStateResponse(state=state_to_pb(handlers.state(self.app, request.token)))

    def CreateOrder(
        self, request: pb.CreateOrderRequest, context: grpc.ServicerContext
    ) -> pb.CreateOrderResponse:
        require_caller(*CALLERS)
        order, replayed = handlers.create_order(
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
        invoice_id, status = handlers.request_invoice(self.app, request.token)
        return pb.RequestInvoiceResponse(invoice_id=invoice_id, status=status)

    def GetInvoicePdf(
        self, request: pb.GetInvoicePdfRequest, context: grpc.ServicerContext
    ) -> pb.GetInvoicePdfResponse:
        require_caller(*CALLERS)
        pdf, filename = handlers.invoice_pdf(self.app, request.token)
        return pb.GetInvoicePdfResponse(pdf=pdf, filename=filename)


def build_server(config: Config, app: QuickpayApp | None = None) -> GrpcService:
    quickpay_app = app or bootstrap(config)

    return service_for(
        config.grpc,
        pb_grpc.add_QuickpayServiceServicer_to_server,
        QuickpayServicer(quickpay_app),
        pb.DESCRIPTOR.services_by_name["QuickpayService"],
        readiness=quickpay_app.store.ping,
    )


def main() -> None:
    config = Config.from_env()
    configure_logging(SERVICE, config.log_level)
    run_until_signalled(build_server(config))


if __name__ == "__main__":
    main()
