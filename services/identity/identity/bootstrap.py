"""Composition root of the identity service: the only place real adapters are chosen."""

from __future__ import annotations

from dataclasses import dataclass, field

import redis
from argon2 import PasswordHasher

from identity.adapters.external import RealNameVerifier, SmsGateway
from identity.adapters.login_throttle import RedisLoginThrottle
from identity.adapters.orm import metadata
from identity.adapters.registry_service import bind_owned_houses, binding_pages
from identity.adapters.repository import IdentityRepository
from identity.config import SERVICE, Config
from identity.domain.model import LockoutPolicy, SmsPolicy
from identity.service_layer.ports import IdentityDeps
from identity.service_layer.reconcile_copies import bindings_copy
from maintfund.registry.v1 import registry_pb2_grpc
from maintfund_common.app import ServiceApp
from maintfund_common.audit import database_readiness
from maintfund_common.config import load_keyring
from maintfund_common.copies import Copy
from maintfund_common.db import Database
from maintfund_common.grpc_client import ServiceClient, Target
from maintfund_common.logging_setup import configure_logging


@dataclass(kw_only=True)
class Identity(ServiceApp):
    name: str = SERVICE
    config: Config
    db: Database[IdentityRepository]
    deps: IdentityDeps
    copies: list[Copy] = field(default_factory=list)  # reconcile-copies: each copy with its source


def database(url: str, pool_size: int = 5) -> Database[IdentityRepository]:
    """The identity database, its SQL behind ``IdentityRepository`` (``uow.repo``, ``db.reading()``)."""
    return Database(url, metadata, pool_size, repositories=IdentityRepository)


def password_hasher() -> PasswordHasher:
    # OWASP's argon2id minimum (19 MiB, t=2): keeps a login near 15 ms of CPU on these machines.
    return PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


def bootstrap(config: Config | None = None) -> Identity:
    config = config or Config.from_env()
    configure_logging(SERVICE, config.log_level)
    registry = ServiceClient(
        Target("registry", config.registry_addr, default_timeout=3.0),
        registry_pb2_grpc.RegistryServiceStub,
        config.grpc_client_token,
    )

    deps = IdentityDeps(
        keyring=load_keyring(),
        hasher=password_hasher(),
        lockout=LockoutPolicy(),
        sms_policy=SmsPolicy(),
        sms=SmsGateway(
            config.sms_base_url,
            config.sms_api_key,
            config.sms_sign_name,
            config.sms_login_template,
            config.external_timeout_s,
            register_template=config.sms_register_template,
        ),
        real_name=RealNameVerifier(config.idp_base_url, config.idp_api_key, config.external_timeout_s),
        bind_houses=bind_owned_houses(registry),
        throttle=RedisLoginThrottle(redis.Redis.from_url(config.redis_url, socket_timeout=2)),
    )
    db = database(config.database_url)
    return Identity(
        config=config,
        db=db,
        readiness=database_readiness(db),
        deps=deps,
        copies=[bindings_copy(binding_pages(registry))],
    )
