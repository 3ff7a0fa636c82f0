"""Composition root of the registry: the only place real adapters are chosen."""

from __future__ import annotations

from dataclasses import dataclass

from maintfund.identity.v1 import identity_pb2, identity_pb2_grpc
from maintfund_common.app import ServiceApp
from maintfund_common.audit import database_readiness
from maintfund_common.config import load_keyring
from maintfund_common.db import Database
from maintfund_common.field_crypto import KeyRing
from maintfund_common.grpc_client import ServiceClient, Target
from maintfund_common.logging_setup import configure_logging
from registry.adapters.clamav import ClamdScanner
from registry.adapters.orm import metadata
from registry.adapters.repository import RegistryRepository
from registry.adapters.uploads import NoScanner, UploadSanitizer, VirusScanner
from registry.config import SERVICE, Config
from registry.domain.registrations import UploadPolicy
from registry.service_layer.registrations import RegistrationDeps


@dataclass(kw_only=True)
class Registry(ServiceApp):
    name: str = SERVICE
    config: Config
    db: Database[RegistryRepository]
    keyring: KeyRing
    registrations: RegistrationDeps


def database(url: str, pool_size: int = 5) -> Database[RegistryRepository]:
    """The registry database, its SQL behind ``RegistryRepository`` (``uow.repo``, ``db.reading()``)."""
    return Database(url, metadata, pool_size, repositories=RegistryRepository)


def bootstrap(config: Config | None = None) -> Registry:
    config = config or Config.from_env()
    configure_logging(SERVICE, config.log_level)
    keyring = load_keyring()
    identity = ServiceClient(
        Target("identity", config.identity_addr, default_timeout=3.0),
        identity_pb2_grpc.IdentityServiceStub,
        config.grpc_client_token,
    )

    def real_name(account_id: str) -> tuple[str, str]:
        found = identity.GetRealName(identity_pb2.GetRealNameRequest(account_id=account_id))
        return found.name, found.id_number

    def account_phone(account_id: str) -> str:
        return identity.GetRealName(identity_pb2.GetRealNameRequest(account_id=account_id)).phone

    policy = UploadPolicy(config.upload_max_files, config.upload_max_file_bytes, config.upload_max_pixels)
    # ClamAV (clamd) scans every proof file; only development runs without it (files marked NOT_SCANNED).
    scanner: VirusScanner = (
        ClamdScanner(config.clamd_address, config.clamd_timeout_s) if config.clamd_address else NoScanner()
    )
    sanitizer = UploadSanitizer(policy, scanner)
    db = database(config.database_url)
    return Registry(
        config=config,
        db=db,
        readiness=database_readiness(db),
        keyring=keyring,
        registrations=RegistrationDeps(
            keyring=keyring, real_name=real_name, sanitizer=sanitizer, account_phone=account_phone
        ),
    )
