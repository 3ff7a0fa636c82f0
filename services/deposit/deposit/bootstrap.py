"""Composition root of the deposit service: the only place real adapters are chosen."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from deposit.adapters.deposit_repository import DepositRepository
from deposit.adapters.orm import metadata
from deposit.adapters.payments.alipay import AlipayClient
from deposit.adapters.payments.wechatpay import WeChatPayClient
from deposit.config import SERVICE, Config
from deposit.service_layer.access import HouseAccess, RegistryLookups
from deposit.service_layer.payments import PaymentContext
from deposit.service_layer.ports import PaymentProvider
from deposit.service_layer.reconcile_copies import bindings_copy, house_facts_copy, receipt_states_copy
from maintfund.events.v1 import events_pb2
from maintfund.invoice.v1 import invoice_pb2, invoice_pb2_grpc
from maintfund.registry.v1 import registry_pb2, registry_pb2_grpc
from maintfund_common import errors
from maintfund_common.app import ServiceApp
from maintfund_common.audit import database_readiness
from maintfund_common.copies import DEFAULT_SOURCE_PAGE, Copy, rpc_pages
from maintfund_common.db import Database
from maintfund_common.grpc_client import ServiceClient, Target
from maintfund_common.logging_setup import configure_logging


@dataclass(kw_only=True)
class Deposit(ServiceApp):
    name: str = SERVICE
    config: Config
    db: Database[DepositRepository]
    providers: dict[str, PaymentProvider] = field(default_factory=dict)
    # house_id -> the names of its current owners (for the receipt's payer, DESIGN F6 NOT_OWNER)
    owner_names: Callable[[str], list[str]] = lambda house_id: []
    access: HouseAccess = None  # type: ignore[assignment]  # who may see and pay which house
    copies: list[Copy] = field(default_factory=list)  # reconcile-copies: each copy with its source

    def __post_init__(self) -> None:
        if self.access is None:
            self.access = HouseAccess(self.db, self.config.house_grant_key)

    def payment_context(self) -> PaymentContext:
        return PaymentContext(
            self.db,
            self.providers,
            self.owner_names,
            timedelta(minutes=self.config.order_ttl_minutes),
            self.access,
        )


def database(url: str, pool_size: int = 5) -> Database[DepositRepository]:
    """The deposit database, its SQL behind ``DepositRepository`` (``uow.repo``, ``db.reading()``)."""
    return Database(url, metadata, pool_size, repositories=DepositRepository)


def make_providers(config: Config) -> dict[str, PaymentProvider]:
    w, a = config.wechat, config.alipay
    return {
        "WECHAT": WeChatPayClient(
            base_url=w.base_url,
            mchid=w.mchid,
            appid=w.appid,
            merchant_serial_no=w.merchant_serial_no,
            merchant_private_key_pem=w.merchant_private_key_pem,
            platform_public_keys=(
                {w.platform_serial_no: w.platform_public_key_pem} if w.platform_serial_no else {}
            ),
            api_v3_key=w.api_v3_key,
            notify_url=w.notify_url,
            timeout_s=config.provider_timeout_s,
            public_keys_dir=w.public_keys_dir or None,
            public_key_id=w.public_key_id,
            download_certificates=w.download_certificates,
            refresh_interval_s=w.refresh_interval_s,
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


def registry_client(config: Config) -> ServiceClient:
    return ServiceClient(
        Target("registry", config.registry_addr, default_timeout=2.0),
        registry_pb2_grpc.RegistryServiceStub,
        config.grpc_client_token,
    )


def invoice_client(config: Config) -> ServiceClient:
    return ServiceClient(
        Target("invoice", config.invoice_addr, default_timeout=2.0),
        invoice_pb2_grpc.InvoiceServiceStub,
        config.grpc_client_token,
    )


def registry_owner_names(registry: ServiceClient) -> Callable[[str], list[str]]:
    def owner_names(house_id: str) -> list[str]:
        request = registry_pb2.GetHouseOwnerNamesRequest(house_id=house_id)
        return list(registry.GetHouseOwnerNames(request).names)

    return owner_names


def registry_lookups(registry: ServiceClient) -> RegistryLookups:
    """The registry's answers for when this service's copies lack a binding or a house."""

    def is_bound(account_id: str, house_id: str) -> bool:
        try:
            registry.GetAccountHouse(
                registry_pb2.GetAccountHouseRequest(account_id=account_id, house_id=house_id)
            )
        except errors.NotFound:
            return False
        return True

    def house_facts(house_id: str) -> events_pb2.HouseRegistered | None:
        found = registry.BatchGetHouses(registry_pb2.BatchGetHousesRequest(house_ids=[house_id])).houses
        return house_event(found[0]) if found else None

    return RegistryLookups(is_bound, house_facts)


def house_event(house: registry_pb2.House) -> events_pb2.HouseRegistered:
    """A registry house as the HouseRegistered event carries it: the copy has one code path."""
    return events_pb2.HouseRegistered(
        house_id=house.house_id,
        district_code=house.district_code,
        area_m2=house.area_m2,
        property_kind=registry_pb2.PropertyKind.Name(house.property_kind).removeprefix("PROPERTY_KIND_"),
        storey_class=registry_pb2.StoreyClass.Name(house.storey_class).removeprefix("STOREY_CLASS_"),
        address=house.address,
        deposits_blocked=house.needs_refund or house.closed,
        contract_no=house.contract_no,
        cert_no=house.cert_no,
        needs_refund=house.needs_refund,
    )


def registry_copies(registry: ServiceClient, page_size: int = DEFAULT_SOURCE_PAGE) -> list[Copy]:
    """The copies of registry's houses and bindings, with ListHouses and ListBindings as their sources."""
    houses = rpc_pages(
        registry, "ListHouses", registry_pb2.ListHousesRequest, "houses", house_event, page_size=page_size
    )
    bindings = rpc_pages(
        registry,
        "ListBindings",
        registry_pb2.ListBindingsRequest,
        "bindings",
        house_bound,
        page_size=page_size,
    )
    return [house_facts_copy(houses), bindings_copy(bindings)]


def house_bound(binding: registry_pb2.Binding) -> events_pb2.HouseBound:
    return events_pb2.HouseBound(account_id=binding.account_id, house_id=binding.house_id)


def invoice_copies(invoice: ServiceClient, page_size: int = DEFAULT_SOURCE_PAGE) -> list[Copy]:
    """The copy of receipt states, with invoice's ListDepositReceipts as its source."""
    receipts = rpc_pages(
        invoice,
        "ListDepositReceipts",
        invoice_pb2.ListDepositReceiptsRequest,
        "receipts",
        receipt_state,
        page_size=page_size,
    )
    return [receipt_states_copy(receipts)]


def receipt_state(receipt: invoice_pb2.DepositReceipt) -> events_pb2.InvoiceStatusChanged:
    return events_pb2.InvoiceStatusChanged(
        invoice_id=receipt.invoice_id,
        deposit_id=receipt.deposit_id,
        status=invoice_pb2.InvoiceStatus.Name(receipt.status).removeprefix("INVOICE_STATUS_"),
    )


def bootstrap(config: Config | None = None) -> Deposit:
    config = config or Config.from_env()
    configure_logging(SERVICE, config.log_level)
    db = database(config.database_url)
    registry = registry_client(config)
    return Deposit(
        config=config,
        db=db,
        readiness=database_readiness(db),
        providers=make_providers(config),
        owner_names=registry_owner_names(registry),
        access=HouseAccess(db, config.house_grant_key, registry_lookups(registry)),
        copies=registry_copies(registry) + invoice_copies(invoice_client(config)),
    )
