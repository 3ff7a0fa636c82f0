"""The gateway's gRPC clients: one channel per service per worker process, made lazily after the fork."""

from __future__ import annotations

from dataclasses import dataclass

from gateway.config import Config
from maintfund.deposit.v1 import deposit_pb2_grpc
from maintfund.identity.v1 import identity_pb2_grpc
from maintfund.invoice.v1 import invoice_pb2_grpc
from maintfund.notification.v1 import notification_pb2_grpc
from maintfund.quickpay.v1 import quickpay_pb2_grpc
from maintfund.registry.v1 import registry_pb2_grpc
from maintfund_common.grpc_client import ServiceClient, Target


@dataclass(frozen=True)
class Clients:
    identity: ServiceClient
    registry: ServiceClient
    deposit: ServiceClient
    invoice: ServiceClient
    quickpay: ServiceClient
    notification: ServiceClient


def make_clients(config: Config) -> Clients:
    def client(name: str, address: str, stub: type) -> ServiceClient:
        return ServiceClient(Target(name, address, config.grpc_timeout_s), stub, config.grpc_client_token)

    return Clients(
        identity=client("identity", config.identity_addr, identity_pb2_grpc.IdentityServiceStub),
        registry=client("registry", config.registry_addr, registry_pb2_grpc.RegistryServiceStub),
        deposit=client("deposit", config.deposit_addr, deposit_pb2_grpc.DepositServiceStub),
        invoice=client("invoice", config.invoice_addr, invoice_pb2_grpc.InvoiceServiceStub),
        quickpay=client("quickpay", config.quickpay_addr, quickpay_pb2_grpc.QuickpayServiceStub),
        notification=client(
            "notification", config.notification_addr, notification_pb2_grpc.NotificationServiceStub
        ),
    )
