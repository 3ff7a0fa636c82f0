"""Composition root of the invoice service: the only place real adapters are chosen."""

from __future__ import annotations

from dataclasses import dataclass

from invoice.adapters.deposit_service import DepositLookup, deposit_lookup
from invoice.adapters.einvoice_platform import EInvoicePlatformClient
from invoice.adapters.orm import metadata
from invoice.config import SERVICE, Config
from maintfund.deposit.v1 import deposit_pb2_grpc
from maintfund_common.config import load_keyring
from maintfund_common.db import Database
from maintfund_common.field_crypto import KeyRing
from maintfund_common.grpc_client import ServiceClient, Target
from maintfund_common.logging_setup import configure_logging


@dataclass
class Invoice:
    config: Config
    db: Database
    keyring: KeyRing
    platform: EInvoicePlatformClient
    # deposit_id -> its facts from the deposit service (None: no such deposit), for a copy that lags
    lookup_deposit: DepositLookup


def deposit_service_lookup(config: Config) -> DepositLookup:
    deposit = ServiceClient(
        Target("deposit", config.deposit_addr, default_timeout=config.deposit_timeout_s),
        deposit_pb2_grpc.DepositServiceStub,
        config.grpc_client_token,
    )
    return deposit_lookup(deposit)


def bootstrap(config: Config | None = None, db: Database | None = None) -> Invoice:
    config = config or Config.from_env()
    configure_logging(SERVICE, config.log_level)
    platform = EInvoicePlatformClient(
        config.einvoice_base_url,
        config.einvoice_app_id,
        config.einvoice_app_secret,
        timeout=(min(2.0, config.einvoice_timeout_s), config.einvoice_timeout_s),
    )
    return Invoice(
        config=config,
        db=db or Database(config.database_url, metadata),
        keyring=load_keyring(),
        platform=platform,
        lookup_deposit=deposit_service_lookup(config),
    )
