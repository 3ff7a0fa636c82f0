"""Composition root of the invoice service: the only place real adapters are chosen."""

from __future__ import annotations

from dataclasses import dataclass, field

from invoice.adapters.deposit_service import deposit_lookup, deposit_pages
from invoice.adapters.einvoice_platform import EInvoicePlatformClient
from invoice.adapters.orm import metadata
from invoice.adapters.receipt_pdf import render_receipt_pdf
from invoice.adapters.registry_service import binding_lookup, binding_pages
from invoice.adapters.repository import InvoiceRepository
from invoice.config import SERVICE, Config
from invoice.service_layer.bindings import Bindings
from invoice.service_layer.ports import DepositLookup, ReceiptPlatform, RenderReceipt
from invoice.service_layer.reconcile_copies import bindings_copy, deposits_copy
from maintfund.deposit.v1 import deposit_pb2_grpc
from maintfund.registry.v1 import registry_pb2_grpc
from maintfund_common.app import ServiceApp
from maintfund_common.audit import database_readiness
from maintfund_common.config import load_keyring
from maintfund_common.copies import DEFAULT_SOURCE_PAGE, Copy
from maintfund_common.db import Database
from maintfund_common.field_crypto import KeyRing
from maintfund_common.grpc_client import ServiceClient, Target
from maintfund_common.logging_setup import configure_logging


@dataclass(kw_only=True)
class Invoice(ServiceApp):
    name: str = SERVICE
    config: Config
    db: Database[InvoiceRepository]
    keyring: KeyRing
    platform: ReceiptPlatform  # the finance e-receipt platform (EInvoicePlatformClient)
    # deposit_id -> its facts from the deposit service (None: no such deposit), for a copy that lags
    lookup_deposit: DepositLookup
    # whose receipts these are: the copy of the register's bindings, and the registry when it lags
    bindings: Bindings = None  # type: ignore[assignment]
    copies: list[Copy] = field(default_factory=list)  # reconcile-copies: each copy with its source
    render_pdf: RenderReceipt = render_receipt_pdf  # an issued receipt's PDF, rendered once and stored

    def __post_init__(self) -> None:
        if self.bindings is None:
            self.bindings = Bindings(self.db)


def database(url: str, pool_size: int = 5) -> Database[InvoiceRepository]:
    """The invoice database, its SQL behind ``InvoiceRepository`` (``uow.repo``, ``db.reading()``)."""
    return Database(url, metadata, pool_size, repositories=InvoiceRepository)


def deposit_client(config: Config) -> ServiceClient:
    return ServiceClient(
        Target("deposit", config.deposit_addr, default_timeout=config.deposit_timeout_s),
        deposit_pb2_grpc.DepositServiceStub,
        config.grpc_client_token,
    )


def registry_client(config: Config) -> ServiceClient:
    return ServiceClient(
        Target("registry", config.registry_addr, default_timeout=config.deposit_timeout_s),
        registry_pb2_grpc.RegistryServiceStub,
        config.grpc_client_token,
    )


def source_copies(
    deposit: ServiceClient, registry: ServiceClient, keyring: KeyRing, page_size: int = DEFAULT_SOURCE_PAGE
) -> list[Copy]:
    """The copies of deposits and bindings, with deposit's ListDeposits and registry's ListBindings."""
    return [
        deposits_copy(deposit_pages(deposit, page_size), deposit_lookup(deposit), keyring),
        bindings_copy(binding_pages(registry, page_size)),
    ]


def bootstrap(config: Config | None = None, db: Database | None = None) -> Invoice:
    config = config or Config.from_env()
    configure_logging(SERVICE, config.log_level)
    platform = EInvoicePlatformClient(
        config.einvoice_base_url,
        config.einvoice_app_id,
        config.einvoice_app_secret,
        timeout=(min(2.0, config.einvoice_timeout_s), config.einvoice_timeout_s),
    )
    db = db or database(config.database_url)
    keyring = load_keyring()
    deposit, registry = deposit_client(config), registry_client(config)
    return Invoice(
        config=config,
        db=db,
        readiness=database_readiness(db),
        keyring=keyring,
        platform=platform,
        lookup_deposit=deposit_lookup(deposit),
        bindings=Bindings(db, binding_lookup(registry)),
        copies=source_copies(deposit, registry, keyring),
    )
