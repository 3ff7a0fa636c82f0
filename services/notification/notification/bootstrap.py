"""Composition root of the notification service: the only place real adapters are chosen."""

from __future__ import annotations

from dataclasses import dataclass, field

from maintfund.identity.v1 import identity_pb2_grpc
from maintfund.registry.v1 import registry_pb2_grpc
from maintfund_common.app import ServiceApp
from maintfund_common.config import load_keyring
from maintfund_common.copies import Copy
from maintfund_common.db import Database, ping
from maintfund_common.field_crypto import KeyRing
from maintfund_common.grpc_client import ServiceClient, Target
from maintfund_common.logging_setup import configure_logging
from notification.adapters.identity_service import masked_name_lookup, phone_lookup
from notification.adapters.orm import metadata
from notification.adapters.registry_service import binding_pages
from notification.adapters.repository import NotificationRepository
from notification.adapters.sms_gateway import SmsGateway
from notification.config import SERVICE, Config
from notification.service_layer.ports import MaskedNameLookup, PhoneLookup, SmsSender
from notification.service_layer.reconcile_copies import bindings_copy


@dataclass(kw_only=True)
class Notification(ServiceApp):
    name: str = SERVICE
    config: Config
    db: Database[NotificationRepository]
    keyring: KeyRing  # the phone's keyed hash for the daily cap (the phone itself is never stored)
    sms: SmsSender
    phone_of: PhoneLookup  # identity's GetSmsContact, asked at send time
    masked_name_of: MaskedNameLookup  # identity's GetAccount, asked when someone else paid for a house
    copies: list[Copy] = field(default_factory=list)


def database(url: str, pool_size: int = 5) -> Database[NotificationRepository]:
    return Database(url, metadata, pool_size, repositories=NotificationRepository)


SOURCE_PAGE_SIZE = 500
SOURCE_PAGE_TIMEOUT_S = 10.0


def identity_client(config: Config) -> ServiceClient:
    return ServiceClient(
        Target("identity", config.identity_addr, default_timeout=config.remote_timeout_s),
        identity_pb2_grpc.IdentityServiceStub,
        config.grpc_client_token,
    )


def registry_client(config: Config) -> ServiceClient:
    return ServiceClient(
        Target("registry", config.registry_addr, default_timeout=config.remote_timeout_s),
        registry_pb2_grpc.RegistryServiceStub,
        config.grpc_client_token,
    )


def sms_gateway(config: Config) -> SmsGateway:
    return SmsGateway(config.sms_base_url, config.sms_api_key, config.sms_sign_name, config.sms_timeout_s)


def bootstrap(config: Config | None = None, db: Database | None = None) -> Notification:
    config = config or Config.from_env()
    configure_logging(SERVICE, config.log_level)
    db = db or database(config.database_url)
    registry = registry_client(config)
    identity = identity_client(config)
    return Notification(
        config=config,
        db=db,
        # no audit trail of its own (messages are not a person's data being viewed): the database answering
        readiness=lambda: ping(db.engine),
        keyring=load_keyring(),
        sms=sms_gateway(config),
        phone_of=phone_lookup(identity),
        masked_name_of=masked_name_lookup(identity),
        copies=[bindings_copy(binding_pages(registry, SOURCE_PAGE_SIZE, SOURCE_PAGE_TIMEOUT_S))],
    )
