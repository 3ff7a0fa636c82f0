"""Composition root of the invoice service: the only place real adapters are chosen."""

from __future__ import annotations

from dataclasses import dataclass

from invoice.adapters.deposit_service import DepositLookup, deposit_lookup
from invoice.adapters.einvoice_platform import EInvoicePlatformClient
from invoice.adapters.orm import metadata
from invoice.adapters.registry_service import BindingLookup, binding_lookup
from invoice.config import SERVICE, Config
from invoice.service_layer.bindings import Bindings
from maintfund.deposit.v1 import deposit_pb2_grpc
from maintfund.registry.v1 import registry_pb2_grpc
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
    # whose receipts these are: the copy of the register's bindings, and the registry when it lags
    bindings: Bindings = None  # type: ignore[assignment]

    def __post_init__(self) -> None:
        if self.bindings is None:
            self.bindings = Bindings(self.db)


def deposit_service_lookup(config: Config) -> DepositLookup:
    deposit = ServiceClient(
        Target("deposit", config.deposit_addr, default_timeout=config.deposit_timeout_s),
        deposit_pb2_grpc.DepositServiceStub,
        config.grpc_client_token,
    )
    return deposit_lookup(deposit)


def registry_binding_lookup(config: Config) -> BindingLookup:
    registry = ServiceClient(
        Target("registry", config.registry_addr, default_timeout=config.deposit_timeout_s),
        registry_pb2_grpc.RegistryServiceStub,
        config.grpc_client_token,
    )
    return binding_lookup(registry)


def bootstrap(config: Config | None = None, db: Database | None = None) -> Invoice:
    config = config or Config.from_env()
    configure_logging(SERVICE, config.log_level)
    platform = EInvoicePlatformClient(
        config.einvoice_base_url,
        config.einvoice_app_id,
        config.einvoice_app_secret,
        timeout=(min(2.0, config.einvoice_timeout_s), config.einvoice_timeout_s),
    )
    db = db or Database(config.database_url, metadata)
    return Invoice(
        config=config,
        db=db,
        keyring=load_keyring(),
        platform=platform,
        lookup_deposit=deposit_service_lookup(config),
        bindings=Bindings(db, registry_binding_lookup(config)),
    )
