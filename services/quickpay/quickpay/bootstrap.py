"""Composition root of the quickpay service: the only place real adapters are chosen."""

from __future__ import annotations

from dataclasses import dataclass

import redis

from maintfund.deposit.v1 import deposit_pb2_grpc
from maintfund.invoice.v1 import invoice_pb2_grpc
from maintfund_common.app import ServiceApp
from maintfund_common.grpc_client import ServiceClient, Target
from maintfund_common.logging_setup import configure_logging
from quickpay.adapters.limits import RedisAbuseStore
from quickpay.config import SERVICE, Config
from quickpay.service_layer.ports import QuickpayDeps


@dataclass(kw_only=True)
class Quickpay(ServiceApp):
    """No database (its README says why): ready while Redis, which keeps the limits, answers."""

    name: str = SERVICE
    config: Config
    deps: QuickpayDeps


def quickpay_deps(config: Config) -> QuickpayDeps:
    def client(name: str, address: str, stub: type) -> ServiceClient:
        return ServiceClient(Target(name, address, default_timeout=5.0), stub, config.grpc_client_token)

    return QuickpayDeps(
        deposit=client("deposit", config.deposit_addr, deposit_pb2_grpc.DepositServiceStub),
        invoice=client("invoice", config.invoice_addr, invoice_pb2_grpc.InvoiceServiceStub),
        store=RedisAbuseStore(redis.Redis.from_url(config.redis_url, socket_timeout=2)),
        token_key=config.token_key.encode(),
        token_ttl_s=config.token_ttl_s,
        miss_min_s=config.miss_min_ms / 1000,
        limits=config.limits,
    )


def bootstrap(config: Config | None = None, deps: QuickpayDeps | None = None) -> Quickpay:
    config = config or Config.from_env()
    configure_logging(SERVICE, config.log_level)
    deps = deps or quickpay_deps(config)
    return Quickpay(config=config, deps=deps, readiness=deps.store.ping)
