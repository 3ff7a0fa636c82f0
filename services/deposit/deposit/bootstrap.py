"""Composition root of the deposit service: the only place real adapters are chosen."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from deposit.adapters.orm import metadata
from deposit.adapters.payments import PaymentProvider
from deposit.adapters.payments.alipay import AlipayClient
from deposit.adapters.payments.wechatpay import WeChatPayClient
from deposit.config import SERVICE, Config
from deposit.service_layer.payments import PaymentContext
from maintfund.registry.v1 import registry_pb2, registry_pb2_grpc
from maintfund_common.db import Database
from maintfund_common.grpc_client import ServiceClient, Target
from maintfund_common.logging_setup import configure_logging


@dataclass
class Deposit:
    config: Config
    db: Database
    providers: dict[str, PaymentProvider] = field(default_factory=dict)
    # house_id -> the names of its current owners (for the receipt's payer, DESIGN F6 NOT_OWNER)
    owner_names: Callable[[str], list[str]] = lambda house_id: []

    def payment_context(self) -> PaymentContext:
        return PaymentContext(
            self.db, self.providers, self.owner_names, timedelta(minutes=self.config.order_ttl_minutes)
        )


def make_providers(config: Config) -> dict[str, PaymentProvider]:
    w, a = config.wechat, config.alipay
    return {
        "WECHAT": WeChatPayClient(
            base_url=w.base_url,
            mchid=w.mchid,
            appid=w.appid,
            merchant_serial_no=w.merchant_serial_no,
            merchant_private_key_pem=w.merchant_private_key_pem,
            platform_public_keys={w.platform_serial_no: w.platform_public_key_pem},
            api_v3_key=w.api_v3_key,
            notify_url=w.notify_url,
            timeout_s=config.provider_timeout_s,
        ),
        "ALIPAY": AlipayClient(
            gateway_url=a.gateway_url,
            app_id=a.app_id,
            seller_id=a.seller_id,
            app_private_key_pem=a.app_private_key_pem,
            alipay_public_key_pem=a.alipay_public_key_pem,
            notify_url=a.notify_url,
            timeout_s=config.provider_timeout_s,
        ),
    }


def registry_owner_names(config: Config) -> Callable[[str], list[str]]:
    registry = ServiceClient(
        Target("registry", config.registry_addr, default_timeout=2.0),
        registry_pb2_grpc.RegistryServiceStub,
        config.grpc_client_token,
    )

    def owner_names(house_id: str) -> list[str]:
        request = registry_pb2.GetHouseOwnerNamesRequest(house_id=house_id)
        return list(registry.GetHouseOwnerNames(request).names)

    return owner_names


def bootstrap(config: Config | None = None) -> Deposit:
    config = config or Config.from_env()
    configure_logging(SERVICE, config.log_level)
    return Deposit(
        config=config,
        db=Database(config.database_url, metadata),
        providers=make_providers(config),
        owner_names=registry_owner_names(config),
    )
